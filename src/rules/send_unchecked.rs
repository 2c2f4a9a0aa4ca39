//! `send-unchecked`: a send whose outcome nobody looks at.

use super::support::send_finding;
use super::{FileContext, RuleMeta, Scope};
use crate::finding::{Confidence, Finding, Severity};

pub const META: RuleMeta = RuleMeta {
    id: "send-unchecked",
    severity: Severity::Warning,
    summary: "The result of a send is never observed, so a failed delivery goes unnoticed",
    explanation: r#"
## What goes wrong
`send()` only queues the record. Whether it was written is known later,
through the returned future or a callback. If the code drops the future and
gives no callback, a record that fails after its retries (delivery timeout,
record too large, authorization error, serialization in some clients) is
lost with at most a log line, and the application carries on as if it had
been written. `flush()` does not help in the Java client: it waits, but
does not report which records failed.

Spring's `KafkaTemplate` logs failures through its default
`LoggingProducerListener`, but the calling code still cannot react (retry,
mark the outbox row, fail the request).

## Fix
* Java: `producer.send(record, (metadata, e) -> { if (e != null) { /* retry, alert, dead-letter */ } });`
* Spring Kafka 3.x: `kafkaTemplate.send(...).whenComplete((result, e) -> { if (e != null) … });`
  (2.x: `.addCallback(...)`).
* Or keep the futures and check them (`get()`) at a batch boundary.

## When to ignore
Best-effort data (metrics, debug events) where a lost record is acceptable —
say so with a comment, or use a callback that counts failures.
"#,
    scope: Scope::Scan,
};

pub const CHECK: Option<super::FileCheck> = Some(check);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for s in &cx.facts.sends {
        if s.observed {
            continue;
        }
        let mut f = send_finding(
            &META,
            cx,
            s,
            s.span,
            "the future returned by this send is dropped and no callback is given: if delivery \
             fails after the retries, the record is lost and this code never finds out"
                .into(),
            "pass a callback that handles the exception (`send(record, (md, e) -> { if (e != \
             null) … })`, or `.whenComplete((r, e) -> …)` on a KafkaTemplate future)"
                .into(),
        );
        f.confidence = Confidence::High;
        out.push(f);
    }
}
