//! Python dependency files: `requirements*.txt` (with `-r`/`-c` includes
//! of the same tree), `pyproject.toml` (PEP 621, Poetry, PDM, uv and
//! PEP 735 dependency groups), `Pipfile`, `setup.cfg`, `setup.py`
//! `install_requires=[…]` literals, and the locks `poetry.lock`, `uv.lock`,
//! `Pipfile.lock`. Names are normalised (PEP 503); only the packages
//! versions.toml knows are kept.

use super::{lock_packages, req, text_line, DepFile, Found};
use crate::knowledge::versions::{is_relevant, normalise_pypi};
use crate::model::{Dependency, Ecosystem, VersionReq};
use std::path::Path;

fn dep(name: &str, req: VersionReq, line: u32, locked: bool) -> Option<Dependency> {
    let name = normalise_pypi(name);
    is_relevant(Ecosystem::PyPi, &name)
        .then(|| super::dep(Ecosystem::PyPi, &name, req, line, locked))
}

/// A PEP 508 requirement: `name[extras] (spec) ; marker` or `name @ url`.
fn pep508(text: &str) -> Option<(String, VersionReq)> {
    let text = text.split(';').next()?.trim();
    let name_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(text.len());
    let name = &text[..name_end];
    if name.is_empty() {
        return None;
    }
    let mut rest = text[name_end..].trim_start();
    if let Some(r) = rest.strip_prefix('[') {
        rest = r.split_once(']').map(|(_, r)| r).unwrap_or("").trim_start();
    }
    if rest.starts_with('@') {
        return Some((name.to_string(), VersionReq::Any));
    }
    let spec = rest.trim().trim_start_matches('(').trim_end_matches(')');
    Some((name.to_string(), req::pep440(spec)))
}

/// Most include chains are one or two files deep.
const MAX_INCLUDE_DEPTH: u32 = 5;
const MAX_INCLUDED_BYTES: u64 = 1024 * 1024;

/// `requirements*.txt`: one requirement a line, `\` continuations,
/// `# comments`, options (`--hash`, `-e`), and `-r`/`-c` includes, which
/// are read from disk (relative to the including file) when they stay in
/// the same directory tree.
pub fn requirements(path: &Path, text: &str, found: &mut Found) {
    let mut seen = vec![canonical(path)];
    requirements_at(path, text, found, 0, &mut seen, None);
}

fn canonical(p: &Path) -> std::path::PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn requirements_at(
    path: &Path,
    text: &str,
    found: &mut Found,
    depth: u32,
    seen: &mut Vec<std::path::PathBuf>,
    include_line: Option<u32>,
) {
    let mut logical = String::new();
    let mut start_line = 0u32;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        if logical.is_empty() {
            start_line = line_no;
        }
        let line = match raw.find(" #").or_else(|| raw.starts_with('#').then_some(0)) {
            Some(at) => &raw[..at],
            None => raw,
        };
        if let Some(cont) = line.trim_end().strip_suffix('\\') {
            logical.push_str(cont);
            logical.push(' ');
            continue;
        }
        logical.push_str(line);
        let entry = std::mem::take(&mut logical);
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        // The line reported is the including one when this file was included.
        let at = include_line.unwrap_or(start_line);
        if let Some(target) = include_target(entry) {
            if depth >= MAX_INCLUDE_DEPTH {
                found.warn(format!("requirements includes nested deeper than {MAX_INCLUDE_DEPTH}; {target} not read"));
                continue;
            }
            let Some(dir) = path.parent() else { continue };
            let file = dir.join(target);
            if target.contains("://") || seen.contains(&canonical(&file)) {
                continue;
            }
            seen.push(canonical(&file));
            match super::read_small(&file, MAX_INCLUDED_BYTES) {
                Some(t) => requirements_at(&file, &t, found, depth + 1, seen, Some(at)),
                None => continue,
            }
            continue;
        }
        if entry.starts_with('-') {
            // -e ./local, --index-url …: not a versioned requirement.
            let editable = entry
                .strip_prefix("-e")
                .or_else(|| entry.strip_prefix("--editable"));
            if let Some(e) = editable {
                if let Some(name) = egg_name(e) {
                    found.extend(dep(&name, VersionReq::Any, at, false));
                }
            }
            continue;
        }
        // Options after the requirement (`--hash=sha256:…`).
        let entry = entry.split(" --").next().unwrap_or(entry);
        if let Some((name, req)) = pep508(entry) {
            found.extend(dep(&name, req, at, false));
        }
    }
}

