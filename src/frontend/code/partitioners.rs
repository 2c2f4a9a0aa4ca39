//! Custom partitioners: classes implementing a library's partitioner
//! interface whose partition method maps keys in a way that is negative
//! for some keys, differs between processes, ignores the key or is random;
//! and records sent to a random explicit partition.

use super::eval::Env;
use super::ir::{Id, Kind};
use super::scope::Cx;
use crate::model::{Partitioner, PartitionerIssue};

impl<'a, 't> Cx<'a, 't> {
    pub fn find_partitioners(&self) -> Vec<Partitioner> {
        let ir = self.ir;
        let mut out = Vec::new();
        for api in self.apis.clone() {
            for p in &api.partitioners {
                if let Some(kw) = &p.setting {
                    self.callable_partitioners(api, p, kw, &mut out);
                    continue;
                }
                for cls in self.class_parts.values().flatten() {
                    let Kind::Class {
                        name: cname,
                        bases,
                        body,
                        ..
                    } = ir.kind(*cls)
                    else {
                        continue;
                    };
                    let implements = bases.iter().any(|b| {
                        super::lower::simple_type(b) == p.interface
                            && if b.contains('.') {
                                api.owns_import(b)
                            } else {
                                self.is_library_type(&p.interface, api)
                            }
                    });
                    if !implements {
                        continue;
                    }
                    // The client's own built-in strategies (Kafka's
                    // RoundRobinPartitioner in its own package) ignore keys
                    // by design: they are what users choose, not user code.
                    let builtin = ir
                        .package
                        .as_deref()
                        .is_some_and(|pkg| api.owns_import(pkg));
                    let _ = cname;
                    for m in ir.children(*body) {
                        let Kind::Func {
                            name: Some(name),
                            params,
                            body: mbody,
                            ..
                        } = ir.kind(m)
                        else {
                            continue;
                        };
                        if **name != *p.method || params.len() < p.min_params {
                            continue;
                        }
                        let keys: Vec<&str> = p
                            .key_params
                            .iter()
                            .filter_map(|i| params.get(*i).map(|x| &*x.name))
                            .collect();
                        self.partition_method(m, *mbody, &keys, api.lib(), builtin, &mut out);
                    }
                }
            }
        }
        out.sort_by_key(|p| (p.span.start_line, p.span.start_col));
        out
    }

    /// Partitioners given as a callable to a construction keyword
    /// (`KafkaProducer(partitioner=pick)`): a function of this file, a
    /// lambda, or an instance of a class of this file.
    fn callable_partitioners(
        &self,
        api: &crate::frontend::code::api::Api,
        p: &crate::frontend::code::api::PartitionerApi,
        kw: &str,
        out: &mut Vec<Partitioner>,
    ) {
        let ir = self.ir;
        for prod in &api.producers {
            for node in self.constructions(api, &prod.name, prod.form, &prod.qualifier) {
                let Some(v) = ir.named_arg(node, kw) else {
                    continue;
                };
                let mut v = ir.strip(v);
                // `partitioner=pick` where `pick = make_partitioner()` is not
                // followed; a name bound to a lambda or an instance is.
                if let Some(n) = ir.name(v) {
                    if self.func(n, None).is_none() {
                        if let Some(val) = self.lookup(n, v).and_then(|d| d.value) {
                            v = ir.strip(val);
                        }
                    }
                }
                let target = match ir.kind(v) {
                    Kind::Lambda { .. } => Some(v),
                    Kind::Call { .. } | Kind::New { .. } => {
                        // An instance of a class of this file: its `method`.
                        ir.last_name(v)
                            .and_then(|c| self.classes.get(c))
                            .and_then(|c| match ir.kind(*c) {
                                Kind::Class { body, .. } => {
                                    ir.children(*body).into_iter().find(|m| {
                                        matches!(ir.kind(*m), Kind::Func { name: Some(n), .. }
                                            if **n == *p.method)
                                    })
                                }
                                _ => None,
                            })
                    }
                    _ => ir.last_name(v).and_then(|n| self.func(n, None)),
                };
                let Some(t) = target else {
                    continue;
                };
                let (params, body) = match ir.kind(t) {
                    Kind::Lambda { params, body } | Kind::Func { params, body, .. } => {
                        (params, *body)
                    }
                    _ => continue,
                };
                let skip = params
                    .first()
                    .is_some_and(|x| self.lang.this_names.contains(&&*x.name))
                    as usize;
                let own = &params[skip.min(params.len())..];
                if own.len() < p.min_params {
                    continue;
                }
                let keys: Vec<&str> = p
                    .key_params
                    .iter()
                    .filter_map(|i| own.get(*i).map(|x| &*x.name))
                    .collect();
                self.partition_method(t, body, &keys, api.lib(), false, out);
            }
        }
    }

