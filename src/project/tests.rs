//! Resolver tests over temporary trees, read by the real dependency-file
//! readers.

use super::*;
use crate::frontend::{self, FileKind};
use std::path::Path;

struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    fn new(files: &[(&str, &str)]) -> Tree {
        let dir = tempfile::tempdir().expect("tempdir");
        for (rel, text) in files {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
            std::fs::write(&p, text).expect("write");
        }
        Tree { dir }
    }

    /// Reads every dependency file of the tree, as a scan does.
    fn index(&self, assumed: HashMap<Library, Version>) -> BuildIndex {
        let mut idx = BuildIndex::new(assumed);
        let mut stack = vec![self.dir.path().to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).expect("readable").flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let Some(kind) = FileKind::of(&p).filter(|k| k.is_build_file()) else {
                    continue;
                };
                let text = std::fs::read_to_string(&p).expect("utf-8");
                let facts = frontend::extract(kind, &p, &text, false);
                assert!(
                    facts.warnings.is_empty(),
                    "{}: {:?}",
                    p.display(),
                    facts.warnings
                );
                idx.add(&p, &facts.build_versions);
            }
        }
        idx
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
}

/// `(min, max, file name, line, via)` of a resolved version.
fn show(r: &Option<ResolvedVersion>) -> Option<(String, String, String, u32, String)> {
    let r = r.as_ref()?;
    let (file, line, via) = match &r.source {
        VersionSource::BuildFile { path, line, via } => (
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string(),
            *line,
            via.clone(),
        ),
        VersionSource::Configured => ("configured".into(), 0, String::new()),
        VersionSource::Assumed => ("assumed".into(), 0, String::new()),
    };
    Some((r.min.to_string(), r.max.to_string(), file, line, via))
}

fn exact(
    v: &str,
    file: &str,
    line: u32,
    via: &str,
) -> Option<(String, String, String, u32, String)> {
    Some((v.into(), v.into(), file.into(), line, via.into()))
}

const M: &str = "4294967295";

#[test]
fn nearest_build_file_wins_and_boot_pins_kafka_clients() {
    let t = Tree::new(&[
        (
            "pom.xml",
            "<project><artifactId>root</artifactId><dependencies><dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-clients</artifactId><version>2.8.1</version></dependency></dependencies></project>",
        ),
        (
            "svc/pom.xml",
            "<project>\n<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>2.7.3</version></parent>\n<dependencies><dependency><groupId>org.springframework.kafka</groupId><artifactId>spring-kafka</artifactId><version>3.1.0</version></dependency></dependencies>\n</project>",
        ),
    ]);
    let idx = t.index(HashMap::new());
    let (v, own) = idx.resolve(&t.path("svc/src/main/java/A.java"), Library::SpringKafka);
    assert_eq!(
        show(&v),
        exact("3.1.1", "pom.xml", 2, "managed by Spring Boot 2.7.3"),
        "Boot 2.7 manages kafka-clients 3.1.1, whatever spring-kafka says"
    );
    assert_eq!(
        show(&own),
        exact("3.1.0", "pom.xml", 3, ""),
        "spring-kafka's own version"
    );
    let (v, own) = idx.resolve(&t.path("lib/B.java"), Library::KafkaClients);
    assert_eq!(show(&v), exact("2.8.1", "pom.xml", 1, ""));
    assert_eq!(own, None, "kafka-clients defers to nobody");
    // A plain KafkaProducer in the Boot module also runs on Boot's client.
    let (v, _) = idx.resolve(&t.path("svc/src/C.java"), Library::KafkaClients);
    assert_eq!(show(&v).map(|s| s.0), Some("3.1.1".into()));
    assert_eq!(
        idx.resolve(Path::new("/elsewhere/C.java"), Library::KafkaClients),
        (None, None)
    );
}

#[test]
fn direct_pin_beats_maps_and_boot_manages_spring_kafka() {
    let t = Tree::new(&[(
        "build.gradle.kts",
        "plugins {\n  id(\"org.springframework.boot\") version \"3.3.4\"\n}\ndependencies {\n  implementation(\"org.springframework.kafka:spring-kafka\")\n  implementation(\"org.apache.kafka:kafka-clients:3.8.0\")\n}\n",
    )]);
    let idx = t.index(HashMap::new());
    let (v, own) = idx.resolve(&t.path("src/main/kotlin/A.kt"), Library::SpringKafka);
    assert_eq!(show(&v), exact("3.8.0", "build.gradle.kts", 6, ""));
    assert_eq!(
        show(&own),
        exact(
            "3.2.0",
            "build.gradle.kts",
            2,
            "managed by Spring Boot 3.3.4"
        ),
        "Boot 3.3 manages spring-kafka 3.2"
    );
}

