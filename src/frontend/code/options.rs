//! Option lists: a construction configured by option calls
//! (`kgo.NewClient(kgo.SeedBrokers(..), kgo.RequiredAcks(..))`), given inline
//! or collected in a slice (`opts := []kgo.Opt{..}`), grown with
//! `opts = append(opts, ..)`, spread (`opts...`) or returned by a helper of
//! the same file. Each option call is one entry; whatever cannot be
//! followed makes the trace incomplete.

use super::config::{RawEntry, Trace, Want};
use super::eval::{Env, Frame};
use super::ir::{Id, Kind};
use super::scope::{Cx, DeclKind};

/// How deep option lists are followed (helpers, variables, appends).
const MAX_DEPTH: u32 = 8;

impl<'a, 't> Cx<'a, 't> {
    /// The option entries of `e`: one option call, a list of them, a
    /// variable holding either, `append(list, more..)`, or a helper's result.
    pub fn option_list(&self, e: Id, site: Id, env: Env<'_>, want: &Want<'_>, depth: u32) -> Trace {
        if depth > MAX_DEPTH || e.is_none() {
            return Trace::unknown("the options are built too many levels deep".into());
        }
        let ir = self.ir;
        let e = ir.strip(e);
        match ir.kind(e) {
            Kind::List(items) => {
                let mut t = Trace::empty();
                for i in items {
                    t.merge(self.option_list(*i, site, env, want, depth + 1));
                }
                t
            }
            Kind::Spread(inner) => self.option_list(*inner, site, env, want, depth + 1),
            Kind::Name(_) | Kind::Member { .. } => self.option_var(e, site, env, want, depth),
            Kind::Call { .. } => {
                let Some((recv, name, args)) = ir.call_parts(e) else {
                    return Trace::unknown(format!("`{}` is computed at run time", self.text(e)));
                };
                if recv.is_none() && name == "append" {
                    let mut t = Trace::empty();
                    for a in args {
                        t.merge(self.option_list(a.value, site, env, want, depth + 1));
                    }
                    return t;
                }
                // A helper of this file returning options.
                if recv.is_none_or(|r| self.is_this(r)) {
                    if let Some(f) = self.func(name, Some(args.len())) {
                        if env.depth() < 4 && !ir.contains(f, e) {
                            return self.option_returns(f, e, env, want, depth);
                        }
                    }
                }
                self.option_entry(e, env)
            }
            Kind::Null => Trace::empty(),
            _ => Trace::unknown(format!(
                "`{}` is computed at run time",
                self.text(e).lines().next().unwrap_or("")
            )),
        }
    }

    /// One option call as an entry: its function names the setting, its
    /// first argument is the value.
    fn option_entry(&self, call: Id, env: Env<'_>) -> Trace {
        let ir = self.ir;
        let Kind::Call { func, .. } = ir.kind(call) else {
            return Trace::empty();
        };
        let mut key = Vec::new();
        if let Some(p) = ir.path(*func) {
            key.push(p);
        }
        if let Some(l) = ir.last_name(*func) {
            if !key.iter().any(|k| k == l) {
                key.push(l.to_string());
            }
        }
        let value = ir.positional(call).first().copied();
        let n = ir.node(call);
        let mut t = Trace::empty();
        t.entries.push(RawEntry {
            key,
            value: value.map(|v| (v, self.eval(v, env))),
            start: n.start,
            end: n.end,
            computed_key: false,
        });
        t
    }

