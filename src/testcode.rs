//! Which files are test code. One function for every language and format,
//! so that all front-ends agree: by default a scan leaves test code out
//! (tests build producers with throw-away settings on purpose, and their
//! findings bury the ones that matter); `--include-tests` keeps it.
//!
//! The decision looks only at the path *below the scanned root*: scanning
//! `tests/fixtures/app` still scans that app, and a file named on the
//! command line is always scanned (the caller does not ask for it).
//! `examples/`, `samples/` and demo folders are not test code: they are
//! scanned, but [`is_example_path`] lets a scan leave out their findings that
//! rest only on a client's defaults.

use std::path::{Component, Path};

/// Directory names that hold only test code, wherever they appear.
const TEST_DIRS: &[&str] = &[
    "test",
    "tests",
    "__tests__",
    "__test__",
    "testdata",
    "test-data",
    "testing",
    "spec",
    "specs",
    "e2e",
    "it",
    "integration-tests",
    "integration_tests",
    "integrationtests",
    "testfixtures",
    "test-fixtures",
    "test_fixtures",
    "testutil",
    "testutils",
    "test-utils",
    "test_utils",
    "conftest",
    "mock",
    "mocks",
    // JavaScript: Jest's manual mocks and fixtures, browser test suites.
    "__mocks__",
    "__fixtures__",
    "cypress",
    "playwright",
];

/// Whether a directory name marks test code: the names above, Maven and
/// Gradle test source sets (`src/test`, `src/it`, `src/integrationTest`,
/// `src/jmh` is not a test), and .NET test projects (`Orders.Tests`,
/// `Orders.UnitTests`, `OrdersTest`).
fn is_test_dir(name: &str, parent: Option<&str>) -> bool {
    // Lower-cased on the stack: this runs for every directory of every
    // path the walk sees.
    let mut buf = [0u8; 64];
    let owned;
    let lower: &str = if name.len() <= buf.len() {
        buf[..name.len()].copy_from_slice(name.as_bytes());
        buf[..name.len()].make_ascii_lowercase();
        // Lower-casing ASCII bytes keeps UTF-8 valid.
        std::str::from_utf8(&buf[..name.len()]).unwrap_or(name)
    } else {
        owned = name.to_ascii_lowercase();
        &owned
    };
    if TEST_DIRS.contains(&lower) {
        return true;
    }
    // Test modules named by suffix: `flink-end-to-end-tests`, `orders-it`,
    // `kafka-test-utils`, `billing_e2e`.
    const SUFFIXES: &[&str] = &[
        "-tests",
        "_tests",
        "-test",
        "_test",
        "-e2e",
        "_e2e",
        "-it",
        "_it",
        "-testing",
        "-test-utils",
        "-testutils",
        "-integration-tests",
        "-test-support",
        "-testkit",
    ];
    if SUFFIXES
        .iter()
        .any(|s| lower.ends_with(s) && lower.len() > s.len())
    {
        return true;
    }
    // Gradle/Maven source sets under `src/`: `integrationTest`, `intTest`,
    // `functionalTest`, `testFixtures`, `e2eTest`.
    if parent == Some("src") && (lower.ends_with("test") || lower.ends_with("tests")) {
        return true;
    }
    // .NET test projects and similar: `Billing.Tests`, `Billing.IntegrationTests`.
    let dotted_last = lower.rsplit('.').next().unwrap_or(lower);
    if name.contains('.')
        && matches!(
            dotted_last,
            "tests" | "test" | "unittests" | "integrationtests" | "specs" | "functionaltests"
        )
    {
        return true;
    }
    // `OrdersTests`, `PaymentsTest` (C#/Java test projects without a dot).
    (name.ends_with("Tests") || name.ends_with("Test"))
        && name.len() > 5
        && name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

/// Whether a file name is a test by the conventions of its language
/// ([`is_test_path`]'s first half).
pub fn is_test_file(name: &str) -> bool {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s, e),
        None => return false,
    };
    match ext {
        "java" | "kt" | "kts" | "scala" | "sc" | "groovy" => {
            stem.ends_with("Test")
                || stem.ends_with("Tests")
                || stem.ends_with("IT")
                || stem.ends_with("ITCase")
                || stem.ends_with("TestCase")
                || stem.ends_with("Spec")
                || stem.ends_with("Suite")
                || stem.ends_with("IntegrationTest")
        }
        "py" => {
            stem.starts_with("test_")
                || stem.ends_with("_test")
                || stem.ends_with("_tests")
                || stem == "conftest"
                || stem == "tests"
                || stem == "test"
        }
        "go" => stem.ends_with("_test"),
        "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" => {
            let inner = stem.rsplit_once('.').map(|(_, i)| i).unwrap_or("");
            matches!(inner, "test" | "spec" | "e2e" | "cy" | "test-d" | "bench")
                || inner.ends_with("-spec")
                || inner.ends_with("-test")
                || matches!(stem, "jest.setup" | "vitest.setup" | "setupTests")
        }
        "cs" => stem.ends_with("Tests") || stem.ends_with("Test") || stem.ends_with("Fixture"),
        // Rust test modules kept in files of their own (`mod test;`).
        "rs" => {
            matches!(stem, "test" | "tests") || stem.ends_with("_test") || stem.ends_with("_tests")
        }
        _ => false,
    }
}