#[test]
fn lock_beats_range_and_bindings_map_to_librdkafka() {
    let t = Tree::new(&[
        ("svc/requirements.txt", "confluent-kafka>=2.0,<3\n"),
        (
            "svc/poetry.lock",
            "[[package]]\nname = \"confluent-kafka\"\nversion = \"2.7.0\"\n",
        ),
        ("tools/requirements.txt", "confluent-kafka>=2.3\n"),
    ]);
    let idx = t.index(HashMap::new());
    let (v, own) = idx.resolve(&t.path("svc/app/main.py"), Library::ConfluentKafkaPython);
    assert_eq!(
        show(&v),
        exact(
            "2.6.1",
            "poetry.lock",
            3,
            "bundled with confluent-kafka 2.7.0, locked in poetry.lock"
        ),
        "confluent-kafka 2.7.0 bundles librdkafka 2.6.1"
    );
    assert_eq!(
        show(&own),
        exact("2.7.0", "poetry.lock", 3, "locked in poetry.lock")
    );
    // A range without a lock: the librdkafka range it allows; the open
    // upper end stays open.
    let (v, own) = idx.resolve(&t.path("tools/run.py"), Library::ConfluentKafkaPython);
    let (min, max, file, line, via) = show(&v).expect("a range");
    assert_eq!(
        (min.as_str(), file.as_str(), line),
        ("2.3.0", "requirements.txt", 1)
    );
    assert_eq!(max, format!("{M}.{M}.{M}"));
    assert_eq!(via, "bundled with confluent-kafka >=2.3.0");
    assert_eq!(show(&own).map(|s| s.0), Some("2.3.0".into()));
    // Another language's file in the same tree is not consulted.
    assert_eq!(
        idx.resolve(&t.path("svc/app/main.go"), Library::Sarama),
        (None, None)
    );
}

#[test]
fn npm_workspaces_resolve_per_package_through_the_root_lock() {
    let lock = r#"{
  "lockfileVersion": 3,
  "packages": {
    "": { "workspaces": ["packages/*"] },
    "node_modules/kafkajs": { "version": "2.2.4" },
    "packages/legacy/node_modules/kafkajs": { "version": "1.16.0" }
  }
}"#;
    let t = Tree::new(&[
        (
            "package.json",
            "{\"private\": true, \"workspaces\": [\"packages/*\"]}",
        ),
        ("package-lock.json", lock),
        (
            "packages/orders/package.json",
            "{\"dependencies\": {\"kafkajs\": \"^2.2.0\"}}",
        ),
        (
            "packages/legacy/package.json",
            "{\"dependencies\": {\"kafkajs\": \"^1.12.0\"}}",
        ),
        (
            "packages/edge/package.json",
            "{\"dependencies\": {\"kafkajs\": \"^3.0.0\"}}",
        ),
    ]);
    let idx = t.index(HashMap::new());
    let at = |rel: &str| show(&idx.resolve(&t.path(rel), Library::KafkaJs).0);
    assert_eq!(
        at("packages/orders/src/index.ts"),
        exact(
            "2.2.4",
            "package-lock.json",
            5,
            "locked in package-lock.json"
        )
    );
    assert_eq!(
        at("packages/legacy/lib/send.js"),
        exact(
            "1.16.0",
            "package-lock.json",
            6,
            "locked in package-lock.json"
        )
    );
    // No locked version satisfies ^3: the manifest's range stands.
    let (min, max, file, _, _) = at("packages/edge/index.js").expect("a range");
    assert_eq!((min.as_str(), file.as_str()), ("3.0.0", "package.json"));
    assert_eq!(max, format!("3.{M}.{M}"));
}

