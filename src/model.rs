//! The producer model: the contract between front-ends and rules.
//!
//! A front-end reads one file and returns [`FileFacts`]: the producers it
//! builds, the sends it makes, custom partitioners, broker/topic settings and
//! dependency versions. Rules read only this model (plus the effective
//! configuration computed from it and the knowledge tables), never syntax, so
//! one rule serves every language. A fact a rule needs is added here and
//! filled by every front-end.

use crate::finding::Span;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A client library, named as in `knowledge/<id>.toml`. Rules never match
/// on it: what differs between libraries is data in the knowledge tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Library {
    /// `org.apache.kafka:kafka-clients` (Java, Kotlin, Scala).
    KafkaClients,
    /// Spring Kafka / Spring Boot: defaults come from the kafka-clients on the classpath.
    SpringKafka,
    /// Alpakka Kafka (Akka Streams); settings pass through to kafka-clients.
    AlpakkaKafka,
    /// Apache Pekko Connectors Kafka; settings pass through to kafka-clients.
    PekkoKafka,
    /// fs2-kafka (Typelevel); wraps kafka-clients with defaults of its own.
    Fs2Kafka,
    /// zio-kafka; wraps kafka-clients.
    ZioKafka,
    /// reactor-kafka; wraps kafka-clients.
    ReactorKafka,
    /// kafka-python (`from kafka import KafkaProducer`).
    KafkaPython,
    /// aiokafka (`AIOKafkaProducer`).
    AioKafka,
    /// confluent-kafka-python (librdkafka).
    ConfluentKafkaPython,
    /// IBM/sarama (Go).
    Sarama,
    /// segmentio/kafka-go.
    KafkaGo,
    /// twmb/franz-go (`kgo`).
    FranzGo,
    /// confluent-kafka-go (librdkafka).
    ConfluentKafkaGo,
    /// kafkajs.
    KafkaJs,
    /// @confluentinc/kafka-javascript (librdkafka).
    ConfluentKafkaJs,
    /// node-rdkafka (librdkafka).
    NodeRdkafka,
    /// Confluent.Kafka for .NET (librdkafka).
    ConfluentKafkaDotnet,
    /// The `rdkafka` crate (librdkafka).
    RustRdkafka,
    /// librdkafka itself: key=value config files read by a librdkafka program.
    Librdkafka,
}

impl Library {
    /// Every library, in table order.
    pub const ALL: &'static [Library] = &[
        Library::KafkaClients,
        Library::SpringKafka,
        Library::AlpakkaKafka,
        Library::PekkoKafka,
        Library::Fs2Kafka,
        Library::ZioKafka,
        Library::ReactorKafka,
        Library::KafkaPython,
        Library::AioKafka,
        Library::ConfluentKafkaPython,
        Library::Sarama,
        Library::KafkaGo,
        Library::FranzGo,
        Library::ConfluentKafkaGo,
        Library::KafkaJs,
        Library::ConfluentKafkaJs,
        Library::NodeRdkafka,
        Library::ConfluentKafkaDotnet,
        Library::RustRdkafka,
        Library::Librdkafka,
    ];

    /// The knowledge table id (`knowledge/<id>.toml`) and the name shown to users.
    pub fn id(self) -> &'static str {
        match self {
            Library::KafkaClients => "kafka-clients",
            Library::SpringKafka => "spring-kafka",
            Library::AlpakkaKafka => "alpakka-kafka",
            Library::PekkoKafka => "pekko-connectors-kafka",
            Library::Fs2Kafka => "fs2-kafka",
            Library::ZioKafka => "zio-kafka",
            Library::ReactorKafka => "reactor-kafka",
            Library::KafkaPython => "kafka-python",
            Library::AioKafka => "aiokafka",
            Library::ConfluentKafkaPython => "confluent-kafka-python",
            Library::Sarama => "sarama",
            Library::KafkaGo => "kafka-go",
            Library::FranzGo => "franz-go",
            Library::ConfluentKafkaGo => "confluent-kafka-go",
            Library::KafkaJs => "kafkajs",
            Library::ConfluentKafkaJs => "confluent-kafka-javascript",
            Library::NodeRdkafka => "node-rdkafka",
            Library::ConfluentKafkaDotnet => "confluent-kafka-dotnet",
            Library::RustRdkafka => "rust-rdkafka",
            Library::Librdkafka => "librdkafka",
        }
    }

    pub fn from_id(id: &str) -> Option<Library> {
        Library::ALL.iter().copied().find(|l| l.id() == id)
    }
}

