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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
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

/// Counters for the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files_scanned: u64,
    pub files_skipped: u64,
    /// Test files left out (scan them with `--include-tests`).
    pub test_files_skipped: u64,
    pub findings: u64,
    /// Findings silenced by `kafkalint:ignore` comments (not in `findings`).
    pub suppressed: u64,
    pub elapsed_ms: u64,
}
