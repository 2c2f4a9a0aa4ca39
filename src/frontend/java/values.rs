//! Static values and configuration maps: literals, constants, and the
//! `Properties`/`Map` a producer is built from, traced through locals,
//! fields, helper methods and `Map.of(..)`.

use super::ast::{args, contains, named, strip, walk, DeclKind, Step};
use super::Ctx;
use crate::finding::Span;
use crate::knowledge;
use crate::model::{Library, Provenance, Setting, Value};
use tree_sitter::Node;

/// How many helper methods / maps deep a trace follows.
const MAX_TRACE: u32 = 6;

/// One `key → value` written into a map.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry<'t> {
    pub key: Node<'t>,
    pub value: Node<'t>,
    pub span: Span,
}

/// The entries of a traced map and whether the trace saw everything.
#[derive(Debug, Clone)]
pub(super) struct MapTrace<'t> {
    pub entries: Vec<Entry<'t>>,
    pub complete: bool,
}

impl<'t> MapTrace<'t> {
    fn empty() -> Self {
        MapTrace {
            entries: Vec::new(),
            complete: true,
        }
    }

    pub(super) fn unknown() -> Self {
        MapTrace {
            entries: Vec::new(),
            complete: false,
        }
    }

    fn merge(&mut self, other: MapTrace<'t>) {
        self.entries.extend(other.entries);
        self.complete &= other.complete;
    }
}

const MAP_TYPES: &[&str] = &[
    "Properties",
    "HashMap",
    "LinkedHashMap",
    "TreeMap",
    "ConcurrentHashMap",
    "Hashtable",
];

/// Calls that read a map passed to them without changing it.
const READ_ONLY_CALLS: &[&str] = &[
    "info",
    "debug",
    "warn",
    "error",
    "trace",
    "println",
    "print",
    "printf",
    "format",
    "copyOf",
    "requireNonNull",
    "unmodifiableMap",
    "putAll",
    "add",
    "equals",
    "toString",
    "valueOf",
];

fn unquote(raw: &str) -> String {
    let inner = if raw.len() >= 6 && raw.starts_with("\"\"\"") && raw.ends_with("\"\"\"") {
        raw[3..raw.len() - 3].trim()
    } else if raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') {
        &raw[1..raw.len() - 1]
    } else {
        raw
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn parse_int_literal(text: &str) -> Option<i64> {
    let t = text.replace('_', "");
    let t = t.trim_end_matches(['l', 'L']);
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return i64::from_str_radix(h, 16).ok();
    }
    if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        return i64::from_str_radix(b, 2).ok();
    }
    if t.len() > 1 && t.starts_with('0') {
        return i64::from_str_radix(&t[1..], 8).ok();
    }
    t.parse().ok()
}

impl<'a> Ctx<'a> {
    /// The text of a string literal, unquoted.
    pub(super) fn string_lit(&self, n: Node<'_>) -> Option<String> {
        let n = strip(n);
        (n.kind() == "string_literal").then(|| unquote(self.text(n)))
    }

