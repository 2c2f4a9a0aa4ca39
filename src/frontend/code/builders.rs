//! Config builders other files use: a function or method that returns a
//! configuration (`KafkaConfig.producerProps()`, `def producer_conf():`),
//! one that fills the configuration handed to it (`Security.apply(props)`),
//! or a module-level or static config value (`PRODUCER_CONF = {..}`).
//! Project resolution asks for one by name once it knows which file
//! declares it and which library's producer reads it; the settings come
//! back with this file's spans, and its own references to other files
//! (constants, further builders) for resolution to follow.

use super::config::Want;
use super::eval::Env;
use super::ir::{Id, Kind};
use super::scope::{Cx, DeclKind};
use crate::model::{Config, Library};

/// What to look for in a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    /// The class or object declaring it (`KafkaConfig`); empty for a
    /// module-level name.
    pub class: String,
    pub member: String,
    /// A function called with `arity` arguments; else a value.
    pub call: bool,
    pub arity: usize,
    /// The function fills the config given as this argument.
    pub fills: Option<usize>,
}

/// A builder found in a file, traced for one library.
#[derive(Debug, Clone)]
pub struct Built {
    /// Settings (spans in the declaring file), completeness, blind spots
    /// and references to further files.
    pub config: Config,
    /// The function's parameters, in order (`self` left out).
    pub params: Vec<String>,
    /// Line of the declaration.
    pub line: u32,
    /// The declaring file's package and imports, for its own references.
    pub package: Option<String>,
    pub imports: Vec<(String, String)>,
    pub wildcards: Vec<String>,
}

impl<'a> Cx<'a, '_> {
    /// What the file imports by name (local name → qualified name), sorted.
    pub fn sorted_imports(&self) -> Vec<(String, String)> {
        let mut imports: Vec<(String, String)> = self
            .imports
            .iter()
            .map(|(l, q)| (l.to_string(), q.to_string()))
            .collect();
        imports.sort();
        imports
    }

    /// The class (or object) a node is declared in, innermost first.
    fn enclosing_classes(&self, id: Id) -> Vec<&'a str> {
        self.ir
            .ancestors(id)
            .filter_map(|(a, _)| match self.ir.kind(a) {
                Kind::Class { name, .. } => Some(&**name),
                _ => None,
            })
            .collect()
    }

    fn declared_in(&self, id: Id, class: &str) -> bool {
        let classes = self.enclosing_classes(id);
        if class.is_empty() {
            classes.is_empty()
        } else {
            classes.first() == Some(&class)
        }
    }

    /// The builder `t` names, traced with the settings vocabulary of `lib`.
    pub fn builder(&self, t: &Target, lib: Library) -> Option<Built> {
        let ir = self.ir;
        let api = self.apis.iter().copied().find(|a| a.lib() == lib)?;
        let is_named = |name: &str| super::producers::is_named_setter(lib, name);
        let want = Want {
            setters: &api.config_setters,
            is_named_setter: &is_named,
            config_types: &api.config_types,
            passthrough: &api.config_passthrough,
        };
        let env = Env::default();
        let (trace, params, at) = if t.call {
            // Exactly one function of that name and arity in that class.
            let fs: Vec<Id> = self
                .funcs
                .get(t.member.as_str())?
                .iter()
                .copied()
                .filter(|f| self.declared_in(*f, &t.class))
                .filter(|f| match ir.kind(*f) {
                    Kind::Func { params, .. } => {
                        let own = params
                            .iter()
                            .filter(|p| !self.lang.this_names.contains(&&*p.name))
                            .count();
                        own == t.arity
                    }
                    _ => false,
                })
                .collect();
            let [f] = fs[..] else { return None };
            let Kind::Func { params, body, .. } = ir.kind(f) else {
                return None;
            };
            let names: Vec<String> = params
                .iter()
                .filter(|p| !self.lang.this_names.contains(&&*p.name))
                .map(|p| p.name.to_string())
                .collect();
            let trace = match t.fills {
                None => self.trace_returns(f, env, &want, 1),
                Some(pos) => {
                    let p = names.get(pos)?;
                    let d = self.lookup(p, *body)?;
                    if d.kind != DeclKind::Param {
                        return None;
                    }
                    self.mutations(p, &d, *body, None, env, &want, 1)
                }
            };
            (trace, names, f)
        } else {
            // A module-level value or a field of the class.
            let scope = if t.class.is_empty() {
                ir.root
            } else {
                let &cls = self.classes.get(t.class.as_str())?;
                match ir.kind(cls) {
                    Kind::Class { body, .. } => *body,
                    _ => return None,
                }
            };
            let Kind::Block(stmts) = ir.kind(scope) else {
                return None;
            };
            let first = *stmts.first()?;
            let Some(d) = self.lookup(&t.member, first) else {
                // A property of the module's export object.
                let v = self
                    .exported(stmts, &t.member)
                    .filter(|_| t.class.is_empty())?;
                let trace = self.trace(v, v, env, &want, 1);
                return self.built(api, lib, trace, Vec::new(), v);
            };
            let wanted = if t.class.is_empty() {
                DeclKind::Global
            } else {
                DeclKind::Field
            };
            if d.kind != wanted {
                return None;
            }
            let trace = self.trace_var(&t.member, &d, d.owner, d.owner, env, &want, 1);
            (trace, Vec::new(), d.owner)
        };
        self.built(api, lib, trace, params, at)
    }

    /// The value module-level code exports as `member` through the
    /// language's export objects (`module.exports = { member: .. }`,
    /// `exports.member = ..`); the last write wins.
    fn exported(&self, stmts: &[Id], member: &str) -> Option<Id> {
        let ir = self.ir;
        let objects = self.lang.export_objects;
        let mut found = None;
        for s in stmts {
            let Kind::Expr(e) = ir.kind(*s) else { continue };
            let Kind::Assign { target, value, .. } = ir.kind(*e) else {
                continue;
            };
            let Some(path) = ir.path(*target) else {
                continue;
            };
            if objects.contains(&path.as_str()) {
                if let Kind::Object(entries) = ir.kind(ir.strip(*value)) {
                    for en in entries {
                        if matches!(&en.key, super::ir::Key::Name(n) if &**n == member) {
                            found = Some(en.value);
                        }
                    }
                }
            } else if let Some((obj, name)) = path.rsplit_once('.') {
                if objects.contains(&obj) && name == member {
                    found = Some(*value);
                }
            }
        }
        found
    }

    fn built(
        &self,
        api: &'static super::api::Api,
        lib: Library,
        trace: super::config::Trace,
        params: Vec<String>,
        at: Id,
    ) -> Option<Built> {
        let ir = self.ir;
        // Nothing that looks like a configuration: not a builder.
        if trace.entries.is_empty() && trace.externals.is_empty() {
            return None;
        }
        let mut trace = trace;
        self.computed_keys(lib, &mut trace);
        let config = Config {
            settings: self.settings_of(api, &trace.entries),
            complete: trace.complete,
            variable: trace.variable.clone(),
            unknowns: trace.unknowns.clone(),
            external: self.externals(api, &trace),
            ..Config::default()
        };
        let imports = self.sorted_imports();
        Some(Built {
            config,
            params,
            line: self.line(at),
            package: ir.package.clone(),
            imports,
            wildcards: self.wildcards.iter().map(|w| w.to_string()).collect(),
        })
    }
}

