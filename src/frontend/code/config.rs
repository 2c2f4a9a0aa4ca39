//! Tracing a producer's configuration: the map, dict, object literal,
//! config object, builder chain or option list it is built from, followed
//! through variables and fields, their later mutations (`put`, `[k] = v`,
//! `cfg.A.B = v`, `update`), merges (`putAll`, `{**base}`, spreads) and
//! helper functions of the same file, with parameters bound at call sites.
//! What cannot be followed makes the trace incomplete, never a guess.

use super::eval::{Env, Ev, Frame};
use super::ir::{Id, Key, Kind};
use super::lang::MapShape;
use super::scope::{Cx, Decl, DeclKind};
use crate::model::{ExternalSource, Value};

/// How many helpers/maps deep a trace follows.
const MAX_TRACE: u32 = 8;

/// One `key → value` written into a config.
#[derive(Debug, Clone)]
pub struct RawEntry {
    /// Texts the key may be looked up by, most specific first: the
    /// expression as written (`ProducerConfig.ACKS_CONFIG`, a field path
    /// `Producer.RequiredAcks`, a setter or option name) and its string value.
    pub key: Vec<String>,
    /// The value expression and its evaluation; `None` for an option
    /// that implies its value (`DisableIdempotentWrite()`).
    pub value: Option<(Id, Ev)>,
    /// Byte range of the statement or entry that sets it.
    pub start: u32,
    pub end: u32,
    /// The key is an expression whose value is only known at run time
    /// (`props.put(entry.getKey(), ..)`): which setting it writes is unknown.
    pub computed_key: bool,
}

/// The entries of a traced config and whether the trace saw everything.
#[derive(Debug, Clone)]
pub struct Trace {
    pub entries: Vec<RawEntry>,
    pub complete: bool,
    /// Why it is incomplete, for `--explain-unknown`.
    pub unknowns: Vec<String>,
    /// The variable the config is built in.
    pub variable: Option<String>,
    /// Where the last setting was written (for inserting a missing one).
    pub last_stmt: Option<Id>,
    /// Some settings are entries of a literal (`{"acks": "all"}`, a
    /// struct literal's fields).
    pub literal: bool,
    /// Parts built in another file (a builder, an exported config, a
    /// loaded file) that project resolution may find.
    pub externals: Vec<RawExternal>,
}

/// A part of the config this file takes from elsewhere: before entry
/// `pos` of the trace, written at bytes `start..end`, standing for the
/// `unknowns` line `reason`.
#[derive(Debug, Clone)]
pub struct RawExternal {
    pub source: ExternalSource,
    pub start: u32,
    pub end: u32,
    pub pos: usize,
    pub reason: String,
}

impl Trace {
    pub fn empty() -> Self {
        Trace {
            entries: Vec::new(),
            complete: true,
            unknowns: Vec::new(),
            variable: None,
            last_stmt: None,
            literal: false,
            externals: Vec::new(),
        }
    }

    /// Unknown here, but named: project resolution may find it.
    pub fn external(why: String, source: ExternalSource, start: u32, end: u32) -> Self {
        let mut t = Trace::unknown(why.clone());
        t.externals.push(RawExternal {
            source,
            start,
            end,
            pos: 0,
            reason: why,
        });
        t
    }

    pub fn unknown(why: String) -> Self {
        Trace {
            complete: false,
            unknowns: vec![why],
            ..Trace::empty()
        }
    }

    pub fn merge(&mut self, other: Trace) {
        let offset = self.entries.len();
        self.externals
            .extend(other.externals.into_iter().map(|mut x| {
                x.pos += offset;
                x
            }));
        self.entries.extend(other.entries);
        self.complete &= other.complete;
        self.unknowns.extend(other.unknowns);
        self.literal |= other.literal;
        if other.last_stmt.is_some() {
            self.last_stmt = other.last_stmt;
        }
    }

    pub fn incomplete(&mut self, why: String) {
        self.complete = false;
        self.unknowns.push(why);
    }
}

/// What the trace is for: the producer construction and the library's
/// config setters (`set`, `withProperty`) and typed setter names.
pub struct Want<'w> {
    pub setters: &'w [String],
    /// Methods or option functions that name a setting themselves
    /// (`withAcks`, `kgo.RequiredAcks`): true when `name` is one.
    pub is_named_setter: &'w dyn Fn(&str) -> bool,
    /// Config object factories (`sarama.NewConfig`, `ClientConfig::new`).
    pub config_types: &'w [String],
    /// Methods of a config builder that return it unchanged
    /// (`set_log_level`).
    pub passthrough: &'w [String],
}

impl<'a, 't> Cx<'a, 't> {
    /// The texts a key expression may be looked up by.
    pub fn key_texts(&self, k: Id, env: Env<'_>) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(p) = self.ir.path(k) {
            out.push(p);
        }
        if let Some(s) = self.eval(k, env).val.text() {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }

    fn entry(
        &self,
        key: Vec<String>,
        value: Option<Id>,
        start: u32,
        end: u32,
        env: Env<'_>,
    ) -> RawEntry {
        RawEntry {
            key,
            value: value.map(|v| (v, self.eval(v, env))),
            start,
            end,
            computed_key: false,
        }
    }

    /// An entry whose key is the expression `k`.
    fn keyed(&self, k: Id, value: Option<Id>, start: u32, end: u32, env: Env<'_>) -> RawEntry {
        let mut e = self.entry(self.key_texts(k, env), value, start, end, env);
        // A name of the library or another file (`SaslConfigs.SASL_MECHANISM`)
        // is a fixed key; a call, an index or a variable is computed.
        e.computed_key = self.eval(k, env).val.text().is_none()
            && match self.ir.path(k) {
                None => true,
                Some(p) => {
                    let root = p.split('.').next().unwrap_or("");
                    self.lookup(root, k).is_some_and(|d| {
                        !d.constant
                            && matches!(
                                d.kind,
                                DeclKind::Local
                                    | DeclKind::Param
                                    | DeclKind::LoopVar
                                    | DeclKind::LambdaParam
                            )
                    })
                }
            };
        e
    }

    fn stmt_range(&self, id: Id) -> (u32, u32) {
        let s = self.statement(id);
        let n = self.ir.node(s);
        (n.start, n.end)
    }

