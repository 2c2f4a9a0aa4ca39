//! Configurations built in other files. A front-end leaves a config part
//! it cannot follow as an [`ExternalConfig`]: a call of a builder
//! (`KafkaConfig.producerProps("orders")`), a config value another module
//! exports (`settings.PRODUCER_CONF`), a function filling the config it is
//! handed (`Security.apply(props)`). Here the declaring file is found by
//! the same rules as constants (`symbols.rs`: imports, packages, modules,
//! file-per-class), the builder is traced there for the producer's
//! library, its parameters take the call's literal arguments, its own
//! constants and builders are resolved from its own file, and its
//! settings join the producer's config where the call was written (later
//! writes still win).
//!
//! Settings found this way are reported at the reference in the
//! producer's file (that is the producer they configure) and name the
//! file and line where they are written; they are not fixed in place.
//! A name declared by several files, a builder that is not found, or one
//! traced only in part leaves the config incomplete, as before: no guess.

use super::symbols::{Reader, Scope};
use crate::frontend::code::Target;
use crate::model::{Config, ExternalConfig, ExternalSource, Library, Provenance, Value};
use std::path::{Path, PathBuf};

/// How many builders deep a config is followed across files.
const MAX_DEPTH: u32 = 3;

/// Replaces what can be found of `config.external` by the settings it
/// stands for; `used` collects the files read.
pub(super) fn expand(
    reader: &mut Reader<'_>,
    scope: &Scope<'_>,
    config: &mut Config,
    lib: Library,
    cwd: &Path,
    used: &mut Vec<PathBuf>,
    depth: u32,
) {
    let was_incomplete = !config.complete && !config.unknowns.is_empty();
    let mut externals = std::mem::take(&mut config.external);
    // Last first, so that inserting keeps the earlier positions right.
    externals.sort_by_key(|x| std::cmp::Reverse(x.at));
    let mut resolved_any = false;
    let mut kept = Vec::new();
    for x in externals {
        let Some(found) = resolve(reader, scope, &x, lib, cwd, used, depth) else {
            kept.push(x);
            continue;
        };
        resolved_any = true;
        let at = x.at.min(config.settings.len());
        config.settings.splice(at..at, found.settings);
        if let Some(i) = config.unknowns.iter().position(|u| *u == x.reason) {
            config.unknowns.remove(i);
        }
        config.unknowns.extend(found.unknowns);
        // References the builder could not resolve stay blind spots.
        kept.extend(found.external.into_iter().map(|mut e| {
            e.at = at;
            e.span = x.span;
            e
        }));
    }
    kept.sort_by_key(|x| x.at);
    config.external = kept;
    if resolved_any && was_incomplete && config.unknowns.is_empty() {
        config.complete = true;
    }
}

