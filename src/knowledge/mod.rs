//! Knowledge of client libraries: key and value spellings, defaults by
//! version, the idempotence conflict rules, partitioners and their key
//! hashes, how to write a setting in the library's own syntax, and short
//! advice snippets. The facts live in `knowledge/*.toml` at the crate root
//! (one table per [`Library`], `Library::id()` names the file), converted
//! to JSON by `build.rs`, compiled in and parsed once; this module is the
//! only place that reads them, and rules ask it questions instead of testing
//! which library they look at.
//!
//! A binding or wrapper names the table it defers to (`defaults_from`):
//! every librdkafka binding defers to `librdkafka`, every JVM wrapper to
//! `kafka-clients`. Lookups fall back to that table for what the library's
//! own table does not say (spellings, values, defaults, conflict rules),
//! while the library's own differences (a binding API's defaults, settings a
//! wrapper writes for you) are kept in its own table and looked up for its
//! own version.

pub mod versions;

use crate::model::{Library, Version};
use std::collections::HashMap;
use std::sync::LazyLock;

mod raw;
mod units;

pub use units::Unit;

/// Every table, by id. A test checks that each [`Library`] has one.
const TABLES: &[(&str, &str)] = &[
    (
        "kafka-clients",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/kafka-clients.json")),
    ),
    (
        "spring-kafka",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/spring-kafka.json")),
    ),
    (
        "alpakka-kafka",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/alpakka-kafka.json")),
    ),
    (
        "pekko-connectors-kafka",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/knowledge/pekko-connectors-kafka.json"
        )),
    ),
    (
        "fs2-kafka",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/fs2-kafka.json")),
    ),
    (
        "zio-kafka",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/zio-kafka.json")),
    ),
    (
        "reactor-kafka",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/reactor-kafka.json")),
    ),
    (
        "kafka-python",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/kafka-python.json")),
    ),
    (
        "aiokafka",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/aiokafka.json")),
    ),
    (
        "confluent-kafka-python",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/knowledge/confluent-kafka-python.json"
        )),
    ),
    (
        "sarama",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/sarama.json")),
    ),
    (
        "kafka-go",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/kafka-go.json")),
    ),
    (
        "franz-go",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/franz-go.json")),
    ),
    (
        "confluent-kafka-go",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/knowledge/confluent-kafka-go.json"
        )),
    ),
    (
        "kafkajs",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/kafkajs.json")),
    ),
    (
        "confluent-kafka-javascript",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/knowledge/confluent-kafka-javascript.json"
        )),
    ),
    (
        "node-rdkafka",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/node-rdkafka.json")),
    ),
    (
        "confluent-kafka-dotnet",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/knowledge/confluent-kafka-dotnet.json"
        )),
    ),
    (
        "rust-rdkafka",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/rust-rdkafka.json")),
    ),
    (
        "librdkafka",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/librdkafka.json")),
    ),
];

/// A version range, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub min: Version,
    pub max: Version,
}

impl Range {
    pub fn exact(v: Version) -> Range {
        Range { min: v, max: v }
    }

    /// True, false, or `None` when some versions of the range are in
    /// `[since, until)` and some are not.
    pub fn within(&self, since: Option<Version>, until: Option<Version>) -> Option<bool> {
        let lo = since.unwrap_or_default();
        let all = self.min >= lo && until.is_none_or(|u| self.max < u);
        let none = self.max < lo || until.is_some_and(|u| self.min >= u);
        if all {
            Some(true)
        } else if none {
            Some(false)
        } else {
            None
        }
    }
}

/// A default looked up for a version range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultValue {
    /// Every version in question uses this value. `note` explains a quirk.
    Known { value: String, note: Option<String> },
    /// The library has no such setting or behaviour in every version in
    /// question (kafka-go has no idempotence; kafka-python before 2.2 has
    /// no `enable_idempotence`): `note` says so, for `explain` and help.
    Absent { note: String },
    /// The versions in question disagree (e.g. linger.ms 0 in 3.x, 5 in 4.x).
    Varies,
    /// The table does not say, or the version is older than its history.
    Unknown,
}