#[test]
fn cargo_workspace_lock_and_sys_crate() {
    let t = Tree::new(&[
        ("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n[workspace.dependencies]\nrdkafka = \"0.36\"\n"),
        (
            "Cargo.lock",
            "version = 3\n\n[[package]]\nname = \"rdkafka\"\nversion = \"0.36.2\"\n\n[[package]]\nname = \"rdkafka-sys\"\nversion = \"4.7.0+2.3.0\"\n",
        ),
        ("crates/app/Cargo.toml", "[package]\nname = \"app\"\n[dependencies]\nrdkafka = { workspace = true }\n"),
        ("crates/sys/Cargo.toml", "[package]\nname = \"sys\"\n[dependencies]\nrdkafka = { workspace = true, features = [\"dynamic-linking\"] }\n"),
    ]);
    let idx = t.index(HashMap::new());
    let (v, own) = idx.resolve(&t.path("crates/app/src/main.rs"), Library::RustRdkafka);
    assert_eq!(
        show(&v),
        exact(
            "2.3.0",
            "Cargo.lock",
            9,
            "bundled with rdkafka-sys 4.7.0, locked in Cargo.lock"
        ),
        "the locked sys crate says which librdkafka is built"
    );
    assert_eq!(
        show(&own),
        exact("0.36.2", "Cargo.lock", 5, "locked in Cargo.lock")
    );
    let (v, own) = idx.resolve(&t.path("crates/sys/src/main.rs"), Library::RustRdkafka);
    assert_eq!(v, None, "dynamic linking uses the system librdkafka");
    assert_eq!(show(&own).map(|s| s.0), Some("0.36.2".into()));
}

#[test]
fn go_modules_per_module_and_parent_pom_and_sbt() {
    let t = Tree::new(&[
        ("a/go.mod", "module a\nrequire github.com/IBM/sarama v1.43.2\n"),
        ("b/go.mod", "module b\nrequire github.com/Shopify/sarama v1.38.1\nrequire github.com/confluentinc/confluent-kafka-go/v2 v2.5.4\n"),
        (
            "jvm/pom.xml",
            "<project><artifactId>parent</artifactId><properties><kafka.ver>3.5.2</kafka.ver></properties><dependencyManagement><dependencies><dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-clients</artifactId><version>${kafka.ver}</version></dependency></dependencies></dependencyManagement></project>",
        ),
        (
            "jvm/orders/pom.xml",
            "<project>\n<parent><groupId>x</groupId><artifactId>parent</artifactId><version>1</version></parent>\n<dependencies>\n<dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-clients</artifactId></dependency>\n</dependencies></project>",
        ),
        (
            "scala/build.sbt",
            "val alpakkaVersion = \"7.0.4\"\nlibraryDependencies += \"com.typesafe.akka\" %% \"akka-stream-kafka\" % alpakkaVersion\n",
        ),
    ]);
    let idx = t.index(HashMap::new());
    let sarama = |rel: &str| show(&idx.resolve(&t.path(rel), Library::Sarama).0).map(|s| s.0);
    assert_eq!(sarama("a/producer.go"), Some("1.43.2".into()));
    assert_eq!(sarama("b/cmd/main.go"), Some("1.38.1".into()));
    let (v, _) = idx.resolve(&t.path("b/cmd/main.go"), Library::ConfluentKafkaGo);
    assert_eq!(
        show(&v),
        exact(
            "2.5.3",
            "go.mod",
            3,
            "bundled with github.com/confluentinc/confluent-kafka-go/v2 2.5.4"
        )
    );
    let (v, _) = idx.resolve(&t.path("jvm/orders/src/A.java"), Library::KafkaClients);
    assert_eq!(
        show(&v),
        exact("3.5.2", "pom.xml", 4, ""),
        "managed by the parent, at the child's dependency"
    );
    let (v, own) = idx.resolve(
        &t.path("scala/src/main/scala/P.scala"),
        Library::AlpakkaKafka,
    );
    assert_eq!(
        show(&v),
        exact("3.9.1", "build.sbt", 1, "brought in by Alpakka Kafka 7.0.4")
    );
    assert_eq!(show(&own).map(|s| s.0), Some("7.0.4".into()));
}

