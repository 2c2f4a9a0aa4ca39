//! Python: tree-sitter-python node kinds → IR.
//!
//! What is particular to Python:
//! - assignments declare (`conf = {..}` is the declaration of `conf`; see
//!   `Lang::assign_declares`): a statement `x = v` is `Expr(Assign)`, and
//!   an annotated one (`p: KafkaProducer = ..`) a `Let` with its type;
//! - methods keep `self` as their first parameter (the binding of call
//!   arguments skips it), and `self.x` is a field;
//! - keyword arguments are named arguments, `**conf` a spread argument,
//!   `{**base, "acks": 1}` a spread entry;
//! - strings carry prefixes (`b"k"`, `r"x"`, `f"{x}"`): bytes are strings,
//!   f-strings templates, adjacent literals one string;
//! - comprehensions (`[p.send(t, r) for r in rows]`) are loops whose body
//!   is the element expression;
//! - decorators are annotations by their last name (`@app.post("/x")` →
//!   `post`); `elif` chains are nested `If`s; `a if c else b` is a `Cond`;
//!   `x or d` keeps `or`, which the evaluation reads as a default.

use crate::frontend::code::field::Fields;
use crate::frontend::code::ir::{Arg, ClassKind, Id, Key, Kind, LoopKind, Param};
use crate::frontend::code::lang::{Elide, GateSyntax, Lang, MapShape};
use crate::frontend::code::lower::{parse_int, unescape, Lower};
use tree_sitter::Node;

pub const COMMENTS: &[&str] = &["comment"];

pub fn language() -> tree_sitter::Language {
    tree_sitter_python::LANGUAGE.into()
}

/// Decodes a string literal's pieces: (prefix letters, content pieces).
fn string_prefix<'t>(l: &Lower<'t>, n: Node<'_>) -> String {
    let mut c = n.walk();
    let start = n
        .children(&mut c)
        .find(|k| k.kind() == "string_start")
        .map(|k| l.text_of(k))
        .unwrap_or("");
    start.trim_end_matches(['"', '\'']).to_ascii_lowercase()
}

fn string(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let prefix = string_prefix(l, n);
    let raw = prefix.contains('r');
    let id = l.reserve(n, parent);
    let mut parts: Vec<Id> = Vec::new();
    let mut has_expr = false;
    let mut c = n.walk();
    let kids: Vec<Node<'_>> = n.children(&mut c).collect();
    for k in kids {
        match k.kind() {
            "string_content" => {
                // Escapes are children of the content node in this grammar:
                // decode the whole content text at once.
                let t = l.text_of(k);
                let v = if raw { t.to_string() } else { unescape(t) };
                parts.push(l.leaf(k, id, Kind::Str(v.into())));
            }
            "escape_sequence" => {
                let t = l.text_of(k);
                let v = if raw { t.to_string() } else { unescape(t) };
                parts.push(l.leaf(k, id, Kind::Str(v.into())));
            }
            "interpolation" => {
                has_expr = true;
                let e = k.field("expression");
                match e {
                    Some(e) => parts.push(l.node(e, id)),
                    None => parts.push(l.leaf(k, id, Kind::Other(Vec::new()))),
                }
            }
            _ => {}
        }
    }
    if has_expr {
        return l.set(id, Kind::Template(parts));
    }
    let mut s = String::new();
    for p in &parts {
        if let Kind::Str(t) = l.kind_of(*p) {
            s.push_str(t);
        }
    }
    l.set(id, Kind::Str(s.into()))
}

/// `"a" "b"`, `f"{x}" "y"`: one string or one template.
fn concatenated(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let kids = l.lower_children(n, id);
    let mut all_str = String::new();
    let mut plain = true;
    for k in &kids {
        match l.kind_of(*k) {
            Kind::Str(s) => all_str.push_str(s),
            _ => plain = false,
        }
    }
    if plain {
        return l.set(id, Kind::Str(all_str.into()));
    }
    let mut parts = Vec::new();
    for k in kids {
        match l.kind_of(k).clone() {
            Kind::Template(ps) => {
                for p in ps {
                    l.adopt(p, id);
                    parts.push(p);
                }
            }
            _ => parts.push(k),
        }
    }
    l.set(id, Kind::Template(parts))
}