/// What a spelling in code means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spelled<'a> {
    /// The canonical key (the Java client's name, e.g. `linger.ms`).
    pub key: &'a str,
    /// The unit the value is written in, when it is not the canonical one
    /// (a Go `time.Duration` for `linger.ms`). Front-ends record such a
    /// value as written (`Value::Str("5 * time.Millisecond")`, or the
    /// literal) and [`crate::effective`] converts it with
    /// [`Unit::to_canonical`]; a suggestion converts back through
    /// [`LibraryTable::spell_value`].
    pub unit: Option<Unit>,
    /// The value the spelling sets by itself, for options without an
    /// argument (`kgo.DisableIdempotentWrite()` sets enable.idempotence=false).
    pub implied: Option<&'a str>,
    /// The API mode this spelling belongs to (`kafkajs` for names inside a
    /// confluent-kafka-javascript `kafkaJS: {…}` block): a producer with a
    /// setting of a mode gets that mode's defaults.
    pub mode: Option<&'a str>,
    /// The name of a value map that applies to this spelling only
    /// (kafka-go's `WriterConfig.RequiredAcks`, where 0 means all).
    values: Option<&'a str>,
}

/// How a setting is written in code and in config files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySpelling {
    /// The key as written in code (`ProducerConfig.ACKS_CONFIG`,
    /// `Producer.RequiredAcks`, `kgo.RequiredAcks`, `"acks"`).
    pub code: String,
    /// The key in a config file, when the library reads one.
    pub plain: Option<String>,
}

/// Topics of the advice snippets each table holds, in the library's syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Advice {
    /// Send asynchronously with a callback (or handler) that checks the error.
    AsyncCallback,
    /// Learn that a send failed (what to read, what to await).
    ObserveFailure,
    /// Give a record a key.
    SetKey,
    /// Hash keys stably in a custom partitioner.
    StablePartitioner,
    /// Make the library hand delivery reports to the code (librdkafka's
    /// poll()/flush(), sarama's Errors() channel, kafka-go's Completion).
    ServeReports,
    /// Build one producer and share it.
    ShareProducer,
}

impl Advice {
    pub const ALL: &'static [Advice] = &[
        Advice::AsyncCallback,
        Advice::ObserveFailure,
        Advice::SetKey,
        Advice::StablePartitioner,
        Advice::ServeReports,
        Advice::ShareProducer,
    ];

    /// The name used in the tables' `[advice]` section.
    pub fn id(self) -> &'static str {
        match self {
            Advice::AsyncCallback => "async-callback",
            Advice::ObserveFailure => "observe-failure",
            Advice::SetKey => "set-key",
            Advice::StablePartitioner => "stable-partitioner",
            Advice::ServeReports => "serve-reports",
            Advice::ShareProducer => "share-producer",
        }
    }
}

/// A partitioner a library offers: the hash it applies to keyed records and
/// what it does with records without a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionerInfo {
    /// The partitioner's canonical value (`consistent_random`, `DefaultPartitioner`).
    pub name: String,
    /// The key hash, one of [`KEY_HASHES`] (`murmur2`, `crc32`, `fnv1a`,
    /// `fnv1a-signed`, `fnv1a-reference`, `murmur2-legacy`, `none` when
    /// keys are ignored).
    pub hash: String,
    /// Where records without a key go (`sticky`, `random`, `round-robin`,
    /// `single-partition`).
    pub null_key: String,
    pub note: Option<String>,
}

/// Key hashes the tables may name, with what they mean. Two producers of one
/// topic agree on where a key goes only when their hashes are equal (and
/// neither is `none`); `murmur2` is the Java client's, which Kafka Streams,
/// Connect and ksqlDB assume.
pub const KEY_HASHES: &[(&str, &str)] = &[
    ("murmur2", "murmur2 of the key bytes, as the Java client hashes"),
    (
        "murmur2-legacy",
        "kafkajs's pre-2.0 murmur2 variant, which places keys differently from the Java client",
    ),
    (
        "crc32",
        "CRC32 of the key bytes (librdkafka's consistent partitioners)",
    ),
    (
        "fnv1a",
        "FNV-1a of the key bytes, taken unsigned (librdkafka's fnv1a partitioners)",
    ),
    (
        "fnv1a-signed",
        "FNV-1a of the key bytes, taken signed with the sign dropped (sarama's default, kafka-go's Hash)",
    ),
    (
        "fnv1a-reference",
        "FNV-1a of the key bytes with the top bit masked (sarama's reference partitioner, kafka-go's ReferenceHash)",
    ),
    ("none", "keys are ignored: records are spread over partitions"),
];

