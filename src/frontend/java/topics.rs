//! Topics created in code: `new NewTopic(name, partitions, (short) rf)`
//! (with chained `.configs(..)`) and `TopicBuilder.name(..)…build()`.

use super::ast::{ancestors, args, strip};
use super::Ctx;
use crate::finding::Span;
use crate::model::{BrokerSetting, TopicSpec, Value};
use tree_sitter::Node;

const MIN_ISR: &str = "min.insync.replicas";
const UNCLEAN: &str = "unclean.leader.election.enable";

impl<'a> Ctx<'a> {
    /// An integer argument, looking through `Optional.of(..)`;
    /// `Optional.empty()` means the broker default (unknown here).
    fn topic_int(&self, n: Node<'a>) -> (Option<i64>, Option<Span>) {
        let mut n = n;
        for _ in 0..8 {
            let s = strip(n);
            if s.kind() != "method_invocation" || self.call_object(s) != "Optional" {
                return (self.eval(s, 0).0.as_int(), Some(self.span(n)));
            }
            let a = args(s);
            match (self.call_name(s), a.first()) {
                ("of" | "ofNullable", Some(&x)) => n = x,
                _ => return (None, None),
            }
        }
        (None, None)
    }

    /// The canonical name of a topic-config key, if it is one we track.
    fn topic_key(&self, k: Node<'a>) -> Option<&'static str> {
        let k = strip(k);
        let text = self.text(k);
        let s = self.static_string(k).unwrap_or_default();
        if s == MIN_ISR || text.ends_with("MIN_IN_SYNC_REPLICAS_CONFIG") {
            Some(MIN_ISR)
        } else if s == UNCLEAN || text.ends_with("UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG") {
            Some(UNCLEAN)
        } else {
            None
        }
    }

    fn topic_config(
        &self,
        key: Node<'a>,
        value: Node<'a>,
        spec: &mut TopicSpec,
        broker: &mut Vec<BrokerSetting>,
    ) {
        match self.topic_key(key) {
            Some(MIN_ISR) => {
                spec.min_insync_replicas = self.eval(value, 0).0.as_int();
                spec.min_insync_replicas_span = Some(self.span(value));
            }
            Some(UNCLEAN) => {
                let v = self.eval(value, 0).0;
                let v = match v {
                    Value::Str(s) if s.eq_ignore_ascii_case("true") => Value::Bool(true),
                    Value::Str(s) if s.eq_ignore_ascii_case("false") => Value::Bool(false),
                    other => other,
                };
                broker.push(BrokerSetting {
                    key: UNCLEAN.to_string(),
                    value: v,
                    span: self.span(value),
                    scope: "topic",
                    local_only: false,
                });
            }
            _ => {}
        }
    }

    /// The calls chained on `n`: `n.a(..).b(..)` → `[a(..), b(..)]`.
    fn chained(&self, n: Node<'a>) -> Vec<Node<'a>> {
        let mut out = Vec::new();
        let mut cur = n;
        for (a, _) in ancestors(n).take(64) {
            match a.kind() {
                "parenthesized_expression" => cur = a,
                "method_invocation"
                    if a.child_by_field_name("object")
                        .is_some_and(|o| o.id() == cur.id()) =>
                {
                    out.push(a);
                    cur = a;
                }
                _ => break,
            }
        }
        out
    }

    fn apply_chain(
        &self,
        calls: &[Node<'a>],
        spec: &mut TopicSpec,
        broker: &mut Vec<BrokerSetting>,
    ) {
        for &c in calls {
            let a = args(c);
            match (self.call_name(c), a.as_slice()) {
                ("replicas", [r]) => {
                    let (rf, span) = self.topic_int(*r);
                    spec.replication_factor = rf;
                    spec.replication_factor_span = span;
                }
                ("config", [k, v]) => self.topic_config(*k, *v, spec, broker),
                ("configs", [m]) => {
                    let t = self.trace_map(*m, c, 0);
                    for e in &t.entries {
                        self.topic_config(e.key, e.value, spec, broker);
                    }
                }
                _ => {}
            }
        }
    }

    /// `new NewTopic(name, partitions, replicationFactor)`.
    pub(super) fn new_topic(&self, c: Node<'a>, broker: &mut Vec<BrokerSetting>) -> TopicSpec {
        let a = args(c);
        let mut spec = TopicSpec {
            name: a
                .first()
                .and_then(|n| self.static_string(*n))
                .map(crate::model::TopicName::Literal),
            local_only: false,
            replication_factor: None,
            replication_factor_span: None,
            min_insync_replicas: None,
            min_insync_replicas_span: None,
            span: self.span(c),
        };
        if a.len() == 3 {
            let (rf, span) = self.topic_int(a[2]);
            spec.replication_factor = rf;
            spec.replication_factor_span = span;
        }
        let calls = self.chained(c);
        self.apply_chain(&calls, &mut spec, broker);
        spec
    }

    /// `TopicBuilder.name(n).partitions(p).replicas(r).config(k, v)…`.
    pub(super) fn topic_builder(
        &self,
        inv: Node<'a>,
        broker: &mut Vec<BrokerSetting>,
    ) -> TopicSpec {
        let a = args(inv);
        let mut spec = TopicSpec {
            name: a
                .first()
                .and_then(|n| self.static_string(*n))
                .map(crate::model::TopicName::Literal),
            local_only: false,
            replication_factor: None,
            replication_factor_span: None,
            min_insync_replicas: None,
            min_insync_replicas_span: None,
            span: self.span(inv),
        };
        let calls = self.chained(inv);
        self.apply_chain(&calls, &mut spec, broker);
        spec
    }
}