    fn partition_method(
        &self,
        method: Id,
        body: Id,
        keys: &[&str],
        lib: crate::model::Library,
        builtin: bool,
        out: &mut Vec<Partitioner>,
    ) {
        let ir = self.ir;
        // A placeholder that only fails when called (`panic!(..)`, `throw`):
        // it partitions nothing.
        let fails = |k: Id| match ir.kind(k) {
            Kind::Throw(_) => true,
            Kind::Call { .. } => ir.call_parts(k).is_some_and(|(_, m, _)| {
                matches!(m, "panic" | "unreachable" | "unimplemented" | "todo")
            }),
            _ => false,
        };
        let only_fails = match ir.kind(body) {
            Kind::Block(items) => {
                !items.is_empty()
                    && items.iter().all(|i| match ir.kind(*i) {
                        Kind::Expr(e) | Kind::Return(Some(e)) => fails(*e),
                        _ => fails(*i),
                    })
            }
            _ => fails(body),
        };
        if only_fails {
            return;
        }
        let mut reads_key = false;
        let mut random = false;
        let mut push = |cx: &Self, n: Id, issue| {
            out.push(Partitioner {
                span: cx.span(n),
                issue,
                expr: cx.text(n).to_string(),
                library: Some(lib),
            })
        };
        ir.walk(body, |k| {
            match ir.kind(k) {
                Kind::Name(n) if keys.contains(&&**n) => reads_key = true,
                Kind::Binary { op, l, .. } if &**op == "%" && !self.lang.floor_modulo() => {
                    let abs_left = ir
                        .call_parts(ir.strip(*l))
                        .is_some_and(|(_, m, _)| m == "abs");
                    if abs_left {
                        push(self, k, PartitionerIssue::AbsModulo);
                    }
                }
                Kind::Call { .. } => {
                    if let Some(issue) = self.unstable_hash(k) {
                        push(self, k, issue);
                    } else if self.is_random(k) && !self.guarded_by_null_key(k, body, keys) {
                        random = true;
                        push(self, k, PartitionerIssue::Random);
                        return false;
                    }
                }
                Kind::New { .. }
                    if self.is_random(k) && !self.guarded_by_null_key(k, body, keys) =>
                {
                    random = true;
                    push(self, k, PartitionerIssue::Random);
                    return false;
                }
                _ => {}
            }
            true
        });
        if !reads_key && !random && !builtin {
            let rets: Vec<Id> = if matches!(ir.kind(body), Kind::Block(_)) {
                ir.find_all(body, |k| matches!(ir.kind(k), Kind::Return(Some(_))))
                    .into_iter()
                    .filter_map(|r| match ir.kind(r) {
                        Kind::Return(Some(v)) => Some(*v),
                        _ => None,
                    })
                    .collect()
            } else {
                // An expression body is the value returned.
                vec![body]
            };
            let constant = !rets.is_empty()
                && rets
                    .iter()
                    .all(|r| self.eval(*r, Env::default()).val.is_known());
            let anchor = rets.first().copied().unwrap_or(method);
            let issue = if constant {
                PartitionerIssue::Constant
            } else {
                PartitionerIssue::IgnoresKey
            };
            push(self, anchor, issue);
        }
    }

