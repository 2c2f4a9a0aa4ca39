//! `sync-send`: blocking on every send in a loop or handler.

use super::support::{send_finding, send_library, where_phrase, with_advice};
use crate::knowledge::Advice;
use super::{FileContext, RuleMeta, Scope};
use crate::finding::{Confidence, Finding, Severity};
use crate::model::Wait;

pub const META: RuleMeta = RuleMeta {
    id: "sync-send",
    severity: Severity::Warning,
    summary: "Each send blocks until the broker answers (get/join or flush per record) inside a loop or handler",
    explanation: r#"
## What goes wrong
`producer.send(record).get()`, `kafkaTemplate.send(...).join()` or a
`flush()` after every record waits a full network round trip plus
replication for each record before the next one is even handed to the
producer. No batching can happen, so throughput collapses to one record per
round trip (often a few hundred per second), and each slow broker response
stalls the loop or the request thread.

## When it bites
Loops over many records, and per-message handlers (listeners, HTTP
endpoints) under load: the thread pool fills with threads waiting on Kafka.

## Fix
Send asynchronously and check the outcome without blocking per record:
* Java: `producer.send(record, (metadata, e) -> { if (e != null) handle(e); });`
* Spring Kafka 3.x: `kafkaTemplate.send(topic, key, value).whenComplete((r, e) -> …)`
* A batch that must be confirmed: collect the futures in the loop, then wait
  once for all of them (or `flush()` once) after the loop.

In Go: sarama's `SyncProducer.SendMessage`, kafka-go's `WriteMessages` on a
synchronous `Writer` (which also waits up to `BatchTimeout`, 1 s by default,
for a batch that never fills), franz-go's `ProduceSync(..).FirstErr()`, and a
confluent-kafka-go delivery channel read right after each `Produce` all wait
once per record. Send the whole slice in one call (`SendMessages(msgs)`,
`WriteMessages(ctx, msgs...)`, `ProduceSync(ctx, recs...)`), or produce
asynchronously and read the outcomes elsewhere (an `Errors()` goroutine, a
promise, the `Events()` channel).

## When to ignore
A handler that must confirm durability before answering its caller (e.g. an
HTTP 201 that promises the event is stored) and runs at low volume.
"#,
    scope: Scope::Scan,
};

pub const CHECK: super::Check = super::Check::File(check);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for s in &cx.facts.sends {
        // Per record in a bulk loop or a per-message handler: a wait once
        // per request, per short demo loop or per paced tick costs nothing.
        if !(s.context.bulk || s.context.in_handler) || s.batch || s.wait_chosen {
            continue;
        }
        let how = match s.wait {
            Wait::BlockingGet => {
                "waits for the broker's answer on every record (a blocking get or await, or a \
                 synchronous send)"
            }
            Wait::FlushAfter => "flushes after every record",
            Wait::None => continue,
        };
        let mut f = send_finding(
            &META,
            cx,
            s,
            s.span,
            format!(
                "this send {how} {}: records go out one round trip at a time with no batching, \
                 so throughput drops to a few hundred records per second and a slow broker stalls \
                 the thread",
                where_phrase(&s.context)
            ),
            with_advice(cx, 
                "send without waiting and check each result in a callback, or keep the results \
                 and wait once after the loop",
                send_library(cx, s),
                Advice::AsyncCallback,
            ),
        );
        f.confidence = Confidence::High;
        out.push(f);
    }
}
