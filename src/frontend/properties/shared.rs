//! Pieces shared by the configuration front-ends (`.properties` and YAML):
//! which keys make a file a producer or broker configuration, how a textual
//! value becomes a [`Value`], and placeholder resolution.

use crate::model::Value;

/// Keys only a producer configuration holds. A `.properties` file with any
/// of them (and no broker identity key) configures a producer.
pub(crate) const PRODUCER_ONLY_KEYS: &[&str] = &[
    "acks",
    "enable.idempotence",
    "linger.ms",
    "batch.size",
    "retries",
    "max.in.flight.requests.per.connection",
    "compression.type",
    "transactional.id",
    "key.serializer",
    "value.serializer",
    "partitioner.class",
    "delivery.timeout.ms",
];

/// Producer keys no other kind of configuration uses; one of them alone
/// marks a `.properties` file as a Kafka producer configuration.
pub(crate) const STRONG_PRODUCER_KEYS: &[&str] = &[
    "acks",
    "enable.idempotence",
    "max.in.flight.requests.per.connection",
    "transactional.id",
    "key.serializer",
    "value.serializer",
];

/// Keys only a broker's `server.properties` holds.
pub(crate) const BROKER_IDENTITY_KEYS: &[&str] = &[
    "broker.id",
    "node.id",
    "process.roles",
    "log.dirs",
    "log.dir",
    "listeners",
    "zookeeper.connect",
    "controller.quorum.voters",
    "controller.quorum.bootstrap.servers",
];

/// Broker (or topic) settings that decide durability; the only ones reported
/// as [`crate::model::BrokerSetting`].
pub(crate) const DURABILITY_KEYS: &[&str] = &[
    "min.insync.replicas",
    "unclean.leader.election.enable",
    "default.replication.factor",
    "offsets.topic.replication.factor",
    "transaction.state.log.replication.factor",
    "transaction.state.log.min.isr",
];

/// Keys that say a client configuration belongs to Kafka Streams, which
/// overrides several producer defaults of its own.
pub(crate) const STREAMS_KEYS: &[&str] = &["application.id", "processing.guarantee"];

pub(crate) fn is_producer_only_key(key: &str) -> bool {
    PRODUCER_ONLY_KEYS.contains(&key)
}

pub(crate) fn is_durability_key(key: &str) -> bool {
    DURABILITY_KEYS.contains(&key)
}

/// The value of literal text: `true`/`false` → Bool, a decimal integer →
/// Int, anything else → Str (trimmed).
pub(crate) fn typed(text: &str) -> Value {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        return Value::Bool(true);
    }
    if t.eq_ignore_ascii_case("false") {
        return Value::Bool(false);
    }
    if let Some(i) = parse_int(t) {
        return Value::Int(i);
    }
    Value::Str(t.to_string())
}

fn parse_int(t: &str) -> Option<i64> {
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// A Spring Boot `DataSize` in bytes: `32KB`, `1MB`, `16384B`, `16384`.
/// Units are binary (1KB = 1024 bytes), as Boot reads them.
pub(crate) fn data_size(text: &str) -> Option<i64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '+'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n = parse_int(num)?;
    let factor: i64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "KB" => 1 << 10,
        "MB" => 1 << 20,
        "GB" => 1 << 30,
        "TB" => 1 << 40,
        _ => return None,
    };
    n.checked_mul(factor)
}

/// Which placeholder syntax a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placeholders {
    /// Spring's `${name}` / `${name:default}`.
    Spring,
    /// Docker Compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR`, `$$`.
    Compose,
    /// No placeholders (client `.properties`, Strimzi resources).
    None,
}

/// Nesting bound for placeholders inside placeholder defaults.
const MAX_PLACEHOLDER_DEPTH: u32 = 8;

/// Resolves placeholders in `text`. `lookup` answers names defined in the
/// same file; otherwise a written default is used. `None` when some part
/// cannot be known statically.
pub(crate) fn resolve(
    text: &str,
    style: Placeholders,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    resolve_depth(text, style, lookup, 0)
}

