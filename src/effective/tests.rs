//! The effective configuration of each library's tricky cases, from
//! producers built the way each front-end builds them (raw spellings as
//! written, canonical keys from the table).

use super::*;
use crate::finding::Span;
use crate::knowledge::Effect;
use crate::model::{Config, Context, Library, Provenance, Value};
use std::path::PathBuf;

/// A setting as a front-end records it: the raw spelling, its canonical key
/// from the library's table, the value as written.
fn set(lib: Library, raw: &str, value: Value) -> Setting {
    let key = knowledge::table(lib)
        .canonical_key(raw)
        .unwrap_or_else(|| panic!("{lib:?}: no spelling {raw}"))
        .to_string();
    Setting {
        key,
        raw_key: raw.to_string(),
        value,
        value_span: Span::default(),
        span: Span::default(),
        provenance: Provenance::Literal,
    }
}

fn s(t: &str) -> Value {
    Value::Str(t.into())
}

fn int(n: i64) -> Value {
    Value::Int(n)
}

fn build(
    lib: Library,
    version: Option<&str>,
    own: Option<&str>,
    settings: &[(&str, Value)],
) -> Producer {
    let rv = |v: &str| {
        ResolvedVersion::exact(
            Version::parse(v).unwrap(),
            VersionSource::BuildFile {
                path: PathBuf::from("svc/deps.file"),
                line: 3,
                via: String::new(),
            },
        )
    };
    Producer {
        library: lib,
        version: version.map(rv),
        own_version: own.map(rv),
        span: Span::default(),
        context: Context::default(),
        closed_after_use: false,
        config: Config {
            settings: settings
                .iter()
                .map(|(raw, v)| set(lib, raw, v.clone()))
                .collect(),
            complete: true,
            ..Config::default()
        },
        names: vec![],
        from_config_file: false,
        reports_served: None,
        factory: None,
        replaces_config_files: None,
        imported_from: None,
        top_level: false,
        local_only: false,
    }
}

fn eff(lib: Library, version: Option<&str>, settings: &[(&str, Value)]) -> Effective {
    compute(&build(lib, version, None, settings))
}

fn derived(e: &Eff<bool>) -> &str {
    match &e.origin {
        Origin::Derived(why) => why,
        other => panic!("not derived: {other:?}"),
    }
}

#[test]
fn java_3_6_retries_set_keeps_default_idempotence() {
    let e = eff(Library::KafkaClients, Some("3.6.0"), &[("retries", s("5"))]);
    assert_eq!(e.idempotence.value, Some(true));
    assert!(!e.retries_without_idempotence());
    assert!(e.wont_start.is_none());
    assert_eq!(e.key_hash.value.as_deref(), Some("murmur2"));
}

#[test]
fn java_acks_1_silently_drops_idempotence() {
    let p = build(
        Library::KafkaClients,
        None,
        None,
        &[("ProducerConfig.ACKS_CONFIG", s("1"))],
    );
    let mut p = p;
    p.version = Some(ResolvedVersion::exact(
        Version::new(3, 7, 0),
        VersionSource::BuildFile {
            path: PathBuf::from("app/pom.xml"),
            line: 7,
            via: "managed by Spring Boot 3.3.4".into(),
        },
    ));
    let e = compute(&p);
    assert_eq!(e.idempotence.value, Some(false));
    assert_eq!(
        derived(&e.idempotence),
        "enable.idempotence is not set, so kafka-clients 3.7.0 (managed by Spring Boot \
         3.3.4, pom.xml:7) silently switches idempotence off because acks=1 is set"
    );
    assert_eq!(e.idempotence_culprit, Some(0));
    assert!(e.retries_without_idempotence());
    assert!(e.wont_start.is_none());
}

