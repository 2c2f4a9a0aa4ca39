//! sbt: `build.sbt` and the Scala files of its `project/` directory
//! (`Dependencies.scala`, `Versions.scala`), read with patterns:
//!
//! * module ids `"org.apache.kafka" % "kafka-clients" % "3.6.1"`, with
//!   `%%`/`%%%` for Scala artifacts, the version a literal or a name;
//! * `val kafkaVersion = "3.6.1"` (also `lazy`/`final`, typed), used as
//!   `kafkaVersion` or qualified (`Versions.kafka`, `V.kafka`);
//! * Boot-free: sbt has no dependency management of Spring's kind.
//!
//! Coordinates written in `project/*.scala` are reported at the line of
//! `build.sbt` that names the value holding them (or line 1).

use super::{artifact_of, finish, read_small, Rank};
use crate::model::{Dependency, Ecosystem, VersionReq};
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

static MODULE: LazyLock<Regex> = LazyLock::new(|| {
    crate::frontend::buildfile::ascii_regex(
        r#""([\w.\-]+)"\s*%{1,3}\s*"([\w.\-]+)"\s*%\s*("[^"\n]*"|[A-Za-z_][\w.]*)"#,
    )
});
static VAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::frontend::buildfile::ascii_regex(
        r#"\b(?:val|var|def)\s+`?([A-Za-z_]\w*)`?\s*(?::\s*String\s*)?=\s*"([^"\n]*)""#,
    )
});
static OBJECT: LazyLock<Regex> =
    LazyLock::new(|| crate::frontend::buildfile::ascii_regex(r"\bobject\s+([A-Za-z_]\w*)"));
/// A value holding a module id: `val kafkaClients = "org.apache.kafka" % …`.
static MODULE_VAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::frontend::buildfile::ascii_regex(
        r#"\b(?:val|def)\s+`?([A-Za-z_][\w\-]*)`?\s*(?::[^=\n]*)?=\s*"[\w.\-]+"\s*%"#,
    )
});

const MAX_PROJECT_FILES: usize = 64;
const MAX_PROJECT_BYTES: u64 = 512 * 1024;

/// One Scala source: its values (plain and `Object.name`) and module ids.
struct Source {
    text: String,
    /// The object a definition sits in, by offset.
    objects: Vec<(usize, String)>,
}

impl Source {
    fn object_at(&self, at: usize) -> Option<&str> {
        self.objects
            .iter()
            .rev()
            .find(|(o, _)| *o <= at)
            .map(|(_, n)| n.as_str())
    }
}

fn source(text: String) -> Source {
    let code = super::gradle::strip_comments(&text);
    let objects = OBJECT
        .captures_iter(&code)
        .filter_map(|c| Some((c.get(0)?.start(), c.get(1)?.as_str().to_string())))
        .collect();
    Source {
        text: code,
        objects,
    }
}

/// The offset of `word` in `text` as a whole word.
fn word_at(text: &str, word: &str) -> Option<usize> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        !text[..i].chars().next_back().is_some_and(ident)
            && !text[i + word.len()..].chars().next().is_some_and(ident)
    })
}

