//! Cluster facts: what `collect` read from the cluster and `checks`, the
//! text charts and the HTML page work on. Plain data, no client types, so
//! the checks and renderers can be tested without a broker.

use serde::Serialize;
use std::collections::BTreeMap;

/// Everything the audit learned about the cluster.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClusterFacts {
    /// The first bootstrap server as given on the command line.
    pub bootstrap: String,
    pub brokers: Vec<BrokerFacts>,
    /// Audited topics, sorted by name.
    pub topics: Vec<TopicFacts>,
    /// Records requested per partition for the key sample (0: no sample).
    pub sample_per_partition: usize,
    /// Set when sampling stopped at the deadline before every partition
    /// was read.
    pub sample_incomplete: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct BrokerFacts {
    pub id: i32,
    pub host: String,
    pub port: i32,
    /// The broker's effective configuration (name → value).
    pub config: BTreeMap<String, ConfigValue>,
}

/// One configuration value and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigValue {
    pub value: Option<String>,
    /// Whether the value is the built-in default (nobody set it).
    pub is_default: bool,
    /// librdkafka's source name, e.g. `DynamicTopic`, `StaticBroker`.
    pub source: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TopicFacts {
    pub name: String,
    pub partitions: Vec<PartitionFacts>,
    /// The topic's effective configuration (name → value).
    pub config: BTreeMap<String, ConfigValue>,
    /// Key statistics from the bounded sample; `None` when not sampled.
    pub sample: Option<KeySample>,
}

impl TopicFacts {
    /// Replication factor: the largest replica list among the partitions.
    pub fn replication_factor(&self) -> usize {
        self.partitions
            .iter()
            .map(|p| p.replicas.len())
            .max()
            .unwrap_or(0)
    }

    /// A configuration value parsed as an integer.
    pub fn config_int(&self, name: &str) -> Option<i64> {
        config_int(&self.config, name)
    }

    /// Records currently held per partition, in partition order.
    pub fn records_per_partition(&self) -> Vec<(i32, u64)> {
        self.partitions
            .iter()
            .map(|p| (p.id, p.records()))
            .collect()
    }

    pub fn total_records(&self) -> u64 {
        self.partitions.iter().map(|p| p.records()).sum()
    }
}

/// A configuration value parsed as an integer.
pub fn config_int(config: &BTreeMap<String, ConfigValue>, name: &str) -> Option<i64> {
    config
        .get(name)?
        .value
        .as_deref()
        .and_then(|v| v.trim().parse().ok())
}

/// A configuration value parsed as a boolean.
pub fn config_bool(config: &BTreeMap<String, ConfigValue>, name: &str) -> Option<bool> {
    match config.get(name)?.value.as_deref()?.trim() {
        v if v.eq_ignore_ascii_case("true") => Some(true),
        v if v.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PartitionFacts {
    pub id: i32,
    /// Leader broker id; -1 when the partition has no leader (offline).
    pub leader: i32,
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
    /// The error the metadata reported for this partition, if any.
    pub error: Option<String>,
    /// Low and high watermarks (`None` when they could not be read, e.g.
    /// the partition is offline).
    pub low: Option<i64>,
    pub high: Option<i64>,
}

impl PartitionFacts {
    /// Records between the watermarks (for compacted topics an upper
    /// bound: compaction leaves gaps).
    pub fn records(&self) -> u64 {
        match (self.low, self.high) {
            (Some(l), Some(h)) if h > l => (h - l) as u64,
            _ => 0,
        }
    }

    pub fn offline(&self) -> bool {
        self.leader < 0
    }
}

/// What the key sample of one topic showed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KeySample {
    /// Records read.
    pub records: u64,
    /// Records with a null key.
    pub null_keys: u64,
    /// Distinct non-null keys.
    pub distinct_keys: u64,
    /// Keys that look like epoch numbers or ISO-8601 times.
    pub timestamp_keys: u64,
    /// Keys that look like UUIDs.
    pub uuid_keys: u64,
    /// The most frequent keys (printable form, count), most frequent first,
    /// at most [`TOP_KEYS`].
    pub top_keys: Vec<(String, u64)>,
}

/// How many of the most frequent keys a sample keeps.
pub const TOP_KEYS: usize = 5;

impl KeySample {
    pub fn keyed(&self) -> u64 {
        self.records - self.null_keys.min(self.records)
    }

    pub fn null_share(&self) -> f64 {
        share(self.null_keys, self.records)
    }

    /// The share of keyed records that carry the most frequent key.
    pub fn top_key_share(&self) -> f64 {
        share(self.top_keys.first().map_or(0, |k| k.1), self.keyed())
    }
}

/// `part / whole`, 0 when `whole` is 0.
pub fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}
