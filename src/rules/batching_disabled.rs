//! `batching-disabled`: linger.ms=0 or a batch.size too small to batch.

use super::support::{
    confidence, origin_phrase, overlay_note, producer_finding, replace_value, suggestion,
};
use super::{FileContext, RuleMeta, Scope};
use crate::effective::Origin;
use crate::finding::{Finding, Severity};

/// The Java client's default batch size; smaller values shrink every batch.
const MIN_BATCH_SIZE: i64 = 16384;

pub const META: RuleMeta = RuleMeta {
    id: "batching-disabled",
    severity: Severity::Warning,
    summary: "linger.ms lowered to 0 or a batch.size below 16 KiB makes the producer send many tiny requests",
    explanation: r#"
## What goes wrong
The producer groups records per partition into batches. `linger.ms` is how
long it waits for a batch to fill; `batch.size` caps a batch in bytes. With
`linger.ms=0` a batch leaves as soon as the sender thread is free, so under
steady load most requests carry one or two records; a `batch.size` below the
16 KiB default caps every batch. Many tiny requests cost broker CPU, network
round trips and disk I/O, compress badly, and under load fill
`buffer.memory` until `send()` blocks for `max.block.ms` and then fails.

## When it bites
High-volume producers: bulk exports, loops over a result set, per-event
streams. A producer that sends a handful of records a minute does not care.

## Defaults
kafka-clients before 4.0 default to `linger.ms=0`; 4.0 changed it to 5 ms
(KIP-1030); librdkafka defaults to 5 ms since 1.5. A `linger.ms=0` is
reported only where it lowers the library's default for the versions in
use: writing 0 on a client whose default is 0 changes nothing, and under load
that client still batches (records queue up while a request is in flight).
An explicit `batch.size` below 16384 is always reported.

## Fix
* Java: `props.put(ProducerConfig.LINGER_MS_CONFIG, "10");` and leave
  `batch.size` at 16384 or raise it (65536 for bulk loads).
* Spring Boot: `spring.kafka.producer.properties.linger.ms=10`,
  `spring.kafka.producer.batch-size=64KB`.
* producer.properties: `linger.ms=10`.
A few milliseconds of linger add that much latency at most and usually cut
request counts by an order of magnitude.

## When to ignore
Latency-critical, low-volume producers (interactive request/response over
Kafka) where every millisecond counts and volume is tiny.
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
        // Only an explicit linger.ms=0 that lowers the library's own
        // default (librdkafka's 5 ms, kafka-clients 4.0's 5 ms): where 0 is
        // the default (kafka-clients before 4.0) writing it changes nothing,
        // and records still batch under load while a request is in flight.
        let lowers_default = e.linger_default.is_some_and(|d| d > 0);
        if let (Some(0), Origin::Explicit(si), true) =
            (e.linger_ms.value, &e.linger_ms.origin, lowers_default)
        {
            let s = &p.config.settings[*si];
            let why = origin_phrase(&e.linger_ms, e, p, "linger.ms");
            let mut f = producer_finding(
                &META,
                cx,
                p,
                s.value_span,
                format!(
                    "{why}: each batch leaves as soon as the sender is free, so records go out in \
                     tiny requests that waste broker and network capacity and can fill the buffer \
                     until send() blocks"
                ),
                format!(
                    "let batches fill for a few milliseconds: `{}`",
                    suggestion(cx, p, "linger.ms", "10")
                ),
            );
            f.fix = replace_value(p, s, "10", "set linger.ms to 10".into());
            f.confidence = confidence(&e.linger_ms, e, p);
            f.message.push_str(&overlay_note(cx, i, &["linger.ms"]));
            out.push(f);
        }
        if let (Some(size), Origin::Explicit(s)) = (e.batch_size.value, &e.batch_size.origin) {
            if size < MIN_BATCH_SIZE {
                let s = &p.config.settings[*s];
                let mut f = producer_finding(
                    &META,
                    cx,
                    p,
                    s.value_span,
                    if size == 0 {
                        "batch.size=0 turns batching off: every record is sent in a request of \
                         its own"
                            .to_string()
                    } else {
                        format!(
                            "batch.size={size} is below the 16384-byte default: batches are cut \
                             small, so the producer sends many more requests for the same data"
                        )
                    },
                    format!(
                        "keep the default or raise it for bulk loads: `{}`",
                        suggestion(cx, p, "batch.size", "65536")
                    ),
                );
                f.fix = replace_value(p, s, "65536", "set batch.size to 65536".into());
                f.message.push_str(&overlay_note(cx, i, &["batch.size"]));
                out.push(f);
            }
        }
    }
}
