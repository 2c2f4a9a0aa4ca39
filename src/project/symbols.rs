//! Constants across files. A front-end leaves a setting it cannot evaluate
//! as `Value::Unknown` with its source text; when that text names a field
//! of a class (`KafkaSettings.ACKS`, `com.acme.KafkaSettings.ACKS`) and the
//! project declares that class in a file named after it (the JVM and .NET
//! convention), the file is read and the field's value becomes the
//! setting's, with the declaring file and line as its provenance.
//!
//! In Go a package is a directory: a bare name the file does not declare
//! (`cfg.Producer.RequiredAcks = requiredAcks`) is looked up among the
//! package-level constants of the other files of its directory.
//!
//! In Python a module is a file: a name imported from a module of the
//! project (`from app.settings import KAFKA_ACKS`, `settings.KAFKA_ACKS`
//! after `from app import settings`) is looked up among the module-level
//! constants of `app/settings.py` (or `app/settings/__init__.py`).
//!
//! Nothing is guessed: a class declared in several files with different
//! values for the field, a field that is not a constant, or a class the
//! project does not hold leaves the setting unknown.

use crate::frontend::code::Constant;
use crate::frontend::FileKind;
use crate::model::{FileFacts, Provenance, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::classfiles::nearest;
pub use super::classfiles::ClassFiles;

/// A reference `Class.FIELD` or `pkg.Class.FIELD` in a setting's text: the
/// qualifying path (may be empty), the class and the field.
fn reference(text: &str) -> Option<(Vec<&str>, &str, &str)> {
    let parts: Vec<&str> = text.trim().split('.').collect();
    if parts.len() < 2
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'))
    {
        return None;
    }
    let field = parts[parts.len() - 1];
    let class = parts[parts.len() - 2];
    if !class.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    Some((parts[..parts.len() - 2].to_vec(), class, field))
}

/// The packages to look for `class` in, by the rules of the language, in
/// groups of equal standing: a qualified reference names its package; an
/// import of the class names its package; otherwise the file's own
/// package, then its wildcard imports together. The second value lists
/// the packages a file found elsewhere must declare to be the one meant
/// (empty: any package), for projects whose folders do not follow their
/// packages (C# namespaces, Kotlin).
fn scopes(
    qualifier: &[&str],
    class: &str,
    imports: &[(String, String)],
    wildcards: &[String],
    package: &Option<String>,
) -> (Vec<Vec<Vec<String>>>, Vec<String>) {
    let split = |p: &str| -> Vec<String> {
        p.split(['.', ':'])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    if !qualifier.is_empty() {
        let q: Vec<String> = qualifier.iter().map(|s| s.to_string()).collect();
        let named = q.join(".");
        return (vec![vec![q]], vec![named]);
    }
    if let Some((_, q)) = imports.iter().find(|(l, _)| l == class) {
        let mut parts = split(q);
        parts.pop();
        let named = parts.join(".");
        return (vec![vec![parts]], vec![named]);
    }
    let mut out = Vec::new();
    let mut visible = Vec::new();
    if let Some(p) = package {
        out.push(vec![split(p)]);
        visible.push(split(p).join("."));
    }
    if !wildcards.is_empty() {
        out.push(wildcards.iter().map(|w| split(w)).collect());
        visible.extend(wildcards.iter().map(|w| split(w).join(".")));
    }
    (out, visible)
}

/// Reads and caches the files other files refer to, and their constants.
pub(super) struct Reader<'a> {
    files: &'a ClassFiles,
    cache: HashMap<PathBuf, Vec<Constant>>,
    texts: HashMap<PathBuf, Option<std::rc::Rc<str>>>,
    /// The packages each file declares, once read.
    packages: HashMap<PathBuf, std::rc::Rc<[String]>>,
    /// Properties files loaded into a code producer's config.
    pub(super) loaded: Vec<PathBuf>,
    /// Builders traced so far, by file, target and library.
    #[allow(clippy::type_complexity)]
    built: HashMap<
        (
            PathBuf,
            crate::frontend::code::Target,
            crate::model::Library,
        ),
        Option<crate::frontend::code::Built>,
    >,
}

impl<'a> Reader<'a> {
    pub(super) fn new(files: &'a ClassFiles) -> Self {
        Reader {
            files,
            cache: HashMap::new(),
            texts: HashMap::new(),
            packages: HashMap::new(),
            loaded: Vec::new(),
            built: HashMap::new(),
        }
    }

    /// The builder `target` of `path` traced for `lib`, once per scan.
    pub(super) fn builder(
        &mut self,
        path: &Path,
        kind: FileKind,
        target: crate::frontend::code::Target,
        lib: crate::model::Library,
    ) -> Option<crate::frontend::code::Built> {
        let key = (path.to_path_buf(), target, lib);
        if let Some(b) = self.built.get(&key) {
            return b.clone();
        }
        let b = match (kind.code_lang(), self.text(path)) {
            (Some(lang), Some(text)) => crate::frontend::code::builder(lang, &text, &key.1, lib),
            _ => None,
        };
        self.built.insert(key, b.clone());
        b
    }

    /// Every recorded source file.
    pub(super) fn every(&self) -> Vec<(PathBuf, FileKind)> {
        self.files.every_source()
    }

    pub(super) fn files(&self) -> &ClassFiles {
        self.files
    }

    /// The text of a file another one refers to. Such a file is small; a
    /// huge or unreadable one is not worth a guess.
    pub(super) fn text(&mut self, path: &Path) -> Option<std::rc::Rc<str>> {
        self.texts
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let bytes = super::read_referenced(path)?;
                Some(String::from_utf8_lossy(&bytes).into())
            })
            .clone()
    }

    fn constants(&mut self, path: &Path, kind: FileKind) -> &[Constant] {
        if !self.cache.contains_key(path) {
            let found = match (kind.code_lang(), self.text(path)) {
                (Some(lang), Some(text)) => crate::frontend::code::constants(lang, &text),
                _ => Vec::new(),
            };
            self.cache.insert(path.to_path_buf(), found);
        }
        &self.cache[path]
    }

    /// The value of the module-level constant `name` if every one of
    /// `files` that declares it agrees on it: (value, file, line).
    fn agreed(
        &mut self,
        files: Vec<PathBuf>,
        kind: FileKind,
        name: &str,
    ) -> Option<(Value, PathBuf, u32)> {
        let mut found: Option<(Value, PathBuf, u32)> = None;
        for path in files {
            let Some(c) = self
                .constants(&path, kind)
                .iter()
                .find(|c| c.class.is_empty() && c.name == name)
                .cloned()
            else {
                continue;
            };
            match &found {
                None => found = Some((c.value, path, c.line)),
                Some((v, _, _)) if *v == c.value => {}
                Some(_) => return None,
            }
        }
        found
    }

    /// The other Go files of `file`'s package (its directory).
    fn package_files(&self, file: &Path) -> Vec<PathBuf> {
        let Some(dir) = file.parent() else {
            return Vec::new();
        };
        self.files
            .go_package(dir)
            .into_iter()
            .filter(|p| p.as_path() != file)
            .collect()
    }

    /// The Go files of the project package an import path names: the one
    /// directory whose path ends with the import path's last two elements
    /// (the module path before them is not known from the file alone).
    fn imported_package_files(&self, import: &str) -> Vec<PathBuf> {
        let want: Vec<&str> = import.split('/').filter(|p| !p.is_empty()).collect();
        let tail = &want[want.len().saturating_sub(2)..];
        if tail.is_empty() {
            return Vec::new();
        }
        let dirs: Vec<&Path> = self
            .files
            .go_dirs()
            .into_iter()
            .filter(|d| {
                let parts: Vec<&str> = d.iter().filter_map(|c| c.to_str()).collect();
                parts.ends_with(tail)
            })
            .collect();
        match dirs[..] {
            [d] => self.files.go_package(d),
            _ => Vec::new(),
        }
    }

    /// The Rust module file a path names from `file`, and the item:
    /// `crate::config::ACKS`, `config::ACKS`, or `ACKS` after `use
    /// crate::config::ACKS`. The module file is the one whose folders end
    /// with the module path (`config.rs`, `config/mod.rs`), nearest to
    /// `file` when several crates have one.
    fn rust_item(&self, scope: &Scope<'_>, text: &str) -> Option<(Vec<PathBuf>, String)> {
        let mut parts: Vec<String> = text
            .split("::")
            .flat_map(|p| p.split('.'))
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        // A `use` names the first part.
        let first = parts.first()?.clone();
        if let Some((_, full)) = scope.imports.iter().find(|(l, _)| *l == first) {
            let mut expanded: Vec<String> = full.split("::").map(str::to_string).collect();
            expanded.extend(parts.drain(1..));
            parts = expanded;
        }
        let item = parts.pop()?;
        while parts
            .first()
            .is_some_and(|p| p == "crate" || p == "self" || p == "super")
        {
            parts.remove(0);
        }
        let module = parts.last()?.clone();
        let matches: Vec<PathBuf> = self
            .files
            .rust_modules(&module)
            .into_iter()
            .filter(|p| {
                let mut comps: Vec<String> = p
                    .iter()
                    .filter_map(|c| c.to_str())
                    .map(str::to_string)
                    .collect();
                // `a/b.rs` and `a/b/mod.rs` both name module path `a::b`.
                if comps.last().map(String::as_str) == Some("mod.rs") {
                    comps.pop();
                } else if let Some(l) = comps.last_mut() {
                    *l = l.trim_end_matches(".rs").to_string();
                }
                comps.ends_with(&parts)
            })
            .collect();
        let top = nearest(matches, scope.file);
        (!top.is_empty()).then_some((top, item))
    }

    /// The files that may declare `class` seen from a file, in groups to
    /// try in order: by folder for each group of [`scopes`], then any file
    /// of that name that declares one of the visible packages.
    fn class_groups(
        &mut self,
        qualifier: &[&str],
        class: &str,
        scope: &Scope<'_>,
    ) -> Vec<Vec<(PathBuf, FileKind)>> {
        let (groups, visible) = scopes(
            qualifier,
            class,
            scope.imports,
            scope.wildcards,
            scope.package,
        );
        let mut out: Vec<Vec<(PathBuf, FileKind)>> = groups
            .iter()
            .map(|g| g.iter().flat_map(|q| self.class_files(q, class)).collect())
            .collect();
        let anywhere: Vec<(PathBuf, FileKind)> = self
            .class_files(&[], class)
            .into_iter()
            .filter(|(p, _)| {
                visible.is_empty() || {
                    let declared = self.declared_packages(p);
                    visible.iter().any(|v| declared.contains(v))
                }
            })
            .collect();
        out.push(anywhere);
        out
    }

    /// A Kotlin top-level function or value (`fun producerProps() = ..`)
    /// a Kotlin file names bare: imported by name, or of its own package;
    /// looked for in the Kotlin files of that package's folder.
    fn top_level(
        &mut self,
        scope: &Scope<'_>,
        text: &str,
    ) -> Vec<Vec<(PathBuf, FileKind, String, String)>> {
        if scope.kind != Some(FileKind::Kotlin) || text.contains('.') {
            return Vec::new();
        }
        let imported = scope
            .imports
            .iter()
            .find(|(l, _)| l == text)
            .map(|(_, q)| q.clone());
        let (package, member) = match imported {
            Some(q) => match q.rsplit_once('.') {
                Some((p, m)) => (p.to_string(), m.to_string()),
                None => return Vec::new(),
            },
            None => match scope.package {
                Some(p) => (p.clone(), text.to_string()),
                None => return Vec::new(),
            },
        };
        let parts: Vec<String> = package.split('.').map(str::to_string).collect();
        let files: Vec<(PathBuf, FileKind)> = self
            .files
            .of_kind(FileKind::Kotlin)
            .into_iter()
            .map(|p| (p, FileKind::Kotlin))
            .filter(|(p, _)| {
                p.as_path() != scope.file
                    && p.parent().is_some_and(|d| {
                        let dirs: Vec<String> = d
                            .iter()
                            .filter_map(|c| c.to_str())
                            .map(str::to_string)
                            .collect();
                        dirs.ends_with(&parts)
                    })
            })
            .collect();
        vec![files
            .into_iter()
            .map(|(p, k)| (p, k, String::new(), member.clone()))
            .collect()]
    }

    /// The packages or namespaces a source file declares (`package a.b`,
    /// `namespace A.B`), read from its lines.
    fn declared_packages(&mut self, path: &Path) -> std::rc::Rc<[String]> {
        if let Some(p) = self.packages.get(path) {
            return p.clone();
        }
        let Some(text) = self.text(path) else {
            return std::rc::Rc::from([]);
        };
        let packages: std::rc::Rc<[String]> = text
            .lines()
            .filter_map(|l| {
                let l = l.trim_start();
                let rest = l
                    .strip_prefix("package ")
                    .or_else(|| l.strip_prefix("namespace "))?;
                let name: String = rest
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '.' || *c == '_')
                    .collect();
                (!name.is_empty()).then_some(name)
            })
            .collect();
        self.packages.insert(path.to_path_buf(), packages.clone());
        packages
    }

    /// The files named after `class` whose directories match `qualifier`.
    fn class_files(&self, qualifier: &[String], class: &str) -> Vec<(PathBuf, FileKind)> {
        self.files
            .class_files(class)
            .into_iter()
            .filter(|(p, _)| {
                // `com.acme.KafkaSettings` lives under `com/acme/`.
                qualifier.is_empty() || {
                    let dirs: Vec<String> = p
                        .parent()
                        .map(|d| {
                            d.iter()
                                .filter_map(|c| c.to_str())
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default();
                    dirs.ends_with(qualifier)
                }
            })
            .collect()
    }

    /// The JS/TS module a relative import names.
    fn js_file(&self, file: &Path, spec: &str) -> Option<PathBuf> {
        self.files.js_module(file, spec)
    }

    /// The value of the package-level `name` declared in another Go file
    /// of `file`'s directory, if exactly one value is declared.
    fn package_constant(&mut self, file: &Path, name: &str) -> Option<(Value, PathBuf, u32)> {
        let others = self.package_files(file);
        self.agreed(others, FileKind::Go, name)
    }

    /// The value of module-level `name` in the Python module `module`
    /// (dotted, `app.settings`), if the project holds that module and every
    /// file that can be it agrees.
    fn module_constant(&mut self, module: &str, name: &str) -> Option<(Value, PathBuf, u32)> {
        let candidates = self.files.module_files(module);
        self.agreed(candidates, FileKind::Python, name)
    }
}

/// Resolves the unknown settings of every file's producers that name a
/// class constant declared elsewhere in the project. Returns, per file
/// index, the files whose constants were used.
pub fn resolve(
    facts: &mut [(&Path, &mut FileFacts)],
    files: &ClassFiles,
    cwd: &Path,
) -> Vec<Vec<PathBuf>> {
    let mut used = vec![Vec::new(); facts.len()];
    if files.is_empty() {
        return used;
    }
    let mut reader = Reader::new(files);
    for (i, (file, f)) in facts.iter_mut().enumerate() {
        let kind = FileKind::of(file);
        let imports = std::mem::take(&mut f.imports);
        let scope = Scope {
            file,
            kind,
            imports: &imports,
            wildcards: &f.wildcard_imports,
            package: &f.package,
        };
        let mut resolve_one = |s: &mut crate::model::Setting| -> Option<String> {
            reader.resolve_setting(&scope, s, cwd, &mut used[i])
        };
        for p in &mut f.producers {
            let resolved: Vec<String> = p
                .config
                .settings
                .iter_mut()
                .filter_map(&mut resolve_one)
                .collect();
            // What is resolved is no longer a blind spot.
            p.config
                .unknowns
                .retain(|u| !resolved.iter().any(|t| u.contains(&format!("`{t}`"))));
        }
        for send in &mut f.sends {
            for st in &mut send.settings {
                resolve_one(st);
            }
        }
        // Parts of a config built in other files (builders, exported configs).
        for p in &mut f.producers {
            if !p.config.external.is_empty() {
                super::builders::expand(
                    &mut reader,
                    &scope,
                    &mut p.config,
                    p.library,
                    cwd,
                    &mut used[i],
                    0,
                );
            }
        }
        f.imports = imports;
    }
    // Factories whose parameters are given by calls in other files.
    super::factories::link(&mut reader, facts, cwd, &mut used);
    // A properties file the code loads configures that code's producer,
    // which now carries its settings: it is not a producer of its own.
    let loaded: std::collections::HashSet<&PathBuf> = reader.loaded.iter().collect();
    for (file, f) in facts.iter_mut() {
        if loaded.contains(&file.to_path_buf()) {
            f.producers.retain(|p| !p.from_config_file);
        }
    }
    used
}

/// Where a reference is read: the file and what it imports.
pub(super) struct Scope<'s> {
    pub file: &'s Path,
    pub kind: Option<FileKind>,
    pub imports: &'s [(String, String)],
    pub wildcards: &'s [String],
    pub package: &'s Option<String>,
}