#[test]
fn java_versions_and_conflicts() {
    // 3.0.0 never applied its declared default.
    let e = eff(Library::KafkaClients, Some("3.0.0"), &[]);
    assert_eq!(e.idempotence.value, Some(false));
    // Asked for explicitly with acks=1: a ConfigException at construction.
    let e = eff(
        Library::KafkaClients,
        Some("3.9.0"),
        &[("enable.idempotence", s("true")), ("acks", s("1"))],
    );
    let w = e.wont_start.expect("refuses");
    assert_eq!(w.effect, Effect::Refuse);
    assert_eq!(w.setting, Some(1));
    assert!(w.reason.contains("acks=1 is set"), "{}", w.reason);
    // In-flight 6: silently off in 3.9, an error in 4.0, unknown across both.
    let f = [("max.in.flight.requests.per.connection", s("6"))];
    assert_eq!(
        eff(Library::KafkaClients, Some("3.9.1"), &f)
            .idempotence
            .value,
        Some(false)
    );
    let e4 = eff(Library::KafkaClients, Some("4.0.0"), &f);
    assert_eq!(e4.idempotence.value, Some(true));
    assert!(e4.wont_start.is_some());
    let assumed = eff(Library::KafkaClients, None, &f);
    assert_eq!(assumed.idempotence.value, None);
    assert!(assumed.wont_start.is_none());
    // A transactional id implies idempotence; switching it off is an error.
    let t = eff(
        Library::KafkaClients,
        Some("2.8.0"),
        &[("transactional.id", s("tx-1"))],
    );
    assert_eq!(t.idempotence.value, Some(true));
    assert_eq!(t.acks.value, Some(Acks::All), "adjusted by the client");
    let off = eff(
        Library::KafkaClients,
        Some("3.5.0"),
        &[
            ("transactional.id", s("tx-1")),
            ("enable.idempotence", s("false")),
        ],
    );
    assert_eq!(
        off.wont_start.map(|w| w.key),
        Some("transactional.id".into())
    );
    // 2.8: acks defaults to 1, idempotence off, retries unbounded.
    let old = eff(Library::KafkaClients, Some("2.8.1"), &[]);
    assert_eq!(old.acks.value, Some(Acks::Leader));
    assert!(old.retries_without_idempotence());
    assert_eq!(old.version_label, "kafka-clients 2.8.1 (deps.file:3)");
    // partitioner.ignore.keys turns keys off.
    let ig = eff(
        Library::KafkaClients,
        Some("3.6.0"),
        &[("partitioner.ignore.keys", s("true"))],
    );
    assert_eq!(ig.key_hash.value.as_deref(), Some("none"));
}

#[test]
fn spring_defers_to_the_java_client() {
    let e = eff(
        Library::SpringKafka,
        Some("2.5.0"),
        &[("spring.kafka.producer.batch-size", s("0"))],
    );
    assert_eq!(e.acks.value, Some(Acks::Leader));
    assert_eq!(e.batch_size.value, Some(0));
    assert!(e.version_label.starts_with("kafka-clients 2.5.0"));
}

