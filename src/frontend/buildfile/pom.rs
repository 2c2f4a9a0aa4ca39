//! `pom.xml`: dependencies (also in `dependencyManagement` and profiles),
//! the Spring Boot parent or an imported `spring-boot-dependencies` BOM,
//! versions written literally or through `${property}`s, and Boot's
//! `kafka.version` / `spring-kafka.version` overrides.
//!
//! A pom inherits from parents that live in the same repository (found
//! through `<relativePath>`, `../pom.xml` by default, and checked by
//! artifactId): their properties, managed versions and dependencies, and
//! their own Spring Boot parent. BOMs imported in `dependencyManagement` are
//! read when they are modules of the same build (a `<module>` of a pom in
//! the parent chain, or a sibling directory named after the artifact).
//! Values that come from another file are reported at the line of this
//! file that uses them (the dependency, or the `<parent>` element).
//!
//! A dependency named without a version under Spring Boot's management is
//! left to Boot; elsewhere, and for a `${property}` no pom defines, it is
//! reported with an unknown version ([`VersionReq::Any`]): never a guess.

use super::{
    artifact_of, boot_override, finish, nesting_depth, read_small, req, Rank, MAX_XML_DEPTH,
};
use crate::model::{Dependency, FileFacts, VersionReq};
use crate::source::LineIndex;
use regex::Regex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

/// The offset recorded for a value that lives in another file.
const ELSEWHERE: usize = usize::MAX;

/// How far up a parent chain (or into BOMs) is followed.
const MAX_CHAIN: usize = 8;
const MAX_POM_BYTES: u64 = 2 * 1024 * 1024;

/// Where a dependency was declared in a pom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Parent,
    Dependencies,
    Managed,
    Profile,
}

/// A dependency (or the parent) of a pom: coordinates, the version text
/// with its byte offset, and where the element is (for values found
/// elsewhere).
#[derive(Debug, Clone)]
struct PomDep {
    group: String,
    artifact: String,
    version: Option<(String, usize)>,
    section: Section,
    /// `<scope>import</scope>` with `<type>pom</type>`: a BOM.
    import: bool,
    /// Offset of the element (of `<parent>` for inherited ones).
    at: usize,
    /// Comes from a parent or BOM: this pom's own declaration wins.
    inherited: bool,
}

#[derive(Debug, Default, Clone)]
struct Pom {
    group: Option<String>,
    artifact: Option<String>,
    /// `<properties>`: name → (value, byte offset of the value).
    properties: HashMap<String, (String, usize)>,
    deps: Vec<PomDep>,
    /// `<parent>`'s `<relativePath>`: `Some("")` for `<relativePath/>`.
    relative_path: Option<String>,
    modules: Vec<String>,
}

impl Pom {
    fn parent(&self) -> Option<&PomDep> {
        self.deps.iter().find(|d| d.section == Section::Parent)
    }
}

