//! Record keys: what kind of value a key expression is — null, a literal
//! or constant, a clock reading, a random value, a field with few values —
//! judged the same way in every language.

use super::eval::{Env, Frame, Val};
use super::ir::{Id, Kind};
use super::scope::{Cx, DeclKind};
use crate::model::KeyKind;

/// Field and accessor names (without `get`) that hold few distinct values.
const LOW_CARDINALITY: &[&str] = &[
    "region",
    "status",
    "state",
    "type",
    "kind",
    "category",
    "country",
    "countrycode",
    "country_code",
    "currency",
    "level",
    "priority",
    "severity",
    "gender",
    "env",
    "environment",
    "zone",
    "datacenter",
    "tier",
    "plan",
    "channel",
    "source",
];

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

/// True for a field/accessor name with few values, or a boolean accessor.
pub fn low_cardinality_name(name: &str) -> bool {
    for prefix in ["is", "has"] {
        if name.strip_prefix(prefix).is_some_and(starts_upper) {
            return true;
        }
    }
    for prefix in ["is_", "has_"] {
        if name.starts_with(prefix) && name.len() > prefix.len() {
            return true;
        }
    }
    let base = name
        .strip_prefix("get")
        .filter(|r| starts_upper(r))
        .or_else(|| name.strip_prefix("get_"))
        .or_else(|| name.strip_prefix("Get").filter(|r| starts_upper(r)))
        .unwrap_or(name);
    LOW_CARDINALITY.iter().any(|w| base.eq_ignore_ascii_case(w))
}