/// A library version such as `3.9.1`. Missing parts are zero.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
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

    /// The highest version there is, for open ranges.
    pub const MAX: Version = Version::new(u32::MAX, u32::MAX, u32::MAX);

    /// Parses `3`, `3.9`, `3.9.1`, `3.9.1-ce`, `2.8.0.RELEASE`, `v1.2.3`.
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.trim().trim_start_matches(['v', 'V']);
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

/// The package ecosystem a dependency file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Ecosystem {
    /// Maven Central: pom.xml, Gradle, sbt. Names are artifact ids.
    Maven,
    /// PyPI: requirements, pyproject, locks. Names are normalised (PEP 503).
    PyPi,
    /// Go modules: go.mod. Names are module paths.
    Go,
    /// npm: package.json and its locks.
    Npm,
    /// NuGet: .csproj, Directory.Packages.props, packages.lock.json.
    NuGet,
    /// crates.io: Cargo.toml, Cargo.lock.
    Cargo,
}

/// Which versions a dependency file allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VersionReq {
    /// One version (`==2.0.2`, a lock file entry, a Maven version).
    Exact(Version),
    /// Every version from `min` (inclusive) up to `max` (inclusive), as
    /// far as the tool can tell (`>=2.0`, `^1.4.0`, `~> 3.1`).
    Range { min: Version, max: Version },
    /// Named without a usable version (a bare requirement, `latest`, `*`).
    Any,
}

/// A dependency version written in a build, manifest or lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependency {
    pub ecosystem: Ecosystem,
    /// The package name as the ecosystem spells it: a Maven artifact id
    /// (`kafka-clients`, `spring-kafka`, `spring-boot` for Boot's parent, BOM
    /// or plugin), a normalised PyPI name, a Go module path, an npm package,
    /// a NuGet id, a crate name.
    pub name: String,
    pub req: VersionReq,
    pub line: u32,
    /// Read from a lock file: wins over a range in a manifest beside it.
    pub locked: bool,
}

/// Kept for the existing build-file readers: a Maven-world dependency.
pub type BuildVersion = Dependency;

impl Dependency {
    /// A Maven dependency with an exact version (pom.xml, Gradle, sbt).
    pub fn maven(artifact: &str, version: Version, line: u32) -> Dependency {
        Dependency {
            ecosystem: Ecosystem::Maven,
            name: artifact.to_string(),
            req: VersionReq::Exact(version),
            line,
            locked: false,
        }
    }

    /// The exact version, when the requirement names one.
    pub fn exact(&self) -> Option<Version> {
        match self.req {
            VersionReq::Exact(v) => Some(v),
            _ => None,
        }
    }
}

/// The version a producer's defaults are looked up for, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum VersionSource {
    /// Read from a build, manifest or lock file, possibly through a mapping
    /// (Spring Boot → kafka-clients, a binding → the librdkafka it bundles).
    BuildFile {
        path: PathBuf,
        line: u32,
        via: String,
    },
    /// Set in the user's kafkalint.toml `[defaults]`.
    Configured,
    /// Not written anywhere the tool could read: a current client is assumed.
    Assumed,
}

/// The versions a producer may run with: one version, or a range when the
/// dependency file allows several (rules then rely only on defaults that
/// every version in the range shares).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedVersion {
    /// Lowest and highest version (inclusive); equal for an exact version.
    pub min: Version,
    pub max: Version,
    pub source: VersionSource,
}

impl ResolvedVersion {
    pub fn exact(v: Version, source: VersionSource) -> Self {
        ResolvedVersion {
            min: v,
            max: v,
            source,
        }
    }