impl Reader<'_> {
    /// Gives an unknown setting the value of the constant of another file
    /// it names; returns the text it was written as.
    pub(super) fn resolve_setting(
        &mut self,
        scope: &Scope<'_>,
        s: &mut crate::model::Setting,
        cwd: &Path,
        used: &mut Vec<PathBuf>,
    ) -> Option<String> {
        let Value::Unknown(text) = &s.value else {
            return None;
        };
        let text = text.clone();
        let (value, path, line, name) = self.lookup(scope, &text)?;
        s.value = value;
        s.provenance = Provenance::Shared {
            name,
            file: crate::scan::display_path(&path, cwd),
            line,
        };
        if !used.contains(&path) {
            used.push(path);
        }
        Some(text)
    }

    /// The files that may declare what `text` names, seen from `scope`,
    /// in groups to try in order (the first group with a declaration
    /// decides), each with the class and member to look for there.
    pub(super) fn declarations(
        &mut self,
        scope: &Scope<'_>,
        text: &str,
    ) -> Vec<Vec<(PathBuf, FileKind, String, String)>> {
        let bare = !text.is_empty() && !text.contains('.');
        let imported = |local: &str| {
            scope
                .imports
                .iter()
                .find(|(l, _)| l == local)
                .map(|(_, q)| q.as_str())
        };
        let module_level = |files: Vec<PathBuf>, kind: FileKind, member: &str| {
            files
                .into_iter()
                .map(|p| (p, kind, String::new(), member.to_string()))
                .collect::<Vec<_>>()
        };
        match scope.kind {
            Some(FileKind::Rust) => match self.rust_item(scope, text) {
                Some((files, item)) => vec![module_level(files, FileKind::Rust, &item)],
                None => Vec::new(),
            },
            Some(FileKind::Go) => {
                if bare {
                    return vec![module_level(
                        self.package_files(scope.file),
                        FileKind::Go,
                        text,
                    )];
                }
                // `config.NewProducerConfig`: a package of the project.
                let Some((pkg, member)) = text.split_once('.') else {
                    return Vec::new();
                };
                if member.contains('.') {
                    return Vec::new();
                }
                let Some(path) = imported(pkg) else {
                    return Vec::new();
                };
                vec![module_level(
                    self.imported_package_files(path),
                    FileKind::Go,
                    member,
                )]
            }
            Some(FileKind::Python) => {
                let (module, field) = match text.rsplit_once('.') {
                    None => match imported(text).and_then(|q| q.rsplit_once('.')) {
                        Some((m, n)) => (m.to_string(), n.to_string()),
                        None => return Vec::new(),
                    },
                    Some((m, n)) => (imported(m).unwrap_or(m).to_string(), n.to_string()),
                };
                let files = match module.strip_prefix('.') {
                    // `from .config import x`: a module of this package
                    // (each further dot one package up).
                    Some(_) => self.files.relative_module(scope.file, &module),
                    None => self.files.module_files(&module),
                };
                vec![module_level(files, FileKind::Python, &field)]
            }
            Some(k @ (FileKind::JavaScript | FileKind::TypeScript | FileKind::Tsx)) => {
                let (spec, field) = match text.rsplit_once('.') {
                    None => match imported(text)
                        .and_then(|q| q.strip_suffix(&format!(".{text}")).map(str::to_string))
                    {
                        Some(spec) => (spec, text.to_string()),
                        None => return Vec::new(),
                    },
                    Some((m, n)) if !m.contains('.') => match imported(m) {
                        Some(spec) => (spec.to_string(), n.to_string()),
                        None => return Vec::new(),
                    },
                    _ => return Vec::new(),
                };
                let _ = k;
                match self.js_file(scope.file, &spec) {
                    Some(p) => {
                        let kind = FileKind::of(&p).unwrap_or(FileKind::JavaScript);
                        vec![vec![(p, kind, String::new(), field)]]
                    }
                    None => Vec::new(),
                }
            }
            _ => {
                // A statically imported member: `producerProps()` after
                // `import static com.acme.KafkaConfig.producerProps`.
                let written = text;
                let text = match imported(text) {
                    Some(q) if bare => q,
                    _ => text,
                };
                let Some((qualifier, class, member)) = reference(text) else {
                    return self.top_level(scope, written);
                };
                self.class_groups(&qualifier, class, scope)
                    .into_iter()
                    .map(|g| {
                        g.into_iter()
                            .map(|(p, k)| (p, k, class.to_string(), member.to_string()))
                            .collect()
                    })
                    .collect()
            }
        }
    }

    /// The value of the constant `text` names, seen from `scope`, by the
    /// rules of the file's language: (value, declaring file, line, name).
    pub(super) fn lookup(
        &mut self,
        scope: &Scope<'_>,
        text: &str,
    ) -> Option<(Value, PathBuf, u32, String)> {
        let bare = !text.is_empty()
            && text.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !text.starts_with(|c: char| c.is_ascii_digit());
        let imported = |local: &str| {
            scope
                .imports
                .iter()
                .find(|(l, _)| l == local)
                .map(|(_, q)| q.as_str())
        };
        let found = match scope.kind {
            Some(FileKind::Rust) => {
                let (files, item) = self.rust_item(scope, text)?;
                self.agreed(files, FileKind::Rust, &item)
            }
            Some(FileKind::Go) if bare => self.package_constant(scope.file, text),
            Some(FileKind::Python) => {
                // `NAME` imported from a module, or `module.NAME`.
                let (module, field) = match text.rsplit_once('.') {
                    None => {
                        let (m, n) = imported(text)?.rsplit_once('.')?;
                        (m.to_string(), n.to_string())
                    }
                    Some((m, n)) => (imported(m).unwrap_or(m).to_string(), n.to_string()),
                };
                self.module_constant(&module, &field)
            }
            Some(FileKind::JavaScript | FileKind::TypeScript | FileKind::Tsx) => {
                // `import { ACKS } from './config'`, `import * as cfg from './config'`.
                let (spec, field) = match text.rsplit_once('.') {
                    None => {
                        let q = imported(text)?;
                        let spec = q.strip_suffix(&format!(".{text}"))?;
                        (spec.to_string(), text.to_string())
                    }
                    Some((m, n)) if !m.contains('.') => (imported(m)?.to_string(), n.to_string()),
                    _ => return None,
                };
                self.js_constant(scope.file, &spec, &field)
            }
            _ => {
                let (qualifier, class, field) = reference(text)?;
                let groups = self.class_groups(&qualifier, class, scope);
                let mut found = None;
                for g in groups {
                    // One value in the first group that declares it; two
                    // different ones are ambiguous.
                    let mut values: Vec<(Value, PathBuf, u32)> = Vec::new();
                    for (path, kind) in g {
                        if let Some(c) = self
                            .constants(&path, kind)
                            .iter()
                            .find(|c| c.class == class && c.name == field)
                            .cloned()
                        {
                            values.push((c.value, path, c.line));
                        }
                    }
                    if values.is_empty() {
                        continue;
                    }
                    if values.iter().any(|v| v.0 != values[0].0) {
                        return None;
                    }
                    found = values.into_iter().next();
                    break;
                }
                found
            }
        }?;
        Some((found.0, found.1, found.2, text.to_string()))
    }

    /// A module-level constant of the JS/TS module a relative import names
    /// (`./config` → `config.js`, `config.ts`, `config/index.ts`, …).
    fn js_constant(
        &mut self,
        file: &Path,
        spec: &str,
        name: &str,
    ) -> Option<(Value, PathBuf, u32)> {
        let path = self.js_file(file, spec)?;
        let kind = FileKind::of(&path)?;
        let c = self
            .constants(&path, kind)
            .iter()
            .find(|c| c.class.is_empty() && c.name == name)
            .cloned()?;
        Some((c.value, path, c.line))
    }
}

