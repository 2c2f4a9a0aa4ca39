//! Kotlin: tree-sitter-kotlin-ng node kinds → IR.
//!
//! What is particular: constructor calls have no `new` (a call of a
//! capitalised name is lowered as [`Kind::New`], except the map factories),
//! a trailing lambda is the call's last argument, `x.use { }` is a
//! resource scope, string templates name variables with `$name`, and
//! `true`/`false`/`null`/`break` come out of this grammar as identifiers.
//! The JVM's client knowledge (kafka-clients, Spring Kafka) is shared with
//! Java through the API tables; the JVM idioms through `java::JVM_*`.

use super::java::{
    JVM_CLOCK_CALLS, JVM_CONVERSIONS, JVM_ENV_READS, JVM_GATE, JVM_LOOP_CALLS, JVM_MAP_TYPES,
    JVM_MESSAGE_ANNOTATIONS, JVM_NON_DOMAIN, JVM_RANDOM_CALLS, JVM_REQUEST_ANNOTATIONS,
};
use crate::frontend::code::field::Fields;
use crate::frontend::code::ir::{Arg, ClassKind, Id, Kind, LoopKind, Param};
use crate::frontend::code::lang::{Elide, Lang, MapShape};
use crate::frontend::code::lower::{parse_int, simple_type, strip_generics, unescape, Lower};
use tree_sitter::Node;

pub const COMMENTS: &[&str] = &["line_comment", "block_comment", "shebang"];

pub fn language() -> tree_sitter::Language {
    tree_sitter_kotlin_ng::LANGUAGE.into()
}

fn kids<'a>(l: &mut Lower<'_>, n: Node<'a>) -> Vec<Node<'a>> {
    l.named_children(n)
}

fn child<'a>(l: &mut Lower<'_>, n: Node<'a>, kind: &str) -> Option<Node<'a>> {
    kids(l, n).into_iter().find(|c| c.kind() == kind)
}

/// Whether `n` has an anonymous child token `tok`.
fn has_token(n: Node<'_>, tok: &str) -> bool {
    let mut c = n.walk();
    let found = n.children(&mut c).any(|k| !k.is_named() && k.kind() == tok);
    found
}

/// Annotation names (simple), annotation nodes, and modifier words.
fn modifiers<'a>(
    l: &mut Lower<'_>,
    n: Node<'a>,
) -> (Vec<Box<str>>, Vec<Node<'a>>, Vec<&'static str>) {
    let mut names = Vec::new();
    let mut nodes = Vec::new();
    let mut words = Vec::new();
    let Some(mods) = child(l, n, "modifiers") else {
        return (names, nodes, words);
    };
    for m in kids(l, mods) {
        match m.kind() {
            "annotation" => {
                let ty = first_type_name(l, m);
                if let Some(t) = ty {
                    names.push(t.into());
                }
                nodes.push(m);
            }
            _ => {
                let t = l.text_of(m);
                for w in ["const", "suspend", "override", "companion", "enum", "data"] {
                    if t == w {
                        words.push(w);
                    }
                }
            }
        }
    }
    (names, nodes, words)
}

/// The simple name of the first type mentioned under `n`.
fn first_type_name<'t>(l: &Lower<'t>, n: Node<'_>) -> Option<&'t str> {
    let mut stack = vec![n];
    while let Some(k) = stack.pop() {
        if k.kind() == "user_type" {
            return Some(simple_type(l.text_of(k)));
        }
        let mut c = k.walk();
        let mut ch: Vec<Node<'_>> = k.named_children(&mut c).collect();
        ch.reverse();
        stack.extend(ch);
    }
    None
}

fn is_type_node(kind: &str) -> bool {
    matches!(
        kind,
        "user_type"
            | "nullable_type"
            | "function_type"
            | "parenthesized_type"
            | "non_nullable_type"
    )
}

fn type_text<'t>(l: &Lower<'t>, n: Node<'_>) -> &'t str {
    l.text_of(n).trim_end_matches('?')
}

/// `name: Type` from a variable_declaration or parameter.
fn name_and_type<'t>(l: &mut Lower<'t>, n: Node<'_>) -> (Option<&'t str>, Option<&'t str>) {
    let mut name = None;
    let mut ty = None;
    for k in kids(l, n) {
        if k.kind() == "identifier" && name.is_none() {
            name = Some(l.text_of(k));
        } else if is_type_node(k.kind()) && ty.is_none() {
            ty = Some(type_text(l, k));
        }
    }
    (name, ty)
}

fn function_params(l: &mut Lower<'_>, list: Option<Node<'_>>) -> Vec<Param> {
    let Some(list) = list else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in kids(l, list) {
        if p.kind() == "parameter" || p.kind() == "class_parameter" {
            let (name, ty) = name_and_type(l, p);
            if let Some(name) = name {
                out.push(l.param(name, ty, p));
            }
        }
    }
    out
}

