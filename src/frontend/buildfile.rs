//! Dependency files of every ecosystem: the versions they give the
//! packages that decide a producer's defaults (knowledge/versions.toml
//! names them), so project resolution can look defaults up for the right
//! client. One submodule per ecosystem:
//!
//! * `pom` (`pom.xml`, with parents and BOMs of the same repository),
//!   `gradle` (scripts, version catalogs, `gradle.properties`, root `ext`),
//!   `sbt` (`build.sbt` + `project/*.scala`): Maven coordinates;
//! * `python`: requirements, pyproject, Pipfile, setup.cfg/setup.py, locks;
//! * `gomod`: `go.mod`;
//! * `npm`: `package.json` and its locks;
//! * `nuget`: MSBuild projects, `Directory.Packages.props`, `packages.lock.json`;
//! * `cargo`: `Cargo.toml`, `Cargo.lock`.
//!
//! Each reader returns [`Dependency`] entries with the line of the version
//! (or of the use of a value defined in another file), a
//! [`VersionReq`] (a version that is a variable the reader cannot resolve
//! is `Any`, never a guess) and `locked` for lock files. Broken input gives
//! a warning and whatever could be read.

mod cargo;
mod gomod;
mod gradle;
mod npm;
mod nuget;
mod pom;
mod python;
pub mod req;
mod sbt;

pub use gradle::extract_gradle;
pub use pom::extract_pom;

use crate::model::{BuildVersion, Dependency, Ecosystem, FileFacts, Version, VersionReq};
use std::path::Path;

/// How sure a version is: a direct declaration beats a property override,
/// which beats a version inferred from a sibling artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rank {
    Direct,
    Managed,
    Override,
    Inferred,
}

/// The artifact a Maven coordinate stands for, in [`BuildVersion`] terms:
/// a package of knowledge/versions.toml (Scala suffixes dropped), Spring
/// Boot for every Boot artifact, kafka-clients inferred from Kafka Streams.
pub(crate) fn artifact_of(group: &str, artifact: &str) -> Option<(&'static str, Rank)> {
    let (group, artifact) = (group.trim(), artifact.trim());
    match (group, artifact) {
        (
            "org.springframework.boot",
            "spring-boot-dependencies" | "spring-boot-starter-parent" | "spring-boot-gradle-plugin",
        ) => return Some(("spring-boot", Rank::Direct)),
        // Every Boot artifact shares Boot's version.
        ("org.springframework.boot", a) if a.starts_with("spring-boot") => {
            return Some(("spring-boot", Rank::Inferred))
        }
        // Kafka Streams and the broker jar depend on kafka-clients of their
        // own version.
        ("org.apache.kafka", a) if a == "kafka-streams" || a.starts_with("kafka_2.") => {
            return Some(("kafka-clients", Rank::Inferred))
        }
        _ => {}
    }
    crate::knowledge::versions::maven_artifact(group, artifact).map(|a| (a, Rank::Direct))
}

/// Boot's managed-version properties that override what it manages.
pub(crate) fn boot_override(property: &str) -> Option<&'static str> {
    match property {
        "kafka.version" => Some("kafka-clients"),
        "spring-kafka.version" => Some("spring-kafka"),
        _ => None,
    }
}

/// Keeps the best-ranked version of each artifact, best first (then in file
/// order). A version
/// inferred from Kafka Streams is dropped when Spring Boot is present: Boot's
/// dependency management then decides the kafka-clients version.
pub(crate) fn finish(mut found: Vec<(Rank, BuildVersion)>) -> Vec<BuildVersion> {
    let boot = found
        .iter()
        .any(|(rank, b)| b.name == "spring-boot" && *rank != Rank::Inferred);
    found.retain(|(rank, b)| !(boot && *rank == Rank::Inferred && b.name == "kafka-clients"));
    found.sort_by_key(|(rank, b)| (*rank, b.line));
    let mut out: Vec<BuildVersion> = Vec::new();
    for (_, bv) in found {
        if !out.iter().any(|o| o.name == bv.name) {
            out.push(bv);
        }
    }
    out
}

