//! End-to-end tests of what a team needs to turn kafkalint on: the
//! configuration file, rule selection, exclusion, suppressions, baselines,
//! `--fix`/`--diff`, `--changed-since` and `kafkalint init`.

mod common;

use common::{kafkalint, stderr, BAD_PRODUCER as SENDER};
use std::path::Path;
use std::process::{Command, Output};

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// `(rule, path, line, severity)` of each finding of a JSON scan.
fn findings(dir: &Path, args: &[&str]) -> (Vec<(String, String, u64, String)>, Output) {
    let mut all = vec!["scan", "--format", "json"];
    all.extend(args);
    let out = kafkalint(dir, &all);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {}", stderr(&out)));
    let list = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (list, out)
}

fn rules_in(list: &[(String, String, u64, String)], path: &str) -> Vec<String> {
    let mut r: Vec<String> = list
        .iter()
        .filter(|f| f.1 == path)
        .map(|f| f.0.clone())
        .collect();
    r.sort();
    r
}

const PRODUCER_PROPERTIES: &str = "bootstrap.servers=kafka:9092\nacks=1\n";

#[test]
fn the_documented_configuration_shape_works() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "svc/Sender.java", SENDER);
    write(d, "legacy/Sender.java", SENDER);
    write(d, "svc/producer.properties", PRODUCER_PROPERTIES);
    write(d, "generated/producer.properties", PRODUCER_PROPERTIES);
    write(
        d,
        "kafkalint.toml",
        r#"
exclude = ["generated/**"]

[rules]
ignore = ["compression-missing"]

[rules.severity]
acks-unsafe = "warning"

[[overrides]]
paths = ["legacy/**"]
ignore = ["acks-unsafe", "sync-send"]

[defaults]
kafka-clients = "2.8.1"
"#,
    );
    let (list, out) = findings(d, &[]);
    assert_eq!(rules_in(&list, "legacy/Sender.java"), Vec::<String>::new());
    assert_eq!(rules_in(&list, "svc/Sender.java"), ["acks-unsafe"]);
    assert!(rules_in(&list, "generated/producer.properties").is_empty());
    assert!(
        list.iter()
            .all(|f| f.0 != "acks-unsafe" || f.3 == "warning"),
        "{list:?}"
    );
    // The summary on standard error says what was left out.
    assert!(
        stderr(&out).contains("1 directory excluded"),
        "{}",
        stderr(&out)
    );

    // --isolated reads no configuration; --config names another one.
    let (list, _) = findings(d, &["--isolated"]);
    assert_eq!(rules_in(&list, "legacy/Sender.java"), ["acks-unsafe"]);
    assert!(!rules_in(&list, "generated/producer.properties").is_empty());
    write(d, "other.toml", "[rules]\nselect = [\"key-*\"]\n");
    let (list, _) = findings(d, &["--config", "other.toml"]);
    assert!(list.iter().all(|f| f.0.starts_with("key-")), "{list:?}");

    // The configuration is found from a subdirectory too, and its globs
    // stay relative to its own directory.
    let (list, _) = findings(&d.join("legacy"), &[]);
    assert!(list.is_empty(), "{list:?}");
}

