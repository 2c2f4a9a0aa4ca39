//! HOCON configuration (`application.conf`) of Akka and Pekko applications:
//! the `akka.kafka.producer.kafka-clients { .. }` and
//! `pekko.kafka.producer.kafka-clients { .. }` blocks hold the Java client's
//! own settings, which `ProducerSettings(system, ..)` reads.
//!
//! A small reader of the subset that matters: nested objects, dotted keys,
//! `=`, `:` or nothing before an object, quoted and unquoted values,
//! `#` and `//` comments; arrays and substitutions are skipped. The code
//! may add settings on top (`withProperty`), so the producer found here is
//! incomplete: only the values written are judged.

use crate::finding::Span;
use crate::knowledge;
use crate::model::{Config, Context, FileFacts, Library, Producer, Provenance, Setting, Value};
use std::path::Path;

/// One `path = value` of the file, with byte offsets.
#[derive(Debug)]
struct Entry {
    path: String,
    value: String,
    quoted: bool,
    key_start: usize,
    value_start: usize,
    value_end: usize,
}

/// Whether the text is worth reading as HOCON for a producer.
pub fn looks_like(text: &str) -> bool {
    text.contains("kafka-clients") && (text.contains("akka") || text.contains("pekko"))
}

pub fn extract(_path: &Path, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    if !looks_like(text) {
        return facts;
    }
    let entries = parse(text);
    for (prefix, library) in [
        ("akka.kafka.producer.kafka-clients.", Library::AlpakkaKafka),
        ("pekko.kafka.producer.kafka-clients.", Library::PekkoKafka),
    ] {
        let table = knowledge::table(library);
        let mine: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.path.starts_with(prefix))
            .collect();
        let Some(first) = mine.first() else {
            continue;
        };
        let settings = mine
            .iter()
            .map(|e| {
                let raw = e.path[prefix.len()..].to_string();
                Setting {
                    key: table.canonical_key(&raw).unwrap_or(&raw).to_string(),
                    raw_key: raw,
                    value: typed(&e.value, e.quoted),
                    value_span: span(text, e.value_start, e.value_end),
                    span: span(text, e.key_start, e.value_end),
                    provenance: Provenance::File,
                }
            })
            .collect();
        facts.producers.push(Producer {
            library,
            version: None,
            own_version: None,
            span: span(text, first.key_start, first.value_end),
            context: Context::default(),
            closed_after_use: false,
            config: Config {
                settings,
                // `withProperty` in the code may add to or override these.
                complete: false,
                variable: None,
                unknowns: vec![
                    "the code's ProducerSettings may add settings to this file's".to_string(),
                ],
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
        });
    }
    facts
}

fn typed(v: &str, quoted: bool) -> Value {
    if quoted {
        return Value::Str(v.to_string());
    }
    if let Ok(i) = v.parse::<i64>() {
        return Value::Int(i);
    }
    match v {
        "true" | "on" | "yes" => Value::Bool(true),
        "false" | "off" | "no" => Value::Bool(false),
        _ if v.starts_with("${") => Value::Unknown(v.to_string()),
        _ => Value::Str(v.to_string()),
    }
}

/// 1-based line and column of byte offsets.
fn span(text: &str, start: usize, end: usize) -> Span {
    let pos = |at: usize| {
        let at = at.min(text.len());
        let before = &text[..at];
        let line = before.matches('\n').count() as u32 + 1;
        let col = (at - before.rfind('\n').map_or(0, |i| i + 1)) as u32 + 1;
        (line, col)
    };
    let (sl, sc) = pos(start);
    let (el, ec) = pos(end);
    Span::new(sl, sc, el, ec)
}