#[test]
fn kafka_python_by_version() {
    let e = eff(Library::KafkaPython, Some("3.0.2"), &[]);
    assert_eq!(e.acks.value, Some(Acks::All));
    assert_eq!(e.idempotence.value, Some(true));
    assert!(!e.retries_without_idempotence());
    // Assumed (a current 3.x): clean as well.
    assert_eq!(
        eff(Library::KafkaPython, None, &[]).idempotence.value,
        Some(true)
    );
    // 2.2–2.3: acks=1, unbounded retries, idempotence off.
    let mid = eff(Library::KafkaPython, Some("2.3.0"), &[]);
    assert_eq!(mid.acks.value, Some(Acks::Leader));
    assert!(mid.retries_without_idempotence());
    // Before 2.2: no retries, and no enable_idempotence to suggest.
    let old = eff(Library::KafkaPython, Some("2.0.2"), &[]);
    assert_eq!(old.retries_possible(), Some(false));
    assert!(old.idempotence.is_absent());
    assert_eq!(old.idempotence.value, None);
    // 3.x: acks=1 written as an int silently drops idempotence.
    let drop = eff(Library::KafkaPython, Some("3.0.0"), &[("acks", int(1))]);
    assert_eq!(drop.idempotence.value, Some(false));
    assert!(derived(&drop.idempotence).contains("kafka-python 3.0.0"));
    // 2.2 with idempotence asked for: in-flight is forced to 1.
    let asked = eff(
        Library::KafkaPython,
        Some("2.2.0"),
        &[("enable_idempotence", Value::Bool(true))],
    );
    assert_eq!(asked.max_in_flight.value, Some(1));
    assert_eq!(asked.acks.value, Some(Acks::All));
    let bad = eff(
        Library::KafkaPython,
        Some("2.2.0"),
        &[
            ("enable_idempotence", Value::Bool(true)),
            ("max_in_flight_requests_per_connection", int(5)),
        ],
    );
    assert!(bad.wont_start.is_some());
}

#[test]
fn confluent_kafka_is_not_idempotent_by_default() {
    let e = eff(Library::ConfluentKafkaPython, Some("2.3.0"), &[]);
    assert_eq!(e.acks.value, Some(Acks::All));
    assert_eq!(e.idempotence.value, Some(false));
    assert_eq!(e.retries.value, Some(2147483647));
    assert_eq!(e.max_in_flight.value, Some(1_000_000));
    assert!(e.retries_without_idempotence());
    assert_eq!(e.linger_ms.value, Some(5));
    assert_eq!(e.key_hash.value.as_deref(), Some("crc32"));
    assert!(e.version_label.starts_with("librdkafka 2.3.0"));
    // Assumed: every current librdkafka agrees.
    let a = eff(Library::ConfluentKafkaPython, None, &[]);
    assert!(a.retries_without_idempotence());
    assert!(
        a.version_label
            .contains("no confluent-kafka-python version"),
        "{}",
        a.version_label
    );
    // Asked for: acks and in-flight adjusted; an explicit acks=1 refuses.
    let on = eff(
        Library::ConfluentKafkaPython,
        None,
        &[("enable.idempotence", Value::Bool(true))],
    );
    assert_eq!(on.idempotence.value, Some(true));
    assert_eq!(on.max_in_flight.value, Some(5));
    assert!(on.wont_start.is_none());
    let bad = eff(
        Library::ConfluentKafkaPython,
        None,
        &[
            ("enable.idempotence", Value::Bool(true)),
            ("request.required.acks", int(1)),
        ],
    );
    assert!(bad
        .wont_start
        .unwrap()
        .message
        .contains("`acks` must be set to `all`"));
    // Old librdkafka: acks=1, linger 0.5 ms (rounded up to 1).
    let old = eff(Library::ConfluentKafkaPython, Some("1.2.0"), &[]);
    assert_eq!(old.acks.value, Some(Acks::All));
    assert_eq!(old.linger_ms.value, Some(1));
    assert_eq!(
        eff(Library::ConfluentKafkaPython, Some("0.11.6"), &[])
            .acks
            .value,
        Some(Acks::Leader)
    );
    // Java-compatible partitioner.
    let m = eff(
        Library::ConfluentKafkaPython,
        None,
        &[("partitioner", s("murmur2_random"))],
    );
    assert_eq!(m.key_hash.value.as_deref(), Some("murmur2"));
}

#[test]
fn aiokafka_cannot_reorder() {
    let e = eff(Library::AioKafka, Some("0.11.0"), &[]);
    assert_eq!(e.acks.value, Some(Acks::Leader));
    assert_eq!(e.idempotence.value, Some(false));
    assert_eq!(e.max_in_flight.value, Some(1), "one request per broker");
    assert!(
        e.retries_without_idempotence(),
        "duplicates are still possible"
    );
    let bad = eff(
        Library::AioKafka,
        None,
        &[("enable_idempotence", Value::Bool(true)), ("acks", int(1))],
    );
    assert!(bad.wont_start.is_some());
    let on = eff(
        Library::AioKafka,
        None,
        &[("enable_idempotence", Value::Bool(true))],
    );
    assert_eq!(on.acks.value, Some(Acks::All));
}