/// Trimmed text of a byte range and the offset where the trimmed text starts.
fn trimmed_at(text: &str, start: usize) -> (String, usize) {
    let lead = text.len() - text.trim_start().len();
    (text.trim().to_string(), start + lead)
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn read_tree(doc: &roxmltree::Document<'_>) -> Pom {
    let mut pom = Pom::default();
    let root = doc.root_element();
    let text_of = |n: Option<roxmltree::Node<'_, '_>>| -> Option<(String, usize)> {
        let n = n?;
        let t = n.children().find(|c| c.is_text())?;
        let (s, at) = trimmed_at(t.text()?, t.range().start);
        (!s.is_empty()).then_some((s, at))
    };
    if let Some(props) = child(root, "properties") {
        for p in props.children().filter(|c| c.is_element()) {
            if let Some(v) = text_of(Some(p)) {
                pom.properties.insert(p.tag_name().name().to_string(), v);
            }
        }
    }
    let dep_of = |n: roxmltree::Node<'_, '_>, section| PomDep {
        group: text_of(child(n, "groupId"))
            .map(|t| t.0)
            .unwrap_or_default(),
        artifact: text_of(child(n, "artifactId"))
            .map(|t| t.0)
            .unwrap_or_default(),
        version: text_of(child(n, "version")),
        section,
        inherited: false,
        import: text_of(child(n, "scope")).is_some_and(|s| s.0 == "import")
            && text_of(child(n, "type")).is_some_and(|s| s.0 == "pom"),
        at: n.range().start,
    };
    pom.artifact = text_of(child(root, "artifactId")).map(|t| t.0);
    pom.group = text_of(child(root, "groupId")).map(|t| t.0);
    if let Some(parent) = child(root, "parent") {
        let dep = dep_of(parent, Section::Parent);
        if let Some((v, at)) = &dep.version {
            pom.properties
                .insert("project.parent.version".into(), (v.clone(), *at));
            pom.properties
                .insert("parent.version".into(), (v.clone(), *at));
        }
        pom.relative_path =
            child(parent, "relativePath").map(|r| r.text().unwrap_or("").trim().to_string());
        if pom.group.is_none() {
            pom.group = Some(dep.group.clone());
        }
        pom.deps.push(dep);
    }
    if let Some((v, at)) = text_of(child(root, "version")) {
        pom.properties.insert("project.version".into(), (v, at));
    }
    if let Some(modules) = child(root, "modules") {
        pom.modules = modules
            .children()
            .filter(|m| m.is_element() && m.tag_name().name() == "module")
            .filter_map(|m| m.text().map(|t| t.trim().to_string()))
            .collect();
    }
    for d in root
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "dependency")
    {
        let Some(list) = d.parent_element() else {
            continue;
        };
        if list.tag_name().name() != "dependencies" {
            continue;
        }
        let section = match list.parent_element().map(|p| p.tag_name().name()) {
            Some("project") => Section::Dependencies,
            Some("dependencyManagement") => Section::Managed,
            Some("profile") => Section::Profile,
            _ => continue, // plugin dependencies are not the application's
        };
        // A dependencyManagement inside a profile is still conditional.
        let section = if section == Section::Managed
            && d.ancestors().any(|a| a.tag_name().name() == "profile")
        {
            Section::Profile
        } else {
            section
        };
        pom.deps.push(dep_of(d, section));
    }
    pom
}

static BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    crate::frontend::buildfile::ascii_regex(
        r"(?s)<(parent|dependency|properties)>(.*?)</(?:parent|dependency|properties)>",
    )
});
static ELEMENT: LazyLock<Regex> = LazyLock::new(|| {
    crate::frontend::buildfile::ascii_regex(r"<([A-Za-z_][\w.\-]*)>([^<]*)</([A-Za-z_][\w.\-]*)>")
});

/// Reads what it can from a pom that is not well-formed XML: simple
/// `<parent>`, `<dependency>` and `<properties>` blocks.
fn read_lenient(text: &str) -> Pom {
    let mut pom = Pom::default();
    for block in BLOCK.captures_iter(text) {
        let (Some(kind), Some(body)) = (block.get(1), block.get(2)) else {
            continue;
        };
        let mut fields: HashMap<String, (String, usize)> = HashMap::new();
        for el in ELEMENT.captures_iter(body.as_str()) {
            let (Some(open), Some(value), Some(close)) = (el.get(1), el.get(2), el.get(3)) else {
                continue;
            };
            if open.as_str() == close.as_str() {
                let (v, at) = trimmed_at(value.as_str(), body.start() + value.start());
                fields.insert(open.as_str().to_string(), (v, at));
            }
        }
        let section = match kind.as_str() {
            "properties" => {
                pom.properties.extend(fields);
                continue;
            }
            "parent" => Section::Parent,
            _ => Section::Dependencies,
        };
        let get = |k: &str| fields.get(k).map(|f| f.0.clone()).unwrap_or_default();
        pom.deps.push(PomDep {
            group: get("groupId"),
            artifact: get("artifactId"),
            version: fields.get("version").cloned(),
            section,
            import: get("scope") == "import",
            at: block.get(0).map_or(0, |m| m.start()),
            inherited: false,
        });
    }
    pom
}

