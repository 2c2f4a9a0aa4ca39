//! JavaScript and TypeScript: tree-sitter-javascript and
//! tree-sitter-typescript (and its TSX dialect) node kinds → IR, and the
//! languages' tables. One mapping serves both: TypeScript only adds node
//! kinds (types, decorators on class members, parameter properties, enums,
//! `as`/`satisfies`/`!`), which lower to nothing or to their value.
//!
//! What JavaScript adds to the shared IR:
//! - `require('m')` and `import` forms become `Import`s: `const { Kafka } =
//!   require('kafkajs')` imports `Kafka` as `kafkajs.Kafka`, `const Kafka =
//!   require('node-rdkafka')` the module itself, `require('m').KafkaJS`
//!   the member's names;
//! - object literals are `Object`s whose bare keys are `Key::Name`
//!   (shorthand `{ key }` included) and quoted keys `Key::Expr`;
//! - a function-valued property (`eachMessage: async (..) => ..`, `run() {..}`)
//!   is a named function, so handler names apply to it;
//! - `export const`, `export default` are the declaration itself; module
//!   level `const`s are constants.

use crate::frontend::code::field::Fields;
use crate::frontend::code::ir::{Arg, ClassKind, Id, Key, Kind, LoopKind, Param};
use crate::frontend::code::lang::{Elide, GateSyntax, Lang, MapShape};
use crate::frontend::code::lower::{
    parse_int, simple_type, strip_generics, unescape, unquote, Lower,
};
use tree_sitter::Node;

pub const COMMENTS: &[&str] = &["comment", "html_comment"];

pub fn language_js() -> tree_sitter::Language {
    tree_sitter_javascript::LANGUAGE.into()
}

pub fn language_ts() -> tree_sitter::Language {
    tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()
}

pub fn language_tsx() -> tree_sitter::Language {
    tree_sitter_typescript::LANGUAGE_TSX.into()
}

fn empty(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    l.leaf(n, parent, Kind::Other(Vec::new()))
}

/// The text of a type annotation without its colon.
fn type_text<'t>(l: &Lower<'t>, n: Option<Node<'_>>) -> Option<&'t str> {
    let t = l.text_of(n?).trim();
    let t = t.strip_prefix(':').unwrap_or(t).trim();
    (!t.is_empty()).then_some(t)
}

/// The module a `require('m')` call (or `import('m')`) loads, when `n` is one.
fn required_module(l: &Lower<'_>, n: Node<'_>) -> Option<String> {
    let n = if n.kind() == "await_expression" {
        n.named_child(0)?
    } else {
        n
    };
    if n.kind() != "call_expression" {
        return None;
    }
    let f = n.field("function")?;
    let ft = l.text_of(f);
    if ft != "require" && ft != "import" {
        return None;
    }
    let args = n.field("arguments")?;
    let first = args.named_child(0)?;
    (first.kind() == "string").then(|| unquote(l.text_of(first)).to_string())
}

/// `require('m')`, `require('m').A.B`: the module path and member path.
fn require_target(l: &Lower<'_>, n: Node<'_>) -> Option<String> {
    if let Some(m) = required_module(l, n) {
        return Some(m);
    }
    if n.kind() == "member_expression" {
        let obj = n.field("object")?;
        let prop = l.field_text(n, "property")?;
        let base = require_target(l, obj)?;
        return Some(format!("{base}.{prop}"));
    }
    None
}

/// Names bound by a destructuring pattern: (local, property).
fn pattern_names(l: &mut Lower<'_>, p: Node<'_>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match p.kind() {
        "identifier" => out.push((l.text_of(p).to_string(), l.text_of(p).to_string())),
        "object_pattern" => {
            for c in l.named_children(p) {
                match c.kind() {
                    "shorthand_property_identifier_pattern" => {
                        let t = l.text_of(c).to_string();
                        out.push((t.clone(), t));
                    }
                    "pair_pattern" => {
                        let key = l.field_text(c, "key").map(|k| unquote(k).to_string());
                        if let (Some(k), Some(v)) = (key, c.field("value")) {
                            let local = if v.kind() == "assignment_pattern" {
                                v.field("left").map(|x| l.text_of(x))
                            } else {
                                Some(l.text_of(v))
                            };
                            if let Some(local) = local {
                                out.push((local.to_string(), k));
                            }
                        }
                    }
                    "object_assignment_pattern" => {
                        if let Some(left) = c.field("left") {
                            let t = l.text_of(left).to_string();
                            out.push((t.clone(), t));
                        }
                    }
                    _ => {}
                }
            }
        }
        "array_pattern" => {
            for c in l.named_children(p) {
                if c.kind() == "identifier" {
                    let t = l.text_of(c).to_string();
                    out.push((t.clone(), t));
                }
            }
        }
        _ => {}
    }
    out
}

