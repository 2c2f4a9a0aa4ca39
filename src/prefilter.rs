//! The prefilter: cheap checks that decide, before any parsing, whether a
//! file is worth handing to a front-end.
//!
//! * [`skip_by_name`]: names that are generated or bundled code by
//!   convention (`*.min.js`, `*.pb.go`, `*_pb2.py`, …) are never read.
//! * [`looks_binary`], [`looks_generated`], [`looks_minified`]: a look at
//!   the first bytes of what was read.
//! * [`is_candidate`]: one Aho-Corasick scan (SIMD-accelerated) over the
//!   whole buffer for the producer, client-setting and broker/topic
//!   vocabulary. A file with none of it cannot hold a finding.
//!
//! The vocabulary is about *producers*, not Kafka in general: the word
//! `kafka` alone is in every import of a Kafka client (consumers, streams,
//! admin, tests), so it would send nearly every file of a Kafka-heavy code
//! base to a parser. Every construct a front-end extracts names one of the
//! words below: a producer type or factory (`KafkaProducer`,
//! `ProducerConfig`, `ProducerRecord`, `ProducerBuilder`, `NewProducer`,
//! `FutureProducer`, `kafkajs`'s `.producer(`, Spring's
//! `spring.kafka.producer.*`), a template (`KafkaTemplate`), a setting key
//! (`acks`, `linger`, `idempotence`, …) or a broker/topic setting.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::LazyLock;

/// Words one of which appears in every file a front-end can find
/// something in. Kept deliberately broad within producer vocabulary: a
/// false "yes" costs one parse, a false "no" loses findings. Words listed in
/// [`NEEDS_BOUNDARY`] only count when no lowercase letter precedes them.
///
/// `scripts/bench.sh` reads this list (one quoted word per line) to give
/// ripgrep the same vocabulary.
pub const VOCABULARY: &[&str] = &[
    "Producer",
    "producer",
    // Spring Boot's brokers (`spring.kafka.bootstrap-servers`): a module
    // whose configuration names only a local broker is a local setup.
    "bootstrap-servers",
    "KafkaTemplate",
    "KafkaOperations",
    "Partitioner",
    "partitioner",
    "NewTopic",
    "TopicBuilder",
    "acks",
    "Acks",
    "linger",
    "idempoten",
    "Idempoten",
    "IDEMPOTENCE",
    "retries",
    "max.in.flight",
    "batch.size",
    "kafka.Writer",
    // franz-go sends (`cl.Produce(..)`, `ProduceSync`) through a client
    // whose type (`kgo.Client`) says nothing about producing; kafka-go's
    // legacy `kafka.NewWriter(..)`; Go topic specs (`ReplicationFactor:`).
    "Produce",
    "NewWriter",
    "ReplicationFactor",
    "insync",
    "INSYNC",
    "IN_SYNC",
    "unclean",
    "UNCLEAN",
    "replication.factor",
    "replication_factor",
    "REPLICATION_FACTOR",
    "kafka_topic",
    // Helm values: Bitnami's `provisioning.topics[].replicationFactor`.
    "replicationFactor",
];

/// Words that are also the tail of common English words (`callbacks`,
/// `stacks`, `tracks`): they count only at a word start.
const NEEDS_BOUNDARY: &[&str] = &["acks"];

/// The vocabulary search: Teddy (SIMD, from aho-corasick's `packed`
/// module) where the CPU has it, about twice as fast as the general
/// automaton for this many words; the automaton otherwise.
enum Search {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

struct Matcher {
    search: Search,
    /// By pattern index: whether the match must start a word.
    boundary: Vec<bool>,
}

static MATCHER: LazyLock<Matcher> = LazyLock::new(|| {
    let packed = aho_corasick::packed::Config::new()
        .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
        .builder()
        .extend(VOCABULARY)
        .build();
    let search = match packed {
        Some(p) => Search::Packed(p),
        None => Search::Automaton(
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostFirst)
                .build(VOCABULARY)
                .expect("vocabulary builds"),
        ),
    };
    Matcher {
        search,
        boundary: VOCABULARY
            .iter()
            .map(|w| NEEDS_BOUNDARY.contains(w))
            .collect(),
    }
});

