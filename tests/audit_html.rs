//! The `--html` page of `kafkalint audit`, loaded in headless Chromium:
//! it must render (screenshot) without a single console message or failed
//! request. Needs no broker: the page is built from cluster facts made here.
//!
//! Chromium is looked up as `$KAFKALINT_CHROMIUM`, then `chromium` and
//! `chromium-browser` on PATH. Without it the test prints a skip message,
//! unless `KAFKALINT_REQUIRE_CHROMIUM=1` (CI), where it fails.
#![cfg(feature = "audit")]

use kafkalint::audit::checks::{self, Thresholds};
use kafkalint::audit::html;
use kafkalint::audit::model::{
    BrokerFacts, ClusterFacts, ConfigValue, KeySample, PartitionFacts, TopicFacts,
};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KAFKALINT_CHROMIUM") {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Some(p);
        }
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn chromium_or_skip() -> Option<PathBuf> {
    let found = find_chromium();
    if found.is_none() {
        assert!(
            std::env::var("KAFKALINT_REQUIRE_CHROMIUM").as_deref() != Ok("1"),
            "KAFKALINT_REQUIRE_CHROMIUM=1 but no Chromium found (apt-get install chromium)"
        );
        eprintln!(
            "skipped: Chromium not found. Install it (apt-get install chromium) or set \
             KAFKALINT_CHROMIUM=/path/to/chromium, then `cargo test --test audit_html`"
        );
    }
    found
}

/// Loads `page` in headless Chromium, writes a screenshot to `png` and
/// returns the console and network error lines from Chromium's log.
fn load(chromium: &Path, page: &Path, png: &Path, profile: &Path) -> Vec<String> {
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1200,1800",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let mut stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = reader.join().unwrap_or_default();
    log.lines()
        .filter(|l| {
            l.contains(":CONSOLE")
                || l.contains("Failed to load resource")
                || l.contains("net::ERR_")
        })
        .map(str::to_string)
        .collect()
}

fn cv(v: &str) -> ConfigValue {
    ConfigValue {
        value: Some(v.into()),
        is_default: false,
        source: "DynamicTopic".into(),
    }
}

fn topic(name: &str, counts: &[i64], sample: KeySample) -> TopicFacts {
    TopicFacts {
        name: name.into(),
        partitions: counts
            .iter()
            .enumerate()
            .map(|(i, &c)| PartitionFacts {
                id: i as i32,
                leader: 1,
                replicas: vec![1, 2, 3],
                isr: if i == 1 { vec![1, 2] } else { vec![1, 2, 3] },
                error: None,
                low: Some(10),
                high: Some(10 + c),
            })
            .collect(),
        config: [("min.insync.replicas".to_string(), cv("2"))]
            .into_iter()
            .collect(),
        sample: Some(sample),
    }
}

fn facts() -> ClusterFacts {
    ClusterFacts {
        bootstrap: "broker-1:9092".into(),
        brokers: vec![BrokerFacts {
            id: 1,
            host: "broker-1".into(),
            port: 9092,
            config: [("default.replication.factor".to_string(), cv("1"))]
                .into_iter()
                .collect(),
        }],
        topics: vec![
            topic(
                "orders <\"quoted\">",
                &[310, 295, 305, 290, 300, 300],
                KeySample {
                    records: 1800,
                    null_keys: 40,
                    distinct_keys: 700,
                    timestamp_keys: 0,
                    uuid_keys: 0,
                    top_keys: vec![("customer-7".into(), 12), ("customer-9".into(), 11)],
                },
            ),
            topic(
                "clicks",
                &[9000, 400, 350, 420],
                KeySample {
                    records: 4000,
                    null_keys: 0,
                    distinct_keys: 2,
                    timestamp_keys: 0,
                    uuid_keys: 0,
                    top_keys: vec![("home</title><script>".into(), 3400), ("cart".into(), 600)],
                },
            ),
        ],
        sample_per_partition: 1000,
        sample_incomplete: false,
    }
}

#[test]
fn html_report_renders_in_chromium_without_console_errors() {
    let facts = facts();
    let findings = checks::check(&facts, &Thresholds::default());
    assert!(findings.iter().any(|f| f.rule == "partition-skew"));
    let page = html::render(&facts, &findings);
    // Self-contained: no script, no external resource, user text escaped.
    assert!(!page.contains("<script"), "script in page");
    for attr in ["src=", "href=", "@import", "url("] {
        assert!(!page.contains(attr), "external reference {attr:?} in page");
    }
    assert!(page.contains("orders &lt;&quot;quoted&quot;&gt;"));
    assert_eq!(page.matches("<svg").count(), 4);

    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    std::fs::write(&file, &page).unwrap();
    let png = dir.path().join("report.png");
    let errors = load(&chromium, &file, &png, &dir.path().join("profile"));
    assert!(errors.is_empty(), "console/network errors: {errors:#?}");
    let shot = std::fs::read(&png).expect("screenshot written");
    assert!(shot.starts_with(b"\x89PNG"), "not a PNG");
    assert!(
        shot.len() > 20_000,
        "screenshot suspiciously small: {} bytes",
        shot.len()
    );
    if let Ok(keep) = std::env::var("KAFKALINT_KEEP_SCREENSHOT") {
        let _ = std::fs::copy(&png, keep);
    }

    // The check itself catches console errors: a page with a failing
    // script must be reported.
    let bad = dir.path().join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html><body><p>x</p><script>console.error('boom'); notDefined();</script></body></html>",
    )
    .unwrap();
    let errors = load(
        &chromium,
        &bad,
        &dir.path().join("bad.png"),
        &dir.path().join("profile-bad"),
    );
    assert!(
        errors.iter().any(|e| e.contains("boom")),
        "console errors went unnoticed: {errors:?}"
    );
}
