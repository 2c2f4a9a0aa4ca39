//! Front-end for YAML files. Every document of a file (`---`) is read on its
//! own and can be any of:
//!
//! * a Spring Boot configuration (`application*.yml`, `bootstrap*.yml` or any
//!   document with `spring.kafka.producer.*` keys): one producer;
//! * a Docker Compose file whose Kafka services set broker settings through
//!   `KAFKA_*` / `KAFKA_CFG_*` environment variables;
//! * a Strimzi `Kafka` (broker settings) or `KafkaTopic` (a topic) resource,
//!   or a Kubernetes workload running a Kafka image with `KAFKA_*` env vars;
//! * a Helm values file of a Kafka chart (Bitnami, Confluent's
//!   cp-helm-charts, the incubator chart): its broker and topic settings
//!   (`helm.rs`).
//!
//! The YAML is read with yaml-rust2's event parser into a small tree that
//! keeps each scalar's position. A syntax error keeps what was read before
//! it and adds a warning.

mod cluster;
mod helm;

use super::properties::spring;
use crate::finding::Span;
use crate::model::FileFacts;
use crate::source::LineIndex;
use spring::Entry;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Nesting deeper than this is dropped (replaced by an empty scalar).
const MAX_DEPTH: usize = 100;
/// How many nodes the interpreters may visit in one file (aliases can make
/// a small file describe an exponentially large tree).
const MAX_VISITS: u64 = 2_000_000;

/// A YAML node with the positions the front-end needs.
#[derive(Debug)]
pub(crate) enum Node {
    Scalar(Scalar),
    Seq(Vec<Rc<Node>>),
    Map(Vec<(Rc<Node>, Rc<Node>)>),
}

#[derive(Debug, Clone)]
pub(crate) struct Scalar {
    pub text: String,
    /// Where the scalar's text is (inside quotes for quoted scalars; the
    /// rest of the line for block scalars or when the text could not be
    /// located exactly).
    pub span: Span,
    /// A literal block scalar (`|`), whose text is its lines de-indented.
    pub literal: bool,
}

impl Node {
    fn empty() -> Node {
        Node::Scalar(Scalar {
            text: String::new(),
            span: Span::default(),
            literal: false,
        })
    }