/// Resolves `${name}` references of a pom value. Returns the value and the
/// offset of the text that finally holds it (the property's value when the
/// version is a single reference).
fn resolve_pom(
    value: &str,
    at: usize,
    props: &HashMap<String, (String, usize)>,
    depth: u32,
) -> Option<(String, usize)> {
    if !value.contains("${") {
        return Some((value.to_string(), at));
    }
    if depth > 8 {
        return None;
    }
    let inner = value.strip_prefix("${").and_then(|v| v.strip_suffix('}'));
    if let Some(name) = inner.filter(|n| !n.contains(['$', '{', '}'])) {
        let (v, vat) = props.get(name.trim())?;
        return resolve_pom(v, *vat, props, depth + 1);
    }
    // Mixed text such as `${major}.${minor}`: substitute every reference.
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('}')? + i;
        let (v, _) = props.get(rest[i + 2..end].trim())?;
        out.push_str(&resolve_pom(v, at, props, depth + 1)?.0);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some((out, at))
}

/// Parses a pom's text: the tree when it is well-formed, the lenient
/// reading (and a warning) otherwise.
fn parse(text: &str) -> (Pom, Option<String>) {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: 1_000_000,
    };
    let parsed = if nesting_depth(text) > MAX_XML_DEPTH {
        Err(format!("elements nested deeper than {MAX_XML_DEPTH}"))
    } else {
        roxmltree::Document::parse_with_options(text, options).map_err(|e| e.to_string())
    };
    match parsed {
        Ok(doc) => (read_tree(&doc), None),
        Err(e) => (
            read_lenient(text),
            Some(format!(
                "pom.xml is not well-formed XML ({e}); versions were read from the parts that look complete"
            )),
        ),
    }
}

/// Poms read as parents or BOMs, shared by every file of a scan: in a
/// monorepo hundreds of modules inherit from one root pom, which is then
/// parsed once. Keyed by path, size and modification time, so a file that
/// changes is read again.
type PomCache = HashMap<(PathBuf, u64, Option<std::time::SystemTime>), Option<Arc<Pom>>>;
static POMS: LazyLock<Mutex<PomCache>> = LazyLock::new(Mutex::default);

/// At most this many poms are kept (a bound on memory for huge trees).
const MAX_CACHED_POMS: usize = 4096;

fn cache() -> std::sync::MutexGuard<'static, PomCache> {
    POMS.lock().unwrap_or_else(|e| e.into_inner())
}

/// `a/b/../pom.xml` → `a/pom.xml`, without asking the file system (a
/// symlinked directory is then read under another key, which only costs a
/// parse).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

fn load(path: &Path) -> Option<Arc<Pom>> {
    let path = &normalise(path);
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let key = (path.to_path_buf(), meta.len(), meta.modified().ok());
    if let Some(hit) = cache().get(&key) {
        return hit.clone();
    }
    let pom = read_small(path, MAX_POM_BYTES).map(|text| Arc::new(parse(&text).0));
    let mut cache = cache();
    if cache.len() < MAX_CACHED_POMS {
        cache.insert(key, pom.clone());
    }
    pom
}

/// The pom a `<parent>` points at, when it lives in this repository.
fn parent_pom(dir: &Path, pom: &Pom) -> Option<(PathBuf, Arc<Pom>)> {
    let parent = pom.parent()?;
    let rel = match pom.relative_path.as_deref() {
        Some("") => return None,
        Some(r) => r,
        None => "../pom.xml",
    };
    let mut file = dir.join(rel);
    if !rel.ends_with(".xml") {
        file = file.join("pom.xml");
    }
    let found = load(&file)?;
    let same = found.artifact.as_deref() == Some(parent.artifact.trim())
        && found
            .group
            .as_deref()
            .is_none_or(|g| parent.group.is_empty() || g == parent.group.trim());
    same.then_some((file, found))
}

/// A BOM imported by one of the chain's poms, when it is a module of the
/// same build: a `<module>` of a chain pom named after the BOM's artifact
/// (or, failing that, one whose name says `bom`), or a directory of that
/// name beside or below a chain pom.
fn local_bom(chain: &[(PathBuf, Arc<Pom>)], bom: &PomDep) -> Option<Arc<Pom>> {
    let artifact = bom.artifact.trim();
    let mut named: Vec<PathBuf> = Vec::new();
    let mut bomlike: Vec<PathBuf> = Vec::new();
    for (file, pom) in chain {
        let dir = file.parent().unwrap_or(Path::new(""));
        for m in &pom.modules {
            let last = m.trim_end_matches('/').rsplit('/').next().unwrap_or(m);
            if last == artifact {
                named.push(dir.join(m).join("pom.xml"));
            } else if last.contains("bom") {
                bomlike.push(dir.join(m).join("pom.xml"));
            }
        }
        named.push(dir.join("..").join(artifact).join("pom.xml"));
        named.push(dir.join(artifact).join("pom.xml"));
    }
    named
        .into_iter()
        .chain(bomlike.into_iter().take(4))
        .find_map(|c| {
            let p = load(&c)?;
            (p.artifact.as_deref() == Some(artifact)).then_some(p)
        })
}

