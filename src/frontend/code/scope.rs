//! File-wide indexes and name resolution over the IR: imports, functions,
//! classes, call sites, and the declaration a name refers to at a point,
//! by the usual lexical rules (blocks, loops, lambdas, parameters, fields,
//! module level). Shared by every language.

use super::api::Api;
use super::ir::{Id, Ir, Kind};
use super::lang::Lang;
use crate::finding::Span;
use crate::source::LineIndex;
use std::collections::HashMap;

/// The analysis context of one file.
pub struct Cx<'a, 't> {
    pub ir: &'a Ir<'t>,
    pub lang: &'static Lang,
    /// API tables of libraries this file may use.
    pub apis: Vec<&'static Api>,
    pub idx: LineIndex<'t>,
    /// Imported simple (local) name → qualified name.
    pub imports: HashMap<&'a str, &'a str>,
    /// Imported packages/modules (wildcards, `import x`, `from x import ..`).
    pub packages: Vec<&'a str>,
    /// Packages imported whole by a wildcard (`import a.b.*`).
    pub wildcards: Vec<&'a str>,
    /// Functions and methods by name.
    pub funcs: HashMap<&'a str, Vec<Id>>,
    /// Classes by name.
    pub classes: HashMap<&'a str, Id>,
    /// Every part of a type by name: Rust's `struct` and its `impl`
    /// blocks, C# partial classes.
    pub class_parts: HashMap<&'a str, Vec<Id>>,
    /// Calls by the callee's last name (`a.b.publish(..)` → `publish`).
    pub calls: HashMap<&'a str, Vec<Id>>,
    /// Every `New` node.
    pub news: Vec<Id>,
}

/// Where a name is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclKind {
    Local,
    Param,
    LambdaParam,
    LoopVar,
    Field,
    /// Module or package level.
    Global,
}

/// A declaration found by [`Cx::lookup`].
#[derive(Debug, Clone, Copy)]
pub struct Decl<'a> {
    pub kind: DeclKind,
    /// The declared type as written.
    pub ty: Option<&'a str>,
    /// The initializer (for a loop variable: the iterated collection).
    pub value: Option<Id>,
    /// Declared `final`/`const`/`val`.
    pub constant: bool,
    /// Where the name is visible: the block, function, loop, lambda or class body.
    pub scope: Id,
    /// The declaring node.
    pub owner: Id,
    /// For parameters: the function or lambda and the position.
    pub param_of: Option<(Id, usize)>,
}

impl<'a, 't> Cx<'a, 't> {
    pub fn new(ir: &'a Ir<'t>, lang: &'static Lang, apis: Vec<&'static Api>) -> Self {
        let mut cx = Cx {
            ir,
            lang,
            apis,
            idx: LineIndex::new(ir.text),
            imports: HashMap::new(),
            packages: Vec::new(),
            wildcards: Vec::new(),
            funcs: HashMap::new(),
            classes: HashMap::new(),
            class_parts: HashMap::new(),
            calls: HashMap::new(),
            news: Vec::new(),
        };
        cx.index();
        cx
    }

    fn index(&mut self) {
        let ir = self.ir;
        ir.walk(ir.root, |n| {
            match ir.kind(n) {
                Kind::Import { path, names } => {
                    if !path.is_empty() {
                        self.packages.push(path);
                    }
                    for (local, full) in names {
                        if &**local == "*" {
                            self.packages.push(path);
                            self.wildcards.push(path);
                        } else {
                            self.imports.insert(local, full);
                        }
                    }
                }
                Kind::Func {
                    name: Some(name), ..
                } => self.funcs.entry(name).or_default().push(n),
                Kind::Class { name, .. } => {
                    self.classes.entry(name).or_insert(n);
                    self.class_parts.entry(name).or_default().push(n);
                }
                Kind::Call { func, .. } => {
                    if let Some(name) = ir.last_name(*func) {
                        self.calls.entry(name).or_default().push(n);
                    }
                }
                Kind::New { .. } => self.news.push(n),
                _ => {}
            }
            true
        });
    }

