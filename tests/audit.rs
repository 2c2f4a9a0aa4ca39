//! Integration tests of `kafkalint audit` against a real Apache Kafka broker.
//!
//! They need a running broker: start one with
//!
//! ```text
//! export KAFKALINT_TEST_BOOTSTRAP=$(scripts/kafka-up.sh | tail -1)
//! export KAFKALINT_TEST_BOOTSTRAP_SASL=$(cat /tmp/kafkalint-kafka/bootstrap-sasl)
//! cargo test --test audit
//! scripts/kafka-down.sh
//! ```
//!
//! Without `KAFKALINT_TEST_BOOTSTRAP` the broker tests print how to run them
//! and pass (unless `KAFKALINT_REQUIRE_BROKER=1`, as in CI, where they
//! fail); the unreachable-cluster test needs no broker and always runs.
#![cfg(feature = "audit")]

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::ClientConfig;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::process::{Command, Output};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

fn bootstrap(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(v) if !v.trim().is_empty() => Some(v.trim().to_string()),
        _ => {
            assert!(
                std::env::var("KAFKALINT_REQUIRE_BROKER").as_deref() != Ok("1"),
                "KAFKALINT_REQUIRE_BROKER=1 but {var} is not set (start scripts/kafka-up.sh)"
            );
            eprintln!(
                "skipped: {var} is not set. Run a broker with \
                 `export KAFKALINT_TEST_BOOTSTRAP=$(scripts/kafka-up.sh | tail -1); \
                 export KAFKALINT_TEST_BOOTSTRAP_SASL=$(cat /tmp/kafkalint-kafka/bootstrap-sasl)`, \
                 then `cargo test --test audit` and `scripts/kafka-down.sh`"
            );
            None
        }
    }
}

fn kafkalint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kafkalint"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run kafkalint")
}

/// `kafkalint audit -b BOOTSTRAP --command-config CONFIG EXTRA…`.
fn audit_with(bootstrap: &str, config: &std::path::Path, extra: &[&str]) -> Output {
    let config = config.to_str().expect("UTF-8 temp path");
    let mut args = vec!["audit", "-b", bootstrap, "--command-config", config];
    args.extend_from_slice(extra);
    kafkalint(&args)
}

fn block_on<F: Future>(fut: F) -> F::Output {
    struct W(std::thread::Thread);
    impl Wake for W {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(W(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut fut = std::pin::pin!(fut);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
        assert!(Instant::now() < deadline, "admin request hung");
        std::thread::park_timeout(Duration::from_millis(50));
    }
}

fn client_config(bootstrap: &str) -> ClientConfig {
    let mut c = ClientConfig::new();
    c.set("bootstrap.servers", bootstrap);
    c
}

/// Every topic (internal ones included) with its high watermarks, and
/// every consumer group: what "the audit wrote nothing" compares.
fn cluster_state(bootstrap: &str) -> (BTreeMap<String, Vec<i64>>, BTreeSet<String>) {
    let consumer: BaseConsumer = client_config(bootstrap).create().expect("consumer");
    let md = consumer
        .fetch_metadata(None, Duration::from_secs(10))
        .expect("metadata");
    let mut topics = BTreeMap::new();
    for t in md.topics() {
        let mut highs = Vec::new();
        for p in t.partitions() {
            let (_, high) = consumer
                .fetch_watermarks(t.name(), p.id(), Duration::from_secs(10))
                .expect("watermarks");
            highs.push(high);
        }
        topics.insert(t.name().to_string(), highs);
    }
    let groups = consumer
        .fetch_group_list(None, Duration::from_secs(10))
        .expect("groups")
        .groups()
        .iter()
        .map(|g| g.name().to_string())
        .collect();
    (topics, groups)
}

struct TopicPlan {
    name: String,
    partitions: i32,
    config: Vec<(&'static str, &'static str)>,
    keys: Vec<Option<String>>,
}

fn uuid_like(i: u64) -> String {
    // A SplitMix64 stream formatted as a version-4 UUID.
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let a = mix(i * 2);
    let b = mix(i * 2 + 1);
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

fn create_and_fill(bootstrap: &str, plans: &[TopicPlan]) {
    let admin: AdminClient<DefaultClientContext> =
        client_config(bootstrap).create().expect("admin");
    let new: Vec<NewTopic<'_>> = plans
        .iter()
        .map(|p| {
            let mut t = NewTopic::new(&p.name, p.partitions, TopicReplication::Fixed(1));
            for (k, v) in &p.config {
                t = t.set(k, v);
            }
            t
        })
        .collect();
    let res = block_on(admin.create_topics(
        new.iter(),
        &AdminOptions::new().operation_timeout(Some(Duration::from_secs(30))),
    ))
    .expect("create topics");
    for r in res {
        r.expect("topic created");
    }
    let producer: BaseProducer = client_config(bootstrap)
        .set("linger.ms", "5")
        // Null keys: a random partition per record, not sticky batches.
        .set("sticky.partitioning.linger.ms", "0")
        .create()
        .expect("producer");
    for p in plans {
        for (i, key) in p.keys.iter().enumerate() {
            let payload = format!("{{\"n\":{i}}}");
            let mut rec = BaseRecord::<String, String>::to(&p.name).payload(&payload);
            if let Some(k) = key {
                rec = rec.key(k);
            }
            let mut rec = Some(rec);
            while let Some(r) = rec.take() {
                if let Err((e, r)) = producer.send(r) {
                    assert!(
                        matches!(
                            e.rdkafka_error_code(),
                            Some(rdkafka::types::RDKafkaErrorCode::QueueFull)
                        ),
                        "{e}"
                    );
                    producer.poll(Duration::from_millis(50));
                    rec = Some(r);
                }
            }
            producer.poll(Duration::ZERO);
        }
    }
    producer.flush(Duration::from_secs(30)).expect("flush");
    assert_eq!(producer.in_flight_count(), 0);
}

fn run_id() -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    format!("{}-{}", t, std::process::id())
}

fn findings_of(json: &Value) -> BTreeSet<(String, Option<String>, Option<i64>)> {
    json["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["topic"].as_str().map(str::to_string),
                f["partition"].as_i64(),
            )
        })
        .collect()
}