/// The XML parser recurses per element; deeper documents are read leniently.
/// Compiles a build-file pattern with ASCII classes: `\w`, `\s` and `\b`
/// as written mean their ASCII forms here (build-file names and versions
/// are ASCII). The Unicode forms cost milliseconds to compile each, paid by
/// every scan that reads a build file.
pub(crate) fn ascii_regex(pattern: &str) -> regex::Regex {
    const WS: &str = "\\t\\n\\x0B\\x0C\\r ";
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut in_class = false;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('w') if in_class => out.push_str("0-9A-Za-z_"),
                Some('w') => out.push_str("[0-9A-Za-z_]"),
                Some('s') if in_class => out.push_str(WS),
                Some('s') => {
                    out.push('[');
                    out.push_str(WS);
                    out.push(']');
                }
                Some('b') if !in_class => out.push_str("(?-u:\\b)"),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // `[]…]` and `[^]…]`: a leading `]` is literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    regex::Regex::new(&out).expect("valid regex")
}

pub(crate) const MAX_XML_DEPTH: usize = 256;

/// An upper bound of the element nesting of XML text, found without parsing:
/// a start tag opens a level, an end tag closes one, `<x/>` does neither.
pub(crate) fn nesting_depth(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    for i in memchr::memchr_iter(b'<', b) {
        match b.get(i + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(b'?' | b'!') | None => {}
            Some(_) => {
                let self_closing = memchr::memchr(b'>', &b[i..])
                    .is_some_and(|end| end > 0 && b[i + end - 1] == b'/');
                if !self_closing {
                    depth += 1;
                    max = max.max(depth);
                }
            }
        }
    }
    max
}

/// The dependency files other than `pom.xml` and Gradle scripts (which
/// have [`super::FileKind`]s of their own), recognised by exact file name
/// (project files by extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DepFile {
    /// `build.sbt`
    Sbt,
    /// `requirements*.txt`, `*-requirements.txt`
    Requirements,
    PyProject,
    Pipfile,
    PipfileLock,
    PoetryLock,
    UvLock,
    SetupCfg,
    SetupPy,
    GoMod,
    PackageJson,
    /// `package-lock.json`, `npm-shrinkwrap.json`
    PackageLock,
    YarnLock,
    PnpmLock,
    /// `*.csproj`, `*.fsproj`, `*.vbproj`
    MsBuildProject,
    /// `Directory.Packages.props`
    PackagesProps,
    /// `packages.lock.json`
    NuGetLock,
    CargoToml,
    CargoLock,
}

impl DepFile {
    /// The dependency file a bare file name is, if any.
    pub fn of_name(name: &str) -> Option<DepFile> {
        let kind = match name {
            "build.sbt" => DepFile::Sbt,
            "pyproject.toml" => DepFile::PyProject,
            "Pipfile" => DepFile::Pipfile,
            "Pipfile.lock" => DepFile::PipfileLock,
            "poetry.lock" => DepFile::PoetryLock,
            "uv.lock" => DepFile::UvLock,
            "setup.cfg" => DepFile::SetupCfg,
            "setup.py" => DepFile::SetupPy,
            "go.mod" => DepFile::GoMod,
            "package.json" => DepFile::PackageJson,
            "package-lock.json" | "npm-shrinkwrap.json" => DepFile::PackageLock,
            "yarn.lock" => DepFile::YarnLock,
            "pnpm-lock.yaml" => DepFile::PnpmLock,
            "Directory.Packages.props" => DepFile::PackagesProps,
            "packages.lock.json" => DepFile::NuGetLock,
            "Cargo.toml" => DepFile::CargoToml,
            "Cargo.lock" => DepFile::CargoLock,
            _ => {
                let (stem, ext) = name.rsplit_once('.')?;
                return match ext {
                    "csproj" | "fsproj" | "vbproj" => Some(DepFile::MsBuildProject),
                    "txt" if stem.starts_with("requirements") || stem.ends_with("requirements") => {
                        Some(DepFile::Requirements)
                    }
                    _ => None,
                };
            }
        };
        Some(kind)
    }

    /// The ecosystem whose packages the file names.
    pub fn ecosystem(self) -> Ecosystem {
        match self {
            DepFile::Sbt => Ecosystem::Maven,
            DepFile::Requirements
            | DepFile::PyProject
            | DepFile::Pipfile
            | DepFile::PipfileLock
            | DepFile::PoetryLock
            | DepFile::UvLock
            | DepFile::SetupCfg
            | DepFile::SetupPy => Ecosystem::PyPi,
            DepFile::GoMod => Ecosystem::Go,
            DepFile::PackageJson | DepFile::PackageLock | DepFile::YarnLock | DepFile::PnpmLock => {
                Ecosystem::Npm
            }
            DepFile::MsBuildProject | DepFile::PackagesProps | DepFile::NuGetLock => {
                Ecosystem::NuGet
            }
            DepFile::CargoToml | DepFile::CargoLock => Ecosystem::Cargo,
        }
    }

