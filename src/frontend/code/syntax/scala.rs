//! Scala 2 and 3: tree-sitter-scala node kinds → IR.
//!
//! What is particular: `Companion(args)` (an `apply`) builds like `new`
//! and is lowered as [`Kind::New`] except for the collection factories
//! (`Map(k -> v)`), a block argument (`foreach { x => .. }`, `Future { .. }`)
//! is a lambda argument, `a -> b` makes a pair, `.asJava` views a map
//! unchanged, and `x op= y` is an assignment. The client knowledge
//! (kafka-clients and the Scala wrappers' tables) is shared with Java
//! and Kotlin; the JVM idioms through `java::JVM_*`.

use super::java::{
    JVM_CLOCK_CALLS, JVM_CONVERSIONS, JVM_LOOP_CALLS, JVM_MAP_TYPES, JVM_MESSAGE_ANNOTATIONS,
    JVM_NON_DOMAIN, JVM_RANDOM_CALLS, JVM_REQUEST_ANNOTATIONS,
};
use crate::frontend::code::field::Fields;
use crate::frontend::code::ir::{Arg, Arm, ClassKind, Id, Kind, LoopKind, Param};
use crate::frontend::code::lang::{Elide, GateSyntax, Lang, MapShape};
use crate::frontend::code::lower::{parse_int, simple_type, strip_generics, unescape, Lower};
use tree_sitter::Node;

pub const COMMENTS: &[&str] = &["comment", "block_comment"];

pub fn language() -> tree_sitter::Language {
    tree_sitter_scala::LANGUAGE.into()
}

fn kids<'a>(l: &mut Lower<'_>, n: Node<'a>) -> Vec<Node<'a>> {
    l.named_children(n)
}

/// Named children that are not comments.
fn code_children(n: Node<'_>) -> usize {
    let mut c = n.walk();
    let count = n
        .named_children(&mut c)
        .filter(|k| !COMMENTS.contains(&k.kind()))
        .count();
    count
}

fn has_token(n: Node<'_>, tok: &str) -> bool {
    let mut c = n.walk();
    let found = n.children(&mut c).any(|k| !k.is_named() && k.kind() == tok);
    found
}

fn annotations(l: &mut Lower<'_>, n: Node<'_>) -> Vec<Box<str>> {
    let mut out = Vec::new();
    for k in kids(l, n) {
        if k.kind() == "annotation" {
            if let Some(t) = l.field_text(k, "name") {
                out.push(simple_type(t).into());
            }
        }
    }
    out
}

fn modifier_words(l: &mut Lower<'_>, n: Node<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for k in kids(l, n) {
        if k.kind() == "modifiers" {
            for w in l.text_of(k).split_whitespace() {
                out.push(w.to_string());
            }
        }
    }
    out
}

fn params_of(l: &mut Lower<'_>, n: Node<'_>, out: &mut Vec<Param>) {
    for p in kids(l, n) {
        match p.kind() {
            "parameter" | "class_parameter" | "binding" => {
                let name = l.field_text(p, "name").unwrap_or("_");
                let ty = l.field_text(p, "type");
                out.push(l.param(name, ty, p));
            }
            "identifier" | "wildcard" => out.push(l.param(l.text_of(p), None, p)),
            _ => {}
        }
    }
}

fn lambda(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut params = Vec::new();
    let pnode = n.field("parameters");
    if let Some(p) = pnode {
        match p.kind() {
            "bindings" => params_of(l, p, &mut params),
            "identifier" | "wildcard" => params.push(l.param(l.text_of(p), None, p)),
            _ => {}
        }
    }
    let body_nodes: Vec<Node<'_>> = kids(l, n)
        .into_iter()
        .filter(|k| Some(*k) != pnode && k.kind() != "type_parameters")
        .collect();
    let body = match body_nodes.as_slice() {
        [one] => l.node(*one, id),
        _ => {
            let b = l.reserve(n, id);
            let mut stmts = Vec::new();
            let count = body_nodes.len();
            for (i, k) in body_nodes.iter().enumerate() {
                let s = l.node(*k, b);
                let kept = i + 1 == count && value_used(l, *k);
                stmts.push(super::kotlin::statement(l, s, kept));
            }
            l.set(b, Kind::Block(stmts))
        }
    };
    l.set(id, Kind::Lambda { params, body })
}

