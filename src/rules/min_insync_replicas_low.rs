//! `min-insync-replicas-low`: min ISR below 2 or replication factor below 3.

use super::{FileContext, RuleMeta, Scope};
use crate::finding::{Confidence, Finding, Severity};

pub const META: RuleMeta = RuleMeta {
    id: "min-insync-replicas-low",
    severity: Severity::Error,
    summary: "min.insync.replicas below 2 or replication factor below 3: acks=all no longer protects records",
    explanation: r#"
## What goes wrong
`acks=all` waits for the replicas that are *in sync*, and
`min.insync.replicas` is the least number of them the broker accepts a write
with. With `min.insync.replicas=1` the in-sync set can shrink to the leader
alone and `acks=all` then means "the leader has it": a leader crash loses
acknowledged records exactly as with `acks=1`. With a replication factor
below 3 there is no way to keep two in-sync copies while one broker is down
for maintenance.

## When it bites
A follower falls behind (GC pause, slow disk) and drops out of the ISR, then
the leader fails: the new leader lacks the records the producer was told were
safe.

## Fix
Replication factor 3 and `min.insync.replicas=2` for every topic that holds
data you cannot lose:
* broker `server.properties`: `min.insync.replicas=2`, `default.replication.factor=3`
* per topic: `kafka-configs --alter --entity-type topics --entity-name T --add-config min.insync.replicas=2`
* Java: `new NewTopic("orders", 6, (short) 3).configs(Map.of("min.insync.replicas", "2"))`
* Spring: `TopicBuilder.name("orders").partitions(6).replicas(3).config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")`

## When to ignore
Single-broker development and test setups; keep them out of production
configs (for example in a `docker-compose.override.yml`) so the scan of
production files stays clean.

## In `audit`
The audit reads each topic's replication factor and effective
`min.insync.replicas` from the cluster.
"#,
    scope: Scope::Both,
};

pub const CHECK: super::Check = super::Check::File(check);

/// A local single-broker setup: the same finding, as information.
const LOCAL: &str = "; this is a local single-broker setup, where that is fine for development \
    (in production use replication factor 3 with min.insync.replicas=2)";

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    let help_isr = "set min.insync.replicas=2 with replication factor 3";
    let local = |f: &mut Finding, local_only: bool| {
        f.deployment = true;
        if local_only {
            f.severity = Severity::Info;
            f.message.push_str(LOCAL);
        }
    };
    for b in &cx.facts.broker_settings {
        if b.key != "min.insync.replicas" {
            continue;
        }
        let Some(n) = b.value.as_int() else { continue };
        if n >= 2 {
            continue;
        }
        let mut f = super::finding(&META, cx.path, b.span);
        f.message = format!(
            "{} min.insync.replicas={n}: acks=all is satisfied by the leader alone once the \
             followers fall out of sync, so a leader failure loses acknowledged records",
            b.scope
        );
        local(&mut f, b.local_only);
        f.help = help_isr.into();
        f.library = Some(b.scope.clone());
        f.confidence = Confidence::High;
        out.push(f);
    }
    for t in &cx.facts.topics {
        let name = t
            .name
            .as_ref()
            .map(|n| n.display())
            .unwrap_or_else(|| "created here".into());
        if let Some(rf) = t.replication_factor.filter(|&rf| rf < 3) {
            let mut f = super::finding(&META, cx.path, t.replication_factor_span.unwrap_or(t.span));
            f.message = format!(
                "topic {name} is created with replication factor {rf}: with fewer than 3 copies, \
                 one broker down leaves no room to keep two in-sync replicas, and a second \
                 failure loses data"
            );
            local(&mut f, t.local_only);
            f.help = "create it with replication factor 3 and min.insync.replicas=2".into();
            f.library = Some("topic".into());
            f.confidence = Confidence::High;
            out.push(f);
        }
        if let Some(n) = t.min_insync_replicas.filter(|&n| n < 2) {
            let mut f =
                super::finding(&META, cx.path, t.min_insync_replicas_span.unwrap_or(t.span));
            f.message = format!(
                "topic {name} sets min.insync.replicas={n}: acks=all then accepts writes held by \
                 the leader alone, and a leader failure loses them"
            );
            local(&mut f, t.local_only);
            f.help = help_isr.into();
            f.library = Some("topic".into());
            f.confidence = Confidence::High;
            out.push(f);
        }
    }
}
