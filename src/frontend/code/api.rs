//! Client APIs as data: how code builds producers, configures them, sends
//! records and observes the results, for each library. Read from
//! `knowledge/api/<library>.toml` (converted to JSON by `build.rs`,
//! compiled in, parsed once). The code
//! front-ends match the IR against these tables; nothing in them is
//! specific to one language's syntax, so the Java, Kotlin and Scala
//! front-ends share the kafka-clients and Spring tables.

use crate::model::Library;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

const TABLES: &[&str] = &[
    include_str!(concat!(
        env!("OUT_DIR"),
        "/knowledge/api/kafka-clients.json"
    )),
    include_str!(concat!(env!("OUT_DIR"), "/knowledge/api/spring-kafka.json")),
    include_str!(concat!(env!("OUT_DIR"), "/knowledge/api/sarama.json")),
    include_str!(concat!(env!("OUT_DIR"), "/knowledge/api/kafka-go.json")),
    include_str!(concat!(env!("OUT_DIR"), "/knowledge/api/franz-go.json")),
    include_str!(concat!(
        env!("OUT_DIR"),
        "/knowledge/api/confluent-kafka-go.json"
    )),
    include_str!(concat!(
        env!("OUT_DIR"),
        "/knowledge/api/confluent-kafka-dotnet.json"
    )),
    include_str!(concat!(env!("OUT_DIR"), "/knowledge/api/rust-rdkafka.json")),
    include_str!(concat!(env!("OUT_DIR"), "/knowledge/api/kafka-python.json")),
    include_str!(concat!(
        env!("OUT_DIR"),
        "/knowledge/api/confluent-kafka-python.json"
    )),
    include_str!(concat!(env!("OUT_DIR"), "/knowledge/api/aiokafka.json")),
    include_str!(concat!(env!("OUT_DIR"), "/knowledge/api/kafkajs.json")),
    include_str!(concat!(
        env!("OUT_DIR"),
        "/knowledge/api/confluent-kafka-javascript.json"
    )),
    include_str!(concat!(env!("OUT_DIR"), "/knowledge/api/node-rdkafka.json")),
    include_str!(concat!(
        env!("OUT_DIR"),
        "/knowledge/api/alpakka-kafka.json"
    )),
    include_str!(concat!(
        env!("OUT_DIR"),
        "/knowledge/api/pekko-connectors-kafka.json"
    )),
    include_str!(concat!(env!("OUT_DIR"), "/knowledge/api/fs2-kafka.json")),
    include_str!(concat!(env!("OUT_DIR"), "/knowledge/api/zio-kafka.json")),
    include_str!(concat!(
        env!("OUT_DIR"),
        "/knowledge/api/reactor-kafka.json"
    )),
];

/// Where a producer construction takes its settings from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// Positional argument N is a config map/object.
    Arg(usize),
    /// Keyword arguments (and `**spread` maps) are settings.
    Kwargs,
    /// The construction's own initializer or struct fields, plus later
    /// field assignments on the variable holding it.
    Init,
    /// Arguments from N on are option calls (`kgo.RequiredAcks(..)`).
    Options(usize),
    /// The receiver of the call: a config built by a chain of setters.
    Receiver,
    /// No settings at the construction.
    None,
}

impl<'de> Deserialize<'de> for ConfigSource {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let num = |p: &str| s.strip_prefix(p).and_then(|n| n.parse::<usize>().ok());
        Ok(match s.as_str() {
            "kwargs" => ConfigSource::Kwargs,
            "init" => ConfigSource::Init,
            "receiver" => ConfigSource::Receiver,
            "none" => ConfigSource::None,
            _ => {
                if let Some(n) = num("arg") {
                    ConfigSource::Arg(n)
                } else if let Some(n) = num("options") {
                    ConfigSource::Options(n)
                } else {
                    return Err(serde::de::Error::custom(format!("bad config source {s:?}")));
                }
            }
        })
    }
}