/// The names a target binds: `x`, `a, b`, `(a, b)`, `[a, b]`.
fn target_names(l: &Lower<'_>, n: Node<'_>, out: &mut Vec<Box<str>>) {
    match n.kind() {
        "identifier" => out.push(l.text_of(n).into()),
        "pattern_list"
        | "tuple_pattern"
        | "list_pattern"
        | "tuple"
        | "list"
        | "parenthesized_expression" => {
            let mut c = n.walk();
            for k in n.named_children(&mut c) {
                target_names(l, k, out);
            }
        }
        "list_splat_pattern" => {
            if let Some(k) = n.named_child(0) {
                target_names(l, k, out);
            }
        }
        _ => {}
    }
}

fn params(l: &mut Lower<'_>, list: Option<Node<'_>>) -> Vec<Param> {
    let Some(list) = list else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in l.named_children(list) {
        match p.kind() {
            "identifier" => {
                let name = l.text_of(p);
                out.push(l.param(name, None, p));
            }
            "typed_parameter" => {
                let ty = l.field_text(p, "type");
                let mut c = p.walk();
                let name = p
                    .named_children(&mut c)
                    .find(|k| k.kind() == "identifier")
                    .map(|k| l.text_of(k));
                if let Some(name) = name {
                    out.push(l.param(name, ty, p));
                } else {
                    // `*args: int`, `**kw: str`
                    let name = p
                        .named_child(0)
                        .and_then(|k| k.named_child(0))
                        .map(|k| l.text_of(k))
                        .unwrap_or("");
                    out.push(l.param(name, ty, p));
                }
            }
            "default_parameter" | "typed_default_parameter" => {
                let name = l.field_text(p, "name").unwrap_or("");
                let ty = l.field_text(p, "type");
                out.push(l.param(name, ty, p));
            }
            "list_splat_pattern" | "dictionary_splat_pattern" => {
                let name = p.named_child(0).map(|k| l.text_of(k)).unwrap_or("");
                out.push(l.param(name, None, p));
            }
            _ => {}
        }
    }
    out
}

/// Decorators: simple names (the last segment of the callee) and nodes.
fn decorators(l: &mut Lower<'_>, n: Node<'_>, id: Id) -> (Vec<Box<str>>, Vec<Id>) {
    let mut names = Vec::new();
    let mut nodes = Vec::new();
    let Some(parent) = n.parent().filter(|p| p.kind() == "decorated_definition") else {
        return (names, nodes);
    };
    for d in l.named_children(parent) {
        if d.kind() != "decorator" {
            continue;
        }
        let Some(e) = d.named_child(0) else {
            continue;
        };
        let callee = if e.kind() == "call" {
            e.field("function").unwrap_or(e)
        } else {
            e
        };
        let t = l.text_of(callee);
        let simple = t.rsplit('.').next().unwrap_or(t).trim();
        names.push(simple.into());
        nodes.push(l.node(e, id));
    }
    (names, nodes)
}

fn in_class(n: Node<'_>) -> bool {
    let mut cur = n.parent();
    while let Some(p) = cur {
        match p.kind() {
            "decorated_definition" | "block" => cur = p.parent(),
            "class_definition" => return true,
            _ => return false,
        }
    }
    false
}

/// Default values of parameters (`producer=Depends(get_producer)`): kept
/// as children of the function (with its decorators) so that the calls in
/// them are indexed.
fn param_defaults(l: &mut Lower<'_>, list: Option<Node<'_>>, id: Id) -> Vec<Id> {
    let Some(list) = list else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in l.named_children(list) {
        if matches!(p.kind(), "default_parameter" | "typed_default_parameter") {
            if let Some(v) = l.field(p, "value", id) {
                out.push(v);
            }
        }
    }
    out
}

