//! `idempotence-missing`: retries are possible but idempotence is off.

use super::support::{
    confidence, idempotence_anchor, origin_phrase, producer_finding, replace_value, suggestion,
};
use super::{FileContext, RuleMeta, Scope};
use crate::effective::Origin;
use crate::finding::{Finding, Severity};

pub const META: RuleMeta = RuleMeta {
    id: "idempotence-missing",
    severity: Severity::Error,
    summary: "The producer retries but its effective idempotence is off, so a retry can write a record twice",
    explanation: r#"
## What goes wrong
When a produce request times out or its connection drops, the producer cannot
tell whether the broker wrote the batch; it sends it again. Without
idempotence the broker has no way to recognise the second copy, so consumers
see the record twice (double payments, double emails, inflated counters).
With `enable.idempotence=true` each batch carries a producer id and sequence
number and the broker discards the duplicate.

## When it bites
Any transient failure while retries are enabled: leader elections, slow
brokers, request timeouts, network blips. Retries are on by default
(`retries=2147483647` since kafka-clients 2.1, bounded by `delivery.timeout.ms`).

## The effective value, not the written one
kafka-clients 3.0.1+ enables idempotence by default, **but** silently turns it
off, with only a log line, when `enable.idempotence` is left unset and the
config also sets `acks` to 0 or 1, `retries=0`, or
`max.in.flight.requests.per.connection` above 5 (3.x). 3.0.0 and 3.1.0 never
applied the default at all (KAFKA-13598), and clients before 3.0 default to
`false`. kafkalint works out the effective value from the client version in
your build file.

## Fix
* Java: `props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");` together
  with `acks=all` and `max.in.flight.requests.per.connection` ≤ 5.
* Spring Boot: `spring.kafka.producer.properties.enable.idempotence=true` and
  `spring.kafka.producer.acks=all` (a `transaction-id-prefix` also enables it).
* producer.properties: `enable.idempotence=true`.
Setting it explicitly makes the client fail fast on a conflicting setting
instead of silently dropping the guarantee.

## When to ignore
Consumers that are idempotent themselves (upserts by key, deduplication by a
unique id) tolerate duplicates; record that decision next to the setting.
"#,
    scope: Scope::Scan,
};

pub const CHECK: super::Check = super::Check::File(check);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for (i, p) in cx.facts.producers.iter().enumerate() {
        let e = &cx.effective[i];
        if !e.retries_without_idempotence() {
            continue;
        }
        let why = origin_phrase(&e.idempotence, e, p, "enable.idempotence");
        let retries = match (&e.retries.origin, e.retries.value) {
            (Origin::Explicit(_), Some(n)) => format!("retries={n}"),
            (_, Some(n)) => format!("retries defaults to {n}"),
            _ => "retries are on".into(),
        };
        let (span, setting) = idempotence_anchor(p, e);
        let mut help = format!(
            "turn idempotence on explicitly: `{}`",
            suggestion(cx, p, "enable.idempotence", "true")
        );
        if matches!(e.idempotence.origin, Origin::Derived(_)) {
            help.push_str(&format!(
                " and remove the conflict (`{}`)",
                suggestion(cx, p, "acks", "all")
            ));
        }
        let mut f = producer_finding(
            &META,
            cx,
            p,
            span,
            format!(
                "{why}, while {retries}: a retry after a lost acknowledgement writes the same \
                 record again, and consumers see duplicates"
            ),
            help,
        );
        if let (Origin::Explicit(_), Some(s)) = (&e.idempotence.origin, setting) {
            f.fix = replace_value(p, s, "true", "set enable.idempotence to true".into());
        }
        f.confidence = confidence(&e.idempotence, e, p);
        out.push(f);
    }
}
