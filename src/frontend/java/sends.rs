//! Sends: `producer.send(..)`, `template.send(..)`, `sendDefault(..)` — the
//! record key and how it is formed, how the result is waited for or
//! observed, and whether the payload is a domain entity.

use super::ast::{ancestors, args, named, strip, walk, DeclKind, Step};
use super::Ctx;
use crate::finding::Span;
use crate::model::{KeyKind, Library, Partitioner, PartitionerIssue, Producer, Send, Wait};
use std::collections::HashSet;
use tree_sitter::Node;

/// Field and accessor names (without `get`) that hold few distinct values.
const LOW_CARDINALITY: &[&str] = &[
    "region",
    "status",
    "state",
    "type",
    "kind",
    "category",
    "country",
    "countryCode",
    "currency",
    "level",
    "priority",
    "severity",
    "gender",
    "env",
    "environment",
    "zone",
    "datacenter",
    "tier",
    "plan",
    "channel",
    "source",
];

/// Words in a variable name that say it holds a domain entity.
const ENTITY_NOUNS: &[&str] = &[
    "order",
    "user",
    "customer",
    "payment",
    "event",
    "account",
    "transaction",
    "item",
    "invoice",
    "shipment",
    "product",
    "purchase",
    "booking",
];

/// Types that are not domain objects.
const NON_DOMAIN: &[&str] = &[
    "String",
    "CharSequence",
    "byte[]",
    "char[]",
    "String[]",
    "Integer",
    "Long",
    "Short",
    "Byte",
    "Double",
    "Float",
    "Boolean",
    "Character",
    "Number",
    "BigDecimal",
    "BigInteger",
    "int",
    "long",
    "short",
    "byte",
    "double",
    "float",
    "boolean",
    "char",
    "Object",
    "UUID",
    "Entry",
    "Path",
    "File",
    "Acknowledgment",
    "HttpServletRequest",
    "HttpServletResponse",
    "ServletRequest",
    "ServletResponse",
    "Principal",
    "HttpHeaders",
    "MessageHeaders",
    "Model",
    "BindingResult",
    "Locale",
];

/// Generic carriers whose last type argument is the payload.
const CARRIERS: &[&str] = &[
    "ConsumerRecord",
    "ConsumerRecords",
    "Message",
    "List",
    "Collection",
    "Set",
    "Iterable",
    "Optional",
    "Stream",
];

const TEMPLATE_TYPES: &[&str] = &[
    "KafkaTemplate",
    "KafkaOperations",
    "KafkaOperations2",
    "ReplyingKafkaTemplate",
    "RoutingKafkaTemplate",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recv {
    Producer,
    Template,
}

struct KeyInfo<'a> {
    key: KeyKind,
    key_span: Span,
    value: Option<Node<'a>>,
}

fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in name.chars() {
        if c == '_' || c == '-' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else if c.is_uppercase() && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            cur.push(c.to_ascii_lowercase());
        } else {
            cur.push(c.to_ascii_lowercase());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// True when a name says it holds a domain entity (`order`, `newUsers`).
fn entity_name(name: &str) -> bool {
    words(name).iter().any(|w| {
        ENTITY_NOUNS.contains(&w.as_str())
            || w.strip_suffix('s')
                .is_some_and(|s| ENTITY_NOUNS.contains(&s))
    })
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

/// True for a field/accessor name with few values, or a boolean accessor.
fn low_cardinality_name(name: &str) -> bool {
    for prefix in ["is", "has"] {
        if name.strip_prefix(prefix).is_some_and(starts_upper) {
            return true;
        }
    }
    let base = name
        .strip_prefix("get")
        .filter(|r| starts_upper(r))
        .unwrap_or(name);
    LOW_CARDINALITY.iter().any(|w| base.eq_ignore_ascii_case(w))
}

fn is_constant_name(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

impl<'a> Ctx<'a> {
    /// The send at `inv`, or `None` when it is not a Kafka send.
    pub(super) fn send(
        &self,
        inv: Node<'a>,
        producers: &[Producer],
        autoflush: &HashSet<String>,
    ) -> Option<Send> {
        let (receiver, kind, producer) = self.receiver(inv, producers)?;
        let a = args(inv);
        let default_span = self.span(inv);
        let other = |value| KeyInfo {
            key: KeyKind::Other,
            key_span: default_span,
            value,
        };
        let null = |value| KeyInfo {
            key: KeyKind::Null,
            key_span: default_span,
            value,
        };
        let keyed = |k: Node<'a>, value| KeyInfo {
            key: self.classify_key(k, 0),
            key_span: self.span(k),
            value,
        };
        let is_default = self.call_name(inv) == "sendDefault";
        let (info, has_callback) = match (kind, is_default) {
            (Recv::Producer, true) => return None,
            (Recv::Producer, false) => {
                let first = *a.first()?;
                let info = match self.record_of(first) {
                    Some(rec) => self.record_key(rec),
                    None => other(None),
                };
                (info, a.len() >= 2)
            }
            (Recv::Template, false) => {
                let info = match a.len() {
                    1 => match self.record_of(a[0]) {
                        Some(rec) => self.record_key(rec),
                        None => other(None),
                    },
                    2 => null(Some(a[1])),
                    3 => keyed(a[1], Some(a[2])),
                    4 => keyed(a[2], Some(a[3])),
                    5 => keyed(a[3], Some(a[4])),
                    _ => other(None),
                };
                (info, false)
            }
            (Recv::Template, true) => {
                let info = match a.len() {
                    1 => null(Some(a[0])),
                    2 => keyed(a[0], Some(a[1])),
                    3 => keyed(a[1], Some(a[2])),
                    4 => keyed(a[2], Some(a[3])),
                    _ => other(None),
                };
                (info, false)
            }
        };
        let discarded = match inv.parent() {
            Some(p) if p.kind() == "expression_statement" => true,
            Some(p) if p.kind() == "lambda_expression" => self
                .lambda_call(p)
                .is_some_and(|c| matches!(self.call_name(c), "forEach" | "forEachOrdered")),
            _ => false,
        };
        let discarded = discarded && !self.in_transaction(inv, &receiver);
        let wait = self.wait(inv, &receiver, autoflush);
        Some(Send {
            span: self.span(inv),
            entity: self
                .entity_data(inv, info.value)
                .then(|| "entity data".to_string()),
            key: info.key,
            key_span: info.key_span,
            wait,
            observation: if !discarded || has_callback {
                crate::model::Observation::Callback
            } else {
                crate::model::Observation::Dropped
            },
            explicit_partition: false,
            pending_transaction: None,
            library: None,
            topic: None,
            batch: false,
            settings: Vec::new(),
            context: self.context(inv),
            producer,
            receiver: Some(receiver),
        })
    }

    /// The receiver's name, whether it is a producer or a template, and the
    /// producer of this file it refers to.
    fn receiver(
        &self,
        inv: Node<'a>,
        producers: &[Producer],
    ) -> Option<(String, Recv, Option<usize>)> {
        let obj = strip(inv.child_by_field_name("object")?);
        let (name, ty) = if let Some(n) = self.var_name(obj) {
            let ty = self.lookup(n, obj).and_then(|d| {
                self.decl_type(&d).or_else(|| {
                    // `template.executeInTransaction(ops -> ops.send(..))`
                    (d.kind == DeclKind::LambdaParam
                        && self.lambda_call(d.owner).is_some_and(|c| {
                            matches!(self.call_name(c), "executeInTransaction" | "execute")
                        }))
                    .then(|| "KafkaOperations".to_string())
                })
            });
            (n, ty)
        } else if obj.kind() == "method_invocation"
            && self.call_object(obj).is_empty()
            && args(obj).is_empty()
        {
            let n = self.call_name(obj);
            let ty = self
                .methods
                .get(n)
                .and_then(|m| m.child_by_field_name("type"))
                .map(|t| self.type_name(t));
            (n, ty)
        } else {
            return None;
        };
        let idx = producers
            .iter()
            .position(|p| p.names.iter().any(|x| x == name));
        let typed = match ty.as_deref() {
            Some("KafkaProducer") if self.is_kafka_type("KafkaProducer") => Some(Recv::Producer),
            Some("Producer") if self.imports_kafka_producer() => Some(Recv::Producer),
            Some(t) if TEMPLATE_TYPES.contains(&t) && self.is_kafka_type(t) => Some(Recv::Template),
            _ => None,
        };
        // Otherwise only a variable holding a producer built in this file.
        let kind = match (typed, idx.map(|i| producers[i].library)) {
            (Some(k), _) => k,
            (None, Some(Library::KafkaClients)) => Recv::Producer,
            (None, Some(Library::SpringKafka)) => Recv::Template,
            (None, _) => return None,
        };
        Some((name.to_string(), kind, idx))
    }

    /// A send whose failure surfaces when the transaction commits: inside
    /// `executeInTransaction(ops -> ..)`, or in a method that calls
    /// `commitTransaction()` on the same receiver.
    fn in_transaction(&self, inv: Node<'a>, receiver: &str) -> bool {
        for (a, _) in ancestors(inv) {
            match a.kind() {
                "lambda_expression"
                    if self
                        .lambda_call(a)
                        .is_some_and(|c| self.call_name(c) == "executeInTransaction") =>
                {
                    return true;
                }
                "method_declaration" | "constructor_declaration" => {
                    return a.child_by_field_name("body").is_some_and(|b| {
                        super::ast::find(b, |k| {
                            k.kind() == "method_invocation"
                                && self.call_name(k) == "commitTransaction"
                                && k.child_by_field_name("object")
                                    .and_then(|o| self.var_name(o))
                                    == Some(receiver)
                        })
                        .is_some()
                    })
                }
                _ => {}
            }
        }
        false
    }

    /// The `new ProducerRecord<>(..)` an argument is, directly or through a
    /// local variable's initializer.
    fn record_of(&self, arg: Node<'a>) -> Option<Node<'a>> {
        let a = strip(arg);
        let is_record = |n: Node<'a>| {
            n.kind() == "object_creation_expression" && self.creation_type(n) == "ProducerRecord"
        };
        if is_record(a) {
            return Some(a);
        }
        let name = self.var_name(a)?;
        let d = self.lookup(name, a)?;
        if d.kind != DeclKind::Local {
            return None;
        }
        let v = strip(d.value?);
        is_record(v).then_some(v)
    }

    /// Index of the key and value arguments of `new ProducerRecord<>(..)`.
    fn record_layout(&self, a: &[Node<'a>]) -> Option<(Option<usize>, usize)> {
        match a.len() {
            2 => Some((None, 1)),
            3 => Some((Some(1), 2)),
            4 => Some((Some(2), 3)),
            5 => {
                let last = self.text(a[4]).to_ascii_lowercase();
                if last.contains("header") {
                    Some((Some(2), 3))
                } else {
                    Some((Some(3), 4))
                }
            }
            6 => Some((Some(3), 4)),
            _ => None,
        }
    }

    fn record_key(&self, rec: Node<'a>) -> KeyInfo<'a> {
        let a = args(rec);
        match self.record_layout(&a) {
            Some((None, v)) => KeyInfo {
                key: KeyKind::Null,
                key_span: self.span(rec),
                value: a.get(v).copied(),
            },
            Some((Some(k), v)) => KeyInfo {
                key: self.classify_key(a[k], 0),
                key_span: self.span(a[k]),
                value: a.get(v).copied(),
            },
            None => KeyInfo {
                key: KeyKind::Other,
                key_span: self.span(rec),
                value: None,
            },
        }
    }

    /// `new ProducerRecord<>(topic, random.nextInt(n), key, value)`: a
    /// random explicit partition for a keyed record.
    pub(super) fn random_partition(&self, rec: Node<'a>) -> Option<Partitioner> {
        let a = args(rec);
        if a.len() < 4 {
            return None;
        }
        let (Some(k), _) = self.record_layout(&a)? else {
            return None;
        };
        let part = *a.get(1)?;
        if strip(a[k]).kind() == "null_literal" || !self.chain_any(part, Self::is_random) {
            return None;
        }
        Some(Partitioner {
            span: self.span(part),
            issue: PartitionerIssue::Random,
            expr: self.text(part).to_string(),
            library: Some(Library::KafkaClients),
        })
    }

    /// Checks `pred` on an expression and on every receiver down its call chain.
    pub(super) fn chain_any(&self, n: Node<'a>, pred: fn(&Self, Node<'a>) -> bool) -> bool {
        let mut cur = strip(n);
        for _ in 0..32 {
            if pred(self, cur) {
                return true;
            }
            cur = match cur.kind() {
                "method_invocation" | "field_access" => match cur.child_by_field_name("object") {
                    Some(o) => strip(o),
                    None => return false,
                },
                _ => return false,
            };
        }
        false
    }

    pub(super) fn is_clock(&self, n: Node<'a>) -> bool {
        match n.kind() {
            "method_invocation" => {
                let obj = self.call_object(n);
                let name = self.call_name(n);
                matches!(
                    (obj, name),
                    ("System", "currentTimeMillis" | "nanoTime")
                        | (
                            "Instant"
                                | "LocalDateTime"
                                | "LocalDate"
                                | "LocalTime"
                                | "ZonedDateTime"
                                | "OffsetDateTime"
                                | "Year"
                                | "YearMonth",
                            "now"
                        )
                        | ("Calendar", "getInstance")
                ) || (obj.to_ascii_lowercase().ends_with("clock")
                    && matches!(
                        name,
                        "millis" | "instant" | "currentTimeMillis" | "nanoTime"
                    ))
            }
            "object_creation_expression" => {
                let a = args(n);
                matches!(
                    self.creation_type(n).as_str(),
                    "Date" | "Timestamp" | "GregorianCalendar"
                ) && (a.is_empty()
                    || (a.len() == 1 && {
                        // Not recursive: `new Date(new Date(..))` nests without bound.
                        let t = self.text(a[0]);
                        t.contains("currentTimeMillis") || t.contains(".now()")
                    }))
            }
            _ => false,
        }
    }

    pub(super) fn is_random(&self, n: Node<'a>) -> bool {
        match n.kind() {
            "method_invocation" => {
                let obj = self.call_object(n);
                let name = self.call_name(n);
                if matches!(
                    (obj, name),
                    ("UUID", "randomUUID") | ("Math", "random") | ("ThreadLocalRandom", "current")
                ) || matches!(obj, "RandomStringUtils" | "RandomUtils")
                {
                    return true;
                }
                if !name.starts_with("next") && name != "ints" {
                    return false;
                }
                let Some(o) = n.child_by_field_name("object").map(strip) else {
                    return false;
                };
                if o.kind() != "identifier" && self.var_name(o).is_none() {
                    return false;
                }
                let lower = self.text(o).to_ascii_lowercase();
                if lower.contains("rand") || lower.contains("rnd") {
                    return true;
                }
                self.var_name(o)
                    .and_then(|v| self.lookup(v, o))
                    .and_then(|d| self.decl_type(&d))
                    .is_some_and(|t| {
                        matches!(t.as_str(), "Random" | "SecureRandom" | "SplittableRandom")
                    })
            }
            "object_creation_expression" => matches!(
                self.creation_type(n).as_str(),
                "Random" | "SecureRandom" | "SplittableRandom"
            ),
            _ => false,
        }
    }

    fn is_boolean_expr(&self, n: Node<'a>) -> bool {
        let n = strip(n);
        match n.kind() {
            "binary_expression" => n.child_by_field_name("operator").is_some_and(|o| {
                matches!(
                    self.text(o),
                    "==" | "!=" | "<" | ">" | "<=" | ">=" | "&&" | "||"
                )
            }),
            "unary_expression" => n
                .child_by_field_name("operator")
                .is_some_and(|o| self.text(o) == "!"),
            "instanceof_expression" => true,
            _ => false,
        }
    }

    /// `String.valueOf(x)`, `Long.toString(x)`, `x.toString()`, `x.name()`… → `x`.
    fn unwrap_conversion(&self, n: Node<'a>) -> Option<Node<'a>> {
        if n.kind() != "method_invocation" {
            return None;
        }
        let a = args(n);
        let obj = self.call_object(n);
        let name = self.call_name(n);
        if a.len() == 1
            && matches!(
                (obj, name),
                ("String", "valueOf")
                    | ("Long" | "Integer" | "Boolean" | "Objects", "toString")
                    | ("Long" | "Integer", "valueOf")
            )
        {
            return Some(a[0]);
        }
        if a.is_empty()
            && matches!(
                name,
                "toString" | "name" | "toLowerCase" | "toUpperCase" | "trim" | "getBytes"
            )
        {
            return n.child_by_field_name("object");
        }
        None
    }

    /// What kind of record key an expression is.
    fn classify_key(&self, k: Node<'a>, depth: u32) -> KeyKind {
        let k = strip(k);
        let t = self.text(k).to_string();
        if depth > 4 {
            return KeyKind::Other;
        }
        match k.kind() {
            "null_literal" => return KeyKind::Null,
            "string_literal"
            | "character_literal"
            | "decimal_integer_literal"
            | "hex_integer_literal"
            | "octal_integer_literal"
            | "binary_integer_literal"
            | "decimal_floating_point_literal"
            | "true"
            | "false" => {
                return KeyKind::Literal {
                    value: t.clone(),
                    text: t,
                }
            }
            _ => {}
        }
        if self.chain_any(k, Self::is_clock) {
            return KeyKind::Clock(t);
        }
        if self.chain_any(k, Self::is_random) {
            return KeyKind::Random(t);
        }
        if self.is_boolean_expr(k) {
            return KeyKind::LowCardinality(t);
        }
        if let Some(inner) = self.unwrap_conversion(k) {
            return match self.classify_key(inner, depth + 1) {
                KeyKind::LowCardinality(_) => KeyKind::LowCardinality(t),
                KeyKind::Literal { value, .. } => KeyKind::Literal { text: t, value },
                other => other,
            };
        }
        match k.kind() {
            "method_invocation" => {
                if args(k).is_empty() && low_cardinality_name(self.call_name(k)) {
                    KeyKind::LowCardinality(t)
                } else {
                    KeyKind::Other
                }
            }
            "field_access" => {
                let obj = k.child_by_field_name("object").map(|o| self.text(o));
                let field = k
                    .child_by_field_name("field")
                    .map(|f| self.text(f))
                    .unwrap_or("");
                if obj.is_some_and(|o| starts_upper(o) && !o.contains('.'))
                    && is_constant_name(field)
                {
                    if self.static_string(k).is_some() {
                        return KeyKind::Literal {
                            value: t.clone(),
                            text: t,
                        };
                    }
                    // An enum constant (or a constant of another class).
                    return KeyKind::LowCardinality(t);
                }
                if low_cardinality_name(field) {
                    KeyKind::LowCardinality(t)
                } else {
                    KeyKind::Other
                }
            }
            "identifier" => {
                let decl = self.lookup(&t, k);
                if let Some(d) = decl {
                    if let (DeclKind::Local, Some(v), 0) = (d.kind, d.value, depth) {
                        let inner = self.classify_key(v, depth + 1);
                        if inner != KeyKind::Other {
                            return inner;
                        }
                    }
                    if d.kind == DeclKind::Field
                        && self.is_final(&d)
                        && self.static_string(k).is_some()
                    {
                        return KeyKind::Literal {
                            value: t.clone(),
                            text: t,
                        };
                    }
                } else if self.constants.contains_key(t.as_str()) && self.static_string(k).is_some()
                {
                    return KeyKind::Literal {
                        value: t.clone(),
                        text: t,
                    };
                }
                if low_cardinality_name(&t) {
                    KeyKind::LowCardinality(t)
                } else {
                    KeyKind::Other
                }
            }
            _ => KeyKind::Other,
        }
    }

    /// How a send waits for its result.
    fn wait(&self, inv: Node<'a>, receiver: &str, autoflush: &HashSet<String>) -> Wait {
        // Chained: send(..).get(), send(..).whenComplete(..).join().
        let mut cur = inv;
        for (a, _) in ancestors(inv).take(16) {
            match a.kind() {
                "parenthesized_expression" => cur = a,
                "method_invocation"
                    if a.child_by_field_name("object")
                        .is_some_and(|o| o.id() == cur.id()) =>
                {
                    if matches!(self.call_name(a), "get" | "join") {
                        return Wait::BlockingGet;
                    }
                    cur = a;
                }
                _ => break,
            }
        }
        let Some(stmt) = self.statement_of(inv) else {
            return if autoflush.contains(receiver) {
                Wait::FlushAfter
            } else {
                Wait::None
            };
        };
        let later: Vec<Node<'a>> = stmt
            .parent()
            .map(named)
            .unwrap_or_default()
            .into_iter()
            .filter(|s| s.start_byte() > stmt.start_byte())
            .collect();
        // Stored: `var f = producer.send(..); f.get();` before the next send.
        let stored = inv
            .parent()
            .filter(|p| p.kind() == "variable_declarator")
            .and_then(|p| p.child_by_field_name("name"))
            .map(|n| self.text(n));
        if let Some(var) = stored {
            let mut verdict = None;
            for s in &later {
                walk(*s, |k| {
                    if k.kind() == "method_invocation" {
                        let name = self.call_name(k);
                        if matches!(name, "send" | "sendDefault") {
                            verdict = Some(false);
                            return Step::Stop;
                        }
                        if matches!(name, "get" | "join")
                            && k.child_by_field_name("object")
                                .and_then(|o| self.var_name(o))
                                == Some(var)
                        {
                            verdict = Some(true);
                            return Step::Stop;
                        }
                    }
                    Step::Into
                });
                if verdict.is_some() {
                    break;
                }
            }
            if verdict == Some(true) {
                return Wait::BlockingGet;
            }
        }
        let flush_next = later.first().is_some_and(|s| {
            s.kind() == "expression_statement"
                && named(*s).first().is_some_and(|e| {
                    e.kind() == "method_invocation"
                        && self.call_name(*e) == "flush"
                        && e.child_by_field_name("object")
                            .and_then(|o| self.var_name(o))
                            == Some(receiver)
                })
        });
        if flush_next || autoflush.contains(receiver) {
            Wait::FlushAfter
        } else {
            Wait::None
        }
    }

    /// The statement directly holding `n`, unless a lambda lies in between.
    fn statement_of(&self, n: Node<'a>) -> Option<Node<'a>> {
        for (a, _) in ancestors(n).take(64) {
            match a.kind() {
                "expression_statement" | "local_variable_declaration" | "return_statement" => {
                    return Some(a)
                }
                "lambda_expression" | "class_body" | "method_declaration" => return None,
                _ => {}
            }
        }
        None
    }

    /// Whether a declared element/parameter holds a domain object.
    fn is_domain(&self, ty: Option<Node<'a>>, name: &str) -> bool {
        if entity_name(name) {
            return true;
        }
        let Some(mut ty) = ty else {
            return false;
        };
        for _ in 0..4 {
            let base = self.type_name(ty);
            if base == "var" {
                return false;
            }
            if CARRIERS.contains(&base.as_str()) {
                match self.type_args(ty).last() {
                    Some(inner) => {
                        ty = *inner;
                        continue;
                    }
                    None => return false,
                }
            }
            return !NON_DOMAIN.contains(&base.as_str())
                && !matches!(
                    ty.kind(),
                    "integral_type" | "floating_point_type" | "boolean_type" | "wildcard"
                );
        }
        false
    }

    /// The variable at the root of a collection expression
    /// (`orders.stream().filter(..)` → `orders`), unless a `map` in the
    /// chain turns the elements into something else.
    fn collection_root(&self, coll: Node<'a>) -> Option<Node<'a>> {
        let mut root = strip(coll);
        for _ in 0..16 {
            if self.var_name(root).is_some() {
                return Some(root);
            }
            if root.kind() == "method_invocation"
                && matches!(
                    self.call_name(root),
                    "map" | "flatMap" | "mapToObj" | "mapMulti" | "values" | "keySet"
                )
            {
                return None;
            }
            root = strip(root.child_by_field_name("object")?);
        }
        None
    }

    /// The element type of a collection expression (`orders` declared `List<Order>`).
    fn element_type(&self, coll: Node<'a>) -> Option<Node<'a>> {
        let root = self.collection_root(coll)?;
        let d = self.lookup(self.var_name(root)?, root)?;
        self.type_args(d.ty?).last().copied()
    }

    fn chain_root_name(&self, coll: Node<'a>) -> Option<&'a str> {
        self.collection_root(coll).and_then(|r| self.var_name(r))
    }

    /// The send's payload comes from a domain object the loop iterates over
    /// or the handler receives.
    fn entity_data(&self, inv: Node<'a>, value: Option<Node<'a>>) -> bool {
        let Some(value) = value else {
            return false;
        };
        let mut idents: HashSet<&str> = HashSet::new();
        let mut gather = |n: Node<'a>| {
            walk(n, |k| {
                if k.kind() == "identifier" {
                    idents.insert(self.text(k));
                }
                Step::Into
            })
        };
        gather(value);
        if let Some(name) = self.var_name(value) {
            if let Some(init) = self
                .lookup(name, value)
                .filter(|d| d.kind == DeclKind::Local)
                .and_then(|d| d.value)
            {
                gather(init);
            }
        }
        for (a, child) in ancestors(inv) {
            match a.kind() {
                "enhanced_for_statement"
                    if a.child_by_field_name("body")
                        .is_some_and(|b| b.id() == child.id()) =>
                {
                    let Some(name) = a.child_by_field_name("name").map(|n| self.text(n)) else {
                        continue;
                    };
                    if idents.contains(name) {
                        let ty = a.child_by_field_name("type");
                        let domain = self.is_domain(ty, name)
                            || (ty.is_some_and(|t| self.type_name(t) == "var")
                                && a.child_by_field_name("value")
                                    .and_then(|c| self.chain_root_name(c))
                                    .is_some_and(entity_name));
                        if domain {
                            return true;
                        }
                    }
                }
                "lambda_expression" => {
                    let Some(call) = self.lambda_call(a) else {
                        continue;
                    };
                    if !LOOP_CALLS_ENTITY.contains(&self.call_name(call)) {
                        continue;
                    }
                    let Some(params) = a.child_by_field_name("parameters") else {
                        continue;
                    };
                    let (name, ty) = match params.kind() {
                        "identifier" => (self.text(params), None),
                        "inferred_parameters" => match named(params).first() {
                            Some(p) => (self.text(*p), None),
                            None => continue,
                        },
                        "formal_parameters" => match named(params).first() {
                            Some(p) => (
                                p.child_by_field_name("name")
                                    .map(|n| self.text(n))
                                    .unwrap_or(""),
                                p.child_by_field_name("type"),
                            ),
                            None => continue,
                        },
                        _ => continue,
                    };
                    if !idents.contains(name) {
                        continue;
                    }
                    let coll = call.child_by_field_name("object");
                    let ty = ty.or_else(|| coll.and_then(|c| self.element_type(c)));
                    let domain = self.is_domain(ty, name)
                        || coll
                            .and_then(|c| self.chain_root_name(c))
                            .is_some_and(entity_name);
                    if domain {
                        return true;
                    }
                }
                "method_declaration" => {
                    if self.is_handler(a) {
                        let params = a
                            .child_by_field_name("parameters")
                            .map(named)
                            .unwrap_or_default();
                        for p in params {
                            let Some(name) = p.child_by_field_name("name").map(|n| self.text(n))
                            else {
                                continue;
                            };
                            if idents.contains(name)
                                && self.is_domain(p.child_by_field_name("type"), name)
                            {
                                return true;
                            }
                        }
                    }
                    return false;
                }
                "constructor_declaration" | "program" => return false,
                _ => {}
            }
        }
        false
    }
}

/// Calls whose lambda parameter is one element of a collection.
const LOOP_CALLS_ENTITY: &[&str] = &["forEach", "forEachOrdered", "map", "peek", "filter"];
