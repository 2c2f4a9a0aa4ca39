//! npm: `package.json` (dependencies, devDependencies, optionalDependencies,
//! peerDependencies) and the locks `package-lock.json` /
//! `npm-shrinkwrap.json` (v1 `dependencies` tree, v2/v3 `packages` map),
//! `yarn.lock` (v1 and berry) and `pnpm-lock.yaml`.
//!
//! Locks are read with a targeted search for the few package names that
//! matter instead of a full parse: a monorepo's package-lock.json runs to
//! tens of megabytes, and only a handful of its entries are wanted. A lock
//! may hold several versions of one package (a workspace member that needs
//! another major); each is reported, and the resolver keeps those that
//! satisfy the member's own range.

use super::{lock_req, offset_line, req, Found};
use crate::knowledge::versions::{self, is_relevant};
use crate::model::{Dependency, Ecosystem, Library, VersionReq};
use memchr::memmem;

/// The npm names versions.toml knows.
fn names() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Library::ALL
        .iter()
        .flat_map(|&l| versions::library(l).packages.iter())
        .chain(versions::pins_to(Library::Librdkafka).map(|p| &p.from))
        .filter(|p| p.ecosystem == Ecosystem::Npm)
        .map(|p| p.name.as_str())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether `text` contains one of `names` at all (a SIMD search per name:
/// most locks name none, and are then not read line by line).
fn mentions(text: &str, names: &[&str]) -> bool {
    names
        .iter()
        .any(|n| memmem::find(text.as_bytes(), n.as_bytes()).is_some())
}

fn dep(name: &str, req: VersionReq, line: u32, locked: bool) -> Dependency {
    super::dep(Ecosystem::Npm, name, req, line, locked)
}

/// `package.json`.
pub fn package_json(text: &str, found: &mut Found) {
    let Some(doc) = super::parse_json(text, "package.json", found) else {
        return;
    };
    for section in [
        "dependencies",
        "optionalDependencies",
        "devDependencies",
        "peerDependencies",
    ] {
        let Some(deps) = doc.get(section).and_then(|d| d.as_object()) else {
            continue;
        };
        for (name, spec) in deps {
            if !is_relevant(Ecosystem::Npm, name) {
                continue;
            }
            let req = spec.as_str().map_or(VersionReq::Any, req::npm);
            let line = super::json_key_line(text, name);
            found.deps.push(dep(name, req, line, false));
        }
    }
}

/// The string value of `"key": "value"` in `window`, with its offset.
fn json_string_field<'a>(window: &'a str, key: &str) -> Option<(&'a str, usize)> {
    let pat = format!("\"{key}\"");
    let at = window.find(&pat)? + pat.len();
    let rest = window[at..].trim_start().strip_prefix(':')?.trim_start();
    let body = rest.strip_prefix('"')?;
    let end = body.find('"')?;
    let off = window.len() - body.len();
    Some((&body[..end], off))
}

