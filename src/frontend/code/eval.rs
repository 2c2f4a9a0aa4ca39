//! Static values: literals, constants, string concatenation and templates,
//! durations, environment variables with defaults written in the code, and
//! parameters bound to arguments at call sites in the same file.

use super::ir::{Arg, Id, Kind};
use super::scope::{Cx, DeclKind};
use crate::model::{Provenance, Value};

/// How deep evaluation follows constants and calls.
const MAX_EVAL: u32 = 12;

/// A value as far as the analysis can tell.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
    /// A duration in milliseconds (`5 * time.Millisecond`, `Duration.ofMillis(5)`).
    Dur(f64),
    Unknown,
}

impl Val {
    pub fn is_known(&self) -> bool {
        !matches!(self, Val::Unknown)
    }

    /// As a string the way a client reads it.
    pub fn text(&self) -> Option<String> {
        match self {
            Val::Str(s) => Some(s.clone()),
            Val::Int(i) => Some(i.to_string()),
            Val::Float(f) => Some(f.to_string()),
            Val::Bool(b) => Some(b.to_string()),
            Val::Dur(ms) => Some(format!("{}", ms.round() as i64)),
            Val::Null | Val::Unknown => None,
        }
    }

    pub fn int(&self) -> Option<i64> {
        match self {
            Val::Int(i) => Some(*i),
            Val::Str(s) => s.trim().parse().ok(),
            Val::Dur(ms) => Some(ms.round() as i64),
            _ => None,
        }
    }

    /// The model's value; `text` is the source text for unknowns.
    pub fn to_value(&self, text: &str) -> Value {
        match self {
            Val::Str(s) => Value::Str(s.clone()),
            Val::Int(i) => Value::Int(*i),
            Val::Float(f) if f.fract() == 0.0 => Value::Int(*f as i64),
            Val::Bool(b) => Value::Bool(*b),
            // Durations keep their unit: the knowledge table converts a
            // setting's value by its spelling's unit (a bare Go number is
            // nanoseconds), and "5ms" says what it is.
            Val::Dur(ms) => Value::Str(format!("{ms}ms")),
            _ => Value::Unknown(text.to_string()),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Ev {
    pub val: Val,
    pub prov: Provenance,
}

impl Ev {
    fn lit(val: Val) -> Ev {
        Ev {
            val,
            prov: Provenance::Literal,
        }
    }

    pub fn unknown() -> Ev {
        Ev::lit(Val::Unknown)
    }
}

/// Parameter bindings: evaluating inside a function called from a known
/// call site gives its parameters the call's arguments.
#[derive(Debug, Clone, Copy, Default)]
pub struct Env<'e> {
    pub frame: Option<&'e Frame<'e>>,
}

#[derive(Debug)]
pub struct Frame<'e> {
    pub func: Id,
    pub call: Id,
    /// The argument bound to each parameter, in parameter order.
    pub args: Vec<Option<Id>>,
    /// The environment the arguments are evaluated in.
    pub outer: Env<'e>,
}

impl<'e> Env<'e> {
    /// The argument bound to parameter `i` of `func`, and its environment.
    pub fn bound(&self, func: Id, i: usize) -> Option<(Id, Id, Env<'e>)> {
        let mut cur = self.frame;
        while let Some(f) = cur {
            if f.func == func {
                return f
                    .args
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|a| (a, f.call, f.outer));
            }
            cur = f.outer.frame;
        }
        None
    }

    /// How many frames deep this environment is.
    pub fn depth(&self) -> usize {
        let mut n = 0;
        let mut cur = self.frame;
        while let Some(f) = cur {
            n += 1;
            cur = f.outer.frame;
        }
        n
    }
}

/// Keeps the weaker of two provenances (environment defaults and call-site
/// arguments say more about where a value came from than a constant).
fn weaker(a: Provenance, b: Provenance) -> Provenance {
    let rank = |p: &Provenance| match p {
        Provenance::EnvDefault(_) => 3,
        Provenance::Argument { .. } => 2,
        Provenance::Constant(_) => 1,
        _ => 0,
    };
    if rank(&b) > rank(&a) {
        b
    } else {
        a
    }
}