/// How a condition of a conflict rule tests a setting.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Eq(String),
    Ne(String),
    Gt(i64),
    Lt(i64),
    /// A version-valued setting (sarama's `Version`) below this one.
    VersionBelow(Version),
    /// The setting has a non-empty value.
    Set,
}

/// When an idempotence rule applies, by how idempotence came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    /// Idempotence is on by default and the code did not ask for it.
    Default,
    /// The code asked for it: `enable.idempotence=true`, or a setting that
    /// implies it (a transactional id).
    Requested,
    /// On, whichever way.
    On,
    /// Off, whichever way.
    Off,
    /// Switched off explicitly by the code.
    ExplicitOff,
}

/// What a rule does when its condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Idempotence is switched off, with at most a log line.
    Disable,
    /// The producer refuses to start (constructor error).
    Refuse,
    /// The producer starts, but every send fails.
    RefuseSend,
    /// The library sets the key itself (only when the code left it unset).
    Adjust,
}

/// One idempotence rule of a library (see `[[idempotence.rules]]` in the tables).
#[derive(Debug, Clone, PartialEq)]
pub struct IdempotenceRule {
    pub effect: Effect,
    pub applies: Applies,
    /// The setting tested (and, for `Adjust`, set).
    pub key: String,
    /// `None` for `Adjust`.
    pub test: Option<Test>,
    /// Only a value the code (or a wrapper on its behalf) wrote counts;
    /// otherwise the effective value (default included) is tested.
    pub user_set: bool,
    /// For `Adjust`: the value the library puts in.
    pub value: Option<String>,
    pub since: Option<Version>,
    pub until: Option<Version>,
    /// The library's error text, or a description of what happens.
    pub message: String,
}

/// A setting a wrapper writes into the client's configuration on the
/// application's behalf (fs2-kafka's `retries=0`), for one version range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrapperSetting {
    pub key: String,
    pub value: String,
    pub note: String,
}

/// Settings an API of the library forces (Alpakka's transactional stages
/// set enable.idempotence=true and max.in.flight 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiSettings {
    pub name: String,
    pub settings: Vec<(String, String)>,
    pub note: String,
}

#[derive(Debug, Clone)]
struct DefaultEntry {
    since: Version,
    /// `None`: absent in this version.
    value: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Clone)]
struct SpellingEntry {
    key: String,
    unit: Option<Unit>,
    implied: Option<String>,
    mode: Option<String>,
    values: Option<String>,
}

#[derive(Debug, Clone)]
struct Mode {
    label: String,
    defaults: HashMap<String, Vec<DefaultEntry>>,
}

/// One key's spelling: in code, in config files, and its values in code.
type SpellEntry = (Option<String>, Option<String>, HashMap<String, String>);

#[derive(Debug, Clone, Default)]
struct SpellStyle {
    key: Option<String>,
    value: Option<String>,
    template: Option<String>,
    plain_template: Option<String>,
    plain_key: Option<String>,
    number: Option<String>,
    true_value: Option<String>,
    false_value: Option<String>,
    keys: HashMap<String, SpellEntry>,
    languages: HashMap<String, String>,
}

/// The facts about one client library.
#[derive(Debug)]
pub struct LibraryTable {
    pub id: String,
    pub display: String,
    /// The short name used in messages with a version ("kafka-clients 3.7.0").
    pub name: String,
    assumed: Option<(Range, String)>,
    defaults_from: Option<String>,
    spellings: HashMap<String, SpellingEntry>,
    values: HashMap<String, HashMap<String, String>>,
    defaults: HashMap<String, Vec<DefaultEntry>>,
    modes: HashMap<String, Mode>,
    wrapper_sets: HashMap<String, Vec<DefaultEntry>>,
    apis: Vec<ApiSettings>,
    implied_by: Option<Vec<String>>,
    rules: Option<Vec<IdempotenceRule>>,
    partitioners: HashMap<String, PartitionerInfo>,
    hash_overrides: Vec<(String, String, String)>,
    spell: SpellStyle,
    advice: HashMap<String, String>,
}