impl Matcher {
    /// Whether the hit of pattern `pattern` at `start` counts.
    fn counts(&self, bytes: &[u8], pattern: usize, start: usize) -> bool {
        !self.boundary[pattern] || start == 0 || !bytes[start - 1].is_ascii_lowercase()
    }
}

/// True when `bytes` contains any of the vocabulary.
pub fn is_candidate(bytes: &[u8]) -> bool {
    let m = &*MATCHER;
    match &m.search {
        Search::Packed(p) => p
            .find_iter(bytes)
            .any(|hit| m.counts(bytes, hit.pattern().as_usize(), hit.start())),
        Search::Automaton(ac) => ac
            .find_iter(bytes)
            .any(|hit| m.counts(bytes, hit.pattern().as_usize(), hit.start())),
    }
}

/// How much of a file the content heuristics look at.
const HEAD: usize = 8192;

/// True when the bytes look binary (a NUL in the first 8 KiB), as git and
/// ripgrep decide.
pub fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(HEAD)]).is_some()
}

/// Markers that tools put in the header of code they generate. Only the
/// first lines are looked at. The first two only count together (`Code
/// generated by X. DO NOT EDIT.`): a hand-written header may say "do not
/// edit" about something else.
const GENERATED_MARKERS: &[&str] = &[
    "do not edit",
    "generated",
    "@generated",
    "<auto-generated",
    "generated by the protocol buffer compiler",
    "autogenerated by thrift",
];

static GENERATED: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(GENERATED_MARKERS)
        .expect("markers build")
});

/// How many leading bytes may hold a generated-code marker.
const GENERATED_HEAD: usize = 1024;

/// True when a source file announces in its first lines that a tool wrote
/// it (`Code generated … DO NOT EDIT.`, `@generated`, `<auto-generated>`).
/// Meant for source code only: configuration written by a tool is still
/// deployed configuration.
pub fn looks_generated(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(GENERATED_HEAD)];
    let (mut do_not_edit, mut generated) = (false, false);
    for hit in GENERATED.find_overlapping_iter(head) {
        match hit.pattern().as_usize() {
            0 => do_not_edit = true,
            1 => generated = true,
            // `@generated` in a comment is the marker; the `@Generated`
            // annotation is also put on hand-written classes to keep them
            // out of coverage reports.
            2 if &head[hit.start()..hit.end()] != b"@generated" => {}
            _ => return true,
        }
        if do_not_edit && generated {
            return true;
        }
    }
    false
}

/// True when a source file is minified or otherwise machine-laid-out: the
/// first 8 KiB (at least 4 KiB of them) hold on average more than 300
/// bytes per line. Hand-written code averages well under 100.
pub fn looks_minified(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(HEAD)];
    if head.len() < 4096 {
        return false;
    }
    let lines = memchr::memchr_iter(b'\n', head).count() + 1;
    head.len() / lines > 300
}

/// File-name suffixes of generated or bundled code, never worth reading.
const GENERATED_SUFFIXES: &[&str] = &[
    ".min.js",
    ".min.mjs",
    ".bundle.js",
    ".pb.go",
    "_pb2.py",
    "_pb2_grpc.py",
    ".pb.cc",
    ".pb.h",
    ".g.cs",
    ".designer.cs",
    ".Designer.cs",
    ".generated.cs",
    ".generated.ts",
    ".d.ts",
];

