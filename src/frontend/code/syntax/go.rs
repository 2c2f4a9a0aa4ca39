//! Go: tree-sitter-go node kinds → IR.
//!
//! Go needs a few mappings Java did not:
//! - composite literals (`kafka.Writer{..}`, `&sarama.ProducerMessage{..}`)
//!   are `New` with their fields in `init` (keyed fields as `Key::Name`);
//!   slice and array literals are lists, map literals objects, and an
//!   element whose type is left out (`[]kafka.Message{{Key: k}}`) is a
//!   `New` of the element type;
//! - `&x`, `*x`, `x.(T)` and `T(x)` conversions keep the value (`Cast`);
//! - `a, err := f()` is one `Let` of several names, `p, q := x, y` one per
//!   pair; `_, err = f()` assigns to a list; `return cfg, nil` returns an
//!   `Other` of its results (see [`Ir::first_result`]);
//! - `if x := f(); cond {..}` is a block holding the initializer and the `if`;
//! - a method's receiver is lowered as `this`, so `s.producer` is a field;
//! - `make(T)` builds an empty `T`; `ch <- v` is a channel send, `<-ch` a
//!   receive (`Unary` with `<-`), `go f()` and `defer f()` keep their call.

use crate::frontend::code::field::Fields;
use crate::frontend::code::ir::{Arg, ClassKind, Entry, Id, Key, Kind, LoopKind, Param};
use crate::frontend::code::lang::{Elide, GateSyntax, Lang};
use crate::frontend::code::lower::{parse_int, simple_type, strip_generics, unescape, Lower};
use tree_sitter::Node;

pub const COMMENTS: &[&str] = &["comment"];

pub fn language() -> tree_sitter::Language {
    tree_sitter_go::LANGUAGE.into()
}

/// The name a package is used by when imported without an alias: the last
/// path element without a major-version suffix (`.../v2`), a `gopkg.in`
/// `.vN` suffix, or a `go-`/`-go` affix (`github.com/segmentio/kafka-go`
/// is used as `kafka`).
pub fn package_name(path: &str) -> String {
    let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    if parts.len() > 1 {
        let last = parts[parts.len() - 1];
        if last.len() > 1 && last.starts_with('v') && last[1..].bytes().all(|b| b.is_ascii_digit())
        {
            parts.pop();
        }
    }
    let mut name = parts.last().copied().unwrap_or(path).to_string();
    if let Some(i) = name.find(".v") {
        if name[i + 2..].bytes().all(|b| b.is_ascii_digit()) {
            name.truncate(i);
        }
    }
    let name = name
        .strip_suffix("-go")
        .or_else(|| name.strip_prefix("go-"))
        .unwrap_or(&name)
        .to_string();
    name.replace(['-', '.'], "_")
}

fn string_value(l: &Lower<'_>, n: Node<'_>) -> String {
    let raw = l.text_of(n);
    match n.kind() {
        "raw_string_literal" => raw.trim_matches('`').to_string(),
        _ => unescape(crate::frontend::code::lower::unquote(raw)),
    }
}

fn named<'a>(l: &mut Lower<'_>, n: Option<Node<'a>>) -> Vec<Node<'a>> {
    match n {
        Some(n) => l.named_children(n),
        None => Vec::new(),
    }
}

/// Whether a declaration sits at package level (not inside a function).
fn top_level(n: Node<'_>) -> bool {
    let mut cur = n.parent();
    while let Some(p) = cur {
        match p.kind() {
            "source_file" => return true,
            "function_declaration" | "method_declaration" | "func_literal" => return false,
            _ => cur = p.parent(),
        }
    }
    false
}

/// Parameters of a parameter list: `a, b string` gives two; a variadic
/// `msgs ...T` has the slice type `[]T`.
fn params(l: &mut Lower<'_>, list: Option<Node<'_>>) -> Vec<Param> {
    let mut out = Vec::new();
    for p in named(l, list) {
        let ty = l.field_text(p, "type");
        let ty = match (p.kind(), ty) {
            ("variadic_parameter_declaration", Some(t)) => Some(format!("[]{t}")),
            (_, t) => t.map(str::to_string),
        };
        let mut c = p.walk();
        let names: Vec<Node<'_>> = p.children_by_field_name("name", &mut c).collect();
        if names.is_empty() {
            // An unnamed parameter (`func(string, error)`) keeps its place.
            out.push(l.param("_", ty.as_deref(), p));
        }
        for nm in names {
            out.push(l.param(l.text_of(nm), ty.as_deref(), p));
        }
    }
    out
}

