//! `idempotence-missing`: retries are possible but idempotence is off.

use super::support::{
    confidence, idempotence_anchor, origin_phrase, overlay_note, producer_finding, replace_value, suggestion,
};
use super::{FileContext, RuleMeta, Scope};
use crate::effective::Origin;
use crate::finding::{Confidence, Finding, Severity};
use crate::knowledge::{self, Effect, Test};

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

* Go, sarama: `cfg.Producer.Idempotent = true` needs `cfg.Producer.RequiredAcks =
  sarama.WaitForAll`, `cfg.Net.MaxOpenRequests = 1` and `Producer.Retry.Max` ≥ 1;
  with any of them missing `NewSyncProducer`/`NewAsyncProducer` return an error.
* Go, franz-go: idempotent by default; `kgo.RequiredAcks(kgo.LeaderAck())`
  without `kgo.DisableIdempotentWrite()` makes `kgo.NewClient` fail.
* Go, confluent-kafka-go: `"enable.idempotence": true` in the `kafka.ConfigMap`.
* segmentio/kafka-go has no idempotent producer at all: its `Writer` can write a
  retried batch twice whatever the settings, so kafkalint reports nothing here
  for it; deduplicate downstream or use a client that has one.

## Configurations that cannot start
Some clients refuse an idempotent configuration instead of switching
idempotence off: sarama with `Idempotent = true` and the default acks
(`WaitForLocal`) or the default `Net.MaxOpenRequests` (5), franz-go with
acks other than all. Such a producer never sends anything; kafkalint reports
it under this rule, saying that it will not start.

## When to ignore
Consumers that are idempotent themselves (upserts by key, deduplication by a
unique id) tolerate duplicates; record that decision next to the setting.
"#,
    scope: Scope::Scan,
};

pub const CHECK: super::Check = super::Check::File(check);

/// A value of `key` that passes the library's rule `test` (the value it
/// asks for), when the test names one.
fn passing_value(test: &Test) -> Option<String> {
    match test {
        Test::Ne(v) => Some(v.clone()),
        Test::Gt(n) | Test::Lt(n) => Some(n.to_string()),
        Test::VersionBelow(v) => Some(format!("{}.{}.{}", v.major, v.minor, v.patch)),
        Test::Eq(_) | Test::Set => None,
    }
}

/// The producer asks for idempotence (or gets it by default) in a
/// configuration the library refuses: it never starts, or every send fails.
fn refused(cx: &FileContext<'_>, i: usize, p: &crate::model::Producer, out: &mut Vec<Finding>) {
    let e = &cx.effective[i];
    let Some(ws) = &e.wont_start else { return };
    let setting = ws.setting.map(|s| &p.config.settings[s]);
    let span = setting.map_or(p.span, |s| s.value_span);
    let what = match ws.effect {
        Effect::RefuseSend => "starts, but every send it makes fails",
        _ => "will not start: its construction returns an error",
    };
    let rule = knowledge::table(p.library)
        .idempotence_rules()
        .iter()
        .find(|r| r.key == ws.key && r.message == ws.message);
    let fix = rule
        .and_then(|r| r.test.as_ref())
        .and_then(passing_value)
        .map(|v| format!(": `{}`", suggestion(cx, p, &ws.key, &v)));
    let help = match fix {
        Some(f) => format!("make the configuration one the idempotent producer accepts{f}"),
        None => format!(
            "change {} so that the idempotent producer accepts it, or turn idempotence off \
             knowingly",
            ws.key
        ),
    };
    let mut f = producer_finding(
        &META,
        cx,
        p,
        span,
        format!(
            "{}: the client rejects this (\"{}\"), so this producer {what}, and nothing it \
             should send is written",
            ws.reason, ws.message
        ),
        help,
    );
    f.confidence = if setting.is_some() || e.version.is_some() {
        Confidence::High
    } else {
        Confidence::Medium
    };
    out.push(f);
}

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for (i, p) in cx.facts.producers.iter().enumerate() {
        // Judged where it is made, not where it is imported.
        if p.imported_from.is_some() {
            continue;
        }
        let e = &cx.effective[i];
        if e.wont_start.is_some() {
            refused(cx, i, p, out);
            continue;
        }
        if let Origin::Absent(note) = &e.idempotence.origin {
            // This version has no idempotence, but current ones do
            // (kafka-python before 2.2): the fix is the upgrade. A library
            // that never has it (kafka-go) is not reported.
            let later = matches!(
                knowledge::table(p.library).default_for("enable.idempotence", None),
                knowledge::DefaultValue::Known { .. }
            );
            if later && e.retries_possible() == Some(true) {
                let retries = match (&e.retries.origin, e.retries.value) {
                    (Origin::Explicit(_), Some(n)) => format!("retries={n} is set"),
                    (_, Some(n)) => format!("retries defaults to {n}"),
                    _ => "retries are on".into(),
                };
                let mut f = producer_finding(
                    &META,
                    cx,
                    p,
                    p.span,
                    format!(
                        "{retries} and this client version has no idempotent producer: a retry \
                         after a lost acknowledgement writes the same record again, and \
                         consumers see duplicates"
                    ),
                    note.clone(),
                );
                f.confidence = confidence(&e.retries, e, p);
                out.push(f);
            }
            continue;
        }
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
        f.on_defaults = e.idempotence.is_default();
        f.message
            .push_str(&overlay_note(
                cx,
                i,
                &["enable.idempotence", "acks", "max.in.flight.requests.per.connection"],
            ));
        out.push(f);
    }
}
