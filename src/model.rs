//! The producer model: the contract between front-ends and rules.
//!
//! A front-end reads one file and returns [`FileFacts`]: the producers it
//! builds, the sends it makes, custom partitioners, broker/topic settings and
//! build-file versions. Rules read only this model (plus the effective
//! configuration computed from it and the knowledge tables), never syntax, so
//! one rule serves every language.

use crate::finding::Span;
use std::path::PathBuf;

/// A client library, named as in `knowledge/<name>.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Library {
    /// `org.apache.kafka:kafka-clients` (Java, Kotlin, Scala).
    KafkaClients,
    /// Spring Kafka / Spring Boot: defaults come from the kafka-clients on the classpath.
    SpringKafka,
}

impl Library {
    /// The knowledge table id (`knowledge/<id>.toml`) and the name shown to users.
    pub fn id(self) -> &'static str {
        match self {
            Library::KafkaClients => "kafka-clients",
            Library::SpringKafka => "spring-kafka",
        }
    }
}

/// A library version such as `3.9.1`. Missing parts are zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl Version {
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// Parses `3`, `3.9`, `3.9.1`, `3.9.1-ce`, `2.8.0.RELEASE`, `v1.2.3`.
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.trim().trim_start_matches('v');
        let mut parts = s.split(['.', '-', '+', '_']);
        let num = |p: Option<&str>| -> Option<u32> {
            let p = p?;
            let digits: String = p.chars().take_while(|c| c.is_ascii_digit()).collect();
            if digits.is_empty() {
                None
            } else {
                digits.parse().ok()
            }
        };
        let major = num(parts.next())?;
        let minor = num(parts.next()).unwrap_or(0);
        let patch = num(parts.next()).unwrap_or(0);
        Some(Version::new(major, minor, patch))
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A dependency version written literally in a build file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildVersion {
    /// Maven artifact id: `kafka-clients`, `spring-kafka`, `spring-boot`
    /// (Boot's parent, BOM or Gradle plugin).
    pub artifact: String,
    pub version: Version,
    pub line: u32,
}

/// The version a producer's defaults are looked up for, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionSource {
    /// Read from a build file, possibly through a mapping (Spring Boot → kafka-clients).
    BuildFile {
        path: PathBuf,
        line: u32,
        via: String,
    },
    /// Not written anywhere the tool could read: a current client is assumed.
    Assumed,
}

/// A configuration value as far as static analysis can tell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
    /// An expression whose value is not known statically; holds its source text.
    Unknown(String),
}

impl Value {
    /// The value as a string the way the client would read it (`"all"`, `"1"`, `"true"`).
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.trim().to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Unknown(_) => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provenance {
    /// Written as a literal at the setting itself.
    Literal,
    /// Read through a named constant (`static final String ACKS = "1"`).
    Constant(String),
    /// Read from a configuration file.
    File,
}

/// One explicit setting. `key` is canonical (the Java client's name, e.g.
/// `acks`, `enable.idempotence`); `raw_key` is how the code spelled it.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub key: String,
    pub raw_key: String,
    pub value: Value,
    /// The value expression (what a fix replaces).
    pub value_span: Span,
    /// The whole statement or line that sets it.
    pub span: Span,
    pub provenance: Provenance,
}

/// A producer's explicit configuration, in the order it was written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    pub settings: Vec<Setting>,
    /// False when part of the configuration comes from somewhere the
    /// front-end could not follow (a map passed in as a parameter, a file
    /// loaded at run time, `putAll(other)`): rules about *missing* settings
    /// then stay silent.
    pub complete: bool,
    /// The variable the configuration is built in (`props`, `cfg`), when
    /// the producer is given one; fixes and suggestions use its name.
    pub variable: Option<String>,
}

impl Config {
    /// The last setting of `key` (later writes win, as in a map).
    pub fn get(&self, key: &str) -> Option<&Setting> {
        self.settings.iter().rev().find(|s| s.key == key)
    }
}

/// Where a producer or send sits in the program.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context {
    /// Inside a `for`/`while`/`forEach`/stream loop body.
    pub in_loop: bool,
    /// Inside a per-message or per-request handler (`@KafkaListener`,
    /// `@PostMapping`, `onMessage`, `handle(...)`, a consumer poll loop).
    pub in_handler: bool,
}

/// A producer construction site.
#[derive(Debug, Clone, PartialEq)]
pub struct Producer {
    pub library: Library,
    /// Filled in by project resolution from the nearest build file.
    pub version: Option<(Version, VersionSource)>,
    /// The construction expression (`new KafkaProducer<>(props)`), or for a
    /// config file the line of its first producer key.
    pub span: Span,
    pub context: Context,
    /// Closed (or try-with-resources ended) in the same method right after use.
    pub closed_after_use: bool,
    pub config: Config,
    /// Variable or field names that hold this producer (for linking sends).
    pub names: Vec<String>,
    /// True for a producer defined by a configuration file
    /// (`application.properties`, `producer.properties`).
    pub from_config_file: bool,
}

