//! `go.mod`: `require` lines and blocks, and `replace` directives. Since
//! Go 1.17 a module's go.mod lists every module of its build with the
//! version minimal version selection picks, so a required version is exact.
//! A `replace` to another version of the same library wins; a replace to a
//! local path (or to an unrelated fork) makes the version unknown.
//! Pseudo-versions (`v1.38.2-0.20230101120000-abcdef123456`) are a commit
//! after the release before them: a range up to the next release.

use super::Found;
use crate::knowledge::versions::{self, is_relevant};
use crate::model::{Dependency, Ecosystem, Library, Version, VersionReq};

/// A module version: `v1.42.1`, `v2.3.0+incompatible`, a pseudo-version.
fn module_version(v: &str) -> VersionReq {
    let v = v.trim().trim_end_matches("+incompatible");
    let Some(base) = v.strip_prefix('v') else {
        return VersionReq::Any;
    };
    let Some(version) = Version::parse(base) else {
        return VersionReq::Any;
    };
    let (core, pre) = base.split_once('-').unwrap_or((base, ""));
    let tail = pre.rsplit('-').next().unwrap_or("");
    let pseudo = tail.len() == 12 && tail.chars().all(|c| c.is_ascii_hexdigit()) && pre.len() > 12;
    if !pseudo {
        return VersionReq::Exact(version);
    }
    // vX.Y.(Z+1)-0.ts-hash follows vX.Y.Z; vX.0.0-ts-hash follows no tag.
    if pre.starts_with("0.") && version.patch > 0 {
        let prev = Version::new(version.major, version.minor, version.patch - 1);
        return VersionReq::Range {
            min: prev,
            max: version,
        };
    }
    if core.ends_with(".0.0") {
        return VersionReq::Any;
    }
    VersionReq::Range {
        min: version,
        max: Version::new(
            version.major,
            version.minor,
            version.patch.saturating_add(1),
        ),
    }
}

fn unquote(s: &str) -> &str {
    s.trim().trim_matches('"').trim_matches('`')
}

/// The library a module path is a package of.
fn library_of(path: &str) -> Option<Library> {
    Library::ALL.iter().copied().find(|&l| {
        versions::library(l)
            .packages
            .iter()
            .any(|p| p.is(Ecosystem::Go, path))
    })
}

/// `replace old [version] => new [version]`, at its line.
struct Replace {
    old: String,
    old_version: Option<String>,
    req: VersionReq,
    new: String,
    line: u32,
}

/// Reads a `go.mod`.
pub fn extract(text: &str, found: &mut Found) {
    let mut required: Vec<Dependency> = Vec::new();
    // (old path, old version if any, replacement)
    let mut replaces: Vec<Replace> = Vec::new();
    let mut block: Option<&str> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let line = raw.split("//").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if block.is_some() && line.starts_with(')') {
            block = None;
            continue;
        }
        let (verb, rest) = match block {
            Some(b) => (b, line),
            None => {
                let (verb, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
                let rest = rest.trim();
                if rest == "(" {
                    block = Some(match verb {
                        "require" => "require",
                        "replace" => "replace",
                        _ => "other",
                    });
                    continue;
                }
                (verb, rest)
            }
        };
        match verb {
            "require" => {
                let mut parts = rest.split_whitespace();
                let (Some(path), Some(ver)) = (parts.next(), parts.next()) else {
                    continue;
                };
                let path = unquote(path);
                if is_relevant(Ecosystem::Go, path) {
                    required.push(Dependency {
                        ecosystem: Ecosystem::Go,
                        name: path.to_string(),
                        req: module_version(ver),
                        line: line_no,
                        locked: false,
                    });
                }
            }
            "replace" => {
                let Some((old, new)) = rest.split_once("=>") else {
                    continue;
                };
                let mut o = old.split_whitespace();
                let Some(old_path) = o.next().map(unquote) else {
                    continue;
                };
                if !is_relevant(Ecosystem::Go, old_path) {
                    continue;
                }
                let old_ver = o.next().map(str::to_string);
                let mut n = new.split_whitespace();
                let new_path = n.next().map(unquote).unwrap_or("").to_string();
                let req = match n.next() {
                    Some(v) => module_version(v),
                    None => VersionReq::Any, // a local directory
                };
                replaces.push(Replace {
                    old: old_path.to_string(),
                    old_version: old_ver,
                    req,
                    new: new_path,
                    line: line_no,
                });
            }
            _ => {}
        }
    }
    for dep in &mut required {
        for r in &replaces {
            if r.old != dep.name {
                continue;
            }
            if let Some(ov) = &r.old_version {
                if module_version(ov) != dep.req {
                    continue;
                }
            }
            let same_library =
                library_of(&r.new).is_some() && library_of(&r.new) == library_of(&r.old);
            dep.req = if same_library { r.req } else { VersionReq::Any };
            dep.line = r.line;
        }
        // A replaced-to-local module has no version any lock could add.
        dep.locked = matches!(dep.req, VersionReq::Any);
    }
    found.deps.extend(required);
}

