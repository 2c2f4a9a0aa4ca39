//! The lowering toolkit: what every language's mapping from tree-sitter to
//! the IR needs, written once. A language module (`syntax/<lang>.rs`) is a
//! `match` from its node kinds to IR constructs built with these helpers;
//! anything it does not map becomes [`Kind::Other`] with its children kept.

use super::ir::{Arg, Entry, Id, Ir, Key, Kind, LoopKind, Node, Param};
use crate::frontend::code::field::Fields;
use tree_sitter::Node as TsNode;

/// Nodes nested deeper than this are not lowered: no real producer code
/// nests this far, and the cap keeps recursion bounded on hostile input.
pub const MAX_DEPTH: usize = 256;

/// A language mapping: lowers one tree-sitter node (and its subtree).
pub type LowerFn = fn(&mut Lower<'_>, TsNode<'_>, Id) -> Id;

/// Builds an [`Ir`] from a tree-sitter tree.
pub struct Lower<'t> {
    pub text: &'t str,
    nodes: Vec<Node>,
    comments: Vec<(u32, u32)>,
    errors: Vec<(u32, u32)>,
    /// The package or namespace the file declares.
    pub package: Option<String>,
    /// A name that stands for the current object in the code being
    /// lowered (Go's method receiver): the mapping lowers it as `this`.
    pub this_alias: Option<String>,
    depth: usize,
    too_deep: bool,
    lang: LowerFn,
    /// Node kinds that are comments in this language.
    comment_kinds: &'static [&'static str],
}