    /// Lock files: machine-written, possibly huge, read with a targeted
    /// search where a full parse would cost too much.
    pub fn is_lock(self) -> bool {
        matches!(
            self,
            DepFile::PipfileLock
                | DepFile::PoetryLock
                | DepFile::UvLock
                | DepFile::PackageLock
                | DepFile::YarnLock
                | DepFile::PnpmLock
                | DepFile::NuGetLock
                | DepFile::CargoLock
        )
    }
}

/// What a reader found: dependencies and warnings.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub deps: Vec<Dependency>,
    pub warnings: Vec<String>,
}

impl Found {
    pub fn extend(&mut self, d: Option<Dependency>) {
        self.deps.extend(d);
    }

    pub fn warn(&mut self, w: String) {
        self.warnings.push(w);
    }
}

/// A dependency of `ecosystem`.
pub(crate) fn dep(
    ecosystem: Ecosystem,
    name: &str,
    req: VersionReq,
    line: u32,
    locked: bool,
) -> Dependency {
    Dependency {
        ecosystem,
        name: name.to_string(),
        req,
        line,
        locked,
    }
}

/// Parses a JSON dependency file, or warns that `what` was not read.
pub(crate) fn parse_json(text: &str, what: &str, found: &mut Found) -> Option<serde_json::Value> {
    match serde_json::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            found.warn(format!("{what} is not valid JSON ({e}); it was not read"));
            None
        }
    }
}

/// Parses a TOML dependency file, or warns that `what` was not read.
pub(crate) fn parse_toml(text: &str, what: &str, found: &mut Found) -> Option<toml::Value> {
    match toml::from_str::<toml::Value>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let msg = e.message().to_string();
            found.warn(format!("{what} is not valid TOML ({msg}); it was not read"));
            None
        }
    }
}

/// Reads one dependency file. Never panics on bad input.
pub fn extract(kind: DepFile, path: &Path, text: &str) -> FileFacts {
    let mut found = Found::default();
    // A file that names no relevant package is not parsed (sbt builds and
    // requirements are always read: their versions or includes may live
    // in other files).
    // npm locks are searched for the exact keys directly (SIMD memmem),
    // which is cheaper than the case-insensitive word search.
    let relevant = matches!(
        kind,
        DepFile::Sbt
            | DepFile::Requirements
            | DepFile::PackageLock
            | DepFile::YarnLock
            | DepFile::PnpmLock
    ) || crate::knowledge::versions::mentions_any(kind.ecosystem(), text.as_bytes());
    if relevant {
        match kind {
            DepFile::Sbt => sbt::extract(path, text, &mut found),
            DepFile::GoMod => gomod::extract(text, &mut found),
            DepFile::PackageJson => npm::package_json(text, &mut found),
            DepFile::PackageLock => npm::package_lock(text, &mut found),
            DepFile::YarnLock => npm::yarn_lock(text, &mut found),
            DepFile::PnpmLock => npm::pnpm_lock(text, &mut found),
            DepFile::MsBuildProject => nuget::project(path, text, false, &mut found),
            DepFile::PackagesProps => nuget::project(path, text, true, &mut found),
            DepFile::NuGetLock => nuget::packages_lock(text, &mut found),
            DepFile::CargoToml => cargo::manifest(path, text, &mut found),
            DepFile::CargoLock => cargo::lock(text, &mut found),
            _ => python::extract(kind, path, text, &mut found),
        }
    }
    FileFacts {
        build_versions: found.deps,
        warnings: found.warnings,
        ..FileFacts::default()
    }
}

/// A small file read from disk for a reader (a parent pom, an included
/// requirements file, a version catalog), or `None` when it is missing,
/// not a file, larger than `max` bytes or not UTF-8.
pub(crate) fn read_small(path: &Path, max: u64) -> Option<String> {
    String::from_utf8(crate::source::read_bounded(path, max)?).ok()
}

