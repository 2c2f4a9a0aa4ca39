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
use crate::frontend::code::Calls;
use crate::frontend::FileKind;
use crate::model::{Factory, FileFacts, Producer, Provenance, Value};
use std::collections::HashMap;
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
    let mut callers = Callers::find(reader, facts);
    if callers.is_empty() {
        return;
    }
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
            let calls = calls(reader, &mut callers, file, kind, &factory);
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

/// The source files that may call each factory of the project: those
/// whose bytes hold `name(` for its function's name and, for a method,
/// its class's name (a call resolves to a method only through the class
/// written at the call, in an import or as the receiver's declared type).
/// Every source file is read once, whatever the number of factories, and
/// not kept.
struct Callers {
    files: Vec<(PathBuf, FileKind)>,
    /// Functions' and classes' names, each with the indices in `files`
    /// that hold it.
    functions: Words,
    classes: Words,
    /// By index in `files`: its calls of every function it holds, once parsed.
    parsed: HashMap<u32, Option<Calls>>,
}

/// Words looked for in files, sorted, with the files holding each.
#[derive(Default)]
struct Words {
    words: Vec<String>,
    holders: Vec<Vec<u32>>,
}

impl Words {
    fn new(mut words: Vec<String>) -> Words {
        words.sort();
        words.dedup();
        Words {
            holders: vec![Vec::new(); words.len()],
            words,
        }
    }

    /// A searcher for the words, each followed by `suffix`. Leftmost-
    /// longest: `doCreate(` is no call of `create`, and this match kind
    /// has the fast (SIMD) searchers.
    fn searcher(&self, suffix: &str) -> Option<aho_corasick::AhoCorasick> {
        let needles = self.words.iter().map(|w| format!("{w}{suffix}"));
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(needles)
            .ok()
    }

    /// Notes which words file `i` holds; whether it holds any.
    fn note(&mut self, search: &aho_corasick::AhoCorasick, i: u32, bytes: &[u8]) -> bool {
        let mut any = false;
        for m in search.find_iter(bytes) {
            let held = &mut self.holders[m.pattern().as_usize()];
            if held.last() != Some(&i) {
                held.push(i);
            }
            any = true;
        }
        any
    }

    fn holders(&self, word: &str) -> &[u32] {
        match self.words.binary_search_by(|w| w.as_str().cmp(word)) {
            Ok(n) => &self.holders[n],
            Err(_) => &[],
        }
    }
}

impl Callers {
    fn find(reader: &Reader<'_>, facts: &[(&Path, &mut FileFacts)]) -> Callers {
        let mut families = [false; 6];
        let mut functions: Vec<String> = Vec::new();
        let mut classes: Vec<String> = Vec::new();
        for (file, f) in facts {
            for p in &f.producers {
                let Some(factory) = p.factory.as_ref().filter(|x| !x.function.is_empty()) else {
                    continue;
                };
                if let Some(k) = FileKind::of(file) {
                    families[family(k) as usize] = true;
                    functions.push(factory.function.clone());
                    if !factory.class.is_empty() {
                        classes.push(factory.class.clone());
                    }
                }
            }
        }
        let mut callers = Callers {
            files: Vec::new(),
            functions: Words::new(functions),
            classes: Words::new(classes),
            parsed: HashMap::new(),
        };
        if callers.functions.words.is_empty() {
            return callers;
        }
        let Some(calls) = callers.functions.searcher("(") else {
            return callers;
        };
        // Module-level factories only (Python, Go, JS): no class to look for.
        let classes = (!callers.classes.words.is_empty())
            .then(|| callers.classes.searcher(""))
            .flatten();
        callers.files = reader.every();
        callers.files.retain(|(_, k)| families[family(*k) as usize]);
        // In path order: the walk's order is not fixed.
        callers.files.sort();
        for (i, (path, _)) in callers.files.iter().enumerate() {
            let Some(bytes) = super::read_referenced(path) else {
                continue;
            };
            // Class names matter only in files that may call a factory.
            if callers.functions.note(&calls, i as u32, &bytes) {
                if let Some(classes) = &classes {
                    callers.classes.note(classes, i as u32, &bytes);
                }
            }
        }
        callers
    }

    fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The files other than `file`, of its language family, that may call
    /// `factory`, by index in `files`.
    fn of(&self, factory: &Factory, file: &Path, kind: FileKind) -> Vec<u32> {
        let named = |i: &u32| {
            factory.class.is_empty()
                || self
                    .classes
                    .holders(&factory.class)
                    .binary_search(i)
                    .is_ok()
        };
        self.functions
            .holders(&factory.function)
            .iter()
            .copied()
            .filter(named)
            .filter(|&i| {
                let (p, k) = &self.files[i as usize];
                p.as_path() != file && family(*k) == family(kind)
            })
            .collect()
    }

