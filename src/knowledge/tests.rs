use super::*;

fn known(s: &str) -> DefaultValue {
    DefaultValue::Known {
        value: s.into(),
        note: None,
    }
}

fn value_of(d: DefaultValue) -> String {
    match d {
        DefaultValue::Known { value, .. } => value,
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_library_has_a_table_that_parses() {
    for lib in Library::ALL {
        let t = table(*lib);
        assert_eq!(t.id, lib.id());
        if let Some(parent) = &t.defaults_from {
            assert!(
                table_by_id(parent).is_some(),
                "{}: unknown parent {parent}",
                t.id
            );
        }
    }
    assert_eq!(KNOWLEDGE.tables.len(), Library::ALL.len());
}

#[test]
fn every_table_says_what_a_rule_reads() {
    let keys = [
        "acks",
        "enable.idempotence",
        "retries",
        "max.in.flight.requests.per.connection",
        "linger.ms",
        "batch.size",
        "compression.type",
        "partitioner.class",
    ];
    for lib in Library::ALL {
        let t = table(*lib).defaults_table();
        let (range, _) = t.assumed();
        for key in keys {
            let d = t.default_in(key, Range::exact(range.max));
            assert!(
                !matches!(d, DefaultValue::Unknown | DefaultValue::Varies),
                "{}: no default for {key} at {}",
                t.id,
                range.max
            );
        }
        // Every default partitioner is described.
        let DefaultValue::Known { value, .. } =
            t.default_in("partitioner.class", Range::exact(range.max))
        else {
            panic!("{}: partitioner", t.id)
        };
        let p = t
            .partitioner(&value)
            .unwrap_or_else(|| panic!("{}: {value}", t.id));
        assert!(
            key_hash_description(&p.hash).is_some(),
            "{}: hash {}",
            t.id,
            p.hash
        );
    }
}

#[test]
fn every_partitioner_names_a_known_hash() {
    for t in &KNOWLEDGE.tables {
        for p in t.partitioners.values() {
            assert!(
                key_hash_description(&p.hash).is_some(),
                "{}: {}",
                t.id,
                p.hash
            );
        }
        for (_, _, h) in &t.hash_overrides {
            assert!(key_hash_description(h).is_some(), "{}: {h}", t.id);
        }
    }
}

#[test]
fn every_language_table_has_advice() {
    for lib in Library::ALL {
        let t = table(*lib);
        for topic in [
            Advice::AsyncCallback,
            Advice::ObserveFailure,
            Advice::SetKey,
            Advice::StablePartitioner,
            Advice::ShareProducer,
        ] {
            assert!(
                t.advice(topic).is_some(),
                "{}: no {} advice",
                t.id,
                topic.id()
            );
        }
        for id in t.advice.keys() {
            // `kotlin.async-callback`: the same topic in another language.
            let id = id.rsplit('.').next().unwrap_or(id);
            assert!(
                Advice::ALL.iter().any(|a| a.id() == id),
                "{}: unknown advice topic {id}",
                t.id
            );
        }
    }
    for lib in [
        Library::Librdkafka,
        Library::ConfluentKafkaPython,
        Library::ConfluentKafkaGo,
        Library::NodeRdkafka,
        Library::RustRdkafka,
        Library::Sarama,
        Library::KafkaGo,
    ] {
        assert!(table(lib).advice(Advice::ServeReports).is_some(), "{lib:?}");
    }
}

#[test]
fn java_defaults_follow_the_version() {
    let t = table(Library::KafkaClients);
    let at = |key, ver: &str| value_of(t.default_for(key, Version::parse(ver)));
    assert_eq!(at("acks", "2.8.1"), "1");
    assert_eq!(at("acks", "3.0.0"), "all");
    assert_eq!(at("enable.idempotence", "3.0.0"), "false");
    assert_eq!(at("enable.idempotence", "3.0.1"), "true");
    assert_eq!(at("enable.idempotence", "3.1.0"), "false");
    assert_eq!(at("enable.idempotence", "3.9.1"), "true");
    assert_eq!(at("linger.ms", "3.9.1"), "0");
    assert_eq!(at("linger.ms", "4.0.0"), "5");
    assert_eq!(at("retries", "2.0.1"), "0");
    assert_eq!(at("partitioner.class", "3.2.0"), "DefaultPartitioner");
    assert_eq!(at("partitioner.class", "3.3.0"), "built-in");
}

#[test]
fn ranges_only_trust_agreeing_defaults() {
    let t = table(Library::KafkaClients);
    assert_eq!(
        t.default_for("acks", None),
        DefaultValue::Known {
            value: "all".into(),
            note: Some("KIP-679".into())
        }
    );
    assert_eq!(t.default_for("enable.idempotence", None), known("true"));
    assert_eq!(t.default_for("linger.ms", None), DefaultValue::Varies);
    let r = |a: &str, b: &str| Range {
        min: v(a),
        max: v(b),
    };
    assert_eq!(
        t.default_in("acks", r("2.8.0", "3.1.0")),
        DefaultValue::Varies
    );
    assert_eq!(t.default_in("linger.ms", r("3.3.0", "3.9.9")), known("0"));
    let rd = table(Library::Librdkafka);
    assert_eq!(
        rd.default_in("linger.ms", r("1.2.0", "1.4.9")),
        known("0.5")
    );
    assert_eq!(
        rd.default_in("enable.idempotence", r("0.11.0", "0.11.6")),
        DefaultValue::Absent {
            note: "librdkafka has an idempotent producer from 1.0.0".into()
        }
    );
    assert_eq!(
        rd.default_in("acks", Range::exact(v("0.8.0"))),
        DefaultValue::Unknown
    );
}

#[test]
fn ranges_test_version_windows() {
    let r = Range {
        min: v("3.5.0"),
        max: v("4.1.0"),
    };
    assert_eq!(r.within(Some(v("3.0.1")), None), Some(true));
    assert_eq!(r.within(Some(v("3.0.1")), Some(v("4.0.0"))), None);
    assert_eq!(r.within(Some(v("5.0.0")), None), Some(false));
    assert_eq!(r.within(None, Some(v("3.0.0"))), Some(false));
}

#[test]
fn spellings_of_every_language() {
    let key = |lib, s| table(lib).canonical_key(s);
    let j = Library::KafkaClients;
    assert_eq!(key(j, "ProducerConfig.ACKS_CONFIG"), Some("acks"));
    assert_eq!(
        key(
            j,
            "org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG"
        ),
        Some("acks")
    );
    assert_eq!(
        key(j, "CommonClientConfigs.RETRIES_CONFIG"),
        Some("retries")
    );
    assert_eq!(
        key(j, "MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION"),
        Some("max.in.flight.requests.per.connection")
    );
    assert_eq!(key(j, "foo.BAR"), None);
    assert_eq!(key(j, "spring.kafka.producer.properties.acks"), None);
    let s = Library::SpringKafka;
    assert_eq!(
        key(s, "spring.kafka.producer.batch-size"),
        Some("batch.size")
    );
    assert_eq!(key(s, "ProducerConfig.LINGER_MS_CONFIG"), Some("linger.ms"));
    assert_eq!(key(Library::KafkaPython, "linger_ms"), Some("linger.ms"));
    assert_eq!(key(Library::AioKafka, "max_batch_size"), Some("batch.size"));
    assert_eq!(
        key(Library::AioKafka, "retries"),
        None,
        "aiokafka has no retries kwarg"
    );
    let py = Library::ConfluentKafkaPython;
    assert_eq!(key(py, "request.required.acks"), Some("acks"));
    assert_eq!(key(py, "message.send.max.retries"), Some("retries"));
    assert_eq!(
        key(py, "max.in.flight"),
        Some("max.in.flight.requests.per.connection")
    );
    assert_eq!(key(py, "queue.buffering.max.ms"), Some("linger.ms"));
    assert_eq!(key(py, "compression.codec"), Some("compression.type"));
    assert_eq!(key(py, "batch.num.messages"), Some("batch.num.messages"));
    assert_eq!(
        key(Library::Sarama, "cfg.Producer.RequiredAcks"),
        Some("acks")
    );
    assert_eq!(
        key(Library::Sarama, "Net.MaxOpenRequests"),
        Some("max.in.flight.requests.per.connection")
    );
    let linger = table(Library::Sarama)
        .canonical("Producer.Flush.Frequency")
        .unwrap();
    assert_eq!(
        (linger.key, linger.unit),
        ("linger.ms", Some(Unit::GoDuration))
    );
    let f = table(Library::FranzGo);
    let d = f.canonical("kgo.DisableIdempotentWrite()").unwrap();
    assert_eq!((d.key, d.implied), ("enable.idempotence", Some("false")));
    assert_eq!(f.canonical_key("franz.ProducerLinger"), Some("linger.ms"));
    assert_eq!(key(Library::KafkaGo, "BatchTimeout"), Some("linger.ms"));
    assert_eq!(
        key(Library::KafkaJs, "maxInFlightRequests"),
        Some("max.in.flight.requests.per.connection")
    );
    let cjs = table(Library::ConfluentKafkaJs)
        .canonical("kafkaJS.idempotent")
        .unwrap();
    assert_eq!((cjs.key, cjs.mode), ("enable.idempotence", Some("kafkajs")));
    assert_eq!(
        key(Library::ConfluentKafkaJs, "linger.ms"),
        Some("linger.ms")
    );
    assert_eq!(
        key(Library::ConfluentKafkaDotnet, "config.LingerMs"),
        Some("linger.ms")
    );
    assert_eq!(
        key(Library::ConfluentKafkaDotnet, "MaxInFlight"),
        Some("max.in.flight.requests.per.connection")
    );
    assert_eq!(key(Library::RustRdkafka, "acks"), Some("acks"));
    assert_eq!(key(Library::Fs2Kafka, "withLinger"), Some("linger.ms"));
    assert_eq!(
        key(Library::Fs2Kafka, "ProducerConfig.ACKS_CONFIG"),
        Some("acks")
    );
    assert_eq!(key(Library::AlpakkaKafka, "acks"), Some("acks"));
}

#[test]
fn value_spellings() {
    let val = |lib, k, s| table(lib).canonical_value(k, s);
    assert_eq!(
        val(Library::Sarama, "acks", "sarama.WaitForAll"),
        Some("all")
    );
    assert_eq!(val(Library::Sarama, "acks", "WaitForLocal"), Some("1"));
    assert_eq!(
        val(
            Library::Sarama,
            "compression.type",
            "sarama.CompressionSnappy"
        ),
        Some("snappy")
    );
    assert_eq!(
        val(Library::KafkaGo, "acks", "kafka.RequireNone"),
        Some("0")
    );
    assert_eq!(
        val(Library::KafkaGo, "compression.type", "compress.Lz4"),
        Some("lz4")
    );
    assert_eq!(
        val(Library::KafkaGo, "partitioner.class", "&kafka.Hash{}"),
        Some("Hash")
    );
    assert_eq!(
        val(
            Library::KafkaGo,
            "partitioner.class",
            "&kafka.Murmur2Balancer{Consistent: true}"
        ),
        Some("Murmur2Balancer")
    );
    assert_eq!(
        val(Library::FranzGo, "acks", "kgo.AllISRAcks()"),
        Some("all")
    );
    assert_eq!(val(Library::FranzGo, "acks", "kgo.LeaderAck()"), Some("1"));
    assert_eq!(
        val(Library::ConfluentKafkaDotnet, "acks", "Acks.Leader"),
        Some("1")
    );
    assert_eq!(
        val(
            Library::ConfluentKafkaDotnet,
            "acks",
            "Confluent.Kafka.Acks.All"
        ),
        Some("all")
    );
    assert_eq!(
        val(
            Library::ConfluentKafkaDotnet,
            "compression.type",
            "CompressionType.Lz4"
        ),
        Some("lz4")
    );
    assert_eq!(
        val(Library::ConfluentKafkaDotnet, "acks", "-1"),
        Some("all"),
        "from librdkafka"
    );
    assert_eq!(
        val(
            Library::KafkaJs,
            "compression.type",
            "CompressionTypes.GZIP"
        ),
        Some("gzip")
    );
    assert_eq!(val(Library::KafkaJs, "acks", "-1"), Some("all"));
    assert_eq!(val(Library::KafkaClients, "acks", "\"-1\""), Some("all"));
    assert_eq!(val(Library::Fs2Kafka, "acks", "Acks.One"), Some("1"));
    let go = table(Library::KafkaGo);
    assert_eq!(
        go.canonical_value_for("WriterConfig.RequiredAcks", "0"),
        Some("all")
    );
    assert_eq!(go.canonical_value_for("RequiredAcks", "0"), Some("0"));
}

#[test]
fn spelling_settings_for_suggestions() {
    let j = table(Library::KafkaClients);
    assert_eq!(j.spell("acks").code, "ProducerConfig.ACKS_CONFIG");
    assert_eq!(j.spell("acks").plain.as_deref(), Some("acks"));
    assert_eq!(j.spell_value("acks", "all"), "\"all\"");
    assert_eq!(j.code_template(), Some("{var}.put({key}, {value});"));
    let sp = table(Library::SpringKafka);
    assert_eq!(
        sp.spell("acks").plain.as_deref(),
        Some("spring.kafka.producer.acks")
    );
    assert_eq!(
        sp.spell("linger.ms").plain.as_deref(),
        Some("spring.kafka.producer.properties.linger.ms")
    );
    assert_eq!(
        sp.spell("linger.ms").code,
        "ProducerConfig.LINGER_MS_CONFIG"
    );
    let py = table(Library::KafkaPython);
    assert_eq!(py.spell("enable.idempotence").code, "enable_idempotence");
    assert_eq!(py.spell_value("enable.idempotence", "true"), "True");
    assert_eq!(py.spell_value("acks", "all"), "'all'");
    assert_eq!(py.spell_value("linger.ms", "10"), "10");
    assert_eq!(
        table(Library::AioKafka).spell("batch.size").code,
        "max_batch_size"
    );
    let ck = table(Library::ConfluentKafkaPython);
    assert_eq!(ck.spell("acks").code, "\"acks\"");
    assert_eq!(ck.spell_value("enable.idempotence", "true"), "True");
    assert_eq!(ck.spell("linger.ms").plain.as_deref(), Some("linger.ms"));
    let s = table(Library::Sarama);
    assert_eq!(s.spell("acks").code, "Producer.RequiredAcks");
    assert_eq!(s.spell_value("acks", "all"), "sarama.WaitForAll");
    assert_eq!(
        s.spell_value("max.in.flight.requests.per.connection", "1"),
        "1"
    );
    assert_eq!(
        table(Library::KafkaGo).spell_value("acks", "all"),
        "kafka.RequireAll"
    );
    assert_eq!(
        table(Library::FranzGo).spell_value("acks", "all"),
        "kgo.AllISRAcks()"
    );
    let net = table(Library::ConfluentKafkaDotnet);
    assert_eq!(net.spell("acks").code, "Acks");
    assert_eq!(net.spell_value("acks", "all"), "Acks.All");
    assert_eq!(
        net.spell_value("compression.type", "lz4"),
        "CompressionType.Lz4"
    );
    assert_eq!(table(Library::KafkaJs).spell_value("acks", "all"), "-1");
    let rs = table(Library::RustRdkafka);
    assert_eq!(rs.spell_value("enable.idempotence", "true"), "\"true\"");
    assert_eq!(rs.code_template(), Some(".set({key}, {value})"));
    assert_eq!(
        table(Library::Librdkafka).spell_value("partitioner.class", "murmur2"),
        "\"murmur2_random\""
    );
}

#[test]
fn partitioners_and_hashes() {
    let hash = |lib, p: &str| table(lib).partitioner(p).map(|p| p.hash.as_str());
    assert_eq!(
        hash(Library::Librdkafka, "consistent_random"),
        Some("crc32")
    );
    assert_eq!(
        hash(Library::ConfluentKafkaGo, "murmur2_random"),
        Some("murmur2")
    );
    assert_eq!(
        hash(Library::Sarama, "NewHashPartitioner"),
        Some("fnv1a-signed")
    );
    assert_eq!(hash(Library::KafkaGo, "RoundRobin"), Some("none"));
    assert_eq!(hash(Library::KafkaGo, "Hash"), Some("fnv1a-signed"));
    assert_eq!(
        hash(Library::KafkaJs, "LegacyPartitioner"),
        Some("murmur2-legacy")
    );
    assert_eq!(hash(Library::SpringKafka, "built-in"), Some("murmur2"));
    assert_eq!(
        table(Library::KafkaClients).key_hash_overrides(),
        vec![("partitioner.ignore.keys", "true", "none")]
    );
}

#[test]
fn wrappers_and_modes() {
    let fs2 = table(Library::Fs2Kafka);
    let sets = fs2.wrapper_settings(Range::exact(v("3.5.1"))).unwrap();
    assert_eq!(sets.len(), 1);
    assert_eq!(
        (sets[0].key.as_str(), sets[0].value.as_str()),
        ("retries", "0")
    );
    assert!(fs2
        .wrapper_settings(Range::exact(v("0.19.9")))
        .unwrap()
        .is_empty());
    assert!(fs2
        .wrapper_settings(Range {
            min: v("0.19.0"),
            max: v("1.0.0")
        })
        .is_err());
    let alp = table(Library::AlpakkaKafka)
        .api_settings("Transactional.sink")
        .unwrap();
    assert!(alp
        .settings
        .contains(&("enable.idempotence".into(), "true".into())));
    assert!(table(Library::PekkoKafka)
        .api_settings("scaladsl.Transactional.flow")
        .is_some());
    let cjs = table(Library::ConfluentKafkaJs);
    let (d, _) = cjs.mode_default("kafkajs", "retries", Range::exact(v("1.4.0")));
    assert_eq!(
        d,
        DefaultValue::Known {
            value: "5".into(),
            note: Some("retry.retries defaults to 5 in the KafkaJS-compatible API".into())
        }
    );
}

#[test]
fn idempotence_rules_are_found_through_parents() {
    assert!(!table(Library::ConfluentKafkaDotnet)
        .idempotence_rules()
        .is_empty());
    assert_eq!(
        table(Library::SpringKafka).idempotence_implied_by(),
        ["transactional.id"]
    );
    assert!(table(Library::Sarama).idempotence_implied_by().is_empty());
}

#[test]
fn spring_defers_its_defaults_to_kafka_clients() {
    let s = table(Library::SpringKafka);
    assert_eq!(s.default_for("acks", Version::parse("2.5.0")), known("1"));
}
