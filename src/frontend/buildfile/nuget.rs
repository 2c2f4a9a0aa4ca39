//! .NET: `PackageReference` items of `*.csproj` / `*.fsproj` / `*.vbproj`
//! (a `Version` attribute or child element, `VersionOverride`, `$(Property)`
//! versions of the same project), central package management in
//! `Directory.Packages.props` (`PackageVersion`, which applies to every
//! project below it: a versionless reference takes its version from the
//! nearest such file above the project), and `packages.lock.json`.

use super::{json_key_line, offset_line, read_small, req, Found};
use crate::knowledge::versions::is_relevant;
use crate::model::{Dependency, Ecosystem, VersionReq};
use std::collections::HashMap;
use std::path::Path;

fn dep(name: &str, req: VersionReq, line: u32, locked: bool) -> Dependency {
    super::dep(Ecosystem::NuGet, name, req, line, locked)
}

fn parse_xml<'a>(text: &'a str, what: &str, found: &mut Found) -> Option<roxmltree::Document<'a>> {
    if super::nesting_depth(text) > super::MAX_XML_DEPTH {
        found.warn(format!(
            "{what}: elements nested too deeply; it was not read"
        ));
        return None;
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: 1_000_000,
    };
    match roxmltree::Document::parse_with_options(text, options) {
        Ok(d) => Some(d),
        Err(e) => {
            found.warn(format!(
                "{what} is not well-formed XML ({e}); its package references were not read"
            ));
            None
        }
    }
}

/// An item's attribute or child element (`<Version>2.3.0</Version>`),
/// with the byte offset of its value.
fn item_value(n: roxmltree::Node<'_, '_>, name: &str) -> Option<(String, usize)> {
    if let Some(a) = n.attribute_node(name) {
        return Some((a.value().to_string(), a.range_value().start));
    }
    let c = n
        .children()
        .find(|c| c.is_element() && c.tag_name().name() == name)?;
    let t = c.children().find(|t| t.is_text())?;
    Some((t.text()?.trim().to_string(), t.range().start))
}

/// `<PropertyGroup>` values of a project, for `$(Name)` versions.
fn properties(doc: &roxmltree::Document<'_>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for g in doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "PropertyGroup")
    {
        for p in g.children().filter(|c| c.is_element()) {
            if let Some(t) = p.text() {
                out.insert(p.tag_name().name().to_string(), t.trim().to_string());
            }
        }
    }
    out
}

fn expand(value: &str, props: &HashMap<String, String>) -> String {
    let mut out = value.to_string();
    for _ in 0..4 {
        let Some(start) = out.find("$(") else { break };
        let Some(end) = out[start..].find(')').map(|e| e + start) else {
            break;
        };
        let Some(v) = props.get(&out[start + 2..end]) else {
            break;
        };
        out.replace_range(start..=end, v);
    }
    out
}

/// A package item: id, version text and its offset (if any), item offset.
type Item = (String, Option<(String, usize)>, usize);

/// Items named `item` (`PackageReference`, `PackageVersion`) whose
/// `Include` (or `Update`) is a relevant package: (id, version text and
/// offset if any, item offset).
fn items(doc: &roxmltree::Document<'_>, item: &str) -> Vec<Item> {
    let mut out = Vec::new();
    for n in doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == item)
    {
        let Some(id) = n.attribute("Include").or_else(|| n.attribute("Update")) else {
            continue;
        };
        let id = id.trim();
        if !is_relevant(Ecosystem::NuGet, id) {
            continue;
        }
        let version = item_value(n, "VersionOverride").or_else(|| item_value(n, "Version"));
        out.push((id.to_string(), version, n.range().start));
    }
    out
}

/// Central versions from the nearest `Directory.Packages.props` at or
/// above `dir`: id (lower case) → version text.
fn central_versions(dir: &Path) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for d in dir.ancestors().take(32) {
        let file = d.join("Directory.Packages.props");
        let Some(text) = read_small(&file, 1024 * 1024) else {
            continue;
        };
        let mut ignored = Found::default();
        if let Some(doc) = parse_xml(&text, "Directory.Packages.props", &mut ignored) {
            let props = properties(&doc);
            for (id, version, _) in items(&doc, "PackageVersion") {
                if let Some((v, _)) = version {
                    out.insert(id.to_ascii_lowercase(), expand(&v, &props));
                }
            }
        }
        break;
    }
    out
}

/// A project file (`*.csproj`, `*.fsproj`, `*.vbproj`) or
/// `Directory.Packages.props` (`central` true).
pub fn project(path: &Path, text: &str, central: bool, found: &mut Found) {
    let what = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("project file");
    let Some(doc) = parse_xml(text, what, found) else {
        return;
    };
    let props = properties(&doc);
    let item = if central {
        "PackageVersion"
    } else {
        "PackageReference"
    };
    let refs = items(&doc, item);
    let managed = if central || refs.iter().all(|r| r.1.is_some()) {
        HashMap::new()
    } else {
        path.parent().map(central_versions).unwrap_or_default()
    };
    for (id, version, item_at) in refs {
        let (req, at) = match version {
            Some((v, at)) => (req::nuget(&expand(&v, &props)), at),
            None => match managed.get(&id.to_ascii_lowercase()) {
                Some(v) => (req::nuget(v), item_at),
                None => (VersionReq::Any, item_at),
            },
        };
        found.deps.push(dep(&id, req, offset_line(text, at), false));
    }
}

