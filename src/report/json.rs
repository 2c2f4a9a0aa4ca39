//! The JSON reporter: one pretty-printed document, `version` 1.
//!
//! ```text
//! {"version":1,
//!  "findings":[{"rule","severity","path","line","column","end_line","end_column",
//!               "message","help","fix","library","confidence","fingerprint"
//!               [,"related"][,"topic","partition"]}],
//!  "summary":{"files_scanned","files_skipped","test_files_skipped","example_findings_skipped","skipped",
//!             "findings","by_rule","suppressed","baselined","unchanged","fixed","elapsed_ms"}}
//! ```
//!
//! Lines and columns are 1-based (`end_column` exclusive). Audit findings
//! have no position in a file: their lines and columns are 0 and they carry
//! `topic` and `partition` (`null` for a finding about the whole topic).

use super::ReportInput;
use crate::finding::{Confidence, Finding, Severity};
use serde::Serialize;
use std::io::{self, Write};

/// Bumped when a field changes meaning or disappears (adding one does not).
const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    summary: JsonSummary<'a>,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    files_scanned: u64,
    files_skipped: u64,
    /// Test files left out (`--include-tests` scans them).
    test_files_skipped: u64,
    /// Findings on client defaults in example code left out
    /// (`--examples-as-code` keeps them).
    example_findings_skipped: u64,
    /// Why files were skipped.
    skipped: &'a crate::finding::Skipped,
    /// Always the number of entries in `findings`.
    findings: u64,
    /// Entries in `findings` per rule id.
    by_rule: std::collections::BTreeMap<&'a str, u64>,
    suppressed: u64,
    baselined: u64,
    unchanged: u64,
    fixed: u64,
    elapsed_ms: u64,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
    help: &'a str,
    fix: Option<JsonFix<'a>>,
    library: Option<&'a str>,
    confidence: Confidence,
    /// Stable across runs (see `kafkalint::fingerprint`).
    fingerprint: String,
    /// Other files the finding depends on; left out when there are none.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    related: &'a [String],
    /// Present only on audit findings about a topic.
    #[serde(flatten)]
    cluster: Option<ClusterPlace<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    replacement: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
struct ClusterPlace<'a> {
    topic: &'a str,
    /// `null` for findings about the whole topic.
    partition: Option<i32>,
}

impl<'a> JsonFinding<'a> {
    fn new(f: &'a Finding, fingerprint: String) -> Self {
        JsonFinding {
            rule: f.rule,
            severity: f.severity,
            path: &f.path,
            line: f.span.start_line,
            column: f.span.start_col,
            end_line: f.span.end_line,
            end_column: f.span.end_col,
            message: &f.message,
            help: &f.help,
            fix: f.fix.as_ref().map(|x| JsonFix {
                description: &x.description,
                replacement: &x.replacement,
                line: x.span.start_line,
                column: x.span.start_col,
                end_line: x.span.end_line,
                end_column: x.span.end_col,
            }),
            library: f.library.as_deref(),
            confidence: f.confidence,
            fingerprint,
            related: &f.related,
            cluster: f.topic.as_deref().map(|topic| ClusterPlace {
                topic,
                partition: f.partition,
            }),
        }
    }
}

pub(super) fn render(input: &ReportInput<'_>, out: &mut dyn Write) -> io::Result<()> {
    let fingerprints = crate::fingerprint::of_all(input.findings, input.sources);
    let mut by_rule = std::collections::BTreeMap::new();
    for f in input.findings {
        *by_rule.entry(f.rule).or_insert(0) += 1;
    }
    let s = input.summary;
    let doc = Document {
        version: FORMAT_VERSION,
        findings: input
            .findings
            .iter()
            .zip(fingerprints)
            .map(|(f, p)| JsonFinding::new(f, p))
            .collect(),
        summary: JsonSummary {
            files_scanned: s.files_scanned,
            files_skipped: s.files_skipped,
            test_files_skipped: s.test_files_skipped,
            example_findings_skipped: s.example_findings_skipped,
            skipped: &s.skipped,
            findings: input.findings.len() as u64,
            by_rule,
            suppressed: s.suppressed,
            baselined: s.baselined,
            unchanged: s.unchanged,
            fixed: s.fixed,
            elapsed_ms: s.elapsed_ms,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