/// How a construction or record is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// `new T(..)`, `T(..)` where T is a type, `T{..}` composite literals.
    #[default]
    New,
    /// A function or method call named `name`.
    Call,
}

/// A producer construction.
#[derive(Debug, Clone, Deserialize)]
pub struct ProducerApi {
    pub name: String,
    #[serde(default)]
    pub form: Form,
    /// Package or receiver texts one of which must qualify the name
    /// (`sarama` for `sarama.NewSyncProducer`); empty: any or none.
    #[serde(default)]
    pub qualifier: Vec<String>,
    pub config: ConfigSource,
    /// The handle kind sends are made on (`producer`, `template`).
    #[serde(default = "producer_kind")]
    pub kind: String,
    /// A suggestion template for settings of this producer when the
    /// config has no style of its own (see `SettingStyle`).
    #[serde(default)]
    pub style: Option<String>,
    /// The template when the config is written as the entries of a literal
    /// (`&kafka.ConfigMap{"acks": "all"}` → `{key}: {value},`).
    #[serde(default)]
    pub entry_style: Option<String>,
    /// Made in a bean method (`@Bean`), this construction replaces the one
    /// the framework builds from its configuration files (Spring Boot backs
    /// off from `spring.kafka.producer.*` when the application defines a
    /// `ProducerFactory`), unless its config merges them through one of
    /// `merges_config_files` (`kafkaProperties.buildProducerProperties()`).
    #[serde(default)]
    pub replaces_config_files: bool,
    #[serde(default)]
    pub merges_config_files: Vec<String>,
    /// Overrides the library's `reports_need_poll` for this construction
    /// (sarama's AsyncProducer must have its Errors() read, its
    /// SyncProducer not).
    #[serde(default)]
    pub reports_need_poll: Option<bool>,
    /// A canonical key whose `true` makes this producer's sends return
    /// before the broker answers (kafka-go's `Async`): their returned
    /// errors then say nothing about delivery.
    #[serde(default)]
    pub fire_and_forget: Option<String>,
    /// The field or assignment that receives outcomes in that mode
    /// (kafka-go's `Completion`), and its error parameter.
    #[serde(default)]
    pub report_hook: Option<String>,
    #[serde(default)]
    pub report_hook_error: Option<usize>,
    /// A generic construction (`cfg.create()`) whose product is decided by
    /// its type: type name → handle kind. The type is read from the type
    /// arguments at the call (`create::<FutureProducer>()`), the call's
    /// qualifier, the declared type of what holds it, or the return type
    /// of the function returning it; without one, it is a producer only
    /// when the file sends through it.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// Called without its config argument, the producer runs on the
    /// library's defaults (kafkajs `kafka.producer()`): the config is
    /// complete and empty rather than unknown.
    #[serde(default)]
    pub optional_config: bool,
    /// The call is made on a client built by `new T(cfg)` with one of
    /// these types (kafkajs `new Kafka({ retry })`): the client's settings
    /// (its first argument) come first, the producer's own win. A client
    /// that cannot be followed makes the config incomplete unless
    /// `receiver_optional` says the client holds no producer setting the
    /// rules need.
    #[serde(default)]
    pub receiver_types: Vec<String>,
    #[serde(default)]
    pub receiver_optional: bool,
    /// Further positional arguments that are configs too, merged after
    /// the first (node-rdkafka's topic config: `new Producer(conf, topicConf)`).
    #[serde(default)]
    pub more_config: Vec<usize>,
}

/// A call whose result carries a configuration given to it
/// (`sarama.NewClient(addrs, cfg)`, used by `NewSyncProducerFromClient`).
#[derive(Debug, Clone, Deserialize)]
pub struct CarrierApi {
    pub name: String,
    #[serde(default)]
    pub qualifier: Vec<String>,
    pub config: ConfigSource,
}

fn producer_kind() -> String {
    "producer".into()
}

