//! The shared code front-end on Python: kafka-python, confluent-kafka and
//! aiokafka producers, their configs (keyword arguments, dicts, `**conf`,
//! item assignments, environment defaults), sends, futures, callbacks,
//! keys, contexts, partitioners and topics.

use crate::frontend::code::{extract, syntax};
use crate::model::{
    FileFacts, KeyKind, Library, Observation, PartitionerIssue, Provenance, Value, Wait,
};
use std::path::Path;

fn facts(src: &str) -> FileFacts {
    extract(&syntax::python::SPEC, Path::new("app.py"), src, false)
}

fn value<'f>(f: &'f FileFacts, p: usize, key: &str) -> Option<&'f Value> {
    f.producers[p].config.get(key).map(|s| &s.value)
}

#[test]
fn kafka_python_keywords_inline_and_from_a_dict() {
    let f = facts(
        r#"
import os
from kafka import KafkaProducer

ACKS = 1
BASE = {"linger_ms": 20, "compression_type": "lz4"}

producer = KafkaProducer(
    bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092"),
    acks=ACKS,
    retries=int(os.getenv("KAFKA_RETRIES", "5")),
    **BASE,
)
"#,
    );
    assert_eq!(f.producers.len(), 1, "{:?}", f.warnings);
    let p = &f.producers[0];
    assert_eq!(p.library, Library::KafkaPython);
    assert!(p.config.complete, "{:?}", p.config.unknowns);
    let acks = p.config.get("acks").unwrap();
    assert_eq!(acks.value, Value::Int(1));
    assert_eq!(acks.provenance, Provenance::Constant("ACKS".into()));
    let retries = p.config.get("retries").unwrap();
    assert_eq!(retries.value, Value::Int(5));
    assert_eq!(
        retries.provenance,
        Provenance::EnvDefault("KAFKA_RETRIES".into())
    );
    assert_eq!(value(&f, 0, "linger.ms"), Some(&Value::Int(20)));
    assert_eq!(
        value(&f, 0, "compression.type"),
        Some(&Value::Str("lz4".into()))
    );
    assert_eq!(p.names, vec!["producer"]);
}

#[test]
fn kwargs_from_a_parameter_make_the_config_incomplete() {
    let f = facts(
        r#"
from kafka import KafkaProducer

def build(settings):
    return KafkaProducer(acks=0, **settings)
"#,
    );
    assert_eq!(f.producers.len(), 1);
    let p = &f.producers[0];
    assert!(!p.config.complete);
    // An explicit bad value is still known.
    assert_eq!(value(&f, 0, "acks"), Some(&Value::Int(0)));
}

#[test]
fn confluent_dict_variable_item_assignments_and_merges() {
    let f = facts(
        r#"
import confluent_kafka

BASE = {"bootstrap.servers": "kafka:9092", "linger.ms": 5}

def make():
    conf = {**BASE, "acks": "1"}
    conf["enable.idempotence"] = False
    conf.update({"compression.codec": "snappy"})
    extra = dict(retries=3)
    return confluent_kafka.Producer(conf)
"#,
    );
    assert_eq!(f.producers.len(), 1);
    let p = &f.producers[0];
    assert_eq!(p.library, Library::ConfluentKafkaPython);
    assert!(p.config.complete, "{:?}", p.config.unknowns);
    assert_eq!(value(&f, 0, "acks"), Some(&Value::Str("1".into())));
    assert_eq!(value(&f, 0, "linger.ms"), Some(&Value::Int(5)));
    assert_eq!(
        value(&f, 0, "enable.idempotence"),
        Some(&Value::Bool(false))
    );
    assert!(value(&f, 0, "compression.type").is_some());
    assert_eq!(p.config.variable.as_deref(), Some("conf"));
}

#[test]
fn confluent_dict_call_and_literal_argument() {
    let f = facts(
        r#"
from confluent_kafka import Producer, SerializingProducer

p = Producer(dict(**{"bootstrap.servers": "k:9092"}, acks="all"))
q = SerializingProducer({"bootstrap.servers": "k:9092", "request.required.acks": -1})
"#,
    );
    assert_eq!(f.producers.len(), 2);
    assert_eq!(value(&f, 0, "acks"), Some(&Value::Str("all".into())));
    assert!(f.producers[1].config.get("acks").is_some());
}

#[test]
fn a_producer_name_not_imported_from_kafka_is_not_a_producer() {
    let f = facts(
        r#"
from mylib.queue import Producer

p = Producer({"acks": 0})
p.produce("t", b"v")
"#,
    );
    assert!(f.producers.is_empty());
    assert!(f.sends.is_empty());
}