/// The first result type of a function (`(*sarama.Config, error)` →
/// `*sarama.Config`): what a caller that keeps one value gets.
fn result_type(l: &mut Lower<'_>, n: Node<'_>) -> Option<Box<str>> {
    let r = n.field("result")?;
    if r.kind() == "parameter_list" {
        let first = named(l, Some(r)).into_iter().next()?;
        return l.field_text(first, "type").map(Into::into);
    }
    Some(l.text_of(r).into())
}

fn func(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let name = l.field_text(n, "name").map(Into::into);
    let ps = params(l, n.field("parameters"));
    let returns = result_type(l, n);
    let receiver = n
        .field("receiver")
        .and_then(|r| named(l, Some(r)).into_iter().next())
        .and_then(|p| l.field_text(p, "name"))
        .map(str::to_string);
    let method = n.field("receiver").is_some();
    let saved = l.this_alias.take();
    l.this_alias = receiver;
    let body = match n.field("body") {
        Some(b) => block(l, b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    l.this_alias = saved;
    l.set(
        id,
        Kind::Func {
            name,
            params: ps,
            body,
            annotations: Vec::new(),
            decorators: Vec::new(),
            returns,
            is_async: false,
            method,
        },
    )
}

/// A block: the statements of its statement lists, flattened.
fn block(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let items = statements(l, n, id);
    l.set(id, Kind::Block(items))
}

fn statements(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Vec<Id> {
    let mut items = Vec::new();
    for c in l.named_children(n) {
        if c.kind() == "statement_list" {
            for s in l.named_children(c) {
                items.push(l.node(s, parent));
            }
        } else {
            items.push(l.node(c, parent));
        }
    }
    items
}

/// `a, b := x, y` / `var a, b = x, y` / `const c = 1`: one `Let` per name
/// and value when they pair up, else one `Let` of every name (a call with
/// several results).
#[allow(clippy::too_many_arguments)]
fn declare(
    l: &mut Lower<'_>,
    n: Node<'_>,
    parent: Id,
    names: Vec<Box<str>>,
    ty: Option<Box<str>>,
    values: Vec<Node<'_>>,
    constant: bool,
    static_: bool,
) -> Id {
    if names.len() > 1 && names.len() == values.len() {
        let outer = l.reserve(n, parent);
        let mut lets = Vec::new();
        for (name, v) in names.into_iter().zip(values) {
            let id = l.reserve(v, outer);
            let value = Some(l.node(v, id));
            lets.push(l.set(
                id,
                Kind::Let {
                    names: vec![name],
                    ty: ty.clone(),
                    value,
                    constant,
                    field: false,
                    static_,
                },
            ));
        }
        return l.set(outer, Kind::Block(lets));
    }
    let id = l.reserve(n, parent);
    let value = values.first().map(|v| l.node(*v, id));
    l.set(
        id,
        Kind::Let {
            names,
            ty,
            value,
            constant,
            field: false,
            static_,
        },
    )
}

fn names_of(l: &mut Lower<'_>, list: Option<Node<'_>>) -> Vec<Box<str>> {
    named(l, list)
        .into_iter()
        .map(|x| l.text_of(x).into())
        .collect()
}

/// A `var`/`const` spec.
fn spec(l: &mut Lower<'_>, n: Node<'_>, parent: Id, constant: bool) -> Id {
    let mut c = n.walk();
    let names: Vec<Box<str>> = n
        .children_by_field_name("name", &mut c)
        .map(|x| l.text_of(x).into())
        .collect();
    let ty = l.field_text(n, "type").map(Into::into);
    let values = named(l, n.field("value"));
    let stat = top_level(n);
    declare(l, n, parent, names, ty, values, constant, stat)
}

/// `var (..)` / `const (..)` with several specs: a block of them.
fn specs(l: &mut Lower<'_>, n: Node<'_>, parent: Id, constant: bool) -> Id {
    let mut list = Vec::new();
    for c in l.named_children(n) {
        match c.kind() {
            "var_spec_list" => list.extend(l.named_children(c)),
            _ => list.push(c),
        }
    }
    if list.len() == 1 {
        return spec(l, list[0], parent, constant);
    }
    let id = l.reserve(n, parent);
    let items = list.into_iter().map(|s| spec(l, s, id, constant)).collect();
    l.set(id, Kind::Block(items))
}

/// `left op right` as an assignment statement.
fn assignment(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let lefts = named(l, n.field("left"));
    let rights = named(l, n.field("right"));
    let op = l
        .field_text(n, "operator")
        .filter(|o| *o != "=")
        .map(|o| o.trim_end_matches('=').into());
    let stmt = l.reserve(n, parent);
    if lefts.len() > 1 && lefts.len() == rights.len() {
        let mut items = Vec::new();
        for (t, v) in lefts.into_iter().zip(rights) {
            let e = l.reserve(t, stmt);
            let a = l.reserve_range(t.start_byte() as u32, v.end_byte() as u32, e);
            let target = l.node(t, a);
            let value = l.node(v, a);
            l.set(
                a,
                Kind::Assign {
                    target,
                    value,
                    op: op.clone(),
                },
            );
            items.push(l.set(e, Kind::Expr(a)));
        }
        return l.set(stmt, Kind::Block(items));
    }
    let a = l.reserve(n, stmt);
    let target = if lefts.len() == 1 {
        l.node(lefts[0], a)
    } else {
        let list = l.reserve(n.field("left").unwrap_or(n), a);
        let items = lefts.into_iter().map(|t| l.node(t, list)).collect();
        l.set(list, Kind::List(items))
    };
    let value = match rights.first() {
        Some(v) => l.node(*v, a),
        None => l.leaf(n, a, Kind::Other(Vec::new())),
    };
    l.set(a, Kind::Assign { target, value, op });
    l.set(stmt, Kind::Expr(a))
}

fn short_var(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let names = names_of(l, n.field("left"));
    let values = named(l, n.field("right"));
    declare(l, n, parent, names, None, values, false, false)
}

/// `if init; cond {..} else {..}`: the initializer, when there is one,
/// comes first in a block of its own around the `if`.
fn if_stmt(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let init = n.field("initializer");
    let outer = match init {
        Some(_) => l.reserve(n, parent),
        None => parent,
    };
    let init_id = init.map(|i| l.node(i, outer));
    let id = l.reserve(n, outer);
    let cond = l.field(n, "condition", id).unwrap_or(Id::NONE);
    let then = l.field(n, "consequence", id).unwrap_or(Id::NONE);
    let else_ = l.field(n, "alternative", id);
    l.set(id, Kind::If { cond, then, else_ });
    match init_id {
        Some(i) => l.set(outer, Kind::Block(vec![i, id])),
        None => id,
    }
}

fn for_stmt(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let head = l
        .named_children(n)
        .into_iter()
        .find(|c| n.field("body") != Some(*c));
    let mut vars = Vec::new();
    let mut header = Vec::new();
    let mut iter = None;
    let kind = match head.map(|h| (h.kind(), h)) {
        Some(("for_clause", h)) => {
            if let Some(init) = h.field("initializer") {
                if init.kind() == "short_var_declaration" {
                    vars = names_of(l, init.field("left"));
                }
                header.push(l.node(init, id));
            }
            iter = l.field(h, "condition", id);
            if let Some(u) = h.field("update") {
                header.push(l.node(u, id));
            }
            LoopKind::Counted
        }
        Some(("range_clause", h)) => {
            vars = names_of(l, h.field("left"));
            iter = l.field(h, "right", id);
            LoopKind::Each
        }
        Some((_, cond)) => {
            iter = Some(l.node(cond, id));
            LoopKind::While
        }
        None => LoopKind::While,
    };
    let body = l.field(n, "body", id).unwrap_or(Id::NONE);
    l.set(
        id,
        Kind::Loop {
            kind,
            vars,
            var_ty: None,
            iter,
            header,
            body,
        },
    )
}

/// The type of a composite literal: (simple name, path without `*`, `&`
/// and type arguments).
fn type_names(l: &Lower<'_>, t: Node<'_>) -> (Box<str>, Box<str>) {
    let text = l.text_of(t).trim_start_matches(['*', '&']);
    (simple_type(text).into(), strip_generics(text).into())
}

/// The element type of a slice, array or map type node, if named.
fn element_type(t: Node<'_>) -> Option<Node<'_>> {
    let e = match t.kind() {
        "slice_type" | "array_type" | "implicit_length_array_type" => t.field("element"),
        "map_type" => t.field("value"),
        _ => None,
    }?;
    match e.kind() {
        "pointer_type" => e.named_child(0),
        _ => Some(e),
    }
}

/// `T{..}`, `[]T{..}`, `map[K]V{..}`.
fn composite(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let ty = n.field("type");
    let body = n.field("body");
    let elem = ty
        .and_then(element_type)
        .filter(|e| {
            matches!(
                e.kind(),
                "qualified_type" | "type_identifier" | "generic_type"
            )
        })
        .map(|e| type_names(l, e));
    match ty.map(|t| t.kind()) {
        Some("slice_type" | "array_type" | "implicit_length_array_type") => match body {
            Some(b) => literal(l, b, parent, elem.as_ref(), false),
            None => l.leaf(n, parent, Kind::List(Vec::new())),
        },
        Some("map_type") => match body {
            Some(b) => literal(l, b, parent, elem.as_ref(), true),
            None => l.leaf(n, parent, Kind::Object(Vec::new())),
        },
        _ => {
            let id = l.reserve(n, parent);
            let (tyname, path) = ty
                .map(|t| type_names(l, t))
                .unwrap_or(("".into(), "".into()));
            let init = body.map(|b| literal(l, b, id, None, false));
            l.set(
                id,
                Kind::New {
                    ty: tyname,
                    path,
                    args: Vec::new(),
                    init,
                    body: None,
                },
            )
        }
    }
}

/// A literal value `{..}`: an object when its elements are keyed, else a
/// list. `elem` is the type of elements written without one; `map_keys`
/// makes identifier keys expressions (a map's keys are values, a
/// struct's are field names).
fn literal(
    l: &mut Lower<'_>,
    n: Node<'_>,
    parent: Id,
    elem: Option<&(Box<str>, Box<str>)>,
    map_keys: bool,
) -> Id {
    let id = l.reserve(n, parent);
    let kids = l.named_children(n);
    let keyed = kids.iter().any(|k| k.kind() == "keyed_element");
    if keyed {
        let mut entries = Vec::new();
        for k in kids {
            if k.kind() != "keyed_element" {
                continue;
            }
            let key_node = k.field("key").map(|x| unwrap_element(x));
            let value_node = k.field("value").map(|x| unwrap_element(x));
            let key = match key_node {
                Some(kn) if kn.kind() == "identifier" && !map_keys => {
                    Key::Name(l.text_of(kn).into())
                }
                Some(kn) => Key::Expr(element(l, kn, id, None)),
                None => Key::Spread,
            };
            let value = match value_node {
                Some(v) => element(l, v, id, elem),
                None => l.leaf(k, id, Kind::Other(Vec::new())),
            };
            entries.push(Entry {
                key,
                value,
                start: k.start_byte() as u32,
                end: k.end_byte() as u32,
            });
        }
        l.set(id, Kind::Object(entries))
    } else {
        let items = kids
            .into_iter()
            .map(|k| element(l, unwrap_element(k), id, elem))
            .collect();
        l.set(id, Kind::List(items))
    }
}

fn unwrap_element(n: Node<'_>) -> Node<'_> {
    if n.kind() == "literal_element" {
        n.named_child(0).unwrap_or(n)
    } else {
        n
    }
}

/// An element of a literal; a nested `{..}` without a type gets `elem`.
fn element(l: &mut Lower<'_>, n: Node<'_>, parent: Id, elem: Option<&(Box<str>, Box<str>)>) -> Id {
    if n.kind() != "literal_value" {
        return l.node(n, parent);
    }
    match elem {
        Some((ty, path)) => {
            let id = l.reserve(n, parent);
            let init = Some(literal(l, n, id, None, false));
            l.set(
                id,
                Kind::New {
                    ty: ty.clone(),
                    path: path.clone(),
                    args: Vec::new(),
                    init,
                    body: None,
                },
            )
        }
        None => literal(l, n, parent, None, false),
    }
}

fn call(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let func_node = n.field("function");
    let arg_nodes = named(l, n.field("arguments"));
    // `make(T, ..)` builds an empty T (a map, a channel, a slice).
    if func_node.is_some_and(|f| l.text_of(f) == "make") {
        if let Some(t) = arg_nodes.first() {
            let kind = match t.kind() {
                "slice_type" => Kind::List(Vec::new()),
                "map_type" => Kind::Object(Vec::new()),
                "channel_type" => Kind::New {
                    ty: "chan".into(),
                    path: l.text_of(*t).into(),
                    args: Vec::new(),
                    init: None,
                    body: None,
                },
                _ => {
                    let (ty, path) = type_names(l, *t);
                    Kind::New {
                        ty,
                        path,
                        args: Vec::new(),
                        init: None,
                        body: None,
                    }
                }
            };
            return l.leaf(n, parent, kind);
        }
    }
    let id = l.reserve(n, parent);
    let func = match func_node {
        Some(f) => l.node(f, id),
        None => l.leaf(n, id, Kind::Other(Vec::new())),
    };
    let mut args = Vec::new();
    for a in arg_nodes {
        if a.kind() == "variadic_argument" {
            let inner = a.named_child(0).unwrap_or(a);
            args.push(Arg {
                name: None,
                value: l.node(inner, id),
                spread: true,
            });
        } else {
            args.push(Arg {
                name: None,
                value: l.node(a, id),
                spread: false,
            });
        }
    }
    l.set(id, Kind::Call { func, args })
}

/// `type T struct {..}` and interfaces: classes with their fields.
fn type_spec(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let name: Box<str> = l.field_text(n, "name").unwrap_or("").into();
    let Some(t) = n.field("type") else {
        return l.leaf(n, parent, Kind::Other(Vec::new()));
    };
    let kind = match t.kind() {
        "struct_type" => ClassKind::Struct,
        "interface_type" => ClassKind::Interface,
        _ => return l.leaf(n, parent, Kind::Other(Vec::new())),
    };
    let id = l.reserve(n, parent);
    let body = l.reserve(t, id);
    let mut fields = Vec::new();
    let mut bases = Vec::new();
    if kind == ClassKind::Struct {
        let list = l
            .named_children(t)
            .into_iter()
            .find(|c| c.kind() == "field_declaration_list");
        for f in named(l, list) {
            if f.kind() != "field_declaration" {
                continue;
            }
            let ty: Option<Box<str>> = l.field_text(f, "type").map(Into::into);
            let mut c = f.walk();
            let names: Vec<Box<str>> = f
                .children_by_field_name("name", &mut c)
                .map(|x| l.text_of(x).into())
                .collect();
            if names.is_empty() {
                // An embedded type.
                if let Some(t) = &ty {
                    bases.push(simple_type(t).into());
                }
                continue;
            }
            let fid = l.reserve(f, body);
            fields.push(l.set(
                fid,
                Kind::Let {
                    names,
                    ty,
                    value: None,
                    constant: false,
                    field: true,
                    static_: false,
                },
            ));
        }
    }
    l.set(body, Kind::Block(fields));
    l.set(
        id,
        Kind::Class {
            name,
            kind,
            bases,
            annotations: Vec::new(),
            body,
        },
    )
}

fn import_spec(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let path = n
        .field("path")
        .map(|p| string_value(l, p))
        .unwrap_or_default();
    let alias = l.field_text(n, "name");
    let kind = match alias {
        // `import . "pkg"`: its names are used unqualified.
        Some(".") => Kind::Import {
            path: path.clone().into(),
            names: vec![("*".into(), path.into())],
        },
        Some("_") => Kind::Import {
            path: "".into(),
            names: Vec::new(),
        },
        // Qualified use only: the package is named, not searched.
        other => {
            let local = other.map_or_else(|| package_name(&path), str::to_string);
            Kind::Import {
                path: "".into(),
                names: vec![(local.into(), path.into())],
            }
        }
    };
    l.leaf(n, parent, kind)
}

/// A `case`: its header expressions and statements, as one block.
fn case(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut items = Vec::new();
    for c in l.named_children(n) {
        match c.kind() {
            "statement_list" => {
                for s in l.named_children(c) {
                    items.push(l.node(s, id));
                }
            }
            "expression_list" => {
                for e in l.named_children(c) {
                    items.push(l.node(e, id));
                }
            }
            _ => items.push(l.node(c, id)),
        }
    }
    l.set(id, Kind::Block(items))
}

pub fn lower(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    match n.kind() {
        "source_file" => {
            let id = l.reserve(n, parent);
            let items = statements(l, n, id);
            l.set(id, Kind::Block(items))
        }
        "block" | "statement_list" => block(l, n, parent),
        "package_clause" => {
            let name = l
                .named_children(n)
                .into_iter()
                .next()
                .map(|p| l.text_of(p).to_string());
            l.package = name;
            l.leaf(n, parent, Kind::Other(Vec::new()))
        }
        "import_declaration" | "import_spec_list" => {
            let id = l.reserve(n, parent);
            let kids = l.named_children(n);
            let items = kids
                .into_iter()
                .map(|k| match k.kind() {
                    "import_spec" => import_spec(l, k, id),
                    _ => l.node(k, id),
                })
                .collect();
            l.set(id, Kind::Other(items))
        }
        "import_spec" => import_spec(l, n, parent),
        "function_declaration" | "method_declaration" => func(l, n, parent),
        "func_literal" => {
            let id = l.reserve(n, parent);
            let ps = params(l, n.field("parameters"));
            let body = match n.field("body") {
                Some(b) => block(l, b, id),
                None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
            };
            l.set(id, Kind::Lambda { params: ps, body })
        }
        "type_declaration" => {
            let kids = l.named_children(n);
            if kids.len() == 1 && kids[0].kind() == "type_spec" {
                return type_spec(l, kids[0], parent);
            }
            let id = l.reserve(n, parent);
            let items = kids
                .into_iter()
                .map(|k| match k.kind() {
                    "type_spec" => type_spec(l, k, id),
                    _ => l.leaf(k, id, Kind::Other(Vec::new())),
                })
                .collect();
            l.set(id, Kind::Other(items))
        }
        "var_declaration" => specs(l, n, parent, false),
        "const_declaration" => specs(l, n, parent, true),
        "var_spec" => spec(l, n, parent, false),
        "const_spec" => spec(l, n, parent, true),
        "short_var_declaration" => short_var(l, n, parent),
        "assignment_statement" => assignment(l, n, parent),
        "expression_statement" => l.wrap_first(n, parent, Kind::Expr),
        "inc_statement" | "dec_statement" => l.wrap_first(n, parent, Kind::Update),
        "return_statement" => {
            let id = l.reserve(n, parent);
            let list = l.named_children(n).into_iter().next();
            let values = named(l, list);
            let v = match values.len() {
                0 => None,
                1 => Some(l.node(values[0], id)),
                // Several results: `Other` of them (a slice literal is a `List`).
                _ => {
                    let lid = l.reserve(list.unwrap_or(n), id);
                    let items = values.into_iter().map(|v| l.node(v, lid)).collect();
                    Some(l.set(lid, Kind::Other(items)))
                }
            };
            l.set(id, Kind::Return(v))
        }
        "go_statement" => l.wrap_first(n, parent, Kind::Spawn),
        "defer_statement" => l.wrap_first(n, parent, Kind::Defer),
        "send_statement" => {
            let id = l.reserve(n, parent);
            let ch = l.field(n, "channel", id).unwrap_or(Id::NONE);
            let value = l.field(n, "value", id).unwrap_or(Id::NONE);
            l.set(id, Kind::ChanSend { ch, value })
        }
        "receive_statement" => {
            let names = names_of(l, n.field("left"));
            let right = n.field("right");
            if names.is_empty() {
                let id = l.reserve(n, parent);
                let e = l.opt(right, id).unwrap_or(Id::NONE);
                return l.set(id, Kind::Expr(e));
            }
            declare(
                l,
                n,
                parent,
                names,
                None,
                right.into_iter().collect(),
                false,
                false,
            )
        }
        "if_statement" => if_stmt(l, n, parent),
        "for_statement" => for_stmt(l, n, parent),
        "expression_case" | "default_case" | "communication_case" | "type_case" => {
            case(l, n, parent)
        }
        "call_expression" => call(l, n, parent),
        "selector_expression" => {
            let id = l.reserve(n, parent);
            let obj = l.field(n, "operand", id).unwrap_or(Id::NONE);
            let name = l.field_text(n, "field").unwrap_or("").into();
            l.set(id, Kind::Member { obj, name })
        }
        "qualified_type" => {
            let id = l.reserve(n, parent);
            let pkg = n.field("package");
            let obj = match pkg {
                Some(p) => l.name(p, id),
                None => Id::NONE,
            };
            let name = l.field_text(n, "name").unwrap_or("").into();
            l.set(id, Kind::Member { obj, name })
        }
        "index_expression" => {
            let id = l.reserve(n, parent);
            let obj = l.field(n, "operand", id).unwrap_or(Id::NONE);
            let index = l.field(n, "index", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Index { obj, index })
        }
        "composite_literal" => composite(l, n, parent),
        "literal_value" => literal(l, n, parent, None, false),
        "literal_element" => l.transparent(n, parent),
        "parenthesized_expression" => l.transparent(n, parent),
        "unary_expression" => {
            let id = l.reserve(n, parent);
            let op = l.field_text(n, "operator").unwrap_or("");
            let e = l.field(n, "operand", id).unwrap_or(Id::NONE);
            match op {
                // A pointer to a value, or the value a pointer points to:
                // the same object for the analysis.
                "&" | "*" => l.set(id, Kind::Cast(e)),
                _ => l.set(id, Kind::Unary { op: op.into(), e }),
            }
        }
        "type_assertion_expression" | "type_conversion_expression" => {
            let id = l.reserve(n, parent);
            let e = l.field(n, "operand", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Cast(e))
        }
        "binary_expression" => l.binary(n, parent),
        "interpreted_string_literal" | "raw_string_literal" => {
            let v = string_value(l, n);
            l.leaf(n, parent, Kind::Str(v.into()))
        }
        "rune_literal" => {
            let v = unescape(crate::frontend::code::lower::unquote(l.text_of(n)));
            l.leaf(n, parent, Kind::Str(v.into()))
        }
        "int_literal" => match parse_int(l.text_of(n)) {
            Some(v) => l.leaf(n, parent, Kind::Int(v)),
            None => l.leaf(n, parent, Kind::Other(Vec::new())),
        },
        "float_literal" => {
            let v = l.text_of(n).replace('_', "").parse().unwrap_or(0.0);
            l.leaf(n, parent, Kind::Float(v))
        }
        "true" => l.leaf(n, parent, Kind::Bool(true)),
        "false" => l.leaf(n, parent, Kind::Bool(false)),
        "nil" => l.leaf(n, parent, Kind::Null),
        "identifier" => {
            let t = l.text_of(n);
            if l.this_alias.as_deref() == Some(t) {
                l.leaf(n, parent, Kind::Name("this".into()))
            } else {
                l.name(n, parent)
            }
        }
        "field_identifier" | "type_identifier" | "package_identifier" | "blank_identifier"
        | "label_name" => l.name(n, parent),
        "iota"
        | "imaginary_literal"
        | "break_statement"
        | "continue_statement"
        | "goto_statement"
        | "fallthrough_statement"
        | "empty_statement" => l.leaf(n, parent, Kind::Other(Vec::new())),
        // Types written where an expression may stand (`new(T)`, type
        // arguments): nothing to analyse inside.
        "pointer_type" | "slice_type" | "array_type" | "map_type" | "channel_type"
        | "struct_type" | "interface_type" | "function_type" | "generic_type"
        | "type_arguments" | "parameter_list" => l.leaf(n, parent, Kind::Other(Vec::new())),
        _ => l.other(n, parent),
    }
}

pub static SPEC: Lang = Lang {
    id: "go",
    language,
    lower,
    comments: COMMENTS,
    // Maps are literals (`map[string]string{..}`) or `make(..)`, both
    // lowered as objects.
    map_types: &[],
    map_factories: &[],
    pair_ops: &[],
    put_methods: &[],
    merge_methods: &[],
    opaque_methods: &[],
    read_only_calls: &[
        "Printf", "Println", "Print", "Sprintf", "Sprint", "Errorf", "Fprintf", "Debugf", "Infof",
        "Warnf", "Errorf", "Debug", "Info", "Warn", "Error", "len", "Validate",
    ],
    scope_functions: &[],
    views: &[],
    loop_calls: &[],
    message_annotations: &[],
    request_annotations: &[],
    // sarama's ConsumerGroupHandler runs ConsumeClaim for a claim's messages.
    message_handler_names: &["ConsumeClaim", "HandleMessage"],
    request_handler_names: &["ServeHTTP"],
    request_bases: &[],
    request_param_types: &[
        "http.ResponseWriter",
        "http.Request",
        "gin.Context",
        "echo.Context",
        "fiber.Ctx",
        "fasthttp.RequestCtx",
        "connect.Request",
    ],
    route_calls: &[
        "HandleFunc",
        "Handle",
        "HandlerFunc",
        "GET",
        "POST",
        "PUT",
        "PATCH",
        "DELETE",
    ],
    // kafka-go's Reader, franz-go's client, confluent-kafka-go's consumer.
    poll_calls: &[
        "ReadMessage",
        "FetchMessage",
        "PollFetches",
        "PollRecords",
        "Poll",
    ],
    handler_return_types: &[],
    constants: &[
        ("math.MaxInt32", i32::MAX as i64),
        ("math.MaxInt64", i64::MAX),
        ("math.MaxInt", i64::MAX),
        ("math.MaxInt16", i16::MAX as i64),
    ],
    bool_constants: &[],
    durations: &[
        ("time.Nanosecond", 0.000_001),
        ("time.Microsecond", 0.001),
        ("time.Millisecond", 1.0),
        ("time.Second", 1000.0),
        ("time.Minute", 60_000.0),
        ("time.Hour", 3_600_000.0),
    ],
    clock_calls: &[("time", "Now"), ("time", "Since")],
    clock_types: &[],
    random_calls: &[
        ("uuid", "New"),
        ("uuid", "NewString"),
        ("uuid", "NewRandom"),
        ("uuid", "NewV4"),
        ("uuid", "NewV7"),
        ("uuid", "Must"),
        ("rand", "*"),
        ("ksuid", "New"),
        ("xid", "New"),
        ("ulid", "Make"),
    ],
    random_types: &["Rand"],
    conversions: &[
        ("", "String"),
        ("", "Bytes"),
        ("()", "string"),
        ("time", "Duration"),
        ("strconv", "Itoa"),
        ("strconv", "FormatInt"),
        ("strconv", "FormatUint"),
        ("strconv", "Quote"),
        ("fmt", "Sprint"),
        ("strings", "ToLower"),
        ("strings", "ToUpper"),
        ("strings", "TrimSpace"),
        // Go type conversions to the clients' encoder types, and kafka-go's
        // address constructor (its value is the broker address).
        ("sarama", "StringEncoder"),
        ("sarama", "ByteEncoder"),
        ("kafka", "TCP"),
    ],
    non_domain_types: &[
        "Context",
        "Time",
        "Duration",
        "Message",
        "Record",
        "ProducerMessage",
        "ConsumerMessage",
        "Encoder",
        "StringEncoder",
        "ByteEncoder",
        "Request",
        "ResponseWriter",
        "Writer",
        "Reader",
        "Logger",
        "Config",
        "Client",
        "Producer",
        "SyncProducer",
        "AsyncProducer",
        "Event",
        "Header",
        "RecordHeader",
        "Buffer",
        "RawMessage",
        "UUID",
        "Value",
    ],
    env_reads: &[
        ("os", "Getenv", usize::MAX),
        ("os", "LookupEnv", usize::MAX),
    ],
    serializers: &[
        "Marshal",
        "MarshalJSON",
        "MarshalIndent",
        "Encode",
        "JSON",
        "ToJSON",
    ],
    this_names: &["this"],
    assign_declares: false,
    file_loads: &[],
    file_openers: &[],
    map_merge_ops: &[],
    export_objects: &[],
    async_lambda: "",
    gate: GateSyntax {
        line_comments: &["//"],
        block_comments: &[("/*", "*/")],
        strings: &["`", "\"", "'"],
        escapes: true,
        qualified_imports: true,
    },
    elide: Elide::Braces {
        keywords: &["func"],
    },
};

#[cfg(test)]
mod tests {
    use super::package_name;

    #[test]
    fn package_names_from_import_paths() {
        assert_eq!(package_name("github.com/segmentio/kafka-go"), "kafka");
        assert_eq!(
            package_name("github.com/confluentinc/confluent-kafka-go/v2/kafka"),
            "kafka"
        );
        assert_eq!(package_name("github.com/twmb/franz-go/pkg/kgo"), "kgo");
        assert_eq!(package_name("github.com/IBM/sarama"), "sarama");
        assert_eq!(package_name("gopkg.in/Shopify/sarama.v1"), "sarama");
        assert_eq!(package_name("github.com/go-redis/redis/v8"), "redis");
        assert_eq!(package_name("time"), "time");
    }
}
