//! C#: tree-sitter-c-sharp node kinds → IR, and the language's table.
//!
//! What C# adds to the shared IR: object and collection initializers
//! (`new ProducerConfig { Acks = Acks.All }`, `{ {"acks", "1"} }`,
//! `["linger.ms"] = "5"`) as `New` with an `init` object, target-typed
//! `new() { .. }` taking the declared type, `using var x = ..;` as a resource
//! scope over the rest of its block, attributes as annotations, and
//! `const`/`static readonly` members as constants.

use crate::frontend::code::field::Fields;
use crate::frontend::code::ir::{Arg, ClassKind, Entry, Id, Key, Kind, LoopKind, Param};
use crate::frontend::code::lang::{Elide, GateSyntax, Lang, MapShape};
use crate::frontend::code::lower::{parse_int, simple_type, strip_generics, unescape, Lower};
use tree_sitter::Node;

pub const COMMENTS: &[&str] = &["comment"];

pub fn language() -> tree_sitter::Language {
    tree_sitter_c_sharp::LANGUAGE.into()
}

/// Modifier words of a declaration (`const`, `static`, `readonly`, `async`).
fn modifiers(l: &mut Lower<'_>, n: Node<'_>) -> Vec<String> {
    l.named_children(n)
        .into_iter()
        .filter(|c| c.kind() == "modifier")
        .map(|c| l.text_of(c).trim().to_string())
        .collect()
}

/// Attribute names (`HttpPost`, `ApiController`) and their nodes.
fn attributes<'a>(l: &mut Lower<'_>, n: Node<'a>) -> (Vec<Box<str>>, Vec<Node<'a>>) {
    let mut names = Vec::new();
    let mut nodes = Vec::new();
    for list in l
        .named_children(n)
        .into_iter()
        .filter(|c| c.kind() == "attribute_list")
    {
        for a in l.named_children(list) {
            if a.kind() == "attribute" {
                if let Some(name) = l.field_text(a, "name") {
                    let s = simple_type(name);
                    names.push(s.trim_end_matches("Attribute").into());
                }
                nodes.push(a);
            }
        }
    }
    (names, nodes)
}

fn params(l: &mut Lower<'_>, list: Option<Node<'_>>) -> Vec<Param> {
    let Some(list) = list else {
        return Vec::new();
    };
    match list.kind() {
        "implicit_parameter" | "identifier" => vec![l.param(l.text_of(list), None, list)],
        _ => l
            .named_children(list)
            .into_iter()
            .filter(|p| p.kind() == "parameter")
            .filter_map(|p| {
                let name = l.field_text(p, "name")?;
                let ty = l.field_text(p, "type");
                Some(l.param(name, ty, p))
            })
            .collect(),
    }
}

/// The argument list of a call or creation: named arguments (`name: v`)
/// keep their name; `ref`/`out` are ignored.
fn args(l: &mut Lower<'_>, list: Option<Node<'_>>, parent: Id) -> Vec<Arg> {
    let Some(list) = list else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for a in l.named_children(list) {
        if a.kind() != "argument" {
            out.push(Arg {
                name: None,
                value: l.node(a, parent),
                spread: false,
            });
            continue;
        }
        let name = l.field_text(a, "name").map(Into::into);
        let value = l
            .named_children(a)
            .into_iter()
            .rfind(|k| Some(*k) != a.field("name"));
        let value = match value {
            Some(v) => l.node(v, parent),
            None => l.leaf(a, parent, Kind::Other(Vec::new())),
        };
        out.push(Arg {
            name,
            value,
            spread: false,
        });
    }
    out
}

/// The type written in a creation, its simple name and path without generics.
fn type_names(l: &Lower<'_>, n: Node<'_>) -> (Box<str>, Box<str>) {
    let path = l.field_text(n, "type").unwrap_or("");
    (simple_type(path).into(), strip_generics(path).into())
}

/// `new T(args) { init }` and target-typed `new(args) { init }`.
fn creation(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let (ty, path) = type_names(l, n);
    let list = n.field("arguments").or_else(|| {
        l.named_children(n)
            .into_iter()
            .find(|c| c.kind() == "argument_list")
    });
    let args = args(l, list, id);
    let init_node = n.field("initializer").or_else(|| {
        l.named_children(n)
            .into_iter()
            .find(|c| c.kind() == "initializer_expression")
    });
    let init = init_node.map(|i| initializer(l, i, id));
    l.set(
        id,
        Kind::New {
            ty,
            path,
            args,
            init,
            body: None,
        },
    )
}