    /// A variable holding options: its initial value, then the appends
    /// and reassignments made to it before `site`.
    fn option_var(&self, e: Id, site: Id, env: Env<'_>, want: &Want<'_>, depth: u32) -> Trace {
        let ir = self.ir;
        let Some(name) = self.var_name(e) else {
            return Trace::unknown(format!("`{}` comes from elsewhere", self.text(e)));
        };
        let Some(d) = self.lookup(name, e) else {
            return Trace::unknown(format!("`{name}` is not declared in this file"));
        };
        match d.kind {
            DeclKind::Local | DeclKind::Global | DeclKind::Field => {
                let mut t = match d.value {
                    Some(v) => self.option_list(v, site, env, want, depth + 1),
                    None => Trace::empty(),
                };
                let scope = if d.kind == DeclKind::Local {
                    d.scope
                } else {
                    ir.root
                };
                let limit = (d.kind == DeclKind::Local && ir.contains(d.scope, site))
                    .then(|| ir.node(site).start);
                let mut writes = Vec::new();
                ir.walk(scope, |n| {
                    if limit.is_some_and(|l| ir.node(n).start >= l) {
                        return false;
                    }
                    if let Kind::Assign { target, value, .. } = ir.kind(n) {
                        if n != d.owner
                            && self.var_name(*target) == Some(name)
                            && self
                                .lookup(name, *target)
                                .is_some_and(|x| x.owner == d.owner)
                        {
                            writes.push(*value);
                        }
                    }
                    true
                });
                for v in writes {
                    // An option added under a condition (`if *noIdem { opts =
                    // append(opts, kgo.DisableIdempotentWrite()) }`) may or may
                    // not apply: the options are not known.
                    if self.conditional(v, d.scope) {
                        t.incomplete(format!(
                            "`{}` is applied under a condition",
                            self.text(v).lines().next().unwrap_or("")
                        ));
                        continue;
                    }
                    let v = ir.strip(v);
                    // `opts = append(opts, x..)` adds x; anything else replaces.
                    let appends_self = ir.call_parts(v).is_some_and(|(r, m, a)| {
                        r.is_none()
                            && m == "append"
                            && a.first()
                                .is_some_and(|f| self.var_name(f.value) == Some(name))
                    });
                    if appends_self {
                        for a in ir.args(v).iter().skip(1) {
                            t.merge(self.option_list(a.value, site, env, want, depth + 1));
                        }
                    } else {
                        t = self.option_list(v, site, env, want, depth + 1);
                    }
                }
                t.variable = Some(name.to_string());
                t
            }
            DeclKind::Param => match d.param_of.and_then(|(f, i)| env.bound(f, i)) {
                Some((arg, _, outer)) => self.option_list(arg, arg, outer, want, depth + 1),
                None => Trace::unknown(format!(
                    "`{name}` is a parameter: its options come from the caller"
                )),
            },
            _ => Trace::unknown(format!("`{name}` changes at run time")),
        }
    }

    /// Whether `n` runs only under a condition or in a loop, relative to
    /// the block `scope` its variable is declared in.
    fn conditional(&self, n: Id, scope: Id) -> bool {
        for (a, _) in self.ir.ancestors(n) {
            if a == scope {
                return false;
            }
            match self.ir.kind(a) {
                Kind::If { .. } | Kind::Loop { .. } | Kind::Lambda { .. } => return true,
                // A `case` or `select` branch.
                Kind::Block(_)
                    if self
                        .ir
                        .parent(a)
                        .is_some_and(|p| matches!(self.ir.kind(p), Kind::Other(_))) =>
                {
                    return true;
                }
                Kind::Func { .. } => return false,
                _ => {}
            }
        }
        false
    }

    /// The options a helper returns, with its parameters bound to `call`.
    fn option_returns(&self, f: Id, call: Id, env: Env<'_>, want: &Want<'_>, depth: u32) -> Trace {
        let ir = self.ir;
        let Kind::Func { body, .. } = ir.kind(f) else {
            return Trace::unknown("not a function".into());
        };
        let frame = Frame {
            func: f,
            call,
            args: self.bind(f, call),
            outer: env,
        };
        let inner = Env {
            frame: Some(&frame),
        };
        let body = *body;
        let mut rets = Vec::new();
        ir.walk(body, |k| match ir.kind(k) {
            Kind::Lambda { .. } | Kind::Func { .. } | Kind::Class { .. } if k != body => false,
            Kind::Return(Some(v)) => {
                rets.push((k, *v));
                false
            }
            _ => true,
        });
        if rets.is_empty() {
            return Trace::unknown("a helper without a return value".into());
        }
        let mut t = Trace::empty();
        for (ret, v) in rets {
            // `return opts, nil`: the first result.
            let v = ir.first_result(v);
            if matches!(ir.kind(ir.strip(v)), Kind::Null) {
                continue;
            }
            t.merge(self.option_list(v, ret, inner, want, depth + 1));
        }
        t
    }
}