fn lambda_params(l: &mut Lower<'_>, list: Node<'_>) -> Vec<Param> {
    let mut out = Vec::new();
    for p in kids(l, list) {
        match p.kind() {
            "variable_declaration" => {
                let (name, ty) = name_and_type(l, p);
                out.push(l.param(name.unwrap_or("_"), ty, p));
            }
            // `(a, b) -> ..` destructuring: one parameter, named after the whole.
            "multi_variable_declaration" => out.push(l.param("_", None, p)),
            _ => {}
        }
    }
    out
}

fn lambda(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut params = Vec::new();
    let mut stmts_ts = Vec::new();
    for k in kids(l, n) {
        if k.kind() == "lambda_parameters" {
            params = lambda_params(l, k);
        } else {
            stmts_ts.push(k);
        }
    }
    // `{ producer.send(r) }`: the body is the expression itself.
    if let [one] = stmts_ts.as_slice() {
        if !matches!(
            one.kind(),
            "property_declaration" | "for_statement" | "while_statement" | "assignment"
        ) {
            let body = l.node(*one, id);
            return l.set(id, Kind::Lambda { params, body });
        }
    }
    let body = l.reserve(n, id);
    let count = stmts_ts.len();
    let kept = !discards_lambda_value(l, n);
    let mut stmts = Vec::new();
    for (i, k) in stmts_ts.into_iter().enumerate() {
        let s = l.node(k, body);
        stmts.push(statement(l, s, kept && i + 1 == count));
    }
    l.set(body, Kind::Block(stmts));
    l.set(id, Kind::Lambda { params, body })
}

/// A statement wraps an expression whose value is dropped
/// ([`Kind::Expr`]); the last statement of a lambda is its value and
/// stays bare (`map { producer.send(r) }` keeps the future).
pub(crate) fn statement(l: &mut Lower<'_>, stmt: Id, value_kept: bool) -> Id {
    if value_kept {
        return stmt;
    }
    let wrap = matches!(
        l.kind_of(stmt),
        Kind::Call { .. }
            | Kind::New { .. }
            | Kind::Member { .. }
            | Kind::Await(_)
            | Kind::Cast(_)
            | Kind::Binary { .. }
            | Kind::Index { .. }
            | Kind::Cond { .. }
            | Kind::Name(_)
    );
    if !wrap {
        return stmt;
    }
    let parent = l.parent_of(stmt);
    let (s, e) = l.range_of(stmt);
    let w = l.reserve_range(s, e, parent);
    l.adopt(stmt, w);
    l.set(w, Kind::Expr(stmt))
}

/// A block of statements; with `keep_last`, the last one is the block's value.
fn stmt_block(l: &mut Lower<'_>, n: Node<'_>, parent: Id, keep_last: bool) -> Id {
    let id = l.reserve(n, parent);
    let ks = kids(l, n);
    let count = ks.len();
    let mut stmts = Vec::with_capacity(count);
    for (i, k) in ks.into_iter().enumerate() {
        let s = l.node(k, id);
        stmts.push(statement(l, s, keep_last && i + 1 == count));
    }
    l.set(id, Kind::Block(stmts))
}

/// Calls whose lambda's value is thrown away (`forEach { .. }`).
pub(crate) const DISCARDING_CALLS: &[&str] = &[
    "forEach",
    "forEachIndexed",
    "onEach",
    "repeat",
    "also",
    "apply",
    "foreach",
    "launch",
];

/// Whether the lambda `n` is the trailing lambda of a call that drops its value.
fn discards_lambda_value(l: &Lower<'_>, n: Node<'_>) -> bool {
    let Some(al) = n.parent().filter(|p| p.kind() == "annotated_lambda") else {
        return false;
    };
    let Some(mut call) = al.parent().filter(|p| p.kind() == "call_expression") else {
        return false;
    };
    for _ in 0..4 {
        let Some(callee) = call.named_child(0) else {
            return false;
        };
        match callee.kind() {
            "call_expression" => call = callee,
            "identifier" => return DISCARDING_CALLS.contains(&l.text_of(callee)),
            "navigation_expression" => {
                let last = callee.named_child(callee.named_child_count().saturating_sub(1));
                return last.is_some_and(|x| DISCARDING_CALLS.contains(&l.text_of(x)));
            }
            _ => return false,
        }
    }
    false
}

/// `value_arguments` and a trailing `annotated_lambda` → arguments.
fn arguments(l: &mut Lower<'_>, n: Node<'_>, parent: Id, out: &mut Vec<Arg>) {
    match n.kind() {
        "value_arguments" => {
            for a in kids(l, n) {
                if a.kind() != "value_argument" {
                    continue;
                }
                let parts = kids(l, a);
                let named =
                    has_token(a, "=") && parts.len() >= 2 && parts[0].kind() == "identifier";
                let spread = has_token(a, "*");
                if named {
                    let name = l.text_of(parts[0]).into();
                    let value = l.node(parts[parts.len() - 1], parent);
                    out.push(Arg {
                        name: Some(name),
                        value,
                        spread,
                    });
                } else if let Some(v) = parts.last() {
                    let value = l.node(*v, parent);
                    out.push(Arg {
                        name: None,
                        value,
                        spread,
                    });
                }
            }
        }
        "annotated_lambda" => {
            if let Some(lam) = child(l, n, "lambda_literal") {
                let value = lambda(l, lam, parent);
                out.push(Arg {
                    name: None,
                    value,
                    spread: false,
                });
            }
        }
        _ => {}
    }
}

