//! `partitioner-mismatch`: producers of one topic that hash keys
//! differently, so one key lands on different partitions depending on
//! which producer wrote it.

use super::support::{producer_finding, suggestion};
use super::{FileContext, ProjectContext, RuleMeta, Scope};
use crate::finding::{Confidence, Finding, Severity};
use crate::knowledge;
use crate::model::{KeyKind, TopicName};
use std::collections::BTreeMap;

pub const META: RuleMeta = RuleMeta {
    id: "partitioner-mismatch",
    severity: Severity::Warning,
    summary: "Producers of one topic hash keys differently, so a key's records land on different partitions",
    explanation: r#"
## What goes wrong
A producer puts a keyed record on the partition its partitioner computes
from the key. Clients do not all compute it the same way: the Java client,
kafka-python, aiokafka, franz-go and kafkajs 2.x hash the key bytes with
murmur2; librdkafka and every client built on it (confluent-kafka for
Python, Go, .NET and JavaScript, node-rdkafka, the Rust `rdkafka` crate)
default to CRC32 (`consistent_random`); sarama hashes with FNV-1a; kafka-go's
default balancer ignores keys altogether. When two services write the same
topic with different hashes, records of one key end up on two partitions:
consumers see that key's events out of order, compaction keeps a stale
value on one of the partitions, and joins that rely on co-partitioning
(Kafka Streams, ksqlDB, Flink) miss records.

## When it bites
As soon as two producers with different hashes write keyed records to the
same topic — typically a Java service and a Python, Go or .NET service, or
a migration from one client to another.

## Fix
Make every producer of the topic use murmur2, which Kafka Streams, Connect
and ksqlDB assume:
* librdkafka-based clients: `partitioner=murmur2_random`.
* sarama: a murmur2 partitioner (`sarama.NewMurmur2Partitioner`, v1.50+).
* kafka-go: `Balancer: &kafka.Murmur2Balancer{}`.
* kafkajs 1.x/LegacyPartitioner: the default partitioner of 2.x.

## When to ignore
Topics read only by consumers that do not care about per-key order, and
that no stream processor joins.
"#,
    scope: Scope::Scan,
};

pub const CHECK: super::Check = super::Check::Project(check);

/// The Java client's hash, which the Kafka ecosystem assumes.
const REFERENCE: &str = "murmur2";

/// One producer writing keyed records to a topic.
struct Writer<'a> {
    file: usize,
    producer: usize,
    hash: &'a str,
    path: &'a str,
    line: u32,
}

fn check(cx: &ProjectContext<'_>, out: &mut Vec<Finding>) {
    let mut by_topic: BTreeMap<&str, Vec<Writer<'_>>> = BTreeMap::new();
    for (fi, f) in cx.files.iter().enumerate() {
        for s in &f.facts.sends {
            let (Some(pi), Some(TopicName::Literal(topic))) = (s.producer, &s.topic) else {
                continue;
            };
            // Only keyed records are placed by their key.
            if s.key == KeyKind::Null || s.explicit_partition {
                continue;
            }
            // A producer imported from another file is reported where it is made.
            if f.facts.producers.get(pi).is_some_and(|p| p.imported_from.is_some()) {
                continue;
            }
            let Some(hash) = f.effective.get(pi).and_then(|e| e.key_hash.value.as_deref()) else {
                continue;
            };
            if hash == "none" {
                continue;
            }
            let writers = by_topic.entry(topic.as_str()).or_default();
            if !writers.iter().any(|w| w.file == fi && w.producer == pi) {
                writers.push(Writer {
                    file: fi,
                    producer: pi,
                    hash,
                    path: f.path,
                    line: f.facts.producers[pi].span.start_line,
                });
            }
        }
    }
    for (topic, writers) in by_topic {
        let reference = writers
            .iter()
            .find(|w| w.hash == REFERENCE)
            .or_else(|| writers.first());
        let Some(reference) = reference else { continue };
        if writers.iter().all(|w| w.hash == reference.hash) {
            continue;
        }
        // With a murmur2 producer among them, every other hash is the odd one
        // out; without one, whatever differs from the first.
        let odd = |w: &&Writer<'_>| w.hash != reference.hash;
        for w in writers.iter().filter(odd) {
            let f = &cx.files[w.file];
            let p = &f.facts.producers[w.producer];
            // Two programs of their own, each talking to a broker on this
            // machine (examples, local demos): not one system's writers.
            let r = &cx.files[reference.file].facts.producers[reference.producer];
            if reference.file != w.file && p.local_only && r.local_only {
                continue;
            }
            let describe = |h: &str| {
                knowledge::key_hash_description(h)
                    .unwrap_or("its own hash")
                    .to_string()
            };
            let fcx = FileContext {
                path: f.path,
                facts: f.facts,
                effective: f.effective,
            };
            let other = if reference.file == w.file {
                format!("line {}", reference.line)
            } else {
                format!("{}:{}", reference.path, reference.line)
            };
            let mut finding = producer_finding(
                &META,
                &fcx,
                p,
                p.span,
                format!(
                    "this producer writes keyed records to topic \"{topic}\" placed by {}, but \
                     the producer at {other} writes the same topic with {}: a key's records \
                     land on different partitions depending on which one wrote them, so \
                     per-key order and co-partitioned joins break",
                    describe(w.hash),
                    describe(reference.hash)
                ),
                format!(
                    "hash keys the way the other producers do (murmur2, the Java client's): `{}`",
                    suggestion(&fcx, p, "partitioner.class", "murmur2")
                ),
            );
            finding.confidence = Confidence::Medium;
            // The placement is the client's default (no partitioner chosen):
            // in example code, not worth a finding.
            finding.on_defaults = f.effective[w.producer].key_hash.is_default();
            finding.related.push(reference.path.to_string());
            out.push(finding);
        }
    }
}
