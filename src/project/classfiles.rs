//! The walk's index of source files, by the name a reference in another
//! file would find them under: a class (`KafkaSettings` →
//! `KafkaSettings.java`), a Python or Rust module, a Go package (its
//! directory), a JS/TS import path, a properties file code loads.
//!
//! It takes every walked file of those languages, Kafka words or not, so it
//! is the one structure of a scan that grows with the whole tree rather
//! than with the files that build producers. It is kept small: each
//! directory is stored once, each file as an entry of 16 bytes (its
//! directory's number, where its name sits in one shared string, its kind,
//! the next file under the same name) plus the bytes of its name, and the
//! lookup tables hold entry numbers only. Paths are put together again on
//! lookup, which is rare.

use crate::frontend::FileKind;
use hashbrown::HashTable;
use std::hash::{BuildHasher, Hash};
use std::path::{Path, PathBuf};

const NONE: u32 = u32::MAX;

/// The name a file is found under, by language convention.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Group {
    /// JVM and .NET: the file is named after its class.
    Class,
    /// The file stem, `__init__.py` by its directory's name.
    Python,
    /// The file stem, `mod.rs` by its directory's name.
    Rust,
    /// The file name (code loads such files by name).
    Properties,
}

/// A lookup key: a name in a group, a Go package (directory), or a JS/TS
/// file (directory and name).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Key<'a> {
    Word(Group, &'a str),
    GoPackage(u32),
    Js(u32, &'a str),
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    dir: u32,
    /// Offset and length of the file name in `names`.
    name: u32,
    len: u16,
    kind: FileKind,
    /// The next file under the same key, or `NONE`.
    next: u32,
}

/// Source files by the names references find them under.
#[derive(Default)]
pub struct ClassFiles {
    dirs: Vec<PathBuf>,
    /// Directory numbers, hashed by the directory's bytes.
    dir_table: HashTable<u32>,
    /// The directory most recently added: a walk hands over a directory's
    /// files one after another.
    last_dir: Option<u32>,
    names: String,
    files: Vec<Entry>,
    /// The first entry of each key (the others follow by `next`).
    heads: HashTable<u32>,
    /// JS/TS and Python files with producer words that the gate turned
    /// down: they may send through a producer another module makes.
    import_candidates: Vec<u32>,
}

impl std::fmt::Debug for ClassFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClassFiles")
            .field("dirs", &self.dirs.len())
            .field("files", &self.files.len())
            .finish()
    }
}

fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    foldhash::fast::FixedState::with_seed(0x636c_6173).hash_one(value)
}

fn dir_bytes(dir: &Path) -> &[u8] {
    dir.as_os_str().as_encoded_bytes()
}

/// The group a kind's files are found in; `None` for Go and JS/TS, whose
/// keys are paths.
fn group(kind: FileKind) -> Option<Group> {
    match kind {
        FileKind::Python => Some(Group::Python),
        FileKind::Rust => Some(Group::Rust),
        FileKind::Properties => Some(Group::Properties),
        k if k.names_files_by_class() => Some(Group::Class),
        _ => None,
    }
}

fn is_js(kind: FileKind) -> bool {
    matches!(
        kind,
        FileKind::JavaScript | FileKind::TypeScript | FileKind::Tsx
    )
}

/// The parts an entry's key is computed from.
struct Parts<'a> {
    dirs: &'a [PathBuf],
    names: &'a str,
    files: &'a [Entry],
}

impl<'a> Parts<'a> {
    fn name(&self, e: &Entry) -> &'a str {
        &self.names[e.name as usize..e.name as usize + e.len as usize]
    }

    fn key(&self, i: u32) -> Key<'a> {
        let e = &self.files[i as usize];
        let name = self.name(e);
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        // `__init__.py`, `mod.rs`: the module is named by its directory.
        let module = |package_file: &str| {
            if stem == package_file {
                dir_name(&self.dirs[e.dir as usize]).unwrap_or("")
            } else {
                stem
            }
        };
        match group(e.kind) {
            Some(Group::Python) => Key::Word(Group::Python, module("__init__")),
            Some(Group::Rust) => Key::Word(Group::Rust, module("mod")),
            Some(Group::Properties) => Key::Word(Group::Properties, name),
            Some(Group::Class) => Key::Word(Group::Class, stem),
            None if e.kind == FileKind::Go => Key::GoPackage(e.dir),
            None => Key::Js(e.dir, name),
        }
    }
}