    pub fn single(&self) -> Option<Version> {
        (self.min == self.max).then_some(self.min)
    }
}

/// A configuration value as far as static analysis can tell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

    pub fn is_known(&self) -> bool {
        !matches!(self, Value::Unknown(_))
    }
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Provenance {
    /// Written as a literal at the setting itself.
    Literal,
    /// Read through a named constant (`static final String ACKS = "1"`).
    Constant(String),
    /// Read from a configuration file.
    File,
    /// The default written in the code for an environment variable or
    /// placeholder (`os.getenv("ACKS", "1")`, `${KAFKA_ACKS:1}`): what runs
    /// when the variable is unset. Findings on it have medium confidence.
    EnvDefault(String),
    /// A parameter of the enclosing function, bound to a literal at a call
    /// site in the same file: `producerFor("0")` at `line`.
    Argument { function: String, line: u32 },
    /// Set by a wrapper library on top of the client's own default
    /// (fs2-kafka's `retries=0`).
    Wrapper(String),
    /// A constant declared in another file of the project
    /// (`KafkaSettings.ACKS`), found by project resolution.
    Shared {
        name: String,
        /// Display path of the declaring file.
        file: String,
        line: u32,
    },
    /// A parameter of the function making the producer, given by a call in
    /// another file (`Producers.create("orders", "1")` at `file:line`).
    CallSite {
        function: String,
        file: String,
        line: u32,
    },
    /// Set in another file of the project, by the config builder or
    /// exported config `via` (`KafkaConfig.producerProps()`) or in the
    /// properties file the code loads; `file:line` is where it is written.
    Elsewhere {
        via: String,
        file: String,
        line: u32,
    },
}

/// One explicit setting. `key` is canonical (the Java client's name, e.g.
/// `acks`, `enable.idempotence`); `raw_key` is how the code spelled it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// How a setting is written in the code or file of this producer, so that a
/// suggestion or an inserted fix looks like the surrounding code.
/// `template` has the placeholders `{var}` (the config variable), `{key}`
/// (the key as this library spells it in code) and `{value}` (the value as
/// this library spells it), e.g. `{var}.put({key}, {value});`,
/// `{key}={value}` (Python keyword argument), `"{key}": {value}` (a dict
/// entry), `{var}.{key} = {value}` (Go field).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SettingStyle {
    pub template: String,
    /// How keys are spelled here: `code` (library constants or field names,
    /// as `[spell]` in the knowledge table gives them) or `plain` (the
    /// library's string key, e.g. `"acks"`, for string-keyed maps and files).
    pub plain_keys: bool,
}

/// Where a missing setting can be inserted mechanically (`--fix`): the
/// text goes at `at` (an empty span), as `prefix` + the setting written in
/// the config's [`SettingStyle`] + `suffix`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Insertion {
    pub at: Span,
    pub prefix: String,
    pub suffix: String,
}

/// A producer's explicit configuration, in the order it was written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// How a setting is written here (empty template: the library's default style).
    pub style: SettingStyle,
    /// Where a missing setting can be inserted, when the front-end knows.
    pub insert: Option<Insertion>,
    /// What could not be followed, for `--explain-unknown` (one line each).
    pub unknowns: Vec<String>,
    /// Parts of the configuration built in another file, which project
    /// resolution may find: a config builder, a config object another
    /// module exports, a properties file the code loads.
    #[serde(default)]
    pub external: Vec<ExternalConfig>,
}

/// A part of a producer's configuration that this file takes from
/// elsewhere in the project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExternalConfig {
    pub source: ExternalSource,
    /// The reference as written in this file (the call, the name, the
    /// `load` statement): settings found through it are reported here.
    pub span: Span,
    /// How many of `settings` come before it: later writes win.
    pub at: usize,
    /// The `unknowns` line it stands for, dropped once it is resolved.
    pub reason: String,
}