fn include_target(entry: &str) -> Option<&str> {
    for opt in ["-r", "--requirement", "-c", "--constraint"] {
        if let Some(rest) = entry.strip_prefix(opt) {
            let rest = rest.trim_start_matches('=');
            if rest.starts_with([' ', '\t']) || opt.len() == 2 || entry.contains('=') {
                let t = rest.trim();
                if !t.is_empty() && !t.starts_with('-') {
                    return Some(t);
                }
            }
        }
    }
    None
}

/// `-e git+https://…#egg=confluent-kafka` names its package in the fragment.
fn egg_name(spec: &str) -> Option<String> {
    let (_, egg) = spec.split_once("#egg=")?;
    Some(egg.split(['&', ' ', '[']).next()?.to_string())
}

/// Strings of a TOML array: requirement lines with the line they are on.
fn array_reqs(value: &toml::Value, text: &str, found: &mut Found) {
    let Some(items) = value.as_array() else {
        return;
    };
    for item in items {
        let Some(s) = item.as_str() else { continue };
        if let Some((name, req)) = pep508(s) {
            let line = text_line(text, s);
            found.extend(dep(&name, req, line, false));
        }
    }
}

/// A Poetry or Pipfile dependency table: `name = "^1.2"` or
/// `name = { version = "^1.2", extras = […] }` (git/path entries are `Any`).
fn table_reqs(
    table: &toml::Value,
    section: &str,
    text: &str,
    found: &mut Found,
    parse: fn(&str) -> VersionReq,
) {
    let Some(t) = table.as_table() else { return };
    for (name, spec) in t {
        if name == "python" {
            continue;
        }
        let req = match spec {
            toml::Value::String(s) => parse(s),
            toml::Value::Table(t) => match t.get("version").and_then(|v| v.as_str()) {
                Some(s) => parse(s),
                None => VersionReq::Any,
            },
            // Poetry's multiple-constraint form: a list of tables.
            toml::Value::Array(alts) => {
                let reqs: Vec<VersionReq> = alts
                    .iter()
                    .filter_map(|a| a.get("version")?.as_str().map(parse))
                    .collect();
                if reqs.len() == 1 {
                    reqs[0]
                } else {
                    VersionReq::Any
                }
            }
            _ => VersionReq::Any,
        };
        let line = super::key_line_in(text, Some(section), name);
        found.extend(dep(name, req, line, false));
    }
}

fn pipfile_req(spec: &str) -> VersionReq {
    match spec.trim() {
        "*" | "" => VersionReq::Any,
        s => req::pep440(s),
    }
}

fn get<'a>(v: &'a toml::Value, path: &[&str]) -> Option<&'a toml::Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

