//! Front-end for `.properties` files. One parser, three meanings decided
//! from the file name and its keys:
//!
//! * a broker configuration (`server.properties`, or any file with a broker
//!   identity key such as `node.id` or `process.roles`): durability settings
//!   become [`BrokerSetting`]s, never a producer;
//! * a Spring Boot configuration (`spring.kafka.producer.*`,
//!   `spring.kafka.properties.*`): one producer per document;
//! * a client producer configuration (`producer.properties`, or any file with
//!   a key only producers have): one producer.
//!
//! A consumer configuration without producer keys gives nothing.

pub(crate) mod shared;
pub(crate) mod spring;

use crate::finding::Span;
use crate::knowledge;
use crate::model::{
    BrokerSetting, Config, Context, FileFacts, Library, Producer, Provenance, Setting,
};
use crate::source::LineIndex;
use shared::Placeholders;
use spring::Entry;
use std::path::Path;

/// One `key=value` pair with byte offsets into the file text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pair {
    /// Unescaped key.
    pub key: String,
    /// Unescaped value, continuation lines joined.
    pub value: String,
    pub key_start: usize,
    /// End of the value (trailing blanks excluded); equals `value_start`
    /// for an empty value.
    pub value_end: usize,
    pub value_start: usize,
}

/// Parses `.properties` text as `java.util.Properties` reads it: `key=value`,
/// `key:value` and `key value`; `#`/`!` comment lines; a backslash at the
/// end of a line continues the entry on the next line (whose leading blanks
/// are dropped); `\t`, `\n`, `\uXXXX` and `\<char>` escapes. Spring Boot's
/// document separators (`#---` / `!---` alone on a line) split the result
/// into documents.
pub(crate) fn parse(text: &str) -> Vec<Vec<Pair>> {
    let mut docs = vec![Vec::new()];
    // Physical lines as (start, end-without-line-break).
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            lines.push((start, end));
            start = i + 1;
        }
    }
    if start < text.len() {
        lines.push((start, text.len()));
    }

    let mut li = 0;
    while li < lines.len() {
        let (ls, le) = lines[li];
        li += 1;
        let line = &text[ls..le];
        let body = line.trim_start_matches(|c| is_blank(c) || c == '\u{feff}');
        if body.is_empty() {
            continue;
        }
        if body.starts_with('#') || body.starts_with('!') {
            if matches!(body.trim_end(), "#---" | "!---") {
                docs.push(Vec::new());
            }
            continue;
        }
        // Collect the logical line as (byte offset, char), dropping each
        // continuation backslash and the next line's leading blanks.
        let mut chars: Vec<(usize, char)> = Vec::new();
        let body_start = le - body.len();
        let mut segment = (body_start, le);
        loop {
            let seg = &text[segment.0..segment.1];
            let trailing = seg.bytes().rev().take_while(|&b| b == b'\\').count();
            let continues = trailing % 2 == 1;
            let keep = if continues { seg.len() - 1 } else { seg.len() };
            chars.extend(seg[..keep].char_indices().map(|(i, c)| (segment.0 + i, c)));
            if !continues || li >= lines.len() {
                break;
            }
            let (ns, ne) = lines[li];
            li += 1;
            let next = &text[ns..ne];
            let trimmed = next.trim_start_matches(is_blank);
            segment = (ne - trimmed.len(), ne);
        }
        if let Some(pair) = split_pair(&chars, body_start) {
            if let Some(doc) = docs.last_mut() {
                doc.push(pair);
            }
        }
    }
    docs.retain(|d| !d.is_empty());
    docs
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\x0c'
}