    pub fn text(&self, id: Id) -> &'t str {
        self.ir.text(id)
    }

    pub fn span(&self, id: Id) -> Span {
        let n = self.ir.node(id);
        self.idx.span(n.start as usize, n.end as usize)
    }

    pub fn span_range(&self, start: u32, end: u32) -> Span {
        self.idx.span(start as usize, end as usize)
    }

    pub fn line(&self, id: Id) -> u32 {
        self.idx.position(self.ir.node(id).start as usize).0
    }

    /// The statement holding `id` (for setting spans): the nearest
    /// expression statement or declaration, unless a lambda lies between.
    pub fn statement(&self, id: Id) -> Id {
        for (a, _) in self.ir.ancestors(id).take(16) {
            match self.ir.kind(a) {
                Kind::Expr(_) | Kind::Let { .. } => return a,
                Kind::Lambda { .. } | Kind::Func { .. } | Kind::Block(_) => break,
                _ => {}
            }
        }
        id
    }

    /// True when `simple` names a type of `api`'s library in this file:
    /// not imported from another library, and for names too common to
    /// trust (`Producer`), imported from this one.
    pub fn is_library_type(&self, simple: &str, api: &Api) -> bool {
        let from_api = |path: &str| api.owns_import(path);
        if let Some(path) = self.imports.get(simple) {
            return from_api(path);
        }
        // A class of this file by that name (a wrapper `class KafkaProducer`).
        if self.classes.contains_key(simple) {
            return false;
        }
        if api.needs_import.iter().any(|n| n == simple) {
            return self.packages.iter().any(|p| from_api(p));
        }
        true
    }

    /// True when the file imports anything of `api`'s library.
    pub fn imports_library(&self, api: &Api) -> bool {
        let from_api = |path: &str| api.owns_import(path);
        self.imports.values().any(|p| from_api(p)) || self.packages.iter().any(|p| from_api(p))
    }

    /// True when the import alias `q` (Go's `kafka` in `kafka.Writer`)
    /// names a package of `api`'s library.
    pub fn is_library_alias(&self, q: &str, api: &Api) -> bool {
        self.imports
            .get(q)
            .is_some_and(|path| api.owns_import(path))
    }

    /// True when a type written as `text` (`*kafka.Writer`,
    /// `sarama.SyncProducer`, `KafkaProducer<K, V>`) is one of `api`'s
    /// library: a qualifier that is an import alias of this file decides
    /// (Go qualifies every imported type); else the simple name as in
    /// [`Cx::is_library_type`].
    pub fn is_library_type_text(&self, text: &str, api: &Api) -> bool {
        let t = super::lower::strip_generics(text)
            .trim_start_matches(['*', '&', '[', ']'])
            .trim();
        match t.rsplit_once('.') {
            Some((q, simple)) if self.imports.contains_key(q) => {
                self.is_library_alias(q, api) && !simple.is_empty()
            }
            Some((_, simple)) => self.is_library_type(simple, api),
            None => self.is_library_type(t, api),
        }
    }

    /// A value written with an import alias of `api`'s library
    /// (`ck.PartitionAny`, `kafkago.RequireAll`), spelled with the
    /// qualifier its knowledge table uses (`kafka.RequireAll`).
    pub fn canonical_library_text(&self, text: &str, api: &Api) -> Option<String> {
        let package = api.package.as_deref()?;
        let t = text.trim_start_matches(['&', '*']);
        let (q, rest) = t.split_once('.')?;
        (q != package && self.is_library_alias(q, api)).then(|| format!("{package}.{rest}"))
    }

    /// A field named `name` declared in a class or struct of this file,
    /// when every such field agrees on its type: Go declares the methods
    /// that use a struct's fields outside of it.
    pub fn member_decl(&self, name: &str) -> Option<Decl<'a>> {
        let mut found: Option<Decl<'a>> = None;
        for cls in self.classes.values() {
            let Kind::Class { body, .. } = self.ir.kind(*cls) else {
                continue;
            };
            let Kind::Block(members) = self.ir.kind(*body) else {
                continue;
            };
            for m in members {
                if let Some(d) = self.declares(*m, name) {
                    let decl = self.decl_of_let(d, *body, DeclKind::Field);
                    if found.is_some_and(|f| f.ty != decl.ty) {
                        return None;
                    }
                    found = Some(decl);
                }
            }
        }
        found
    }

    /// Whether `name` is the current object (`this`, `self`).
    pub fn is_this(&self, id: Id) -> bool {
        self.ir
            .name(id)
            .is_some_and(|n| self.lang.this_names.contains(&n))
    }

    /// The variable an expression refers to: `x`, `this.x`, `self.x`.
    pub fn var_name(&self, id: Id) -> Option<&'a str> {
        let id = self.ir.strip(id);
        match self.ir.kind(id) {
            Kind::Name(n) if !self.lang.this_names.contains(&&**n) => Some(n),
            Kind::Member { obj, name } if self.is_this(*obj) => Some(name),
            _ => None,
        }
    }

    /// The names a `Let` declares.
    fn let_names(&self, id: Id) -> &'a [Box<str>] {
        match self.ir.kind(id) {
            Kind::Let { names, .. } => names,
            _ => &[],
        }
    }

    fn decl_of_let(&self, stmt: Id, scope: Id, kind: DeclKind) -> Decl<'a> {
        match self.ir.kind(stmt) {
            Kind::Let {
                ty,
                value,
                constant,
                ..
            } => Decl {
                kind,
                ty: ty.as_deref(),
                value: *value,
                constant: *constant,
                scope,
                owner: stmt,
                param_of: None,
            },
            // `x = v` declaring x (Python).
            Kind::Assign { value, .. } => Decl {
                kind,
                ty: None,
                value: Some(*value),
                constant: false,
                scope,
                owner: stmt,
                param_of: None,
            },
            _ => Decl {
                kind,
                ty: None,
                value: None,
                constant: false,
                scope,
                owner: stmt,
                param_of: None,
            },
        }
    }

    /// A statement of a block that declares `name`: a `Let` (also inside
    /// a multi-declarator block), or an assignment in a language where
    /// assignments declare.
    fn declares(&self, stmt: Id, name: &str) -> Option<Id> {
        match self.ir.kind(stmt) {
            Kind::Let { .. } => self
                .let_names(stmt)
                .iter()
                .any(|n| &**n == name)
                .then_some(stmt),
            Kind::Block(items) => items.iter().find_map(|i| {
                matches!(self.ir.kind(*i), Kind::Let { .. })
                    .then(|| self.declares(*i, name))
                    .flatten()
            }),
            Kind::Expr(e) if self.lang.assign_declares => match self.ir.kind(*e) {
                Kind::Assign {
                    target, op: None, ..
                } if self.ir.name(*target) == Some(name) => Some(*e),
                _ => None,
            },
            _ => None,
        }
    }

    /// Resolves `name` as seen from `at`.
    pub fn lookup(&self, name: &str, at: Id) -> Option<Decl<'a>> {
        let ir = self.ir;
        for (anc, child) in ir.ancestors(at) {
            match ir.kind(anc) {
                Kind::Block(stmts) => {
                    let parent = ir.parent(anc);
                    let is_class = parent.is_some_and(|p| matches!(ir.kind(p), Kind::Class { .. }));
                    let is_module = parent.is_none();
                    if is_class || is_module {
                        // Members and module-level names are visible everywhere.
                        for s in stmts {
                            if let Some(d) = self.declares(*s, name) {
                                let kind = if is_class {
                                    DeclKind::Field
                                } else {
                                    DeclKind::Global
                                };
                                return Some(self.decl_of_let(d, anc, kind));
                            }
                        }
                        // Members declared in another part of the same type.
                        if let Some(Kind::Class { name: cname, .. }) = parent.map(|p| ir.kind(p)) {
                            for other in self.class_parts.get(&**cname).into_iter().flatten() {
                                if Some(*other) == parent {
                                    continue;
                                }
                                let Kind::Class { body, .. } = ir.kind(*other) else {
                                    continue;
                                };
                                let Kind::Block(members) = ir.kind(*body) else {
                                    continue;
                                };
                                for s in members {
                                    if let Some(d) = self.declares(*s, name) {
                                        return Some(self.decl_of_let(d, *body, DeclKind::Field));
                                    }
                                }
                            }
                        }
                    } else {
                        let mut found = None;
                        for s in stmts {
                            if ir.node(*s).start >= ir.node(child).start {
                                break;
                            }
                            if let Some(d) = self.declares(*s, name) {
                                found = Some(self.decl_of_let(d, anc, DeclKind::Local));
                                if self.lang.assign_declares {
                                    // The first assignment declares; later ones reassign.
                                    break;
                                }
                            }
                        }
                        if found.is_some() {
                            return found;
                        }
                    }
                }
                Kind::Loop {
                    vars, var_ty, iter, ..
                } if vars.iter().any(|v| &**v == name) => {
                    return Some(Decl {
                        kind: DeclKind::LoopVar,
                        ty: var_ty.as_deref(),
                        value: *iter,
                        constant: false,
                        scope: anc,
                        owner: anc,
                        param_of: None,
                    });
                }
                Kind::With { items, .. } => {
                    for (n, v) in items {
                        if n.as_deref() == Some(name) {
                            // A declared resource is a Let holding the value.
                            let value = match ir.kind(*v) {
                                Kind::Let { value, .. } => *value,
                                _ => Some(*v),
                            };
                            return Some(Decl {
                                kind: DeclKind::Local,
                                ty: None,
                                value,
                                constant: true,
                                scope: anc,
                                owner: *v,
                                param_of: None,
                            });
                        }
                    }
                }
                Kind::Lambda { params, .. } | Kind::Func { params, .. } => {
                    if let Some(i) = params.iter().position(|p| &*p.name == name) {
                        let is_lambda = matches!(ir.kind(anc), Kind::Lambda { .. });
                        return Some(Decl {
                            kind: if is_lambda {
                                DeclKind::LambdaParam
                            } else {
                                DeclKind::Param
                            },
                            ty: params[i].ty.as_deref(),
                            value: None,
                            constant: false,
                            scope: anc,
                            owner: anc,
                            param_of: Some((anc, i)),
                        });
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Whether `name` (declared at `decl`) is written anywhere in its
    /// scope other than by its declaration: reassigned, updated (`i++`,
    /// `x += 1`), or (for a field) assigned through `this.x`.
    pub fn is_reassigned(&self, name: &str, decl: &Decl<'_>) -> bool {
        let ir = self.ir;
        let scope = match decl.kind {
            // A field or global can be written from anywhere in the file.
            DeclKind::Field | DeclKind::Global => ir.root,
            _ => decl.scope,
        };
        let mut yes = false;
        ir.walk(scope, |n| {
            if yes {
                return false;
            }
            let target = match ir.kind(n) {
                Kind::Assign { target, .. } if n != decl.owner => Some(*target),
                Kind::Update(t) => Some(*t),
                _ => None,
            };
            if let Some(t) = target {
                let hit = match ir.kind(ir.strip(t)) {
                    Kind::Name(x) => &**x == name,
                    Kind::Member { obj, name: m } => &**m == name && self.is_this(*obj),
                    _ => false,
                };
                if hit {
                    // Python: the declaring assignment itself is not a rewrite.
                    yes = !(self.lang.assign_declares && n == decl.owner);
                }
            }
            true
        });
        yes
    }

    /// A function of this file by name (the first one when overloaded),
    /// preferring the one with `arity` parameters.
    pub fn func(&self, name: &str, arity: Option<usize>) -> Option<Id> {
        let list = self.funcs.get(name)?;
        if let Some(n) = arity {
            for f in list {
                if let Kind::Func { params, .. } = self.ir.kind(*f) {
                    if params.len() == n {
                        return Some(*f);
                    }
                }
            }
        }
        list.first().copied()
    }

    /// The name of a function node.
    pub fn func_name(&self, f: Id) -> Option<&'a str> {
        match self.ir.kind(f) {
            Kind::Func { name, .. } => name.as_deref(),
            _ => None,
        }
    }

    /// Calls of function `f` in this file (by name and arity).
    pub fn call_sites(&self, f: Id) -> Vec<Id> {
        let (Some(name), Kind::Func { params, .. }) = (self.func_name(f), self.ir.kind(f)) else {
            return Vec::new();
        };
        // Python's `self` is a parameter that calls do not pass.
        let skip_self = params
            .first()
            .is_some_and(|p| self.lang.this_names.contains(&&*p.name))
            as usize;
        let arity = params.len() - skip_self;
        self.calls
            .get(name)
            .map(|cs| {
                cs.iter()
                    .copied()
                    .filter(|c| {
                        let (recv, _, args) = match self.ir.call_parts(*c) {
                            Some(p) => p,
                            None => return false,
                        };
                        // Only calls on this object or unqualified ones.
                        let local = recv.is_none_or(|r| self.is_this(r));
                        local && args.len() == arity && !self.ir.contains(f, *c)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The simple type name of a declaration, looking at `var x = new T()`.
    pub fn decl_type(&self, d: &Decl<'_>) -> Option<String> {
        let declared = d.ty.map(|t| super::lower::simple_type(t).to_string());
        match declared.as_deref() {
            Some("var") | Some("val") | None => {
                let v = self.ir.strip(d.value?);
                match self.ir.kind(v) {
                    Kind::New { ty, .. } if d.kind != DeclKind::LoopVar => Some(ty.to_string()),
                    _ => None,
                }
            }
            _ => declared,
        }
    }
}