/// The settings `x` stands for, if its declaration is found.
fn resolve(
    reader: &mut Reader<'_>,
    scope: &Scope<'_>,
    x: &ExternalConfig,
    lib: Library,
    cwd: &Path,
    used: &mut Vec<PathBuf>,
    depth: u32,
) -> Option<Config> {
    if depth >= MAX_DEPTH {
        return None;
    }
    let (name, call, args, fills) = match &x.source {
        ExternalSource::Builder {
            name,
            call,
            args,
            fills,
        } => (name, call, args, fills),
        ExternalSource::File { path, resource } => {
            return loaded_file(reader, scope, x, path, *resource, cwd, used)
        }
    };
    // The first group of files with a declaration decides; two
    // declarations in it are ambiguous.
    let mut found = None;
    for group in reader.declarations(scope, name) {
        let mut hits = Vec::new();
        for (path, kind, class, member) in group {
            if path.as_path() == scope.file {
                continue;
            }
            let target = Target {
                class,
                member,
                call: *call,
                arity: args.len(),
                fills: *fills,
            };
            if let Some(b) = reader.builder(&path, kind, target, lib) {
                hits.push((path, kind, b));
            }
        }
        match hits.len() {
            0 => continue,
            1 => {
                found = hits.pop();
                break;
            }
            _ => return None,
        }
    }
    let (path, kind, built) = found?;
    let mut config = built.config;
    // Parameters take the literal arguments of the call.
    for s in &mut config.settings {
        if let Value::Unknown(text) = &s.value {
            if let Some(i) = built.params.iter().position(|p| p == text.trim()) {
                if let Some(v) = args.get(i).filter(|v| v.is_known()) {
                    s.value = v.clone();
                }
            }
        }
    }
    // The builder's own references, from its own file.
    let inner = Scope {
        file: &path,
        kind: Some(kind),
        imports: &built.imports,
        wildcards: &built.wildcards,
        package: &built.package,
    };
    let mut resolved = Vec::new();
    for s in &mut config.settings {
        if let Some(t) = reader.resolve_setting(&inner, s, cwd, used) {
            resolved.push(t);
        }
    }
    config
        .unknowns
        .retain(|u| !resolved.iter().any(|t| u.contains(&format!("`{t}`"))));
    if !config.external.is_empty() {
        expand(reader, &inner, &mut config, lib, cwd, used, depth + 1);
    }
    let file = crate::scan::display_path(&path, cwd);
    // As the language writes a path (`kafka::base`).
    let name = if scope.kind == Some(crate::frontend::FileKind::Rust) {
        name.replace('.', "::")
    } else {
        name.clone()
    };
    let via = if *call {
        if args.is_empty() {
            format!("{name}()")
        } else {
            format!("{name}(..)")
        }
    } else {
        name
    };
    for s in &mut config.settings {
        // Where it is written in the end: a nested builder's file.
        let (line, written) = match &s.provenance {
            Provenance::Elsewhere { line, file, .. } => (*line, file.clone()),
            _ => (s.span.start_line, file.clone()),
        };
        s.provenance = Provenance::Elsewhere {
            via: via.clone(),
            file: written,
            line,
        };
        s.span = x.span;
        s.value_span = x.span;
    }
    config.unknowns = config
        .unknowns
        .into_iter()
        .map(|u| format!("{u} (in {via}, {file}:{})", built.line))
        .collect();
    if !used.contains(&path) {
        used.push(path);
    }
    Some(config)
}

/// The settings of the properties file `path` a producer's code loads.
fn loaded_file(
    reader: &mut Reader<'_>,
    scope: &Scope<'_>,
    x: &ExternalConfig,
    path: &str,
    resource: bool,
    cwd: &Path,
    used: &mut Vec<PathBuf>,
) -> Option<Config> {
    let file = reader.files().loaded_file(scope.file, path, resource)?;
    let text = reader.text(&file)?;
    let facts = crate::frontend::properties::extract(&file, &text);
    // A Spring Boot or broker file is not what `Properties.load` reads.
    if !facts.broker_settings.is_empty() || facts.producers.len() > 1 {
        return None;
    }
    let mut config = Config {
        complete: true,
        ..Config::default()
    };
    let shown = crate::scan::display_path(&file, cwd);
    if let Some(p) = facts.producers.into_iter().next() {
        // Kafka Streams or profile files: not a plain client file.
        if !p.config.complete || p.library != crate::model::Library::KafkaClients {
            return None;
        }
        config.settings = p.config.settings;
    }
    for s in &mut config.settings {
        s.provenance = Provenance::Elsewhere {
            via: path.to_string(),
            file: shown.clone(),
            line: s.span.start_line,
        };
        s.span = x.span;
        s.value_span = x.span;
    }
    reader.loaded.push(file.clone());
    if !used.contains(&file) {
        used.push(file);
    }
    Some(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::FileKind;

    #[test]
    fn external_reasons_are_replaced() {
        // A config whose only blind spot is an unresolvable builder stays incomplete.
        let files = super::super::symbols::ClassFiles::default();
        let mut reader = Reader::new(&files);
        let imports = Vec::new();
        let wildcards = Vec::new();
        let package = None;
        let scope = Scope {
            file: Path::new("A.java"),
            kind: Some(FileKind::Java),
            imports: &imports,
            wildcards: &wildcards,
            package: &package,
        };
        let mut config = Config {
            complete: false,
            unknowns: vec!["`Missing.props()` is built outside this file".into()],
            external: vec![ExternalConfig {
                source: ExternalSource::Builder {
                    name: "Missing.props".into(),
                    call: true,
                    args: Vec::new(),
                    fills: None,
                },
                span: Default::default(),
                at: 0,
                reason: "`Missing.props()` is built outside this file".into(),
            }],
            ..Config::default()
        };
        let mut used = Vec::new();
        expand(
            &mut reader,
            &scope,
            &mut config,
            Library::KafkaClients,
            Path::new("."),
            &mut used,
            0,
        );
        assert!(!config.complete);
        assert_eq!(config.external.len(), 1);
        assert_eq!(config.unknowns.len(), 1);
        assert!(used.is_empty());
    }
}
