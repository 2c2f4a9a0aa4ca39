//! Snapshot tests of the three reporters on a handful of hand-made findings:
//! a scan finding with a fix, scan findings without one (with and without
//! source text), and audit findings about a partition and a whole topic.

use kafkalint::cli::Format;
use kafkalint::finding::{Confidence, Finding, Fix, Severity, Span, Summary};
use kafkalint::report::{render, ReportInput, Subject};
use kafkalint::rules::RULES;
use std::collections::HashMap;

const PROPERTIES: &str = "\
# producer settings
bootstrap.servers=broker-1:9092
acks=1
linger.ms=5
batch.size=65536
";

const JAVA: &str = "\
package com.acme;

class Orders {
    void publish(Producer<String, String> producer, Order order) {
        ProducerRecord<String, String> record =
            new ProducerRecord<>(\"orders\", order.id(), order.json());
        // nothing looks at the result
        producer.send(record);
    }
}
";

fn findings() -> Vec<Finding> {
    vec![
        Finding {
            rule: "idempotence-missing",
            severity: Severity::Error,
            path: "config/producer.properties".into(),
            span: Span::new(2, 1, 5, 17),
            message: "idempotence is off for this producer, so a retry can write a record twice"
                .into(),
            help: "Turn idempotence on explicitly.".into(),
            fix: Some(Fix {
                description: "add enable.idempotence=true".into(),
                span: Span::new(5, 17, 5, 17),
                replacement: "\nenable.idempotence=true".into(),
            }),
            library: Some("java".into()),
            confidence: Confidence::Medium,
            topic: None,
            partition: None,
            related: Vec::new(),
            fingerprint: String::new(),
            on_defaults: false,
            deployment: false,
        },
        Finding {
            rule: "acks-unsafe",
            severity: Severity::Error,
            path: "config/producer.properties".into(),
            span: Span::line(3, 6, 1),
            message: "acks=1 lets the leader confirm a record its followers have not copied yet"
                .into(),
            help: "Use acks=all so a write is confirmed only once the in-sync replicas hold it."
                .into(),
            fix: Some(Fix {
                description: "set acks to all".into(),
                span: Span::line(3, 6, 1),
                replacement: "all".into(),
            }),
            library: Some("java".into()),
            confidence: Confidence::High,
            topic: None,
            partition: None,
            related: Vec::new(),
            fingerprint: String::new(),
            on_defaults: false,
            deployment: false,
        },
        Finding {
            rule: "compression-missing",
            severity: Severity::Info,
            path: "config/staging.yaml".into(),
            span: Span::line(12, 3, 16),
            message: "records are sent uncompressed".into(),
            help: "Set compression.type to lz4 or zstd.".into(),
            fix: None,
            library: None,
            confidence: Confidence::Medium,
            topic: None,
            partition: None,
            related: Vec::new(),
            fingerprint: String::new(),
            on_defaults: false,
            deployment: false,
        },
        Finding {
            rule: "under-replicated",
            severity: Severity::Error,
            path: "kafka://broker-1:9092/orders".into(),
            span: Span::default(),
            message: "partition has 2 in-sync replicas out of 3".into(),
            help: "Find the lagging broker and bring it back into the ISR.".into(),
            fix: None,
            library: Some("topic".into()),
            confidence: Confidence::High,
            topic: Some("orders".into()),
            partition: Some(4),
            related: Vec::new(),
            fingerprint: String::new(),
            on_defaults: false,
            deployment: false,
        },
        Finding {
            rule: "min-insync-replicas-unreachable",
            severity: Severity::Error,
            path: "kafka://broker-1:9092/payments".into(),
            span: Span::default(),
            message: "min.insync.replicas=3 equals the replication factor".into(),
            help: "Lower min.insync.replicas to 2 or add a replica.".into(),
            fix: None,
            library: Some("topic".into()),
            confidence: Confidence::High,
            topic: Some("payments".into()),
            partition: None,
            related: Vec::new(),
            fingerprint: String::new(),
            on_defaults: false,
            deployment: false,
        },
        Finding {
            rule: "send-unchecked",
            severity: Severity::Warning,
            path: "src/main/java/com/acme/Orders.java".into(),
            span: Span::line(8, 9, 21),
            message: "the result of send() is never checked".into(),
            help: "Pass a callback that handles the exception, or keep the Future and check it."
                .into(),
            fix: None,
            library: Some("java".into()),
            confidence: Confidence::Low,
            topic: None,
            partition: None,
            related: Vec::new(),
            fingerprint: String::new(),
            on_defaults: false,
            deployment: false,
        },
    ]
}

fn sources() -> HashMap<String, String> {
    HashMap::from([
        (
            "config/producer.properties".to_string(),
            PROPERTIES.to_string(),
        ),
        (
            "src/main/java/com/acme/Orders.java".to_string(),
            JAVA.to_string(),
        ),
    ])
}

fn summary(findings: u64) -> Summary {
    Summary {
        files_scanned: 12,
        files_skipped: 1,
        test_files_skipped: 3,
        skipped: kafkalint::finding::Skipped {
            binary: 1,
            ..Default::default()
        },
        findings,
        suppressed: 2,
        elapsed_ms: 34,
        ..Summary::default()
    }
}

fn render_to_string(format: Format, findings: &[Finding], quiet: bool, color: bool) -> String {
    let summary = summary(findings.len() as u64);
    let sources = sources();
    let input = ReportInput {
        findings,
        summary: &summary,
        sources: &sources,
        quiet,
        subject: Subject::Files,
    };
    let mut out = Vec::new();
    render(format, &input, &mut out, color).expect("render into memory");
    String::from_utf8(out).expect("utf-8 output")
}

#[test]
fn text_report() {
    insta::assert_snapshot!(render_to_string(Format::Text, &findings(), false, false));
}

#[test]
fn text_report_in_colour() {
    let text = render_to_string(Format::Text, &findings(), false, true);
    assert!(text.contains("\u{1b}["), "colour was asked for: {text}");
    insta::assert_snapshot!(text);
}

#[test]
fn text_quiet_has_no_summary_line() {
    let text = render_to_string(Format::Text, &findings(), true, false);
    assert!(text.contains("error[acks-unsafe]"));
    assert!(!text.contains("files scanned"), "{text}");
}

#[test]
fn text_summary_without_findings() {
    let summary = Summary {
        files_scanned: 12,
        files_skipped: 0,
        test_files_skipped: 0,
        findings: 0,
        elapsed_ms: 5,
        ..Summary::default()
    };
    let sources = HashMap::new();
    let input = ReportInput {
        findings: &[],
        summary: &summary,
        sources: &sources,
        quiet: false,
        subject: Subject::Files,
    };
    let mut out = Vec::new();
    render(Format::Text, &input, &mut out, false).expect("render");
    assert_eq!(
        String::from_utf8(out).expect("utf-8"),
        "no findings in 12 files scanned in 5 ms\n"
    );
}

#[test]
fn text_summary_counts_each_severity() {
    let text = render_to_string(Format::Text, &findings(), false, false);
    let tail: Vec<&str> = text
        .lines()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert_eq!(
        tail,
        [
            "  1  acks-unsafe",
            "  1  compression-missing",
            "  1  idempotence-missing",
            "  1  min-insync-replicas-unreachable",
            "  1  send-unchecked",
            "  1  under-replicated",
            "4 errors, 1 warning, 1 info (2 suppressed) in 12 files scanned in 34 ms",
            "skipped: 1 binary, 3 test files (see --include-tests)",
        ]
    );
}

#[test]
fn text_audit_summary_counts_topics() {
    let all = findings();
    let audit: Vec<Finding> = all
        .into_iter()
        .filter(|f| f.path.starts_with("kafka://"))
        .collect();
    let summary = Summary {
        files_scanned: 2,
        files_skipped: 0,
        test_files_skipped: 0,
        findings: 2,
        elapsed_ms: 800,
        ..Summary::default()
    };
    let sources = HashMap::new();
    let input = ReportInput {
        findings: &audit,
        summary: &summary,
        sources: &sources,
        quiet: false,
        subject: Subject::Topics,
    };
    let mut out = Vec::new();
    render(Format::Text, &input, &mut out, false).expect("render");
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.contains(" --> kafka://broker-1:9092/orders (partition 4)\n"));
    assert!(
        text.ends_with(
            "  1  min-insync-replicas-unreachable\n  1  under-replicated\n2 errors in 2 topics audited in 800 ms\n"
        ),
        "{text}"
    );
}