#[test]
fn kafka_python_sends_futures_and_callbacks() {
    let f = facts(
        r#"
import logging
from kafka import KafkaProducer

log = logging.getLogger(__name__)
producer = KafkaProducer(acks="all")

def on_error(exc):
    log.error("send failed: %s", exc)

def run(rows):
    for row in rows:
        producer.send("a", value=row, key=row["id"]).get(timeout=10)
    for row in rows:
        producer.send("b", row).add_errback(on_error)
    for row in rows:
        producer.send("c", row).add_callback(lambda md: log.info("ok"))
    futures = []
    for row in rows:
        futures.append(producer.send("d", value=row, key=row["id"]))
    for fut in futures:
        fut.get(timeout=30)
    producer.send("e", b"x")
    producer.flush()
"#,
    );
    assert_eq!(f.sends.len(), 5, "{:?}", f.sends);
    let s = |i: usize| &f.sends[i];
    assert_eq!(s(0).wait, Wait::BlockingGet);
    assert!(s(0).context.in_loop);
    assert_eq!(s(0).observation, Observation::Awaited);
    assert_eq!(s(1).observation, Observation::Callback);
    assert_eq!(s(2).observation, Observation::SuccessOnly);
    assert_eq!(s(3).wait, Wait::None);
    assert_eq!(s(3).observation, Observation::Kept);
    assert_eq!(s(4).wait, Wait::FlushAfter);
}

#[test]
fn confluent_produce_callbacks_and_served_reports() {
    let f = facts(
        r#"
from confluent_kafka import Producer

def report(err, msg):
    if err is not None:
        print("delivery failed", err)

def ignore(err, msg):
    print("delivered", msg.topic())

polled = Producer({"bootstrap.servers": "k"})
never = Producer({"bootstrap.servers": "k"})

def send_all(rows):
    for r in rows:
        polled.produce("t", r, on_delivery=report)
        polled.poll(0)
    for r in rows:
        never.produce("t", value=r, callback=ignore)
    polled.flush()
"#,
    );
    assert_eq!(f.producers.len(), 2);
    assert_eq!(f.producers[0].reports_served, Some(true));
    assert_eq!(f.producers[1].reports_served, Some(false));
    assert_eq!(f.sends.len(), 2);
    assert_eq!(f.sends[0].observation, Observation::Callback);
    assert!(matches!(
        f.sends[1].observation,
        Observation::CallbackIgnoresError { .. }
    ));
}

#[test]
fn aiokafka_queued_sends_waits_and_batches() {
    let f = facts(
        r#"
from aiokafka import AIOKafkaProducer

async def pump(rows):
    producer = AIOKafkaProducer(bootstrap_servers="k:9092", enable_idempotence=True)
    await producer.start()
    try:
        for r in rows:
            await producer.send_and_wait("a", r)
        for r in rows:
            await (await producer.send("b", r))
        for r in rows:
            await producer.send("c", r)
        batch = producer.create_batch()
        await producer.send_batch(batch, "d", partition=0)
        fut = await producer.send("e", b"x")
        await fut
    finally:
        await producer.stop()
"#,
    );
    assert_eq!(f.producers.len(), 1);
    assert_eq!(f.producers[0].library, Library::AioKafka);
    assert_eq!(f.sends.len(), 5, "{:?}", f.sends);
    assert_eq!(f.sends[0].wait, Wait::BlockingGet);
    assert_eq!(f.sends[1].wait, Wait::BlockingGet);
    assert_eq!(f.sends[2].wait, Wait::None);
    assert_eq!(f.sends[2].observation, Observation::Dropped);
    assert!(f.sends[3].batch);
    assert_eq!(f.sends[4].wait, Wait::None);
    assert_ne!(f.sends[4].observation, Observation::Dropped);
}

#[test]
fn keys_of_every_kind() {
    let f = facts(
        r#"
import time
import uuid
from uuid import uuid4
from kafka import KafkaProducer

STATIC = b"static"
producer = KafkaProducer(acks="all")

def publish(event):
    producer.send("t", value=event, key=None)
    producer.send("t", value=event, key=str(uuid.uuid4()).encode())
    producer.send("t", value=event, key=uuid4().hex)
    producer.send("t", value=event, key=str(time.time()))
    producer.send("t", value=event, key=STATIC)
    producer.send("t", value=event, key=event["country"].encode())
    producer.send("t", value=event, key=f"{event['order_id']}".encode())
    producer.send("t", event, event["user_id"])
"#,
    );
    let keys: Vec<&KeyKind> = f.sends.iter().map(|s| &s.key).collect();
    assert_eq!(keys.len(), 8);
    assert_eq!(keys[0], &KeyKind::Null);
    assert!(matches!(keys[1], KeyKind::Random(_)), "{:?}", keys[1]);
    assert!(matches!(keys[2], KeyKind::Random(_)), "{:?}", keys[2]);
    assert!(matches!(keys[3], KeyKind::Clock(_)), "{:?}", keys[3]);
    assert!(matches!(keys[4], KeyKind::Literal { .. }), "{:?}", keys[4]);
    assert!(
        matches!(keys[5], KeyKind::LowCardinality(_)),
        "{:?}",
        keys[5]
    );
    assert_eq!(keys[6], &KeyKind::Other);
    assert_eq!(keys[7], &KeyKind::Other);
    assert!(f.sends[7].keyed);
}