fn dir_name(dir: &Path) -> Option<&str> {
    dir.file_name().and_then(|d| d.to_str())
}

impl ClassFiles {
    /// Whether the walk should offer `kind` files at all.
    fn wants(kind: FileKind) -> bool {
        kind == FileKind::Go || is_js(kind) || group(kind).is_some()
    }

    /// Records a walked file if its language is looked up by file. `name`
    /// and `dir` are the path's file name and directory, which the walk
    /// already has. Returns the file's number for
    /// [`ClassFiles::note_import_candidate`].
    pub fn add(&mut self, path: &Path, name: &str, dir: &Path, kind: FileKind) -> Option<u32> {
        if !Self::wants(kind) {
            return None;
        }
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        match group(kind) {
            Some(Group::Class) if stem.is_empty() => return None,
            Some(Group::Python) if stem == "__init__" && dir_name(dir).is_none() => return None,
            Some(Group::Rust) if stem == "mod" && dir_name(dir).is_none() => return None,
            _ => {}
        }
        let len = u16::try_from(name.len()).ok()?;
        // Import paths are matched normalised (`a/./b.js` is `a/b.js`).
        let normalised;
        let (dir, name) = if is_js(kind) && !crate::config::is_plain(path) {
            normalised = crate::config::normalise(path);
            let name = normalised.file_name().and_then(|n| n.to_str())?;
            (normalised.parent().unwrap_or(Path::new("")), name)
        } else {
            (dir, name)
        };
        let dir = self.intern_dir(dir);
        let offset = u32::try_from(self.names.len()).ok()?;
        self.names.push_str(name);
        Some(self.insert(Entry {
            dir,
            name: offset,
            len,
            kind,
            next: NONE,
        }))
    }

    fn intern_dir(&mut self, dir: &Path) -> u32 {
        let bytes = dir_bytes(dir);
        if let Some(id) = self.last_dir {
            if dir_bytes(&self.dirs[id as usize]) == bytes {
                return id;
            }
        }
        let h = hash(bytes);
        let dirs = &mut self.dirs;
        let id = match self
            .dir_table
            .find(h, |&i| dir_bytes(&dirs[i as usize]) == bytes)
        {
            Some(&id) => id,
            None => {
                let id = dirs.len() as u32;
                dirs.push(dir.to_path_buf());
                let dirs = &*dirs;
                self.dir_table
                    .insert_unique(h, id, |&i| hash(dir_bytes(&dirs[i as usize])));
                id
            }
        };
        self.last_dir = Some(id);
        id
    }

    fn find_dir(&self, dir: &Path) -> Option<u32> {
        let bytes = dir_bytes(dir);
        self.dir_table
            .find(hash(bytes), |&i| dir_bytes(&self.dirs[i as usize]) == bytes)
            .copied()
    }

