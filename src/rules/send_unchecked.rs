//! `send-unchecked`: a send whose outcome nobody looks at.

use super::support::send_finding;
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
        let served = s
            .producer
            .and_then(|i| cx.facts.producers.get(i))
            .and_then(|p| p.reports_served);
        let message = if served == Some(false) && s.observation != Observation::Awaited {
            "this producer's delivery reports are never served (nothing polls or flushes it, or \
             nothing reads its error channel): a callback never runs and a failed delivery is \
             lost without this code finding out"
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
            "handle the failure where it happens: pass a callback that checks the error (retry, \
             alert, dead-letter), or keep the future and check it at a batch boundary"
                .into(),
        );
        f.confidence = Confidence::High;
        out.push(f);
    }
}
