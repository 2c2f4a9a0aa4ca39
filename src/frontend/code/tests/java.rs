//! The shared code front-end on Java: producers, config traces, sends,
//! keys, contexts, partitioners and topics.

use crate::frontend::code::{extract, syntax};
use crate::model::{FileFacts, KeyKind, Library, PartitionerIssue, Provenance, Value, Wait};
use std::path::Path;

fn facts(src: &str) -> FileFacts {
    extract(&syntax::java::SPEC, Path::new("T.java"), src, false)
}

fn setting<'f>(f: &'f FileFacts, p: usize, key: &str) -> Option<&'f crate::model::Setting> {
    f.producers[p].config.get(key)
}

#[test]
fn local_properties_are_traced_with_canonical_keys() {
    let f = facts(
        r#"
import static org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG;
class A {
    static final String LINGER = "0";
    void run() {
        Properties props = new Properties();
        props.put(ACKS_CONFIG, "1");
        props.setProperty(ProducerConfig.RETRIES_CONFIG, String.valueOf(5));
        props.put("linger.ms", LINGER);
        props.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        props.put("custom.thing", 64 * 1024);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, Integer.MAX_VALUE);
        KafkaProducer<String, String> producer = new KafkaProducer<>(props);
    }
}
"#,
    );
    assert_eq!(f.producers.len(), 1);
    let p = &f.producers[0];
    assert_eq!(p.library, Library::KafkaClients);
    assert!(p.config.complete);
    assert_eq!(p.names, vec!["producer"]);
    let acks = setting(&f, 0, "acks").unwrap();
    assert_eq!(acks.value, Value::Str("1".into()));
    assert_eq!(acks.raw_key, "ACKS_CONFIG");
    assert_eq!(acks.span.start_line, 7);
    assert_eq!(acks.value_span.start_col, 32);
    assert_eq!(setting(&f, 0, "retries").unwrap().value, Value::Int(5));
    let linger = setting(&f, 0, "linger.ms").unwrap();
    assert_eq!(linger.value, Value::Str("0".into()));
    assert_eq!(linger.provenance, Provenance::Constant("LINGER".into()));
    assert_eq!(
        setting(&f, 0, "custom.thing").unwrap().value,
        Value::Int(65536)
    );
    assert_eq!(
        setting(&f, 0, "max.in.flight.requests.per.connection")
            .unwrap()
            .value,
        Value::Int(2147483647)
    );
    // Unmapped constant: skipped.
    assert_eq!(p.config.settings.len(), 5);
    assert_eq!(p.span.start_line, 13);
}

#[test]
fn helper_methods_fields_and_map_of_are_followed() {
    let f = facts(
        r#"
class A {
    private final Map<String, Object> base = new HashMap<>();
    {
        base.put("acks", "0");
    }
    private Map<String, Object> producerProps() {
        Map<String, Object> m = new HashMap<>(Map.of("linger.ms", 5, "batch.size", 32768));
        m.putAll(base);
        return m;
    }
    Producer<String, String> p1 = new KafkaProducer<>(producerProps());
    Producer<String, String> p2 = new KafkaProducer<>(Map.ofEntries(Map.entry("compression.type", "lz4")));
}
"#,
    );
    assert_eq!(f.producers.len(), 2);
    let p = &f.producers[0];
    assert!(p.config.complete, "{:?}", p.config);
    assert_eq!(setting(&f, 0, "linger.ms").unwrap().value, Value::Int(5));
    assert_eq!(
        setting(&f, 0, "batch.size").unwrap().value,
        Value::Int(32768)
    );
    assert_eq!(setting(&f, 0, "acks").unwrap().span.start_line, 5);
    assert_eq!(
        setting(&f, 1, "compression.type").unwrap().value,
        Value::Str("lz4".into())
    );
}

