//! `retries-reorder`: retries with several requests in flight and no idempotence.

use super::support::{confidence, idempotence_anchor, overlay_note, producer_finding, sends_of, suggestion};
use crate::model::Wait;
use super::{FileContext, RuleMeta, Scope};
use crate::finding::{Finding, Severity};

pub const META: RuleMeta = RuleMeta {
    id: "retries-reorder",
    severity: Severity::Warning,
    summary: "Retries with more than one request in flight and no idempotence can reorder records of a key",
    explanation: r#"
## What goes wrong
With `max.in.flight.requests.per.connection` above 1 the producer sends batch
B while batch A for the same partition is still unacknowledged. If A fails and
is retried while B succeeds, A is written after B: records of the same key
reach consumers out of order (a "cancelled" event before its "created").

The idempotent producer prevents this: the broker rejects out-of-sequence
batches and the client re-sends them in order, for up to 5 in-flight requests.

## When it bites
Transient errors (leader change, `NOT_ENOUGH_REPLICAS`, timeouts) under load,
when several batches per partition are in flight. Default in-flight is 5.
A producer whose every send waits for the broker before the next one
(`send(..).get()`, sarama's `SendMessage`) has one request per caller in
flight and is not reported.

## Fix
Prefer idempotence: `enable.idempotence=true` with `acks=all` and in-flight
≤ 5 keeps both order and throughput. If idempotence is impossible (very old
brokers), use `max.in.flight.requests.per.connection=1`.
* Java: `props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");`
* Spring Boot: `spring.kafka.producer.properties.enable.idempotence=true`

## When to ignore
Topics where order does not matter (independent events, last-write-wins by a
timestamp inside the record).
"#,
    scope: Scope::Scan,
};

pub const CHECK: super::Check = super::Check::File(check);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for (i, p) in cx.facts.producers.iter().enumerate() {
        // Judged where it is made, not where it is imported.
        if p.imported_from.is_some() {
            continue;
        }
        let e = &cx.effective[i];
        if !e.retries_without_idempotence() {
            continue;
        }
        let Some(in_flight) = e.max_in_flight.value else {
            continue;
        };
        if in_flight <= 1 {
            continue;
        }
        // Every send of it here waits for the broker before the next one
        // (one record at a time, not a batch): a caller never has two
        // requests in flight, so its records cannot overtake each other.
        let mut sends = sends_of(cx, i).peekable();
        if sends.peek().is_some()
            && sends.all(|s| s.wait != Wait::None && !s.batch && !s.wait_chosen)
        {
            continue;
        }
        let (span, _) = idempotence_anchor(p, e);
        let mut f = producer_finding(
            &META,
            cx,
            p,
            span,
            format!(
                "up to {in_flight} requests per connection are in flight with idempotence off: \
                 when an earlier batch fails and is retried after a later one succeeded, \
                 records of the same key are written out of order"
            ),
            format!(
                "enable idempotence (`{}`), which keeps order for up to 5 in-flight requests; \
                 or, if it cannot be used, `{}`",
                suggestion(cx, p, "enable.idempotence", "true"),
                suggestion(cx, p, "max.in.flight.requests.per.connection", "1")
            ),
        );
        f.confidence = confidence(&e.max_in_flight, e, p).min(confidence(&e.idempotence, e, p));
        f.on_defaults = e.max_in_flight.is_default() && e.idempotence.is_default();
        f.message.push_str(&overlay_note(
            cx,
            i,
            &["enable.idempotence", "max.in.flight.requests.per.connection"],
        ));
        out.push(f);
    }
}
