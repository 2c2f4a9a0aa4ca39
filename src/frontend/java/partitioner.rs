//! Custom partitioners: classes implementing `Partitioner` whose
//! `partition(..)` maps keys to partitions in a way that is negative for
//! some keys, differs between JVMs, ignores the key, or is random.

use super::ast::{ancestors, contains, named, strip, walk, Step};
use super::Ctx;
use crate::model::{Partitioner, PartitionerIssue};
use tree_sitter::Node;

impl<'a> Ctx<'a> {
    /// Findings inside the `partition` methods of a partitioner class.
    pub(super) fn partitioner_class(&self, class: Node<'a>, out: &mut Vec<Partitioner>) {
        let Some(body) = class.child_by_field_name("body") else {
            return;
        };
        for m in named(body) {
            if m.kind() != "method_declaration"
                || m.child_by_field_name("name").map(|n| self.text(n)) != Some("partition")
            {
                continue;
            }
            let params = m
                .child_by_field_name("parameters")
                .map(named)
                .unwrap_or_default();
            if params.len() < 3 {
                continue;
            }
            let pname = |i: usize| {
                params
                    .get(i)
                    .and_then(|p| p.child_by_field_name("name"))
                    .map(|n| self.text(n))
                    .unwrap_or("")
            };
            let (key, key_bytes) = (pname(1), pname(2));
            let Some(mbody) = m.child_by_field_name("body") else {
                continue;
            };
            self.partition_method(m, mbody, key, key_bytes, out);
        }
    }

    fn partition_method(
        &self,
        method: Node<'a>,
        body: Node<'a>,
        key: &str,
        key_bytes: &str,
        out: &mut Vec<Partitioner>,
    ) {
        let mut reads_key = false;
        let mut random = false;
        let mut push = |n: Node<'a>, issue| {
            out.push(Partitioner {
                span: self.span(n),
                issue,
                expr: self.text(n).to_string(),
                library: Some(crate::model::Library::KafkaClients),
            })
        };
        walk(body, |k| {
            match k.kind() {
                "identifier" => {
                    let t = self.text(k);
                    if !t.is_empty() && (t == key || t == key_bytes) {
                        reads_key = true;
                    }
                }
                "binary_expression" => {
                    let is_mod = k
                        .child_by_field_name("operator")
                        .is_some_and(|o| self.text(o) == "%");
                    let abs_left = k
                        .child_by_field_name("left")
                        .map(strip)
                        .is_some_and(|l| self.is_call(l, "Math", &["abs"]));
                    if is_mod && abs_left {
                        push(k, PartitionerIssue::AbsModulo);
                    }
                }
                "method_invocation" => {
                    if let Some(issue) = self.unstable_hash(k) {
                        push(k, issue);
                    } else if self.is_random(k)
                        && !self.guarded_by_null_key(k, body, key, key_bytes)
                    {
                        random = true;
                        push(k, PartitionerIssue::Random);
                        return Step::Over;
                    }
                }
                "object_creation_expression"
                    if self.is_random(k) && !self.guarded_by_null_key(k, body, key, key_bytes) =>
                {
                    random = true;
                    push(k, PartitionerIssue::Random);
                    return Step::Over;
                }
                _ => {}
            }
            Step::Into
        });
        if !reads_key && !random {
            let ret = super::ast::find(body, |k| k.kind() == "return_statement")
                .and_then(|r| named(r).into_iter().next());
            let anchor = ret.or_else(|| method.child_by_field_name("name"));
            if let Some(a) = anchor {
                push(a, PartitionerIssue::IgnoresKey);
            }
        }
    }

    /// `keyBytes.hashCode()`, `System.identityHashCode(..)`,
    /// `Objects.hashCode(bytes)`, `SomeEnum.X.hashCode()`.
    fn unstable_hash(&self, inv: Node<'a>) -> Option<PartitionerIssue> {
        let name = self.call_name(inv);
        let obj = self.call_object(inv);
        let a = super::ast::args(inv);
        let text = || self.text(inv).to_string();
        if obj == "System" && name == "identityHashCode" {
            return Some(PartitionerIssue::UnstableHash(text()));
        }
        if obj == "Objects"
            && matches!(name, "hashCode" | "hash")
            && a.iter().any(|x| self.is_array(*x))
        {
            return Some(PartitionerIssue::UnstableHash(text()));
        }
        if name == "hashCode" && a.is_empty() {
            let o = strip(inv.child_by_field_name("object")?);
            if self.is_array(o) || self.is_enum_value(o) {
                return Some(PartitionerIssue::UnstableHash(text()));
            }
        }
        None
    }

    fn is_array(&self, n: Node<'a>) -> bool {
        let n = strip(n);
        if n.kind() == "array_creation_expression" {
            return true;
        }
        if n.kind() == "method_invocation" && self.call_name(n) == "getBytes" {
            return true;
        }
        self.var_name(n)
            .and_then(|v| self.lookup(v, n))
            .and_then(|d| d.ty)
            .is_some_and(|t| t.kind() == "array_type" || self.text(t).ends_with("[]"))
    }

    fn is_enum_value(&self, n: Node<'a>) -> bool {
        let n = strip(n);
        if n.kind() == "field_access" {
            let obj = n.child_by_field_name("object").map(|o| self.text(o));
            if obj.is_some_and(|o| self.enums.contains(o)) {
                return true;
            }
        }
        if let Some(d) = self.var_name(n).and_then(|v| self.lookup(v, n)) {
            if let Some(t) = d.ty {
                return self.enums.contains(self.type_name(t).as_str());
            }
        }
        false
    }

    /// Random picks only for records without a key (`if (keyBytes == null)`)
    /// are what the client itself does and stay silent.
    fn guarded_by_null_key(&self, n: Node<'a>, body: Node<'a>, key: &str, key_bytes: &str) -> bool {
        for (a, child) in ancestors(n) {
            if a.id() == body.id() {
                break;
            }
            if a.kind() == "if_statement"
                && a.child_by_field_name("consequence")
                    .is_some_and(|c| c.id() == child.id() || contains(c, n))
            {
                let cond = a
                    .child_by_field_name("condition")
                    .map(|c| self.text(c))
                    .unwrap_or("");
                let mentions = |v: &str| !v.is_empty() && cond.contains(v);
                if cond.contains("null") && (mentions(key) || mentions(key_bytes)) {
                    return true;
                }
            }
        }
        false
    }
}