fn is_constant_name(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

impl<'a, 't> Cx<'a, 't> {
    /// Checks `pred` on an expression and on every receiver down its call chain.
    pub fn chain_any(&self, n: Id, pred: &dyn Fn(&Self, Id) -> bool) -> bool {
        let mut cur = self.ir.strip(n);
        for _ in 0..32 {
            if pred(self, cur) {
                return true;
            }
            cur = match self.ir.kind(cur) {
                Kind::Call { func, .. } => match self.ir.kind(*func) {
                    Kind::Member { obj, .. } => self.ir.strip(*obj),
                    _ => return false,
                },
                Kind::Member { obj, .. } => self.ir.strip(*obj),
                _ => return false,
            };
        }
        false
    }

    fn call_matches(&self, n: Id, table: &[(&str, &str)]) -> bool {
        let Some((recv, name, _)) = self.ir.call_parts(n) else {
            return false;
        };
        let q = recv.map(|r| self.text(r)).unwrap_or("");
        let q_last = q.rsplit(['.', ':']).next().unwrap_or(q);
        table.iter().any(|(tq, tn)| {
            (*tn == name || *tn == "*")
                && if tq.is_empty() {
                    q.to_ascii_lowercase().ends_with("clock")
                } else if *tq == "()" {
                    // A plain function call (`uuidv4()`, Python's `uuid4()`
                    // imported by name).
                    recv.is_none()
                } else {
                    *tq == q || *tq == q_last
                }
        })
    }

    pub fn is_clock(&self, n: Id) -> bool {
        match self.ir.kind(n) {
            Kind::Call { .. } => {
                self.call_matches(n, self.lang.clock_calls) || self.clock_helper(n)
            }
            Kind::New { ty, args, .. } => {
                self.lang.clock_types.contains(&&**ty)
                    && (args.is_empty()
                        || (args.len() == 1 && {
                            let t = self.text(args[0].value);
                            t.contains("currentTimeMillis") || t.contains(".now()")
                        }))
            }
            _ => false,
        }
    }

    /// `now()` where `now` is an argument-less function of this file that
    /// reads the clock.
    fn clock_helper(&self, n: Id) -> bool {
        let Some((None, name, [])) = self.ir.call_parts(n) else {
            return false;
        };
        let Some(f) = self.func(name, Some(0)) else {
            return false;
        };
        let Kind::Func { body, .. } = self.ir.kind(f) else {
            return false;
        };
        !self
            .ir
            .find_all(*body, |k| {
                matches!(self.ir.kind(k), Kind::Call { .. })
                    && self.call_matches(k, self.lang.clock_calls)
            })
            .is_empty()
    }

    pub fn is_random(&self, n: Id) -> bool {
        let ir = self.ir;
        match ir.kind(n) {
            Kind::Call { .. } => {
                if self.call_matches(n, self.lang.random_calls) {
                    return true;
                }
                let Some((Some(recv), name, _)) = ir.call_parts(n) else {
                    return false;
                };
                if !name.starts_with("next") && !name.starts_with("rand") && name != "ints" {
                    return false;
                }
                let Some(v) = self.var_name(recv) else {
                    return false;
                };
                let lower = v.to_ascii_lowercase();
                if lower.contains("rand") || lower.contains("rnd") {
                    return true;
                }
                self.lookup(v, recv)
                    .and_then(|d| self.decl_type(&d))
                    .is_some_and(|t| self.lang.random_types.contains(&t.as_str()))
            }
            Kind::New { ty, .. } => self.lang.random_types.contains(&&**ty),
            _ => false,
        }
    }

    /// Python's `a or b` / `a and b` give one of their operands, not a
    /// boolean: they are not listed.
    fn is_boolean_expr(&self, n: Id) -> bool {
        match self.ir.kind(self.ir.strip(n)) {
            Kind::Binary { op, .. } => matches!(
                &**op,
                "==" | "!="
                    | "<"
                    | ">"
                    | "<="
                    | ">="
                    | "&&"
                    | "||"
                    | "instanceof"
                    | "is"
                    | "==="
                    | "!=="
            ),
            Kind::Unary { op, .. } => matches!(&**op, "!" | "not"),
            _ => false,
        }
    }

    /// `String.valueOf(x)`, `x.toString()`, `str(x)`, `x.encode()` … → `x`.
    /// In the language's table an empty qualifier is a method on the
    /// value, `()` a free function, anything else a static qualifier.
    pub fn unwrap_conversion(&self, n: Id) -> Option<Id> {
        // A conversion read as a property: Kotlin's `status.name`, Scala's
        // `id.toString`.
        if let Kind::Member { obj, name } = self.ir.kind(n) {
            let is_func = self
                .ir
                .parent(n)
                .is_some_and(|p| matches!(self.ir.kind(p), Kind::Call { func, .. } if *func == n));
            if !is_func
                && self
                    .lang
                    .conversions
                    .iter()
                    .any(|(q, c)| q.is_empty() && *c == &**name)
            {
                return Some(*obj);
            }
        }
        let (recv, name, args) = self.ir.call_parts(n)?;
        let q = recv.map(|r| self.text(r)).unwrap_or("");
        for (tq, tn) in self.lang.conversions {
            if *tn != name {
                continue;
            }
            match (*tq, recv) {
                ("", Some(r))
                    if args
                        .iter()
                        .all(|a| a.name.is_some() || self.is_encoding_arg(a.value)) =>
                {
                    return Some(r)
                }
                ("()", None) => return args.first().map(|a| a.value),
                (tq, Some(_)) if !tq.is_empty() && tq != "()" && tq == q => {
                    return args.first().map(|a| a.value)
                }
                _ => {}
            }
        }
        None
    }

    /// `"utf-8"`, `StandardCharsets.UTF_8`: an encoding argument of a conversion.
    fn is_encoding_arg(&self, n: Id) -> bool {
        let t = self.text(n).to_ascii_lowercase();
        t.contains("utf") || t.contains("ascii") || t.contains("charset")
    }

    /// What kind of record key an expression is.
    pub fn classify_key(&self, k: Id, env: Env<'_>) -> KeyKind {
        self.classify_at(k, env, 0)
    }

    fn classify_at(&self, k: Id, env: Env<'_>, depth: u32) -> KeyKind {
        let ir = self.ir;
        let k = ir.strip(k);
        let t = self.text(k).to_string();
        if depth > 5 {
            return KeyKind::Other;
        }
        match ir.kind(k) {
            Kind::Null => return KeyKind::Null,
            Kind::Str(s) => {
                return KeyKind::Literal {
                    text: t,
                    value: s.to_string(),
                }
            }
            Kind::Int(i) => {
                return KeyKind::Literal {
                    text: t,
                    value: i.to_string(),
                }
            }
            Kind::Bool(_) => return KeyKind::LowCardinality(t),
            _ => {}
        }
        if self.chain_any(k, &|cx, n| cx.is_clock(n)) {
            return KeyKind::Clock(t);
        }
        if self.chain_any(k, &|cx, n| cx.is_random(n)) {
            return KeyKind::Random(t);
        }
        if self.is_boolean_expr(k) {
            return KeyKind::LowCardinality(t);
        }
        if let Some(inner) = self.unwrap_conversion(k) {
            return match self.classify_at(inner, env, depth + 1) {
                KeyKind::LowCardinality(_) => KeyKind::LowCardinality(t),
                KeyKind::Literal { value, .. } => KeyKind::Literal { text: t, value },
                KeyKind::Null => KeyKind::Other,
                other => other,
            };
        }
        match ir.kind(k) {
            Kind::Template(_) | Kind::Binary { .. } => {
                // A string built from parts: literal only when all parts are.
                match self.eval(k, env).val {
                    Val::Str(v) => KeyKind::Literal { text: t, value: v },
                    _ => KeyKind::Other,
                }
            }
            Kind::Call { .. } => {
                let (_, name, args) = ir.call_parts(k).unwrap_or((None, "", &[]));
                if args.is_empty() && low_cardinality_name(name) {
                    KeyKind::LowCardinality(t)
                } else {
                    KeyKind::Other
                }
            }
            Kind::Member { obj, name } => {
                if self.is_this(*obj) {
                    return self.classify_name(name, k, env, depth);
                }
                let obj_text = self.text(*obj);
                if starts_upper(obj_text) && !obj_text.contains('.') && is_constant_name(name) {
                    if let Val::Str(v) = self.eval(k, env).val {
                        return KeyKind::Literal { text: t, value: v };
                    }
                    // An enum constant (or a constant of another class).
                    return KeyKind::LowCardinality(t);
                }
                if low_cardinality_name(name) {
                    KeyKind::LowCardinality(t)
                } else {
                    KeyKind::Other
                }
            }
            Kind::Name(n) => self.classify_name(n, k, env, depth),
            // `event["country"]`: a map entry named like a few-valued field.
            Kind::Index { index, .. } => match self.eval(*index, env).val {
                Val::Str(name) if low_cardinality_name(&name) => KeyKind::LowCardinality(t),
                _ => KeyKind::Other,
            },
            _ => KeyKind::Other,
        }
    }

    fn classify_name(&self, name: &str, at: Id, env: Env<'_>, depth: u32) -> KeyKind {
        let t = self.text(at).to_string();
        let Some(d) = self.lookup(name, at) else {
            return if low_cardinality_name(name) {
                KeyKind::LowCardinality(t)
            } else {
                KeyKind::Other
            };
        };
        match d.kind {
            DeclKind::Param => {
                if let Some((f, i)) = d.param_of {
                    if let Some((arg, _, outer)) = env.bound(f, i) {
                        return match self.classify_at(arg, outer, depth + 1) {
                            KeyKind::Literal { value, .. } => KeyKind::Literal { text: t, value },
                            other => other,
                        };
                    }
                    // Unbound: what every call site in this file passes.
                    if env.frame.is_none() {
                        if let Some(k) = self.key_at_call_sites(f, i, &t, depth) {
                            return k;
                        }
                    }
                }
            }
            DeclKind::Local | DeclKind::Field | DeclKind::Global => {
                let constant = d.constant || !self.is_reassigned(name, &d);
                if constant {
                    if let Some(v) = d.value {
                        if d.kind == DeclKind::Local {
                            return match self.classify_at(v, env, depth + 1) {
                                KeyKind::Literal { value, .. } => {
                                    KeyKind::Literal { text: t, value }
                                }
                                KeyKind::Other if low_cardinality_name(name) => {
                                    KeyKind::LowCardinality(t)
                                }
                                other => other,
                            };
                        }
                        if let Val::Str(v) = self.eval(at, env).val {
                            return KeyKind::Literal { text: t, value: v };
                        }
                    }
                }
            }
            DeclKind::LoopVar | DeclKind::LambdaParam => {}
        }
        if low_cardinality_name(name) {
            KeyKind::LowCardinality(t)
        } else {
            KeyKind::Other
        }
    }

    /// The key a parameter gets from the calls of its function in this
    /// file: one kind when all of them agree (every call passes the same
    /// literal, or a clock reading), else nothing.
    fn key_at_call_sites(&self, f: Id, i: usize, text: &str, depth: u32) -> Option<KeyKind> {
        let sites = self.call_sites(f);
        if sites.is_empty() || sites.len() > 16 {
            return None;
        }
        let mut kinds = Vec::new();
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
            let arg = frame.args.get(i).copied().flatten()?;
            kinds.push(self.classify_at(arg, env.frame.unwrap().outer, depth + 1));
        }
        let first = kinds.first()?.clone();
        let same = kinds.iter().all(|k| match (k, &first) {
            (KeyKind::Literal { value: a, .. }, KeyKind::Literal { value: b, .. }) => a == b,
            (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
        });
        if !same {
            return Some(KeyKind::Other);
        }
        Some(match first {
            KeyKind::Literal { value, .. } => KeyKind::Literal {
                text: text.to_string(),
                value,
            },
            other => other,
        })
    }
}
