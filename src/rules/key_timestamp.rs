//! `key-timestamp`: the key is a clock reading.

use super::support::key_findings;
use super::{FileContext, RuleMeta, Scope};
use crate::finding::{Confidence, Finding, Severity};
use crate::model::KeyKind;

pub const META: RuleMeta = RuleMeta {
    id: "key-timestamp",
    severity: Severity::Warning,
    summary:
        "The record key is a clock reading, so related records scatter and the key orders nothing",
    explanation: r#"
## What goes wrong
A key taken from the clock (`System.currentTimeMillis()`, `Instant.now()`,
`new Date()`) is different for almost every record, so it carries no identity:
records about the same entity hash to unrelated partitions and lose their
order, compaction keeps every record (no two keys are equal), and records sent
in the same millisecond collide on one key by accident. If ordering by time
was the goal, the key does not give it: order holds only inside a partition.

## Fix
Key by the entity id and put the time in the record (Kafka already stamps
every record with a timestamp: `ProducerRecord` takes one explicitly).
* Java: `new ProducerRecord<>(topic, null, eventTime, entityId, value)`

## When to ignore
Never for entity data; for pure time-series samples a null key spreads load
more evenly and says what is meant.

## In `audit`
The audit flags topics whose sampled keys look like epoch numbers (10, 13, 16
or 19 digits in a plausible range) or ISO-8601 timestamps.
"#,
    scope: Scope::Both,
};

pub const CHECK: super::Check = super::Check::File(check);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    key_findings(
        &META,
        cx,
        out,
        &|_| "key by the entity id and pass the time as the record timestamp or in the value".to_string(),
        |s| match &s.key {
            KeyKind::Clock(expr) => Some((
                format!(
                    "the key `{expr}` is a clock reading: records of the same entity get \
                     different keys and land on unrelated partitions, so their order is lost and \
                     compaction keeps every record"
                ),
                Confidence::High,
            )),
            _ => None,
        },
    );
}