/// An object initializer (`{ Acks = .., ["k"] = v, {k, v} }`) becomes an
/// `Object`; a collection initializer of plain items (`{ "a", "b" }`) a `List`.
fn initializer(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let kids = l.named_children(n);
    let entry_like = |k: &Node<'_>| {
        k.kind() == "assignment_expression"
            || (k.kind() == "initializer_expression" && k.named_child_count() == 2)
    };
    if kids.is_empty() || !kids.iter().all(entry_like) {
        let items = kids.into_iter().map(|k| l.node(k, id)).collect();
        return l.set(id, Kind::List(items));
    }
    let mut entries = Vec::new();
    for k in kids {
        if k.kind() == "initializer_expression" {
            // `{ "acks", "1" }`: a call of Add(key, value).
            let pair = l.named_children(k);
            let key = l.node(pair[0], id);
            let value = l.node(pair[1], id);
            entries.push(l.entry(Key::Expr(key), value, k));
            continue;
        }
        let left = k.field("left");
        let right = k.field("right");
        let value = match right {
            Some(r) => l.node(r, id),
            None => l.leaf(k, id, Kind::Other(Vec::new())),
        };
        let key = match left {
            Some(lt) if lt.kind() == "identifier" => Key::Name(l.text_of(lt).into()),
            Some(lt) if lt.kind() == "element_binding_expression" => {
                // `["linger.ms"] = "5"`: an indexer key.
                let inner = l
                    .named_children(lt)
                    .into_iter()
                    .find(|c| c.kind() == "argument")
                    .and_then(|a| l.named_children(a).into_iter().last());
                match inner {
                    Some(e) => Key::Expr(l.node(e, id)),
                    None => Key::Expr(l.leaf(lt, id, Kind::Other(Vec::new()))),
                }
            }
            Some(lt) => Key::Expr(l.node(lt, id)),
            None => Key::Spread,
        };
        entries.push(l.entry(key, value, k));
    }
    l.set(id, Kind::Object(entries))
}

/// A `variable_declaration` (type and declarators) as one `Let` per
/// declarator (several become a block). A target-typed `new()` takes the
/// declared type.
fn variables(
    l: &mut Lower<'_>,
    n: Node<'_>,
    parent: Id,
    constant: bool,
    field: bool,
    static_: bool,
) -> Id {
    let ty_text = l.field_text(n, "type");
    let ty: Option<Box<str>> = ty_text.filter(|t| *t != "var").map(Into::into);
    let decls: Vec<Node<'_>> = l
        .named_children(n)
        .into_iter()
        .filter(|c| c.kind() == "variable_declarator")
        .collect();
    let one = decls.len() == 1;
    let outer = if one { Id::NONE } else { l.reserve(n, parent) };
    let mut lets = Vec::new();
    for d in decls {
        let id = if one {
            l.reserve(n, parent)
        } else {
            l.reserve(d, outer)
        };
        let name = l.field_text(d, "name").unwrap_or("").into();
        let value_node = l
            .named_children(d)
            .into_iter()
            .filter(|c| Some(*c) != d.field("name"))
            .find(|c| c.kind() != "bracketed_argument_list");
        let value = value_node.map(|v| l.node(v, id));
        if let (Some(v), Some(t)) = (value, ty_text) {
            retype_implicit_new(l, v, t);
        }
        l.set(
            id,
            Kind::Let {
                names: vec![name],
                ty: ty.clone(),
                value,
                constant,
                field,
                static_,
            },
        );
        lets.push(id);
    }
    match lets.len() {
        0 => l.leaf(n, parent, Kind::Other(Vec::new())),
        1 => lets[0],
        _ => l.set(outer, Kind::Block(lets)),
    }
}

/// `ProducerConfig c = new() { .. }`: the creation is of the declared type.
fn retype_implicit_new(l: &mut Lower<'_>, v: Id, declared: &str) {
    if let Kind::New { ty, path, .. } = l.kind_mut(v) {
        if ty.is_empty() {
            *ty = simple_type(declared).into();
            *path = strip_generics(declared).into();
        }
    }
}

fn field_declaration(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let mods = modifiers(l, n);
    let has = |m: &str| mods.iter().any(|x| x == m);
    let constant = has("const") || has("readonly");
    let static_ = has("static") || has("const");
    match l
        .named_children(n)
        .into_iter()
        .find(|c| c.kind() == "variable_declaration")
    {
        Some(v) => variables(l, v, parent, constant, true, static_),
        None => l.leaf(n, parent, Kind::Other(Vec::new())),
    }
}