#[test]
fn select_ignore_and_exclude_flags() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a/Sender.java", SENDER);
    write(d, "b/producer.properties", PRODUCER_PROPERTIES);
    let (all, _) = findings(d, &["--isolated"]);
    assert!(
        rules_in(&all, "b/producer.properties").len() >= 2,
        "{all:?}"
    );
    let (list, _) = findings(d, &["--select", "acks-unsafe"]);
    assert!(
        list.iter().all(|f| f.0 == "acks-unsafe") && list.len() == 2,
        "{list:?}"
    );
    let (list, _) = findings(d, &["--ignore", "acks-unsafe,idempotence-missing"]);
    assert!(list
        .iter()
        .all(|f| f.0 != "acks-unsafe" && f.0 != "idempotence-missing"));
    let (list, out) = findings(d, &["--exclude", "*.properties"]);
    assert!(rules_in(&list, "b/producer.properties").is_empty());
    assert!(stderr(&out).contains("1 file excluded"), "{}", stderr(&out));
    // A file named on the command line is excluded too (pre-commit passes
    // file names).
    let (list, _) = findings(d, &["--exclude", "b/**", "b/producer.properties"]);
    assert!(list.is_empty());
    // Unknown rule ids are usage errors with a suggestion.
    let out = kafkalint(d, &["scan", "--select", "acks-unsafee"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `acks-unsafe`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn configuration_errors_name_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "producer.properties", PRODUCER_PROPERTIES);
    write(
        d,
        "kafkalint.toml",
        "[rules]\nignore = [\"acks-unsafe\"]\nseverity = { key-nul = \"error\" }\n",
    );
    let out = kafkalint(d, &["scan"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("kafkalint.toml:3:14: `rules.severity.key-nul`: unknown rule `key-nul`"),
        "{err}"
    );
    assert!(err.contains("did you mean `key-null`"), "{err}");
    write(d, "kafkalint.toml", "tests = true\nverbose = true\n");
    let err = stderr(&kafkalint(d, &["scan"]));
    assert!(
        err.contains("kafkalint.toml:2:1: `verbose`: unknown field `verbose`"),
        "{err}"
    );
    // pyproject.toml's [tool.kafkalint] is read when there is no
    // kafkalint.toml, and checked the same way.
    std::fs::remove_file(d.join("kafkalint.toml")).unwrap();
    write(
        d,
        "pyproject.toml",
        "[project]\nname = \"svc\"\n\n[tool.kafkalint.rules]\nignore = [\"acks-unsafe\", \"idempotence-missing\"]\n",
    );
    let (list, _) = findings(d, &[]);
    assert!(list.iter().all(|f| f.0 != "acks-unsafe"), "{list:?}");
    write(d, "pyproject.toml", "[tool.kafkalint]\nselect = []\n");
    let err = stderr(&kafkalint(d, &["scan"]));
    assert!(
        err.contains("pyproject.toml:2:1: `tool.kafkalint.select`"),
        "{err}"
    );
}

#[test]
fn init_writes_a_starter_file_that_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "producer.properties", PRODUCER_PROPERTIES);
    let out = kafkalint(d, &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(d.join("kafkalint.toml")).unwrap();
    assert!(text.contains("[rules]") && text.contains("acks-unsafe"));
    assert_eq!(kafkalint(d, &["init"]).status.code(), Some(2));
    assert_eq!(kafkalint(d, &["init", "--force"]).status.code(), Some(0));
    let before = findings(d, &["--isolated"]).0;
    assert_eq!(
        findings(d, &[]).0,
        before,
        "the starter file changes nothing"
    );
}

#[test]
fn suppressions_unused_and_invalid_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let suppressed = SENDER.replace(
        r#"props.put(ProducerConfig.ACKS_CONFIG, "0");"#,
        r#"props.put(ProducerConfig.ACKS_CONFIG, "0"); // kafkalint:ignore acks-unsafe -- metrics only"#,
    );
    let stale = SENDER.replace(
        "producer = new KafkaProducer<>(props);",
        "// kafkalint:ignore key-null, acks-unsafee -- left over\n        producer = new KafkaProducer<>(props);",
    );
    write(d, "a/Sender.java", &suppressed);
    write(d, "b/Sender.java", &stale);
    write(
        d,
        "c/producer.properties",
        "# kafkalint:ignore-file acks-unsafe, idempotence-missing, retries-reorder -- a dev box\nbootstrap.servers=x:9092\nacks=1\n",
    );
    let (list, out) = findings(d, &[]);
    assert!(rules_in(&list, "a/Sender.java").is_empty(), "{list:?}");
    assert!(
        rules_in(&list, "c/producer.properties").is_empty(),
        "{list:?}"
    );
    assert_eq!(
        rules_in(&list, "b/Sender.java"),
        ["acks-unsafe", "invalid-suppression", "unused-suppression"]
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["summary"]["suppressed"].as_u64().unwrap() >= 2);
    for rule in ["unused-suppression", "invalid-suppression"] {
        let out = kafkalint(d, &["explain", rule]);
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stdout).contains("## Fix"));
    }
}

