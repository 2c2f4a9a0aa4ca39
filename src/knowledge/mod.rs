//! Knowledge of client libraries: key spellings, defaults by version and the
//! idempotence conflict rules. The facts live in `knowledge/*.toml` at the
//! crate root, compiled in and parsed once; this module is the only place
//! that reads them, and rules ask it questions instead of testing which
//! library they look at.

pub mod versions;

use crate::model::{Library, Version};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

const KAFKA_CLIENTS: &str = include_str!("../../knowledge/kafka-clients.toml");
const SPRING_KAFKA: &str = include_str!("../../knowledge/spring-kafka.toml");

#[derive(Debug, Deserialize)]
struct DefaultEntry {
    since: String,
    value: String,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
struct AssumedRange {
    from: String,
    to: String,
    label: String,
}

#[derive(Debug, Deserialize)]
struct IdempotenceRules {
    #[serde(default)]
    implied_by: Vec<String>,
    silent_disable_since: Option<String>,
    max_in_flight_limit: Option<i64>,
    max_in_flight_error_since: Option<String>,
}

#[derive(Debug, Deserialize)]
struct VersionMapEntry {
    since: String,
    kafka_clients: String,
}

#[derive(Debug, Deserialize)]
struct RawTable {
    id: String,
    display: String,
    #[serde(default)]
    assumed: Option<AssumedRange>,
    #[serde(default)]
    defaults_from: Option<String>,
    #[serde(default)]
    spellings: HashMap<String, String>,
    #[serde(default)]
    defaults: HashMap<String, Vec<DefaultEntry>>,
    #[serde(default)]
    idempotence: Option<IdempotenceRules>,
    #[serde(default)]
    boot_to_kafka_clients: Vec<VersionMapEntry>,
    #[serde(default)]
    spring_kafka_to_kafka_clients: Vec<VersionMapEntry>,
}

/// A default looked up for a version (or for the assumed version range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultValue {
    /// Every version in question uses this value. `note` explains a quirk.
    Known { value: String, note: Option<String> },
    /// The versions in question disagree (e.g. linger.ms 0 in 3.x, 5 in 4.x).
    Varies,
    /// The library has no such setting or the table does not say.
    Unknown,
}

/// The facts about one client library.
#[derive(Debug)]
pub struct LibraryTable {
    pub id: String,
    pub display: String,
    assumed: Option<(Version, Version, String)>,
    defaults_from: Option<String>,
    spellings: HashMap<String, String>,
    defaults: HashMap<String, Vec<(Version, String, Option<String>)>>,
    idempotence: Option<IdempotenceRules>,
    boot_map: Vec<(Version, Version)>,
    spring_kafka_map: Vec<(Version, Version)>,
}

fn v(s: &str) -> Version {
    Version::parse(s).unwrap_or_else(|| panic!("bad version {s:?} in a knowledge table"))
}

impl LibraryTable {
    fn from_raw(raw: RawTable) -> Self {
        let mut defaults = HashMap::new();
        for (key, entries) in raw.defaults {
            let mut list: Vec<_> = entries
                .into_iter()
                .map(|e| (v(&e.since), e.value, e.note))
                .collect();
            list.sort_by_key(|e| e.0);
            defaults.insert(key, list);
        }
        let map = |entries: Vec<VersionMapEntry>| {
            let mut m: Vec<_> = entries
                .into_iter()
                .map(|e| (v(&e.since), v(&e.kafka_clients)))
                .collect();
            m.sort();
            m
        };
        LibraryTable {
            id: raw.id,
            display: raw.display,
            assumed: raw.assumed.map(|a| (v(&a.from), v(&a.to), a.label)),
            defaults_from: raw.defaults_from,
            spellings: raw.spellings,
            defaults,
            idempotence: raw.idempotence,
            boot_map: map(raw.boot_to_kafka_clients),
            spring_kafka_map: map(raw.spring_kafka_to_kafka_clients),
        }
    }

