//! The knowledge tables as written in TOML (see `knowledge/README.md` for
//! the format). Unknown fields are errors, so a typo in a table fails the
//! parse test instead of silently dropping a fact.

use super::{Applies, Effect, IdempotenceRule, Test, Unit};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub id: String,
    pub display: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub assumed: Option<Assumed>,
    #[serde(default)]
    pub defaults_from: Option<String>,
    #[serde(default)]
    pub spellings: HashMap<String, Spelling>,
    /// Canonical key (or a named value map) → spelled value → canonical value.
    #[serde(default)]
    pub values: HashMap<String, HashMap<String, String>>,
    #[serde(default)]
    pub defaults: HashMap<String, Vec<Default>>,
    #[serde(default)]
    pub modes: HashMap<String, Mode>,
    #[serde(default)]
    pub wrapper_sets: HashMap<String, Vec<Default>>,
    #[serde(default)]
    pub apis: Vec<Api>,
    #[serde(default)]
    pub idempotence: Option<Idempotence>,
    #[serde(default)]
    pub partitioners: HashMap<String, Partitioner>,
    #[serde(default)]
    pub key_hash_overrides: Vec<HashOverride>,
    #[serde(default)]
    pub spell: Option<Spell>,
    #[serde(default)]
    pub advice: HashMap<String, String>,
    /// Where the facts come from, kept beside them (not read by the code).
    #[serde(default, rename = "sources")]
    pub _sources: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assumed {
    pub from: String,
    pub to: String,
    pub label: String,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Spelling {
    Key(String),
    Full(FullSpelling),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FullSpelling {
    pub key: String,
    #[serde(default)]
    pub unit: Option<Unit>,
    #[serde(default)]
    pub implied: Option<String>,
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub values: Option<String>,
    /// A remark for readers of the table.
    #[serde(default, rename = "note")]
    pub _note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Default {
    pub since: String,
    #[serde(default)]
    pub value: Option<String>,
    /// The library has no such setting from `since` on.
    #[serde(default)]
    pub absent: bool,
    #[serde(default)]
    pub note: Option<String>,
    /// Provenance, kept beside the fact in the table (not read by the code).
    #[serde(default, rename = "source")]
    pub _source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mode {
    pub label: String,
    #[serde(default)]
    pub defaults: HashMap<String, Vec<Default>>,
    /// Provenance, kept beside the fact in the table (not read by the code).
    #[serde(default, rename = "source")]
    pub _source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Api {
    pub name: String,
    pub sets: BTreeMap<String, String>,
    pub note: String,
    /// Provenance, kept beside the fact in the table (not read by the code).
    #[serde(default, rename = "source")]
    pub _source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Idempotence {
    #[serde(default)]
    pub implied_by: Option<Vec<String>>,
    #[serde(default)]
    pub rules: Option<Vec<Rule>>,
    /// Provenance, kept beside the fact in the table (not read by the code).
    #[serde(default, rename = "source")]
    pub _source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub effect: String,
    pub applies: String,
    pub key: String,
    #[serde(default)]
    pub eq: Option<String>,
    #[serde(default)]
    pub ne: Option<String>,
    #[serde(default)]
    pub gt: Option<i64>,
    #[serde(default)]
    pub lt: Option<i64>,
    #[serde(default)]
    pub version_below: Option<String>,
    #[serde(default)]
    pub set: bool,
    #[serde(default = "yes")]
    pub user_set: bool,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
    pub message: String,
    /// Provenance, kept beside the fact in the table (not read by the code).
    #[serde(default, rename = "source")]
    pub _source: Option<String>,
}

fn yes() -> bool {
    true
}

impl Rule {
    pub fn into_rule(self, table: &str) -> IdempotenceRule {
        let bad = |what: &str| -> ! { panic!("knowledge table {table}: bad {what} in a rule") };
        let effect = match self.effect.as_str() {
            "disable" => Effect::Disable,
            "refuse" => Effect::Refuse,
            "refuse-send" => Effect::RefuseSend,
            "adjust" => Effect::Adjust,
            _ => bad("effect"),
        };
        let applies = match self.applies.as_str() {
            "default" => Applies::Default,
            "requested" => Applies::Requested,
            "on" => Applies::On,
            "off" => Applies::Off,
            "explicit-off" => Applies::ExplicitOff,
            _ => bad("applies"),
        };
        let ver = |s: &Option<String>| s.as_deref().map(super::v);
        let tests = [
            self.eq.clone().map(Test::Eq),
            self.ne.clone().map(Test::Ne),
            self.gt.map(Test::Gt),
            self.lt.map(Test::Lt),
            ver(&self.version_below).map(Test::VersionBelow),
            self.set.then_some(Test::Set),
        ];
        let mut tests = tests.into_iter().flatten();
        let test = tests.next();
        if tests.next().is_some() {
            bad("test (more than one)");
        }
        if (effect == Effect::Adjust) != test.is_none()
            || (effect == Effect::Adjust) != self.value.is_some()
        {
            bad("adjust rule (a value and no test, or a test and no value)");
        }
        IdempotenceRule {
            effect,
            applies,
            key: self.key,
            test,
            user_set: self.user_set,
            value: self.value,
            since: ver(&self.since),
            until: ver(&self.until),
            message: self.message,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partitioner {
    pub hash: String,
    pub null_key: String,
    #[serde(default)]
    pub note: Option<String>,
    /// Provenance, kept beside the fact in the table (not read by the code).
    #[serde(default, rename = "source")]
    pub _source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HashOverride {
    pub key: String,
    pub value: String,
    pub hash: String,
    /// Provenance, kept beside the fact in the table (not read by the code).
    #[serde(default, rename = "source")]
    pub _source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spell {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub plain_template: Option<String>,
    #[serde(default)]
    pub plain_key: Option<String>,
    /// How an integer value is written (`{value}`), when not as `value`.
    #[serde(default)]
    pub number: Option<String>,
    /// How `true` and `false` are written (`True`/`False` in Python).
    #[serde(default, rename = "true")]
    pub true_value: Option<String>,
    #[serde(default, rename = "false")]
    pub false_value: Option<String>,
    #[serde(default)]
    pub keys: HashMap<String, SpellKey>,
    /// Templates of other languages using this library (Kotlin and Scala
    /// for the Java client): language id → template, and `<id>-entry` for a
    /// setting written as an entry of a map literal (`{key} to {value},`).
    #[serde(default)]
    pub languages: HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpellKey {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub plain: Option<String>,
    #[serde(default)]
    pub values: HashMap<String, String>,
}
