//! Terminal bar charts: records per partition for every audited topic, and
//! a one-line summary of the key sample.

use super::checks::skew;
use super::model::{share, ClusterFacts, TopicFacts};
use std::fmt::Write as _;

/// Width of the longest bar, in terminal cells.
const BAR_WIDTH: usize = 40;
/// Partitions drawn per topic; the rest are summarised.
const MAX_ROWS: usize = 64;

/// A bar of `value / max` of [`BAR_WIDTH`] cells, with eighth blocks.
pub fn bar(value: u64, max: u64) -> String {
    if max == 0 || value == 0 {
        return String::new();
    }
    let eighths = ((value as f64 / max as f64) * (BAR_WIDTH * 8) as f64).round() as usize;
    let eighths = eighths.max(1);
    let mut s = "█".repeat(eighths / 8);
    const PARTIAL: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    s.push_str(PARTIAL[eighths % 8]);
    s
}

/// The chart section of the text report.
pub fn render(facts: &ClusterFacts, color: bool) -> String {
    let mut out = String::new();
    let (dim, bold, reset) = if color {
        ("\x1b[2m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    let _ = writeln!(
        out,
        "{bold}Cluster {}{reset}: {} broker{}, {} topic{} audited",
        facts.bootstrap,
        facts.brokers.len(),
        if facts.brokers.len() == 1 { "" } else { "s" },
        facts.topics.len(),
        if facts.topics.len() == 1 { "" } else { "s" },
    );
    for t in &facts.topics {
        out.push('\n');
        topic(&mut out, t, (dim, bold, reset));
    }
    if facts.sample_incomplete {
        let _ = writeln!(
            out,
            "\n{dim}note: the key sample stopped at --timeout before every partition was read{reset}"
        );
    }
    out.push('\n');
    out
}

fn topic(out: &mut String, t: &TopicFacts, (dim, bold, reset): (&str, &str, &str)) {
    let counts = t.records_per_partition();
    let total = t.total_records();
    let isr = t
        .config_int("min.insync.replicas")
        .map_or("?".to_string(), |v| v.to_string());
    let _ = writeln!(
        out,
        "{bold}{}{reset}  {} partition{}, {} record{}, replication factor {}, min.insync.replicas {}",
        t.name,
        counts.len(),
        if counts.len() == 1 { "" } else { "s" },
        total,
        if total == 1 { "" } else { "s" },
        t.replication_factor(),
        isr
    );
    let max = counts.iter().map(|c| c.1).max().unwrap_or(0);
    let label_w = counts
        .iter()
        .map(|c| c.0.to_string().len())
        .max()
        .unwrap_or(1);
    let num_w = max.to_string().len();
    for &(id, n) in counts.iter().take(MAX_ROWS) {
        let b = bar(n, max);
        let pad = BAR_WIDTH.saturating_sub(b.chars().count());
        let _ = writeln!(
            out,
            "  p{id:<label_w$} {b}{:pad$} {n:>num_w$}  {dim}{:>5.1}%{reset}",
            "",
            share(n, total) * 100.0
        );
    }
    if counts.len() > MAX_ROWS {
        let rest: u64 = counts.iter().skip(MAX_ROWS).map(|c| c.1).sum();
        let _ = writeln!(
            out,
            "  {dim}… {} more partitions, {rest} records{reset}",
            counts.len() - MAX_ROWS
        );
    }
    if counts.len() >= 2 {
        if let Some(s) = skew(&counts) {
            let _ = writeln!(
                out,
                "  {dim}skew: hottest p{} {:.1}% (uniform {:.1}%), max/mean {:.2}, cv {:.2}{reset}",
                s.hottest,
                s.hottest_share * 100.0,
                s.uniform_share * 100.0,
                s.max_over_mean,
                s.cv
            );
        }
    }
    if let Some(k) = &t.sample {
        let keyed = k.keyed();
        let mut line = format!(
            "  keys: {} sampled, {:.1}% null, {} distinct",
            k.records,
            k.null_share() * 100.0,
            k.distinct_keys
        );
        if keyed > 0 {
            let tops: Vec<String> = k
                .top_keys
                .iter()
                .take(3)
                .map(|(key, n)| format!("{key:?} {:.1}%", share(*n, keyed) * 100.0))
                .collect();
            let _ = write!(line, ", top {}", tops.join(", "));
            if k.timestamp_keys > 0 {
                let _ = write!(
                    line,
                    ", {:.1}% timestamp-like",
                    share(k.timestamp_keys, keyed) * 100.0
                );
            }
            if k.uuid_keys > 0 {
                let _ = write!(
                    line,
                    ", {:.1}% UUID-like",
                    share(k.uuid_keys, keyed) * 100.0
                );
            }
        }
        let _ = writeln!(out, "{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale() {
        assert_eq!(bar(10, 10).chars().count(), BAR_WIDTH);
        assert_eq!(bar(5, 10).chars().count(), BAR_WIDTH / 2);
        assert_eq!(bar(0, 10), "");
        assert_eq!(bar(1, 1_000_000), "▏");
    }
}
