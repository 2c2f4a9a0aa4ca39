//! Every fix on every fixture: for each finding under `tests/fixtures/` that
//! carries a fix, apply that fix alone to a copy of the fixture tree, scan
//! the copy again (the whole tree: versions come from other files), and
//! check that
//!
//! * the file changed,
//! * no finding of that rule is left at that place,
//! * the fix brought no finding of another rule into the file, and
//! * the file still parses: its front-end reports no warning (syntax error)
//!   it did not report before.
//!
//! The test walks whatever fixtures exist, so the fixtures of every new
//! language or format are covered as soon as they land.

use kafkalint::finding::Finding;
use kafkalint::frontend::{self, FileKind};
use kafkalint::scan::{self, ScanOptions};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn scan_tree(root: &Path) -> Vec<Finding> {
    scan::run(&ScanOptions {
        paths: vec![root.to_path_buf()],
        no_ignore: true,
        ..Default::default()
    })
    .expect("scan runs")
    .findings
}

/// The front-end's warnings for a file's text (syntax errors and the like).
fn parse_warnings(path: &Path, text: &str) -> Vec<String> {
    match FileKind::of(path) {
        Some(kind) => frontend::extract(kind, path, text, false).warnings,
        None => Vec::new(),
    }
}

/// Where a finding on `line` moves to once lines `start..=end` of the file
/// became `new_lines` lines.
fn moved(line: u32, start: u32, end: u32, old_count: usize, new_count: usize) -> u32 {
    if line <= end.max(start) {
        line
    } else {
        (line as i64 + new_count as i64 - old_count as i64) as u32
    }
}

#[test]
fn every_fix_removes_its_finding_and_keeps_the_file_parsing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("tests/fixtures");
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("fixtures");
    copy_tree(&fixtures, &copy);

    let before = scan_tree(&copy);
    let fixable: Vec<&Finding> = before.iter().filter(|f| f.fix.is_some()).collect();
    assert!(!fixable.is_empty(), "no fixture finding carries a fix");
    let mut failures = Vec::new();
    let mut kinds = BTreeSet::new();
    for f in fixable {
        let path = PathBuf::from(&f.path);
        if let Some(ext) = path.extension() {
            kinds.insert(ext.to_string_lossy().into_owned());
        }
        let original = std::fs::read_to_string(&path).unwrap();
        let sources = HashMap::from([(f.path.clone(), original.clone())]);
        let plans = kafkalint::fix::plan(std::slice::from_ref(f), &sources);
        let fixed = plans[0].apply();
        let place = format!("{}:{} {}", f.path, f.span.start_line, f.rule);
        if fixed == original {
            failures.push(format!("{place}: the fix changes nothing"));
            continue;
        }
        std::fs::write(&path, &fixed).unwrap();
        let after = scan_tree(&copy);

        let fix = f.fix.as_ref().unwrap();
        let line = moved(
            f.span.start_line,
            fix.span.start_line,
            fix.span.end_line,
            original.lines().count(),
            fixed.lines().count(),
        );
        if after
            .iter()
            .any(|g| g.path == f.path && g.rule == f.rule && g.span.start_line == line)
        {
            failures.push(format!("{place}: still reported after the fix"));
        }
        let rules_before: BTreeSet<&str> = before
            .iter()
            .filter(|g| g.path == f.path)
            .map(|g| g.rule)
            .collect();
        let new_rules: Vec<&str> = after
            .iter()
            .filter(|g| g.path == f.path && !rules_before.contains(g.rule))
            .map(|g| g.rule)
            .collect();
        if !new_rules.is_empty() {
            failures.push(format!(
                "{place}: the fix brought new findings {new_rules:?}"
            ));
        }
        let warned_before = parse_warnings(&path, &original);
        let warned_after = parse_warnings(&path, &fixed);
        let new_warnings: Vec<_> = warned_after
            .iter()
            .filter(|w| !warned_before.contains(w))
            .collect();
        if !new_warnings.is_empty() {
            failures.push(format!(
                "{place}: the fixed file no longer parses: {new_warnings:?}"
            ));
        }
        std::fs::write(&path, &original).unwrap();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The fixtures hold fixes in code and in configuration files.
    for ext in ["java", "properties", "yml"] {
        assert!(
            kinds.contains(ext),
            "no fix tested in a .{ext} file: {kinds:?}"
        );
    }
}
