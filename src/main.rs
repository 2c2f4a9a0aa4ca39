use clap::Parser;
use kafkalint::cli::{Cli, Command, OutputArgs, RulesFormat, ScanArgs};
use kafkalint::report::{self, ReportInput};
use kafkalint::rules::{self, RULES};
use kafkalint::scan::{self, ScanOptions};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let usage = e.use_stderr();
            let _ = e.print();
            return ExitCode::from(if usage { 2 } else { 0 });
        }
    };
    let code = match cli.command {
        Command::Scan(args) => run_scan(&args),
        #[cfg(feature = "audit")]
        Command::Audit(args) => kafkalint::audit::run(&args),
        Command::Rules { format } => list_rules(format),
        Command::Explain { rule } => explain(&rule),
    };
    ExitCode::from(code)
}

fn run_scan(args: &ScanArgs) -> u8 {
    let opts = ScanOptions {
        paths: args.paths.clone(),
        no_ignore: args.no_ignore,
        threads: args.threads,
        include_tests: args.include_tests,
        ..Default::default()
    };
    let result = match scan::run(&opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("kafkalint: error: {e:#}");
            return 2;
        }
    };
    if !args.output.quiet {
        for w in &result.warnings {
            eprintln!("kafkalint: warning: {w}");
        }
    }
    let input = ReportInput {
        findings: &result.findings,
        summary: &result.summary,
        sources: &result.sources,
        quiet: args.output.quiet,
        subject: report::Subject::Files,
    };
    if let Err(e) = write_report(&args.output, &input) {
        eprintln!("kafkalint: error: {e:#}");
        return 2;
    }
    args.output.exit_code(&result.findings)
}

/// Renders a report to stdout or `--output`.
fn write_report(output: &OutputArgs, input: &ReportInput<'_>) -> std::io::Result<()> {
    let mut buf = Vec::new();
    report::render(output.format, input, &mut buf, output.use_color())?;
    output.write(&buf)
}

fn list_rules(format: RulesFormat) -> u8 {
    match format {
        RulesFormat::Text => {
            for r in RULES {
                let m = &r.meta;
                let scope = match m.scope {
                    rules::Scope::Scan => "scan",
                    rules::Scope::Audit => "audit",
                    rules::Scope::Both => "scan+audit",
                };
                println!("{:<34} {:<8} {:<11} {}", m.id, m.severity, scope, m.summary);
            }
        }
        RulesFormat::Json => {
            let list: Vec<_> = RULES
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.meta.id,
                        "severity": r.meta.severity,
                        "summary": r.meta.summary,
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).expect("serialisable")
            );
        }
    }
    0
}

fn explain(id: &str) -> u8 {
    match rules::meta(id) {
        Some(m) => {
            println!(
                "{} ({})\n\n{}\n\n{}",
                m.id,
                m.severity,
                m.summary,
                m.explanation.trim()
            );
            0
        }
        None => {
            eprintln!("kafkalint: error: no rule named {id:?}; `kafkalint rules` lists them");
            2
        }
    }
}