fn params(l: &mut Lower<'_>, n: Node<'_>) -> Vec<Param> {
    if let Some(p) = n.field("parameter") {
        return vec![l.param(l.text_of(p), None, p)];
    }
    let Some(list) = n.field("parameters") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in l.named_children(list) {
        let (pat, ty) = match p.kind() {
            "required_parameter" | "optional_parameter" => {
                (p.field("pattern"), type_text(l, p.field("type")))
            }
            "assignment_pattern" => (p.field("left"), None),
            _ => (Some(p), None),
        };
        let Some(pat) = pat else { continue };
        let pat = if pat.kind() == "rest_pattern" {
            pat.named_child(0).unwrap_or(pat)
        } else {
            pat
        };
        let name = match pat.kind() {
            "identifier" => l.text_of(pat).to_string(),
            // `({ message }) => ..`: the pattern as written.
            _ => l.text_of(pat).to_string(),
        };
        out.push(l.param(&name, ty, p));
    }
    out
}

/// Parameter properties of a TypeScript constructor
/// (`constructor(private readonly producer: Producer)`): fields.
fn parameter_fields(l: &mut Lower<'_>, ctor: Node<'_>, parent: Id) -> Vec<Id> {
    let Some(list) = ctor.field("parameters") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in l.named_children(list) {
        if p.kind() != "required_parameter" && p.kind() != "optional_parameter" {
            continue;
        }
        let mut c = p.walk();
        let is_prop = p
            .children(&mut c)
            .any(|k| matches!(k.kind(), "accessibility_modifier" | "readonly"));
        if !is_prop {
            continue;
        }
        let Some(name) = p.field("pattern").map(|x| l.text_of(x)) else {
            continue;
        };
        let ty = type_text(l, p.field("type")).map(Into::into);
        let id = l.leaf(
            p,
            parent,
            Kind::Let {
                names: vec![name.into()],
                ty,
                value: None,
                constant: false,
                field: true,
                static_: false,
            },
        );
        out.push(id);
    }
    out
}

/// Decorator names (`Post` for `@Post('/x')`, `EventPattern`) and nodes.
fn decorators<'a>(l: &mut Lower<'_>, ds: &[Node<'a>]) -> Vec<Box<str>> {
    let mut out = Vec::new();
    for d in ds {
        let Some(inner) = d.named_child(0) else {
            continue;
        };
        let target = if inner.kind() == "call_expression" {
            inner.field("function").unwrap_or(inner)
        } else {
            inner
        };
        let t = l.text_of(target);
        out.push(t.rsplit('.').next().unwrap_or(t).into());
    }
    out
}

fn field_decorators<'a>(n: Node<'a>) -> Vec<Node<'a>> {
    let mut c = n.walk();
    n.children_by_field_name("decorator", &mut c).collect()
}

fn is_async(l: &Lower<'_>, n: Node<'_>) -> bool {
    let mut c = n.walk();
    let r = n.children(&mut c).any(|k| l.text_of(k) == "async");
    r
}

