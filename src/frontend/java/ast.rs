//! Small, non-recursive helpers over the tree-sitter Java syntax tree: text
//! and spans of nodes, bounded walks, argument lists, type names, and a
//! scope-aware lookup of the declaration a name refers to.

use super::Ctx;
use tree_sitter::Node;

/// How far any upward walk goes; real code is never this deep, and the cap
/// keeps pathological input linear.
pub(super) const MAX_UP: usize = 4096;

/// What a [`walk`] callback wants next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// Visit this node's children.
    Into,
    /// Skip this node's children.
    Over,
    /// End the walk.
    Stop,
}

/// Pre-order walk of `root`'s subtree (named and anonymous nodes) with a
/// tree cursor: no recursion, so nesting depth cannot overflow the stack.
/// The callback also gets the depth below `root`.
pub(super) fn walk_depth<'t>(root: Node<'t>, mut f: impl FnMut(Node<'t>, usize) -> Step) {
    let mut c = root.walk();
    // Tracked here: the cursor's own depth() is linear in the depth.
    let mut depth = 0usize;
    let mut step = f(root, 0);
    loop {
        if step == Step::Stop {
            return;
        }
        if step == Step::Into && c.goto_first_child() {
            depth += 1;
            step = f(c.node(), depth);
            continue;
        }
        loop {
            if depth == 0 {
                return;
            }
            if c.goto_next_sibling() {
                step = f(c.node(), depth);
                break;
            }
            if !c.goto_parent() {
                return;
            }
            depth -= 1;
        }
    }
}

/// [`walk_depth`] without the depth.
pub(super) fn walk<'t>(root: Node<'t>, mut f: impl FnMut(Node<'t>) -> Step) {
    walk_depth(root, |n, _| f(n))
}

/// The first named node in `root`'s subtree (root included) matching `pred`.
pub(super) fn find<'t>(root: Node<'t>, mut pred: impl FnMut(Node<'t>) -> bool) -> Option<Node<'t>> {
    let mut found = None;
    walk(root, |n| {
        if n.is_named() && pred(n) {
            found = Some(n);
            Step::Stop
        } else {
            Step::Into
        }
    });
    found
}

/// `(ancestor, child on the way)` pairs from `n` upwards.
pub(super) fn ancestors<'t>(n: Node<'t>) -> impl Iterator<Item = (Node<'t>, Node<'t>)> {
    let mut cur = n;
    std::iter::from_fn(move || {
        let p = cur.parent()?;
        let child = cur;
        cur = p;
        Some((p, child))
    })
    .take(MAX_UP)
}

/// Named children without comments.
pub(super) fn named<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    let mut c = n.walk();
    n.named_children(&mut c).filter(|k| !k.is_extra()).collect()
}

/// The arguments of a call or `new` expression.
pub(super) fn args<'t>(call: Node<'t>) -> Vec<Node<'t>> {
    call.child_by_field_name("arguments")
        .map(named)
        .unwrap_or_default()
}

/// Strips parentheses and casts: `((short) 3)` → `3`.
pub(super) fn strip(mut n: Node<'_>) -> Node<'_> {
    for _ in 0..64 {
        match n.kind() {
            "parenthesized_expression" => match named(n).into_iter().next() {
                Some(inner) => n = inner,
                None => return n,
            },
            "cast_expression" => match n.child_by_field_name("value") {
                Some(inner) => n = inner,
                None => return n,
            },
            _ => return n,
        }
    }
    n
}

/// True when `inner` lies inside `outer` (or is it).
pub(super) fn contains(outer: Node<'_>, inner: Node<'_>) -> bool {
    outer.start_byte() <= inner.start_byte() && inner.end_byte() <= outer.end_byte()
}

/// The nearest enclosing method, constructor or initializer block.
pub(super) fn enclosing_body<'t>(n: Node<'t>) -> Option<Node<'t>> {
    ancestors(n).map(|(a, _)| a).find(|a| {
        matches!(
            a.kind(),
            "method_declaration"
                | "constructor_declaration"
                | "compact_constructor_declaration"
                | "static_initializer"
        ) || (a.kind() == "block" && a.parent().is_some_and(|p| p.kind() == "class_body"))
    })
}

/// The nearest enclosing method declaration (through lambdas).
pub(super) fn enclosing_method<'t>(n: Node<'t>) -> Option<Node<'t>> {
    for (a, _) in ancestors(n) {
        match a.kind() {
            "method_declaration" => return Some(a),
            "constructor_declaration" | "class_body" | "program" => return None,
            _ => {}
        }
    }
    None
}

/// Where a name is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DeclKind {
    Local,
    Param,
    ForVar,
    LambdaParam,
    Field,
}

