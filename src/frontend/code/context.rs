//! Where code runs: inside a loop, a per-message handler or a per-request
//! handler — directly, or through a call from one in the same file — and
//! whether it sits in a transaction.

use super::ir::{Id, Kind};
use super::scope::Cx;
use crate::model::{CallSite, Context};

/// Loops of at most this many turns over literals are not bulk sends.
const SHORT_LOOP: i64 = 1000;

impl<'a, 't> Cx<'a, 't> {
    /// The call a lambda is passed to directly, and the method name.
    pub fn lambda_call(&self, lambda: Id) -> Option<(Id, &'a str)> {
        let call = self.ir.parent(lambda)?;
        let (_, name, args) = self.ir.call_parts(call)?;
        args.iter()
            .any(|a| a.value == lambda)
            .then_some((call, name))
    }

    /// Whether a function handles one message or request per call, from
    /// its annotations/decorators, name and parameter types.
    pub fn handler_kind(&self, f: Id) -> (bool, bool) {
        let Kind::Func {
            name,
            annotations,
            params,
            ..
        } = self.ir.kind(f)
        else {
            return (false, false);
        };
        let l = self.lang;
        let ann = |list: &[&str]| annotations.iter().any(|a| list.contains(&&**a));
        let named = |list: &[&str]| name.as_deref().is_some_and(|n| list.contains(&n));
        let message = ann(l.message_annotations) || named(l.message_handler_names);
        // A method of a class whose base or annotation makes its methods
        // request handlers (an ASP.NET controller).
        let class_request = || {
            let Some(cls) = self
                .ir
                .ancestors(f)
                .map(|(a, _)| a)
                .find(|a| matches!(self.ir.kind(*a), Kind::Class { .. }))
            else {
                return false;
            };
            let Kind::Class {
                bases, annotations, ..
            } = self.ir.kind(cls)
            else {
                return false;
            };
            bases
                .iter()
                .any(|b| l.request_bases.contains(&super::lower::simple_type(b)))
                || annotations
                    .iter()
                    .any(|a| l.request_annotations.contains(&&**a))
        };
        // A function handed by name to a route or per-request dependency
        // call (`Depends(get_producer)`, `add_url_rule(p, view_func=f)`).
        let routed = || {
            let Some(fname) = name.as_deref() else {
                return false;
            };
            l.route_calls.iter().any(|rc| {
                self.calls.get(rc).into_iter().flatten().any(|c| {
                    self.ir
                        .args(*c)
                        .iter()
                        .any(|a| self.ir.name(a.value) == Some(fname))
                })
            })
        };
        let request = ann(l.request_annotations)
            || (!l.request_bases.is_empty() && class_request())
            || named(l.request_handler_names)
            || self.has_request_param(params)
            || routed();
        (message, request)
    }

    /// A parameter of a request type, by simple name (`HttpServletRequest`)
    /// or qualified as written (`*http.Request`, `*gin.Context`: Go's
    /// `context.Context` is no request).
    fn has_request_param(&self, params: &[super::ir::Param]) -> bool {
        let types = self.lang.request_param_types;
        params.iter().any(|p| {
            p.ty.as_deref().is_some_and(|t| {
                let qualified = super::lower::strip_generics(t).trim_start_matches(['*', '&']);
                types.contains(&super::lower::simple_type(t)) || types.contains(&qualified)
            })
        })
    }

    /// A lambda returned by a function declared to return a handler type
    /// (`@Bean Consumer<Order> handle() { return o -> .. }`).
    fn is_returned_handler(&self, lambda: Id) -> bool {
        let Some(p) = self.ir.parent(lambda) else {
            return false;
        };
        if !matches!(self.ir.kind(p), Kind::Return(_)) {
            return false;
        }
        let Some(f) = self.ir.enclosing_func(lambda, true) else {
            return false;
        };
        matches!(self.ir.kind(f), Kind::Func { returns: Some(r), .. }
            if self.lang.handler_return_types.contains(&super::lower::simple_type(r)))
    }