/// The names `mapOf`, `Map`, … that build maps: never lowered as `new`.
fn is_factory(name: &str) -> bool {
    SPEC.map_factories
        .iter()
        .any(|(q, f, _)| q.is_empty() && *f == name)
}

fn call(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let parts = kids(l, n);
    let Some(callee) = parts.first().copied() else {
        return l.other(n, parent);
    };
    // `f(a) { .. }` is a call of a call with a trailing lambda: one call.
    let flatten = callee.kind() == "call_expression"
        && parts[1..].iter().all(|p| p.kind() == "annotated_lambda");
    let id = l.reserve(n, parent);
    let mut args = Vec::new();
    let (callee, rest): (Node<'_>, Vec<Node<'_>>) = if flatten {
        let inner = kids(l, callee);
        let mut rest: Vec<Node<'_>> = inner.get(1..).unwrap_or(&[]).to_vec();
        rest.extend_from_slice(&parts[1..]);
        match inner.first() {
            Some(c) => (*c, rest),
            None => return l.set(id, Kind::Other(Vec::new())),
        }
    } else {
        (callee, parts[1..].to_vec())
    };
    for r in &rest {
        arguments(l, *r, id, &mut args);
    }
    // Constructors: `KafkaProducer<String, String>(props)`, `java.util.Properties()`.
    let callee_text = l.text_of(callee);
    let last = match callee.kind() {
        "identifier" => Some(callee_text),
        "navigation_expression" => kids(l, callee)
            .last()
            .filter(|k| k.kind() == "identifier")
            .map(|k| l.text_of(*k)),
        _ => None,
    };
    if let Some(name) = last {
        let segments_ok = callee_text
            .split('.')
            .all(|s| s.trim().chars().all(|c| c.is_alphanumeric() || c == '_'));
        if name.starts_with(|c: char| c.is_ascii_uppercase()) && segments_ok && !is_factory(name) {
            return l.set(
                id,
                Kind::New {
                    ty: name.into(),
                    path: strip_generics(callee_text).into(),
                    args,
                    init: None,
                    body: None,
                },
            );
        }
    }
    let func = l.node(callee, id);
    // `p.use { .. }`: a resource scope around the lambda.
    if let (Kind::Member { obj, name }, [a]) = (l.kind_of(func).clone(), args.as_slice()) {
        if &*name == "use" {
            if let Kind::Lambda { body, params } = l.kind_of(a.value).clone() {
                let pname = params.first().map(|p| p.name.clone()).or(Some("it".into()));
                let w = l.reserve(n, parent);
                l.adopt(obj, w);
                l.adopt(body, w);
                // The call node reserved above stays unused, detached.
                return l.set(
                    w,
                    Kind::With {
                        items: vec![(pname, obj)],
                        body,
                    },
                );
            }
        }
    }
    l.set(id, Kind::Call { func, args })
}

fn navigation(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let parts = kids(l, n);
    let id = l.reserve(n, parent);
    if parts.len() < 2 {
        let kids = parts.iter().map(|p| l.node(*p, id)).collect();
        return l.set(id, Kind::Other(kids));
    }
    let obj = l.node(parts[0], id);
    let name = l.text_of(parts[parts.len() - 1]).into();
    l.set(id, Kind::Member { obj, name })
}

/// Decodes a string literal: pieces of text, `$name` and `${expr}`.
fn string(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let raw_string = n.kind() == "multiline_string_literal";
    let id = l.reserve(n, parent);
    let mut parts: Vec<Id> = Vec::new();
    let mut text = String::new();
    let mut c = n.walk();
    let children: Vec<Node<'_>> = n.named_children(&mut c).collect();
    let flush_text = |l: &mut Lower<'_>, text: &mut String, parts: &mut Vec<Id>| {
        if text.is_empty() {
            return;
        }
        // `$name` inside plain text.
        let t = std::mem::take(text);
        let mut piece = String::new();
        let mut chars = t.char_indices().peekable();
        while let Some((i, ch)) = chars.next() {
            let next_ident = t[i + 1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_');
            if ch == '$' && next_ident {
                let rest = &t[i + 1..];
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                if !piece.is_empty() {
                    let s = l.leaf(n, id, Kind::Str(std::mem::take(&mut piece).into()));
                    parts.push(s);
                }
                let name = l.leaf(n, id, Kind::Name(rest[..end].into()));
                parts.push(name);
                for _ in 0..end {
                    chars.next();
                }
            } else {
                piece.push(ch);
            }
        }
        if !piece.is_empty() {
            let s = l.leaf(n, id, Kind::Str(piece.into()));
            parts.push(s);
        }
    };
    for k in children {
        match k.kind() {
            "string_content" => text.push_str(l.text_of(k)),
            "escape_sequence" => {
                if raw_string {
                    text.push_str(l.text_of(k))
                } else {
                    text.push_str(&unescape(l.text_of(k)))
                }
            }
            "interpolation" => {
                flush_text(l, &mut text, &mut parts);
                match kids(l, k).first().copied() {
                    Some(e) => parts.push(l.node(e, id)),
                    None => parts.push(l.leaf(k, id, Kind::Other(Vec::new()))),
                }
            }
            _ => l.comment(k),
        }
    }
    flush_text(l, &mut text, &mut parts);
    match parts.as_slice() {
        [] => l.set(id, Kind::Str("".into())),
        [one] if matches!(l.kind_of(*one), Kind::Str(_)) => {
            let k = l.kind_of(*one).clone();
            l.set(id, k)
        }
        _ => l.set(id, Kind::Template(parts)),
    }
}