    pub(crate) fn scalar(&self) -> Option<&Scalar> {
        match self {
            Node::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn text(&self) -> Option<&str> {
        self.scalar().map(|s| s.text.as_str())
    }

    /// The value of `key` in a mapping (the last one if repeated; `<<`
    /// merges are not followed here).
    pub(crate) fn get(&self, key: &str) -> Option<&Rc<Node>> {
        match self {
            Node::Map(pairs) => pairs
                .iter()
                .rev()
                .find(|(k, _)| k.text() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Counts visited nodes so hostile alias graphs stay cheap.
pub(crate) struct Budget(u64);

impl Budget {
    fn new() -> Self {
        Budget(MAX_VISITS)
    }

    /// Takes one visit; false when the budget is spent.
    pub(crate) fn take(&mut self) -> bool {
        if self.0 == 0 {
            return false;
        }
        self.0 -= 1;
        true
    }
}

/// The pairs of a mapping with `<<` merge keys expanded (merged pairs first,
/// so the mapping's own keys override them).
pub(crate) fn map_pairs<'a>(node: &'a Node, budget: &mut Budget) -> Vec<(&'a Node, &'a Node)> {
    let mut out = Vec::new();
    collect_pairs(node, budget, 0, &mut out);
    out
}

fn collect_pairs<'a>(
    node: &'a Node,
    budget: &mut Budget,
    depth: usize,
    out: &mut Vec<(&'a Node, &'a Node)>,
) {
    let Node::Map(pairs) = node else { return };
    if depth > 8 {
        return;
    }
    for (k, v) in pairs {
        if !budget.take() {
            return;
        }
        if k.text() == Some("<<") {
            match &**v {
                Node::Map(_) => collect_pairs(v, budget, depth + 1, out),
                Node::Seq(items) => {
                    for item in items {
                        collect_pairs(item, budget, depth + 1, out);
                    }
                }
                Node::Scalar(_) => {}
            }
        } else {
            out.push((k, v));
        }
    }
}

enum Frame {
    Seq(Vec<Rc<Node>>, usize),
    Map(Vec<(Rc<Node>, Rc<Node>)>, Option<Rc<Node>>, usize),
}

/// The documents of a YAML text, and a description of the syntax error that
/// stopped the parser, if any (documents then hold what came before it).
pub(crate) fn load(text: &str) -> (Vec<Rc<Node>>, Option<(Marker, String)>) {
    let idx = LineIndex::new(text);
    let mut parser = Parser::new_from_str(text);
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Rc<Node>> = HashMap::new();
    // Start events seen beyond MAX_DEPTH and not yet closed.
    let mut skipped = 0usize;
    let mut error = None;

    loop {
        let (event, mark) = match parser.next_token() {
            Ok(e) => e,
            Err(e) => {
                error = Some((*e.marker(), e.info().to_string()));
                break;
            }
        };
        let done: Option<Rc<Node>> = match event {
            Event::StreamEnd => break,
            Event::StreamStart | Event::DocumentStart | Event::Nothing => None,
            Event::DocumentEnd => {
                anchors.clear();
                None
            }
            Event::SequenceStart(..) | Event::MappingStart(..)
                if skipped > 0 || stack.len() >= MAX_DEPTH =>
            {
                skipped += 1;
                None
            }
            Event::SequenceEnd | Event::MappingEnd if skipped > 0 => {
                skipped -= 1;
                (skipped == 0).then(|| Rc::new(Node::empty()))
            }
            _ if skipped > 0 => None,
            Event::SequenceStart(anchor, _) => {
                stack.push(Frame::Seq(Vec::new(), anchor));
                None
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Frame::Map(Vec::new(), None, anchor));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq(items, anchor)) => {
                    Some(anchored(Node::Seq(items), anchor, &mut anchors))
                }
                Some(Frame::Map(pairs, _, anchor)) => {
                    Some(anchored(Node::Map(pairs), anchor, &mut anchors))
                }
                None => None,
            },
            Event::Scalar(value, style, anchor, _) => {
                let span = scalar_span(&idx, &mark, style, &value);
                let literal = style == TScalarStyle::Literal;
                Some(anchored(
                    Node::Scalar(Scalar {
                        text: value,
                        span,
                        literal,
                    }),
                    anchor,
                    &mut anchors,
                ))
            }
            Event::Alias(id) => Some(
                anchors
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| Rc::new(Node::empty())),
            ),
        };
        if let Some(node) = done {
            attach(&mut stack, &mut docs, node);
        }
    }
    // Close whatever the error left open, so the part read is kept.
    while let Some(frame) = stack.pop() {
        let node = match frame {
            Frame::Seq(items, _) => Node::Seq(items),
            Frame::Map(mut pairs, key, _) => {
                if let Some(k) = key {
                    pairs.push((k, Rc::new(Node::empty())));
                }
                Node::Map(pairs)
            }
        };
        attach(&mut stack, &mut docs, Rc::new(node));
    }
    (docs, error)
}

fn anchored(node: Node, anchor: usize, anchors: &mut HashMap<usize, Rc<Node>>) -> Rc<Node> {
    let node = Rc::new(node);
    if anchor != 0 {
        anchors.insert(anchor, node.clone());
    }
    node
}

fn attach(stack: &mut [Frame], docs: &mut Vec<Rc<Node>>, node: Rc<Node>) {
    match stack.last_mut() {
        Some(Frame::Seq(items, _)) => items.push(node),
        Some(Frame::Map(pairs, key, _)) => match key.take() {
            Some(k) => pairs.push((k, node)),
            None => *key = Some(node),
        },
        None => docs.push(node),
    }
}

/// Locates a scalar's text from its start marker (1-based line, 0-based
/// character column, at the opening quote of a quoted scalar).
fn scalar_span(idx: &LineIndex<'_>, mark: &Marker, style: TScalarStyle, value: &str) -> Span {
    let line = mark.line() as u32;
    let line_text = idx.line_text(line);
    let col0 = mark.col();
    let rest: &str = match line_text.char_indices().nth(col0) {
        Some((b, _)) => &line_text[b..],
        None => "",
    };
    let quoted = matches!(
        style,
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
    );
    let (start_col, content) = if quoted {
        let mut chars = rest.chars();
        chars.next();
        (col0 as u32 + 2, chars.as_str())
    } else {
        (col0 as u32 + 1, rest)
    };
    let block = matches!(style, TScalarStyle::Literal | TScalarStyle::Folded);
    if !block && !value.contains('\n') && content.starts_with(value) {
        return Span::line(line, start_col, value.chars().count() as u32);
    }
    // Escapes, folded lines or a block scalar: from the start to the end of
    // the line, or to the closing quote on this line.
    let len = if quoted {
        let q = rest.chars().next().unwrap_or('"');
        content.chars().take_while(|&c| c != q).count()
    } else {
        content.trim_end().chars().count()
    };
    Span::line(line, start_col, len as u32)
}

/// Flattens a Spring configuration document into dotted keys: nested
/// mappings join with `.`, a `[bracketed]` key stays one segment.
fn flatten(node: &Node, prefix: &str, depth: usize, budget: &mut Budget, out: &mut Vec<Entry>) {
    if depth > MAX_DEPTH {
        return;
    }
    for (k, v) in map_pairs(node, budget) {
        let Some(key) = k.scalar() else { continue };
        let path = if prefix.is_empty() {
            key.text.clone()
        } else if key.text.starts_with('[') {
            format!("{prefix}{}", key.text)
        } else {
            format!("{prefix}.{}", key.text)
        };
        match v {
            Node::Map(_) => flatten(v, &path, depth + 1, budget, out),
            Node::Scalar(s) => {
                let span = if s.span.start_line == key.span.start_line && s.span != Span::default()
                {
                    Span::new(
                        key.span.start_line,
                        key.span.start_col,
                        s.span.end_line,
                        s.span.end_col,
                    )
                } else {
                    key.span
                };
                out.push(Entry {
                    key: path,
                    value: s.text.clone(),
                    span,
                    value_span: if s.span == Span::default() {
                        key.span
                    } else {
                        s.span
                    },
                });
            }
            Node::Seq(_) => {}
        }
    }
}

/// Extracts producers, broker settings and topics from a YAML file.
pub fn extract(path: &Path, text: &str) -> FileFacts {
    extract_file(path, text, true)
}

/// `embedded`: also read configuration files held in Kubernetes ConfigMaps
/// (not done again inside such a file).
fn extract_file(path: &Path, text: &str, embedded: bool) -> FileFacts {
    let mut facts = FileFacts::default();
    let (docs, error) = load(text);
    if let Some((mark, info)) = &error {
        // Templated YAML (Helm) is expected not to parse; stay quiet there.
        if !text.contains("{{") {
            facts.warnings.push(format!(
                "YAML syntax error at line {} column {} ({info}); only the part before it was analysed",
                mark.line(),
                mark.col() + 1
            ));
        }
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let mut budget = Budget::new();
    // A templated file that does not parse is not read as Helm values.
    let templated = error.is_some() && text.contains("{{");

    let flat: Vec<Vec<Entry>> = docs
        .iter()
        .map(|d| {
            let mut entries = Vec::new();
            flatten(d, "", 0, &mut budget, &mut entries);
            entries
        })
        .collect();
    let lookup = |key: &str| {
        let want = spring::canonical_path(key);
        flat.iter()
            .flatten()
            .rev()
            .find(|e| spring::canonical_path(&e.key) == want)
            .map(|e| e.value.clone())
    };
    for entries in &flat {
        let activated = entries.iter().any(|e| spring::is_activation_key(&e.key));
        let complete = spring::is_base_file(name) && !activated;
        if !activated {
            if let Some(l) = spring::local_brokers(entries) {
                facts.local_brokers = Some(facts.local_brokers.unwrap_or(true) && l);
            }
        }
        if let Some(p) = spring::producer(entries, complete, &lookup) {
            facts.producers.push(p);
        }
    }
    for d in &docs {
        cluster::extract(d, &mut budget, &mut facts);
        if embedded {
            config_map(d, text, &mut facts);
            if !templated {
                helm::extract(path, d, text, &mut budget, &mut facts);
            }
        }
    }
    facts
}

/// Configuration files inside a Kubernetes ConfigMap (`data:` entries named
/// `*.properties` / `*.yml` / `*.yaml` written as `|` blocks) are read like
/// the files they hold, with positions moved to where the block sits.
fn config_map(doc: &Node, text: &str, facts: &mut FileFacts) {
    if doc.get("kind").and_then(|k| k.text()) != Some("ConfigMap") {
        return;
    }
    let Some(Node::Map(data)) = doc.get("data").map(|d| &**d) else {
        return;
    };
    let idx = LineIndex::new(text);
    for (k, v) in data {
        let (Some(name), Some(block)) = (k.text(), v.scalar()) else {
            continue;
        };
        // The block's first line must be where its text starts, so that
        // every line maps back exactly.
        let first = block.text.lines().next().unwrap_or("");
        let source = idx.line_text(block.span.start_line);
        let indent = source.len() - source.trim_start().len();
        if !block.literal || first.is_empty() || source.get(indent..) != Some(first) {
            continue;
        }
        let path = Path::new(name);
        let mut inner = match super::FileKind::of(path) {
            Some(super::FileKind::Properties) => super::properties::extract(path, &block.text),
            Some(super::FileKind::Yaml) => extract_file(path, &block.text, false),
            _ => continue,
        };
        let indent_chars = source[..indent].chars().count() as u32;
        shift(
            &mut inner,
            block.span.start_line.saturating_sub(1),
            indent_chars,
        );
        facts.producers.append(&mut inner.producers);
        facts.broker_settings.append(&mut inner.broker_settings);
        facts.topics.append(&mut inner.topics);
        facts.warnings.extend(
            inner
                .warnings
                .into_iter()
                .map(|w| format!("in ConfigMap entry {name}: {w}")),
        );
    }
}

/// Moves every span of `facts` down `lines` lines and right `cols` columns.
pub(super) fn shift(facts: &mut FileFacts, lines: u32, cols: u32) {
    let mv = |s: &mut Span| {
        s.start_line += lines;
        s.end_line += lines;
        s.start_col += cols;
        s.end_col += cols;
    };
    for p in &mut facts.producers {
        mv(&mut p.span);
        for st in &mut p.config.settings {
            mv(&mut st.span);
            mv(&mut st.value_span);
        }
    }
    for b in &mut facts.broker_settings {
        mv(&mut b.span);
    }
    for t in &mut facts.topics {
        mv(&mut t.span);
        for s in [
            &mut t.replication_factor_span,
            &mut t.min_insync_replicas_span,
        ]
        .into_iter()
        .flatten()
        {
            mv(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Library, Value};

    fn facts(name: &str, text: &str) -> FileFacts {
        extract(Path::new(name), text)
    }

    fn value<'a>(f: &'a FileFacts, i: usize, key: &str) -> Option<&'a Value> {
        f.producers[i].config.get(key).map(|s| &s.value)
    }

    #[test]
    fn spring_yaml_nested_flat_and_bracketed() {
        let text = "\
spring:
  application:
    name: shop
  kafka:
    bootstrap-servers: localhost:9092
    producer:
      acks: \"1\"
      batchSize: 32KB
      properties:
        \"[linger.ms]\": 0
        enable:
          idempotence: false
    properties:
      max.in.flight.requests.per.connection: 10
";
        let f = facts("src/main/resources/application.yml", text);
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
        assert_eq!(f.producers.len(), 1);
        let p = &f.producers[0];
        assert_eq!(p.library, Library::SpringKafka);
        assert!(p.config.complete && p.from_config_file);
        assert_eq!(p.span.start_line, 7);
        assert_eq!(value(&f, 0, "acks"), Some(&Value::Int(1)));
        let acks = p.config.get("acks").expect("acks");
        assert_eq!(acks.value_span, Span::line(7, 14, 1));
        assert_eq!(acks.span.start_line, 7);
        assert_eq!(value(&f, 0, "batch.size"), Some(&Value::Int(32768)));
        assert_eq!(value(&f, 0, "linger.ms"), Some(&Value::Int(0)));
        let linger = p.config.get("linger.ms").expect("linger");
        assert_eq!(linger.value_span, Span::line(10, 24, 1));
        assert_eq!(
            value(&f, 0, "enable.idempotence"),
            Some(&Value::Bool(false))
        );
        assert_eq!(
            value(&f, 0, "max.in.flight.requests.per.connection"),
            Some(&Value::Int(10))
        );
    }

    #[test]
    fn dotted_keys_and_placeholders() {
        let text = "spring.kafka.producer.acks: ${PRODUCER_ACKS:all}\nspring.kafka.producer.retries: ${RETRIES}\napp.tx: tx-\nspring.kafka.producer.transaction-id-prefix: ${app.tx}\n";
        let f = facts("application.yaml", text);
        assert_eq!(value(&f, 0, "acks"), Some(&Value::Str("all".into())));
        assert_eq!(
            value(&f, 0, "retries"),
            Some(&Value::Unknown("${RETRIES}".into()))
        );
        assert_eq!(
            value(&f, 0, "transactional.id"),
            Some(&Value::Str("tx-".into()))
        );
    }

    #[test]
    fn profile_documents_are_incomplete() {
        let text = "\
spring:
  kafka:
    producer:
      acks: all
---
spring:
  config:
    activate:
      on-profile: fast
  kafka:
    producer:
      acks: 1
";
        let f = facts("application.yml", text);
        assert_eq!(f.producers.len(), 2);
        assert!(f.producers[0].config.complete);
        assert!(!f.producers[1].config.complete);
        assert_eq!(f.producers[1].span.start_line, 12);
        let f = facts("application-prod.yml", "spring.kafka.producer.acks: 0\n");
        assert!(!f.producers[0].config.complete);
        let f = facts("kafka-overrides.yml", "spring.kafka.producer.acks: 0\n");
        assert!(!f.producers[0].config.complete);
    }

    #[test]
    fn consumer_only_spring_yaml_is_silent() {
        let text = "spring:\n  kafka:\n    consumer:\n      group-id: g\n      auto-offset-reset: earliest\n";
        assert!(facts("application.yml", text).is_empty());
    }

    #[test]
    fn broken_yaml_keeps_the_part_before_the_error() {
        let text = "spring:\n  kafka:\n    producer:\n      acks: 0\n      retries: [1, 2\n";
        let f = facts("application.yml", text);
        assert_eq!(f.warnings.len(), 1, "{:?}", f.warnings);
        assert!(f.warnings[0].contains("line"));
        assert_eq!(value(&f, 0, "acks"), Some(&Value::Int(0)));
        // Helm templates do not warn.
        let f = facts("templates/kafka.yaml", "a: {{ .Values.x }\n  b: c\n");
        assert!(f.warnings.is_empty());
    }

    #[test]
    fn hostile_input_does_not_blow_up() {
        let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
        let _ = facts("deep.yml", &deep);
        let nested: String = (0..300)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        let _ = facts("nested.yml", &nested);
        let mut laughs = String::from("a: &a [kafka, kafka]\n");
        for i in 1..30 {
            laughs.push_str(&format!("b{i}: &b{i} [*{}, *{}]\n", prev(i), prev(i)));
        }
        laughs.push_str("spring: {kafka: {producer: {acks: 1}}}\n");
        let f = facts("laughs.yml", &laughs);
        assert_eq!(f.producers.len(), 1);
        let _ = facts("empty.yml", "");
        let _ = facts("junk.yml", "\u{0}\u{feff}: : :\n\t- ]]]");
    }

    fn prev(i: usize) -> String {
        if i == 1 {
            "a".into()
        } else {
            format!("b{}", i - 1)
        }
    }

    #[test]
    fn non_ascii_columns_count_characters() {
        let text = "# Größe\nspring:\n  kafka:\n    producer:\n      client-id: \"ünï\"\n      acks: 1 # schnell ✓\n";
        let f = facts("application.yml", text);
        let acks = f.producers[0].config.get("acks").expect("acks");
        assert_eq!(acks.value_span, Span::line(6, 13, 1));
        let cid = f.producers[0].config.get("client.id").expect("client.id");
        assert_eq!(cid.value_span, Span::line(5, 19, 3));
    }

    #[test]
    fn config_map_entries_are_read_in_place() {
        let text = "\
apiVersion: v1
kind: ConfigMap
metadata:
  name: orders-config
data:
  LOG_LEVEL: info
  application.yml: |
    spring:
      kafka:
        producer:
          acks: 1
  server.properties: |-
    node.id=1
    process.roles=broker
    min.insync.replicas=1
  notes.txt: |
    acks=0
";
        let f = facts("k8s/configmap.yaml", text);
        assert_eq!(f.producers.len(), 1);
        let p = &f.producers[0];
        assert!(p.config.complete);
        let acks = p.config.get("acks").expect("acks");
        assert_eq!(acks.value_span, Span::line(11, 17, 1));
        assert_eq!(p.span.start_line, 11);
        assert_eq!(f.broker_settings.len(), 1);
        assert_eq!(f.broker_settings[0].span, Span::line(15, 25, 1));
    }

    #[test]
    fn scalar_spans() {
        let (docs, err) = load("a: 'it''s'\nb: \"x\\ty\"\nc: |\n  text\n");
        assert!(err.is_none());
        let d = &docs[0];
        let span = |k: &str| d.get(k).and_then(|n| n.scalar()).map(|s| s.span);
        assert_eq!(span("a"), Some(Span::line(1, 5, 2)));
        assert_eq!(span("b"), Some(Span::line(2, 5, 4)));
        assert_eq!(span("c").map(|s| s.start_line), Some(4));
    }
}
