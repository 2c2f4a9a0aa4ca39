//! `--html FILE`: one self-contained page (inline CSS and SVG, no script,
//! nothing fetched) with the findings, a chart of records per partition and
//! a chart of key shares for every audited topic.

use super::checks::skew;
use super::model::{share, ClusterFacts, TopicFacts};
use crate::finding::Finding;
use std::fmt::Write as _;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d2329;background:#fff}
h1{font-size:1.6rem;margin-bottom:.2rem}
h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #d8dee4;padding-bottom:.3rem}
h3{font-size:1rem;margin:1rem 0 .3rem}
.meta{color:#57606a}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eaeef2;vertical-align:top}
th{background:#f6f8fa}
.sev{font-weight:600;border-radius:3px;padding:0 .35rem;color:#fff;white-space:nowrap}
.error{background:#cf222e}.warning{background:#bf8700}.info{background:#0969da}
.topic{border:1px solid #d8dee4;border-radius:6px;padding:.5rem 1rem 1rem;margin:1rem 0}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}
.chart{flex:1 1 480px;min-width:320px}
svg text{font-family:inherit;font-size:11px;fill:#1d2329}
.ok{color:#1a7f37}
code{background:#f6f8fa;padding:0 .2rem;border-radius:3px}
"#;

/// Renders the whole page.
pub fn render(facts: &ClusterFacts, findings: &[Finding]) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>kafkalint audit: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&facts.bootstrap)
    );
    let _ = writeln!(
        h,
        "<h1>kafkalint audit</h1>\n<p class=\"meta\">Cluster <code>{}</code> · {} broker{} · {} topic{} · key sample: newest {} records per partition{}</p>",
        esc(&facts.bootstrap),
        facts.brokers.len(),
        if facts.brokers.len() == 1 { "" } else { "s" },
        facts.topics.len(),
        if facts.topics.len() == 1 { "" } else { "s" },
        facts.sample_per_partition,
        if facts.sample_incomplete { " (stopped at the timeout)" } else { "" }
    );

    let _ = writeln!(h, "<h2 id=\"findings\">Findings ({})</h2>", findings.len());
    if findings.is_empty() {
        h.push_str("<p class=\"ok\">No findings.</p>\n");
    } else {
        h.push_str("<table>\n<thead><tr><th>Severity</th><th>Rule</th><th>Topic</th><th>Partition</th><th>Message</th></tr></thead>\n<tbody>\n");
        for f in findings {
            let sev = f.severity.as_str();
            let _ = writeln!(
                h,
                "<tr><td><span class=\"sev {sev}\">{sev}</span></td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}<br><span class=\"meta\">{}</span></td></tr>",
                esc(f.rule),
                f.topic.as_deref().map_or("(brokers)".to_string(), esc),
                f.partition.map_or(String::new(), |p| p.to_string()),
                esc(&f.message),
                esc(&f.help)
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }

    h.push_str("<h2 id=\"topics\">Topics</h2>\n");
    if facts.topics.is_empty() {
        h.push_str("<p>No topic matched.</p>\n");
    }
    for (i, t) in facts.topics.iter().enumerate() {
        topic(&mut h, i, t);
    }
    h.push_str("</body>\n</html>\n");
    h
}

fn topic(h: &mut String, index: usize, t: &TopicFacts) {
    let counts = t.records_per_partition();
    let total = t.total_records();
    let _ = writeln!(
        h,
        "<section class=\"topic\" id=\"topic-{index}\">\n<h3>{}</h3>\n<p class=\"meta\">{} partition{} · {} records · replication factor {} · min.insync.replicas {}</p>",
        esc(&t.name),
        counts.len(),
        if counts.len() == 1 { "" } else { "s" },
        total,
        t.replication_factor(),
        t.config_int("min.insync.replicas")
            .map_or("?".to_string(), |v| v.to_string())
    );
    h.push_str("<div class=\"charts\">\n<div class=\"chart\">\n");
    partition_chart(h, &t.name, &counts);
    h.push_str("</div>\n<div class=\"chart\">\n");
    key_chart(h, t);
    h.push_str("</div>\n</div>\n</section>\n");
}

/// Vertical bars: records per partition, with the uniform share as a line.
fn partition_chart(h: &mut String, name: &str, counts: &[(i32, u64)]) {
    const W: f64 = 520.0;
    const H: f64 = 220.0;
    const LEFT: f64 = 56.0;
    const BOTTOM: f64 = 28.0;
    const TOP: f64 = 22.0;
    let max = counts.iter().map(|c| c.1).max().unwrap_or(0).max(1);
    let n = counts.len().max(1);
    let plot_w = W - LEFT - 8.0;
    let plot_h = H - BOTTOM - TOP;
    let step = plot_w / n as f64;
    let bw = (step * 0.8).max(1.0);
    let _ = writeln!(
        h,
        "<svg role=\"img\" aria-label=\"Records per partition of {}\" viewBox=\"0 0 {W} {H}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(name)
    );
    let _ = writeln!(
        h,
        "<text x=\"{LEFT}\" y=\"14\" font-weight=\"600\">Records per partition</text>"
    );
    let _ = writeln!(
        h,
        "<line x1=\"{LEFT}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#8c959f\"/>",
        H - BOTTOM,
        W - 8.0,
        H - BOTTOM
    );
    let _ = writeln!(
        h,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{max}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>",
        LEFT - 4.0,
        TOP + 4.0,
        LEFT - 4.0,
        H - BOTTOM
    );
    let total: u64 = counts.iter().map(|c| c.1).sum();
    let label_every = (n / 16).max(1);
    for (i, &(id, v)) in counts.iter().enumerate() {
        let bh = v as f64 / max as f64 * plot_h;
        let x = LEFT + i as f64 * step + (step - bw) / 2.0;
        let y = H - BOTTOM - bh;
        let _ = writeln!(
            h,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{bh:.1}\" fill=\"#0969da\"><title>partition {id}: {v} records ({:.1}%)</title></rect>",
            share(v, total) * 100.0
        );
        if i % label_every == 0 {
            let _ = writeln!(
                h,
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{id}</text>",
                x + bw / 2.0,
                H - BOTTOM + 14.0
            );
        }
    }
    if counts.len() >= 2 && total > 0 {
        let mean = total as f64 / counts.len() as f64;
        let y = H - BOTTOM - mean / max as f64 * plot_h;
        let _ = writeln!(
            h,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#cf222e\" stroke-dasharray=\"4 3\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#cf222e\">uniform</text>",
            W - 8.0,
            W - 8.0,
            y - 3.0
        );
    }
    h.push_str("</svg>\n");
    if let Some(s) = skew(counts).filter(|_| counts.len() >= 2) {
        let _ = writeln!(
            h,
            "<p class=\"meta\">Hottest partition {}: {:.1}% of records (uniform {:.1}%) · max/mean {:.2} · coefficient of variation {:.2}</p>",
            s.hottest,
            s.hottest_share * 100.0,
            s.uniform_share * 100.0,
            s.max_over_mean,
            s.cv
        );
    }
}

/// Horizontal bars: shares of the sampled records by key.
fn key_chart(h: &mut String, t: &TopicFacts) {
    let Some(k) = &t.sample else {
        h.push_str("<p class=\"meta\">Keys not sampled.</p>\n");
        return;
    };
    let mut rows: Vec<(String, u64, &str)> = Vec::new();
    rows.push(("(null key)".to_string(), k.null_keys, "#8c959f"));
    let mut top_sum = 0;
    for (key, n) in &k.top_keys {
        rows.push((format!("{key:?}"), *n, "#8250df"));
        top_sum += n;
    }
    let other = k.keyed().saturating_sub(top_sum);
    let other_keys = k.distinct_keys.saturating_sub(k.top_keys.len() as u64);
    rows.push((
        format!(
            "{other_keys} other key{}",
            if other_keys == 1 { "" } else { "s" }
        ),
        other,
        "#54aeff",
    ));
    const W: f64 = 520.0;
    const ROW: f64 = 22.0;
    const LABEL: f64 = 190.0;
    let hgt = 24.0 + ROW * rows.len() as f64;
    let _ = writeln!(
        h,
        "<svg role=\"img\" aria-label=\"Key shares of {}\" viewBox=\"0 0 {W} {hgt}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(&t.name)
    );
    let _ = writeln!(
        h,
        "<text x=\"0\" y=\"14\" font-weight=\"600\">Key shares of {} sampled records</text>",
        k.records
    );
    let plot = W - LABEL - 60.0;
    for (i, (label, n, color)) in rows.iter().enumerate() {
        let y = 24.0 + ROW * i as f64;
        let s = share(*n, k.records);
        let label: String = if label.chars().count() > 30 {
            let cut: String = label.chars().take(29).collect();
            format!("{cut}…")
        } else {
            label.clone()
        };
        let _ = writeln!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect x=\"{LABEL}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{color}\"><title>{n} records</title></rect><text x=\"{:.1}\" y=\"{:.1}\">{:.1}%</text>",
            LABEL - 6.0,
            y + 14.0,
            esc(&label),
            y + 3.0,
            (s * plot).max(if *n > 0 { 1.0 } else { 0.0 }),
            ROW - 6.0,
            LABEL + s * plot + 4.0,
            y + 14.0,
            s * 100.0
        );
    }
    h.push_str("</svg>\n");
    let keyed = k.keyed();
    let _ = writeln!(
        h,
        "<p class=\"meta\">{} distinct keys · {:.1}% null · {:.1}% timestamp-like · {:.1}% UUID-like (of keyed records)</p>",
        k.distinct_keys,
        k.null_share() * 100.0,
        share(k.timestamp_keys, keyed) * 100.0,
        share(k.uuid_keys, keyed) * 100.0
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            esc("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }
}
