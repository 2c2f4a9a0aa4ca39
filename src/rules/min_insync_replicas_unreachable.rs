//! `min-insync-replicas-unreachable`: min.insync.replicas is not below the replication factor, so losing one broker blocks acks=all writes.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "min-insync-replicas-unreachable",
    severity: Severity::Error,
    summary: "Min.insync.replicas is not below the replication factor, so losing one broker blocks acks=all writes",
    explanation: r#"
## What goes wrong

`min.insync.replicas` is the number of replicas that must hold a record
before a producer using `acks=all` gets its acknowledgement. When it equals
the replication factor, every replica must be in sync for every write: the
topic has durability but no room for failure. One broker restarting for an
upgrade, one slow disk, one replica falling behind, and every `acks=all`
produce request is refused with `NOT_ENOUGH_REPLICAS` until the replica is
back. When `min.insync.replicas` is *larger* than the replication factor,
`acks=all` writes can never succeed at all.

## When it bites

During every rolling restart, broker crash or network blip affecting one
replica. Producers retry until `delivery.timeout.ms` expires, then fail the
send; applications that do not check the send result lose the data, the
others stall. Consumers are not affected, which makes the outage easy to
misread as a producer bug.

## What the audit checks

For every audited topic, from DescribeConfigs and the partition metadata:
it reports when `min.insync.replicas` is greater than the replication
factor, or equal to it with a replication factor of 2 or more. (A topic with
replication factor 1 is reported by `min-insync-replicas-low` instead: there
is nothing to tolerate a failure with.)

## How to fix

Keep `min.insync.replicas` at most replication factor − 1. The usual
setting is replication factor 3 with `min.insync.replicas=2`: a write is on
two brokers before it is acknowledged, and one broker can be down without
blocking writes.

```sh
kafka-configs.sh --bootstrap-server HOST:9092 --alter \
  --entity-type topics --entity-name TOPIC --add-config min.insync.replicas=2
```

To raise the replication factor instead, reassign the partitions to more
brokers with `kafka-reassign-partitions.sh`.

## When to ignore it

When the topic must never accept a write unless every replica holds it, and
blocking producers during any broker maintenance is the accepted price.
"#,
    scope: Scope::Audit,
};

pub const CHECK: super::Check = super::Check::None;