#[test]
fn json_report() {
    insta::assert_snapshot!(render_to_string(Format::Json, &findings(), false, false));
}

#[test]
fn json_report_has_the_documented_shape() {
    let text = render_to_string(Format::Json, &findings(), false, false);
    assert!(text.ends_with("}\n"));
    let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&doc), ["findings", "summary", "version"]);
    assert_eq!(doc["version"], 1);
    assert_eq!(
        keys(&doc["summary"]),
        [
            "baselined",
            "by_rule",
            "elapsed_ms",
            "example_findings_skipped",
            "files_scanned",
            "files_skipped",
            "findings",
            "fixed",
            "skipped",
            "suppressed",
            "test_files_skipped",
            "unchanged"
        ]
    );
    assert_eq!(doc["summary"]["by_rule"]["acks-unsafe"], 1);
    assert_eq!(doc["summary"]["skipped"]["binary"], 1);
    let findings = doc["findings"].as_array().expect("findings array");
    assert_eq!(findings.len(), 6);
    let scan_keys = [
        "column",
        "confidence",
        "end_column",
        "end_line",
        "fingerprint",
        "fix",
        "help",
        "library",
        "line",
        "message",
        "path",
        "rule",
        "severity",
    ];
    assert_eq!(keys(&findings[1]), scan_keys);
    assert_eq!(keys(&findings[1]["fix"]).len(), 6);
    assert_eq!(findings[1]["line"], 3);
    assert_eq!(findings[1]["column"], 6);
    assert_eq!(findings[1]["end_column"], 7);
    assert_eq!(findings[2]["fix"], serde_json::Value::Null);
    assert_eq!(findings[2]["library"], serde_json::Value::Null);
    // Audit findings add topic and partition (null for a whole topic).
    let mut audit_keys: Vec<&str> = scan_keys.to_vec();
    audit_keys.extend(["partition", "topic"]);
    audit_keys.sort();
    assert_eq!(keys(&findings[3]), audit_keys);
    assert_eq!(findings[3]["partition"], 4);
    assert_eq!(keys(&findings[4]), audit_keys);
    assert_eq!(findings[4]["partition"], serde_json::Value::Null);
    assert_eq!(findings[4]["topic"], "payments");
}

