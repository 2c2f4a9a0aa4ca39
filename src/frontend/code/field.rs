//! Children by field name, for every grammar. Tree-sitter turns a field
//! name into its id by comparing it with each of the grammar's field names
//! in turn, on every call (several hundred instructions in a grammar with
//! many fields); the front-ends ask for a field at almost every node they
//! lower, so the id is looked up once per grammar and name, and kept.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::num::NonZeroU16;
use tree_sitter::Node;

/// Field lookups with the id cached (see the module doc).
pub trait Fields<'t> {
    /// The child in field `name`, like `Node::child_by_field_name`.
    fn field(&self, name: &'static str) -> Option<Node<'t>>;
}

impl<'t> Fields<'t> for Node<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>> {
        let id = field_id(self, name)?;
        self.child_by_field_id(id.get())
    }
}

/// A grammar's identity: its `Language` hashes the address of the grammar's
/// table, which this hasher keeps as it is.
#[derive(Default)]
struct Address(u64);

impl Hasher for Address {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = self.0.rotate_left(17) ^ n as u64;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Key = (u64, usize, usize);

thread_local! {
    static IDS: RefCell<foldhash::HashMap<Key, Option<NonZeroU16>>> = RefCell::default();
}

fn field_id(node: &Node<'_>, name: &'static str) -> Option<NonZeroU16> {
    let language = node.language();
    let mut grammar = Address::default();
    (*language).hash(&mut grammar);
    // A `&'static str`'s address and length name its text.
    let key = (grammar.finish(), name.as_ptr() as usize, name.len());
    IDS.with(|ids| {
        if let Some(id) = ids.borrow().get(&key) {
            return *id;
        }
        let id = language.field_id_for_name(name);
        ids.borrow_mut().insert(key, id);
        id
    })
}

#[cfg(test)]
mod tests {
    use super::Fields;
    use crate::frontend::code::syntax;

    #[test]
    fn fields_by_cached_id_are_the_fields_by_name_in_every_grammar() {
        let cases: [(&'static crate::frontend::code::lang::Lang, &str, &[&str]); 3] = [
            (
                &syntax::java::SPEC,
                "class A { void f() { p.send(new R(t, k, v)); } }",
                &["name", "body", "object", "arguments", "type"],
            ),
            (
                &syntax::go::SPEC,
                "package a\nfunc f() { w.WriteMessages(ctx, kafka.Message{Key: k}) }",
                &["name", "body", "function", "arguments", "operand", "type"],
            ),
            (
                &syntax::python::SPEC,
                "def f():\n    p.produce('t', key=k, value=v)\n",
                &[
                    "name",
                    "body",
                    "function",
                    "arguments",
                    "object",
                    "nonexistent",
                ],
            ),
        ];
        let mut compared = 0;
        for (lang, text, names) in cases {
            let mut parser = tree_sitter::Parser::new();
            parser
                .set_language(&(lang.language)())
                .expect("grammar loads");
            let tree = parser.parse(text, None).expect("parses");
            let mut stack = vec![tree.root_node()];
            while let Some(n) = stack.pop() {
                for name in names {
                    // Twice: the first call fills the cache, the second reads it.
                    for _ in 0..2 {
                        assert_eq!(n.field(name), n.child_by_field_name(name), "{name}");
                    }
                    compared += n.child_by_field_name(name).is_some() as u32;
                }
                let mut c = n.walk();
                stack.extend(n.children(&mut c));
            }
        }
        assert!(compared > 10);
    }
}