    /// Partition functions given as a producer option (kafkajs
    /// `createPartitioner`), written in this file.
    pub fn option_partitioners(&self) -> Vec<Partitioner> {
        let ir = self.ir;
        let mut out = Vec::new();
        for api in self.apis.clone() {
            for pf in &api.partition_functions {
                let mut values = Vec::new();
                ir.walk(ir.root, |n| {
                    if let Kind::Object(entries) = ir.kind(n) {
                        for e in entries {
                            if matches!(&e.key, super::ir::Key::Name(k) if **k == *pf.option) {
                                values.push(e.value);
                            }
                        }
                    }
                    true
                });
                if values.is_empty() || !self.imports_library(api) {
                    continue;
                }
                for v in values {
                    let Some(mut f) = self.function_value(v) else {
                        continue;
                    };
                    if pf.factory {
                        match self.returned_function(f) {
                            Some(inner) => f = inner,
                            None => continue,
                        }
                    }
                    let (params, body) = match ir.kind(f) {
                        Kind::Lambda { params, body } | Kind::Func { params, body, .. } => {
                            (params, *body)
                        }
                        _ => continue,
                    };
                    // `({ topic, partitionMetadata, message })`: the fields.
                    let mut keys: Vec<&str> = Vec::new();
                    for p in params {
                        for k in &pf.key_names {
                            let field = p
                                .name
                                .trim_matches(['{', '}', ' '])
                                .split(',')
                                .any(|x| x.split(':').next().unwrap_or("").trim() == k);
                            if *p.name == **k || field {
                                keys.push(k.as_str());
                            }
                        }
                    }
                    self.partition_method(f, body, &keys, api.lib(), false, &mut out);
                }
            }
        }
        out
    }

    /// The function an expression is: a lambda or function literal, or a
    /// function of this file named by it.
    fn function_value(&self, v: Id) -> Option<Id> {
        let ir = self.ir;
        let v = ir.strip(v);
        match ir.kind(v) {
            Kind::Lambda { .. } | Kind::Func { .. } => Some(v),
            Kind::Name(n) => {
                if let Some(f) = self.func(n, None) {
                    return Some(f);
                }
                let d = self.lookup(n, v)?;
                let val = ir.strip(d.value?);
                matches!(ir.kind(val), Kind::Lambda { .. } | Kind::Func { .. }).then_some(val)
            }
            _ => None,
        }
    }

    /// The function a factory returns: its expression body, or the value
    /// of its single `return`.
    fn returned_function(&self, f: Id) -> Option<Id> {
        let ir = self.ir;
        let body = match ir.kind(f) {
            Kind::Lambda { body, .. } | Kind::Func { body, .. } => *body,
            _ => return None,
        };
        let body = ir.strip(body);
        if matches!(ir.kind(body), Kind::Lambda { .. } | Kind::Func { .. }) {
            return Some(body);
        }
        let Kind::Block(items) = ir.kind(body) else {
            return None;
        };
        items.iter().rev().find_map(|i| match ir.kind(*i) {
            Kind::Return(Some(r)) => self.function_value(*r),
            _ => None,
        })
    }

    /// `keyBytes.hashCode()` on an array or enum, `System.identityHashCode(..)`,
    /// `Objects.hashCode(bytes)`.
    fn unstable_hash(&self, call: Id) -> Option<PartitionerIssue> {
        let ir = self.ir;
        let (recv, name, args) = ir.call_parts(call)?;
        let q = recv.map(|r| self.text(r)).unwrap_or("");
        let text = || PartitionerIssue::UnstableHash(self.text(call).to_string());
        if recv.is_none() && self.salted_hash(call) {
            return Some(text());
        }
        if q == "System" && name == "identityHashCode" {
            return Some(text());
        }
        if q == "Objects"
            && matches!(name, "hashCode" | "hash")
            && args.iter().any(|a| self.is_array(a.value))
        {
            return Some(text());
        }
        if name == "hashCode" && args.is_empty() {
            let o = ir.strip(recv?);
            if self.is_array(o) || self.is_enum_value(o) {
                return Some(text());
            }
        }
        None
    }

