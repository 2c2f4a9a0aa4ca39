//! Helpers shared by the rules: where a finding points, how to phrase the
//! fix in the producer's own syntax, and how sure we are. No rule logic here.

use super::{FileContext, RuleMeta};
use crate::effective::{Eff, Effective, Origin};
use crate::finding::{Confidence, Finding, Fix, Span};
use crate::knowledge::{self, Advice};
use crate::model::{Library, Producer, Provenance, Setting, Value};

/// The line a user would write to set `key` to the canonical `value` on
/// this producer, in the syntax of the file it lives in and the spelling of
/// its library (both from the knowledge table; the front-end's style when
/// it saw how this config is written).
pub fn suggestion(cx: &FileContext<'_>, p: &Producer, key: &str, value: &str) -> String {
    let t = knowledge::table(p.library);
    let spelled = t.spell(key);
    if p.from_config_file {
        let k = spelled.plain.unwrap_or_else(|| key.to_string());
        let yaml = cx.path.ends_with(".yml") || cx.path.ends_with(".yaml");
        return if yaml {
            format!("{k}: {value}")
        } else {
            t.plain_template()
                .unwrap_or("{key}={value}")
                .replace("{key}", &k)
                .replace("{value}", value)
        };
    }
    let template = if p.config.style.template.is_empty() {
        t.code_template().unwrap_or("{key}={value}")
    } else {
        p.config.style.template.as_str()
    };
    let code_key = if p.config.style.plain_keys {
        spelled.plain.unwrap_or_else(|| key.to_string())
    } else {
        spelled.code
    };
    let var = p.config.variable.as_deref().unwrap_or("config");
    template
        .replace("{var}", var)
        .replace("{key}", &code_key)
        .replace("{value}", &t.spell_value(key, value))
}

/// A replacement for a setting's value with the canonical `value`, written
/// the way this library spells it in code (or plainly in a config file),
/// keeping a number a number. Only for a value written at the setting
/// itself: a constant, a parameter or an environment default is fixed
/// where it is defined, which the edit would not reach.
pub fn replace_value(p: &Producer, s: &Setting, value: &str, description: String) -> Option<Fix> {
    if !matches!(s.provenance, Provenance::Literal | Provenance::File) {
        return None;
    }
    let table = knowledge::table(p.library);
    // A number in a unit of its own (a Go `time.Duration` counts
    // nanoseconds) is written the way the library spells the value.
    let has_unit = table
        .canonical(&s.raw_key)
        .is_some_and(|c| c.unit.is_some());
    let text = if p.from_config_file {
        value.to_string()
    } else {
        let t = table;
        // Written with the library's string key (`config.Set("acks", "1")`,
        // a dictionary entry): the value stays a string literal.
        let string_keyed = (s.raw_key.contains('.')
            || !s.raw_key.contains(|c: char| c.is_ascii_uppercase()))
            && s.raw_key != t.spell(&s.key).code;
        match (&s.value, value.parse::<i64>()) {
            (Value::Int(_), Ok(_)) if !has_unit => value.to_string(),
            (Value::Str(_), _) if string_keyed => format!("\"{value}\""),
            _ => table.spell_value(&s.key, value),
        }
    };
    Some(Fix {
        description,
        span: s.value_span,
        replacement: text,
    })
}

/// How sure a finding about `eff` is: explicit values and versions read from
/// build files are certain; an assumed client version is not.
pub fn confidence<T>(eff: &Eff<T>, e: &Effective, p: &Producer) -> Confidence {
    match &eff.origin {
        // What runs when an environment variable is unset is only one of
        // the values the setting can have.
        Origin::Explicit(i) => match p.config.settings.get(*i).map(|s| &s.provenance) {
            Some(Provenance::EnvDefault(_)) => Confidence::Medium,
            _ => Confidence::High,
        },
        Origin::Default { assumed: true, .. } => Confidence::Medium,
        _ if e.version.is_none() => Confidence::Medium,
        _ => Confidence::High,
    }
}

