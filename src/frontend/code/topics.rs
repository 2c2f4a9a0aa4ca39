//! Topics created in code: their replication factor and the durability
//! settings given with them (`min.insync.replicas`, unclean election).

use super::api::{Api, TopicApi};
use super::config::Want;
use super::eval::{Env, Val};
use super::ir::{Id, Kind};
use super::scope::Cx;
use crate::finding::Span;
use crate::model::{BrokerSetting, TopicSpec, Value};

const MIN_ISR: &str = "min.insync.replicas";
const UNCLEAN: &str = "unclean.leader.election.enable";

impl<'a, 't> Cx<'a, 't> {
    pub fn find_topics(&self, broker: &mut Vec<BrokerSetting>, local_only: bool) -> Vec<TopicSpec> {
        let mut out = Vec::new();
        for api in self.apis.clone() {
            for t in &api.topics {
                for node in self.constructions(api, &t.name, t.form, &t.qualifier) {
                    // A call of that name whose arguments fit no layout is
                    // another API's (`CreateTopics` of another client).
                    let n = self.ir.positional(node).len();
                    let fits = t.layouts.is_empty()
                        || t.layouts.contains_key(&n.to_string())
                        || !t.keywords.is_empty();
                    if t.form == super::api::Form::Call && !fits {
                        continue;
                    }
                    // `createTopics({ topics: [{ topic, replicationFactor }] })`:
                    // one spec per object of the list.
                    if let Some(field) = &t.list_field {
                        for obj in self.listed_objects(node, field) {
                            out.push(self.object_topic_spec(obj, api, t, broker, local_only));
                        }
                        continue;
                    }
                    out.push(self.topic_spec(node, api, t, broker, local_only));
                }
            }
        }
        out.sort_by_key(|t| (t.span.start_line, t.span.start_col));
        out
    }

