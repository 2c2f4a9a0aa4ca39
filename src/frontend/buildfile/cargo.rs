//! Rust: `Cargo.toml` (`[dependencies]`, target-specific and build
//! dependencies, then `[dev-dependencies]`, which rank lower; renamed
//! dependencies; `workspace = true` taking the version from the workspace
//! root's `[workspace.dependencies]`) and `Cargo.lock` (exact, wins).
//! rdkafka built with `dynamic-linking` links the system librdkafka, whose
//! version no Cargo file says: the sys crate is then reported as unknown.

use super::{key_line_in, lock_packages, lock_req, read_small, req, Found};
use crate::knowledge::versions::is_relevant;
use crate::model::{Dependency, Ecosystem, VersionReq};
use std::path::Path;

fn dep(name: &str, req: VersionReq, line: u32, locked: bool) -> Dependency {
    super::dep(Ecosystem::Cargo, name, req, line, locked)
}

/// `[workspace.dependencies]` of the nearest workspace root above `dir`.
fn workspace_deps(dir: &Path) -> Option<toml::Value> {
    for d in dir.ancestors().skip(1).take(16) {
        let Some(text) = read_small(&d.join("Cargo.toml"), 1024 * 1024) else {
            continue;
        };
        let Ok(doc) = toml::from_str::<toml::Value>(&text) else {
            continue;
        };
        if let Some(ws) = doc.get("workspace") {
            return ws.get("dependencies").cloned();
        }
    }
    None
}

/// Reads a `Cargo.toml`.
pub fn manifest(path: &Path, text: &str, found: &mut Found) {
    let Some(doc) = super::parse_toml(text, "Cargo.toml", found) else {
        return;
    };
    // (table, its header for line numbers)
    let mut tables: Vec<(&toml::Value, Option<&str>)> = Vec::new();
    let mut dev: Vec<(&toml::Value, Option<&str>)> = Vec::new();
    tables.extend(doc.get("dependencies").map(|t| (t, Some("dependencies"))));
    tables.extend(
        doc.get("build-dependencies")
            .map(|t| (t, Some("build-dependencies"))),
    );
    dev.extend(
        doc.get("dev-dependencies")
            .map(|t| (t, Some("dev-dependencies"))),
    );
    if let Some(targets) = doc.get("target").and_then(|t| t.as_table()) {
        for t in targets.values() {
            if let Some(d) = t.get("dependencies") {
                tables.push((d, None));
            }
            if let Some(d) = t.get("dev-dependencies") {
                dev.push((d, None));
            }
        }
    }
    if let Some(ws) = doc.get("workspace").and_then(|w| w.get("dependencies")) {
        tables.push((ws, Some("workspace.dependencies")));
    }
    let mut inherited: Option<Option<toml::Value>> = None;
    let mut seen: Vec<String> = Vec::new();
    for (table, section) in tables.into_iter().chain(dev) {
        let Some(t) = table.as_table() else { continue };
        for (key, spec) in t {
            let name = spec.get("package").and_then(|p| p.as_str()).unwrap_or(key);
            if !is_relevant(Ecosystem::Cargo, name) || seen.iter().any(|s| s == name) {
                continue;
            }
            seen.push(name.to_string());
            let line = key_line_in(text, section, key);
            let mut spec = spec.clone();
            if spec.get("workspace").and_then(|w| w.as_bool()) == Some(true) {
                let ws = inherited
                    .get_or_insert_with(|| path.parent().and_then(workspace_deps))
                    .as_ref()
                    .and_then(|w| w.get(key));
                if let Some(ws) = ws {
                    spec = merge(ws, &spec);
                }
            }
            let req = match &spec {
                toml::Value::String(s) => req::cargo(s),
                toml::Value::Table(t) => t
                    .get("version")
                    .and_then(|v| v.as_str())
                    .map_or(VersionReq::Any, req::cargo),
                _ => VersionReq::Any,
            };
            found.deps.push(dep(name, req, line, false));
            let dynamic = spec
                .get("features")
                .and_then(|f| f.as_array())
                .is_some_and(|f| f.iter().any(|x| x.as_str() == Some("dynamic-linking")));
            if dynamic && name == "rdkafka" {
                // Locked to "unknown": no lock entry may refine it.
                found
                    .deps
                    .push(dep("rdkafka-sys", VersionReq::Any, line, true));
            }
        }
    }
}

