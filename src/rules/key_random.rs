//! `key-random`: the key is random per send.

use super::support::key_findings;
use super::{FileContext, RuleMeta, Scope};
use crate::finding::{Confidence, Finding, Severity};
use crate::model::KeyKind;

pub const META: RuleMeta = RuleMeta {
    id: "key-random",
    severity: Severity::Warning,
    summary: "The record key is generated randomly at send time, so it orders nothing and defeats compaction",
    explanation: r#"
## What goes wrong
A key made at send time (`UUID.randomUUID()`, `new Random().nextInt()`,
`ThreadLocalRandom`) is unrelated to the data: two records about the same
entity get different keys and different partitions, so their order is lost;
a retry from the application (not the client) gets a fresh key, so
downstream deduplication by key cannot spot it; and a compacted topic never
compacts anything. Hashing random keys also costs CPU for nothing — if the
goal was to spread load, a null key does that better (sticky partitioning
fills batches).

## Fix
Key by the entity id when order matters; otherwise send with no key.
If you need a unique id for deduplication, make it once per business event
(and keep it across retries), put it in a header or the value.

## When to ignore
Never needed: a null key gives the same spread with better batching.

## In `audit`
The audit flags topics whose sampled keys are almost all distinct UUIDs.
"#,
    scope: Scope::Both,
};

pub const CHECK: super::Check = super::Check::File(check);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    key_findings(
        &META,
        cx,
        out,
        &|_| "key by the entity id when order matters, otherwise send without a key; keep a \
         deduplication id in a header, created once per business event".to_string(),
        |s| match &s.key {
            KeyKind::Random(expr) => Some((
                format!(
                    "the key `{expr}` is random for every send: it groups nothing, records of \
                     one entity scatter across partitions, and a compacted topic never compacts"
                ),
                Confidence::High,
            )),
            _ => None,
        },
    );
}