impl<'t> Lower<'t> {
    pub fn run(
        tree: &tree_sitter::Tree,
        text: &'t str,
        lang: LowerFn,
        comment_kinds: &'static [&'static str],
    ) -> Ir<'t> {
        let mut l = Lower {
            text,
            nodes: Vec::with_capacity(text.len() / 8),
            comments: Vec::new(),
            errors: Vec::new(),
            package: None,
            this_alias: None,
            depth: 0,
            too_deep: false,
            lang,
            comment_kinds,
        };
        let root_ts = tree.root_node();
        let root = l.node(root_ts, Id::NONE);
        Ir {
            text,
            nodes: l.nodes,
            root,
            comments: l.comments,
            package: l.package,
            errors: l.errors,
            has_errors: root_ts.has_error(),
            too_deep: l.too_deep,
        }
    }

    /// Lowers `n` under `parent` through the language mapping.
    pub fn node(&mut self, n: TsNode<'_>, parent: Id) -> Id {
        if self.depth >= MAX_DEPTH {
            self.too_deep = true;
            return self.leaf(n, parent, Kind::Other(Vec::new()));
        }
        if n.is_error() || n.is_missing() {
            self.errors
                .push((n.start_byte() as u32, n.end_byte() as u32));
        }
        self.depth += 1;
        // Deep trees recurse deeply: grow the stack on demand rather than
        // rely on the caller's thread having a large one.
        let id = stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || (self.lang)(self, n, parent));
        self.depth -= 1;
        id
    }

    /// Lowers an optional node.
    pub fn opt(&mut self, n: Option<TsNode<'_>>, parent: Id) -> Option<Id> {
        n.map(|n| self.node(n, parent))
    }

    /// Lowers the child in `field`, if any.
    /// Finishes a C-style `for (init; condition; update) body` loop
    /// reserved as `id`: `vars` are the names its initializer declares and
    /// `header` the lowered initializers; the `update_field` children (so
    /// counters are not taken for constants), the `condition` and the
    /// `body` are lowered here.
    pub fn counted_loop(
        &mut self,
        n: TsNode<'_>,
        id: Id,
        vars: Vec<Box<str>>,
        mut header: Vec<Id>,
        update_field: &str,
    ) -> Id {
        let mut c = n.walk();
        let updates: Vec<TsNode<'_>> = n.children_by_field_name(update_field, &mut c).collect();
        for u in updates {
            header.push(self.node(u, id));
        }
        let iter = self.field(n, "condition", id);
        let body = self.field(n, "body", id).unwrap_or(Id::NONE);
        self.set(
            id,
            Kind::Loop {
                kind: LoopKind::Counted,
                vars,
                var_ty: None,
                iter,
                header,
                body,
            },
        )
    }

    pub fn field(&mut self, n: TsNode<'_>, field: &'static str, parent: Id) -> Option<Id> {
        let c = self.child(n, field)?;
        Some(self.node(c, parent))
    }

    /// The child of `n` in `field` (see [`Fields`]).
    pub fn child<'n>(&self, n: TsNode<'n>, field: &'static str) -> Option<TsNode<'n>> {
        n.field(field)
    }

    /// Reserves a node for `n` so that its children can name it as parent;
    /// fill it with [`Lower::set`].
    pub fn reserve(&mut self, n: TsNode<'_>, parent: Id) -> Id {
        self.reserve_range(n.start_byte() as u32, n.end_byte() as u32, parent)
    }

    pub fn reserve_range(&mut self, start: u32, end: u32, parent: Id) -> Id {
        let id = Id(self.nodes.len() as u32);
        self.nodes.push(Node {
            kind: Kind::Other(Vec::new()),
            start,
            end,
            parent,
        });
        id
    }

    /// The parent given to a node.
    pub fn parent_of(&self, id: Id) -> Id {
        self.nodes[id.0 as usize].parent
    }

    /// The byte range given to a node.
    pub fn range_of(&self, id: Id) -> (u32, u32) {
        let n = &self.nodes[id.0 as usize];
        (n.start, n.end)
    }

    /// The kind given to a node so far.
    pub fn kind_of(&self, id: Id) -> &Kind {
        &self.nodes[id.0 as usize].kind
    }

    /// The kind of a node already lowered, to adjust it.
    pub fn kind_mut(&mut self, id: Id) -> &mut Kind {
        &mut self.nodes[id.0 as usize].kind
    }

    pub fn set(&mut self, id: Id, kind: Kind) -> Id {
        self.nodes[id.0 as usize].kind = kind;
        id
    }

    /// A node without children.
    pub fn leaf(&mut self, n: TsNode<'_>, parent: Id, kind: Kind) -> Id {
        let id = self.reserve(n, parent);
        self.set(id, kind)
    }

    /// Reparents an already lowered node (used when a construct is
    /// rebuilt around children lowered earlier).
    pub fn adopt(&mut self, child: Id, parent: Id) {
        if !child.is_none() {
            self.nodes[child.0 as usize].parent = parent;
        }
    }

    pub fn text_of(&self, n: TsNode<'_>) -> &'t str {
        self.text.get(n.byte_range()).unwrap_or("")
    }

    pub fn field_text(&self, n: TsNode<'_>, field: &'static str) -> Option<&'t str> {
        self.child(n, field).map(|c| self.text_of(c))
    }

    pub fn is_comment(&self, n: TsNode<'_>) -> bool {
        self.comment_kinds.contains(&n.kind())
    }

    /// Named children, comments recorded and skipped.
    pub fn named_children<'a>(&mut self, n: TsNode<'a>) -> Vec<TsNode<'a>> {
        let mut c = n.walk();
        let mut out = Vec::new();
        for k in n.named_children(&mut c) {
            if self.is_comment(k) {
                self.comments
                    .push((k.start_byte() as u32, k.end_byte() as u32));
            } else {
                out.push(k);
            }
        }
        out
    }

    /// Lowers every named child under `parent` (comments recorded and
    /// skipped), walking the children once without collecting them first.
    pub fn lower_children(&mut self, n: TsNode<'_>, parent: Id) -> Vec<Id> {
        let mut c = n.walk();
        let mut out = Vec::with_capacity(n.named_child_count());
        for k in n.named_children(&mut c) {
            if self.is_comment(k) {
                self.comment(k);
            } else {
                out.push(self.node(k, parent));
            }
        }
        out
    }

    /// An unmodelled node with its named children lowered.
    pub fn other(&mut self, n: TsNode<'_>, parent: Id) -> Id {
        let id = self.reserve(n, parent);
        let kids = self.lower_children(n, id);
        self.set(id, Kind::Other(kids))
    }

    /// A block of statements from the named children.
    pub fn block(&mut self, n: TsNode<'_>, parent: Id) -> Id {
        let id = self.reserve(n, parent);
        let kids = self.lower_children(n, id);
        self.set(id, Kind::Block(kids))
    }

    /// A transparent wrapper (parentheses, expression statements that need
    /// no node of their own): lowers the first named child in its place.
    pub fn transparent(&mut self, n: TsNode<'_>, parent: Id) -> Id {
        match self.named_children(n).into_iter().next() {
            Some(inner) => self.node(inner, parent),
            None => self.leaf(n, parent, Kind::Other(Vec::new())),
        }
    }

    /// A binary operation from the `left`, `right` and `operator` fields
    /// (the field names of the C-family grammars).
    pub fn binary(&mut self, n: TsNode<'_>, parent: Id) -> Id {
        let id = self.reserve(n, parent);
        let l = self.field(n, "left", id).unwrap_or(Id::NONE);
        let r = self.field(n, "right", id).unwrap_or(Id::NONE);
        let op = self.field_text(n, "operator").unwrap_or("").into();
        self.set(id, Kind::Binary { op, l, r })
    }

    /// A node wrapping its first named child (`x++`, `throw e`, `go f()`):
    /// `make` builds its kind from the lowered child.
    pub fn wrap_first(&mut self, n: TsNode<'_>, parent: Id, make: fn(Id) -> Kind) -> Id {
        let id = self.reserve(n, parent);
        let child = self
            .lower_children(n, id)
            .into_iter()
            .next()
            .unwrap_or(Id::NONE);
        self.set(id, make(child))
    }

    /// `Kind::Name` from the node's text.
    pub fn name(&mut self, n: TsNode<'_>, parent: Id) -> Id {
        let t = self.text_of(n);
        self.leaf(n, parent, Kind::Name(t.into()))
    }

    /// A `Member` node of `obj` (already lowered, reparented here).
    pub fn member_of(&mut self, n: TsNode<'_>, parent: Id, obj: Id, name: &str) -> Id {
        let id = self.reserve(n, parent);
        self.adopt(obj, id);
        self.set(
            id,
            Kind::Member {
                obj,
                name: name.into(),
            },
        )
    }

    /// Positional arguments from an argument-list node.
    pub fn positional_args(&mut self, list: Option<TsNode<'_>>, parent: Id) -> Vec<Arg> {
        let Some(list) = list else {
            return Vec::new();
        };
        self.lower_children(list, parent)
            .into_iter()
            .map(|value| Arg {
                name: None,
                value,
                spread: false,
            })
            .collect()
    }

    pub fn param(&self, name: &str, ty: Option<&str>, n: TsNode<'_>) -> Param {
        Param {
            name: name.into(),
            ty: ty.map(Into::into),
            start: n.start_byte() as u32,
            end: n.end_byte() as u32,
        }
    }

    pub fn entry(&self, key: Key, value: Id, n: TsNode<'_>) -> Entry {
        Entry {
            key,
            value,
            start: n.start_byte() as u32,
            end: n.end_byte() as u32,
        }
    }

    /// Records a comment range found outside of `named_children`.
    pub fn comment(&mut self, n: TsNode<'_>) {
        self.comments
            .push((n.start_byte() as u32, n.end_byte() as u32));
    }
}