/// A block passed as an argument: `{ x => .. }` is that lambda, any other
/// block a by-name argument (a lambda without parameters).
fn block_arg(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let inner = kids(l, n);
    if let [one] = inner.as_slice() {
        if one.kind() == "lambda_expression" {
            return lambda(l, *one, parent);
        }
    }
    let id = l.reserve(n, parent);
    let body = l.block(n, id);
    l.set(
        id,
        Kind::Lambda {
            params: Vec::new(),
            body,
        },
    )
}

/// Whether the value of the expression `n` is used: the last statement
/// of a block is the block's value, a function's result unless it returns
/// `Unit`, and thrown away in loop bodies, `foreach` lambdas and bodies
/// of classes and objects.
fn value_used(l: &Lower<'_>, n: Node<'_>) -> bool {
    let mut cur = n;
    for _ in 0..64 {
        let Some(p) = cur.parent() else {
            return false;
        };
        match p.kind() {
            "compilation_unit"
            | "template_body"
            | "while_expression"
            | "do_while_expression"
            | "finally_clause" => return false,
            "for_expression" => return has_token(p, "yield"),
            "function_definition" => {
                return l
                    .field_text(p, "return_type")
                    .is_none_or(|t| t.trim() != "Unit")
                    && has_token(p, "=");
            }
            "block" | "indented_block" => {
                let last = p.named_child(p.named_child_count().saturating_sub(1));
                if last != Some(cur) {
                    return false;
                }
            }
            "if_expression" => {
                if p.field("condition") == Some(cur) {
                    return true;
                }
            }
            "lambda_expression" => {
                if p.field("parameters") == Some(cur) {
                    return true;
                }
                // `xs.foreach { x => .. }`: the lambda's value is dropped.
                let call = p.parent().and_then(|b| {
                    if b.kind() == "call_expression" {
                        Some(b)
                    } else {
                        b.parent().filter(|c| c.kind() == "call_expression")
                    }
                });
                let name = call
                    .and_then(|c| c.field("function"))
                    .map(|f| match f.kind() {
                        "field_expression" => l.field_text(f, "field").unwrap_or(""),
                        _ => l.text_of(f),
                    });
                return !name.is_some_and(|n| DISCARDING_CALLS.contains(&n));
            }
            "case_clause"
            | "case_block"
            | "match_expression"
            | "try_expression"
            | "catch_clause"
            | "parenthesized_expression" => {}
            _ => return true,
        }
        cur = p;
    }
    true
}

/// Calls whose lambda's value is thrown away (`foreach { .. }`).
const DISCARDING_CALLS: &[&str] = &["foreach", "forEach", "onComplete", "runForeach"];

/// A block of statements: those whose value is dropped are [`Kind::Expr`].
fn stmt_block(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let ks = kids(l, n);
    let mut stmts = Vec::with_capacity(ks.len());
    for k in ks {
        let s = l.node(k, id);
        let kept = value_used(l, k);
        stmts.push(super::kotlin::statement(l, s, kept));
    }
    l.set(id, Kind::Block(stmts))
}

fn arguments(l: &mut Lower<'_>, n: Node<'_>, parent: Id, out: &mut Vec<Arg>) {
    match n.kind() {
        "arguments" => {
            for a in kids(l, n) {
                // `name = value`: a named argument.
                if a.kind() == "assignment_expression" {
                    if let (Some(left), Some(right)) = (a.field("left"), a.field("right")) {
                        if left.kind() == "identifier" {
                            let value = l.node(right, parent);
                            out.push(Arg {
                                name: Some(l.text_of(left).into()),
                                value,
                                spread: false,
                            });
                            continue;
                        }
                    }
                }
                let spread = l.text_of(a).ends_with(": _*") || l.text_of(a).ends_with("*");
                let inner = if spread && a.kind() == "ascription_expression" {
                    kids(l, a).into_iter().next().unwrap_or(a)
                } else {
                    a
                };
                let value = l.node(inner, parent);
                out.push(Arg {
                    name: None,
                    value,
                    spread: spread && a.kind() == "ascription_expression",
                });
            }
        }
        "block" | "case_block" | "colon_argument" => {
            let value = block_arg(l, n, parent);
            out.push(Arg {
                name: None,
                value,
                spread: false,
            });
        }
        _ => {}
    }
}