fn func(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let (annotations, mut decos) = decorators(l, n, id);
    decos.extend(param_defaults(l, n.field("parameters"), id));
    let name = l.field_text(n, "name").map(Into::into);
    let ps = params(l, n.field("parameters"));
    let returns = l.field_text(n, "return_type").map(|t| t.trim().into());
    let is_async = {
        let mut c = n.walk();
        let r = n.children(&mut c).any(|k| k.kind() == "async");
        r
    };
    let body = match n.field("body") {
        Some(b) => l.block(b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    l.set(
        id,
        Kind::Func {
            name,
            params: ps,
            body,
            annotations,
            decorators: decos,
            returns,
            is_async,
            method: in_class(n),
        },
    )
}

fn class(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let (annotations, _) = decorators(l, n, id);
    let name = l.field_text(n, "name").unwrap_or("").into();
    let mut bases = Vec::new();
    if let Some(list) = n.field("superclasses") {
        for b in l.named_children(list) {
            if b.kind() == "keyword_argument" {
                continue;
            }
            let t = l.text_of(b);
            let t = crate::frontend::code::lower::strip_generics(t);
            bases.push(t.rsplit('.').next().unwrap_or(t).into());
        }
    }
    let body = match n.field("body") {
        Some(b) => l.block(b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    l.set(
        id,
        Kind::Class {
            name,
            kind: ClassKind::Class,
            bases,
            annotations,
            body,
        },
    )
}

fn args(l: &mut Lower<'_>, list: Option<Node<'_>>, parent: Id) -> Vec<Arg> {
    let Some(list) = list else {
        return Vec::new();
    };
    if list.kind() == "generator_expression" {
        let value = l.node(list, parent);
        return vec![Arg {
            name: None,
            value,
            spread: false,
        }];
    }
    let mut out = Vec::new();
    for a in l.named_children(list) {
        match a.kind() {
            "keyword_argument" => {
                let name = l.field_text(a, "name").map(Into::into);
                let value = match a.field("value") {
                    Some(v) => l.node(v, parent),
                    None => l.leaf(a, parent, Kind::Other(Vec::new())),
                };
                out.push(Arg {
                    name,
                    value,
                    spread: false,
                });
            }
            "dictionary_splat" | "list_splat" => {
                let value = match a.named_child(0) {
                    Some(v) => l.node(v, parent),
                    None => l.leaf(a, parent, Kind::Other(Vec::new())),
                };
                out.push(Arg {
                    name: None,
                    value,
                    spread: true,
                });
            }
            _ => {
                let value = l.node(a, parent);
                out.push(Arg {
                    name: None,
                    value,
                    spread: false,
                });
            }
        }
    }
    out
}

fn call(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let func = match n.field("function") {
        Some(f) => l.node(f, id),
        None => l.leaf(n, id, Kind::Other(Vec::new())),
    };
    let args = args(l, n.field("arguments"), id);
    l.set(id, Kind::Call { func, args })
}

fn dictionary(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut entries = Vec::new();
    for e in l.named_children(n) {
        match e.kind() {
            "pair" => {
                let key = match e.field("key") {
                    Some(k) => Key::Expr(l.node(k, id)),
                    None => continue,
                };
                let value = match e.field("value") {
                    Some(v) => l.node(v, id),
                    None => l.leaf(e, id, Kind::Other(Vec::new())),
                };
                entries.push(l.entry(key, value, e));
            }
            "dictionary_splat" => {
                let value = match e.named_child(0) {
                    Some(v) => l.node(v, id),
                    None => l.leaf(e, id, Kind::Other(Vec::new())),
                };
                entries.push(l.entry(Key::Spread, value, e));
            }
            _ => {}
        }
    }
    l.set(id, Kind::Object(entries))
}

fn assignment(l: &mut Lower<'_>, n: Node<'_>, parent: Id, op: Option<&str>) -> Id {
    let id = l.reserve(n, parent);
    let target = match n.field("left") {
        Some(t) => l.node(t, id),
        None => l.leaf(n, id, Kind::Other(Vec::new())),
    };
    let value = match n.field("right") {
        Some(v) => l.node(v, id),
        None => l.leaf(n, id, Kind::Other(Vec::new())),
    };
    l.set(
        id,
        Kind::Assign {
            target,
            value,
            op: op.map(Into::into),
        },
    )
}

/// `x: T = v` and `x: T`: a declaration with its type.
fn annotated(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut names = Vec::new();
    if let Some(t) = n.field("left") {
        target_names(l, t, &mut names);
    }
    let ty = l.field_text(n, "type").map(|t| t.trim().into());
    let value = l.field(n, "right", id);
    l.set(
        id,
        Kind::Let {
            names,
            ty,
            value,
            constant: false,
            field: false,
            static_: false,
        },
    )
}

fn expression_statement(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let kids = l.named_children(n);
    if kids.len() == 1 {
        let k = kids[0];
        if k.kind() == "assignment"
            && k.field("type").is_some()
            && k.field("left").is_some_and(|t| t.kind() == "identifier")
        {
            return annotated(l, k, parent);
        }
        let id = l.reserve(n, parent);
        let e = l.node(k, id);
        return l.set(id, Kind::Expr(e));
    }
    // `a, b` as a statement: a tuple.
    let id = l.reserve(n, parent);
    let items = kids.into_iter().map(|k| l.node(k, id)).collect();
    l.set(id, Kind::Other(items))
}

fn if_stmt(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let cond = l.field(n, "condition", id).unwrap_or(Id::NONE);
    let then = match n.field("consequence") {
        Some(b) => l.block(b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    let mut c = n.walk();
    let alts: Vec<Node<'_>> = n.children_by_field_name("alternative", &mut c).collect();
    let else_ = else_chain(l, &alts, id);
    l.set(id, Kind::If { cond, then, else_ })
}

/// `elif c: .. elif d: .. else: ..` → nested `If`s.
fn else_chain(l: &mut Lower<'_>, alts: &[Node<'_>], parent: Id) -> Option<Id> {
    let (first, rest) = alts.split_first()?;
    match first.kind() {
        "elif_clause" => {
            let start = first.start_byte() as u32;
            let end = alts.last().map_or(first.end_byte(), |a| a.end_byte()) as u32;
            let id = l.reserve_range(start, end, parent);
            let cond = l.field(*first, "condition", id).unwrap_or(Id::NONE);
            let then = match first.field("consequence") {
                Some(b) => l.block(b, id),
                None => l.reserve_range(end, end, id),
            };
            let else_ = else_chain(l, rest, id);
            Some(l.set(id, Kind::If { cond, then, else_ }))
        }
        "else_clause" => first.field("body").map(|b| l.block(b, parent)),
        _ => None,
    }
}

fn for_stmt(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut vars = Vec::new();
    if let Some(t) = n.field("left") {
        target_names(l, t, &mut vars);
    }
    let iter = l.field(n, "right", id);
    let body = match n.field("body") {
        Some(b) => l.block(b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
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

fn while_stmt(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let iter = l.field(n, "condition", id);
    let body = match n.field("body") {
        Some(b) => l.block(b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
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

/// `[f(x) for x in xs if c]`: a loop whose body is the element.
fn comprehension(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut vars = Vec::new();
    let mut iter = None;
    let mut header = Vec::new();
    let kids = l.named_children(n);
    for k in &kids {
        match k.kind() {
            "for_in_clause" => {
                if let Some(t) = k.field("left") {
                    target_names(l, t, &mut vars);
                }
                let r = l.field(*k, "right", id);
                if iter.is_none() {
                    iter = r;
                } else if let Some(r) = r {
                    header.push(r);
                }
            }
            "if_clause" => header.extend(l.lower_children(*k, id)),
            _ => {}
        }
    }
    let body = match n.field("body") {
        Some(b) if b.kind() == "pair" => {
            let bid = l.reserve(b, id);
            let kids = l.lower_children(b, bid);
            l.set(bid, Kind::Other(kids))
        }
        Some(b) => l.node(b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    l.set(
        id,
        Kind::Loop {
            kind: LoopKind::Each,
            vars,
            var_ty: None,
            iter,
            header,
            body,
        },
    )
}

fn try_stmt(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let body = match n.field("body") {
        Some(b) => l.block(b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    let mut catches = Vec::new();
    let mut finally = None;
    let mut else_blocks = Vec::new();
    for k in l.named_children(n) {
        match k.kind() {
            "except_clause" | "except_group_clause" => {
                let alias = k.field("alias").map(|a| l.text_of(a).into());
                let block = {
                    let mut c = k.walk();
                    let b = k.named_children(&mut c).find(|c| c.kind() == "block");
                    b
                };
                let b = match block {
                    Some(b) => l.block(b, id),
                    None => l.leaf(k, id, Kind::Block(Vec::new())),
                };
                catches.push((alias, b));
            }
            "finally_clause" => {
                let mut c = k.walk();
                let b = k.named_children(&mut c).find(|c| c.kind() == "block");
                finally = b.map(|b| l.block(b, id));
            }
            "else_clause" => {
                if let Some(b) = k.field("body") {
                    else_blocks.push(l.block(b, id));
                }
            }
            _ => {}
        }
    }
    let t = l.set(
        id,
        Kind::Try {
            body,
            catches,
            finally,
        },
    );
    if else_blocks.is_empty() {
        return t;
    }
    // `try: .. except: .. else: ..`: the else block runs after the body.
    let outer = l.reserve(n, parent);
    l.adopt(t, outer);
    let mut items = vec![t];
    for b in else_blocks {
        l.adopt(b, outer);
        items.push(b);
    }
    l.set(outer, Kind::Block(items))
}

fn with_stmt(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut items = Vec::new();
    let clause = {
        let mut c = n.walk();
        let r = n.named_children(&mut c).find(|k| k.kind() == "with_clause");
        r
    };
    if let Some(clause) = clause {
        for item in l.named_children(clause) {
            let Some(v) = item.field("value") else {
                continue;
            };
            if v.kind() == "as_pattern" {
                let alias = v.field("alias").map(|a| {
                    let t = l.text_of(a);
                    t.trim().into()
                });
                let e = v.named_child(0);
                let e = match e {
                    Some(e) => l.node(e, id),
                    None => l.leaf(v, id, Kind::Other(Vec::new())),
                };
                items.push((alias, e));
            } else {
                let e = l.node(v, id);
                items.push((None, e));
            }
        }
    }
    let body = match n.field("body") {
        Some(b) => l.block(b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    l.set(id, Kind::With { items, body })
}

fn dotted(l: &Lower<'_>, n: Node<'_>) -> String {
    l.text_of(n).split_whitespace().collect::<String>()
}

/// `import a.b`, `import a.b as c`.
fn import(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut names: Vec<(Box<str>, Box<str>)> = Vec::new();
    let mut path = String::new();
    let mut c = n.walk();
    let kids: Vec<Node<'_>> = n.children_by_field_name("name", &mut c).collect();
    for k in kids {
        match k.kind() {
            "dotted_name" => {
                let full = dotted(l, k);
                let first = full.split('.').next().unwrap_or(&full).to_string();
                // `import kafka.errors` binds `kafka`.
                names.push((first.into(), full.clone().into()));
                if path.is_empty() {
                    path = full;
                }
            }
            "aliased_import" => {
                let full = k.field("name").map(|x| dotted(l, x));
                let alias = l.field_text(k, "alias");
                if let (Some(full), Some(alias)) = (full, alias) {
                    names.push((alias.into(), full.clone().into()));
                    if path.is_empty() {
                        path = full;
                    }
                }
            }
            _ => {}
        }
    }
    l.set(
        id,
        Kind::Import {
            path: path.into(),
            names,
        },
    )
}

/// `from a.b import C, D as E`, `from a import *`.
fn import_from(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let module = n
        .field("module_name")
        .map(|m| dotted(l, m))
        .unwrap_or_default();
    let mut names: Vec<(Box<str>, Box<str>)> = Vec::new();
    let mut c = n.walk();
    let kids: Vec<Node<'_>> = n.children_by_field_name("name", &mut c).collect();
    for k in kids {
        match k.kind() {
            "dotted_name" => {
                let name = dotted(l, k);
                names.push((name.clone().into(), format!("{module}.{name}").into()));
            }
            "aliased_import" => {
                let name = k.field("name").map(|x| dotted(l, x));
                let alias = l.field_text(k, "alias");
                if let (Some(name), Some(alias)) = (name, alias) {
                    names.push((alias.into(), format!("{module}.{name}").into()));
                }
            }
            _ => {}
        }
    }
    let mut c = n.walk();
    if n.named_children(&mut c)
        .any(|k| k.kind() == "wildcard_import")
    {
        names.push(("*".into(), module.clone().into()));
    }
    l.set(
        id,
        Kind::Import {
            path: module.into(),
            names,
        },
    )
}

fn lambda(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let ps = params(l, n.field("parameters"));
    let body = match n.field("body") {
        Some(b) => l.node(b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    l.set(id, Kind::Lambda { params: ps, body })
}

/// `a if c else b`.
fn conditional(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let kids = l.lower_children(n, id);
    match kids.as_slice() {
        [a, c, b] => l.set(
            id,
            Kind::Cond {
                c: *c,
                a: *a,
                b: *b,
            },
        ),
        _ => l.set(id, Kind::Other(kids)),
    }
}

fn comparison(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let op = {
        let mut c = n.walk();
        let r = n
            .children(&mut c)
            .find(|k| !k.is_named())
            .map(|k| l.text_of(k).to_string())
            .unwrap_or_default();
        r
    };
    let kids = l.lower_children(n, id);
    match kids.as_slice() {
        [a, b] => l.set(
            id,
            Kind::Binary {
                op: op.into(),
                l: *a,
                r: *b,
            },
        ),
        _ => l.set(id, Kind::Other(kids)),
    }
}

pub fn lower(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    match n.kind() {
        "module" | "block" => l.block(n, parent),
        "expression_statement" => expression_statement(l, n, parent),
        "assignment" => {
            if n.field("right").is_none() {
                // `x: int` alone declares nothing to analyse.
                annotated(l, n, parent)
            } else {
                assignment(l, n, parent, None)
            }
        }
        "augmented_assignment" => {
            let op = l.field_text(n, "operator").map(str::to_string);
            assignment(l, n, parent, op.as_deref())
        }
        "named_expression" => {
            let id = l.reserve(n, parent);
            let target = l.field(n, "name", id).unwrap_or(Id::NONE);
            let value = l.field(n, "value", id).unwrap_or(Id::NONE);
            l.set(
                id,
                Kind::Assign {
                    target,
                    value,
                    op: None,
                },
            )
        }
        "function_definition" => func(l, n, parent),
        "class_definition" => class(l, n, parent),
        "decorated_definition" => match n.field("definition") {
            Some(d) => l.node(d, parent),
            None => l.other(n, parent),
        },
        "import_statement" => import(l, n, parent),
        "import_from_statement" => import_from(l, n, parent),
        "if_statement" => if_stmt(l, n, parent),
        "for_statement" => for_stmt(l, n, parent),
        "while_statement" => while_stmt(l, n, parent),
        "try_statement" => try_stmt(l, n, parent),
        "with_statement" => with_stmt(l, n, parent),
        "return_statement" => {
            let id = l.reserve(n, parent);
            let kids = l.named_children(n);
            let v = match kids.as_slice() {
                [] => None,
                [one] => Some(l.node(*one, id)),
                many => {
                    let many = many.to_vec();
                    let lid = l.reserve(n, id);
                    let items = many.into_iter().map(|k| l.node(k, lid)).collect();
                    Some(l.set(lid, Kind::Other(items)))
                }
            };
            l.set(id, Kind::Return(v))
        }
        "raise_statement" => l.wrap_first(n, parent, Kind::Throw),
        "await" => l.wrap_first(n, parent, Kind::Await),
        "call" => call(l, n, parent),
        "attribute" => {
            let id = l.reserve(n, parent);
            let obj = l.field(n, "object", id).unwrap_or(Id::NONE);
            let name = l.field_text(n, "attribute").unwrap_or("").into();
            l.set(id, Kind::Member { obj, name })
        }
        "subscript" => {
            let id = l.reserve(n, parent);
            let obj = l.field(n, "value", id).unwrap_or(Id::NONE);
            let mut c = n.walk();
            let subs: Vec<Node<'_>> = n.children_by_field_name("subscript", &mut c).collect();
            let index = match subs.as_slice() {
                [] => Id::NONE,
                [one] => l.node(*one, id),
                // `Annotated[T, Depends(f)]`, `m[a, b]`: a tuple index.
                many => {
                    let lid = l.reserve_range(
                        many[0].start_byte() as u32,
                        many[many.len() - 1].end_byte() as u32,
                        id,
                    );
                    let items = many.iter().map(|k| l.node(*k, lid)).collect();
                    l.set(lid, Kind::List(items))
                }
            };
            l.set(id, Kind::Index { obj, index })
        }
        "dictionary" => dictionary(l, n, parent),
        "list" | "tuple" | "set" | "expression_list" | "pattern_list" | "tuple_pattern"
        | "list_pattern" => {
            let id = l.reserve(n, parent);
            let items = l.lower_children(n, id);
            l.set(id, Kind::List(items))
        }
        "list_comprehension"
        | "set_comprehension"
        | "generator_expression"
        | "dictionary_comprehension" => comprehension(l, n, parent),
        "list_splat" | "dictionary_splat" | "list_splat_pattern" | "dictionary_splat_pattern" => {
            l.wrap_first(n, parent, Kind::Spread)
        }
        "lambda" => lambda(l, n, parent),
        "conditional_expression" => conditional(l, n, parent),
        "boolean_operator" => l.binary(n, parent),
        "binary_operator" => l.binary(n, parent),
        "comparison_operator" => comparison(l, n, parent),
        "not_operator" => {
            let id = l.reserve(n, parent);
            let e = l.field(n, "argument", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Unary { op: "!".into(), e })
        }
        "unary_operator" => {
            let id = l.reserve(n, parent);
            let op = l.field_text(n, "operator").unwrap_or("").into();
            let e = l.field(n, "argument", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Unary { op, e })
        }
        "parenthesized_expression" => l.transparent(n, parent),
        "string" => string(l, n, parent),
        "concatenated_string" => concatenated(l, n, parent),
        "integer" => {
            let t = l.text_of(n).trim_end_matches(['l', 'L', 'j', 'J']);
            match parse_int(t) {
                Some(v) => l.leaf(n, parent, Kind::Int(v)),
                None => l.leaf(n, parent, Kind::Other(Vec::new())),
            }
        }
        "float" => {
            let v = l.text_of(n).replace('_', "").parse().unwrap_or(0.0);
            l.leaf(n, parent, Kind::Float(v))
        }
        "true" => l.leaf(n, parent, Kind::Bool(true)),
        "false" => l.leaf(n, parent, Kind::Bool(false)),
        "none" => l.leaf(n, parent, Kind::Null),
        "identifier" => l.name(n, parent),
        "keyword_argument" => {
            // Outside an argument list (error recovery): its value.
            match n.field("value") {
                Some(v) => l.node(v, parent),
                None => l.leaf(n, parent, Kind::Other(Vec::new())),
            }
        }
        "pass_statement" | "break_statement" | "continue_statement" | "global_statement"
        | "nonlocal_statement" | "ellipsis" | "type" | "line_continuation" => {
            l.leaf(n, parent, Kind::Other(Vec::new()))
        }
        _ => l.other(n, parent),
    }
}

pub static SPEC: Lang = Lang {
    id: "python",
    language,
    lower,
    comments: COMMENTS,
    map_types: &["dict", "OrderedDict", "defaultdict"],
    map_factories: &[
        ("", "dict", MapShape::Kwargs),
        ("copy", "copy", MapShape::Copy),
        ("copy", "deepcopy", MapShape::Copy),
    ],
    pair_ops: &[],
    put_methods: &["setdefault"],
    merge_methods: &["update"],
    opaque_methods: &["read", "read_file", "load"],
    read_only_calls: &[
        "print",
        "len",
        "str",
        "repr",
        "debug",
        "info",
        "warning",
        "warn",
        "error",
        "exception",
        "critical",
        "log",
        "format",
        "isinstance",
        "validate",
    ],
    scope_functions: &[],
    views: &["copy", "items"],
    loop_calls: &["map", "starmap"],
    // Faust agents and Celery tasks run once per message.
    message_annotations: &["agent", "task", "shared_task", "consumer", "subscriber"],
    // Flask, FastAPI, Django REST framework, aiohttp, Sanic route decorators.
    request_annotations: &[
        "route",
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "api_view",
        "action",
        "websocket",
        "view_config",
    ],
    message_handler_names: &["on_message", "handle_message", "process_message"],
    request_handler_names: &[],
    request_param_types: &["Request", "HttpRequest", "web.Request", "WebSocket"],
    // Django and DRF class-based views, Tornado handlers.
    request_bases: &[
        "View",
        "APIView",
        "ViewSet",
        "ModelViewSet",
        "GenericAPIView",
        "RequestHandler",
        "MethodView",
    ],
    // Route registrations, and FastAPI's `Depends(f)`, which runs f for
    // every request.
    route_calls: &[
        "add_url_rule",
        "add_api_route",
        "add_route",
        "add_get",
        "add_post",
        "Depends",
    ],
    // kafka-python, confluent-kafka and aiokafka consumers.
    poll_calls: &["poll", "getone", "getmany", "consume"],
    handler_return_types: &[],
    constants: &[("sys.maxsize", i64::MAX)],
    bool_constants: &[],
    durations: &[],
    clock_calls: &[
        ("time", "time"),
        ("time", "time_ns"),
        ("time", "monotonic"),
        ("time", "perf_counter"),
        ("datetime", "now"),
        ("datetime", "utcnow"),
        ("datetime.datetime", "now"),
        ("datetime.datetime", "utcnow"),
        ("date", "today"),
        ("datetime", "today"),
        ("timezone", "now"),
        ("arrow", "now"),
        ("arrow", "utcnow"),
        ("pendulum", "now"),
    ],
    clock_types: &[],
    random_calls: &[
        ("uuid", "uuid4"),
        ("uuid", "uuid1"),
        ("uuid", "uuid7"),
        ("()", "uuid4"),
        ("()", "uuid1"),
        ("random", "*"),
        ("secrets", "*"),
        ("os", "urandom"),
        ("np.random", "*"),
        ("numpy.random", "*"),
        ("()", "randint"),
        ("()", "choice"),
        ("()", "token_hex"),
        ("shortuuid", "uuid"),
        ("ulid", "new"),
    ],
    random_types: &["Random", "SystemRandom"],
    conversions: &[
        ("", "encode"),
        ("", "decode"),
        ("", "hex"),
        ("", "lower"),
        ("", "upper"),
        ("", "strip"),
        ("", "isoformat"),
        ("", "timestamp"),
        ("()", "str"),
        ("()", "bytes"),
        ("()", "repr"),
    ],
    non_domain_types: &[
        "str",
        "bytes",
        "int",
        "float",
        "dict",
        "list",
        "Any",
        "Request",
        "Response",
        "Logger",
        "Message",
        "KafkaProducer",
        "Producer",
        "AIOKafkaProducer",
        "UUID",
        "datetime",
    ],
    env_reads: &[
        ("os.environ", "get", 1),
        ("os", "getenv", 1),
        ("environ", "get", 1),
        ("", "getenv", 1),
        ("os.environ", "", 0),
        ("environ", "", 0),
    ],
    serializers: &[
        "dumps",
        "encode",
        "SerializeToString",
        "serialize",
        "to_json",
        "json",
    ],
    this_names: &["self", "cls"],
    assign_declares: true,
    file_loads: &[],
    file_openers: &[],
    map_merge_ops: &["|"],
    export_objects: &[],
    async_lambda: "",
    gate: GateSyntax {
        line_comments: &["#"],
        block_comments: &[],
        strings: &["\"\"\"", "'''", "\"", "'"],
        escapes: true,
        qualified_imports: false,
    },
    elide: Elide::Indent,
};
