//! `partition-skew`: records are spread unevenly over a topic's partitions.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "partition-skew",
    severity: Severity::Warning,
    summary: "Records are spread unevenly over a topic's partitions",
    explanation: r#"
## What goes wrong

Kafka scales by partition: each partition is read by one consumer of a
group and written on one leader broker. When most records land on a few
partitions, one consumer does most of the work while the others idle, the
hot partition's leader carries most of the disk and network load, consumer
lag builds on that partition only, and adding partitions or consumers does
not help. Retention by size also drops records from the hot partition
sooner than from the others.

## When it bites

With keys that have few values or one dominant value (a tenant id where one
tenant is huge, a country code, a boolean), with timestamp keys that pile
into one partition per time window, with a custom partitioner that ignores
part of the key space, or after partitions were added to a topic (old keys
keep their old partition).

## What the audit checks

Records per partition are read from the low and high watermarks (for a
compacted topic this counts offsets, an upper bound of the records held).
For a topic with at least 2 partitions and at least `--skew-min-records`
records (default 100) it computes:

- the hottest partition's share of all records, against the uniform share
  `1 / partitions`;
- the ratio of the hottest partition's records to the mean per partition
  (max/mean, 1.0 is perfectly even);
- the coefficient of variation (standard deviation over the mean).

It reports when max/mean is at least `--skew-threshold` (default 1.5: on 3
partitions, one partition holding half of the records). The text report
draws a bar chart of records per partition for every topic, and the
`--html` page a chart per topic.

## How to fix

Key by something with many values that are used about equally (an entity
id rather than a category). For one very hot key, add a bounded salt
(`key + "-" + n` for n in 0..k) and merge downstream, accepting that order
then holds per salted key only. Check custom partitioners for skew. After
adding partitions, expect old keys to stay where they were.

## When to ignore it

When a skewed key is deliberate (strict order for one entity matters more
than parallelism), or when the skew comes from old data that retention will
remove and new records are spread evenly. Raise `--skew-threshold` to tune
the check to your tolerance.
"#,
    scope: Scope::Audit,
};

pub const CHECK: super::Check = super::Check::None;