/// Something built from a producer made elsewhere in the file, that sends
/// through it (`new KafkaTemplate<>(factory)`).
#[derive(Debug, Clone, Deserialize)]
pub struct HandleApi {
    pub name: String,
    #[serde(default)]
    pub form: Form,
    /// The argument holding the producer it wraps.
    #[serde(default)]
    pub producer_arg: Option<usize>,
    pub kind: String,
    /// A `true` literal in this argument makes every send flush
    /// (`new KafkaTemplate<>(pf, true)`).
    #[serde(default)]
    pub autoflush_arg: Option<usize>,
    /// The handle is made by a call on the producer itself (kafkajs
    /// `await producer.transaction()`).
    #[serde(default)]
    pub producer_receiver: bool,
}

/// A method that sends records.
#[derive(Debug, Clone, Deserialize)]
pub struct SendApi {
    pub method: String,
    /// Handle kinds it is called on; empty means any.
    #[serde(default)]
    pub on: Vec<String>,
    /// Argument roles by arity (`"3" = ["topic", "key", "value"]`), `"*"`
    /// for any arity. Roles: topic, key, value, partition, timestamp,
    /// headers, callback, record, records, message, ctx, skip.
    #[serde(default)]
    pub layouts: BTreeMap<String, Vec<String>>,
    /// Keyword arguments → roles.
    #[serde(default)]
    pub keywords: BTreeMap<String, String>,
    /// How the result is obtained: `future`, `promise`, `sync`, `enqueue`,
    /// `result` (a value carrying the error, possibly through a future:
    /// the error is seen only when the value is inspected) or
    /// `enqueue-result` (a value saying only whether the record was queued;
    /// delivery is reported elsewhere).
    #[serde(default = "future")]
    pub returns: String,
    /// One call sends many records.
    #[serde(default)]
    pub batch: bool,
    /// Index of the error parameter of a callback passed in the
    /// `callback` role (`(metadata, exception) -> ..` → 1).
    #[serde(default)]
    pub callback_error: Option<usize>,
    /// The outcome is an error among the call's results (Go's
    /// `_, _, err := p.SendMessage(m)` → 2): the send is checked only
    /// when that result is read.
    #[serde(default)]
    pub error_result: Option<usize>,
    /// The method returns a channel and the record is what is sent on it
    /// (`producer.Input() <- msg`).
    #[serde(default)]
    pub channel: bool,
    /// Records from argument N on (`WriteMessages(ctx, msgs...)`): a
    /// spread or more than one record makes the call a batch.
    #[serde(default)]
    pub records_from: Option<usize>,
    /// Without a callback (nil), the outcome goes to the producer's own
    /// report channel (confluent-kafka-go's Events()); a callback given is
    /// a channel of the send's own.
    #[serde(default)]
    pub default_reports: bool,
    /// When the callback gets one report object instead of an error
    /// argument: the members of that parameter that tell a failure
    /// (`report.Error`, `report.Status`).
    #[serde(default)]
    pub callback_error_members: Vec<String>,
    /// When the `record` argument is an object literal (kafkajs
    /// `send({ topic, messages, acks })`): its fields → roles (`topic`,
    /// `records` for the list of messages, `setting` for a per-send
    /// setting spelled as in the library's knowledge table).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Fields of each message object of a `records` list → roles (`key`,
    /// `value`, `partition`, `timestamp`).
    #[serde(default)]
    pub message_fields: BTreeMap<String, String>,
}

fn yes() -> bool {
    true
}

fn future() -> String {
    "future".into()
}

/// A record type: how key, topic and partition are found in it.
#[derive(Debug, Clone, Deserialize)]
pub struct RecordApi {
    pub name: String,
    #[serde(default)]
    pub form: Form,
    /// Qualifiers of a `call` form (`FutureRecord` for `FutureRecord::to`);
    /// empty: any.
    #[serde(default)]
    pub qualifier: Vec<String>,
    /// Constructor argument roles by arity.
    #[serde(default)]
    pub layouts: BTreeMap<String, Vec<String>>,
    /// Field or property names → roles (`Key`, `Topic`, `Partition`).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Builder methods → roles (`key(..)`, `partition(..)`).
    #[serde(default)]
    pub chain: BTreeMap<String, String>,
    /// An argument layout is ambiguous at this arity when the last
    /// argument looks like headers: use this layout instead.
    #[serde(default)]
    pub headers_layouts: BTreeMap<String, Vec<String>>,
}

