//! Rust: tree-sitter-rust node kinds → IR, and the language's table.
//!
//! What Rust adds to the shared IR: `Type::f` paths as members, `.await` as
//! `Await`, `?` as a unary `?` (transparent for names, error propagation for
//! results), `&x`/`*x` as the value itself, a function body's tail
//! expression as its `return`, `match` and `if let`/`while let` as `Match`
//! (patterns lowered as expressions: `Err(e)` is a call), struct literals
//! as `New` with an `init` object, `impl Trait for T` as a class with a
//! base, `const`/`static` items as constants, and `#[cfg(test)]` items and
//! `#[test]` functions left out (test code).

use crate::frontend::code::field::Fields;
use crate::frontend::code::ir::{Arg, Arm, ClassKind, Id, Key, Kind, LoopKind, Param};
use crate::frontend::code::lang::{Elide, GateSyntax, Lang, MapShape};
use crate::frontend::code::lower::{parse_int, simple_type, strip_generics, unescape, Lower};
use tree_sitter::Node;

pub const COMMENTS: &[&str] = &["line_comment", "block_comment"];

pub fn language() -> tree_sitter::Language {
    tree_sitter_rust::LANGUAGE.into()
}

/// Attributes written before an item, by simple name (`post`, `test`,
/// `cfg(test)` as `cfg(test)`).
fn attribute_names(l: &Lower<'_>, attrs: &[Node<'_>]) -> Vec<Box<str>> {
    attrs
        .iter()
        .filter_map(|a| {
            let inner = a.named_child(0)?;
            let text = l.text_of(inner).trim();
            let head = text.split(['(', ' ', '=']).next().unwrap_or(text);
            let simple = head.rsplit("::").next().unwrap_or(head);
            Some(if text.replace(' ', "") == "cfg(test)" {
                "cfg(test)".into()
            } else {
                simple.into()
            })
        })
        .collect()
}

/// Test-only items: `#[cfg(test)]`, `#[test]`, `#[tokio::test]`, benches.
fn is_test_item(names: &[Box<str>]) -> bool {
    names.iter().any(|n| {
        matches!(
            &**n,
            "cfg(test)" | "test" | "bench" | "rstest" | "test_case"
        )
    })
}

/// Items and statements of a module, block or impl body, with the
/// attributes before each item given to it.
fn items(l: &mut Lower<'_>, n: Node<'_>, parent: Id, tail_returns: bool) -> Vec<Id> {
    let kids = l.named_children(n);
    let mut out = Vec::new();
    let mut attrs: Vec<Node<'_>> = Vec::new();
    let last_expr = kids
        .iter()
        .rposition(|k| !matches!(k.kind(), "attribute_item" | "inner_attribute_item"));
    for (i, k) in kids.iter().enumerate() {
        match k.kind() {
            "attribute_item" => {
                attrs.push(*k);
                continue;
            }
            "inner_attribute_item" => continue,
            _ => {}
        }
        let names = attribute_names(l, &attrs);
        attrs.clear();
        if is_test_item(&names) {
            continue;
        }
        let id = match k.kind() {
            "function_item" | "function_signature_item" => function(l, *k, parent, names),
            _ if tail_returns && Some(i) == last_expr && is_expression(*k) => {
                let r = l.reserve(*k, parent);
                let e = l.node(*k, r);
                l.set(r, Kind::Return(Some(e)))
            }
            _ => l.node(*k, parent),
        };
        out.push(id);
    }
    out
}

/// Whether a block child is an expression (a tail value), not a statement
/// or an item.
fn is_expression(n: Node<'_>) -> bool {
    !matches!(
        n.kind(),
        "expression_statement"
            | "let_declaration"
            | "function_item"
            | "struct_item"
            | "enum_item"
            | "impl_item"
            | "trait_item"
            | "mod_item"
            | "use_declaration"
            | "const_item"
            | "static_item"
            | "type_item"
            | "macro_definition"
            | "empty_statement"
            | "line_comment"
            | "block_comment"
            | "extern_crate_declaration"
            | "foreign_mod_item"
            | "union_item"
    )
}

fn block(l: &mut Lower<'_>, n: Node<'_>, parent: Id, tail_returns: bool) -> Id {
    let id = l.reserve(n, parent);
    let kids = items(l, n, id, tail_returns);
    l.set(id, Kind::Block(kids))
}

