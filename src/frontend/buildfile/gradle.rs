//! Gradle build scripts (Groovy `build.gradle` and Kotlin `build.gradle.kts`),
//! read with patterns over the script with its comments blanked out:
//!
//! * string coordinates: `implementation("org.apache.kafka:kafka-clients:3.6.1")`,
//!   `platform(…spring-boot-dependencies:3.2.0)`, `classpath …spring-boot-gradle-plugin:…`;
//! * map notation: `group: 'org.apache.kafka', name: 'kafka-clients', version: '2.8.1'`;
//! * the Boot plugin: `id("org.springframework.boot") version "3.2.0"`;
//! * variables of the same file used as `$name`, `${name}`,
//!   `${property("name")}`: `val`/`def` declarations, `ext { name = … }`,
//!   `ext.name = …`, `ext['kafka.version'] = …`, `extra["…"] = …`,
//!   `set("kafka.version", …)`, `val name by extra("…")`;
//! * Boot's `kafka.version` / `spring-kafka.version` overrides.

mod catalog;

use super::{artifact_of, boot_override, finish, read_small, req, Rank};
use crate::model::{BuildVersion, Dependency, FileFacts, Version, VersionReq};
use crate::source::LineIndex;
use regex::Regex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

fn re(pattern: &str) -> Regex {
    super::ascii_regex(pattern)
}

/// A quoted string's body: no quotes, no line break.
const STR: &str = r#"["']([^"'\n]*)["']"#;

static COORDINATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"["']([\w.\-]+):([\w.\-]+):((?:\$\{[^}\n]*\}|\$\w+|[^"'\s:@$])+)(?::[^"'\s]*)?(?:@\w+)?["']"#,
    )
});
static MAP_NOTATION: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"\bgroup\s*[:=]\s*["']([\w.\-]+)["']\s*,\s*name\s*[:=]\s*["']([\w.\-]+)["']\s*,\s*version\s*[:=]\s*{STR}"#
    ))
});
/// Kotlin's positional form: `implementation("org.apache.kafka", "kafka-clients", "3.6.1")`.
static POSITIONAL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"\(\s*["']([\w.\-]+)["']\s*,\s*["']([\w.\-]+)["']\s*,\s*{STR}\s*\)"#
    ))
});
static BOOT_PLUGIN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"\bid\s*\(?\s*["']org\.springframework\.boot["']\s*\)?\s*version\s*\(?\s*{STR}"#
    ))
});
/// Variable definitions; group 1 is the name, group 2 the value.
static VARIABLES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        // val kafkaVersion = "3.1.0" / def kafkaVersion = '3.1.0' / String v = "…"
        re(&format!(
            r#"\b(?:val|var|def|String)\s+([A-Za-z_]\w*)\s*(?::\s*String\s*)?=\s*{STR}"#
        )),
        // ext.kafkaVersion = '3.1.0'
        re(&format!(
            r#"\b(?:ext|extra)\s*\.\s*([A-Za-z_]\w*)\s*=\s*{STR}"#
        )),
        // ext['kafka.version'] = '3.6.1' / extra["kafka.version"] = "3.6.1"
        re(&format!(
            r#"\b(?:ext|extra)\s*\[\s*["']([\w.\-]+)["']\s*\]\s*=\s*{STR}"#
        )),
        // set("kafka.version", "3.6.1")
        re(&format!(
            r#"\bset\s*\(\s*["']([\w.\-]+)["']\s*,\s*{STR}\s*\)"#
        )),
        // val kafkaVersion by extra("3.1.0")
        re(&format!(
            r#"\bval\s+([A-Za-z_]\w*)\s+by\s+extra\s*\(\s*{STR}\s*\)"#
        )),
        // kafkaVersion = '3.1.0' at the start of a line or after `{` / `;` (ext blocks)
        re(&format!(
            r#"(?m)(?:^|[{{;])[ \t]*([A-Za-z_]\w*)\s*=\s*{STR}"#
        )),
    ]
});
static QUOTED_NAME: LazyLock<Regex> = LazyLock::new(|| re(r#"["']([\w.\-]+)["']"#));

/// The script with `//` and `/* */` comments replaced by spaces (line
/// breaks kept), so byte offsets and lines stay those of the original.
pub(super) fn strip_comments(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut j = i;
                while j < b.len() && !(b[j] == b'*' && b.get(j + 1) == Some(&b'/')) {
                    j += 1;
                }
                let end = (j + 2).min(b.len());
                for (k, byte) in out.iter_mut().enumerate().take(end).skip(i) {
                    if b[k] != b'\n' {
                        *byte = b' ';
                    }
                }
                i = end;
            }
            q @ (b'"' | b'\'') => i = skip_string(b, i, q),
            _ => i += 1,
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// The index just after the string literal starting at `b[start]`.
fn skip_string(b: &[u8], start: usize, q: u8) -> usize {
    let triple = b.get(start + 1) == Some(&q) && b.get(start + 2) == Some(&q);
    let mut i = start + if triple { 3 } else { 1 };
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' if !triple => return i,
            b'$' if q == b'"' && b.get(i + 1) == Some(&b'{') => {
                // `${…}` may hold quotes of its own.
                let mut depth = 0;
                while i < b.len() {
                    match b[i] {
                        b'{' => depth += 1,
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        b'\n' => break,
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            c if c == q => {
                if !triple {
                    return i + 1;
                }
                if b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
                    return i + 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    b.len()
}

type Vars = HashMap<String, (String, usize)>;

/// The offset recorded for a variable defined outside the script.
const ELSEWHERE: usize = usize::MAX;

/// `gradle.properties` beside the script bigger than this is not read.
const MAX_GRADLE_PROPERTIES: u64 = 256 * 1024;

/// Project properties from the `gradle.properties` of `dir`, which Gradle
/// exposes to the project's scripts as variables (`$kafkaVersion`).
fn gradle_properties(dir: &Path) -> Vars {
    let mut vars = Vars::new();
    let Some(text) = read_small(&dir.join("gradle.properties"), MAX_GRADLE_PROPERTIES) else {
        return vars;
    };
    for pair in crate::frontend::properties::parse(&text)
        .into_iter()
        .flatten()
    {
        vars.insert(pair.key, (pair.value, ELSEWHERE));
    }
    vars
}

fn variables(code: &str) -> Vars {
    let mut defs: Vec<(usize, String, String)> = Vec::new();
    for r in VARIABLES.iter() {
        for c in r.captures_iter(code) {
            if let (Some(name), Some(value)) = (c.get(1), c.get(2)) {
                defs.push((
                    value.start(),
                    name.as_str().to_string(),
                    value.as_str().to_string(),
                ));
            }
        }
    }
    // Later definitions win.
    defs.sort_by_key(|d| d.0);
    let mut vars = Vars::new();
    for (at, name, value) in defs {
        vars.insert(name, (value, at));
    }
    vars
}

/// The variable a `${…}` expression reads: `name`, `property("name")`,
/// `extra["name"]`, `rootProject.ext.name`.
fn reference_name(expr: &str) -> Option<String> {
    let expr = expr.trim();
    // A version catalog's `libs.versions.kafka.get()` (or without `.get()`).
    let plain = expr.trim_end_matches(".get()");
    if plain.contains(".versions.") {
        return Some(plain.to_string());
    }
    if let Some(c) = QUOTED_NAME.captures(expr) {
        return c.get(1).map(|m| m.as_str().to_string());
    }
    let last = expr.rsplit('.').next()?;
    let ident = !last.is_empty()
        && last.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !last.starts_with(|c: char| c.is_ascii_digit());
    ident.then(|| last.to_string())
}

/// Resolves `$name` / `${…}` in a version text. Returns the version text and
/// the offset of the text that holds it (the variable's value when the whole
/// version is one reference).
fn resolve(text: &str, at: usize, vars: &Vars, depth: u32) -> Option<(String, usize)> {
    if !text.contains('$') {
        return Some((text.to_string(), at));
    }
    if depth > 8 {
        return None;
    }
    let single = if let Some(inner) = text.strip_prefix("${").and_then(|t| t.strip_suffix('}')) {
        (!inner.contains('}')).then_some(inner)
    } else {
        text.strip_prefix('$')
            .filter(|n| n.chars().all(|c| c.is_alphanumeric() || c == '_'))
    };
    if let Some(expr) = single {
        let (v, vat) = vars.get(&reference_name(expr)?)?;
        // A value from gradle.properties is located at its use in the script.
        let vat = if *vat == ELSEWHERE { at } else { *vat };
        return resolve(v, vat, vars, depth + 1);
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (expr, next) = if let Some(body) = after.strip_prefix('{') {
            let end = body.find('}')?;
            (&body[..end], &body[end + 1..])
        } else {
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        let (v, _) = vars.get(&reference_name(expr)?)?;
        out.push_str(&resolve(v, at, vars, depth + 1)?.0);
        rest = next;
    }
    out.push_str(rest);
    Some((out, at))
}

/// The requirement a version text gives once its variables are resolved:
/// a plain version, a range or dynamic version, or `Any` when a variable
/// cannot be resolved. The line is that of the text holding the value.
fn version_at(
    text: &str,
    at: usize,
    vars: &Vars,
    idx: &LineIndex<'_>,
    artifact: &str,
) -> BuildVersion {
    let (req, vat) = match resolve(text, at, vars, 0) {
        Some((value, vat)) => (req::maven(&value), vat),
        None => (VersionReq::Any, at),
    };
    Dependency {
        req,
        line: idx.position(vat).0,
        ..Dependency::maven(artifact, Version::default(), 0)
    }
}

/// How far up a multi-project build's root is looked for.
const MAX_ROOT_DEPTH: usize = 16;

/// The root project's directory: the nearest directory at or above the
/// script's with a settings script (the script's own directory otherwise).
fn root_dir(script: &Path) -> Option<PathBuf> {
    let dir = script.parent()?;
    dir.ancestors()
        .take(MAX_ROOT_DEPTH)
        .find(|d| d.join("settings.gradle").is_file() || d.join("settings.gradle.kts").is_file())
        .map(Path::to_path_buf)
}

/// Variables defined outside the script: its own `gradle.properties`, then
/// the root project's, then the root build script's `ext`/`extra` values.
fn outside_vars(script: &Path, root: Option<&Path>) -> Vars {
    let mut vars = Vars::new();
    let dir = script.parent().unwrap_or(Path::new(""));
    let mut dirs = vec![dir.to_path_buf()];
    if let Some(r) = root.filter(|r| *r != dir) {
        dirs.push(r.to_path_buf());
    }
    for d in &dirs {
        for (name, value) in gradle_properties(d) {
            vars.entry(name).or_insert(value);
        }
    }
    if let Some(r) = root.filter(|r| *r != dir) {
        for name in ["build.gradle", "build.gradle.kts"] {
            if let Some(text) = read_small(&r.join(name), MAX_GRADLE_PROPERTIES * 4) {
                for (k, (v, _)) in variables(&strip_comments(&text)) {
                    vars.entry(k).or_insert((v, ELSEWHERE));
                }
            }
        }
    }
    vars
}

static TWO_PART: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"\b(?:implementation|api|compileOnly|runtimeOnly|compile|testImplementation)\s*\(?\s*(?:platform\s*\(\s*)?["']([\w.\-]+):([\w.\-]+)["']"#,
    )
});

/// Versions declared by a Gradle build script.
pub fn extract_gradle(path: &Path, text: &str) -> FileFacts {
    let code = strip_comments(text);
    let idx = LineIndex::new(text);
    let mut vars = variables(&code);
    let root = root_dir(path);
    let catalogs = catalog::catalogs(root.as_deref().or(path.parent()));
    for c in &catalogs {
        for (name, value) in &c.versions {
            vars.insert(
                format!("{}.versions.{name}", c.name),
                (value.clone(), ELSEWHERE),
            );
        }
    }
    if code.contains('$') || code.contains("rootProject") {
        for (name, value) in outside_vars(path, root.as_deref()) {
            vars.entry(name).or_insert(value);
        }
    }
    let mut found: Vec<(Rank, BuildVersion)> = Vec::new();
    // Coordinates written without a version: (artifact, rank, offset).
    let mut versionless: Vec<(&'static str, Rank, usize)> = Vec::new();

    let mut coordinate = |group: &str, name: &str, version: regex::Match<'_>| {
        if let Some((artifact, rank)) = artifact_of(group, name) {
            let bv = version_at(version.as_str(), version.start(), &vars, &idx, artifact);
            found.push((rank, bv));
        }
    };
    for c in COORDINATE.captures_iter(&code) {
        if let (Some(g), Some(n), Some(v)) = (c.get(1), c.get(2), c.get(3)) {
            coordinate(g.as_str(), n.as_str(), v);
        }
    }
    for c in MAP_NOTATION
        .captures_iter(&code)
        .chain(POSITIONAL.captures_iter(&code))
    {
        if let (Some(g), Some(n), Some(v)) = (c.get(1), c.get(2), c.get(3)) {
            coordinate(g.as_str(), n.as_str(), v);
        }
    }
    for c in BOOT_PLUGIN.captures_iter(&code) {
        if let Some(v) = c.get(1) {
            let bv = version_at(v.as_str(), v.start(), &vars, &idx, "spring-boot");
            found.push((Rank::Direct, bv));
        }
    }
    for c in TWO_PART.captures_iter(&code) {
        if let (Some(g), Some(n)) = (c.get(1), c.get(2)) {
            if let Some((artifact, rank)) = artifact_of(g.as_str(), n.as_str()) {
                versionless.push((artifact, rank, g.start()));
            }
        }
    }
    for cat in &catalogs {
        for (lib, at) in cat.uses(&code) {
            let line = idx.position(at).0;
            match lib {
                catalog::Use::Library {
                    group,
                    artifact,
                    version,
                } => {
                    let Some((name, rank)) = artifact_of(&group, &artifact) else {
                        continue;
                    };
                    match version {
                        Some(v) => {
                            let req = req::maven(&v);
                            found.push((
                                rank,
                                Dependency {
                                    req,
                                    line,
                                    ..Dependency::maven(name, Version::default(), 0)
                                },
                            ));
                        }
                        None => versionless.push((name, rank, at)),
                    }
                }
                catalog::Use::BootPlugin(version) => {
                    let req = version.as_deref().map_or(VersionReq::Any, req::maven);
                    found.push((
                        Rank::Direct,
                        Dependency {
                            req,
                            line,
                            ..Dependency::maven("spring-boot", Version::default(), 0)
                        },
                    ));
                }
            }
        }
    }
    let boot = found
        .iter()
        .any(|(rank, b)| b.name == "spring-boot" && *rank == Rank::Direct);
    // A versionless dependency is managed by something: Boot (whose maps
    // decide), or a platform this script does not show (unknown).
    if !boot {
        for (artifact, rank, at) in versionless {
            found.push((
                rank,
                Dependency {
                    req: VersionReq::Any,
                    line: idx.position(at).0,
                    ..Dependency::maven(artifact, Version::default(), 0)
                },
            ));
        }
    }
    if boot {
        for (name, (value, at)) in &vars {
            if *at == ELSEWHERE {
                continue;
            }
            if let Some(artifact) = boot_override(name) {
                let bv = version_at(value, *at, &vars, &idx, artifact);
                if !matches!(bv.req, VersionReq::Any) {
                    found.push((Rank::Override, bv));
                }
            }
        }
    }
    FileFacts {
        build_versions: finish(found),
        ..FileFacts::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versions(name: &str, text: &str) -> Vec<(String, String, u32)> {
        extract_gradle(Path::new(name), text)
            .build_versions
            .into_iter()
            .map(|b| {
                (
                    b.name.clone(),
                    crate::frontend::buildfile::tests::req_text(&b.req),
                    b.line,
                )
            })
            .collect()
    }

    fn bv(a: &str, v: &str, line: u32) -> (String, String, u32) {
        (a.to_string(), v.to_string(), line)
    }

    #[test]
    fn kotlin_dsl_with_plugin_and_coordinates() {
        let text = r#"plugins {
    id("org.springframework.boot") version "3.2.0"
    kotlin("jvm") version "1.9.22"
}
repositories { maven { url = uri("https://repo.example.com/maven") } }
dependencies {
    implementation("org.apache.kafka:kafka-clients:3.6.1")
    // implementation("org.springframework.kafka:spring-kafka:2.0.0")
    /* implementation("org.apache.kafka:kafka-clients:1.0.0") */
}
"#;
        assert_eq!(
            versions("build.gradle.kts", text),
            vec![
                bv("spring-boot", "3.2.0", 2),
                bv("kafka-clients", "3.6.1", 7)
            ]
        );
    }

    #[test]
    fn groovy_map_notation_and_plugin() {
        let text = "plugins {\n  id 'org.springframework.boot' version '2.7.5'\n}\ndependencies {\n  implementation 'org.springframework.kafka:spring-kafka:2.8.0'\n  implementation group: 'org.apache.kafka', name: 'kafka-clients', version: '2.8.1'\n}\n";
        assert_eq!(
            versions("build.gradle", text),
            vec![
                bv("spring-boot", "2.7.5", 2),
                bv("spring-kafka", "2.8.0", 5),
                bv("kafka-clients", "2.8.1", 6)
            ]
        );
    }

    #[test]
    fn kotlin_positional_and_named_arguments() {
        let text = "dependencies {\n    implementation(\"org.apache.kafka\", \"kafka-clients\", \"2.7.2\")\n    implementation(group = \"org.springframework.kafka\", name = \"spring-kafka\", version = \"2.6.4\")\n}\n";
        assert_eq!(
            versions("build.gradle.kts", text),
            vec![
                bv("kafka-clients", "2.7.2", 2),
                bv("spring-kafka", "2.6.4", 3)
            ]
        );
    }

    #[test]
    fn variables_and_interpolation() {
        let text = r#"ext {
    kafkaVersion = '3.1.0'
}
def skVersion = "2.9.1"
dependencies {
    implementation "org.apache.kafka:kafka-clients:$kafkaVersion"
    implementation "org.springframework.kafka:spring-kafka:${skVersion}"
}
"#;
        assert_eq!(
            versions("build.gradle", text),
            vec![
                bv("kafka-clients", "3.1.0", 2),
                bv("spring-kafka", "2.9.1", 4)
            ]
        );
        let kts = r#"val kafkaVersion: String by project
val skVersion by extra("3.0.4")
dependencies {
    implementation("org.apache.kafka:kafka-clients:${property("kafkaVersion")}")
    implementation("org.springframework.kafka:spring-kafka:$skVersion")
}
"#;
        assert_eq!(
            versions("build.gradle.kts", kts),
            vec![
                bv("spring-kafka", "3.0.4", 2),
                bv("kafka-clients", "any", 4)
            ],
            "a property of the build this script cannot see is unknown"
        );
    }

    #[test]
    fn boot_kafka_version_override() {
        let text = r#"plugins {
    id("org.springframework.boot") version "2.7.18"
    id("io.spring.dependency-management") version "1.1.4"
}
extra["kafka.version"] = "3.6.1"
dependencies { implementation("org.springframework.kafka:spring-kafka") }
"#;
        assert_eq!(
            versions("build.gradle.kts", text),
            vec![
                bv("spring-boot", "2.7.18", 2),
                bv("kafka-clients", "3.6.1", 5)
            ]
        );
        let groovy = "plugins { id 'org.springframework.boot' version '3.1.5' }\next { set('kafka.version', '3.5.2') }\n";
        assert_eq!(
            versions("build.gradle", groovy),
            vec![
                bv("spring-boot", "3.1.5", 1),
                bv("kafka-clients", "3.5.2", 2)
            ]
        );
    }

    #[test]
    fn legacy_buildscript_and_bom() {
        let text = r#"buildscript {
    ext { springBootVersion = '2.3.12.RELEASE' }
    dependencies {
        classpath("org.springframework.boot:spring-boot-gradle-plugin:${springBootVersion}")
    }
}
apply plugin: 'org.springframework.boot'
"#;
        assert_eq!(
            versions("build.gradle", text),
            vec![bv("spring-boot", "2.3.12", 2)]
        );
        let bom = "dependencies {\n implementation(platform(\"org.springframework.boot:spring-boot-dependencies:3.3.4\"))\n}\n";
        assert_eq!(
            versions("build.gradle.kts", bom),
            vec![bv("spring-boot", "3.3.4", 2)]
        );
    }

    #[test]
    fn unresolvable_versions_are_unknown_and_dynamic_ones_ranges() {
        let one = |line: &str| {
            versions(
                "build.gradle.kts",
                &format!("dependencies {{\n    {line}\n}}\n"),
            )
        };
        // No catalog here, an undefined variable, no version at all.
        for line in [
            r#"implementation("org.apache.kafka:kafka-clients:${libs.versions.kafka.get()}")"#,
            r#"implementation("org.apache.kafka:kafka-clients:$undefined")"#,
            r#"implementation("org.apache.kafka:kafka-clients")"#,
        ] {
            assert_eq!(one(line), vec![bv("kafka-clients", "any", 2)], "{line}");
        }
        assert_eq!(
            one(r#"implementation("org.apache.kafka:kafka-clients:3.+")"#),
            vec![bv("kafka-clients", ">=3.0.0, <4.0", 2)]
        );
        assert!(one("implementation(libs.kafka.clients)").is_empty());
        // Under Boot, a versionless dependency is Boot's.
        let boot = "plugins { id(\"org.springframework.boot\") version \"3.3.4\" }\ndependencies { implementation(\"org.apache.kafka:kafka-clients\") }\n";
        assert_eq!(
            versions("build.gradle.kts", boot),
            vec![bv("spring-boot", "3.3.4", 1)]
        );
    }

    #[test]
    fn version_catalogs_root_properties_and_root_ext() {
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        std::fs::create_dir_all(d.join("gradle")).expect("mkdir");
        std::fs::create_dir_all(d.join("orders")).expect("mkdir");
        std::fs::write(d.join("settings.gradle.kts"), "rootProject.name = \"shop\"\ninclude(\"orders\")\ndependencyResolutionManagement {\n  versionCatalogs {\n    create(\"deps\") { from(files(\"gradle/deps.versions.toml\")) }\n  }\n}\n").expect("write");
        std::fs::write(
            d.join("gradle/libs.versions.toml"),
            "[versions]\nkafka = \"3.6.1\"\nboot = \"3.2.5\"\n\n[libraries]\nkafka-clients = { module = \"org.apache.kafka:kafka-clients\", version.ref = \"kafka\" }\nspring_kafka = { group = \"org.springframework.kafka\", name = \"spring-kafka\" }\n\n[bundles]\nmessaging = [\"kafka-clients\", \"spring_kafka\"]\n\n[plugins]\nspring-boot = { id = \"org.springframework.boot\", version.ref = \"boot\" }\n",
        )
        .expect("write");
        std::fs::write(
            d.join("gradle/deps.versions.toml"),
            "[libraries]\nfs2 = \"com.github.fd4s:fs2-kafka_2.13:3.5.1\"\n",
        )
        .expect("write");
        std::fs::write(d.join("gradle.properties"), "akkaKafka=4.0.2\n").expect("write");
        std::fs::write(
            d.join("build.gradle"),
            "ext {\n  reactorKafka = '1.3.22'\n}\n",
        )
        .expect("write");
        let script = d.join("orders/build.gradle.kts");
        let text = "dependencies {\n    implementation(libs.kafka.clients)\n    implementation(deps.fs2)\n    implementation(\"com.typesafe.akka:akka-stream-kafka_2.13:$akkaKafka\")\n    implementation(\"io.projectreactor.kafka:reactor-kafka:${rootProject.extra[\"reactorKafka\"]}\")\n    implementation(\"org.apache.kafka:kafka-streams:${libs.versions.kafka.get()}\")\n}\n";
        assert_eq!(
            versions(script.to_str().expect("utf-8 path"), text),
            vec![
                bv("kafka-clients", "3.6.1", 2),
                bv("fs2-kafka", "3.5.1", 3),
                bv("akka-stream-kafka", "4.0.2", 4),
                bv("reactor-kafka", "1.3.22", 5),
            ]
        );
        let bundle = "plugins {\n  alias(libs.plugins.spring.boot)\n}\ndependencies {\n  implementation(libs.bundles.messaging)\n}\n";
        assert_eq!(
            versions(script.to_str().expect("utf-8 path"), bundle),
            vec![
                bv("spring-boot", "3.2.5", 2),
                bv("kafka-clients", "3.6.1", 5)
            ],
            "a bundle brings its libraries; Boot manages the versionless one"
        );
    }

    #[test]
    fn odd_text_does_not_panic() {
        for t in [
            "\"unterminated",
            "/* never closed",
            "'''triple",
            "\"${",
            "x = \"ü\" // ö\n\"org.apache.kafka:kafka-clients:2.0.0\"",
            "$",
        ] {
            let _ = versions("build.gradle", t);
        }
        assert_eq!(
            versions(
                "build.gradle",
                "// Größe ✓\nimplementation 'org.apache.kafka:kafka-clients:2.0.0' // x\n"
            ),
            vec![bv("kafka-clients", "2.0.0", 2)]
        );
        let self_ref = "def a = \"$b\"\ndef b = \"$a\"\nimplementation \"org.apache.kafka:kafka-clients:$a\"\n";
        assert_eq!(
            versions("build.gradle", self_ref),
            vec![bv("kafka-clients", "any", 3)]
        );
    }

    #[test]
    fn versions_from_gradle_properties_point_at_their_use() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("gradle.properties"),
            "org.gradle.jvmargs=-Xmx2g\nkafkaVersion=2.6.3\n",
        )
        .expect("write");
        let script = dir.path().join("build.gradle");
        let text = "dependencies {\n  implementation \"org.apache.kafka:kafka-clients:$kafkaVersion\"\n}\n";
        let got: Vec<_> = extract_gradle(&script, text)
            .build_versions
            .into_iter()
            .map(|b| {
                (
                    b.name.clone(),
                    crate::frontend::buildfile::tests::req_text(&b.req),
                    b.line,
                )
            })
            .collect();
        assert_eq!(got, vec![bv("kafka-clients", "2.6.3", 2)]);
    }

    #[test]
    fn comments_are_blanked_but_urls_kept() {
        let s = strip_comments("a // c\nb = \"http://x\" /* d\ne */ f");
        assert_eq!(s, "a     \nb = \"http://x\"     \n     f");
    }
}
