//! `kafkalint audit`: a read-only audit of a live cluster.
//!
//! ```text
//! connect (flags + --command-config, secrets redacted)
//!   ──► collect (metadata, DescribeConfigs, watermarks, key sample; bounded by --timeout)
//!   ──► model::ClusterFacts ──► checks (same rule ids as scan)
//!   ──► report (text + chart | json | sarif), html (--html)
//! ```
//!
//! The audit never writes: no producer, no consumer group, no commits, no
//! topic creation.

pub mod chart;
pub mod checks;
pub mod collect;
pub mod connect;
pub mod html;
pub mod keys;
pub mod model;

use crate::cli::{Format, OutputArgs};
use crate::finding::Summary;
use crate::report::{self, ReportInput, Subject};
use clap::Args;
use regex::Regex;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Comma-separated host:port list (or bootstrap.servers in --command-config).
    #[arg(long, short = 'b', value_name = "HOST:PORT[,...]")]
    pub bootstrap_servers: Option<String>,
    /// Client properties file (Java client or librdkafka names): security.protocol,
    /// sasl.mechanism, sasl.jaas.config (PLAIN, SCRAM), sasl.username/sasl.password,
    /// SSL files. Secrets are never printed.
    #[arg(long, value_name = "FILE")]
    pub command_config: Option<PathBuf>,
    /// Audit only topics whose name matches this regular expression.
    #[arg(long, value_name = "REGEX")]
    pub topic: Option<String>,
    /// Also audit internal topics (names starting with `__`).
    #[arg(long)]
    pub include_internal: bool,
    /// Records to read per partition for the key statistics, newest first
    /// (0: no sample, the key rules are skipped).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub sample: usize,
    /// Upper bound for the whole audit, e.g. 30s, 2m, 1500ms.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// partition-skew: report when the hottest partition holds at least this
    /// many times the mean records per partition.
    #[arg(long, value_name = "RATIO", default_value_t = checks::DEFAULT_SKEW_RATIO)]
    pub skew_threshold: f64,
    /// partition-skew: ignore topics with fewer records than this.
    #[arg(long, value_name = "N", default_value_t = checks::DEFAULT_SKEW_MIN_RECORDS)]
    pub skew_min_records: u64,
    /// Also write a self-contained HTML report with charts to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Parses `30s`, `2m`, `1500ms`, `1h` or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("invalid duration {s:?}: expected e.g. 30s, 2m, 1500ms"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        other => {
            return Err(format!(
                "invalid duration unit {other:?}: use ms, s, m or h"
            ))
        }
    };
    if !secs.is_finite() || secs <= 0.0 || secs > 86_400.0 {
        return Err(format!(
            "duration {s:?} out of range (above 0, at most 24h)"
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Runs the audit and prints the report. Returns the exit code: 0 clean,
/// 1 findings at or above `--fail-on`, 2 errors (connection, authentication,
/// authorisation, timeout, bad flags).
pub fn run(args: &AuditArgs) -> u8 {
    let start = Instant::now();
    let deadline = start + args.timeout;
    match audit(args, start, deadline) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kafkalint: error: {e}");
            2
        }
    }
}

fn audit(args: &AuditArgs, start: Instant, deadline: Instant) -> Result<u8, String> {
    if !(args.skew_threshold.is_finite() && args.skew_threshold >= 1.0) {
        return Err("--skew-threshold must be a number >= 1".into());
    }
    let topic_filter = match &args.topic {
        Some(re) => Some(Regex::new(re).map_err(|e| {
            let first = e.to_string();
            let line = first.lines().last().unwrap_or("").trim().to_string();
            format!("invalid --topic regex {re:?}: {line}")
        })?),
        None => None,
    };
    let conn = connect::connection(
        args.bootstrap_servers.as_deref(),
        args.command_config.as_deref(),
    )
    .map_err(|e| format!("{e:#}"))?;
    if !args.output.quiet {
        for k in &conn.ignored {
            eprintln!("kafkalint: note: --command-config: {k} is not used by librdkafka; ignored");
        }
    }
    let opts = collect::CollectOptions {
        topic_filter,
        include_internal: args.include_internal,
        sample: args.sample,
        deadline,
        timeout: args.timeout,
    };
    let facts = collect::collect(&conn, &opts).map_err(|e| conn.secrets.redact(&e.0))?;
    let thresholds = checks::Thresholds {
        skew_ratio: args.skew_threshold,
        skew_min_records: args.skew_min_records,
    };
    let findings = checks::check(&facts, &thresholds);
    if facts.sample_incomplete && !args.output.quiet {
        eprintln!(
            "kafkalint: warning: the key sample stopped at --timeout before every partition was read"
        );
    }

    if let Some(path) = &args.html {
        std::fs::write(path, html::render(&facts, &findings))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }

    let summary = Summary {
        files_scanned: facts.topics.len() as u64,
        findings: findings.len() as u64,
        elapsed_ms: start.elapsed().as_millis() as u64,
        ..Summary::default()
    };
    let sources = HashMap::new();
    let input = ReportInput {
        findings: &findings,
        summary: &summary,
        sources: &sources,
        quiet: args.output.quiet,
        subject: Subject::Topics,
    };
    let color = args.output.use_color();
    let chart = (args.output.format == Format::Text && !args.output.quiet)
        .then(|| chart::render(&facts, color));
    args.output
        .write_with(|out| {
            if let Some(chart) = &chart {
                out.write_all(chart.as_bytes())?;
            }
            report::render(args.output.format, &input, out, color)
        })
        .map_err(|e| format!("cannot write the report: {e}"))?;
    Ok(args.output.exit_code(&findings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(
            parse_duration("1500ms").unwrap(),
            Duration::from_millis(1500)
        );
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("7").unwrap(), Duration::from_secs(7));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("abc").is_err());
        assert!(parse_duration("5y").is_err());
    }
}