fn params(l: &mut Lower<'_>, list: Option<Node<'_>>) -> Vec<Param> {
    let Some(list) = list else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in l.named_children(list) {
        match p.kind() {
            "parameter" => {
                let pat = p.field("pattern");
                let ty = l.field_text(p, "type");
                // `Json(body): Json<Order>`: the binding inside the pattern.
                let name = pat.map(|x| binding_names(l, x)).unwrap_or_default();
                let name = name.first().cloned().unwrap_or_else(|| "_".to_string());
                out.push(l.param(&name, ty, p));
            }
            "self_parameter" => out.push(l.param("self", None, p)),
            "identifier" => out.push(l.param(l.text_of(p), None, p)),
            "closure_parameters" => out.extend(params(l, Some(p))),
            _ => {
                let names = binding_names(l, p);
                for name in names {
                    out.push(l.param(&name, None, p));
                }
            }
        }
    }
    out
}

/// Names a pattern binds: `x`, `mut x`, `(a, b)`, `Json(body)`, `Some(x)`.
fn binding_names(l: &Lower<'_>, p: Node<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![p];
    while let Some(k) = stack.pop() {
        match k.kind() {
            "identifier" => {
                // The constructor of a tuple struct pattern is not a binding.
                let is_ctor = k.parent().is_some_and(|pp| {
                    pp.kind() == "tuple_struct_pattern" && pp.field("type") == Some(k)
                });
                if !is_ctor {
                    out.push(l.text_of(k).to_string());
                }
            }
            "scoped_identifier" | "type_identifier" | "field_identifier" => {}
            _ => {
                let mut c = k.walk();
                let kids: Vec<Node<'_>> = k.named_children(&mut c).collect();
                stack.extend(kids.into_iter().rev());
            }
        }
    }
    out
}

