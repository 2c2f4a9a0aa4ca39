//! Effective configuration: what a producer really runs with, for any
//! library, computed from its knowledge table as
//!
//! 1. explicit settings (canonical keys; values converted from the unit and
//!    value spellings the table gives, argument-less options given their
//!    implied value),
//! 2. settings a wrapper writes on the application's behalf (fs2-kafka's
//!    `retries=0`), for the wrapper's own version,
//! 3. defaults: an API mode's (a confluent-kafka-javascript `kafkaJS` block),
//!    the library's own where it defers to another table, else the deferred-to
//!    table's, for the producer's version range (a default counts only when
//!    every version of the range agrees),
//! 4. idempotence: explicit, implied (a transactional id), or the default;
//!    then the library's rules: silently switched off by a conflicting
//!    setting, a producer that refuses to start, settings the idempotent
//!    producer adjusts itself,
//! 5. the key hash of the partitioner in effect.
//!
//! Rules read this, so none of them repeats the logic or learns a library.

use crate::knowledge::{
    self, Applies, DefaultValue, Effect, IdempotenceRule, LibraryTable, Range, Test,
};
use crate::model::{Producer, ResolvedVersion, Setting, Version, VersionSource};

/// Where an effective value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// Set explicitly: index into `producer.config.settings`.
    Explicit(usize),
    /// The library default for the producer's version (`assumed` when the
    /// version is not written in a dependency file). `label` names the
    /// library and version it is the default of ("kafka-clients 3.7.0
    /// (pom.xml:7)"); `note` tells a quirk.
    Default {
        assumed: bool,
        note: Option<String>,
        label: String,
    },
    /// Derived by the library from other settings; the text says why
    /// (e.g. "switched off because acks=1 is set").
    Derived(String),
    /// Written into the client's configuration by a wrapper on the
    /// application's behalf; the text says which and why.
    Wrapper(String),
    /// The library has no such setting or behaviour (kafka-go has no
    /// idempotence); the text says so. The value is `None`.
    Absent(String),
}

/// An effective value, `None` when it cannot be known statically.
#[derive(Debug, Clone, PartialEq)]
pub struct Eff<T> {
    pub value: Option<T>,
    pub origin: Origin,
}

impl<T> Eff<T> {
    fn unknown() -> Self {
        Eff {
            value: None,
            origin: Origin::Default {
                assumed: true,
                note: None,
                label: String::new(),
            },
        }
    }

    pub fn is_explicit(&self) -> bool {
        matches!(self.origin, Origin::Explicit(_))
    }

    /// The library's default: nothing written chose or derived the value.
    pub fn is_default(&self) -> bool {
        matches!(self.origin, Origin::Default { .. })
    }

    pub fn is_assumed_default(&self) -> bool {
        matches!(self.origin, Origin::Default { assumed: true, .. })
    }

    /// The library has no such setting: rules about it stay silent.
    pub fn is_absent(&self) -> bool {
        matches!(self.origin, Origin::Absent(_))
    }

    fn map<U>(self, f: impl FnOnce(T) -> Option<U>) -> Eff<U> {
        Eff {
            value: self.value.and_then(f),
            origin: self.origin,
        }
    }
}

/// Normalised acks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acks {
    None,
    Leader,
    All,
}

impl Acks {
    pub fn parse(text: &str) -> Option<Acks> {
        match text.trim().trim_matches('"').to_ascii_lowercase().as_str() {
            "0" => Some(Acks::None),
            "1" => Some(Acks::Leader),
            "all" | "-1" => Some(Acks::All),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Acks::None => "0",
            Acks::Leader => "1",
            Acks::All => "all",
        }
    }
}

impl std::fmt::Display for Acks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a producer's configuration cannot work at all.
#[derive(Debug, Clone, PartialEq)]
pub struct WontStart {
    /// `Refuse`: the constructor fails; `RefuseSend`: every send fails.
    pub effect: Effect,
    /// The library's own error text.
    pub message: String,
    /// What in this configuration causes it, for messages:
    /// "enable.idempotence=true is set and acks=1 is set".
    pub reason: String,
    /// The setting behind it (an index into `producer.config.settings`),
    /// when one is written; else the finding belongs at the producer.
    pub setting: Option<usize>,
    /// The canonical key behind it.
    pub key: String,
}

