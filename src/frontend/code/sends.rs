//! Sends: calls that send records through a producer handle — the record's
//! key, partition, topic and value, how the result is waited for, whether
//! a failure can be seen, and whether the payload is an entity.

use super::api::{Api, RecordApi, SendApi};
use super::eval::{Env, Val};
use super::ir::{Id, Key, Kind};
use super::producers::Found;
use super::scope::{Cx, DeclKind};
use crate::model::{KeyKind, Observation, PendingTransaction, Send, TopicName, Wait};

/// The parts of a record found in a send or a record construction.
#[derive(Default, Clone, Copy)]
struct Parts {
    topic: Option<Id>,
    key: Option<Id>,
    /// The record or send carries no key at all (a layout without one).
    keyless: bool,
    partition: Option<Id>,
    value: Option<Id>,
    callback: Option<Id>,
    /// Where the record is written (for a key finding on a keyless record).
    record: Option<Id>,
    /// The send call sends several records (a spread, or more than one record).
    batch: bool,
    /// The record argument when it is a variable holding a record built
    /// in this function (its fields may be set after construction).
    record_var: Option<Id>,
    /// The record's timestamp, when it sets one.
    timestamp: Option<Id>,
    /// The send's options object (kafkajs `send({ topic, messages, acks })`),
    /// whose `setting` fields are per-send settings.
    options: Option<Id>,
}

/// Words in a name that say it holds a domain entity.
const ENTITY_NOUNS: &[&str] = &[
    "order",
    "user",
    "customer",
    "payment",
    "account",
    "transaction",
    "item",
    "invoice",
    "shipment",
    "product",
    "purchase",
    "booking",
    "cart",
    "reservation",
    "subscription",
    "device",
    "member",
    "employee",
    "patient",
    "ticket",
    "profile",
    "inventory",
    "balance",
    "trade",
    "position",
    "policy",
    "claim",
    "loan",
    "delivery",
    "vehicle",
    "driver",
];

fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in name.chars() {
        if c == '_' || c == '-' || c == '.' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else if c.is_uppercase() && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            cur.push(c.to_ascii_lowercase());
        } else {
            cur.push(c.to_ascii_lowercase());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// True when a name says it holds a domain entity (`order`, `newUsers`).
pub fn entity_name(name: &str) -> bool {
    words(name).iter().any(|w| {
        ENTITY_NOUNS.contains(&w.as_str())
            || w.strip_suffix('s')
                .is_some_and(|s| ENTITY_NOUNS.contains(&s))
    })
}

impl<'a, 't> Cx<'a, 't> {
    /// Every send in the file on a producer handle.
    pub fn find_sends(&self, found: &[Found<'static>]) -> Vec<Send> {
        let mut out: Vec<(Id, Send)> = Vec::new();
        for api in self.apis.clone() {
            for s in &api.sends {
                for call in self.calls.get(s.method.as_str()).into_iter().flatten() {
                    // `producer.Input() <- msg`: the channel send is the send.
                    if s.channel {
                        let Some(cs) = self.ir.parent(*call) else {
                            continue;
                        };
                        let Kind::ChanSend { ch, .. } = self.ir.kind(cs) else {
                            continue;
                        };
                        if *ch != *call {
                            continue;
                        }
                    }
                    if let Some(send) = self.send(*call, api, s, found) {
                        out.push((*call, send));
                    }
                }
            }
        }
        out.sort_by_key(|(_, s)| (s.span.start_line, s.span.start_col));
        out.dedup_by(|a, b| a.1.span == b.1.span);
        // A delivery callback set in the producer's config serves the
        // sends that give none of their own.
        for (_, s) in &mut out {
            let Some(f) = s.producer.and_then(|i| found.get(i)) else {
                continue;
            };
            let set = |k: &String| f.producer.config.get(k).is_some();
            if s.observation == Observation::Dropped && f.api.default_callback_keys.iter().any(set)
            {
                s.observation = Observation::Callback;
            }
        }
        self.mark_lost_at_close(found, &mut out);
        out.into_iter().map(|(_, s)| s).collect()
    }

    /// Sends whose key or explicit partition is computed with a hash
    /// salted per process (Python's `hash(user_id)`): the same entity gets
    /// a different key or partition in each producer process.
    pub fn salted_hash_sends(&self, found: &[Found<'static>]) -> Vec<crate::model::Partitioner> {
        let mut out = Vec::new();
        // Only sends with keyword arguments name their partition this way
        // (sends of the other languages' tables put it in a record).
        if self.lang.salted_hashes().is_empty() {
            return out;
        }
        let ir = self.ir;
        for api in self.apis.clone() {
            for s in &api.sends {
                for call in self.calls.get(s.method.as_str()).into_iter().flatten() {
                    let Some((Some(recv), _, _)) = ir.call_parts(*call) else {
                        continue;
                    };
                    let Some((_, kind, producer)) = self.receiver(recv, api, found) else {
                        continue;
                    };
                    if !s.on.is_empty() && !s.on.contains(&kind) {
                        continue;
                    }
                    if let Some(i) = producer {
                        let other = found[i].api;
                        if !std::ptr::eq(other, api)
                            && other.sends.iter().any(|x| x.method == s.method)
                        {
                            continue;
                        }
                    }
                    let parts = self.send_parts(*call, api, s, Env::default());
                    // `send(t, v, key=k, partition=random.randrange(n))`: a
                    // random partition for a keyed record.
                    let keyed = parts
                        .key
                        .is_some_and(|k| !matches!(ir.kind(ir.strip(k)), Kind::Null));
                    if let Some(part) = parts.partition.filter(|_| keyed) {
                        if self.chain_any(part, &|cx, n| {
                            !ir.find_all(n, |k| cx.is_random(k)).is_empty()
                        }) {
                            out.push(crate::model::Partitioner {
                                span: self.span(part),
                                issue: crate::model::PartitionerIssue::Random,
                                expr: self.text(part).to_string(),
                                library: Some(api.lib()),
                            });
                        }
                    }
                    for e in [parts.key, parts.partition].into_iter().flatten() {
                        if let Some(h) = ir.find_all(e, |k| self.salted_hash(k)).first() {
                            out.push(crate::model::Partitioner {
                                span: self.span(*h),
                                issue: crate::model::PartitionerIssue::UnstableHash(
                                    self.text(*h).to_string(),
                                ),
                                expr: self.text(*h).to_string(),
                                library: Some(api.lib()),
                            });
                        }
                    }
                }
            }
        }
        out.sort_by_key(|p| (p.span.start_line, p.span.start_col));
        out.dedup_by(|a, b| a.span == b.span);
        out
    }

    /// The handle a send is called on: its name, kind and producer.
    fn receiver(
        &self,
        recv: Id,
        api: &Api,
        found: &[Found<'static>],
    ) -> Option<(String, String, Option<usize>)> {
        let ir = self.ir;
        let recv = ir.strip(recv);
        if self.holds_other_object(recv, api) {
            return None;
        }
        // The type as written, when declared (for qualified Go types).
        let mut raw_ty: Option<&str> = None;
        let (name, ty) = if let Some(n) = self.var_name(recv) {
            let d = self.lookup(n, recv).or_else(|| {
                // `s.producer` in a Go method: a field of a struct declared
                // elsewhere in the file.
                matches!(ir.kind(recv), Kind::Member { .. })
                    .then(|| self.member_decl(n))
                    .flatten()
            });
            raw_ty = d.as_ref().and_then(|d| d.ty);
            let ty = d.as_ref().and_then(|d| {
                self.decl_type(d).or_else(|| {
                    // `template.executeInTransaction(ops -> ops.send(..))`,
                    // `producer.use { it.send(..) }`: the lambda's parameter
                    // is the handle it is called on.
                    (d.kind == DeclKind::LambdaParam)
                        .then(|| self.lambda_receiver_type(d.owner, api))?
                })
            });
            (n.to_string(), ty)
        } else if let Kind::Member { name: field, .. } = ir.kind(recv) {
            // `clients.producer.SendMessage(..)`: a field of another
            // object, known only by its declared type.
            let d = self.member_decl(field);
            raw_ty = d.as_ref().and_then(|d| d.ty);
            let ty = d.as_ref().and_then(|d| self.decl_type(d))?;
            (field.to_string(), Some(ty))
        } else if let Some((None, m, args)) = ir.call_parts(recv) {
            // `kafkaTemplate().send(..)`: a method returning the handle.
            if !args.is_empty() {
                return None;
            }
            let ty = self.func(m, Some(0)).and_then(|f| match ir.kind(f) {
                Kind::Func {
                    returns: Some(r), ..
                } => Some(super::lower::simple_type(r).to_string()),
                _ => None,
            });
            (m.to_string(), ty)
        } else if let Kind::Member { name, .. } = ir.kind(recv) {
            // `state.producer.send(..)`: a field of another object, typed by
            // its declaration in a type of this file.
            (name.to_string(), self.field_type_anywhere(name))
        } else {
            // `it.send(..)` inside `producer.use { }`.
            return None;
        };
        let matches = |f: &Found<'static>| {
            f.names.iter().any(|(n, _)| *n == name) && std::ptr::eq(f.api, api) || {
                f.names.iter().any(|(n, _)| *n == name)
                    && f.names
                        .iter()
                        .any(|(x, k)| *x == name && api.handle_types.values().any(|v| v == k))
            }
        };
        // Several producers held by variables of the same name: the one
        // whose declaration the name refers to here.
        let declared_here = self
            .var_name(recv)
            .and_then(|n| self.lookup(n, recv))
            .map(|d| d.owner);
        // A producer held by a local variable of another function that
        // does not hand it on is not what a name here refers to (a field
        // `self.producer` of a wrapper class, a local of the same name).
        let here = ir.enclosing_func(recv, true);
        let foreign_local = |f: &Found<'static>| {
            ir.enclosing_func(f.node, true) != here && self.local_holder(f.node).is_some()
        };
        let by_name = declared_here
            .and_then(|owner| {
                found
                    .iter()
                    .position(|f| matches(f) && ir.contains(owner, f.node))
            })
            .or_else(|| found.iter().position(|f| matches(f) && !foreign_local(f)));
        let typed = ty.as_deref().and_then(|t| {
            let kind = api.handle_types.get(t)?;
            let ok = match raw_ty {
                Some(raw) => self.is_library_type_text(raw, api),
                None => self.is_library_type(t, api),
            };
            ok.then(|| kind.clone())
        });
        match (typed, by_name) {
            (Some(kind), idx) => Some((name, kind, idx)),
            (None, Some(i)) => {
                let kind = found[i]
                    .names
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, k)| k.clone())?;
                Some((name, kind, Some(i)))
            }
            (None, None) => None,
        }
    }

    /// `this.x` in a class that only ever assigns `this.x = new W(..)` with
    /// `W` a class of this file (a wrapper of its own): not a producer of
    /// the library, even if another class names its producer `x` too.
    fn holds_other_object(&self, recv: Id, api: &Api) -> bool {
        let ir = self.ir;
        let Kind::Member { obj, name } = ir.kind(recv) else {
            return false;
        };
        if !self.is_this(*obj) {
            return false;
        }
        let Some(cls) = ir
            .ancestors(recv)
            .map(|(a, _)| a)
            .find(|a| matches!(ir.kind(*a), Kind::Class { .. }))
        else {
            return false;
        };
        let values: Vec<Id> = ir
            .find_all(cls, |k| match ir.kind(k) {
                Kind::Assign { target, .. } => matches!(
                    ir.kind(ir.strip(*target)),
                    Kind::Member { obj, name: n } if n == name && self.is_this(*obj)
                ),
                _ => false,
            })
            .into_iter()
            .filter_map(|a| match ir.kind(a) {
                Kind::Assign { value, .. } => Some(ir.strip(*value)),
                _ => None,
            })
            .collect();
        !values.is_empty()
            && values.iter().all(|v| match ir.kind(*v) {
                Kind::New { ty, .. } => {
                    self.classes.contains_key(&**ty) && !api.handle_types.contains_key(&**ty)
                }
                _ => false,
            })
    }

    /// The declared type of a field named `name` in any type of this file.
    fn field_type_anywhere(&self, name: &str) -> Option<String> {
        let ir = self.ir;
        for parts in self.class_parts.values() {
            for cls in parts {
                let Kind::Class { body, .. } = ir.kind(*cls) else {
                    continue;
                };
                let Kind::Block(members) = ir.kind(*body) else {
                    continue;
                };
                for m in members {
                    if let Kind::Let {
                        names,
                        ty: Some(t),
                        field: true,
                        ..
                    } = ir.kind(*m)
                    {
                        if names.iter().any(|n| &**n == name) {
                            return Some(super::lower::simple_type(t).to_string());
                        }
                    }
                }
            }
        }
        None
    }

    /// The handle type a lambda parameter stands for when the lambda is
    /// passed to a transaction scope or resource call on a handle.
    fn lambda_receiver_type(&self, lambda: Id, api: &Api) -> Option<String> {
        let (call, name) = self.lambda_call(lambda)?;
        if api.transactions.scopes.iter().any(|s| s == name) {
            // Any template type of this library will do.
            return api
                .handle_types
                .iter()
                .find(|(_, k)| k.as_str() == "template")
                .map(|(t, _)| t.clone());
        }
        if name == "use" || name == "also" || name == "let" {
            let (recv, _, _) = self.ir.call_parts(call)?;
            let v = self.var_name(recv?)?;
            let d = self.lookup(v, call)?;
            return self.decl_type(&d);
        }
        None
    }

    fn layout<'s>(
        &self,
        layouts: &'s std::collections::BTreeMap<String, Vec<String>>,
        n: usize,
    ) -> Option<&'s Vec<String>> {
        layouts.get(&n.to_string()).or_else(|| layouts.get("*"))
    }

    /// The parts of a send call, from its argument layout and the record
    /// it is given.
    fn send_parts(&self, call: Id, api: &Api, s: &SendApi, env: Env<'_>) -> Parts {
        let ir = self.ir;
        let positional = ir.positional(call);
        let mut parts = Parts::default();
        let mut has_key_slot = false;
        if let Some(roles) = self.layout(&s.layouts, positional.len()) {
            for (role, arg) in roles.iter().zip(&positional) {
                self.assign_role(role, *arg, &mut parts, &mut has_key_slot, api, env);
            }
        }
        // Variadic records (`WriteMessages(ctx, msgs...)`): a spread or
        // several records make a batch; a spread's keys are not known.
        if let Some(from) = s.records_from {
            let args = ir.args(call);
            let spread = args.iter().skip(from).find(|a| a.spread);
            let count = args.iter().skip(from).count();
            if let Some(sp) = spread {
                parts.batch = true;
                if parts.record.is_none() {
                    parts.record = Some(sp.value);
                    has_key_slot = true;
                }
            } else if count > 1 {
                parts.batch = true;
            }
        }
        for (kw, role) in &s.keywords {
            if let Some(v) = ir.named_arg(call, kw) {
                self.assign_role(role, v, &mut parts, &mut has_key_slot, api, env);
            }
        }
        // An options object: `send({ topic, messages: [{ key, value }], acks })`.
        if !s.fields.is_empty() {
            if let Some(obj) = positional.first().and_then(|a| self.object_literal(*a)) {
                parts.record = None;
                parts.options = Some(obj);
                has_key_slot = true;
                self.options_parts(obj, s, &mut parts, env);
            }
        }
        if !has_key_slot && parts.key.is_none() && !parts.keyless && parts.record.is_none() {
            parts.keyless = true;
        }
        parts
    }

    fn assign_role(
        &self,
        role: &str,
        arg: Id,
        parts: &mut Parts,
        has_key_slot: &mut bool,
        api: &Api,
        env: Env<'_>,
    ) {
        match role {
            // A destination object (`new TopicPartition(topic, partition)`)
            // carries the topic and maybe a partition.
            "topic" => match self.record_of(arg, api) {
                Some((rec, rapi)) => {
                    let inner = self.record_parts(rec, rapi, env);
                    parts.topic = inner.topic;
                    parts.partition = parts.partition.or(inner.partition);
                }
                None => parts.topic = Some(arg),
            },
            "key" => {
                *has_key_slot = true;
                parts.key = Some(arg)
            }
            "partition" => parts.partition = Some(arg),
            "value" => parts.value = Some(arg),
            "callback" => parts.callback = Some(arg),
            // A collection of records (`SendMessages(msgs)`): their keys are
            // not known here.
            "records" => {
                *has_key_slot = true;
                parts.record = Some(arg);
                parts.batch = true;
            }
            "record" | "message" => {
                *has_key_slot = true;
                match self.record_of(arg, api) {
                    Some((rec, rapi)) => {
                        let inner = self.record_parts(rec, rapi, env);
                        parts.topic = parts.topic.or(inner.topic);
                        parts.key = inner.key;
                        parts.keyless = inner.keyless;
                        parts.partition = parts.partition.or(inner.partition);
                        parts.value = inner.value;
                        parts.record = Some(rec);
                        if rec != self.ir.strip(arg) && self.var_name(arg).is_some() {
                            parts.record_var = Some(arg);
                        }
                        parts.timestamp = inner.timestamp;
                    }
                    None => parts.record = Some(arg),
                }
            }
            _ => {}
        }
    }

    /// The object literal an expression is, directly or as the value of
    /// a variable declared with it.
    fn object_literal(&self, e: Id) -> Option<Id> {
        let ir = self.ir;
        let e = ir.strip(e);
        if matches!(ir.kind(e), Kind::Object(_)) {
            return Some(e);
        }
        let name = self.var_name(e)?;
        let d = self.lookup(name, e)?;
        if !matches!(d.kind, DeclKind::Local | DeclKind::Global) || self.is_reassigned(name, &d) {
            return None;
        }
        let v = ir.strip(d.value?);
        matches!(ir.kind(v), Kind::Object(_)).then_some(v)
    }

    /// Topic, messages and their keys from a send's options object.
    fn options_parts(&self, obj: Id, s: &SendApi, parts: &mut Parts, env: Env<'_>) {
        let ir = self.ir;
        let Kind::Object(entries) = ir.kind(obj) else {
            return;
        };
        parts.record = Some(obj);
        let mut messages = None;
        for e in entries {
            let name = match &e.key {
                Key::Name(n) => n.to_string(),
                Key::Expr(k) => match self.eval(*k, env).val.text() {
                    Some(t) => t,
                    None => continue,
                },
                // A spread of other options: its messages are not known.
                Key::Spread => {
                    parts.batch = true;
                    continue;
                }
            };
            match s.fields.get(&name).map(String::as_str) {
                Some("topic") => parts.topic = Some(e.value),
                Some("records") => messages = Some(e.value),
                Some("batch") => {
                    parts.batch = true;
                    parts.record = Some(e.value);
                }
                _ => {}
            }
        }
        let Some(list) = messages else {
            return;
        };
        parts.record = Some(list);
        let items = match ir.kind(ir.strip(list)) {
            Kind::List(items) => Some(items.clone()),
            _ => self
                .var_name(list)
                .and_then(|n| self.lookup(n, list))
                .and_then(|d| d.value)
                .and_then(|v| match ir.kind(ir.strip(v)) {
                    Kind::List(items) => Some(items.clone()),
                    _ => None,
                }),
        };
        let one = match items.as_deref() {
            Some([one]) if !matches!(ir.kind(*one), Kind::Spread(_)) => {
                match self.object_literal(*one) {
                    Some(o) => Some(o),
                    None => {
                        // One message built elsewhere: its key is not known.
                        parts.record = Some(*one);
                        return;
                    }
                }
            }
            _ => None,
        };
        let Some(msg) = one else {
            // Several messages, or a list built elsewhere (`orders.map(..)`).
            parts.batch = true;
            return;
        };
        let Kind::Object(fields) = ir.kind(msg) else {
            return;
        };
        parts.record = Some(msg);
        let mut has_key = false;
        for f in fields {
            let Key::Name(n) = &f.key else {
                if matches!(f.key, Key::Spread) {
                    // `{ ...base, value }`: the key may come from the spread.
                    has_key = true;
                }
                continue;
            };
            match s.message_fields.get(&**n).map(String::as_str) {
                Some("key") => {
                    has_key = true;
                    parts.key = Some(f.value);
                }
                Some("value") => parts.value = Some(f.value),
                Some("partition") => parts.partition = Some(f.value),
                Some("timestamp") => parts.timestamp = Some(f.value),
                _ => {}
            }
        }
        parts.keyless = !has_key;
    }

    /// Per-send settings of an options object (`acks`, `compression`).
    fn send_settings(&self, obj: Id, api: &Api, s: &SendApi) -> Vec<crate::model::Setting> {
        let ir = self.ir;
        let Kind::Object(entries) = ir.kind(obj) else {
            return Vec::new();
        };
        let raw: Vec<super::config::RawEntry> = entries
            .iter()
            .filter_map(|e| {
                let Key::Name(n) = &e.key else { return None };
                (s.fields.get(&**n).map(String::as_str) == Some("setting")).then(|| {
                    super::config::RawEntry {
                        key: vec![n.to_string()],
                        value: Some((e.value, self.eval(e.value, Env::default()))),
                        start: e.start,
                        end: e.end,
                        computed_key: false,
                    }
                })
            })
            .collect();
        self.settings_of(api, &raw)
    }

    /// The record construction an argument is, directly or through a local
    /// variable's initializer.
    fn record_of(&self, arg: Id, api: &'a Api) -> Option<(Id, &'a RecordApi)> {
        let ir = self.ir;
        let a = ir.strip(arg);
        let is_record = |n: Id| -> Option<&'a RecordApi> {
            let (name, qualifier) = match ir.kind(n) {
                Kind::New { ty, .. } => (Some(&**ty), None),
                Kind::Call { func, .. } => (
                    ir.last_name(*func),
                    match ir.kind(*func) {
                        Kind::Member { obj, .. } => ir.path(*obj),
                        _ => None,
                    },
                ),
                _ => (None, None),
            };
            let name = name?;
            api.records.iter().find(|r| {
                r.name == name
                    && (r.qualifier.is_empty()
                        || qualifier.as_deref().is_some_and(|q| {
                            let last = q.rsplit('.').next().unwrap_or(q);
                            r.qualifier.iter().any(|x| x == q || x == last)
                        }))
            })
        };
        // A builder chain: `FutureRecord::to(t).key(k)` — find its root.
        let mut root = a;
        for _ in 0..16 {
            if let Some(r) = is_record(root) {
                return Some((root, r)).map(|(_, r)| (a, r));
            }
            match ir.call_parts(root) {
                Some((Some(recv), _, _)) => root = ir.strip(recv),
                _ => break,
            }
        }
        let name = self.var_name(a)?;
        let d = self.lookup(name, a)?;
        if d.kind != DeclKind::Local {
            return None;
        }
        let v = ir.strip(d.value?);
        is_record(v).map(|r| (v, r))
    }

    /// Key, partition, topic and value of a record construction.
    fn record_parts(&self, rec: Id, r: &RecordApi, env: Env<'_>) -> Parts {
        let ir = self.ir;
        let mut parts = Parts {
            record: Some(rec),
            ..Parts::default()
        };
        let mut has_key = false;
        let positional = match ir.kind(rec) {
            Kind::New { .. } => ir.positional(rec),
            Kind::Call { .. } => {
                // The chain's root call carries the constructor arguments.
                let mut root = rec;
                while let Some((Some(recv), _, _)) = ir.call_parts(root) {
                    if matches!(ir.kind(ir.strip(recv)), Kind::Call { .. }) {
                        root = ir.strip(recv);
                    } else {
                        break;
                    }
                }
                ir.positional(root)
            }
            _ => Vec::new(),
        };
        let mut layout = self.layout(&r.layouts, positional.len());
        if let Some(h) = self.layout(&r.headers_layouts, positional.len()) {
            let last = positional
                .last()
                .map(|l| self.text(*l).to_ascii_lowercase());
            if last.is_some_and(|l| l.contains("header")) {
                layout = Some(h);
            }
        }
        if let Some(roles) = layout {
            for (role, arg) in roles.iter().zip(&positional) {
                match role.as_str() {
                    "topic" => parts.topic = Some(*arg),
                    "key" => {
                        has_key = true;
                        parts.key = Some(*arg)
                    }
                    "partition" => parts.partition = Some(*arg),
                    "timestamp" => parts.timestamp = Some(*arg),
                    "value" => parts.value = Some(*arg),
                    _ => {}
                }
            }
        }
        // Fields of a struct/object initializer: `&sarama.ProducerMessage{Key: ..}`.
        if let Kind::New {
            init: Some(init), ..
        } = ir.kind(rec)
        {
            // Nested fields (`TopicPartition: kafka.TopicPartition{Topic: &t}`)
            // are named by their path (`TopicPartition.Topic`).
            let mut stack = vec![(*init, String::new())];
            while let Some((obj, prefix)) = stack.pop() {
                let Kind::Object(entries) = ir.kind(obj) else {
                    continue;
                };
                for e in entries {
                    let Key::Name(n) = &e.key else { continue };
                    let path = format!("{prefix}{n}");
                    match r.fields.get(&path).map(String::as_str) {
                        Some("key") => {
                            has_key = true;
                            parts.key = Some(e.value)
                        }
                        Some("topic") => parts.topic = Some(e.value),
                        Some("partition") => parts.partition = Some(e.value),
                        Some("value") => parts.value = Some(e.value),
                        _ => {
                            let nested = format!("{path}.");
                            if r.fields.keys().any(|k| k.starts_with(&nested)) {
                                if let Kind::New { init: Some(i), .. } = ir.kind(ir.strip(e.value))
                                {
                                    stack.push((*i, nested));
                                }
                            }
                        }
                    }
                }
            }
        }
        // Builder methods chained on the record.
        let mut cur = rec;
        for _ in 0..16 {
            let Some((Some(recv), m, _)) = ir.call_parts(cur) else {
                break;
            };
            let arg = ir.positional(cur).first().copied();
            match (r.chain.get(m).map(String::as_str), arg) {
                (Some("key"), Some(a)) => {
                    has_key = true;
                    parts.key = parts.key.or(Some(a))
                }
                (Some("partition"), Some(a)) => parts.partition = parts.partition.or(Some(a)),
                (Some("timestamp"), Some(a)) => parts.timestamp = parts.timestamp.or(Some(a)),
                (Some("topic"), Some(a)) => parts.topic = parts.topic.or(Some(a)),
                (Some("value"), Some(a)) => parts.value = parts.value.or(Some(a)),
                _ => {}
            }
            cur = ir.strip(recv);
        }
        let _ = env;
        parts.keyless = !has_key;
        parts
    }

    /// Whether a partition argument names a partition (not null, not the
    /// library's "any partition" value).
    fn names_partition(&self, p: Id, env: Env<'_>) -> bool {
        let ir = self.ir;
        let p = ir.strip(p);
        match ir.kind(p) {
            Kind::Null => false,
            _ => {
                let last = ir.last_name(p).unwrap_or("");
                if matches!(
                    last,
                    "PartitionAny" | "Any" | "UNASSIGNED" | "RD_KAFKA_PARTITION_UA"
                ) {
                    return false;
                }
                !matches!(self.eval(p, env).val, Val::Int(n) if n < 0)
                    && self.eval(p, env).val != Val::Null
            }
        }
    }

    fn send(
        &self,
        call: Id,
        api: &'static Api,
        s: &SendApi,
        found: &[Found<'static>],
    ) -> Option<Send> {
        let ir = self.ir;
        let (recv, _, _) = ir.call_parts(call)?;
        let (name, kind, producer) = self.receiver(recv?, api, found)?;
        if !s.on.is_empty() && !s.on.contains(&kind) {
            return None;
        }
        // A producer of another library that has a send of this name (a
        // kafka-python `send` on an aiokafka producer): its own table reads it.
        if let Some(i) = producer {
            let other = found[i].api;
            if !std::ptr::eq(other, api) && other.sends.iter().any(|x| x.method == s.method) {
                return None;
            }
        }
        let env = Env::default();
        // A send the parser could not read whole: only what is certain.
        let broken = ir.touches_error(call);
        // `producer.Input() <- msg`: the record is the value sent on the channel.
        let chan_send = s
            .channel
            .then(|| ir.parent(call))
            .flatten()
            .filter(|p| matches!(ir.kind(*p), Kind::ChanSend { .. }));
        let mut parts = match chan_send.map(|c| ir.kind(c)) {
            Some(Kind::ChanSend { value, .. }) => {
                let mut parts = Parts::default();
                let mut has_key_slot = false;
                self.assign_role("message", *value, &mut parts, &mut has_key_slot, api, env);
                parts
            }
            _ => self.send_parts(call, api, s, env),
        };
        if let Some(v) = parts.record_var {
            self.record_field_writes(v, call, api, &mut parts);
        }
        let site = chan_send.unwrap_or(call);
        let key_span = parts
            .key
            .map(|k| self.span(k))
            .or(parts.record.map(|r| self.span(r)))
            .unwrap_or_else(|| self.span(site));
        let key = match (parts.key, parts.keyless) {
            _ if broken => KeyKind::Other,
            (Some(k), _) => self.classify_key(k, env),
            (None, true) => KeyKind::Null,
            (None, false) => KeyKind::Other,
        };
        let explicit_partition = parts
            .partition
            .is_some_and(|p| self.names_partition(p, env));
        let keyed = parts.key.is_some() && !parts.batch && key != KeyKind::Null;
        let autoflush = producer.is_some_and(|i| found[i].autoflush.contains(&name));
        // Reports served by the producer (an error channel, poll): the
        // send is observed when the producer's reports are.
        let by_reports = || match producer.and_then(|i| found[i].producer.reports_served) {
            Some(true) => Observation::Callback,
            _ => Observation::Unknown,
        };
        let mut own_reports = false;
        let fire_and_forget = producer.and_then(|i| found[i].fire_and_forget);
        let (mut wait, observation) = if let Some(hook) = fire_and_forget {
            // An asynchronous writer: the call returns before the write and
            // only the hook hears of failures.
            let err = producer.and_then(|i| found[i].construction.report_hook_error);
            let obs = match hook {
                Some(h) => self.callback_observation(h, err, &[]),
                None => Observation::Unknown,
            };
            (Wait::None, obs)
        } else if chan_send.is_some() {
            (Wait::None, by_reports())
        } else if s.default_reports {
            match parts
                .callback
                .filter(|c| !matches!(ir.kind(ir.strip(*c)), Kind::Null))
            {
                // A delivery channel of this send's own.
                Some(ch) => {
                    own_reports = true;
                    self.channel_observation(ch, call)
                }
                None => (Wait::None, by_reports()),
            }
        } else {
            self.outcome(call, api, s, parts.callback, &name, autoflush)
        };
        // An enqueue served by the producer's reports, flushed right after
        // (`produce(..); flush(..)` per record).
        if wait == Wait::None
            && s.default_reports
            && !own_reports
            && self.flush_follows(call, api, &name)
        {
            wait = Wait::FlushAfter;
        }
        // `go p.SendMessage(m)` in a loop: the goroutine waits, the loop does not.
        if wait != Wait::None && self.spawned_before_loop(call) {
            wait = Wait::None;
        }
        // `users.forEach(async (u) => { await producer.send(..) })`: the loop
        // call starts every callback without waiting for any of them.
        if wait == Wait::BlockingGet && self.in_async_loop_callback(call) {
            wait = Wait::None;
        }
        let tx = self.in_transaction(call, Some(&name));
        let observation = if tx {
            Observation::Transaction
        } else if broken {
            Observation::Unknown
        } else {
            observation
        };
        let pending = (!tx && observation.is_unchecked())
            .then(|| self.pending_transaction(call, api))
            .flatten();
        let topic = parts.topic.map(|t| self.topic_name(t, env));
        Some(Send {
            span: self.span(site),
            receiver: Some(name),
            entity: self.entity_evidence(call, parts.value, topic.as_ref()),
            key,
            keyed,
            key_span,
            explicit_partition,
            // A record stamped with the clock and waited for measures
            // latency (the consumer compares the stamp): waiting is the point.
            wait_chosen: wait != Wait::None
                && (self.wait_is_chosen(call, api)
                    || parts
                        .timestamp
                        .is_some_and(|t| self.chain_any(t, &|cx, n| cx.is_clock(n)))),
            wait,
            observation,
            pending_transaction: pending,
            context: self.context_via(site),
            producer,
            library: Some(api.lib()),
            topic,
            batch: s.batch || parts.batch,
            settings: parts
                .options
                .map(|o| self.send_settings(o, api, s))
                .unwrap_or_default(),
            own_reports,
            lost_at_close: false,
        })
    }

    /// Fields of a record variable set after it is built and before the
    /// send (`msg.Key = sarama.StringEncoder(id)`): a key written once, in
    /// the block that declares the record, is the key; one written under a
    /// condition or several times is not known.
    fn record_field_writes(&self, var: Id, call: Id, api: &'a Api, parts: &mut Parts) {
        let ir = self.ir;
        let Some(name) = self.var_name(var) else {
            return;
        };
        let Some(d) = self.lookup(name, var) else {
            return;
        };
        let Some((_, rapi)) = self.record_of(var, api) else {
            return;
        };
        let before = ir.node(call).start;
        let mut keys = Vec::new();
        ir.walk(d.scope, |n| {
            if ir.node(n).start >= before {
                return false;
            }
            if let Kind::Assign { target, value, .. } = ir.kind(n) {
                if let Kind::Member { obj, name: field } = ir.kind(ir.strip(*target)) {
                    let on_var = self.var_name(*obj) == Some(name)
                        && self.lookup(name, *obj).is_some_and(|x| x.owner == d.owner);
                    if on_var {
                        match rapi.fields.get(&**field).map(String::as_str) {
                            Some("key") => keys.push((n, *value)),
                            Some("topic") => parts.topic = Some(*value),
                            Some("partition") => parts.partition = Some(*value),
                            Some("value") => parts.value = Some(*value),
                            _ => {}
                        }
                    }
                }
            }
            true
        });
        match keys.as_slice() {
            [] => {}
            [(assign, value)] if self.same_block(*assign, d.owner) => {
                parts.key = Some(*value);
                parts.keyless = false;
            }
            _ => {
                parts.key = None;
                parts.keyless = false;
            }
        }
    }

    /// Whether two statements sit directly in the same block.
    fn same_block(&self, a: Id, b: Id) -> bool {
        let block_of = |x: Id| {
            self.ir
                .ancestors(self.statement(x))
                .find(|(p, _)| matches!(self.ir.kind(*p), Kind::Block(_)))
                .map(|(p, _)| p)
        };
        block_of(a).is_some() && block_of(a) == block_of(b)
    }

    /// The send runs in a goroutine started inside the loop around it
    /// (`for .. { go p.SendMessage(m) }`): its wait does not hold the loop.
    fn spawned_before_loop(&self, call: Id) -> bool {
        for (a, _) in self.ir.ancestors(call) {
            match self.ir.kind(a) {
                Kind::Spawn(_) => return true,
                Kind::Loop { .. } | Kind::Func { .. } => return false,
                _ => {}
            }
        }
        false
    }

    /// `id` sits in an `async` lambda handed to a loop call (`forEach`,
    /// `map`): an `await` there holds that callback only.
    fn in_async_loop_callback(&self, id: Id) -> bool {
        let ir = self.ir;
        for (a, _) in ir.ancestors(id) {
            match ir.kind(a) {
                Kind::Lambda { .. } => {
                    let kw = self.lang.async_lambda;
                    if kw.is_empty() || !self.text(a).trim_start().starts_with(kw) {
                        return false;
                    }
                    let call = ir
                        .ancestors(a)
                        .map(|(p, _)| p)
                        .find(|p| matches!(ir.kind(*p), Kind::Call { .. }));
                    return call
                        .and_then(|c| ir.call_parts(c))
                        .is_some_and(|(_, m, _)| self.lang.loop_calls.contains(&m));
                }
                Kind::Func { .. } => return false,
                _ => {}
            }
        }
        false
    }

    /// The innermost loop around `id` in its function.
    fn innermost_loop(&self, id: Id) -> Option<Id> {
        for (a, child) in self.ir.ancestors(id) {
            match self.ir.kind(a) {
                Kind::Loop { body, .. } if *body == child => return Some(a),
                Kind::Func { .. } | Kind::Lambda { .. } => return None,
                _ => {}
            }
        }
        None
    }

    /// A send's own delivery channel (`p.Produce(msg, deliveryChan)`):
    /// received from right after the send, in the same turn of the same
    /// loop, it is a wait for the broker; received elsewhere (a goroutine,
    /// after the loop) it observes the outcome; never received, the
    /// outcome is lost.
    fn channel_observation(&self, ch: Id, call: Id) -> (Wait, Observation) {
        let ir = self.ir;
        let ch = ir.strip(ch);
        let Some(var) = self.var_name(ch) else {
            // `make(chan kafka.Event)` written in the call: nobody can read it.
            return match ir.kind(ch) {
                Kind::New { .. } => (Wait::None, Observation::Dropped),
                _ => (Wait::None, Observation::Unknown),
            };
        };
        let receives = ir.find_all(ir.root, |k| match ir.kind(k) {
            Kind::Unary { op, e } if &**op == "<-" => self.var_name(*e) == Some(var),
            Kind::Loop {
                kind: super::ir::LoopKind::Each,
                iter: Some(i),
                ..
            } => self.var_name(*i) == Some(var),
            _ => false,
        });
        if receives.is_empty() {
            // A local channel nobody reads; one from elsewhere may be read there.
            let local = self
                .lookup(var, ch)
                .is_some_and(|d| d.kind == DeclKind::Local && d.value.is_some());
            return if local {
                (Wait::None, Observation::Dropped)
            } else {
                (Wait::None, Observation::Unknown)
            };
        }
        let f = ir.enclosing_func(call, false);
        let lp = self.innermost_loop(call);
        let after = ir.node(call).end;
        let waits = receives.iter().any(|r| {
            ir.node(*r).start >= after
                && ir.enclosing_func(*r, false) == f
                && self.innermost_loop(*r) == lp
                && !self.spawned_before_loop(*r)
        });
        if waits {
            (Wait::BlockingGet, Observation::Awaited)
        } else {
            (Wait::None, Observation::Callback)
        }
    }

    /// What becomes of an error result of a send (Go): dropped by a bare
    /// call, `_` or a `go`/`defer`; checked when the variable it lands in
    /// is read before it is written again; handed on when returned or
    /// passed to another call.
    fn error_destination(&self, expr: Id, idx: usize) -> Observation {
        let ir = self.ir;
        let Some(parent) = ir.parent(expr) else {
            return Observation::Dropped;
        };
        match ir.kind(parent) {
            Kind::Expr(_) | Kind::Spawn(_) | Kind::Defer(_) => Observation::Dropped,
            Kind::Let { names, .. } => match names.get(idx).or(names.last()) {
                Some(n) => self.error_read_after(n, parent),
                None => Observation::Dropped,
            },
            Kind::Assign { target, value, .. } if *value == expr => {
                let t = match ir.kind(*target) {
                    Kind::List(items) => items.get(idx).copied(),
                    _ => Some(*target),
                };
                match t.map(|t| ir.name(t)) {
                    Some(Some(n)) => {
                        let stmt = ir.parent(parent).unwrap_or(parent);
                        self.error_read_after(n, stmt)
                    }
                    // Stored in a field or an element: kept for later.
                    Some(None) => Observation::Kept,
                    None => Observation::Dropped,
                }
            }
            Kind::If { .. } | Kind::Binary { .. } | Kind::Unary { .. } => Observation::Awaited,
            _ => Observation::Kept,
        }
    }

    /// The error stored in `var` by `stmt` is read before `var` is
    /// written again.
    fn error_read_after(&self, var: &str, stmt: Id) -> Observation {
        if var == "_" {
            return Observation::Dropped;
        }
        let ir = self.ir;
        // A named result (`func f() (err error)`) or a package variable:
        // it leaves the function (a bare `return` hands it back).
        let declared_here = matches!(ir.kind(stmt), Kind::Let { .. });
        if !declared_here && var != "_" && self.lookup(var, stmt).is_none() {
            return Observation::Kept;
        }
        // `for err != nil { err = p.SendMessages(msgs) }`: the loop's
        // condition reads it on the next turn.
        for (a, _) in ir.ancestors(stmt) {
            match ir.kind(a) {
                Kind::Loop { iter, header, .. } => {
                    let reads = iter.iter().chain(header.iter()).any(|h| {
                        !ir.find_all(*h, |k| matches!(ir.kind(k), Kind::Name(n) if &**n == var))
                            .is_empty()
                    });
                    if reads {
                        return Observation::Awaited;
                    }
                }
                Kind::Func { .. } | Kind::Lambda { .. } => break,
                _ => {}
            }
        }
        let scope = ir.enclosing_func(stmt, false).unwrap_or(ir.root);
        let after = ir.node(stmt).end;
        let mut uses = ir.find_all(scope, |k| {
            matches!(ir.kind(k), Kind::Name(n) if &**n == var) && ir.node(k).start >= after
        });
        uses.sort_by_key(|u| ir.node(*u).start);
        match uses.first() {
            Some(u) if self.is_assign_target(*u) => Observation::Dropped,
            Some(_) => Observation::Awaited,
            None => Observation::Dropped,
        }
    }

    /// `x` in `x = ..` or `_, x = ..`.
    fn is_assign_target(&self, n: Id) -> bool {
        let ir = self.ir;
        let Some(p) = ir.parent(n) else { return false };
        match ir.kind(p) {
            Kind::Assign {
                target, op: None, ..
            } => *target == n,
            Kind::List(_) => ir.parent(p).is_some_and(
                |a| matches!(ir.kind(a), Kind::Assign { target, op: None, .. } if *target == p),
            ),
            _ => false,
        }
    }

    /// A wait the code chooses on purpose: the other branch of the `if`
    /// around the send sends too (a sync/async switch), or the statements
    /// right around it read the clock (a latency measurement).
    fn wait_is_chosen(&self, call: Id, api: &Api) -> bool {
        let ir = self.ir;
        let is_send = |k: Id| {
            k != call
                && ir
                    .call_parts(k)
                    .is_some_and(|(_, m, _)| api.sends.iter().any(|s| s.method == m))
        };
        // A branch sends when it holds a send, or calls a function of this
        // file that does (`if (async) asyncSend(..) else syncSend(..)`).
        let sends = |root: Id| {
            !ir.find_all(root, |k| {
                is_send(k)
                    || ir.call_parts(k).is_some_and(|(_, m, _)| {
                        self.funcs.get(m).is_some_and(|fs| {
                            fs.iter().any(|f| !ir.find_all(*f, is_send).is_empty())
                        })
                    })
            })
            .is_empty()
        };
        let chosen_at = |node: Id| {
            for (a, child) in ir.ancestors(node).take(12) {
                match ir.kind(a) {
                    Kind::If {
                        then,
                        else_: Some(e),
                        ..
                    } => {
                        let other = if *then == child { *e } else { *then };
                        return sends(other);
                    }
                    Kind::Func { .. } | Kind::Lambda { .. } => break,
                    _ => {}
                }
            }
            false
        };
        if chosen_at(call) {
            return true;
        }
        // The same choice one call up: every call of the enclosing function
        // is one branch of such a switch.
        if let Some(f) = ir.enclosing_func(call, true) {
            let sites = self.call_sites(f);
            if !sites.is_empty() && sites.iter().all(|c| chosen_at(*c)) {
                return true;
            }
        }
        // Clock reads just before and just after the send's statement.
        let stmt = self.statement(call);
        let Some(block) = ir.parent(stmt) else {
            return false;
        };
        let Kind::Block(items) = ir.kind(block) else {
            return false;
        };
        let Some(pos) = items.iter().position(|i| *i == stmt) else {
            return false;
        };
        let reads_clock =
            |i: Option<&Id>| i.is_some_and(|s| !ir.find_all(*s, |k| self.is_clock(k)).is_empty());
        let before = pos.checked_sub(1).and_then(|p| items.get(p));
        reads_clock(before) && (reads_clock(items.get(pos + 1)) || reads_clock(items.get(pos + 2)))
    }

    pub fn topic_name(&self, t: Id, env: Env<'_>) -> TopicName {
        match self.eval(t, env).val {
            Val::Str(s) => TopicName::Literal(s),
            _ => TopicName::Expr(first_line(self.text(self.ir.strip(t))).to_string()),
        }
    }

    /// A send in a method whose transaction depends on the project
    /// (`@Transactional`) or in a listener whose container may run one.
    fn pending_transaction(&self, call: Id, api: &Api) -> Option<PendingTransaction> {
        let f = self.ir.enclosing_func(call, true)?;
        let Kind::Func { annotations, .. } = self.ir.kind(f) else {
            return None;
        };
        if annotations
            .iter()
            .any(|a| api.transactions.annotations.iter().any(|t| t == &**a))
        {
            return Some(PendingTransaction::Annotated);
        }
        let (message, _) = self.handler_kind(f);
        let listener = annotations
            .iter()
            .any(|a| &**a == "KafkaListener" || &**a == "KafkaHandler");
        (message && listener).then_some(PendingTransaction::Listener)
    }

    /// How a send's result is waited for and observed.
    fn outcome(
        &self,
        call: Id,
        api: &Api,
        s: &SendApi,
        callback: Option<Id>,
        receiver: &str,
        autoflush: bool,
    ) -> (Wait, Observation) {
        let ir = self.ir;
        let f = &api.futures;
        if s.returns == "result" || s.returns == "enqueue-result" {
            // The error travels in the value: awaited right away is a wait,
            // and the error is seen only where the value is inspected. An
            // enqueue result says only whether the record was queued: its
            // delivery is reported elsewhere.
            let awaited = ir
                .parent(call)
                .is_some_and(|p| matches!(ir.kind(p), Kind::Await(_)));
            let mut wait = if awaited {
                Wait::BlockingGet
            } else {
                Wait::None
            };
            if wait == Wait::None && (self.flush_follows(call, api, receiver) || autoflush) {
                wait = Wait::FlushAfter;
            }
            let obs = self.result_observation(call, api);
            let obs = if s.returns == "enqueue-result" && !obs.is_unchecked() {
                Observation::Unknown
            } else {
                obs
            };
            return (wait, obs);
        }
        let sync = s.returns == "sync";
        let mut wait = if sync { Wait::BlockingGet } else { Wait::None };
        let mut obs: Option<Observation> = None;
        if let Some(cb) = callback {
            obs = Some(self.callback_observation(cb, s.callback_error, &s.callback_error_members));
        }
        // Up the chain: send(..).whenComplete(..).get()
        let mut cur = call;
        let mut success_only = false;
        // aiokafka's `await producer.send(..)` only queues the record: the
        // first await gives the delivery future, a second one waits for it.
        let mut queue_await = s.returns == "enqueue-future";
        // The index of the result that carries the outcome's error (Go).
        let mut err_idx = s.error_result;
        for (a, child) in ir.ancestors(call).take(24) {
            match ir.kind(a) {
                // `.Result`: a property read that waits.
                Kind::Member { obj, name }
                    if *obj == child && f.blocking_members.iter().any(|b| b == &**name) =>
                {
                    wait = Wait::BlockingGet;
                    obs = Some(Observation::Awaited);
                    cur = a;
                }
                Kind::Member { obj, .. } if *obj == child => continue,
                Kind::Call { func, .. } if *func == child => {
                    let Some((_, m, _)) = ir.call_parts(a) else {
                        break;
                    };
                    if let Some(i) = f.error_methods.get(m) {
                        err_idx = Some(*i);
                    }
                    if f.blocking.iter().any(|b| b == m) {
                        wait = Wait::BlockingGet;
                        obs = Some(Observation::Awaited);
                    } else if let Some(o) = f.observers.iter().find(|o| o.method == m) {
                        let args = ir.positional(a);
                        // A later observer sees the failure an earlier
                        // success-only step let through.
                        success_only = false;
                        match args.get(o.arg) {
                            Some(cb) => {
                                let seen =
                                    self.callback_observation(*cb, o.error_param, &o.error_members);
                                obs = Some(seen);
                            }
                            None if o.arg > 0 => {
                                // addCallback(callback) with one argument:
                                // a callback object sees failures, a lone
                                // lambda only success.
                                let single = args.first().map(|x| ir.strip(*x));
                                if single.is_some_and(|x| matches!(ir.kind(x), Kind::Lambda { .. }))
                                {
                                    success_only = true;
                                } else {
                                    obs = Some(Observation::Callback);
                                }
                            }
                            None => obs = Some(Observation::Callback),
                        }
                    } else if f.success_only.iter().any(|x| x == m) && obs.is_none() {
                        success_only = true;
                    }
                    cur = a;
                }
                Kind::Await(_) if queue_await => {
                    queue_await = false;
                    cur = a;
                }
                Kind::Await(_) => {
                    wait = Wait::BlockingGet;
                    obs = Some(Observation::Awaited);
                    cur = a;
                }
                _ => break,
            }
        }
        // Where the result goes.
        let parent = ir.parent(cur);
        let flushed = self.flush_follows(cur, api, receiver) || autoflush;
        if flushed && wait == Wait::None {
            wait = Wait::FlushAfter;
        }
        // An error result: the send is checked only where it is read.
        if let Some(i) = err_idx {
            return (wait, self.error_destination(cur, i));
        }
        let used = match parent.map(|p| ir.kind(p)) {
            Some(Kind::Expr(_)) => None,
            Some(Kind::Lambda { body, .. }) if *body == cur => {
                // `orders.forEach(o -> producer.send(..))` drops it;
                // `orders.stream().map(o -> producer.send(..))` keeps it.
                let drops = parent
                    .and_then(|l| self.lambda_call(l))
                    .is_some_and(|(_, m)| {
                        matches!(
                            m,
                            "forEach" | "forEachOrdered" | "foreach" | "each" | "onEach"
                        )
                    });
                if drops {
                    None
                } else {
                    Some(Observation::Kept)
                }
            }
            Some(Kind::Let { .. }) | Some(Kind::Assign { .. }) => {
                Some(self.stored_future(cur, api, &mut wait))
            }
            Some(Kind::Return(_)) => Some(Observation::Kept),
            Some(_) => Some(Observation::Kept),
            None => None,
        };
        let obs = match (obs, used) {
            (Some(o), _) => o,
            (None, Some(u)) => u,
            (None, None) if success_only => Observation::SuccessOnly,
            (None, None) if sync => Observation::Dropped,
            (None, None) => Observation::Dropped,
        };
        let obs = if success_only && obs == Observation::Kept {
            Observation::Kept
        } else if success_only && matches!(obs, Observation::Dropped) {
            Observation::SuccessOnly
        } else {
            obs
        };
        (wait, obs)
    }

    /// A future stored in a variable: waited for right away (`f.get()`
    /// before the next send), observed, kept, or never used.
    fn stored_future(&self, expr: Id, api: &Api, wait: &mut Wait) -> Observation {
        let ir = self.ir;
        let Some(stmt) = ir.parent(expr) else {
            return Observation::Unknown;
        };
        let var = match ir.kind(stmt) {
            Kind::Let { names, .. } => names.first().map(|n| n.to_string()),
            Kind::Assign { target, .. } => self.var_name(*target).map(str::to_string),
            _ => None,
        };
        let Some(var) = var else {
            return Observation::Kept;
        };
        // A field or a collection: kept for later.
        if matches!(ir.kind(stmt), Kind::Let { field: true, .. }) {
            return Observation::Kept;
        }
        let Some(block) = ir
            .ancestors(stmt)
            .find(|(a, _)| matches!(ir.kind(*a), Kind::Block(_)))
            .map(|(a, _)| a)
        else {
            return Observation::Kept;
        };
        let after = ir.node(stmt).end;
        let send_names: Vec<&str> = api.sends.iter().map(|s| s.method.as_str()).collect();
        let mut verdict = None;
        let mut used = false;
        let mut another_send = false;
        ir.walk(block, |k| {
            if verdict.is_some() {
                return false;
            }
            let n = ir.node(k);
            if n.end <= after && !ir.contains(k, stmt) {
                return false;
            }
            if n.start < after {
                return true;
            }
            if let Some((recv, m, _)) = ir.call_parts(k) {
                let on_var = recv.and_then(|r| self.var_name(r)) == Some(var.as_str());
                if on_var {
                    used = true;
                    if api.futures.blocking.iter().any(|b| b == m) {
                        // Waiting only after more sends is a wait for a batch.
                        if !another_send {
                            *wait = Wait::BlockingGet;
                        }
                        verdict = Some(Observation::Awaited);
                    } else if api.futures.observers.iter().any(|o| o.method == m) {
                        verdict = Some(Observation::Callback);
                    }
                } else if send_names.contains(&m) {
                    another_send = true;
                }
            }
            if self.var_name(k) == Some(var.as_str()) {
                used = true;
            }
            true
        });
        match verdict {
            Some(v) => v,
            None if used => Observation::Kept,
            None => Observation::Dropped,
        }
    }

    /// The statement after the send is `flush()` on the same receiver.
    fn flush_follows(&self, expr: Id, api: &Api, receiver: &str) -> bool {
        let ir = self.ir;
        let stmt = self.statement(expr);
        let Some(block) = ir.parent(stmt) else {
            return false;
        };
        let Kind::Block(items) = ir.kind(block) else {
            return false;
        };
        let Some(pos) = items.iter().position(|i| *i == stmt) else {
            return false;
        };
        let Some(next) = items.get(pos + 1) else {
            return false;
        };
        let inner = match ir.kind(*next) {
            Kind::Expr(e) => *e,
            _ => *next,
        };
        let inner = match ir.kind(inner) {
            Kind::Await(e) => *e,
            _ => inner,
        };
        ir.call_parts(inner).is_some_and(|(r, m, _)| {
            api.flush.iter().any(|f| f == m) && r.and_then(|r| self.var_name(r)) == Some(receiver)
        })
    }

    /// What a callback does with the error it is given: parameter
    /// `error_param` is the error, or with `members` a report carrying the
    /// error as one of those members (`report.Error`).
    pub fn callback_observation(
        &self,
        cb: Id,
        error_param: Option<usize>,
        members: &[String],
    ) -> Observation {
        let ir = self.ir;
        let cb = ir.strip(cb);
        let error_use = |params: &[super::ir::Param], body: Id| {
            if members.is_empty() {
                self.error_use(params, body, error_param)
            } else {
                self.error_member_use(params, body, error_param.unwrap_or(0), members)
            }
        };
        match ir.kind(cb) {
            Kind::Null => Observation::Dropped,
            Kind::Lambda { params, body } => error_use(params, *body),
            // A SAM conversion: Kotlin's `Callback { metadata, e -> .. }`.
            Kind::New {
                args, body: None, ..
            } if args.len() == 1
                && matches!(ir.kind(ir.strip(args[0].value)), Kind::Lambda { .. }) =>
            {
                match ir.kind(ir.strip(args[0].value)) {
                    Kind::Lambda { params, body } => error_use(params, *body),
                    _ => Observation::Callback,
                }
            }
            Kind::New { body: Some(b), .. } => {
                // An anonymous class: its single method.
                let m = ir.find_all(*b, |k| matches!(ir.kind(k), Kind::Func { .. }));
                match m.first().map(|f| ir.kind(*f)) {
                    Some(Kind::Func { params, body, .. }) => error_use(params, *body),
                    _ => Observation::Callback,
                }
            }
            _ => {
                // A function of this file passed by name.
                let name = ir.last_name(cb);
                match name.and_then(|n| self.func(n, None)).map(|f| ir.kind(f)) {
                    Some(Kind::Func { params, body, .. }) => {
                        let skip = params
                            .first()
                            .is_some_and(|p| self.lang.this_names.contains(&&*p.name))
                            as usize;
                        error_use(&params[skip..], *body)
                    }
                    _ => Observation::Callback,
                }
            }
        }
    }

    fn error_use(
        &self,
        params: &[super::ir::Param],
        body: Id,
        error_param: Option<usize>,
    ) -> Observation {
        let ir = self.ir;
        let Some(i) = error_param else {
            return Observation::Callback;
        };
        let Some(p) = params.get(i) else {
            return Observation::CallbackIgnoresError {
                param: "the error".into(),
            };
        };
        let name = &*p.name;
        if name == "_" || name.starts_with("_") && name.len() > 1 && !name.starts_with("__") {
            return Observation::CallbackIgnoresError {
                param: name.to_string(),
            };
        }
        let uses = ir.find_all(
            body,
            |k| matches!(ir.kind(k), Kind::Name(n) if &**n == name),
        );
        if uses.is_empty() {
            return Observation::CallbackIgnoresError {
                param: name.to_string(),
            };
        }
        // Only `if (e == null) { .. }` without an else: the error is never handled.
        let handled = uses.iter().any(|u| !self.only_success_check(*u));
        if handled {
            Observation::Callback
        } else {
            Observation::CallbackIgnoresError {
                param: name.to_string(),
            }
        }
    }

    /// A callback whose parameter `i` is a report carrying the error as one
    /// of `members` (`report.Error`): the error is seen when the body reads
    /// one of them (other than only to confirm success), or hands the whole
    /// report on.
    fn error_member_use(
        &self,
        params: &[super::ir::Param],
        body: Id,
        i: usize,
        members: &[String],
    ) -> Observation {
        let ir = self.ir;
        let Some(p) = params.get(i) else {
            return Observation::CallbackIgnoresError {
                param: members
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "the error".into()),
            };
        };
        let name = &*p.name;
        let ignored = || Observation::CallbackIgnoresError {
            param: format!("{name}.{}", members.first().map_or("Error", |m| m.as_str())),
        };
        if name == "_" || name.starts_with('_') && name.len() > 1 && !name.starts_with("__") {
            return ignored();
        }
        let uses = ir.find_all(
            body,
            |k| matches!(ir.kind(k), Kind::Name(n) if &**n == name),
        );
        for u in uses {
            match ir.parent(u).map(|m| (m, ir.kind(m))) {
                Some((m, Kind::Member { name: member, .. })) => {
                    if members.iter().any(|x| x == &**member) && !self.only_success_check(m) {
                        return Observation::Callback;
                    }
                }
                // The whole report goes somewhere (a completion source, a
                // handler of its own): it may be checked there.
                _ => return Observation::Callback,
            }
        }
        ignored()
    }

    /// A use of the error that only tests for its absence in an `if` with
    /// no else branch (`if (exception == null) { log.info(..) }`).
    fn only_success_check(&self, use_: Id) -> bool {
        let ir = self.ir;
        let Some(cmp) = ir.parent(use_) else {
            return false;
        };
        let is_null_test = match ir.kind(cmp) {
            Kind::Binary { op, l, r } => {
                let other = if *l == use_ { *r } else { *l };
                matches!(&**op, "==" | "===" | "is")
                    && matches!(ir.kind(ir.strip(other)), Kind::Null)
            }
            _ => false,
        };
        if !is_null_test {
            return false;
        }
        let Some(stmt) = ir.parent(cmp) else {
            return false;
        };
        matches!(ir.kind(stmt), Kind::If { cond, else_: None, .. } if *cond == cmp)
    }

    /// Evidence that the record's value is an entity whose updates must
    /// stay in order: a domain object (or its serialisation) taken from a
    /// loop over entities or given to a per-message handler, or an object
    /// whose type names an entity (`Order`, `PaymentEvent`).
    fn entity_evidence(
        &self,
        call: Id,
        value: Option<Id>,
        topic: Option<&TopicName>,
    ) -> Option<String> {
        let ir = self.ir;
        let mut value = value?;
        // `sarama.StringEncoder(o.JSON())`, `[]byte(s)`: the converted value.
        for _ in 0..4 {
            match self.unwrap_conversion(ir.strip(value)) {
                Some(x) => value = x,
                None => break,
            }
        }
        // Names whose whole object is the value: itself, an argument of a
        // serialiser or constructor, the receiver of `toJson()`-style
        // calls; not the owner of a field or accessor (`f.getFoo()`).
        let mut names: Vec<(&str, Id)> = Vec::new();
        let mut gather = |root: Id| {
            ir.walk(root, |k| match ir.kind(k) {
                Kind::Name(n) => {
                    names.push((n, k));
                    true
                }
                Kind::Member { .. } => false,
                Kind::Call { func, args } => {
                    if let Kind::Member { obj, name } = ir.kind(*func) {
                        let whole = self.lang.serializers.contains(&&**name)
                            || self
                                .lang
                                .conversions
                                .iter()
                                .any(|(q, n)| q.is_empty() && *n == &**name);
                        if whole {
                            if let Kind::Name(n) = ir.kind(ir.strip(*obj)) {
                                names.push((n, *obj));
                            }
                        }
                    }
                    for a in args {
                        if let Kind::Name(n) = ir.kind(ir.strip(a.value)) {
                            names.push((n, a.value));
                        }
                    }
                    false
                }
                _ => true,
            })
        };
        gather(value);
        if let Some(v) = self.var_name(value) {
            if let Some(init) = self
                .lookup(v, value)
                .filter(|d| d.kind == DeclKind::Local)
                .and_then(|d| d.value)
            {
                gather(init);
            }
        }
        let topic_names = |t: &str| {
            let t = t.to_ascii_lowercase();
            topic
                .and_then(|x| x.literal())
                .is_some_and(|lit| lit.to_ascii_lowercase().contains(&t))
        };
        for (name, at) in names {
            let Some(d) = self.lookup(name, at) else {
                continue;
            };
            let declared =
                d.ty.map(|t| super::lower::simple_type(t).to_string())
                    .filter(|t| t != "var" && t != "val");
            match d.kind {
                DeclKind::LoopVar | DeclKind::LambdaParam => {
                    let coll = if d.kind == DeclKind::LoopVar {
                        d.value.and_then(|c| self.collection_root(c))
                    } else {
                        let Some((lcall, m)) = self.lambda_call(d.owner) else {
                            continue;
                        };
                        if !self.lang.loop_calls.contains(&m) {
                            continue;
                        }
                        ir.call_parts(lcall)
                            .and_then(|(r, _, _)| r)
                            .and_then(|r| self.collection_root(r))
                    };
                    let ty = declared
                        .clone()
                        .or_else(|| coll.and_then(|c| self.element_type(c)));
                    let coll_name = coll
                        .and_then(|c| self.var_name(c))
                        .unwrap_or("a collection");
                    if let Some(t) = ty.as_deref().filter(|t| self.is_domain_type(t)) {
                        return Some(format!("`{t}` data from the loop over `{coll_name}`"));
                    }
                    if ty.is_none() && entity_name(coll_name) && entity_name(name) {
                        return Some(format!("`{name}` from the loop over `{coll_name}`"));
                    }
                }
                DeclKind::Param => {
                    let Some((f, _)) = d.param_of else { continue };
                    let Some(t) = declared.as_deref().filter(|t| self.is_domain_type(t)) else {
                        continue;
                    };
                    let (message, _) = self.handler_kind(f);
                    if message {
                        return Some(format!("the `{t}` data this handler receives"));
                    }
                    if entity_name(t) || topic_names(t) {
                        return Some(format!("`{t}` data"));
                    }
                }
                DeclKind::Local | DeclKind::Field | DeclKind::Global => {
                    if let Some(t) = declared.as_deref().filter(|t| self.is_domain_type(t)) {
                        if entity_name(t) || topic_names(t) {
                            return Some(format!("`{t}` data"));
                        }
                    }
                }
            }
        }
        let _ = call;
        None
    }

    /// A declared type that is a domain class: not a primitive, string,
    /// number, collection of those, or framework type.
    fn is_domain_type(&self, t: &str) -> bool {
        let t = super::lower::simple_type(t.trim_end_matches('?'));
        // A type parameter (`T`, `V`, `TValue`) is not a domain class.
        let type_param = t.len() <= 2
            || (t.starts_with('T') && t[1..].starts_with(|c: char| c.is_ascii_uppercase()));
        !type_param
            && t.starts_with(|c: char| c.is_ascii_uppercase())
            && !self.lang.non_domain_types.contains(&t)
            && !t.ends_with("Record")
            && !t.ends_with("Message")
            && !t.ends_with("Request")
            && !t.ends_with("Response")
    }

    /// The variable at the root of a collection expression
    /// (`orders.stream().filter(..)` → `orders`), unless a `map` turns
    /// the elements into something else.
    fn collection_root(&self, coll: Id) -> Option<Id> {
        let ir = self.ir;
        let mut root = ir.strip(coll);
        for _ in 0..16 {
            if self.var_name(root).is_some() {
                return Some(root);
            }
            let (recv, m, _) = ir.call_parts(root)?;
            if matches!(
                m,
                "map"
                    | "flatMap"
                    | "mapToObj"
                    | "mapMulti"
                    | "values"
                    | "keySet"
                    | "keys"
                    | "items"
            ) {
                return None;
            }
            root = ir.strip(recv?);
        }
        None
    }

    /// The element type of a collection variable (`List<Order> orders`).
    fn element_type(&self, coll: Id) -> Option<String> {
        let v = self.var_name(coll)?;
        let d = self.lookup(v, coll)?;
        let ty = d.ty?;
        // Go slices: `[]Order`, `[]*Order`.
        if let Some(elem) = ty.trim().strip_prefix("[]") {
            return Some(super::lower::simple_type(elem).to_string());
        }
        let open = ty.find(['<', '['])?;
        let inner = ty[open + 1..].trim_end_matches(['>', ']']).trim();
        let last = inner.rsplit(',').next()?.trim();
        Some(super::lower::simple_type(last).to_string())
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("").trim()
}
