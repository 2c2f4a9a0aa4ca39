//! The CI glue runs as written: the composite action's shell steps (with
//! GitHub's expressions filled in as the runner would) and the pre-commit
//! hooks' entries, against a small project with a finding.

use std::path::{Path, PathBuf};
use std::process::Command;
use yaml_rust2::{Yaml, YamlLoader};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(file: &str) -> Yaml {
    let text = std::fs::read_to_string(repo().join(file)).expect("readable");
    YamlLoader::load_from_str(&text)
        .expect("valid YAML")
        .remove(0)
}

/// A directory holding only the kafkalint binary under test, for PATH.
fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_kafkalint"))
        .parent()
        .expect("a directory")
        .to_path_buf()
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("producer.properties"),
        "bootstrap.servers=kafka:9092\nacks=0\n",
    )
    .unwrap();
    dir
}

/// The action's step with `id`.
fn step<'a>(action: &'a Yaml, id: &str) -> &'a Yaml {
    action["runs"]["steps"]
        .as_vec()
        .expect("steps")
        .iter()
        .find(|s| s["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no step {id}"))
}

/// Runs a step's script as the runner would: `${{ … }}` expressions
/// replaced, `env` set, outputs collected from `$GITHUB_OUTPUT`.
fn run_step(
    step: &Yaml,
    dir: &Path,
    inputs: &[(&str, &str)],
    extra_env: &[(&str, String)],
) -> (i32, String, String) {
    let mut script = step["run"].as_str().expect("a run script").to_string();
    let mut expr = vec![
        ("runner.os".to_string(), "Linux".to_string()),
        ("runner.arch".to_string(), "X64".to_string()),
        (
            "github.action_path".to_string(),
            repo().display().to_string(),
        ),
    ];
    for (k, v) in inputs {
        expr.push((format!("inputs.{k}"), v.to_string()));
    }
    let fill = |s: &str| {
        let mut s = s.to_string();
        for (k, v) in &expr {
            s = s.replace(&format!("${{{{ {k} }}}}"), v);
        }
        assert!(!s.contains("${{"), "unfilled expression in {s}");
        s
    };
    script = fill(&script);
    let out_file = dir.join("github-output");
    std::fs::write(&out_file, "").unwrap();
    let mut cmd = Command::new("bash");
    cmd.arg("-e").arg("-c").arg(&script).current_dir(dir);
    if let Some(env) = step["env"].as_hash() {
        for (k, v) in env {
            cmd.env(k.as_str().unwrap(), fill(v.as_str().unwrap()));
        }
    }
    let path = format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    cmd.env("PATH", path)
        .env("GITHUB_OUTPUT", &out_file)
        .env("NO_COLOR", "1");
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        std::fs::read_to_string(&out_file).unwrap(),
    )
}

/// The action's default for input `name`.
fn default<'a>(action: &'a Yaml, name: &str) -> &'a str {
    action["inputs"][name]["default"]
        .as_str()
        .expect("a default")
}

#[test]
fn the_action_scans_writes_sarif_annotates_and_reports_the_exit_code() {
    let action = load("action.yml");
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let dir = project();
    let d = dir.path();
    let inputs: Vec<(&str, &str)> = [
        "paths",
        "args",
        "fail-on",
        "sarif-file",
        "annotations",
        "upload-sarif",
    ]
    .iter()
    .map(|k| (*k, default(&action, k)))
    .collect();
    let (code, stdout, outputs) = run_step(step(&action, "scan"), d, &inputs, &[]);
    assert_eq!(
        code, 0,
        "the scan step itself succeeds; the last step fails"
    );
    assert!(outputs.contains("exit-code=1"), "{outputs}");
    assert!(
        stdout.contains("::error file=producer.properties,line=2"),
        "{stdout}"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("kafkalint.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "acks-unsafe");

    // With a baseline of today's findings the same scan passes.
    let out = Command::new(env!("CARGO_BIN_EXE_kafkalint"))
        .args(["scan", "--write-baseline", "base.json"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut with_baseline = inputs.clone();
    with_baseline.retain(|(k, _)| *k != "args");
    with_baseline.push(("args", "--baseline base.json"));
    let (code, stdout, outputs) = run_step(step(&action, "scan"), d, &with_baseline, &[]);
    assert_eq!(code, 0);
    assert!(outputs.contains("exit-code=0"), "{outputs}");
    assert!(!stdout.contains("::error"), "{stdout}");

    // A usage error stops the step at once.
    let mut bad = inputs.clone();
    bad.retain(|(k, _)| *k != "args");
    bad.push(("args", "--select no-such-rule"));
    let (code, _, outputs) = run_step(step(&action, "scan"), d, &bad, &[]);
    assert_eq!(code, 2);
    assert!(outputs.contains("exit-code=2"));
}

#[test]
fn the_action_keys_its_build_on_the_sources() {
    let action = load("action.yml");
    let dir = tempfile::tempdir().unwrap();
    let (code, _, outputs) = run_step(step(&action, "key"), dir.path(), &[], &[]);
    assert_eq!(code, 0);
    let key = outputs.trim().strip_prefix("key=").expect("a key output");
    assert!(
        key.starts_with("kafkalint-Linux-X64-") && key.len() > 30,
        "{key}"
    );
    // Every step that uses a marketplace action pins a major version.
    for s in action["runs"]["steps"].as_vec().unwrap() {
        if let Some(uses) = s["uses"].as_str() {
            assert!(uses.contains("@v"), "{uses}");
        }
    }
}

#[test]
fn the_pre_commit_hooks_run_kafkalint() {
    let hooks = load(".pre-commit-hooks.yaml");
    let hooks = hooks.as_vec().expect("a list of hooks");
    assert!(hooks.len() >= 2);
    let dir = project();
    for h in hooks {
        let id = h["id"].as_str().expect("an id");
        for key in ["name", "entry", "language"] {
            assert!(h[key].as_str().is_some(), "{id}: no {key}");
        }
        assert_eq!(h["pass_filenames"].as_bool(), Some(false), "{id}");
        let entry: Vec<&str> = h["entry"].as_str().unwrap().split_whitespace().collect();
        assert_eq!(entry[0], "kafkalint");
        let out = Command::new(env!("CARGO_BIN_EXE_kafkalint"))
            .args(&entry[1..])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{id}: the finding fails the hook"
        );
    }
}
