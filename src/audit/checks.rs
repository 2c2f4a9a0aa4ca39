//! The audit's rules, evaluated over [`ClusterFacts`]. Same rule ids as
//! `scan`; the thresholds are documented in each rule's explanation.

use super::model::{config_bool, config_int, share, ClusterFacts, TopicFacts};
use crate::finding::{Confidence, Finding, Span};
use crate::rules;

/// Tunable thresholds.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// partition-skew fires when the hottest partition holds at least this
    /// many times the mean records per partition.
    pub skew_ratio: f64,
    /// partition-skew needs at least this many records in the topic.
    pub skew_min_records: u64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            skew_ratio: DEFAULT_SKEW_RATIO,
            skew_min_records: DEFAULT_SKEW_MIN_RECORDS,
        }
    }
}

pub const DEFAULT_SKEW_RATIO: f64 = 1.5;
pub const DEFAULT_SKEW_MIN_RECORDS: u64 = 100;
/// Key rules need at least this many sampled records (keyed records for
/// the rules about key values).
pub const KEY_MIN_SAMPLE: u64 = 20;
/// key-null: share of sampled records without a key.
pub const NULL_SHARE: f64 = 0.10;
/// key-low-cardinality: share of keyed records carried by the top key.
pub const TOP_KEY_SHARE: f64 = 0.50;
/// key-timestamp / key-random: share of keyed records of that shape.
pub const SHAPE_SHARE: f64 = 0.50;
/// key-random: distinct keys per keyed record (nearly every record has its
/// own key).
pub const RANDOM_DISTINCT_RATIO: f64 = 0.90;

/// Skew statistics of records per partition.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Skew {
    pub hottest: i32,
    pub hottest_records: u64,
    pub total: u64,
    /// The hottest partition's share of all records.
    pub hottest_share: f64,
    /// 1 / partitions.
    pub uniform_share: f64,
    pub max_over_mean: f64,
    /// Population standard deviation over the mean.
    pub cv: f64,
}

/// Skew of `counts` (partition, records); `None` without records.
pub fn skew(counts: &[(i32, u64)]) -> Option<Skew> {
    let n = counts.len();
    let total: u64 = counts.iter().map(|c| c.1).sum();
    if n == 0 || total == 0 {
        return None;
    }
    let &(hottest, hottest_records) = counts
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
    let mean = total as f64 / n as f64;
    let var = counts
        .iter()
        .map(|c| (c.1 as f64 - mean).powi(2))
        .sum::<f64>()
        / n as f64;
    Some(Skew {
        hottest,
        hottest_records,
        total,
        hottest_share: share(hottest_records, total),
        uniform_share: 1.0 / n as f64,
        max_over_mean: hottest_records as f64 / mean,
        cv: var.sqrt() / mean,
    })
}

/// Runs every audit rule. Findings are sorted.
pub fn check(facts: &ClusterFacts, t: &Thresholds) -> Vec<Finding> {
    let mut out = Vec::new();
    check_brokers(facts, &mut out);
    for topic in &facts.topics {
        check_topic(facts, topic, t, &mut out);
    }
    out.sort_by(|a, b| {
        (a.topic.as_deref(), a.partition, a.rule).cmp(&(b.topic.as_deref(), b.partition, b.rule))
    });
    out
}

fn new_finding(
    facts: &ClusterFacts,
    id: &str,
    topic: Option<&str>,
    partition: Option<i32>,
    message: String,
    help: &str,
    confidence: Confidence,
) -> Option<Finding> {
    let meta = rules::meta(id)?;
    let path = match topic {
        Some(t) => format!("kafka://{}/{t}", facts.bootstrap),
        None => format!("kafka://{}/", facts.bootstrap),
    };
    let mut f = rules::finding(meta, &path, Span::default());
    f.message = message;
    f.help = help.to_string();
    f.confidence = confidence;
    f.library = Some(if topic.is_some() { "topic" } else { "broker" }.to_string());
    f.topic = topic.map(str::to_string);
    f.partition = partition;
    Some(f)
}

fn id_list(ids: &[i32]) -> String {
    let v: Vec<String> = ids.iter().map(i32::to_string).collect();
    v.join(", ")
}