fn property(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let (_, _, words) = modifiers(l, n);
    let constant = has_token(n, "val") || words.contains(&"const");
    let (field, static_) = placement(n);
    let id = l.reserve(n, parent);
    let mut names = Vec::new();
    let mut ty = None;
    let mut value = None;
    for k in kids(l, n) {
        match k.kind() {
            "variable_declaration" => {
                let (name, t) = name_and_type(l, k);
                names.extend(name.map(Into::into));
                ty = t.map(Into::into);
            }
            "multi_variable_declaration" => {
                for v in kids(l, k) {
                    let (name, _) = name_and_type(l, v);
                    names.extend(name.map(Into::into));
                }
            }
            "modifiers" | "type_parameters" | "type_constraints" | "getter" | "setter" => {}
            // `val producer by lazy { KafkaProducer(props) }`: the lambda's value.
            "property_delegate" => {
                let inner = kids(l, k).into_iter().next();
                value = inner.map(|i| {
                    let v = l.node(i, id);
                    lazy_value(l, v)
                });
            }
            _ if value.is_none() => value = Some(l.node(k, id)),
            _ => {}
        }
    }
    l.set(
        id,
        Kind::Let {
            names,
            ty,
            value,
            constant,
            field,
            static_,
        },
    )
}

/// `lazy { .. ; value }` → the value of the lambda's last statement.
fn lazy_value(l: &Lower<'_>, v: Id) -> Id {
    if let Kind::Call { func, args } = l.kind_of(v) {
        if matches!(l.kind_of(*func), Kind::Name(n) if &**n == "lazy") {
            if let Some(a) = args.last() {
                if let Kind::Lambda { body, .. } = l.kind_of(a.value) {
                    if let Kind::Block(stmts) = l.kind_of(*body) {
                        if let Some(last) = stmts.last() {
                            return *last;
                        }
                    }
                }
            }
        }
    }
    v
}

/// (field, static) for a declaration: a member of a class, an object or
/// companion object, or the file.
fn placement(n: Node<'_>) -> (bool, bool) {
    let Some(p) = n.parent() else {
        return (false, true);
    };
    match p.kind() {
        "source_file" => (false, true),
        "class_body" | "enum_class_body" => {
            let owner = p.parent().map(|o| o.kind()).unwrap_or("");
            (
                true,
                matches!(owner, "object_declaration" | "companion_object"),
            )
        }
        _ => (false, false),
    }
}

fn function(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let (annotations, ann_nodes, words) = modifiers(l, n);
    let decorators = ann_nodes.into_iter().map(|a| l.other(a, id)).collect();
    let name = l.field_text(n, "name").map(Into::into);
    let mut params = Vec::new();
    let mut returns = None;
    let mut body = None;
    let mut seen_params = false;
    for k in kids(l, n) {
        match k.kind() {
            "function_value_parameters" => {
                params = function_params(l, Some(k));
                seen_params = true;
            }
            t if is_type_node(t) && seen_params && returns.is_none() => {
                returns = Some(strip_generics(type_text(l, k)).into())
            }
            "function_body" => {
                let inner = kids(l, k).into_iter().next();
                body = Some(match inner {
                    Some(b) if b.kind() == "block" => l.node(b, id),
                    // `fun f() = expr`: a body returning the expression.
                    Some(e) => {
                        let r = l.reserve(e, id);
                        let v = l.node(e, r);
                        let b = l.reserve(e, id);
                        l.adopt(r, b);
                        l.set(r, Kind::Return(Some(v)));
                        l.set(b, Kind::Block(vec![r]))
                    }
                    None => l.leaf(k, id, Kind::Block(Vec::new())),
                });
            }
            _ => {}
        }
    }
    let body =
        body.unwrap_or_else(|| l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id));
    let method = matches!(
        n.parent().map(|p| p.kind()),
        Some("class_body" | "enum_class_body")
    );
    l.set(
        id,
        Kind::Func {
            name,
            params,
            body,
            annotations,
            decorators,
            returns,
            is_async: words.contains(&"suspend"),
            method,
        },
    )
}