fn v(s: &str) -> Version {
    Version::parse(s).unwrap_or_else(|| panic!("bad version {s:?} in a knowledge table"))
}

/// Drops a call's parentheses and the qualifiers in front of a code
/// identifier: `kgo.AllISRAcks()` → `AllISRAcks`, `sarama.WaitForAll` →
/// `WaitForAll`, `Confluent.Kafka.Acks.All` → `Acks.All`, `Acks.All`.
/// Yields the candidates from the longest to the shortest.
fn code_suffixes(s: &str) -> impl Iterator<Item = &str> {
    let s = s.trim();
    let s = s.strip_suffix("()").unwrap_or(s);
    let starts = std::iter::once(0).chain(s.match_indices('.').map(|(i, _)| i + 1));
    starts.filter_map(move |i| {
        let rest = &s[i..];
        (i > 0 && rest.starts_with(|c: char| c.is_ascii_uppercase())).then_some(rest)
    })
}

impl LibraryTable {
    fn from_raw(raw: raw::Table) -> Self {
        let history = |entries: Vec<raw::Default>| {
            let mut list: Vec<_> = entries
                .into_iter()
                .map(|e| DefaultEntry {
                    since: v(&e.since),
                    value: if e.absent { None } else { e.value },
                    note: e.note,
                })
                .collect();
            list.sort_by_key(|e| e.since);
            list
        };
        let histories = |m: HashMap<String, Vec<raw::Default>>| {
            m.into_iter()
                .map(|(k, e)| (k, history(e)))
                .collect::<HashMap<_, _>>()
        };
        let mut spellings = HashMap::new();
        for (spelling, entry) in raw.spellings {
            let entry = match entry {
                raw::Spelling::Key(key) => SpellingEntry {
                    key,
                    unit: None,
                    implied: None,
                    mode: None,
                    values: None,
                },
                raw::Spelling::Full(f) => SpellingEntry {
                    key: f.key,
                    unit: f.unit,
                    implied: f.implied,
                    mode: f.mode,
                    values: f.values,
                },
            };
            // Also reachable without its package qualifier, so an aliased
            // import (`franz.RequiredAcks`) or a variable in front
            // (`cfg.Producer.RequiredAcks`) finds it.
            for short in code_suffixes(&spelling) {
                spellings.entry(short.to_string()).or_insert(entry.clone());
            }
            spellings.insert(spelling, entry);
        }
        let idem = raw.idempotence;
        let rules = idem.as_ref().and_then(|i| i.rules.clone()).map(|rules| {
            rules
                .into_iter()
                .map(|r| r.into_rule(&raw.id))
                .collect::<Vec<_>>()
        });
        let partitioners = raw
            .partitioners
            .into_iter()
            .map(|(name, p)| {
                (
                    name.clone(),
                    PartitionerInfo {
                        name,
                        hash: p.hash,
                        null_key: p.null_key,
                        note: p.note,
                    },
                )
            })
            .collect();
        let spell = raw
            .spell
            .map(|s| SpellStyle {
                key: s.key,
                value: s.value,
                template: s.template,
                plain_template: s.plain_template,
                plain_key: s.plain_key,
                number: s.number,
                true_value: s.true_value,
                false_value: s.false_value,
                keys: s
                    .keys
                    .into_iter()
                    .map(|(k, e)| (k, (e.code, e.plain, e.values)))
                    .collect(),
                languages: s.languages,
            })
            .unwrap_or_default();
        LibraryTable {
            name: raw.name.unwrap_or_else(|| raw.id.clone()),
            id: raw.id,
            display: raw.display,
            assumed: raw.assumed.map(|a| {
                (
                    Range {
                        min: v(&a.from),
                        max: v(&a.to),
                    },
                    a.label,
                )
            }),
            defaults_from: raw.defaults_from,
            spellings,
            values: raw
                .values
                .into_iter()
                .map(|(key, map)| {
                    let mut out = HashMap::new();
                    for (spelled, canonical) in map {
                        let spelled = spelled.trim_start_matches('&').to_string();
                        for short in code_suffixes(&spelled) {
                            out.entry(short.to_string()).or_insert(canonical.clone());
                        }
                        out.insert(spelled, canonical);
                    }
                    (key, out)
                })
                .collect(),
            defaults: histories(raw.defaults),
            modes: raw
                .modes
                .into_iter()
                .map(|(name, m)| {
                    (
                        name,
                        Mode {
                            label: m.label,
                            defaults: histories(m.defaults),
                        },
                    )
                })
                .collect(),
            wrapper_sets: histories(raw.wrapper_sets),
            apis: raw
                .apis
                .into_iter()
                .map(|a| ApiSettings {
                    name: a.name,
                    settings: a.sets.into_iter().collect(),
                    note: a.note,
                })
                .collect(),
            implied_by: idem.as_ref().and_then(|i| i.implied_by.clone()),
            rules,
            partitioners,
            hash_overrides: raw
                .key_hash_overrides
                .into_iter()
                .map(|o| (o.key, o.value, o.hash))
                .collect(),
            spell,
            advice: raw.advice,
        }
    }