/// The pom with what it inherits folded in: parents' properties (nearer
/// ones win), managed versions and dependencies, and imported local BOMs'
/// managed versions (after the explicit ones).
fn with_inheritance(path: &Path, pom: Pom) -> Pom {
    let parent_at = pom.parent().map_or(0, |p| p.at);
    let mut chain: Vec<(PathBuf, Arc<Pom>)> = vec![(path.to_path_buf(), Arc::new(pom))];
    let canon = |p: &Path| normalise(p);
    while chain.len() <= MAX_CHAIN {
        let (file, last) = chain.last().expect("chain starts with the pom");
        let dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
        let Some((pfile, parent)) = parent_pom(&dir, last) else {
            break;
        };
        if chain.iter().any(|(f, _)| canon(f) == canon(&pfile)) {
            break;
        }
        chain.push((pfile, parent));
    }
    let mut boms: Vec<Arc<Pom>> = Vec::new();
    for (_, p) in &chain {
        for d in p
            .deps
            .iter()
            .filter(|d| d.import && d.section == Section::Managed)
        {
            if boms.len() < MAX_CHAIN {
                if let Some(b) = local_bom(&chain, d) {
                    boms.push(b);
                }
            }
        }
    }
    let mut iter = chain.into_iter();
    let (_, own) = iter.next().expect("chain starts with the pom");
    let mut merged = Arc::try_unwrap(own).unwrap_or_else(|a| (*a).clone());
    let ancestors: Vec<Arc<Pom>> = iter.map(|(_, p)| p).collect();
    // Only what can matter is copied from the ancestors (a monorepo's root
    // pom has hundreds of properties and managed versions): the
    // dependencies this module's versions can come from, and the
    // properties their versions name.
    for ancestor in &ancestors {
        for d in ancestor.deps.iter().filter(|d| relevant(d)) {
            let mut d = d.clone();
            if let Some(v) = &mut d.version {
                v.1 = ELSEWHERE;
            }
            d.at = parent_at;
            d.inherited = true;
            merged.deps.push(d);
        }
    }
    for bom in boms {
        // A BOM's own properties resolve its managed versions.
        for d in bom.deps.iter().filter(|d| d.section == Section::Managed) {
            let version = d.version.as_ref().and_then(|(v, at)| {
                resolve_pom(v, *at, &bom.properties, 0).map(|(v, _)| (v, ELSEWHERE))
            });
            merged.deps.push(PomDep {
                version,
                section: Section::Managed,
                import: false,
                at: parent_at,
                inherited: true,
                ..d.clone()
            });
        }
    }
    let mut wanted: Vec<String> = ["kafka.version", "spring-kafka.version"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for d in merged.deps.iter().filter(|d| relevant(d)) {
        if let Some((v, _)) = &d.version {
            wanted.extend(references(v));
        }
    }
    let mut i = 0;
    while i < wanted.len() && i < 256 {
        let name = wanted[i].clone();
        i += 1;
        let value = match merged.properties.get(&name) {
            Some((v, _)) => Some(v.clone()),
            None => ancestors
                .iter()
                .find_map(|a| a.properties.get(&name))
                .map(|(v, _)| {
                    merged
                        .properties
                        .insert(name.clone(), (v.clone(), ELSEWHERE));
                    v.clone()
                }),
        };
        if let Some(v) = value {
            wanted.extend(
                references(&v)
                    .filter(|r| !wanted.contains(r))
                    .collect::<Vec<_>>(),
            );
        }
    }
    merged
}

/// A dependency whose version can matter: a known artifact or a BOM.
fn relevant(d: &PomDep) -> bool {
    d.import || artifact_of(&d.group, &d.artifact).is_some()
}

/// The property names a value refers to (`${a}.${b}` → a, b).
fn references(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split("${")
        .skip(1)
        .filter_map(|r| r.split_once('}').map(|(n, _)| n.trim().to_string()))
}

/// The managed version of a coordinate, from the merged pom.
fn managed<'a>(pom: &'a Pom, d: &PomDep) -> Option<&'a (String, usize)> {
    pom.deps
        .iter()
        .filter(|m| m.section == Section::Managed && !m.import)
        .find(|m| m.artifact.trim() == d.artifact.trim() && m.group.trim() == d.group.trim())
        .and_then(|m| m.version.as_ref())
}