/// Broker defaults that new topics inherit.
fn check_brokers(facts: &ClusterFacts, out: &mut Vec<Finding>) {
    let mut low: Vec<(i32, String)> = Vec::new();
    let mut unclean: Vec<i32> = Vec::new();
    for b in &facts.brokers {
        let rf = config_int(&b.config, "default.replication.factor");
        let isr = config_int(&b.config, "min.insync.replicas");
        let mut why = Vec::new();
        if let Some(rf) = rf.filter(|&v| v < 3) {
            why.push(format!("default.replication.factor={rf}"));
        }
        if let Some(isr) = isr.filter(|&v| v < 2) {
            why.push(format!("min.insync.replicas={isr}"));
        }
        if !why.is_empty() {
            low.push((b.id, why.join(", ")));
        }
        if config_bool(&b.config, "unclean.leader.election.enable") == Some(true) {
            unclean.push(b.id);
        }
    }
    // One finding per distinct setting, naming the brokers that have it.
    let mut groups: Vec<(String, Vec<i32>)> = Vec::new();
    for (id, why) in low {
        match groups.iter_mut().find(|g| g.0 == why) {
            Some(g) => g.1.push(id),
            None => groups.push((why, vec![id])),
        }
    }
    for (why, ids) in groups {
        out.extend(new_finding(
            facts,
            "min-insync-replicas-low",
            None,
            None,
            format!(
                "broker default{} {why} (broker{} {}): topics created without explicit settings inherit it",
                if why.contains(", ") { "s" } else { "" },
                if ids.len() == 1 { "" } else { "s" },
                id_list(&ids)
            ),
            "set default.replication.factor=3 and min.insync.replicas=2 in every broker's server.properties (or with kafka-configs.sh --entity-type brokers --entity-default)",
            Confidence::High,
        ));
    }
    if !unclean.is_empty() {
        out.extend(new_finding(
            facts,
            "unclean-leader-election",
            None,
            None,
            format!(
                "broker default unclean.leader.election.enable=true (broker{} {}): topics without their own setting may elect an out-of-sync leader and drop acknowledged writes",
                if unclean.len() == 1 { "" } else { "s" },
                id_list(&unclean)
            ),
            "set unclean.leader.election.enable=false on the brokers",
            Confidence::High,
        ));
    }
}