    /// Traces the config an expression evaluates to, as used at `site`.
    pub fn trace(&self, expr: Id, site: Id, env: Env<'_>, want: &Want<'_>, depth: u32) -> Trace {
        if depth > MAX_TRACE || expr.is_none() {
            return Trace::unknown("the configuration is built too many levels deep".into());
        }
        let ir = self.ir;
        let e = ir.strip(expr);
        match ir.kind(e) {
            Kind::Object(entries) => {
                let mut t = Trace::empty();
                t.literal = !entries.is_empty();
                for en in entries {
                    match &en.key {
                        Key::Name(n) => {
                            t.entries.push(self.entry(
                                vec![n.to_string()],
                                Some(en.value),
                                en.start,
                                en.end,
                                env,
                            ));
                            // A nested options object (`retry: { retries: 0 }`,
                            // `kafkaJS: { idempotent: true }`): its entries are
                            // also settings, named by their path (`retry.retries`).
                            if let Kind::Object(_) = ir.kind(ir.strip(en.value)) {
                                if depth < MAX_TRACE {
                                    let inner = self.trace(en.value, site, env, want, depth + 1);
                                    for mut ie in inner.entries {
                                        for k in &mut ie.key {
                                            *k = format!("{n}.{k}");
                                        }
                                        t.entries.push(ie);
                                    }
                                    t.complete &= inner.complete;
                                    t.unknowns.extend(inner.unknowns);
                                }
                            }
                        }
                        Key::Expr(k) => {
                            t.entries
                                .push(self.keyed(*k, Some(en.value), en.start, en.end, env));
                        }
                        Key::Spread => t.merge(self.trace(en.value, site, env, want, depth + 1)),
                    }
                }
                t
            }
            Kind::New {
                ty,
                path,
                args,
                init,
                body,
            } => {
                let known = self.lang.map_types.contains(&&**ty)
                    || want.config_types.iter().any(|c| c == &**ty || c == &**path);
                if !known {
                    return Trace::unknown(format!(
                        "`{}` is not a configuration this tool can read",
                        self.text(e)
                    ));
                }
                let mut t = Trace::empty();
                // A wrapper's settings object: its arguments are no map.
                let reads = (!self.lang.map_types.contains(&&**ty))
                    .then(|| {
                        self.apis.iter().find_map(|api| {
                            (api.config_types.iter().any(|c| c == &**ty)
                                && self.imports_library(api))
                            .then_some(api.config_type_reads.as_deref())
                            .flatten()
                        })
                    })
                    .flatten();
                if let Some(r) = reads {
                    if r != "none" {
                        t.incomplete(format!("`{}` also reads {r}", first_line(self.text(e))));
                    }
                } else if let Some(a) = args.iter().find(|a| a.name.is_none()) {
                    let first = ir.strip(a.value);
                    match ir.kind(first) {
                        Kind::Int(_) => {}
                        // new Properties(defaults): looked up, not copied.
                        _ if &**ty == "Properties" => t.incomplete(
                            "`new Properties(defaults)` reads defaults at run time".into(),
                        ),
                        _ => t.merge(self.trace(first, site, env, want, depth + 1)),
                    }
                }
                if let Some(i) = init {
                    let mut it = self.trace(*i, site, env, want, depth + 1);
                    // The fields of a config struct literal
                    // (`kafka.WriterConfig{RequiredAcks: ..}`) are also
                    // looked up with the type's name (`WriterConfig.RequiredAcks`).
                    if let Kind::Object(entries) = ir.kind(*i) {
                        for (raw, en) in it
                            .entries
                            .iter_mut()
                            .zip(entries.iter().filter(|en| !matches!(en.key, Key::Spread)))
                        {
                            if let Key::Name(n) = &en.key {
                                raw.key.insert(0, format!("{ty}.{n}"));
                            }
                        }
                    }
                    t.merge(it);
                }
                if let Some(b) = body {
                    // Double-brace initialisation: `new HashMap<>() {{ put(k, v); }}`.
                    t.merge(self.implicit_receiver_calls(*b, env, want, depth + 1));
                }
                t
            }
            Kind::Call { .. } => self.trace_call(e, site, env, want, depth),
            // `base + mapOf(..)`: both maps, the right one's entries last.
            Kind::Binary { op, l, r } if self.lang.map_merge_ops.contains(&&**op) => {
                let mut t = self.trace(*l, site, env, want, depth + 1);
                t.merge(self.trace(*r, site, env, want, depth + 1));
                t
            }
            // A view written as a property: Scala's `m.asJava`.
            Kind::Member { obj, name } if self.lang.views.contains(&&**name) => {
                self.trace(*obj, site, env, want, depth + 1)
            }
            // `ProducerSettings[IO, K, V]`: a fresh settings object.
            Kind::Name(n)
                if want.config_types.iter().any(|c| c == &**n) && self.lookup(n, e).is_none() =>
            {
                Trace::empty()
            }
            Kind::Name(_) | Kind::Member { .. } => {
                let Some(name) = self.var_name(e) else {
                    let why = format!("`{}` comes from elsewhere", self.text(e));
                    return self.elsewhere(e, why, None, env);
                };
                let Some(d) = self.lookup(name, e) else {
                    let why = format!("`{name}` is not declared in this file");
                    return self.elsewhere(e, why, None, env);
                };
                self.trace_var(name, &d, e, site, env, want, depth)
            }
            _ => Trace::unknown(format!(
                "`{}` is computed at run time",
                first_line(self.text(e))
            )),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn trace_var(
        &self,
        name: &str,
        d: &Decl<'_>,
        at: Id,
        site: Id,
        env: Env<'_>,
        want: &Want<'_>,
        depth: u32,
    ) -> Trace {
        match d.kind {
            DeclKind::Local | DeclKind::Field | DeclKind::Global => {
                let mut t = match d.value {
                    Some(v) => self.trace(v, site, env, want, depth + 1),
                    None => Trace::empty(),
                };
                let local = d.kind == DeclKind::Local && self.ir.contains(d.scope, site);
                let limit = local.then(|| self.ir.node(site).start);
                let scope = if d.kind == DeclKind::Local {
                    d.scope
                } else {
                    self.ir.root
                };
                t.merge(self.mutations(name, d, scope, limit, env, want, depth + 1));
                t.variable = Some(name.to_string());
                t
            }
            DeclKind::Param => {
                let bound = d.param_of.and_then(|(f, i)| env.bound(f, i));
                match bound {
                    Some((arg, _, outer)) => {
                        let mut t = self.trace(arg, arg, outer, want, depth + 1);
                        // Changes made to it in this function still count.
                        if let Some((f, _)) = d.param_of {
                            if let Kind::Func { body, .. } = self.ir.kind(f) {
                                t.merge(self.mutations(
                                    name,
                                    d,
                                    *body,
                                    Some(self.ir.node(site).start),
                                    env,
                                    want,
                                    depth + 1,
                                ));
                            }
                        }
                        t.variable = Some(name.to_string());
                        t
                    }
                    None => {
                        let _ = at;
                        let mut t = Trace::unknown(format!(
                            "`{name}` is a parameter: its settings come from the caller"
                        ));
                        t.variable = Some(name.to_string());
                        t
                    }
                }
            }
            _ => Trace::unknown(format!("`{name}` changes at run time")),
        }
    }

    fn trace_call(&self, e: Id, site: Id, env: Env<'_>, want: &Want<'_>, depth: u32) -> Trace {
        let ir = self.ir;
        let Some((recv, name, args)) = ir.call_parts(e) else {
            return Trace::unknown(format!(
                "`{}` is computed at run time",
                first_line(self.text(e))
            ));
        };
        let qualifier = recv.map(|r| self.text(r)).unwrap_or("");
        let positional: Vec<Id> = ir.positional(e);
        // Map factories: Map.of(..), mapOf(a to b), dict(k=v).
        if let Some((_, _, shape)) =
            self.lang.map_factories.iter().find(|(q, n, _)| {
                *n == name && (*q == qualifier || (q.is_empty() && recv.is_none()))
            })
        {
            return self.map_factory(e, *shape, &positional, env, want, site, depth);
        }
        if let Some(r) = recv {
            // Views that keep the content: `m.asJava`, `m.toMap()`.
            if self.lang.views.contains(&name) || want.passthrough.iter().any(|p| p == name) {
                return self.trace(r, site, env, want, depth + 1);
            }
            // Scope functions: `Properties().apply { put(..) }`.
            if self.lang.scope_functions.contains(&name) {
                let mut t = self.trace(r, site, env, want, depth + 1);
                if let Some(lambda) = positional.last() {
                    t.merge(self.scope_lambda(*lambda, env, want, depth + 1));
                }
                return t;
            }
            // Builder chains: `ClientConfig::new().set(k, v)`, `.withProperty(k, v)`.
            if want.setters.iter().any(|s| s == name) && positional.len() == 2 {
                let mut t = self.trace(r, site, env, want, depth + 1);
                let n = ir.node(e);
                t.entries
                    .push(self.keyed(positional[0], Some(positional[1]), n.start, n.end, env));
                return t;
            }
            // A whole map or key/value pairs: `.withProperties(Map(k -> v))`.
            if self
                .apis
                .iter()
                .any(|a| a.config_merges.iter().any(|m| m == name))
            {
                let mut t = self.trace(r, site, env, want, depth + 1);
                for a in &positional {
                    match ir.kind(ir.strip(*a)) {
                        Kind::Binary { op, l, r } if self.lang.pair_ops.contains(&&**op) => {
                            let n = ir.node(*a);
                            t.entries
                                .push(self.keyed(*l, Some(*r), n.start, n.end, env));
                        }
                        _ => t.merge(self.trace(*a, site, env, want, depth + 1)),
                    }
                }
                return t;
            }
            // Typed setters: `.withAcks(Acks.One)`, `.withLinger(10.millis)`.
            if (want.is_named_setter)(name) && !self.is_config_factory(e, want) {
                let mut t = self.trace(r, site, env, want, depth + 1);
                let n = ir.node(e);
                t.entries.push(self.entry(
                    vec![name.to_string()],
                    positional.first().copied(),
                    n.start,
                    n.end,
                    env,
                ));
                return t;
            }
        }
        if self.is_config_factory(e, want) {
            return Trace::empty();
        }
        // A call whose result carries a config given to it (`sarama.NewClient(addrs, cfg)`).
        if let Some(c) = self.carrier(e) {
            return match c.config {
                super::api::ConfigSource::Arg(n) => match positional.get(n) {
                    Some(a) if matches!(ir.kind(ir.strip(*a)), Kind::Null) => Trace::empty(),
                    Some(a) => self.trace(*a, site, env, want, depth + 1),
                    None => Trace::unknown(format!("`{}` is given no configuration", self.text(e))),
                },
                _ => Trace::unknown(format!(
                    "`{}` is built outside this file",
                    first_line(self.text(e))
                )),
            };
        }
        // A helper of this file: the configs it returns, with its
        // parameters bound to this call's arguments.
        if recv.is_none_or(|r| self.is_this(r)) {
            if let Some(f) = self.func(name, Some(args.len())) {
                if env.depth() < 4 && !self.ir.contains(f, e) {
                    let frame = Frame {
                        func: f,
                        call: e,
                        args: self.bind(f, e),
                        outer: env,
                    };
                    let inner = Env {
                        frame: Some(&frame),
                    };
                    return self.trace_returns(f, inner, want, depth + 1);
                }
            }
        }
        let why = format!("`{}` is built outside this file", first_line(self.text(e)));
        self.elsewhere(e, why, None, env)
    }

    /// A method called on a variable or field declared with a class type
    /// (`kafkaConfig.producerProps()` where `KafkaConfig kafkaConfig` is
    /// injected): the method as the class's, `KafkaConfig.producerProps`.
    pub(super) fn typed_path(&self, func: Id) -> Option<String> {
        let ir = self.ir;
        let Kind::Member { obj, name } = ir.kind(ir.strip(func)) else {
            return None;
        };
        let var = self.var_name(*obj)?;
        let d = self.lookup(var, *obj)?;
        if !matches!(
            d.kind,
            DeclKind::Field | DeclKind::Param | DeclKind::Local | DeclKind::Global
        ) {
            return None;
        }
        let ty = super::lower::simple_type(d.ty?);
        let class = ty.trim_end_matches('?');
        (class.starts_with(|c: char| c.is_ascii_uppercase())
            && class.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .then(|| format!("{class}.{name}"))
    }

    /// A config (or a function filling the config handed to it as argument
    /// `fills`) that this file takes from another one: unknown here, and
    /// recorded with its name and literal arguments for project
    /// resolution when it is a plain (dotted) name.
    fn elsewhere(&self, e: Id, why: String, fills: Option<usize>, env: Env<'_>) -> Trace {
        let ir = self.ir;
        let (name, call, args) = match ir.kind(e) {
            Kind::Call { func, .. } => {
                let args: Vec<Value> = ir
                    .positional(e)
                    .iter()
                    .map(|a| self.eval(*a, env).val.to_value(self.text(*a)))
                    .collect();
                (
                    self.typed_path(*func).or_else(|| ir.path(*func)),
                    true,
                    args,
                )
            }
            Kind::Name(_) | Kind::Member { .. } => (ir.path(e), false, Vec::new()),
            _ => (None, false, Vec::new()),
        };
        let Some(name) = name.filter(|n| {
            !n.is_empty()
                && n.split('.')
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'))
        }) else {
            return Trace::unknown(why);
        };
        let n = ir.node(e);
        Trace::external(
            why,
            ExternalSource::Builder {
                name,
                call,
                args,
                fills,
            },
            n.start,
            n.end,
        )
    }

    /// The API entry of a call whose result carries a configuration.
    pub fn carrier(&self, call: Id) -> Option<&'static super::api::CarrierApi> {
        let (recv, name, _) = self.ir.call_parts(call)?;
        self.apis.iter().find_map(|api| {
            api.config_carriers.iter().find(|c| {
                c.name == name
                    && match recv {
                        Some(r) => {
                            let q = self.text(r);
                            c.qualifier.is_empty()
                                || (c.qualifier.iter().any(|x| x == q)
                                    || self.is_library_alias(q, api))
                                    && self.qualifier_is_library(r, api)
                        }
                        None => c.qualifier.is_empty(),
                    }
            })
        })
    }

    /// A call of a config object factory (`sarama.NewConfig()`).
    fn is_config_factory(&self, call: Id, want: &Want<'_>) -> bool {
        let Kind::Call { func, .. } = self.ir.kind(call) else {
            return false;
        };
        let path = self.ir.path(*func);
        let last = self.ir.last_name(*func);
        want.config_types
            .iter()
            .any(|c| Some(c.as_str()) == path.as_deref() || Some(c.as_str()) == last)
    }

    #[allow(clippy::too_many_arguments)]
    fn map_factory(
        &self,
        e: Id,
        shape: MapShape,
        positional: &[Id],
        env: Env<'_>,
        want: &Want<'_>,
        site: Id,
        depth: u32,
    ) -> Trace {
        let ir = self.ir;
        let mut t = Trace::empty();
        match shape {
            MapShape::Alternating => {
                for pair in positional.chunks(2) {
                    if let [k, v] = pair {
                        let (ks, ve) = (ir.node(*k).start, ir.node(*v).end);
                        t.entries.push(self.keyed(*k, Some(*v), ks, ve, env));
                    } else {
                        t.incomplete("an odd number of map arguments".into());
                    }
                }
            }
            MapShape::Pairs => {
                for a in positional {
                    match ir.kind(ir.strip(*a)) {
                        Kind::Binary { op, l, r } if self.lang.pair_ops.contains(&&**op) => {
                            let n = ir.node(*a);
                            t.entries
                                .push(self.keyed(*l, Some(*r), n.start, n.end, env));
                        }
                        Kind::List(items) if items.len() == 2 => {
                            let n = ir.node(*a);
                            t.entries.push(self.keyed(
                                items[0],
                                Some(items[1]),
                                n.start,
                                n.end,
                                env,
                            ));
                        }
                        Kind::Spread(inner) => {
                            t.merge(self.trace(*inner, site, env, want, depth + 1))
                        }
                        _ => t.incomplete(format!(
                            "`{}` is not a key/value pair this tool can read",
                            first_line(self.text(*a))
                        )),
                    }
                }
            }
            MapShape::Entries => {
                for a in positional {
                    let x = ir.strip(*a);
                    let ea = ir.positional(x);
                    let is_entry =
                        matches!(ir.kind(x), Kind::Call { .. } | Kind::New { .. }) && ea.len() == 2;
                    if is_entry {
                        let n = ir.node(x);
                        t.entries
                            .push(self.keyed(ea[0], Some(ea[1]), n.start, n.end, env));
                    } else {
                        t.incomplete("a map entry this tool cannot read".into());
                    }
                }
            }
            MapShape::Kwargs => {
                for a in ir.args(e) {
                    match (&a.name, a.spread) {
                        (Some(n), _) => {
                            let node = ir.node(a.value);
                            t.entries.push(self.entry(
                                vec![n.to_string()],
                                Some(a.value),
                                node.start,
                                node.end,
                                env,
                            ));
                        }
                        (None, true) => t.merge(self.trace(a.value, site, env, want, depth + 1)),
                        (None, false) => t.merge(self.trace(a.value, site, env, want, depth + 1)),
                    }
                }
            }
            MapShape::Copy => {
                if let Some(first) = positional.first() {
                    t.merge(self.trace(*first, site, env, want, depth + 1));
                }
            }
            MapShape::Builder => {
                if let Some(lambda) = positional.last() {
                    t.merge(self.scope_lambda(*lambda, env, want, depth + 1));
                }
            }
        }
        t
    }

    /// The body of a scope-function lambda: calls without a receiver (or on
    /// `this`/`it`) act on the config.
    fn scope_lambda(&self, lambda: Id, env: Env<'_>, want: &Want<'_>, depth: u32) -> Trace {
        match self.ir.kind(self.ir.strip(lambda)) {
            Kind::Lambda { body, params } => {
                let mut t = self.implicit_receiver_calls(*body, env, want, depth);
                // `also { it.put(..) }` / `also { p -> p.put(..) }`
                let pname = params
                    .first()
                    .map(|p| p.name.to_string())
                    .unwrap_or_else(|| "it".into());
                t.merge(self.calls_on(&pname, *body, env, want, depth));
                t
            }
            _ => Trace::unknown("a configuration block this tool cannot read".into()),
        }
    }

    /// Mutation calls without a receiver inside `body` (double-brace
    /// initialisers, Kotlin `apply {}` / `buildMap {}` blocks), and
    /// `this[k] = v` assignments.
    fn implicit_receiver_calls(
        &self,
        body: Id,
        env: Env<'_>,
        want: &Want<'_>,
        depth: u32,
    ) -> Trace {
        let ir = self.ir;
        let mut t = Trace::empty();
        ir.walk(body, |n| {
            match ir.kind(n) {
                Kind::Lambda { .. } | Kind::Func { .. } | Kind::Class { .. } if n != body => {
                    return false
                }
                Kind::Call { .. } => {
                    if let Some((recv, _, _)) = ir.call_parts(n) {
                        if recv.is_none_or(|r| self.is_this(r)) {
                            t.merge(self.mutation_call(n, env, want, depth));
                        }
                    }
                }
                Kind::Assign { target, value, .. } => {
                    if let Kind::Index { obj, index } = ir.kind(*target) {
                        if self.is_this(*obj) {
                            let (s, e) = self.stmt_range(n);
                            t.entries.push(self.keyed(*index, Some(*value), s, e, env));
                            t.last_stmt = Some(self.statement(n));
                        }
                    }
                }
                _ => {}
            }
            true
        });
        t
    }

    /// Mutation calls on a variable named `var` inside `body`.
    fn calls_on(&self, var: &str, body: Id, env: Env<'_>, want: &Want<'_>, depth: u32) -> Trace {
        let ir = self.ir;
        let mut t = Trace::empty();
        ir.walk(body, |n| {
            if let Some((Some(recv), _, _)) = ir.call_parts(n) {
                if ir.name(recv) == Some(var) {
                    t.merge(self.mutation_call(n, env, want, depth));
                }
            }
            true
        });
        t
    }

    /// What one call does to the config it is called on.
    fn mutation_call(&self, call: Id, env: Env<'_>, want: &Want<'_>, depth: u32) -> Trace {
        let ir = self.ir;
        let mut t = Trace::empty();
        let Some((_, name, args)) = ir.call_parts(call) else {
            return t;
        };
        let positional = ir.positional(call);
        let put = self.lang.put_methods.contains(&name) || want.setters.iter().any(|s| s == name);
        if put && positional.len() == 2 {
            let (s, e) = self.stmt_range(call);
            t.entries
                .push(self.keyed(positional[0], Some(positional[1]), s, e, env));
            t.last_stmt = Some(self.statement(call));
        } else if self.lang.merge_methods.contains(&name) {
            for a in args {
                match &a.name {
                    Some(k) => {
                        let (s, e) = self.stmt_range(call);
                        t.entries
                            .push(self.entry(vec![k.to_string()], Some(a.value), s, e, env));
                    }
                    None => t.merge(self.trace(a.value, call, env, want, depth + 1)),
                }
            }
            t.last_stmt = Some(self.statement(call));
        } else if (want.is_named_setter)(name) {
            let (s, e) = self.stmt_range(call);
            t.entries.push(self.entry(
                vec![name.to_string()],
                positional.first().copied(),
                s,
                e,
                env,
            ));
        } else if self.lang.opaque_methods.contains(&name) {
            let why = format!(
                "`{}` fills the configuration at run time",
                first_line(self.text(call))
            );
            let file = (self.lang.file_loads.contains(&name) && positional.len() == 1)
                .then(|| self.loaded_file(positional[0], env))
                .flatten();
            match file {
                // A file of the project: resolution may read it.
                Some((path, resource)) => {
                    let (s, e) = self.stmt_range(call);
                    t.merge(Trace::external(
                        why,
                        ExternalSource::File { path, resource },
                        s,
                        e,
                    ));
                }
                None => t.incomplete(why),
            }
        }
        t
    }

    /// The file a stream given to `load` reads, when it is opened by a
    /// literal path (`getResourceAsStream("/producer.properties")`,
    /// `new FileInputStream("conf/producer.properties")`), also through a
    /// variable or wrapping readers: (path, is a class-path resource).
    fn loaded_file(&self, arg: Id, env: Env<'_>) -> Option<(String, bool)> {
        let ir = self.ir;
        let openers = self.lang.file_openers;
        let mut cur = ir.strip(arg);
        for _ in 0..8 {
            // A variable: its initializer (`try (InputStream in = ..)`).
            if let Some(v) = self.var_name(cur) {
                let d = self.lookup(v, cur)?;
                cur = ir.strip(d.value?);
                continue;
            }
            let (name, args, recv) = match ir.kind(cur) {
                Kind::New { ty, args, .. } => {
                    (super::lower::simple_type(ty), args.as_slice(), None)
                }
                Kind::Call { .. } => {
                    let (r, n, a) = ir.call_parts(cur)?;
                    (n, a, r)
                }
                _ => return None,
            };
            if let Some((_, resource)) = openers.iter().find(|(o, _)| *o == name) {
                // The path: the first argument, or the receiver
                // (`File("..").inputStream()`), or inside it
                // (`Paths.get("conf", "producer.properties")`).
                let first = args.iter().find(|a| a.name.is_none()).map(|a| a.value);
                let source = first.or(recv)?;
                return self.path_text(source, env).map(|p| (p, *resource));
            }
            // A wrapper (`new InputStreamReader(in, UTF_8)`, `new
            // BufferedInputStream(in)`): what it wraps.
            cur = ir.strip(args.iter().find(|a| a.name.is_none())?.value);
        }
        None
    }

    /// A file path written as a string, a `File`/`Path` of strings
    /// (joined by `/`), or a variable holding one.
    fn path_text(&self, e: Id, env: Env<'_>) -> Option<String> {
        let ir = self.ir;
        if let Some(t) = self.eval(e, env).val.text() {
            return Some(t);
        }
        let e = ir.strip(e);
        let args: Vec<Id> = match ir.kind(e) {
            Kind::New { .. } | Kind::Call { .. } => ir.positional(e),
            _ => return None,
        };
        if args.is_empty() {
            return None;
        }
        let parts: Option<Vec<String>> =
            args.iter().map(|a| self.eval(*a, env).val.text()).collect();
        Some(parts?.join("/"))
    }

    /// Whether a name use at `at` refers to the declaration `d`.
    fn refers_to(&self, name: &str, at: Id, d: &Decl<'_>) -> bool {
        self.lookup(name, at).is_some_and(|x| x.owner == d.owner)
    }

    /// Everything done to the config variable `name` (declared by `d`)
    /// inside `scope`, before byte `limit` when given.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn mutations(
        &self,
        name: &str,
        d: &Decl<'_>,
        scope: Id,
        limit: Option<u32>,
        env: Env<'_>,
        want: &Want<'_>,
        depth: u32,
    ) -> Trace {
        let ir = self.ir;
        let mut t = Trace::empty();
        if depth > MAX_TRACE {
            return Trace::unknown("the configuration is changed too many levels deep".into());
        }
        let is_var = |id: Id| self.var_name(id) == Some(name) && self.refers_to(name, id, d);
        ir.walk(scope, |n| {
            if limit.is_some_and(|l| ir.node(n).start >= l) {
                return false;
            }
            match ir.kind(n) {
                Kind::Call { .. } => {
                    let Some((recv, cname, _)) = ir.call_parts(n) else {
                        return true;
                    };
                    // `cfg.set(a, x).set(b, y)`: the outer call acts on cfg too.
                    let chained = recv.is_some_and(|r| {
                        let mut cur = ir.strip(r);
                        for _ in 0..32 {
                            match ir.call_parts(cur) {
                                Some((Some(inner), m, _))
                                    if want.setters.iter().any(|x| x == m)
                                        || want.passthrough.iter().any(|x| x == m) =>
                                {
                                    cur = ir.strip(inner)
                                }
                                _ => break,
                            }
                        }
                        cur != ir.strip(r) && is_var(cur)
                    });
                    if recv.is_some_and(is_var) || chained {
                        if self.lang.scope_functions.contains(&cname) {
                            if let Some(l) = ir.positional(n).last() {
                                t.merge(self.scope_lambda(*l, env, want, depth + 1));
                            }
                        } else {
                            t.merge(self.mutation_call(n, env, want, depth));
                        }
                    } else if let Some(pos) = ir.positional(n).iter().position(|a| is_var(*a)) {
                        t.merge(self.passed_to(n, pos, env, want, depth));
                    }
                }
                Kind::Assign { target, value, op } => {
                    let target = ir.strip(*target);
                    match ir.kind(target) {
                        Kind::Index { obj, index } if is_var(*obj) => {
                            let (s, e) = self.stmt_range(n);
                            t.entries.push(self.keyed(*index, Some(*value), s, e, env));
                            t.last_stmt = Some(self.statement(n));
                        }
                        Kind::Member { .. } => {
                            if let Some(rel) = self.path_below(target, name, d) {
                                let (s, e) = self.stmt_range(n);
                                t.entries
                                    .push(self.entry(vec![rel], Some(*value), s, e, env));
                                t.last_stmt = Some(self.statement(n));
                            } else if is_var(target) && n != d.owner {
                                t.merge(self.trace(*value, n, env, want, depth + 1));
                            }
                        }
                        // `conf |= {..}` merges; `conf = ..` replaces (its
                        // settings count from here on, as at run time).
                        _ if is_var(target) && n != d.owner => {
                            let _ = op;
                            t.merge(self.trace(*value, n, env, want, depth + 1));
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
            true
        });
        t
    }

    /// For `cfg.Producer.RequiredAcks` rooted at the config variable:
    /// the path below it (`Producer.RequiredAcks`).
    fn path_below(&self, target: Id, name: &str, d: &Decl<'_>) -> Option<String> {
        let ir = self.ir;
        let mut parts = Vec::new();
        let mut cur = target;
        for _ in 0..16 {
            match ir.kind(cur) {
                Kind::Member { obj, name: m } => {
                    // `this.cfg` is the variable itself when cfg is a field.
                    if self.is_this(*obj) && &**m == name && self.refers_to(name, cur, d) {
                        break;
                    }
                    parts.push(m.to_string());
                    cur = *obj;
                }
                Kind::Name(n) if &**n == name && self.refers_to(name, cur, d) => break,
                _ => return None,
            }
        }
        if parts.is_empty() {
            return None;
        }
        parts.reverse();
        Some(parts.join("."))
    }

    /// The config was handed to `call` as argument `pos`: a helper of
    /// this file is followed, a read-only call is ignored, anything else
    /// may have changed it.
    fn passed_to(&self, call: Id, pos: usize, env: Env<'_>, want: &Want<'_>, depth: u32) -> Trace {
        let ir = self.ir;
        let Some((recv, name, args)) = ir.call_parts(call) else {
            return Trace::empty();
        };
        if recv.is_none_or(|r| self.is_this(r)) {
            if let Some(f) = self.func(name, Some(args.len())) {
                if let Kind::Func { params, body, .. } = ir.kind(f) {
                    if let Some(p) = params.get(pos) {
                        if let Some(d) = self.lookup(&p.name, *body) {
                            if env.depth() < 4 {
                                let frame = Frame {
                                    func: f,
                                    call,
                                    args: self.bind(f, call),
                                    outer: env,
                                };
                                let inner = Env {
                                    frame: Some(&frame),
                                };
                                return self.mutations(
                                    &p.name,
                                    &d,
                                    *body,
                                    None,
                                    inner,
                                    want,
                                    depth + 1,
                                );
                            }
                        }
                    }
                }
                return Trace::unknown(format!("`{name}(..)` may change the configuration"));
            }
        }
        // A map factory given the config copies it (`dict(base)`).
        let copies = self
            .lang
            .map_factories
            .iter()
            .any(|(q, n, _)| *n == name && q.is_empty() && recv.is_none());
        if copies || self.lang.read_only_calls.contains(&name) || self.is_library_construction(call)
        {
            Trace::empty()
        } else {
            let why = format!(
                "the configuration is passed to `{}` which may change it",
                first_line(self.text(call))
            );
            self.elsewhere(call, why, Some(pos), env)
        }
    }

    /// A producer or handle construction of a known library: it only
    /// reads the config it is given.
    pub fn is_library_construction(&self, id: Id) -> bool {
        let ir = self.ir;
        let name = match ir.kind(id) {
            Kind::New { ty, .. } => Some(&**ty),
            Kind::Call { func, .. } => ir.last_name(*func),
            _ => None,
        };
        let Some(name) = name else { return false };
        self.apis.iter().any(|a| {
            a.producers.iter().any(|p| p.name == name)
                || a.handles.iter().any(|h| h.name == name)
                || a.config_types.iter().any(|c| c == name)
                || a.config_carriers.iter().any(|c| c.name == name)
        })
    }

    /// The configs a helper function returns, merged.
    pub fn trace_returns(&self, f: Id, env: Env<'_>, want: &Want<'_>, depth: u32) -> Trace {
        let ir = self.ir;
        let Kind::Func { body, .. } = ir.kind(f) else {
            return Trace::unknown("not a function".into());
        };
        let mut t = Trace::empty();
        let mut any = false;
        let body = *body;
        ir.walk(body, |k| match ir.kind(k) {
            Kind::Lambda { .. } | Kind::Func { .. } | Kind::Class { .. } if k != body => false,
            Kind::Return(Some(v)) => {
                // `return cfg, nil`: the first result; `return nil, err` is
                // a failure path that hands out no config.
                let v = ir.first_result(*v);
                if !matches!(ir.kind(ir.strip(v)), Kind::Null) {
                    any = true;
                    let inner = self.trace(v, k, env, want, depth);
                    // The helper's own config variable (`cfg`) is where a
                    // missing setting is written.
                    if t.variable.is_none() {
                        t.variable = inner.variable.clone();
                    }
                    t.merge(inner);
                }
                false
            }
            _ => true,
        });
        // An expression-bodied function (`fun props() = mapOf(..)`, arrow functions).
        if !any && !matches!(ir.kind(body), Kind::Block(_)) {
            any = true;
            t.merge(self.trace(body, body, env, want, depth));
        }
        if !any {
            t.incomplete("a helper without a return value".into());
        }
        t
    }
}

fn first_line(s: &str) -> &str {
    let l = s.lines().next().unwrap_or("");
    if l.len() > 80 {
        let mut end = 80;
        while !l.is_char_boundary(end) {
            end -= 1;
        }
        &l[..end]
    } else {
        l
    }
}
