//! The shared code front-end on C# (Confluent.Kafka): initializers,
//! dictionaries, property assignments, `Set`, report handlers, `using`
//! scopes and the tasks of `ProduceAsync`.

use crate::frontend::code::{extract, syntax};
use crate::model::{FileFacts, KeyKind, Library, Observation, Provenance, Value, Wait};
use std::path::Path;

fn facts(src: &str) -> FileFacts {
    extract(&syntax::csharp::SPEC, Path::new("T.cs"), src, false)
}

fn value(f: &FileFacts, p: usize, key: &str) -> Option<Value> {
    f.producers[p].config.get(key).map(|s| s.value.clone())
}

#[test]
fn initializers_assignments_dictionaries_and_set() {
    let f = facts(
        r#"
using Confluent.Kafka;
class P {
    private const string Linger = "0";
    static readonly int Batch = 16384;
    IProducer<string, string> Build() {
        var config = new ProducerConfig { BootstrapServers = "k:9092", Acks = Acks.Leader, EnableIdempotence = false };
        config.LingerMs = int.Parse(Linger);
        config.Set("compression.type", "lz4");
        config.BatchSize = Batch;
        return new ProducerBuilder<string, string>(config).SetErrorHandler((_, e) => Log(e)).Build();
    }
    IProducer<Null, string> FromDictionary() {
        var d = new Dictionary<string, string> { { "acks", "0" }, ["linger.ms"] = "5" };
        return new ProducerBuilder<Null, string>(new ProducerConfig(d)).Build();
    }
    IProducer<Null, string> Typed() {
        ProducerConfig c = new() { Acks = Acks.All, CompressionType = CompressionType.Zstd };
        return new ProducerBuilder<Null, string>(c).Build();
    }
}
"#,
    );
    assert_eq!(f.producers.len(), 3);
    let p = &f.producers[0];
    assert_eq!(p.library, Library::ConfluentKafkaDotnet);
    assert!(p.config.complete);
    assert_eq!(value(&f, 0, "acks"), Some(Value::Str("1".into())));
    assert_eq!(value(&f, 0, "enable.idempotence"), Some(Value::Bool(false)));
    assert_eq!(value(&f, 0, "linger.ms"), Some(Value::Int(0)));
    assert_eq!(
        value(&f, 0, "compression.type"),
        Some(Value::Str("lz4".into()))
    );
    let batch = p.config.get("batch.size").unwrap();
    assert_eq!(batch.value, Value::Int(16384));
    assert_eq!(batch.provenance, Provenance::Constant("Batch".into()));
    assert_eq!(p.names, vec!["Build"]);
    assert_eq!(value(&f, 1, "acks"), Some(Value::Str("0".into())));
    assert_eq!(value(&f, 1, "linger.ms"), Some(Value::Str("5".into())));
    assert_eq!(value(&f, 2, "acks"), Some(Value::Str("all".into())));
    assert_eq!(
        value(&f, 2, "compression.type"),
        Some(Value::Str("zstd".into()))
    );
}

#[test]
fn sends_reports_tasks_and_disposal() {
    let f = facts(
        r#"
using Confluent.Kafka;
class S {
    IProducer<string, string> _p;
    async Task Run(List<Order> orders) {
        foreach (var o in orders) {
            await _p.ProduceAsync("orders", new Message<string, string> { Key = o.Id, Value = o.Json });
        }
        _p.Produce("orders", new Message<string, string> { Value = "x" });
        _p.Produce("orders", new Message<string, string> { Key = "k", Value = "x" }, r => Console.WriteLine(r.Message.Value));
        _p.Produce("orders", new Message<string, string> { Key = Guid.NewGuid().ToString(), Value = "x" }, r => { if (r.Error.IsError) Fail(r.Error); });
        var tasks = orders.Select(o => _p.ProduceAsync("orders", new Message<string, string> { Key = o.Id, Value = o.Json })).ToList();
        await Task.WhenAll(tasks);
        _p.ProduceAsync(new TopicPartition("orders", new Partition(2)), new Message<string, string> { Value = "x" }).Wait();
        using (var temp = new ProducerBuilder<string, string>(new ProducerConfig()).Build()) {
            temp.Produce("audit", new Message<string, string> { Key = "a", Value = "b" }, r => { if (r.Error.IsError) Fail(r.Error); });
        }
    }
}
"#,
    );
    let s = &f.sends;
    assert_eq!(s.len(), 7);
    assert_eq!(s[0].wait, Wait::BlockingGet);
    assert_eq!(s[0].observation, Observation::Awaited);
    assert!(s[0].context.in_loop);
    assert_eq!(s[1].observation, Observation::Dropped);
    assert_eq!(s[1].key, KeyKind::Null);
    assert_eq!(
        s[2].observation,
        Observation::CallbackIgnoresError {
            param: "r.Error".into()
        }
    );
    assert_eq!(s[3].observation, Observation::Callback);
    assert!(matches!(s[3].key, KeyKind::Random(_)));
    assert_eq!(s[4].observation, Observation::Kept);
    assert_eq!(s[4].wait, Wait::None);
    assert_eq!(s[5].wait, Wait::BlockingGet);
    assert!(s[5].explicit_partition);
    assert!(s[6].lost_at_close);
    assert!(!s[3].lost_at_close);
}

