//! Turns the knowledge tables (`knowledge/**/*.toml`, written by hand and
//! reviewed as TOML) into compact JSON under `OUT_DIR`, which the binary
//! compiles in. Parsing TOML cost about a third of a small scan's
//! instructions at startup; the same data read as JSON costs a tenth of
//! that. A table that is not valid TOML fails the build here, with its path.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    let knowledge = root.join("knowledge");
    println!("cargo:rerun-if-changed=knowledge");
    convert_dir(&knowledge, &out.join("knowledge"));
}

/// Converts every `.toml` file under `dir` (recursively) to `.json` under
/// `out`, keeping the relative path.
fn convert_dir(dir: &Path, out: &Path) {
    fs::create_dir_all(out).expect("create OUT_DIR/knowledge");
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().expect("entry has a name");
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            convert_dir(&path, &out.join(name));
        } else if path.extension().is_some_and(|e| e == "toml") {
            println!("cargo:rerun-if-changed={}", path.display());
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            let value: toml::Value = toml::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()));
            let json = serde_json::to_string(&to_json(value)).expect("JSON of a TOML value");
            let target = out.join(name).with_extension("json");
            // Rewrite only on change, so that an unchanged table does not
            // make cargo rebuild the crate.
            if fs::read_to_string(&target).ok().as_deref() != Some(json.as_str()) {
                fs::write(&target, json)
                    .unwrap_or_else(|e| panic!("write {}: {e}", target.display()));
            }
        }
    }
}

/// The same value as JSON. TOML's date-times have no JSON form; the tables
/// have none, and one added by mistake fails the build rather than being
/// read as something else.
fn to_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => panic!("knowledge tables hold no date-times (found {d})"),
        toml::Value::Array(a) => J::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => J::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect()),
    }
}