/// `KafkaProducer<String, String>` → `KafkaProducer`; `a.b.C<T>` → `a.b.C`;
/// `List[Order]` → `List`.
pub fn strip_generics(t: &str) -> &str {
    let t = t.trim();
    let cut = t.find(['<', '[']).unwrap_or(t.len());
    t[..cut].trim()
}

/// The simple name of a type path: `org.x.KafkaProducer<K, V>` → `KafkaProducer`,
/// `kafka::Writer` → `Writer`, `*kafka.Writer` → `Writer`.
pub fn simple_type(t: &str) -> &str {
    let t = strip_generics(t).trim_start_matches(['*', '&']);
    let t = t.trim_start_matches("mut ").trim();
    t.rsplit(['.', ':']).next().unwrap_or(t)
}

/// Decodes the body of a C-style quoted string (`\n`, `\t`, `\"`, `\\`,
/// `\uXXXX`); other escapes keep their character.
pub fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => out.push_str(&hex),
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Strips one layer of matching quotes (`"…"`, `'…'`, `` `…` ``, and
/// triple quotes) and returns the body.
pub fn unquote(raw: &str) -> &str {
    for q in ["\"\"\"", "'''"] {
        if raw.len() >= 6 && raw.starts_with(q) && raw.ends_with(q) {
            return &raw[3..raw.len() - 3];
        }
    }
    let b = raw.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'"' | b'\'' | b'`') && b[b.len() - 1] == b[0] {
        return &raw[1..raw.len() - 1];
    }
    raw
}