/// A finding about producer `p`, at `span`, with the library filled in.
/// In a Spring profile file the message says which profile.
pub fn producer_finding(
    meta: &RuleMeta,
    cx: &FileContext<'_>,
    p: &Producer,
    span: Span,
    message: String,
    help: String,
) -> Finding {
    let mut f = super::finding(meta, cx.path, span);
    f.message = match &cx.facts.profile {
        Some(profile) => format!("in profile `{profile}`: {message}"),
        None => message,
    };
    f.help = help;
    f.library = Some(p.library.id().to_string());
    f
}

/// What the Spring profiles beside a base file set for `keys` on top of
/// producer `index`: "; profile `prod` sets acks=all
/// (src/main/resources/application-prod.yml:5)", empty when none does.
pub fn overlay_note(cx: &FileContext<'_>, index: usize, keys: &[&str]) -> String {
    let mut out = String::new();
    for o in cx.facts.overlays.iter().filter(|o| o.producer == index) {
        let set: Vec<String> = keys
            .iter()
            .filter_map(|k| {
                o.settings
                    .iter()
                    .rev()
                    .find(|(key, _, _)| key == k)
                    .map(|(key, value, line)| format!("{key}={value} (line {line})"))
            })
            .collect();
        if !set.is_empty() {
            out.push_str(&format!(
                "; profile `{}` sets {} in {}",
                o.profile,
                set.join(" and "),
                o.file
            ));
        }
    }
    out
}

/// Where a setting is written: its value.
pub fn setting_span(s: &Setting) -> Span {
    s.value_span
}

/// Describes where an effective value came from, for messages:
/// "set to 1" / "left unset; kafka-clients 2.8.1 (…) defaults to 1".
pub fn origin_phrase<T: std::fmt::Display>(
    eff: &Eff<T>,
    e: &Effective,
    p: &Producer,
    key: &str,
) -> String {
    let value = eff
        .value
        .as_ref()
        .map(|v| v.to_string())
        .unwrap_or_else(|| "?".into());
    match &eff.origin {
        Origin::Explicit(i) => {
            let how = p
                .config
                .settings
                .get(*i)
                .map(|s| provenance_phrase(&s.provenance))
                .unwrap_or_default();
            format!("{key}={value} is set{how}")
        }
        Origin::Default { note, label, .. } => {
            let by = if label.is_empty() {
                &e.version_label
            } else {
                label
            };
            let mut s = format!("{key} is not set and {by} defaults to {key}={value}");
            if let Some(n) = note {
                s.push_str(&format!(" ({n})"));
            }
            s
        }
        Origin::Derived(why) | Origin::Wrapper(why) | Origin::Absent(why) => why.clone(),
    }
}

/// Where an explicit value was written, when not at the setting itself:
/// " by the call to `producerFor(..)` at line 23", " as the default of
/// the environment variable KAFKA_ACKS".
pub fn provenance_phrase(p: &Provenance) -> String {
    match p {
        Provenance::Argument { function, line } => {
            format!(" by the call to `{function}(..)` at line {line}")
        }
        Provenance::EnvDefault(var) => {
            format!(" as the default used when the environment variable {var} is unset")
        }
        Provenance::Wrapper(w) => format!(" by {w}"),
        Provenance::Shared { name, file, line } => {
            format!(" through the constant `{name}` ({file}:{line})")
        }
        Provenance::CallSite {
            function,
            file,
            line,
        } => format!(" by the call to `{function}(..)` at {file}:{line}"),
        Provenance::Elsewhere { via, file, line } => {
            format!(" by `{via}` ({file}:{line})")
        }
        _ => String::new(),
    }
}

/// The producer's sends in this file (linked by the front-end).
pub fn sends_of<'a>(
    cx: &'a FileContext<'a>,
    index: usize,
) -> impl Iterator<Item = &'a crate::model::Send> + 'a {
    cx.facts
        .sends
        .iter()
        .filter(move |s| s.producer == Some(index))
}