#[test]
fn unknown_sources_make_the_config_incomplete() {
    for body in [
        "Properties props = new Properties(); props.load(in); new KafkaProducer<>(props);",
        "Properties props = new Properties(defaults); new KafkaProducer<>(props);",
        "Map<String,Object> props = new HashMap<>(); props.putAll(other); new KafkaProducer<>(props);",
        "new KafkaProducer<>(cfg);",
        "Map<String,Object> props = new HashMap<>(); Security.apply(props); new KafkaProducer<>(props);",
        "new KafkaProducer<>(Settings.load());",
    ] {
        let src = format!("class A {{ void run(Map<String,Object> cfg, Properties defaults, Map<String,Object> other, InputStream in) {{ {body} }} }}");
        let f = facts(&src);
        assert_eq!(f.producers.len(), 1, "{body}");
        assert!(!f.producers[0].config.complete, "{body}");
    }
    // A helper of the same file that mutates the map is followed.
    let f = facts(
        "class A { void secure(Properties p) { p.put(\"acks\", \"all\"); }
         void run() { Properties props = new Properties(); secure(props); log.info(\"{}\", props);
           new KafkaProducer<>(props); } }",
    );
    assert!(f.producers[0].config.complete);
    assert_eq!(
        setting(&f, 0, "acks").unwrap().value,
        Value::Str("all".into())
    );
}

#[test]
fn spring_factory_template_names_and_transactions() {
    let f = facts(
        r#"
@Configuration
class KafkaConfig {
    @Bean
    public ProducerFactory<String, String> producerFactory() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        DefaultKafkaProducerFactory<String, String> pf = new DefaultKafkaProducerFactory<>(props);
        pf.setTransactionIdPrefix("tx-");
        return pf;
    }
    @Bean
    public KafkaTemplate<String, String> kafkaTemplate() {
        return new KafkaTemplate<>(producerFactory(), true);
    }
    void publish(String id, String payload) {
        kafkaTemplate().send("t", id, payload);
    }
}
"#,
    );
    assert_eq!(f.producers.len(), 1);
    let p = &f.producers[0];
    assert_eq!(p.library, Library::SpringKafka);
    for n in ["pf", "producerFactory", "kafkaTemplate"] {
        assert!(p.names.iter().any(|x| x == n), "{n} in {:?}", p.names);
    }
    let tx = setting(&f, 0, "transactional.id").unwrap();
    assert_eq!(tx.value, Value::Str("tx-".into()));
    assert_eq!(f.sends.len(), 1);
    let s = &f.sends[0];
    assert_eq!(s.producer, Some(0));
    assert_eq!(s.wait, Wait::FlushAfter);
    assert_eq!(s.key, KeyKind::Other);
    assert!(s.observation.is_unchecked());
}

#[test]
fn send_keys_by_overload_and_kind() {
    let f = facts(
        r#"
class S {
    private final KafkaProducer<String, String> producer;
    private final KafkaTemplate<String, Order> template;
    private final JavaMailSender mailSender;
    void go(Order order, String id) {
        producer.send(new ProducerRecord<>("t", order.toJson()));
        producer.send(new ProducerRecord<>("t", "fixed", "v"), (m, e) -> {});
        producer.send(new ProducerRecord<>("t", 0, String.valueOf(System.currentTimeMillis()), "v")).get();
        producer.send(new ProducerRecord<>("t", UUID.randomUUID().toString(), "v"));
        template.send("t", order.getRegion(), order);
        template.send("t", OrderStatus.SHIPPED.name(), order);
        template.send("t", String.valueOf(order.getTotal() > 100), order);
        template.send("t", order.getId(), order);
        template.send("t", order.isPriority(), order);
        template.sendDefault(order);
        template.sendDefault(null, order);
        mailSender.send(message);
        String k = order.getCountryCode();
        ProducerRecord<String, String> rec = new ProducerRecord<>("t", k, "v");
        producer.send(rec);
    }
}
"#,
    );
    let keys: Vec<_> = f.sends.iter().map(|s| s.key.clone()).collect();
    assert_eq!(f.sends.len(), 12, "{keys:?}");
    assert_eq!(keys[0], KeyKind::Null);
    assert_eq!(
        keys[1],
        KeyKind::Literal {
            text: "\"fixed\"".into(),
            value: "fixed".into()
        }
    );
    assert!(matches!(keys[2], KeyKind::Clock(_)));
    assert!(matches!(keys[3], KeyKind::Random(_)));
    assert!(matches!(keys[4], KeyKind::LowCardinality(_)));
    assert!(matches!(keys[5], KeyKind::LowCardinality(_)));
    assert!(matches!(keys[6], KeyKind::LowCardinality(_)));
    assert_eq!(keys[7], KeyKind::Other);
    assert!(matches!(keys[8], KeyKind::LowCardinality(_)));
    assert_eq!(keys[9], KeyKind::Null);
    assert_eq!(keys[10], KeyKind::Null);
    assert!(matches!(keys[11], KeyKind::LowCardinality(_)));
    // The key of a record built earlier is where the record is built.
    assert_eq!(f.sends[11].key_span.start_line, 20);
    // Observed / wait.
    assert!(f.sends[0].observation.is_unchecked());
    // An empty callback never looks at the error.
    assert_eq!(
        f.sends[1].observation,
        crate::model::Observation::CallbackIgnoresError { param: "e".into() }
    );
    assert_eq!(f.sends[2].wait, Wait::BlockingGet);
    assert!(!f.sends[2].observation.is_unchecked());
    // An `Order` parameter serialised into the value is an entity, handler or not.
    assert!(f.sends[0].entity.is_some());
    assert!(f
        .sends
        .iter()
        .all(|s| s.receiver.as_deref() != Some("mailSender")));
}

