//! Inline suppressions: a comment containing `kafkalint:ignore` silences
//! findings on its own line, or on the next line when the comment stands on
//! a line of its own. `kafkalint:ignore` alone silences every rule;
//! `kafkalint:ignore acks-unsafe, key-null` only those. Text after ` -- `
//! is a free-form reason. Works in any comment syntax (`//`, `#`, `<!--`).

use std::collections::HashMap;

const MARKER: &str = "kafkalint:ignore";

/// The suppressions of one file: line → rule ids (empty = all rules).
#[derive(Debug, Default)]
pub struct Suppressions {
    by_line: HashMap<u32, Vec<String>>,
}

impl Suppressions {
    pub fn parse(text: &str) -> Suppressions {
        let mut s = Suppressions::default();
        if memchr::memmem::find(text.as_bytes(), MARKER.as_bytes()).is_none() {
            return s;
        }
        for (i, line) in text.lines().enumerate() {
            let Some(at) = line.find(MARKER) else {
                continue;
            };
            let before = line[..at].trim_end();
            let standalone = before.is_empty()
                || ["//", "#", "!", "/*", "<!--", "--", "*"]
                    .iter()
                    .any(|c| before.trim_start() == *c);
            let rest = &line[at + MARKER.len()..];
            let rest = rest.split(" -- ").next().unwrap_or(rest);
            let rules: Vec<String> = rest
                .split(|c: char| c == ',' || c.is_whitespace())
                .map(|r| r.trim_end_matches("*/").trim_end_matches("-->"))
                .filter(|r| {
                    !r.is_empty()
                        && r.contains('-')
                        && r.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                })
                .map(str::to_string)
                .collect();
            let line_no = i as u32 + 1;
            let target = if standalone { line_no + 1 } else { line_no };
            s.by_line.entry(target).or_default().extend(rules.clone());
            if rules.is_empty() {
                // An empty list means every rule; keep it recognisable.
                s.by_line.entry(target).or_default().push("*".into());
            }
        }
        s
    }

    /// Whether a finding of `rule` on `line` is silenced.
    pub fn covers(&self, rule: &str, line: u32) -> bool {
        self.by_line
            .get(&line)
            .is_some_and(|rules| rules.iter().any(|r| r == "*" || r == rule))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_line_next_line_and_rule_lists() {
        let text = "a\nprops.put(\"acks\", \"1\"); // kafkalint:ignore acks-unsafe -- metrics only\n# kafkalint:ignore\nmin.insync.replicas=1\nx // kafkalint:ignore key-null\n";
        let s = Suppressions::parse(text);
        assert!(s.covers("acks-unsafe", 2));
        assert!(!s.covers("idempotence-missing", 2));
        assert!(s.covers("min-insync-replicas-low", 4));
        assert!(!s.covers("min-insync-replicas-low", 3));
        assert!(s.covers("key-null", 5));
        assert!(!s.covers("key-random", 5));
        assert!(!Suppressions::parse("nothing here").covers("acks-unsafe", 1));
    }
}
