//! GitHub Actions workflow commands: one `::error`, `::warning` or
//! `::notice` line per finding, which the runner turns into annotations on
//! the pull request's diff.
//!
//! ```text
//! ::error file=src/A.java,line=12,col=48,endLine=12,endColumn=50,title=acks-unsafe::acks=1 …%0Ahelp: …
//! ```
//!
//! Property values escape `%`, `\r`, `\n`, `:` and `,`; the message escapes
//! `%`, `\r` and `\n` (as the runner's toolkit does). Columns are given only
//! for single-line spans, as the runner ignores them otherwise; `endColumn`
//! is inclusive.

use super::{cluster_uri, is_cluster_finding, ReportInput};
use crate::finding::{Finding, Severity};
use std::io::{self, Write};

/// Escapes a command's message.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn line(f: &Finding) -> String {
    let mut props = Vec::new();
    let mut message = f.message.clone();
    if is_cluster_finding(f) {
        message = format!("{message} ({})", cluster_uri(f));
    } else {
        props.push(("file", f.path.clone()));
        if f.span.start_line > 0 {
            let s = f.span;
            let end_line = s.end_line.max(s.start_line);
            props.push(("line", s.start_line.to_string()));
            if end_line == s.start_line && s.start_col > 0 {
                props.push(("col", s.start_col.to_string()));
            }
            props.push(("endLine", end_line.to_string()));
            if end_line == s.start_line && s.start_col > 0 {
                let last = s.end_col.saturating_sub(1).max(s.start_col);
                props.push(("endColumn", last.to_string()));
            }
        }
    }
    props.push(("title", format!("kafkalint {}", f.rule)));
    if !f.help.is_empty() {
        message = format!("{message}\nhelp: {}", f.help);
    }
    let props: Vec<String> = props
        .into_iter()
        .map(|(k, v)| format!("{k}={}", escape_property(&v)))
        .collect();
    format!(
        "::{} {}::{}",
        command(f.severity),
        props.join(","),
        escape_data(&message)
    )
}

pub(super) fn render(input: &ReportInput<'_>, out: &mut dyn Write) -> io::Result<()> {
    for f in input.findings {
        writeln!(out, "{}", line(f))?;
    }
    Ok(())
}