#[test]
fn loops_handlers_and_entity_data() {
    let f = facts(
        r#"
class Exporter {
    private final Producer<String, String> producer = new KafkaProducer<>(props());
    void export(List<Order> orders, List<String> lines) {
        for (Order order : orders) {
            producer.send(new ProducerRecord<>("orders", toJson(order)));
            producer.flush();
        }
        for (String line : lines) {
            producer.send(new ProducerRecord<>("lines", line));
        }
        orders.forEach(o -> producer.send(new ProducerRecord<>("orders", o.getId(), o.toJson())));
        orders.stream().map(Order::toJson).forEach(json -> producer.send(new ProducerRecord<>("o", json)));
    }
    @KafkaListener(topics = "in")
    public void onOrder(Order order) {
        Future<RecordMetadata> f = producer.send(new ProducerRecord<>("out", order.toJson()));
        f.get();
        try (KafkaProducer<String, String> p = new KafkaProducer<>(props())) {
            p.send(new ProducerRecord<>("audit", order.getId(), "x"));
        }
    }
    void poll() {
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
            for (ConsumerRecord<String, String> r : records) {
                producer.send(new ProducerRecord<>("out", r.key(), r.value()), cb);
            }
        }
    }
}
"#,
    );
    let s = &f.sends;
    assert_eq!(s.len(), 7);
    assert!(s[0].context.in_loop && !s[0].context.in_handler);
    assert!(s[0].entity.is_some());
    assert_eq!(s[0].wait, Wait::FlushAfter);
    assert!(s[1].context.in_loop && s[1].entity.is_none());
    assert!(
        s[2].context.in_loop && s[2].entity.is_some(),
        "forEach over orders"
    );
    assert!(s[3].context.in_loop && s[3].entity.is_none());
    assert!(s[2].observation.is_unchecked());
    assert!(s[4].context.in_handler && s[4].entity.is_some());
    assert_eq!(s[4].wait, Wait::BlockingGet);
    assert!(!s[4].observation.is_unchecked());
    assert!(s[6].context.in_loop && s[6].context.in_handler);
    assert_eq!(s[0].producer, Some(0));
    assert_eq!(s[5].producer, Some(1));
    let per_send = &f.producers[1];
    assert!(per_send.closed_after_use && per_send.context.in_handler);
    assert!(!f.producers[0].closed_after_use);
}

#[test]
fn producer_closed_later_in_the_same_method() {
    let f = facts(
        "class A { @PostMapping void post(@RequestBody Order order) {
            KafkaProducer<String,String> p = new KafkaProducer<>(props);
            p.send(new ProducerRecord<>(\"t\", order.getId(), order.toString()));
            p.close();
        } }",
    );
    assert!(f.producers[0].closed_after_use);
    assert!(f.producers[0].context.in_request);
}