fn resolve_depth(
    text: &str,
    style: Placeholders,
    lookup: &dyn Fn(&str) -> Option<String>,
    depth: u32,
) -> Option<String> {
    if style == Placeholders::None || !text.contains('$') {
        return Some(text.to_string());
    }
    if depth > MAX_PLACEHOLDER_DEPTH {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if style == Placeholders::Compose && after.starts_with('$') {
            out.push('$');
            rest = &after[1..];
            continue;
        }
        if let Some(inner_start) = after.strip_prefix('{') {
            let close = matching_brace(inner_start)?;
            let inner = &inner_start[..close];
            out.push_str(&resolve_one(inner, style, lookup, depth)?);
            rest = &inner_start[close + 1..];
        } else if style == Placeholders::Compose
            && after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        {
            // `$VAR`: an environment variable, unknown here.
            return None;
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    Some(out)
}

/// Index of the `}` closing a placeholder whose body starts `s`, honouring
/// nested `${…}`.
fn matching_brace(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

fn resolve_one(
    inner: &str,
    style: Placeholders,
    lookup: &dyn Fn(&str) -> Option<String>,
    depth: u32,
) -> Option<String> {
    let (name, default) = match style {
        Placeholders::Spring => match top_level_colon(inner) {
            Some(i) => (&inner[..i], Some(&inner[i + 1..])),
            None => (inner, None),
        },
        Placeholders::Compose => {
            if let Some(i) = inner.find(":-") {
                (&inner[..i], Some(&inner[i + 2..]))
            } else if let Some(i) = inner.find(['-', ':', '?', '+']) {
                match inner[i..].chars().next() {
                    Some('-') => (&inner[..i], Some(&inner[i + 1..])),
                    // `:?`/`?` fail when unset, `:+`/`+` substitute when set: unknown.
                    _ => return None,
                }
            } else {
                (inner, None)
            }
        }
        Placeholders::None => return Some(inner.to_string()),
    };
    let name = name.trim();
    if style == Placeholders::Spring {
        if let Some(v) = lookup(name) {
            return resolve_depth(&v, style, lookup, depth + 1);
        }
    }
    let default = default?;
    resolve_depth(default, style, lookup, depth + 1)
}

/// For a value that is one placeholder with a default (`${KAFKA_ACKS:1}`),
/// the variable it reads: what is written is only the default.
pub fn placeholder_name(value: &str) -> Option<String> {
    let inner = value.trim().strip_prefix("${")?.strip_suffix('}')?;
    let i = top_level_colon(inner)?;
    let name = inner[..i].trim();
    (!name.is_empty() && !name.contains("${")).then(|| name.to_string())
}

/// The first `:` outside a nested `${…}`.
fn top_level_colon(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' => depth = depth.saturating_sub(1),
            b':' if depth == 0 => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The value of configuration text after resolving placeholders; an
/// unresolvable placeholder gives [`Value::Unknown`] holding the text.
pub(crate) fn config_value(
    text: &str,
    style: Placeholders,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Value {
    match resolve(text, style, lookup) {
        Some(t) => typed(&t),
        None => Value::Unknown(text.trim().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn typed_values() {
        assert_eq!(typed(" all "), Value::Str("all".into()));
        assert_eq!(typed("1"), Value::Int(1));
        assert_eq!(typed("-1"), Value::Int(-1));
        assert_eq!(typed("TRUE"), Value::Bool(true));
        assert_eq!(typed("1.5"), Value::Str("1.5".into()));
        assert_eq!(
            typed("99999999999999999999"),
            Value::Str("99999999999999999999".into())
        );
    }

    #[test]
    fn data_sizes_are_binary() {
        assert_eq!(data_size("32KB"), Some(32768));
        assert_eq!(data_size("1MB"), Some(1 << 20));
        assert_eq!(data_size("16384"), Some(16384));
        assert_eq!(data_size("100B"), Some(100));
        assert_eq!(data_size("12 kb"), Some(12 * 1024));
        assert_eq!(data_size("lots"), None);
        assert_eq!(data_size("9999999999999TB"), None);
    }

    #[test]
    fn spring_placeholders() {
        let s = Placeholders::Spring;
        assert_eq!(resolve("${ACKS:all}", s, &none), Some("all".into()));
        assert_eq!(resolve("${ACKS}", s, &none), None);
        assert_eq!(resolve("${A:${B:1}}", s, &none), Some("1".into()));
        assert_eq!(resolve("${A:}", s, &none), Some(String::new()));
        assert_eq!(resolve("tx-${HOST:x}-", s, &none), Some("tx-x-".into()));
        let lookup = |k: &str| (k == "app.acks").then(|| "0".to_string());
        assert_eq!(resolve("${app.acks:all}", s, &lookup), Some("0".into()));
        // A self-reference must not loop forever.
        let selfref = |_: &str| Some("${x}".to_string());
        assert_eq!(resolve("${x}", s, &selfref), None);
        assert_eq!(
            config_value("${ACKS}", s, &none),
            Value::Unknown("${ACKS}".into())
        );
        assert_eq!(resolve("${unclosed", s, &none), None);
    }

    #[test]
    fn compose_placeholders() {
        let c = Placeholders::Compose;
        assert_eq!(resolve("${MIN_ISR:-1}", c, &none), Some("1".into()));
        assert_eq!(resolve("${MIN_ISR-2}", c, &none), Some("2".into()));
        assert_eq!(resolve("${MIN_ISR}", c, &none), None);
        assert_eq!(resolve("${MIN_ISR:?set it}", c, &none), None);
        assert_eq!(resolve("$MIN_ISR", c, &none), None);
        assert_eq!(resolve("a$$b", c, &none), Some("a$b".into()));
    }
}