/// A method on a send's future/promise that observes its outcome.
#[derive(Debug, Clone, Deserialize)]
pub struct ObserverApi {
    pub method: String,
    /// Which argument is the callback that sees the error.
    #[serde(default)]
    pub arg: usize,
    /// Index of the error parameter in that callback.
    #[serde(default)]
    pub error_param: Option<usize>,
    /// With fewer arguments than `arg + 1`, the call only handles success.
    #[serde(default)]
    pub needs_arg: bool,
    /// The callback's parameter carries the failure as one of these
    /// members (`t.Exception`, `t.IsFaulted`).
    #[serde(default)]
    pub error_members: Vec<String>,
}

/// What can be done with the result of a send.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct FutureApi {
    /// Methods that block until the broker answers (`get`, `join`).
    #[serde(default)]
    pub blocking: Vec<String>,
    #[serde(default)]
    pub observers: Vec<ObserverApi>,
    /// Methods that only run on success (`thenAccept`).
    #[serde(default)]
    pub success_only: Vec<String>,
    /// Methods whose results carry the outcome's error, with its index
    /// (franz-go's `ProduceResults.FirstErr()` → 0, `First()` → 1): it
    /// must be read to be checked.
    #[serde(default)]
    pub error_methods: BTreeMap<String, usize>,
    /// Properties whose read blocks until the result is there (`.Result`).
    #[serde(default)]
    pub blocking_members: Vec<String>,
    /// For sends returning a result value (`returns = "result"`): methods
    /// on it that surface its error without waiting (`unwrap`, `map_err`).
    #[serde(default)]
    pub checks: Vec<String>,
    /// Methods on a result that keep the success and drop the error (`ok`).
    #[serde(default)]
    pub discards: Vec<String>,
    /// Pattern constructors of a result's error case (`Err`).
    #[serde(default)]
    pub error_variants: Vec<String>,
}

/// Transactions: a send between `begin` and `commit` on the same
/// producer, or inside a scope call's lambda, is checked by the commit.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct TxApi {
    #[serde(default)]
    pub begin: Vec<String>,
    #[serde(default)]
    pub commit: Vec<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Annotations that make a method transactional when the project
    /// configures a transactional producer.
    #[serde(default)]
    pub annotations: Vec<String>,
    /// Calls or settings that configure a transactional producer
    /// (`setTransactionIdPrefix`).
    #[serde(default)]
    pub configure: Vec<String>,
}

/// A custom partitioner interface.
#[derive(Debug, Clone, Deserialize)]
pub struct PartitionerApi {
    /// The interface or base class implemented.
    pub interface: String,
    /// The method choosing the partition.
    pub method: String,
    /// The parameters holding the key (and its bytes).
    pub key_params: Vec<usize>,
    /// Minimum number of parameters of that method.
    #[serde(default)]
    pub min_params: usize,
    /// A keyword of the producer's construction that takes the partitioner
    /// as a callable (kafka-python's `partitioner=fn`): a function, lambda
    /// or instance of a class whose `method` is called; `key_params` count
    /// the callable's own parameters (without `self`). `interface` is then
    /// empty.
    #[serde(default)]
    pub setting: Option<String>,
}

/// A producer option whose value is a partition function, or a factory
/// of one (kafkajs `createPartitioner: () => ({ message }) => n`).
#[derive(Debug, Clone, Deserialize)]
pub struct PartitionFnApi {
    pub option: String,
    /// The option's value returns the partition function.
    #[serde(default)]
    pub factory: bool,
    /// Names of the partition function's parameters (or of the fields of
    /// a destructured one) that carry the record's key.
    pub key_names: Vec<String>,
}

