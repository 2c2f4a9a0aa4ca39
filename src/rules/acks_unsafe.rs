//! `acks-unsafe`: the producer runs with acks=0 or acks=1.

use super::support::{confidence, overlay_note, origin_phrase, producer_finding, replace_value, suggestion};
use super::{FileContext, RuleMeta, Scope};
use crate::effective::{Acks, Origin};
use crate::finding::{Finding, Severity};

pub const META: RuleMeta = RuleMeta {
    id: "acks-unsafe",
    severity: Severity::Error,
    summary:
        "The producer runs with acks=0 or acks=1, so records it was told are written can be lost",
    explanation: r#"
## What goes wrong
`acks` says how many replicas must hold a record before the broker answers the producer.

* `acks=0`: the producer does not wait for any answer. A record dropped on the
  network, rejected by the broker or sent to a leader that just died is lost
  without an error; nothing is ever retried because no failure is ever seen.
* `acks=1`: only the partition leader has written the record when the producer
  is told it succeeded. If that broker dies before its followers copied the
  record, a follower that never saw it becomes leader and the record is gone,
  although the application counted it as delivered.

Only `acks=all` (`-1`) waits for every in-sync replica, and together with the
topic's `min.insync.replicas >= 2` survives the loss of a broker.

## When it bites
Broker restarts during rolling upgrades, a broker crash, a network partition
that moves leadership. With acks=1 the loss is silent: no exception, no log.

## Defaults
Java kafka-clients before 3.0 default to `acks=1` (3.0+ default to `all`).
Spring Boot takes the default of the kafka-clients version it manages, so
Boot 2.5 and older default to acks=1.

## Fix
* Java / Kotlin / Scala: `props.put(ProducerConfig.ACKS_CONFIG, "all");`
* Spring Boot: `spring.kafka.producer.acks=all`
* producer.properties: `acks=all`
* Go, sarama: `cfg.Producer.RequiredAcks = sarama.WaitForAll` (the default is
  `WaitForLocal`, acks=1)
* Go, segmentio/kafka-go: `RequiredAcks: kafka.RequireAll` in the `kafka.Writer`
  (a `Writer{}` literal waits for no acknowledgement at all by default)
* Go, franz-go: `kgo.RequiredAcks(kgo.AllISRAcks())` (the default)
* Go, confluent-kafka-go: `"acks": "all"` in the `kafka.ConfigMap` (the default)
Also keep `enable.idempotence` on (the default since 3.0.1) and set the
topic's `min.insync.replicas=2` with replication factor 3.

## When to ignore
Data you can afford to lose (metrics samples, debug traces) where latency
matters more than delivery. Say so next to the setting.
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
        let Some(acks) = e.acks.value else { continue };
        if acks == Acks::All {
            continue;
        }
        let risk = match acks {
            Acks::None => "the producer never waits for the broker, so a record lost on the way or rejected by the broker disappears without an error and is never retried",
            _ => "the leader confirms before any follower has the record, so a leader failure before replication loses records the application was told were written",
        };
        let why = origin_phrase(&e.acks, e, p, "acks");
        let help = format!(
            "wait for all in-sync replicas: `{}`",
            suggestion(cx, p, "acks", "all")
        );
        let (span, fix) = match &e.acks.origin {
            Origin::Explicit(s) => {
                let s = &p.config.settings[*s];
                (
                    s.value_span,
                    replace_value(p, s, "all", "set acks to all".into()),
                )
            }
            _ => (p.span, None),
        };
        let mut f = producer_finding(&META, cx, p, span, format!("{why}: {risk}"), help);
        f.fix = fix;
        f.confidence = confidence(&e.acks, e, p);
        f.on_defaults = e.acks.is_default();
        f.message.push_str(&overlay_note(cx, i, &["acks"]));
        out.push(f);
    }
    // Acks given with the send itself (kafkajs `send({ acks: 1 })`).
    for s in &cx.facts.sends {
        let Some(set) = s.settings.iter().rev().find(|x| x.key == "acks") else {
            continue;
        };
        let Some(acks) = set.value.as_text().and_then(|t| Acks::parse(&t)) else {
            continue;
        };
        let risk = match acks {
            Acks::All => continue,
            Acks::None => "the broker is not waited for, so a record lost on the way or rejected disappears without an error and is never retried",
            Acks::Leader => "the leader confirms before any follower has the record, so a leader failure before replication loses records the application was told were written",
        };
        let lib = super::support::send_library(cx, s);
        // An idempotent producer of a library that refuses such a send
        // (kafkajs throws for acks other than -1): every one of them fails.
        let idempotent = s
            .producer
            .and_then(|i| cx.effective.get(i))
            .is_some_and(|e| e.idempotence.value == Some(true));
        let refusal = lib.filter(|_| idempotent).and_then(|l| {
            crate::knowledge::table(l)
                .idempotence_rules()
                .iter()
                .find(|r| r.effect == crate::knowledge::Effect::RefuseSend && r.key == "acks")
                .map(|r| r.message.clone())
        });
        let message = match &refusal {
            Some(m) => format!(
                "this send asks for acks={} of an idempotent producer, which the client refuses: \
                 every such send fails (\"{m}\")",
                acks.as_str()
            ),
            None => format!("this send asks for acks={}: {risk}", acks.as_str()),
        };
        let spelled = lib.map_or_else(
            || "acks=all".to_string(),
            |l| {
                let t = crate::knowledge::table(l);
                format!("{}: {}", t.spell(&set.key).code, t.spell_value("acks", "all"))
            },
        );
        let mut f = super::support::send_finding(
            &META,
            cx,
            s,
            set.value_span,
            message,
            format!("wait for all in-sync replicas: `{spelled}` in the send"),
        );
        f.library = lib.map(|l| l.id().to_string());
        if matches!(set.provenance, crate::model::Provenance::Literal) {
            f.fix = lib.map(|l| crate::finding::Fix {
                description: "set acks to all".into(),
                span: set.value_span,
                replacement: crate::knowledge::table(l).spell_value("acks", "all"),
            });
        }
        f.confidence = match set.provenance {
            crate::model::Provenance::EnvDefault(_) => crate::finding::Confidence::Medium,
            _ => crate::finding::Confidence::High,
        };
        out.push(f);
    }
}