/// Collection factories that are not constructors: `Map(k -> v)`.
fn is_factory(name: &str) -> bool {
    SPEC.map_factories
        .iter()
        .any(|(q, f, _)| q.is_empty() && *f == name)
        || matches!(
            name,
            "List"
                | "Seq"
                | "Vector"
                | "Set"
                | "Some"
                | "Option"
                | "Future"
                | "Array"
                | "Right"
                | "Left"
                | "Success"
                | "Failure"
                | "Try"
                | "IO"
                | "ZIO"
                | "Task"
                | "Source"
                | "Sink"
                | "Flow"
                | "Stream"
                | "Iterator"
        )
}

fn call(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut func_node = n.field("function");
    let mut arg_nodes: Vec<Node<'_>> = Vec::new();
    let mut c = n.walk();
    arg_nodes.extend(n.children_by_field_name("arguments", &mut c));
    // `f(a) { x => .. }` / `f(a)(b)`: one call with all the arguments.
    if let Some(f) = func_node {
        if f.kind() == "call_expression"
            && arg_nodes
                .iter()
                .all(|a| matches!(a.kind(), "block" | "case_block" | "colon_argument"))
        {
            let mut c2 = f.walk();
            let mut inner: Vec<Node<'_>> = f.children_by_field_name("arguments", &mut c2).collect();
            inner.extend(arg_nodes);
            arg_nodes = inner;
            func_node = f.field("function");
        }
    }
    // `Map[String, Object](..)`: the type arguments do not matter.
    if let Some(f) = func_node {
        if f.kind() == "generic_function" {
            func_node = f.field("function");
        }
    }
    let mut args = Vec::new();
    for a in &arg_nodes {
        arguments(l, *a, id, &mut args);
    }
    let Some(f) = func_node else {
        return l.set(id, Kind::Other(args.into_iter().map(|a| a.value).collect()));
    };
    let callee_text = l.text_of(f);
    let last = match f.kind() {
        "identifier" => Some(callee_text),
        "field_expression" => l.field_text(f, "field"),
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
                    path: callee_text.into(),
                    args,
                    init: None,
                    body: None,
                },
            );
        }
    }
    let func = l.node(f, id);
    l.set(id, Kind::Call { func, args })
}

fn instance(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut path = "";
    let mut body = None;
    let mut args = Vec::new();
    for k in kids(l, n) {
        match k.kind() {
            "type_identifier" | "generic_type" | "stable_type_identifier" | "compound_type"
                if path.is_empty() =>
            {
                path = l.text_of(k)
            }
            "arguments" => arguments(l, k, id, &mut args),
            "template_body" => body = Some(l.block(k, id)),
            _ => {}
        }
    }
    let path = strip_generics(path.split(" with ").next().unwrap_or(path));
    l.set(
        id,
        Kind::New {
            ty: simple_type(path).into(),
            path: path.into(),
            args,
            init: None,
            body,
        },
    )
}

fn string(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let raw = l.text_of(n);
    let v = if let Some(b) = raw
        .strip_prefix("\"\"\"")
        .and_then(|r| r.strip_suffix("\"\"\""))
    {
        b.to_string()
    } else {
        unescape(crate::frontend::code::lower::unquote(raw))
    };
    l.leaf(n, parent, Kind::Str(v.into()))
}