/// How the record key of a send is formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyKind {
    /// Explicit `null`/`None`/`nil`, or a record built without a key.
    Null,
    /// A string or number literal: every record goes to one partition.
    Literal(String),
    /// A clock reading (`System.currentTimeMillis()`, `Instant.now()`).
    Clock(String),
    /// A random value made at send time (`UUID.randomUUID()`, `Random.nextInt`).
    Random(String),
    /// A field or accessor whose name says it has few values
    /// (`getRegion()`, `status`, `isActive()`), or an enum constant.
    LowCardinality(String),
    /// Anything else: an id, a computed key. Fine.
    Other,
}

/// How a send waits for its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Asynchronous.
    None,
    /// `.get()`/`.join()`/`await`/`.result()` on the returned future right away.
    BlockingGet,
    /// `flush()` right after the send, once per record.
    FlushAfter,
}

/// A send site.
#[derive(Debug, Clone, PartialEq)]
pub struct Send {
    /// The send call (`producer.send(record)`).
    pub span: Span,
    /// The variable/field the send is called on (`producer`, `kafkaTemplate`).
    pub receiver: Option<String>,
    pub key: KeyKind,
    /// Where the key (or the record carrying it) is written.
    pub key_span: Span,
    /// Some entity is being sent (the value comes from a loop over a
    /// collection of domain objects, or names an entity): a null key then
    /// throws away per-entity ordering.
    pub entity_data: bool,
    pub wait: Wait,
    /// The outcome is observed: callback, awaited/`get`, future stored and
    /// checked, `whenComplete`/`addCallback`, or a later `flush()` inside a
    /// try/catch.
    pub observed: bool,
    pub context: Context,
    /// Index into [`FileFacts::producers`] when the receiver is a producer
    /// built in the same file.
    pub producer: Option<usize>,
}

/// What is wrong with a custom partitioner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartitionerIssue {
    /// `Math.abs(x.hashCode()) % n`: `Math.abs(Integer.MIN_VALUE)` is negative.
    AbsModulo,
    /// Hash of a type whose hash differs between processes or JVMs
    /// (`Enum.hashCode()`, `Object.hashCode()`, arrays, Python's salted `hash()`).
    UnstableHash(String),
    /// Returns a partition without looking at the key (constant or counter).
    IgnoresKey,
    /// Picks a random partition.
    Random,
}

/// A problem expression inside a custom partitioner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partitioner {
    pub span: Span,
    pub issue: PartitionerIssue,
    /// The offending expression's text.
    pub expr: String,
}

/// A broker or topic durability setting found in a config file or code.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokerSetting {
    /// `min.insync.replicas`, `unclean.leader.election.enable`,
    /// `default.replication.factor`, `offsets.topic.replication.factor`, …
    pub key: String,
    pub value: Value,
    pub span: Span,
    /// `broker` (server.properties) or `topic` (per-topic config).
    pub scope: &'static str,
}

/// A topic created in code (`new NewTopic("orders", 6, (short) 1)`,
/// `TopicBuilder.name(..).replicas(1)`).
#[derive(Debug, Clone, PartialEq)]
pub struct TopicSpec {
    pub name: Option<String>,
    pub replication_factor: Option<i64>,
    /// Where the replication factor is written (the argument or `.replicas(n)` call).
    pub replication_factor_span: Option<Span>,
    pub min_insync_replicas: Option<i64>,
    /// Where `min.insync.replicas` is written.
    pub min_insync_replicas_span: Option<Span>,
    /// The creating expression (`new NewTopic(..)`, `TopicBuilder.name(..)`).
    pub span: Span,
}

/// Everything a front-end learnt from one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileFacts {
    pub producers: Vec<Producer>,
    pub sends: Vec<Send>,
    pub partitioners: Vec<Partitioner>,
    pub broker_settings: Vec<BrokerSetting>,
    pub topics: Vec<TopicSpec>,
    /// Versions declared by this file if it is a build file.
    pub build_versions: Vec<BuildVersion>,
    /// Problems worth a warning on stderr (syntax errors, parts skipped).
    pub warnings: Vec<String>,
}

impl FileFacts {
    pub fn is_empty(&self) -> bool {
        self.producers.is_empty()
            && self.sends.is_empty()
            && self.partitioners.is_empty()
            && self.broker_settings.is_empty()
            && self.topics.is_empty()
            && self.build_versions.is_empty()
    }
}