/// `string T { get; } = "x";` and `string T => "x";`: a field holding the
/// value (constant when it has no setter).
fn property(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mods = modifiers(l, n);
    let name = l.field_text(n, "name").unwrap_or("").into();
    let ty = l.field_text(n, "type").map(Into::into);
    let setter = n
        .field("accessors")
        .is_some_and(|a| l.text_of(a).contains("set"));
    let value = match n.field("value") {
        Some(v) if v.kind() == "arrow_expression_clause" => {
            let inner = l.named_children(v).into_iter().next();
            inner.map(|e| l.node(e, id))
        }
        Some(v) => Some(l.node(v, id)),
        None => None,
    };
    l.set(
        id,
        Kind::Let {
            names: vec![name],
            ty,
            value,
            constant: !setter,
            field: true,
            static_: mods.iter().any(|m| m == "static"),
        },
    )
}

fn method(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let (annotations, attr_nodes) = attributes(l, n);
    let decorators = attr_nodes.into_iter().map(|a| l.other(a, id)).collect();
    let mods = modifiers(l, n);
    let name = l.field_text(n, "name").map(Into::into);
    let ps = params(l, n.field("parameters"));
    let returns = l
        .field_text(n, "returns")
        .or_else(|| l.field_text(n, "type"))
        .map(|t| t.trim().into());
    let body = match n.field("body") {
        Some(b) if b.kind() == "arrow_expression_clause" => {
            // `void F() => expr;`: an expression body.
            match l.named_children(b).into_iter().next() {
                Some(e) => l.node(e, id),
                None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
            }
        }
        Some(b) => l.node(b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    l.set(
        id,
        Kind::Func {
            name,
            params: ps,
            body,
            annotations,
            decorators,
            returns,
            is_async: mods.iter().any(|m| m == "async"),
            method: n.kind() != "local_function_statement",
        },
    )
}

fn class(l: &mut Lower<'_>, n: Node<'_>, parent: Id, kind: ClassKind) -> Id {
    let id = l.reserve(n, parent);
    let (annotations, _) = attributes(l, n);
    let name = l.field_text(n, "name").unwrap_or("").into();
    let mut bases = Vec::new();
    if let Some(b) = l
        .named_children(n)
        .into_iter()
        .find(|c| c.kind() == "base_list")
    {
        for t in l.named_children(b) {
            if t.kind() == "argument_list" {
                continue;
            }
            bases.push(strip_generics(l.text_of(t)).into());
        }
    }
    let body = match n.field("body") {
        Some(b) if b.kind() == "enum_member_declaration_list" => {
            let bid = l.reserve(b, id);
            let mut members = Vec::new();
            for m in l.named_children(b) {
                if m.kind() != "enum_member_declaration" {
                    continue;
                }
                let c = l.reserve(m, bid);
                let name = l.field_text(m, "name").unwrap_or("").into();
                let value = l.field(m, "value", c);
                l.set(
                    c,
                    Kind::Let {
                        names: vec![name],
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
        Some(b) => l.block(b, id),
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

/// A block; `using var x = ..;` turns the rest of the block into the body
/// of a resource scope that ends (disposes `x`) where the block ends.
fn block(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let kids = l.named_children(n);
    let items = statements(l, &kids, id, n.end_byte() as u32);
    l.set(id, Kind::Block(items))
}

fn statements(l: &mut Lower<'_>, kids: &[Node<'_>], parent: Id, end: u32) -> Vec<Id> {
    let mut items = Vec::new();
    for (i, k) in kids.iter().enumerate() {
        if k.kind() == "local_declaration_statement" && is_using_declaration(l, *k) {
            let w = l.reserve_range(k.start_byte() as u32, end, parent);
            let decl = l
                .named_children(*k)
                .into_iter()
                .find(|c| c.kind() == "variable_declaration");
            let let_id = match decl {
                Some(d) => variables(l, d, w, true, false, false),
                None => l.leaf(*k, w, Kind::Other(Vec::new())),
            };
            let name = match l.kind_of(let_id) {
                Kind::Let { names, .. } => names.first().cloned(),
                _ => None,
            };
            let rest_start = kids
                .get(i + 1)
                .map_or(end, |r| r.start_byte() as u32)
                .min(end);
            let body = l.reserve_range(rest_start, end, w);
            let rest = statements(l, &kids[i + 1..], body, end);
            l.set(body, Kind::Block(rest));
            l.set(
                w,
                Kind::With {
                    items: vec![(name, let_id)],
                    body,
                },
            );
            items.push(w);
            return items;
        }
        items.push(l.node(*k, parent));
    }
    items
}

fn is_using_declaration(l: &Lower<'_>, n: Node<'_>) -> bool {
    let mut c = n.walk();
    let first = n.children(&mut c).next();
    first.is_some_and(|f| l.text_of(f) == "using")
}

fn string_literal(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let raw = l.text_of(n);
    let value = match n.kind() {
        "verbatim_string_literal" => {
            let body = raw.trim_start_matches('@');
            crate::frontend::code::lower::unquote(body).replace("\"\"", "\"")
        }
        "raw_string_literal" => {
            let body = raw.trim_start_matches('"').trim_end_matches('"');
            body.trim_matches('\n').to_string()
        }
        _ => unescape(crate::frontend::code::lower::unquote(raw)),
    };
    l.leaf(n, parent, Kind::Str(value.into()))
}

fn interpolated(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut parts = Vec::new();
    for k in l.named_children(n) {
        match k.kind() {
            "string_content" | "string_literal_content" => {
                let t = unescape(l.text_of(k));
                parts.push(l.leaf(k, id, Kind::Str(t.into())));
            }
            "escape_sequence" => {
                let t = unescape(l.text_of(k));
                parts.push(l.leaf(k, id, Kind::Str(t.into())));
            }
            "interpolation" => {
                let e = l
                    .named_children(k)
                    .into_iter()
                    .find(|c| !c.kind().starts_with("interpolation_"));
                match e {
                    Some(e) => parts.push(l.node(e, id)),
                    None => parts.push(l.leaf(k, id, Kind::Other(Vec::new()))),
                }
            }
            _ => {}
        }
    }
    l.set(id, Kind::Template(parts))
}

fn namespace_import(name: &str) -> Kind {
    Kind::Import {
        path: name.into(),
        names: Vec::new(),
    }
}

/// The name of a `generic_name` (`Get<ProducerConfig>` → `Get`) or identifier.
fn simple_name<'t>(l: &Lower<'t>, n: Node<'_>) -> &'t str {
    if n.kind() == "generic_name" {
        let mut c = n.walk();
        let id = n.named_children(&mut c).find(|k| k.kind() == "identifier");
        if let Some(i) = id {
            return l.text_of(i);
        }
    }
    l.text_of(n)
}

fn member_access(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let obj = l.field(n, "expression", id).unwrap_or(Id::NONE);
    let name = n
        .field("name")
        .map(|x| simple_name(l, x))
        .unwrap_or("")
        .into();
    l.set(id, Kind::Member { obj, name })
}

fn invocation(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let func = match n.field("function") {
        Some(f) if f.kind() == "generic_name" => {
            let t = simple_name(l, f);
            l.leaf(f, id, Kind::Name(t.into()))
        }
        Some(f) => l.node(f, id),
        None => l.leaf(n, id, Kind::Other(Vec::new())),
    };
    let args = args(l, n.field("arguments"), id);
    l.set(id, Kind::Call { func, args })
}

fn for_each(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let left = n.field("left");
    let vars = match left {
        Some(v) if v.kind() == "identifier" => vec![l.text_of(v).into()],
        Some(v) => l
            .named_children(v)
            .into_iter()
            .filter(|c| c.kind() == "identifier")
            .map(|c| l.text_of(c).into())
            .collect(),
        None => Vec::new(),
    };
    let var_ty = l
        .field_text(n, "type")
        .filter(|t| *t != "var")
        .map(Into::into);
    let iter = l.field(n, "right", id);
    let body = l.field(n, "body", id).unwrap_or(Id::NONE);
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

fn for_counted(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut vars = Vec::new();
    let mut header = Vec::new();
    let mut c = n.walk();
    let inits: Vec<Node<'_>> = n.children_by_field_name("initializer", &mut c).collect();
    for i in inits {
        if i.kind() == "variable_declaration" {
            for d in l.named_children(i) {
                if d.kind() == "variable_declarator" {
                    if let Some(name) = l.field_text(d, "name") {
                        vars.push(name.into());
                    }
                }
            }
            header.push(variables(l, i, id, false, false, false));
        } else {
            header.push(l.node(i, id));
        }
    }
    l.counted_loop(n, id, vars, header, "update")
}

fn try_stmt(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let body = l.field(n, "body", id).unwrap_or(Id::NONE);
    let mut catches = Vec::new();
    let mut finally = None;
    for c in l.named_children(n) {
        match c.kind() {
            "catch_clause" => {
                let var = l
                    .named_children(c)
                    .into_iter()
                    .find(|k| k.kind() == "catch_declaration")
                    .and_then(|d| l.field_text(d, "name"))
                    .map(Into::into);
                let b = l.field(c, "body", id).unwrap_or(Id::NONE);
                catches.push((var, b));
            }
            "finally_clause" => {
                finally = l
                    .named_children(c)
                    .into_iter()
                    .find(|k| k.kind() == "block")
                    .map(|b| l.node(b, id));
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

/// `using (var p = ..) { .. }` / `using (expr) { .. }`.
fn using_statement(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut items = Vec::new();
    let body_node = n.field("body");
    for c in l.named_children(n) {
        if Some(c) == body_node {
            continue;
        }
        if c.kind() == "variable_declaration" {
            let v = variables(l, c, id, true, false, false);
            let name = match l.kind_of(v) {
                Kind::Let { names, .. } => names.first().cloned(),
                _ => None,
            };
            items.push((name, v));
        } else {
            items.push((None, l.node(c, id)));
        }
    }
    let body = match body_node {
        Some(b) => l.node(b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    l.set(id, Kind::With { items, body })
}

fn binary(l: &mut Lower<'_>, n: Node<'_>, parent: Id, op: Option<&str>) -> Id {
    let id = l.reserve(n, parent);
    let left = l.field(n, "left", id).unwrap_or(Id::NONE);
    let right = match n.field("right") {
        Some(r) => l.node(r, id),
        None => l.leaf(n, id, Kind::Other(Vec::new())),
    };
    let op = op
        .map(str::to_string)
        .or_else(|| l.field_text(n, "operator").map(str::to_string))
        .unwrap_or_default()
        .into();
    l.set(
        id,
        Kind::Binary {
            op,
            l: left,
            r: right,
        },
    )
}

pub fn lower(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    match n.kind() {
        "compilation_unit" | "declaration_list" | "switch_body" | "switch_section" => {
            l.block(n, parent)
        }
        "block" => block(l, n, parent),
        "namespace_declaration" => {
            // Code in `namespace A.B` sees the types of `A.B` and `A`
            // without a using directive: an implicit import.
            let id = l.reserve(n, parent);
            let mut kids = Vec::new();
            if let Some(name) = l.field_text(n, "name") {
                l.package = Some(name.to_string());
                kids.push(l.leaf(n, id, namespace_import(name)));
            }
            if let Some(b) = n.field("body") {
                kids.push(l.block(b, id));
            }
            l.set(id, Kind::Block(kids))
        }
        "file_scoped_namespace_declaration" => match l.field_text(n, "name") {
            Some(name) => {
                l.package = Some(name.to_string());
                l.leaf(n, parent, namespace_import(name))
            }
            None => l.leaf(n, parent, Kind::Other(Vec::new())),
        },
        "global_statement" => l.transparent(n, parent),
        "using_directive" => {
            let target = l
                .named_children(n)
                .into_iter()
                .rfind(|c| matches!(c.kind(), "qualified_name" | "identifier" | "generic_name"));
            let path = target.map(|t| l.text_of(t)).unwrap_or("");
            let alias = n.field("name").map(|a| l.text_of(a)).filter(|a| *a != path);
            let names = match alias {
                Some(a) => vec![(a.into(), path.into())],
                None => Vec::new(),
            };
            l.leaf(
                n,
                parent,
                Kind::Import {
                    path: path.into(),
                    names,
                },
            )
        }
        "class_declaration" | "record_declaration" => class(l, n, parent, ClassKind::Class),
        "struct_declaration" | "record_struct_declaration" => {
            class(l, n, parent, ClassKind::Struct)
        }
        "interface_declaration" => class(l, n, parent, ClassKind::Interface),
        "enum_declaration" => class(l, n, parent, ClassKind::Enum),
        "field_declaration" | "event_field_declaration" => field_declaration(l, n, parent),
        "property_declaration" => property(l, n, parent),
        "method_declaration"
        | "constructor_declaration"
        | "local_function_statement"
        | "operator_declaration" => method(l, n, parent),
        "local_declaration_statement" => {
            let mods = modifiers(l, n);
            let constant = mods.iter().any(|m| m == "const");
            match l
                .named_children(n)
                .into_iter()
                .find(|c| c.kind() == "variable_declaration")
            {
                Some(v) => variables(l, v, parent, constant, false, false),
                None => l.other(n, parent),
            }
        }
        "variable_declaration" => variables(l, n, parent, false, false, false),
        "expression_statement" => {
            let id = l.reserve(n, parent);
            let e = l
                .lower_children(n, id)
                .into_iter()
                .next()
                .unwrap_or(Id::NONE);
            l.set(id, Kind::Expr(e))
        }
        "string_literal" | "verbatim_string_literal" | "raw_string_literal" => {
            string_literal(l, n, parent)
        }
        "interpolated_string_expression" => interpolated(l, n, parent),
        "character_literal" => {
            let v = unescape(crate::frontend::code::lower::unquote(l.text_of(n)));
            l.leaf(n, parent, Kind::Str(v.into()))
        }
        "integer_literal" => match parse_int(l.text_of(n)) {
            Some(v) => l.leaf(n, parent, Kind::Int(v)),
            None => l.leaf(n, parent, Kind::Other(Vec::new())),
        },
        "real_literal" => {
            let t = l
                .text_of(n)
                .trim_end_matches(['f', 'F', 'd', 'D', 'm', 'M'])
                .replace('_', "");
            match t.parse::<f64>() {
                Ok(v) => l.leaf(n, parent, Kind::Float(v)),
                Err(_) => l.leaf(n, parent, Kind::Other(Vec::new())),
            }
        }
        "boolean_literal" => {
            let v = l.text_of(n).trim() == "true";
            l.leaf(n, parent, Kind::Bool(v))
        }
        "null_literal" => l.leaf(n, parent, Kind::Null),
        "identifier" | "this" | "base" | "this_expression" | "base_expression" => {
            let t = l.text_of(n);
            let t = t.strip_prefix('@').unwrap_or(t);
            l.leaf(n, parent, Kind::Name(t.into()))
        }
        "generic_name" => {
            let t = simple_name(l, n);
            l.leaf(n, parent, Kind::Name(t.into()))
        }
        "qualified_name" | "alias_qualified_name" => {
            let id = l.reserve(n, parent);
            let obj = l.field(n, "qualifier", id).unwrap_or(Id::NONE);
            let name = n
                .field("name")
                .map(|x| simple_name(l, x))
                .unwrap_or("")
                .into();
            l.set(id, Kind::Member { obj, name })
        }
        "member_access_expression" => member_access(l, n, parent),
        "conditional_access_expression" => {
            // `x?.Foo`: a member access that may short-circuit.
            let id = l.reserve(n, parent);
            let obj = l.field(n, "condition", id).unwrap_or(Id::NONE);
            let name = l
                .named_children(n)
                .into_iter()
                .find(|c| c.kind() == "member_binding_expression")
                .and_then(|b| b.field("name"))
                .map(|x| simple_name(l, x))
                .unwrap_or("")
                .into();
            l.set(id, Kind::Member { obj, name })
        }
        "invocation_expression" => invocation(l, n, parent),
        "object_creation_expression" | "implicit_object_creation_expression" => {
            creation(l, n, parent)
        }
        "anonymous_object_creation_expression" => {
            let id = l.reserve(n, parent);
            let mut entries = Vec::new();
            for k in l.named_children(n) {
                if let Some(v) = k.field("right") {
                    let key = k.field("left").map(|x| l.text_of(x)).unwrap_or("");
                    let value = l.node(v, id);
                    entries.push(Entry {
                        key: Key::Name(key.into()),
                        value,
                        start: k.start_byte() as u32,
                        end: k.end_byte() as u32,
                    });
                }
            }
            l.set(id, Kind::Object(entries))
        }
        "initializer_expression" => initializer(l, n, parent),
        "array_creation_expression"
        | "implicit_array_creation_expression"
        | "stackalloc_array_creation_expression"
        | "collection_expression" => {
            let id = l.reserve(n, parent);
            let mut items = Vec::new();
            for k in l.named_children(n) {
                match k.kind() {
                    "initializer_expression" => {
                        for i in l.named_children(k) {
                            items.push(l.node(i, id));
                        }
                    }
                    "array_type" | "array_rank_specifier" => {}
                    _ if n.kind() == "collection_expression" => items.push(l.node(k, id)),
                    _ => {}
                }
            }
            l.set(id, Kind::List(items))
        }
        "element_access_expression" => {
            let id = l.reserve(n, parent);
            let obj = l.field(n, "expression", id).unwrap_or(Id::NONE);
            let index = n
                .field("subscript")
                .and_then(|s| {
                    l.named_children(s)
                        .into_iter()
                        .find(|c| c.kind() == "argument")
                })
                .and_then(|a| l.named_children(a).into_iter().last())
                .map(|e| l.node(e, id))
                .unwrap_or(Id::NONE);
            l.set(id, Kind::Index { obj, index })
        }
        "parenthesized_expression" | "checked_expression" | "ref_expression" => {
            l.transparent(n, parent)
        }
        "cast_expression" => {
            let id = l.reserve(n, parent);
            let v = l.field(n, "value", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Cast(v))
        }
        "as_expression" => {
            let id = l.reserve(n, parent);
            let v = l.field(n, "left", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Cast(v))
        }
        "is_expression" | "is_pattern_expression" => binary(l, n, parent, Some("is")),
        "binary_expression" => binary(l, n, parent, None),
        "prefix_unary_expression" => {
            let id = l.reserve(n, parent);
            let text = l.text_of(n);
            let kids = l.lower_children(n, id);
            let e = kids.into_iter().next().unwrap_or(Id::NONE);
            if text.starts_with("++") || text.starts_with("--") {
                return l.set(id, Kind::Update(e));
            }
            let op = text
                .chars()
                .next()
                .map(|c| c.to_string())
                .unwrap_or_default();
            l.set(id, Kind::Unary { op: op.into(), e })
        }
        "postfix_unary_expression" => {
            let id = l.reserve(n, parent);
            let text = l.text_of(n);
            let e = l
                .lower_children(n, id)
                .into_iter()
                .next()
                .unwrap_or(Id::NONE);
            if text.ends_with("++") || text.ends_with("--") {
                l.set(id, Kind::Update(e))
            } else {
                // `x!`: null-forgiving, the value as is.
                l.set(id, Kind::Cast(e))
            }
        }
        "conditional_expression" => {
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
            let op = l
                .field_text(n, "operator")
                .filter(|o| *o != "=")
                .map(Into::into);
            l.set(id, Kind::Assign { target, value, op })
        }
        "await_expression" => {
            let id = l.reserve(n, parent);
            let e = l
                .lower_children(n, id)
                .into_iter()
                .next()
                .unwrap_or(Id::NONE);
            l.set(id, Kind::Await(e))
        }
        "lambda_expression" | "anonymous_method_expression" => {
            let id = l.reserve(n, parent);
            let ps = params(l, n.field("parameters"));
            let body = match n.field("body") {
                Some(b) => l.node(b, id),
                None => match l
                    .named_children(n)
                    .into_iter()
                    .find(|c| c.kind() == "block")
                {
                    Some(b) => l.node(b, id),
                    None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
                },
            };
            l.set(id, Kind::Lambda { params: ps, body })
        }
        "if_statement" => {
            let id = l.reserve(n, parent);
            let cond = l.field(n, "condition", id).unwrap_or(Id::NONE);
            let then = l.field(n, "consequence", id).unwrap_or(Id::NONE);
            let else_ = l.field(n, "alternative", id);
            l.set(id, Kind::If { cond, then, else_ })
        }
        "foreach_statement" => for_each(l, n, parent),
        "for_statement" => for_counted(l, n, parent),
        "while_statement" | "do_statement" => {
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
        "try_statement" => try_stmt(l, n, parent),
        "using_statement" => using_statement(l, n, parent),
        "return_statement" => {
            let id = l.reserve(n, parent);
            let v = l.lower_children(n, id).into_iter().next();
            l.set(id, Kind::Return(v))
        }
        "throw_statement" | "throw_expression" => {
            let id = l.reserve(n, parent);
            let v = l
                .lower_children(n, id)
                .into_iter()
                .next()
                .unwrap_or(Id::NONE);
            l.set(id, Kind::Throw(v))
        }
        "attribute_list"
        | "attribute"
        | "modifier"
        | "type_parameter_list"
        | "type_parameter_constraints_clause"
        | "base_list"
        | "accessor_list"
        | "predefined_type"
        | "implicit_type"
        | "nullable_type"
        | "array_type"
        | "pointer_type"
        | "tuple_type"
        | "type_argument_list"
        | "extern_alias_directive"
        | "preprocessor_call"
        | "preproc_if"
        | "preproc_region"
        | "preproc_endregion"
        | "nullable_directive"
        | "pragma_directive"
        | "define_directive" => l.leaf(n, parent, Kind::Other(Vec::new())),
        _ => l.other(n, parent),
    }
}

pub static SPEC: Lang = Lang {
    id: "csharp",
    language,
    lower,
    comments: COMMENTS,
    map_types: &[
        "Dictionary",
        "ConcurrentDictionary",
        "SortedDictionary",
        "Hashtable",
    ],
    map_factories: &[
        ("", "ToDictionary", MapShape::Copy),
        ("ImmutableDictionary", "CreateRange", MapShape::Copy),
    ],
    pair_ops: &[],
    put_methods: &["Add", "TryAdd", "Set"],
    merge_methods: &[],
    opaque_methods: &["Clear", "Remove"],
    read_only_calls: &[
        "LogInformation",
        "LogDebug",
        "LogWarning",
        "LogError",
        "LogTrace",
        "LogCritical",
        "WriteLine",
        "Write",
        "Information",
        "Debug",
        "Warning",
        "Error",
        "ContainsKey",
        "TryGetValue",
        "Equals",
        "ToString",
        "Serialize",
        "ThrowIfContainsNonUserConfigurable",
        "AddSingleton",
        "Add",
    ],
    scope_functions: &[],
    views: &["AsReadOnly", "ToList", "ToArray"],
    loop_calls: &[
        "ForEach",
        "Select",
        "SelectMany",
        "Where",
        "ForEachAsync",
        "AsParallel",
        "ForAll",
    ],
    message_annotations: &[
        "KafkaListener",
        "Consumer",
        "Topic",
        "CapSubscribe",
        "Subscribe",
    ],
    request_annotations: &[
        "HttpPost",
        "HttpGet",
        "HttpPut",
        "HttpDelete",
        "HttpPatch",
        "Route",
        "AcceptVerbs",
        "ApiController",
    ],
    message_handler_names: &["Consume", "OnMessage"],
    request_handler_names: &[
        "Invoke",
        "InvokeAsync",
        "OnPost",
        "OnPostAsync",
        "OnGet",
        "OnGetAsync",
    ],
    request_param_types: &["HttpContext", "HttpRequest", "ServerCallContext"],
    request_bases: &["ControllerBase", "Controller", "Hub", "PageModel"],
    route_calls: &[
        "MapPost",
        "MapGet",
        "MapPut",
        "MapDelete",
        "MapPatch",
        "MapMethods",
        "Map",
    ],
    poll_calls: &[
        "Consume",
        "ReadAsync",
        "Receive",
        "ReceiveAsync",
        "ReadAllAsync",
    ],
    handler_return_types: &[],
    constants: &[
        ("int.MaxValue", i32::MAX as i64),
        ("Int32.MaxValue", i32::MAX as i64),
        ("long.MaxValue", i64::MAX),
        ("Int64.MaxValue", i64::MAX),
        ("Partition.Any", -1),
    ],
    bool_constants: &[],
    durations: &[
        ("TimeSpan.FromMilliseconds", 1.0),
        ("TimeSpan.FromSeconds", 1000.0),
        ("TimeSpan.FromMinutes", 60_000.0),
    ],
    clock_calls: &[
        ("DateTime", "Now"),
        ("DateTime", "UtcNow"),
        ("DateTimeOffset", "Now"),
        ("DateTimeOffset", "UtcNow"),
        ("", "GetUtcNow"),
        ("Stopwatch", "GetTimestamp"),
        ("Environment", "TickCount64"),
    ],
    clock_types: &[],
    random_calls: &[
        ("Guid", "NewGuid"),
        ("Guid", "CreateVersion7"),
        ("Random", "Next"),
        ("Random.Shared", "Next"),
        ("Random.Shared", "NextInt64"),
        ("RandomNumberGenerator", "*"),
    ],
    random_types: &["Random"],
    conversions: &[
        ("", "ToString"),
        ("Convert", "ToString"),
        ("", "ToLower"),
        ("", "ToUpper"),
        ("", "ToLowerInvariant"),
        ("", "ToUpperInvariant"),
        ("", "Trim"),
        ("Encoding.UTF8", "GetBytes"),
        ("Convert", "ToInt32"),
        ("Convert", "ToInt64"),
    ],
    non_domain_types: &[
        "string",
        "String",
        "int",
        "long",
        "short",
        "byte",
        "bool",
        "double",
        "float",
        "decimal",
        "char",
        "object",
        "Object",
        "Guid",
        "DateTime",
        "DateTimeOffset",
        "TimeSpan",
        "Null",
        "Ignore",
        "CancellationToken",
        "HttpContext",
        "HttpRequest",
        "ILogger",
        "IConfiguration",
        "IServiceProvider",
        "JsonElement",
        "JsonDocument",
        "Dictionary",
        "IDictionary",
        "Headers",
        "Task",
        "ValueTask",
        "Uri",
    ],
    env_reads: &[("Environment", "GetEnvironmentVariable", usize::MAX)],
    serializers: &[
        "Serialize",
        "SerializeObject",
        "SerializeToUtf8Bytes",
        "ToJson",
        "ToByteArray",
    ],
    this_names: &["this"],
    assign_declares: false,
    file_loads: &[],
    file_openers: &[],
    map_merge_ops: &[],
    export_objects: &[],
    async_lambda: "async",
    gate: GateSyntax {
        line_comments: &["//"],
        block_comments: &[("/*", "*/")],
        strings: &["\"\"\"", "\"", "'"],
        escapes: true,
        qualified_imports: false,
    },
    elide: Elide::Braces { keywords: &[] },
};