fn versions_of(pom: &Pom, idx: &LineIndex<'_>) -> Vec<Dependency> {
    let mut found = Vec::new();
    let mut boot_parent = false;
    let boot = pom.deps.iter().any(|d| {
        matches!(
            artifact_of(&d.group, &d.artifact),
            Some(("spring-boot", Rank::Direct))
        ) && (d.section == Section::Parent || d.import)
    });
    let line_of = |at: usize, fallback: usize| {
        let at = if at == ELSEWHERE { fallback } else { at };
        idx.position(at).0
    };
    let mut seen_parent = false;
    let own: Vec<&str> = pom
        .deps
        .iter()
        .filter(|d| !d.inherited && d.section != Section::Parent)
        .filter_map(|d| artifact_of(&d.group, &d.artifact).map(|a| a.0))
        .collect();
    for d in &pom.deps {
        let Some((artifact, rank)) = artifact_of(&d.group, &d.artifact) else {
            continue;
        };
        if d.inherited && d.section != Section::Parent && own.contains(&artifact) {
            continue;
        }
        if d.section == Section::Parent {
            // Only the nearest parent's coordinates are this pom's parent;
            // an ancestor's Boot parent still manages this pom.
            let first = !seen_parent;
            seen_parent = true;
            boot_parent |= artifact == "spring-boot";
            if artifact != "spring-boot" || (!first && d.version.is_none()) {
                continue;
            }
        }
        let version = d.version.as_ref().or_else(|| managed(pom, d));
        let rank = match (rank, d.section) {
            (Rank::Direct, Section::Managed | Section::Profile) => Rank::Managed,
            (r, _) => r,
        };
        let dep = |req, line| Dependency {
            req,
            line,
            ..Dependency::maven(artifact, Default::default(), 0)
        };
        let Some((text, at)) = version else {
            // Managed elsewhere: by Boot (whose maps decide), or by
            // something this file does not show.
            if !boot && d.section != Section::Parent {
                found.push((rank, dep(VersionReq::Any, line_of(d.at, d.at))));
            }
            continue;
        };
        let use_at = if *at == ELSEWHERE { d.at } else { *at };
        match resolve_pom(text, *at, &pom.properties, 0) {
            Some((value, vat)) => {
                let req = req::maven(&value);
                found.push((rank, dep(req, line_of(vat, use_at))));
            }
            None => found.push((rank, dep(VersionReq::Any, line_of(use_at, d.at)))),
        }
    }
    if boot_parent || boot {
        for (name, (value, at)) in &pom.properties {
            let Some(artifact) = boot_override(name) else {
                continue;
            };
            if let Some((v, vat)) = resolve_pom(value, *at, &pom.properties, 0) {
                let req = req::maven(&v);
                if !matches!(req, VersionReq::Any) {
                    let line = line_of(vat, pom.parent().map_or(0, |p| p.at));
                    found.push((
                        Rank::Override,
                        Dependency {
                            req,
                            line,
                            ..Dependency::maven(artifact, Default::default(), 0)
                        },
                    ));
                }
            }
        }
    }
    finish(found)
}