fn body_of(l: &mut Lower<'_>, n: Node<'_>, id: Id) -> Id {
    match n.field("body") {
        Some(b) => l.node(b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    }
}

/// A function declaration or method (also a function-valued property
/// named `name`).
fn func(
    l: &mut Lower<'_>,
    n: Node<'_>,
    parent: Id,
    name: Option<&str>,
    method: bool,
    extra_decorators: &[Node<'_>],
) -> Id {
    let id = l.reserve(n, parent);
    let mut ds = extra_decorators.to_vec();
    ds.extend(field_decorators(n));
    let annotations = decorators(l, &ds);
    let decorator_ids = ds.iter().map(|d| l.other(*d, id)).collect();
    let ps = params(l, n);
    let returns = type_text(l, n.field("return_type")).map(Into::into);
    let body = body_of(l, n, id);
    let name = name
        .map(str::to_string)
        .or_else(|| l.field_text(n, "name").map(str::to_string));
    l.set(
        id,
        Kind::Func {
            name: name.map(Into::into),
            params: ps,
            body,
            annotations,
            decorators: decorator_ids,
            returns,
            is_async: is_async(l, n),
            method,
        },
    )
}

fn lambda(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let ps = params(l, n);
    let body = body_of(l, n, id);
    l.set(id, Kind::Lambda { params: ps, body })
}

fn is_function_node(n: Node<'_>) -> bool {
    matches!(
        n.kind(),
        "arrow_function" | "function_expression" | "function" | "generator_function"
    )
}

fn class(l: &mut Lower<'_>, n: Node<'_>, parent: Id, kind: ClassKind) -> Id {
    let id = l.reserve(n, parent);
    let ds = field_decorators(n);
    let annotations = decorators(l, &ds);
    let name = l.field_text(n, "name").unwrap_or("").into();
    let mut bases = Vec::new();
    for c in l.named_children(n) {
        if c.kind() != "class_heritage" {
            continue;
        }
        for h in l.named_children(c) {
            match h.kind() {
                "extends_clause" | "implements_clause" => {
                    for t in l.named_children(h) {
                        if t.kind() != "type_arguments" {
                            bases.push(simple_type(strip_generics(l.text_of(t))).into());
                        }
                    }
                }
                _ => bases.push(simple_type(l.text_of(h)).into()),
            }
        }
    }
    let body = match n.field("body") {
        Some(b) => class_body(l, b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
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

fn has_word(l: &Lower<'_>, n: Node<'_>, word: &str) -> bool {
    let mut c = n.walk();
    let r = n.children(&mut c).any(|k| l.text_of(k) == word);
    r
}

fn class_body(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut items = Vec::new();
    let mut pending: Vec<Node<'_>> = Vec::new();
    for c in l.named_children(n) {
        match c.kind() {
            "decorator" => pending.push(c),
            "method_definition" => {
                let name = l.field_text(c, "name").map(str::to_string);
                if name.as_deref() == Some("constructor") {
                    items.extend(parameter_fields(l, c, id));
                }
                let ds = std::mem::take(&mut pending);
                items.push(func(l, c, id, name.as_deref(), true, &ds));
            }
            "field_definition" | "public_field_definition" => {
                pending.clear();
                let f = l.reserve(c, id);
                let name = l
                    .field_text(c, "name")
                    .or_else(|| l.field_text(c, "property"))
                    .unwrap_or("")
                    .trim_start_matches('#');
                let ty = type_text(l, c.field("type")).map(Into::into);
                let value = c.field("value");
                let value = match value {
                    Some(v) if is_function_node(v) => {
                        let nm = name.to_string();
                        Some(func(l, v, f, Some(&nm), true, &[]))
                    }
                    Some(v) => Some(l.node(v, f)),
                    None => None,
                };
                let static_ = has_word(l, c, "static");
                let constant = has_word(l, c, "readonly");
                l.set(
                    f,
                    Kind::Let {
                        names: vec![name.into()],
                        ty,
                        value,
                        constant,
                        field: true,
                        static_,
                    },
                );
                items.push(f);
            }
            _ => {
                pending.clear();
                items.push(l.node(c, id));
            }
        }
    }
    l.set(id, Kind::Block(items))
}

/// `const a = 1, b = 2` (also `let`, `var`): one `Let` per declarator.
fn declaration(l: &mut Lower<'_>, n: Node<'_>, parent: Id, top: bool) -> Id {
    let constant = l.text_of(n).trim_start().starts_with("const");
    let decls: Vec<Node<'_>> = l
        .named_children(n)
        .into_iter()
        .filter(|c| c.kind() == "variable_declarator")
        .collect();
    let outer = l.reserve(n, parent);
    let mut items = Vec::new();
    for d in decls {
        let Some(name_node) = d.field("name") else {
            continue;
        };
        let value_node = d.field("value");
        // `const x = require('m')`, `const { A } = require('m').B`.
        if let Some(target) = value_node.and_then(|v| require_target(l, v)) {
            let names: Vec<(Box<str>, Box<str>)> = if name_node.kind() == "identifier" {
                vec![(l.text_of(name_node).into(), target.clone().into())]
            } else {
                pattern_names(l, name_node)
                    .into_iter()
                    .map(|(local, prop)| (local.into(), format!("{target}.{prop}").into()))
                    .collect()
            };
            let module = required_module(l, value_node.unwrap_or(d))
                .or_else(|| target.split('.').next().map(str::to_string))
                .unwrap_or_default();
            items.push(l.leaf(
                d,
                outer,
                Kind::Import {
                    path: module.into(),
                    names,
                },
            ));
            continue;
        }
        if name_node.kind() != "identifier" {
            // Destructuring: each name, its value not followed.
            let names: Vec<Box<str>> = pattern_names(l, name_node)
                .into_iter()
                .map(|(local, _)| local.into())
                .collect();
            let id = l.leaf(
                d,
                outer,
                Kind::Let {
                    names,
                    ty: None,
                    value: None,
                    constant,
                    field: false,
                    static_: top,
                },
            );
            items.push(id);
            // The value stays visible to walks as a statement of its own.
            if let Some(v) = value_node {
                let e = l.reserve(v, outer);
                let inner = l.node(v, e);
                items.push(l.set(e, Kind::Expr(inner)));
            }
            continue;
        }
        let name = l.text_of(name_node).to_string();
        let id = l.reserve(d, outer);
        let ty = type_text(l, d.field("type")).map(Into::into);
        let value = match value_node {
            Some(v) if is_function_node(v) && top => Some(func(l, v, id, Some(&name), false, &[])),
            Some(v) => Some(l.node(v, id)),
            None => None,
        };
        l.set(
            id,
            Kind::Let {
                names: vec![name.into()],
                ty,
                value,
                constant,
                field: false,
                static_: top,
            },
        );
        items.push(id);
    }
    if items.len() == 1 {
        let only = items[0];
        // The single declarator stands for the statement.
        l.adopt(only, parent);
        return only;
    }
    l.set(outer, Kind::Block(items))
}

fn import_statement(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let source = n.field("source").map(|s| unquote(l.text_of(s)).to_string());
    let mut names: Vec<(Box<str>, Box<str>)> = Vec::new();
    let mut module = source.clone().unwrap_or_default();
    for c in l.named_children(n) {
        match c.kind() {
            "import_clause" => {
                for k in l.named_children(c) {
                    match k.kind() {
                        // `import Kafka from 'm'`: the module's default export.
                        "identifier" => names.push((l.text_of(k).into(), module.clone().into())),
                        "namespace_import" => {
                            if let Some(i) = l.named_children(k).into_iter().next() {
                                names.push((l.text_of(i).into(), module.clone().into()));
                            }
                        }
                        "named_imports" => {
                            for s in l.named_children(k) {
                                if s.kind() != "import_specifier" {
                                    continue;
                                }
                                let Some(name) = l.field_text(s, "name") else {
                                    continue;
                                };
                                let name = unquote(name);
                                let alias = l.field_text(s, "alias").unwrap_or(name);
                                names.push((alias.into(), format!("{module}.{name}").into()));
                            }
                        }
                        _ => {}
                    }
                }
            }
            // TypeScript `import Kafka = require('node-rdkafka')`.
            "import_require_clause" => {
                if let Some(src) = c.field("source") {
                    module = unquote(l.text_of(src)).to_string();
                }
                if let Some(i) = l
                    .named_children(c)
                    .into_iter()
                    .find(|k| k.kind() == "identifier")
                {
                    names.push((l.text_of(i).into(), module.clone().into()));
                }
            }
            _ => {}
        }
    }
    l.leaf(
        n,
        parent,
        Kind::Import {
            path: module.into(),
            names,
        },
    )
}

fn args(l: &mut Lower<'_>, list: Option<Node<'_>>, parent: Id) -> Vec<Arg> {
    let Some(list) = list else {
        return Vec::new();
    };
    if list.kind() == "template_string" {
        return vec![Arg {
            name: None,
            value: l.node(list, parent),
            spread: false,
        }];
    }
    let mut out = Vec::new();
    for a in l.named_children(list) {
        if a.kind() == "spread_element" {
            let inner = a.named_child(0);
            let v = match inner {
                Some(i) => l.node(i, parent),
                None => empty(l, a, parent),
            };
            out.push(Arg {
                name: None,
                value: v,
                spread: true,
            });
            continue;
        }
        out.push(Arg {
            name: None,
            value: l.node(a, parent),
            spread: false,
        });
    }
    out
}

fn object(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut entries = Vec::new();
    for c in l.named_children(n) {
        match c.kind() {
            "pair" => {
                let Some(k) = c.field("key") else {
                    continue;
                };
                let key_name = match k.kind() {
                    "property_identifier" | "private_property_identifier" => {
                        Some(l.text_of(k).to_string())
                    }
                    _ => None,
                };
                let key = match k.kind() {
                    "property_identifier" | "private_property_identifier" => {
                        Key::Name(l.text_of(k).into())
                    }
                    "computed_property_name" => match k.named_child(0) {
                        Some(inner) => Key::Expr(l.node(inner, id)),
                        None => Key::Expr(empty(l, k, id)),
                    },
                    _ => Key::Expr(l.node(k, id)),
                };
                let value = match c.field("value") {
                    // `eachMessage: async ({ message }) => ..`: a named function.
                    Some(v) if is_function_node(v) && key_name.is_some() => {
                        func(l, v, id, key_name.as_deref(), false, &[])
                    }
                    Some(v) => l.node(v, id),
                    None => empty(l, c, id),
                };
                entries.push(l.entry(key, value, c));
            }
            "shorthand_property_identifier" => {
                let t = l.text_of(c);
                let v = l.leaf(c, id, Kind::Name(t.into()));
                entries.push(l.entry(Key::Name(t.into()), v, c));
            }
            "spread_element" => {
                let v = match c.named_child(0) {
                    Some(i) => l.node(i, id),
                    None => empty(l, c, id),
                };
                entries.push(l.entry(Key::Spread, v, c));
            }
            "method_definition" => {
                let name = l.field_text(c, "name").unwrap_or("").to_string();
                let f = func(l, c, id, Some(&name), false, &[]);
                entries.push(l.entry(Key::Name(name.into()), f, c));
            }
            _ => {}
        }
    }
    l.set(id, Kind::Object(entries))
}

fn string(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let v = unescape(unquote(l.text_of(n)));
    l.leaf(n, parent, Kind::Str(v.into()))
}

fn template(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut parts = Vec::new();
    for k in l.named_children(n) {
        match k.kind() {
            "string_fragment" | "escape_sequence" => {
                let t = unescape(l.text_of(k));
                parts.push(l.leaf(k, id, Kind::Str(t.into())));
            }
            "template_substitution" => match k.named_child(0) {
                Some(e) => parts.push(l.node(e, id)),
                None => parts.push(empty(l, k, id)),
            },
            _ => {}
        }
    }
    if parts.is_empty() {
        return l.set(id, Kind::Str("".into()));
    }
    l.set(id, Kind::Template(parts))
}

fn number(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let t = l.text_of(n);
    if let Some(v) = parse_int(t) {
        return l.leaf(n, parent, Kind::Int(v));
    }
    match t.replace('_', "").parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => l.leaf(n, parent, Kind::Int(f as i64)),
        Ok(f) => l.leaf(n, parent, Kind::Float(f)),
        Err(_) => empty(l, n, parent),
    }
}

fn enum_decl(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let name = l.field_text(n, "name").unwrap_or("").into();
    let body = match n.field("body") {
        Some(b) => {
            let bid = l.reserve(b, id);
            let mut members = Vec::new();
            for m in l.named_children(b) {
                let (name, value) = match m.kind() {
                    "enum_assignment" => (
                        l.field_text(m, "name").map(unquote).unwrap_or(""),
                        m.field("value"),
                    ),
                    "property_identifier" | "string" => (unquote(l.text_of(m)), None),
                    _ => continue,
                };
                let c = l.reserve(m, bid);
                let value = value.map(|v| l.node(v, c));
                l.set(
                    c,
                    Kind::Let {
                        names: vec![name.into()],
                        ty: None,
                        value,
                        constant: true,
                        field: true,
                        static_: true,
                    },
                );
                members.push(c);
            }
            l.set(bid, Kind::Block(members))
        }
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    l.set(
        id,
        Kind::Class {
            name,
            kind: ClassKind::Enum,
            bases: Vec::new(),
            annotations: Vec::new(),
            body,
        },
    )
}

fn is_top(n: Node<'_>) -> bool {
    let mut p = n.parent();
    while let Some(x) = p {
        match x.kind() {
            "program" => return true,
            "export_statement" => p = x.parent(),
            _ => return false,
        }
    }
    false
}

fn loop_while(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let iter = l.field(n, "condition", id);
    let body = l.field(n, "body", id).unwrap_or(Id::NONE);
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

fn first_child_kind(l: &mut Lower<'_>, n: Node<'_>, parent: Id, make: fn(Id) -> Kind) -> Id {
    let id = l.reserve(n, parent);
    let e = match n.named_child(0) {
        Some(c) if !l.is_comment(c) => l.node(c, id),
        _ => Id::NONE,
    };
    l.set(id, make(e))
}

pub fn lower(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    match n.kind() {
        "program" | "statement_block" | "switch_body" | "switch_case" | "switch_default" => {
            l.block(n, parent)
        }
        "expression_statement" => {
            let id = l.reserve(n, parent);
            let e = l
                .lower_children(n, id)
                .into_iter()
                .next()
                .unwrap_or(Id::NONE);
            l.set(id, Kind::Expr(e))
        }
        "lexical_declaration" | "variable_declaration" => declaration(l, n, parent, is_top(n)),
        "import_statement" => import_statement(l, n, parent),
        "export_statement" => {
            if let Some(d) = n.field("declaration") {
                return l.node(d, parent);
            }
            match n.field("value") {
                Some(v) => {
                    let id = l.reserve(n, parent);
                    let e = l.node(v, id);
                    l.set(id, Kind::Expr(e))
                }
                None => empty(l, n, parent),
            }
        }
        "function_declaration" | "generator_function_declaration" => {
            func(l, n, parent, None, false, &[])
        }
        "function_expression" | "function" | "generator_function" | "arrow_function" => {
            lambda(l, n, parent)
        }
        "class_declaration" | "class" | "abstract_class_declaration" => {
            class(l, n, parent, ClassKind::Class)
        }
        "enum_declaration" => enum_decl(l, n, parent),
        "internal_module" | "module" => match n.field("body") {
            Some(b) => l.block(b, parent),
            None => empty(l, n, parent),
        },
        "call_expression" => {
            let id = l.reserve(n, parent);
            let func = match n.field("function") {
                Some(f) => l.node(f, id),
                None => empty(l, n, id),
            };
            let a = args(l, n.field("arguments"), id);
            l.set(id, Kind::Call { func, args: a })
        }
        "new_expression" => {
            let id = l.reserve(n, parent);
            let path = l
                .field_text(n, "constructor")
                .map(strip_generics)
                .unwrap_or("");
            let ty = simple_type(path).into();
            let a = args(l, n.field("arguments"), id);
            l.set(
                id,
                Kind::New {
                    ty,
                    path: path.into(),
                    args: a,
                    init: None,
                    body: None,
                },
            )
        }
        "member_expression" => {
            let id = l.reserve(n, parent);
            let obj = l.field(n, "object", id).unwrap_or(Id::NONE);
            let name = l
                .field_text(n, "property")
                .unwrap_or("")
                .trim_start_matches('#')
                .into();
            l.set(id, Kind::Member { obj, name })
        }
        "subscript_expression" => {
            let id = l.reserve(n, parent);
            let obj = l.field(n, "object", id).unwrap_or(Id::NONE);
            let index = l.field(n, "index", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Index { obj, index })
        }
        "object" => object(l, n, parent),
        "array" => {
            let id = l.reserve(n, parent);
            let mut items = Vec::new();
            for c in l.named_children(n) {
                if c.kind() == "spread_element" {
                    let s = l.reserve(c, id);
                    let inner = match c.named_child(0) {
                        Some(i) => l.node(i, s),
                        None => Id::NONE,
                    };
                    items.push(l.set(s, Kind::Spread(inner)));
                } else {
                    items.push(l.node(c, id));
                }
            }
            l.set(id, Kind::List(items))
        }
        "spread_element" => first_child_kind(l, n, parent, Kind::Spread),
        "string" => string(l, n, parent),
        "template_string" => template(l, n, parent),
        "number" => number(l, n, parent),
        "true" => l.leaf(n, parent, Kind::Bool(true)),
        "false" => l.leaf(n, parent, Kind::Bool(false)),
        "null" | "undefined" => l.leaf(n, parent, Kind::Null),
        "identifier"
        | "property_identifier"
        | "shorthand_property_identifier"
        | "type_identifier"
        | "private_property_identifier"
        | "this"
        | "super" => {
            let t = l.text_of(n).trim_start_matches('#');
            l.leaf(n, parent, Kind::Name(t.into()))
        }
        "parenthesized_expression" => l.transparent(n, parent),
        "as_expression" | "satisfies_expression" | "non_null_expression" | "type_assertion" => {
            let id = l.reserve(n, parent);
            let inner = l.named_children(n).into_iter().find(|c| {
                !matches!(
                    c.kind(),
                    "type_annotation" | "type_arguments" | "predefined_type" | "type_identifier"
                ) && !c.kind().ends_with("_type")
            });
            let e = match inner {
                Some(i) => l.node(i, id),
                None => Id::NONE,
            };
            l.set(id, Kind::Cast(e))
        }
        "binary_expression" => l.binary(n, parent),
        // `void p.send(..)`: the value thrown away, as a statement would.
        "unary_expression" if l.field_text(n, "operator") == Some("void") => {
            match n.field("argument") {
                Some(a) => l.node(a, parent),
                None => empty(l, n, parent),
            }
        }
        "unary_expression" => {
            let id = l.reserve(n, parent);
            let op = l.field_text(n, "operator").unwrap_or("").into();
            let e = l.field(n, "argument", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Unary { op, e })
        }
        "update_expression" => {
            let id = l.reserve(n, parent);
            let e = l.field(n, "argument", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Update(e))
        }
        "await_expression" => first_child_kind(l, n, parent, Kind::Await),
        "ternary_expression" => {
            let id = l.reserve(n, parent);
            let c = l.field(n, "condition", id).unwrap_or(Id::NONE);
            let a = l.field(n, "consequence", id).unwrap_or(Id::NONE);
            let b = l.field(n, "alternative", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Cond { c, a, b })
        }
        "assignment_expression" => {
            let id = l.reserve(n, parent);
            let target = l.field(n, "left", id).unwrap_or(Id::NONE);
            let value = l.field(n, "right", id).unwrap_or(Id::NONE);
            l.set(
                id,
                Kind::Assign {
                    target,
                    value,
                    op: None,
                },
            )
        }
        "augmented_assignment_expression" => {
            let id = l.reserve(n, parent);
            let target = l.field(n, "left", id).unwrap_or(Id::NONE);
            let value = l.field(n, "right", id).unwrap_or(Id::NONE);
            let op = l.field_text(n, "operator").map(Into::into);
            l.set(id, Kind::Assign { target, value, op })
        }
        "if_statement" => {
            let id = l.reserve(n, parent);
            let cond = l.field(n, "condition", id).unwrap_or(Id::NONE);
            let then = l.field(n, "consequence", id).unwrap_or(Id::NONE);
            let else_ = n.field("alternative").map(|e| match e.named_child(0) {
                Some(inner) if e.kind() == "else_clause" => l.node(inner, id),
                _ => l.node(e, id),
            });
            l.set(id, Kind::If { cond, then, else_ })
        }
        "for_statement" => {
            let id = l.reserve(n, parent);
            let mut vars = Vec::new();
            let mut header = Vec::new();
            if let Some(init) = n.field("initializer") {
                for d in l.named_children(init) {
                    if d.kind() == "variable_declarator" {
                        if let Some(nm) = l.field_text(d, "name") {
                            vars.push(nm.into());
                        }
                    }
                }
                header.push(l.node(init, id));
            }
            l.counted_loop(n, id, vars, header, "increment")
        }
        "for_in_statement" => {
            let id = l.reserve(n, parent);
            let vars = match n.field("left") {
                Some(p) => pattern_names(l, p)
                    .into_iter()
                    .map(|(a, _)| a.into())
                    .collect(),
                None => Vec::new(),
            };
            let iter = l.field(n, "right", id);
            let body = l.field(n, "body", id).unwrap_or(Id::NONE);
            l.set(
                id,
                Kind::Loop {
                    kind: LoopKind::Each,
                    vars,
                    var_ty: None,
                    iter,
                    header: Vec::new(),
                    body,
                },
            )
        }
        "while_statement" | "do_statement" => loop_while(l, n, parent),
        "try_statement" => {
            let id = l.reserve(n, parent);
            let body = l.field(n, "body", id).unwrap_or(Id::NONE);
            let mut catches = Vec::new();
            if let Some(h) = n.field("handler") {
                let var = l.field_text(h, "parameter").map(Into::into);
                let b = l.field(h, "body", id).unwrap_or(Id::NONE);
                catches.push((var, b));
            }
            let finally = n
                .field("finalizer")
                .and_then(|f| f.field("body"))
                .map(|b| l.node(b, id));
            l.set(
                id,
                Kind::Try {
                    body,
                    catches,
                    finally,
                },
            )
        }
        "return_statement" => {
            let id = l.reserve(n, parent);
            let v = l.lower_children(n, id).into_iter().next();
            l.set(id, Kind::Return(v))
        }
        "throw_statement" => first_child_kind(l, n, parent, Kind::Throw),
        "comment" | "html_comment" => {
            l.comment(n);
            empty(l, n, parent)
        }
        "type_annotation"
        | "type_arguments"
        | "type_parameters"
        | "type_alias_declaration"
        | "interface_declaration"
        | "ambient_declaration"
        | "abstract_method_signature"
        | "method_signature"
        | "index_signature"
        | "accessibility_modifier"
        | "override_modifier"
        | "hash_bang_line"
        | "regex"
        | "empty_statement"
        | "debugger_statement"
        | "import"
        | "meta_property"
        | "decorator" => empty(l, n, parent),
        _ => l.other(n, parent),
    }
}

/// Entries of `Object.assign(target, a, b)`, `{ ...a }` are read as merges.
const BASE: Lang = Lang {
    id: "javascript",
    language: language_js,
    lower,
    comments: COMMENTS,
    map_types: &["Map"],
    map_factories: &[
        ("Object", "assign", MapShape::Copy),
        ("Object", "freeze", MapShape::Copy),
    ],
    pair_ops: &[],
    put_methods: &["set"],
    merge_methods: &[],
    opaque_methods: &["clear", "delete"],
    read_only_calls: &[
        "log",
        "info",
        "warn",
        "error",
        "debug",
        "trace",
        "fatal",
        "verbose",
        "stringify",
        "has",
        "get",
        "keys",
        "entries",
        "values",
    ],
    scope_functions: &[],
    views: &[],
    loop_calls: &[
        "forEach",
        "map",
        "flatMap",
        "filter",
        "reduce",
        "some",
        "every",
        "each",
        "mapSeries",
        "eachSeries",
        "mapLimit",
        "eachLimit",
    ],
    message_annotations: &["EventPattern", "MessagePattern", "KafkaListener", "Process"],
    request_annotations: &[
        "Post",
        "Get",
        "Put",
        "Patch",
        "Delete",
        "All",
        "Controller",
        "Mutation",
        "Query",
        "GrpcMethod",
    ],
    message_handler_names: &["eachMessage", "handleMessage", "onMessage"],
    request_handler_names: &[],
    request_param_types: &[
        "Request",
        "Response",
        "express.Request",
        "express.Response",
        "FastifyRequest",
        "FastifyReply",
        "NextApiRequest",
        "NextApiResponse",
        "NextRequest",
        "Context",
    ],
    request_bases: &[],
    route_calls: &[
        "post", "put", "patch", "delete", "get", "all", "route", "handle",
    ],
    poll_calls: &[],
    handler_return_types: &[],
    constants: &[
        ("Number.MAX_SAFE_INTEGER", 9_007_199_254_740_991),
        ("Number.MAX_VALUE", i64::MAX),
    ],
    bool_constants: &[],
    durations: &[],
    clock_calls: &[
        ("Date", "now"),
        ("performance", "now"),
        ("process", "hrtime"),
        ("hrtime", "bigint"),
        ("()", "now"),
    ],
    clock_types: &["Date"],
    random_calls: &[
        ("crypto", "randomUUID"),
        ("crypto", "randomBytes"),
        ("Math", "random"),
        ("uuid", "v4"),
        ("uuid", "v1"),
        ("()", "uuidv4"),
        ("()", "v4"),
        ("()", "uuid"),
        ("()", "randomUUID"),
        ("()", "nanoid"),
        ("()", "ulid"),
        ("faker", "*"),
    ],
    random_types: &[],
    conversions: &[
        ("", "toString"),
        ("", "toLowerCase"),
        ("", "toUpperCase"),
        ("", "trim"),
        ("", "toISOString"),
        ("", "getTime"),
        ("", "valueOf"),
        ("()", "String"),
        ("()", "Number"),
        ("()", "parseInt"),
        ("Buffer", "from"),
    ],
    non_domain_types: &[
        "string",
        "number",
        "boolean",
        "any",
        "unknown",
        "object",
        "String",
        "Number",
        "Boolean",
        "Buffer",
        "Date",
        "Record",
        "Map",
        "Array",
        "Promise",
        "Request",
        "Response",
        "Message",
        "KafkaMessage",
        "EachMessagePayload",
        "IHeaders",
    ],
    env_reads: &[("process.env", "", usize::MAX)],
    serializers: &["stringify", "encode", "serialize", "toBuffer", "toJSON"],
    this_names: &["this"],
    assign_declares: false,
    file_loads: &[],
    file_openers: &[],
    map_merge_ops: &[],
    export_objects: &["module.exports", "exports"],
    async_lambda: "async",
    gate: GateSyntax {
        line_comments: &["//"],
        block_comments: &[("/*", "*/")],
        strings: &["\"", "'", "`"],
        escapes: true,
        qualified_imports: false,
    },
    elide: Elide::Braces {
        keywords: &["function", "async"],
    },
};

pub static JAVASCRIPT: Lang = BASE;

pub static TYPESCRIPT: Lang = Lang {
    id: "typescript",
    language: language_ts,
    ..BASE
};

pub static TSX: Lang = Lang {
    id: "tsx",
    language: language_tsx,
    ..BASE
};
