//! Spring Boot's Kafka producer properties, shared by the `.properties` and
//! YAML front-ends: relaxed binding of key names, the mapping of Boot's
//! names to client keys, and assembling the producer of one document.

use super::shared::{self, Placeholders};
use crate::finding::Span;
use crate::knowledge;
use crate::model::{Config, Context, Library, Producer, Provenance, Setting, Value};

/// One `key = value` of a configuration document, with the key flattened to
/// its dotted path as written (`spring.kafka.producer.properties.[linger.ms]`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub key: String,
    pub value: String,
    /// The whole entry (key through value).
    pub span: Span,
    pub value_span: Span,
}

/// Splits a property path into segments; `[…]` keeps its dots and brackets:
/// `a.b[c.d].e` → `a`, `b`, `[c.d]`, `e`.
pub(crate) fn segments(key: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_bracket = false;
    for (i, c) in key.char_indices() {
        match c {
            '[' if !in_bracket => {
                if i > start {
                    out.push(&key[start..i]);
                }
                start = i;
                in_bracket = true;
            }
            ']' if in_bracket => {
                out.push(&key[start..=i]);
                start = i + 1;
                in_bracket = false;
            }
            '.' if !in_bracket => {
                if i > start {
                    out.push(&key[start..i]);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < key.len() {
        out.push(&key[start..]);
    }
    out
}

/// Relaxed binding of one name segment: `batchSize`, `batch_size`,
/// `BATCH_SIZE` and `batch-size` all give `batch-size`.
pub(crate) fn kebab(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len() + 4);
    let mut prev_lower = false;
    for c in segment.chars() {
        if c == '_' || c == '-' {
            if !out.ends_with('-') {
                out.push('-');
            }
            prev_lower = false;
        } else if c.is_uppercase() {
            if prev_lower {
                out.push('-');
            }
            out.extend(c.to_lowercase());
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

fn unbracket(segment: &str) -> &str {
    segment
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(segment)
}

/// The canonical (relaxed) form of a whole Spring property path, with the
/// free-form tail of `…properties.<client.key>` kept as written.
pub(crate) fn canonical_path(key: &str) -> String {
    let segs = segments(key);
    let mut out: Vec<String> = Vec::with_capacity(segs.len());
    let mut free = false;
    for s in segs {
        if free || s.starts_with('[') {
            out.push(unbracket(s).to_string());
        } else {
            let k = kebab(s);
            free = k == "properties" && out.len() >= 2 && out[0] == "spring" && out[1] == "kafka";
            out.push(k);
        }
    }
    out.join(".")
}

/// What a Spring property means for the producer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SpringKey {
    /// `spring.kafka.producer.<name>`: a Boot property; the client key when
    /// the knowledge table knows the name.
    Named(Option<String>),
    /// `spring.kafka.producer.properties.<client.key>`.
    ProducerProperty(String),
    /// `spring.kafka.properties.<client.key>` (all clients).
    CommonProperty(String),
    Other,
}

impl SpringKey {
    /// Later tiers override earlier ones in Boot's producer properties:
    /// common properties, then named ones, then `producer.properties`.
    fn tier(&self) -> u8 {
        match self {
            SpringKey::CommonProperty(_) => 0,
            SpringKey::Named(_) => 1,
            SpringKey::ProducerProperty(_) => 2,
            SpringKey::Other => 3,
        }
    }
}

fn client_key(raw: &str) -> String {
    let clients = knowledge::table(Library::KafkaClients);
    clients
        .canonical_key(raw)
        .map(str::to_string)
        .unwrap_or_else(|| raw.to_string())
}

pub(crate) fn classify(key: &str) -> SpringKey {
    let path = canonical_path(key);
    if let Some(rest) = path.strip_prefix("spring.kafka.producer.properties.") {
        if !rest.is_empty() {
            return SpringKey::ProducerProperty(client_key(rest));
        }
    }
    if let Some(rest) = path.strip_prefix("spring.kafka.properties.") {
        if !rest.is_empty() {
            return SpringKey::CommonProperty(client_key(rest));
        }
    }
    if path.starts_with("spring.kafka.producer.") {
        let spring = knowledge::table(Library::SpringKafka);
        return SpringKey::Named(spring.canonical_key(&path).map(str::to_string));
    }
    SpringKey::Other
}

/// True when a document with this key is a Spring profile (or otherwise
/// conditional) document that overlays the base configuration.
pub(crate) fn is_activation_key(key: &str) -> bool {
    let path = canonical_path(key);
    path.starts_with("spring.config.activate.on-") || path == "spring.profiles"
}

/// The Spring Boot producer defined by `entries` (one document), if any.
/// `lookup` answers `${name}` references from the same file.
pub(crate) fn producer(
    entries: &[Entry],
    complete: bool,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Option<Producer> {
    let mut first: Option<Span> = None;
    let mut tiered: Vec<(u8, Setting)> = Vec::new();
    for e in entries {
        let class = classify(&e.key);
        let defines = match &class {
            SpringKey::Named(_) | SpringKey::ProducerProperty(_) => true,
            SpringKey::CommonProperty(k) => shared::is_producer_only_key(k),
            SpringKey::Other => false,
        };
        if defines && first.is_none() {
            first = Some(e.span);
        }
        let key = match &class {
            SpringKey::Named(Some(k))
            | SpringKey::ProducerProperty(k)
            | SpringKey::CommonProperty(k) => k.clone(),
            SpringKey::Named(None) | SpringKey::Other => continue,
        };
        let data_size = matches!(class, SpringKey::Named(_))
            && matches!(key.as_str(), "batch.size" | "buffer.memory");
        let value = match shared::resolve(&e.value, Placeholders::Spring, lookup) {
            Some(text) if data_size => match shared::data_size(&text) {
                Some(n) => Value::Int(n),
                None => shared::typed(&text),
            },
            Some(text) => shared::typed(&text),
            None => Value::Unknown(e.value.trim().to_string()),
        };
        tiered.push((
            class.tier(),
            Setting {
                key,
                raw_key: e.key.clone(),
                value,
                value_span: e.value_span,
                span: e.span,
                provenance: shared::placeholder_name(&e.value)
                    .map_or(Provenance::File, Provenance::EnvDefault),
            },
        ));
    }
    let span = first?;
    // Stable: file order within a tier, tiers in Boot's precedence order.
    tiered.sort_by_key(|(t, _)| *t);
    Some(Producer {
        library: Library::SpringKafka,
        version: None,
        own_version: None,
        span,
        context: Context::default(),
        closed_after_use: false,
        config: Config {
            settings: tiered.into_iter().map(|(_, s)| s).collect(),
            complete,
            variable: None,
            ..Default::default()
        },
        names: Vec::new(),
        from_config_file: true,
        reports_served: None,
        factory: None,
        replaces_config_files: None,
        imported_from: None,
        top_level: false,
        local_only: false,
    })
}

/// Whether the brokers a Spring Boot document names
/// (`spring.kafka.bootstrap-servers`, also the producer's own) are all
/// loopback addresses written as such: `None` when it names none, `false`
/// for a placeholder (the environment decides) or a real host.
pub(crate) fn local_brokers(entries: &[Entry]) -> Option<bool> {
    let mut found = None;
    let plain = [
        canonical_path("spring.kafka.bootstrap-servers"),
        canonical_path("spring.kafka.producer.bootstrap-servers"),
    ];
    for e in entries {
        let named = plain.contains(&canonical_path(&e.key));
        let key = match classify(&e.key) {
            SpringKey::Named(Some(k))
            | SpringKey::CommonProperty(k)
            | SpringKey::ProducerProperty(k) => k,
            _ => String::new(),
        };
        if !named && key != "bootstrap.servers" {
            continue;
        }
        let literal = shared::placeholder_name(&e.value).is_none() && !e.value.contains("${");
        let local = literal && crate::frontend::code::is_loopback_list(e.value.trim());
        found = Some(found.unwrap_or(true) && local);
    }
    found
}

/// Whether a configuration file name is a Spring Boot base file
/// (`application.properties`, `bootstrap.yml`), whose configuration is
/// complete, rather than a profile file (`application-prod.yml`) or another
/// file loaded on top of it.
pub(crate) fn is_base_file(file_name: &str) -> bool {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    stem == "application" || stem == "bootstrap"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxed_binding() {
        assert_eq!(kebab("batchSize"), "batch-size");
        assert_eq!(kebab("batch_size"), "batch-size");
        assert_eq!(kebab("BATCH_SIZE"), "batch-size");
        assert_eq!(kebab("batch-size"), "batch-size");
        assert_eq!(kebab("compressionType"), "compression-type");
        assert_eq!(
            canonical_path("spring.kafka.producer.batchSize"),
            "spring.kafka.producer.batch-size"
        );
        assert_eq!(
            canonical_path("spring.kafka.producer.properties.[enable.idempotence]"),
            "spring.kafka.producer.properties.enable.idempotence"
        );
        assert_eq!(
            canonical_path("spring.kafka.producer.properties[linger.ms]"),
            "spring.kafka.producer.properties.linger.ms"
        );
    }

    #[test]
    fn segments_keep_bracketed_dots() {
        assert_eq!(segments("a.b[c.d].e"), vec!["a", "b", "[c.d]", "e"]);
        assert_eq!(segments("a.[b.c]"), vec!["a", "[b.c]"]);
        assert_eq!(segments("a..b"), vec!["a", "b"]);
        assert_eq!(segments("a.[unclosed"), vec!["a", "[unclosed"]);
    }

    #[test]
    fn classification() {
        assert_eq!(
            classify("spring.kafka.producer.transaction-id-prefix"),
            SpringKey::Named(Some("transactional.id".into()))
        );
        assert_eq!(
            classify("spring.kafka.producer.BATCH_SIZE"),
            SpringKey::Named(Some("batch.size".into()))
        );
        assert_eq!(
            classify("spring.kafka.producer.ssl.key-store-location"),
            SpringKey::Named(None)
        );
        assert_eq!(
            classify("spring.kafka.producer.properties.[linger.ms]"),
            SpringKey::ProducerProperty("linger.ms".into())
        );
        assert_eq!(
            classify("spring.kafka.properties.max.in.flight.requests.per.connection"),
            SpringKey::CommonProperty("max.in.flight.requests.per.connection".into())
        );
        assert_eq!(classify("spring.kafka.consumer.group-id"), SpringKey::Other);
        assert!(is_activation_key("spring.config.activate.on-profile"));
        assert!(is_activation_key("spring.profiles"));
        assert!(!is_activation_key("spring.profiles.active"));
    }

    fn entry(key: &str, value: &str, line: u32) -> Entry {
        Entry {
            key: key.into(),
            value: value.into(),
            span: Span::line(line, 1, 10),
            value_span: Span::line(line, 5, 3),
        }
    }

    #[test]
    fn producer_settings_follow_boot_precedence() {
        let entries = vec![
            entry("spring.kafka.consumer.group-id", "g", 1),
            entry("spring.kafka.producer.properties.acks", "all", 2),
            entry("spring.kafka.producer.acks", "1", 3),
            entry("spring.kafka.properties.acks", "0", 4),
            entry("spring.kafka.producer.batch-size", "32KB", 5),
            entry("spring.kafka.producer.retries", "${RETRIES}", 6),
        ];
        let p = producer(&entries, true, &|_| None).expect("a producer");
        assert_eq!(p.span.start_line, 2);
        assert_eq!(p.library, Library::SpringKafka);
        assert!(p.from_config_file && p.config.complete && p.names.is_empty());
        let acks = p.config.get("acks").expect("acks");
        assert_eq!(acks.value, Value::Str("all".into()));
        assert_eq!(acks.span.start_line, 2);
        assert_eq!(
            p.config.get("batch.size").map(|s| &s.value),
            Some(&Value::Int(32768))
        );
        assert_eq!(
            p.config.get("retries").map(|s| &s.value),
            Some(&Value::Unknown("${RETRIES}".into()))
        );
        assert_eq!(p.config.settings[0].value, Value::Int(0));
    }

    #[test]
    fn consumer_only_or_common_non_producer_keys_make_no_producer() {
        let entries = vec![
            entry("spring.kafka.consumer.group-id", "g", 1),
            entry("spring.kafka.properties.security.protocol", "SSL", 2),
            entry("spring.kafka.bootstrap-servers", "k:9092", 3),
        ];
        assert!(producer(&entries, true, &|_| None).is_none());
        let entries = vec![entry("spring.kafka.properties.linger.ms", "0", 7)];
        let p = producer(&entries, false, &|_| None).expect("linger makes a producer");
        assert_eq!(p.span.start_line, 7);
        assert!(!p.config.complete);
    }

    #[test]
    fn base_file_names() {
        assert!(is_base_file("application.yml"));
        assert!(is_base_file("application.properties"));
        assert!(is_base_file("bootstrap.yaml"));
        assert!(!is_base_file("application-prod.yml"));
        assert!(!is_base_file("kafka.properties"));
    }
}