/// Where an external part of a configuration comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ExternalSource {
    /// A function or value of another file: `KafkaConfig.producerProps`
    /// (called with `args` when `call`), `settings.PRODUCER_CONF`, a name
    /// imported from another module. `fills`: the config is handed to the
    /// function as this argument, which fills it (`Security.apply(props)`).
    Builder {
        name: String,
        call: bool,
        args: Vec<Value>,
        fills: Option<usize>,
    },
    /// A properties file read into the config at run time
    /// (`props.load(getResourceAsStream("/producer.properties"))`): a
    /// class-path resource or a path relative to the working directory.
    File { path: String, resource: bool },
}

impl Config {
    /// The last setting of `key` (later writes win, as in a map).
    pub fn get(&self, key: &str) -> Option<&Setting> {
        self.settings.iter().rev().find(|s| s.key == key)
    }
}

/// A call in the same file through which a send or producer is reached
/// from a loop or handler (`for (..) publish(o)` where `publish` sends).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallSite {
    /// The function called (`publish`).
    pub function: String,
    /// The line of the call.
    pub line: u32,
}

/// Where a producer or send sits in the program.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// Inside a `for`/`while`/`forEach`/stream loop body.
    pub in_loop: bool,
    /// Inside a loop that runs an open-ended number of times at full
    /// speed: not over a short literal list or range, not paced by a
    /// sleep every turn. Only such loops make per-record costs (a wait per
    /// record, no compression) matter.
    pub bulk: bool,
    /// Inside a per-message handler: one call per consumed record or
    /// queued item (`@KafkaListener`, `onMessage`, a consumer poll loop).
    pub in_handler: bool,
    /// Inside a per-request handler (an HTTP route or RPC method): one
    /// call per request. Waiting for the broker there is often intended
    /// (answer only once the event is durable), creating a producer is not.
    pub in_request: bool,
    /// The loop or handler is not around this code but around a call to
    /// the function holding it, in the same file.
    pub via: Option<CallSite>,
}

/// A profile file's settings on top of a base file's producer: Spring Boot
/// reads `application-prod.yml` over `application.yml` when the profile
/// `prod` is active.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overlay {
    /// Index of the base file's producer.
    pub producer: usize,
    pub profile: String,
    /// Display path of the profile file.
    pub file: String,
    /// (canonical key, value as the client reads it, line).
    pub settings: Vec<(String, String, u32)>,
}

/// A producer construction site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Producer {
    pub library: Library,
    /// The version of the library whose defaults apply (for a binding or
    /// wrapper: of the client it defers to, e.g. the kafka-clients that
    /// Spring Boot manages, the librdkafka a binding bundles). Filled in by
    /// project resolution from the nearest dependency file; `None` means a
    /// current version is assumed.
    pub version: Option<ResolvedVersion>,
    /// The version of `library` itself when it defers its defaults to
    /// another table (Spring Kafka, fs2-kafka, confluent-kafka bindings):
    /// its own quirks (a wrapper's default, a binding's API defaults) are
    /// looked up for this one.
    pub own_version: Option<ResolvedVersion>,
    /// The construction expression (`new KafkaProducer<>(props)`), or for a
    /// config file the line of its first producer key.
    pub span: Span,
    pub context: Context,
    /// Closed (or its `use`/`with`/try-with-resources block ended) in the
    /// same function right after use.
    pub closed_after_use: bool,
    pub config: Config,
    /// Variable or field names that hold this producer (for linking sends).
    pub names: Vec<String>,
    /// True for a producer defined by a configuration file
    /// (`application.properties`, `producer.properties`).
    pub from_config_file: bool,
    /// The producer's delivery reports are only handed to callbacks by a
    /// call the code must make (librdkafka's `poll()`/`flush()`, sarama's
    /// `Errors()` channel): `Some(false)` when this code never makes it, so
    /// no send of this producer can learn of a failure.
    pub reports_served: Option<bool>,
    /// Every `bootstrap.servers` value this producer (or its file) names is
    /// a loopback address: a local development setup.
    pub local_only: bool,
    /// The producer is made by a function whose parameters set some of its
    /// settings, and no call in its own file gives them: project
    /// resolution looks for the calls in other files.
    #[serde(default)]
    pub factory: Option<Factory>,
    /// A framework bean made in code that replaces the one the framework
    /// builds from its configuration files (a Spring `ProducerFactory`
    /// `@Bean`): `Some(true)` when its config merges those files
    /// (`buildProducerProperties()`), `Some(false)` when it does not, so
    /// `spring.kafka.producer.*` of its module configures nothing.
    #[serde(default)]
    pub replaces_config_files: Option<bool>,
    /// A producer made in another file and imported here by name (`const {
    /// producer } = require('./kafka')`): only the sends of this file are
    /// checked against it; its configuration is judged where it is made
    /// (display path and line).
    #[serde(default)]
    pub imported_from: Option<String>,
    /// Made at the top level of its module (not in a function or class):
    /// other modules can import it by name.
    #[serde(default)]
    pub top_level: bool,
}

