//! `key-low-cardinality`: a key with few distinct values.

use super::support::{key_findings, where_phrase};
use super::{FileContext, RuleMeta, Scope};
use crate::finding::{Confidence, Finding, Severity};
use crate::model::{KeyKind, Send};

pub const META: RuleMeta = RuleMeta {
    id: "key-low-cardinality",
    severity: Severity::Warning,
    summary: "The record key has only a few distinct values, so a few partitions take all the load",
    explanation: r#"
## What goes wrong
Every record with the same key goes to the same partition. A key such as a
region, status, type, country, a boolean or an enum has a handful of values,
so at most that many partitions ever receive data, whatever the partition
count; one busy value (the biggest country, the `ACTIVE` status) makes one
partition and the one consumer reading it the bottleneck. A constant key
sends everything to a single partition.

## When it bites
As soon as volume grows: consumer lag builds on the hot partitions while the
others idle, and adding partitions or consumers does not help.

## Fix
Key by the entity whose order matters (order id, account id, device id). If
you need grouping by the coarse field downstream, put it in the value or a
header, or combine it with the id (`region + ":" + customerId`).

## When to ignore
Topics with little traffic, or where the coarse value is really the unit of
ordering and its volume is known to stay small.

## In `audit`
The audit reports topics whose sampled records use very few distinct keys or
whose top key holds most of the records.
"#,
    scope: Scope::Both,
};

pub const CHECK: super::Check = super::Check::File(check);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    key_findings(
        &META,
        cx,
        out,
        &|_| "key by the id of the entity whose order matters (e.g. the order or customer id); \
         keep the coarse field in the value or a header".to_string(),
        |s| match &s.key {
            KeyKind::LowCardinality(field) => Some((
                format!(
                    "the key `{field}` has only a few possible values: all records share a \
                     handful of partitions and the busiest value overloads one of them"
                ),
                Confidence::Medium,
            )),
            // One entity's events under its id (`orderId`, "user-123") stay
            // in order on one partition by design.
            KeyKind::Literal { text, value } if names_one_entity(text, value) => None,
            KeyKind::Literal { text, value } => {
                let repeated = s.context.in_loop || s.context.in_handler || s.context.in_request;
                (repeated || same_key_everywhere(cx, s, value)).then(|| {
                    let what = if text.starts_with(['"', '\'', '`']) {
                        format!("the key is the constant {text}")
                    } else {
                        format!("the key `{text}` is always \"{value}\"")
                    };
                    let how = if repeated {
                        format!("every record sent {}", where_phrase(&s.context))
                    } else {
                        "every record this producer sends".to_string()
                    };
                    (
                        format!(
                            "{what}: {how} goes to the same single partition, so one broker \
                             and one consumer carry the whole topic"
                        ),
                        Confidence::High,
                    )
                })
            }
            _ => None,
        },
    );
}

/// A constant key that identifies one entity: its name says id
/// (`orderId`, `DEVICE_ID`, `userUuid`) or its value looks like one (letters
/// and digits: `user-123`, `ORD-42`, an address).
fn names_one_entity(text: &str, value: &str) -> bool {
    let name = text
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .find(|p| !p.is_empty())
        .unwrap_or("");
    let lower = name.to_ascii_lowercase();
    let named_id = !text.starts_with(['"', '\'', '`'])
        && (lower.ends_with("id") || lower.ends_with("uuid") || lower.ends_with("guid"))
        && name.len() > 2;
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let letters = value.chars().filter(|c| c.is_alphabetic()).count();
    let id_value = (digits > 0 && letters > 0) || (digits >= 4 && letters == 0);
    named_id || id_value
}

/// True when the same producer (or receiver) sends at least twice in this
/// file and every one of its sends uses the literal key `value`: then that one value keys all its records.
/// Different literal keys on different sends (sample ids written by hand)
/// are not one hot key.
fn same_key_everywhere(cx: &FileContext<'_>, s: &Send, value: &str) -> bool {
    let same_producer = |o: &&Send| match (s.producer, o.producer) {
        (Some(a), Some(b)) => a == b,
        (None, None) => s.receiver.is_some() && s.receiver == o.receiver,
        _ => false,
    };
    // One send that runs once writes one record: no partition is hot.
    let sends: Vec<&Send> = cx
        .facts
        .sends
        .iter()
        .filter(same_producer)
        .filter(|o| !o.explicit_partition)
        .collect();
    sends.len() >= 2
        && sends
            .iter()
            .all(|o| matches!(&o.key, KeyKind::Literal { value: v, .. } if v == value))
}