impl<'a, 't> Cx<'a, 't> {
    /// Binds the parameters of `func` to the arguments of `call`:
    /// positional by index, named by parameter name.
    pub fn bind(&self, func: Id, call: Id) -> Vec<Option<Id>> {
        let Kind::Func { params, .. } = self.ir.kind(func) else {
            return Vec::new();
        };
        let args: &[Arg] = self.ir.args(call);
        let mut out = vec![None; params.len()];
        let mut pos = 0;
        // A method call `obj.f(..)` on an instance: Python's `self` is
        // the first parameter and is not passed.
        let skip_self = params
            .first()
            .is_some_and(|p| self.lang.this_names.contains(&&*p.name))
            as usize;
        for a in args {
            if a.spread {
                continue;
            }
            match &a.name {
                Some(n) => {
                    if let Some(i) = params.iter().position(|p| *p.name == **n) {
                        out[i] = Some(a.value);
                    }
                }
                None => {
                    if let Some(slot) = out.get_mut(pos + skip_self) {
                        *slot = Some(a.value);
                    }
                    pos += 1;
                }
            }
        }
        out
    }

    /// Evaluates an expression statically.
    pub fn eval(&self, id: Id, env: Env<'_>) -> Ev {
        self.eval_at(id, env, 0)
    }

    fn eval_at(&self, id: Id, env: Env<'_>, depth: u32) -> Ev {
        if depth > MAX_EVAL || id.is_none() {
            return Ev::unknown();
        }
        let ir = self.ir;
        let id = ir.strip(id);
        match ir.kind(id) {
            Kind::Str(s) => Ev::lit(Val::Str(s.to_string())),
            Kind::Int(i) => Ev::lit(Val::Int(*i)),
            Kind::Float(f) => Ev::lit(Val::Float(*f)),
            Kind::Bool(b) => Ev::lit(Val::Bool(*b)),
            Kind::Null => Ev::lit(Val::Null),
            Kind::Template(parts) => {
                let mut s = String::new();
                let mut prov = Provenance::Literal;
                for p in parts {
                    let e = self.eval_at(*p, env, depth + 1);
                    match e.val.text() {
                        Some(t) => s.push_str(&t),
                        None => return Ev::unknown(),
                    }
                    prov = weaker(prov, e.prov);
                }
                Ev {
                    val: Val::Str(s),
                    prov,
                }
            }
            Kind::Name(n) => self.eval_name(n, id, env, depth),
            Kind::Member { obj, name } => {
                if let Some(path) = ir.path(id) {
                    if let Some(v) = self.std_constant(&path) {
                        return Ev::lit(v);
                    }
                }
                if self.is_this(*obj) {
                    return self.eval_name(name, id, env, depth);
                }
                // A unit after a number: Scala's `10.millis`, Kotlin's `5.seconds`.
                let unit = format!(".{name}");
                if let Some((_, ms)) = self.lang.durations.iter().find(|(p, _)| *p == unit) {
                    let n = self.eval_at(*obj, env, depth + 1);
                    match n.val {
                        Val::Int(i) => return Ev::lit(Val::Dur(i as f64 * ms)),
                        Val::Float(f) => return Ev::lit(Val::Dur(f * ms)),
                        _ => {}
                    }
                }
                // `Config.ACKS` where Config is a class of this file.
                if let Some(cls) = ir.name(*obj).and_then(|c| self.classes.get(c)) {
                    if let Some(v) = self.class_constant(*cls, name, env, depth) {
                        return v;
                    }
                }
                Ev::unknown()
            }
            Kind::Call { func, args } => self.eval_call(id, *func, args, env, depth),
            Kind::Binary { op, l, r } => {
                let op = &**op;
                if matches!(op, "??" | "||" | "or" | "?:") {
                    if let Some(var) = self.env_var(*l) {
                        let d = self.eval_at(*r, env, depth + 1);
                        return Ev {
                            val: d.val,
                            prov: Provenance::EnvDefault(var),
                        };
                    }
                }
                let a = self.eval_at(*l, env, depth + 1);
                let b = self.eval_at(*r, env, depth + 1);
                let prov = weaker(a.prov.clone(), b.prov.clone());
                let val = binary(op, &a.val, &b.val);
                Ev { val, prov }
            }
            Kind::Unary { op, e } => {
                let v = self.eval_at(*e, env, depth + 1);
                let val = match (&**op, &v.val) {
                    ("-", Val::Int(i)) => Val::Int(-i),
                    ("-", Val::Float(f)) => Val::Float(-f),
                    ("!" | "not", Val::Bool(b)) => Val::Bool(!b),
                    ("+", x) => x.clone(),
                    _ => Val::Unknown,
                };
                Ev { val, prov: v.prov }
            }
            Kind::Cond { a, b, .. } => {
                let x = self.eval_at(*a, env, depth + 1);
                let y = self.eval_at(*b, env, depth + 1);
                if x.val == y.val {
                    x
                } else {
                    Ev::unknown()
                }
            }
            _ => Ev::unknown(),
        }
    }