    /// Whether a loop polls a consumer (`while (..) { records = consumer.poll(..) }`).
    /// A consumer's poll (`consumer.poll(1.0)`), not a producer serving
    /// its delivery reports (librdkafka's `producer.poll(0)`): the receiver
    /// holds a producer construction of one of the file's libraries, or is
    /// named as one.
    fn is_consumer_poll(&self, k: Id) -> bool {
        let ir = self.ir;
        let Some((Some(r), m, _)) = ir.call_parts(k) else {
            return false;
        };
        if !self.lang.poll_calls.contains(&m) {
            return false;
        }
        let producer_poll = self.apis.iter().any(|a| a.poll.iter().any(|p| p == m));
        if !producer_poll {
            return true;
        }
        let Some(v) = self.var_name(r) else {
            return true;
        };
        if v.to_ascii_lowercase().contains("producer") {
            return false;
        }
        let built = self.lookup(v, r).and_then(|d| d.value).is_some_and(|val| {
            let name = ir.last_name(ir.strip(val));
            self.apis
                .iter()
                .any(|a| a.producers.iter().any(|p| Some(p.name.as_str()) == name))
        });
        !built
    }

    fn is_poll_loop(&self, lp: Id) -> bool {
        let ir = self.ir;
        let Kind::Loop { iter, body, .. } = ir.kind(lp) else {
            return false;
        };
        let polls = |root: Id| !ir.find_all(root, |k| self.is_consumer_poll(k)).is_empty();
        iter.is_some_and(polls) || self.direct_poll(*body)
    }

    /// A poll call directly in a loop body (not in a nested function).
    fn direct_poll(&self, body: Id) -> bool {
        let ir = self.ir;
        let mut found = false;
        ir.walk(body, |k| {
            if found
                || matches!(
                    ir.kind(k),
                    Kind::Func { .. } | Kind::Lambda { .. } | Kind::Loop { .. }
                ) && k != body
            {
                return false;
            }
            if self.is_consumer_poll(k) {
                found = true;
            }
            true
        });
        found
    }

    /// Whether `root` calls a consumer's poll method.
    fn has_poll(&self, root: Id) -> bool {
        let ir = self.ir;
        !ir.find_all(root, |k| self.is_consumer_poll(k)).is_empty()
    }

    /// The loop body polls a consumer, but only after `at`.
    fn polls_only_after(&self, body: Id, at: Id) -> bool {
        let ir = self.ir;
        let start = ir.node(at).start;
        let polls = ir.find_all(body, |k| {
            self.is_consumer_poll(k) && !ir.contains(k, at) && !ir.contains(at, k)
        });
        !polls.is_empty() && polls.iter().all(|p| ir.node(*p).start > start)
    }

    /// A loop over a short literal list or range: `for (int i = 0; i < 10; i++)`,
    /// `for (String s : List.of("a", "b"))`, `for i in range(5)`.
    fn is_short_loop(&self, lp: Id) -> bool {
        let ir = self.ir;
        let Kind::Loop { kind, iter, .. } = ir.kind(lp) else {
            return false;
        };
        match (kind, iter) {
            (super::ir::LoopKind::Counted, Some(cond)) => match ir.kind(ir.strip(*cond)) {
                Kind::Binary { op, r, .. } if matches!(&**op, "<" | "<=" | "!=") => self
                    .eval(*r, super::eval::Env::default())
                    .val
                    .int()
                    .is_some_and(|n| n <= SHORT_LOOP),
                _ => false,
            },
            (super::ir::LoopKind::Each, Some(coll)) => self.is_short_collection(*coll),
            _ => false,
        }
    }

    /// A literal list (or a constant holding one) or a literal range.
    fn is_short_collection(&self, coll: Id) -> bool {
        let ir = self.ir;
        let c = ir.strip(coll);
        let literal_items = |items: &[Id]| {
            items.len() as i64 <= SHORT_LOOP
                && items.iter().all(|i| {
                    self.eval(*i, super::eval::Env::default()).val.is_known()
                        || matches!(
                            ir.kind(*i),
                            Kind::New { .. } | Kind::Call { .. } | Kind::Object(_)
                        )
                })
        };
        match ir.kind(c) {
            Kind::List(items) => literal_items(items),
            // Go's `for i := range 10`.
            Kind::Int(n) => *n <= SHORT_LOOP,
            Kind::Call { args, .. } => {
                let Some((_, m, _)) = ir.call_parts(c) else {
                    return false;
                };
                match m {
                    "asList" | "of" | "listOf" | "setOf" | "arrayOf" | "List" | "Seq" | "Array" => {
                        let items: Vec<Id> = args.iter().map(|a| a.value).collect();
                        literal_items(&items)
                    }
                    // `range(10)`, `IntStream.range(0, 10)`, `(1..5)`.
                    "range" | "rangeClosed" | "times" | "repeat" => args
                        .last()
                        .and_then(|a| self.eval(a.value, super::eval::Env::default()).val.int())
                        .is_some_and(|n| n <= SHORT_LOOP),
                    _ => false,
                }
            }
            Kind::Binary { op, r, .. } if matches!(&**op, ".." | "..=" | "until" | "to") => self
                .eval(*r, super::eval::Env::default())
                .val
                .int()
                .is_some_and(|n| n <= SHORT_LOOP),
            Kind::Name(_) => {
                let Some(v) = self.var_name(c) else {
                    return false;
                };
                let Some(d) = self.lookup(v, c) else {
                    return false;
                };
                let Some(init) = d.value else { return false };
                (d.constant || !self.is_reassigned(v, &d))
                    && d.kind != super::scope::DeclKind::LoopVar
                    && init != coll
                    && self.is_short_collection(init)
            }
            _ => false,
        }
    }

