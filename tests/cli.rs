//! End-to-end tests of the `kafkalint` binary: exit codes, flags, and bad
//! input that must never crash a scan.

mod common;

use common::{kafkalint, stderr, stdout, BAD_PRODUCER};
use std::path::Path;

#[test]
fn bad_input_never_crashes_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("Binary.java"), b"\x00\x01\x02KafkaProducer\x00\xff").unwrap();
    std::fs::write(
        d.join("Latin1.java"),
        b"// caf\xe9\nclass L { KafkaProducer p; }\n",
    )
    .unwrap();
    std::fs::write(d.join("Empty.java"), b"").unwrap();
    std::fs::write(
        d.join("Broken.java"),
        "public class Broken { void f() { Properties p = new Properties(); p.put(\"acks\", \"1\"); new KafkaProducer<>(p) ",
    )
    .unwrap();
    let deep = format!(
        "class Deep {{ Object o = {}KafkaProducer{}; }}",
        "(".repeat(20_000),
        ")".repeat(20_000)
    );
    std::fs::write(d.join("Deep.java"), deep).unwrap();
    std::fs::write(
        d.join("broken.yml"),
        "spring:\n  kafka:\n    producer: [acks: {\n",
    )
    .unwrap();
    std::fs::write(d.join("Sender.java"), BAD_PRODUCER).unwrap();

    let out = kafkalint(d, &["scan", "--format", "json"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    // The good file is still analysed after the bad ones.
    let rules: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "Sender.java")
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(rules, ["acks-unsafe"], "findings: {json}");
    assert!(
        err.contains("Binary.java: skipped, binary content"),
        "stderr: {err}"
    );
    assert!(
        err.contains("Latin1.java") && err.contains("UTF-8"),
        "stderr: {err}"
    );
    assert!(err.contains("Broken.java"), "stderr: {err}");
    assert!(json["summary"]["files_skipped"].as_u64().unwrap() >= 1);
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Sender.java"), BAD_PRODUCER).unwrap();
    let d = dir.path();
    assert_eq!(kafkalint(d, &["scan"]).status.code(), Some(1));
    assert_eq!(
        kafkalint(d, &["scan", "--fail-on", "never"]).status.code(),
        Some(0)
    );
    assert_eq!(
        kafkalint(d, &["scan", "--fail-on", "error"]).status.code(),
        Some(1)
    );
    assert_eq!(
        kafkalint(d, &["scan", "does-not-exist"]).status.code(),
        Some(2)
    );
    assert_eq!(
        kafkalint(d, &["scan", "--format", "yaml"]).status.code(),
        Some(2)
    );

    let clean = tempfile::tempdir().unwrap();
    std::fs::write(clean.path().join("App.java"), "class App { int kafka; }").unwrap();
    let out = kafkalint(clean.path(), &["scan"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn output_file_and_quiet() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Sender.java"), BAD_PRODUCER).unwrap();
    let out = kafkalint(
        dir.path(),
        &[
            "scan",
            "--format",
            "sarif",
            "--output",
            "report.sarif",
            "--quiet",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "acks-unsafe");
}

#[test]
fn rules_and_explain() {
    let d = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = kafkalint(d, &["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for id in [
        "acks-unsafe",
        "idempotence-missing",
        "retries-reorder",
        "batching-disabled",
        "compression-missing",
        "key-null",
        "key-low-cardinality",
        "key-timestamp",
        "key-random",
        "partitioner-unstable",
        "sync-send",
        "send-unchecked",
        "producer-per-send",
        "min-insync-replicas-low",
        "unclean-leader-election",
    ] {
        assert!(text.contains(id), "{id} missing from `rules`");
        let explained = kafkalint(d, &["explain", id]);
        assert_eq!(explained.status.code(), Some(0));
        let body = stdout(&explained);
        assert!(
            body.contains("## Fix") && body.contains("## When to ignore"),
            "{id}: {body}"
        );
    }
    assert_eq!(
        kafkalint(d, &["explain", "no-such-rule"]).status.code(),
        Some(2)
    );
}

#[test]
fn explain_unknown_names_the_blind_spots() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("Publisher.java"),
        r#"
import java.util.Properties;
import org.apache.kafka.clients.producer.*;

public class Publisher {
    private final KafkaProducer<String, String> producer;

    public Publisher(Properties base, String acks) {
        Properties props = new Properties();
        props.putAll(base);
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        producer = new KafkaProducer<>(props);
    }
}
"#,
    )
    .unwrap();
    let out = kafkalint(d, &["scan", "--explain-unknown", "--fail-on", "never", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("1 producer with settings that could not be resolved"),
        "{err}"
    );
    assert!(
        err.contains("Publisher.java:12  kafka-clients `producer`"),
        "{err}"
    );
    assert!(err.contains("`base` is a parameter"), "{err}");
    assert!(
        err.contains("acks (line 11) is `acks`, not known statically"),
        "{err}"
    );
    // Without the flag, nothing of it.
    let quiet = kafkalint(d, &["scan", "--fail-on", "never", "."]);
    assert!(!stderr(&quiet).contains("could not be resolved"));
}

#[test]
fn examples_as_code_keeps_findings_on_defaults_in_example_folders() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let examples = d.join("examples");
    std::fs::create_dir_all(&examples).unwrap();
    // kafka-clients 2.8: acks=1 and no idempotence by default.
    let pom = "<project><dependencies><dependency><groupId>org.apache.kafka</groupId>\
               <artifactId>kafka-clients</artifactId><version>2.8.1</version>\
               </dependency></dependencies></project>";
    std::fs::write(d.join("pom.xml"), pom).unwrap();
    let unset = BAD_PRODUCER.replace("props.put(ProducerConfig.ACKS_CONFIG, \"0\");", "");
    std::fs::write(examples.join("Demo.java"), &unset).unwrap();
    std::fs::write(d.join("App.java"), &unset).unwrap();
    let json = |args: &[&str]| -> serde_json::Value {
        let out = kafkalint(d, args);
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)))
    };
    let rules_in = |v: &serde_json::Value, file: &str| -> Vec<String> {
        let mut r: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"].as_str().is_some_and(|p| p.ends_with(file)))
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect();
        r.sort();
        r
    };
    let base = ["scan", "--format", "json", "--fail-on", "never", "."];
    let default = json(&base);
    let all = json(&[&base[..], &["--examples-as-code"]].concat());
    // The application file is reported the same either way; the example
    // loses exactly the findings that rest on defaults, and says so.
    assert_eq!(rules_in(&default, "App.java"), rules_in(&all, "App.java"));
    assert_eq!(rules_in(&all, "Demo.java"), rules_in(&all, "App.java"));
    let kept = rules_in(&default, "Demo.java");
    let left_out = rules_in(&all, "Demo.java").len() - kept.len();
    assert!(left_out > 0, "{kept:?}");
    assert_eq!(
        default["summary"]["example_findings_skipped"],
        left_out as u64
    );
    assert_eq!(all["summary"]["example_findings_skipped"], 0);
}