/// 1-based line of a byte offset.
pub(crate) fn offset_line(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    memchr::memchr_iter(b'\n', &text.as_bytes()[..end]).count() as u32 + 1
}

/// The line of the first occurrence of `needle` (line 1 when absent).
pub(crate) fn text_line(text: &str, needle: &str) -> u32 {
    text.find(needle).map_or(1, |at| offset_line(text, at))
}

/// The line where a TOML key is set (`key = …`, `"key" = …`, `key.x = …`,
/// a `[section.key]` header), within the table `[section]` when it is
/// given, else (or when not found there) its first occurrence anywhere.
pub(crate) fn key_line_in(text: &str, section: Option<&str>, key: &str) -> u32 {
    if let Some(sec) = section {
        let header = format!("[{sec}]");
        let mut inside = false;
        for (i, line) in text.lines().enumerate() {
            let t = line.trim();
            if t.starts_with('[') {
                inside = t == header;
                if t == format!("[{sec}.{key}]") {
                    return i as u32 + 1;
                }
                continue;
            }
            if inside {
                let rest = t
                    .strip_prefix(key)
                    .or_else(|| t.strip_prefix(&format!("\"{key}\"")))
                    .or_else(|| t.strip_prefix(&format!("'{key}'")));
                if rest.is_some_and(|r| r.trim_start().starts_with(['=', '.'])) {
                    return i as u32 + 1;
                }
            }
        }
    }
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let rest = t
            .strip_prefix(key)
            .or_else(|| t.strip_prefix(&format!("\"{key}\"")))
            .or_else(|| t.strip_prefix(&format!("'{key}'")));
        if let Some(rest) = rest {
            if rest.trim_start().starts_with(['=', '.']) {
                return i as u32 + 1;
            }
        }
        if t.starts_with('[') && t.trim_end().ends_with(&format!(".{key}]")) {
            return i as u32 + 1;
        }
    }
    1
}

/// The line of a JSON object key `"key":`.
pub(crate) fn json_key_line(text: &str, key: &str) -> u32 {
    let pat = format!("\"{key}\"");
    let mut from = 0;
    while let Some(at) = text[from..].find(&pat) {
        let at = from + at;
        let after = text[at + pat.len()..].trim_start();
        if after.starts_with(':') {
            return offset_line(text, at);
        }
        from = at + pat.len();
    }
    1
}

/// `[[package]]` tables of a TOML lock (poetry.lock, uv.lock, Cargo.lock):
/// (name, version, line of the version), read line by line so a large lock
/// costs no parse.
pub(crate) fn lock_packages(text: &str) -> Vec<(String, String, u32)> {
    let mut out = Vec::new();
    let mut in_package = false;
    let mut name: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            in_package = t == "[[package]]";
            name = None;
            continue;
        }
        if !in_package {
            continue;
        }
        let Some((k, v)) = t.split_once('=') else {
            continue;
        };
        let v = v.trim().trim_matches('"');
        match k.trim() {
            "name" => name = Some(v.to_string()),
            "version" => {
                if let Some(n) = name.take() {
                    out.push((n, v.to_string(), i as u32 + 1));
                }
            }
            _ => {}
        }
    }
    out
}

