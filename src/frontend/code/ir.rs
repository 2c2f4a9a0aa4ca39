//! The common syntax every code front-end lowers to.
//!
//! Each language's tree-sitter tree is mapped (by `syntax/<lang>.rs`) onto
//! this small set of constructs, so that everything the analysis needs —
//! evaluating constants, tracing config maps, finding sends, knowing the
//! loop/handler/transaction context — is written once for all languages.
//! The IR is an arena: nodes refer to each other by [`Id`], every node knows
//! its parent and its byte range in the source.

use std::fmt;

/// A node index in the arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(pub u32);

impl Id {
    pub const NONE: Id = Id(u32::MAX);

    pub fn is_none(self) -> bool {
        self == Id::NONE
    }
}

/// An argument of a call: positional, named (`key=v`, `acks: 1`), or a
/// spread (`**conf`, `...opts`, `opts...`) when `spread` is set.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: Option<Box<str>>,
    pub value: Id,
    pub spread: bool,
}

/// The key of an entry in a map, object or initializer literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    /// A bare name: a field or property (`Acks = ..`, `RequiredAcks: ..`,
    /// JS `{ acks: 1 }` and shorthand `{ key }`).
    Name(Box<str>),
    /// An expression (`"acks": ..`, `[ACKS]: ..`, `ProducerConfig.ACKS_CONFIG to ..`).
    Expr(Id),
    /// `...base`, `**base`: every entry of another map.
    Spread,
}

/// One entry of a map/object/initializer literal. For a spread, `value`
/// is the spread map.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Key,
    pub value: Id,
    /// Byte range of the whole entry.
    pub start: u32,
    pub end: u32,
}

/// A function or lambda parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: Box<str>,
    /// The declared type as written (`ProducerFactory<K, V>`), if any.
    pub ty: Option<Box<str>>,
    /// Byte range of the parameter.
    pub start: u32,
    pub end: u32,
}