fn split_pair(chars: &[(usize, char)], key_start: usize) -> Option<Pair> {
    let mut i = 0;
    let mut key = String::new();
    while i < chars.len() {
        let c = chars[i].1;
        if c == '\\' {
            i = unescape_at(chars, i, &mut key);
            continue;
        }
        if c == '=' || c == ':' || is_blank(c) {
            break;
        }
        key.push(c);
        i += 1;
    }
    while i < chars.len() && is_blank(chars[i].1) {
        i += 1;
    }
    if i < chars.len() && (chars[i].1 == '=' || chars[i].1 == ':') {
        i += 1;
        while i < chars.len() && is_blank(chars[i].1) {
            i += 1;
        }
    }
    let end_of = |j: usize| chars[j].0 + chars[j].1.len_utf8();
    let value_start = chars.get(i).map_or_else(
        || chars.last().map_or(key_start, |_| end_of(chars.len() - 1)),
        |c| c.0,
    );
    let mut value = String::new();
    let mut last_non_blank = None;
    while i < chars.len() {
        let c = chars[i].1;
        if c == '\\' {
            let next = unescape_at(chars, i, &mut value);
            last_non_blank = Some(next - 1);
            i = next;
            continue;
        }
        if !c.is_whitespace() {
            last_non_blank = Some(i);
        }
        value.push(c);
        i += 1;
    }
    let value_end = last_non_blank.map_or(value_start, end_of);
    if key.is_empty() && value.is_empty() {
        return None;
    }
    Some(Pair {
        key,
        value: value.trim_end().to_string(),
        key_start,
        value_start,
        value_end,
    })
}

/// Appends the unescaped character of the escape at `chars[i]` (a
/// backslash) to `out` and returns the index after the escape.
fn unescape_at(chars: &[(usize, char)], i: usize, out: &mut String) -> usize {
    let Some(&(_, c)) = chars.get(i + 1) else {
        return i + 1;
    };
    match c {
        't' => out.push('\t'),
        'n' => out.push('\n'),
        'r' => out.push('\r'),
        'f' => out.push('\x0c'),
        'u' => {
            let hex: String = chars[i + 2..].iter().take(4).map(|c| c.1).collect();
            if let Some(ch) = (hex.len() == 4)
                .then(|| u32::from_str_radix(&hex, 16).ok())
                .flatten()
                .and_then(char::from_u32)
            {
                out.push(ch);
                return i + 6;
            }
            out.push('u');
        }
        other => out.push(other),
    }
    i + 2
}

fn file_name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

/// Extracts producers or broker settings from a `.properties` file.
pub fn extract(path: &Path, text: &str) -> FileFacts {
    let idx = LineIndex::new(text);
    let docs = parse(text);
    let name = file_name(path);
    let mut facts = FileFacts::default();
    let all = || docs.iter().flatten();

    let broker = name == "server.properties"
        || all().any(|p| shared::BROKER_IDENTITY_KEYS.contains(&p.key.as_str()));
    if broker {
        for p in all() {
            if shared::is_durability_key(&p.key) {
                facts.broker_settings.push(BrokerSetting {
                    key: p.key.clone(),
                    value: shared::typed(&p.value),
                    span: idx.span(p.value_start, p.value_end),
                    scope: "broker".into(),
                    local_only: false,
                });
            }
        }
        return facts;
    }

    let entry = |p: &Pair| Entry {
        key: p.key.clone(),
        value: p.value.clone(),
        span: idx.span(p.key_start, p.value_end),
        value_span: idx.span(p.value_start, p.value_end),
    };

    let is_spring = all().any(|p| {
        p.key
            .get(..12)
            .is_some_and(|k| k.eq_ignore_ascii_case("spring.kafka"))
            && spring::canonical_path(&p.key).starts_with("spring.kafka.")
    });
    if is_spring {
        let lookup = |name: &str| {
            let want = spring::canonical_path(name);
            all()
                .rev()
                .find(|p| spring::canonical_path(&p.key) == want)
                .map(|p| p.value.clone())
        };
        for doc in &docs {
            let activated = doc.iter().any(|p| spring::is_activation_key(&p.key));
            let complete = spring::is_base_file(name) && !activated;
            let entries: Vec<Entry> = doc.iter().map(entry).collect();
            if !activated {
                if let Some(l) = spring::local_brokers(&entries) {
                    facts.local_brokers = Some(facts.local_brokers.unwrap_or(true) && l);
                }
            }
            if let Some(p) = spring::producer(&entries, complete, &lookup) {
                facts.producers.push(p);
            }
        }
        return facts;
    }

    // A file with librdkafka's own keys is read by a librdkafka program.
    let library = if crate::frontend::librdkafka::has_librdkafka_keys(all().map(|p| p.key.as_str()))
    {
        Library::Librdkafka
    } else {
        Library::KafkaClients
    };
    if let Some(p) = client_producer(all().collect(), name, &idx, library) {
        facts.producers.push(p);
    }
    facts
}

