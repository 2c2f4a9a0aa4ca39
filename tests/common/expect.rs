//! Expectations written in fixture files: `expect: rule-a, rule-b` on the
//! line of the findings, or `expect-next: rule-a` for the next line that is
//! neither blank nor a comment (for formats without trailing comments).

use std::path::{Path, PathBuf};

/// (display path, line, rule id)
pub type Expectation = (String, u32, String);

pub fn is_comment_line(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty()
        || t.starts_with("//")
        || t.starts_with('#')
        || t.starts_with('!')
        || t.starts_with("/*")
        || t.starts_with('*')
        || t.starts_with("<!--")
        || t.starts_with("--")
}

pub fn rules_after(line: &str, marker: &str) -> Option<Vec<String>> {
    let at = line.find(marker)?;
    let rest = &line[at + marker.len()..];
    let rest = rest.split("*/").next().unwrap_or(rest);
    let rest = rest.split("-->").next().unwrap_or(rest);
    Some(
        rest.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

pub fn expectations(display: &str, text: &str) -> Vec<Expectation> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(rules) = rules_after(line, "expect-next:") {
            let target = (i + 1..lines.len())
                .find(|&j| !is_comment_line(lines[j]))
                .unwrap_or_else(|| {
                    panic!("{display}:{}: expect-next with no line after it", i + 1)
                });
            for r in rules {
                out.push((display.to_string(), target as u32 + 1, r));
            }
        } else if let Some(rules) = rules_after(line, "expect:") {
            for r in rules {
                out.push((display.to_string(), i as u32 + 1, r));
            }
        }
    }
    out
}

pub fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}