#[test]
fn sarama_bare_and_idempotent_configs() {
    let bare = eff(Library::Sarama, Some("1.42.1"), &[]);
    assert_eq!(bare.acks.value, Some(Acks::Leader));
    assert_eq!(bare.idempotence.value, Some(false));
    assert_eq!(bare.retries.value, Some(3));
    assert!(bare.retries_without_idempotence());
    assert_eq!(bare.key_hash.value.as_deref(), Some("fnv1a-signed"));
    assert!(bare.version_label.starts_with("sarama 1.42.1"));
    // Idempotent alone: the default acks (WaitForLocal) is refused first.
    let alone = eff(
        Library::Sarama,
        Some("1.42.1"),
        &[("Producer.Idempotent", Value::Bool(true))],
    );
    let w = alone.wont_start.expect("will not start");
    assert_eq!(w.key, "acks");
    assert!(w.reason.contains("acks defaults to 1"), "{}", w.reason);
    // With WaitForAll but MaxOpenRequests left at 5.
    let half = eff(
        Library::Sarama,
        Some("1.42.1"),
        &[
            ("Producer.Idempotent", Value::Bool(true)),
            ("Producer.RequiredAcks", s("sarama.WaitForAll")),
        ],
    );
    let w = half.wont_start.expect("will not start");
    assert_eq!(
        w.message,
        "Idempotent producer requires Net.MaxOpenRequests to be 1"
    );
    // The full recipe starts.
    let ok = eff(
        Library::Sarama,
        Some("1.42.1"),
        &[
            ("Producer.Idempotent", Value::Bool(true)),
            ("cfg.Producer.RequiredAcks", s("sarama.WaitForAll")),
            ("Net.MaxOpenRequests", int(1)),
        ],
    );
    assert!(ok.wont_start.is_none());
    assert_eq!(ok.acks.value, Some(Acks::All));
    // Before 1.27.1 the protocol version must be raised too.
    let old = eff(
        Library::Sarama,
        Some("1.26.0"),
        &[
            ("Producer.Idempotent", Value::Bool(true)),
            ("Producer.RequiredAcks", s("sarama.WaitForAll")),
            ("Net.MaxOpenRequests", int(1)),
        ],
    );
    assert_eq!(old.wont_start.map(|w| w.key), Some("api.version".into()));
    let versioned = eff(
        Library::Sarama,
        Some("1.26.0"),
        &[
            ("Producer.Idempotent", Value::Bool(true)),
            ("Producer.RequiredAcks", s("sarama.WaitForAll")),
            ("Net.MaxOpenRequests", int(1)),
            ("Version", s("sarama.V2_8_0_0")),
        ],
    );
    assert!(versioned.wont_start.is_none());
    // The resolver may put a non-deferring library's version in own_version.
    let own = compute(&build(Library::Sarama, None, Some("1.26.0"), &[]));
    assert!(
        own.version_label.starts_with("sarama 1.26.0"),
        "{}",
        own.version_label
    );
    assert_eq!(own.version, Version::parse("1.26.0"));
    // Flush.Frequency is a Go duration.
    let linger = eff(
        Library::Sarama,
        None,
        &[("Producer.Flush.Frequency", s("10 * time.Millisecond"))],
    );
    assert_eq!(linger.linger_ms.value, Some(10));
}