/// True when a file name alone says the file is generated or bundled.
pub fn skip_by_name(name: &str) -> bool {
    GENERATED_SUFFIXES.iter().any(|s| name.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_vocabulary_and_skips_unrelated_text() {
        assert!(is_candidate(b"props.put(\"acks\", \"1\");"));
        assert!(is_candidate(b"acks=0\n"));
        assert!(is_candidate(b"min.insync.replicas=1"));
        assert!(is_candidate(b"new KafkaProducer<>(props)"));
        assert!(is_candidate(b"spring.kafka.producer.batch-size=0"));
        assert!(is_candidate(
            b"const p = kafka.producer({ idempotent: false })"
        ));
        assert!(is_candidate(
            b"p, _ := kafka.NewProducer(&kafka.ConfigMap{})"
        ));
        assert!(is_candidate(b"w := &kafka.Writer{Addr: kafka.TCP(\"x\")}"));
        assert!(is_candidate(
            b"cfg := sarama.NewConfig(); cfg.Producer.RequiredAcks = 1"
        ));
        assert!(is_candidate(
            b"TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG"
        ));
        assert!(!is_candidate(b"public class Foo { int x; }"));
        // `acks` inside another word does not count ...
        assert!(!is_candidate(
            b"List<Runnable> callbacks; Deque<Frame> stacks;"
        ));
        // ... but a later real one does.
        assert!(is_candidate(
            b"callbacks.run(); conf.set(\"acks\", \"all\")"
        ));
        // The word kafka alone is not producer vocabulary.
        assert!(!is_candidate(
            b"import org.apache.kafka.clients.consumer.KafkaConsumer;"
        ));
    }

    #[test]
    fn recognises_binary_generated_and_minified_content() {
        assert!(looks_binary(b"PK\x03\x04\0\0"));
        assert!(!looks_binary(b"plain text"));

        assert!(looks_generated(
            b"// Code generated by protoc-gen-go. DO NOT EDIT.\npackage pb\n"
        ));
        assert!(looks_generated(b"// @generated by a tool\n"));
        assert!(looks_generated(b"// <auto-generated>\n//  tool\n"));
        assert!(looks_generated(
            b"// THIS CODE IS AUTOMATICALLY GENERATED.  DO NOT EDIT.\n"
        ));
        assert!(!looks_generated(
            b"package com.acme;\n/** Sends orders. */\nclass OrderSender {}\n"
        ));
        assert!(!looks_generated(
            b"import lombok.Generated;\n@Generated\npublic class KafkaConfig {}\n"
        ));
        // "Do not edit" about something else is no generator's mark.
        assert!(!looks_generated(
            b"// Do not edit the topic names below without telling ops.\nclass T {}\n"
        ));
        // A marker far below the header does not count.
        let mut late = vec![b' '; 4096];
        late.extend_from_slice(b"// Code generated. DO NOT EDIT");
        assert!(!looks_generated(&late));

        let minified: Vec<u8> = b"function a(b){return b+1};".repeat(400);
        assert!(looks_minified(&minified));
        let code: Vec<u8> = b"    int total = a + b; // adds\n".repeat(400);
        assert!(!looks_minified(&code));
        assert!(!looks_minified(b"short=1"));
    }

    #[test]
    fn skips_generated_names() {
        assert!(skip_by_name("app.min.js"));
        assert!(skip_by_name("orders.pb.go"));
        assert!(skip_by_name("orders_pb2.py"));
        assert!(!skip_by_name("Producer.java"));
        assert!(!skip_by_name("application.properties"));
    }

    /// Every fixture that expects a finding must pass the prefilter, or the
    /// prefilter would hide that finding in a real scan.
    #[test]
    fn every_fixture_with_findings_passes_the_prefilter() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut stack = vec![root];
        let mut checked = 0;
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(bytes) = std::fs::read(&path) else {
                    continue;
                };
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                let build = name == "pom.xml" || name.starts_with("build.gradle");
                let text = String::from_utf8_lossy(&bytes);
                let expects = text
                    .lines()
                    .any(|l| l.contains("expect:") || l.contains("expect-next:"));
                if expects && !build {
                    assert!(
                        is_candidate(&bytes),
                        "{} expects findings but the prefilter rejects it",
                        path.display()
                    );
                    checked += 1;
                }
            }
        }
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        assert!(
            !fixtures.is_dir() || checked > 0,
            "no fixture with expectations was checked"
        );
    }
}
