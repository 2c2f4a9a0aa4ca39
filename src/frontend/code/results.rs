//! Sends whose outcome is a value carrying the error (Rust's
//! `Result`, awaited or not): the error is seen only where the value is
//! inspected — propagated with `?`, checked by a method the API table
//! names (`unwrap`, `map_err`), matched on its error case — and lost where
//! the value is thrown away (a statement, `let _ =`, a catch-all arm that
//! does nothing, a method that keeps only the success such as `ok()`).
//!
//! Also: sends whose records are still queued when the producer is
//! closed without a flush, for libraries whose close discards them.

use super::api::Api;
use super::ir::{Arm, Id, Kind};
use super::producers::Found;
use super::scope::Cx;
use crate::model::{Observation, Send, Wait};

impl<'a, 't> Cx<'a, 't> {
    /// What happens to the error carried by the value of `expr`.
    pub fn result_observation(&self, expr: Id, api: &Api) -> Observation {
        let ir = self.ir;
        let f = &api.futures;
        let mut cur = expr;
        for _ in 0..32 {
            let Some(parent) = ir.parent(cur) else {
                return Observation::Kept;
            };
            match ir.kind(parent) {
                Kind::Await(_) | Kind::Cast(_) => cur = parent,
                Kind::Unary { op, .. } if &**op == "?" => return Observation::Awaited,
                Kind::Member { obj, name } if *obj == cur => {
                    let called = ir.parent(parent).filter(
                        |c| matches!(ir.kind(*c), Kind::Call { func, .. } if *func == parent),
                    );
                    let Some(call) = called else {
                        return Observation::Kept;
                    };
                    let m = &**name;
                    if f.checks.iter().any(|c| c == m) || f.blocking.iter().any(|c| c == m) {
                        return Observation::Awaited;
                    }
                    if f.discards.iter().any(|c| c == m) {
                        return Observation::ErrorSwallowed;
                    }
                    // `map(..)`, `and_then(..)`: the result goes on.
                    cur = call;
                }
                Kind::Expr(_) => return Observation::Dropped,
                Kind::Let { names, .. } => {
                    let all_ignored = names.iter().all(|n| n.starts_with('_'));
                    return if all_ignored || names.is_empty() {
                        Observation::Dropped
                    } else {
                        self.result_variable(parent, names[0].as_ref(), api)
                    };
                }
                Kind::Match { value, arms } if *value == cur => {
                    return self.match_observation(arms, api);
                }
                _ => return Observation::Kept,
            }
        }
        Observation::Unknown
    }

    /// A result stored in a variable: what its uses do with it.
    fn result_variable(&self, decl: Id, name: &str, api: &Api) -> Observation {
        let ir = self.ir;
        let Some(block) = ir.parent(decl) else {
            return Observation::Kept;
        };
        let after = ir.node(decl).end;
        let uses = ir.find_all(block, |k| {
            ir.node(k).start >= after && ir.name(k) == Some(name) && !self.is_declared_at(k)
        });
        if uses.is_empty() {
            return Observation::Dropped;
        }
        let seen: Vec<Observation> = uses
            .iter()
            .map(|u| self.result_observation(*u, api))
            .collect();
        if seen.iter().any(|o| !o.is_unchecked()) {
            // Some use sees the error (or it flows somewhere else).
            seen.into_iter()
                .find(|o| !o.is_unchecked())
                .unwrap_or(Observation::Kept)
        } else {
            seen.into_iter().next().unwrap_or(Observation::Dropped)
        }
    }

    fn is_declared_at(&self, k: Id) -> bool {
        self.ir
            .parent(k)
            .is_some_and(|p| matches!(self.ir.kind(p), Kind::Let { .. }))
    }