#[test]
fn partitioner_issues() {
    let f = facts(
        r#"
import org.apache.kafka.clients.producer.Partitioner;
public class RegionPartitioner implements Partitioner {
    private final Random random = new Random();
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int n = cluster.partitionsForTopic(topic).size();
        int a = Math.abs(key.hashCode()) % n;
        int b = keyBytes.hashCode() % n;
        if (keyBytes == null) {
            return random.nextInt(n);
        }
        return Utils.toPositive(Utils.murmur2(keyBytes)) % n;
    }
    public void close() {}
    public void configure(Map<String, ?> configs) {}
}
class CounterBased implements org.apache.kafka.clients.producer.Partitioner {
    private final AtomicInteger counter = new AtomicInteger();
    public int partition(String topic, Object k, byte[] kb, Object v, byte[] vb, Cluster cluster) {
        return counter.getAndIncrement() % cluster.partitionCountForTopic(topic);
    }
}
class Shuffle implements Partitioner {
    public int partition(String topic, Object k, byte[] kb, Object v, byte[] vb, Cluster cluster) {
        return ThreadLocalRandom.current().nextInt(cluster.partitionCountForTopic(topic));
    }
}
class Good implements Partitioner {
    public int partition(String topic, Object key, byte[] keyBytes, Object v, byte[] vb, Cluster c) {
        return (key.hashCode() & 0x7fffffff) % c.partitionCountForTopic(topic) + Math.floorMod(key.hashCode(), 3);
    }
}
"#,
    );
    let issues: Vec<_> = f
        .partitioners
        .iter()
        .map(|p| (p.span.start_line, p.issue.clone()))
        .collect();
    assert_eq!(
        issues,
        vec![
            (7, PartitionerIssue::AbsModulo),
            (
                8,
                PartitionerIssue::UnstableHash("keyBytes.hashCode()".into())
            ),
            (20, PartitionerIssue::IgnoresKey),
            (25, PartitionerIssue::Random),
        ]
    );
}