#[test]
fn live_cluster_audit() {
    let Some(bs) = bootstrap("KAFKALINT_TEST_BOOTSTRAP") else {
        return;
    };
    let run = run_id();
    let name = |kind: &str| format!("kl-{kind}-{run}");
    let plans = vec![
        TopicPlan {
            name: name("healthy"),
            partitions: 3,
            config: vec![],
            keys: (0..900)
                .map(|i| Some(format!("customer-{}", i % 300)))
                .collect(),
        },
        TopicPlan {
            name: name("isr2"),
            partitions: 1,
            config: vec![("min.insync.replicas", "2")],
            keys: (0..50).map(|i| Some(format!("order-{i}"))).collect(),
        },
        TopicPlan {
            name: name("unclean"),
            partitions: 1,
            config: vec![("unclean.leader.election.enable", "true")],
            keys: vec![],
        },
        TopicPlan {
            name: name("onekey"),
            partitions: 3,
            config: vec![],
            keys: (0..600).map(|_| Some("tenant-1".to_string())).collect(),
        },
        TopicPlan {
            name: name("nullkey"),
            partitions: 3,
            config: vec![],
            keys: (0..600).map(|_| None).collect(),
        },
        TopicPlan {
            name: name("tskey"),
            partitions: 3,
            config: vec![],
            keys: (0..600)
                .map(|i| Some((1_700_000_000_000u64 + i * 7).to_string()))
                .collect(),
        },
        TopicPlan {
            name: name("uuidkey"),
            partitions: 3,
            config: vec![],
            keys: (0..600).map(|i| Some(uuid_like(i))).collect(),
        },
    ];
    create_and_fill(&bs, &plans);
    let filter = format!("^kl-.*-{run}$");

    let before = cluster_state(&bs);
    let out = kafkalint(&[
        "audit",
        "--bootstrap-servers",
        &bs,
        "--topic",
        &filter,
        "--format",
        "json",
        "--timeout",
        "60s",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON report");

    let t = |kind: &str| Some(name(kind));
    let low = "min-insync-replicas-low".to_string();
    let mut expected: BTreeSet<(String, Option<String>, Option<i64>)> = BTreeSet::new();
    // The single test broker has default.replication.factor=1.
    expected.insert((low.clone(), None, None));
    for p in &plans {
        // Replication factor 1 on one broker.
        expected.insert((low.clone(), Some(p.name.clone()), None));
    }
    for (rule, kind) in [
        ("min-insync-replicas-unreachable", "isr2"),
        ("unclean-leader-election", "unclean"),
        ("key-low-cardinality", "onekey"),
        ("partition-skew", "onekey"),
        ("key-null", "nullkey"),
        ("key-timestamp", "tskey"),
        ("key-random", "uuidkey"),
    ] {
        expected.insert((rule.to_string(), t(kind), None));
    }
    assert_eq!(findings_of(&json), expected, "{json:#}");

    // Fields of an audit finding.
    let skew = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "partition-skew")
        .expect("skew finding");
    assert_eq!(
        skew["path"].as_str(),
        Some(format!("kafka://{bs}/{}", name("onekey")).as_str())
    );
    assert_eq!(skew["line"], 0);
    assert!(skew["partition"].is_null());
    assert!(skew.as_object().unwrap().contains_key("partition"));
    let msg = skew["message"].as_str().unwrap();
    assert!(msg.contains("100.0% of 600 records"), "{msg}");
    assert!(msg.contains("max/mean 3.00"), "{msg}");
    assert_eq!(json["summary"]["files_scanned"], plans.len());

    // The audit wrote nothing: same topics, same offsets, no group.
    let after = cluster_state(&bs);
    assert_eq!(before, after, "the audit changed the cluster");

    // Thresholds are flags: a lax skew threshold and no sample silence the
    // skew and key findings.
    let out = kafkalint(&[
        "audit",
        "-b",
        &bs,
        "--topic",
        &filter,
        "-f",
        "json",
        "--sample",
        "0",
        "--skew-threshold",
        "3.5",
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let rules: BTreeSet<String> = findings_of(&json).into_iter().map(|f| f.0).collect();
    let want: BTreeSet<String> = [
        "min-insync-replicas-low",
        "min-insync-replicas-unreachable",
        "unclean-leader-election",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(rules, want);

    // Text: per-topic bar charts, then findings.
    let out = kafkalint(&["audit", "-b", &bs, "--topic", &filter]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(text.contains(&name("healthy")), "{text}");
    let onekey_block = text
        .split("\n\n")
        .find(|b| b.starts_with(&name("onekey")))
        .expect("chart block of the one-key topic");
    assert_eq!(
        onekey_block.lines().filter(|l| l.contains('█')).count(),
        1,
        "{onekey_block}"
    );
    assert!(onekey_block.contains("100.0%"), "{onekey_block}");
    assert!(text.contains("key-timestamp"), "{text}");

    // SARIF: cluster locations.
    let out = kafkalint(&["audit", "-b", &bs, "--topic", &filter, "-f", "sarif"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).expect("SARIF");
    let uris: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .map(str::to_string)
        })
        .collect();
    assert!(
        uris.iter()
            .any(|u| u == &format!("kafka://{bs}/{}", name("tskey"))),
        "{uris:?}"
    );

    // HTML: one self-contained page.
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let out = kafkalint(&[
        "audit",
        "-b",
        &bs,
        "--topic",
        &filter,
        "-q",
        "--html",
        html.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let page = std::fs::read_to_string(&html).expect("html written");
    assert!(page.contains(&name("onekey")));
    assert!(page.matches("<svg").count() >= plans.len() * 2);
    assert!(!page.contains("http://") || !page.contains("src=\"http"));
    assert!(!page.contains("<script"));

    // And still nothing written by all those runs.
    assert_eq!(before, cluster_state(&bs));
}

#[test]
fn unreachable_cluster_fails_fast_with_one_line() {
    // A port that nothing listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let bs = format!("127.0.0.1:{port}");
    let start = Instant::now();
    let out = kafkalint(&["audit", "-b", &bs, "--timeout", "3s"]);
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(took < Duration::from_secs(6), "took {took:?}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot reach the cluster"), "{stderr}");
    assert!(out.stdout.is_empty());
}

fn sasl_config(dir: &std::path::Path, user: &str, password: &str) -> std::path::PathBuf {
    let f = dir.join(format!("{user}.properties"));
    std::fs::write(
        &f,
        format!(
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n\
             sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \
             username=\"{user}\" password=\"{password}\";\n"
        ),
    )
    .unwrap();
    f
}

fn scram_config(dir: &std::path::Path, password: &str) -> std::path::PathBuf {
    let f = dir.join(format!("scram-{}.properties", password.len()));
    std::fs::write(
        &f,
        format!(
            "# SCRAM-SHA-256, Java client spelling\n\
             security.protocol=SASL_PLAINTEXT\n\
             sasl.mechanism=SCRAM-SHA-256\n\
             sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\\n\
             \x20   username=\"kafkalint-scram\" \\\n\
             \x20   password=\"{password}\";\n"
        ),
    )
    .unwrap();
    f
}

#[test]
fn sasl_login_wrong_password_and_missing_acl() {
    let Some(bs) = bootstrap("KAFKALINT_TEST_BOOTSTRAP_SASL") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();

    // The right password: the audit runs.
    let good = sasl_config(dir.path(), "kafkalint", "kafkalint-secret");
    let out = audit_with(
        &bs,
        &good,
        &[
            "--topic",
            "^no-such-topic$",
            "-f",
            "json",
            "--timeout",
            "20s",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["summary"]["files_scanned"], 0);

    // SCRAM-SHA-256: right and wrong password.
    let scram = scram_config(dir.path(), "scram-secret");
    let out = audit_with(
        &bs,
        &scram,
        &["--topic", "^no-such-topic$", "--timeout", "20s"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    let scram_bad = scram_config(dir.path(), "not-the-scram-secret");
    let out = audit_with(&bs, &scram_bad, &["--timeout", "15s"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("authentication failed"), "{stderr}");
    assert!(!stderr.contains("not-the-scram-secret"), "{stderr}");

    // A wrong password: one clear line, exit 2, well within the timeout, and
    // no password in the output.
    let bad = sasl_config(dir.path(), "kafkalint", "Wr0ng-Pa55word");
    let start = Instant::now();
    let out = audit_with(&bs, &bad, &["--timeout", "15s"]);
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("authentication failed"), "{stderr}");
    assert!(!stderr.contains("Wr0ng-Pa55word"), "{stderr}");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("Wr0ng-Pa55word"),
        "secret on stdout"
    );
    assert!(took < Duration::from_secs(15), "took {took:?}");

    // A user without any ACL: a clear authorisation error.
    let none = sasl_config(dir.path(), "nobody", "nobody-secret");
    let out = audit_with(&bs, &none, &["--timeout", "15s"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("not authorised"), "{stderr}");
    assert!(!stderr.contains("nobody-secret"), "{stderr}");
}
