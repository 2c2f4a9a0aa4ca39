//! The finding: what every rule produces and every reporter renders.
//!
//! `scan` and `audit` share this type, so one reporter serves both.

use serde::Serialize;
use std::fmt;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// How sure the tool is that the finding is real.
///
/// `High`: every fact behind it was read from the code or from a version
/// written in a build file. `Medium`: it relies on an assumed client version
/// or on a heuristic (names of fields, loops). `Low`: a guess worth a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// A region of a source file. Lines and columns are 1-based; `end_col` is
/// exclusive (the column just after the last character), counted in
/// characters, not bytes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, serde::Deserialize,
)]
pub struct Span {
    pub start_line: u32,
    pub start_col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

impl Span {
    pub fn new(start_line: u32, start_col: u32, end_line: u32, end_col: u32) -> Self {
        Span {
            start_line,
            start_col,
            end_line,
            end_col,
        }
    }

    /// A span covering `len` characters of one line.
    pub fn line(line: u32, col: u32, len: u32) -> Self {
        Span::new(line, col, line, col + len)
    }
}

/// A concrete text edit that fixes the finding: replace `span` with
/// `replacement` (an empty span inserts). `description` says in words what
/// the edit does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub description: String,
    pub span: Span,
    pub replacement: String,
}

/// Where a finding lives. For `scan` a file path relative to the working
/// directory; for `audit` a `kafka://server/topic[/partition]` address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub path: String,
    pub span: Span,
    pub message: String,
    pub help: String,
    pub fix: Option<Fix>,
    /// The client library (or `broker`/`topic` for cluster settings).
    pub library: Option<String>,
    pub confidence: Confidence,
    /// Audit only: the topic and partition the finding is about.
    pub topic: Option<String>,
    pub partition: Option<i32>,
    /// Other files this finding depends on, as display paths like `path`:
    /// the build file that decided the client version, the config file that
    /// set a value. `--changed-since` keeps a finding when one of them
    /// changed. Empty unless a front-end or rule knows better.
    pub related: Vec<String>,
    /// The stable identity of the finding across runs (see
    /// [`crate::fingerprint`]); empty until computed. Baselines, SARIF
    /// `partialFingerprints` and GitLab reports use it.
    pub fingerprint: String,
    /// The finding rests only on library or broker defaults (nothing written
    /// in the code or config chose the value it is about). In example and
    /// sample code such findings are left out unless `--examples-as-code`.
    pub on_defaults: bool,
    /// The finding is about the cluster the code runs against (a topic's
    /// replication, a broker setting) rather than about a producer: in
    /// example code that is a throw-away local setup, left out unless
    /// `--examples-as-code`.
    pub deployment: bool,
}

impl Finding {
    /// Sort key: path, then position, then rule id, so output is stable.
    pub fn sort_key(&self) -> (&str, u32, u32, &str) {
        (
            &self.path,
            self.span.start_line,
            self.span.start_col,
            self.rule,
        )
    }
}

/// Counters for the end summary and the JSON `summary` object.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files_scanned: u64,
    /// Files not analysed, for any reason in [`Skipped`] (test code has
    /// its own counter).
    pub files_skipped: u64,
    /// Test files left out (scan them with `--include-tests`).
    pub test_files_skipped: u64,
    /// Findings on library defaults in example code left out (see
    /// `--examples-as-code`).
    pub example_findings_skipped: u64,
    /// Why files were skipped.
    pub skipped: Skipped,
    pub findings: u64,
    /// Reported findings per rule id.
    pub by_rule: std::collections::BTreeMap<String, u64>,
    /// Findings silenced by `kafkalint:ignore` comments (not in `findings`).
    pub suppressed: u64,
    /// Findings recorded in the `--baseline` file (not in `findings`).
    pub baselined: u64,
    /// Findings in files that `--changed-since` left out (not in `findings`).
    pub unchanged: u64,
    /// Findings `--fix` repaired (not in `findings`).
    pub fixed: u64,
    pub elapsed_ms: u64,
}

/// Files skipped, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// Binary content under a source or config file name.
    pub binary: u64,
    /// Larger than [`crate::scan::MAX_FILE_BYTES`].
    pub too_large: u64,
    /// Generated or minified code.
    pub generated: u64,
    /// Files or directories that could not be read.
    pub unreadable: u64,
    /// Files the analyser failed on.
    pub failed: u64,
    /// Files matched by `exclude` globs (config or `--exclude`).
    pub excluded: u64,
    /// Directories matched by `exclude` globs, not entered.
    pub excluded_dirs: u64,
}

impl Skipped {
    /// Files skipped for any reason (excluded directories not counted:
    /// their files were never seen).
    pub fn files(&self) -> u64 {
        self.binary
            + self.too_large
            + self.generated
            + self.unreadable
            + self.failed
            + self.excluded
    }
}

impl Summary {
    /// Recounts `findings` and `by_rule` from the findings that are reported.
    pub fn count(&mut self, findings: &[Finding]) {
        self.findings = findings.len() as u64;
        self.by_rule.clear();
        for f in findings {
            *self.by_rule.entry(f.rule.to_string()).or_default() += 1;
        }
    }
}