/// Versions declared by a `pom.xml` and the poms it inherits from.
pub fn extract_pom(path: &Path, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let idx = LineIndex::new(text);
    let (pom, warning) = parse(text);
    facts.warnings.extend(warning);
    let pom = with_inheritance(path, pom);
    facts.build_versions = versions_of(&pom, &idx);
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BuildVersion, Version};

    fn versions(text: &str) -> Vec<(String, String, u32)> {
        versions_at(Path::new("pom.xml"), text)
    }

    fn versions_at(path: &Path, text: &str) -> Vec<(String, String, u32)> {
        extract_pom(path, text)
            .build_versions
            .into_iter()
            .map(|b| {
                (
                    b.name.clone(),
                    super::super::tests::req_text(&b.req),
                    b.line,
                )
            })
            .collect()
    }

    fn bv(a: &str, v: &str, line: u32) -> (String, String, u32) {
        (a.to_string(), v.to_string(), line)
    }

    const BOOT_POM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>2.7.18</version>
  </parent>
  <properties>
    <java.version>17</java.version>
    <kafka.version>
      3.6.1
    </kafka.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.springframework.kafka</groupId>
      <artifactId>spring-kafka</artifactId>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <artifactId>some-plugin</artifactId>
        <dependencies>
          <dependency>
            <groupId>org.apache.kafka</groupId>
            <artifactId>kafka-clients</artifactId>
            <version>1.0.0</version>
          </dependency>
        </dependencies>
      </plugin>
    </plugins>
  </build>
</project>
"#;

    #[test]
    fn boot_parent_and_kafka_version_override() {
        assert_eq!(
            versions(BOOT_POM),
            vec![
                bv("spring-boot", "2.7.18", 7),
                bv("kafka-clients", "3.6.1", 12)
            ]
        );
    }

    #[test]
    fn dependencies_with_property_versions_and_bom() {
        let text = r#"<project>
  <properties>
    <kafka.version>2.8.1</kafka.version>
    <boot.version>3.2.0</boot.version>
    <sk.version>${sk.base}</sk.version>
    <sk.base>3.1.2</sk.base>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-dependencies</artifactId>
        <version>${boot.version}</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-clients</artifactId>
      <version>${kafka.version}</version>
    </dependency>
    <dependency>
      <groupId>org.springframework.kafka</groupId>
      <artifactId>spring-kafka</artifactId>
      <version>${sk.version}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-streams</artifactId>
      <version>3.9.0</version>
    </dependency>
  </dependencies>
</project>"#;
        assert_eq!(
            versions(text),
            vec![
                bv("kafka-clients", "2.8.1", 3),
                bv("spring-kafka", "3.1.2", 6),
                bv("spring-boot", "3.2.0", 4),
            ]
        );
    }

    #[test]
    fn managed_and_unresolvable_versions_are_unknown() {
        let text = r#"<project>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-clients</artifactId></dependency>
    <dependency><groupId>org.springframework.kafka</groupId><artifactId>spring-kafka</artifactId><version>${nowhere}</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-streams</artifactId><version>[3.0,4.0)</version></dependency>
  </dependencies>
</project>"#;
        assert_eq!(
            versions(text),
            vec![bv("kafka-clients", "any", 3), bv("spring-kafka", "any", 4)],
            "a version nobody writes down is unknown, never guessed"
        );
        // Without a Boot parent, a kafka.version property alone says nothing.
        let text =
            "<project><properties><kafka.version>2.0.0</kafka.version></properties></project>";
        assert!(versions(text).is_empty());
        // Under Boot, a versionless dependency is Boot's to manage.
        let boot = r#"<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.4</version></parent>
<dependencies><dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-clients</artifactId></dependency></dependencies></project>"#;
        assert_eq!(versions(boot), vec![bv("spring-boot", "3.3.4", 1)]);
    }

    #[test]
    fn parent_poms_of_the_repository_are_inherited() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = r#"<project>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.2.5</version>
  </parent>
  <groupId>com.acme</groupId>
  <artifactId>platform</artifactId>
  <modules><module>bom</module><module>orders</module></modules>
  <properties><acme.kafka>3.7.1</acme.kafka></properties>
</project>"#;
        std::fs::write(dir.path().join("pom.xml"), root).expect("write");
        std::fs::create_dir_all(dir.path().join("orders")).expect("mkdir");
        let child = r#"<project>
  <parent>
    <groupId>com.acme</groupId>
    <artifactId>platform</artifactId>
    <version>1.0</version>
  </parent>
  <artifactId>orders</artifactId>
  <dependencies>
    <dependency><groupId>org.springframework.kafka</groupId><artifactId>spring-kafka</artifactId></dependency>
  </dependencies>