/// Reads every `path = value` of the file.
fn parse(text: &str) -> Vec<Entry> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // Each open object: how many path segments it pushed.
    let mut frames: Vec<usize> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut i = 0;
    let mut guard = 0;
    while i < b.len() {
        guard += 1;
        if guard > 1_000_000 {
            break;
        }
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\r' | b'\n' | b',' => i += 1,
            b'#' => i = line_end(b, i),
            b'/' if b.get(i + 1) == Some(&b'/') => i = line_end(b, i),
            b'}' => {
                if let Some(n) = frames.pop() {
                    for _ in 0..n {
                        path.pop();
                    }
                }
                i += 1;
            }
            b'{' => {
                // An object without a key (the root braces).
                frames.push(0);
                i += 1;
            }
            _ => {
                // A key: quoted or unquoted, possibly dotted.
                let key_start = i;
                let (key, next) = read_key(text, i);
                if next == i {
                    i += 1;
                    continue;
                }
                i = skip_blanks(b, next);
                let mut sep = false;
                if i < b.len() && (b[i] == b'=' || b[i] == b':') {
                    sep = true;
                    i = skip_blanks(b, i + 1);
                }
                let segments: Vec<String> = key.split('.').map(str::to_string).collect();
                if i < b.len() && b[i] == b'{' {
                    frames.push(segments.len());
                    path.extend(segments);
                    i += 1;
                    continue;
                }
                if key == "include" && !sep {
                    i = line_end(b, i);
                    continue;
                }
                if i < b.len() && b[i] == b'[' {
                    i = skip_array(b, i);
                    continue;
                }
                let (value, quoted, vs, ve, next) = read_value(text, i);
                let mut full = path.clone();
                full.extend(segments);
                out.push(Entry {
                    path: full.join("."),
                    value,
                    quoted,
                    key_start,
                    value_start: vs,
                    value_end: ve,
                });
                i = next.max(i + 1);
            }
        }
    }
    out
}

fn line_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] != b'\n' {
        i += 1;
    }
    i
}

fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    i
}

fn skip_array(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0;
    while i < b.len() {
        match b[i] {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// A key (`a.b-c`, `"a.b"`): its text and where it ends.
fn read_key(text: &str, start: usize) -> (String, usize) {
    let b = text.as_bytes();
    let mut i = start;
    let mut key = String::new();
    while i < b.len() {
        match b[i] {
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' && b[j] != b'\n' {
                    j += 1;
                }
                // A quoted key segment is one segment even with dots in it.
                key.push_str(&text[i + 1..j.min(b.len())].replace('.', "\u{1}"));
                i = (j + 1).min(b.len());
            }
            c if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_') => {
                key.push(c as char);
                i += 1;
            }
            _ => break,
        }
    }
    // Quoted segments keep their dots.
    let key = key
        .split('.')
        .map(|s| s.replace('\u{1}', "."))
        .collect::<Vec<_>>()
        .join(".");
    (key, i)
}

/// A value up to the end of the line, a comma or a closing brace: its text,
/// whether it was quoted, its byte range (inside the quotes) and where
/// reading goes on.
fn read_value(text: &str, start: usize) -> (String, bool, usize, usize, usize) {
    let b = text.as_bytes();
    if start < b.len() && b[start] == b'"' {
        let mut j = start + 1;
        while j < b.len() && b[j] != b'"' && b[j] != b'\n' {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        let j = j.min(b.len());
        return (
            text[start + 1..j].to_string(),
            true,
            start + 1,
            j,
            (j + 1).min(b.len()),
        );
    }
    let mut j = start;
    while j < b.len() && !matches!(b[j], b'\n' | b',' | b'}' | b'#') {
        if b[j] == b'/' && b.get(j + 1) == Some(&b'/') {
            break;
        }
        j += 1;
    }
    let raw = &text[start..j];
    let trimmed = raw.trim_end();
    (trimmed.to_string(), false, start, start + trimmed.len(), j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kafka_clients_blocks_of_akka_and_pekko() {
        let text = r#"
# Producer settings
akka.kafka.producer {
  parallelism = 100
  kafka-clients {
    acks = "1"
    linger.ms = 0
    "compression.type" = lz4 // fast
  }
}
pekko.kafka.producer.kafka-clients { enable.idempotence = false, acks: all }
other { list = [1, 2, { a = 1 }] }
"#;
        let f = extract(Path::new("application.conf"), text);
        assert_eq!(f.producers.len(), 2);
        let a = &f.producers[0];
        assert_eq!(a.library, Library::AlpakkaKafka);
        assert!(a.from_config_file && !a.config.complete);
        assert_eq!(a.config.get("acks").unwrap().value, Value::Str("1".into()));
        assert_eq!(a.config.get("acks").unwrap().value_span.start_line, 6);
        assert_eq!(a.config.get("acks").unwrap().value_span.start_col, 13);
        assert_eq!(a.config.get("linger.ms").unwrap().value, Value::Int(0));
        assert_eq!(
            a.config.get("compression.type").unwrap().value,
            Value::Str("lz4".into())
        );
        let p = &f.producers[1];
        assert_eq!(p.library, Library::PekkoKafka);
        assert_eq!(
            p.config.get("enable.idempotence").unwrap().value,
            Value::Bool(false)
        );
        assert_eq!(
            p.config.get("acks").unwrap().value,
            Value::Str("all".into())
        );
        assert!(extract(Path::new("x.conf"), "server { listen = 80 }").is_empty());
    }
}