/// `pyproject.toml`.
pub fn pyproject(text: &str, found: &mut Found) {
    let Some(doc) = super::parse_toml(text, "pyproject.toml", found) else {
        return;
    };
    if let Some(d) = get(&doc, &["project", "dependencies"]) {
        array_reqs(d, text, found);
    }
    for groups in [
        get(&doc, &["project", "optional-dependencies"]),
        get(&doc, &["dependency-groups"]),
        get(&doc, &["tool", "pdm", "dev-dependencies"]),
    ]
    .into_iter()
    .flatten()
    {
        if let Some(t) = groups.as_table() {
            for g in t.values() {
                array_reqs(g, text, found);
            }
        }
    }
    if let Some(d) = get(&doc, &["tool", "uv", "dev-dependencies"]) {
        array_reqs(d, text, found);
    }
    let poetry = get(&doc, &["tool", "poetry"]);
    if let Some(p) = poetry {
        for t in ["dependencies", "dev-dependencies"] {
            if let Some(d) = p.get(t) {
                table_reqs(d, &format!("tool.poetry.{t}"), text, found, req::poetry);
            }
        }
        if let Some(groups) = p.get("group").and_then(|g| g.as_table()) {
            for (name, g) in groups {
                if let Some(d) = g.get("dependencies") {
                    let section = format!("tool.poetry.group.{name}.dependencies");
                    table_reqs(d, &section, text, found, req::poetry);
                }
            }
        }
    }
}

/// `Pipfile` (TOML).
pub fn pipfile(text: &str, found: &mut Found) {
    let Some(doc) = super::parse_toml(text, "Pipfile", found) else {
        return;
    };
    for section in ["packages", "dev-packages"] {
        if let Some(t) = doc.get(section) {
            table_reqs(t, section, text, found, pipfile_req);
        }
    }
}

/// `Pipfile.lock` (JSON): `default` and `develop` map names to `==x`.
pub fn pipfile_lock(text: &str, found: &mut Found) {
    let Some(doc) = super::parse_json(text, "Pipfile.lock", found) else {
        return;
    };
    for section in ["default", "develop"] {
        let Some(t) = doc.get(section).and_then(|t| t.as_object()) else {
            continue;
        };
        for (name, entry) in t {
            let Some(v) = entry.get("version").and_then(|v| v.as_str()) else {
                continue;
            };
            let req = req::pep440(v);
            let line = super::json_key_line(text, name);
            found.extend(dep(name, req, line, true));
        }
    }
}

/// `poetry.lock` and `uv.lock`: `[[package]]` tables with name and version.
pub fn toml_lock(text: &str, found: &mut Found) {
    for (name, version, line) in lock_packages(text) {
        let req = super::lock_req(&version);
        found.extend(dep(&name, req, line, true));
    }
}

/// `setup.cfg`: `install_requires` of `[options]` (one requirement a line,
/// or `;`-free lists on the key's line) and `[options.extras_require]`.
pub fn setup_cfg(text: &str, found: &mut Found) {
    let mut section = String::new();
    let mut in_list = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let trimmed = raw.trim();
        if trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if trimmed.starts_with('[') && trimmed.ends_with(']') {
            section = trimmed[1..trimmed.len() - 1].trim().to_string();
            in_list = false;
            continue;
        }
        let indented = raw.starts_with([' ', '\t']);
        if indented && in_list {
            if let Some((name, req)) = pep508(trimmed) {
                found.extend(dep(&name, req, line_no, false));
            }
            continue;
        }
        in_list = false;
        let Some((key, value)) = trimmed.split_once(['=', ':']) else {
            continue;
        };
        let key = key.trim();
        let wanted = (section == "options" && key == "install_requires")
            || section == "options.extras_require";
        if !wanted {
            continue;
        }
        in_list = true;
        let value = value.trim();
        if !value.is_empty() {
            if let Some((name, req)) = pep508(value) {
                found.extend(dep(&name, req, line_no, false));
            }
        }
    }
}