    /// A standard-library constant or duration unit (`Integer.MAX_VALUE`,
    /// `time.Millisecond`).
    fn std_constant(&self, path: &str) -> Option<Val> {
        if let Some((_, v)) = self.lang.constants.iter().find(|(p, _)| *p == path) {
            return Some(Val::Int(*v));
        }
        if let Some((_, b)) = self.lang.bool_constants.iter().find(|(p, _)| *p == path) {
            return Some(Val::Bool(*b));
        }
        // Units (`time.Millisecond`) are bare paths; constructors
        // (`Duration.ofMillis`) are called and handled in eval_call.
        self.lang
            .durations
            .iter()
            .find(|(p, _)| *p == path && !self.is_duration_ctor(p))
            .map(|(_, ms)| Val::Dur(*ms))
    }

    fn is_duration_ctor(&self, path: &str) -> bool {
        path.rsplit('.')
            .next()
            .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_lowercase()))
    }

    /// Every module- or package-level name of the file with a value known
    /// statically (Go `const`/`var` never reassigned, Python module
    /// constants, Rust `const`), with its declaring node.
    pub fn module_constants(&self) -> Vec<(String, Val, Id)> {
        let ir = self.ir;
        let mut out = Vec::new();
        let mut lets = Vec::new();
        ir.walk(ir.root, |n| match ir.kind(n) {
            Kind::Func { .. } | Kind::Lambda { .. } | Kind::Class { .. } => false,
            Kind::Let { .. } => {
                lets.push(n);
                false
            }
            _ => true,
        });
        // Languages where an assignment declares (Python): `X = "1"` at
        // module level.
        if self.lang.assign_declares {
            if let Kind::Block(items) = ir.kind(ir.root) {
                for i in items {
                    if let Kind::Expr(e) = ir.kind(*i) {
                        if let Kind::Assign {
                            target, op: None, ..
                        } = ir.kind(*e)
                        {
                            if ir.name(*target).is_some() {
                                lets.push(*e);
                            }
                        }
                    }
                }
            }
        }
        for n in lets {
            let (name, v): (&str, Id) = match ir.kind(n) {
                Kind::Let {
                    names,
                    value: Some(v),
                    ..
                } if names.len() == 1 => (&names[0], *v),
                Kind::Assign { target, value, .. } => match ir.name(*target) {
                    Some(t) => (t, *value),
                    None => continue,
                },
                _ => continue,
            };
            let Some(d) = self.lookup(name, v) else {
                continue;
            };
            if d.kind != DeclKind::Global || (!d.constant && self.is_reassigned(name, &d)) {
                continue;
            }
            let e = self.eval(v, Env::default());
            if e.val.is_known() {
                out.push((name.to_string(), e.val, n));
            }
        }
        out
    }

    /// Every field of class `cls` with a value known statically (constants
    /// and fields assigned once), with its declaring node.
    pub fn class_constants(&self, cls: Id) -> Vec<(String, Val, Id)> {
        let Kind::Class { body, .. } = self.ir.kind(cls) else {
            return Vec::new();
        };
        let Kind::Block(members) = self.ir.kind(*body) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in members {
            if let Kind::Let { names, .. } = self.ir.kind(*m) {
                for n in names {
                    if let Some(e) = self.class_constant(cls, n, Env::default(), 0) {
                        out.push((n.to_string(), e.val, *m));
                    }
                }
            }
        }
        out
    }

    fn class_constant(&self, cls: Id, name: &str, env: Env<'_>, depth: u32) -> Option<Ev> {
        let Kind::Class { body, .. } = self.ir.kind(cls) else {
            return None;
        };
        let Kind::Block(members) = self.ir.kind(*body) else {
            return None;
        };
        for m in members {
            if let Kind::Let {
                names,
                value: Some(v),
                ..
            } = self.ir.kind(*m)
            {
                if names.iter().any(|n| &**n == name) {
                    let d = self.lookup(name, *v)?;
                    if !d.constant && self.is_reassigned(name, &d) {
                        return None;
                    }
                    let e = self.eval_at(*v, env, depth + 1);
                    return e.val.is_known().then(|| Ev {
                        val: e.val,
                        prov: weaker(Provenance::Constant(name.to_string()), e.prov),
                    });
                }
            }
        }
        None
    }

    fn eval_name(&self, name: &str, at: Id, env: Env<'_>, depth: u32) -> Ev {
        if let Some(v) = self.std_constant(name) {
            return Ev::lit(v);
        }
        let Some(d) = self.lookup(name, at) else {
            return Ev::unknown();
        };
        match d.kind {
            DeclKind::Param => {
                let Some((f, i)) = d.param_of else {
                    return Ev::unknown();
                };
                match env.bound(f, i) {
                    Some((arg, call, outer)) => {
                        let e = self.eval_at(arg, outer, depth + 1);
                        let function = self.func_name(f).unwrap_or("").to_string();
                        let line = self.line(call);
                        Ev {
                            val: e.val,
                            prov: weaker(e.prov, Provenance::Argument { function, line }),
                        }
                    }
                    None => Ev::unknown(),
                }
            }
            DeclKind::Local | DeclKind::Field | DeclKind::Global => {
                let Some(v) = d.value else {
                    return Ev::unknown();
                };
                if !d.constant && self.is_reassigned(name, &d) {
                    return Ev::unknown();
                }
                // An instance field set only in its declaration is fixed for
                // this file; one without `final` in a type others extend is
                // still only as good as this file says, which is all we read.
                let e = self.eval_at(v, env, depth + 1);
                if !e.val.is_known() {
                    return e;
                }
                Ev {
                    val: e.val,
                    prov: weaker(Provenance::Constant(name.to_string()), e.prov),
                }
            }
            DeclKind::LoopVar | DeclKind::LambdaParam => Ev::unknown(),
        }
    }

    /// The environment variable an expression reads, if it is one of the
    /// language's environment reads without a default of its own.
    pub fn env_var(&self, id: Id) -> Option<String> {
        let ir = self.ir;
        let id = ir.strip(id);
        match ir.kind(id) {
            Kind::Call { .. } => {
                let (recv, name, args) = ir.call_parts(id)?;
                let q = recv.map(|r| self.text(r)).unwrap_or("");
                self.lang
                    .env_reads
                    .iter()
                    .find(|(eq, en, _)| *eq == q && *en == name)?;
                let var = args.first().map(|a| self.eval(a.value, Env::default()));
                Some(var.and_then(|e| e.val.text()).unwrap_or_else(|| "?".into()))
            }
            // `process.env.KAFKA_ACKS`, `os.environ["X"]`
            Kind::Member { obj, name } => {
                let base = ir.path(*obj)?;
                self.lang
                    .env_reads
                    .iter()
                    .any(|(q, n, _)| n.is_empty() && *q == base)
                    .then(|| name.to_string())
            }
            Kind::Index { obj, index } => {
                let base = ir.path(*obj)?;
                self.lang
                    .env_reads
                    .iter()
                    .any(|(q, n, _)| n.is_empty() && *q == base)
                    .then(|| {
                        self.eval(*index, Env::default())
                            .val
                            .text()
                            .unwrap_or_else(|| "?".into())
                    })
            }
            _ => None,
        }
    }

    fn eval_call(&self, id: Id, func: Id, args: &[Arg], env: Env<'_>, depth: u32) -> Ev {
        let ir = self.ir;
        let Some((recv, name, _)) = ir.call_parts(id) else {
            return Ev::unknown();
        };
        let qualifier = recv.map(|r| self.text(r)).unwrap_or("");
        let first = args.iter().find(|a| a.name.is_none()).map(|a| a.value);
        // Durations: Duration.ofMillis(5), time.Duration(5) * …
        if let Some(path) = ir.path(func) {
            if let Some((_, ms)) = self.lang.durations.iter().find(|(p, _)| *p == path) {
                if let Some(a) = first {
                    let e = self.eval_at(a, env, depth + 1);
                    if let Some(n) = e.val.int() {
                        return Ev {
                            val: Val::Dur(n as f64 * ms),
                            prov: e.prov,
                        };
                    }
                }
            }
        }
        // Environment reads with a default argument.
        if let Some((_, _, di)) = self
            .lang
            .env_reads
            .iter()
            .find(|(q, n, _)| *q == qualifier && *n == name)
        {
            let var = first
                .map(|a| self.eval_at(a, env, depth + 1))
                .and_then(|e| e.val.text())
                .unwrap_or_else(|| "?".into());
            let default = args.iter().filter(|a| a.name.is_none()).nth(*di);
            return match default {
                Some(d) => {
                    let e = self.eval_at(d.value, env, depth + 1);
                    Ev {
                        val: e.val,
                        prov: Provenance::EnvDefault(var),
                    }
                }
                None => Ev::unknown(),
            };
        }
        // Conversions that keep the value: String.valueOf(x), x.toString(), str(x).
        if let Some(x) = self.unwrap_conversion(id) {
            // The value as the client reads it: `String.valueOf(5)` is 5.
            return self.eval_at(x, env, depth + 1);
        }
        // Number and boolean parsing: Integer.parseInt("5"), int("5"), "5".toInt().
        let parse = matches!(
            name,
            "parseInt" | "parseLong" | "valueOf" | "int" | "toInt" | "toLong" | "Atoi" | "Parse"
        );
        if parse {
            let x = if recv.is_some() && first.is_none() {
                recv
            } else {
                first
            };
            if let Some(x) = x {
                let e = self.eval_at(x, env, depth + 1);
                if let Some(n) = e.val.int() {
                    return Ev {
                        val: Val::Int(n),
                        prov: e.prov,
                    };
                }
            }
        }
        if matches!(name, "parseBoolean" | "toBoolean" | "bool") {
            if let Some(x) = first.or(recv) {
                let e = self.eval_at(x, env, depth + 1);
                if let Some(t) = e.val.text() {
                    return Ev {
                        val: Val::Bool(t.eq_ignore_ascii_case("true")),
                        prov: e.prov,
                    };
                }
            }
        }
        Ev::unknown()
    }
}