#[test]
fn spring_profiles_are_named_in_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = kafkalint(
        root,
        &[
            "scan",
            "--format",
            "json",
            "--fail-on",
            "never",
            "tests/fixtures/boot27-app",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let messages: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["rule"], f["message"]))
        .collect();
    let has = |rule: &str, text: &str| {
        messages
            .iter()
            .any(|m| m.starts_with(&format!("\"{rule}\"")) && m.contains(text))
    };
    // The profile file's own finding says which profile it is in.
    assert!(
        has("acks-unsafe", "in profile `prod`: acks=1 is set"),
        "{messages:#?}"
    );
    // The base file's finding names the profile that overrides the setting.
    assert!(
        has(
            "retries-reorder",
            "profile `prod` sets max.in.flight.requests.per.connection=5 (line 11)"
        ),
        "{messages:#?}"
    );
    // The profile is checked with the base file's settings under it.
    assert!(
        has(
            "idempotence-missing",
            "in profile `prod`: enable.idempotence is not set, so kafka-clients 3.1.1"
        ),
        "{messages:#?}"
    );
}

#[test]
fn the_cache_never_changes_a_result() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    std::fs::write(d.join("Sender.java"), BAD_PRODUCER).unwrap();
    std::fs::write(
        d.join("application.properties"),
        "spring.kafka.producer.acks=1\nspring.kafka.producer.batch-size=0\n",
    )
    .unwrap();
    let run = |extra: &[&str]| -> (serde_json::Value, String) {
        let args = [
            &["scan", "--format", "json", "--fail-on", "never"][..],
            extra,
            &["."],
        ]
        .concat();
        let out = kafkalint(d, &args);
        let mut v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
        v["summary"]["elapsed_ms"] = 0.into();
        (v, stderr(&out))
    };
    let (cold, _) = run(&[]);
    let cache = d.join(".kafkalint_cache");
    assert!(
        cache.join("facts.json").is_file(),
        "the first run writes the cache"
    );
    assert_eq!(
        std::fs::read_to_string(cache.join(".gitignore"))
            .unwrap()
            .trim_end()
            .lines()
            .last(),
        Some("*")
    );
    let (warm, _) = run(&[]);
    let (uncached, _) = run(&["--no-cache"]);
    assert_eq!(cold, warm);
    assert_eq!(cold, uncached);
    assert!(cold["findings"].as_array().unwrap().len() >= 2, "{cold}");

    // A changed file is analysed again, not taken from the cache.
    std::fs::write(
        d.join("application.properties"),
        "spring.kafka.producer.acks=all\n",
    )
    .unwrap();
    let (changed, _) = run(&[]);
    let (changed_uncached, _) = run(&["--no-cache"]);
    assert_eq!(changed, changed_uncached);
    assert_ne!(changed, cold);

    // A corrupt cache is discarded with a warning, never trusted.
    std::fs::write(
        cache.join("facts.json"),
        b"{\"tool\":\"kafkalint\",\"entries\":7",
    )
    .unwrap();
    let (after, err) = run(&[]);
    assert_eq!(after, changed_uncached);
    assert!(err.contains("corrupt, discarded"), "{err}");
}

#[test]
fn topics_of_a_spring_module_on_a_local_broker_are_information() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = kafkalint(
        root,
        &[
            "scan",
            "--format",
            "json",
            "--fail-on",
            "never",
            "tests/fixtures/spring-local-app",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let severity = |module: &str| -> Vec<String> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"].as_str().unwrap().contains(&format!("/{module}/")))
            .map(|f| f["severity"].as_str().unwrap().to_string())
            .collect()
    };
    // `localhost:9092` written as such: a local single-broker setup.
    assert_eq!(severity("local"), vec!["info"]);
    // A placeholder: the environment names the real cluster.
    assert_eq!(severity("placeholder"), vec!["error"]);
}
