//! Checkstyle XML, the format Jenkins' Warnings plugin, reviewdog, SonarQube
//! imports and many code review bots read: `<checkstyle>` holding one
//! `<file name>` per file and one `<error line column severity message
//! source>` per finding. `source` is `kafkalint.RULE`.

use super::xml::attrs;
use super::ReportInput;
use crate::finding::{Finding, Severity};
use std::collections::BTreeMap;
use std::io::{self, Write};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

pub(super) fn render(input: &ReportInput<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in input.findings {
        by_file.entry(f.path.as_str()).or_default().push(f);
    }
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    for (path, findings) in by_file {
        writeln!(out, "  <file{}>", attrs(&[("name", path)]))?;
        for f in findings {
            let line = f.span.start_line.to_string();
            let column = f.span.start_col.to_string();
            let source = format!("kafkalint.{}", f.rule);
            let message = if f.help.is_empty() {
                f.message.clone()
            } else {
                format!("{} (help: {})", f.message, f.help)
            };
            let mut pairs = vec![("line", line.as_str())];
            if f.span.start_col > 0 {
                pairs.push(("column", column.as_str()));
            }
            pairs.extend([
                ("severity", severity(f.severity)),
                ("message", message.as_str()),
                ("source", source.as_str()),
            ]);
            writeln!(out, "    <error{}/>", attrs(&pairs))?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}
