//! `send-unchecked`: a send whose outcome nobody looks at.

use super::support::{advice, send_finding, send_library};
use crate::knowledge::Advice;
use super::{FileContext, RuleMeta, Scope};
use crate::finding::{Confidence, Finding, Severity};
use crate::model::Observation;

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

Some clients drop what is still queued when the producer is closed:
Confluent.Kafka's `Dispose()` (the end of a `using` block) stops the client
without flushing. A send shortly before such a close may never be written,
and its delivery handler never runs; the finding points at the last send
before the close.

## Fix
* Java: `producer.send(record, (metadata, e) -> { if (e != null) { /* retry, alert, dead-letter */ } });`
* Spring Kafka 3.x: `kafkaTemplate.send(...).whenComplete((result, e) -> { if (e != null) … });`
  (2.x: `.addCallback(...)`).
* Or keep the futures and check them (`get()`) at a batch boundary.
* Go: check the `error` that sarama's `SendMessage`, kafka-go's `WriteMessages`
  or franz-go's `ProduceSync(..).FirstErr()` return (a discarded result, or
  `_`, is reported); give franz-go's `Produce` a promise that reads `err`;
  drain an `AsyncProducer`'s `Errors()` and confluent-kafka-go's `Events()`
  (or a delivery channel) for the producer's whole life; give an `Async: true`
  kafka-go `Writer` a `Completion` func.
* C#: `await producer.ProduceAsync(..)` (it throws on failure), or a
  `Produce` delivery handler that checks `report.Error`; call
  `producer.Flush(timeout)` before the producer is disposed.
* Rust: handle the `Err` of the awaited `send(..)` (`?`, `match`), never
  `let _ =`; poll a `BaseProducer` (or use `ThreadedProducer`).

## When to ignore
Best-effort data (metrics, debug events) where a lost record is acceptable —
say so with a comment, or use a callback that counts failures.
"#,
    scope: Scope::Scan,
};

pub const CHECK: super::Check = super::Check::File(check);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for s in &cx.facts.sends {
        let served = s
            .producer
            .and_then(|i| cx.facts.producers.get(i))
            .and_then(|p| p.reports_served);
        // A transaction's commit fails when one of its sends did, served or not.
        let unserved = served == Some(false)
            && !matches!(
                s.observation,
                Observation::Awaited | Observation::Transaction
            )
            && !s.own_reports;
        let message = if s.lost_at_close && !s.observation.is_unchecked() && !unserved {
            "the producer is closed right after this send without a flush: its close drops \
             whatever is still queued, so this record (and any queued before it) may never be \
             written and its outcome is never reported"
                .to_string()
        } else if unserved {
            "this producer's delivery reports are never served (nothing polls or flushes it, \
             nothing reads its error channel, or an asynchronous writer has no completion hook): \
             a failed delivery is lost without this code finding out"
                .to_string()
        } else {
            match &s.observation {
                Observation::Dropped => "the result of this send is dropped and no callback is \
                     given: if delivery fails after the retries, the record is lost and this \
                     code never finds out"
                    .to_string(),
                Observation::CallbackIgnoresError { param } => format!(
                    "the callback of this send never looks at `{param}`: a failed delivery \
                     runs the callback with the error, which is ignored, and the record is lost \
                     silently"
                ),
                Observation::SuccessOnly => "only success is handled on this send's result: \
                     when delivery fails, no handler runs and the failure goes unnoticed"
                    .to_string(),
                Observation::ErrorSwallowed => "the error of this send is caught and thrown \
                     away: a failed delivery leaves no trace"
                    .to_string(),
                _ => continue,
            }
        };
        let mut f = send_finding(
            &META,
            cx,
            s,
            s.span,
            message,
            {
                let lib = send_library(cx, s);
                let topic = if unserved || s.lost_at_close {
                    Advice::ServeReports
                } else {
                    Advice::ObserveFailure
                };
                advice(cx, lib, topic).map(str::to_string).unwrap_or_else(|| {
                    "handle the failure where it happens: check the error in a callback (retry, \
                     alert, dead-letter), or keep the result and check it at a batch boundary"
                        .to_string()
                })
            },
        );
        f.confidence = Confidence::High;
        out.push(f);
    }
}