#[test]
fn gradle_catalog_and_dotnet_central_versions() {
    let t = Tree::new(&[
        ("settings.gradle.kts", "include(\"app\")\n"),
        ("gradle/libs.versions.toml", "[versions]\nkafka = \"3.4.1\"\n[libraries]\nkafka-clients = { module = \"org.apache.kafka:kafka-clients\", version.ref = \"kafka\" }\n"),
        ("app/build.gradle.kts", "dependencies {\n  implementation(libs.kafka.clients)\n}\n"),
        ("net/Directory.Packages.props", "<Project><ItemGroup><PackageVersion Include=\"Confluent.Kafka\" Version=\"1.9.3\" /></ItemGroup></Project>"),
        ("net/src/Api/Api.csproj", "<Project>\n<ItemGroup>\n<PackageReference Include=\"Confluent.Kafka\" />\n</ItemGroup>\n</Project>"),
        ("net/src/Worker/Worker.csproj", "<Project>\n<ItemGroup>\n<PackageReference Include=\"Confluent.Kafka\" />\n<PackageReference Include=\"librdkafka.redist\" Version=\"2.0.2\" />\n</ItemGroup>\n</Project>"),
    ]);
    let idx = t.index(HashMap::new());
    let (v, _) = idx.resolve(&t.path("app/src/main/kotlin/P.kt"), Library::KafkaClients);
    assert_eq!(show(&v), exact("3.4.1", "build.gradle.kts", 2, ""));
    let (v, own) = idx.resolve(
        &t.path("net/src/Api/Publisher.cs"),
        Library::ConfluentKafkaDotnet,
    );
    assert_eq!(
        show(&v),
        exact(
            "1.9.2",
            "Api.csproj",
            3,
            "bundled with Confluent.Kafka 1.9.3"
        )
    );
    assert_eq!(show(&own).map(|s| s.0), Some("1.9.3".into()));
    let (v, _) = idx.resolve(
        &t.path("net/src/Worker/Publisher.cs"),
        Library::ConfluentKafkaDotnet,
    );
    assert_eq!(
        show(&v),
        exact("2.0.2", "Worker.csproj", 4, ""),
        "an explicit native package wins"
    );
}

#[test]
fn configured_versions_fill_in_when_no_file_says() {
    let t = Tree::new(&[(
        "go.mod",
        "module x\nrequire github.com/segmentio/kafka-go v0.4.47\n",
    )]);
    let assumed: HashMap<Library, Version> = [
        (Library::KafkaGo, Version::new(0, 4, 40)),
        (Library::ConfluentKafkaPython, Version::new(2, 9, 0)),
        (Library::KafkaClients, Version::new(3, 7, 0)),
    ]
    .into_iter()
    .collect();
    let idx = t.index(assumed);
    let (v, _) = idx.resolve(&t.path("main.go"), Library::KafkaGo);
    assert_eq!(
        show(&v).map(|s| s.0),
        Some("0.4.47".into()),
        "a file beats the configuration"
    );
    let (v, own) = idx.resolve(&t.path("py/app.py"), Library::ConfluentKafkaPython);
    assert_eq!(
        show(&v),
        Some((
            "2.8.0".into(),
            "2.8.0".into(),
            "configured".into(),
            0,
            String::new()
        )),
        "the configured binding maps to its librdkafka"
    );
    assert_eq!(show(&own).map(|s| s.2), Some("configured".into()));
    let (v, _) = idx.resolve(&t.path("A.java"), Library::SpringKafka);
    assert_eq!(
        show(&v).map(|s| (s.0, s.2)),
        Some(("3.7.0".into(), "configured".into()))
    );
}

#[test]
fn fill_sets_version_and_own_version_of_producers() {
    let t = Tree::new(&[(
        "package.json",
        "{\"dependencies\": {\"node-rdkafka\": \"2.14.3\"}}",
    )]);
    let idx = t.index(HashMap::new());
    let mut facts = FileFacts::default();
    let p = crate::model::Producer {
        library: Library::NodeRdkafka,
        version: None,
        own_version: None,
        span: crate::finding::Span::new(1, 1, 1, 2),
        context: Default::default(),
        closed_after_use: false,
        config: Default::default(),
        names: vec![],
        from_config_file: false,
        reports_served: None,
        factory: None,
        replaces_config_files: None,
        imported_from: None,
        top_level: false,
        local_only: false,
    };
    facts.producers = vec![p.clone(), p];
    idx.fill(&t.path("src/producer.js"), &mut facts);
    for p in &facts.producers {
        assert_eq!(
            p.version.as_ref().and_then(|v| v.single()),
            Some(Version::new(1, 9, 2))
        );
        assert_eq!(
            p.own_version.as_ref().and_then(|v| v.single()),
            Some(Version::new(2, 14, 3))
        );
    }
}