/// The effective configuration of one producer.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective {
    pub acks: Eff<Acks>,
    pub idempotence: Eff<bool>,
    /// The written setting that made the library switch idempotence off
    /// (an index into `producer.config.settings`), when one did.
    pub idempotence_culprit: Option<usize>,
    pub retries: Eff<i64>,
    pub max_in_flight: Eff<i64>,
    /// Milliseconds; a fraction above 0 is rounded up (librdkafka's 0.5 ms).
    pub linger_ms: Eff<i64>,
    /// The library's own linger.ms default for this producer's versions
    /// (whatever is written), when every version agrees.
    pub linger_default: Option<i64>,
    pub batch_size: Eff<i64>,
    pub compression: Eff<String>,
    /// The partitioner in effect, as the table names it
    /// (`consistent_random`, `DefaultPartitioner`, `RoundRobin`).
    pub partitioner: Eff<String>,
    /// The hash applied to record keys (see [`knowledge::KEY_HASHES`]):
    /// `murmur2`, `crc32`, `fnv1a-signed`, …, `none` when keys are ignored;
    /// `None` for a custom partitioner or an unknown one.
    pub key_hash: Eff<String>,
    /// The configuration cannot work: the producer refuses to start, or
    /// every send fails.
    pub wont_start: Option<WontStart>,
    /// The version whose defaults were used, if known.
    pub version: Option<Version>,
    /// How to name that version in a message: "kafka-clients 2.8.1
    /// (pom.xml:12)", "librdkafka 2.3.0 (bundled with rdkafka 0.35.0,
    /// Cargo.toml:9)" or "a current librdkafka 2.x (assumed: no rdkafka
    /// version found in a dependency file)".
    pub version_label: String,
}

impl Effective {
    /// True when the producer can resend a record: acks is not 0 (with acks=0
    /// the client never learns of a failure) and retries is above 0.
    pub fn retries_possible(&self) -> Option<bool> {
        if self.acks.value == Some(Acks::None) {
            return Some(false);
        }
        match self.retries.value {
            Some(0) => Some(false),
            Some(_) => self.acks.value.map(|_| true),
            None => None,
        }
    }

    /// The producer can resend a record and nothing stops the resend from
    /// duplicating or reordering it: retries possible, idempotence off.
    pub fn retries_without_idempotence(&self) -> bool {
        self.retries_possible() == Some(true) && self.idempotence.value == Some(false)
    }
}

/// A setting's value as text, canonical where the table can tell.
#[derive(Debug, Clone)]
struct Raw {
    text: Option<String>,
    origin: Origin,
    /// Written by the code or a wrapper: the client sees it as set.
    set: bool,
}

impl Raw {
    fn unknown() -> Raw {
        Raw {
            text: None,
            origin: Eff::<()>::unknown().origin,
            set: false,
        }
    }
}

/// The tables and version ranges one producer is looked up in.
struct Lookup<'a> {
    p: &'a Producer,
    own: &'static LibraryTable,
    base: &'static LibraryTable,
    own_range: Range,
    own_assumed: bool,
    own_label: String,
    base_range: Range,
    base_assumed: bool,
    base_label: String,
    /// The deferred-to library's version, when exact.
    base_version: Option<Version>,
    modes: Vec<&'static str>,
    wrapper: Vec<(String, Option<String>, String)>,
}

/// The range and label of a producer's version of `t`'s library; `dep`
/// is the library the application depends on (a binding, for librdkafka),
/// which an assumed label names.
fn version_of(
    t: &LibraryTable,
    rv: Option<&ResolvedVersion>,
    dep: &LibraryTable,
) -> (Range, bool, String) {
    let Some(rv) = rv else {
        let (range, label) = t.assumed();
        return (range, true, assumed_label(&label, dep));
    };
    let range = Range {
        min: rv.min,
        max: rv.max,
    };
    let versions = if rv.min == rv.max {
        format!("{} {}", t.name, rv.min)
    } else if rv.max.major == u32::MAX {
        format!("{} {} or later", t.name, rv.min)
    } else if rv.max.minor == u32::MAX {
        // A caret range (`^2.2.4`): any later 2.x.
        format!("{} {} or a later {}.x", t.name, rv.min, rv.max.major)
    } else if rv.max.patch == u32::MAX {
        format!(
            "{} {} or a later {}.{}.x",
            t.name, rv.min, rv.max.major, rv.max.minor
        )
    } else {
        format!("{} {} to {}", t.name, rv.min, rv.max)
    };
    let label = match &rv.source {
        VersionSource::BuildFile { path, line, via } => {
            let file = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("build file");
            if via.is_empty() {
                format!("{versions} ({file}:{line})")
            } else {
                format!("{versions} ({via}, {file}:{line})")
            }
        }
        VersionSource::Configured => format!("{versions} (set in kafkalint.toml)"),
        VersionSource::Assumed => {
            let (_, label) = t.assumed();
            return (range, true, assumed_label(&label, dep));
        }
    };
    (range, false, label)
}