    /// A string known statically: a literal or a constant holding one.
    pub(super) fn static_string(&self, n: Node<'a>) -> Option<String> {
        match self.eval(n, 0).0 {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Evaluates an expression to a static value where possible.
    pub(super) fn eval(&self, n: Node<'a>, depth: u32) -> (Value, Provenance) {
        let unknown = || {
            (
                Value::Unknown(self.text(n).to_string()),
                Provenance::Literal,
            )
        };
        if depth > MAX_TRACE {
            return unknown();
        }
        let s = strip(n);
        let t = self.text(s);
        match s.kind() {
            "string_literal" => (Value::Str(unquote(t)), Provenance::Literal),
            "decimal_integer_literal"
            | "hex_integer_literal"
            | "octal_integer_literal"
            | "binary_integer_literal" => match parse_int_literal(t) {
                Some(i) => (Value::Int(i), Provenance::Literal),
                None => unknown(),
            },
            "true" => (Value::Bool(true), Provenance::Literal),
            "false" => (Value::Bool(false), Provenance::Literal),
            "unary_expression" => {
                let op = s.child_by_field_name("operator").map(|o| self.text(o));
                let operand = s.child_by_field_name("operand");
                match (op, operand) {
                    (Some("-"), Some(o)) => match self.eval(o, depth + 1) {
                        (Value::Int(i), p) => (Value::Int(-i), p),
                        _ => unknown(),
                    },
                    (Some("+"), Some(o)) => self.eval(o, depth + 1),
                    _ => unknown(),
                }
            }
            "binary_expression" => {
                let (Some(l), Some(r), Some(op)) = (
                    s.child_by_field_name("left"),
                    s.child_by_field_name("right"),
                    s.child_by_field_name("operator"),
                ) else {
                    return unknown();
                };
                let (lv, lp) = self.eval(l, depth + 1);
                let (rv, rp) = self.eval(r, depth + 1);
                let prov = if lp == Provenance::Literal { rp } else { lp };
                match (lv, rv, self.text(op)) {
                    (Value::Int(a), Value::Int(b), "*") => match a.checked_mul(b) {
                        Some(v) => (Value::Int(v), prov),
                        None => unknown(),
                    },
                    (Value::Int(a), Value::Int(b), "+") => match a.checked_add(b) {
                        Some(v) => (Value::Int(v), prov),
                        None => unknown(),
                    },
                    (Value::Int(a), Value::Int(b), "-") => match a.checked_sub(b) {
                        Some(v) => (Value::Int(v), prov),
                        None => unknown(),
                    },
                    (Value::Int(a), Value::Int(b), "/") if b != 0 => (Value::Int(a / b), prov),
                    (Value::Str(a), b, "+") if b.as_text().is_some() => {
                        (Value::Str(a + &b.as_text().unwrap_or_default()), prov)
                    }
                    _ => unknown(),
                }
            }
            "method_invocation" => {
                let obj = self.call_object(s);
                let name = self.call_name(s);
                let a = args(s);
                let converts = matches!(
                    (obj, name),
                    ("String", "valueOf")
                        | ("Integer", "toString" | "valueOf" | "parseInt")
                        | ("Long", "toString" | "valueOf" | "parseLong")
                        | ("Short", "toString" | "valueOf" | "parseShort")
                        | ("Boolean", "toString" | "valueOf" | "parseBoolean")
                );
                if converts && a.len() == 1 {
                    let (v, p) = self.eval(a[0], depth + 1);
                    let v = match (v, name) {
                        (Value::Str(x), "parseInt" | "parseLong" | "parseShort" | "valueOf")
                            if obj != "String" && obj != "Boolean" =>
                        {
                            x.trim().parse().map(Value::Int).unwrap_or(Value::Str(x))
                        }
                        (Value::Str(x), "parseBoolean" | "valueOf") if obj == "Boolean" => {
                            Value::Bool(x.trim().eq_ignore_ascii_case("true"))
                        }
                        (v, _) => v,
                    };
                    if matches!(v, Value::Unknown(_)) {
                        return unknown();
                    }
                    return (v, p);
                }
                unknown()
            }
            "identifier" | "field_access" => {
                match t {
                    "Integer.MAX_VALUE" => {
                        return (Value::Int(i32::MAX as i64), Provenance::Literal)
                    }
                    "Long.MAX_VALUE" => return (Value::Int(i64::MAX), Provenance::Literal),
                    "Short.MAX_VALUE" => return (Value::Int(i16::MAX as i64), Provenance::Literal),
                    "Boolean.TRUE" => return (Value::Bool(true), Provenance::Literal),
                    "Boolean.FALSE" => return (Value::Bool(false), Provenance::Literal),
                    _ => {}
                }
                match self.constant_value(s, depth) {
                    Some((v, name)) => (v, Provenance::Constant(name)),
                    None => unknown(),
                }
            }
            _ => unknown(),
        }
    }

    /// A named constant's value: a local with a literal initializer that is
    /// never reassigned, or a `final` field / interface constant in the file.
    fn constant_value(&self, n: Node<'a>, depth: u32) -> Option<(Value, String)> {
        let (name, qualified) = match n.kind() {
            "identifier" => (self.text(n), false),
            "field_access" => {
                let obj = n.child_by_field_name("object")?;
                let field = self.text(n.child_by_field_name("field")?);
                (field, obj.kind() != "this")
            }
            _ => return None,
        };
        if !qualified {
            if let Some(d) = self.lookup(name, n) {
                let value = d.value?;
                let ok = match d.kind {
                    DeclKind::Local => self.is_final(&d) || !self.reassigned(name, d.scope),
                    DeclKind::Field => self.is_final(&d),
                    _ => false,
                };
                if !ok {
                    return None;
                }
                let (v, _) = self.eval(value, depth + 1);
                return (!matches!(v, Value::Unknown(_))).then(|| (v, name.to_string()));
            }
        }
        let value = *self.constants.get(name)?;
        let (v, _) = self.eval(value, depth + 1);
        (!matches!(v, Value::Unknown(_))).then(|| (v, self.text(n).to_string()))
    }

    fn reassigned(&self, name: &str, scope: Node<'_>) -> bool {
        let mut yes = false;
        walk(scope, |k| {
            if k.kind() == "assignment_expression"
                && k.child_by_field_name("left")
                    .is_some_and(|l| self.var_name(l) == Some(name))
            {
                yes = true;
                return Step::Stop;
            }
            if k.kind() == "update_expression" && self.text(k).contains(name) {
                yes = true;
                return Step::Stop;
            }
            Step::Into
        });
        yes
    }

    /// Traces the map an expression evaluates to.
    pub(super) fn trace_map(&self, expr: Node<'a>, site: Node<'a>, depth: u32) -> MapTrace<'a> {
        if depth > MAX_TRACE {
            return MapTrace::unknown();
        }
        let e = strip(expr);
        match e.kind() {
            "identifier" | "field_access" => {
                let Some(name) = self.var_name(e) else {
                    return MapTrace::unknown();
                };
                let Some(d) = self.lookup(name, e) else {
                    return MapTrace::unknown();
                };
                match d.kind {
                    DeclKind::Local | DeclKind::Field => {
                        let mut t = match d.value {
                            Some(v) => self.trace_map(v, site, depth + 1),
                            None => MapTrace::empty(),
                        };
                        let limit = (d.kind == DeclKind::Local && contains(d.scope, site))
                            .then(|| site.start_byte());
                        let field = d.kind == DeclKind::Field;
                        t.merge(self.mutations(name, d.scope, limit, field, depth + 1));
                        t
                    }
                    _ => MapTrace::unknown(),
                }
            }
            "object_creation_expression" => {
                let ty = self.creation_type(e);
                if !MAP_TYPES.contains(&ty.as_str()) {
                    return MapTrace::unknown();
                }
                let a = args(e);
                let mut t = match a.first() {
                    None => MapTrace::empty(),
                    Some(x) if x.kind().ends_with("integer_literal") => MapTrace::empty(),
                    // new Properties(defaults): defaults are looked up, not copied.
                    Some(_) if ty == "Properties" => MapTrace::unknown(),
                    Some(x) => self.trace_map(*x, site, depth + 1),
                };
                // Double-brace initialisation: `new HashMap<>() {{ put(k, v); }}`.
                if let Some(body) = named(e).into_iter().find(|k| k.kind() == "class_body") {
                    walk(body, |k| {
                        if k.kind() == "method_invocation"
                            && k.child_by_field_name("object")
                                .is_none_or(|o| o.kind() == "this")
                        {
                            t.merge(self.mutation_call(k, depth + 1));
                        }
                        Step::Into
                    });
                }
                t
            }
            "method_invocation" => {
                let obj = self.call_object(e);
                let name = self.call_name(e);
                let a = args(e);
                let map_ctor = matches!(
                    (obj, name),
                    ("Map" | "ImmutableMap", "of") | ("Collections", "singletonMap")
                );
                if map_ctor {
                    let mut t = MapTrace::empty();
                    for pair in a.chunks(2) {
                        if let [k, v] = pair {
                            t.entries.push(Entry {
                                key: *k,
                                value: *v,
                                span: self.idx.span(k.start_byte(), v.end_byte()),
                            });
                        } else {
                            t.complete = false;
                        }
                    }
                    return t;
                }
                if matches!((obj, name), ("Map", "ofEntries")) {
                    let mut t = MapTrace::empty();
                    for x in a {
                        let x = strip(x);
                        let ea = args(x);
                        let is_entry = (x.kind() == "method_invocation"
                            && self.call_name(x) == "entry")
                            || (x.kind() == "object_creation_expression"
                                && self.creation_type(x).ends_with("Entry"));
                        if is_entry && ea.len() == 2 {
                            t.entries.push(Entry {
                                key: ea[0],
                                value: ea[1],
                                span: self.span(x),
                            });
                        } else {
                            t.complete = false;
                        }
                    }
                    return t;
                }
                if matches!((obj, name), ("Collections", "unmodifiableMap")) && a.len() == 1 {
                    return self.trace_map(a[0], site, depth + 1);
                }
                if obj.is_empty() {
                    if let Some(m) = self.methods.get(name) {
                        return self.trace_returns(*m, depth + 1);
                    }
                }
                MapTrace::unknown()
            }
            _ => MapTrace::unknown(),
        }
    }

    /// The maps a helper method returns, merged.
    fn trace_returns(&self, method: Node<'a>, depth: u32) -> MapTrace<'a> {
        let Some(body) = method.child_by_field_name("body") else {
            return MapTrace::unknown();
        };
        let mut t = MapTrace::empty();
        let mut any = false;
        walk(body, |k| match k.kind() {
            "lambda_expression" | "class_body" => Step::Over,
            "return_statement" => {
                if let Some(v) = named(k).into_iter().next() {
                    any = true;
                    t.merge(self.trace_map(v, k, depth));
                }
                Step::Over
            }
            _ => Step::Into,
        });
        if !any {
            t.complete = false;
        }
        t
    }

    /// What one call does to the map it is called on (`put`, `putAll`, `load`).
    fn mutation_call(&self, inv: Node<'a>, depth: u32) -> MapTrace<'a> {
        let mut t = MapTrace::empty();
        let a = args(inv);
        match self.call_name(inv) {
            "put" | "setProperty" | "putIfAbsent" if a.len() == 2 => {
                let span = match inv.parent() {
                    Some(p) if p.kind() == "expression_statement" => self.span(p),
                    _ => self.span(inv),
                };
                t.entries.push(Entry {
                    key: a[0],
                    value: a[1],
                    span,
                });
            }
            "putAll" if a.len() == 1 => t.merge(self.trace_map(a[0], inv, depth)),
            "load" | "loadFromXML" | "compute" | "computeIfAbsent" | "merge" | "replaceAll" => {
                t.complete = false
            }
            _ => {}
        }
        t
    }

    /// Everything done to the map variable `name` inside `scope` (before
    /// byte `limit` when given): calls on it, reassignments, and helper
    /// methods it is handed to.
    pub(super) fn mutations(
        &self,
        name: &str,
        scope: Node<'a>,
        limit: Option<usize>,
        field: bool,
        depth: u32,
    ) -> MapTrace<'a> {
        let mut t = MapTrace::empty();
        if depth > MAX_TRACE {
            return MapTrace::unknown();
        }
        // For a field, a local of the same name elsewhere is another map.
        let shadowed = |k: Node<'a>| {
            field
                && self
                    .lookup(name, k)
                    .is_some_and(|d| d.kind != DeclKind::Field)
        };
        walk(scope, |k| {
            if limit.is_some_and(|l| k.start_byte() >= l) {
                return Step::Stop;
            }
            if matches!(k.kind(), "method_invocation" | "assignment_expression")
                && self.text(k).contains(name)
                && shadowed(k)
            {
                return Step::Into;
            }
            match k.kind() {
                "method_invocation" => {
                    let on_it = k
                        .child_by_field_name("object")
                        .is_some_and(|o| self.var_name(o) == Some(name));
                    if on_it {
                        t.merge(self.mutation_call(k, depth));
                    } else {
                        let a = args(k);
                        if let Some(pos) = a.iter().position(|x| self.var_name(*x) == Some(name)) {
                            t.merge(self.passed_to(k, pos, depth));
                        }
                    }
                }
                "assignment_expression" => {
                    let to_it = k
                        .child_by_field_name("left")
                        .is_some_and(|l| self.var_name(l) == Some(name));
                    if to_it {
                        if let Some(r) = k.child_by_field_name("right") {
                            t.merge(self.trace_map(r, k, depth + 1));
                        }
                    }
                }
                _ => {}
            }
            Step::Into
        });
        t
    }

    /// The map was handed to `inv` as argument `pos`: a helper of this file
    /// is followed, a known read-only call is ignored, anything else may
    /// have changed it.
    fn passed_to(&self, inv: Node<'a>, pos: usize, depth: u32) -> MapTrace<'a> {
        let name = self.call_name(inv);
        let obj = self.call_object(inv);
        if obj.is_empty() {
            if let Some(m) = self.methods.get(name) {
                let param = m
                    .child_by_field_name("parameters")
                    .map(named)
                    .and_then(|ps| ps.get(pos).copied())
                    .and_then(|p| p.child_by_field_name("name"))
                    .map(|n| self.text(n));
                return match (param, m.child_by_field_name("body")) {
                    (Some(p), Some(body)) => self.mutations(p, body, None, false, depth + 1),
                    _ => MapTrace::unknown(),
                };
            }
        }
        if READ_ONLY_CALLS.contains(&name) {
            MapTrace::empty()
        } else {
            MapTrace::unknown()
        }
    }

    /// Converts traced entries to producer settings with canonical keys.
    pub(super) fn settings(&self, entries: &[Entry<'a>]) -> Vec<Setting> {
        entries
            .iter()
            .filter_map(|e| {
                let (key, raw_key) = self.config_key(e.key)?;
                let (value, provenance) = self.eval(e.value, 0);
                Some(Setting {
                    key,
                    raw_key,
                    value,
                    value_span: self.span(e.value),
                    span: e.span,
                    provenance,
                })
            })
            .collect()
    }

    /// `(canonical, as written)` for a config key expression; unmapped
    /// string literals are kept, unmapped constants skipped.
    pub(super) fn config_key(&self, k: Node<'a>) -> Option<(String, String)> {
        let table = knowledge::table(Library::KafkaClients);
        let k = strip(k);
        if let Some(s) = self.string_lit(k) {
            let canon = table.canonical_key(&s).unwrap_or(&s).to_string();
            return Some((canon, s));
        }
        if matches!(k.kind(), "identifier" | "field_access") {
            let raw = self.text(k).to_string();
            if let Some(c) = table.canonical_key(&raw) {
                return Some((c.to_string(), raw));
            }
            if let Some(s) = self.static_string(k) {
                let canon = table.canonical_key(&s).unwrap_or(&s).to_string();
                return Some((canon, raw));
            }
        }
        None
    }
}