fn class(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let (annotations, _, words) = modifiers(l, n);
    let kind = match n.kind() {
        "object_declaration" | "companion_object" | "object_literal" => ClassKind::Object,
        _ if has_token(n, "interface") => ClassKind::Interface,
        _ if words.contains(&"enum") => ClassKind::Enum,
        _ => ClassKind::Class,
    };
    let name = l
        .field_text(n, "name")
        .unwrap_or(if n.kind() == "companion_object" {
            "Companion"
        } else {
            ""
        })
        .into();
    let mut bases = Vec::new();
    let mut members = Vec::new();
    let body = l.reserve(n, id);
    for k in kids(l, n) {
        match k.kind() {
            "delegation_specifiers" | "delegation_specifier" => {
                collect_bases(l, k, &mut bases);
            }
            "primary_constructor" => {
                // `class P(private val producer: KafkaProducer<..>)`: fields.
                if let Some(ps) = child(l, k, "class_parameters") {
                    for p in kids(l, ps) {
                        if p.kind() != "class_parameter" {
                            continue;
                        }
                        let (pname, ty) = name_and_type(l, p);
                        let f = l.reserve(p, body);
                        l.set(
                            f,
                            Kind::Let {
                                names: pname.map(Into::into).into_iter().collect(),
                                ty: ty.map(Into::into),
                                value: None,
                                constant: has_token(p, "val"),
                                field: true,
                                static_: false,
                            },
                        );
                        members.push(f);
                    }
                }
            }
            "class_body" | "enum_class_body" => {
                for m in kids(l, k) {
                    match m.kind() {
                        "enum_entry" => {
                            let c = l.reserve(m, body);
                            let en = kids(l, m)
                                .into_iter()
                                .find(|x| x.kind() == "identifier")
                                .map(|x| l.text_of(x))
                                .unwrap_or("");
                            l.set(
                                c,
                                Kind::Let {
                                    names: vec![en.into()],
                                    ty: None,
                                    value: None,
                                    constant: true,
                                    field: true,
                                    static_: true,
                                },
                            );
                            members.push(c);
                        }
                        // A companion object's members are the class's
                        // static members, visible in its methods unqualified.
                        "companion_object" => {
                            if let Some(cb) = child(l, m, "class_body") {
                                for x in kids(l, cb) {
                                    members.push(l.node(x, body));
                                }
                            }
                        }
                        _ => members.push(l.node(m, body)),
                    }
                }
            }
            _ => {}
        }
    }
    l.set(body, Kind::Block(members));
    l.set(
        id,
        Kind::Class {
            name,
            kind,
            bases,
            annotations,
            body,
        },
    )
}

fn collect_bases(l: &mut Lower<'_>, n: Node<'_>, out: &mut Vec<Box<str>>) {
    let mut stack = vec![n];
    while let Some(k) = stack.pop() {
        if k.kind() == "user_type" {
            out.push(strip_generics(l.text_of(k)).into());
            continue;
        }
        if k.kind() == "value_arguments" {
            continue;
        }
        let mut c = k.walk();
        stack.extend(k.named_children(&mut c));
    }
}

/// `object : Callback { override fun onCompletion(..) }` → an anonymous class.
fn object_literal(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut bases = Vec::new();
    for k in kids(l, n) {
        if k.kind() == "delegation_specifiers" || k.kind() == "delegation_specifier" {
            collect_bases(l, k, &mut bases);
        }
    }
    let path: Box<str> = bases.first().cloned().unwrap_or_else(|| "Any".into());
    let body = match child(l, n, "class_body") {
        Some(b) => {
            let bid = l.reserve(b, id);
            let ms = l.lower_children(b, bid);
            Some(l.set(bid, Kind::Block(ms)))
        }
        None => None,
    };
    l.set(
        id,
        Kind::New {
            ty: simple_type(&path).into(),
            path,
            args: Vec::new(),
            init: None,
            body,
        },
    )
}

fn if_expr(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let cond_node = n.field("condition");
    let cond = match cond_node {
        Some(c) => l.node(c, id),
        None => Id::NONE,
    };
    let branches: Vec<Node<'_>> = kids(l, n)
        .into_iter()
        .filter(|k| Some(*k) != cond_node)
        .collect();
    let then = branches.first().map(|b| l.node(*b, id)).unwrap_or(Id::NONE);
    let else_ = branches.get(1).map(|b| l.node(*b, id));
    let blocks = branches.iter().any(|b| b.kind() == "block");
    match else_ {
        Some(b) if !blocks => l.set(
            id,
            Kind::Cond {
                c: cond,
                a: then,
                b,
            },
        ),
        _ => l.set(id, Kind::If { cond, then, else_ }),
    }
}