</project>"#;
        let child_path = dir.path().join("orders/pom.xml");
        assert_eq!(
            versions_at(&child_path, child),
            vec![bv("spring-boot", "3.2.5", 2)],
            "the root's Boot parent manages the child, reported at the child's <parent>"
        );
        // A company parent without Boot, with dependencyManagement and a
        // local BOM module.
        let root = r#"<project>
  <groupId>com.acme</groupId>
  <artifactId>platform</artifactId>
  <modules><module>bom</module><module>orders</module></modules>
  <properties><acme.kafka>3.7.1</acme.kafka></properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>com.acme</groupId><artifactId>acme-bom</artifactId><version>1.0</version><type>pom</type><scope>import</scope></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-clients</artifactId><version>${acme.kafka}</version></dependency>
  </dependencies></dependencyManagement>
</project>"#;
        std::fs::write(dir.path().join("pom.xml"), root).expect("write");
        std::fs::create_dir_all(dir.path().join("bom")).expect("mkdir");
        std::fs::write(
            dir.path().join("bom/pom.xml"),
            r#"<project><groupId>com.acme</groupId><artifactId>acme-bom</artifactId>
<properties><sk>3.1.4</sk></properties>
<dependencyManagement><dependencies>
<dependency><groupId>org.springframework.kafka</groupId><artifactId>spring-kafka</artifactId><version>${sk}</version></dependency>
</dependencies></dependencyManagement></project>"#,
        )
        .expect("write");
        let child = r#"<project>
  <parent><groupId>com.acme</groupId><artifactId>platform</artifactId><version>1.0</version></parent>
  <artifactId>orders</artifactId>
  <properties><acme.kafka>3.8.0</acme.kafka></properties>
  <dependencies>
    <dependency><groupId>org.springframework.kafka</groupId><artifactId>spring-kafka</artifactId></dependency>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-clients</artifactId>
    </dependency>
  </dependencies>
</project>"#;
        assert_eq!(
            versions_at(&child_path, child),
            vec![
                bv("kafka-clients", "3.8.0", 4),
                bv("spring-kafka", "3.1.4", 6),
            ],
            "the child's property overrides the parent's, managed versions come from parent and BOM"
        );
        // A parent that is not the pom above (another artifactId) is not read.
        let stranger = child.replace(
            "<artifactId>platform</artifactId>",
            "<artifactId>elsewhere</artifactId>",
        );
        assert_eq!(
            versions_at(&child_path, &stranger),
            vec![bv("spring-kafka", "any", 6), bv("kafka-clients", "any", 7)]
        );
    }

    #[test]
    fn streams_gives_kafka_clients_when_nothing_better() {
        let text = r#"<project><dependencies>
<dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-streams</artifactId><version>2.4.1</version></dependency>
</dependencies></project>"#;
        assert_eq!(versions(text), vec![bv("kafka-clients", "2.4.1", 2)]);
    }

    #[test]
    fn broken_pom_is_read_leniently_with_a_warning() {
        let text = "<project>\n<!-- Größe -->\n<dependencies>\n<dependency>\n<groupId>org.apache.kafka</groupId>\n<artifactId>kafka-clients</artifactId>\n<version>2.8.1</version>\n</dependency>\n<dependency><groupId>x</oops>\n";
        let f = extract_pom(Path::new("pom.xml"), text);
        assert_eq!(f.warnings.len(), 1);
        assert_eq!(
            f.build_versions,
            vec![BuildVersion::maven(
                "kafka-clients",
                Version::new(2, 8, 1),
                7
            )]
        );
        let f = extract_pom(Path::new("pom.xml"), "");
        assert!(f.build_versions.is_empty());
        let f = extract_pom(Path::new("pom.xml"), &"<a>".repeat(100_000));
        assert!(f.build_versions.is_empty());
    }

    #[test]
    fn self_referencing_properties_terminate() {
        let text = r#"<project><properties><a>${b}</a><b>${a}</b></properties><dependencies>
<dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-clients</artifactId><version>${a}</version></dependency>
</dependencies></project>"#;
        assert_eq!(versions(text), vec![bv("kafka-clients", "any", 2)]);
    }
}
