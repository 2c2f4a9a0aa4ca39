//! Gradle version catalogs: `gradle/libs.versions.toml` of the root
//! project (the `libs` catalog) and catalogs a settings script declares
//! (`versionCatalogs { create("deps") { from(files("gradle/deps.toml")) } }`).
//! A build script uses them as `libs.kafka.clients` (the alias
//! `kafka-clients`), `libs.bundles.kafka`, `alias(libs.plugins.spring.boot)`
//! and `libs.versions.kafka.get()`.

use super::super::read_small;
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

const MAX_CATALOG_BYTES: u64 = 512 * 1024;

/// One catalog, its keys written as accessors (`kafka.clients`).
#[derive(Debug, Default)]
pub(super) struct Catalog {
    pub name: String,
    pub versions: HashMap<String, String>,
    libraries: HashMap<String, (String, String, Option<String>)>,
    bundles: HashMap<String, Vec<String>>,
    plugins: HashMap<String, (String, Option<String>)>,
}

/// What a script takes from a catalog.
pub(super) enum Use {
    Library {
        group: String,
        artifact: String,
        version: Option<String>,
    },
    BootPlugin(Option<String>),
}

/// An alias as a script accesses it: `kafka-clients` → `kafka.clients`.
fn accessor(alias: &str) -> String {
    alias.replace(['-', '_'], ".")
}

/// A catalog version: a string or a rich version (`strictly`, `require`,
/// `prefer`).
fn version_text(v: &toml::Value, versions: &HashMap<String, String>) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Table(t) => {
            if let Some(r) = t.get("ref").and_then(|r| r.as_str()) {
                return versions.get(&accessor(r)).cloned();
            }
            ["strictly", "require", "prefer"]
                .iter()
                .find_map(|k| t.get(*k)?.as_str().map(str::to_string))
        }
        _ => None,
    }
}

fn parse(name: &str, text: &str) -> Option<Catalog> {
    let doc: toml::Value = toml::from_str(text).ok()?;
    let mut c = Catalog {
        name: name.to_string(),
        ..Catalog::default()
    };
    if let Some(t) = doc.get("versions").and_then(|v| v.as_table()) {
        let plain: HashMap<String, String> = HashMap::new();
        for (k, v) in t {
            if let Some(s) = version_text(v, &plain) {
                c.versions.insert(accessor(k), s);
            }
        }
    }
    if let Some(t) = doc.get("libraries").and_then(|v| v.as_table()) {
        for (k, v) in t {
            let entry = match v {
                toml::Value::String(s) => {
                    let mut parts = s.splitn(3, ':');
                    let (Some(g), Some(a)) = (parts.next(), parts.next()) else {
                        continue;
                    };
                    (
                        g.to_string(),
                        a.to_string(),
                        parts.next().map(str::to_string),
                    )
                }
                toml::Value::Table(t) => {
                    let (g, a) = match t.get("module").and_then(|m| m.as_str()) {
                        Some(m) => match m.split_once(':') {
                            Some((g, a)) => (g.to_string(), a.to_string()),
                            None => continue,
                        },
                        None => match (
                            t.get("group").and_then(|g| g.as_str()),
                            t.get("name").and_then(|n| n.as_str()),
                        ) {
                            (Some(g), Some(n)) => (g.to_string(), n.to_string()),
                            _ => continue,
                        },
                    };
                    let version = t.get("version").and_then(|v| version_text(v, &c.versions));
                    (g, a, version)
                }
                _ => continue,
            };
            c.libraries.insert(accessor(k), entry);
        }
    }
    if let Some(t) = doc.get("bundles").and_then(|v| v.as_table()) {
        for (k, v) in t {
            let members = v
                .as_array()
                .map(|a| a.iter().filter_map(|m| m.as_str().map(accessor)).collect())
                .unwrap_or_default();
            c.bundles.insert(accessor(k), members);
        }
    }
    if let Some(t) = doc.get("plugins").and_then(|v| v.as_table()) {
        for (k, v) in t {
            let entry = match v {
                toml::Value::String(s) => match s.split_once(':') {
                    Some((id, ver)) => (id.to_string(), Some(ver.to_string())),
                    None => (s.clone(), None),
                },
                toml::Value::Table(t) => {
                    let Some(id) = t.get("id").and_then(|i| i.as_str()) else {
                        continue;
                    };
                    let version = t.get("version").and_then(|v| version_text(v, &c.versions));
                    (id.to_string(), version)
                }
                _ => continue,
            };
            c.plugins.insert(accessor(k), entry);
        }
    }
    Some(c)
}

static DECLARED: LazyLock<Regex> = LazyLock::new(|| {
    crate::frontend::buildfile::ascii_regex(
        r#"(?:create\s*\(\s*["'](\w+)["']\s*\)|\b(\w+))\s*\{\s*from\s*\(?\s*files\s*\(\s*["']([^"'\n]+)["']"#,
    )
});

/// The catalogs of the build whose root is `root`.
pub(super) fn catalogs(root: Option<&Path>) -> Vec<Catalog> {
    let Some(root) = root else {
        return Vec::new();
    };
    let mut files: Vec<(String, std::path::PathBuf)> = Vec::new();
    for settings in ["settings.gradle.kts", "settings.gradle"] {
        let Some(text) = read_small(&root.join(settings), MAX_CATALOG_BYTES) else {
            continue;
        };
        for c in DECLARED.captures_iter(&text) {
            let name = c.get(1).or(c.get(2)).map(|m| m.as_str().to_string());
            if let (Some(name), Some(file)) = (name, c.get(3)) {
                files.push((name, root.join(file.as_str())));
            }
        }
    }
    if !files.iter().any(|(n, _)| n == "libs") {
        files.push(("libs".into(), root.join("gradle/libs.versions.toml")));
    }
    files
        .into_iter()
        .filter_map(|(name, file)| parse(&name, &read_small(&file, MAX_CATALOG_BYTES)?))
        .collect()
}

impl Catalog {
    /// What `code` takes from this catalog, with the offset of each use.
    pub fn uses(&self, code: &str) -> Vec<(Use, usize)> {
        let mut out = Vec::new();
        let prefix = format!("{}.", self.name);
        let mut from = 0;
        while let Some(i) = code[from..].find(&prefix) {
            let at = from + i;
            from = at + prefix.len();
            let boundary = at == 0
                || !code[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
            if !boundary {
                continue;
            }
            let path: String = code[from..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            let path = path.trim_end_matches('.').trim_end_matches(".get");
            let library = |alias: &str| {
                self.libraries.get(alias).map(|(g, a, v)| Use::Library {
                    group: g.clone(),
                    artifact: a.clone(),
                    version: v.clone(),
                })
            };
            if let Some(b) = path.strip_prefix("bundles.") {
                for m in self.bundles.get(b).into_iter().flatten() {
                    out.extend(library(m).map(|u| (u, at)));
                }
            } else if let Some(p) = path.strip_prefix("plugins.") {
                if let Some((id, v)) = self.plugins.get(p) {
                    if id == "org.springframework.boot" {
                        out.push((Use::BootPlugin(v.clone()), at));
                    }
                }
            } else if !path.starts_with("versions.") {
                out.extend(library(path).map(|u| (u, at)));
            }
        }
        out
    }
}