#[cfg(test)]
mod tests {
    use super::super::tests::{deps, row, Row};
    use super::super::DepFile;
    use std::path::Path;

    fn read(text: &str) -> Vec<Row> {
        deps(DepFile::GoMod, Path::new("go.mod"), text)
    }

    #[test]
    fn require_lines_and_blocks() {
        let text = "module example.com/svc\n\ngo 1.22\n\nrequire github.com/IBM/sarama v1.43.2\n\nrequire (\n\tgithub.com/segmentio/kafka-go v0.4.47 // indirect\n\tgithub.com/twmb/franz-go v1.17.1\n\tgithub.com/confluentinc/confluent-kafka-go/v2 v2.3.0\n\tgolang.org/x/sync v0.7.0\n)\n";
        assert_eq!(
            read(text),
            vec![
                row("github.com/IBM/sarama", "1.43.2", 5, false),
                row("github.com/segmentio/kafka-go", "0.4.47", 8, false),
                row("github.com/twmb/franz-go", "1.17.1", 9, false),
                row(
                    "github.com/confluentinc/confluent-kafka-go/v2",
                    "2.3.0",
                    10,
                    false
                ),
            ]
        );
    }

    #[test]
    fn replace_directives() {
        let text = "module x\nrequire (\n  github.com/Shopify/sarama v1.38.1\n  github.com/segmentio/kafka-go v0.4.40\n  github.com/twmb/franz-go v1.15.0\n)\nreplace github.com/Shopify/sarama => github.com/IBM/sarama v1.40.0\nreplace github.com/segmentio/kafka-go v0.4.40 => ../kafka-go\nreplace (\n  github.com/twmb/franz-go => github.com/acme/franz-fork v9.9.9\n)\n";
        assert_eq!(
            read(text),
            vec![
                row("github.com/Shopify/sarama", "1.40.0", 7, false),
                row("github.com/segmentio/kafka-go", "any", 8, true),
                row("github.com/twmb/franz-go", "any", 10, true),
            ]
        );
    }

    #[test]
    fn pseudo_versions_and_odd_text() {
        let text = "require github.com/IBM/sarama v1.42.2-0.20240101120000-abcdef123456\nrequire github.com/twmb/franz-go v0.0.0-20240101120000-abcdef123456\nrequire github.com/segmentio/kafka-go\nrequire (\n";
        assert_eq!(
            read(text),
            vec![
                row("github.com/IBM/sarama", ">=1.42.1, <=1.42.2", 1, false),
                row("github.com/twmb/franz-go", "any", 2, true),
            ]
        );
        for t in [
            "replace =>",
            "require \"",
            "require (\n)\n)",
            "\u{0}\u{1}go",
        ] {
            let _ = read(t);
        }
    }
}
