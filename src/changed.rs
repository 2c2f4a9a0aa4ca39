//! `--changed-since REV`: report only findings in files changed since a git
//! revision. The whole tree is still scanned (a Java file learns its client
//! version from an unchanged `pom.xml`); only the report is narrowed, and a
//! finding is kept when its own file or one of the files it depends on
//! ([`Finding::related`]) changed.
//!
//! "Changed" means: differs between the merge base of REV and `HEAD` and
//! the working tree (so commits made on REV's branch since the fork do not
//! count), plus untracked files that are not ignored.

use crate::config::normalise;
use crate::finding::Finding;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The files changed since a revision, as absolute paths.
#[derive(Debug, Default)]
pub struct Changed {
    files: HashSet<PathBuf>,
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(err.trim().to_string());
    }
    Ok(out.stdout)
}

/// `\0`-separated paths relative to `top`, made absolute.
fn paths<'a>(top: &'a Path, out: &'a [u8]) -> impl Iterator<Item = PathBuf> + 'a {
    out.split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(move |p| top.join(String::from_utf8_lossy(p).as_ref()))
}

impl Changed {
    /// Asks git, in `cwd`, what changed since `rev`.
    pub fn since(rev: &str, cwd: &Path) -> Result<Changed, String> {
        let top = git(cwd, &["rev-parse", "--show-toplevel"])
            .map_err(|e| format!("--changed-since needs a git repository: {e}"))?;
        let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
        git(cwd, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
            .map_err(|_| {
                format!(
                    "--changed-since: `{rev}` is not a commit here (in CI, fetch it first, e.g. with `fetch-depth: 0`)"
                )
            })?;
        let base = git(cwd, &["merge-base", rev, "HEAD"]).map_err(|e| {
            format!(
                "--changed-since: no common ancestor of `{rev}` and HEAD ({e}); a shallow clone needs more history"
            )
        })?;
        let base = String::from_utf8_lossy(&base).trim().to_string();
        let diff = git(
            &top,
            &["diff", "--name-only", "-z", "--no-ext-diff", &base, "--"],
        )?;
        let untracked = git(
            &top,
            &[
                "ls-files",
                "--others",
                "--exclude-standard",
                "--full-name",
                "-z",
            ],
        )?;
        let files = paths(&top, &diff)
            .chain(paths(&top, &untracked))
            .map(|p| canonical(&p))
            .collect();
        Ok(Changed { files })
    }

    /// A set of changed files given directly (absolute paths).
    pub fn of(files: impl IntoIterator<Item = PathBuf>) -> Changed {
        Changed {
            files: files.into_iter().map(|p| canonical(&p)).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether the file at `path` (as reported, relative to `cwd`) changed.
    pub fn contains(&self, path: &str, cwd: &Path) -> bool {
        self.files.contains(&canonical(&cwd.join(path)))
    }

    /// Whether a finding is about a changed file or depends on one. Audit
    /// findings are about no file and are always kept.
    pub fn keeps(&self, f: &Finding, cwd: &Path) -> bool {
        f.path.starts_with("kafka://")
            || self.contains(&f.path, cwd)
            || f.related.iter().any(|r| self.contains(r, cwd))
    }

    /// Drops the findings of unchanged files; returns how many.
    pub fn filter(&self, findings: &mut Vec<Finding>, cwd: &Path) -> u64 {
        let before = findings.len();
        findings.retain(|f| self.keeps(f, cwd));
        (before - findings.len()) as u64
    }
}

/// The real path when the file exists (symlinks resolved), else the path
/// with `.` and `..` resolved.
fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| normalise(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Span;

    fn run(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        run(d, &["init", "-q", "-b", "main"]);
        run(d, &["config", "user.email", "t@example.com"]);
        run(d, &["config", "user.name", "t"]);
        run(d, &["config", "commit.gpgsign", "false"]);
        for f in [
            "a.properties",
            "b.properties",
            "sub/c.properties",
            "pom.xml",
        ] {
            let p = d.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x=1\n").unwrap();
        }
        std::fs::write(d.join(".gitignore"), "ignored.properties\n").unwrap();
        run(d, &["add", "-A"]);
        run(d, &["commit", "-qm", "one"]);
        dir
    }

    #[test]
    fn committed_staged_unstaged_and_untracked_changes_count() {
        let dir = repo();
        let d = dir.path();
        run(d, &["checkout", "-qb", "feature"]);
        std::fs::write(d.join("a.properties"), "x=2\n").unwrap();
        run(d, &["commit", "-qam", "two"]);
        // A commit on main after the fork does not count as a change here.
        run(d, &["checkout", "-q", "main"]);
        std::fs::write(d.join("b.properties"), "x=6\n").unwrap();
        run(d, &["commit", "-qam", "on main"]);
        run(d, &["checkout", "-q", "feature"]);
        std::fs::write(d.join("sub/c.properties"), "x=3\n").unwrap();
        std::fs::write(d.join("new.properties"), "x=4\n").unwrap();
        std::fs::write(d.join("ignored.properties"), "x=5\n").unwrap();
        let changed = Changed::since("main", d).unwrap();
        for (path, want) in [
            ("a.properties", true),
            ("sub/c.properties", true),
            ("new.properties", true),
            ("b.properties", false),
            ("pom.xml", false),
            ("ignored.properties", false),
        ] {
            assert_eq!(changed.contains(path, d), want, "{path}");
        }
        // From a subdirectory, with paths relative to it.
        let sub = d.join("sub");
        let changed = Changed::since("main", &sub).unwrap();
        assert!(changed.contains("c.properties", &sub));
        assert!(changed.contains("../a.properties", &sub));
    }

    #[test]
    fn findings_are_kept_for_their_file_or_a_related_one() {
        let dir = repo();
        let d = dir.path();
        std::fs::write(d.join("pom.xml"), "<project/>\n").unwrap();
        let changed = Changed::since("HEAD", d).unwrap();
        let meta = crate::rules::meta("acks-unsafe").unwrap();
        let own = crate::rules::finding(meta, "pom.xml", Span::line(1, 1, 1));
        let mut related = crate::rules::finding(meta, "a.properties", Span::line(1, 1, 1));
        related.related = vec!["pom.xml".into()];
        let unrelated = crate::rules::finding(meta, "b.properties", Span::line(1, 1, 1));
        let cluster = crate::rules::finding(meta, "kafka://b:9092/t", Span::default());
        let mut fs = vec![own, related, unrelated, cluster];
        assert_eq!(changed.filter(&mut fs, d), 1);
        let kept: Vec<_> = fs.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(kept, ["pom.xml", "a.properties", "kafka://b:9092/t"]);
    }

    #[test]
    fn clear_errors_outside_git_and_for_unknown_revisions() {
        let dir = tempfile::tempdir().unwrap();
        let e = Changed::since("main", dir.path()).unwrap_err();
        assert!(e.contains("needs a git repository"), "{e}");
        let dir = repo();
        let e = Changed::since("no-such-branch", dir.path()).unwrap_err();
        assert!(e.contains("not a commit"), "{e}");
    }
}
