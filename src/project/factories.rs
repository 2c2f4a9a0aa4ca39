//! Producer factories called from other files. A front-end marks a
//! producer made by a function whose parameters set some of its settings
//! (`Producers.create(String topic, String acks)`) when no call in its own
//! file gives them ([`Factory`]). Here the calls are looked for in the
//! other source files of the same language family (a quick byte search for
//! the function's name, then a parse), kept when the call resolves to that
//! function by the caller's own imports and packages, and each call with
//! literal arguments gives the producer its values: one variant of the
//! producer per distinct set of values, each naming its call site.
//! Settings a call leaves unknown stay unknown; more than eight calls are
//! not followed. The variants share the factory's spans, so at one place
//! one finding per rule is shown, naming the first call (in path order)
//! that gives the value.

use super::symbols::{Reader, Scope};
use crate::frontend::FileKind;
use crate::model::{Factory, FileFacts, Producer, Provenance, Value};
use std::path::{Path, PathBuf};

/// How many call sites of one factory give variants.
const MAX_CALLS: usize = 8;

/// Languages whose files call each other's functions.
fn family(k: FileKind) -> u8 {
    match k {
        FileKind::Java | FileKind::Kotlin | FileKind::Scala => 0,
        FileKind::JavaScript | FileKind::TypeScript | FileKind::Tsx => 1,
        FileKind::Python => 2,
        FileKind::Go => 3,
        FileKind::CSharp => 4,
        _ => 5,
    }
}

pub(super) fn link(
    reader: &mut Reader<'_>,
    facts: &mut [(&Path, &mut FileFacts)],
    cwd: &Path,
    used: &mut [Vec<PathBuf>],
) {
    // Every source file, listed once and only when a factory needs it.
    let mut every: Option<Vec<(PathBuf, FileKind)>> = None;
    for (i, (file, f)) in facts.iter_mut().enumerate() {
        if f.producers.iter().all(|p| p.factory.is_none()) {
            continue;
        }
        let Some(kind) = FileKind::of(file) else {
            continue;
        };
        let mut extra: Vec<Producer> = Vec::new();
        for j in 0..f.producers.len() {
            let Some(factory) = f.producers[j].factory.clone() else {
                continue;
            };
            let all = every.get_or_insert_with(|| {
                let mut v = reader.every();
                // In path order: the walk's order is not fixed.
                v.sort();
                v
            });
            let calls = calls(reader, all, file, kind, &factory);
            if calls.is_empty() || calls.len() > MAX_CALLS {
                continue;
            }
            let mut variants: Vec<Producer> = Vec::new();
            for (caller, line, args) in calls {
                let mut p = f.producers[j].clone();
                let shown = crate::scan::display_path(&caller, cwd);
                let mut any = false;
                for s in &mut p.config.settings {
                    let Value::Unknown(t) = &s.value else {
                        continue;
                    };
                    let Some(k) = factory.params.iter().position(|x| x == t.trim()) else {
                        continue;
                    };
                    if let Some(v) = args.get(k).filter(|v| v.is_known()) {
                        s.value = v.clone();
                        s.provenance = Provenance::CallSite {
                            function: callee_name(&factory),
                            file: shown.clone(),
                            line,
                        };
                        any = true;
                    }
                }
                if !any {
                    continue;
                }
                let same = |a: &Producer, b: &Producer| {
                    a.config.settings.len() == b.config.settings.len()
                        && a.config
                            .settings
                            .iter()
                            .zip(&b.config.settings)
                            .all(|(x, y)| x.key == y.key && x.value == y.value)
                };
                if !variants.iter().any(|v| same(v, &p)) {
                    if !used[i].contains(&caller) {
                        used[i].push(caller.clone());
                    }
                    variants.push(p);
                }
            }
            let mut it = variants.into_iter();
            if let Some(first) = it.next() {
                f.producers[j] = first;
                extra.extend(it);
            }
        }
        // Further variants have no sends of their own: only the
        // configuration rules read them.
        f.producers.extend(extra);
    }
}

fn callee_name(f: &Factory) -> String {
    if f.class.is_empty() {
        f.function.clone()
    } else {
        format!("{}.{}", f.class, f.function)
    }
}

/// The calls of `factory` (declared in `file`) in other files of the
/// project: (caller, line, argument values).
fn calls(
    reader: &mut Reader<'_>,
    every: &[(PathBuf, FileKind)],
    file: &Path,
    kind: FileKind,
    factory: &Factory,
) -> Vec<(PathBuf, u32, Vec<Value>)> {
    let needle = format!("{}(", factory.function);
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let candidates = every
        .iter()
        .filter(|(p, k)| p.as_path() != file && family(*k) == family(kind));
    let mut out = Vec::new();
    for (path, k) in candidates {
        let (path, k) = (path.clone(), *k);
        // Read without keeping: most files do not call it.
        let small = std::fs::metadata(&path).is_ok_and(|m| m.len() <= 1 << 20);
        let Some(bytes) = small.then(|| std::fs::read(&path).ok()).flatten() else {
            continue;
        };
        if finder.find(&bytes).is_none() {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let Some(lang) = k.code_lang() else {
            continue;
        };
        let found =
            crate::frontend::code::calls_of(lang, &text, &factory.function, factory.params.len());
        if found.calls.is_empty() {
            continue;
        }
        let scope = Scope {
            file: &path,
            kind: Some(k),
            imports: &found.imports,
            wildcards: &found.wildcards,
            package: &found.package,
        };
        for c in found.calls {
            // The call names this factory by the caller's own rules: the
            // first group of files that may declare it holds the factory's.
            let groups = reader.declarations(&scope, &c.callee);
            let Some(first) = groups.iter().find(|g| !g.is_empty()) else {
                continue;
            };
            let ours = first.iter().any(|(p, _, class, member)| {
                p.as_path() == file && *member == factory.function && *class == factory.class
            });
            if ours {
                // Arguments by position, then by parameter name.
                let mut args = c.args;
                args.resize(factory.params.len(), Value::Unknown(String::new()));
                for (n, v) in c.named {
                    if let Some(k) = factory.params.iter().position(|p| *p == n) {
                        args[k] = v;
                    }
                }
                out.push((path.clone(), c.line, args));
            }
            if out.len() > MAX_CALLS {
                return out;
            }
        }
    }
    out
}