fn assumed_label(label: &str, t: &LibraryTable) -> String {
    format!(
        "{label} (assumed: no {} version found in a dependency file)",
        t.name
    )
}

fn explicit<'a>(p: &'a Producer, key: &str) -> Option<(usize, &'a Setting)> {
    p.config
        .settings
        .iter()
        .enumerate()
        .rev()
        .find(|(_, s)| s.key == key)
}

impl<'a> Lookup<'a> {
    fn new(p: &'a Producer) -> Self {
        let own = knowledge::table(p.library);
        let base = own.defaults_table();
        let deferring = !std::ptr::eq(own, base);
        // A library that defers has two versions (its own, and the
        // deferred-to library's in `version`); one that does not has one,
        // whichever field holds it.
        let (base_version, own_version) = if deferring {
            (p.version.as_ref(), p.own_version.as_ref())
        } else {
            let v = p.version.as_ref().or(p.own_version.as_ref());
            (v, v)
        };
        let (base_range, base_assumed, base_label) = version_of(base, base_version, own);
        let (own_range, own_assumed, own_label) = version_of(own, own_version, own);
        let mut modes = Vec::new();
        for s in &p.config.settings {
            if let Some(m) = own.canonical(&s.raw_key).and_then(|c| c.mode) {
                if !modes.contains(&m) {
                    modes.push(m);
                }
            }
        }
        let wrapper = match own.wrapper_settings(own_range) {
            Ok(list) => list
                .into_iter()
                .map(|w| (w.key, Some(w.value), w.note))
                .collect(),
            // The wrapper's versions disagree about `key`: unknown.
            Err(key) => vec![(key, None, String::new())],
        };
        Lookup {
            p,
            own,
            base,
            own_range,
            own_assumed,
            own_label,
            base_range,
            base_assumed,
            base_label,
            base_version: base_version.and_then(|v| v.single()),
            modes,
            wrapper,
        }
    }

    /// The canonical text of an explicit setting's value.
    fn setting_text(&self, s: &Setting) -> Option<String> {
        let spelled = self.own.canonical(&s.raw_key);
        let text = match s.value.as_text() {
            Some(t) => t,
            None => return spelled.and_then(|c| c.implied).map(str::to_string),
        };
        if text.is_empty() {
            if let Some(implied) = spelled.and_then(|c| c.implied) {
                return Some(implied.to_string());
            }
        }
        if let Some(unit) = spelled.and_then(|c| c.unit) {
            return unit.to_canonical(&text);
        }
        let canon = self
            .own
            .canonical_value_for(&s.raw_key, &text)
            .or_else(|| self.own.canonical_value(&s.key, &text));
        Some(canon.map_or(text, str::to_string))
    }

    fn default_origin(&self, note: Option<String>, own: bool) -> Origin {
        let (assumed, label) = if own {
            (self.own_assumed, self.own_label.clone())
        } else {
            (self.base_assumed, self.base_label.clone())
        };
        Origin::Default {
            assumed,
            note,
            label,
        }
    }

    fn raw_default(&self, d: DefaultValue, own: bool) -> Option<Raw> {
        match d {
            DefaultValue::Known { value, note } => Some(Raw {
                text: Some(value),
                origin: self.default_origin(note, own),
                set: false,
            }),
            DefaultValue::Absent { note } => Some(Raw {
                text: None,
                origin: Origin::Absent(note),
                set: false,
            }),
            DefaultValue::Varies => Some(Raw::unknown()),
            DefaultValue::Unknown => None,
        }
    }

    /// The key's default: an active mode's, the library's own, else the
    /// deferred-to table's.
    fn default(&self, key: &str) -> Raw {
        for m in &self.modes {
            let (d, label) = self.own.mode_default(m, key, self.own_range);
            if let Some(mut raw) = self.raw_default(d, true) {
                if let Origin::Default { note, .. } = &mut raw.origin {
                    note.get_or_insert_with(|| format!("with {label}"));
                }
                return raw;
            }
        }
        if self.own.has_own_default(key) {
            if let Some(raw) = self.raw_default(self.own.default_in(key, self.own_range), true) {
                return raw;
            }
        }
        self.raw_default(self.base.default_in(key, self.base_range), false)
            .unwrap_or_else(Raw::unknown)
    }

