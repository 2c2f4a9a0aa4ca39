//! `producer-per-send`: a producer created and closed per message/request.

use super::support::{advice, producer_finding, where_phrase};
use crate::knowledge::Advice;
use super::{FileContext, RuleMeta, Scope};
use crate::finding::{Confidence, Finding, Severity};

pub const META: RuleMeta = RuleMeta {
    id: "producer-per-send",
    severity: Severity::Warning,
    summary: "A producer is created and closed for each message or request",
    explanation: r#"
## What goes wrong
A producer is heavy: it opens connections to the brokers, fetches metadata,
starts a sender thread, allocates `buffer.memory` (32 MiB by default) and,
when idempotent, registers a producer id with the cluster. Creating one per
message or per request pays all of that every time, sends each record alone
(no batching), and `close()` blocks until it is delivered. Under load it
exhausts broker connections and producer ids and adds tens to hundreds of
milliseconds per message.

## Fix
Create one producer per application (it is thread-safe) and share it: a
singleton, a Spring bean (`KafkaTemplate`), a field initialised at start-up;
close it on shutdown.

## When to ignore
Command-line tools and tests that send once and exit.
"#,
    scope: Scope::Scan,
};

pub const CHECK: super::Check = super::Check::File(check);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for p in &cx.facts.producers {
        if p.imported_from.is_some() {
            continue;
        }
        if p.from_config_file
            || !(p.context.in_loop || p.context.in_handler || p.context.in_request)
            || !p.closed_after_use
        {
            continue;
        }
        let mut f = producer_finding(
            &META,
            cx,
            p,
            p.span,
            format!(
                "a producer is created and closed {}: every message pays for new broker \
                 connections, metadata fetches, a sender thread and its buffer, and is sent \
                 alone without batching",
                where_phrase(&p.context)
            ),
            advice(cx, Some(p.library), Advice::ShareProducer)
                .unwrap_or(
                    "create one producer at start-up, share it across threads and close it on \
                     shutdown",
                )
                .to_string(),
        );
        f.confidence = Confidence::High;
        out.push(f);
    }
}