#[test]
fn salted_hash_partitioners_and_keys() {
    let f = facts(
        r#"
from kafka import KafkaProducer
from kafka.partitioner.default import murmur2

def by_hash(key_bytes, all_partitions, available):
    return all_partitions[hash(key_bytes) % len(all_partitions)]

def stable(key_bytes, all_partitions, available):
    return all_partitions[(murmur2(key_bytes) & 0x7fffffff) % len(all_partitions)]

class First:
    def __call__(self, key, all_partitions, available):
        return all_partitions[0]

a = KafkaProducer(partitioner=by_hash)
b = KafkaProducer(partitioner=stable)
c = KafkaProducer(partitioner=First())

def send(user_id, n):
    a.send("t", value=b"v", key=str(hash(user_id)).encode())
    a.send("t", value=b"v", partition=abs(hash(user_id)) % n)
    a.send("t", value=b"v", partition=hash(int(user_id)) % n)
"#,
    );
    let issues: Vec<(u32, &PartitionerIssue)> = f
        .partitioners
        .iter()
        .map(|p| (p.span.start_line, &p.issue))
        .collect();
    assert_eq!(issues.len(), 4, "{issues:?}");
    assert!(matches!(issues[0], (6, PartitionerIssue::UnstableHash(_))));
    assert!(matches!(issues[1], (13, PartitionerIssue::IgnoresKey)));
    assert!(matches!(issues[2], (20, PartitionerIssue::UnstableHash(_))));
    assert!(matches!(issues[3], (21, PartitionerIssue::UnstableHash(_))));
}

#[test]
fn handlers_loops_and_comprehensions() {
    let f = facts(
        r#"
from flask import Flask, request
from kafka import KafkaProducer

app = Flask(__name__)
producer = KafkaProducer(acks="all")

@app.route("/orders", methods=["POST"])
def create_order():
    producer.send("orders", value=request.data).get(timeout=5)
    return "", 201

def replay(rows):
    [producer.send("replay", value=r).get() for r in rows]
"#,
    );
    assert_eq!(f.sends.len(), 2);
    assert!(f.sends[0].context.in_request);
    assert!(!f.sends[0].context.in_loop);
    assert!(f.sends[1].context.in_loop);
    assert_eq!(f.sends[1].wait, Wait::BlockingGet);
}

#[test]
fn topics_created_with_admin_clients() {
    let f = facts(
        r#"
from confluent_kafka.admin import AdminClient, NewTopic

admin = AdminClient({"bootstrap.servers": "kafka-1:9092"})
admin.create_topics([
    NewTopic("orders", num_partitions=6, replication_factor=3, config={"min.insync.replicas": "1"}),
])
"#,
    );
    assert_eq!(f.topics.len(), 1, "{:?}", f.topics);
}

#[test]
fn broken_and_odd_syntax_is_analysed_partially() {
    let f = facts("from kafka import KafkaProducer\np = KafkaProducer(acks=0\ndef (:\n");
    assert!(f.warnings.iter().any(|w| w.contains("syntax errors")));
    let f = facts("x = 1\n");
    assert!(f.producers.is_empty());
}

#[test]
fn module_imports_and_random_partitions() {
    let f = facts(
        r#"
import random
import kafka
import aiokafka as ak

producer = kafka.KafkaProducer(acks="all")
aio = ak.AIOKafkaProducer(bootstrap_servers="k")

def spread(event, n):
    producer.send("t", value=event, key=event["user_id"], partition=random.randrange(n))
    producer.send("t", value=event, partition=random.randrange(n))
"#,
    );
    assert_eq!(f.producers.len(), 2);
    assert_eq!(f.producers[0].library, Library::KafkaPython);
    assert_eq!(f.producers[1].library, Library::AioKafka);
    assert_eq!(f.sends.len(), 2);
    let random: Vec<u32> = f
        .partitioners
        .iter()
        .filter(|p| p.issue == PartitionerIssue::Random)
        .map(|p| p.span.start_line)
        .collect();
    assert_eq!(random, vec![10], "{:?}", f.partitioners);
}

#[test]
fn confluent_config_given_as_keyword_arguments() {
    let f = facts(
        r#"
from confluent_kafka import Producer

conf = {"bootstrap.servers": "k:9092", "acks": "1"}
p = Producer(**conf)
"#,
    );
    assert_eq!(f.producers.len(), 1);
    assert!(f.producers[0].config.complete);
    assert_eq!(value(&f, 0, "acks"), Some(&Value::Str("1".into())));
}