    /// The canonical key for a spelling: `"acks"`, `"ACKS_CONFIG"`,
    /// `"ProducerConfig.ACKS_CONFIG"` (a qualifier before the last dot of an
    /// upper-case constant is dropped) all give `"acks"`.
    pub fn canonical_key(&self, spelling: &str) -> Option<&str> {
        if let Some(k) = self.spellings.get(spelling) {
            return Some(k);
        }
        if let Some((_, last)) = spelling.rsplit_once('.') {
            if last.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                return self.spellings.get(last).map(String::as_str);
            }
        }
        None
    }

    /// The table whose defaults apply (Spring Kafka defers to kafka-clients).
    pub fn defaults_table(&self) -> &LibraryTable {
        match &self.defaults_from {
            Some(id) => table_by_id(id).unwrap_or(self),
            None => self,
        }
    }

    /// A human label for the assumed versions, e.g. "a current 3.x/4.x kafka-clients".
    pub fn assumed_label(&self) -> String {
        match &self.defaults_table().assumed {
            Some((_, _, label)) => label.clone(),
            None => format!("a current {}", self.display),
        }
    }

    /// Default of `key` for `version`, or across the assumed range when the
    /// version is not known.
    pub fn default_for(&self, key: &str, version: Option<Version>) -> DefaultValue {
        let t = self.defaults_table();
        let Some(history) = t.defaults.get(key) else {
            return DefaultValue::Unknown;
        };
        match version {
            Some(ver) => match history.iter().rev().find(|(since, _, _)| *since <= ver) {
                Some((_, value, note)) => DefaultValue::Known {
                    value: value.clone(),
                    note: note.clone(),
                },
                None => DefaultValue::Unknown,
            },
            None => {
                let Some((from, to, _)) = &t.assumed else {
                    return DefaultValue::Unknown;
                };
                // Entries in force somewhere in [from, to]: the one active at
                // `from`, plus every entry starting inside the range.
                let at_from = history.iter().rev().find(|(s, _, _)| s <= from);
                let inside = history.iter().filter(|(s, _, _)| s > from && s <= to);
                let mut values = at_from.into_iter().chain(inside);
                let Some(first) = values.next() else {
                    return DefaultValue::Unknown;
                };
                if values.all(|(_, val, _)| *val == first.1) {
                    DefaultValue::Known {
                        value: first.1.clone(),
                        note: None,
                    }
                } else {
                    DefaultValue::Varies
                }
            }
        }
    }

    /// Settings that switch idempotence on by themselves (`transactional.id`).
    pub fn idempotence_implied_by(&self) -> &[String] {
        self.defaults_table()
            .idempotence
            .as_ref()
            .map(|i| i.implied_by.as_slice())
            .unwrap_or(&[])
    }

    /// Whether, for this version, an unset `enable.idempotence` is silently
    /// switched off by conflicting settings. With an unknown version the
    /// assumed range is used (all current clients do this).
    pub fn silently_disables_idempotence(&self, version: Option<Version>) -> bool {
        let t = self.defaults_table();
        let Some(since) = t
            .idempotence
            .as_ref()
            .and_then(|i| i.silent_disable_since.as_deref())
        else {
            return false;
        };
        let since = v(since);
        match version {
            Some(ver) => ver >= since,
            None => t
                .assumed
                .as_ref()
                .is_some_and(|(from, _, _)| *from >= since),
        }
    }

    /// The highest in-flight count idempotence tolerates.
    pub fn max_in_flight_limit(&self) -> Option<i64> {
        self.defaults_table()
            .idempotence
            .as_ref()
            .and_then(|i| i.max_in_flight_limit)
    }

    /// Whether in-flight above the limit is a hard error for this version
    /// (`Some(false)` silent disable, `None` when the versions disagree).
    pub fn max_in_flight_is_error(&self, version: Option<Version>) -> Option<bool> {
        let t = self.defaults_table();
        let since = t
            .idempotence
            .as_ref()
            .and_then(|i| i.max_in_flight_error_since.as_deref())
            .map(v)?;
        match version {
            Some(ver) => Some(ver >= since),
            None => {
                let (from, to, _) = t.assumed.as_ref()?;
                if *from >= since {
                    Some(true)
                } else if *to < since {
                    Some(false)
                } else {
                    None
                }
            }
        }
    }

    /// The kafka-clients version that a Spring Boot version manages.
    pub fn kafka_clients_for_boot(&self, boot: Version) -> Option<Version> {
        lookup(&self.boot_map, boot)
    }

    /// The kafka-clients version a spring-kafka version is built against.
    pub fn kafka_clients_for_spring_kafka(&self, sk: Version) -> Option<Version> {
        lookup(&self.spring_kafka_map, sk)
    }
}