    /// A loop body that sleeps every turn: deliberately paced.
    /// A timer the code waits for: `await new Promise(r => setTimeout(r, ms))`
    /// or `await setTimeout(ms)` (`timers/promises`).
    fn awaited_somewhere(&self, call: Id) -> bool {
        self.ir
            .ancestors(call)
            .take(8)
            .any(|(a, _)| matches!(self.ir.kind(a), Kind::Await(_)))
    }

    fn is_paced(&self, body: Id) -> bool {
        let ir = self.ir;
        let mut found = false;
        ir.walk(body, |k| {
            if found {
                return false;
            }
            if k != body && matches!(ir.kind(k), Kind::Func { .. } | Kind::Loop { .. }) {
                return false;
            }
            if let Some((recv, m, _)) = ir.call_parts(k) {
                // Go paces with `time.Sleep`, `<-time.After(d)`, `time.Tick(d)`.
                if matches!(
                    m,
                    "sleep" | "Sleep" | "delay" | "Delay" | "sleepFor" | "After" | "Tick"
                ) || (m == "setTimeout" && self.awaited_somewhere(k))
                {
                    found = true;
                }
                // Waiting for a person at a terminal paces the loop too
                // (`Console.ReadLine()`, `stdin().read_line(..)`, `input()`).
                let q = recv.map(|r| self.text(r)).unwrap_or("");
                let interactive = match m {
                    "ReadLine" | "ReadKey" => q == "Console",
                    "read_line" => q.contains("stdin"),
                    "readLine" => q.contains("console") || q.contains("readLine"),
                    "nextLine" => q.to_ascii_lowercase().contains("scanner"),
                    "input" => recv.is_none(),
                    _ => false,
                };
                found |= interactive;
            }
            // A receive from a ticker's or timer's channel: `<-ticker.C`.
            if let Kind::Unary { op, e } = ir.kind(k) {
                if &**op == "<-"
                    && matches!(ir.kind(*e), Kind::Member { name, .. } if &**name == "C")
                {
                    found = true;
                }
            }
            true
        });
        found
    }

    /// The loop and handler context of a node, within its function.
    pub fn context(&self, id: Id) -> Context {
        let ir = self.ir;
        let mut c = Context::default();
        for (a, child) in ir.ancestors(id) {
            match ir.kind(a) {
                Kind::Loop { body, iter, .. } if *body == child => {
                    c.in_loop = true;
                    // A loop that sends and then waits for a consumer (a
                    // produce/consume round trip) is paced by what it
                    // consumes, and does not forward consumed records.
                    let ping_pong =
                        self.polls_only_after(*body, id) && !iter.is_some_and(|i| self.has_poll(i));
                    if self.is_poll_loop(a) && !ping_pong {
                        c.in_handler = true;
                    }
                    let ticks = match ir.kind(a) {
                        // `for range ticker.C`, `for t := range time.Tick(d)`.
                        Kind::Loop { iter: Some(i), .. } => {
                            matches!(ir.kind(*i), Kind::Member { name, .. } if &**name == "C")
                                || self.is_paced(*i)
                        }
                        _ => false,
                    };
                    // `while ((line = Console.ReadLine()) != null)` is paced too.
                    let paced = self.is_paced(*body)
                        || iter.is_some_and(|i| self.is_paced(i))
                        || ping_pong
                        || ticks;
                    if !self.is_short_loop(a) && !paced {
                        c.bulk = true;
                    }
                }
                Kind::Lambda { body, params } => {
                    // `http.HandleFunc("/x", func(w http.ResponseWriter, r *http.Request) {..})`
                    if self.has_request_param(params) {
                        c.in_request = true;
                    }
                    if let Some((call, name)) = self.lambda_call(a) {
                        if self.lang.loop_calls.contains(&name) {
                            c.in_loop = true;
                            let short = self
                                .ir
                                .call_parts(call)
                                .and_then(|(r, _, _)| r)
                                .is_some_and(|r| self.is_short_collection(r));
                            if !short && !self.is_paced(*body) {
                                c.bulk = true;
                            }
                        }
                        if self.lang.route_calls.contains(&name) {
                            c.in_request = true;
                        }
                    }
                    if self.is_returned_handler(a) {
                        c.in_handler = true;
                    }
                }
                Kind::Func { .. } => {
                    let (m, r) = self.handler_kind(a);
                    c.in_handler |= m;
                    c.in_request |= r;
                    if let Some((_, name)) = self.lambda_call(a) {
                        // A function literal passed to a route (`http.HandleFunc(p, func(..){..})`).
                        if self.lang.route_calls.contains(&name) {
                            c.in_request = true;
                        }
                    }
                    break;
                }
                Kind::Class { .. } => break,
                _ => {}
            }
        }
        c
    }