    /// The table this one defers to, if any.
    pub fn parent(&self) -> Option<&'static LibraryTable> {
        self.defaults_from.as_deref().and_then(table_by_id)
    }

    /// The table whose defaults apply (Spring Kafka defers to kafka-clients,
    /// every binding to librdkafka).
    pub fn defaults_table(&self) -> &LibraryTable {
        match self.parent() {
            Some(t) => t,
            None => self,
        }
    }

    /// What a spelling in code means, in this library (or the one it defers
    /// to): `"acks"`, `"ProducerConfig.ACKS_CONFIG"`, `"Producer.RequiredAcks"`,
    /// `"cfg.Producer.RequiredAcks"`, `"kgo.ProducerLinger"`, `"linger_ms"`.
    pub fn canonical(&self, spelling: &str) -> Option<Spelled<'_>> {
        let own = self.own_spelling(spelling);
        let entry = match own {
            Some(e) => e,
            None => return self.parent().and_then(|p| p.canonical(spelling)),
        };
        Some(Spelled {
            key: &entry.key,
            unit: entry.unit,
            implied: entry.implied.as_deref(),
            mode: entry.mode.as_deref(),
            values: entry.values.as_deref(),
        })
    }

    fn own_spelling(&self, spelling: &str) -> Option<&SpellingEntry> {
        let s = spelling.trim();
        if let Some(e) = self.spellings.get(s) {
            return Some(e);
        }
        let s = s.strip_suffix("()").unwrap_or(s);
        if let Some(e) = self.spellings.get(s) {
            return Some(e);
        }
        code_suffixes(s).find_map(|suffix| self.spellings.get(suffix))
    }

    /// Every way this library's code and config name a setting: the
    /// spellings (`ProducerConfig.ACKS_CONFIG`, `RequiredAcks`, `linger_ms`)
    /// and the canonical keys they stand for, the parent table's included.
    pub fn setting_words(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (spelling, e) in &self.spellings {
            out.push(spelling);
            out.push(&e.key);
        }
        out.extend(self.defaults.keys().map(String::as_str));
        if let Some(p) = self.parent() {
            out.extend(p.setting_words());
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The canonical key for a spelling (see [`LibraryTable::canonical`]).
    pub fn canonical_key(&self, spelling: &str) -> Option<&str> {
        self.canonical(spelling).map(|s| s.key)
    }

    /// The canonical value of `key` for a value written with a library
    /// constant or function: `sarama.WaitForAll` → `all`,
    /// `kgo.LeaderAck()` → `1`, `CompressionType.Lz4` → `lz4`. `None`
    /// when the table has no such spelling (plain values stay as they are).
    pub fn canonical_value(&self, key: &str, spelled: &str) -> Option<&str> {
        let own = self.values.get(key).and_then(|m| lookup_value(m, spelled));
        own.or_else(|| self.parent().and_then(|p| p.canonical_value(key, spelled)))
    }

    /// Like [`LibraryTable::canonical_value`], with the value quirks of one
    /// spelling first (kafka-go's `WriterConfig.RequiredAcks`: 0 means all).
    pub fn canonical_value_for(&self, spelling: &str, spelled: &str) -> Option<&str> {
        let s = self.canonical(spelling)?;
        if let Some(map) = s.values {
            let table = self.table_with_value_map(map);
            if let Some(v) = table
                .and_then(|t| t.values.get(map))
                .and_then(|m| lookup_value(m, spelled))
            {
                return Some(v);
            }
        }
        self.canonical_value(s.key, spelled)
    }

    fn table_with_value_map(&self, map: &str) -> Option<&LibraryTable> {
        if self.values.contains_key(map) {
            Some(self)
        } else {
            self.parent().and_then(|p| p.table_with_value_map(map))
        }
    }

    /// The range of versions assumed when no dependency file names one, and
    /// its label ("a current 3.x/4.x kafka-clients").
    pub fn assumed(&self) -> (Range, String) {
        match &self.assumed {
            Some((r, label)) => (*r, label.clone()),
            None => (
                Range {
                    min: Version::default(),
                    max: Version::MAX,
                },
                format!("a current {}", self.name),
            ),
        }
    }

    /// A human label for the assumed versions of the table whose defaults apply.
    pub fn assumed_label(&self) -> String {
        self.defaults_table().assumed().1
    }

    /// Default of `key` for `version`, or across the assumed range when the
    /// version is not known, from the table whose defaults apply.
    pub fn default_for(&self, key: &str, version: Option<Version>) -> DefaultValue {
        let t = self.defaults_table();
        let range = version.map_or_else(|| t.assumed().0, Range::exact);
        t.default_in(key, range)
    }

    /// Default of `key` in this table itself over `range` (no deferring):
    /// a value only when every version of the range agrees.
    pub fn default_in(&self, key: &str, range: Range) -> DefaultValue {
        match self.defaults.get(key) {
            Some(h) => in_range(h, range),
            None => DefaultValue::Unknown,
        }
    }

    /// The key's default in an API mode of this library over `range`
    /// (`Unknown` when the mode does not change it), and the mode's label.
    pub fn mode_default(&self, mode: &str, key: &str, range: Range) -> (DefaultValue, &str) {
        match self.modes.get(mode) {
            Some(m) => (
                m.defaults
                    .get(key)
                    .map_or(DefaultValue::Unknown, |h| in_range(h, range)),
                &m.label,
            ),
            None => (DefaultValue::Unknown, ""),
        }
    }

    /// The settings this wrapper writes into the client's configuration for
    /// every version of `range`: `Ok(list)`, or `Err(key)` when the
    /// versions of the range disagree about `key`.
    pub fn wrapper_settings(&self, range: Range) -> Result<Vec<WrapperSetting>, String> {
        let mut out = Vec::new();
        let mut keys: Vec<_> = self.wrapper_sets.keys().collect();
        keys.sort();
        for key in keys {
            match in_range(&self.wrapper_sets[key], range) {
                DefaultValue::Known { value, note } => out.push(WrapperSetting {
                    key: key.clone(),
                    value,
                    note: note.unwrap_or_default(),
                }),
                DefaultValue::Absent { .. } | DefaultValue::Unknown => {}
                DefaultValue::Varies => return Err(key.clone()),
            }
        }
        Ok(out)
    }

    /// The settings an API of this library forces (`Transactional.sink`).
    pub fn api_settings(&self, api: &str) -> Option<&ApiSettings> {
        let name = api.trim().trim_end_matches("()");
        self.apis
            .iter()
            .find(|a| a.name == name || name.ends_with(&format!(".{}", a.name)))
    }

    /// Settings whose presence switches idempotence on
    /// (`transactional.id`), from this table or the one it defers to.
    pub fn idempotence_implied_by(&self) -> &[String] {
        match (&self.implied_by, self.parent()) {
            (Some(v), _) => v,
            (None, Some(p)) => p.idempotence_implied_by(),
            (None, None) => &[],
        }
    }

    /// The library's idempotence rules (from the table it defers to when
    /// it has none of its own).
    pub fn idempotence_rules(&self) -> &[IdempotenceRule] {
        self.idempotence_rules_owner()
            .rules
            .as_deref()
            .unwrap_or(&[])
    }

    /// The table whose idempotence rules apply: the versions in their
    /// `since`/`until` are that table's library's.
    pub fn idempotence_rules_owner(&self) -> &LibraryTable {
        match (&self.rules, self.parent()) {
            (None, Some(p)) => p.idempotence_rules_owner(),
            _ => self,
        }
    }

    /// True when this table defers to another and has defaults of its own
    /// for `key` (a binding's API differs from librdkafka).
    pub fn has_own_default(&self, key: &str) -> bool {
        self.defaults_from.is_some() && self.defaults.contains_key(key)
    }

    /// The API modes a spelling can select, by name, with their labels.
    pub fn mode_label(&self, mode: &str) -> Option<&str> {
        self.modes.get(mode).map(|m| m.label.as_str())
    }

    /// A partitioner by its canonical value (this table or the parent's).
    pub fn partitioner(&self, name: &str) -> Option<&PartitionerInfo> {
        let name = name.trim().trim_matches('"');
        self.partitioners
            .get(name)
            .or_else(|| self.parent().and_then(|p| p.partitioner(name)))
    }

    /// Settings that override the key hash whatever the partitioner
    /// (`partitioner.ignore.keys=true` → `none`): (key, value, hash).
    pub fn key_hash_overrides(&self) -> Vec<(&str, &str, &str)> {
        let mut out: Vec<_> = self
            .hash_overrides
            .iter()
            .map(|(k, v, h)| (k.as_str(), v.as_str(), h.as_str()))
            .collect();
        if let Some(p) = self.parent() {
            out.extend(p.key_hash_overrides());
        }
        out
    }

    /// How `key` is written in this library: in code, and in config files.
    /// Keys without an entry follow the table's key pattern (`"{key}"` for
    /// string-keyed maps), else the table it defers to.
    pub fn spell(&self, key: &str) -> KeySpelling {
        KeySpelling {
            code: self.code_key(key).unwrap_or_else(|| key.to_string()),
            plain: self.plain_key(key),
        }
    }

    fn code_key(&self, key: &str) -> Option<String> {
        let entry = self.spell.keys.get(key).and_then(|e| e.0.clone());
        entry
            .or_else(|| {
                let pattern = self.spell.key.as_ref()?;
                let snake = key.replace('.', "_");
                Some(pattern.replace("{key_snake}", &snake).replace("{key}", key))
            })
            .or_else(|| self.parent().and_then(|p| p.code_key(key)))
    }

    fn plain_key(&self, key: &str) -> Option<String> {
        let entry = self.spell.keys.get(key).and_then(|e| e.1.clone());
        entry
            .or_else(|| {
                let pattern = self.spell.plain_key.as_deref();
                let pattern = pattern.or(self.spell.plain_template.as_ref().map(|_| "{key}"));
                pattern.map(|p| p.replace("{key}", key))
            })
            .or_else(|| self.parent().and_then(|p| p.plain_key(key)))
    }

    /// How the canonical `value` of `key` is written in code in this
    /// library (`all` → `sarama.WaitForAll`, `true` → `True`); values
    /// without an entry follow the table's value pattern (`"{value}"`),
    /// else the table it defers to.
    pub fn spell_value(&self, key: &str, value: &str) -> String {
        self.code_value(key, value)
            .unwrap_or_else(|| value.to_string())
    }

    fn code_value(&self, key: &str, value: &str) -> Option<String> {
        let entry = self
            .spell
            .keys
            .get(key)
            .and_then(|e| e.2.get(value).cloned());
        let sp = &self.spell;
        let by_kind = match value {
            "true" => sp.true_value.clone(),
            "false" => sp.false_value.clone(),
            _ if value.parse::<i64>().is_ok() => {
                sp.number.as_ref().map(|p| p.replace("{value}", value))
            }
            _ => None,
        };
        entry
            .or(by_kind)
            .or_else(|| sp.value.as_ref().map(|p| p.replace("{value}", value)))
            .or_else(|| self.parent().and_then(|p| p.code_value(key, value)))
    }

    /// The usual way a setting is written in code here, with `{var}`,
    /// `{key}` and `{value}` placeholders (`{var}.put({key}, {value});`).
    pub fn code_template(&self) -> Option<&str> {
        self.spell
            .template
            .as_deref()
            .or_else(|| self.parent().and_then(|p| p.code_template()))
    }

    /// The template of another language using this library (`kotlin`),
    /// for a config built in a variable or, with `entry`, as the entries of
    /// a map literal.
    pub fn language_template(&self, lang: &str, entry: bool) -> Option<&str> {
        let id = if entry {
            format!("{lang}-entry")
        } else {
            lang.to_string()
        };
        // A table with a template of its own (`.withProperty(..)`) does
        // not take its parent's.
        let own = self.spell.template.is_some();
        self.spell
            .languages
            .get(&id)
            .map(String::as_str)
            .or_else(|| {
                (!own)
                    .then(|| self.parent().and_then(|p| p.language_template(lang, entry)))
                    .flatten()
            })
    }

    /// How a setting is written in this library's config files
    /// (`{key}={value}`), when it reads any.
    pub fn plain_template(&self) -> Option<&str> {
        self.spell
            .plain_template
            .as_deref()
            .or_else(|| self.parent().and_then(|p| p.plain_template()))
    }

    /// A short snippet in this library's syntax for `topic`.
    pub fn advice(&self, topic: Advice) -> Option<&str> {
        self.advice.get(topic.id()).map(String::as_str)
    }

    /// The snippet in language `lang` (`kotlin.async-callback`) when the
    /// table has one, else the library's own.
    pub fn advice_in(&self, lang: &str, topic: Advice) -> Option<&str> {
        if !lang.is_empty() {
            if let Some(a) = self.advice.get(&format!("{lang}.{}", topic.id())) {
                return Some(a);
            }
        }
        self.advice(topic)
    }
}

fn lookup_value<'a>(map: &'a HashMap<String, String>, spelled: &str) -> Option<&'a str> {
    let s = spelled.trim();
    // A composite literal with fields: `kafka.Murmur2Balancer{Consistent: true}`.
    let literal;
    let s = match s.find('{') {
        Some(i) if s.ends_with('}') && i > 0 => {
            literal = format!("{}{{}}", &s[..i]);
            literal.as_str()
        }
        _ => s,
    };
    if let Some(v) = map.get(s) {
        return Some(v);
    }
    let unquoted = s.trim_matches(|c| c == '"' || c == '\'' || c == '&');
    if let Some(v) = map.get(unquoted) {
        return Some(v);
    }
    let found = code_suffixes(s)
        .find_map(|suffix| map.get(suffix))
        .map(String::as_str);
    found
}

