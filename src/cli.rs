//! Command-line interface definitions (clap). `main.rs` dispatches on them.

use crate::finding::Severity;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "kafkalint",
    version,
    about = "Finds Kafka producer anti-patterns that lose or duplicate data, in code, config and live clusters"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse source code and configuration files.
    Scan(Box<ScanArgs>),
    /// Read-only audit of a live Kafka cluster.
    #[cfg(feature = "audit")]
    Audit(crate::audit::AuditArgs),
    /// List every rule: id, severity, one-line summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Print the full guidance for one rule.
    Explain {
        /// Rule id, e.g. acks-unsafe.
        rule: String,
    },
    /// Write a commented starter kafkalint.toml.
    Init {
        /// Directory to write it in (default: the current directory).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Replace an existing kafkalint.toml.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Also scan files that .gitignore, .ignore and global git excludes hide.
    #[arg(long)]
    pub no_ignore: bool,
    /// Worker threads (default: one per CPU).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// Also scan test code (src/test, *Test.java, test_*.py, *_test.go,
    /// *.spec.ts, tests/, …), which is left out by default.
    #[arg(long)]
    pub include_tests: bool,
    /// Treat example, sample, demo and docs folders like application code.
    /// By default, findings there that rest only on a client's defaults
    /// (nothing written chose the value) are left out; explicit settings
    /// and send bugs are always reported.
    #[arg(long)]
    pub examples_as_code: bool,
    /// Do not read or write the result cache (`.kafkalint_cache/` at the
    /// project root, which lets a re-run parse only changed files).
    #[arg(long)]
    pub no_cache: bool,
    /// After the report, list per producer the settings that could not be
    /// resolved and why (a parameter from outside, an environment variable,
    /// a config built elsewhere), on standard error.
    #[arg(long)]
    pub explain_unknown: bool,
    /// Read this configuration file instead of looking for kafkalint.toml,
    /// .kafkalint.toml or pyproject.toml above each scanned path.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Read no configuration file.
    #[arg(long)]
    pub isolated: bool,
    /// Run only these rules (ids, "all", or a prefix like "key-*"; comma-separated
    /// or repeated). Overrides the configuration's `select`.
    #[arg(long, value_name = "RULES")]
    pub select: Vec<String>,
    /// Turn these rules off, in addition to the configuration's `ignore`.
    #[arg(long, value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Leave out paths matching this glob (relative to the current
    /// directory; repeatable), in addition to the configuration's `exclude`.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Report only findings that this baseline file does not hold.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in FILE (a new baseline) and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff", "changed_since"])]
    pub write_baseline: Option<PathBuf>,
    /// Apply the fixes findings carry, writing files in place, then report
    /// what is left.
    #[arg(long)]
    pub fix: bool,
    /// Print the fixes as a unified diff and write nothing; exit 1 when
    /// there is something to fix.
    #[arg(long)]
    pub diff: bool,
    /// Report only findings in files changed since this git revision (and
    /// findings that depend on a changed file); the whole tree is still read.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Output options shared by `scan` and `audit`.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit with status 1 when a finding has at least this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Print findings only: no summary, no progress line, no warnings about
    /// skipped files.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

impl OutputArgs {
    /// Colour text output only on a terminal, never with `--output` or NO_COLOR.
    pub fn use_color(&self) -> bool {
        use std::io::IsTerminal;
        self.output.is_none()
            && self.format == Format::Text
            && std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    }

    /// Exit status for these findings: 1 when one reaches `--fail-on`.
    pub fn exit_code(&self, findings: &[crate::finding::Finding]) -> u8 {
        u8::from(findings.iter().any(|f| self.fail_on.trips(f.severity)))
    }

    /// Writes a report to `--output` or standard output as `render` makes
    /// it, through a buffer: a large report is never held whole in memory.
    pub fn write_with(
        &self,
        render: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        use std::io::Write;
        match &self.output {
            Some(path) => {
                let named = |e: std::io::Error| {
                    std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
                };
                let file = std::fs::File::create(path).map_err(named)?;
                let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
                render(&mut out).and_then(|()| out.flush()).map_err(named)
            }
            None => {
                let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
                render(&mut out)?;
                out.flush()
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames for people.
    Text,
    /// One JSON document (schema in the README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// GitLab Code Quality JSON (`artifacts:reports:codequality`).
    Gitlab,
    /// JUnit XML: one failed test case per finding.
    Junit,
    /// Checkstyle XML, for Jenkins, reviewdog and other review tools.
    Checkstyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// Whether a finding of `severity` makes the run fail.
    pub fn trips(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}
