//! The SARIF 2.1.0 reporter, shaped for GitHub code scanning: every rule in
//! `tool.driver.rules`, one result per finding with a region, a stable
//! partial fingerprint and, when known, a fix.
//!
//! Audit findings have no file: their location is the `kafka://` address of
//! the topic or partition, with no `uriBaseId` and no region.

use super::{cluster_uri, is_cluster_finding, ReportInput};
use crate::finding::{Finding, Severity, Span};
use crate::rules::{Scope, RULES};
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
/// Key of our entry in `partialFingerprints`; bump the suffix if the hash
/// input ever changes, so old and new fingerprints are never compared.
const FINGERPRINT_KEY: &str = "kafkalint/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    /// Our columns count characters, not UTF-16 units (SARIF's default).
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: HashMap<&'static str, String>,
    /// The other files the finding depends on (`Finding::related`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    confidence: crate::finding::Confidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    library: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    topic: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    partition: Option<i32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    end_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: [Replacement; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    #[serde(skip_serializing_if = "Option::is_none")]
    inserted_content: Option<Text>,
}

pub(super) fn render(input: &ReportInput<'_>, out: &mut dyn Write) -> io::Result<()> {
    let fingerprints = crate::fingerprint::of_all(input.findings, input.sources);
    let results = input
        .findings
        .iter()
        .zip(fingerprints)
        .map(|(f, print)| result(f, print))
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool { driver: driver() },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn driver() -> Driver {
    Driver {
        name: "kafkalint",
        version: env!("CARGO_PKG_VERSION"),
        semantic_version: env!("CARGO_PKG_VERSION"),
        information_uri: information_uri(),
        rules: RULES.iter().map(|r| descriptor(&r.meta)).collect(),
    }
}

/// The project's page: `homepage` or `repository` from Cargo.toml, else its
/// crates.io page.
fn information_uri() -> &'static str {
    let homepage = env!("CARGO_PKG_HOMEPAGE");
    let repository = env!("CARGO_PKG_REPOSITORY");
    if !homepage.is_empty() {
        homepage
    } else if !repository.is_empty() {
        repository
    } else {
        concat!("https://crates.io/crates/", env!("CARGO_PKG_NAME"))
    }
}

