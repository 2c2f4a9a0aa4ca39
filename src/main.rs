use clap::Parser;
use kafkalint::baseline::{self, Baseline};
use kafkalint::changed::Changed;
use kafkalint::cli::{Cli, Command, Format, OutputArgs, RulesFormat, ScanArgs};
use kafkalint::progress::Progress;
use kafkalint::report::{self, ReportInput};
use kafkalint::rules::{self, RULES};
use kafkalint::scan::{self, ScanOptions};
use kafkalint::{config, fix};
use std::process::ExitCode;

/// mimalloc serves the many small, short-lived allocations of parsing and
/// lowering (tree-sitter's subtrees, the IR's vectors) in fewer
/// instructions than the system allocator.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // tree-sitter allocates through its own hooks: point them at the same
    // allocator before any parser exists.
    // SAFETY: called once, first, before any tree-sitter object is made;
    // the four functions are mimalloc's C ABI entry points.
    #[cfg(not(feature = "system-alloc"))]
    unsafe {
        tree_sitter::set_allocator(
            Some(libmimalloc_sys::mi_malloc),
            Some(libmimalloc_sys::mi_calloc),
            Some(libmimalloc_sys::mi_realloc),
            Some(libmimalloc_sys::mi_free),
        );
        // Freed memory goes back to the system at once, not 10 ms later:
        // the walk frees each file's parse as the next one starts, and the
        // delay let freed pages pile up (peak RSS on a 400,000-file tree
        // 116 MB with the delay, 92 MB without, at the same speed). Index
        // 15 is `mi_option_purge_delay` in mimalloc 2 and 3 alike; an
        // explicit MIMALLOC_PURGE_DELAY is left to rule.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        }
    }
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
        Command::Init { dir, force } => init(&dir, force),
    };
    ExitCode::from(code)
}

fn run_scan(args: &ScanArgs) -> u8 {
    match scan_command(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("kafkalint: error: {message}");
            2
        }
    }
}

/// Rescans after `--fix` wrote files stop after this many rounds (fixes
/// that overlapped are applied in the next round).
const MAX_FIX_ROUNDS: usize = 4;

