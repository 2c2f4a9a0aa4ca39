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

mod common;

use common::expect::{expectations, walk, Expectation};

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

    // Each top-level folder is scanned on its own, as a user would scan one
    // repository: project-level rules (a topic written with two key hashes)
    // must not pair producers of unrelated fixtures.
    let mut roots: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    roots.sort();
    let mut findings = Vec::new();
    for dir in roots {
        let result = scan::run(&ScanOptions {
            paths: vec![dir],
            no_ignore: true,
            threads: None,
            include_tests: false,
            ..Default::default()
        })
        .unwrap();
        findings.extend(result.findings);
    }
    let actual: BTreeSet<Expectation> = findings
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
        let msg = findings
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