fn check_topic(facts: &ClusterFacts, topic: &TopicFacts, t: &Thresholds, out: &mut Vec<Finding>) {
    let name = Some(topic.name.as_str());
    let rf = topic.replication_factor() as i64;
    let min_isr = topic.config_int("min.insync.replicas");

    // Durability settings.
    let mut why = Vec::new();
    if rf > 0 && rf < 3 {
        why.push(format!("replication factor {rf} (below 3)"));
    }
    if let Some(m) = min_isr.filter(|&m| m < 2) {
        why.push(format!("min.insync.replicas={m} (below 2)"));
    }
    if !why.is_empty() {
        out.extend(new_finding(
            facts,
            "min-insync-replicas-low",
            name,
            None,
            format!(
                "topic {:?} has {}: one broker failure can lose acknowledged writes even with acks=all",
                topic.name,
                why.join(" and ")
            ),
            "raise the replication factor to 3 (kafka-reassign-partitions.sh) and set min.insync.replicas=2 (kafka-configs.sh --alter --entity-type topics)",
            Confidence::High,
        ));
    }
    if let Some(m) = min_isr {
        if rf > 0 && (m > rf || (m == rf && rf >= 2)) {
            let effect = if m > rf {
                "acks=all writes can never succeed"
            } else {
                "losing any one broker of the partition blocks acks=all writes"
            };
            out.extend(new_finding(
                facts,
                "min-insync-replicas-unreachable",
                name,
                None,
                format!(
                    "topic {:?}: min.insync.replicas={m} with replication factor {rf}: {effect}",
                    topic.name
                ),
                "keep min.insync.replicas at most replication factor - 1 (RF 3 with min.insync.replicas=2)",
                Confidence::High,
            ));
        }
    }
    if config_bool(&topic.config, "unclean.leader.election.enable") == Some(true) {
        let inherited = topic
            .config
            .get("unclean.leader.election.enable")
            .is_some_and(|c| c.source != "DynamicTopic");
        out.extend(new_finding(
            facts,
            "unclean-leader-election",
            name,
            None,
            format!(
                "topic {:?} has unclean.leader.election.enable=true{}: an out-of-sync replica can become leader and drop acknowledged writes",
                topic.name,
                if inherited { " (inherited from the brokers)" } else { "" }
            ),
            "kafka-configs.sh --alter --entity-type topics --entity-name TOPIC --add-config unclean.leader.election.enable=false",
            Confidence::High,
        ));
    }

    // Replication health right now.
    for p in &topic.partitions {
        let message = if p.offline() {
            Some(format!(
                "topic {:?} partition {} is offline: no leader (replicas [{}], in-sync [{}])",
                topic.name,
                p.id,
                id_list(&p.replicas),
                id_list(&p.isr)
            ))
        } else if p.isr.len() < p.replicas.len() {
            let blocked = min_isr.is_some_and(|m| (p.isr.len() as i64) < m);
            Some(format!(
                "topic {:?} partition {} is under-replicated: in-sync replicas [{}] of [{}]{}",
                topic.name,
                p.id,
                id_list(&p.isr),
                id_list(&p.replicas),
                if blocked {
                    "; fewer than min.insync.replicas, so acks=all writes fail now"
                } else {
                    ""
                }
            ))
        } else {
            None
        };
        if let Some(message) = message {
            out.extend(new_finding(
                facts,
                "under-replicated",
                name,
                Some(p.id),
                message,
                "check the brokers that host the missing replicas (down, disk full, throttled replication) and bring them back",
                Confidence::High,
            ));
        }
    }

    // Partition skew from the watermarks.
    let counts = topic.records_per_partition();
    if counts.len() >= 2 {
        if let Some(s) = skew(&counts) {
            if s.total >= t.skew_min_records && s.max_over_mean >= t.skew_ratio {
                out.extend(new_finding(
                    facts,
                    "partition-skew",
                    name,
                    None,
                    format!(
                        "topic {:?}: partition {} holds {:.1}% of {} records (uniform {:.1}%); max/mean {:.2} (threshold {:.2}), coefficient of variation {:.2}",
                        topic.name,
                        s.hottest,
                        s.hottest_share * 100.0,
                        s.total,
                        s.uniform_share * 100.0,
                        s.max_over_mean,
                        t.skew_ratio,
                        s.cv
                    ),
                    "spread the load: use a key with many evenly used values, or add a salt to hot keys; check custom partitioners",
                    Confidence::High,
                ));
            }
        }
    }

    // Key distribution from the sample. With one partition the key decides
    // nothing, so these rules need two or more.
    let Some(k) = &topic.sample else { return };
    if topic.partitions.len() < 2 {
        return;
    }
    let sample_desc = format!(
        "{} sampled record{} (newest {} per partition)",
        k.records,
        if k.records == 1 { "" } else { "s" },
        facts.sample_per_partition
    );
    if k.records >= KEY_MIN_SAMPLE && k.null_share() >= NULL_SHARE {
        out.extend(new_finding(
            facts,
            "key-null",
            name,
            None,
            format!(
                "topic {:?}: {:.1}% of {sample_desc} have a null key, so records of one entity land on any partition and lose their order",
                topic.name,
                k.null_share() * 100.0
            ),
            "send each record with the id of the entity it is about as key",
            Confidence::Medium,
        ));
    }
    let keyed = k.keyed();
    if keyed < KEY_MIN_SAMPLE {
        return;
    }
    let top_desc = top_keys(k);
    let parts = topic.partitions.len() as u64;
    if k.distinct_keys < parts || k.top_key_share() >= TOP_KEY_SHARE {
        out.extend(new_finding(
            facts,
            "key-low-cardinality",
            name,
            None,
            format!(
                "topic {:?}: {} distinct key{} in {keyed} keyed records over {parts} partitions; top keys: {top_desc}",
                topic.name,
                k.distinct_keys,
                if k.distinct_keys == 1 { "" } else { "s" },
            ),
            "choose a key with many values (an entity id), or salt hot keys",
            Confidence::Medium,
        ));
    }
    let ts = share(k.timestamp_keys, keyed);
    if ts >= SHAPE_SHARE {
        out.extend(new_finding(
            facts,
            "key-timestamp",
            name,
            None,
            format!(
                "topic {:?}: {:.1}% of {keyed} keyed records have a timestamp as key (epoch number or ISO-8601), e.g. {}",
                topic.name,
                ts * 100.0,
                example_keys(k)
            ),
            "key by the entity the record is about; keep the time in the record's timestamp or value",
            Confidence::Medium,
        ));
    }
    let uu = share(k.uuid_keys, keyed);
    let distinct_ratio = share(k.distinct_keys, keyed);
    if uu >= SHAPE_SHARE && distinct_ratio >= RANDOM_DISTINCT_RATIO {
        out.extend(new_finding(
            facts,
            "key-random",
            name,
            None,
            format!(
                "topic {:?}: {:.1}% of {keyed} keyed records have a UUID key and {:.1}% of keys are distinct (e.g. {}): a fresh random key per record orders nothing",
                topic.name,
                uu * 100.0,
                distinct_ratio * 100.0,
                example_keys(k)
            ),
            "key by a stable entity id, or send without a key if no ordering is needed",
            Confidence::Medium,
        ));
    }
}