fn when_expr(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut value = Id::NONE;
    let mut arms = Vec::new();
    for k in kids(l, n) {
        match k.kind() {
            "when_subject" => {
                value = kids(l, k)
                    .into_iter()
                    .last()
                    .map(|v| l.node(v, id))
                    .unwrap_or(Id::NONE)
            }
            "when_entry" => {
                let cond = k.field("condition");
                let pattern = match cond {
                    Some(c) => l.node(c, id),
                    None => l.leaf(k, id, Kind::Name("_".into())),
                };
                let body_node = kids(l, k).into_iter().rfind(|x| Some(*x) != cond);
                let body = match body_node {
                    Some(b) => l.node(b, id),
                    None => l.leaf(k, id, Kind::Block(Vec::new())),
                };
                arms.push(crate::frontend::code::ir::Arm {
                    pattern,
                    guard: None,
                    body,
                });
            }
            _ => {}
        }
    }
    if value.is_none() {
        value = l.leaf(n, id, Kind::Other(Vec::new()));
    }
    l.set(id, Kind::Match { value, arms })
}

fn for_stmt(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut vars = Vec::new();
    let mut var_ty = None;
    let mut iter = None;
    let mut body = Id::NONE;
    for k in kids(l, n) {
        match k.kind() {
            "variable_declaration" => {
                let (name, ty) = name_and_type(l, k);
                vars.extend(name.map(Into::into));
                var_ty = ty.map(Into::into);
            }
            "multi_variable_declaration" => {
                for v in kids(l, k) {
                    let (name, _) = name_and_type(l, v);
                    vars.extend(name.map(Into::into));
                }
            }
            "label" | "annotation" => {}
            _ if iter.is_none() => iter = Some(l.node(k, id)),
            _ => body = l.node(k, id),
        }
    }
    l.set(
        id,
        Kind::Loop {
            kind: LoopKind::Each,
            vars,
            var_ty,
            iter,
            header: Vec::new(),
            body,
        },
    )
}

fn while_stmt(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let cond_node = n.field("condition");
    let iter = cond_node.map(|c| l.node(c, id));
    let body = kids(l, n)
        .into_iter()
        .find(|k| Some(*k) != cond_node)
        .map(|b| l.node(b, id))
        .unwrap_or(Id::NONE);
    l.set(
        id,
        Kind::Loop {
            kind: LoopKind::While,
            vars: Vec::new(),
            var_ty: None,
            iter,
            header: Vec::new(),
            body,
        },
    )
}

fn try_expr(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut body = Id::NONE;
    let mut catches = Vec::new();
    let mut finally = None;
    for k in kids(l, n) {
        match k.kind() {
            "block" => body = l.node(k, id),
            "catch_block" => {
                let parts = kids(l, k);
                let var = parts
                    .iter()
                    .find(|x| x.kind() == "identifier")
                    .map(|x| l.text_of(*x).into());
                let b = parts
                    .iter()
                    .find(|x| x.kind() == "block")
                    .map(|b| l.node(*b, id))
                    .unwrap_or(Id::NONE);
                catches.push((var, b));
            }
            "finally_block" => {
                finally = kids(l, k).into_iter().next().map(|b| l.node(b, id));
            }
            _ => {}
        }
    }
    l.set(
        id,
        Kind::Try {
            body,
            catches,
            finally,
        },
    )
}

fn import(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let parts = kids(l, n);
    let path = parts
        .iter()
        .find(|k| k.kind() == "qualified_identifier" || k.kind() == "identifier")
        .map(|k| l.text_of(*k))
        .unwrap_or("");
    let alias = parts
        .iter()
        .skip(1)
        .find(|k| k.kind() == "identifier")
        .map(|k| l.text_of(*k));
    let wildcard = l.text_of(n).trim_end().ends_with('*');
    let (pkg, simple, full) = if wildcard {
        (path.to_string(), "*".to_string(), format!("{path}.*"))
    } else {
        let (p, s) = path.rsplit_once('.').unwrap_or(("", path));
        (p.to_string(), s.to_string(), path.to_string())
    };
    let local = alias.map(str::to_string).unwrap_or(simple);
    l.leaf(
        n,
        parent,
        Kind::Import {
            path: pkg.into(),
            names: vec![(local.into(), full.into())],
        },
    )
}