/// A function that makes a producer from its parameters
/// (`Producers.create(String topic, String acks)`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Factory {
    /// The class or object declaring it; empty at module level.
    pub class: String,
    pub function: String,
    /// Its parameters, in order.
    pub params: Vec<String>,
}

/// How the record key of a send is formed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyKind {
    /// Explicit `null`/`None`/`nil`, or a record built without a key.
    Null,
    /// A string or number literal, or a constant holding one: `text` is
    /// the expression, `value` the literal value (for telling equal keys
    /// of different sends apart).
    Literal { text: String, value: String },
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Wait {
    /// Asynchronous.
    None,
    /// `.get()`/`.join()`/`await`/`.result()` on the returned future right
    /// away, or a send API that blocks until the broker answers.
    BlockingGet,
    /// `flush()` right after the send, once per record.
    FlushAfter,
}

/// How (and whether) the outcome of a send is observed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Observation {
    /// Waited for (blocking get, `await`), with the error surfacing to the caller.
    Awaited,
    /// A callback or handler that looks at the error.
    Callback,
    /// The future/promise is kept: returned, stored, collected for a later
    /// wait (`Promise.all`, `Task.WhenAll`, a list of futures).
    Kept,
    /// Inside a transaction whose commit fails when a send failed.
    Transaction,
    /// The result is dropped and no callback is given.
    Dropped,
    /// A callback is given but never reads its error argument
    /// (`(md, e) -> log.info(..)`, `if (e == null) {..}` without else):
    /// `param` names the ignored argument.
    CallbackIgnoresError { param: String },
    /// Only success is handled: `.thenAccept(..)` without `exceptionally`,
    /// `.then(onFulfilled)` without `onRejected` or `.catch`.
    SuccessOnly,
    /// The error is caught and thrown away (`.catch(() => {})`, `except: pass`).
    ErrorSwallowed,
    /// Cannot tell (the result flows somewhere the front-end cannot follow).
    Unknown,
}

impl Observation {
    /// True when a failed delivery can go unnoticed.
    pub fn is_unchecked(&self) -> bool {
        matches!(
            self,
            Observation::Dropped
                | Observation::CallbackIgnoresError { .. }
                | Observation::SuccessOnly
                | Observation::ErrorSwallowed
        )
    }
}

/// A send inside a declarative transaction that is real only when the
/// project configures a transactional producer (Spring `@Transactional`,
/// a listener container with a Kafka transaction manager). Project
/// resolution turns the send's observation into `Transaction` when such a
/// producer exists in the same module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PendingTransaction {
    /// A method annotated `@Transactional`.
    Annotated,
    /// A listener method whose container may run a Kafka transaction.
    Listener,
}

/// The topic a send writes to or a spec creates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TopicName {
    /// A literal or a constant resolved to one.
    Literal(String),
    /// Anything else: the expression as written (`topicName`, `cfg.topic()`).
    Expr(String),
}

impl TopicName {
    /// How messages name the topic: `"orders"` or `<topicName>`.
    pub fn display(&self) -> String {
        match self {
            TopicName::Literal(s) => format!("\"{s}\""),
            TopicName::Expr(e) => format!("<{e}>"),
        }
    }

    pub fn literal(&self) -> Option<&str> {
        match self {
            TopicName::Literal(s) => Some(s),
            TopicName::Expr(_) => None,
        }
    }
}

