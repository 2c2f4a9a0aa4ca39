//! The shared code front-end on Rust (the rdkafka crate): builder chains,
//! typed `create()`, results of sends, `BaseProducer` polling, test code.

use crate::frontend::code::{extract, syntax};
use crate::model::{FileFacts, KeyKind, Library, Observation, Provenance, Value, Wait};
use std::path::Path;

fn facts(src: &str) -> FileFacts {
    extract(&syntax::rust::SPEC, Path::new("t.rs"), src, false)
}

#[test]
fn builder_chains_helpers_and_typed_creation() {
    let f = facts(
        r#"
use rdkafka::config::ClientConfig;
use rdkafka::producer::{FutureProducer, BaseProducer};
use rdkafka::consumer::StreamConsumer;
const ACKS: &str = "1";
fn base(brokers: &str) -> ClientConfig {
    let mut cfg = ClientConfig::new();
    cfg.set("bootstrap.servers", brokers).set("linger.ms", "0");
    cfg.set_log_level(RDKafkaLogLevel::Warning);
    cfg
}
fn producer() -> FutureProducer {
    base("k:9092").set("acks", ACKS).create().expect("producer")
}
fn other() {
    let p = ClientConfig::new().set("enable.idempotence", "true").create::<BaseProducer>().unwrap();
    let c: StreamConsumer = ClientConfig::new().set("group.id", "g").create().unwrap();
}
"#,
    );
    assert_eq!(f.producers.len(), 2);
    let p = &f.producers[0];
    assert_eq!(p.library, Library::RustRdkafka);
    assert!(p.config.complete, "{:?}", p.config.unknowns);
    let acks = p.config.get("acks").unwrap();
    assert_eq!(acks.value, Value::Str("1".into()));
    assert_eq!(acks.provenance, Provenance::Constant("ACKS".into()));
    assert_eq!(
        p.config.get("linger.ms").map(|s| &s.value),
        Some(&Value::Str("0".into()))
    );
    assert_eq!(p.names, vec!["producer"]);
    // The BaseProducer is never polled.
    assert_eq!(f.producers[1].reports_served, Some(false));
    assert_eq!(f.producers[0].reports_served, None);
}

#[test]
fn results_of_sends() {
    let f = facts(
        r#"
use rdkafka::producer::{FutureProducer, FutureRecord};
async fn run(p: &FutureProducer, items: Vec<Item>) -> Result<(), E> {
    for it in &items {
        p.send(FutureRecord::to("t").key(&it.id).payload("v"), T).await.map_err(|(e, _)| e)?;
    }
    let _ = p.send(FutureRecord::to("t").payload("v"), T).await;
    match p.send(FutureRecord::to("t").key("k").payload("v"), T).await { Ok(_) => {}, _ => {} }
    if let Err((e, _)) = p.send(FutureRecord::to("t").key(&id).payload("v"), T).await { log::error!("{e}"); }
    p.send(FutureRecord::to("t").key(&id).partition(3).payload("v"), T).await.ok();
    let r = p.send(FutureRecord::to("t").key(&id).payload("v"), T).await;
    r?;
    Ok(())
}
"#,
    );
    let s = &f.sends;
    assert_eq!(s.len(), 6);
    assert_eq!(s[0].observation, Observation::Awaited);
    assert_eq!(s[0].wait, Wait::BlockingGet);
    assert!(s[0].context.bulk);
    assert_eq!(s[1].observation, Observation::Dropped);
    assert_eq!(s[1].key, KeyKind::Null);
    assert_eq!(s[2].observation, Observation::ErrorSwallowed);
    assert!(matches!(s[2].key, KeyKind::Literal { .. }));
    assert_eq!(s[3].observation, Observation::Callback);
    assert_eq!(s[4].observation, Observation::ErrorSwallowed);
    assert!(s[4].explicit_partition);
    assert_eq!(s[5].observation, Observation::Awaited);
}

#[test]
fn request_handlers_struct_fields_and_test_code() {
    let f = facts(
        r#"
use rdkafka::producer::{FutureProducer, FutureRecord};
struct AppState { producer: FutureProducer }
async fn create(State(state): State<AppState>, Json(order): Json<Order>) -> StatusCode {
    let _ = state.producer.send(FutureRecord::to("orders").key(&order.id).payload("v"), T).await;
    StatusCode::OK
}
impl Publisher {
    async fn publish(&self, id: &str) {
        self.producer.send(FutureRecord::to("x").key(id).payload("v"), T).await.unwrap();
    }
}
struct Publisher { producer: FutureProducer }
#[cfg(test)]
mod tests {
    fn t(p: &FutureProducer) { let _ = p.send(FutureRecord::to("t").payload("v"), T); }
}
#[test]
fn also_a_test(p: &FutureProducer) { let _ = p.send(FutureRecord::to("t").payload("v"), T); }
"#,
    );
    let s = &f.sends;
    assert_eq!(s.len(), 2);
    assert!(s[0].context.in_request);
    assert_eq!(s[0].observation, Observation::Dropped);
    assert_eq!(s[1].observation, Observation::Awaited);
}

#[test]
fn partitioners_and_topics() {
    let f = facts(
        r#"
use rdkafka::producer::Partitioner;
use rdkafka::admin::{NewTopic, TopicReplication};
struct Fixed;
impl Partitioner for Fixed {
    fn partition(&self, topic: &str, key: Option<&[u8]>, partition_cnt: i32, available: bool) -> i32 { 0 }
}
fn topics() -> Vec<NewTopic<'static>> {
    vec![NewTopic::new("orders", 6, TopicReplication::Fixed(1)).set("min.insync.replicas", "1")]
}
fn more() { let t = NewTopic::new("audit", 3, TopicReplication::Fixed(3)); }
"#,
    );
    assert_eq!(f.partitioners.len(), 1);
    assert_eq!(f.topics.len(), 1);
    assert_eq!(f.topics[0].replication_factor, Some(3));
}

#[test]
fn latency_probes_and_mock_clusters() {
    let f = facts(
        r#"
use rdkafka::producer::{FutureProducer, FutureRecord};
fn now() -> i64 { SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as i64 }
async fn probe(p: &FutureProducer) {
    loop {
        p.send(FutureRecord::to("t").key("k").payload("x").timestamp(now()), T).await.unwrap();
    }
}
"#,
    );
    assert_eq!(f.sends.len(), 1);
    assert_eq!(f.sends[0].wait, Wait::BlockingGet);
    assert!(f.sends[0].wait_chosen);
    let f = facts(
        r#"
use rdkafka::mocking::MockCluster;
use rdkafka::producer::FutureProducer;
fn demo() {
    let cluster = MockCluster::new(3).unwrap();
    let p: FutureProducer = ClientConfig::new().set("bootstrap.servers", cluster.bootstrap_servers()).create().unwrap();
}
"#,
    );
    assert!(f.producers.is_empty());
}