/// One arm of a [`Kind::Match`]: the pattern (lowered as an expression:
/// `Err(e)` is a call of `Err`, `_` and bindings are names), an optional
/// guard, and the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    pub pattern: Id,
    pub guard: Option<Id>,
    pub body: Id,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopKind {
    /// `for (init; cond; update)` and `while`: the loop variable, if any,
    /// changes every turn.
    Counted,
    /// `for x in xs`, `for (T x : xs)`, `for _, x := range xs`, `foreach`.
    Each,
    /// `while`/`loop`/`for {}` without an element.
    While,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassKind {
    Class,
    Interface,
    Enum,
    /// Kotlin/Scala `object`, companion objects.
    Object,
    Struct,
}

/// What a node is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    // Literals. `Str` holds the decoded value.
    Str(Box<str>),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
    /// An interpolated string (`f"{x}"`, `` `${x}` ``, `"$x"`): parts are
    /// `Str` pieces and expressions.
    Template(Vec<Id>),

    /// An identifier (`this`/`self` are `Name("this")`).
    Name(Box<str>),
    /// `obj.name`, `obj?.name`, `Type::name`, `pkg.Name`.
    Member {
        obj: Id,
        name: Box<str>,
    },
    /// `obj[index]`.
    Index {
        obj: Id,
        index: Id,
    },
    /// `func(args)`: `func` is a `Name` or a `Member` (method call). A
    /// Kotlin/Scala trailing lambda is the last argument.
    Call {
        func: Id,
        args: Vec<Arg>,
    },
    /// `new T(args) { body }` (Java, C#, JS, Scala), or a composite /
    /// struct literal `T{..}` (Go, Rust) with its fields in `init`. `ty`
    /// is the simple type name (`KafkaProducer`), `path` as written
    /// (`kafka.Writer`, `org.x.KafkaProducer<K, V>` without generics).
    New {
        ty: Box<str>,
        path: Box<str>,
        args: Vec<Arg>,
        /// Object or collection initializer (`{ Acks = .. }`, `{"a", "b"}`).
        init: Option<Id>,
        /// Anonymous class body or double-brace initializer block.
        body: Option<Id>,
    },
    /// A map/object/dict/initializer literal.
    Object(Vec<Entry>),
    /// A list/array/tuple/set literal.
    List(Vec<Id>),
    /// A lambda, closure, anonymous function or block literal.
    Lambda {
        params: Vec<Param>,
        body: Id,
    },
    /// A binary operation; `op` as written (`+`, `%`, `==`, `&&`, `to`, `->`).
    Binary {
        op: Box<str>,
        l: Id,
        r: Id,
    },
    /// A prefix or postfix operation (`!x`, `-x`, `&x`, `*x`).
    Unary {
        op: Box<str>,
        e: Id,
    },
    /// `await x`, `x.await` (Rust), `yield from x`.
    Await(Id),
    /// `c ? a : b`, `a if c else b`, `if c then a else b` as an expression.
    Cond {
        c: Id,
        a: Id,
        b: Id,
    },
    /// `target = value` or `target op= value`.
    Assign {
        target: Id,
        value: Id,
        op: Option<Box<str>>,
    },
    /// `x++`, `x--`.
    Update(Id),
    /// `...x`, `*x`, `**x`, `x...` in a call or literal.
    Spread(Id),
    /// A cast or type assertion: the value as is.
    Cast(Id),

    // Statements and declarations.
    Block(Vec<Id>),
    /// A declaration of one or more names (a tuple/destructuring pattern
    /// gives several). `constant`: `final`, `const`, `val`, `readonly`,
    /// `static final`. `field`: a class member. `static_`: a static member
    /// (or a module/package-level variable).
    Let {
        names: Vec<Box<str>>,
        ty: Option<Box<str>>,
        value: Option<Id>,
        constant: bool,
        field: bool,
        static_: bool,
    },
    If {
        cond: Id,
        then: Id,
        else_: Option<Id>,
    },
    Loop {
        kind: LoopKind,
        /// The element or counter variable(s).
        vars: Vec<Box<str>>,
        /// Declared type of the element variable, if written.
        var_ty: Option<Box<str>>,
        /// The iterated collection (`Each`) or the condition.
        iter: Option<Id>,
        /// For `Counted`: the init/update parts (so counters are not constants).
        header: Vec<Id>,
        body: Id,
    },
    /// `match v { P => .. }` (Rust, Scala, Kotlin `when`, Python `match`),
    /// `if let P = v { .. } else { .. }`: the value and its arms in order.
    Match {
        value: Id,
        arms: Vec<Arm>,
    },
    Try {
        body: Id,
        /// (caught variable, handler block)
        catches: Vec<(Option<Box<str>>, Id)>,
        finally: Option<Id>,
    },
    /// A resource scope: try-with-resources, Python `with`, C# `using`,
    /// (`name`, value) pairs, then the body.
    With {
        items: Vec<(Option<Box<str>>, Id)>,
        body: Id,
    },
    Return(Option<Id>),
    Throw(Id),
    /// A function, method or constructor. `annotations` hold the simple
    /// names of annotations/decorators/attributes (`KafkaListener`,
    /// `app.route` → `route`), `decorators` their full call nodes.
    Func {
        name: Option<Box<str>>,
        params: Vec<Param>,
        body: Id,
        annotations: Vec<Box<str>>,
        decorators: Vec<Id>,
        /// Return type as written.
        returns: Option<Box<str>>,
        /// `async` function.
        is_async: bool,
        /// Declared inside a class (a method or constructor).
        method: bool,
    },
    Class {
        name: Box<str>,
        kind: ClassKind,
        /// Superclass and interfaces, simple names.
        bases: Vec<Box<str>>,
        annotations: Vec<Box<str>>,
        body: Id,
    },
    /// `import a.b.C`, `from x import y as z`, `import {a} from 'm'`,
    /// `const x = require('m')` is lowered as a `Let` of a `Call`.
    /// `path` is the module/package; `names` the (local name, imported name).
    Import {
        path: Box<str>,
        names: Vec<(Box<str>, Box<str>)>,
    },
    /// Go `defer f()`.
    Defer(Id),
    /// Go `go f()`: the call runs concurrently.
    Spawn(Id),
    /// Go `ch <- v`.
    ChanSend {
        ch: Id,
        value: Id,
    },
    /// An expression used as a statement.
    Expr(Id),
    /// Something the lowering does not model; its children are kept (so
    /// walks still see calls inside it).
    Other(Vec<Id>),
}