    /// A `match` (or `if let`) on a result: the error is seen by an arm for
    /// the error case that does something, or by a catch-all that does;
    /// an `if let Ok(..)` without else handles success only.
    fn match_observation(&self, arms: &[Arm], api: &Api) -> Observation {
        let ir = self.ir;
        let mut catch_all_empty = false;
        let mut any_error_arm = false;
        for arm in arms {
            let p = ir.strip(arm.pattern);
            let ctor = match ir.kind(p) {
                Kind::Call { func, .. } => ir.name(*func),
                _ => None,
            };
            let is_error_arm =
                ctor.is_some_and(|c| api.futures.error_variants.iter().any(|e| e == c));
            let catch_all = matches!(ir.kind(p), Kind::Name(_));
            if is_error_arm || catch_all {
                any_error_arm = true;
                if self.is_empty_body(arm.body) {
                    catch_all_empty = true;
                } else {
                    return Observation::Callback;
                }
            }
        }
        if catch_all_empty {
            Observation::ErrorSwallowed
        } else if !any_error_arm {
            Observation::SuccessOnly
        } else {
            Observation::Callback
        }
    }

    /// `{}`, `()`, or a block of nothing.
    fn is_empty_body(&self, body: Id) -> bool {
        match self.ir.kind(self.ir.strip(body)) {
            Kind::Block(items) => items.iter().all(|i| self.is_empty_body(*i)),
            Kind::Other(items) | Kind::List(items) => items.is_empty(),
            Kind::Return(Some(v)) => self.is_empty_body(*v),
            Kind::Expr(e) => self.is_empty_body(*e),
            _ => false,
        }
    }

    /// Marks the last asynchronous send before each point where a
    /// producer of a library whose close discards queued records is closed
    /// (a `using` scope ends, `Dispose()`) with no flush in between.
    pub fn mark_lost_at_close(&self, found: &[Found<'static>], sends: &mut [(Id, Send)]) {
        let ir = self.ir;
        for (i, f) in found.iter().enumerate() {
            if !f.api.close_discards {
                continue;
            }
            let names: Vec<&str> = f.names.iter().map(|(n, _)| n.as_str()).collect();
            // Close points: the end of a resource scope over the producer,
            // and close calls on its names.
            let mut closes: Vec<(u32, u32)> = Vec::new();
            for (a, child) in ir.ancestors(f.node).take(12) {
                if let Kind::With { items, body } = ir.kind(a) {
                    if items
                        .iter()
                        .any(|(_, v)| ir.contains(*v, f.node) || *v == child)
                    {
                        let b = ir.node(*body);
                        closes.push((b.start, ir.node(a).end));
                        break;
                    }
                }
            }
            for c in &f.api.close {
                for call in self.calls.get(c.as_str()).into_iter().flatten() {
                    let on_it = ir
                        .call_parts(*call)
                        .and_then(|(r, _, _)| r)
                        .and_then(|r| self.var_name(r))
                        .is_some_and(|v| names.contains(&v));
                    if !on_it {
                        continue;
                    }
                    if let Some(func) = ir.enclosing_func(*call, true) {
                        closes.push((ir.node(func).start, ir.node(*call).start));
                    }
                }
            }
            for (from, at) in closes {
                let in_range = |(c, s): &(Id, Send)| {
                    let start = ir.node(*c).start;
                    s.producer == Some(i) && start >= from && start < at
                };
                let Some(last) = sends
                    .iter()
                    .enumerate()
                    .filter(|(_, cs)| in_range(cs))
                    .max_by_key(|(_, (c, _))| ir.node(*c).start)
                    .map(|(k, _)| k)
                else {
                    continue;
                };
                let (call, s) = &sends[last];
                let queued = s.wait == Wait::None
                    && !matches!(
                        s.observation,
                        Observation::Awaited | Observation::Transaction
                    );
                let send_end = ir.node(*call).end;
                let flushed = !ir
                    .find_all(ir.root, |k| {
                        let n = ir.node(k);
                        n.start >= send_end
                            && n.start < at
                            && ir.call_parts(k).is_some_and(|(r, m, _)| {
                                (f.api.flush.iter().any(|x| x == m)
                                    || f.api.poll.iter().any(|x| x == m))
                                    && r.and_then(|r| self.var_name(r))
                                        .is_some_and(|v| names.contains(&v))
                            })
                    })
                    .is_empty();
                if queued && !flushed {
                    sends[last].1.lost_at_close = true;
                }
            }
        }
    }
}