/// The rule documentation other files own, in the SARIF output, as `(json
/// pointer, text)` pairs.
fn rule_documentation(doc: &serde_json::Value) -> Vec<(String, String)> {
    let mut docs = Vec::new();
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules array");
    for (i, _) in rules.iter().enumerate() {
        for field in [
            "/shortDescription/text",
            "/fullDescription/text",
            "/help/text",
            "/help/markdown",
        ] {
            let pointer = format!("/runs/0/tool/driver/rules/{i}{field}");
            let text = doc
                .pointer(&pointer)
                .and_then(|v| v.as_str())
                .unwrap_or_else(|| panic!("{pointer} is missing"));
            docs.push((pointer, text.to_string()));
        }
    }
    docs
}

#[test]
fn sarif_report() {
    let text = render_to_string(Format::Sarif, &findings(), false, false);
    let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    // Rule texts are written (and reworded) in the rule files; the snapshot
    // keeps the structure and leaves the wording out. `sarif_rules` checks
    // the texts come from the registry.
    let mut docs = rule_documentation(&doc);
    docs.sort_by_key(|(_, t)| std::cmp::Reverse(t.len()));
    let mut redacted = text.clone();
    for (_, t) in &docs {
        let quoted = serde_json::to_string(t).expect("a string serialises");
        redacted = redacted.replace(&format!(": {quoted}"), ": \"[rule documentation]\"");
    }
    insta::assert_snapshot!(redacted);
}