#[test]
fn kafka_go_writer_has_no_idempotence() {
    let w = eff(Library::KafkaGo, Some("0.4.47"), &[]);
    assert_eq!(w.acks.value, Some(Acks::None));
    assert!(w.idempotence.is_absent());
    assert!(!w.retries_without_idempotence());
    assert_eq!(w.key_hash.value.as_deref(), Some("none"));
    assert_eq!(w.linger_ms.value, Some(1000));
    let all = eff(
        Library::KafkaGo,
        None,
        &[
            ("RequiredAcks", s("kafka.RequireAll")),
            ("MaxAttempts", int(3)),
            ("Balancer", s("&kafka.Murmur2Balancer{}")),
        ],
    );
    assert_eq!(all.acks.value, Some(Acks::All));
    assert_eq!(all.retries.value, Some(2));
    assert!(
        !all.retries_without_idempotence(),
        "no idempotence finding is possible"
    );
    assert_eq!(all.key_hash.value.as_deref(), Some("murmur2"));
    // WriterConfig: 0 means all, and an unset RequiredAcks is all too.
    let cfg = eff(
        Library::KafkaGo,
        None,
        &[("WriterConfig.RequiredAcks", int(0))],
    );
    assert_eq!(cfg.acks.value, Some(Acks::All));
    let cfg = eff(
        Library::KafkaGo,
        None,
        &[("WriterConfig.Brokers", s("[]string{\"localhost:9092\"}"))],
    );
    assert_eq!(cfg.acks.value, Some(Acks::All));
}

#[test]
fn franz_go_defaults_are_clean() {
    let e = eff(Library::FranzGo, Some("1.21.5"), &[]);
    assert_eq!(e.acks.value, Some(Acks::All));
    assert_eq!(e.idempotence.value, Some(true));
    assert!(!e.retries_without_idempotence());
    assert!(e.wont_start.is_none());
    assert_eq!(e.linger_ms.value, Some(10));
    assert_eq!(e.compression.value.as_deref(), Some("snappy"));
    assert_eq!(e.key_hash.value.as_deref(), Some("murmur2"));
    assert_eq!(
        eff(Library::FranzGo, Some("1.19.0"), &[]).linger_ms.value,
        Some(0)
    );
    assert_eq!(
        eff(Library::FranzGo, None, &[]).linger_ms.value,
        None,
        "0 or 10"
    );
    // Lowering acks without DisableIdempotentWrite: NewClient fails.
    let bad = eff(
        Library::FranzGo,
        None,
        &[("kgo.RequiredAcks", s("kgo.LeaderAck()"))],
    );
    assert_eq!(
        bad.wont_start.unwrap().message,
        "idempotency requires acks=all"
    );
    let off = eff(
        Library::FranzGo,
        None,
        &[
            ("kgo.RequiredAcks", s("kgo.LeaderAck()")),
            ("kgo.DisableIdempotentWrite", Value::Unknown(String::new())),
        ],
    );
    assert!(off.wont_start.is_none());
    assert_eq!(off.idempotence.value, Some(false));
    assert_eq!(off.acks.value, Some(Acks::Leader));
    let linger = eff(
        Library::FranzGo,
        None,
        &[("kgo.ProducerLinger", s("5 * time.Millisecond"))],
    );
    assert_eq!(linger.linger_ms.value, Some(5));
}

#[test]
fn kafkajs_defaults_retry_without_idempotence() {
    let e = eff(Library::KafkaJs, Some("2.2.4"), &[]);
    assert_eq!(e.acks.value, Some(Acks::All));
    assert_eq!(e.idempotence.value, Some(false));
    assert_eq!(e.retries.value, Some(5));
    assert!(e.retries_without_idempotence());
    assert!(e.linger_ms.is_absent());
    assert_eq!(e.key_hash.value.as_deref(), Some("murmur2"));
    assert_eq!(
        eff(Library::KafkaJs, Some("1.16.0"), &[])
            .key_hash
            .value
            .as_deref(),
        Some("murmur2-legacy")
    );
    let bad = eff(
        Library::KafkaJs,
        None,
        &[("idempotent", Value::Bool(true)), ("acks", int(1))],
    );
    assert_eq!(bad.wont_start.unwrap().effect, Effect::RefuseSend);
}