#[cfg(test)]
mod tests {
    use super::{reference, scopes};

    #[test]
    fn a_reference_is_looked_up_where_the_language_would() {
        let none: Vec<(String, String)> = Vec::new();
        let imports = vec![("Tuning".to_string(), "com.acme.config.Tuning".to_string())];
        let pkg = Some("com.acme.app".to_string());
        let v = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<String>>();
        // An import of the class decides.
        assert_eq!(
            scopes(&[], "Tuning", &imports, &[], &pkg),
            (
                vec![vec![v(&["com", "acme", "config"])]],
                v(&["com.acme.config"])
            )
        );
        // A qualified reference names its package.
        assert_eq!(
            scopes(&["x", "y"], "Tuning", &imports, &[], &pkg),
            (vec![vec![v(&["x", "y"])]], v(&["x.y"]))
        );
        // Otherwise the own package, then the wildcard imports together.
        let wild = ["com.acme.shared".to_string(), "com.acme.util".to_string()];
        assert_eq!(
            scopes(&[], "Tuning", &none, &wild, &pkg),
            (
                vec![
                    vec![v(&["com", "acme", "app"])],
                    vec![v(&["com", "acme", "shared"]), v(&["com", "acme", "util"])],
                ],
                v(&["com.acme.app", "com.acme.shared", "com.acme.util"])
            )
        );
        // A file in no package sees every package's files.
        assert_eq!(scopes(&[], "Tuning", &none, &[], &None), (vec![], vec![]));
    }

    #[test]
    fn references_name_a_class_and_a_field() {
        assert_eq!(
            reference("KafkaSettings.ACKS"),
            Some((vec![], "KafkaSettings", "ACKS"))
        );
        assert_eq!(
            reference("com.acme.KafkaSettings.ACKS"),
            Some((vec!["com", "acme"], "KafkaSettings", "ACKS"))
        );
        assert_eq!(reference("settings.acks"), None);
        assert_eq!(reference("ACKS"), None);
        assert_eq!(reference("cfg.get(\"acks\")"), None);
    }
}