    /// What the code (or a wrapper for it) wrote for `key`, if anything.
    fn written(&self, key: &str) -> Option<Raw> {
        if let Some((i, s)) = explicit(self.p, key) {
            return Some(Raw {
                text: self.setting_text(s),
                origin: Origin::Explicit(i),
                set: true,
            });
        }
        self.wrapper
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, value, note)| Raw {
                text: value.clone(),
                origin: Origin::Wrapper(format!("{} {}", self.own_label, note)),
                set: true,
            })
    }

    /// The value before idempotence rules: written, else the default
    /// (unknown for an incomplete config).
    fn raw(&self, key: &str) -> Raw {
        match self.written(key) {
            Some(r) => r,
            None if !self.p.config.complete => Raw::unknown(),
            None => self.default(key),
        }
    }
}

fn parse_int(t: &str) -> Option<i64> {
    let t = t.trim().trim_matches('"');
    if matches!(
        t,
        "Integer.MAX_VALUE"
            | "Int.MaxValue"
            | "Int.MAX_VALUE"
            | "int.MaxValue"
            | "math.MaxInt32"
            | "math.MaxInt64"
            | "Number.MAX_SAFE_INTEGER"
            | "i32::MAX"
            | "float('inf')"
            | "float(\"inf\")"
            | "math.inf"
    ) {
        return Some(i32::MAX as i64);
    }
    let t = t.replace('_', "");
    if let Ok(n) = t.parse::<i64>() {
        return Some(n);
    }
    // Fractional milliseconds (librdkafka's 0.5 ms, Confluent.Kafka's
    // double LingerMs): rounded up so that a small linger stays above 0.
    let f: f64 = t.trim_end_matches(['d', 'D', 'f', 'F']).parse().ok()?;
    (f.is_finite() && f >= 0.0).then(|| f.ceil() as i64)
}