/// `setup.py`: the string literals of `install_requires=[…]` (and of the
/// lists in `extras_require={…}`). Requirements built in code are not seen.
pub fn setup_py(text: &str, found: &mut Found) {
    for key in ["install_requires", "extras_require"] {
        let mut from = 0;
        while let Some(at) = text[from..].find(key) {
            let start = from + at + key.len();
            from = start;
            let rest = text[start..].trim_start();
            let Some(rest) = rest.strip_prefix('=') else {
                continue;
            };
            let rest = rest.trim_start();
            let (open, close) = match rest.chars().next() {
                Some('[') => ('[', ']'),
                Some('{') => ('{', '}'),
                Some('(') => ('(', ')'),
                _ => continue,
            };
            let body_start = text.len() - rest.len();
            let Some(body_len) = balanced(&text[body_start..], open, close) else {
                continue;
            };
            for (s, off) in string_literals(&text[body_start..body_start + body_len]) {
                if let Some((name, req)) = pep508(&s) {
                    let line = super::offset_line(text, body_start + off);
                    found.extend(dep(&name, req, line, false));
                }
            }
        }
    }
}

/// The length of the bracketed text starting at `s[0]`, quotes respected.
fn balanced(s: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut prev = '\0';
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q && prev != '\\' => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == open => depth += 1,
            None if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            None => {}
        }
        prev = c;
    }
    None
}