/// `s"k-$id-${x.y}"`: text pieces and interpolated expressions.
fn interpolated(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let Some(body) = kids(l, n)
        .into_iter()
        .find(|k| k.kind() == "interpolated_string")
    else {
        return l.set(id, Kind::Other(Vec::new()));
    };
    let text = l.text;
    let raw = l.text_of(body);
    let q = if raw.starts_with("\"\"\"") { 3 } else { 1 };
    let start = body.start_byte() + q;
    let end = body.end_byte().saturating_sub(q).max(start);
    let escapes = l
        .field_text(n, "interpolator")
        .is_some_and(|i| i == "s" || i == "f");
    let mut parts = Vec::new();
    let mut pos = start;
    let push_text = |l: &mut Lower<'_>, a: usize, b: usize, parts: &mut Vec<Id>| {
        if b > a {
            let t = text.get(a..b).unwrap_or("").replace("$$", "$");
            let t = if escapes { unescape(&t) } else { t };
            parts.push(l.leaf(n, id, Kind::Str(t.into())));
        }
    };
    for k in kids(l, body) {
        if k.kind() != "interpolation" {
            continue;
        }
        push_text(l, pos, k.start_byte().min(end), &mut parts);
        let inner = kids(l, k).into_iter().next();
        match inner {
            Some(b) if b.kind() == "block" => match kids(l, b).as_slice() {
                [one] => parts.push(l.node(*one, id)),
                _ => parts.push(l.other(b, id)),
            },
            Some(e) => parts.push(l.node(e, id)),
            None => {}
        }
        pos = k.end_byte();
    }
    push_text(l, pos, end, &mut parts);
    l.set(id, Kind::Template(parts))
}

/// (field, static) of a definition: a member of a class/trait, of an
/// object, or of the file/package.
fn placement(n: Node<'_>) -> (bool, bool) {
    let Some(p) = n.parent() else {
        return (false, true);
    };
    match p.kind() {
        "compilation_unit" => (false, true),
        "template_body" => {
            let owner = p.parent().map(|o| o.kind()).unwrap_or("");
            match owner {
                "object_definition" | "package_object" => (true, true),
                "package_clause" => (false, true),
                _ => (true, false),
            }
        }
        _ => (false, false),
    }
}

fn pattern_names(l: &mut Lower<'_>, p: Node<'_>, out: &mut Vec<Box<str>>) {
    match p.kind() {
        "identifier" => out.push(l.text_of(p).into()),
        "typed_pattern" => {
            if let Some(inner) = p.field("pattern") {
                pattern_names(l, inner, out)
            }
        }
        _ => {
            for k in kids(l, p) {
                pattern_names(l, k, out);
            }
        }
    }
}