#[test]
fn confluent_javascript_kafkajs_mode() {
    let plain = eff(
        Library::ConfluentKafkaJs,
        None,
        &[("bootstrap.servers", s("b:9092"))],
    );
    assert_eq!(plain.retries.value, Some(2147483647));
    assert_eq!(plain.key_hash.value.as_deref(), Some("crc32"));
    let kjs = compute(&build(
        Library::ConfluentKafkaJs,
        None,
        Some("1.4.0"),
        &[("kafkaJS.brokers", s("b:9092"))],
    ));
    assert_eq!(kjs.retries.value, Some(5));
    assert_eq!(kjs.key_hash.value.as_deref(), Some("murmur2"));
    assert!(kjs.retries_without_idempotence());
}

#[test]
fn dotnet_properties_and_enums() {
    let e = eff(
        Library::ConfluentKafkaDotnet,
        None,
        &[("Acks", s("Acks.Leader")), ("LingerMs", s("0.5"))],
    );
    assert_eq!(e.acks.value, Some(Acks::Leader));
    assert_eq!(e.linger_ms.value, Some(1));
    let on = eff(
        Library::ConfluentKafkaDotnet,
        None,
        &[
            ("EnableIdempotence", Value::Bool(true)),
            ("Acks", s("Acks.Leader")),
        ],
    );
    assert!(on.wont_start.is_some());
}

#[test]
fn fs2_kafka_sets_retries_zero() {
    let e = compute(&build(Library::Fs2Kafka, Some("3.7.0"), Some("3.5.1"), &[]));
    assert_eq!(e.retries.value, Some(0));
    assert!(matches!(e.retries.origin, Origin::Wrapper(_)));
    assert_eq!(
        e.idempotence.value,
        Some(false),
        "kafka-clients drops it for retries=0"
    );
    assert!(
        derived(&e.idempotence).contains("fs2-kafka 3.5.1"),
        "{:?}",
        e.idempotence
    );
    assert!(!e.retries_without_idempotence());
    // withRetries overrides the wrapper's value.
    let r = compute(&build(
        Library::Fs2Kafka,
        Some("3.7.0"),
        Some("3.5.1"),
        &[("withRetries", int(3))],
    ));
    assert_eq!(r.retries.value, Some(3));
    assert_eq!(r.idempotence.value, Some(true));
    // Before 0.20.0 the client's own default applies.
    let old = compute(&build(
        Library::Fs2Kafka,
        Some("2.3.0"),
        Some("0.19.9"),
        &[],
    ));
    assert_eq!(old.retries.value, Some(2147483647));
    let linger = compute(&build(
        Library::Fs2Kafka,
        None,
        None,
        &[("withLinger", s("10.millis"))],
    ));
    assert_eq!(linger.linger_ms.value, Some(10));
}

#[test]
fn other_wrappers_keep_the_client_defaults() {
    for lib in [
        Library::ZioKafka,
        Library::ReactorKafka,
        Library::AlpakkaKafka,
        Library::PekkoKafka,
    ] {
        let e = eff(lib, Some("3.6.0"), &[]);
        assert_eq!(e.acks.value, Some(Acks::All), "{lib:?}");
        assert_eq!(e.idempotence.value, Some(true), "{lib:?}");
        assert_eq!(e.retries.value, Some(2147483647), "{lib:?}");
    }
}

#[test]
fn incomplete_configs_leave_missing_settings_unknown() {
    let mut p = build(Library::Sarama, None, None, &[]);
    p.config.complete = false;
    let e = compute(&p);
    assert_eq!(e.acks.value, None);
    assert_eq!(e.idempotence.value, None);
    assert!(e.wont_start.is_none());
}