#[test]
fn sarif_rules() {
    let text = render_to_string(Format::Sarif, &findings(), false, false);
    let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules array");
    assert_eq!(rules.len(), RULES.len());
    for (rule, registered) in rules.iter().zip(RULES) {
        let meta = &registered.meta;
        assert_eq!(rule["id"], meta.id);
        let name = rule["name"].as_str().expect("a name");
        assert!(
            name.chars().next().is_some_and(char::is_uppercase)
                && name.chars().all(char::is_alphanumeric),
            "{name} is not PascalCase"
        );
        assert_eq!(rule["shortDescription"]["text"], meta.summary);
        let explanation = meta.explanation.trim();
        let markdown = if explanation.is_empty() {
            meta.summary
        } else {
            explanation
        };
        assert_eq!(rule["help"]["markdown"], markdown);
        assert!(!rule["help"]["text"].as_str().expect("help text").is_empty());
        assert!(!rule["fullDescription"]["text"]
            .as_str()
            .expect("full description")
            .is_empty());
        let level = match meta.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level);
        assert!(rule["properties"]["tags"]
            .as_array()
            .is_some_and(|t| !t.is_empty()));
    }
    // Each result points at its rule.
    for result in doc["runs"][0]["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn sarif_fingerprints_are_stable_and_distinct() {
    let base = findings();
    let text = render_to_string(Format::Sarif, &base, false, false);
    let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let prints = |doc: &serde_json::Value| -> Vec<String> {
        doc["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r["partialFingerprints"]["kafkalint/v1"].to_string())
            .collect()
    };
    let first = prints(&doc);
    let mut unique = first.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), first.len(), "fingerprints collide: {first:?}");

    // The same finding two lines further down (code inserted above it) keeps
    // its fingerprint: it hashes the line's text, not its number.
    let mut moved = base.clone();
    moved[5].span = Span::line(10, 9, 21);
    let mut sources = sources();
    let java = format!("// one\n// two\n{JAVA}");
    sources.insert("src/main/java/com/acme/Orders.java".into(), java);
    let summary = summary(6);
    let input = ReportInput {
        findings: &moved,
        summary: &summary,
        sources: &sources,
        quiet: false,
        subject: Subject::Files,
    };
    let mut out = Vec::new();
    render(Format::Sarif, &input, &mut out, false).expect("render");
    let doc: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    assert_eq!(prints(&doc), first);
}

#[test]
fn no_colour_unless_asked() {
    for format in [Format::Text, Format::Json, Format::Sarif] {
        for quiet in [false, true] {
            let out = render_to_string(format, &findings(), quiet, false);
            assert!(
                !out.contains('\u{1b}'),
                "{format:?} output has an escape sequence:\n{out}"
            );
        }
    }
    // Escape sequences inside scanned text (a source line, a message built
    // from a config value) are not passed through either.
    let mut hostile = findings();
    hostile[1].message = "acks=\u{1b}[31m1".into();
    hostile[1].help = "\u{1b}]0;title\u{7}".into();
    let summary = summary(hostile.len() as u64);
    let mut sources = sources();
    sources.insert(
        "config/producer.properties".into(),
        PROPERTIES.replace("acks=1", "acks=\u{1b}[2J1"),
    );
    let input = ReportInput {
        findings: &hostile,
        summary: &summary,
        sources: &sources,
        quiet: false,
        subject: Subject::Files,
    };
    for format in [Format::Text, Format::Json, Format::Sarif] {
        let mut out = Vec::new();
        render(format, &input, &mut out, false).expect("render");
        let out = String::from_utf8(out).expect("utf-8");
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{format:?} passes control characters through:\n{out}"
        );
    }

    // Only text is ever coloured: JSON and SARIF ignore the flag.
    for format in [Format::Json, Format::Sarif] {
        let out = render_to_string(format, &findings(), false, true);
        assert!(!out.contains('\u{1b}'), "{format:?} must never be coloured");
    }
}

#[test]
fn text_frames_survive_odd_spans() {
    // Spans past the end of a line or of the file, empty spans and spans on
    // multi-byte text must render without panicking.
    let mut odd = findings();
    odd.remove(0);
    odd.truncate(1);
    let spans = [
        Span::new(3, 40, 3, 90),
        Span::new(3, 5, 3, 5),
        Span::new(5, 1, 99, 1),
        Span::new(99, 1, 99, 4),
        Span::new(2, 3, 1, 1),
    ];
    for span in spans {
        odd[0].span = span;
        if let Some(fix) = odd[0].fix.as_mut() {
            fix.span = span;
        }
        for format in [Format::Text, Format::Json, Format::Sarif] {
            let out = render_to_string(format, &odd, false, false);
            assert!(out.contains("acks-unsafe"));
        }
    }
}

