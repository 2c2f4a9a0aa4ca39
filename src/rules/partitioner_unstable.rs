//! `partitioner-unstable`: a custom partitioner that can misroute records.

use super::support::{confidence, origin_phrase, producer_finding, sends_of, with_advice};
use crate::effective::Origin;
use crate::knowledge::Advice;
use super::{FileContext, RuleMeta, Scope};
use crate::finding::{Confidence, Finding, Severity};
use crate::model::PartitionerIssue;

pub const META: RuleMeta = RuleMeta {
    id: "partitioner-unstable",
    severity: Severity::Error,
    summary: "A custom partitioner can return an invalid partition or send one key to different partitions",
    explanation: r#"
## What goes wrong
A partitioner must map the same key to the same partition, in every process
and on every restart, and must always return a number in `[0, n)`.

* `Math.abs(key.hashCode()) % n`: `Math.abs(Integer.MIN_VALUE)` is still
  negative, so one key in about four billion yields a negative partition and
  the send fails (or, in some wrappers, the record is dropped). Use
  `Utils.toPositive(hash) % n` or `Math.floorMod(hash, n)`.
* `hashCode()` that is not stable: arrays (`keyBytes.hashCode()`) and plain
  objects use identity hashes, enums hash by memory address, Python's `hash()`
  of str is salted per process. The same key then goes to a different
  partition in each producer instance or after each restart, which breaks
  ordering and co-partitioning with other topics.
* Ignoring the key (a constant, a counter) or picking a random partition for
  keyed records throws away the only ordering guarantee Kafka gives.

* A partitioner that ignores keys while the code sets them: segmentio/kafka-go's
  `Writer` uses the `RoundRobin` balancer unless `Balancer` is set, so keyed
  messages are spread over every partition; so do explicit random or
  round-robin partitioners (sarama's `NewRandomPartitioner`, librdkafka's
  `random`). kafkalint reports the producer when this file sends keyed records
  through it.

## Fix
Prefer the built-in partitioner (murmur2 of the key bytes, the same in every
client that is Java-compatible). If you need a custom one, hash the
serialized key bytes: `Utils.toPositive(Utils.murmur2(keyBytes)) % numPartitions`.

## When to ignore
Never for keyed data. A partitioner for unkeyed records may spread them as it
likes, but then the default sticky partitioner is usually better.
"#,
    scope: Scope::Scan,
};

pub const CHECK: super::Check = super::Check::File(check);

/// Message for a partitioner that ignores keys while the code sets them.
fn keys_ignored_message(what: &str) -> String {
    format!(
        "records are sent with keys, but {what} chooses partitions without looking at them: \
         records of one key spread over partitions and lose their order"
    )
}

const KEYS_IGNORED_HELP: &str = "use a partitioner that hashes the key (the library's hash or \
     murmur2 partitioner), or stop setting keys if order per key does not matter";

/// A producer whose partitioner in effect ignores keys (kafka-go's default
/// RoundRobin balancer, an explicit random or round-robin partitioner)
/// while this file sends keyed records through it.
fn keys_ignored(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for (i, p) in cx.facts.producers.iter().enumerate() {
        // Judged where it is made, not where it is imported.
        if p.imported_from.is_some() {
            continue;
        }
        let e = &cx.effective[i];
        if e.key_hash.value.as_deref() != Some("none") {
            continue;
        }
        let Some(send) = sends_of(cx, i).find(|s| s.keyed && !s.explicit_partition) else {
            continue;
        };
        let name = e.partitioner.value.clone().unwrap_or_default();
        let (span, why) = match &e.partitioner.origin {
            Origin::Explicit(si) => (
                p.config.settings[*si].value_span,
                format!("the partitioner `{name}` set here"),
            ),
            _ => (
                p.span,
                format!(
                    "the partitioner in effect (`{name}`: {})",
                    origin_phrase(&e.partitioner, e, p, "partitioner.class")
                ),
            ),
        };
        let mut f = producer_finding(
            &META,
            cx,
            p,
            span,
            format!(
                "{} (a keyed send at line {})",
                keys_ignored_message(&why),
                send.span.start_line
            ),
            with_advice(cx, KEYS_IGNORED_HELP, Some(p.library), Advice::StablePartitioner),
        );
        f.confidence = match e.partitioner.origin {
            Origin::Explicit(_) => Confidence::High,
            _ => confidence(&e.partitioner, e, p),
        };
        out.push(f);
    }
}

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    keys_ignored(cx, out);
    for p in &cx.facts.partitioners {
        let (message, help) = match &p.issue {
            PartitionerIssue::AbsModulo => (
                format!(
                    "`{}` can be negative: Math.abs(Integer.MIN_VALUE) is Integer.MIN_VALUE, so a \
                     key whose hash is MIN_VALUE gets an invalid partition and its send fails",
                    p.expr
                ),
                with_advice(cx, 
                    "keep the index non-negative (a floor modulo, or mask the sign bit) or hash \
                     the key bytes",
                    p.library,
                    Advice::StablePartitioner,
                ),
            ),
            PartitionerIssue::UnstableHash(what) => (
                format!(
                    "`{what}` is not the same in every process: the same key maps to different \
                     partitions in each producer instance or after a restart, breaking per-key order"
                ),
                with_advice(cx, 
                    "hash the serialized key bytes with a stable hash",
                    p.library,
                    Advice::StablePartitioner,
                ),
            ),
            PartitionerIssue::IgnoresKey => (
                format!(
                    "the partitioner returns `{}` without looking at the key: records of one key \
                     spread over partitions and lose their order",
                    p.expr
                ),
                "derive the partition from the key bytes, or drop the custom partitioner and use \
                 the built-in one"
                    .to_string(),
            ),
            PartitionerIssue::Constant => (
                format!(
                    "the partitioner always returns `{}`: every record goes to that one \
                     partition, so one broker and one consumer carry the whole topic while the \
                     other partitions stay empty",
                    p.expr
                ),
                "derive the partition from the key bytes, or drop the custom partitioner and use \
                 the built-in one"
                    .to_string(),
            ),
            PartitionerIssue::KeysIgnored => (
                keys_ignored_message(&format!("`{}`", p.expr)),
                with_advice(cx, KEYS_IGNORED_HELP, p.library, Advice::StablePartitioner),
            ),
            PartitionerIssue::Random => (
                format!(
                    "`{}` picks a random partition for keyed records: records of one key spread \
                     over partitions and lose their order",
                    p.expr
                ),
                "let the key choose the partition (built-in partitioner), or hash the key bytes"
                    .to_string(),
            ),
        };
        let mut f = super::finding(&META, cx.path, p.span);
        f.message = message;
        f.help = help;
        f.library = p.library.map(|l| l.id().to_string());
        f.confidence = match p.issue {
            PartitionerIssue::IgnoresKey => Confidence::Medium,
            _ => Confidence::High,
        };
        out.push(f);
    }
}