pub fn lower(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    match n.kind() {
        "source_file" | "block" | "statements" | "control_structure_body" => {
            stmt_block(l, n, parent, false)
        }
        "class_body" => l.block(n, parent),
        "string_literal" | "multiline_string_literal" => string(l, n, parent),
        "character_literal" => {
            let v = unescape(crate::frontend::code::lower::unquote(l.text_of(n)));
            l.leaf(n, parent, Kind::Str(v.into()))
        }
        "number_literal" => match parse_int(l.text_of(n)) {
            Some(v) => l.leaf(n, parent, Kind::Int(v)),
            None => l.leaf(n, parent, Kind::Other(Vec::new())),
        },
        "float_literal" => {
            let t = l.text_of(n).trim_end_matches(['f', 'F']);
            let v = t.replace('_', "").parse().unwrap_or(0.0);
            l.leaf(n, parent, Kind::Float(v))
        }
        "identifier" => match l.text_of(n) {
            "true" => l.leaf(n, parent, Kind::Bool(true)),
            "false" => l.leaf(n, parent, Kind::Bool(false)),
            "null" => l.leaf(n, parent, Kind::Null),
            _ => l.name(n, parent),
        },
        "this_expression" => l.leaf(n, parent, Kind::Name("this".into())),
        "super_expression" => l.leaf(n, parent, Kind::Name("super".into())),
        "navigation_expression" => navigation(l, n, parent),
        "call_expression" => call(l, n, parent),
        "index_expression" => {
            let id = l.reserve(n, parent);
            let parts = kids(l, n);
            let obj = parts.first().map(|o| l.node(*o, id)).unwrap_or(Id::NONE);
            let index = parts.get(1).map(|i| l.node(*i, id)).unwrap_or(Id::NONE);
            l.set(id, Kind::Index { obj, index })
        }
        "infix_expression" => {
            let id = l.reserve(n, parent);
            let parts = kids(l, n);
            if parts.len() != 3 {
                let ks = parts.iter().map(|p| l.node(*p, id)).collect();
                return l.set(id, Kind::Other(ks));
            }
            let left = l.node(parts[0], id);
            let op = l.text_of(parts[1]).into();
            let right = l.node(parts[2], id);
            l.set(
                id,
                Kind::Binary {
                    op,
                    l: left,
                    r: right,
                },
            )
        }
        "binary_expression" => l.binary(n, parent),
        "range_expression" | "in_expression" | "is_expression" => {
            let id = l.reserve(n, parent);
            let parts = kids(l, n);
            let left = parts.first().map(|p| l.node(*p, id)).unwrap_or(Id::NONE);
            let right = parts.get(1).map(|p| l.node(*p, id)).unwrap_or(Id::NONE);
            let op = match n.kind() {
                "range_expression" => "..",
                "in_expression" => "in",
                _ => "is",
            };
            l.set(
                id,
                Kind::Binary {
                    op: op.into(),
                    l: left,
                    r: right,
                },
            )
        }
        "unary_expression" => {
            let id = l.reserve(n, parent);
            let e = l.field(n, "argument", id).unwrap_or(Id::NONE);
            let op = l.field_text(n, "operator").unwrap_or("");
            match op {
                // `x!!`: the value itself.
                "!!" => l.set(id, Kind::Cast(e)),
                "++" | "--" => l.set(id, Kind::Update(e)),
                _ => l.set(id, Kind::Unary { op: op.into(), e }),
            }
        }
        "as_expression" => {
            let id = l.reserve(n, parent);
            let v = l.field(n, "left", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Cast(v))
        }
        "parenthesized_expression" | "annotated_expression" | "labeled_expression" => {
            match kids(l, n)
                .into_iter()
                .rfind(|k| k.kind() != "annotation" && k.kind() != "label")
            {
                Some(inner) => l.node(inner, parent),
                None => l.leaf(n, parent, Kind::Other(Vec::new())),
            }
        }
        "spread_expression" => l.wrap_first(n, parent, Kind::Spread),
        "collection_literal" => {
            let id = l.reserve(n, parent);
            let items = l.lower_children(n, id);
            l.set(id, Kind::List(items))
        }
        "assignment" => {
            let id = l.reserve(n, parent);
            let target = l.field(n, "left", id).unwrap_or(Id::NONE);
            let value = l.field(n, "right", id).unwrap_or(Id::NONE);
            let op = l.field_text(n, "operator").unwrap_or("=");
            let op = (op != "=").then(|| op.trim_end_matches('=').into());
            l.set(id, Kind::Assign { target, value, op })
        }
        "lambda_literal" => lambda(l, n, parent),
        "anonymous_function" => {
            let id = l.reserve(n, parent);
            let list = child(l, n, "function_value_parameters");
            let ps = function_params(l, list);
            let body = match child(l, n, "function_body") {
                Some(b) => match kids(l, b).into_iter().next() {
                    Some(x) => l.node(x, id),
                    None => l.leaf(b, id, Kind::Block(Vec::new())),
                },
                None => l.leaf(n, id, Kind::Block(Vec::new())),
            };
            l.set(id, Kind::Lambda { params: ps, body })
        }
        "callable_reference" => {
            // `this::publish`, `::publish`, `Foo::bar`.
            let parts = kids(l, n);
            let id = l.reserve(n, parent);
            let name = parts.last().map(|p| l.text_of(*p)).unwrap_or("").into();
            let obj = if parts.len() >= 2 {
                l.node(parts[0], id)
            } else {
                l.leaf(n, id, Kind::Name("this".into()))
            };
            l.set(id, Kind::Member { obj, name })
        }
        "if_expression" => if_expr(l, n, parent),
        "when_expression" => when_expr(l, n, parent),
        "for_statement" => for_stmt(l, n, parent),
        "while_statement" | "do_while_statement" => while_stmt(l, n, parent),
        "try_expression" => try_expr(l, n, parent),
        "return_expression" => {
            let id = l.reserve(n, parent);
            let label = n.field("label");
            let v = kids(l, n)
                .into_iter()
                .find(|k| Some(*k) != label)
                .map(|k| l.node(k, id));
            l.set(id, Kind::Return(v))
        }
        "throw_expression" => l.wrap_first(n, parent, Kind::Throw),
        "property_declaration" => property(l, n, parent),
        "function_declaration" | "secondary_constructor" => function(l, n, parent),
        "anonymous_initializer" => match kids(l, n).into_iter().find(|k| k.kind() == "block") {
            Some(b) => l.node(b, parent),
            None => l.leaf(n, parent, Kind::Other(Vec::new())),
        },
        "class_declaration" | "object_declaration" | "companion_object" => class(l, n, parent),
        "object_literal" => object_literal(l, n, parent),
        "import" => import(l, n, parent),
        "package_header" => {
            let t = l.text_of(n);
            let pkg = t.trim_start_matches("package").trim().trim_end_matches(';');
            l.package = Some(pkg.to_string());
            l.leaf(n, parent, Kind::Other(Vec::new()))
        }
        "annotation" | "modifiers" | "type_alias" | "file_annotation" | "user_type"
        | "nullable_type" | "type_arguments" | "label" => {
            l.leaf(n, parent, Kind::Other(Vec::new()))
        }
        _ => l.other(n, parent),
    }
}

