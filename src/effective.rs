//! Effective configuration: what a producer really runs with, computed as
//! library defaults for its version ⊕ explicit settings ⊕ the library's own
//! conflict rules (e.g. the Java client silently dropping idempotence when
//! acks is not `all`). Rules read this, so none of them repeats the logic.

use crate::knowledge::{self, DefaultValue, LibraryTable};
use crate::model::{Producer, Setting, Value, Version, VersionSource};

/// Where an effective value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// Set explicitly: index into `producer.config.settings`.
    Explicit(usize),
    /// The library default for the producer's version (`assumed` when the
    /// version is not written in a build file). `note` tells a quirk.
    Default { assumed: bool, note: Option<String> },
    /// Derived by the library from other settings; the text says why
    /// (e.g. "switched off because acks=1 is set").
    Derived(String),
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
            },
        }
    }

    pub fn is_explicit(&self) -> bool {
        matches!(self.origin, Origin::Explicit(_))
    }

    pub fn is_assumed_default(&self) -> bool {
        matches!(self.origin, Origin::Default { assumed: true, .. })
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

/// The effective configuration of one producer.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective {
    pub acks: Eff<Acks>,
    pub idempotence: Eff<bool>,
    pub retries: Eff<i64>,
    pub max_in_flight: Eff<i64>,
    pub linger_ms: Eff<i64>,
    pub batch_size: Eff<i64>,
    pub compression: Eff<String>,
    /// The version whose defaults were used, if known.
    pub version: Option<Version>,
    /// How to name that version in a message: "kafka-clients 2.8.1 (from
    /// pom.xml)" or "a current 3.x/4.x kafka-clients (assumed: no version in
    /// a build file)".
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

fn explicit<'a>(p: &'a Producer, key: &str) -> Option<(usize, &'a Setting)> {
    p.config
        .settings
        .iter()
        .enumerate()
        .rev()
        .find(|(_, s)| s.key == key)
}

fn from_default<T>(
    table: &LibraryTable,
    key: &str,
    version: Option<Version>,
    parse: impl Fn(&str) -> Option<T>,
) -> Eff<T> {
    match table.default_for(key, version) {
        DefaultValue::Known { value, note } => Eff {
            value: parse(&value),
            origin: Origin::Default {
                assumed: version.is_none(),
                note,
            },
        },
        DefaultValue::Varies | DefaultValue::Unknown => Eff::unknown(),
    }
}

/// Explicit value if set (unknown if its value is not static), else default.
fn resolve<T>(
    p: &Producer,
    table: &LibraryTable,
    key: &str,
    version: Option<Version>,
    parse: impl Fn(&str) -> Option<T>,
) -> Eff<T> {
    match explicit(p, key) {
        Some((i, s)) => Eff {
            value: s.value.as_text().and_then(|t| parse(&t)),
            origin: Origin::Explicit(i),
        },
        None if !p.config.complete => Eff::unknown(),
        None => from_default(table, key, version, parse),
    }
}

fn parse_int(t: &str) -> Option<i64> {
    let t = t.trim().trim_matches('"');
    if t == "Integer.MAX_VALUE" || t == "Int.MaxValue" || t == "Int.MAX_VALUE" {
        return Some(i32::MAX as i64);
    }
    t.replace('_', "").parse().ok()
}

fn parse_bool(t: &str) -> Option<bool> {
    match t.trim().trim_matches('"').to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Computes the effective configuration of `p`.
pub fn compute(p: &Producer) -> Effective {
    let table = knowledge::table(p.library);
    let version = p.version.as_ref().and_then(|v| v.single());
    let version_label = match (version, p.version.as_ref().map(|v| &v.source)) {
        (Some(v), Some(VersionSource::BuildFile { path, line, via })) => {
            let file = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("build file");
            if via.is_empty() {
                format!("kafka-clients {v} ({file}:{line})")
            } else {
                format!("kafka-clients {v} ({via}, {file}:{line})")
            }
        }
        _ => format!(
            "{} (assumed: no client version found in a build file)",
            table.assumed_label()
        ),
    };

    let acks = resolve(p, table, "acks", version, Acks::parse);
    let retries = resolve(p, table, "retries", version, parse_int);
    let max_in_flight = resolve(
        p,
        table,
        "max.in.flight.requests.per.connection",
        version,
        parse_int,
    );
    let linger_ms = resolve(p, table, "linger.ms", version, parse_int);
    let batch_size = resolve(p, table, "batch.size", version, parse_int);
    let compression = resolve(p, table, "compression.type", version, |t| {
        Some(t.trim().trim_matches('"').to_ascii_lowercase())
    });

    let idempotence = effective_idempotence(
        p,
        table,
        version,
        &version_label,
        (&acks, &retries, &max_in_flight),
    );

    Effective {
        acks,
        idempotence,
        retries,
        max_in_flight,
        linger_ms,
        batch_size,
        compression,
        version,
        version_label,
    }
}

fn effective_idempotence(
    p: &Producer,
    table: &LibraryTable,
    version: Option<Version>,
    version_label: &str,
    (acks, retries, max_in_flight): (&Eff<Acks>, &Eff<i64>, &Eff<i64>),
) -> Eff<bool> {
    let off = |because: String| Eff {
        value: Some(false),
        origin: Origin::Derived(format!(
            "enable.idempotence is not set, so {version_label} silently switches idempotence \
             off because {because}"
        )),
    };
    if let Some((i, s)) = explicit(p, "enable.idempotence") {
        return Eff {
            value: s.value.as_text().and_then(|t| parse_bool(&t)),
            origin: Origin::Explicit(i),
        };
    }
    for key in table.idempotence_implied_by() {
        if let Some((_, s)) = explicit(p, key) {
            if !matches!(s.value, Value::Str(ref t) if t.is_empty()) {
                return Eff {
                    value: Some(true),
                    origin: Origin::Derived(format!("{key} is set, which implies idempotence")),
                };
            }
        }
    }
    if !p.config.complete {
        return Eff::unknown();
    }
    let default = from_default(table, "enable.idempotence", version, parse_bool);
    if default.value != Some(true) || !table.silently_disables_idempotence(version) {
        return default;
    }
    // Default on: the client drops it without an error when a conflicting
    // setting is written explicitly.
    if acks.is_explicit() {
        match acks.value {
            Some(Acks::All) => {}
            Some(a) => return off(format!("acks={} is set", a.as_str())),
            None => return Eff::unknown(),
        }
    }
    if retries.is_explicit() {
        match retries.value {
            Some(0) => return off("retries=0 is set".into()),
            Some(_) => {}
            None => return Eff::unknown(),
        }
    }
    if max_in_flight.is_explicit() {
        let limit = table.max_in_flight_limit().unwrap_or(5);
        match max_in_flight.value {
            Some(n) if n > limit => match table.max_in_flight_is_error(version) {
                Some(false) => {
                    return off(format!(
                        "max.in.flight.requests.per.connection={n} is above {limit}"
                    ))
                }
                // An error at start-up (4.x) or unknown which: not a silent loss.
                _ => return Eff::unknown(),
            },
            Some(_) => {}
            None => return Eff::unknown(),
        }
    }
    default
}
