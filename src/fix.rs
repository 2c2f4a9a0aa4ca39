//! `--fix` and `--diff`: apply the text edits findings carry.
//!
//! Edits are planned per file from the text the scan read: spans become
//! byte ranges, identical edits are merged, an edit that overlaps one
//! already taken is skipped with a note (the next pass of `--fix` gets it),
//! and the rest are applied last to first so earlier offsets stay valid.
//! Several insertions at one point keep the order of their findings.
//! Files are written atomically (a temporary file in the same directory,
//! then a rename), keeping permissions and symlinks, and only if the file
//! on disk is still the text that was scanned.

use crate::finding::{Finding, Span};
use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// One edit in byte offsets of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edit {
    start: usize,
    end: usize,
    text: String,
    /// Order of the finding it came from.
    seq: usize,
}

/// The edits for one file.
#[derive(Debug, Clone)]
pub struct FilePlan {
    /// The path as reported.
    pub path: String,
    original: String,
    edits: Vec<Edit>,
    /// Findings whose fix was taken, as indexes into the planned findings.
    pub fixed: Vec<usize>,
    /// Fixes left out, in words.
    pub notes: Vec<String>,
}

impl FilePlan {
    /// The text with every planned edit applied.
    pub fn apply(&self) -> String {
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        edits.sort_by_key(|e| (e.start, e.end, e.seq));
        let mut out = self.original.clone();
        for e in edits.iter().rev() {
            out.replace_range(e.start..e.end, &e.text);
        }
        out
    }

    /// Whether applying the plan changes the file.
    pub fn changes(&self) -> bool {
        self.apply() != self.original
    }
}

/// Plans the fixes of `findings` (those without a fix, or about a file
/// whose text is not in `sources`, are passed over).
pub fn plan(findings: &[Finding], sources: &HashMap<String, String>) -> Vec<FilePlan> {
    let mut by_path: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        if f.fix.is_some() && !f.path.starts_with("kafka://") {
            by_path.entry(f.path.as_str()).or_default().push(i);
        }
    }
    let mut plans = Vec::new();
    for (path, indexes) in by_path {
        let Some(text) = sources.get(path) else {
            continue;
        };
        let lines = LineStarts::new(text);
        let crlf = text.contains("\r\n");
        let mut plan = FilePlan {
            path: path.to_string(),
            original: text.clone(),
            edits: Vec::new(),
            fixed: Vec::new(),
            notes: Vec::new(),
        };
        for i in indexes {
            let f = &findings[i];
            let fix = f.fix.as_ref().expect("filtered on fixes");
            let Some((start, end)) = lines.range(text, fix.span) else {
                plan.notes.push(format!(
                    "{path}:{}: the fix for {} points outside the file; left out",
                    f.span.start_line, f.rule
                ));
                continue;
            };
            let mut replacement = fix.replacement.clone();
            if crlf {
                replacement = replacement.replace("\r\n", "\n").replace('\n', "\r\n");
            }
            let edit = Edit {
                start,
                end,
                text: replacement,
                seq: i,
            };
            if plan
                .edits
                .iter()
                .any(|e| e.start == edit.start && e.end == edit.end && e.text == edit.text)
            {
                // The same edit from another finding: it fixes both.
                plan.fixed.push(i);
                continue;
            }
            if let Some(other) = plan.edits.iter().find(|e| overlaps(e, &edit)) {
                let other = &findings[other.seq];
                plan.notes.push(format!(
                    "{path}:{}: the fix for {} overlaps the fix for {} on line {}; left out (run --fix again)",
                    f.span.start_line, f.rule, other.rule, other.span.start_line
                ));
                continue;
            }
            plan.edits.push(edit);
            plan.fixed.push(i);
        }
        if !plan.edits.is_empty() || !plan.notes.is_empty() {
            plans.push(plan);
        }
    }
    plans
}

/// Whether two edits touch the same text. Insertions at one point, and an
/// insertion at either end of a replacement, do not conflict.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    if a.start == a.end || b.start == b.end {
        // An insertion conflicts only when strictly inside the other range.
        let (ins, other) = if a.start == a.end { (a, b) } else { (b, a) };
        return other.start < ins.start && ins.start < other.end;
    }
    a.start < b.end && b.start < a.end
}