#[test]
fn baseline_reports_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The same finding twice in one file: told apart.
    let twice = SENDER
        .replace("public class Sender", "class First")
        .replace("public Sender()", "First()")
        + &SENDER
            .replace("public class Sender", "class Second")
            .replace("public Sender()", "Second()")
            .lines()
            .skip(3)
            .collect::<Vec<_>>()
            .join("\n");
    write(d, "app/Twice.java", &twice);
    write(d, "app/producer.properties", PRODUCER_PROPERTIES);
    let (initial, _) = findings(d, &[]);
    assert_eq!(
        initial
            .iter()
            .filter(|f| f.0 == "acks-unsafe" && f.1 == "app/Twice.java")
            .count(),
        2,
        "{initial:?}"
    );
    let out = kafkalint(d, &["scan", "--write-baseline", ".kafkalint-baseline.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("wrote {} findings", initial.len())));

    let out = kafkalint(d, &["scan", "--baseline", ".kafkalint-baseline.json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains(&format!("no findings ({} in the baseline)", initial.len())));

    // Unrelated edits shift every line; a third identical producer is new.
    let shifted = format!("// header\n// more header\n\n{twice}");
    let third = SENDER
        .replace("public class Sender", "class Third")
        .replace("public Sender()", "Third()")
        .lines()
        .skip(3)
        .collect::<Vec<_>>()
        .join("\n");
    write(d, "app/Twice.java", &format!("{shifted}\n{third}"));
    write(d, "app/New.java", &SENDER.replace("Sender", "New"));
    let (list, out) = findings(d, &["--baseline", ".kafkalint-baseline.json"]);
    assert_eq!(out.status.code(), Some(1));
    let new: Vec<(&str, &str)> = list.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
    assert_eq!(
        new,
        [
            ("acks-unsafe", "app/New.java"),
            ("acks-unsafe", "app/Twice.java")
        ]
    );
    assert!(
        list[1].2 > 40,
        "the third producer is the new one: {list:?}"
    );

    // Fixed findings drop out when the baseline is written again.
    write(
        d,
        "app/producer.properties",
        "bootstrap.servers=kafka:9092\nacks=all\n",
    );
    kafkalint(d, &["scan", "--write-baseline", ".kafkalint-baseline.json"]);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join(".kafkalint-baseline.json")).unwrap())
            .unwrap();
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(!paths.contains(&"app/producer.properties"), "{paths:?}");
    // SARIF carries the fingerprints the baseline holds.
    let out = kafkalint(d, &["scan", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut from_sarif: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["kafkalint/v1"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut from_baseline: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fingerprint"].as_str().unwrap().to_string())
        .collect();
    from_sarif.sort();
    from_baseline.sort();
    assert_eq!(from_sarif, from_baseline);
}

#[test]
fn fix_and_diff() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let config = "# producer\nbootstrap.servers=kafka:9092\nacks=1\nlinger.ms=0\n";
    write(d, "producer.properties", config);
    write(d, "Sender.java", SENDER);

    let out = kafkalint(d, &["scan", "--diff"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let patch = String::from_utf8_lossy(&out.stdout);
    assert!(
        patch.contains("--- a/producer.properties\n+++ b/producer.properties\n"),
        "{patch}"
    );
    assert!(
        patch.contains("-acks=1\n") && patch.contains("+acks=all\n"),
        "{patch}"
    );
    assert!(
        patch.contains("-        props.put(ProducerConfig.ACKS_CONFIG, \"0\");"),
        "{patch}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("producer.properties")).unwrap(),
        config
    );

    let (before, _) = findings(d, &[]);
    let out = kafkalint(d, &["scan", "--fix"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("fixed"), "{text}");
    let fixed = std::fs::read_to_string(d.join("producer.properties")).unwrap();
    assert!(
        fixed.contains("acks=all\n") && fixed.starts_with("# producer\n"),
        "{fixed}"
    );
    let java = std::fs::read_to_string(d.join("Sender.java")).unwrap();
    assert!(
        java.contains(r#"props.put(ProducerConfig.ACKS_CONFIG, "all");"#),
        "{java}"
    );
    let (after, _) = findings(d, &[]);
    assert!(after.iter().all(|f| f.0 != "acks-unsafe"), "{after:?}");
    assert!(after.len() < before.len());
    // Nothing left to fix: --diff is empty and exits 0.
    let out = kafkalint(d, &["scan", "--diff", "--select", "acks-unsafe"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn changed_since_reports_changed_files_with_facts_from_unchanged_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "pom.xml",
        r#"<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.acme</groupId>
  <artifactId>billing</artifactId>
  <version>1.0</version>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-clients</artifactId>
      <version>2.8.1</version>
    </dependency>
  </dependencies>
</project>
"#,
    );
    let quiet = SENDER.replace(
        "        props.put(ProducerConfig.ACKS_CONFIG, \"0\");\n",
        "",
    );
    write(d, "src/main/java/A.java", &quiet.replace("Sender", "A"));
    write(d, "src/main/java/B.java", &quiet.replace("Sender", "B"));
    git(d, &["init", "-q"]);
    git(
        d,
        &[
            "-c",
            "user.email=t@example.com",
            "-c",
            "user.name=t",
            "add",
            "-A",
        ],
    );
    git(
        d,
        &[
            "-c",
            "user.email=t@example.com",
            "-c",
            "user.name=t",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "-qm",
            "one",
        ],
    );
    let (all, _) = findings(d, &[]);
    assert!(
        !rules_in(&all, "src/main/java/B.java").is_empty(),
        "{all:?}"
    );

    let changed = quiet
        .replace("Sender", "A")
        .replace("\"events\"", "\"invoices\"");
    write(d, "src/main/java/A.java", &changed);
    let out = kafkalint(d, &["scan", "--format", "json", "--changed-since", "HEAD"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = doc["findings"].as_array().unwrap();
    assert!(!list.is_empty());
    assert!(
        list.iter().all(|f| f["path"] == "src/main/java/A.java"),
        "{list:?}"
    );
    // The version still comes from the unchanged pom.xml.
    assert!(
        list.iter()
            .any(|f| f["message"].as_str().unwrap().contains("2.8.1")),
        "{list:?}"
    );
    assert!(doc["summary"]["unchanged"].as_u64().unwrap() > 0);
    let out = kafkalint(d, &["scan", "--changed-since", "no-such-rev"]);
    assert_eq!(out.status.code(), Some(2));
}
