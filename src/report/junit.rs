//! JUnit XML, for CI systems that show test results (GitLab's `junit`
//! reports, Jenkins, Azure Pipelines): one `<testsuite>` per file, one
//! failed `<testcase>` per finding. Valid against the JUnit schema used by
//! Jenkins (`junit-10.xsd`), which has no place for file and line
//! attributes, so the location is in the test case's name and the failure
//! text.

use super::xml::{attrs, escape};
use super::{cluster_uri, is_cluster_finding, ReportInput};
use crate::finding::Finding;
use std::collections::BTreeMap;
use std::io::{self, Write};

fn location(f: &Finding) -> String {
    if is_cluster_finding(f) {
        cluster_uri(f)
    } else if f.span.start_line == 0 {
        f.path.clone()
    } else {
        format!("{}:{}:{}", f.path, f.span.start_line, f.span.start_col)
    }
}

pub(super) fn render(input: &ReportInput<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in input.findings {
        by_file.entry(f.path.as_str()).or_default().push(f);
    }
    let n = input.findings.len().to_string();
    let time = format!("{:.3}", input.summary.elapsed_ms as f64 / 1000.0);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        "<testsuites{}>",
        attrs(&[
            ("name", "kafkalint"),
            ("tests", &n),
            ("failures", &n),
            ("errors", "0"),
            ("time", &time),
        ])
    )?;
    if by_file.is_empty() {
        writeln!(
            out,
            "  <testsuite{}/>",
            attrs(&[
                ("name", "kafkalint"),
                ("tests", "0"),
                ("failures", "0"),
                ("errors", "0"),
                ("skipped", "0")
            ])
        )?;
    }
    for (path, findings) in by_file {
        let k = findings.len().to_string();
        writeln!(
            out,
            "  <testsuite{}>",
            attrs(&[
                ("name", path),
                ("tests", &k),
                ("failures", &k),
                ("errors", "0"),
                ("skipped", "0"),
            ])
        )?;
        for f in findings {
            let name = format!("{} at {}", f.rule, location(f));
            writeln!(
                out,
                "    <testcase{}>",
                attrs(&[("name", &name), ("classname", path), ("time", "0")])
            )?;
            let mut body = format!("{}: {}\n{}", f.severity, location(f), f.message);
            if !f.help.is_empty() {
                body.push_str(&format!("\nhelp: {}", f.help));
            }
            writeln!(
                out,
                "      <failure{}>{}</failure>",
                attrs(&[("type", f.rule), ("message", &f.message)]),
                escape(&body, false)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