/// Up to two sampled keys, quoted.
fn example_keys(k: &super::model::KeySample) -> String {
    let v: Vec<String> = k
        .top_keys
        .iter()
        .take(2)
        .map(|(key, _)| format!("{key:?}"))
        .collect();
    v.join(", ")
}

fn top_keys(k: &super::model::KeySample) -> String {
    let keyed = k.keyed();
    let v: Vec<String> = k
        .top_keys
        .iter()
        .take(3)
        .map(|(key, n)| format!("{key:?} {:.1}%", share(*n, keyed) * 100.0))
        .collect();
    v.join(", ")
}

#[cfg(test)]
mod tests {
    use super::super::model::{BrokerFacts, ConfigValue, KeySample, PartitionFacts, TopicFacts};
    use super::*;

    fn cv(v: &str, source: &str) -> ConfigValue {
        ConfigValue {
            value: Some(v.into()),
            is_default: source == "Default",
            source: source.into(),
        }
    }

    fn topic(name: &str, rf: usize, counts: &[u64], cfg: &[(&str, &str)]) -> TopicFacts {
        TopicFacts {
            name: name.into(),
            partitions: counts
                .iter()
                .enumerate()
                .map(|(i, &c)| PartitionFacts {
                    id: i as i32,
                    leader: 1,
                    replicas: (1..=rf as i32).collect(),
                    isr: (1..=rf as i32).collect(),
                    error: None,
                    low: Some(0),
                    high: Some(c as i64),
                })
                .collect(),
            config: cfg
                .iter()
                .map(|(k, v)| (k.to_string(), cv(v, "DynamicTopic")))
                .collect(),
            sample: None,
        }
    }

    fn facts(topics: Vec<TopicFacts>) -> ClusterFacts {
        ClusterFacts {
            bootstrap: "b:9092".into(),
            brokers: vec![BrokerFacts {
                id: 1,
                host: "b".into(),
                port: 9092,
                config: [
                    ("default.replication.factor", "3"),
                    ("min.insync.replicas", "2"),
                    ("unclean.leader.election.enable", "false"),
                ]
                .iter()
                .map(|(k, v)| (k.to_string(), cv(v, "StaticBroker")))
                .collect(),
            }],
            topics,
            sample_per_partition: 1000,
            sample_incomplete: false,
        }
    }

    fn rules_of(f: &[Finding]) -> Vec<(&str, Option<i32>)> {
        f.iter().map(|f| (f.rule, f.partition)).collect()
    }