/// Parses an integer literal in the usual C-family spellings: `1_000`,
/// `0x1F`, `0b101`, `0o17`, `017`, suffixes `L`, `u32`, `i64`, `UL`.
pub fn parse_int(text: &str) -> Option<i64> {
    let t: String = text.chars().filter(|c| *c != '_').collect();
    let t = t.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r.trim()),
        None => (false, t),
    };
    let radix = |p: &str| {
        t.strip_prefix(p)
            .or_else(|| t.strip_prefix(&p.to_uppercase()))
    };
    let (digits, base) = if let Some(h) = radix("0x") {
        (h, 16)
    } else if let Some(b) = radix("0b") {
        (b, 2)
    } else if let Some(o) = radix("0o") {
        (o, 8)
    } else if t.len() > 1 && t.starts_with('0') && t.bytes().all(|c| c.is_ascii_digit()) {
        (&t[1..], 8)
    } else {
        (t, 10)
    };
    let end = digits
        .find(|c: char| !c.is_digit(base))
        .unwrap_or(digits.len());
    let (num, suffix) = digits.split_at(end);
    let suffix_ok = suffix.is_empty()
        || suffix
            .trim_start_matches(['u', 'U', 'i', 'l', 'L', 'n', 'm', 'M'])
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b'l' || c == b'L' || c == b'z' || c == b'e');
    if num.is_empty() || !suffix_ok {
        return None;
    }
    let v = i64::from_str_radix(num, base).ok()?;
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_in_every_spelling() {
        assert_eq!(parse_int("16_384"), Some(16384));
        assert_eq!(parse_int("0x10"), Some(16));
        assert_eq!(parse_int("0b11"), Some(3));
        assert_eq!(parse_int("010"), Some(8));
        assert_eq!(parse_int("0o17"), Some(15));
        assert_eq!(parse_int("5L"), Some(5));
        assert_eq!(parse_int("5u32"), Some(5));
        assert_eq!(parse_int("0"), Some(0));
        assert_eq!(parse_int("-1"), Some(-1));
        assert_eq!(parse_int("1.5"), None);
        assert_eq!(parse_int("x"), None);
    }

    #[test]
    fn strings_and_types() {
        assert_eq!(unquote("\"all\""), "all");
        assert_eq!(unquote("'''x'''"), "x");
        assert_eq!(unescape("a\\\"b\\n"), "a\"b\n");
        assert_eq!(simple_type("org.x.KafkaProducer<K, V>"), "KafkaProducer");
        assert_eq!(simple_type("*kafka.Writer"), "Writer");
        assert_eq!(
            simple_type("rdkafka::producer::FutureProducer"),
            "FutureProducer"
        );
        assert_eq!(strip_generics("List[Order]"), "List");
    }
}