/// Byte offsets of line starts, to turn spans into byte ranges.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineStarts(starts)
    }

    /// Byte offset of 1-based `line`, character column `col`: clamped to
    /// the line's content (before its line break); the line just past the
    /// last one is the end of the text.
    fn offset(&self, text: &str, line: u32, col: u32) -> Option<usize> {
        let i = (line as usize).checked_sub(1)?;
        if i == self.0.len() {
            return (col <= 1).then_some(text.len());
        }
        let start = *self.0.get(i)?;
        let end = self.0.get(i + 1).copied().unwrap_or(text.len());
        let content = text[start..end].trim_end_matches(['\n', '\r']);
        let chars = (col as usize).saturating_sub(1);
        let within = content
            .char_indices()
            .nth(chars)
            .map_or(content.len(), |(b, _)| b);
        Some(start + within)
    }

    fn range(&self, text: &str, span: Span) -> Option<(usize, usize)> {
        let start = self.offset(text, span.start_line, span.start_col)?;
        let end = self.offset(text, span.end_line, span.end_col)?;
        (start <= end).then_some((start, end))
    }
}

/// A unified diff of every plan (paths as `a/…` and `b/…`, like git).
pub fn diff(plans: &[FilePlan]) -> String {
    let mut out = String::new();
    for p in plans {
        let new = p.apply();
        if new == p.original {
            continue;
        }
        let diff = similar::TextDiff::from_lines(&p.original, &new);
        let text = diff
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{}", p.path), &format!("b/{}", p.path))
            .to_string();
        out.push_str(&text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// What writing the plans did.
#[derive(Debug, Default)]
pub struct Written {
    pub files: usize,
    /// Indexes of the findings fixed.
    pub fixed: Vec<usize>,
    /// Files left alone, and fixes left out, in words.
    pub notes: Vec<String>,
}

/// Writes every plan to its file (paths resolved against `cwd`).
pub fn write(plans: &[FilePlan], cwd: &Path) -> Written {
    let mut w = Written::default();
    for p in plans {
        w.notes.extend(p.notes.iter().cloned());
        let new = p.apply();
        if new == p.original {
            continue;
        }
        let path = cwd.join(&p.path);
        match std::fs::read(&path) {
            Ok(now) if now == p.original.as_bytes() => {}
            Ok(_) => {
                w.notes.push(format!(
                    "{}: not fixed: the file changed since it was read, or is not valid UTF-8",
                    p.path
                ));
                continue;
            }
            Err(e) => {
                w.notes
                    .push(format!("{}: not fixed: cannot read it again: {e}", p.path));
                continue;
            }
        }
        match write_atomic(&path, new.as_bytes()) {
            Ok(()) => {
                w.files += 1;
                w.fixed.extend(p.fixed.iter().copied());
            }
            Err(e) => w.notes.push(format!("{}: not fixed: {e}", p.path)),
        }
    }
    w
}

/// Replaces the file at `path` with `bytes` atomically: a temporary file in
/// the same directory, the original's permissions, then a rename. A
/// symlink is followed, so the link stays a link.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target: PathBuf = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let existing = std::fs::metadata(&target).ok();
    let mut builder = tempfile::Builder::new();
    builder.prefix(".kafkalint-").suffix(".tmp");
    #[cfg(unix)]
    if existing.is_none() {
        // A new file gets the usual permissions (the umask applies), not
        // the private ones of a temporary file.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Some(meta) = existing {
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Fix;

    fn with_fix(rule: &'static str, span: Span, replacement: &str) -> Finding {
        let meta = crate::rules::meta(rule).expect("a rule");
        let mut f = crate::rules::finding(meta, "p.properties", span);
        f.fix = Some(Fix {
            description: "d".into(),
            span,
            replacement: replacement.into(),
        });
        f
    }

    fn sources(text: &str) -> HashMap<String, String> {
        HashMap::from([("p.properties".to_string(), text.to_string())])
    }

    #[test]
    fn several_edits_last_to_first_with_insertions_in_order() {
        let text = "acks=1\nlinger.ms=0\n";
        let findings = [
            with_fix("acks-unsafe", Span::line(1, 6, 1), "all"),
            with_fix("batching-disabled", Span::line(2, 11, 1), "10"),
            with_fix(
                "idempotence-missing",
                Span::new(3, 1, 3, 1),
                "enable.idempotence=true\n",
            ),
            with_fix(
                "compression-missing",
                Span::new(3, 1, 3, 1),
                "compression.type=lz4\n",
            ),
        ];
        let plans = plan(&findings, &sources(text));
        assert_eq!(plans.len(), 1);
        assert_eq!(
            plans[0].apply(),
            "acks=all\nlinger.ms=10\nenable.idempotence=true\ncompression.type=lz4\n"
        );
        assert_eq!(plans[0].fixed, [0, 1, 2, 3]);
        assert!(plans[0].notes.is_empty());
    }

    #[test]
    fn overlapping_edits_are_left_out_and_identical_ones_merged() {
        let text = "acks=1\n";
        let findings = [
            with_fix("acks-unsafe", Span::line(1, 6, 1), "all"),
            with_fix("idempotence-missing", Span::line(1, 6, 1), "all"),
            with_fix("retries-reorder", Span::line(1, 1, 6), "acks=-1"),
            // An insertion at the end of a replaced range is fine.
            with_fix("compression-missing", Span::line(1, 7, 0), " # reviewed"),
        ];
        let plans = plan(&findings, &sources(text));
        assert_eq!(plans[0].apply(), "acks=all # reviewed\n");
        assert_eq!(plans[0].fixed, [0, 1, 3]);
        assert_eq!(plans[0].notes.len(), 1);
        assert!(
            plans[0].notes[0].contains("retries-reorder"),
            "{:?}",
            plans[0].notes
        );
    }

    #[test]
    fn columns_count_characters_and_crlf_is_kept() {
        let text = "# café\r\nacks=1\r\n";
        let findings = [
            with_fix("acks-unsafe", Span::line(2, 6, 1), "all"),
            with_fix(
                "compression-missing",
                Span::new(3, 1, 3, 1),
                "compression.type=lz4\n",
            ),
            with_fix("key-null", Span::line(1, 3, 4), "cafe"),
        ];
        let plans = plan(&findings, &sources(text));
        assert_eq!(
            plans[0].apply(),
            "# cafe\r\nacks=all\r\ncompression.type=lz4\r\n"
        );
        let out_of_range = [with_fix("acks-unsafe", Span::line(9, 1, 1), "x")];
        let plans = plan(&out_of_range, &sources(text));
        assert!(plans[0].edits.is_empty() && plans[0].notes.len() == 1);
    }

    #[test]
    fn diff_is_a_unified_patch() {
        let findings = [with_fix("acks-unsafe", Span::line(2, 6, 1), "all")];
        let d = diff(&plan(&findings, &sources("a=b\nacks=1\nc=d\n")));
        assert_eq!(
            d,
            "--- a/p.properties\n+++ b/p.properties\n@@ -1,3 +1,3 @@\n a=b\n-acks=1\n+acks=all\n c=d\n"
        );
    }

    #[test]
    fn writes_atomically_keeping_permissions_and_refuses_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.properties");
        std::fs::write(&path, "acks=1\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let findings = [with_fix("acks-unsafe", Span::line(1, 6, 1), "all")];
        let plans = plan(&findings, &sources("acks=1\n"));
        let w = write(&plans, dir.path());
        assert_eq!((w.files, w.fixed.len()), (1, 1), "{:?}", w.notes);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "acks=all\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // The file on disk is no longer what was scanned: left alone.
        let w = write(&plans, dir.path());
        assert_eq!(w.files, 0);
        assert!(w.notes[0].contains("changed since"), "{:?}", w.notes);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.properties");
        std::fs::write(&real, "acks=1\n").unwrap();
        let link = dir.path().join("p.properties");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let findings = [with_fix("acks-unsafe", Span::line(1, 6, 1), "all")];
        let w = write(&plan(&findings, &sources("acks=1\n")), dir.path());
        assert_eq!(w.files, 1, "{:?}", w.notes);
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "acks=all\n");
    }
}