    fn parts(&self) -> Parts<'_> {
        Parts {
            dirs: &self.dirs,
            names: &self.names,
            files: &self.files,
        }
    }

    /// Adds an entry under its key; returns its number.
    fn insert(&mut self, entry: Entry) -> u32 {
        let id = self.files.len() as u32;
        self.files.push(entry);
        let parts = Parts {
            dirs: &self.dirs,
            names: &self.names,
            files: &self.files,
        };
        let key = parts.key(id);
        let h = hash(&key);
        match self.heads.find_mut(h, |&head| parts.key(head) == key) {
            Some(head) => {
                self.files[id as usize].next = *head;
                *head = id;
            }
            None => {
                self.heads.insert_unique(h, id, |&i| hash(&parts.key(i)));
            }
        }
        id
    }

    /// Takes in another walker thread's files. The larger index takes in
    /// the smaller, so merging costs no more memory than the smaller one.
    pub fn merge(&mut self, mut other: ClassFiles) {
        if other.files.len() > self.files.len() {
            std::mem::swap(self, &mut other);
        }
        let dirs: Vec<u32> = other.dirs.iter().map(|d| self.intern_dir(d)).collect();
        let base = u32::try_from(self.names.len()).expect("names under 4 GB");
        self.names.push_str(&other.names);
        let ids: Vec<u32> = other
            .files
            .iter()
            .map(|e| {
                self.insert(Entry {
                    dir: dirs[e.dir as usize],
                    name: e.name + base,
                    next: NONE,
                    ..*e
                })
            })
            .collect();
        self.import_candidates
            .extend(other.import_candidates.iter().map(|&i| ids[i as usize]));
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Gives back spare capacity once the walk is over.
    pub fn shrink_to_fit(&mut self) {
        let parts = Parts {
            dirs: &self.dirs,
            names: &self.names,
            files: &self.files,
        };
        self.heads.shrink_to_fit(|&i| hash(&parts.key(i)));
        let dirs = &self.dirs;
        self.dir_table
            .shrink_to_fit(|&i| hash(dir_bytes(&dirs[i as usize])));
        self.dirs.shrink_to_fit();
        self.names.shrink_to_fit();
        self.files.shrink_to_fit();
        self.import_candidates.shrink_to_fit();
    }

    /// How many files are recorded.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.files.len()
    }

    fn path(&self, i: u32) -> PathBuf {
        let e = &self.files[i as usize];
        self.dirs[e.dir as usize].join(self.parts().name(e))
    }

    /// The entries under `key`.
    fn under(&self, key: Key<'_>) -> impl Iterator<Item = u32> + '_ {
        let parts = self.parts();
        let mut at = self
            .heads
            .find(hash(&key), |&head| parts.key(head) == key)
            .copied()
            .unwrap_or(NONE);
        std::iter::from_fn(move || {
            (at != NONE).then(|| {
                let i = at;
                at = self.files[i as usize].next;
                i
            })
        })
    }

    /// The paths under `key`, sorted (the order of the walk's threads is not
    /// the tree's).
    fn paths(&self, key: Key<'_>) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self.under(key).map(|i| self.path(i)).collect();
        out.sort();
        out
    }

    /// The JVM/.NET files named after `class`, with their kinds, sorted.
    pub fn class_files(&self, class: &str) -> Vec<(PathBuf, FileKind)> {
        let mut out: Vec<(PathBuf, FileKind)> = self
            .under(Key::Word(Group::Class, class))
            .map(|i| (self.path(i), self.files[i as usize].kind))
            .collect();
        out.sort();
        out
    }

    /// Every file of `kind`, sorted.
    pub fn of_kind(&self, kind: FileKind) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = (0..self.files.len() as u32)
            .filter(|&i| self.files[i as usize].kind == kind)
            .map(|i| self.path(i))
            .collect();
        out.sort();
        out
    }

    /// Every recorded source file (properties files are not source), sorted.
    pub fn every_source(&self) -> Vec<(PathBuf, FileKind)> {
        let mut out: Vec<(PathBuf, FileKind)> = (0..self.files.len() as u32)
            .filter(|&i| self.files[i as usize].kind != FileKind::Properties)
            .map(|i| (self.path(i), self.files[i as usize].kind))
            .collect();
        out.sort();
        out
    }

    /// The Go files of the package in directory `dir`, sorted.
    pub fn go_package(&self, dir: &Path) -> Vec<PathBuf> {
        match self.find_dir(dir) {
            Some(d) => self.paths(Key::GoPackage(d)),
            None => Vec::new(),
        }
    }

    /// The directories that hold Go files, sorted.
    pub fn go_dirs(&self) -> Vec<&Path> {
        let mut dirs: Vec<u32> = self
            .files
            .iter()
            .filter(|e| e.kind == FileKind::Go)
            .map(|e| e.dir)
            .collect();
        dirs.sort_unstable();
        dirs.dedup();
        let mut out: Vec<&Path> = dirs
            .iter()
            .map(|&d| self.dirs[d as usize].as_path())
            .collect();
        out.sort();
        out
    }

    /// The Rust files that can be module `module` (`config.rs`,
    /// `config/mod.rs`), sorted.
    pub fn rust_modules(&self, module: &str) -> Vec<PathBuf> {
        self.paths(Key::Word(Group::Rust, module))
    }

    /// Whether the walk saw the JS/TS file at normalised path `path`.
    fn has_js(&self, path: &Path) -> bool {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str()))
        else {
            return false;
        };
        self.find_dir(dir)
            .is_some_and(|d| self.under(Key::Js(d, name)).next().is_some())
    }

    /// The properties file code loads by `path` (a class-path resource
    /// under a `resources` folder, or a path relative to where the program
    /// runs), as seen from `from`: the one among those ending with the
    /// path that shares the longest folder prefix with the loading file;
    /// none when that is not unique.
    pub fn loaded_file(&self, from: &Path, path: &str, resource: bool) -> Option<PathBuf> {
        let want: Vec<&str> = path
            .trim_start_matches("classpath:")
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        let name = want.last()?;
        let matches: Vec<PathBuf> = self
            .paths(Key::Word(Group::Properties, name))
            .into_iter()
            .filter(|p| {
                let parts: Vec<&str> = p.iter().filter_map(|c| c.to_str()).collect();
                parts.ends_with(&want)
                    && (!resource || {
                        let dir = &parts[..parts.len() - want.len()];
                        dir.last() == Some(&"resources")
                    })
            })
            .collect();
        match &nearest(matches, from)[..] {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    /// The JS/TS module a relative import names from `from` (`./kafka` →
    /// `kafka.js`, `kafka.ts`, `kafka/index.ts`, …), if the walk saw it.
    pub fn js_module(&self, from: &Path, spec: &str) -> Option<PathBuf> {
        if !spec.starts_with('.') {
            return None;
        }
        let base = crate::config::normalise(&from.parent()?.join(spec));
        let exts = [
            "", ".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx", ".mts", ".cts",
        ];
        let mut candidates: Vec<PathBuf> = exts
            .iter()
            .map(|e| PathBuf::from(format!("{}{e}", base.display())))
            .collect();
        for e in ["js", "ts", "mjs", "cjs", "jsx", "tsx"] {
            candidates.push(base.join(format!("index.{e}")));
        }
        candidates.into_iter().find(|c| self.has_js(c))
    }

    /// The Python files that can be module `module` (dotted, `app.settings`).
    pub fn module_files(&self, module: &str) -> Vec<PathBuf> {
        let parts: Vec<&str> = module.split('.').filter(|p| !p.is_empty()).collect();
        let Some((last, packages)) = parts.split_last() else {
            return Vec::new();
        };
        self.paths(Key::Word(Group::Python, last))
            .into_iter()
            .filter(|p| {
                // `app.settings`: `…/app/settings.py` or `…/app/settings/__init__.py`.
                let mut dir = p.parent();
                if p.file_stem().and_then(|s| s.to_str()) == Some("__init__") {
                    dir = dir.and_then(Path::parent);
                }
                let dirs: Vec<&str> = dir
                    .map(|d| d.iter().filter_map(|c| c.to_str()).collect())
                    .unwrap_or_default();
                dirs.ends_with(packages)
            })
            .collect()
    }

    /// The Python module a relative import (`.config`, `..shared.kafka`)
    /// names from `file`.
    pub fn relative_module(&self, file: &Path, module: &str) -> Vec<PathBuf> {
        let dots = module.chars().take_while(|c| *c == '.').count();
        let rest = &module[dots..];
        let mut dir = file.parent();
        for _ in 1..dots {
            dir = dir.and_then(Path::parent);
        }
        let Some(dir) = dir else {
            return Vec::new();
        };
        let mut base = dir.to_path_buf();
        for part in rest.split('.').filter(|p| !p.is_empty()) {
            base.push(part);
        }
        let candidates = [base.with_extension("py"), base.join("__init__.py")];
        let name = base.file_name().and_then(|n| n.to_str()).unwrap_or("");
        self.paths(Key::Word(Group::Python, name))
            .into_iter()
            .filter(|p| candidates.contains(p))
            .collect()
    }

    /// Records that file `id` (from [`ClassFiles::add`]) may send through
    /// an imported producer: JS/TS and Python files only.
    pub fn note_import_candidate(&mut self, id: u32) {
        let kind = self.files[id as usize].kind;
        if is_js(kind) || kind == FileKind::Python {
            self.import_candidates.push(id);
        }
    }

    /// The files recorded by [`ClassFiles::note_import_candidate`].
    pub fn import_candidates(&self) -> Vec<PathBuf> {
        self.import_candidates
            .iter()
            .map(|&i| self.path(i))
            .collect()
    }
}

/// Of `paths`, the ones sharing the longest folder prefix with `from`.
pub(super) fn nearest(paths: Vec<PathBuf>, from: &Path) -> Vec<PathBuf> {
    let shared = |p: &Path| {
        p.components()
            .zip(from.components())
            .take_while(|(a, b)| a == b)
            .count()
    };
    let Some(best) = paths.iter().map(|p| shared(p)).max() else {
        return Vec::new();
    };
    paths.into_iter().filter(|p| shared(p) == best).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(files: &mut ClassFiles, path: &str) -> Option<u32> {
        let p = Path::new(path);
        let name = p.file_name().unwrap().to_str().unwrap();
        let dir = p.parent().unwrap();
        files.add(p, name, dir, FileKind::of(p)?)
    }

    fn paths(v: &[&str]) -> Vec<PathBuf> {
        v.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn files_are_found_under_the_names_their_languages_give_them() {
        let mut f = ClassFiles::default();
        for p in [
            "a/src/com/acme/KafkaSettings.java",
            "b/src/com/other/KafkaSettings.kt",
            "a/src/com/acme/Producer.java",
            "py/app/settings.py",
            "py/app/kafka/__init__.py",
            "go/pkg/kafka/config.go",
            "go/pkg/kafka/producer.go",
            "go/cmd/main.go",
            "rs/src/config.rs",
            "rs/src/net/mod.rs",
            "web/lib/kafka.ts",
            "web/lib/./util/index.js",
            "conf/src/main/resources/producer.properties",
            "README.md",
        ] {
            add(&mut f, p);
        }
        assert_eq!(f.len(), 13, "README.md is not recorded");
        assert_eq!(
            f.class_files("KafkaSettings"),
            vec![
                ("a/src/com/acme/KafkaSettings.java".into(), FileKind::Java),
                ("b/src/com/other/KafkaSettings.kt".into(), FileKind::Kotlin),
            ]
        );
        assert!(f.class_files("Missing").is_empty());
        assert_eq!(
            f.module_files("app.settings"),
            paths(&["py/app/settings.py"])
        );
        assert_eq!(
            f.module_files("app.kafka"),
            paths(&["py/app/kafka/__init__.py"])
        );
        assert!(f.module_files("other.settings").is_empty());
        assert_eq!(
            f.relative_module(Path::new("py/app/main.py"), ".settings"),
            paths(&["py/app/settings.py"])
        );
        assert_eq!(
            f.go_package(Path::new("go/pkg/kafka")),
            paths(&["go/pkg/kafka/config.go", "go/pkg/kafka/producer.go"])
        );
        assert_eq!(
            f.go_dirs(),
            vec![Path::new("go/cmd"), Path::new("go/pkg/kafka")]
        );
        assert_eq!(f.rust_modules("config"), paths(&["rs/src/config.rs"]));
        assert_eq!(f.rust_modules("net"), paths(&["rs/src/net/mod.rs"]));
        assert_eq!(
            f.js_module(Path::new("web/app.ts"), "./lib/kafka"),
            Some("web/lib/kafka.ts".into())
        );
        assert_eq!(
            f.js_module(Path::new("web/lib/a.js"), "./util"),
            Some("web/lib/util/index.js".into()),
            "a JS path is recorded normalised"
        );
        assert_eq!(f.js_module(Path::new("web/app.ts"), "./lib/none"), None);
        assert_eq!(
            f.loaded_file(
                Path::new("conf/src/main/java/A.java"),
                "producer.properties",
                true
            ),
            Some("conf/src/main/resources/producer.properties".into())
        );
        assert_eq!(f.every_source().len(), 12);
        assert_eq!(
            f.of_kind(FileKind::Kotlin),
            paths(&["b/src/com/other/KafkaSettings.kt"])
        );
    }

    #[test]
    fn merging_threads_keeps_every_file_and_candidate() {
        let mut one = ClassFiles::default();
        let mut two = ClassFiles::default();
        add(&mut one, "x/Config.java");
        let id = add(&mut one, "x/send.py").unwrap();
        one.note_import_candidate(id);
        add(&mut two, "y/Config.java");
        add(&mut two, "x/Other.java");
        let id = add(&mut two, "y/send.js").unwrap();
        two.note_import_candidate(id);
        let id = add(&mut two, "y/Producer.java").unwrap();
        two.note_import_candidate(id); // not JS or Python: not a candidate
        let mut all = ClassFiles::default();
        all.merge(one);
        all.merge(two);
        assert_eq!(all.len(), 6);
        assert_eq!(
            all.class_files("Config"),
            vec![
                ("x/Config.java".into(), FileKind::Java),
                ("y/Config.java".into(), FileKind::Java),
            ]
        );
        assert_eq!(all.dirs.len(), 2, "a directory is stored once");
        let mut candidates = all.import_candidates();
        candidates.sort();
        assert_eq!(candidates, paths(&["x/send.py", "y/send.js"]));
    }

    #[test]
    fn an_entry_is_small() {
        assert!(std::mem::size_of::<Entry>() <= 16);
    }
}
