//! Baselines: record today's findings, then report only new ones.
//!
//! `--write-baseline FILE` stores one entry per finding: its fingerprint
//! (see [`crate::fingerprint`]) plus the rule, path, line and message so the
//! file reads well in review. `--baseline FILE` drops every finding whose
//! fingerprint the file holds. Paths inside fingerprints are taken relative
//! to the baseline file's directory, so a baseline matches whatever
//! directory kafkalint runs from; written from that directory, the
//! fingerprints are the ones SARIF and GitLab reports carry.

use crate::config::normalise;
use crate::finding::Finding;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

const FORMAT: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct File {
    /// Format version of this file.
    kafkalint_baseline: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    fingerprint: String,
    rule: String,
    path: String,
    line: u32,
    message: String,
}

/// A baseline read from a file.
#[derive(Debug)]
pub struct Baseline {
    /// The directory its paths are relative to (absolute).
    dir: PathBuf,
    fingerprints: HashSet<String>,
}

/// The fingerprints of `findings` with paths relative to `dir`.
fn fingerprints(
    findings: &[Finding],
    sources: &HashMap<String, String>,
    dir: &Path,
    cwd: &Path,
) -> Vec<String> {
    crate::fingerprint::compute(findings, sources, |f| {
        let abs = normalise(&cwd.join(&f.path));
        match abs.strip_prefix(dir) {
            Ok(rel) => rel.to_string_lossy().into_owned(),
            Err(_) => abs.to_string_lossy().into_owned(),
        }
    })
}

fn dir_of(path: &Path, cwd: &Path) -> PathBuf {
    normalise(&cwd.join(path))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| cwd.to_path_buf())
}

/// Writes the baseline of `findings` to `path`; returns how many entries.
pub fn write(
    path: &Path,
    findings: &[Finding],
    sources: &HashMap<String, String>,
    cwd: &Path,
) -> std::io::Result<usize> {
    let dir = dir_of(path, cwd);
    let prints = fingerprints(findings, sources, &dir, cwd);
    let mut entries: Vec<Entry> = findings
        .iter()
        .zip(prints)
        .map(|(f, fingerprint)| Entry {
            fingerprint,
            rule: f.rule.to_string(),
            path: crate::fingerprint::normalise_path(&f.path),
            line: f.span.start_line,
            message: f.message.clone(),
        })
        .collect();
    entries.sort_by(|a, b| {
        (&a.path, a.line, &a.rule, &a.fingerprint).cmp(&(&b.path, b.line, &b.rule, &b.fingerprint))
    });
    let n = entries.len();
    let mut json = serde_json::to_vec_pretty(&File {
        kafkalint_baseline: FORMAT,
        findings: entries,
    })
    .map_err(std::io::Error::other)?;
    json.push(b'\n');
    crate::fix::write_atomic(&cwd.join(path), &json).map_err(|e| {
        std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
    })?;
    Ok(n)
}

impl Baseline {
    /// Reads a baseline file.
    pub fn load(path: &Path, cwd: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(cwd.join(path))
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        let file: File = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: not a kafkalint baseline: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if file.kafkalint_baseline != FORMAT {
            return Err(format!(
                "{}: baseline format {} is not supported (this kafkalint writes {FORMAT}); write it again with --write-baseline",
                path.display(),
                file.kafkalint_baseline
            ));
        }
        Ok(Baseline {
            dir: dir_of(path, cwd),
            fingerprints: file.findings.into_iter().map(|e| e.fingerprint).collect(),
        })
    }

    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }

    /// Drops the findings the baseline holds; returns how many.
    pub fn filter(
        &self,
        findings: &mut Vec<Finding>,
        sources: &HashMap<String, String>,
        cwd: &Path,
    ) -> u64 {
        let prints = fingerprints(findings, sources, &self.dir, cwd);
        let before = findings.len();
        let mut known = prints.iter().map(|p| self.fingerprints.contains(p));
        findings.retain(|_| !known.next().unwrap_or(false));
        (before - findings.len()) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Span;

    fn finding(rule: &'static str, path: &str, line: u32) -> Finding {
        let meta = crate::rules::meta(rule).unwrap();
        let mut f = crate::rules::finding(meta, path, Span::line(line, 1, 4));
        f.message = format!("at {line}");
        f
    }

    #[test]
    fn only_new_findings_survive_and_shifted_lines_still_match() {
        let dir = tempfile::tempdir().unwrap();
        let cwd = dir.path();
        let src = |t: &str| HashMap::from([("svc/p.properties".to_string(), t.to_string())]);
        let old = vec![
            finding("acks-unsafe", "svc/p.properties", 1),
            finding("acks-unsafe", "svc/p.properties", 3),
        ];
        let path = cwd.join(".kafkalint-baseline.json");
        assert_eq!(
            write(&path, &old, &src("acks=1\nx\nacks=1\n"), cwd).unwrap(),
            2
        );
        let b = Baseline::load(&path, cwd).unwrap();
        assert_eq!(b.len(), 2);
        // Two lines added on top, the twins moved, one new twin and a new
        // finding below.
        let text = "# a\n# b\nacks=1\nx\nacks=1\nacks=1\nlinger.ms=0\n";
        let mut now = vec![
            finding("acks-unsafe", "svc/p.properties", 3),
            finding("acks-unsafe", "svc/p.properties", 5),
            finding("acks-unsafe", "svc/p.properties", 6),
            finding("batching-disabled", "svc/p.properties", 7),
        ];
        assert_eq!(b.filter(&mut now, &src(text), cwd), 2);
        let left: Vec<_> = now.iter().map(|f| (f.rule, f.span.start_line)).collect();
        assert_eq!(left, [("acks-unsafe", 6), ("batching-disabled", 7)]);
    }

    #[test]
    fn a_baseline_matches_from_another_directory() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("svc")).unwrap();
        let path = root.join("baseline.json");
        let text = "acks=1\n";
        // Written from the root…
        let from_root = vec![finding("acks-unsafe", "svc/p.properties", 1)];
        let src = HashMap::from([("svc/p.properties".to_string(), text.to_string())]);
        write(&path, &from_root, &src, root).unwrap();
        // …read from svc/, where the same file is `p.properties`.
        let mut from_svc = vec![finding("acks-unsafe", "p.properties", 1)];
        let src = HashMap::from([("p.properties".to_string(), text.to_string())]);
        let b = Baseline::load(Path::new("../baseline.json"), &root.join("svc")).unwrap();
        assert_eq!(b.filter(&mut from_svc, &src, &root.join("svc")), 1);
    }

    #[test]
    fn the_file_is_sorted_readable_json_and_bad_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let cwd = dir.path();
        let path = cwd.join("b.json");
        let fs = vec![
            finding("key-null", "b.java", 9),
            finding("acks-unsafe", "a.java", 2),
        ];
        write(&path, &fs, &HashMap::new(), cwd).unwrap();
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(doc["kafkalint_baseline"], 1);
        assert_eq!(doc["findings"][0]["path"], "a.java");
        assert_eq!(doc["findings"][1]["rule"], "key-null");
        assert_eq!(doc["findings"][1]["line"], 9);
        std::fs::write(&path, "{\"kafkalint_baseline\": 9, \"findings\": []}").unwrap();
        assert!(Baseline::load(&path, cwd).unwrap_err().contains("format 9"));
        std::fs::write(&path, "[1,2]").unwrap();
        assert!(Baseline::load(&path, cwd)
            .unwrap_err()
            .contains("not a kafkalint baseline"));
        assert!(Baseline::load(&cwd.join("missing.json"), cwd).is_err());
    }
}