pub static SPEC: Lang = Lang {
    id: "kotlin",
    language,
    lower,
    comments: COMMENTS,
    map_types: JVM_MAP_TYPES,
    map_factories: &[
        ("", "mapOf", MapShape::Pairs),
        ("", "mutableMapOf", MapShape::Pairs),
        ("", "hashMapOf", MapShape::Pairs),
        ("", "linkedMapOf", MapShape::Pairs),
        ("", "sortedMapOf", MapShape::Pairs),
        ("", "buildMap", MapShape::Builder),
        ("Map", "of", MapShape::Alternating),
        ("Collections", "singletonMap", MapShape::Alternating),
        ("Map", "ofEntries", MapShape::Entries),
        ("Collections", "unmodifiableMap", MapShape::Copy),
        ("Map", "copyOf", MapShape::Copy),
    ],
    pair_ops: &["to"],
    put_methods: &["put", "setProperty", "putIfAbsent", "set"],
    merge_methods: &["putAll"],
    opaque_methods: &[
        "load",
        "loadFromXML",
        "compute",
        "computeIfAbsent",
        "merge",
        "replaceAll",
        "clear",
        "remove",
    ],
    read_only_calls: &[
        "info",
        "debug",
        "warn",
        "error",
        "trace",
        "println",
        "print",
        "format",
        "require",
        "requireNotNull",
        "check",
        "equals",
        "toString",
        "add",
        "putAll",
        "addAll",
        "of",
        "listOf",
    ],
    scope_functions: &["apply", "also", "run", "with"],
    views: &["toMap", "toMutableMap", "toProperties", "toSortedMap"],
    loop_calls: JVM_LOOP_CALLS,
    message_annotations: JVM_MESSAGE_ANNOTATIONS,
    request_annotations: JVM_REQUEST_ANNOTATIONS,
    message_handler_names: &["onMessage", "handleMessage", "onEvent", "consume", "listen"],
    request_handler_names: &["doPost", "doGet", "doPut", "doDelete", "handleRequest"],
    request_param_types: &[
        "HttpServletRequest",
        "ServerRequest",
        "ApplicationCall",
        "RoutingContext",
    ],
    request_bases: &[],
    // Ktor: `routing { post("/orders") { .. } }`.
    route_calls: &["post", "put", "patch", "delete"],
    poll_calls: &["poll"],
    handler_return_types: &["Consumer", "Function", "BiConsumer", "BiFunction"],
    constants: &[
        ("Integer.MAX_VALUE", i32::MAX as i64),
        ("Int.MAX_VALUE", i32::MAX as i64),
        ("Long.MAX_VALUE", i64::MAX),
        ("Short.MAX_VALUE", i16::MAX as i64),
    ],
    bool_constants: &[],
    durations: &[
        ("Duration.ofMillis", 1.0),
        ("Duration.ofSeconds", 1000.0),
        ("Duration.ofMinutes", 60_000.0),
        (".milliseconds", 1.0),
        (".seconds", 1000.0),
        (".minutes", 60_000.0),
    ],
    clock_calls: JVM_CLOCK_CALLS,
    clock_types: &["Date", "Timestamp", "GregorianCalendar"],
    random_calls: JVM_RANDOM_CALLS,
    random_types: &["Random", "SecureRandom", "SplittableRandom"],
    conversions: JVM_CONVERSIONS,
    non_domain_types: JVM_NON_DOMAIN,
    env_reads: JVM_ENV_READS,
    serializers: &[
        "writeValueAsString",
        "writeValueAsBytes",
        "encodeToString",
        "toJson",
        "serialize",
        "encode",
        "toByteArray",
    ],
    this_names: &["this"],
    assign_declares: false,
    file_loads: &["load"],
    file_openers: super::java::JVM_FILE_OPENERS,
    map_merge_ops: &["+"],
    export_objects: &[],
    async_lambda: "",
    gate: JVM_GATE,
    elide: Elide::Braces { keywords: &[] },
};
