//! `under-replicated`: partitions are under-replicated or offline right now.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "under-replicated",
    severity: Severity::Error,
    summary: "Partitions are under-replicated or offline right now",
    explanation: r#"
## What goes wrong

A partition is *under-replicated* when some of its replicas are not in the
in-sync replica set (ISR): they are behind the leader or their broker is
down. It is *offline* when it has no leader at all. While a partition is
under-replicated, the cluster holds fewer copies of recent records than the
replication factor promises; one more failure can lose acknowledged data or
take the partition offline. When the ISR shrinks below
`min.insync.replicas`, `acks=all` producers are refused outright. An
offline partition accepts no reads and no writes.

## When it bites

After a broker crash or a restart that has not caught up yet, on a full or
failing disk, when replication is throttled (a reassignment with a low
throttle), when a broker is overloaded and cannot keep up with the leader,
or after network partitions between brokers.

## What the audit checks

The state right now, from the cluster metadata: for every partition of
every audited topic, it reports a finding (with the partition number) when
the ISR is smaller than the replica list, and says so when it is also below
the topic's `min.insync.replicas` (writes with `acks=all` fail now). A
partition without a leader is reported as offline. A transient state can
show up during a rolling restart: run the audit again to see whether it
persists.

## How to fix

Find the brokers that host the missing replicas (the finding lists the
replica and ISR broker ids) and bring them back: restart a stopped broker,
free disk space, lift or raise replication throttles
(`leader.replication.throttled.rate`, `follower.replication.throttled.rate`),
check `replica.lag.time.max.ms` against the broker's real load. For an
offline partition, restart a broker that holds an up-to-date replica; avoid
unclean leader election unless losing the records the other replicas lack
is acceptable.

## When to ignore it

During planned maintenance or a reassignment you are watching, when the
replicas are known to be catching up.
"#,
    scope: Scope::Audit,
};

pub const CHECK: super::Check = super::Check::None;