/// The entries of a history in force somewhere in `range`: the one active
/// at its start, plus every entry starting inside it.
fn in_range(history: &[DefaultEntry], range: Range) -> DefaultValue {
    let Some(first) = history.iter().rev().find(|e| e.since <= range.min) else {
        return DefaultValue::Unknown;
    };
    let mut values = std::iter::once(first).chain(
        history
            .iter()
            .filter(|e| e.since > range.min && e.since <= range.max),
    );
    let head = values.next().expect("one entry");
    let mut same_note = true;
    for e in values {
        if e.value != head.value {
            return DefaultValue::Varies;
        }
        same_note &= e.note == head.note;
    }
    let note = if same_note { head.note.clone() } else { None };
    match &head.value {
        Some(value) => DefaultValue::Known {
            value: value.clone(),
            note,
        },
        None => DefaultValue::Absent {
            note: note.unwrap_or_else(|| "the library has no such setting".into()),
        },
    }
}

struct Knowledge {
    tables: Vec<LibraryTable>,
}

static KNOWLEDGE: LazyLock<Knowledge> = LazyLock::new(|| {
    let tables = TABLES
        .iter()
        .map(|(id, text)| {
            let raw: raw::Table = serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("knowledge table {id} must parse: {e}"));
            assert_eq!(raw.id, *id, "knowledge table id");
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

/// What a key hash id means (see [`KEY_HASHES`]).
pub fn key_hash_description(hash: &str) -> Option<&'static str> {
    KEY_HASHES.iter().find(|(h, _)| *h == hash).map(|(_, d)| *d)
}

#[cfg(test)]
mod tests;