    /// A call of a per-process salted hash (Python's `hash(key)`) on a
    /// value that is not plainly a number (`hash(int(x))` is stable).
    pub fn salted_hash(&self, call: Id) -> bool {
        let ir = self.ir;
        let Some((None, name, _)) = ir.call_parts(call) else {
            return false;
        };
        if !self.lang.salted_hashes().contains(&name) {
            return false;
        }
        let pos = ir.positional(call);
        let [arg] = pos.as_slice() else {
            return false;
        };
        let a = ir.strip(*arg);
        let number = matches!(ir.kind(a), Kind::Int(_) | Kind::Float(_))
            || ir
                .call_parts(a)
                .is_some_and(|(r, m, _)| r.is_none() && matches!(m, "int" | "float" | "len"));
        !number
    }

    fn is_array(&self, n: Id) -> bool {
        let ir = self.ir;
        let n = ir.strip(n);
        if ir.call_parts(n).is_some_and(|(_, m, _)| m == "getBytes") {
            return true;
        }
        if matches!(ir.kind(n), Kind::List(_)) {
            return true;
        }
        self.var_name(n)
            .and_then(|v| self.lookup(v, n))
            .and_then(|d| d.ty)
            .is_some_and(|t| t.trim_end().ends_with("[]") || t == "ByteArray")
    }

    fn is_enum_value(&self, n: Id) -> bool {
        let ir = self.ir;
        let n = ir.strip(n);
        let is_enum = |name: &str| {
            self.classes.get(name).is_some_and(|c| {
                matches!(
                    ir.kind(*c),
                    Kind::Class {
                        kind: super::ir::ClassKind::Enum,
                        ..
                    }
                )
            })
        };
        if let Kind::Member { obj, .. } = ir.kind(n) {
            if ir.name(*obj).is_some_and(is_enum) {
                return true;
            }
        }
        if let Some(d) = self.var_name(n).and_then(|v| self.lookup(v, n)) {
            if let Some(t) = d.ty {
                return is_enum(super::lower::simple_type(t));
            }
        }
        false
    }

    /// Random picks only for records without a key (`if (keyBytes == null)`)
    /// are what the client itself does and stay silent.
    fn guarded_by_null_key(&self, n: Id, body: Id, keys: &[&str]) -> bool {
        let ir = self.ir;
        for (a, child) in ir.ancestors(n) {
            if a == body {
                break;
            }
            if let Kind::If { cond, then, .. } = ir.kind(a) {
                if *then == child || ir.contains(*then, n) {
                    let c = self.text(*cond);
                    let mentions = keys.iter().any(|k| !k.is_empty() && c.contains(k));
                    let null = c.contains("null") || c.contains("None") || c.contains("nil");
                    if null && mentions {
                        return true;
                    }
                }
            }
        }
        false
    }

    /// `new ProducerRecord<>(topic, random.nextInt(n), key, value)`: a
    /// random explicit partition for a keyed record.
    pub fn random_partitions(&self) -> Vec<Partitioner> {
        let ir = self.ir;
        let mut out = Vec::new();
        for api in self.apis.clone() {
            for r in &api.records {
                for rec in self.constructions(api, &r.name, r.form, &[]) {
                    let args = ir.positional(rec);
                    let Some(roles) = r.layouts.get(&args.len().to_string()) else {
                        continue;
                    };
                    let role = |want: &str| {
                        roles
                            .iter()
                            .position(|x| x == want)
                            .and_then(|i| args.get(i))
                    };
                    let (Some(part), Some(key)) = (role("partition"), role("key")) else {
                        continue;
                    };
                    if matches!(ir.kind(ir.strip(*key)), Kind::Null) {
                        continue;
                    }
                    if self.chain_any(*part, &|cx, n| cx.is_random(n)) {
                        out.push(Partitioner {
                            span: self.span(*part),
                            issue: PartitionerIssue::Random,
                            expr: self.text(*part).to_string(),
                            library: Some(api.lib()),
                        });
                    }
                }
            }
        }
        out
    }
}