#[test]
fn controllers_minimal_apis_and_background_services() {
    let f = facts(
        r#"
using Confluent.Kafka;
public class OrdersController : ControllerBase {
    IProducer<string, string> _p;
    public async Task<IActionResult> Post(Order o) {
        await _p.ProduceAsync("orders", new Message<string, string> { Key = o.Id, Value = "x" });
        return Ok();
    }
}
public class Worker : BackgroundService {
    IProducer<string, string> _p;
    protected override async Task ExecuteAsync(CancellationToken ct) {
        await foreach (var item in _reader.ReadAllAsync(ct)) {
            await _p.ProduceAsync("items", new Message<string, string> { Key = item.Id, Value = "x" });
        }
    }
}
static class Api {
    static void Map(WebApplication app, IProducer<string, string> p) {
        app.MapPost("/x", async (Order o) => await p.ProduceAsync("x", new Message<string, string> { Key = o.Id, Value = "v" }));
    }
}
"#,
    );
    let s = &f.sends;
    assert_eq!(s.len(), 3);
    assert!(s[0].context.in_request && !s[0].context.in_loop);
    assert!(s[1].context.in_handler && s[1].context.bulk);
    assert!(s[2].context.in_request);
}

#[test]
fn topics_created_with_the_admin_client() {
    let f = facts(
        r#"
using Confluent.Kafka;
using Confluent.Kafka.Admin;
class T {
    async Task Create(IAdminClient admin) {
        await admin.CreateTopicsAsync(new[] {
            new TopicSpecification { Name = "orders", NumPartitions = 6, ReplicationFactor = 1,
                Configs = new Dictionary<string, string> { { "min.insync.replicas", "1" } } },
            new TopicSpecification { Name = "audit", ReplicationFactor = -1 },
        });
    }
}
"#,
    );
    assert_eq!(f.topics.len(), 2);
    assert_eq!(f.topics[0].replication_factor, Some(1));
    assert_eq!(f.topics[0].min_insync_replicas, Some(1));
    assert_eq!(f.topics[1].replication_factor, None);
}

#[test]
fn files_without_producer_code_are_not_parsed_and_other_libraries_are_ignored() {
    assert!(facts("// new ProducerBuilder<string, string>(config)\nclass A { string s = \"new ProducerBuilder<K,V>(c)\"; }").is_empty());
    // A Pulsar-style IProducer without Confluent's namespace is not a Kafka producer.
    let f = facts(
        "using DotPulsar;\nclass A { IProducer<string> p; void F() { p.Produce(\"t\", m); } }",
    );
    assert!(f.sends.is_empty());
}

#[test]
fn produce_then_consume_round_trips_are_paced_by_the_consumer() {
    let f = facts(
        r#"
using Confluent.Kafka;
class RoundTrip {
    async Task Run(IProducer<Null, string> producer, IConsumer<Null, string> consumer) {
        while (!cancelled) {
            await producer.ProduceAsync("t", new Message<Null, string> { Value = "ping" });
            var r = consumer.Consume(ct);
        }
        while (!cancelled) {
            var m = consumer.Consume(ct);
            await producer.ProduceAsync("out", new Message<Null, string> { Value = m.Message.Value });
        }
    }
}
"#,
    );
    let s = &f.sends;
    assert_eq!(s.len(), 2);
    assert!(!s[0].context.bulk && !s[0].context.in_handler);
    assert!(s[1].context.in_handler);
}