#[test]
fn text_underlines_characters_not_bytes() {
    // Columns count characters: the underline must sit under `"ünï"` (five
    // characters, eight bytes), after a tab.
    let line = "\tacks = \"ünï\"";
    let mut f = findings().remove(1);
    f.path = "a.properties".into();
    f.span = Span::line(1, 9, 5);
    f.fix = None;
    let sources = HashMap::from([("a.properties".to_string(), format!("{line}\n"))]);
    let summary = summary(1);
    let findings = [f];
    let input = ReportInput {
        findings: &findings,
        summary: &summary,
        sources: &sources,
        quiet: true,
        subject: Subject::Files,
    };
    let mut out = Vec::new();
    render(Format::Text, &input, &mut out, false).expect("render");
    let text = String::from_utf8(out).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    let source_row = lines
        .iter()
        .position(|l| l.contains("acks = "))
        .expect("the source line is shown");
    let shown = lines[source_row];
    let marks = lines[source_row + 1];
    let at = shown.find('"').expect("a quote");
    let caret_start = marks.find('^').expect("an underline");
    assert_eq!(
        shown[..at].chars().count(),
        marks[..caret_start].chars().count(),
        "{text}"
    );
    assert_eq!(marks.trim_end().matches('^').count(), 5, "{text}");
}

/// The findings plus one whose text and path hold every character the
/// machine formats must escape.
fn tricky_findings() -> Vec<Finding> {
    let mut all = findings();
    let mut f = all[5].clone();
    f.path = "src/a,b:c 100%.java".into();
    f.message = "50% of <records> & \"quotes\", a:b\r\nnext line \u{1b}[31m".into();
    f.help = "use a callback, not: get()".into();
    f.span = Span::line(3, 2, 4);
    all.push(f);
    all
}

/// Parses one GitHub workflow command line back: (command, properties,
/// message), undoing the runner's escapes.
fn parse_workflow_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let unescape = |s: &str| {
        s.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let rest = line.strip_prefix("::").expect("starts with ::");
    let (head, message) = rest.split_once("::").expect("a second ::");
    let (command, props) = head.split_once(' ').unwrap_or((head, ""));
    let props = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), unescape(v))
        })
        .collect();
    assert!(
        !message.contains(['\r', '\n']),
        "raw line break in {line:?}"
    );
    (command.to_string(), props, unescape(message))
}

#[test]
fn github_report() {
    insta::assert_snapshot!(render_to_string(Format::Github, &findings(), false, false));
}

#[test]
fn github_commands_escape_and_round_trip() {
    let all = tricky_findings();
    let text = render_to_string(Format::Github, &all, false, false);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), all.len(), "{text}");
    for (line, f) in lines.iter().zip(&all) {
        let (command, props, message) = parse_workflow_command(line);
        let want = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        assert_eq!(command, want);
        assert!(message.starts_with(&f.message), "{message:?}");
        assert!(
            message.ends_with(&format!("\nhelp: {}", f.help)),
            "{message:?}"
        );
        let prop = |k: &str| {
            props
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(
            prop("title"),
            Some(format!("kafkalint {}", f.rule).as_str())
        );
        if f.path.starts_with("kafka://") {
            assert_eq!(prop("file"), None);
            continue;
        }
        assert_eq!(prop("file"), Some(f.path.as_str()));
        assert_eq!(prop("line"), Some(f.span.start_line.to_string().as_str()));
        let single = f.span.end_line == f.span.start_line;
        assert_eq!(prop("col").is_some(), single, "{line}");
        if single {
            assert_eq!(prop("col"), Some(f.span.start_col.to_string().as_str()));
            let end = (f.span.end_col - 1).max(f.span.start_col);
            assert_eq!(prop("endColumn"), Some(end.to_string().as_str()));
        }
    }
}

fn gitlab_doc(findings: &[Finding]) -> serde_json::Value {
    serde_json::from_str(&render_to_string(Format::Gitlab, findings, false, false))
        .expect("GitLab report is JSON")
}

#[test]
fn gitlab_report() {
    insta::assert_snapshot!(render_to_string(Format::Gitlab, &findings(), false, false));
}