    #[test]
    fn healthy_topic_is_silent() {
        let mut t = topic("ok", 3, &[100, 110, 95], &[("min.insync.replicas", "2")]);
        t.sample = Some(KeySample {
            records: 305,
            null_keys: 0,
            distinct_keys: 200,
            timestamp_keys: 0,
            uuid_keys: 0,
            top_keys: vec![("a".into(), 3)],
        });
        let f = check(&facts(vec![t]), &Thresholds::default());
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn durability() {
        let f = check(
            &facts(vec![
                topic("rf1", 1, &[1], &[("min.insync.replicas", "1")]),
                topic("rf3isr1", 3, &[1], &[("min.insync.replicas", "1")]),
                topic("rf2isr2", 2, &[1], &[("min.insync.replicas", "2")]),
                topic("rf3isr3", 3, &[1], &[("min.insync.replicas", "3")]),
                topic(
                    "unclean",
                    3,
                    &[1],
                    &[
                        ("min.insync.replicas", "2"),
                        ("unclean.leader.election.enable", "true"),
                    ],
                ),
            ]),
            &Thresholds::default(),
        );
        let got: Vec<(&str, &str)> = f
            .iter()
            .map(|f| (f.topic.as_deref().unwrap_or(""), f.rule))
            .collect();
        assert_eq!(
            got,
            vec![
                ("rf1", "min-insync-replicas-low"),
                ("rf2isr2", "min-insync-replicas-low"),
                ("rf2isr2", "min-insync-replicas-unreachable"),
                ("rf3isr1", "min-insync-replicas-low"),
                ("rf3isr3", "min-insync-replicas-unreachable"),
                ("unclean", "unclean-leader-election"),
            ]
        );
        assert_eq!(f[0].path, "kafka://b:9092/rf1");
        assert_eq!(f[0].span.start_line, 0);
    }

    #[test]
    fn broker_defaults() {
        let mut fx = facts(vec![]);
        fx.brokers[0]
            .config
            .insert("default.replication.factor".into(), cv("1", "Default"));
        fx.brokers[0].config.insert(
            "unclean.leader.election.enable".into(),
            cv("true", "StaticBroker"),
        );
        let f = check(&fx, &Thresholds::default());
        assert_eq!(
            rules_of(&f),
            vec![
                ("min-insync-replicas-low", None),
                ("unclean-leader-election", None)
            ]
        );
        assert!(f
            .iter()
            .all(|f| f.topic.is_none() && f.path == "kafka://b:9092/"));
    }

    #[test]
    fn under_replicated_and_offline() {
        let mut t = topic("t", 3, &[5, 5, 5], &[("min.insync.replicas", "2")]);
        t.partitions[1].isr = vec![1];
        t.partitions[2].leader = -1;
        t.partitions[2].isr = vec![];
        let f = check(&facts(vec![t]), &Thresholds::default());
        assert_eq!(
            rules_of(&f),
            vec![("under-replicated", Some(1)), ("under-replicated", Some(2))]
        );
        assert!(f[0].message.contains("acks=all writes fail now"));
        assert!(f[1].message.contains("offline"));
    }

    #[test]
    fn skew_threshold() {
        let s = skew(&[(0, 800), (1, 100), (2, 100)]).unwrap();
        assert_eq!(s.hottest, 0);
        assert!((s.max_over_mean - 2.4).abs() < 1e-9);
        assert!((s.hottest_share - 0.8).abs() < 1e-9);
        let isr = [("min.insync.replicas", "2")];
        let skewed = topic("s", 3, &[800, 100, 100], &isr);
        let f = check(&facts(vec![skewed.clone()]), &Thresholds::default());
        assert_eq!(rules_of(&f), vec![("partition-skew", None)]);
        let lax = Thresholds {
            skew_ratio: 3.0,
            ..Thresholds::default()
        };
        assert!(check(&facts(vec![skewed]), &lax).is_empty());
        // Too few records to judge.
        let small = topic("s", 3, &[8, 1, 1], &isr);
        assert!(check(&facts(vec![small]), &Thresholds::default()).is_empty());
    }

    fn sampled(records: u64, null: u64, distinct: u64, ts: u64, uu: u64, top: u64) -> TopicFacts {
        let mut t = topic("k", 3, &[100, 100, 100], &[("min.insync.replicas", "2")]);
        t.sample = Some(KeySample {
            records,
            null_keys: null,
            distinct_keys: distinct,
            timestamp_keys: ts,
            uuid_keys: uu,
            top_keys: vec![("x".into(), top)],
        });
        t
    }

    #[test]
    fn key_rules() {
        let th = Thresholds::default();
        let ids = |t: TopicFacts| -> Vec<&'static str> {
            check(&facts(vec![t]), &th).iter().map(|f| f.rule).collect()
        };
        assert_eq!(ids(sampled(300, 300, 0, 0, 0, 0)), vec!["key-null"]);
        assert_eq!(ids(sampled(300, 20, 200, 0, 0, 2)), Vec::<&str>::new());
        assert_eq!(
            ids(sampled(300, 0, 1, 0, 0, 300)),
            vec!["key-low-cardinality"]
        );
        assert_eq!(
            ids(sampled(300, 0, 2, 0, 0, 150)),
            vec!["key-low-cardinality"]
        );
        assert_eq!(ids(sampled(300, 0, 300, 300, 0, 1)), vec!["key-timestamp"]);
        assert_eq!(ids(sampled(300, 0, 300, 0, 300, 1)), vec!["key-random"]);
        // Entity UUIDs that repeat are fine.
        assert_eq!(ids(sampled(300, 0, 60, 0, 300, 5)), Vec::<&str>::new());
        // Too small a sample.
        assert_eq!(ids(sampled(10, 10, 0, 0, 0, 0)), Vec::<&str>::new());
        // One partition: keys decide nothing.
        let mut one = sampled(300, 300, 0, 0, 0, 0);
        one.partitions.truncate(1);
        assert!(check(&facts(vec![one]), &th).is_empty());
    }
}
