//! Producer constructions: where a library's producer (or factory) is
//! built, the configuration it gets, the names that hold it, and the
//! handles built on top of it (a `KafkaTemplate` over a factory).

use super::api::{Api, ConfigSource, Form, ProducerApi};
use super::config::{RawEntry, Trace, Want};
use super::eval::{Env, Frame, Val};
use super::ir::{Id, Kind};
use super::scope::Cx;
use crate::knowledge;
use crate::model::{Config, Insertion, Library, Producer, Provenance, Setting, SettingStyle};
use std::collections::HashSet;

/// A producer found in this file, with what the analysis keeps about it
/// beyond the model.
pub struct Found<'x> {
    pub producer: Producer,
    pub api: &'x Api,
    pub node: Id,
    /// Names holding it, with the handle kind each name has.
    pub names: Vec<(String, String)>,
    /// Names whose sends flush after each record (`new KafkaTemplate<>(pf, true)`).
    pub autoflush: HashSet<String>,
    /// The construction's API entry.
    pub construction: &'x ProducerApi,
    /// Set when the producer is configured fire-and-forget (kafka-go's
    /// `Async: true`): the hook that receives outcomes, if one is set.
    pub fire_and_forget: Option<Option<Id>>,
    /// A generic construction whose product type is not written: it is a
    /// producer only if the file sends through it.
    pub tentative: bool,
}