fn parse_bool(t: &str) -> Option<bool> {
    match t.trim().trim_matches('"').to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// A version written as `0.11.0`, `(0, 10, 2)`, `sarama.V0_11_0_0`.
fn parse_version_text(t: &str) -> Option<Version> {
    let t = t.trim().trim_matches(|c| c == '"' || c == '\'');
    let t = match t.rsplit_once('.') {
        Some((_, last)) if last.starts_with(['V', 'v']) => last,
        _ => t,
    };
    let t = t
        .trim_matches(|c| c == '(' || c == ')')
        .replace([',', ' '], ".");
    let t = t.split('.').filter(|s| !s.is_empty()).collect::<Vec<_>>();
    Version::parse(&t.join("."))
}

fn same_value(key: &str, a: &str, b: &str) -> bool {
    if key == "acks" {
        if let (Some(x), Some(y)) = (Acks::parse(a), Acks::parse(b)) {
            return x == y;
        }
    }
    let norm = |s: &str| s.trim().trim_matches('"').to_ascii_lowercase();
    norm(a) == norm(b)
}

/// Whether a rule's test holds for the value `raw` of its key.
fn test_holds(rule: &IdempotenceRule, raw: &Raw) -> Option<bool> {
    if rule.user_set && !raw.set {
        return Some(false);
    }
    let test = rule.test.as_ref()?;
    if matches!(raw.origin, Origin::Absent(_)) {
        return Some(false);
    }
    if *test == Test::Set {
        return match &raw.text {
            Some(t) => Some(!t.trim().trim_matches('"').is_empty()),
            None if raw.set => None,
            None => Some(false),
        };
    }
    let text = raw.text.as_deref()?;
    Some(match test {
        Test::Eq(v) => same_value(&rule.key, text, v),
        Test::Ne(v) => !same_value(&rule.key, text, v),
        Test::Gt(n) => parse_int(text)? > *n,
        Test::Lt(n) => parse_int(text)? < *n,
        Test::VersionBelow(v) => parse_version_text(text)? < *v,
        Test::Set => unreachable!("handled above"),
    })
}

/// How idempotence came to be, before the library's rules.
enum State {
    /// Set by the code or a wrapper.
    Explicit(bool),
    /// Implied by a setting (transactional id).
    Implied,
    Default(bool),
}

impl State {
    fn matches(&self, applies: Applies) -> bool {
        matches!(
            (self, applies),
            (
                State::Explicit(true) | State::Implied,
                Applies::Requested | Applies::On
            ) | (State::Default(true), Applies::Default | Applies::On)
                | (State::Explicit(false), Applies::Off | Applies::ExplicitOff)
                | (State::Default(false), Applies::Off)
        )
    }

    fn on(&self) -> bool {
        matches!(
            self,
            State::Explicit(true) | State::Implied | State::Default(true)
        )
    }
}

fn both(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

/// "acks=1 is set", "retries=0 is set by fs2-kafka", "acks defaults to 1".
fn describe(key: &str, raw: &Raw) -> String {
    let value = raw.text.as_deref().unwrap_or("?");
    let value = match (key, Acks::parse(value)) {
        ("acks", Some(a)) => a.as_str(),
        _ => value,
    };
    match &raw.origin {
        Origin::Explicit(_) => format!("{key}={value} is set"),
        Origin::Wrapper(why) => why.clone(),
        Origin::Derived(why) => why.clone(),
        Origin::Default { .. } | Origin::Absent(_) => format!("{key} defaults to {value}"),
    }
}

fn to_eff<T>(raw: Raw, parse: impl Fn(&str) -> Option<T>) -> Eff<T> {
    Eff {
        value: raw.text.as_deref().and_then(parse),
        origin: raw.origin,
    }
}

fn setting_of(raw: &Raw) -> Option<usize> {
    match raw.origin {
        Origin::Explicit(i) => Some(i),
        _ => None,
    }
}

/// The canonical keys the effective configuration reads (with
/// `enable.idempotence` and what implies it): what rules can decide on.
pub const KEYS: &[&str] = &[
    "acks",
    "retries",
    "max.in.flight.requests.per.connection",
    "linger.ms",
    "batch.size",
    "compression.type",
    "partitioner.class",
];

/// Computes the effective configuration of `p`.
pub fn compute(p: &Producer) -> Effective {
    let lk = Lookup::new(p);
    let mut raws: Vec<(&str, Raw)> = KEYS.iter().map(|k| (*k, lk.raw(k))).collect();
    let get = |raws: &[(&str, Raw)], key: &str| -> Raw {
        raws.iter()
            .find(|(k, _)| *k == key)
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| lk.raw(key))
    };

    let (idempotence, culprit, wont_start, adjust) =
        effective_idempotence(&lk, &|key| get(&raws, key));
    for (key, raw) in adjust {
        if let Some(slot) = raws.iter_mut().find(|(k, _)| *k == key) {
            slot.1 = raw;
        }
    }

    let partitioner = get(&raws, "partitioner.class");
    let key_hash = key_hash(&lk, &partitioner);
    let take = |key: &str| get(&raws, key);
    Effective {
        acks: to_eff(take("acks"), Acks::parse),
        idempotence,
        idempotence_culprit: culprit,
        retries: to_eff(take("retries"), parse_int),
        max_in_flight: to_eff(take("max.in.flight.requests.per.connection"), parse_int),
        linger_ms: to_eff(take("linger.ms"), parse_int),
        linger_default: lk.default("linger.ms").text.as_deref().and_then(parse_int),
        batch_size: to_eff(take("batch.size"), parse_int),
        compression: to_eff(take("compression.type"), |t| {
            let t = t.trim().trim_matches('"').to_ascii_lowercase();
            Some(if t == "none" || t.is_empty() {
                "none".into()
            } else {
                t
            })
        }),
        partitioner: to_eff(partitioner, |t| {
            Some(t.trim().trim_matches('"').to_string())
        }),
        key_hash,
        wont_start,
        version: lk.base_version,
        version_label: lk.base_label.clone(),
    }
}

type Adjusted = Vec<(String, Raw)>;

fn effective_idempotence(
    lk: &Lookup<'_>,
    value_of: &dyn Fn(&str) -> Raw,
) -> (Eff<bool>, Option<usize>, Option<WontStart>, Adjusted) {
    let none = (Eff::unknown(), None, None, Vec::new());
    let owner = lk.own.idempotence_rules_owner();
    let range = if std::ptr::eq(owner, lk.own) && !std::ptr::eq(lk.own, lk.base) {
        lk.own_range
    } else {
        lk.base_range
    };
    let label = if std::ptr::eq(owner, lk.base) {
        &lk.base_label
    } else {
        &lk.own_label
    };

    // How idempotence came to be.
    let written = lk.written("enable.idempotence");
    let implied = lk.own.idempotence_implied_by().iter().find(|key| {
        lk.written(key)
            .is_some_and(|r| r.text.as_deref().is_none_or(|t| !t.trim().is_empty()))
    });
    let (state, mut eff) = match (&written, implied) {
        (Some(raw), _) => match raw.text.as_deref().and_then(parse_bool) {
            Some(b) => (State::Explicit(b), to_eff(raw.clone(), parse_bool)),
            None => return none,
        },
        (None, Some(key)) => (
            State::Implied,
            Eff {
                value: Some(true),
                origin: Origin::Derived(format!("{key} is set, which implies idempotence")),
            },
        ),
        (None, None) if !lk.p.config.complete => return none,
        (None, None) => {
            let raw = lk.default("enable.idempotence");
            match raw.text.as_deref().and_then(parse_bool) {
                Some(b) => (State::Default(b), to_eff(raw, parse_bool)),
                // Absent or unknown: nothing more to say.
                None => return (to_eff(raw, parse_bool), None, None, Vec::new()),
            }
        }
    };
    let rules = lk.own.idempotence_rules();

    // Default on: the library may drop it silently.
    let mut state = state;
    let mut culprit = None;
    if matches!(state, State::Default(true)) {
        let mut uncertain = false;
        for rule in rules.iter().filter(|r| r.effect == Effect::Disable) {
            let raw = value_of(&rule.key);
            match both(range.within(rule.since, rule.until), test_holds(rule, &raw)) {
                Some(true) => {
                    eff = Eff {
                        value: Some(false),
                        origin: Origin::Derived(format!(
                            "enable.idempotence is not set, so {label} silently switches \
                             idempotence off because {}",
                            describe(&rule.key, &raw)
                        )),
                    };
                    state = State::Default(false);
                    culprit = setting_of(&raw);
                    uncertain = false;
                    break;
                }
                Some(false) => {}
                None => uncertain = true,
            }
        }
        if uncertain {
            return none;
        }
    }

    // Configurations the library refuses.
    let mut wont_start = None;
    for rule in rules
        .iter()
        .filter(|r| matches!(r.effect, Effect::Refuse | Effect::RefuseSend))
        .filter(|r| state.matches(r.applies))
    {
        let raw = value_of(&rule.key);
        if both(range.within(rule.since, rule.until), test_holds(rule, &raw)) == Some(true) {
            let asked = match (&state, &written, implied) {
                (State::Explicit(b), _, _) => format!("enable.idempotence={b} is set"),
                (State::Implied, _, Some(k)) => format!("{k} is set, which implies idempotence"),
                _ => format!("{label} enables idempotence by default"),
            };
            let setting = setting_of(&raw).or_else(|| written.as_ref().and_then(setting_of));
            wont_start = Some(WontStart {
                effect: rule.effect,
                message: rule.message.clone(),
                reason: format!("{asked} and {}", describe(&rule.key, &raw)),
                setting,
                key: rule.key.clone(),
            });
            break;
        }
    }

    // Settings the idempotent producer sets itself.
    let mut adjusted = Vec::new();
    if state.on() {
        for rule in rules.iter().filter(|r| r.effect == Effect::Adjust) {
            let current = value_of(&rule.key);
            if current.set {
                continue;
            }
            let raw = match range.within(rule.since, rule.until) {
                Some(true) => Raw {
                    text: rule.value.clone(),
                    origin: Origin::Derived(format!(
                        "{} ({label}, with idempotence on)",
                        rule.message
                    )),
                    set: false,
                },
                Some(false) => continue,
                None => Raw::unknown(),
            };
            adjusted.push((rule.key.clone(), raw));
        }
    }
    (eff, culprit, wont_start, adjusted)
}

fn key_hash(lk: &Lookup<'_>, partitioner: &Raw) -> Eff<String> {
    for (key, value, hash) in lk.own.key_hash_overrides() {
        let raw = lk.raw(key);
        if raw
            .text
            .as_deref()
            .is_some_and(|t| same_value(key, t, value))
        {
            return Eff {
                value: Some(hash.to_string()),
                origin: raw.origin,
            };
        }
    }
    let Some(name) = partitioner.text.as_deref() else {
        return Eff {
            value: None,
            origin: partitioner.origin.clone(),
        };
    };
    Eff {
        value: lk.own.partitioner(name).map(|p| p.hash.clone()),
        origin: partitioner.origin.clone(),
    }
    .map(Some)
}

#[cfg(test)]
mod tests;