    /// The object literals in list field `field` of a call's options
    /// object (also through a variable holding the list).
    fn listed_objects(&self, call: Id, field: &str) -> Vec<Id> {
        let ir = self.ir;
        let Some(opts) = ir.positional(call).first().map(|a| ir.strip(*a)) else {
            return Vec::new();
        };
        let Kind::Object(entries) = ir.kind(opts) else {
            return Vec::new();
        };
        let Some(list) = entries.iter().find_map(|e| match &e.key {
            super::ir::Key::Name(n) if &**n == field => Some(ir.strip(e.value)),
            _ => None,
        }) else {
            return Vec::new();
        };
        let list = match ir.kind(list) {
            Kind::List(_) => list,
            _ => match self
                .var_name(list)
                .and_then(|n| self.lookup(n, list))
                .and_then(|d| d.value)
            {
                Some(v) => ir.strip(v),
                None => return Vec::new(),
            },
        };
        match ir.kind(list) {
            Kind::List(items) => items
                .iter()
                .map(|i| ir.strip(*i))
                .filter(|i| matches!(ir.kind(*i), Kind::Object(_)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A topic given as an object literal (`{ topic, replicationFactor,
    /// configEntries: [{ name, value }] }`).
    fn object_topic_spec(
        &self,
        obj: Id,
        api: &'static Api,
        t: &TopicApi,
        broker: &mut Vec<BrokerSetting>,
        local: bool,
    ) -> TopicSpec {
        let ir = self.ir;
        let mut spec = TopicSpec {
            name: None,
            replication_factor: None,
            replication_factor_span: None,
            min_insync_replicas: None,
            min_insync_replicas_span: None,
            span: self.span(obj),
            local_only: local,
        };
        let _ = api;
        let Kind::Object(entries) = ir.kind(obj) else {
            return spec;
        };
        for e in entries {
            let super::ir::Key::Name(n) = &e.key else {
                continue;
            };
            match t.fields.get(&**n).map(String::as_str) {
                Some("name") => spec.name = Some(self.topic_name(e.value, Env::default())),
                Some("replication") => {
                    let (rf, span) = self.topic_int(e.value, t);
                    spec.replication_factor = rf;
                    spec.replication_factor_span = span;
                }
                // `[{ name: 'min.insync.replicas', value: '2' }]`
                Some("entries") => {
                    let Kind::List(items) = ir.kind(ir.strip(e.value)) else {
                        continue;
                    };
                    for i in items {
                        let Kind::Object(kv) = ir.kind(ir.strip(*i)) else {
                            continue;
                        };
                        let get = |k: &str| {
                            kv.iter().find_map(|x| match &x.key {
                                super::ir::Key::Name(n) if &**n == k => Some(x.value),
                                _ => None,
                            })
                        };
                        let (Some(name), Some(value)) = (get("name"), get("value")) else {
                            continue;
                        };
                        if let Some(key) = self.eval(name, Env::default()).val.text() {
                            self.topic_config(&[key], value, &mut spec, broker, local);
                        }
                    }
                }
                _ => {}
            }
        }
        spec
    }

    /// An integer, looking through `Optional.of(..)`; `Optional.empty()`
    /// (and the API's broker-default values) mean the broker's default.
    fn topic_int(&self, n: Id, t: &TopicApi) -> (Option<i64>, Option<Span>) {
        let ir = self.ir;
        let mut cur = n;
        for _ in 0..8 {
            let s = ir.strip(cur);
            match ir.call_parts(s) {
                Some((Some(r), m, args)) if self.text(r) == "Optional" => match (m, args.first()) {
                    ("of" | "ofNullable", Some(a)) => cur = a.value,
                    _ => return (None, None),
                },
                Some((_, m, [a])) if t.wrappers.iter().any(|w| w == m) => cur = a.value,
                _ => {
                    let v = self.eval(s, Env::default()).val.int();
                    if v.is_some_and(|v| t.broker_default.contains(&v)) {
                        return (None, None);
                    }
                    return (v, Some(self.span(cur)));
                }
            }
        }
        (None, None)
    }

    fn topic_config(
        &self,
        key: &[String],
        value: Id,
        spec: &mut TopicSpec,
        broker: &mut Vec<BrokerSetting>,
        local: bool,
    ) {
        let is = |k: &str, c: &str| key.iter().any(|x| x == k || x.ends_with(c));
        if is(MIN_ISR, "MIN_IN_SYNC_REPLICAS_CONFIG") {
            spec.min_insync_replicas = self.eval(value, Env::default()).val.int();
            spec.min_insync_replicas_span = Some(self.span(value));
        } else if is(UNCLEAN, "UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG") {
            let v = match self.eval(value, Env::default()).val {
                Val::Bool(b) => Value::Bool(b),
                Val::Str(s) if s.eq_ignore_ascii_case("true") => Value::Bool(true),
                Val::Str(s) if s.eq_ignore_ascii_case("false") => Value::Bool(false),
                Val::Str(s) => Value::Str(s),
                _ => Value::Unknown(self.text(value).to_string()),
            };
            broker.push(BrokerSetting {
                key: UNCLEAN.to_string(),
                value: v,
                span: self.span(value),
                scope: "topic".into(),
                local_only: local,
            });
        }
    }

    /// The number of replicas in an assignment: a list literal's length,
    /// or `List.of(1, 2, 3)`/`Arrays.asList(..)`'s argument count.
    fn assignment_size(&self, a: Id) -> Option<i64> {
        let ir = self.ir;
        let a = ir.strip(a);
        match ir.kind(a) {
            Kind::List(items) => Some(items.len() as i64),
            Kind::Call { args, .. } => {
                let (_, m, _) = ir.call_parts(a)?;
                matches!(
                    m,
                    "of" | "asList" | "listOf" | "List" | "Seq" | "singletonList"
                )
                .then_some(args.len() as i64)
            }
            _ => None,
        }
    }

    fn topic_spec(
        &self,
        node: Id,
        api: &'static Api,
        t: &TopicApi,
        broker: &mut Vec<BrokerSetting>,
        local: bool,
    ) -> TopicSpec {
        let ir = self.ir;
        let mut spec = TopicSpec {
            name: None,
            replication_factor: None,
            replication_factor_span: None,
            min_insync_replicas: None,
            min_insync_replicas_span: None,
            span: self.span(node),
            local_only: local,
        };
        let args = ir.positional(node);
        let mut roles: Vec<(String, Id)> = Vec::new();
        if let Some(layout) = t.layouts.get(&args.len().to_string()) {
            roles.extend(layout.iter().cloned().zip(args.iter().copied()));
        }
        for (kw, role) in &t.keywords {
            if let Some(v) = ir.named_arg(node, kw) {
                roles.push((role.clone(), v));
            }
        }
        if let Kind::New {
            init: Some(init), ..
        } = ir.kind(node)
        {
            if let Kind::Object(entries) = ir.kind(*init) {
                for e in entries {
                    if let super::ir::Key::Name(n) = &e.key {
                        if let Some(role) = t.fields.get(&**n) {
                            roles.push((role.clone(), e.value));
                        }
                    }
                }
            }
        }
        let lib = api.lib();
        let is_named = |_: &str| false;
        let want = Want {
            setters: &api.config_setters,
            is_named_setter: &is_named,
            config_types: &api.config_types,
            passthrough: &api.config_passthrough,
        };
        let _ = lib;
        for (role, v) in &roles {
            match role.as_str() {
                "name" => spec.name = Some(self.topic_name(*v, Env::default())),
                "replication" => {
                    let (rf, span) = self.topic_int(*v, t);
                    spec.replication_factor = rf;
                    spec.replication_factor_span = span;
                }
                "assignments" => {
                    // A map of partition → replica list: the first list's size.
                    let tr = self.trace(*v, node, Env::default(), &want, 0);
                    if let Some((val, _)) = tr.entries.first().and_then(|e| e.value.clone()) {
                        if let Some(n) = self.assignment_size(val) {
                            spec.replication_factor = Some(n);
                            spec.replication_factor_span = Some(self.span(*v));
                        }
                    }
                }
                "config" | "configs" => {
                    let tr = self.trace(*v, node, Env::default(), &want, 0);
                    for e in &tr.entries {
                        if let Some((val, _)) = &e.value {
                            self.topic_config(&e.key, *val, &mut spec, broker, local);
                        }
                    }
                }
                _ => {}
            }
        }
        // Chained calls: `.replicas(3).config(k, v).configs(map)`.
        let mut cur = node;
        for (a, child) in ir.ancestors(node).take(64) {
            match ir.kind(a) {
                Kind::Member { obj, .. } if *obj == child => continue,
                Kind::Call { func, .. } if *func == child || ir.parent(child) == Some(a) => {
                    let Some((_, m, _)) = ir.call_parts(a) else {
                        break;
                    };
                    let cargs = ir.positional(a);
                    match (t.chain.get(m).map(String::as_str), cargs.as_slice()) {
                        (Some("replication"), [r]) => {
                            let (rf, span) = self.topic_int(*r, t);
                            spec.replication_factor = rf;
                            spec.replication_factor_span = span;
                        }
                        (Some("config"), [k, v]) => {
                            let key = self.key_texts(*k, Env::default());
                            self.topic_config(&key, *v, &mut spec, broker, local);
                        }
                        (Some("configs"), [mp]) => {
                            let tr = self.trace(*mp, a, Env::default(), &want, 0);
                            for e in &tr.entries {
                                if let Some((val, _)) = &e.value {
                                    self.topic_config(&e.key, *val, &mut spec, broker, local);
                                }
                            }
                        }
                        (Some("assignment"), [_, list, ..]) | (Some("assignment"), [list]) => {
                            if let Some(n) = self.assignment_size(*list) {
                                spec.replication_factor = Some(n);
                                spec.replication_factor_span = Some(self.span(*list));
                            }
                        }
                        (Some("assignments"), [mp]) => {
                            let tr = self.trace(*mp, a, Env::default(), &want, 0);
                            if let Some((val, _)) = tr.entries.first().and_then(|e| e.value.clone())
                            {
                                if let Some(n) = self.assignment_size(val) {
                                    spec.replication_factor = Some(n);
                                    spec.replication_factor_span = Some(self.span(*mp));
                                }
                            }
                        }
                        _ => {}
                    }
                    cur = a;
                }
                _ => break,
            }
        }
        let _ = cur;
        spec
    }
}