/// A send site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Send {
    /// The send call (`producer.send(record)`).
    pub span: Span,
    /// The variable/field the send is called on (`producer`, `kafkaTemplate`).
    pub receiver: Option<String>,
    pub key: KeyKind,
    /// The record is known to carry a key: its key expression was found
    /// and is not null (a record built elsewhere, or a batch, may or may not).
    pub keyed: bool,
    /// Where the key (or the record carrying it) is written.
    pub key_span: Span,
    /// The record names its partition: the key does not choose it, so no
    /// key rule applies.
    pub explicit_partition: bool,
    /// Evidence that the record is an entity whose updates must stay in
    /// order (the value is a domain object, or serialised from one, taken
    /// from a loop over entities or a handler parameter): a null key then
    /// throws away per-entity ordering. `None` without such evidence.
    pub entity: Option<String>,
    pub wait: Wait,
    /// The wait is the code's explicit choice, not an oversight: the other
    /// branch of the same condition sends without waiting (a sync mode the
    /// user selects), or the wait is timed with clock reads around it (a
    /// latency measurement).
    pub wait_chosen: bool,
    pub observation: Observation,
    /// A declarative transaction that project resolution confirms or not.
    pub pending_transaction: Option<PendingTransaction>,
    pub context: Context,
    /// Index into [`FileFacts::producers`] when the receiver is a producer
    /// built in the same file.
    pub producer: Option<usize>,
    /// The library, when known from the receiver's type even though the
    /// producer is built elsewhere.
    pub library: Option<Library>,
    /// The topic written to, when the send names it.
    pub topic: Option<TopicName>,
    /// One call sends many records (`sendBatch`, `WriteMessages(ctx, msgs...)`,
    /// `ProduceSync(ctx, recs...)`): waiting on it is not a per-record wait.
    pub batch: bool,
    /// Settings given with this send that override the producer's (kafkajs
    /// `acks`/`compression` in `send({..})`), canonical keys.
    pub settings: Vec<Setting>,
    /// The outcome goes to a channel or callback of this send's own that
    /// the client fills by itself (confluent-kafka-go's per-message
    /// delivery channel): whether the producer's reports are served does
    /// not matter for it.
    pub own_reports: bool,
    /// The last asynchronous send before its producer is closed (a
    /// `using` scope ends, `Dispose()`) with no flush in between, for a
    /// library whose close drops what is still queued: this record (and
    /// any before it still in the queue) may never be sent, and its
    /// delivery handler never runs.
    pub lost_at_close: bool,
}

/// What is wrong with a custom partitioner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartitionerIssue {
    /// `Math.abs(x.hashCode()) % n`: `Math.abs(Integer.MIN_VALUE)` is negative.
    AbsModulo,
    /// Hash of a type whose hash differs between processes or runtimes
    /// (`Enum.hashCode()`, `Object.hashCode()`, arrays, Python's salted `hash()`).
    UnstableHash(String),
    /// Returns the same partition for every record (`return 0`).
    Constant,
    /// Returns a partition without looking at the key (a counter, a field).
    IgnoresKey,
    /// Picks a random partition.
    Random,
    /// The library's configured partitioner ignores record keys although
    /// this code sets them (kafka-go's default RoundRobin balancer,
    /// librdkafka's `random` partitioner).
    KeysIgnored,
}

/// A problem expression inside a custom partitioner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partitioner {
    pub span: Span,
    pub issue: PartitionerIssue,
    /// The offending expression's text.
    pub expr: String,
    /// The library whose partitioner interface this implements, if known.
    pub library: Option<Library>,
}

/// A broker or topic durability setting found in a config file or code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BrokerSetting {
    /// `min.insync.replicas`, `unclean.leader.election.enable`,
    /// `default.replication.factor`, `offsets.topic.replication.factor`, …
    pub key: String,
    pub value: Value,
    pub span: Span,
    /// `broker` (server.properties) or `topic` (per-topic config).
    pub scope: String,
    /// Set for a setup that can only be a local single-broker stack (a
    /// compose file with one broker service, a loopback-only bootstrap).
    pub local_only: bool,
}

