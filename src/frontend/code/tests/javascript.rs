//! The shared code front-end on JavaScript and TypeScript (kafkajs,
//! @confluentinc/kafka-javascript, node-rdkafka): require/import forms,
//! object literals and nested options, client settings under the
//! producer's, per-send options, promises and delivery reports.

use crate::frontend::code::{extract, syntax};
use crate::model::{FileFacts, KeyKind, Library, Observation, Provenance, Value, Wait};
use std::path::Path;

fn js(src: &str) -> FileFacts {
    extract(
        &syntax::javascript::JAVASCRIPT,
        Path::new("t.js"),
        src,
        false,
    )
}

fn ts(src: &str) -> FileFacts {
    extract(
        &syntax::javascript::TYPESCRIPT,
        Path::new("t.ts"),
        src,
        false,
    )
}

fn value(f: &FileFacts, p: usize, key: &str) -> Option<Value> {
    f.producers[p].config.get(key).map(|s| s.value.clone())
}

#[test]
fn kafkajs_producers_client_settings_spreads_and_nested_options() {
    let f = js(r#"
const { Kafka, CompressionTypes } = require('kafkajs');
const kafka = new Kafka({ clientId: 'orders', brokers: ['kafka-1:9092'], retry: { retries: 3 } });
const bare = kafka.producer();
const base = { idempotent: true, maxInFlightRequests: 5 };
const spread = kafka.producer({ ...base, idempotent: false });
const chained = new Kafka({ brokers: ['k:9092'] }).producer({ retry: { retries: 0 } });
"#);
    assert_eq!(f.producers.len(), 3);
    let p = &f.producers[0];
    assert_eq!(p.library, Library::KafkaJs);
    assert!(p.config.complete, "{:?}", p.config.unknowns);
    assert_eq!(p.names, vec!["bare"]);
    assert_eq!(value(&f, 0, "retries"), Some(Value::Int(3)));
    assert_eq!(value(&f, 0, "client.id"), Some(Value::Str("orders".into())));
    assert_eq!(value(&f, 0, "enable.idempotence"), None);
    // A spread, then the literal's own entries win.
    assert_eq!(value(&f, 1, "enable.idempotence"), Some(Value::Bool(false)));
    assert_eq!(
        value(&f, 1, "max.in.flight.requests.per.connection"),
        Some(Value::Int(5))
    );
    // The producer's retry wins over the client's.
    assert_eq!(value(&f, 2, "retries"), Some(Value::Int(0)));
}

#[test]
fn import_forms_decide_the_library() {
    // A file that does not import kafkajs builds no kafkajs producer.
    let none = js("const kafka = makeKafka();\nconst p = kafka.producer();\n");
    assert!(none.producers.is_empty());
    let esm = js("import { Kafka as K } from 'kafkajs';\nconst p = new K({ brokers: [] }).producer({ idempotent: true });\n");
    assert_eq!(esm.producers.len(), 1);
    assert_eq!(
        value(&esm, 0, "enable.idempotence"),
        Some(Value::Bool(true))
    );
    let rd = js("const Kafka = require('node-rdkafka');\nconst p = new Kafka.Producer({ 'metadata.broker.list': 'k:9092', 'acks': 1 }, { 'compression.codec': 'lz4' });\n");
    assert_eq!(rd.producers[0].library, Library::NodeRdkafka);
    assert_eq!(value(&rd, 0, "acks"), Some(Value::Int(1)));
    assert!(
        value(&rd, 0, "compression.type").is_some(),
        "topic config read"
    );
    let ck = ts("import { KafkaJS } from '@confluentinc/kafka-javascript';\nconst kafka = new KafkaJS.Kafka({ kafkaJS: { brokers: ['k:9092'] } });\nconst p = kafka.producer({ kafkaJS: { idempotent: true }, 'linger.ms': 5 });\n");
    assert_eq!(ck.producers[0].library, Library::ConfluentKafkaJs);
    assert_eq!(value(&ck, 0, "enable.idempotence"), Some(Value::Bool(true)));
    assert_eq!(value(&ck, 0, "linger.ms"), Some(Value::Int(5)));
    let req = ts("import Kafka = require('node-rdkafka');\nconst p = new Kafka.HighLevelProducer({ 'metadata.broker.list': 'k' });\n");
    assert_eq!(req.producers[0].library, Library::NodeRdkafka);
}

#[test]
fn send_options_messages_keys_and_per_send_settings() {
    let f = js(r#"
const { Kafka, CompressionTypes } = require('kafkajs');
const crypto = require('crypto');
const producer = new Kafka({ brokers: ['k:9092'] }).producer();
async function go(order, rows) {
  await producer.send({ topic: 'orders', acks: 1, compression: CompressionTypes.GZIP, messages: [{ key: order.id, value: JSON.stringify(order) }] });
  await producer.send({ topic: 'orders', messages: [{ value: JSON.stringify(order) }] });
  await producer.send({ topic: 'orders', messages: rows.map((r) => ({ key: r.id, value: r })) });
  await producer.send({ topic: 'orders', messages: [{ key: crypto.randomUUID(), value: 'x' }] });
  await producer.send({ topic: 'orders', messages: [{ key: `order-${order.id}`, value: 'x' }] });
  await producer.send({ topic: 'orders', messages: [{ key: new Date().toISOString(), value: 'x' }] });
  await producer.sendBatch({ topicMessages: [{ topic: 'orders', messages: rows }] });
  const { key } = order;
  await producer.send({ topic: 'orders', messages: [{ key, value: 'x' }] });
}
"#);
    let s = &f.sends;
    assert_eq!(s.len(), 8);
    assert_eq!(
        s[0].topic.as_ref().and_then(|t| t.literal()),
        Some("orders")
    );
    assert!(s[0].keyed);
    let keys: Vec<&str> = s[0].settings.iter().map(|x| x.key.as_str()).collect();
    assert_eq!(keys, vec!["acks", "compression.type"]);
    assert_eq!(s[0].settings[1].value, Value::Str("gzip".into()));
    assert_eq!(s[1].key, KeyKind::Null);
    assert!(s[2].batch && !s[2].keyed);
    assert!(matches!(s[3].key, KeyKind::Random(_)));
    assert_eq!(s[4].key, KeyKind::Other);
    assert!(matches!(s[5].key, KeyKind::Clock(_)));
    assert!(s[6].batch);
    assert_eq!(s[7].key, KeyKind::Other);
}

#[test]
fn promises_awaited_returned_collected_caught_or_dropped() {
    let f = js(r#"
const { Kafka } = require('kafkajs');
const producer = new Kafka({ brokers: ['k:9092'] }).producer({ idempotent: true });
const m = { topic: 't', messages: [{ key: 'k', value: 'v' }] };
async function a() { await producer.send(m); }
function b() { return producer.send(m); }
async function c(os) { await Promise.all(os.map((o) => producer.send(m))); }
function d() { producer.send(m).catch((err) => console.error(err)); }
function e() { producer.send(m).catch(() => {}); }
function f() { producer.send(m); }
function g() { producer.send(m).then(() => console.log('ok')); }
function h() { producer.send(m).then(() => 1, (err) => console.error(err)); }
async function i(rows) { for (const r of rows) { await producer.send(m); } }
function j() { void producer.send(m); }
"#);
    let obs: Vec<(Wait, Observation)> = f
        .sends
        .iter()
        .map(|s| (s.wait, s.observation.clone()))
        .collect();
    assert_eq!(obs[0], (Wait::BlockingGet, Observation::Awaited));
    assert_eq!(obs[1].1, Observation::Kept);
    assert_eq!(obs[2].1, Observation::Kept);
    assert_eq!(obs[3].1, Observation::Callback);
    assert!(obs[4].1.is_unchecked());
    assert_eq!(obs[5].1, Observation::Dropped);
    assert_eq!(obs[6].1, Observation::SuccessOnly);
    assert_eq!(obs[7].1, Observation::Callback);
    assert!(f.sends[8].context.in_loop && f.sends[8].context.bulk);
    assert_eq!(obs[8].0, Wait::BlockingGet);
    assert_eq!(obs[9].1, Observation::Dropped);
}

#[test]
fn handlers_classes_and_typescript_fields() {
    let f = ts(r#"
import { Injectable } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Kafka, Producer } from 'kafkajs';
import express from 'express';

const ACKS = Number(process.env.KAFKA_ACKS ?? '1');
const app = express();

@Injectable()
export class Svc {
  private readonly kafka = new Kafka({ brokers: ['k:9092'] });
  private producer: Producer;
  constructor(private readonly other: Producer) {
    this.producer = this.kafka.producer({ idempotent: true });
  }
  @EventPattern('in')
  async onEvent(e: { id: string }): Promise<void> {
    await this.producer.send({ topic: 'out', acks: ACKS, messages: [{ key: e.id, value: 'x' }] });
  }
  async viaInjected(e: { id: string }) {
    await this.other.send({ topic: 'out', messages: [{ key: e.id, value: 'x' }] });
  }
}

app.post('/x', async (req, res) => {
  const p = new Kafka({ brokers: ['k:9092'] }).producer();
  await p.connect();
  await p.send({ topic: 'x', messages: [{ key: req.body.id, value: 'v' }] });
  await p.disconnect();
});
"#);
    assert_eq!(f.producers.len(), 2);
    assert_eq!(f.producers[0].names, vec!["producer"]);
    let p = &f.producers[1];
    assert!(p.context.in_request && p.closed_after_use);
    let s = &f.sends;
    assert_eq!(s.len(), 3);
    assert!(s[0].context.in_handler);
    assert_eq!(s[0].producer, Some(0));
    let acks = &s[0].settings[0];
    assert_eq!(acks.value, Value::Str("1".into()));
    assert_eq!(acks.provenance, Provenance::EnvDefault("KAFKA_ACKS".into()));
    // Sent through an injected handle: its type names the library.
    assert_eq!(s[1].library, Some(Library::KafkaJs));
    assert!(s[2].context.in_request);
}

#[test]
fn node_rdkafka_delivery_reports_need_dr_cb_and_polling() {
    let f = js(r#"
const Kafka = require('node-rdkafka');
const silent = new Kafka.Producer({ 'metadata.broker.list': 'k:9092' });
const unpolled = new Kafka.Producer({ 'metadata.broker.list': 'k:9092', dr_cb: true });
const served = new Kafka.Producer({ 'metadata.broker.list': 'k:9092', 'dr_msg_cb': true });
served.setPollInterval(100);
const polledOnly = new Kafka.Producer({ 'metadata.broker.list': 'k:9092' });
polledOnly.setPollInterval(100);
const hl = new Kafka.HighLevelProducer({ 'metadata.broker.list': 'k:9092' });
function go(rows) {
  silent.produce('t', null, Buffer.from('v'), 'k');
  served.produce('t', null, Buffer.from('v'), 'k', Date.now());
  hl.produce('t', null, Buffer.from('v'), 'k', Date.now(), (err, offset) => { if (err) throw err; });
  hl.produce('t', null, Buffer.from('v'), 'k', Date.now(), () => {});
  for (const r of rows) {
    served.produce('t', -1, Buffer.from(r), r.id);
    served.flush(1000);
  }
}
"#);
    let served: Vec<Option<bool>> = f.producers.iter().map(|p| p.reports_served).collect();
    assert_eq!(
        served,
        vec![Some(false), Some(false), Some(true), Some(false), None]
    );
    let s = &f.sends;
    assert_eq!(s.len(), 5);
    assert_eq!(s[0].observation, Observation::Unknown);
    assert_eq!(s[1].observation, Observation::Callback);
    assert_eq!(s[2].observation, Observation::Callback);
    assert!(s[3].observation.is_unchecked());
    assert_eq!(s[4].wait, Wait::FlushAfter);
    assert!(!s[4].explicit_partition);
}

#[test]
fn admin_topics_and_broken_files() {
    let f = js(r#"
const { Kafka } = require('kafkajs');
const admin = new Kafka({ brokers: ['kafka-1:9092'] }).admin();
async function setup() {
  await admin.createTopics({
    topics: [
      { topic: 'orders', numPartitions: 6, replicationFactor: 1 },
      { topic: 'payments', replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] },
      { topic: 'defaults' },
    ],
  });
}
"#);
    let t: Vec<(Option<&str>, Option<i64>, Option<i64>)> = f
        .topics
        .iter()
        .map(|t| {
            (
                t.name.as_ref().and_then(|n| n.literal()),
                t.replication_factor,
                t.min_insync_replicas,
            )
        })
        .collect();
    assert_eq!(
        t,
        vec![
            (Some("orders"), Some(1), None),
            (Some("payments"), Some(3), Some(2)),
            (Some("defaults"), None, None)
        ]
    );
    let broken = js("const { Kafka } = require('kafkajs');\nconst p = new Kafka({}).producer({ idempotent: true });\nasync function f(o { await p.send({ topic: 't', messages: [{ key: o.id ");
    assert!(broken.warnings.iter().any(|w| w.contains("syntax errors")));
    assert_eq!(broken.producers.len(), 1);
}
