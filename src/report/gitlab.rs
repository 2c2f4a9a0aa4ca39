//! GitLab Code Quality: a JSON array of issues, the subset of the Code
//! Climate format GitLab reads (`description`, `check_name`, `fingerprint`,
//! `severity`, `location.path`, `location.lines.begin`). Fingerprints are
//! the stable ones of [`crate::fingerprint`], so GitLab's merge request
//! widget tells new findings from old ones.

use super::{cluster_uri, is_cluster_finding, ReportInput};
use crate::finding::Severity;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    categories: [&'static str; 1],
    location: Location,
    content: Content,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

#[derive(Serialize)]
struct Content {
    body: String,
}

/// GitLab's scale is info, minor, major, critical, blocker.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

pub(super) fn render(input: &ReportInput<'_>, out: &mut dyn Write) -> io::Result<()> {
    let fingerprints = crate::fingerprint::of_all(input.findings, input.sources);
    let issues: Vec<Issue<'_>> = input
        .findings
        .iter()
        .zip(fingerprints)
        .map(|(f, fingerprint)| {
            let (path, begin, end) = if is_cluster_finding(f) {
                (cluster_uri(f), 1, 1)
            } else {
                let begin = f.span.start_line.max(1);
                (f.path.clone(), begin, f.span.end_line.max(begin))
            };
            Issue {
                kind: "issue",
                description: f.message.clone(),
                check_name: f.rule,
                fingerprint,
                severity: severity(f.severity),
                categories: ["Bug Risk"],
                location: Location {
                    path,
                    lines: Lines { begin, end },
                },
                content: Content {
                    body: f.help.clone(),
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