/// A node: what it is, where it is, and its parent.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub start: u32,
    pub end: u32,
    pub parent: Id,
}

/// One lowered file.
pub struct Ir<'t> {
    pub text: &'t str,
    pub nodes: Vec<Node>,
    pub root: Id,
    /// Byte ranges of comments (for suppressions and gates).
    pub comments: Vec<(u32, u32)>,
    /// The file's package or namespace, when the language declares one.
    pub package: Option<String>,
    /// Byte ranges the parser could not read (error and missing nodes).
    pub errors: Vec<(u32, u32)>,
    /// The parse had errors: facts may be partial.
    pub has_errors: bool,
    /// Some code was nested deeper than the lowering goes and was skipped.
    pub too_deep: bool,
}

impl<'t> Ir<'t> {
    pub fn node(&self, id: Id) -> &Node {
        &self.nodes[id.0 as usize]
    }

    pub fn kind(&self, id: Id) -> &Kind {
        &self.node(id).kind
    }

    pub fn parent(&self, id: Id) -> Option<Id> {
        let p = self.node(id).parent;
        (!p.is_none()).then_some(p)
    }

    /// The source text of a node.
    pub fn text(&self, id: Id) -> &'t str {
        let n = self.node(id);
        self.text
            .get(n.start as usize..n.end as usize)
            .unwrap_or("")
    }

    /// Ancestors of `id`, nearest first, each with the child on the way.
    pub fn ancestors(&self, id: Id) -> Ancestors<'_, 't> {
        Ancestors { ir: self, cur: id }
    }

    /// The direct children of a node, in source order.
    pub fn children(&self, id: Id) -> Vec<Id> {
        let mut out = Vec::new();
        self.for_children(id, |c| out.push(c));
        out
    }

    /// Calls `f` on each direct child.
    pub fn for_children(&self, id: Id, mut f: impl FnMut(Id)) {
        let mut push = |c: Id| {
            if !c.is_none() {
                f(c)
            }
        };
        match self.kind(id) {
            Kind::Str(_)
            | Kind::Int(_)
            | Kind::Float(_)
            | Kind::Bool(_)
            | Kind::Null
            | Kind::Name(_)
            | Kind::Import { .. } => {}
            Kind::Template(parts) => parts.iter().for_each(|p| push(*p)),
            Kind::Member { obj, .. } => push(*obj),
            Kind::Index { obj, index } => {
                push(*obj);
                push(*index)
            }
            Kind::Call { func, args } => {
                push(*func);
                args.iter().for_each(|a| push(a.value));
            }
            Kind::New {
                args, init, body, ..
            } => {
                args.iter().for_each(|a| push(a.value));
                if let Some(i) = init {
                    push(*i)
                }
                if let Some(b) = body {
                    push(*b)
                }
            }
            Kind::Object(entries) => {
                for e in entries {
                    if let Key::Expr(k) = e.key {
                        push(k)
                    }
                    push(e.value)
                }
            }
            Kind::List(items) | Kind::Block(items) | Kind::Other(items) => {
                items.iter().for_each(|i| push(*i))
            }
            Kind::Lambda { body, .. } => push(*body),
            Kind::Binary { l, r, .. } => {
                push(*l);
                push(*r)
            }
            Kind::Unary { e, .. }
            | Kind::Await(e)
            | Kind::Update(e)
            | Kind::Spread(e)
            | Kind::Cast(e)
            | Kind::Throw(e)
            | Kind::Defer(e)
            | Kind::Spawn(e)
            | Kind::Expr(e) => push(*e),
            Kind::Cond { c, a, b } => {
                push(*c);
                push(*a);
                push(*b)
            }
            Kind::Assign { target, value, .. } => {
                push(*target);
                push(*value)
            }
            Kind::Let { value, .. } => {
                if let Some(v) = value {
                    push(*v)
                }
            }
            Kind::If { cond, then, else_ } => {
                push(*cond);
                push(*then);
                if let Some(e) = else_ {
                    push(*e)
                }
            }
            Kind::Loop {
                iter, header, body, ..
            } => {
                header.iter().for_each(|h| push(*h));
                if let Some(i) = iter {
                    push(*i)
                }
                push(*body)
            }
            Kind::Match { value, arms } => {
                push(*value);
                for a in arms {
                    push(a.pattern);
                    if let Some(g) = a.guard {
                        push(g)
                    }
                    push(a.body)
                }
            }
            Kind::Try {
                body,
                catches,
                finally,
            } => {
                push(*body);
                catches.iter().for_each(|(_, b)| push(*b));
                if let Some(f) = finally {
                    push(*f)
                }
            }
            Kind::With { items, body } => {
                items.iter().for_each(|(_, v)| push(*v));
                push(*body)
            }
            Kind::Return(v) => {
                if let Some(v) = v {
                    push(*v)
                }
            }
            Kind::Func {
                body, decorators, ..
            } => {
                decorators.iter().for_each(|d| push(*d));
                push(*body)
            }
            Kind::Class { body, .. } => push(*body),
            Kind::ChanSend { ch, value } => {
                push(*ch);
                push(*value)
            }
        }
    }

    /// Pre-order walk of `root`'s subtree with an explicit stack (no
    /// recursion). `f` returns whether to descend into the node.
    pub fn walk(&self, root: Id, mut f: impl FnMut(Id) -> bool) {
        let mut stack = vec![root];
        let mut kids = Vec::new();
        while let Some(n) = stack.pop() {
            if !f(n) {
                continue;
            }
            kids.clear();
            self.for_children(n, |c| kids.push(c));
            stack.extend(kids.iter().rev());
        }
    }

    /// Every node of `root`'s subtree (root included) matching `pred`.
    pub fn find_all(&self, root: Id, mut pred: impl FnMut(Id) -> bool) -> Vec<Id> {
        let mut out = Vec::new();
        self.walk(root, |n| {
            if pred(n) {
                out.push(n);
            }
            true
        });
        out
    }

    /// Whether `inner` lies inside `outer` (or is it).
    pub fn contains(&self, outer: Id, inner: Id) -> bool {
        let (o, i) = (self.node(outer), self.node(inner));
        o.start <= i.start && i.end <= o.end
    }

    /// Whether a node overlaps a part of the file the parser could not read.
    pub fn touches_error(&self, id: Id) -> bool {
        let n = self.node(id);
        self.errors.iter().any(|(s, e)| *s < n.end && n.start < *e)
    }

    /// The first of several results returned together (Go's `return cfg,
    /// nil`, lowered as `Other` of the results), else the value itself.
    pub fn first_result(&self, v: Id) -> Id {
        match self.kind(self.strip(v)) {
            Kind::Other(items)
                if items.len() > 1
                    && self
                        .parent(v)
                        .is_some_and(|p| matches!(self.kind(p), Kind::Return(_))) =>
            {
                items[0]
            }
            _ => v,
        }
    }

    /// Strips casts: `(short) 3` → `3`.
    pub fn strip(&self, mut id: Id) -> Id {
        for _ in 0..32 {
            match self.kind(id) {
                Kind::Cast(inner) => id = *inner,
                _ => break,
            }
        }
        id
    }

    /// The name of a `Name` node.
    pub fn name(&self, id: Id) -> Option<&str> {
        match self.kind(self.strip(id)) {
            Kind::Name(n) => Some(n),
            _ => None,
        }
    }

    /// The dotted path of a name or member chain: `a.b.C` → `a.b.C`;
    /// `None` when it contains calls or other expressions.
    pub fn path(&self, id: Id) -> Option<String> {
        let id = self.strip(id);
        match self.kind(id) {
            Kind::Name(n) => Some(n.to_string()),
            Kind::Member { obj, name } => {
                let base = self.path(*obj)?;
                Some(format!("{base}.{name}"))
            }
            _ => None,
        }
    }

    /// The last segment of a name or member: `a.b.C` → `C`, `f()` → `f`'s name.
    pub fn last_name(&self, id: Id) -> Option<&str> {
        match self.kind(self.strip(id)) {
            Kind::Name(n) => Some(n),
            Kind::Member { name, .. } => Some(name),
            Kind::Call { func, .. } => self.last_name(*func),
            _ => None,
        }
    }

    /// For a call: (receiver, method name); the receiver is `None` for a
    /// plain function call.
    pub fn call_parts(&self, id: Id) -> Option<(Option<Id>, &str, &[Arg])> {
        match self.kind(id) {
            Kind::Call { func, args } => match self.kind(*func) {
                Kind::Name(n) => Some((None, n, args)),
                Kind::Member { obj, name } => Some((Some(*obj), name, args)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The arguments of a call or `new`.
    pub fn args(&self, id: Id) -> &[Arg] {
        match self.kind(id) {
            Kind::Call { args, .. } | Kind::New { args, .. } => args,
            _ => &[],
        }
    }

    /// Positional arguments only (named and spread ones left out).
    pub fn positional(&self, id: Id) -> Vec<Id> {
        self.args(id)
            .iter()
            .filter(|a| a.name.is_none() && !a.spread)
            .map(|a| a.value)
            .collect()
    }

    /// A named (keyword) argument.
    pub fn named_arg(&self, id: Id, name: &str) -> Option<Id> {
        self.args(id)
            .iter()
            .find(|a| a.name.as_deref() == Some(name))
            .map(|a| a.value)
    }

    /// The enclosing function (or lambda when `through_lambdas` is false).
    pub fn enclosing_func(&self, id: Id, through_lambdas: bool) -> Option<Id> {
        for (a, _) in self.ancestors(id) {
            match self.kind(a) {
                Kind::Func { .. } => return Some(a),
                Kind::Lambda { .. } if !through_lambdas => return Some(a),
                Kind::Class { .. } => return None,
                _ => {}
            }
        }
        None
    }
}

/// Iterator over `(ancestor, child on the way)`.
pub struct Ancestors<'a, 't> {
    ir: &'a Ir<'t>,
    cur: Id,
}

impl Iterator for Ancestors<'_, '_> {
    type Item = (Id, Id);
    fn next(&mut self) -> Option<(Id, Id)> {
        let p = self.ir.parent(self.cur)?;
        let child = self.cur;
        self.cur = p;
        Some((p, child))
    }
}

impl fmt::Debug for Ir<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // An indented dump, for tests and debugging.
        let mut out = String::new();
        let mut stack = vec![(self.root, 0usize)];
        while let Some((id, depth)) = stack.pop() {
            let k = match self.kind(id) {
                Kind::Str(s) => format!("Str({s:?})"),
                Kind::Name(n) => format!("Name({n})"),
                Kind::Member { name, .. } => format!("Member(.{name})"),
                Kind::Int(i) => format!("Int({i})"),
                Kind::Call { args, .. } => format!("Call[{}]", args.len()),
                Kind::New { ty, .. } => format!("New({ty})"),
                Kind::Let { names, .. } => format!("Let({names:?})"),
                Kind::Func { name, .. } => format!("Func({name:?})"),
                Kind::Class { name, .. } => format!("Class({name})"),
                other => {
                    let s = format!("{other:?}");
                    s.split(['(', ' ', '{']).next().unwrap_or("").to_string()
                }
            };
            out.push_str(&format!("{}{k}\n", "  ".repeat(depth)));
            let kids = self.children(id);
            for c in kids.into_iter().rev() {
                stack.push((c, depth + 1));
            }
        }
        f.write_str(&out)
    }
}