#[test]
fn gitlab_report_matches_the_documented_shape_with_sarif_fingerprints() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("data/gitlab-codequality.schema.json"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let all = tricky_findings();
    let doc = gitlab_doc(&all);
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let issues = doc.as_array().expect("an array");
    assert_eq!(issues.len(), all.len());
    let prints: std::collections::HashSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().expect("a string"))
        .collect();
    assert_eq!(prints.len(), issues.len(), "fingerprints must be unique");
    // The same fingerprints as SARIF's partialFingerprints.
    let sarif: serde_json::Value =
        serde_json::from_str(&render_to_string(Format::Sarif, &all, false, false)).unwrap();
    for (issue, result) in issues
        .iter()
        .zip(sarif["runs"][0]["results"].as_array().unwrap())
    {
        assert_eq!(
            issue["fingerprint"],
            result["partialFingerprints"]["kafkalint/v1"]
        );
    }
    assert_eq!(issues[1]["check_name"], "acks-unsafe");
    assert_eq!(issues[1]["severity"], "major");
    assert_eq!(issues[1]["location"]["path"], "config/producer.properties");
    assert_eq!(issues[1]["location"]["lines"]["begin"], 3);
}

/// Validates `xml` against `xsd` (in tests/data) with xmllint. Without
/// xmllint the check is skipped with a note, unless
/// KAFKALINT_REQUIRE_XMLLINT is set (CI sets it).
fn validate_xml(xml: &str, xsd: &str) {
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(xsd);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("report.xml");
    std::fs::write(&file, xml).expect("write");
    match std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "not valid against {xsd}:\n{}\n{xml}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => {
            assert!(
                std::env::var_os("KAFKALINT_REQUIRE_XMLLINT").is_none(),
                "xmllint is required: {e}"
            );
            eprintln!("xmllint not found ({e}): schema validation against {xsd} skipped (apt-get install libxml2-utils)");
        }
    }
}

#[test]
fn junit_report() {
    insta::assert_snapshot!(render_to_string(Format::Junit, &findings(), false, false));
}

#[test]
fn junit_report_matches_the_schema() {
    let all = tricky_findings();
    let xml = render_to_string(Format::Junit, &all, false, false);
    validate_xml(&xml, "junit-10.xsd");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(
        root.attribute("tests"),
        Some(all.len().to_string().as_str())
    );
    let cases: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), all.len());
    let failure = cases
        .iter()
        .find_map(|c| {
            c.children().find(|n| {
                n.has_tag_name("failure")
                    && n.attribute("message").is_some_and(|m| m.starts_with("50%"))
            })
        })
        .expect("the tricky finding");
    assert_eq!(
        failure.attribute("message"),
        Some("50% of <records> & \"quotes\", a:b\r\nnext line \u{FFFD}[31m")
    );
    // No findings: still a valid report.
    let empty = render_to_string(Format::Junit, &[], false, false);
    validate_xml(&empty, "junit-10.xsd");
}

#[test]
fn checkstyle_report() {
    insta::assert_snapshot!(render_to_string(
        Format::Checkstyle,
        &findings(),
        false,
        false
    ));
}

#[test]
fn checkstyle_report_matches_the_schema() {
    let all = tricky_findings();
    let xml = render_to_string(Format::Checkstyle, &all, false, false);
    validate_xml(&xml, "checkstyle.xsd");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let files: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("file"))
        .collect();
    let errors = files
        .iter()
        .flat_map(|f| f.children().filter(|n| n.has_tag_name("error")))
        .count();
    assert_eq!(errors, all.len());
    let tricky = files
        .iter()
        .find(|f| f.attribute("name") == Some("src/a,b:c 100%.java"))
        .expect("the tricky file");
    let e = tricky.children().find(|n| n.has_tag_name("error")).unwrap();
    assert_eq!(e.attribute("line"), Some("3"));
    assert_eq!(e.attribute("column"), Some("2"));
    assert_eq!(e.attribute("source"), Some("kafkalint.send-unchecked"));
    validate_xml(
        &render_to_string(Format::Checkstyle, &[], false, false),
        "checkstyle.xsd",
    );
}

#[test]
fn related_files_show_only_when_known() {
    let mut all = findings();
    let plain = render_to_string(Format::Text, &all, true, false);
    assert!(!plain.contains("depends on"));
    let json = render_to_string(Format::Json, &all, true, false);
    assert!(!json.contains("\"related\""));
    all[1].related = vec!["pom.xml".into()];
    let text = render_to_string(Format::Text, &all, true, false);
    assert!(text.contains("= note: depends on pom.xml\n"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&render_to_string(Format::Json, &all, true, false)).unwrap();
    assert_eq!(json["findings"][1]["related"][0], "pom.xml");
    assert!(json["findings"][0].get("related").is_none());
}
