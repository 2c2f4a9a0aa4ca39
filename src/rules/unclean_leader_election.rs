//! `unclean-leader-election`: an out-of-sync replica may become leader.

use super::{FileContext, RuleMeta, Scope};
use crate::finding::{Confidence, Finding, Severity};

pub const META: RuleMeta = RuleMeta {
    id: "unclean-leader-election",
    severity: Severity::Error,
    summary: "unclean.leader.election.enable=true lets an out-of-date replica become leader and drop records",
    explanation: r#"
## What goes wrong
When every in-sync replica of a partition is down, Kafka normally waits for
one of them to return. With `unclean.leader.election.enable=true` it instead
promotes a replica that was *not* in sync. Everything that replica missed —
records acknowledged with `acks=all` included — is truncated from the log
when the old replicas come back. Consumers may also see offsets reused for
different records.

## When it bites
A double failure: the followers fall behind (or are down), then the leader
dies. Rare, but it is precisely the case durability settings exist for.

## Fix
* broker `server.properties`: `unclean.leader.election.enable=false` (the default since Kafka 0.11)
* per topic: `kafka-configs --alter --entity-type topics --entity-name T --delete-config unclean.leader.election.enable`
* Strimzi / compose: remove the override.

## When to ignore
Topics where availability matters more than completeness (metrics you can
lose) — set it per topic for those, never broker-wide.
"#,
    scope: Scope::Both,
};

pub const CHECK: super::Check = super::Check::File(check);

fn check(cx: &FileContext<'_>, out: &mut Vec<Finding>) {
    for b in &cx.facts.broker_settings {
        if b.key != "unclean.leader.election.enable" || b.value.as_bool() != Some(true) {
            continue;
        }
        let mut f = super::finding(&META, cx.path, b.span);
        f.deployment = true;
        f.message = format!(
            "{} unclean.leader.election.enable=true: when the in-sync replicas are down, a replica \
             that missed records becomes leader and the records it lacks, acknowledged ones \
             included, are truncated",
            b.scope
        );
        f.help = "set unclean.leader.election.enable=false (the default)".into();
        f.library = Some(b.scope.clone());
        f.confidence = Confidence::High;
        out.push(f);
    }
}