fn scan_command(args: &ScanArgs) -> Result<u8, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let source = if args.isolated {
        config::Source::None
    } else if let Some(file) = &args.config {
        config::Source::File(file.clone())
    } else {
        config::Source::Discover
    };
    let cli_rules =
        config::CliRules::parse(&args.select, &args.ignore).map_err(|e| e.to_string())?;
    let settings =
        config::Settings::resolve(&source, &args.paths, &cwd, cli_rules).map_err(|errors| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\nkafkalint: error: ")
        })?;
    let exclude = settings
        .excludes(&args.exclude, &cwd)
        .map_err(|e| e.to_string())?;
    let quiet = args.output.quiet;
    let opts = ScanOptions {
        paths: args.paths.clone(),
        no_ignore: args.no_ignore,
        threads: args.threads,
        include_tests: args.include_tests || settings.tests(),
        examples_as_code: args.examples_as_code || settings.examples(),
        cache: (!args.no_cache).then(|| kafkalint::cache::root_for(&cwd)),
        assumed_versions: settings.assumed_versions(),
        exclude,
        progress: Progress::wanted(quiet),
        explain_unknown: args.explain_unknown,
    };
    let changed = match &args.changed_since {
        Some(rev) => Some(Changed::since(rev, &cwd)?),
        None => None,
    };
    let baseline = match &args.baseline {
        Some(path) => Some(Baseline::load(path, &cwd)?),
        None => None,
    };

    // One scan, with the configuration's rule choices applied.
    let scan_once = || -> Result<scan::ScanResult, String> {
        let mut result = scan::run(&opts).map_err(|e| format!("{e:#}"))?;
        settings.apply(&mut result.findings, &cwd);
        Ok(result)
    };
    // The findings the report is about: new ones in changed files.
    let narrow = |result: &mut scan::ScanResult| {
        if let Some(changed) = &changed {
            result.summary.unchanged = changed.filter(&mut result.findings, &cwd);
        }
        if let Some(baseline) = &baseline {
            result.summary.baselined = baseline.filter(&mut result.findings, &result.sources, &cwd);
        }
    };

    let mut result = scan_once()?;
    if let Some(path) = &args.write_baseline {
        warn(&result.warnings, quiet);
        let n = baseline::write(path, &result.findings, &result.sources, &cwd)
            .map_err(|e| e.to_string())?;
        if !quiet {
            eprintln!(
                "kafkalint: wrote {n} finding{} to {}",
                if n == 1 { "" } else { "s" },
                path.display()
            );
        }
        return Ok(0);
    }
    narrow(&mut result);

    if args.diff {
        warn(&result.warnings, quiet);
        let plans = fix::plan(&result.findings, &result.sources);
        let patch = fix::diff(&plans);
        let notes: Vec<String> = plans.iter().flat_map(|p| p.notes.clone()).collect();
        warn(&notes, quiet);
        args.output
            .write_with(|out| out.write_all(patch.as_bytes()))
            .map_err(|e| e.to_string())?;
        let changing: Vec<_> = plans.iter().filter(|p| p.changes()).collect();
        if !quiet {
            let n: usize = changing.iter().map(|p| p.fixed.len()).sum();
            eprintln!(
                "kafkalint: {n} finding{} can be fixed in {} file{} (run with --fix)",
                if n == 1 { "" } else { "s" },
                changing.len(),
                if changing.len() == 1 { "" } else { "s" }
            );
        }
        return Ok(u8::from(!changing.is_empty()));
    }

    if args.fix {
        let mut fixed = 0;
        let mut notes = Vec::new();
        for _ in 0..MAX_FIX_ROUNDS {
            let plans = fix::plan(&result.findings, &result.sources);
            let written = fix::write(&plans, &cwd);
            fixed += written.fixed.len() as u64;
            notes = written.notes;
            if written.files == 0 {
                break;
            }
            result = scan_once()?;
            narrow(&mut result);
        }
        warn(&notes, quiet);
        result.summary.fixed = fixed;
    }
    result.summary.count(&result.findings);

    warn(&result.warnings, quiet);
    let input = ReportInput {
        findings: &result.findings,
        summary: &result.summary,
        sources: &result.sources,
        quiet,
        subject: report::Subject::Files,
    };
    write_report(&args.output, &input).map_err(|e| format!("{e:#}"))?;
    if !quiet && args.output.format != Format::Text {
        eprint!("{}", report::summary_text(&input));
    }
    if args.explain_unknown {
        eprint!("{}", explain_unknown(&result.unresolved));
    }
    Ok(args.output.exit_code(&result.findings))
}

/// The `--explain-unknown` listing: per producer, what the scan could not
/// resolve, so a user knows where its silence comes from.
fn explain_unknown(list: &[scan::Unresolved]) -> String {
    if list.is_empty() {
        return "kafkalint: every producer's settings were resolved\n".into();
    }
    let mut out = format!(
        "kafkalint: {} producer{} with settings that could not be resolved (rules about missing settings stay silent there):\n",
        list.len(),
        if list.len() == 1 { "" } else { "s" }
    );
    for u in list {
        let name = u
            .names
            .first()
            .map(|n| format!(" `{n}`"))
            .unwrap_or_default();
        out.push_str(&format!("  {}:{}  {}{name}\n", u.path, u.line, u.library));
        for r in &u.reasons {
            out.push_str(&format!("    - {r}\n"));
        }
    }
    out
}

/// Prints warnings on standard error unless `--quiet`.
fn warn(warnings: &[String], quiet: bool) {
    if !quiet {
        for w in warnings {
            eprintln!("kafkalint: warning: {w}");
        }
    }
}

/// `kafkalint init`: a commented starter kafkalint.toml.
fn init(dir: &std::path::Path, force: bool) -> u8 {
    let path = if dir == std::path::Path::new(".") {
        std::path::PathBuf::from("kafkalint.toml")
    } else {
        dir.join("kafkalint.toml")
    };
    if path.exists() && !force {
        eprintln!(
            "kafkalint: error: {} exists already (--force replaces it)",
            path.display()
        );
        return 2;
    }
    match fix::write_atomic(&path, config::starter_file().as_bytes()) {
        Ok(()) => {
            println!("wrote {}", path.display());
            0
        }
        Err(e) => {
            eprintln!("kafkalint: error: cannot write {}: {e}", path.display());
            2
        }
    }
}

/// Renders a report to stdout or `--output`.
fn write_report(output: &OutputArgs, input: &ReportInput<'_>) -> std::io::Result<()> {
    let color = output.use_color();
    output.write_with(|out| report::render(output.format, input, out, color))
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