/// A locked version: exact when it reads as one.
pub(crate) fn lock_req(v: &str) -> VersionReq {
    let v = v.trim().trim_start_matches("==");
    match Version::parse(v) {
        Some(ver) if v.starts_with(|c: char| c.is_ascii_digit() || c == 'v') => {
            VersionReq::Exact(ver)
        }
        _ => VersionReq::Any,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn ascii_patterns_match_like_their_unicode_forms_on_build_files() {
        let patterns = [
            r#"\b(?:val|var|def)\s+([A-Za-z_]\w*)\s*=\s*["']([^"'\n]*)["']"#,
            r#"["']([\w.\-]+):([\w.\-]+):([^"'\s:@$]+)["']"#,
            r"[^\s]+",
            r"[]\w]+",
        ];
        let inputs = [
            "val kafkaVersion = \"3.6.1\"",
            "def  x_1 = '2.8.1'\n",
            "implementation 'org.apache.kafka:kafka-clients:3.7.0'",
            "  tabs\tand\r\nspaces ]x]",
        ];
        for p in patterns {
            let a = super::ascii_regex(p);
            let u = regex::Regex::new(p).unwrap();
            for t in inputs {
                let ca: Vec<&str> = a.find_iter(t).map(|m| m.as_str()).collect();
                let cu: Vec<&str> = u.find_iter(t).map(|m| m.as_str()).collect();
                assert_eq!(ca, cu, "{p} on {t:?}");
            }
        }
        // Only ASCII counts as a word character.
        assert!(!super::ascii_regex(r"^\w+$").is_match("Größe"));
    }

    /// (name, requirement as text, line, locked).
    pub type Row = (String, String, u32, bool);

    pub fn req_text(r: &VersionReq) -> String {
        match r {
            VersionReq::Exact(v) => v.to_string(),
            VersionReq::Range { min, max } => req::describe(*min, *max),
            VersionReq::Any => "any".to_string(),
        }
    }

    pub fn row(name: &str, req: &str, line: u32, locked: bool) -> Row {
        (name.to_string(), req.to_string(), line, locked)
    }

    pub fn deps(kind: DepFile, path: &Path, text: &str) -> Vec<Row> {
        let f = extract(kind, path, text);
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
        f.build_versions
            .iter()
            .map(|d| (d.name.clone(), req_text(&d.req), d.line, d.locked))
            .collect()
    }

    #[test]
    fn file_names() {
        for (name, kind) in [
            ("requirements.txt", Some(DepFile::Requirements)),
            ("requirements-dev.txt", Some(DepFile::Requirements)),
            ("dev-requirements.txt", Some(DepFile::Requirements)),
            ("notes.txt", None),
            ("Orders.Api.csproj", Some(DepFile::MsBuildProject)),
            ("package.json", Some(DepFile::PackageJson)),
            ("tsconfig.json", None),
            ("Cargo.lock", Some(DepFile::CargoLock)),
            ("go.sum", None),
            ("build.sbt", Some(DepFile::Sbt)),
        ] {
            assert_eq!(DepFile::of_name(name), kind, "{name}");
        }
        assert!(DepFile::PackageLock.is_lock());
        assert!(!DepFile::PackageJson.is_lock());
    }

    #[test]
    fn files_naming_no_client_are_not_parsed() {
        let f = extract(DepFile::PackageJson, Path::new("package.json"), "{ broken");
        assert!(f.warnings.is_empty() && f.build_versions.is_empty());
    }

    #[test]
    fn binary_and_huge_inputs_complete() {
        let binary: String = (0u8..=255)
            .map(char::from)
            .cycle()
            .take(100_000)
            .collect::<String>()
            + " kafka rdkafka Confluent.Kafka sarama";
        let huge = "kafka confluent-kafka==1.0 rdkafka kafkajs sarama ".repeat(100_000);
        for name in [
            "requirements.txt",
            "pyproject.toml",
            "Pipfile",
            "Pipfile.lock",
            "poetry.lock",
            "setup.cfg",
            "setup.py",
            "go.mod",
            "package.json",
            "package-lock.json",
            "yarn.lock",
            "pnpm-lock.yaml",
            "A.csproj",
            "Directory.Packages.props",
            "packages.lock.json",
            "Cargo.toml",
            "Cargo.lock",
            "build.sbt",
        ] {
            let kind = DepFile::of_name(name).expect("a dependency file");
            let started = std::time::Instant::now();
            let b = extract(kind, Path::new(name), &binary);
            let h = extract(kind, Path::new(name), &huge);
            assert!(
                started.elapsed().as_secs() < 20,
                "{name} is slow on bad input"
            );
            // Structured formats say they could not be read; line formats
            // simply find nothing they recognise.
            let structured = matches!(
                kind,
                DepFile::PyProject
                    | DepFile::Pipfile
                    | DepFile::PipfileLock
                    | DepFile::PackageJson
                    | DepFile::PackageLock
                    | DepFile::MsBuildProject
                    | DepFile::PackagesProps
                    | DepFile::NuGetLock
                    | DepFile::CargoToml
            );
            if structured {
                assert_eq!(b.warnings.len(), 1, "{name}: {:?}", b.warnings);
                assert_eq!(h.warnings.len(), 1, "{name}: {:?}", h.warnings);
            }
            assert!(b.build_versions.len() < 10 && h.build_versions.len() < 100_000);
        }
    }
}