fn definition(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let words = modifier_words(l, n);
    let (field, static_) = placement(n);
    let mut names = Vec::new();
    match n.field("pattern") {
        Some(p) => pattern_names(l, p, &mut names),
        None => {
            if let Some(t) = l.field_text(n, "name") {
                names.push(t.into());
            }
        }
    }
    let ty = l.field_text(n, "type").map(Into::into);
    let value = l.field(n, "value", id);
    let constant = n.kind().starts_with("val_") || words.iter().any(|w| w == "final");
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

fn function(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let annotations = annotations(l, n);
    let decorators = kids(l, n)
        .into_iter()
        .filter(|k| k.kind() == "annotation")
        .map(|a| l.other(a, id))
        .collect();
    let name = l.field_text(n, "name").map(Into::into);
    let mut params = Vec::new();
    let mut c = n.walk();
    let lists: Vec<Node<'_>> = n.children_by_field_name("parameters", &mut c).collect();
    for p in lists {
        if p.kind() == "parameters" {
            params_of(l, p, &mut params);
        }
    }
    let returns = l
        .field_text(n, "return_type")
        .map(|t| strip_generics(t).into());
    let body = match n.field("body") {
        Some(b) if matches!(b.kind(), "block" | "indented_block") => l.node(b, id),
        // `def f(..) = expr`: a body returning the expression.
        Some(e) => {
            let b = l.reserve(e, id);
            if value_used(l, e) {
                let r = l.reserve(e, b);
                let v = l.node(e, r);
                l.set(r, Kind::Return(Some(v)));
                l.set(b, Kind::Block(vec![r]))
            } else {
                // `def f(): Unit = producer.send(r)`: the value is dropped.
                let v = l.node(e, b);
                let s = super::kotlin::statement(l, v, false);
                l.set(b, Kind::Block(vec![s]))
            }
        }
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    let method = matches!(n.parent().map(|p| p.kind()), Some("template_body"))
        && !matches!(
            n.parent().and_then(|p| p.parent()).map(|o| o.kind()),
            Some("package_clause")
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
            is_async: false,
            method,
        },
    )
}

fn class(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let annotations = annotations(l, n);
    let kind = match n.kind() {
        "object_definition" | "package_object" => ClassKind::Object,
        "trait_definition" => ClassKind::Interface,
        "enum_definition" => ClassKind::Enum,
        _ => ClassKind::Class,
    };
    let name = l.field_text(n, "name").unwrap_or("").into();
    let mut bases = Vec::new();
    if let Some(ext) = n.field("extend") {
        let mut c = ext.walk();
        for t in ext.children_by_field_name("type", &mut c) {
            if t.is_named() {
                bases.push(strip_generics(l.text_of(t)).into());
            }
        }
    }
    let body_id = l.reserve(n, id);
    let mut members = Vec::new();
    let mut c = n.walk();
    let plists: Vec<Node<'_>> = n
        .children_by_field_name("class_parameters", &mut c)
        .collect();
    for ps in plists {
        for p in kids(l, ps) {
            if p.kind() != "class_parameter" {
                continue;
            }
            let f = l.reserve(p, body_id);
            let pname = l.field_text(p, "name").unwrap_or("").into();
            let ty = l.field_text(p, "type").map(Into::into);
            l.set(
                f,
                Kind::Let {
                    names: vec![pname],
                    ty,
                    value: None,
                    constant: !has_token(p, "var"),
                    field: true,
                    static_: false,
                },
            );
            members.push(f);
        }
    }
    if let Some(b) = n.field("body") {
        for m in kids(l, b) {
            members.push(l.node(m, body_id));
        }
    }
    l.set(body_id, Kind::Block(members));
    l.set(
        id,
        Kind::Class {
            name,
            kind,
            bases,
            annotations,
            body: body_id,
        },
    )
}

fn import(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut path = Vec::new();
    let mut c = n.walk();
    for p in n.children_by_field_name("path", &mut c) {
        if p.is_named() {
            path.push(l.text_of(p));
        }
    }
    let prefix = path.join(".");
    let mut imports: Vec<Id> = Vec::new();
    let mut tail = None;
    for k in kids(l, n) {
        match k.kind() {
            "namespace_wildcard" => tail = Some(vec![("*".to_string(), "*".to_string())]),
            "namespace_selectors" => {
                let mut v = Vec::new();
                for s in kids(l, k) {
                    match s.kind() {
                        "identifier" => {
                            let t = l.text_of(s).to_string();
                            v.push((t.clone(), t));
                        }
                        "arrow_renamed_identifier" | "as_renamed_identifier" => {
                            let name = l.field_text(s, "name").unwrap_or("").to_string();
                            let alias = l.field_text(s, "alias").unwrap_or("").to_string();
                            v.push((alias, name));
                        }
                        "namespace_wildcard" | "wildcard" => {
                            v.push(("*".to_string(), "*".to_string()))
                        }
                        _ => {}
                    }
                }
                tail = Some(v);
            }
            "as_renamed_identifier" | "arrow_renamed_identifier" => {
                let name = l.field_text(k, "name").unwrap_or("").to_string();
                let alias = l.field_text(k, "alias").unwrap_or("").to_string();
                tail = Some(vec![(alias, name)]);
            }
            _ => {}
        }
    }
    match tail {
        Some(v) => {
            for (local, name) in v {
                let full = format!("{prefix}.{name}");
                let x = l.leaf(
                    n,
                    id,
                    Kind::Import {
                        path: prefix.clone().into(),
                        names: vec![(local.into(), full.into())],
                    },
                );
                imports.push(x);
            }
        }
        None => {
            let (pkg, simple) = prefix.rsplit_once('.').unwrap_or(("", &prefix));
            let x = l.leaf(
                n,
                id,
                Kind::Import {
                    path: pkg.into(),
                    names: vec![(simple.into(), prefix.clone().into())],
                },
            );
            imports.push(x);
        }
    }
    if imports.len() == 1 {
        // One import: the node itself.
        let k = l.kind_of(imports[0]).clone();
        return l.set(id, k);
    }
    l.set(id, Kind::Block(imports))
}

fn if_expr(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let cond = l.field(n, "condition", id).unwrap_or(Id::NONE);
    let then = l.field(n, "consequence", id).unwrap_or(Id::NONE);
    let else_ = l.field(n, "alternative", id);
    let blocks = [n.field("consequence"), n.field("alternative")]
        .iter()
        .flatten()
        .any(|b| matches!(b.kind(), "block" | "indented_block"));
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

fn cases(l: &mut Lower<'_>, block: Node<'_>, id: Id) -> Vec<Arm> {
    let mut arms = Vec::new();
    for cc in kids(l, block) {
        if cc.kind() != "case_clause" {
            continue;
        }
        let pattern = match cc.field("pattern") {
            Some(p) => l.node(p, id),
            None => l.leaf(cc, id, Kind::Name("_".into())),
        };
        let guard = kids(l, cc)
            .into_iter()
            .find(|k| k.kind() == "guard")
            .and_then(|g| g.field("condition"))
            .map(|g| l.node(g, id));
        let mut c = cc.walk();
        let bodies: Vec<Node<'_>> = cc
            .children_by_field_name("body", &mut c)
            .filter(|b| b.is_named())
            .collect();
        let body = match bodies.as_slice() {
            [one] => l.node(*one, id),
            _ => {
                let b = l.reserve(cc, id);
                let stmts = bodies.iter().map(|x| l.node(*x, b)).collect();
                l.set(b, Kind::Block(stmts))
            }
        };
        arms.push(Arm {
            pattern,
            guard,
            body,
        });
    }
    arms
}

fn match_expr(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let value = l.field(n, "value", id).unwrap_or(Id::NONE);
    let arms = match n.field("body") {
        Some(b) => cases(l, b, id),
        None => Vec::new(),
    };
    l.set(id, Kind::Match { value, arms })
}

fn try_expr(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let body = l.field(n, "body", id).unwrap_or(Id::NONE);
    let mut catches = Vec::new();
    let mut finally = None;
    for k in kids(l, n) {
        match k.kind() {
            "catch_clause" => {
                for b in kids(l, k) {
                    if b.kind() == "case_block" || b.kind() == "indented_cases" {
                        for cc in kids(l, b) {
                            if cc.kind() != "case_clause" {
                                continue;
                            }
                            let mut vars = Vec::new();
                            if let Some(p) = cc.field("pattern") {
                                pattern_names(l, p, &mut vars);
                            }
                            let mut c = cc.walk();
                            let bodies: Vec<Node<'_>> = cc
                                .children_by_field_name("body", &mut c)
                                .filter(|b| b.is_named())
                                .collect();
                            let hb = l.reserve(cc, id);
                            let stmts = bodies.iter().map(|x| l.node(*x, hb)).collect();
                            l.set(hb, Kind::Block(stmts));
                            catches.push((vars.into_iter().next(), hb));
                        }
                    } else {
                        let hb = l.node(b, id);
                        catches.push((None, hb));
                    }
                }
            }
            "finally_clause" => {
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

fn for_expr(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let mut vars = Vec::new();
    let mut iter = None;
    let mut header = Vec::new();
    if let Some(en) = kids(l, n).into_iter().find(|k| k.kind() == "enumerators") {
        for e in kids(l, en) {
            if e.kind() != "enumerator" {
                continue;
            }
            let parts = kids(l, e);
            if let Some(p) = parts.first() {
                pattern_names(l, *p, &mut vars);
            }
            if let Some(v) = parts.get(1) {
                let x = l.node(*v, id);
                if iter.is_none() {
                    iter = Some(x);
                } else {
                    header.push(x);
                }
            }
        }
    }
    let body = l.field(n, "body", id).unwrap_or(Id::NONE);
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

pub fn lower(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    match n.kind() {
        // `val s =⏎  ProducerSettings(..)⏎    .withX(..)`: one expression
        // on lines of its own is that expression.
        "indented_block" if code_children(n) == 1 => l.transparent(n, parent),
        "compilation_unit" | "block" | "indented_block" | "template_body" => {
            stmt_block(l, n, parent)
        }
        "string" => string(l, n, parent),
        "interpolated_string_expression" => interpolated(l, n, parent),
        "character_literal" => {
            let v = unescape(crate::frontend::code::lower::unquote(l.text_of(n)));
            l.leaf(n, parent, Kind::Str(v.into()))
        }
        "integer_literal" => match parse_int(l.text_of(n)) {
            Some(v) => l.leaf(n, parent, Kind::Int(v)),
            None => l.leaf(n, parent, Kind::Other(Vec::new())),
        },
        "floating_point_literal" => {
            let t = l.text_of(n).trim_end_matches(['f', 'F', 'd', 'D']);
            let v = t.replace('_', "").parse().unwrap_or(0.0);
            l.leaf(n, parent, Kind::Float(v))
        }
        "boolean_literal" => {
            let v = l.text_of(n) == "true";
            l.leaf(n, parent, Kind::Bool(v))
        }
        "null_literal" => l.leaf(n, parent, Kind::Null),
        "unit" => l.leaf(n, parent, Kind::Other(Vec::new())),
        "identifier" | "operator_identifier" | "wildcard" | "type_identifier" => l.name(n, parent),
        "this" => l.leaf(n, parent, Kind::Name("this".into())),
        "field_expression" => {
            let id = l.reserve(n, parent);
            let obj = l.field(n, "value", id).unwrap_or(Id::NONE);
            let name = l.field_text(n, "field").unwrap_or("").into();
            l.set(id, Kind::Member { obj, name })
        }
        "stable_identifier" | "stable_type_identifier" => {
            let id = l.reserve(n, parent);
            let parts = kids(l, n);
            match parts.as_slice() {
                [a, .., b] => {
                    let obj = l.node(*a, id);
                    let name = l.text_of(*b).into();
                    l.set(id, Kind::Member { obj, name })
                }
                _ => l.set(id, Kind::Name(l.text_of(n).into())),
            }
        }
        "call_expression" => call(l, n, parent),
        "generic_function" => match n.field("function") {
            Some(f) => l.node(f, parent),
            None => l.other(n, parent),
        },
        "instance_expression" => instance(l, n, parent),
        "infix_expression" => {
            let op = l.field_text(n, "operator").unwrap_or("");
            let assign = op.ends_with('=')
                && !matches!(op, "==" | "!=" | "<=" | ">=" | "===" | "=!=")
                && op.len() >= 2;
            if assign {
                let id = l.reserve(n, parent);
                let target = l.field(n, "left", id).unwrap_or(Id::NONE);
                let value = l.field(n, "right", id).unwrap_or(Id::NONE);
                let op = Some(op.trim_end_matches('=').into());
                return l.set(id, Kind::Assign { target, value, op });
            }
            l.binary(n, parent)
        }
        "prefix_expression" => {
            let id = l.reserve(n, parent);
            let parts = kids(l, n);
            let e = parts.last().map(|p| l.node(*p, id)).unwrap_or(Id::NONE);
            let op = l
                .text_of(n)
                .chars()
                .next()
                .unwrap_or('!')
                .to_string()
                .into();
            l.set(id, Kind::Unary { op, e })
        }
        "ascription_expression" => match kids(l, n).into_iter().next() {
            Some(inner) => {
                let id = l.reserve(n, parent);
                let v = l.node(inner, id);
                l.set(id, Kind::Cast(v))
            }
            None => l.leaf(n, parent, Kind::Other(Vec::new())),
        },
        "parenthesized_expression" => l.transparent(n, parent),
        "tuple_expression" => {
            let id = l.reserve(n, parent);
            let items = l.lower_children(n, id);
            l.set(id, Kind::List(items))
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
        "lambda_expression" => lambda(l, n, parent),
        "if_expression" => if_expr(l, n, parent),
        "match_expression" => match_expr(l, n, parent),
        "try_expression" => try_expr(l, n, parent),
        "for_expression" => for_expr(l, n, parent),
        "while_expression" | "do_while_expression" => {
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
        "return_expression" => {
            let id = l.reserve(n, parent);
            let v = l.lower_children(n, id).into_iter().next();
            l.set(id, Kind::Return(v))
        }
        "throw_expression" => l.wrap_first(n, parent, Kind::Throw),
        "val_definition" | "var_definition" | "val_declaration" | "var_declaration" => {
            definition(l, n, parent)
        }
        "function_definition" | "function_declaration" => function(l, n, parent),
        "class_definition" | "object_definition" | "trait_definition" | "enum_definition"
        | "package_object" => class(l, n, parent),
        "import_declaration" => import(l, n, parent),
        "package_clause" => {
            if let Some(name) = l.field_text(n, "name") {
                l.package = Some(name.to_string());
            }
            match n.field("body") {
                Some(b) => l.block(b, parent),
                None => l.leaf(n, parent, Kind::Other(Vec::new())),
            }
        }
        "annotation" | "modifiers" | "type_definition" | "generic_type" | "type_arguments" => {
            l.leaf(n, parent, Kind::Other(Vec::new()))
        }
        "case_block" => block_arg(l, n, parent),
        _ => l.other(n, parent),
    }
}

pub static SPEC: Lang = Lang {
    id: "scala",
    language,
    lower,
    comments: COMMENTS,
    map_types: JVM_MAP_TYPES,
    map_factories: &[
        ("", "Map", MapShape::Pairs),
        ("Map", "apply", MapShape::Pairs),
        ("mutable", "Map", MapShape::Pairs),
        ("mutable.Map", "apply", MapShape::Pairs),
        ("immutable", "Map", MapShape::Pairs),
        ("Map", "of", MapShape::Alternating),
        ("Collections", "singletonMap", MapShape::Alternating),
        ("Map", "ofEntries", MapShape::Entries),
        ("Collections", "unmodifiableMap", MapShape::Copy),
    ],
    pair_ops: &["->", "→"],
    put_methods: &["put", "setProperty", "putIfAbsent", "update"],
    merge_methods: &["putAll", "++="],
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
        "info", "debug", "warn", "error", "trace", "println", "print", "format", "require",
        "equals", "toString", "putAll", "of",
    ],
    scope_functions: &[],
    views: &["asJava", "asScala", "toMap", "toJava", "asJavaCollection"],
    loop_calls: JVM_LOOP_CALLS,
    message_annotations: JVM_MESSAGE_ANNOTATIONS,
    request_annotations: JVM_REQUEST_ANNOTATIONS,
    message_handler_names: &["onMessage", "handleMessage", "onEvent", "consume", "listen"],
    request_handler_names: &["doPost", "doGet", "doPut", "doDelete", "handleRequest"],
    request_param_types: &["HttpServletRequest", "HttpRequest", "RoutingContext"],
    request_bases: &[],
    route_calls: &[],
    poll_calls: &["poll"],
    handler_return_types: &[],
    constants: &[
        ("Integer.MAX_VALUE", i32::MAX as i64),
        ("Int.MaxValue", i32::MAX as i64),
        ("Long.MaxValue", i64::MAX),
        ("Long.MAX_VALUE", i64::MAX),
    ],
    bool_constants: &[],
    durations: &[
        ("Duration.ofMillis", 1.0),
        ("Duration.ofSeconds", 1000.0),
        ("Duration.ofMinutes", 60_000.0),
        (".millis", 1.0),
        (".milliseconds", 1.0),
        (".second", 1000.0),
        (".seconds", 1000.0),
        (".minute", 60_000.0),
        (".minutes", 60_000.0),
    ],
    clock_calls: JVM_CLOCK_CALLS,
    clock_types: &["Date", "Timestamp", "GregorianCalendar"],
    random_calls: JVM_RANDOM_CALLS,
    random_types: &["Random", "SecureRandom", "SplittableRandom"],
    conversions: JVM_CONVERSIONS,
    non_domain_types: JVM_NON_DOMAIN,
    env_reads: &[
        ("System", "getenv", usize::MAX),
        ("sys.env", "getOrElse", 1),
        ("sys.props", "getOrElse", 1),
    ],
    serializers: &[
        "writeValueAsString",
        "writeValueAsBytes",
        "asJson",
        "toJson",
        "serialize",
        "encode",
        "toByteArray",
    ],
    this_names: &["this"],
    assign_declares: false,
    file_loads: &["load"],
    file_openers: super::java::JVM_FILE_OPENERS,
    map_merge_ops: &["++"],
    export_objects: &[],
    async_lambda: "",
    gate: GateSyntax {
        line_comments: &["//"],
        block_comments: &[("/*", "*/")],
        strings: &["\"\"\"", "\""],
        escapes: true,
        qualified_imports: false,
    },
    elide: Elide::Braces { keywords: &[] },
};