/// Directory names of example, sample, demo, tutorial and documentation
/// code, wherever they appear.
const EXAMPLE_DIRS: &[&str] = &[
    "example",
    "examples",
    "_examples",
    "sample",
    "samples",
    "demo",
    "demos",
    "quickstart",
    "quickstarts",
    "tutorial",
    "tutorials",
    "playground",
    "showcase",
    "snippets",
    "docs",
    "doc",
    "documentation",
    "benchmark",
    "benchmarks",
    "benches",
    "jmh",
    "soaktest",
    "soaktests",
    "loadtest",
    "loadtests",
    "load-test",
    "load-tests",
    "perf-test",
    "perf-tests",
    "stresstest",
];

/// Whether a directory name marks example code: the names above, and
/// modules named by them (`kafka-examples`, `spring-kafka-docs`,
/// `examples-avro`, `routing-samples`).
fn is_example_dir(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if EXAMPLE_DIRS.contains(&lower.as_str()) {
        return true;
    }
    const WORDS: &[&str] = &[
        "example",
        "examples",
        "sample",
        "samples",
        "demo",
        "demos",
        "quickstart",
        "quickstarts",
        "tutorial",
        "tutorials",
        "docs",
        "benchmarks",
    ];
    WORDS.iter().any(|w| {
        ["-", "_"].iter().any(|sep| {
            lower.ends_with(&format!("{sep}{w}")) || lower.starts_with(&format!("{w}{sep}"))
        })
    })
}

/// True when the file at `rel` (relative to the scanned root) lies in
/// example code: a folder of examples, samples, demos, tutorials,
/// documentation snippets or benchmarks. The file name itself does not
/// count (`ExampleProducer.java` in `src/main` is application code).
pub fn is_example_path(rel: &Path) -> bool {
    let mut dirs: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(os) => os.to_str(),
            _ => None,
        })
        .collect();
    dirs.pop();
    // Below a JVM source root (`src/main/java/`) folders are packages:
    // `com/example/orders` is the default package of generated projects.
    if let Some(i) = (2..dirs.len()).find(|&i| {
        dirs[i - 2] == "src" && matches!(dirs[i], "java" | "kotlin" | "scala" | "groovy")
    }) {
        dirs.truncate(i);
    }
    dirs.iter().any(|d| is_example_dir(d))
}

/// True when the file at `rel` (relative to the scanned root) is test code.
pub fn is_test_path(rel: &Path) -> bool {
    let Some(file) = rel.file_name().and_then(|f| f.to_str()) else {
        return false;
    };
    is_test_file(file) || rel.parent().is_some_and(is_test_dir_path)
}

