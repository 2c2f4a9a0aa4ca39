//! Validates the SARIF reporter's output against the SARIF 2.1.0 JSON schema
//! (`tests/data/sarif-schema-2.1.0.json`), and checks that the validation
//! really runs by feeding it documents that break the schema.

use kafkalint::cli::Format;
use kafkalint::finding::{Confidence, Finding, Fix, Severity, Span, Summary};
use kafkalint::report::{render, ReportInput, Subject};
use serde_json::{json, Value};
use std::collections::HashMap;

fn validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif-schema-2.1.0.json"
    );
    let text = std::fs::read_to_string(path).expect("schema file is readable");
    let mut schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    // This copy of the schema keeps the constraints on the log itself in
    // `definitions/Root` and nothing at its top level, so as it stands it
    // accepts any document. Point the top level at `Root`.
    let root = schema.as_object_mut().expect("schema is an object");
    let constrains_top_level = ["type", "properties", "required", "$ref", "allOf"]
        .iter()
        .any(|k| root.contains_key(*k));
    if !constrains_top_level {
        assert!(
            root.get("definitions")
                .and_then(|d| d.get("Root"))
                .is_some(),
            "the schema has neither top-level constraints nor definitions/Root"
        );
        root.insert("$ref".into(), json!("#/definitions/Root"));
    }
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

fn findings() -> Vec<Finding> {
    let base = Finding {
        rule: "acks-unsafe",
        severity: Severity::Error,
        path: "config/producer.properties".into(),
        span: Span::line(2, 6, 1),
        message: "acks=1 can lose acknowledged records".into(),
        help: "Use acks=all.".into(),
        fix: Some(Fix {
            description: "set acks to all".into(),
            span: Span::line(2, 6, 1),
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
    };
    vec![
        base.clone(),
        Finding {
            rule: "idempotence-missing",
            path: "src/main/java/App Main.java".into(),
            span: Span::new(14, 5, 16, 12),
            fix: Some(Fix {
                description: "delete the line that turns idempotence off".into(),
                span: Span::new(15, 1, 16, 1),
                replacement: String::new(),
            }),
            related: vec![
                "pom.xml".into(),
                "src/main/resources/application.yml".into(),
            ],
            ..base.clone()
        },
        Finding {
            rule: "producer-per-send",
            severity: Severity::Warning,
            path: "src/main/java/Café.java".into(),
            span: Span::line(3, 1, 10),
            fix: None,
            library: None,
            confidence: Confidence::Low,
            ..base.clone()
        },
        Finding {
            rule: "partition-skew",
            severity: Severity::Warning,
            path: "kafka://broker-1:9092,broker-2:9092/orders".into(),
            span: Span::default(),
            fix: None,
            library: Some("topic".into()),
            topic: Some("orders".into()),
            partition: Some(7),
            ..base.clone()
        },
        Finding {
            rule: "min-insync-replicas-unreachable",
            path: "kafka://broker-1:9092/payments".into(),
            span: Span::default(),
            fix: None,
            topic: Some("payments".into()),
            partition: None,
            ..base
        },
    ]
}

fn sarif(findings: &[Finding]) -> Value {
    let summary = Summary {
        files_scanned: 3,
        findings: findings.len() as u64,
        elapsed_ms: 7,
        ..Summary::default()
    };
    let sources = HashMap::from([(
        "config/producer.properties".to_string(),
        "bootstrap.servers=localhost:9092\nacks=1\n".to_string(),
    )]);
    let input = ReportInput {
        findings,
        summary: &summary,
        sources: &sources,
        quiet: false,
        subject: Subject::Files,
    };
    let mut out = Vec::new();
    render(Format::Sarif, &input, &mut out, false).expect("render");
    serde_json::from_slice(&out).expect("SARIF output is JSON")
}

#[test]
fn sarif_output_matches_the_schema() {
    let validator = validator();
    let doc = sarif(&findings());
    assert_eq!(doc["runs"][0]["results"].as_array().map(Vec::len), Some(5));
    let errs = errors(&validator, &doc);
    assert!(errs.is_empty(), "SARIF output breaks the schema: {errs:#?}");

    let empty = sarif(&[]);
    let errs = errors(&validator, &empty);
    assert!(errs.is_empty(), "empty SARIF breaks the schema: {errs:#?}");
}

#[test]
fn the_schema_rejects_broken_documents() {
    let validator = validator();
    let good = sarif(&findings());
    assert!(validator.is_valid(&good));

    let mut breakages: Vec<(&str, Value)> = Vec::new();
    let mut doc = good.clone();
    doc.as_object_mut().expect("object").remove("version");
    breakages.push(("no version", doc));
    let mut doc = good.clone();
    doc["version"] = json!("2.0.0");
    breakages.push(("wrong version", doc));
    let mut doc = good.clone();
    doc["runs"][0]["results"][0]["level"] = json!("fatal");
    breakages.push(("unknown level", doc));
    let mut doc = good.clone();
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        json!(0);
    breakages.push(("line 0", doc));
    let mut doc = good.clone();
    doc["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .expect("driver")
        .remove("name");
    breakages.push(("driver without a name", doc));
    let mut doc = good.clone();
    doc["runs"][0]["results"][0]["unexpected"] = json!(true);
    breakages.push(("unknown result property", doc));

    for (what, doc) in breakages {
        assert!(
            !validator.is_valid(&doc),
            "the schema accepted a document with {what}: validation is not running"
        );
    }
}

#[test]
fn audit_results_have_no_region_and_no_base() {
    let doc = sarif(&findings());
    let results = doc["runs"][0]["results"].as_array().expect("results");
    let skew = &results[3]["locations"][0]["physicalLocation"];
    assert_eq!(
        skew["artifactLocation"]["uri"],
        "kafka://broker-1%3A9092,broker-2%3A9092/orders/7"
    );
    assert!(skew["artifactLocation"].get("uriBaseId").is_none());
    assert!(skew.get("region").is_none());
    let topic = &results[4]["locations"][0]["physicalLocation"];
    assert_eq!(
        topic["artifactLocation"]["uri"],
        "kafka://broker-1:9092/payments"
    );
    // Scan results: relative URIs under %SRCROOT%, percent-encoded.
    let scan = &results[1]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(scan["uri"], "src/main/java/App%20Main.java");
    assert_eq!(scan["uriBaseId"], "%SRCROOT%");
    assert_eq!(
        results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/main/java/Caf%C3%A9.java"
    );
    // A deletion has no inserted content.
    let replacement = &results[1]["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert!(replacement.get("insertedContent").is_none());
    assert_eq!(replacement["deletedRegion"]["startLine"], 15);
}