impl<'a, 't> Cx<'a, 't> {
    /// Every producer construction of the file's libraries.
    pub fn find_producers(&self) -> Vec<Found<'static>> {
        let mut out = Vec::new();
        for api in self.apis.clone() {
            for p in &api.producers {
                for node in self.constructions(api, &p.name, p.form, &p.qualifier) {
                    let (kind, tentative) = if p.types.is_empty() {
                        (p.kind.clone(), false)
                    } else {
                        match self.produced_type(node, &p.types) {
                            Some(Some(kind)) => (kind, false),
                            // Another type (a consumer): not a producer.
                            Some(None) => continue,
                            None => (p.kind.clone(), true),
                        }
                    };
                    for mut f in self.producer_variants(api, p, node) {
                        for (_, k) in &mut f.names {
                            *k = kind.clone();
                        }
                        f.tentative = tentative;
                        out.push(f);
                    }
                }
            }
        }
        out.sort_by_key(|f| (self.ir.node(f.node).start, f.producer.config.settings.len()));
        self.link_handles(&mut out);
        self.propagate_names(&mut out);
        self.config_calls(&mut out);
        for f in &mut out {
            let names: Vec<String> = f.names.iter().map(|(n, _)| n.clone()).collect();
            f.producer.names = names.clone();
            f.producer.closed_after_use = self.closed_after_use(f.node, &names, f.api);
            let poll_kind = f
                .names
                .iter()
                .any(|(_, k)| f.api.reports_need_poll_kinds.contains(k));
            let need = f
                .construction
                .reports_need_poll
                .unwrap_or(f.api.reports_need_poll);
            if need || poll_kind {
                let polled = self.polled(f.node, &names, f.api);
                // Reports that must be switched on (`dr_cb: true`): off in a
                // complete config means none are ever made.
                let settings = &f.api.reports_settings;
                let on = settings.is_empty()
                    || settings.iter().any(|k| {
                        f.producer
                            .config
                            .get(k)
                            .is_some_and(|s| s.value.as_bool() != Some(false))
                    });
                f.producer.reports_served = if on {
                    Some(polled)
                } else if f.producer.config.complete || !polled {
                    Some(false)
                } else {
                    None
                };
            }
            if let Some(hook) = f.fire_and_forget {
                f.producer.reports_served = Some(hook.is_some());
            }
        }
        out
    }

    /// Producers made in another file and imported here under a name:
    /// handles for this file's sends, with their configuration as made.
    pub fn imported_producers(&self, injected: &[(String, Producer)]) -> Vec<Found<'static>> {
        let mut out = Vec::new();
        for (name, p) in injected {
            let Some(api) = self.apis.iter().copied().find(|a| a.lib() == p.library) else {
                continue;
            };
            let Some(construction) = api.producers.first() else {
                continue;
            };
            let mut producer = p.clone();
            producer.names = vec![name.clone()];
            producer.context = Default::default();
            producer.closed_after_use = false;
            // Whether its reports are served is decided where it is made.
            producer.reports_served = None;
            out.push(Found {
                producer,
                api,
                node: self.ir.root,
                names: vec![(name.clone(), construction.kind.clone())],
                autoflush: HashSet::new(),
                construction,
                fire_and_forget: None,
                tentative: false,
            });
        }
        out
    }

    /// Construction sites of `name` in the forms the API allows.
    pub fn constructions(
        &self,
        api: &Api,
        name: &str,
        form: Form,
        qualifier: &[String],
    ) -> Vec<Id> {
        let ir = self.ir;
        let mut out = Vec::new();
        match form {
            Form::New => {
                for n in &self.news {
                    if let Kind::New { ty, path, .. } = ir.kind(*n) {
                        if &**ty == name && self.is_library_type_text(path, api) {
                            out.push(*n);
                        }
                    }
                }
                // Languages without `new`: `KafkaProducer(props)`, `Producer(conf)`,
                // also under an import alias (`from confluent_kafka import
                // Producer as KafkaProducer`).
                let mut local_names = vec![name];
                for (local, full) in &self.imports {
                    let imported = full.rsplit(['.', ':', '/']).next() == Some(name);
                    if imported && *local != name && self.is_library_type(local, api) {
                        local_names.push(local);
                    }
                }
                for local in local_names {
                    for c in self.calls.get(local).into_iter().flatten() {
                        let Kind::Call { func, .. } = ir.kind(*c) else {
                            continue;
                        };
                        let qualified_ok = match ir.kind(*func) {
                            Kind::Name(_) => self.is_library_type(local, api),
                            Kind::Member { obj, .. } => {
                                local == name && self.qualifier_is_library(*obj, api)
                            }
                            _ => false,
                        };
                        if qualified_ok && name.starts_with(|c: char| c.is_ascii_uppercase()) {
                            out.push(*c);
                        }
                    }
                }
            }
            Form::Call => {
                for c in self.calls.get(name).into_iter().flatten() {
                    let Some((recv, _, _)) = ir.call_parts(*c) else {
                        continue;
                    };
                    let ok = match recv {
                        Some(r) if !qualifier.is_empty() => {
                            let q = self.text(r);
                            // An import alias stands for a package (Go's
                            // `kafka`); a type of the library (`SenderOptions`)
                            // is not another one's qualifier.
                            (qualifier.iter().any(|x| x == q)
                                || (self.is_library_alias(q, api)
                                    && !q.starts_with(|c: char| c.is_ascii_uppercase())))
                                && self.qualifier_is_library(r, api)
                        }
                        None => qualifier.is_empty() && self.imports_library(api),
                        Some(_) => qualifier.is_empty() && self.imports_library(api),
                    };
                    if ok {
                        out.push(*c);
                    }
                }
            }
        }
        out
    }

    /// Whether a qualifier (`sarama` in `sarama.NewConfig`, `kafka` in
    /// `kafka.NewWriter`) is an import of the library.
    pub fn qualifier_is_library(&self, q: Id, api: &Api) -> bool {
        match self.ir.path(q) {
            Some(p) => {
                let first = p.split('.').next().unwrap_or(&p);
                self.is_library_type(first, api)
                    && (self.imports.contains_key(first) || self.imports_library(api))
            }
            None => false,
        }
    }

    /// The producer at `node`; one variant per call site of the enclosing
    /// function when its configuration depends on that function's
    /// parameters (`producerFor("0")`).
    fn producer_variants(
        &self,
        api: &'static Api,
        p: &'static ProducerApi,
        node: Id,
    ) -> Vec<Found<'static>> {
        let plain = self.build_producer(api, p, node, Env::default(), None);
        let Some(f) = self.ir.enclosing_func(node, true) else {
            return vec![plain];
        };
        let depends = plain
            .producer
            .config
            .unknowns
            .iter()
            .any(|u| u.contains("is a parameter"))
            || plain
                .producer
                .config
                .settings
                .iter()
                .any(|s| matches!(s.value, crate::model::Value::Unknown(_)));
        if !depends {
            return vec![plain];
        }
        let sites = self.call_sites(f);
        if sites.is_empty() {
            // Called from other files, if at all: project resolution looks.
            let mut plain = plain;
            plain.producer.factory = self.factory(f, &plain.producer);
            return vec![plain];
        }
        if sites.len() > 8 {
            return vec![plain];
        }
        let mut out: Vec<Found<'static>> = Vec::new();
        for call in sites {
            let frame = Frame {
                func: f,
                call,
                args: self.bind(f, call),
                outer: Env::default(),
            };
            let env = Env {
                frame: Some(&frame),
            };
            let v = self.build_producer(api, p, node, env, Some(call));
            if !out.iter().any(|o| o.producer.config == v.producer.config) {
                out.push(v);
            }
        }
        out
    }

    fn build_producer(
        &self,
        api: &'static Api,
        p: &'static ProducerApi,
        node: Id,
        env: Env<'_>,
        _call: Option<Id>,
    ) -> Found<'static> {
        let lib = api.lib();
        let is_named = |name: &str| is_named_setter(lib, name);
        let want = Want {
            setters: &api.config_setters,
            is_named_setter: &is_named,
            config_types: &api.config_types,
            passthrough: &api.config_passthrough,
        };
        let bare = matches!(p.config, ConfigSource::Arg(n) if self.ir.positional(node).len() <= n);
        let mut trace = if p.optional_config && bare {
            Trace::empty()
        } else {
            self.config_of(node, &p.config, env, &want)
        };
        if !p.receiver_types.is_empty() {
            trace = self.with_client_config(node, p, env, &want, trace);
        }
        for i in &p.more_config {
            if let Some(a) = self.ir.positional(node).get(*i) {
                if !matches!(self.ir.kind(self.ir.strip(*a)), Kind::Null) {
                    let more = self.trace(*a, node, env, &want, 1);
                    let (variable, last) = (trace.variable.clone(), trace.last_stmt);
                    trace.merge(more);
                    trace.variable = variable;
                    trace.last_stmt = last;
                }
            }
        }
        self.computed_keys(lib, &mut trace);
        let names = self.assigned_names(node);
        // The front-end's knowledge of how this config is written wins;
        // otherwise the rules use the library's own template.
        let style = match (&p.entry_style, trace.literal && trace.last_stmt.is_none()) {
            (Some(e), true) => e.clone(),
            _ => p.style.clone().unwrap_or_default(),
        };
        // The library's own template is another language's (Kotlin and
        // Scala on the Java client): its table may spell this language.
        let style = if style.is_empty() {
            crate::knowledge::table(lib)
                .language_template(self.lang.id, trace.variable.is_none())
                .map(str::to_string)
                .unwrap_or_default()
        } else {
            style
        };
        let insert = trace.last_stmt.map(|s| {
            let n = self.ir.node(s);
            let at = self.span_range(n.end, n.end);
            let line_start = self.ir.text[..n.start as usize]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let indent: String = self.ir.text[line_start..n.start as usize]
                .chars()
                .take_while(|c| c.is_whitespace())
                .collect();
            Insertion {
                at,
                prefix: format!("\n{indent}"),
                suffix: String::new(),
            }
        });
        let producer = Producer {
            library: lib,
            version: None,
            own_version: None,
            span: self.span(node),
            context: self.context_via(node),
            closed_after_use: false,
            config: Config {
                settings: self.settings_of(api, &trace.entries),
                complete: trace.complete,
                variable: trace.variable.clone(),
                style: SettingStyle {
                    template: style,
                    plain_keys: false,
                },
                insert,
                unknowns: trace.unknowns.clone(),
                external: self.externals(api, &trace),
            },
            names: Vec::new(),
            from_config_file: false,
            reports_served: None,
            factory: None,
            replaces_config_files: None,
            imported_from: None,
            top_level: false,
            local_only: false,
        };
        // Fire-and-forget (kafka-go `Async: true`): outcomes only reach the hook.
        let fire_and_forget = p.fire_and_forget.as_deref().and_then(|key| {
            let on = producer
                .config
                .get(key)
                .is_some_and(|s| s.value.as_bool() == Some(true));
            on.then(|| {
                p.report_hook.as_deref().and_then(|hook| {
                    trace
                        .entries
                        .iter()
                        .rev()
                        .find(|e| {
                            e.key
                                .iter()
                                .any(|k| k == hook || k.ends_with(&format!(".{hook}")))
                        })
                        .and_then(|e| e.value.as_ref().map(|(v, _)| *v))
                })
            })
        });
        let mut found = Found {
            producer,
            api,
            node,
            names: names.into_iter().map(|n| (n, p.kind.clone())).collect(),
            autoflush: HashSet::new(),
            construction: p,
            fire_and_forget,
            tentative: false,
        };
        found.producer.local_only = local_only(&found.producer);
        found.producer.top_level = self.ir.ancestors(node).all(|(a, _)| {
            !matches!(
                self.ir.kind(a),
                Kind::Func { .. } | Kind::Lambda { .. } | Kind::Class { .. }
            )
        });
        if p.replaces_config_files {
            found.producer.replaces_config_files =
                self.bean_replacing_files(p, node, &found.producer);
        }
        found
    }

    /// For a construction made in a bean method (`@Bean`): whether its
    /// config merges the framework's configuration files.
    fn bean_replacing_files(&self, p: &ProducerApi, node: Id, producer: &Producer) -> Option<bool> {
        let f = self.ir.enclosing_func(node, true)?;
        let Kind::Func { annotations, .. } = self.ir.kind(f) else {
            return None;
        };
        let bean = annotations
            .iter()
            .any(|a| super::lower::simple_type(a.trim_start_matches('@')) == "Bean");
        if !bean {
            return None;
        }
        let names = |t: &str| p.merges_config_files.iter().any(|m| t.contains(m.as_str()));
        let merges = producer.config.unknowns.iter().any(|u| names(u))
            || producer.config.external.iter().any(|x| match &x.source {
                crate::model::ExternalSource::Builder { name, .. } => names(name),
                _ => false,
            });
        Some(merges)
    }

    /// The settings of the client a producer is made from (`new
    /// Kafka({..}).producer({..})`), first, then the producer's own.
    fn with_client_config(
        &self,
        node: Id,
        p: &ProducerApi,
        env: Env<'_>,
        want: &Want<'_>,
        own: Trace,
    ) -> Trace {
        let ir = self.ir;
        let client = ir
            .call_parts(node)
            .and_then(|(r, _, _)| r)
            .and_then(|r| self.client_construction(r, &p.receiver_types));
        let mut t = match client {
            Some(c) => match ir.positional(c).first() {
                Some(a) => {
                    let mut t = self.trace(*a, node, env, want, 1);
                    // Where a missing setting goes is the producer's config.
                    t.last_stmt = None;
                    t.literal = false;
                    if p.receiver_optional {
                        // The client's settings it cannot see hold none the
                        // rules need (kafkajs `new Kafka(config)`).
                        t.complete = true;
                        t.unknowns.clear();
                    }
                    t
                }
                None => Trace::empty(),
            },
            None if p.receiver_optional => Trace::empty(),
            None => Trace::unknown(format!(
                "the client `{}` is built outside this file",
                ir.call_parts(node)
                    .and_then(|(r, _, _)| r)
                    .map(|r| self.text(r))
                    .unwrap_or("?")
            )),
        };
        let variable = own.variable.clone();
        let literal = own.literal;
        let last = own.last_stmt;
        t.merge(own);
        t.variable = variable;
        t.literal = literal;
        t.last_stmt = last;
        t
    }

    /// The `new T(..)` (T one of `types`) an expression holds: written
    /// there, or the value of the variable or field it names (declared
    /// with it, or assigned it once in this file).
    fn client_construction(&self, e: Id, types: &[String]) -> Option<Id> {
        let ir = self.ir;
        let is_client =
            |n: Id| matches!(ir.kind(n), Kind::New { ty, .. } if types.iter().any(|t| **t == **ty));
        let e = ir.strip(e);
        if is_client(e) {
            return Some(e);
        }
        let name = self.var_name(e)?;
        if let Some(v) = self.lookup(name, e).and_then(|d| d.value) {
            let v = ir.strip(v);
            return is_client(v).then_some(v);
        }
        let mut found = Vec::new();
        ir.walk(ir.root, |n| {
            if let Kind::Assign { target, value, .. } = ir.kind(n) {
                if self.var_name(*target) == Some(name) {
                    found.push(ir.strip(*value));
                }
            }
            true
        });
        match found.as_slice() {
            [v] if is_client(*v) => Some(*v),
            _ => None,
        }
    }

    /// The configuration a construction is given.
    fn config_of(&self, node: Id, source: &ConfigSource, env: Env<'_>, want: &Want<'_>) -> Trace {
        let ir = self.ir;
        match source {
            ConfigSource::Arg(n) => match ir.positional(node).get(*n) {
                // A nil config: the library's defaults (`sarama.NewSyncProducer(addrs, nil)`).
                Some(a) if matches!(ir.kind(ir.strip(*a)), Kind::Null) => Trace::empty(),
                Some(a) => self.trace(*a, node, env, want, 0),
                // `Producer(**conf)`: the map given as keyword arguments.
                None if ir.args(node).iter().any(|a| a.spread || a.name.is_some()) => {
                    self.config_of(node, &ConfigSource::Kwargs, env, want)
                }
                None => Trace::unknown("the producer is built without a configuration".into()),
            },
            ConfigSource::Kwargs => {
                let mut t = Trace::empty();
                for a in ir.args(node) {
                    match (&a.name, a.spread) {
                        (Some(k), _) => {
                            let n = ir.node(a.value);
                            t.entries.push(RawEntry {
                                key: vec![k.to_string()],
                                value: Some((a.value, self.eval(a.value, env))),
                                start: n.start,
                                end: n.end,
                                computed_key: false,
                            });
                        }
                        (None, true) => t.merge(self.trace(a.value, node, env, want, 0)),
                        (None, false) => {}
                    }
                }
                t
            }
            ConfigSource::Init => {
                let mut t = match ir.kind(node) {
                    Kind::New { init: Some(i), .. } => self.trace(*i, node, env, want, 0),
                    _ => Trace::empty(),
                };
                // Later field assignments on the variable holding it.
                if let Some((name, d)) = self.holder(node) {
                    let mut v = self.trace_holder(&name, &d, node, env, want);
                    v.entries
                        .retain(|e| !t.entries.iter().any(|x| x.start == e.start));
                    t.merge(v);
                }
                t
            }
            ConfigSource::Options(from) => {
                let mut t = Trace::empty();
                for a in ir.args(node).iter().skip(*from) {
                    t.merge(self.option_list(a.value, node, env, want, 0));
                }
                t
            }
            ConfigSource::Receiver => match ir.call_parts(node) {
                Some((Some(r), _, _)) => self.trace(r, node, env, want, 0),
                _ => Trace::unknown("the producer's configuration is not visible here".into()),
            },
            ConfigSource::None => Trace::empty(),
        }
    }

    /// The variable that holds a construction, with its declaration.
    fn holder(&self, node: Id) -> Option<(String, super::scope::Decl<'a>)> {
        let names = self.assigned_names(node);
        let name = names.first()?;
        let d = self.lookup(name, node).or_else(|| {
            // Declared by this very statement: look from just after it.
            let stmt = self.statement(node);
            let parent = self.ir.parent(stmt)?;
            let next = self
                .ir
                .children(parent)
                .into_iter()
                .find(|c| self.ir.node(*c).start > self.ir.node(stmt).start)?;
            self.lookup(name, next)
        })?;
        Some((name.clone(), d))
    }

    fn trace_holder(
        &self,
        name: &str,
        d: &super::scope::Decl<'_>,
        node: Id,
        env: Env<'_>,
        want: &Want<'_>,
    ) -> Trace {
        // Mutations anywhere in the holder's scope (a struct is configured
        // after it is built); the initializer itself is not traced again.
        let mut t = Trace::empty();
        let scope = match d.kind {
            super::scope::DeclKind::Local => d.scope,
            _ => self.ir.root,
        };
        let _ = node;
        t.merge(self.field_assignments(name, d, scope, env, want));
        t
    }

    /// [`Cx::settings`] for `api`'s library, with values written through an
    /// import alias of the library read as its tables spell them.
    pub fn settings_of(&self, api: &Api, entries: &[RawEntry]) -> Vec<Setting> {
        let lib = api.lib();
        let mut out = self.settings(lib, entries);
        let table = knowledge::table(lib);
        for s in &mut out {
            let crate::model::Value::Unknown(text) = &s.value else {
                continue;
            };
            let Some(v) = entries
                .iter()
                .filter_map(|e| e.value.as_ref())
                .find(|(v, _)| self.span(*v) == s.value_span)
                .map(|(v, _)| *v)
            else {
                continue;
            };
            let mut spellings = vec![text.clone()];
            let v = self.ir.strip(v);
            match self.ir.kind(v) {
                Kind::Call { func, .. } => {
                    if let Some(p) = self.ir.path(*func) {
                        spellings.push(format!("{p}()"));
                        spellings.push(p);
                    }
                }
                Kind::New { path, .. } => spellings.push(format!("{path}{{}}")),
                _ => {}
            }
            let extra: Vec<String> = spellings
                .iter()
                .filter_map(|t| self.canonical_library_text(t, api))
                .collect();
            spellings.extend(extra);
            let canon = spellings.iter().find_map(|t| {
                table
                    .canonical_value_for(&s.raw_key, t)
                    .or_else(|| table.canonical_value(&s.key, t))
            });
            if let Some(c) = canon {
                s.value = crate::model::Value::Str(c.to_string());
                continue;
            }
            // A bare constant of the library itself (`sarama.V2_8_0_0`):
            // kept as written (in the tables' spelling) for the tables to read.
            if self.ir.path(v).is_some() && matches!(self.ir.kind(v), Kind::Member { .. }) {
                let root = self.ir.path(v).unwrap_or_default();
                let q = root.split('.').next().unwrap_or("");
                if self.is_library_alias(q, api) {
                    let spelled = self.canonical_library_text(&root, api).unwrap_or(root);
                    s.value = crate::model::Value::Str(spelled);
                }
            }
        }
        out
    }

    /// The function `f` as a factory of `p`: some setting of `p` is one of
    /// its parameters as written.
    fn factory(&self, f: Id, p: &Producer) -> Option<crate::model::Factory> {
        let Kind::Func { name, params, .. } = self.ir.kind(f) else {
            return None;
        };
        let function = name.as_deref()?.to_string();
        let params: Vec<String> = params
            .iter()
            .filter(|x| !self.lang.this_names.contains(&&*x.name))
            .map(|x| x.name.to_string())
            .collect();
        let uses = p.config.settings.iter().any(|s| match &s.value {
            crate::model::Value::Unknown(t) => params.iter().any(|x| x == t.trim()),
            _ => false,
        });
        if !uses {
            return None;
        }
        let class = self
            .ir
            .ancestors(f)
            .find_map(|(a, _)| match self.ir.kind(a) {
                Kind::Class { name, .. } => Some(name.to_string()),
                _ => None,
            })
            .unwrap_or_default();
        Some(crate::model::Factory {
            class,
            function,
            params,
        })
    }

    /// A setting written under a key known only at run time
    /// (`props.put(e.getKey(), e.getValue())` over a map): any setting may
    /// be the one written, so the config is not fully known.
    pub(super) fn computed_keys(&self, lib: Library, trace: &mut Trace) {
        let why: Vec<String> = trace
            .entries
            .iter()
            .filter(|e| e.computed_key && self.settings(lib, std::slice::from_ref(e)).is_empty())
            .map(|e| {
                let text = self.ir.text[e.start as usize..e.end as usize]
                    .lines()
                    .next()
                    .unwrap_or("")
                    .trim();
                format!("`{text}` writes a setting whose name is only known at run time")
            })
            .collect();
        for w in why {
            trace.incomplete(w);
        }
    }

    /// The parts of a traced config built in another file, placed among
    /// the settings the way they were written.
    pub(super) fn externals(&self, api: &Api, trace: &Trace) -> Vec<crate::model::ExternalConfig> {
        trace
            .externals
            .iter()
            .map(|x| crate::model::ExternalConfig {
                source: x.source.clone(),
                span: self.span_range(x.start, x.end),
                at: self
                    .settings_of(api, &trace.entries[..x.pos.min(trace.entries.len())])
                    .len(),
                reason: x.reason.clone(),
            })
            .collect()
    }

    /// Converts traced entries to settings with canonical keys. Keys the
    /// table does not know are kept when written as plain strings.
    pub fn settings(&self, lib: Library, entries: &[RawEntry]) -> Vec<Setting> {
        let table = knowledge::table(lib);
        let defaults = table.defaults_table();
        let canon = |k: &str| {
            table
                .canonical_key(k)
                .or_else(|| defaults.canonical_key(k))
                .map(str::to_string)
        };
        entries
            .iter()
            .filter_map(|e| {
                let mut key = None;
                for k in &e.key {
                    if let Some(c) = canon(k) {
                        key = Some((c, k.clone()));
                        break;
                    }
                }
                // A plain string key the table does not know: keep it as is.
                if key.is_none() {
                    let last = e.key.last()?;
                    let is_string =
                        e.key.len() >= 2 || !last.contains(|c: char| c.is_ascii_uppercase());
                    if is_string && last.contains('.') {
                        key = Some((last.clone(), last.clone()));
                    }
                }
                let (key, raw_key) = key?;
                let (value, value_span, provenance) = match &e.value {
                    Some((v, ev)) => {
                        let text = self.text(*v);
                        let mut value = ev.val.to_value(text);
                        if !ev.val.is_known() {
                            // `Acks.Leader` as written, else its last name.
                            let spelled = canonical_value(lib, &key, text.trim()).or_else(|| {
                                self.ir
                                    .last_name(*v)
                                    .and_then(|n| canonical_value(lib, &key, n))
                            });
                            if let Some(c) = spelled {
                                value = crate::model::Value::Str(c);
                            }
                        }
                        if ev.val == Val::Null {
                            value = crate::model::Value::Unknown(text.to_string());
                        }
                        (value, self.span(*v), ev.prov.clone())
                    }
                    None => (
                        crate::model::Value::Unknown(String::new()),
                        self.span_range(e.start, e.end),
                        Provenance::Literal,
                    ),
                };
                Some(Setting {
                    key,
                    raw_key,
                    value,
                    value_span,
                    span: self.span_range(e.start, e.end),
                    provenance,
                })
            })
            .collect()
    }

    /// The variables or fields an expression is stored in, and the function
    /// that returns it (factories are referred to by function name).
    pub fn assigned_names(&self, node: Id) -> Vec<String> {
        let ir = self.ir;
        let mut names = Vec::new();
        let mut cur = node;
        // Up through casts, awaits, `?`, chained calls on the value
        // (`.Build()`, `.create()`) and scope functions that return it.
        let mut site = None;
        for (a, child) in ir.ancestors(node).take(32) {
            match ir.kind(a) {
                Kind::Cast(_) | Kind::Await(_) => cur = a,
                Kind::Unary { op, .. } if &**op == "?" || &**op == "!!" => cur = a,
                Kind::Member { obj, .. } if *obj == child => cur = a,
                Kind::Call { func, .. } if *func == child => cur = a,
                // `return p, nil`: the first of the results.
                Kind::Other(items)
                    if items.first() == Some(&child) && ir.first_result(a) == child =>
                {
                    cur = a
                }
                _ => {
                    site = Some((a, cur));
                    break;
                }
            }
        }
        let Some((parent, value)) = site else {
            return names;
        };
        let mut local = None;
        match ir.kind(parent) {
            Kind::Let {
                names: ns, field, ..
            } => {
                // Several names for one call are its results (Go's
                // `p, err := sarama.NewSyncProducer(..)`): the first is the producer.
                let take = if ns.len() > 1 { 1 } else { ns.len() };
                for n in ns.iter().take(take) {
                    names.push(n.to_string());
                }
                if !field {
                    local = ns.first().map(|n| n.to_string());
                }
            }
            Kind::Assign {
                target, value: v, ..
            } if *v == value => {
                // `p, err = f()`: the first target.
                let target = match ir.kind(*target) {
                    Kind::List(items) => items.first().copied().unwrap_or(*target),
                    _ => *target,
                };
                if let Some(n) = self.var_name(target) {
                    names.push(n.to_string());
                    if ir.name(target).is_some() {
                        local = Some(n.to_string());
                    }
                }
            }
            // A field of a struct or object literal: `&Service{writer: &kafka.Writer{..}}`.
            Kind::Object(entries) => {
                if let Some(crate::frontend::code::ir::Entry {
                    key: crate::frontend::code::ir::Key::Name(n),
                    ..
                }) = entries.iter().find(|e| e.value == value)
                {
                    names.push(n.to_string());
                }
            }
            Kind::Return(_) => {
                if let Some(f) = self.returning_func(parent) {
                    names.push(f.to_string());
                }
            }
            Kind::With { items, .. } => {
                for (n, v) in items {
                    if *v == value {
                        if let Some(n) = n {
                            names.push(n.to_string());
                        }
                    }
                }
            }
            // An expression-bodied function: `fun producer() = KafkaProducer(..)`.
            Kind::Func {
                name: Some(n),
                body,
                ..
            } if *body == value => names.push(n.to_string()),
            _ => {}
        }
        // `T x = new ..; ..; return x;` — the function's name refers to it too.
        if let Some(var) = local {
            if let Some(f) = ir.enclosing_func(node, false) {
                if let Kind::Func {
                    name: Some(fname),
                    body,
                    ..
                } = ir.kind(f)
                {
                    let returned = ir.find_all(*body, |k| {
                        matches!(ir.kind(k), Kind::Return(Some(v)) if self.var_name(*v) == Some(var.as_str()))
                    });
                    if !returned.is_empty() && !names.iter().any(|n| n == &**fname) {
                        names.push(fname.to_string());
                    }
                }
            }
        }
        names
    }

    /// The function a `return` returns from, unless it sits in a lambda.
    fn returning_func(&self, ret: Id) -> Option<&'a str> {
        for (a, _) in self.ir.ancestors(ret) {
            match self.ir.kind(a) {
                Kind::Func { name, .. } => return name.as_deref(),
                Kind::Lambda { .. } | Kind::Class { .. } => return None,
                _ => {}
            }
        }
        None
    }

    /// Handles built over a producer of this file (`new KafkaTemplate<>(pf)`)
    /// share its names, with their own kind.
    fn link_handles(&self, found: &mut [Found<'static>]) {
        let ir = self.ir;
        for api in self.apis.clone() {
            for h in &api.handles {
                for node in self.constructions(api, &h.name, h.form, &[]) {
                    let names = self.assigned_names(node);
                    let pos = ir.positional(node);
                    let autoflush = h
                        .autoflush_arg
                        .and_then(|i| pos.get(i))
                        .is_some_and(|a| matches!(ir.kind(ir.strip(*a)), Kind::Bool(true)));
                    let on_producer = h
                        .producer_receiver
                        .then(|| ir.call_parts(node).and_then(|(r, _, _)| r))
                        .flatten();
                    let target = h
                        .producer_arg
                        .and_then(|i| pos.get(i))
                        .or(on_producer.as_ref())
                        .and_then(|a| {
                            let a = ir.strip(*a);
                            let by_node = found.iter().position(|f| f.node == a);
                            let by_name = || {
                                let n = match ir.kind(a) {
                                    Kind::Call { func, .. } => ir.last_name(*func),
                                    _ => self.var_name(a),
                                }?;
                                found
                                    .iter()
                                    .position(|f| f.names.iter().any(|(x, _)| x == n))
                            };
                            // Injected by type: the only factory of the file.
                            let injected = || {
                                let v = self.var_name(a)?;
                                let d = self.lookup(v, a)?;
                                let ty = d.ty?;
                                let factories: Vec<usize> = (0..found.len())
                                    .filter(|&i| found[i].names.iter().any(|(_, k)| k == "factory"))
                                    .collect();
                                (super::lower::simple_type(ty).ends_with("ProducerFactory")
                                    && factories.len() == 1)
                                    .then(|| factories[0])
                            };
                            by_node.or_else(by_name).or_else(injected)
                        });
                    if let Some(i) = target {
                        for n in &names {
                            if !found[i].names.iter().any(|(x, _)| x == n) {
                                found[i].names.push((n.clone(), h.kind.clone()));
                            }
                            if autoflush {
                                found[i].autoflush.insert(n.clone());
                            }
                        }
                    }
                }
            }
        }
    }

    /// `x = factory()` where `factory` is one of a producer's names: `x`
    /// joins them.
    fn propagate_names(&self, found: &mut [Found<'static>]) {
        let ir = self.ir;
        let mut decl_calls = Vec::new();
        let mut aliases: Vec<(String, String)> = Vec::new();
        ir.walk(ir.root, |n| {
            let (target, value) = match ir.kind(n) {
                Kind::Let {
                    names,
                    value: Some(v),
                    ..
                } => (names.first().map(|x| x.to_string()), *v),
                Kind::Assign { target, value, .. } => {
                    (self.var_name(*target).map(str::to_string), *value)
                }
                _ => return true,
            };
            if let (Some(t), Some((None, m, _))) = (target.clone(), ir.call_parts(ir.strip(value)))
            {
                decl_calls.push((t, m.to_string()));
            } else if let (Some(t), Some(src)) = (target, self.var_name(value)) {
                // `s.producer = p`: another name for the same producer.
                if t != "_" {
                    aliases.push((t, src.to_string()));
                }
            }
            true
        });
        // Fields of struct and object literals: `&Publisher{producer: p}`,
        // `&Server{Collector: newCollector(brokers)}`.
        ir.walk(ir.root, |n| {
            if let Kind::Object(entries) = ir.kind(n) {
                for e in entries {
                    let crate::frontend::code::ir::Key::Name(k) = &e.key else {
                        continue;
                    };
                    if let Some(src) = self.var_name(e.value) {
                        aliases.push((k.to_string(), src.to_string()));
                    } else if let Some((None, m, _)) = ir.call_parts(ir.strip(e.value)) {
                        decl_calls.push((k.to_string(), m.to_string()));
                    }
                }
            }
            true
        });
        for _ in 0..3 {
            let mut changed = false;
            for f in found.iter_mut() {
                for (var, m) in decl_calls.iter().chain(&aliases) {
                    if var == m {
                        continue;
                    }
                    let kind = f.names.iter().find(|(n, _)| n == m).map(|(_, k)| k.clone());
                    if let Some(k) = kind {
                        if !f.names.iter().any(|(n, _)| n == var) {
                            f.names.push((var.clone(), k));
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// Calls on a producer or factory that add settings after it is built
    /// (`factory.setTransactionIdPrefix("tx-")`, `updateConfigs(map)`).
    fn config_calls(&self, found: &mut [Found<'static>]) {
        let ir = self.ir;
        for f in found.iter_mut() {
            let api = f.api;
            if api.config_calls.is_empty() {
                continue;
            }
            let lib = api.lib();
            for (method, key) in &api.config_calls {
                for c in self.calls.get(method.as_str()).into_iter().flatten() {
                    let Some((Some(recv), _, _)) = ir.call_parts(*c) else {
                        continue;
                    };
                    let on_it = self
                        .var_name(recv)
                        .is_some_and(|v| f.names.iter().any(|(n, _)| n == v));
                    if !on_it {
                        continue;
                    }
                    let Some(arg) = ir.positional(*c).first().copied() else {
                        continue;
                    };
                    let is_named = |name: &str| is_named_setter(lib, name);
                    let want = Want {
                        setters: &api.config_setters,
                        is_named_setter: &is_named,
                        config_types: &api.config_types,
                        passthrough: &api.config_passthrough,
                    };
                    if key == "*" {
                        let t = self.trace(arg, *c, Env::default(), &want, 0);
                        f.producer
                            .config
                            .settings
                            .extend(self.settings_of(api, &t.entries));
                        f.producer.config.complete &= t.complete;
                        f.producer.config.unknowns.extend(t.unknowns);
                    } else {
                        let stmt = self.statement(*c);
                        let n = ir.node(stmt);
                        let e = RawEntry {
                            key: vec![key.clone()],
                            value: Some((arg, self.eval(arg, Env::default()))),
                            start: n.start,
                            end: n.end,
                            computed_key: false,
                        };
                        f.producer.config.settings.extend(self.settings(lib, &[e]));
                    }
                }
            }
        }
    }

    /// A producer closed right after use: a resource scope (try-with-
    /// resources, `with`, `using`, `use {}`), or `close()` on it later in
    /// the same function.
    fn closed_after_use(&self, node: Id, names: &[String], api: &Api) -> bool {
        let ir = self.ir;
        for (a, child) in ir.ancestors(node).take(8) {
            match ir.kind(a) {
                Kind::With { items, .. } if items.iter().any(|(_, v)| *v == child) => return true,
                Kind::Let { .. } => {
                    if let Some(p) = ir.parent(a) {
                        if let Kind::With { items, .. } = ir.kind(p) {
                            if items.iter().any(|(_, v)| *v == a) {
                                return true;
                            }
                        }
                    }
                }
                Kind::Call { func, .. } if *func != child => {
                    if let Some((Some(r), m, _)) = ir.call_parts(a) {
                        if ir.contains(r, node)
                            && self.lang.scope_functions.is_empty()
                            && m == "use"
                        {
                            return true;
                        }
                    }
                }
                Kind::Member { name, .. } if &**name == "use" => return true,
                _ => {}
            }
        }
        // The enclosing function, or the lambda the code sits in when no
        // function holds it (a route handler at module level).
        let Some(body) = ir
            .enclosing_func(node, true)
            .or_else(|| ir.enclosing_func(node, false))
        else {
            return false;
        };
        let after = ir.node(node).end;
        !ir.find_all(body, |k| {
            ir.node(k).start > after
                && ir.call_parts(k).is_some_and(|(recv, m, _)| {
                    api.close.iter().any(|c| c == m)
                        && recv
                            .and_then(|r| self.var_name(r))
                            .is_some_and(|v| names.iter().any(|n| n == v))
                })
        })
        .is_empty()
    }

    /// Whether any of `names` is polled or flushed somewhere in the file.
    fn polled(&self, node: Id, names: &[String], api: &Api) -> bool {
        let ir = self.ir;
        // A producer held by a local variable is polled only through that
        // variable: another function's local of the same name is another
        // producer.
        let local = self.local_holder(node);
        !ir.find_all(ir.root, |k| {
            ir.call_parts(k).is_some_and(|(recv, m, _)| {
                (api.poll.iter().any(|p| p == m)
                    || (api.flush_serves_reports && api.flush.iter().any(|p| p == m)))
                    && recv.is_some_and(|r| {
                        let Some(v) = self.var_name(r) else {
                            return false;
                        };
                        if !names.iter().any(|n| n == v) {
                            return false;
                        }
                        match &local {
                            Some((n, owner)) if n == v && ir.name(r).is_some() => {
                                self.lookup(v, r).is_none_or(|d| d.owner == *owner)
                            }
                            _ => true,
                        }
                    })
            })
        })
        .is_empty()
    }

    /// The local variable holding a construction, with its declaration,
    /// when the producer stays in that function (not returned, stored
    /// elsewhere or passed on).
    pub fn local_holder(&self, node: Id) -> Option<(String, Id)> {
        // Module-level code (also inside a loop or `try` there) holds globals.
        self.ir.enclosing_func(node, true)?;
        self.holder(node)
            .filter(|(n, d)| d.kind == super::scope::DeclKind::Local && !self.escapes(n, d.scope))
            .map(|(n, d)| (n, d.owner))
    }

    /// Whether the value of local `name` leaves `scope`: returned, stored
    /// in something else (`cache[k] = p`, `self.p = p`) or passed to a call.
    fn escapes(&self, name: &str, scope: Id) -> bool {
        let ir = self.ir;
        !ir.find_all(scope, |k| {
            if ir.name(k) != Some(name) {
                return false;
            }
            match ir.parent(k).map(|p| (p, ir.kind(p))) {
                Some((_, Kind::Return(_))) => true,
                Some((_, Kind::Assign { value, target, .. })) => {
                    *value == k && ir.name(*target) != Some(name)
                }
                Some((_, Kind::Call { func, .. })) => *func != k,
                Some((_, Kind::New { .. } | Kind::List(_) | Kind::Object(_))) => true,
                // Stored in a struct or object literal field.
                Some((_, Kind::Other(_))) => true,
                _ => false,
            }
        })
        .is_empty()
    }

    /// Assignments to fields of a config or struct variable:
    /// `cfg.Producer.RequiredAcks = ..`, `w.Async = true`.
    fn field_assignments(
        &self,
        name: &str,
        d: &super::scope::Decl<'_>,
        scope: Id,
        env: Env<'_>,
        want: &Want<'_>,
    ) -> Trace {
        let ir = self.ir;
        let mut t = Trace::empty();
        let _ = want;
        ir.walk(scope, |n| {
            if let Kind::Assign { target, value, .. } = ir.kind(n) {
                let mut parts = Vec::new();
                let mut cur = ir.strip(*target);
                let mut rooted = false;
                for _ in 0..16 {
                    match ir.kind(cur) {
                        Kind::Member { obj, name: m } => {
                            parts.push(m.to_string());
                            cur = *obj;
                        }
                        Kind::Name(x) if &**x == name => {
                            rooted = self.lookup(name, cur).is_some_and(|x| x.owner == d.owner);
                            break;
                        }
                        _ => break,
                    }
                }
                if rooted && !parts.is_empty() {
                    parts.reverse();
                    let s = self.statement(n);
                    let sn = ir.node(s);
                    t.entries.push(RawEntry {
                        key: vec![parts.join(".")],
                        value: Some((*value, self.eval(*value, env))),
                        start: sn.start,
                        end: sn.end,
                        computed_key: false,
                    });
                    t.last_stmt = Some(s);
                }
            }
            true
        });
        t
    }
}

impl<'a, 't> Cx<'a, 't> {
    /// The handle kind a generic construction (`cfg.create()`) produces,
    /// from its type as written: type arguments at the call
    /// (`create::<FutureProducer>()`), the call's qualifier
    /// (`FutureProducer::from_config`), the declared type of the variable
    /// holding it, or the return type of the function returning it.
    /// `Some(None)`: a type that is not one of `types` (a consumer);
    /// `None`: no type is written.
    pub fn produced_type(
        &self,
        node: Id,
        types: &std::collections::BTreeMap<String, String>,
    ) -> Option<Option<String>> {
        let ir = self.ir;
        let pick = |text: &str| -> Option<Option<String>> {
            let words = text.split(|c: char| !(c.is_alphanumeric() || c == '_'));
            let mut any_type = false;
            for w in words {
                if let Some(k) = types.get(w) {
                    return Some(Some(k.clone()));
                }
                any_type |= w.starts_with(|c: char| c.is_ascii_uppercase());
            }
            any_type.then_some(None)
        };
        if let Kind::Call { func, args } = ir.kind(node) {
            // Type arguments between the callee and its arguments.
            let call = ir.node(node);
            let from = ir.node(*func).end;
            let to = args.first().map_or(call.end, |a| ir.node(a.value).start);
            if let Some(between) = ir.text.get(from as usize..to as usize) {
                if let Some(open) = between.find('<') {
                    if let Some(t) = pick(&between[open..]) {
                        return Some(t);
                    }
                }
            }
            if let Some((Some(r), _, _)) = ir.call_parts(node) {
                if let Some(k) = ir.path(r).and_then(|q| {
                    let last = q.rsplit('.').next().unwrap_or(&q).to_string();
                    types.get(&last).cloned()
                }) {
                    return Some(Some(k));
                }
            }
        }
        // What holds it: up through `?`, `.expect(..)`, awaits and casts.
        let mut cur = node;
        for (a, child) in ir.ancestors(node).take(32) {
            match ir.kind(a) {
                Kind::Cast(_) | Kind::Await(_) => cur = a,
                Kind::Unary { op, .. } if &**op == "?" || &**op == "!!" => cur = a,
                Kind::Member { obj, .. } if *obj == child => cur = a,
                Kind::Call { func, .. } if *func == child => cur = a,
                Kind::Let {
                    ty: Some(t),
                    value: Some(v),
                    ..
                } if *v == cur => return pick(t),
                Kind::Return(_) => {
                    let f = ir.enclosing_func(a, false)?;
                    return match ir.kind(f) {
                        Kind::Func {
                            returns: Some(r), ..
                        } => pick(r),
                        _ => None,
                    };
                }
                _ => return None,
            }
        }
        None
    }
}

/// Whether a method or option name is itself a setting of the library
/// (`withAcks`, `RequiredAcks`).
pub(super) fn is_named_setter(lib: Library, name: &str) -> bool {
    let t = knowledge::table(lib);
    name.len() > 2
        && !name.contains('.')
        && (t.canonical_key(name).is_some() || t.defaults_table().canonical_key(name).is_some())
        && name.chars().any(|c| c.is_ascii_uppercase())
}

/// The canonical value of an enum-like spelling (`WaitForAll` → `all`),
/// from the library's knowledge table.
fn canonical_value(lib: Library, key: &str, spelled: &str) -> Option<String> {
    knowledge::table(lib)
        .canonical_value(key, spelled)
        .map(str::to_string)
}

/// Every bootstrap server the producer names is a loopback address.
fn local_only(p: &Producer) -> bool {
    let Some(s) = p.config.get("bootstrap.servers") else {
        return false;
    };
    let text = match &s.value {
        // A list literal of hosts (`brokers: ['localhost:9092']`).
        crate::model::Value::Unknown(t) if t.starts_with('[') && t.ends_with(']') => {
            t.trim_matches(['[', ']']).replace(['\'', '"', '`'], "")
        }
        v => match v.as_text() {
            Some(t) => t,
            None => return false,
        },
    };
    is_loopback_list(&text)
}

/// `localhost:9092,127.0.0.1:9093` → true.
pub fn is_loopback_list(text: &str) -> bool {
    let hosts: Vec<&str> = text
        .split([',', ' ', ';'])
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .collect();
    !hosts.is_empty()
        && hosts.iter().all(|h| {
            let h = h
                .trim_start_matches("PLAINTEXT://")
                .trim_start_matches("SSL://");
            let host = h.rsplit_once(':').map_or(h, |(a, _)| a);
            matches!(
                host,
                "localhost" | "127.0.0.1" | "::1" | "[::1]" | "0.0.0.0"
            )
        })
}