/// A member's `{ workspace = true, features = [..] }` over the root entry.
fn merge(root: &toml::Value, member: &toml::Value) -> toml::Value {
    let mut out = match root {
        toml::Value::String(s) => {
            let mut t = toml::map::Map::new();
            t.insert("version".into(), toml::Value::String(s.clone()));
            t
        }
        toml::Value::Table(t) => t.clone(),
        _ => toml::map::Map::new(),
    };
    if let Some(features) = member.get("features").and_then(|f| f.as_array()) {
        let mut all = out
            .get("features")
            .and_then(|f| f.as_array())
            .cloned()
            .unwrap_or_default();
        all.extend(features.iter().cloned());
        out.insert("features".into(), toml::Value::Array(all));
    }
    toml::Value::Table(out)
}

/// Reads a `Cargo.lock`.
pub fn lock(text: &str, found: &mut Found) {
    for (name, version, line) in lock_packages(text) {
        if is_relevant(Ecosystem::Cargo, &name) {
            found.deps.push(dep(&name, lock_req(&version), line, true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{deps, row};
    use super::super::DepFile;
    use std::path::Path;

    #[test]
    fn dependencies_rank_before_dev_dependencies() {
        let text = "[package]\nname = \"svc\"\n\n[dev-dependencies]\nrdkafka = \"0.30\"\n\n[dependencies]\ntokio = \"1\"\nrdkafka = { version = \"0.36.2\", features = [\"cmake-build\"] }\n";
        assert_eq!(
            deps(DepFile::CargoToml, Path::new("Cargo.toml"), text),
            vec![row("rdkafka", ">=0.36.2, <0.37", 9, false)]
        );
        let renamed = "[dependencies]\nkafka = { package = \"rdkafka\", version = \"=0.35.0\", features = [\"dynamic-linking\"] }\n";
        assert_eq!(
            deps(DepFile::CargoToml, Path::new("Cargo.toml"), renamed),
            vec![
                row("rdkafka", "0.35.0", 2, false),
                row("rdkafka-sys", "any", 2, true)
            ]
        );
    }

    #[test]
    fn workspace_inheritance_and_lock() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[workspace]\nmembers = [\"crates/*\"]\n[workspace.dependencies]\nrdkafka = { version = \"0.34\" }\n",
        )
        .expect("write");
        std::fs::create_dir_all(dir.path().join("crates/app")).expect("mkdir");
        let member = dir.path().join("crates/app/Cargo.toml");
        let text = "[package]\nname = \"app\"\n[dependencies]\nrdkafka = { workspace = true }\n";
        assert_eq!(
            deps(DepFile::CargoToml, &member, text),
            vec![row("rdkafka", ">=0.34.0, <0.35", 4, false)]
        );
        let lock = "version = 3\n\n[[package]]\nname = \"rdkafka\"\nversion = \"0.36.2\"\n\n[[package]]\nname = \"rdkafka-sys\"\nversion = \"4.7.0+2.3.0\"\nsource = \"registry+https://x\"\n";
        assert_eq!(
            deps(DepFile::CargoLock, Path::new("Cargo.lock"), lock),
            vec![
                row("rdkafka", "0.36.2", 5, true),
                row("rdkafka-sys", "4.7.0", 9, true)
            ]
        );
        let f = super::super::extract(
            DepFile::CargoToml,
            Path::new("Cargo.toml"),
            "[dependencies\nrdkafka = ",
        );
        assert_eq!(f.warnings.len(), 1);
    }
}
