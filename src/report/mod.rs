//! Reporters: render findings as text (code frames), JSON, SARIF 2.1.0,
//! GitHub workflow commands, GitLab Code Quality, JUnit XML or Checkstyle XML.
//! `scan` and `audit` both call [`render`].

mod checkstyle;
mod github;
mod gitlab;
mod json;
mod junit;
mod sarif;
mod text;
mod xml;

use crate::cli::Format;
use crate::finding::{Finding, Summary};
use std::collections::HashMap;
use std::io::{self, Write};

/// Everything a reporter needs.
pub struct ReportInput<'a> {
    pub findings: &'a [Finding],
    pub summary: &'a Summary,
    /// Source text by display path, for code frames (may lack a file: the
    /// frame is then left out).
    pub sources: &'a HashMap<String, String>,
    /// `--quiet`: findings only, no summary line.
    pub quiet: bool,
    /// What `summary.files_scanned` counts: files for `scan`, topics for
    /// `audit`. Only the wording of the text summary line depends on it.
    pub subject: Subject,
}

/// The unit of work a run went through, for the text summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Subject {
    #[default]
    Files,
    Topics,
}

impl Subject {
    /// The noun for `n` of them: "1 file", "2 files".
    fn noun(self, n: u64) -> &'static str {
        match (self, n == 1) {
            (Subject::Files, true) => "file",
            (Subject::Files, false) => "files",
            (Subject::Topics, true) => "topic",
            (Subject::Topics, false) => "topics",
        }
    }
}

/// Renders `input` in `format` to `out`. `color` is decided by the caller
/// (terminal and NO_COLOR); only the text format uses it.
pub fn render(
    format: Format,
    input: &ReportInput<'_>,
    out: &mut dyn Write,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Text => text::render(input, out, color),
        Format::Json => json::render(input, out),
        Format::Sarif => sarif::render(input, out),
        Format::Github => github::render(input, out),
        Format::Gitlab => gitlab::render(input, out),
        Format::Junit => junit::render(input, out),
        Format::Checkstyle => checkstyle::render(input, out),
    }
}

/// The end summary as plain lines (findings per rule, counts, time, what
/// was skipped and why), for standard error when the report itself is in
/// a machine format.
pub fn summary_text(input: &ReportInput<'_>) -> String {
    let mut s = text::summary_lines(input).join("\n");
    s.push('\n');
    s
}

/// Whether a finding comes from `audit` (a `kafka://` address, no source
/// position) rather than from a file.
fn is_cluster_finding(f: &Finding) -> bool {
    f.path.starts_with("kafka://")
}

/// The `kafka://server/topic[/partition]` address of an audit finding.
pub(crate) fn cluster_uri(f: &Finding) -> String {
    match f.partition {
        Some(p) if f.topic.is_some() && !f.path.ends_with(&format!("/{p}")) => {
            format!("{}/{p}", f.path.trim_end_matches('/'))
        }
        _ => f.path.clone(),
    }
}

/// Splits `text` into lines without their line breaks (`\n` or `\r\n`).
fn split_lines(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}
