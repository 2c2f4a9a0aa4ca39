//! Build files: the versions of kafka-clients, spring-kafka and Spring Boot
//! they declare, so producer defaults can be looked up for the right client.
//!
//! * `pom.xml`: dependencies (also in `dependencyManagement` and profiles),
//!   the Spring Boot parent or an imported `spring-boot-dependencies` BOM,
//!   versions written literally or through `${property}`s of the same pom,
//!   and Boot's `kafka.version` / `spring-kafka.version` overrides.
//! * Gradle (`build.gradle`, `build.gradle.kts`): see the `gradle` submodule.
//!
//! A version that is not written in the file (managed elsewhere, a version
//! catalog, a range) is skipped: the producer then falls back to the next
//! build file up, or to an assumed current client.

mod gradle;

pub use gradle::extract_gradle;

use crate::model::{BuildVersion, FileFacts, Version};
use crate::source::LineIndex;
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

/// How sure a version is: a direct declaration beats a property override,
/// which beats a version inferred from a sibling artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rank {
    Direct,
    Managed,
    Override,
    Inferred,
}

/// The artifact a Maven coordinate stands for, in [`BuildVersion`] terms.
pub(crate) fn artifact_of(group: &str, artifact: &str) -> Option<(&'static str, Rank)> {
    match (group.trim(), artifact.trim()) {
        ("org.apache.kafka", "kafka-clients") => Some(("kafka-clients", Rank::Direct)),
        ("org.springframework.kafka", "spring-kafka") => Some(("spring-kafka", Rank::Direct)),
        (
            "org.springframework.boot",
            "spring-boot-dependencies" | "spring-boot-starter-parent" | "spring-boot-gradle-plugin",
        ) => Some(("spring-boot", Rank::Direct)),
        // Every Boot artifact shares Boot's version.
        ("org.springframework.boot", a) if a.starts_with("spring-boot") => {
            Some(("spring-boot", Rank::Inferred))
        }
        // Kafka Streams and the broker jar depend on kafka-clients of their
        // own version.
        ("org.apache.kafka", a) if a == "kafka-streams" || a.starts_with("kafka_2.") => {
            Some(("kafka-clients", Rank::Inferred))
        }
        _ => None,
    }
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

/// Where a dependency was declared in a pom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Parent,
    Dependencies,
    Managed,
    Profile,
}

/// A dependency (or the parent) of a pom: coordinates and the version text
/// with its byte offset.
#[derive(Debug)]
struct PomDep {
    group: String,
    artifact: String,
    version: Option<(String, usize)>,
    section: Section,
}

#[derive(Debug, Default)]
struct Pom {
    /// `<properties>`: name → (value, byte offset of the value).
    properties: HashMap<String, (String, usize)>,
    deps: Vec<PomDep>,
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
    };
    if let Some(parent) = child(root, "parent") {
        let dep = dep_of(parent, Section::Parent);
        if let Some((v, at)) = &dep.version {
            pom.properties
                .insert("project.parent.version".into(), (v.clone(), *at));
            pom.properties
                .insert("parent.version".into(), (v.clone(), *at));
        }
        pom.deps.push(dep);
    }
    if let Some((v, at)) = text_of(child(root, "version")) {
        pom.properties.insert("project.version".into(), (v, at));
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
    Regex::new(r"(?s)<(parent|dependency|properties)>(.*?)</(?:parent|dependency|properties)>")
        .expect("valid regex")
});
static ELEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<([A-Za-z_][\w.\-]*)>([^<]*)</([A-Za-z_][\w.\-]*)>").expect("valid regex")
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

fn versions_of(pom: &Pom, idx: &LineIndex<'_>) -> Vec<BuildVersion> {
    let mut found = Vec::new();
    let mut boot_parent = false;
    for d in &pom.deps {
        let Some((artifact, rank)) = artifact_of(&d.group, &d.artifact) else {
            continue;
        };
        if d.section == Section::Parent {
            boot_parent |= artifact == "spring-boot";
            if artifact != "spring-boot" {
                continue;
            }
        }
        let Some((text, at)) = &d.version else {
            continue;
        };
        let Some((value, vat)) = resolve_pom(text, *at, &pom.properties, 0) else {
            continue;
        };
        let Some(version) = Version::parse(&value) else {
            continue;
        };
        let rank = match (rank, d.section) {
            (Rank::Direct, Section::Managed | Section::Profile) => Rank::Managed,
            (r, _) => r,
        };
        found.push((
            rank,
            BuildVersion::maven(artifact, version, idx.position(vat).0),
        ));
    }
    if boot_parent {
        for (name, (value, at)) in &pom.properties {
            let Some(artifact) = boot_override(name) else {
                continue;
            };
            if let Some((v, vat)) = resolve_pom(value, *at, &pom.properties, 0) {
                if let Some(version) = Version::parse(&v) {
                    found.push((
                        Rank::Override,
                        BuildVersion::maven(artifact, version, idx.position(vat).0),
                    ));
                }
            }
        }
    }
    finish(found)
}

/// The XML parser recurses per element; deeper documents are read leniently.
const MAX_XML_DEPTH: usize = 256;

/// An upper bound of the element nesting of XML text, found without parsing:
/// a start tag opens a level, an end tag closes one, `<x/>` does neither.
fn nesting_depth(text: &str) -> usize {
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

/// Versions declared by a `pom.xml`.
pub fn extract_pom(_path: &Path, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let idx = LineIndex::new(text);
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: 1_000_000,
    };
    let parsed = if nesting_depth(text) > MAX_XML_DEPTH {
        Err(format!("elements nested deeper than {MAX_XML_DEPTH}"))
    } else {
        roxmltree::Document::parse_with_options(text, options).map_err(|e| e.to_string())
    };
    let pom = match parsed {
        Ok(doc) => read_tree(&doc),
        Err(e) => {
            facts.warnings.push(format!(
                "pom.xml is not well-formed XML ({e}); versions were read from the parts that look complete"
            ));
            read_lenient(text)
        }
    };
    facts.build_versions = versions_of(&pom, &idx);
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versions(text: &str) -> Vec<(String, String, u32)> {
        extract_pom(Path::new("pom.xml"), text)
            .build_versions
            .into_iter()
            .map(|b| (b.name.clone(), b.exact().unwrap().to_string(), b.line))
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
    fn managed_and_unresolvable_versions_are_skipped() {
        let text = r#"<project>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-clients</artifactId></dependency>
    <dependency><groupId>org.springframework.kafka</groupId><artifactId>spring-kafka</artifactId><version>${nowhere}</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-streams</artifactId><version>[3.0,4.0)</version></dependency>
  </dependencies>
</project>"#;
        assert!(versions(text).is_empty());
        // Without a Boot parent, a kafka.version property alone says nothing.
        let text =
            "<project><properties><kafka.version>2.0.0</kafka.version></properties></project>";
        assert!(versions(text).is_empty());
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
        assert!(versions(text).is_empty());
    }
}