    /// The calls file `i` makes of the functions it holds: the file is
    /// parsed once for all of them.
    fn calls(&mut self, i: u32) -> Option<&Calls> {
        if !self.parsed.contains_key(&i) {
            let (path, kind) = &self.files[i as usize];
            let f = &self.functions;
            let held: Vec<&str> = (f.words.iter().zip(&f.holders))
                .filter(|(_, h)| h.binary_search(&i).is_ok())
                .map(|(w, _)| w.as_str())
                .collect();
            let found = kind
                .code_lang()
                .zip(super::read_referenced(path))
                .map(|(lang, bytes)| {
                    crate::frontend::code::calls_of(lang, &String::from_utf8_lossy(&bytes), &held)
                });
            self.parsed.insert(i, found);
        }
        self.parsed.get(&i).and_then(Option::as_ref)
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
    callers: &mut Callers,
    file: &Path,
    kind: FileKind,
    factory: &Factory,
) -> Vec<(PathBuf, u32, Vec<Value>)> {
    let mut out = Vec::new();
    for i in callers.of(factory, file, kind) {
        let (path, k) = callers.files[i as usize].clone();
        let Some(found) = callers.calls(i) else {
            continue;
        };
        let scope = Scope {
            file: &path,
            kind: Some(k),
            imports: &found.imports,
            wildcards: &found.wildcards,
            package: &found.package,
        };
        // Calls with more positional arguments than the factory's
        // parameters are of another function (the others may have
        // defaults or be given by name).
        let of_factory = found
            .calls
            .iter()
            .filter(|c| c.function == factory.function && c.args.len() <= factory.params.len());
        for c in of_factory {
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
                let mut args = c.args.clone();
                args.resize(factory.params.len(), Value::Unknown(String::new()));
                for (n, v) in &c.named {
                    if let Some(k) = factory.params.iter().position(|p| p == n) {
                        args[k] = v.clone();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::classfiles::ClassFiles;

    /// The files under a temporary root, indexed as the walk would, the
    /// factory the first file declares, and the callers found for it.
    struct Case {
        root: tempfile::TempDir,
        factory: Factory,
        factory_path: PathBuf,
        kind: FileKind,
        callers: Callers,
    }

    impl Case {
        fn new(files: &[(&str, &str)]) -> Case {
            let root = tempfile::tempdir().expect("tempdir");
            let mut index = ClassFiles::default();
            for (name, text) in files {
                let path = root.path().join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, text).unwrap();
                let file_name = path.file_name().unwrap().to_str().unwrap().to_string();
                let kind = FileKind::of(&path).unwrap();
                index.add(&path, &file_name, path.parent().unwrap(), kind);
            }
            let factory_path = root.path().join(files[0].0);
            let kind = FileKind::of(&factory_path).unwrap();
            let mut facts = crate::frontend::extract(kind, &factory_path, files[0].1, true);
            let factory = facts.producers[0].factory.clone().expect("a factory");
            let reader = Reader::new(&index);
            let callers = Callers::find(&reader, &[(factory_path.as_path(), &mut facts)]);
            Case {
                root,
                factory,
                factory_path,
                kind,
                callers,
            }
        }

        fn candidates(&self) -> Vec<u32> {
            self.callers
                .of(&self.factory, &self.factory_path, self.kind)
        }

        /// The candidates, relative to the root.
        fn candidate_paths(&self) -> Vec<PathBuf> {
            let files = &self.callers.files;
            let relative = |i: u32| {
                files[i as usize]
                    .0
                    .strip_prefix(self.root.path())
                    .unwrap()
                    .to_path_buf()
            };
            self.candidates().into_iter().map(relative).collect()
        }
    }

    const FACTORY: &str = r#"package com.acme.config;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;

public class Producers {
    public static KafkaProducer<String, String> create(String acks) {
        Properties props = new Properties();
        props.put("bootstrap.servers", "kafka:9092");
        props.put("acks", acks);
        return new KafkaProducer<>(props);
    }
}
"#;

    #[test]
    fn only_files_naming_the_function_and_its_class_are_parsed_once_for_every_factory() {
        let mut case = Case::new(&[
            ("config/Producers.java", FACTORY),
            // Names both: a caller.
            (
                "app/Orders.java",
                "import com.acme.config.Producers;\nclass Orders { Object p = Producers.create(\"1\"); }\n",
            ),
            // Its own `create`, with no word of `Producers`: not one.
            ("app/Shapes.java", "class Shapes { Object s = create(\"1\"); }\n"),
            // The class but no call.
            ("app/Docs.java", "// see Producers\nclass Docs {}\n"),
            // Another language family.
            ("web/app.js", "Producers.create('1')\n"),
        ]);
        assert_eq!(
            (case.factory.class.as_str(), case.factory.function.as_str()),
            ("Producers", "create")
        );
        assert_eq!(
            case.candidate_paths(),
            vec![PathBuf::from("app/Orders.java")]
        );
        let i = case.candidates()[0];
        let calls = case.callers.calls(i).expect("parsed");
        assert_eq!(calls.calls.len(), 1);
        assert_eq!(calls.calls[0].callee, "Producers.create");
        assert_eq!(
            case.callers.parsed.len(),
            1,
            "only the candidate was parsed"
        );
    }

    #[test]
    fn module_level_factories_are_found_by_their_function_alone() {
        let case = Case::new(&[
            (
                "app/kafka_util.py",
                "from confluent_kafka import Producer\n\ndef make_producer(acks):\n    return Producer({'bootstrap.servers': 'kafka:9092', 'acks': acks})\n",
            ),
            (
                "app/orders.py",
                "from app.kafka_util import make_producer\n\nproducer = make_producer('1')\n",
            ),
            ("app/other.py", "def run():\n    return 1\n"),
        ]);
        assert!(case.factory.class.is_empty());
        assert_eq!(case.candidate_paths(), vec![PathBuf::from("app/orders.py")]);
    }
}
