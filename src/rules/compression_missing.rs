//! `compression-missing`: a bulk producer without compression.

use super::support::{overlay_note, producer_finding, replace_value, sends_in_bulk, suggestion};
use super::{FileContext, RuleMeta, Scope};
use crate::effective::Origin;
use crate::finding::{Confidence, Finding, Severity};

pub const META: RuleMeta = RuleMeta {
    id: "compression-missing",
    severity: Severity::Info,
    summary: "A producer that sends in bulk does not compress its batches",
    explanation: r#"
## What goes wrong
Without `compression.type` batches travel and are stored uncompressed. Text
formats such as JSON, Avro with repeated field names or CSV typically shrink
3–10x with lz4 or zstd, so an uncompressed bulk producer uses several times
the network bandwidth, broker disk and page cache it needs, and replication
and consumers pay the same again.

## When it bites
Producers that send many records (loops, exports, event streams). Compression
works per batch, so it pays off together with batching (`linger.ms` > 0).

## Fix
* Java: `props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");` (or `zstd`
  for the best ratio, `snappy` for the lowest CPU).
* Spring Boot: `spring.kafka.producer.compression-type=lz4`
* producer.properties: `compression.type=lz4`
Make sure the topic's `compression.type` is `producer` (the default), so the
broker keeps the producer's compression instead of recompressing.

## When to ignore
Payloads that are already compressed or encrypted (images, gzip blobs,
ciphertext), or producers that send only a few small records.
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
        let Some(kind) = e.compression.value.as_deref() else {
            continue;
        };
        if kind != "none" || !sends_in_bulk(cx, i) {
            continue;
        }
        // A client without linger (kafkajs) batches only what one call
        // carries: compression pays off only on calls of many records.
        if e.linger_ms.is_absent()
            && !super::support::sends_of(cx, i).any(|s| s.batch && (s.context.bulk || s.context.in_handler))
        {
            continue;
        }
        // Compression chosen per send (kafkajs `send({ compression })`).
        if super::support::sends_of(cx, i).any(|s| {
            s.settings.iter().any(|x| {
                x.key == "compression.type" && x.value.as_text().is_none_or(|v| v != "none")
            })
        }) {
            continue;
        }
        // `compression: CompressionTypes.None` written in a send counts as
        // the written setting.
        let on_send = super::support::sends_of(cx, i)
            .flat_map(|s| s.settings.iter())
            .find(|x| x.key == "compression.type");
        let explicit = match &e.compression.origin {
            Origin::Explicit(s) => Some(&p.config.settings[*s]),
            _ => on_send,
        };
        let what = if explicit.is_some() {
            "compression.type=none is set"
        } else {
            "compression.type is not set"
        };
        let mut f = producer_finding(
            &META,
            cx,
            p,
            explicit.map_or(p.span, |s| s.value_span),
            format!(
                "{what} on a producer that sends in a loop: every batch crosses the network and \
                 is stored uncompressed, typically several times larger than needed"
            ),
            format!(
                "compress batches: `{}`",
                suggestion(cx, p, "compression.type", "lz4")
            ),
        );
        f.fix = explicit.and_then(|s| replace_value(p, s, "lz4", "set compression.type to lz4".into()));
        f.confidence = Confidence::High;
        f.on_defaults = explicit.is_none();
        f.message
            .push_str(&overlay_note(cx, i, &["compression.type"]));
        out.push(f);
    }
}