/// `packages.lock.json`: `dependencies` → target framework → id →
/// `resolved`.
pub fn packages_lock(text: &str, found: &mut Found) {
    let Some(doc) = super::parse_json(text, "packages.lock.json", found) else {
        return;
    };
    let Some(frameworks) = doc.get("dependencies").and_then(|d| d.as_object()) else {
        return;
    };
    let mut seen: Vec<(String, String)> = Vec::new();
    for deps in frameworks.values().filter_map(|d| d.as_object()) {
        for (id, entry) in deps {
            if !is_relevant(Ecosystem::NuGet, id) {
                continue;
            }
            let Some(v) = entry.get("resolved").and_then(|v| v.as_str()) else {
                continue;
            };
            if seen.iter().any(|(i, s)| i == id && s == v) {
                continue;
            }
            seen.push((id.clone(), v.to_string()));
            let line = json_key_line(text, id);
            found.deps.push(dep(id, super::lock_req(v), line, true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{deps, row};
    use super::super::DepFile;
    use std::path::Path;

    #[test]
    fn package_references_attribute_element_property_and_override() {
        let text = r#"<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <RdkafkaVersion>2.4.0</RdkafkaVersion>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Confluent.Kafka" Version="[2.3.0,3.0)" />
    <PackageReference Include="librdkafka.redist">
      <Version>$(RdkafkaVersion)</Version>
    </PackageReference>
    <PackageReference Include="Serilog" Version="3.1.1" />
  </ItemGroup>
</Project>"#;
        assert_eq!(
            deps(DepFile::MsBuildProject, Path::new("Orders.csproj"), text),
            vec![
                row("Confluent.Kafka", ">=2.3.0, <3.0", 7, false),
                row("librdkafka.redist", "2.4.0", 9, false),
            ]
        );
    }

    #[test]
    fn central_package_management_applies_below() {
        let dir = tempfile::tempdir().expect("tempdir");
        let props = "<Project>\n  <ItemGroup>\n    <PackageVersion Include=\"Confluent.Kafka\" Version=\"2.2.0\" />\n  </ItemGroup>\n</Project>\n";
        std::fs::write(dir.path().join("Directory.Packages.props"), props).expect("write");
        assert_eq!(
            deps(
                DepFile::PackagesProps,
                &dir.path().join("Directory.Packages.props"),
                props
            ),
            vec![row("Confluent.Kafka", "2.2.0", 3, false)]
        );
        std::fs::create_dir_all(dir.path().join("src/Api")).expect("mkdir");
        let proj = dir.path().join("src/Api/Api.csproj");
        let text = "<Project>\n<ItemGroup>\n<PackageReference Include=\"confluent.kafka\" />\n<PackageReference Include=\"librdkafka.redist\" VersionOverride=\"2.3.0\" />\n</ItemGroup>\n</Project>";
        assert_eq!(
            deps(DepFile::MsBuildProject, &proj, text),
            vec![
                row("confluent.kafka", "2.2.0", 3, false),
                row("librdkafka.redist", "2.3.0", 4, false)
            ]
        );
    }

    #[test]
    fn lock_file_and_broken_input() {
        let lock = r#"{
  "version": 1,
  "dependencies": {
    "net8.0": {
      "Confluent.Kafka": { "type": "Direct", "requested": "[2.3.0, )", "resolved": "2.3.0" },
      "librdkafka.redist": { "type": "Transitive", "resolved": "2.3.0" }
    },
    "net6.0": {
      "Confluent.Kafka": { "type": "Direct", "requested": "[2.3.0, )", "resolved": "2.3.0" }
    }
  }
}"#;
        assert_eq!(
            deps(DepFile::NuGetLock, Path::new("packages.lock.json"), lock),
            vec![
                row("Confluent.Kafka", "2.3.0", 5, true),
                row("librdkafka.redist", "2.3.0", 6, true)
            ]
        );
        let f = super::super::extract(
            DepFile::MsBuildProject,
            Path::new("A.csproj"),
            "<Project><ItemGroup><PackageReference Include=\"Confluent.Kafka\"",
        );
        assert_eq!(f.warnings.len(), 1);
        let deep = "<a>".repeat(10_000);
        let f = super::super::extract(
            DepFile::MsBuildProject,
            Path::new("A.csproj"),
            &format!("{deep}Confluent.Kafka"),
        );
        assert_eq!(f.warnings.len(), 1);
    }
}