/// Plain string literals of a Python snippet with their byte offsets.
fn string_literals(s: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let q = b[i];
        if q == b'"' || q == b'\'' {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && b[j] != q && b[j] != b'\n' {
                j += 1;
            }
            if j < b.len() && b[j] == q {
                out.push((s[start..j].to_string(), start));
            }
            i = j + 1;
        } else if q == b'#' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Reads one Python dependency file.
pub fn extract(kind: DepFile, path: &Path, text: &str, found: &mut Found) {
    match kind {
        DepFile::Requirements => requirements(path, text, found),
        DepFile::PyProject => pyproject(text, found),
        DepFile::Pipfile => pipfile(text, found),
        DepFile::PipfileLock => pipfile_lock(text, found),
        DepFile::PoetryLock | DepFile::UvLock => toml_lock(text, found),
        DepFile::SetupCfg => setup_cfg(text, found),
        DepFile::SetupPy => setup_py(text, found),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{deps, row, Row};
    use super::super::DepFile;
    use super::*;

    fn read(kind: DepFile, name: &str, text: &str) -> Vec<Row> {
        deps(kind, Path::new(name), text)
    }

    #[test]
    fn requirements_specifiers_extras_markers_and_comments() {
        let text = "# pinned\nflask==3.0.0\nconfluent_kafka[avro]==2.3.0 ; python_version >= '3.8'  # the client\nkafka-python>=2.0.2,<3 \\\n    --hash=sha256:abc\naiokafka~=0.10\n-e git+https://example.com/x.git#egg=Confluent.Kafka\n";
        assert_eq!(
            read(DepFile::Requirements, "requirements.txt", text),
            vec![
                row("confluent-kafka", "2.3.0", 3, false),
                row("kafka-python", ">=2.0.2, <3.0", 4, false),
                row("aiokafka", ">=0.10.0, <1.0", 6, false),
                row("confluent-kafka", "any", 7, false),
            ]
        );
    }

    #[test]
    fn requirements_follow_includes_in_the_same_tree() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("reqs")).expect("mkdir");
        std::fs::write(
            dir.path().join("reqs/base.txt"),
            "confluent-kafka==2.2.0\n-r ../requirements.txt\n",
        )
        .expect("write");
        let main = dir.path().join("requirements.txt");
        let text = "-r reqs/base.txt\n-c missing.txt\nrequests\n";
        std::fs::write(&main, text).expect("write");
        assert_eq!(
            deps(DepFile::Requirements, &main, text),
            vec![row("confluent-kafka", "2.2.0", 1, false)],
            "an include is reported at the including line, cycles end"
        );
    }

    #[test]
    fn pyproject_pep621_poetry_and_groups() {
        let text = r#"[project]
name = "svc"
dependencies = [
  "confluent-kafka>=2.1",
  "fastapi",
]
[project.optional-dependencies]
legacy = ["kafka-python==2.0.2"]

[dependency-groups]
dev = ["aiokafka>=0.8,<0.11"]

[tool.poetry.dependencies]
python = "^3.11"
confluent-kafka = { version = "^2.3", extras = ["avro"] }

[tool.poetry.group.test.dependencies]
kafka-python = "~2.0"
"#;
        assert_eq!(
            read(DepFile::PyProject, "pyproject.toml", text),
            vec![
                row("confluent-kafka", ">=2.1.0", 4, false),
                row("kafka-python", "2.0.2", 8, false),
                row("aiokafka", ">=0.8.0, <0.11", 11, false),
                row("confluent-kafka", ">=2.3.0, <3.0", 15, false),
                row("kafka-python", ">=2.0.0, <2.1", 18, false),
            ]
        );
    }

    #[test]
    fn locks_are_exact_and_locked() {
        let poetry = "[[package]]\nname = \"confluent-kafka\"\nversion = \"2.3.0\"\ndescription = \"x\"\n\n[[package]]\nname = \"flask\"\nversion = \"3.0.0\"\n";
        assert_eq!(
            read(DepFile::PoetryLock, "poetry.lock", poetry),
            vec![row("confluent-kafka", "2.3.0", 3, true)]
        );
        let pipfile_lock = r#"{"_meta": {}, "default": {"confluent-kafka": {"hashes": [], "version": "==2.2.0"}}, "develop": {}}"#;
        assert_eq!(
            read(DepFile::PipfileLock, "Pipfile.lock", pipfile_lock),
            vec![row("confluent-kafka", "2.2.0", 1, true)]
        );
        let pipfile = "[packages]\nconfluent-kafka = \"*\"\nkafka-python = {version = \">=2.0\"}\n";
        assert_eq!(
            read(DepFile::Pipfile, "Pipfile", pipfile),
            vec![
                row("confluent-kafka", "any", 2, false),
                row("kafka-python", ">=2.0.0", 3, false)
            ]
        );
    }

    #[test]
    fn setup_cfg_and_setup_py() {
        let cfg = "[metadata]\nname = svc\n[options]\ninstall_requires =\n    requests\n    confluent-kafka>=1.9,<3\n[options.extras_require]\nold = kafka-python==2.0.2\n";
        assert_eq!(
            read(DepFile::SetupCfg, "setup.cfg", cfg),
            vec![
                row("confluent-kafka", ">=1.9.0, <3.0", 6, false),
                row("kafka-python", "2.0.2", 8, false)
            ]
        );
        let py = "from setuptools import setup\nsetup(\n    name='svc',\n    install_requires=[\n        'requests',\n        \"confluent-kafka==2.3.0\",  # client\n    ],\n    extras_require={'aio': ['aiokafka>=0.10']},\n)\n";
        assert_eq!(
            read(DepFile::SetupPy, "setup.py", py),
            vec![
                row("confluent-kafka", "2.3.0", 6, false),
                row("aiokafka", ">=0.10.0", 8, false)
            ]
        );
    }

    #[test]
    fn broken_python_files_warn_and_do_not_panic() {
        for (kind, name) in [
            (DepFile::PyProject, "pyproject.toml"),
            (DepFile::Pipfile, "Pipfile"),
            (DepFile::PipfileLock, "Pipfile.lock"),
        ] {
            let f =
                super::super::extract(kind, Path::new(name), "[[[ confluent-kafka \u{0}\u{1} {");
            assert_eq!(f.warnings.len(), 1, "{name}: {:?}", f.warnings);
        }
        for kind in [
            DepFile::Requirements,
            DepFile::SetupCfg,
            DepFile::SetupPy,
            DepFile::PoetryLock,
        ] {
            for t in [
                "confluent-kafka==",
                "install_requires=[\"confluent-kafka",
                "\\",
                "[[package]]\nname = \"confluent-kafka\"\n",
                "-r",
                "confluent-kafka[==",
            ] {
                let _ = super::super::extract(kind, Path::new("requirements.txt"), t);
            }
        }
    }
}