/// A topic created in code.
#[derive(Debug, Clone, Deserialize)]
pub struct TopicApi {
    pub name: String,
    #[serde(default)]
    pub form: Form,
    /// Qualifier of a `call` form (`TopicBuilder` for `TopicBuilder.name`).
    #[serde(default)]
    pub qualifier: Vec<String>,
    /// Roles by arity: name, partitions, replication, config.
    #[serde(default)]
    pub layouts: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub keywords: BTreeMap<String, String>,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Chained methods → roles: replication, config (key, value),
    /// configs (a map), assignments (a replica assignment: its size is
    /// the replication factor).
    #[serde(default)]
    pub chain: BTreeMap<String, String>,
    /// Replication values that mean "the broker's default".
    #[serde(default)]
    pub broker_default: Vec<i64>,
    /// One-argument wrappers around a number (`TopicReplication::Fixed(3)`).
    #[serde(default)]
    pub wrappers: Vec<String>,
    /// The call's options object lists its topics as object literals in
    /// this field (kafkajs `createTopics({ topics: [..] })`), whose
    /// `fields` give the roles (`entries`: a list of `{ name, value }`).
    #[serde(default)]
    pub list_field: Option<String>,
}

/// One library's API table.
#[derive(Debug, Deserialize)]
pub struct Api {
    pub library: String,
    pub languages: Vec<String>,
    /// Package prefixes whose import shows the file uses this library.
    #[serde(default)]
    pub imports: Vec<String>,
    /// Names of packages below those prefixes that hold the library's test
    /// doubles (sarama's `mocks`): what they make is not the library's.
    #[serde(default)]
    pub mock_packages: Vec<String>,
    /// The qualifier the knowledge table's code spellings use for this
    /// library (`sarama.WaitForAll`, `kgo.LeaderAck()`): an import alias
    /// of the library is read as it.
    #[serde(default)]
    pub package: Option<String>,
    /// Calls whose result carries a configuration given to them.
    #[serde(default)]
    pub config_carriers: Vec<CarrierApi>,
    /// The pre-parse gate counts this library's words only in files that
    /// name one of its `imports` (Go imports every package it uses, and
    /// names like `NewClient` or `Writer` are everywhere).
    #[serde(default)]
    pub gate_needs_import: bool,
    /// Simple names that are too common to trust without an import of
    /// this library (`Producer`).
    #[serde(default)]
    pub needs_import: Vec<String>,
    #[serde(default)]
    pub producers: Vec<ProducerApi>,
    #[serde(default)]
    pub handles: Vec<HandleApi>,
    /// Declared types of variables, fields and parameters that are
    /// producer handles, with their kind.
    #[serde(default)]
    pub handle_types: BTreeMap<String, String>,
    /// Types and factory calls of this library's config objects.
    #[serde(default)]
    pub config_types: Vec<String>,
    /// Methods that set one key on a config (`set`, `withProperty`).
    #[serde(default)]
    pub config_setters: Vec<String>,
    /// Methods of a config builder that add a whole map of settings
    /// (`withProperties(map)`, or key/value pairs).
    #[serde(default)]
    pub config_merges: Vec<String>,
    /// What a `config_types` object reads besides what the code sets, when
    /// built (`ProducerSettings(system, ..)` reads application.conf): its
    /// constructor arguments are then not a map to copy, and the config is
    /// incomplete for this reason. `"none"`: the arguments carry no
    /// settings (serializers, a list of servers).
    #[serde(default)]
    pub config_type_reads: Option<String>,
    /// Methods of a config builder that return it unchanged (`set_log_level`).
    #[serde(default)]
    pub config_passthrough: Vec<String>,
    /// Calls on a factory/producer that add settings after construction:
    /// method → canonical key set by its first argument, or `*` for a
    /// map of settings (`updateConfigs`).
    #[serde(default)]
    pub config_calls: BTreeMap<String, String>,
    #[serde(default)]
    pub sends: Vec<SendApi>,
    #[serde(default)]
    pub records: Vec<RecordApi>,
    #[serde(default)]
    pub futures: FutureApi,
    /// Methods that flush a producer.
    #[serde(default)]
    pub flush: Vec<String>,
    /// Methods that serve delivery reports (librdkafka's poll).
    #[serde(default)]
    pub poll: Vec<String>,
    /// Delivery reports reach callbacks only through `poll`/`flush`.
    #[serde(default)]
    pub reports_need_poll: bool,
    /// Whether `flush` serves delivery reports (librdkafka's does; in
    /// confluent-kafka-go it waits for the Events() channel to be read).
    #[serde(default = "yes")]
    pub flush_serves_reports: bool,
    /// The same, for handles of these kinds only (a `BaseProducer`, not
    /// a `FutureProducer`).
    #[serde(default)]
    pub reports_need_poll_kinds: Vec<String>,
    /// Delivery reports exist only when one of these settings is on
    /// (node-rdkafka's `dr_cb`/`dr_msg_cb`): without it, polling serves
    /// nothing.
    #[serde(default)]
    pub reports_settings: Vec<String>,
    #[serde(default)]
    pub close: Vec<String>,
    /// Canonical config keys that install one delivery callback for every
    /// send of the producer (confluent-kafka's `"on_delivery": cb` in the
    /// config dict): a send without a callback of its own reports to it.
    #[serde(default)]
    pub default_callback_keys: Vec<String>,
    /// Closing the producer drops records still queued (no implicit
    /// flush): a flush must come first.
    #[serde(default)]
    pub close_discards: bool,
    #[serde(default)]
    pub transactions: TxApi,
    #[serde(default)]
    pub partitioners: Vec<PartitionerApi>,
    #[serde(default)]
    pub partition_functions: Vec<PartitionFnApi>,
    #[serde(default)]
    pub topics: Vec<TopicApi>,
    /// Types of in-process fake brokers (`MockCluster`): a file that builds
    /// one is test or demo code, and its producers are left out.
    #[serde(default)]
    pub test_doubles: Vec<String>,
}