fn descriptor(meta: &crate::rules::RuleMeta) -> RuleDescriptor {
    let explanation = meta.explanation.trim();
    let markdown = if explanation.is_empty() {
        meta.summary.to_string()
    } else {
        explanation.to_string()
    };
    RuleDescriptor {
        id: meta.id,
        name: pascal_case(meta.id),
        short_description: Text {
            text: meta.summary.to_string(),
        },
        full_description: Text {
            text: first_paragraph(explanation).unwrap_or_else(|| meta.summary.to_string()),
        },
        help: Help {
            text: plain_text(&markdown),
            markdown,
        },
        default_configuration: Configuration {
            level: level(meta.severity),
        },
        properties: RuleProperties { tags: tags(meta) },
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `acks-unsafe` → `AcksUnsafe`.
fn pascal_case(id: &str) -> String {
    id.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// Tags GitHub offers as filters: the tool's domain, what the rule is about,
/// and where it looks.
fn tags(meta: &crate::rules::RuleMeta) -> Vec<&'static str> {
    let id = meta.id;
    let topic = if id.ends_with("-suppression") {
        "maintainability"
    } else if id.starts_with("key-") || id.starts_with("partition") {
        "partitioning"
    } else if matches!(
        id,
        "batching-disabled" | "compression-missing" | "producer-per-send" | "sync-send"
    ) {
        "performance"
    } else {
        "reliability"
    };
    let scope = match meta.scope {
        Scope::Scan => "producer",
        Scope::Audit => "cluster",
        Scope::Both => "configuration",
    };
    vec!["kafka", topic, scope]
}

/// The first paragraph of a markdown text, headings and code left out, as
/// one line of plain text.
fn first_paragraph(markdown: &str) -> Option<String> {
    markdown
        .split("\n\n")
        .map(|p| {
            p.lines()
                .map(str::trim)
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .find(|p| !p.is_empty() && !p.starts_with("```"))
        .map(|p| plain_text(&p.split_whitespace().collect::<Vec<_>>().join(" ")))
}

/// Markdown made readable as plain text: no code-span backticks, no
/// emphasis stars, no heading marks.
fn plain_text(markdown: &str) -> String {
    markdown
        .lines()
        .filter(|l| !l.trim_start().starts_with("```"))
        .map(|l| {
            let unmarked = l.trim_start_matches('#');
            let l = if unmarked.len() < l.len() && unmarked.starts_with(' ') {
                unmarked.trim_start()
            } else {
                l
            };
            l.replace("**", "").replace('`', "")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn result<'a>(f: &'a Finding, fingerprint: String) -> SarifResult<'a> {
    let rule_index = RULES.iter().position(|r| r.meta.id == f.rule);
    let (artifact, location_region) = if is_cluster_finding(f) {
        (
            ArtifactLocation {
                uri: kafka_uri(&cluster_uri(f)),
                uri_base_id: None,
            },
            None,
        )
    } else {
        (artifact_location(&f.path), region(f.span))
    };
    let fixes = match &f.fix {
        Some(fix) if !is_cluster_finding(f) => match region(fix.span) {
            Some(deleted_region) => vec![SarifFix {
                description: Text {
                    text: fix.description.clone(),
                },
                artifact_changes: [ArtifactChange {
                    artifact_location: artifact.clone(),
                    replacements: [Replacement {
                        deleted_region,
                        inserted_content: (!fix.replacement.is_empty()).then(|| Text {
                            text: fix.replacement.clone(),
                        }),
                    }],
                }],
            }],
            None => Vec::new(),
        },
        _ => Vec::new(),
    };
    SarifResult {
        rule_id: f.rule,
        rule_index,
        level: level(f.severity),
        message: Text {
            text: message_text(f),
        },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact,
                region: location_region,
            },
        }],
        partial_fingerprints: HashMap::from([(FINGERPRINT_KEY, fingerprint)]),
        related_locations: f
            .related
            .iter()
            .enumerate()
            .map(|(id, path)| RelatedLocation {
                id,
                physical_location: PhysicalLocation {
                    artifact_location: artifact_location(path),
                    region: None,
                },
                message: Text {
                    text: "this finding depends on this file".into(),
                },
            })
            .collect(),
        fixes,
        properties: ResultProperties {
            confidence: f.confidence,
            library: f.library.as_deref(),
            topic: f.topic.as_deref(),
            partition: f.partition,
        },
    }
}

/// The message, then the help as a second sentence.
fn message_text(f: &Finding) -> String {
    let message = f.message.trim();
    let help = f.help.trim();
    if help.is_empty() {
        message.to_string()
    } else if message.ends_with(['.', '!', '?']) {
        format!("{message} {}", capitalised(help))
    } else {
        format!("{message}. {}", capitalised(help))
    }
}

/// `text` with its first letter in upper case, as a sentence starts.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A SARIF region from a span, or `None` when the span has no valid line.
/// Columns are left out when unknown (0).
fn region(span: Span) -> Option<Region> {
    if span.start_line == 0 {
        return None;
    }
    let end_line = span.end_line.max(span.start_line);
    let start_column = (span.start_col > 0).then_some(span.start_col);
    let end_column = match start_column {
        Some(start) if span.end_col > 0 => Some(if end_line == span.start_line {
            span.end_col.max(start)
        } else {
            span.end_col
        }),
        _ => None,
    };
    Some(Region {
        start_line: span.start_line,
        start_column,
        end_line,
        end_column,
    })
}

/// A file path as SARIF wants it: relative paths against `%SRCROOT%` with
/// forward slashes; absolute paths as `file://` URIs.
fn artifact_location(path: &str) -> ArtifactLocation {
    let mut p = path.replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    let windows_drive = p.len() >= 3
        && p.as_bytes()[0].is_ascii_alphabetic()
        && p.as_bytes()[1] == b':'
        && p.as_bytes()[2] == b'/';
    if p.starts_with('/') {
        ArtifactLocation {
            uri: format!("file://{}", encode_uri(&p, true)),
            uri_base_id: None,
        }
    } else if windows_drive {
        ArtifactLocation {
            uri: format!("file:///{}", encode_uri(&p, true)),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            // A ':' in a relative reference would read as a scheme.
            uri: encode_uri(&p, false),
            uri_base_id: Some(SRCROOT),
        }
    }
}

/// A `kafka://servers/topic[/partition]` address as a valid URI. Its
/// authority is kept when it is one `host[:port]`; a list of servers
/// (`a:9092,b:9092`) is not a URI authority, so its colons are encoded.
fn kafka_uri(address: &str) -> String {
    let Some(rest) = address.strip_prefix("kafka://") else {
        return encode_uri(address, false);
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let single_server = match authority.rsplit_once(':') {
        Some((host, port)) => {
            !host.contains([':', ','])
                && !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
        }
        None => !authority.contains(','),
    };
    let authority = if single_server {
        encode_uri(authority, true)
    } else {
        encode_uri(authority, false)
    };
    format!("kafka://{authority}{}", encode_uri(path, true))
}

/// Percent-encodes what may not appear in a URI path (spaces, `%`, `#`,
/// `?`, non-ASCII…). `colon` keeps `:` as is.
fn encode_uri(s: &str, colon: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            )
            || (colon && b == b':');
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_case_of_ids() {
        assert_eq!(pascal_case("acks-unsafe"), "AcksUnsafe");
        assert_eq!(
            pascal_case("min-insync-replicas-low"),
            "MinInsyncReplicasLow"
        );
    }

    #[test]
    fn uris_are_relative_with_forward_slashes() {
        let a = artifact_location(".\\src\\main\\App Main.java");
        assert_eq!(a.uri, "src/main/App%20Main.java");
        assert_eq!(a.uri_base_id, Some(SRCROOT));
        let a = artifact_location("/abs/x.properties");
        assert_eq!(a.uri, "file:///abs/x.properties");
        assert_eq!(a.uri_base_id, None);
        assert_eq!(artifact_location("a:b/c.yml").uri, "a%3Ab/c.yml");
    }

    #[test]
    fn kafka_addresses_are_valid_uris() {
        assert_eq!(
            kafka_uri("kafka://b1:9092/orders/3"),
            "kafka://b1:9092/orders/3"
        );
        assert_eq!(
            kafka_uri("kafka://b1:9092,b2:9092/orders"),
            "kafka://b1%3A9092,b2%3A9092/orders"
        );
        assert_eq!(kafka_uri("kafka://b1/my topic"), "kafka://b1/my%20topic");
    }

    #[test]
    fn line_zero_has_no_region() {
        assert!(region(Span::new(0, 0, 0, 0)).is_none());
        let r = region(Span::new(3, 5, 3, 9)).expect("region");
        assert_eq!(
            (r.start_line, r.start_column, r.end_line, r.end_column),
            (3, Some(5), 3, Some(9))
        );
    }
}