fn lookup(map: &[(Version, Version)], ver: Version) -> Option<Version> {
    map.iter()
        .rev()
        .find(|(since, _)| *since <= ver)
        .map(|e| e.1)
}

struct Knowledge {
    tables: Vec<LibraryTable>,
}

static KNOWLEDGE: LazyLock<Knowledge> = LazyLock::new(|| {
    let tables = [KAFKA_CLIENTS, SPRING_KAFKA]
        .iter()
        .map(|text| {
            let raw: RawTable = toml::from_str(text).expect("knowledge table must parse");
            LibraryTable::from_raw(raw)
        })
        .collect();
    Knowledge { tables }
});

fn table_by_id(id: &str) -> Option<&'static LibraryTable> {
    KNOWLEDGE.tables.iter().find(|t| t.id == id)
}

/// The table of a library.
pub fn table(lib: Library) -> &'static LibraryTable {
    table_by_id(lib.id()).expect("every Library has a knowledge table")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(s: &str) -> DefaultValue {
        DefaultValue::Known {
            value: s.into(),
            note: None,
        }
    }

    #[test]
    fn java_defaults_follow_the_version() {
        let t = table(Library::KafkaClients);
        let at = |key, ver: &str| match t.default_for(key, Version::parse(ver)) {
            DefaultValue::Known { value, .. } => value,
            other => panic!("{other:?}"),
        };
        assert_eq!(at("acks", "2.8.1"), "1");
        assert_eq!(at("acks", "3.0.0"), "all");
        assert_eq!(at("enable.idempotence", "3.0.0"), "false");
        assert_eq!(at("enable.idempotence", "3.0.1"), "true");
        assert_eq!(at("enable.idempotence", "3.1.0"), "false");
        assert_eq!(at("enable.idempotence", "3.9.1"), "true");
        assert_eq!(at("linger.ms", "3.9.1"), "0");
        assert_eq!(at("linger.ms", "4.0.0"), "5");
        assert_eq!(at("retries", "2.0.1"), "0");
    }

    #[test]
    fn assumed_range_only_trusts_agreeing_defaults() {
        let t = table(Library::KafkaClients);
        assert_eq!(t.default_for("acks", None), known("all"));
        assert_eq!(t.default_for("enable.idempotence", None), known("true"));
        assert_eq!(t.default_for("linger.ms", None), DefaultValue::Varies);
        assert_eq!(t.max_in_flight_is_error(None), None);
        assert!(t.silently_disables_idempotence(None));
    }

    #[test]
    fn spellings_and_spring_maps() {
        let j = table(Library::KafkaClients);
        assert_eq!(j.canonical_key("ProducerConfig.ACKS_CONFIG"), Some("acks"));
        assert_eq!(
            j.canonical_key("MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION"),
            Some("max.in.flight.requests.per.connection")
        );
        assert_eq!(j.canonical_key("foo.BAR"), None);
        let s = table(Library::SpringKafka);
        assert_eq!(
            s.canonical_key("spring.kafka.producer.batch-size"),
            Some("batch.size")
        );
        assert_eq!(
            s.kafka_clients_for_boot(Version::new(2, 7, 3)),
            Some(Version::new(3, 1, 1))
        );
        assert_eq!(
            s.kafka_clients_for_spring_kafka(Version::new(3, 0, 12)),
            Some(Version::new(3, 3, 1))
        );
        assert_eq!(s.default_for("acks", Version::parse("2.5.0")), known("1"));
    }
}