/// The producer of a plain client configuration file of `library`
/// (`key=value` lines), if it has one.
pub(crate) fn extract_client(path: &Path, text: &str, library: Library) -> FileFacts {
    let idx = LineIndex::new(text);
    let docs = parse(text);
    let mut facts = FileFacts::default();
    if let Some(p) = client_producer(
        docs.iter().flatten().collect(),
        file_name(path),
        &idx,
        library,
    ) {
        facts.producers.push(p);
    }
    facts
}

/// A producer configured by a plain client `.properties` file.
fn client_producer(
    pairs: Vec<&Pair>,
    name: &str,
    idx: &LineIndex<'_>,
    library: Library,
) -> Option<Producer> {
    let table = knowledge::table(library);
    let canonical = |k: &str| table.canonical_key(k).unwrap_or(k).to_string();
    let lower = name.to_ascii_lowercase();
    let has = |keys: &[&str]| {
        pairs
            .iter()
            .any(|p| keys.contains(&canonical(&p.key).as_str()))
    };
    // Keys such as `retries` or `compression.type` also appear in unrelated
    // configuration: without a Kafka-specific key or a telling file name the
    // file is not taken for a producer configuration.
    let kafka_file = lower.contains("producer")
        || lower.contains("kafka")
        || has(shared::STRONG_PRODUCER_KEYS)
        || has(&["bootstrap.servers"]);
    if !kafka_file {
        return None;
    }
    let first = pairs
        .iter()
        .find(|p| shared::is_producer_only_key(&canonical(&p.key)))
        .or_else(|| lower.contains("producer").then(|| pairs.first()).flatten())?;
    let span_of = |p: &Pair| idx.span(p.key_start, p.value_end);
    let streams = pairs
        .iter()
        .any(|p| shared::STREAMS_KEYS.contains(&p.key.as_str()));
    let settings = pairs
        .iter()
        .map(|p| Setting {
            key: canonical(&p.key),
            raw_key: p.key.clone(),
            value: shared::config_value(&p.value, Placeholders::None, &|_| None),
            value_span: idx.span(p.value_start, p.value_end),
            span: span_of(p),
            provenance: Provenance::File,
        })
        .collect();
    Some(Producer {
        library,
        version: None,
        own_version: None,
        span: line_span(span_of(first)),
        context: Context::default(),
        closed_after_use: false,
        config: Config {
            settings,
            // Kafka Streams applies producer defaults of its own.
            complete: !streams,
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

/// The first line of a possibly multi-line span.
fn line_span(s: Span) -> Span {
    if s.end_line == s.start_line {
        s
    } else {
        Span::new(s.start_line, s.start_col, s.start_line, s.start_col + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;

    fn pairs(text: &str) -> Vec<(String, String)> {
        parse(text)
            .into_iter()
            .flatten()
            .map(|p| (p.key, p.value))
            .collect()
    }

    fn kv(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn separators_comments_and_blanks() {
        let text = "# comment\n! also\n  a=1\nb : 2\nc 3\nd\n\te\t=\t x y \nf=\n";
        assert_eq!(
            pairs(text),
            vec![
                kv("a", "1"),
                kv("b", "2"),
                kv("c", "3"),
                kv("d", ""),
                kv("e", "x y"),
                kv("f", "")
            ]
        );
    }

    #[test]
    fn continuations_and_escapes() {
        let text = "list=a,\\\n    b,\\\n    c\nkey\\ with\\=odd=v\\tx\nuni=caf\\u00e9\nend=x\\\\\nnext=1\n";
        assert_eq!(
            pairs(text),
            vec![
                kv("list", "a,b,c"),
                kv("key with=odd", "v\tx"),
                kv("uni", "café"),
                kv("end", "x\\"),
                kv("next", "1")
            ]
        );
        // A continuation at the end of the file does not panic.
        assert_eq!(pairs("a=b\\"), vec![kv("a", "b")]);
        assert_eq!(pairs("bad=\\u12"), vec![kv("bad", "u12")]);
    }

    #[test]
    fn offsets_point_at_the_value() {
        let text = "acks = all\r\nlinger.ms=\\\n   0\n";
        let docs = parse(text);
        let p = &docs[0];
        assert_eq!(&text[p[0].value_start..p[0].value_end], "all");
        assert_eq!(p[0].key_start, 0);
        assert_eq!(&text[p[1].value_start..p[1].value_end], "0");
        assert_eq!(p[1].value, "0");
    }

    #[test]
    fn spring_documents_split() {
        let docs = parse("a=1\n#---\nspring.config.activate.on-profile=prod\nb=2\n");
        assert_eq!(docs.len(), 2);
    }

    fn facts(name: &str, text: &str) -> FileFacts {
        extract(Path::new(name), text)
    }

    #[test]
    fn client_producer_config() {
        let text = "bootstrap.servers=k:9092\n# latency\nacks=1\nlinger.ms=0\nbatch.size=1024\n";
        let f = facts("conf/producer.properties", text);
        assert_eq!(f.producers.len(), 1);
        let p = &f.producers[0];
        assert_eq!(p.library, Library::KafkaClients);
        assert!(p.from_config_file && p.config.complete);
        assert_eq!(p.span.start_line, 3);
        let acks = p.config.get("acks").expect("acks");
        assert_eq!(acks.value, Value::Int(1));
        assert_eq!(acks.value_span, Span::line(3, 6, 1));
        assert_eq!(
            p.config.get("batch.size").map(|s| &s.value),
            Some(&Value::Int(1024))
        );
        // A file named like a producer config with only common keys.
        let f = facts("my-producer.properties", "bootstrap.servers=k:9092\n");
        assert_eq!(f.producers[0].span.start_line, 1);
        // Generic keys alone in an unrelated file are not a producer.
        assert!(facts(
            "http.properties",
            "retries=3\ncompression.type=gzip\n# kafka\n"
        )
        .is_empty());
        assert_eq!(
            facts("kafka-tuning.properties", "linger.ms=0\n")
                .producers
                .len(),
            1
        );
        assert_eq!(facts("client.properties", "acks=1\n").producers.len(), 1);
    }

    #[test]
    fn consumer_config_is_silent() {
        let text = "bootstrap.servers=k:9092\ngroup.id=g\nkey.deserializer=x.StringDeserializer\nenable.auto.commit=false\n";
        assert!(facts("consumer.properties", text).is_empty());
        assert!(facts("app.properties", "greeting=hello kafka\n").is_empty());
    }

    #[test]
    fn streams_config_is_incomplete() {
        let f = facts("streams.properties", "application.id=a\nacks=all\n");
        assert!(!f.producers[0].config.complete);
    }

    #[test]
    fn broker_config_gives_settings_only() {
        let text = "process.roles=broker,controller\nnode.id=1\ncompression.type=producer\nmin.insync.replicas=1\nunclean.leader.election.enable=true\n";
        let f = facts("kraft/broker.properties", text);
        assert!(f.producers.is_empty());
        assert_eq!(f.broker_settings.len(), 2);
        assert_eq!(f.broker_settings[0].key, "min.insync.replicas");
        assert_eq!(f.broker_settings[0].value, Value::Int(1));
        assert_eq!(f.broker_settings[0].span, Span::line(4, 21, 1));
        assert_eq!(f.broker_settings[1].value, Value::Bool(true));
        assert_eq!(f.broker_settings[1].scope, "broker");
    }

    #[test]
    fn spring_properties() {
        let text = "spring.application.name=shop\nspring.kafka.producer.batchSize=8KB\nspring.kafka.producer.properties.[enable.idempotence]=false\nspring.kafka.producer.acks=${ACKS:1}\n#---\nspring.config.activate.on-profile=prod\nspring.kafka.producer.acks=all\n";
        let f = facts("src/main/resources/application.properties", text);
        assert_eq!(f.producers.len(), 2);
        let base = &f.producers[0];
        assert_eq!(base.library, Library::SpringKafka);
        assert!(base.config.complete);
        assert_eq!(base.span.start_line, 2);
        assert_eq!(
            base.config.get("batch.size").map(|s| &s.value),
            Some(&Value::Int(8192))
        );
        assert_eq!(
            base.config.get("enable.idempotence").map(|s| &s.value),
            Some(&Value::Bool(false))
        );
        assert_eq!(
            base.config.get("acks").map(|s| &s.value),
            Some(&Value::Int(1))
        );
        let prod = &f.producers[1];
        assert!(!prod.config.complete);
        assert_eq!(prod.span.start_line, 7);
        let f = facts(
            "application-dev.properties",
            "spring.kafka.producer.acks=0\n",
        );
        assert!(!f.producers[0].config.complete);
    }

    #[test]
    fn byte_order_mark_is_not_part_of_the_key() {
        let f = facts("producer.properties", "\u{feff}acks=0\n");
        let acks = f.producers[0].config.get("acks").expect("acks");
        assert_eq!(acks.value, Value::Int(0));
        assert_eq!(acks.value_span, Span::line(1, 7, 1));
    }

    /// Random text made of the characters the parsers care about must never
    /// make any configuration front-end panic.
    #[test]
    fn no_front_end_panics_on_random_structure() {
        use crate::frontend::{buildfile, yaml};
        const PIECES: &[&str] = &[
            "=",
            ":",
            " ",
            "\\",
            "\n",
            "\r\n",
            "#",
            "!",
            "---",
            "- ",
            "  ",
            "{",
            "}",
            "[",
            "]",
            "\"",
            "'",
            "${",
            "$",
            "|",
            ">",
            "&a",
            "*a",
            "<<: ",
            "<",
            ">",
            "/",
            "</",
            "<!--",
            "?",
            "acks",
            "spring.kafka.producer.",
            "properties",
            "[linger.ms]",
            "KAFKA_MIN_INSYNC_REPLICAS",
            "kind: KafkaTopic",
            "replicas",
            "1",
            "0",
            "ü",
            "✓",
            "\u{feff}",
            "\t",
            "\\u00",
            "dependency",
            "version",
            "org.apache.kafka:kafka-clients:",
            "implementation ",
            "//",
            "/*",
            "*/",
        ];
        let mut next = crate::xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..1500 {
            let len = (next() % 60) as usize;
            let text: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let _ = extract(Path::new("application.properties"), &text);
            let _ = extract(Path::new("server.properties"), &text);
            let _ = yaml::extract(Path::new("application.yml"), &text);
            let _ = buildfile::extract_pom(Path::new("pom.xml"), &text);
            let _ = buildfile::extract_gradle(Path::new("build.gradle"), &text);
        }
    }

    #[test]
    fn non_ascii_text() {
        let text = "# Größe\nname=Ünïcödé ✓\nacks=1\n";
        let f = facts("producer.properties", text);
        let acks = f.producers[0].config.get("acks").expect("acks");
        assert_eq!(acks.value_span, Span::line(3, 6, 1));
        let name = &f.producers[0].config.settings[0];
        assert_eq!(name.value_span, Span::line(2, 6, 9));
    }
}
