//! librdkafka configuration files: `key=value` lines with librdkafka's own
//! keys, loaded by programs on librdkafka (Confluent's examples read
//! `librdkafka.config` / `client.properties`, C and Python tools read
//! `*.conf`). Such a file is recognised by its keys, not its name: a Java
//! client's `.properties` file keeps the Java reader, and a `.conf` file
//! that is not plain `key=value` (HOCON, nginx, …) gives nothing here.

use crate::frontend::properties;
use crate::model::{FileFacts, Library};
use std::path::Path;

/// Keys only librdkafka has (the Java client spells them differently or
/// has no such setting): one of them makes a `key=value` file librdkafka's.
pub(crate) const LIBRDKAFKA_ONLY_KEYS: &[&str] = &[
    "queue.buffering.max.ms",
    "queue.buffering.max.messages",
    "queue.buffering.max.kbytes",
    "message.send.max.retries",
    "request.required.acks",
    "metadata.broker.list",
    "compression.codec",
    "batch.num.messages",
    "message.timeout.ms",
    "max.in.flight",
    "partitioner",
    "sticky.partitioning.linger.ms",
    "enable.gapless.guarantee",
    "queuing.strategy",
    "sasl.mechanisms",
    "sasl.username",
    "sasl.password",
    "ssl.ca.location",
    "ssl.certificate.location",
    "ssl.key.location",
    "ssl.key.password",
    "enable.ssl.certificate.verification",
    "api.version.request",
    "broker.version.fallback",
    "statistics.interval.ms",
    "topic.metadata.refresh.interval.ms",
    "socket.keepalive.enable",
    "debug",
];

/// Whether any of `keys` is one only librdkafka reads.
pub(crate) fn has_librdkafka_keys<'k>(mut keys: impl Iterator<Item = &'k str>) -> bool {
    keys.any(|k| LIBRDKAFKA_ONLY_KEYS.contains(&k))
}

/// Plain `key=value` lines with dotted lower-case keys and no blocks.
fn is_key_value(text: &str) -> bool {
    let mut pairs = 0;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with('!') {
            continue;
        }
        let Some((k, v)) = t.split_once('=') else {
            return false;
        };
        let k = k.trim();
        let key_ok = !k.is_empty()
            && k.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
            });
        if !key_ok || v.trim_start().starts_with('{') || t.ends_with('{') {
            return false;
        }
        pairs += 1;
    }
    pairs > 0
}

/// Whether `text` is a librdkafka configuration file.
pub fn looks_like(text: &str) -> bool {
    is_key_value(text)
        && has_librdkafka_keys(
            text.lines()
                .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim())),
        )
}

/// The producer a librdkafka configuration file defines, if any.
pub fn extract(path: &Path, text: &str) -> FileFacts {
    if !looks_like(text) {
        return FileFacts::default();
    }
    properties::extract_client(path, text, Library::Librdkafka)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;

    #[test]
    fn recognised_by_keys_not_names() {
        let text = "# Confluent Cloud\nbootstrap.servers=pkc.example:9092\nsecurity.protocol=SASL_SSL\nsasl.mechanisms=PLAIN\nsasl.username=key\nqueue.buffering.max.ms=0\nrequest.required.acks=1\n";
        let f = extract(Path::new("librdkafka.config"), text);
        assert_eq!(f.producers.len(), 1);
        let p = &f.producers[0];
        assert_eq!(p.library, Library::Librdkafka);
        assert!(p.from_config_file);
        assert_eq!(p.span.start_line, 6);
        assert_eq!(
            p.config.get("linger.ms").map(|s| &s.value),
            Some(&Value::Int(0))
        );
        assert_eq!(
            p.config.get("acks").unwrap().raw_key,
            "request.required.acks"
        );
        // HOCON and other block formats are not librdkafka files.
        assert!(!looks_like(
            "akka.kafka.producer {\n  kafka-clients { acks = \"1\" }\n}\n"
        ));
        assert!(!looks_like("server {\n listen 80;\n}\n"));
        // Connection settings only: a file programs share, no producer.
        assert!(extract(
            Path::new("client.conf"),
            "bootstrap.servers=k:9092\nsasl.username=u\n"
        )
        .is_empty());
        // Java keys only: not librdkafka's.
        assert!(!looks_like("acks=1\nlinger.ms=0\n"));
    }
}