#[test]
fn random_explicit_partition_for_keyed_record() {
    let f = facts(
        "class A { void s(KafkaProducer<String,String> producer, Random random, String id) {
            producer.send(new ProducerRecord<>(\"t\", random.nextInt(6), id, \"v\"), cb);
            producer.send(new ProducerRecord<>(\"t\", random.nextInt(6), null, \"v\"), cb);
        } }",
    );
    assert_eq!(f.partitioners.len(), 1);
    assert_eq!(f.partitioners[0].issue, PartitionerIssue::Random);
    assert_eq!(f.partitioners[0].span.start_line, 2);
}

#[test]
fn topics_in_code() {
    let f = facts(
        r#"
import org.springframework.kafka.config.TopicBuilder;
class T {
    static final short RF = 1;
    @Bean NewTopic a() { return new NewTopic("orders", 6, (short) 1).configs(Map.of("min.insync.replicas", "1")); }
    @Bean NewTopic b() { return new NewTopic("b", Optional.of(3), Optional.empty()); }
    @Bean NewTopic c() {
        return TopicBuilder.name("c")
            .partitions(3)
            .replicas(RF)
            .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")
            .config(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "true")
            .build();
    }
}
"#,
    );
    assert_eq!(f.topics.len(), 3);
    let a = &f.topics[0];
    assert_eq!(a.name.as_ref().and_then(|n| n.literal()), Some("orders"));
    assert_eq!(a.replication_factor, Some(1));
    assert_eq!(a.min_insync_replicas, Some(1));
    assert_eq!(a.min_insync_replicas_span.unwrap().start_line, 5);
    assert_eq!(f.topics[1].replication_factor, None);
    let c = &f.topics[2];
    assert_eq!(c.replication_factor, Some(1));
    assert_eq!(c.replication_factor_span.unwrap().start_line, 10);
    assert_eq!(c.min_insync_replicas, Some(2));
    assert_eq!(f.broker_settings.len(), 1);
    assert_eq!(f.broker_settings[0].value, Value::Bool(true));
}

#[test]
fn broken_and_deep_input_is_survived() {
    let f = facts("class A { void x() { Properties p = new Properties(); p.put(\"acks\", \"0\"); new KafkaProducer<>(p); ");
    assert_eq!(
        f.warnings,
        vec!["syntax errors, analysed partially".to_string()]
    );
    assert_eq!(f.producers.len(), 1);
    let mut deep = String::from("class A { void x() { int v = ");
    deep.push_str(&"(".repeat(50_000));
    deep.push('1');
    deep.push_str(&")".repeat(50_000));
    deep.push_str("; producer.send(new ProducerRecord<>(\"t\", \"v\")); } KafkaProducer<String,String> producer; }");
    let f = facts(&deep);
    assert_eq!(f.sends.len(), 1);
    let mut blocks = String::from("class A { void x() { ");
    blocks.push_str(&"{ ".repeat(20_000));
    blocks.push_str("producer.send(new ProducerRecord<>(\"t\", \"v\"));");
    blocks.push_str(&"} ".repeat(20_000));
    blocks.push_str("} KafkaProducer<String,String> producer; }");
    let _ = facts(&blocks);
}

#[test]
fn files_without_kafka_code_give_nothing() {
    assert!(facts("class A { void send(Mail m) { mailer.send(m); } }").is_empty());
    assert!(facts("class A { int x; }").is_empty());
}

#[test]
fn other_libraries_and_transactions() {
    let f = facts(
        "import org.apache.pulsar.client.api.Producer;
         class P { Producer<byte[]> producer; void s(byte[] m) { producer.send(m); } }",
    );
    assert!(f.sends.is_empty());
    let f = facts(
        "import org.apache.kafka.clients.producer.*;
         class T { KafkaProducer<String,String> producer; KafkaTemplate<String,String> template;
           void a(Order order) {
             producer.beginTransaction();
             producer.send(new ProducerRecord<>(\"t\", order.getId(), \"v\"));
             producer.commitTransaction();
           }
           void b(Order order) {
             template.executeInTransaction(ops -> { ops.send(\"t\", order.getId(), \"v\"); return true; });
           }
         }",
    );
    assert_eq!(f.sends.len(), 2);
    assert!(f.sends.iter().all(|s| !s.observation.is_unchecked()));
}

#[test]
fn field_maps_ignore_locals_of_the_same_name() {
    let f = facts(
        "class A {
            private final Properties props = new Properties();
            A() { props.put(\"linger.ms\", \"20\"); }
            void other() { Properties props = new Properties(); props.put(\"acks\", \"0\"); }
            KafkaProducer<String, String> create() { return new KafkaProducer<>(props); }
        }",
    );
    let p = &f.producers[0];
    assert!(p.config.complete);
    assert_eq!(p.config.settings.len(), 1);
    assert_eq!(p.config.settings[0].key, "linger.ms");
    assert_eq!(p.names, vec!["create"]);
}

#[test]
fn stored_futures_and_flush_only_count_before_the_next_send() {
    let f = facts(
        "class A { KafkaProducer<String,String> producer; KafkaTemplate<String,String> template;
          void a(List<String> ids) {
            for (String id : ids) {
                Future<RecordMetadata> f = producer.send(new ProducerRecord<>(\"t\", id, \"v\"));
                f.get();
            }
            while (more()) {
                var f1 = producer.send(new ProducerRecord<>(\"t\", next(), \"v\"));
                producer.send(new ProducerRecord<>(\"t\", next(), \"v\"), cb);
                f1.get();
            }
            do {
                template.send(new ProducerRecord<>(\"t\", next(), \"v\")).join();
                producer.send(new ProducerRecord<>(\"t\", next(), \"v\"), cb);
                log.info(\"sent\");
                producer.flush();
            } while (more());
            template.send(MessageBuilder.withPayload(\"v\").build());
            template.sendDefault(\"k\", \"v\").whenComplete((r, e) -> {});
          } }",
    );
    let w: Vec<_> = f.sends.iter().map(|s| s.wait).collect();
    assert_eq!(
        w,
        vec![
            Wait::BlockingGet,
            Wait::None,
            Wait::None,
            Wait::BlockingGet,
            Wait::None,
            Wait::None,
            Wait::None
        ]
    );
    assert!(f.sends[..5].iter().all(|s| s.context.in_loop));
    assert!(!f.sends[5].context.in_loop);
    assert_eq!(f.sends[5].key, KeyKind::Other);
    assert!(f.sends[5].observation.is_unchecked());
    assert_eq!(
        f.sends[6].key,
        KeyKind::Literal {
            text: "\"k\"".into(),
            value: "k".into()
        }
    );
    assert_eq!(
        f.sends[6].observation,
        crate::model::Observation::CallbackIgnoresError { param: "e".into() }
    );
}

#[test]
fn values_of_every_spelling() {
    let f = facts(
        "class A { void a() {
            final String acks = \"all\";
            Map<String, Object> m = new HashMap<>();
            m.putIfAbsent(\"acks\", acks);
            m.put(\"delivery.timeout.ms\", Long.MAX_VALUE);
            m.put(\"enable.idempotence\", Boolean.TRUE);
            m.put(\"retries\", Integer.toString(3));
            m.put(\"max.block.ms\", -1);
            m.put(\"request.timeout.ms\", timeoutMs());
            new KafkaProducer<>(m);
        } }",
    );
    let p = &f.producers[0];
    assert!(p.config.complete);
    let acks = p.config.get("acks").unwrap();
    assert_eq!(acks.value, Value::Str("all".into()));
    assert_eq!(acks.provenance, Provenance::Constant("acks".into()));
    assert_eq!(
        p.config.get("delivery.timeout.ms").unwrap().value,
        Value::Int(i64::MAX)
    );
    assert_eq!(
        p.config.get("enable.idempotence").unwrap().value,
        Value::Bool(true)
    );
    assert_eq!(p.config.get("retries").unwrap().value, Value::Int(3));
    assert_eq!(p.config.get("max.block.ms").unwrap().value, Value::Int(-1));
    assert_eq!(
        p.config.get("request.timeout.ms").unwrap().value,
        Value::Unknown("timeoutMs()".into())
    );
}

#[test]
fn injected_factories_and_functional_handlers() {
    let f = facts(
        "class C {
            @Bean ProducerFactory<String, Order> orderFactory() {
                return new DefaultKafkaProducerFactory<>(Map.of(\"linger.ms\", 5));
            }
            @Bean KafkaTemplate<String, Order> template(ProducerFactory<String, Order> pf) {
                return new KafkaTemplate<>(pf);
            }
            @Bean Consumer<Order> shipments() {
                return order -> template().send(\"shipments\", order.getId(), order).get();
            }
        }",
    );
    assert!(f.producers[0].names.iter().any(|n| n == "template"));
    assert_eq!(f.sends.len(), 1);
    assert_eq!(f.sends[0].producer, Some(0));
    assert!(f.sends[0].context.in_handler);
    assert_eq!(f.sends[0].wait, Wait::BlockingGet);
}

/// Every prefix and every line-dropped variant of the Java fixtures is
/// analysed without a panic (broken input is the normal case mid-edit).
#[test]
fn mangled_fixtures_never_panic() {
    fn java_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                java_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "java") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    java_files(Path::new("tests/fixtures"), &mut files);
    assert!(files.len() > 10);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        if text.len() > 20_000 {
            continue;
        }
        let step = (text.len() / 23).max(1);
        for cut in (0..text.len()).step_by(step) {
            if text.is_char_boundary(cut) {
                let _ = facts(&text[..cut]);
            }
        }
        let lines: Vec<&str> = text.lines().collect();
        for drop in (0..lines.len()).step_by(3) {
            let mangled: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != drop)
                .map(|(_, l)| *l)
                .collect();
            let _ = facts(&mangled.join("\n"));
        }
    }
}

#[test]
fn a_sync_send_chosen_against_an_async_one_through_helpers_is_deliberate() {
    let f = facts(
        r#"
class Demo {
    void run(KafkaProducer<Integer, String> producer, boolean isAsync) {
        for (int key = 0; key < 100; key++) {
            if (isAsync) {
                asyncSend(producer, key);
            } else {
                syncSend(producer, key);
            }
        }
    }
    void asyncSend(KafkaProducer<Integer, String> producer, int key) {
        producer.send(new ProducerRecord<>("t", key, "v"), (m, e) -> {});
    }
    void syncSend(KafkaProducer<Integer, String> producer, int key) throws Exception {
        producer.send(new ProducerRecord<>("t", key, "v")).get();
    }
    void always(KafkaProducer<Integer, String> producer) throws Exception {
        for (int i = 0; i < 10; i++) {
            blocking(producer, i);
        }
    }
    void blocking(KafkaProducer<Integer, String> producer, int i) throws Exception {
        producer.send(new ProducerRecord<>("t", i, "v")).get();
    }
}
"#,
    );
    let waits: Vec<(Wait, bool)> = f.sends.iter().map(|s| (s.wait, s.wait_chosen)).collect();
    assert_eq!(waits.len(), 3, "{waits:?}");
    // syncSend is one branch of the caller's switch; blocking() is not.
    assert!(f.sends[1].wait_chosen, "{waits:?}");
    assert!(!f.sends[2].wait_chosen, "{waits:?}");
}