/// Whether the directory `dir` (relative to the scanned root) holds test
/// code ([`is_test_path`]'s second half): the same for every file in it, so
/// a walk can ask once per directory.
pub fn is_test_dir_path(dir: &Path) -> bool {
    // Below a main source set (`src/main/java/…`), directories are
    // packages: a package named `test` is main code (a test-support
    // library's, say), judged by its file names only.
    let mut parent: Option<&str> = None;
    for c in dir.components() {
        let Component::Normal(os) = c else {
            continue;
        };
        let Some(d) = os.to_str() else {
            continue;
        };
        if parent == Some("src") && d == "main" {
            return false;
        }
        if is_test_dir(d, parent) {
            return true;
        }
        parent = Some(d);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::is_test_path;
    use std::path::Path;

    fn t(p: &str) -> bool {
        is_test_path(Path::new(p))
    }

    #[test]
    fn jvm_conventions() {
        assert!(t("core/src/test/java/kafka/api/ShareConsumerTest.java"));
        assert!(t("app/src/it/java/com/acme/OrdersIT.java"));
        assert!(t("app/src/integrationTest/kotlin/com/acme/Flow.kt"));
        assert!(t("app/src/main/java/com/acme/OrderServiceTest.java"));
        assert!(t("app/src/main/java/com/acme/OrderServiceTests.java"));
        assert!(t("app/src/test/resources/application.yml"));
        assert!(t("streams/src/main/scala/OrdersSpec.scala"));
        assert!(!t("app/src/main/java/com/acme/OrderPublisher.java"));
        assert!(!t("app/src/main/java/com/acme/TestamentService.java"));
        assert!(!t("app/src/main/resources/application-test.yml"));
        assert!(!t("app/src/jmh/java/Bench.java"));
        // A package named `test` in main code is not a test folder.
        assert!(!t(
            "kafka-support/src/main/java/org/example/kafka/test/EmbeddedBroker.java"
        ));
        // A test-support module is.
        assert!(t("spring-kafka-test/src/main/java/org/springframework/kafka/test/EmbeddedKafkaKraftBroker.java"));
        assert!(t(
            "connector/flink-end-to-end-tests/src/main/java/Client.java"
        ));
        assert!(t(
            "spring-kafka-test/src/main/java/org/springframework/kafka/test/BrokerTests.java"
        ));
    }

    #[test]
    fn kotlin_and_scala_conventions() {
        assert!(t("orders/src/test/kotlin/com/acme/OrderForwarderTest.kt"));
        assert!(t("ledger/src/test/scala/com/acme/LedgerSpec.scala"));
        assert!(t("ledger/src/it/scala/com/acme/Flow.scala"));
        assert!(t("app/src/main/kotlin/com/acme/PublisherTest.kt"));
        assert!(t("app/src/main/scala/com/acme/PublisherSuite.scala"));
        assert!(!t("orders/src/main/kotlin/com/acme/OrderForwarder.kt"));
        assert!(!t("ledger/src/main/scala/com/acme/LedgerProducer.scala"));
        assert!(!t("scripts/publish.sc"));
    }

    #[test]
    fn other_languages() {
        assert!(t("svc/tests/test_producer.py"));
        assert!(t("svc/producer_test.py"));
        assert!(t("svc/conftest.py"));
        assert!(t("svc/producer_tests.py"));
        assert!(t("svc/app/test.py"));
        assert!(!t("svc/app/testament.py"));
        assert!(t("pkg/writer_test.go"));
        assert!(t("pkg/testdata/main.go"));
        assert!(t("web/src/__tests__/publish.ts"));
        assert!(t("web/src/publish.test.ts"));
        assert!(t("web/src/publish.spec.js"));
        assert!(t("web/src/publish.e2e-spec.ts"));
        assert!(t("web/src/__mocks__/kafkajs.js"));
        assert!(t("web/cypress/e2e/orders.cy.ts"));
        assert!(t("web/src/publish.test.mjs"));
        assert!(t("web/src/setupTests.ts"));
        assert!(!t("web/src/producer.service.ts"));
        assert!(!t("web/src/kafka/testament.js"));
        assert!(t("Billing.Tests/ProducerTests.cs"));
        assert!(t("src/Billing.IntegrationTests/Flow.cs"));
        assert!(t("crate/tests/producer.rs"));
        assert!(t("crate/src/kafka/source/test.rs"));
        assert!(t("crate/src/sink_tests.rs"));
        assert!(t("core/Mock/Pipes/KafkaPipeInput.cs"));
        assert!(!t("svc/producer.py"));
        assert!(!t("pkg/writer.go"));
        assert!(!t("web/src/publish.ts"));
        assert!(!t("Billing/Producer.cs"));
        assert!(!t("crate/src/producer.rs"));
    }

    #[test]
    fn examples_and_samples_are_not_tests() {
        assert!(!t("examples/src/main/java/kafka/examples/Producer.java"));
        assert!(!t("samples/sample-03/src/main/java/Application.java"));
        assert!(!t("demo/app.py"));
        // Only the path below the scanned root counts: the caller strips it.
        assert!(!t("app/src/main/java/A.java"));
    }

    #[test]
    fn example_folders() {
        for p in [
            "examples/producer.go",
            "kafka/examples/src/main/java/kafka/examples/Producer.java",
            "spring-kafka-docs/src/main/java/Config.java",
            "kafka-streams-samples/join/Producers.java",
            "docs/snippets/send.py",
            "clients/avro-examples/Producer.java",
            "benches/produce.rs",
            "soaktest/soakclient/soakclient.go",
        ] {
            assert!(super::is_example_path(Path::new(p)), "{p}");
        }
        for p in [
            "src/main/java/ExampleProducer.java",
            "app/src/main/java/com/example/orders/Producer.java",
            "app/src/main/kotlin/com/example/Producer.kt",
            "orders/src/main/java/Producer.java",
            "sampler/Sampler.java",
            "documented/App.java",
            "Producer.java",
        ] {
            assert!(!super::is_example_path(Path::new(p)), "{p}");
        }
    }
}