/// A call of a function of another file found in this one: its line and
/// its positional arguments' values.
#[derive(Debug, Clone)]
pub struct CallOf {
    /// The function's name (the last part of `callee`).
    pub function: String,
    /// The callee as written (`Producers.create`, `create`), with a typed
    /// receiver given as its class (`producers.create` on a `Producers`).
    pub callee: String,
    pub line: u32,
    pub args: Vec<crate::model::Value>,
    /// Arguments given by name (`make_producer(acks="1")`).
    pub named: Vec<(String, crate::model::Value)>,
}

/// The calls of some functions in a file, and the file's package and
/// imports (to tell which function they call).
pub struct Calls {
    pub calls: Vec<CallOf>,
    pub package: Option<String>,
    pub imports: Vec<(String, String)>,
    pub wildcards: Vec<String>,
}

impl<'a> Cx<'a, '_> {
    /// The calls of each of `functions`.
    pub fn calls_of(&self, functions: &[&str]) -> Calls {
        let ir = self.ir;
        let mut calls = Vec::new();
        let at = |f: &str| self.calls.get(f).map(|v| v.as_slice()).unwrap_or_default();
        for (function, c) in functions
            .iter()
            .flat_map(|f| at(f).iter().map(move |c| (*f, *c)))
        {
            let pos = ir.positional(c);
            let named = ir
                .args(c)
                .iter()
                .filter_map(|a| {
                    let n = a.name.as_ref()?;
                    Some((
                        n.to_string(),
                        self.eval(a.value, Env::default())
                            .val
                            .to_value(self.text(a.value)),
                    ))
                })
                .collect();
            let Kind::Call { func, .. } = ir.kind(c) else {
                continue;
            };
            let Some(callee) = self.typed_path(*func).or_else(|| ir.path(*func)) else {
                continue;
            };
            let args = pos
                .iter()
                .map(|a| self.eval(*a, Env::default()).val.to_value(self.text(*a)))
                .collect();
            calls.push(CallOf {
                function: function.to_string(),
                callee,
                line: self.line(c),
                args,
                named,
            });
        }
        let imports = self.sorted_imports();
        Calls {
            calls,
            package: ir.package.clone(),
            imports,
            wildcards: self.wildcards.iter().map(|w| w.to_string()).collect(),
        }
    }
}