    /// The context of a node, also through calls of its function from a
    /// loop or handler in the same file (one or two levels).
    pub fn context_via(&self, id: Id) -> Context {
        let direct = self.context(id);
        if direct.in_loop || direct.in_handler || direct.in_request {
            return direct;
        }
        self.context_through_calls(id, 2).unwrap_or(direct)
    }

    fn context_through_calls(&self, id: Id, levels: u32) -> Option<Context> {
        if levels == 0 {
            return None;
        }
        let f = self.ir.enclosing_func(id, false)?;
        if !matches!(self.ir.kind(f), Kind::Func { .. }) {
            return None;
        }
        let name = self.func_name(f)?.to_string();
        let mut best: Option<Context> = None;
        for call in self.call_sites(f) {
            let mut c = self.context(call);
            if !(c.in_loop || c.in_handler || c.in_request) {
                match self.context_through_calls(call, levels - 1) {
                    Some(inner) => c = inner,
                    None => continue,
                }
            }
            if c.via.is_none() {
                c.via = Some(CallSite {
                    function: name.clone(),
                    line: self.line(call),
                });
            }
            // A loop says more than a handler.
            let better = match &best {
                None => true,
                Some(b) => c.in_loop && !b.in_loop,
            };
            if better {
                best = Some(c);
            }
        }
        best
    }

    /// A node inside a transaction of one of the file's libraries: a scope
    /// call's lambda (`executeInTransaction(ops -> ..)`), or a function
    /// that commits a transaction on `receiver` (or on any producer when
    /// the receiver is unknown) after `id`.
    pub fn in_transaction(&self, id: Id, receiver: Option<&str>) -> bool {
        let ir = self.ir;
        for (a, _) in ir.ancestors(id) {
            match ir.kind(a) {
                Kind::Lambda { .. } => {
                    if let Some((_, name)) = self.lambda_call(a) {
                        if self
                            .apis
                            .iter()
                            .any(|api| api.transactions.scopes.iter().any(|s| s == name))
                        {
                            return true;
                        }
                    }
                }
                Kind::With { items, .. } => {
                    // `async with producer.transaction():`
                    let scoped = items.iter().any(|(_, v)| {
                        ir.call_parts(ir.strip(*v)).is_some_and(|(_, m, _)| {
                            self.apis
                                .iter()
                                .any(|api| api.transactions.scopes.iter().any(|s| s == m))
                        })
                    });
                    if scoped {
                        return true;
                    }
                }
                Kind::Func { body, .. } => {
                    let body = *body;
                    let start = ir.node(id).end;
                    return !ir
                        .find_all(body, |k| {
                            ir.node(k).start >= start
                                && ir.call_parts(k).is_some_and(|(r, m, _)| {
                                    self.apis
                                        .iter()
                                        .any(|api| api.transactions.commit.iter().any(|c| c == m))
                                        && match (receiver, r.and_then(|r| self.var_name(r))) {
                                            (Some(want), Some(got)) => want == got,
                                            _ => true,
                                        }
                                })
                        })
                        .is_empty();
                }
                _ => {}
            }
        }
        false
    }
}