impl Api {
    pub fn lib(&self) -> Library {
        Library::from_id(&self.library).expect("api table names a known library")
    }

    /// True when the import path (or qualified name) `path` is this
    /// library's: below one of its prefixes and not in one of its packages
    /// of test doubles (`github.com/IBM/sarama/mocks`).
    pub fn owns_import(&self, path: &str) -> bool {
        self.imports.iter().any(|p| {
            path.strip_prefix(p.as_str()).is_some_and(|rest| {
                !rest
                    .split(['/', '.'])
                    .any(|part| self.mock_packages.iter().any(|m| m == part))
            })
        })
    }

    pub fn is_for(&self, lang: &str) -> bool {
        self.languages.iter().any(|l| l == lang)
    }
}

static APIS: LazyLock<Vec<Api>> = LazyLock::new(|| {
    TABLES
        .iter()
        .map(|t| serde_json::from_str(t).expect("api table must parse"))
        .collect()
});

/// The API tables of the libraries a language can use.
pub fn for_language(lang: &str) -> Vec<&'static Api> {
    APIS.iter().filter(|a| a.is_for(lang)).collect()
}

/// Every API table.
pub fn all() -> &'static [Api] {
    &APIS
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_library_s_mocks_package_is_not_the_library() {
        let sarama = super::all()
            .iter()
            .find(|a| a.library == "sarama")
            .expect("sarama table");
        assert!(sarama.owns_import("github.com/IBM/sarama"));
        assert!(sarama.owns_import("gopkg.in/Shopify/sarama.v1"));
        assert!(!sarama.owns_import("github.com/IBM/sarama/mocks"));
        assert!(!sarama.owns_import("gopkg.in/Shopify/sarama.v1/mocks"));
        assert!(!sarama.owns_import("github.com/segmentio/kafka-go"));
    }

    #[test]
    fn every_table_parses_and_names_a_library() {
        for a in super::all() {
            let _ = a.lib();
            assert!(!a.languages.is_empty(), "{}", a.library);
        }
    }
}