fn binary(op: &str, a: &Val, b: &Val) -> Val {
    match (op, a, b) {
        ("+", Val::Str(x), y) if y.is_known() && *y != Val::Null => {
            Val::Str(format!("{x}{}", y.text().unwrap_or_default()))
        }
        ("+", x, Val::Str(y)) if x.is_known() && *x != Val::Null => {
            Val::Str(format!("{}{y}", x.text().unwrap_or_default()))
        }
        ("+", Val::Int(x), Val::Int(y)) => x.checked_add(*y).map_or(Val::Unknown, Val::Int),
        ("-", Val::Int(x), Val::Int(y)) => x.checked_sub(*y).map_or(Val::Unknown, Val::Int),
        ("*", Val::Int(x), Val::Int(y)) => x.checked_mul(*y).map_or(Val::Unknown, Val::Int),
        ("/", Val::Int(x), Val::Int(y)) if *y != 0 => Val::Int(x / y),
        ("*", Val::Int(x), Val::Dur(d)) | ("*", Val::Dur(d), Val::Int(x)) => {
            Val::Dur(*x as f64 * d)
        }
        ("*", Val::Float(x), Val::Dur(d)) | ("*", Val::Dur(d), Val::Float(x)) => Val::Dur(x * d),
        ("+", Val::Dur(x), Val::Dur(y)) => Val::Dur(x + y),
        ("/", Val::Dur(x), Val::Int(y)) if *y != 0 => Val::Dur(x / *y as f64),
        ("|", Val::Int(x), Val::Int(y)) => Val::Int(x | y),
        ("<<", Val::Int(x), Val::Int(y)) if (0..63).contains(y) => Val::Int(x << y),
        _ => Val::Unknown,
    }
}