/// A topic created in code or infrastructure config
/// (`new NewTopic("orders", 6, (short) 1)`, `TopicBuilder.name(..).replicas(1)`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicSpec {
    pub name: Option<TopicName>,
    /// `None` when not given or left to the broker default (`-1`, `Optional.empty()`).
    pub replication_factor: Option<i64>,
    /// Where the replication factor is written (the argument or `.replicas(n)` call).
    pub replication_factor_span: Option<Span>,
    pub min_insync_replicas: Option<i64>,
    /// Where `min.insync.replicas` is written.
    pub min_insync_replicas_span: Option<Span>,
    /// The creating expression (`new NewTopic(..)`, `TopicBuilder.name(..)`).
    pub span: Span,
    /// Created through an admin client that only talks to loopback brokers.
    pub local_only: bool,
}

/// Everything a front-end learnt from one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileFacts {
    pub producers: Vec<Producer>,
    pub sends: Vec<Send>,
    pub partitioners: Vec<Partitioner>,
    pub broker_settings: Vec<BrokerSetting>,
    pub topics: Vec<TopicSpec>,
    /// Versions declared by this file if it is a build, manifest or lock file.
    pub build_versions: Vec<Dependency>,
    /// Spring-style facts a project needs across files: this file
    /// configures a transactional producer (`transaction-id-prefix`,
    /// `setTransactionIdPrefix`, a `KafkaTransactionManager` bean).
    pub configures_transactions: bool,
    /// The package or namespace a source file declares, and what it imports
    /// by name (local name → qualified name) and by wildcard (packages):
    /// project resolution finds the class a reference means by them.
    pub package: Option<String>,
    pub imports: Vec<(String, String)>,
    pub wildcard_imports: Vec<String>,
    /// The Spring Boot profile this configuration file belongs to
    /// (`application-prod.yml`: `prod`), set by project resolution.
    pub profile: Option<String>,
    /// What the profile files beside this base file set on top of its
    /// producers, set by project resolution.
    pub overlays: Vec<Overlay>,
    /// For a framework's configuration file (Spring Boot): whether the
    /// brokers it names are all loopback addresses written as such; `None`
    /// when it names none.
    #[serde(default)]
    pub local_brokers: Option<bool>,
    /// The file creates topics but names no broker it can read (they come
    /// from the framework's configuration or the environment).
    #[serde(default)]
    pub brokers_unknown: bool,
    /// For a profile file: the display path of the base file it is read
    /// over, set by project resolution.
    #[serde(default)]
    pub profile_base: Option<String>,
    /// Problems worth a warning on stderr (syntax errors, parts skipped).
    pub warnings: Vec<String>,
}

impl FileFacts {
    /// Gives back the spare capacity of its lists. Facts of files that build
    /// producers are kept until the whole tree is read, and lists collected
    /// in place keep the (often much larger) buffer they were collected
    /// from.
    pub fn shrink_to_fit(&mut self) {
        for p in &mut self.producers {
            p.config.settings.shrink_to_fit();
            p.config.unknowns.shrink_to_fit();
            p.config.external.shrink_to_fit();
            p.names.shrink_to_fit();
        }
        self.producers.shrink_to_fit();
        for s in &mut self.sends {
            s.settings.shrink_to_fit();
        }
        self.sends.shrink_to_fit();
        self.partitioners.shrink_to_fit();
        self.broker_settings.shrink_to_fit();
        self.topics.shrink_to_fit();
        self.build_versions.shrink_to_fit();
        self.imports.shrink_to_fit();
        self.wildcard_imports.shrink_to_fit();
        self.overlays.shrink_to_fit();
        self.warnings.shrink_to_fit();
    }

    pub fn is_empty(&self) -> bool {
        self.producers.is_empty()
            && self.sends.is_empty()
            && self.partitioners.is_empty()
            && self.broker_settings.is_empty()
            && self.topics.is_empty()
            && self.build_versions.is_empty()
            && !self.configures_transactions
            && self.local_brokers.is_none()
    }
}