fn function(l: &mut Lower<'_>, n: Node<'_>, parent: Id, annotations: Vec<Box<str>>) -> Id {
    let id = l.reserve(n, parent);
    let name = l.field_text(n, "name").map(Into::into);
    let ps = params(l, n.field("parameters"));
    let returns = l
        .field_text(n, "return_type")
        .map(|t| t.trim_start_matches("impl ").trim().into());
    let is_async = l
        .named_children(n)
        .into_iter()
        .any(|c| c.kind() == "function_modifiers" && l.text_of(c).contains("async"));
    let body = match n.field("body") {
        Some(b) => block(l, b, id, true),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    let in_impl = n.parent().is_some_and(|p| p.kind() == "declaration_list");
    l.set(
        id,
        Kind::Func {
            name,
            params: ps,
            body,
            annotations,
            decorators: Vec::new(),
            returns,
            is_async,
            method: in_impl,
        },
    )
}

/// A pattern as an expression: `Err(e)` → call of `Err`, `_`/`x` → name,
/// `A | B` → binary `|`, literals as literals.
fn pattern(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    match n.kind() {
        "match_pattern" => match l.named_children(n).into_iter().next() {
            Some(inner) => pattern(l, inner, parent),
            // `_` has no named child.
            None => {
                let t = l.text_of(n).trim();
                l.leaf(n, parent, Kind::Name(t.into()))
            }
        },
        "tuple_struct_pattern" => {
            let id = l.reserve(n, parent);
            let ctor = n.field("type");
            let func = match ctor {
                Some(c) => {
                    let t = l.text_of(c);
                    let simple = t.rsplit("::").next().unwrap_or(t);
                    l.leaf(c, id, Kind::Name(simple.into()))
                }
                None => l.leaf(n, id, Kind::Other(Vec::new())),
            };
            let mut args = Vec::new();
            for k in l.named_children(n) {
                if Some(k) == ctor {
                    continue;
                }
                let v = pattern(l, k, id);
                args.push(Arg {
                    name: None,
                    value: v,
                    spread: false,
                });
            }
            l.set(id, Kind::Call { func, args })
        }
        "or_pattern" => {
            let id = l.reserve(n, parent);
            let kids = l.named_children(n);
            let a = kids.first().map(|k| pattern(l, *k, id)).unwrap_or(Id::NONE);
            let b = kids.get(1).map(|k| pattern(l, *k, id)).unwrap_or(Id::NONE);
            l.set(
                id,
                Kind::Binary {
                    op: "|".into(),
                    l: a,
                    r: b,
                },
            )
        }
        "identifier" | "_" => {
            let t = l.text_of(n);
            l.leaf(n, parent, Kind::Name(t.into()))
        }
        "tuple_pattern" | "slice_pattern" => {
            let id = l.reserve(n, parent);
            let kids: Vec<Node<'_>> = l.named_children(n);
            let items = kids.into_iter().map(|k| pattern(l, k, id)).collect();
            l.set(id, Kind::List(items))
        }
        "ref_pattern" | "mut_pattern" | "reference_pattern" | "captured_pattern" => {
            match l.named_children(n).into_iter().last() {
                Some(inner) => pattern(l, inner, parent),
                None => l.leaf(n, parent, Kind::Other(Vec::new())),
            }
        }
        _ => {
            let t = l.text_of(n).trim();
            if t == "_" {
                return l.leaf(n, parent, Kind::Name("_".into()));
            }
            l.node(n, parent)
        }
    }
}

fn match_expr(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let value = l.field(n, "value", id).unwrap_or(Id::NONE);
    let mut arms = Vec::new();
    if let Some(body) = n.field("body") {
        for a in l.named_children(body) {
            if a.kind() != "match_arm" {
                continue;
            }
            let pat_node = a.field("pattern");
            let (pat, guard) = match pat_node {
                Some(p) => {
                    let guard = p.field("condition").map(|g| l.node(g, id));
                    (pattern(l, p, id), guard)
                }
                None => (l.leaf(a, id, Kind::Name("_".into())), None),
            };
            let body = match a.field("value") {
                Some(v) => l.node(v, id),
                None => l.reserve_range(a.end_byte() as u32, a.end_byte() as u32, id),
            };
            arms.push(Arm {
                pattern: pat,
                guard,
                body,
            });
        }
    }
    l.set(id, Kind::Match { value, arms })
}

/// `if cond {..} else {..}`; `if let P = v {..} else {..}` is a match.
fn if_expr(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let cond = n.field("condition");
    if let Some(c) = cond.filter(|c| c.kind() == "let_condition") {
        let id = l.reserve(n, parent);
        let value = l.field(c, "value", id).unwrap_or(Id::NONE);
        let pat = match c.field("pattern") {
            Some(p) => pattern(l, p, id),
            None => l.leaf(c, id, Kind::Name("_".into())),
        };
        let then = match n.field("consequence") {
            Some(b) => l.node(b, id),
            None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
        };
        let mut arms = vec![Arm {
            pattern: pat,
            guard: None,
            body: then,
        }];
        if let Some(e) = n.field("alternative") {
            let wild = l.reserve_range(e.start_byte() as u32, e.start_byte() as u32, id);
            l.set(wild, Kind::Name("_".into()));
            let body = else_body(l, e, id);
            arms.push(Arm {
                pattern: wild,
                guard: None,
                body,
            });
        }
        return l.set(id, Kind::Match { value, arms });
    }
    let id = l.reserve(n, parent);
    let cond = l.field(n, "condition", id).unwrap_or(Id::NONE);
    let then = l.field(n, "consequence", id).unwrap_or(Id::NONE);
    let else_ = n.field("alternative").map(|e| else_body(l, e, id));
    l.set(id, Kind::If { cond, then, else_ })
}

fn else_body(l: &mut Lower<'_>, e: Node<'_>, parent: Id) -> Id {
    // `else_clause` wraps the block or the next `if`.
    match l.named_children(e).into_iter().next() {
        Some(inner) if e.kind() == "else_clause" => l.node(inner, parent),
        _ => l.node(e, parent),
    }
}

fn string(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let raw = l.text_of(n);
    let value = if n.kind() == "raw_string_literal" {
        let body = raw.trim_start_matches(['r', 'b']).trim_matches('#');
        crate::frontend::code::lower::unquote(body).to_string()
    } else {
        let body = raw.trim_start_matches('b');
        unescape(crate::frontend::code::lower::unquote(body))
    };
    l.leaf(n, parent, Kind::Str(value.into()))
}

/// `a::b::C` as a member chain (`Name(a).b.C`).
fn scoped(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let obj = match n.field("path") {
        Some(p) if p.kind() == "scoped_identifier" => scoped(l, p, id),
        Some(p) if p.kind() == "generic_type" => {
            let t = simple_type(l.text_of(p));
            l.leaf(p, id, Kind::Name(t.into()))
        }
        Some(p) => {
            let t = strip_generics(l.text_of(p));
            l.leaf(p, id, Kind::Name(t.into()))
        }
        None => Id::NONE,
    };
    let name = l.field_text(n, "name").unwrap_or("").into();
    if obj.is_none() {
        return l.set(id, Kind::Name(name));
    }
    l.set(id, Kind::Member { obj, name })
}

fn call(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let func = match n.field("function") {
        // `x.create::<T>`: the function without its type arguments (the
        // analysis reads them from the text between callee and arguments).
        Some(f) if f.kind() == "generic_function" => match f.field("function") {
            Some(inner) => l.node(inner, id),
            None => l.node(f, id),
        },
        Some(f) => l.node(f, id),
        None => l.leaf(n, id, Kind::Other(Vec::new())),
    };
    let args = l.positional_args(n.field("arguments"), id);
    l.set(id, Kind::Call { func, args })
}

/// `Foo { a: 1, b, ..base }`.
fn struct_expr(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let path = l.field_text(n, "name").unwrap_or("");
    let ty = simple_type(path).into();
    let path = strip_generics(path).into();
    let init = n.field("body").map(|b| {
        let oid = l.reserve(b, id);
        let mut entries = Vec::new();
        for f in l.named_children(b) {
            match f.kind() {
                "field_initializer" => {
                    let key = l.field_text(f, "field").unwrap_or("");
                    let value = match f.field("value") {
                        Some(v) => l.node(v, oid),
                        None => l.leaf(f, oid, Kind::Other(Vec::new())),
                    };
                    entries.push(l.entry(Key::Name(key.into()), value, f));
                }
                "shorthand_field_initializer" => {
                    let name = l.text_of(f).trim();
                    let value = l.leaf(f, oid, Kind::Name(name.into()));
                    entries.push(l.entry(Key::Name(name.into()), value, f));
                }
                "base_field_initializer" => {
                    let value = match l.named_children(f).into_iter().next() {
                        Some(v) => l.node(v, oid),
                        None => l.leaf(f, oid, Kind::Other(Vec::new())),
                    };
                    entries.push(l.entry(Key::Spread, value, f));
                }
                _ => {}
            }
        }
        l.set(oid, Kind::Object(entries))
    });
    l.set(
        id,
        Kind::New {
            ty,
            path,
            args: Vec::new(),
            init,
            body: None,
        },
    )
}

/// `impl Trait for Type { .. }` / `impl Type { .. }` as a class named
/// after the type, with the trait as its base.
fn impl_item(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let name = l
        .field_text(n, "type")
        .map(simple_type)
        .unwrap_or("")
        .into();
    let bases = l
        .field_text(n, "trait")
        .map(|t| vec![strip_generics(t).into()])
        .unwrap_or_default();
    let body = match n.field("body") {
        Some(b) => block(l, b, id, false),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    l.set(
        id,
        Kind::Class {
            name,
            kind: ClassKind::Class,
            bases,
            annotations: Vec::new(),
            body,
        },
    )
}

fn let_decl(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let pat = n.field("pattern");
    let mutable = l
        .named_children(n)
        .into_iter()
        .any(|c| c.kind() == "mutable_specifier")
        || pat.is_some_and(|p| p.kind() == "mut_pattern");
    let names: Vec<Box<str>> = pat
        .map(|p| binding_names(l, p))
        .unwrap_or_default()
        .into_iter()
        .map(Into::into)
        .collect();
    let names = if names.is_empty() && pat.is_some_and(|p| l.text_of(p).trim() == "_") {
        vec!["_".into()]
    } else {
        names
    };
    let ty = l.field_text(n, "type").map(Into::into);
    let value = l.field(n, "value", id);
    l.set(
        id,
        Kind::Let {
            names,
            ty,
            value,
            constant: !mutable,
            field: false,
            static_: false,
        },
    )
}

fn const_item(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let name = l.field_text(n, "name").unwrap_or("").into();
    let ty = l.field_text(n, "type").map(Into::into);
    let value = l.field(n, "value", id);
    let mutable = l
        .named_children(n)
        .into_iter()
        .any(|c| c.kind() == "mutable_specifier");
    let in_impl = n.parent().is_some_and(|p| p.kind() == "declaration_list");
    l.set(
        id,
        Kind::Let {
            names: vec![name],
            ty,
            value,
            constant: !mutable,
            field: in_impl,
            static_: true,
        },
    )
}

fn loop_expr(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    let id = l.reserve(n, parent);
    let (kind, vars, iter) = match n.kind() {
        "for_expression" => {
            let vars = n
                .field("pattern")
                .map(|p| binding_names(l, p))
                .unwrap_or_default();
            let iter = l.field(n, "value", id);
            (LoopKind::Each, vars, iter)
        }
        "while_expression" => match n.field("condition") {
            Some(c) if c.kind() == "let_condition" => {
                let vars = c
                    .field("pattern")
                    .map(|p| binding_names(l, p))
                    .unwrap_or_default();
                let iter = l.field(c, "value", id);
                (LoopKind::While, vars, iter)
            }
            Some(c) => (LoopKind::While, Vec::new(), Some(l.node(c, id))),
            None => (LoopKind::While, Vec::new(), None),
        },
        _ => (LoopKind::While, Vec::new(), None),
    };
    let body = match n.field("body") {
        Some(b) => l.node(b, id),
        None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
    };
    l.set(
        id,
        Kind::Loop {
            kind,
            vars: vars.into_iter().map(Into::into).collect(),
            var_ty: None,
            iter,
            header: Vec::new(),
            body,
        },
    )
}

fn use_decl(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    // One Import per used path; several become a block.
    let mut paths: Vec<(String, Option<String>)> = Vec::new();
    if let Some(arg) = n.field("argument") {
        collect_uses(l, arg, "", &mut paths);
    }
    let id = l.reserve(n, parent);
    let mut imports = Vec::new();
    for (full, alias) in paths {
        let (pkg, last) = full.rsplit_once("::").unwrap_or(("", full.as_str()));
        let node = l.reserve(n, id);
        let names = if last == "*" {
            vec![("*".into(), full.clone().into())]
        } else {
            let local = alias.clone().unwrap_or_else(|| last.to_string());
            vec![(local.into(), full.clone().into())]
        };
        let path: Box<str> = pkg.into();
        l.set(node, Kind::Import { path, names });
        imports.push(node);
    }
    l.set(id, Kind::Block(imports))
}

fn collect_uses(l: &Lower<'_>, n: Node<'_>, prefix: &str, out: &mut Vec<(String, Option<String>)>) {
    let join = |p: &str, x: &str| {
        if p.is_empty() {
            x.to_string()
        } else {
            format!("{p}::{x}")
        }
    };
    match n.kind() {
        "scoped_use_list" => {
            let path = n.field("path").map(|p| l.text_of(p)).unwrap_or("");
            let base = join(prefix, path);
            if let Some(list) = n.field("list") {
                collect_uses(l, list, &base, out);
            }
        }
        "use_list" => {
            let mut c = n.walk();
            for k in n.named_children(&mut c) {
                collect_uses(l, k, prefix, out);
            }
        }
        "use_as_clause" => {
            let path = n.field("path").map(|p| l.text_of(p)).unwrap_or("");
            let alias = n.field("alias").map(|a| l.text_of(a).to_string());
            out.push((join(prefix, path), alias));
        }
        "use_wildcard" => {
            let t = l.text_of(n).trim_end_matches("::*").trim_end_matches('*');
            out.push((join(prefix, &format!("{t}::*")), None));
        }
        "self" => out.push((prefix.to_string(), None)),
        _ => out.push((join(prefix, l.text_of(n)), None)),
    }
}

pub fn lower(l: &mut Lower<'_>, n: Node<'_>, parent: Id) -> Id {
    match n.kind() {
        "source_file" => block(l, n, parent, false),
        "block" => block(l, n, parent, false),
        "unsafe_block" | "const_block" => match l.named_children(n).into_iter().last() {
            Some(b) => l.node(b, parent),
            None => l.leaf(n, parent, Kind::Other(Vec::new())),
        },
        "async_block" => {
            // A future: its body runs later, once awaited or spawned.
            let id = l.reserve(n, parent);
            let body = match l
                .named_children(n)
                .into_iter()
                .find(|c| c.kind() == "block")
            {
                Some(b) => block(l, b, id, true),
                None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
            };
            l.set(
                id,
                Kind::Lambda {
                    params: Vec::new(),
                    body,
                },
            )
        }
        "mod_item" => match n.field("body") {
            Some(b) => block(l, b, parent, false),
            None => l.leaf(n, parent, Kind::Other(Vec::new())),
        },
        "declaration_list" => block(l, n, parent, false),
        "function_item" | "function_signature_item" => function(l, n, parent, Vec::new()),
        "impl_item" => impl_item(l, n, parent),
        "trait_item" => {
            let id = l.reserve(n, parent);
            let name = l.field_text(n, "name").unwrap_or("").into();
            let body = match n.field("body") {
                Some(b) => block(l, b, id, false),
                None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
            };
            l.set(
                id,
                Kind::Class {
                    name,
                    kind: ClassKind::Interface,
                    bases: Vec::new(),
                    annotations: Vec::new(),
                    body,
                },
            )
        }
        "struct_item" | "enum_item" | "union_item" => {
            let id = l.reserve(n, parent);
            let name = l.field_text(n, "name").unwrap_or("").into();
            let kind = if n.kind() == "enum_item" {
                ClassKind::Enum
            } else {
                ClassKind::Struct
            };
            // Named fields are declared members (their types type `self.x`).
            let body = match n.field("body") {
                Some(b) if b.kind() == "field_declaration_list" => {
                    let bid = l.reserve(b, id);
                    let mut fields = Vec::new();
                    for f in l.named_children(b) {
                        if f.kind() != "field_declaration" {
                            continue;
                        }
                        let fid = l.reserve(f, bid);
                        let fname = l.field_text(f, "name").unwrap_or("").into();
                        let ty = l.field_text(f, "type").map(Into::into);
                        l.set(
                            fid,
                            Kind::Let {
                                names: vec![fname],
                                ty,
                                value: None,
                                constant: false,
                                field: true,
                                static_: false,
                            },
                        );
                        fields.push(fid);
                    }
                    l.set(bid, Kind::Block(fields))
                }
                _ => {
                    let b = l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id);
                    l.set(b, Kind::Block(Vec::new()))
                }
            };
            l.set(
                id,
                Kind::Class {
                    name,
                    kind,
                    bases: Vec::new(),
                    annotations: Vec::new(),
                    body,
                },
            )
        }
        "use_declaration" => use_decl(l, n, parent),
        "const_item" | "static_item" => const_item(l, n, parent),
        "let_declaration" => let_decl(l, n, parent),
        "expression_statement" => {
            let id = l.reserve(n, parent);
            let e = l
                .lower_children(n, id)
                .into_iter()
                .next()
                .unwrap_or(Id::NONE);
            l.set(id, Kind::Expr(e))
        }
        "string_literal" | "raw_string_literal" => string(l, n, parent),
        "char_literal" => {
            let v = unescape(crate::frontend::code::lower::unquote(l.text_of(n)));
            l.leaf(n, parent, Kind::Str(v.into()))
        }
        "integer_literal" => match parse_int(l.text_of(n)) {
            Some(v) => l.leaf(n, parent, Kind::Int(v)),
            None => l.leaf(n, parent, Kind::Other(Vec::new())),
        },
        "float_literal" => {
            let t = l
                .text_of(n)
                .trim_end_matches("f64")
                .trim_end_matches("f32")
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
        "identifier" | "self" | "field_identifier" | "type_identifier" | "super" | "crate" => {
            l.name(n, parent)
        }
        "scoped_identifier" | "scoped_type_identifier" => scoped(l, n, parent),
        "generic_type" => {
            let t = simple_type(l.text_of(n));
            l.leaf(n, parent, Kind::Name(t.into()))
        }
        "field_expression" => {
            let id = l.reserve(n, parent);
            let obj = l.field(n, "value", id).unwrap_or(Id::NONE);
            let name = l.field_text(n, "field").unwrap_or("").into();
            l.set(id, Kind::Member { obj, name })
        }
        "call_expression" => call(l, n, parent),
        "generic_function" => match n.field("function") {
            Some(f) => l.node(f, parent),
            None => l.leaf(n, parent, Kind::Other(Vec::new())),
        },
        "macro_invocation" => {
            // Macro arguments are token trees, not expressions: the macro
            // is a call of its name without arguments (`format!(..)` is
            // computed at run time, `error!(..)` does something).
            let id = l.reserve(n, parent);
            let name = l
                .field_text(n, "macro")
                .map(|m| m.rsplit("::").next().unwrap_or(m))
                .unwrap_or("macro");
            let func = l.leaf(n, id, Kind::Name(name.into()));
            l.set(
                id,
                Kind::Call {
                    func,
                    args: Vec::new(),
                },
            )
        }
        "struct_expression" => struct_expr(l, n, parent),
        "closure_expression" => {
            let id = l.reserve(n, parent);
            let ps = params(l, n.field("parameters"));
            let body = match n.field("body") {
                Some(b) if b.kind() == "block" => block(l, b, id, true),
                Some(b) => l.node(b, id),
                None => l.reserve_range(n.end_byte() as u32, n.end_byte() as u32, id),
            };
            l.set(id, Kind::Lambda { params: ps, body })
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
        "try_expression" => {
            let id = l.reserve(n, parent);
            let e = l
                .lower_children(n, id)
                .into_iter()
                .next()
                .unwrap_or(Id::NONE);
            l.set(id, Kind::Unary { op: "?".into(), e })
        }
        "reference_expression" => match n.field("value") {
            Some(v) => l.node(v, parent),
            None => l.transparent(n, parent),
        },
        "unary_expression" => {
            let text = l.text_of(n).trim_start();
            if text.starts_with('*') {
                return match l.named_children(n).into_iter().next() {
                    Some(v) => l.node(v, parent),
                    None => l.leaf(n, parent, Kind::Other(Vec::new())),
                };
            }
            let id = l.reserve(n, parent);
            let e = l
                .lower_children(n, id)
                .into_iter()
                .next()
                .unwrap_or(Id::NONE);
            let op = text
                .chars()
                .next()
                .map(|c| c.to_string())
                .unwrap_or_default();
            l.set(id, Kind::Unary { op: op.into(), e })
        }
        "binary_expression" => {
            let id = l.reserve(n, parent);
            let left = l.field(n, "left", id).unwrap_or(Id::NONE);
            let right = l.field(n, "right", id).unwrap_or(Id::NONE);
            let op = l.field_text(n, "operator").unwrap_or("").into();
            l.set(
                id,
                Kind::Binary {
                    op,
                    l: left,
                    r: right,
                },
            )
        }
        "range_expression" => {
            let id = l.reserve(n, parent);
            let kids = l.lower_children(n, id);
            let op = if l.text_of(n).contains("..=") {
                "..="
            } else {
                ".."
            };
            let (a, b) = match kids.as_slice() {
                [a, b] => (*a, *b),
                [a] => (*a, Id::NONE),
                _ => (Id::NONE, Id::NONE),
            };
            l.set(
                id,
                Kind::Binary {
                    op: op.into(),
                    l: a,
                    r: b,
                },
            )
        }
        "assignment_expression" | "compound_assignment_expr" => {
            let id = l.reserve(n, parent);
            let target = l.field(n, "left", id).unwrap_or(Id::NONE);
            let value = l.field(n, "right", id).unwrap_or(Id::NONE);
            let op = (n.kind() == "compound_assignment_expr")
                .then(|| l.field_text(n, "operator").unwrap_or("").into());
            l.set(id, Kind::Assign { target, value, op })
        }
        "type_cast_expression" => {
            let id = l.reserve(n, parent);
            let v = l.field(n, "value", id).unwrap_or(Id::NONE);
            l.set(id, Kind::Cast(v))
        }
        "parenthesized_expression" => l.transparent(n, parent),
        "tuple_expression" | "array_expression" => {
            let id = l.reserve(n, parent);
            let items = l.lower_children(n, id);
            l.set(id, Kind::List(items))
        }
        "index_expression" => {
            let id = l.reserve(n, parent);
            let kids = l.lower_children(n, id);
            let (obj, index) = match kids.as_slice() {
                [o, i, ..] => (*o, *i),
                _ => (Id::NONE, Id::NONE),
            };
            l.set(id, Kind::Index { obj, index })
        }
        "if_expression" => if_expr(l, n, parent),
        "match_expression" => match_expr(l, n, parent),
        "for_expression" | "while_expression" | "loop_expression" => loop_expr(l, n, parent),
        "return_expression" => {
            let id = l.reserve(n, parent);
            let v = l.lower_children(n, id).into_iter().next();
            l.set(id, Kind::Return(v))
        }
        "attribute_item"
        | "inner_attribute_item"
        | "macro_definition"
        | "type_item"
        | "extern_crate_declaration"
        | "visibility_modifier"
        | "lifetime"
        | "type_arguments"
        | "type_parameters"
        | "where_clause"
        | "primitive_type"
        | "reference_type"
        | "abstract_type"
        | "dynamic_type"
        | "function_type"
        | "unit_type"
        | "array_type"
        | "tuple_type"
        | "pointer_type"
        | "empty_statement" => l.leaf(n, parent, Kind::Other(Vec::new())),
        _ => l.other(n, parent),
    }
}

pub static SPEC: Lang = Lang {
    id: "rust",
    language,
    lower,
    comments: COMMENTS,
    map_types: &["HashMap", "BTreeMap", "IndexMap"],
    map_factories: &[
        ("HashMap", "from", MapShape::Copy),
        ("BTreeMap", "from", MapShape::Copy),
    ],
    pair_ops: &[],
    put_methods: &["insert"],
    merge_methods: &["extend"],
    opaque_methods: &["clear", "remove", "retain"],
    read_only_calls: &[
        "get",
        "contains_key",
        "iter",
        "len",
        "clone",
        "to_owned",
        "get_mut",
    ],
    scope_functions: &[],
    views: &["clone", "to_owned", "borrow", "as_ref", "as_mut"],
    loop_calls: &[
        "for_each",
        "map",
        "filter_map",
        "flat_map",
        "for_each_concurrent",
        "try_for_each",
        "try_for_each_concurrent",
        "then",
    ],
    message_annotations: &[],
    request_annotations: &["post", "get", "put", "delete", "patch", "route", "handler"],
    message_handler_names: &["handle_message", "on_message"],
    request_handler_names: &[],
    request_param_types: &[
        "Json",
        "Query",
        "Form",
        "Extension",
        "State",
        "HttpRequest",
        "Multipart",
    ],
    request_bases: &[],
    route_calls: &[
        "route",
        "post",
        "put",
        "patch",
        "delete",
        "to",
        "handler_fn",
    ],
    poll_calls: &["recv", "poll", "next"],
    handler_return_types: &[],
    constants: &[
        ("i32.MAX", i32::MAX as i64),
        ("u32.MAX", u32::MAX as i64),
        ("i64.MAX", i64::MAX),
        ("usize.MAX", i64::MAX),
    ],
    bool_constants: &[],
    durations: &[
        ("Duration.from_millis", 1.0),
        ("Duration.from_secs", 1000.0),
        ("Duration.from_micros", 0.001),
        ("Duration.from_nanos", 0.000_001),
    ],
    clock_calls: &[
        ("SystemTime", "now"),
        ("Instant", "now"),
        ("Utc", "now"),
        ("Local", "now"),
        ("OffsetDateTime", "now_utc"),
        ("", "timestamp_millis"),
    ],
    clock_types: &[],
    random_calls: &[
        ("Uuid", "new_v4"),
        ("Uuid", "now_v7"),
        ("rand", "random"),
        ("rand", "thread_rng"),
        ("rand", "rng"),
        ("fastrand", "*"),
    ],
    random_types: &["ThreadRng", "StdRng", "SmallRng"],
    conversions: &[
        ("", "to_string"),
        ("", "to_owned"),
        ("", "as_bytes"),
        ("", "as_str"),
        ("", "clone"),
        ("", "into"),
        ("", "to_le_bytes"),
        ("", "to_be_bytes"),
        ("", "to_lowercase"),
        ("", "to_uppercase"),
    ],
    non_domain_types: &[
        "str",
        "String",
        "u8",
        "i8",
        "u16",
        "i16",
        "u32",
        "i32",
        "u64",
        "i64",
        "usize",
        "isize",
        "f32",
        "f64",
        "bool",
        "char",
        "Vec",
        "Bytes",
        "BytesMut",
        "Value",
        "Uuid",
        "Duration",
        "Instant",
        "SystemTime",
        "Option",
        "Result",
        "HashMap",
        "BTreeMap",
        "Arc",
        "Box",
        "Rc",
        "Cow",
        "Json",
        "State",
        "Self",
    ],
    env_reads: &[("env", "var", usize::MAX), ("std::env", "var", usize::MAX)],
    serializers: &[
        "to_string",
        "to_vec",
        "to_string_pretty",
        "serialize",
        "encode_to_vec",
        "to_json",
    ],
    this_names: &["self"],
    assign_declares: false,
    file_loads: &[],
    file_openers: &[],
    map_merge_ops: &[],
    export_objects: &[],
    async_lambda: "async",
    gate: GateSyntax {
        line_comments: &["//"],
        block_comments: &[("/*", "*/")],
        strings: &["\""],
        escapes: true,
        qualified_imports: false,
    },
    elide: Elide::Braces { keywords: &[] },
};