/// True when the producer sends in bulk: one of its sends sits in an
/// open-ended, unpaced loop or forwards consumed records.
pub fn sends_in_bulk(cx: &FileContext<'_>, index: usize) -> bool {
    sends_of(cx, index).any(|s| s.context.bulk || s.context.in_handler)
}

/// Where a finding about lost idempotence points, and the setting behind it:
/// the explicit `enable.idempotence=false`, else the setting that made the
/// client drop it (acks, in-flight), else the producer itself.
pub fn idempotence_anchor<'a>(p: &'a Producer, e: &Effective) -> (Span, Option<&'a Setting>) {
    match &e.idempotence.origin {
        Origin::Explicit(i) => {
            let s = &p.config.settings[*i];
            (s.value_span, Some(s))
        }
        Origin::Derived(_) => match e.idempotence_culprit.map(|i| &p.config.settings[i]) {
            Some(s) => (s.value_span, Some(s)),
            None => (p.span, None),
        },
        Origin::Default { .. } | Origin::Wrapper(_) | Origin::Absent(_) => (p.span, None),
    }
}

/// A finding about a send site.
pub fn send_finding(
    meta: &RuleMeta,
    cx: &FileContext<'_>,
    send: &crate::model::Send,
    span: Span,
    message: String,
    help: String,
) -> Finding {
    let mut f = super::finding(meta, cx.path, span);
    f.message = message;
    f.help = help;
    f.library = send
        .producer
        .and_then(|i| cx.facts.producers.get(i))
        .map(|p| p.library.id().to_string());
    f
}

/// "inside a loop" / "in a per-message handler" / "" for messages; when
/// the loop or handler surrounds a call to the function holding the code,
/// that call is named: "inside a loop (through `publish(..)` at line 42)".
pub fn where_phrase(c: &crate::model::Context) -> String {
    let base = if c.in_loop {
        "inside a loop"
    } else if c.in_handler {
        "in a per-message handler"
    } else if c.in_request {
        "in a request handler"
    } else {
        return String::new();
    };
    match &c.via {
        Some(call) => format!(
            "{base} (through the call to `{}(..)` at line {})",
            call.function, call.line
        ),
        None => base.to_string(),
    }
}

/// The shared shape of the key rules: for every send whose key chooses its
/// partition (the record does not name one) and that `judge` finds a
/// problem with (a message and a confidence), a finding at the key.
pub fn key_findings(
    meta: &RuleMeta,
    cx: &FileContext<'_>,
    out: &mut Vec<Finding>,
    help: &dyn Fn(&crate::model::Send) -> String,
    judge: impl Fn(&crate::model::Send) -> Option<(String, Confidence)>,
) {
    for s in &cx.facts.sends {
        if s.explicit_partition {
            continue;
        }
        if let Some((message, confidence)) = judge(s) {
            let mut f = send_finding(meta, cx, s, s.key_span, message, help(s));
            f.confidence = confidence;
            out.push(f);
        }
    }
}

/// The library a send goes through: its producer's, or the one its
/// receiver's type names.
pub fn send_library(cx: &FileContext<'_>, s: &crate::model::Send) -> Option<Library> {
    s.producer
        .and_then(|i| cx.facts.producers.get(i))
        .map(|p| p.library)
        .or(s.library)
}

/// The library's advice snippet on `topic`, if it has one.
pub fn advice(cx: &FileContext<'_>, lib: Option<Library>, topic: Advice) -> Option<&'static str> {
    let lang = language_of(cx.path);
    lib.and_then(|l| knowledge::table(l).advice_in(lang, topic))
}

/// The language a file is written in, for snippets of libraries shared by
/// several languages (the Java client from Kotlin and Scala).
fn language_of(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e) {
        Some("kt") | Some("kts") => "kotlin",
        Some("scala") | Some("sc") => "scala",
        _ => "",
    }
}

/// `help` followed by the library's snippet, when there is one.
pub fn with_advice(
    cx: &FileContext<'_>,
    help: &str,
    lib: Option<Library>,
    topic: Advice,
) -> String {
    match advice(cx, lib, topic) {
        Some(a) => format!("{help}: `{a}`"),
        None => help.to_string(),
    }
}