/// A declaration found by [`Ctx::lookup`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Decl<'t> {
    pub kind: DeclKind,
    /// The declared type, absent for untyped lambda parameters.
    pub ty: Option<Node<'t>>,
    /// The initializer (for an enhanced-for variable: the iterated expression).
    pub value: Option<Node<'t>>,
    /// Where the name is visible: the block, method, loop, lambda or class body.
    pub scope: Node<'t>,
    /// The declaring node (statement, parameter, loop, lambda, field).
    pub owner: Node<'t>,
}

fn has_final(decl: Node<'_>, ctx: &Ctx<'_>) -> bool {
    let mut c = decl.walk();
    let found = decl
        .children(&mut c)
        .filter(|k| k.kind() == "modifiers")
        .any(|m| ctx.text(m).split_whitespace().any(|w| w == "final"));
    found
}

impl<'a> Ctx<'a> {
    /// Whether a declaration is `final` (or an interface constant).
    pub(super) fn is_final(&self, d: &Decl<'_>) -> bool {
        has_final(d.owner, self) || d.owner.kind() == "constant_declaration"
    }

    /// The declarator named `name` in a local/field declaration.
    fn declarator<'t>(&self, decl: Node<'t>, name: &str) -> Option<Node<'t>> {
        let mut c = decl.walk();
        let found = decl.children_by_field_name("declarator", &mut c).find(|d| {
            d.child_by_field_name("name")
                .is_some_and(|n| self.text(n) == name)
        });
        found
    }

    /// Resolves `name` as seen from `at`: locals declared before it in
    /// enclosing blocks, loop and lambda variables, resources, method
    /// parameters, then fields of the enclosing classes.
    pub(super) fn lookup<'t>(&self, name: &str, at: Node<'t>) -> Option<Decl<'t>> {
        for (anc, child) in ancestors(at) {
            match anc.kind() {
                "block" | "constructor_body" | "switch_block_statement_group" => {
                    let mut found = None;
                    for stmt in named(anc) {
                        if stmt.start_byte() >= child.start_byte() {
                            break;
                        }
                        if stmt.kind() == "local_variable_declaration" {
                            if let Some(d) = self.declarator(stmt, name) {
                                found = Some(Decl {
                                    kind: DeclKind::Local,
                                    ty: stmt.child_by_field_name("type"),
                                    value: d.child_by_field_name("value"),
                                    scope: anc,
                                    owner: stmt,
                                });
                            }
                        }
                    }
                    if found.is_some() {
                        return found;
                    }
                }
                "for_statement" => {
                    if let Some(init) = anc.child_by_field_name("init") {
                        if init.id() != child.id() && init.kind() == "local_variable_declaration" {
                            if let Some(d) = self.declarator(init, name) {
                                return Some(Decl {
                                    kind: DeclKind::Local,
                                    ty: init.child_by_field_name("type"),
                                    value: d.child_by_field_name("value"),
                                    scope: anc,
                                    owner: init,
                                });
                            }
                        }
                    }
                }
                "enhanced_for_statement" => {
                    let is_body = anc
                        .child_by_field_name("body")
                        .is_some_and(|b| b.id() == child.id());
                    if is_body
                        && anc
                            .child_by_field_name("name")
                            .is_some_and(|n| self.text(n) == name)
                    {
                        return Some(Decl {
                            kind: DeclKind::ForVar,
                            ty: anc.child_by_field_name("type"),
                            value: anc.child_by_field_name("value"),
                            scope: anc,
                            owner: anc,
                        });
                    }
                }
                "try_with_resources_statement" => {
                    if let Some(spec) = anc.child_by_field_name("resources") {
                        for r in named(spec) {
                            if r.id() == child.id() {
                                break;
                            }
                            if r.kind() == "resource"
                                && r.child_by_field_name("name")
                                    .is_some_and(|n| self.text(n) == name)
                            {
                                return Some(Decl {
                                    kind: DeclKind::Local,
                                    ty: r.child_by_field_name("type"),
                                    value: r.child_by_field_name("value"),
                                    scope: anc,
                                    owner: r,
                                });
                            }
                        }
                    }
                }
                "lambda_expression" => {
                    if let Some(params) = anc.child_by_field_name("parameters") {
                        let lambda = |ty| Decl {
                            kind: DeclKind::LambdaParam,
                            ty,
                            value: None,
                            scope: anc,
                            owner: anc,
                        };
                        match params.kind() {
                            "identifier" if self.text(params) == name => return Some(lambda(None)),
                            "inferred_parameters"
                                if named(params).iter().any(|p| self.text(*p) == name) =>
                            {
                                return Some(lambda(None));
                            }
                            "formal_parameters" => {
                                for p in named(params) {
                                    if p.child_by_field_name("name")
                                        .is_some_and(|n| self.text(n) == name)
                                    {
                                        return Some(lambda(p.child_by_field_name("type")));
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "method_declaration" | "constructor_declaration" => {
                    if let Some(params) = anc.child_by_field_name("parameters") {
                        for p in named(params) {
                            let pname = match p.kind() {
                                "formal_parameter" => p.child_by_field_name("name"),
                                "spread_parameter" => named(p)
                                    .into_iter()
                                    .find(|k| k.kind() == "variable_declarator")
                                    .and_then(|d| d.child_by_field_name("name")),
                                _ => None,
                            };
                            if pname.is_some_and(|n| self.text(n) == name) {
                                return Some(Decl {
                                    kind: DeclKind::Param,
                                    ty: p.child_by_field_name("type"),
                                    value: None,
                                    scope: anc,
                                    owner: p,
                                });
                            }
                        }
                    }
                }
                "class_body" | "interface_body" | "enum_body" | "enum_body_declarations" => {
                    let mut members = named(anc);
                    if anc.kind() == "enum_body" {
                        if let Some(decls) = members
                            .iter()
                            .find(|m| m.kind() == "enum_body_declarations")
                            .copied()
                        {
                            members = named(decls);
                        }
                    }
                    for m in members {
                        if matches!(m.kind(), "field_declaration" | "constant_declaration") {
                            if let Some(d) = self.declarator(m, name) {
                                return Some(Decl {
                                    kind: DeclKind::Field,
                                    ty: m.child_by_field_name("type"),
                                    value: d.child_by_field_name("value"),
                                    scope: anc,
                                    owner: m,
                                });
                            }
                        }
                    }
                }
                "program" => return None,
                _ => {}
            }
        }
        None
    }

    /// The simple name of a type: `KafkaProducer<K, V>` → `KafkaProducer`,
    /// `org.x.Producer` → `Producer`, `byte[]` → `byte[]`.
    pub(super) fn type_name(&self, ty: Node<'_>) -> String {
        let mut n = ty;
        let mut suffix = String::new();
        for _ in 0..16 {
            match n.kind() {
                "generic_type" => match named(n).into_iter().next() {
                    Some(first) => n = first,
                    None => break,
                },
                "scoped_type_identifier" => match named(n).into_iter().last() {
                    Some(last) => n = last,
                    None => break,
                },
                "array_type" => match n.child_by_field_name("element") {
                    Some(e) => {
                        suffix.push_str("[]");
                        n = e;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        format!("{}{}", self.text(n), suffix)
    }

    /// The type arguments of a generic type (`List<Order>` → `[Order]`).
    pub(super) fn type_args<'t>(&self, ty: Node<'t>) -> Vec<Node<'t>> {
        let mut n = ty;
        for _ in 0..8 {
            match n.kind() {
                "generic_type" => {
                    return named(n)
                        .into_iter()
                        .find(|k| k.kind() == "type_arguments")
                        .map(named)
                        .unwrap_or_default()
                }
                "scoped_type_identifier" => match named(n).into_iter().last() {
                    Some(l) => n = l,
                    None => break,
                },
                _ => break,
            }
        }
        Vec::new()
    }

    /// The variable name an expression refers to: `x` or `this.x`.
    pub(super) fn var_name(&self, n: Node<'_>) -> Option<&'a str> {
        let n = strip(n);
        match n.kind() {
            "identifier" => Some(self.text(n)),
            "field_access" => {
                let obj = n.child_by_field_name("object")?;
                if obj.kind() == "this" {
                    n.child_by_field_name("field").map(|f| self.text(f))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// The name of a method invocation.
    pub(super) fn call_name(&self, inv: Node<'_>) -> &'a str {
        inv.child_by_field_name("name")
            .map(|n| self.text(n))
            .unwrap_or("")
    }

    /// The receiver text of a method invocation (`""` when there is none,
    /// `this` counts as none).
    pub(super) fn call_object(&self, inv: Node<'_>) -> &'a str {
        match inv.child_by_field_name("object") {
            Some(o) if o.kind() == "this" => "",
            Some(o) => self.text(o),
            None => "",
        }
    }

    /// True for `Obj.name(...)` with the given receiver text and name.
    pub(super) fn is_call(&self, n: Node<'_>, object: &str, names: &[&str]) -> bool {
        n.kind() == "method_invocation"
            && self.call_object(n) == object
            && names.contains(&self.call_name(n))
    }

    /// The simple type name of a `new T<>(..)` expression.
    pub(super) fn creation_type(&self, n: Node<'_>) -> String {
        n.child_by_field_name("type")
            .map(|t| self.type_name(t))
            .unwrap_or_default()
    }

    /// The declared (or, for `var`, initialised) simple type of a variable.
    pub(super) fn decl_type(&self, d: &Decl<'_>) -> Option<String> {
        let declared = d.ty.map(|t| self.type_name(t));
        match declared.as_deref() {
            Some("var") | None => {
                let v = strip(d.value?);
                if v.kind() == "object_creation_expression" && d.kind != DeclKind::ForVar {
                    Some(self.creation_type(v))
                } else {
                    None
                }
            }
            _ => declared,
        }
    }
}