/// The object starting at the first `{` of `s`, up to its closing brace
/// (strings respected); bounded, since lock entries are small.
fn object_at(s: &str) -> Option<&str> {
    let start = s.find('{')?;
    let b = s.as_bytes();
    let (mut depth, mut in_str, mut esc) = (0i32, false, false);
    for (i, &c) in b.iter().enumerate().skip(start).take(64 * 1024) {
        if in_str {
            match (esc, c) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&s[start..=i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// `package-lock.json` / `npm-shrinkwrap.json`.
pub fn package_lock(text: &str, found: &mut Found) {
    if !text.trim_start().starts_with('{') {
        found.warn("package-lock.json is not a JSON object; it was not read".to_string());
        return;
    }
    let b = text.as_bytes();
    let has_packages = memmem::find(b, b"\"packages\"").is_some();
    for name in names() {
        let mut seen = Vec::new();
        if has_packages {
            // v2/v3: "node_modules/<name>" (hoisted) and
            // "<member>/node_modules/<name>" (nested under a workspace
            // member). Copies nested under another package are that
            // package's business.
            let key = format!("node_modules/{name}\"");
            for at in memmem::find_iter(b, key.as_bytes()) {
                let Some(open) = text[..at].rfind('"') else {
                    continue;
                };
                let prefix = &text[open + 1..at];
                if prefix.contains("node_modules/") {
                    continue;
                }
                let after = &text[at + key.len()..];
                let Some(obj) = after.trim_start().strip_prefix(':').and_then(object_at) else {
                    continue;
                };
                let obj_off = text.len() - after.len() + after.find(obj).unwrap_or(0);
                if let Some((v, off)) = json_string_field(obj, "version") {
                    seen.push((v.to_string(), offset_line(text, obj_off + off)));
                }
            }
        } else {
            // v1: top-level entries of the "dependencies" tree, indented
            // by four spaces in npm's own formatting.
            let key = format!("\n    \"{name}\": {{");
            for at in memmem::find_iter(b, key.as_bytes()) {
                let obj_start = at + key.len() - 1;
                let Some(obj) = object_at(&text[obj_start..]) else {
                    continue;
                };
                if let Some((v, off)) = json_string_field(obj, "version") {
                    seen.push((v.to_string(), offset_line(text, obj_start + off)));
                }
            }
        }
        for (v, line) in seen {
            found.deps.push(dep(name, lock_req(&v), line, true));
        }
    }
}

/// `yarn.lock`: v1 (`kafkajs@^2.2.0, kafkajs@^2.2.4:` then `  version
/// "2.2.4"`) and berry (`"kafkajs@npm:^2.2.4":` then `  version: 2.2.4`).
/// Entry heads are found with a SIMD search for `<name>@` at a line start.
pub fn yarn_lock(text: &str, found: &mut Found) {
    let b = text.as_bytes();
    let first = found.deps.len();
    for name in names() {
        let key = format!("{name}@");
        let mut seen: Vec<usize> = Vec::new();
        for at in memmem::find_iter(b, key.as_bytes()) {
            let head = match at {
                0 => true,
                _ if b[at - 1] == b'\n' => true,
                _ if b[at - 1] == b'"' => at < 2 || b[at - 2] == b'\n',
                _ => false,
            };
            if !head {
                continue;
            }
            // The entry's indented lines, up to the next unindented one.
            let Some(eol) = memchr::memchr(b'\n', &b[at..]).map(|e| at + e + 1) else {
                continue;
            };
            for (i, line) in text[eol..].split('\n').enumerate().take(64) {
                if !line.starts_with([' ', '\t']) {
                    break;
                }
                if let Some(v) = line.trim().strip_prefix("version") {
                    let v = v.trim_start_matches(':').trim().trim_matches('"');
                    let line_no = offset_line(text, eol) + i as u32;
                    if !seen.contains(&(line_no as usize)) {
                        seen.push(line_no as usize);
                        found.deps.push(dep(name, lock_req(v), line_no, true));
                    }
                    break;
                }
            }
        }
    }
    found.deps[first..].sort_by_key(|d| d.line);
}

/// `pnpm-lock.yaml`: keys of the `packages:` (and v9 `snapshots:`) maps —
/// `/kafkajs@2.2.4:` (v6), `kafkajs@2.2.4:` (v9), `/kafkajs/2.2.4:` (v5),
/// with peer suffixes such as `(debug@4.3.4)` or `_debug@4.3.4`.
pub fn pnpm_lock(text: &str, found: &mut Found) {
    let wanted = names();
    if !mentions(text, &wanted) {
        return;
    }
    let mut in_packages = false;
    let mut seen: Vec<(&str, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if !line.starts_with(' ') {
            in_packages = matches!(line.trim_end(), "packages:" | "snapshots:");
            continue;
        }
        if !in_packages || line.starts_with("    ") {
            continue;
        }
        let key = line.trim();
        let key = key.split(": ").next().unwrap_or(key);
        let key = key.trim_end_matches(':').trim_matches(['\'', '"']);
        let key = key.strip_prefix('/').unwrap_or(key);
        for name in &wanted {
            let Some(rest) = key.strip_prefix(name) else {
                continue;
            };
            let Some(ver) = rest.strip_prefix('@').or_else(|| rest.strip_prefix('/')) else {
                continue;
            };
            let ver = ver.split(['(', '_']).next().unwrap_or(ver);
            if seen.iter().any(|(n, v)| n == name && v == ver) {
                continue;
            }
            seen.push((name, ver.to_string()));
            found
                .deps
                .push(dep(name, lock_req(ver), i as u32 + 1, true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{deps, row};
    use super::super::DepFile;
    use std::path::Path;

    #[test]
    fn package_json_sections_and_specs() {
        let text = r#"{
  "name": "orders",
  "dependencies": {
    "express": "^4.18.0",
    "kafkajs": "^2.2.4"
  },
  "optionalDependencies": { "node-rdkafka": "workspace:*" },
  "devDependencies": {
    "@confluentinc/kafka-javascript": "~1.2.0"
  }
}"#;
        assert_eq!(
            deps(DepFile::PackageJson, Path::new("package.json"), text),
            vec![
                row("kafkajs", ">=2.2.4, <3.0", 5, false),
                row("node-rdkafka", "any", 7, false),
                row("@confluentinc/kafka-javascript", ">=1.2.0, <1.3", 9, false),
            ]
        );
    }

    #[test]
    fn package_lock_v1_and_v3() {
        let v3 = r#"{
  "name": "mono",
  "lockfileVersion": 3,
  "packages": {
    "": { "workspaces": ["packages/*"] },
    "node_modules/kafkajs": {
      "version": "2.2.4",
      "resolved": "https://registry.example/kafkajs-2.2.4.tgz"
    },
    "packages/legacy/node_modules/kafkajs": {
      "version": "1.16.0"
    },
    "node_modules/some-lib/node_modules/kafkajs": {
      "version": "1.12.0"
    }
  }
}"#;
        assert_eq!(
            deps(DepFile::PackageLock, Path::new("package-lock.json"), v3),
            vec![
                row("kafkajs", "2.2.4", 7, true),
                row("kafkajs", "1.16.0", 11, true)
            ]
        );
        let v1 = "{\n  \"lockfileVersion\": 1,\n  \"dependencies\": {\n    \"node-rdkafka\": {\n      \"version\": \"2.18.0\",\n      \"requires\": { \"bindings\": \"^1.3.1\" }\n    }\n  }\n}\n";
        assert_eq!(
            deps(DepFile::PackageLock, Path::new("package-lock.json"), v1),
            vec![row("node-rdkafka", "2.18.0", 5, true)]
        );
    }

    #[test]
    fn yarn_v1_berry_and_pnpm() {
        let v1 = "# yarn lockfile v1\n\n\nkafkajs@^2.2.0, kafkajs@^2.2.4:\n  version \"2.2.4\"\n  resolved \"https://x\"\n\n\"@confluentinc/kafka-javascript@^1.0.0\":\n  version \"1.2.0\"\n";
        assert_eq!(
            deps(DepFile::YarnLock, Path::new("yarn.lock"), v1),
            vec![
                row("kafkajs", "2.2.4", 5, true),
                row("@confluentinc/kafka-javascript", "1.2.0", 9, true)
            ]
        );
        let berry = "__metadata:\n  version: 6\n\n\"kafkajs@npm:^2.2.4\":\n  version: 2.2.4\n  resolution: \"kafkajs@npm:2.2.4\"\n";
        assert_eq!(
            deps(DepFile::YarnLock, Path::new("yarn.lock"), berry),
            vec![row("kafkajs", "2.2.4", 5, true)]
        );
        let pnpm = "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      kafkajs:\n        specifier: ^2.2.4\n        version: 2.2.4\npackages:\n  kafkajs@2.2.4:\n    resolution: {integrity: sha512-x}\n  /node-rdkafka@3.0.0(debug@4.3.4):\n    resolution: {}\nsnapshots:\n  kafkajs@2.2.4: {}\n";
        assert_eq!(
            deps(DepFile::PnpmLock, Path::new("pnpm-lock.yaml"), pnpm),
            vec![
                row("kafkajs", "2.2.4", 9, true),
                row("node-rdkafka", "3.0.0", 11, true)
            ]
        );
    }

    #[test]
    fn broken_and_huge_locks() {
        let f = super::super::extract(
            DepFile::PackageJson,
            Path::new("package.json"),
            "{\"dependencies\": {\"kafkajs\": ",
        );
        assert_eq!(f.warnings.len(), 1);
        for t in [
            "",
            "{",
            "{\"packages\": {\"node_modules/kafkajs\": {\"version\": ",
            "\"node_modules/kafkajs\"",
            "kafkajs@",
            "packages:\n  kafkajs@",
        ] {
            for kind in [DepFile::PackageLock, DepFile::YarnLock, DepFile::PnpmLock] {
                let _ = super::super::extract(kind, Path::new("x.lock"), t);
            }
        }
        // A big lock with the package near the end is still found.
        let mut big = String::from("{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n");
        for i in 0..50_000 {
            big.push_str(&format!(
                "    \"node_modules/pkg-{i}\": {{\n      \"version\": \"1.0.{i}\"\n    }},\n"
            ));
        }
        big.push_str(
            "    \"node_modules/kafkajs\": {\n      \"version\": \"2.1.0\"\n    }\n  }\n}\n",
        );
        let got = deps(DepFile::PackageLock, Path::new("package-lock.json"), &big);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "2.1.0");
    }
}