/// Reads `build.sbt`, with the `project/*.scala` files beside it.
pub fn extract(path: &Path, text: &str, found: &mut super::Found) {
    let main = source(text.to_string());
    let mut others: Vec<Source> = Vec::new();
    if let Some(dir) = path.parent().map(|d| d.join("project")) {
        if let Ok(entries) = std::fs::read_dir(&dir) {
            let mut files: Vec<_> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "scala" || e == "sbt"))
                .collect();
            files.sort();
            for f in files.into_iter().take(MAX_PROJECT_FILES) {
                if let Some(t) = read_small(&f, MAX_PROJECT_BYTES) {
                    others.push(source(t));
                }
            }
        }
    }
    // Values: `name` and `Object.name` → literal, and the literal's offset
    // when it is written in build.sbt itself.
    let mut vals: HashMap<String, (String, Option<usize>)> = HashMap::new();
    for (si, s) in std::iter::once(&main).chain(&others).enumerate() {
        for c in VAL.captures_iter(&s.text) {
            let (Some(n), Some(v)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let value = (v.as_str().to_string(), (si == 0).then_some(v.start()));
            if let Some(o) = s.object_at(n.start()) {
                vals.insert(format!("{o}.{}", n.as_str()), value.clone());
            }
            vals.insert(n.as_str().to_string(), value);
        }
    }
    let idx = crate::source::LineIndex::new(text);
    let mut out: Vec<(Rank, Dependency)> = Vec::new();
    for (si, s) in std::iter::once(&main).chain(&others).enumerate() {
        for c in MODULE.captures_iter(&s.text) {
            let (Some(g), Some(a), Some(v)) = (c.get(1), c.get(2), c.get(3)) else {
                continue;
            };
            let Some((name, rank)) = artifact_of(g.as_str(), a.as_str()) else {
                continue;
            };
            let version = v.as_str();
            let (req, defined_at) =
                match version.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
                    Some(lit) => (super::req::maven(lit), None),
                    None => vals
                        .get(version)
                        .or_else(|| vals.get(version.rsplit('.').next().unwrap_or(version)))
                        .map_or((VersionReq::Any, None), |(lit, at)| {
                            (super::req::maven(lit), *at)
                        }),
                };
            let line = if si == 0 {
                idx.position(defined_at.unwrap_or(v.start())).0
            } else {
                // Defined in project/: point at build.sbt's use of it.
                let start = c.get(0).map_or(0, |m| m.start());
                MODULE_VAL
                    .captures_iter(&s.text)
                    .find(|m| {
                        m.get(0)
                            .is_some_and(|m| m.start() <= start && start <= m.end())
                    })
                    .and_then(|m| m.get(1))
                    .and_then(|n| word_at(&main.text, n.as_str()))
                    .map_or(1, |at| idx.position(at).0)
            };
            out.push((
                rank,
                Dependency {
                    ecosystem: Ecosystem::Maven,
                    name: name.to_string(),
                    req,
                    line,
                    locked: false,
                },
            ));
        }
    }
    found.deps.extend(finish(out));
}

#[cfg(test)]
mod tests {
    use super::super::tests::{deps, Row};
    use super::super::DepFile;
    use std::path::Path;

    fn row(name: &str, req: &str, line: u32) -> Row {
        (name.to_string(), req.to_string(), line, false)
    }

    #[test]
    fn literals_vals_and_scala_artifacts() {
        let text = r#"val kafkaVersion = "3.6.1"
lazy val root = (project in file("."))
  .settings(
    libraryDependencies ++= Seq(
      "org.apache.kafka" % "kafka-clients" % kafkaVersion,
      "com.typesafe.akka" %% "akka-stream-kafka" % "4.0.2",
      "com.github.fd4s" %% "fs2-kafka" % "3.5.1" % Test
    )
  )
"#;
        assert_eq!(
            deps(DepFile::Sbt, Path::new("build.sbt"), text),
            vec![
                row("kafka-clients", "3.6.1", 1),
                row("akka-stream-kafka", "4.0.2", 6),
                row("fs2-kafka", "3.5.1", 7),
            ]
        );
    }

    #[test]
    fn project_directory_objects() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("project")).expect("mkdir");
        std::fs::write(
            dir.path().join("project/Versions.scala"),
            "object Versions {\n  val kafka = \"3.7.0\"\n  val pekko = \"1.1.0\"\n}\n",
        )
        .expect("write");
        std::fs::write(
            dir.path().join("project/Dependencies.scala"),
            "import sbt._\nobject Dependencies {\n  val pekkoKafka = \"org.apache.pekko\" %% \"pekko-connectors-kafka\" % Versions.pekko\n}\n",
        )
        .expect("write");
        let build = dir.path().join("build.sbt");
        let text = "libraryDependencies += \"org.apache.kafka\" % \"kafka-clients\" % Versions.kafka\nlibraryDependencies += Dependencies.pekkoKafka\nlibraryDependencies += \"dev.zio\" %% \"zio-kafka\" % unknownVersion\n";
        assert_eq!(
            deps(DepFile::Sbt, &build, text),
            vec![
                row("kafka-clients", "3.7.0", 1),
                row("pekko-connectors-kafka", "1.1.0", 2),
                row("zio-kafka", "any", 3),
            ]
        );
    }
}