#[test]
fn or_gives_an_operand_not_a_boolean() {
    let f = facts(
        r#"
from kafka import KafkaProducer

producer = KafkaProducer(acks="all")

def emit(event, fixed_key=None):
    producer.send("t", value=event, key=fixed_key or event["run_id"])
    producer.send("t", value=event, key=event["id"] == 1)
"#,
    );
    assert_eq!(f.sends[0].key, KeyKind::Other);
    assert!(matches!(f.sends[1].key, KeyKind::LowCardinality(_)));
}

#[test]
fn a_fastapi_dependency_runs_per_request() {
    let f = facts(
        r#"
from aiokafka import AIOKafkaProducer
from fastapi import Depends

async def get_producer():
    producer = AIOKafkaProducer(bootstrap_servers="k")
    await producer.start()
    try:
        yield producer
    finally:
        await producer.stop()

async def handler(producer=Depends(get_producer)):
    pass
"#,
    );
    assert_eq!(f.producers.len(), 1);
    assert!(
        f.producers[0].context.in_request,
        "{:?}",
        f.producers[0].context
    );
    assert!(f.producers[0].closed_after_use);
}

#[test]
fn a_wrapper_field_is_not_the_local_producer_of_another_method() {
    let f = facts(
        r#"
from aiokafka import AIOKafkaProducer

class Streamer:
    def __init__(self, producer):
        self.producer = producer

    async def run(self, ws):
        while True:
            await self.producer.produce(await ws.recv())

class OneShot:
    async def produce(self, message):
        producer = AIOKafkaProducer(bootstrap_servers="k")
        await producer.start()
        try:
            await producer.send_and_wait("t", message)
        finally:
            await producer.stop()
"#,
    );
    assert_eq!(f.producers.len(), 1);
    assert_eq!(f.sends.len(), 1, "{:?}", f.sends);
    assert_eq!(f.sends[0].span.start_line, 17);
}

#[test]
fn producers_imported_under_an_alias() {
    let f = facts(
        r#"
from confluent_kafka import Producer as KafkaProducer
from kafka import KafkaProducer as KP

p = KafkaProducer({"bootstrap.servers": "k", "acks": 0})
q = KP(acks=1)
p.produce("t", b"v")
"#,
    );
    assert_eq!(f.producers.len(), 2, "{:?}", f.producers);
    assert_eq!(f.producers[0].library, Library::ConfluentKafkaPython);
    assert_eq!(value(&f, 0, "acks"), Some(&Value::Int(0)));
    assert_eq!(f.producers[1].library, Library::KafkaPython);
    assert_eq!(f.sends.len(), 1);
}

#[test]
fn a_wrapper_class_of_the_same_name_is_not_the_client() {
    let f = facts(
        r#"
from kafka import KafkaClient

class KafkaProducer(object):
    def __init__(self, acks=0):
        self.client = KafkaClient()

p = KafkaProducer(acks=0)
"#,
    );
    assert!(f.producers.is_empty());
}

#[test]
fn environment_defaults_through_or() {
    let f = facts(
        r#"
import os
from kafka import KafkaProducer

p = KafkaProducer(acks=os.environ.get("KAFKA_ACKS") or 1)
"#,
    );
    let acks = f.producers[0].config.get("acks").unwrap();
    assert_eq!(acks.value, Value::Int(1));
    assert_eq!(acks.provenance, Provenance::EnvDefault("KAFKA_ACKS".into()));
}

#[test]
fn a_method_called_from_a_loop_sends_in_that_loop() {
    let f = facts(
        r#"
from kafka import KafkaProducer

class Publisher:
    def __init__(self):
        self.producer = KafkaProducer(acks="all")

    def publish(self, item):
        self.producer.send("items", value=item.body, key=item.id).get(timeout=5)

    def publish_all(self, items):
        for item in items:
            self.publish(item)
"#,
    );
    assert_eq!(f.sends.len(), 1);
    assert!(f.sends[0].context.in_loop, "{:?}", f.sends[0].context);
    assert_eq!(f.sends[0].wait, Wait::BlockingGet);
}

#[test]
fn module_constants_are_offered_to_other_files() {
    let c = crate::frontend::code::constants(
        &syntax::python::SPEC,
        "import os\n\nKAFKA_ACKS = \"1\"\nLINGER_MS = 0\nretries = 3\nretries = 4\n\ndef f():\n    local = 1\n",
    );
    let names: Vec<(&str, &str)> = c
        .iter()
        .map(|c| (c.class.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(names, vec![("", "KAFKA_ACKS"), ("", "LINGER_MS")], "{c:?}");
}
