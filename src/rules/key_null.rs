//! `key-null`: entity records sent without a key.

use super::support::{key_findings, send_library, with_advice};
use crate::knowledge::Advice;
use super::{FileContext, RuleMeta, Scope};
use crate::finding::{Confidence, Finding, Severity};
use crate::model::KeyKind;

pub const META: RuleMeta = RuleMeta {
    id: "key-null",
    severity: Severity::Warning,
    summary: "Records about entities are sent without a key, so their order per entity is lost",
    explanation: r#"
## What goes wrong
Kafka orders records only within a partition, and the key decides the
partition. A record without a key goes to whichever partition the client's
sticky or round-robin logic picks, so two updates to the same order, user or
account can land on different partitions and be consumed in the wrong order,
by different consumer instances at the same time. Compacted topics also need
a key: a null-keyed record cannot be compacted (the broker rejects it).

## When it bites
Whenever the records describe the state of an entity (order events, account
balances, user profiles) and consumers apply them in sequence.

## Fix
Use the entity's id as the key:
* Java: `new ProducerRecord<>(topic, order.getId(), payload)`
* Spring: `kafkaTemplate.send(topic, order.getId(), payload)`

## When to ignore
Independent events where order never matters (log lines, metrics, click
streams); there a null key spreads load evenly, which is fine.

## In `audit`
The audit samples recent records per partition and reports a topic whose
sample is mostly null-keyed.
"#,
    scope: Scope::Both,
};

pub const CHECK: super::Check = super::Check::File(check);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    key_findings(
        &META,
        cx,
        out,
        &|s| with_advice(cx, "key the record by the entity's id", send_library(cx, s), Advice::SetKey),
        |s| {
            let entity = s.entity.as_deref().filter(|_| s.key == KeyKind::Null)?;
            Some((
                format!(
                    "this record carries {entity} but no key: updates to the same entity are \
                     spread over partitions by the client, so consumers can apply them out of order"
                ),
                Confidence::Medium,
            ))
        },
    );
}
