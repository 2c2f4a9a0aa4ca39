//! The fixture harness: every file under `tests/fixtures/` says in comments
//! which findings it must produce, and this test checks the exact set of
//! (file, line, rule) — nothing missing, nothing extra.
//!
//! Markers, in any comment syntax:
//! - `expect: rule-a, rule-b` — findings of those rules on this line;
//! - `expect-next: rule-a` — on the next line that is neither blank nor a
//!   comment (for formats like `.properties` without trailing comments).
//!
//! A file without markers must produce no finding at all.

use kafkalint::scan::{self, ScanOptions};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

type Expectation = (String, u32, String);

fn is_comment_line(line: &str) -> bool {
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

fn rules_after(line: &str, marker: &str) -> Option<Vec<String>> {
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

fn expectations(display: &str, text: &str) -> Vec<Expectation> {
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

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}

#[test]
fn fixtures_produce_exactly_the_expected_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(root).unwrap();
    let fixtures = PathBuf::from("tests/fixtures");
    let mut files = Vec::new();
    walk(&fixtures, &mut files);

    let mut expected = BTreeSet::new();
    for f in &files {
        if let Ok(text) = std::fs::read_to_string(f) {
            let display = scan::display_path(f, root);
            expected.extend(expectations(&display, &text));
        }
    }
    assert!(!expected.is_empty(), "fixtures hold no expectations");

    let result = scan::run(&ScanOptions {
        paths: vec![fixtures],
        no_ignore: true,
        threads: None,
        include_tests: false,
        ..Default::default()
    })
    .unwrap();
    let actual: BTreeSet<Expectation> = result
        .findings
        .iter()
        .map(|f| (f.path.clone(), f.span.start_line, f.rule.to_string()))
        .collect();

    let missing: Vec<_> = expected.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(&expected).collect();
    let mut report = String::new();
    for (p, l, r) in &missing {
        report.push_str(&format!("  missing  {p}:{l}  {r}\n"));
    }
    for (p, l, r) in &extra {
        let msg = result
            .findings
            .iter()
            .find(|f| &f.path == p && f.span.start_line == *l && f.rule == r)
            .map(|f| f.message.as_str())
            .unwrap_or("");
        report.push_str(&format!("  extra    {p}:{l}  {r}  ({msg})\n"));
    }
    assert!(
        missing.is_empty() && extra.is_empty(),
        "fixture findings differ ({} missing, {} extra):\n{report}",
        missing.len(),
        extra.len()
    );
}
