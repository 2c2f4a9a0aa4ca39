//! The prefilter: a cheap byte scan that decides whether a file is worth
//! parsing. A file without any Kafka producer or broker vocabulary cannot
//! hold a finding, so it is never handed to a parser.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::LazyLock;

/// Words that appear in every file a front-end can find something in.
/// Kept deliberately broad: a false "yes" costs one parse, a false "no"
/// loses findings.
pub const VOCABULARY: &[&str] = &[
    "KafkaProducer",
    "ProducerConfig",
    "ProducerRecord",
    "KafkaTemplate",
    "ProducerFactory",
    "Partitioner",
    "NewTopic",
    "TopicBuilder",
    "acks",
    "linger",
    "idempotence",
    "kafka",
    "Kafka",
    "min.insync.replicas",
    "unclean.leader.election",
    "replication.factor",
];

static MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostFirst)
        .build(VOCABULARY)
        .expect("vocabulary builds")
});

/// True when `bytes` contains any of the vocabulary.
pub fn is_candidate(bytes: &[u8]) -> bool {
    MATCHER.is_match(bytes)
}

/// True when the bytes look binary (a NUL in the first 8 KiB), as git and
/// ripgrep decide.
pub fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_vocabulary_and_skips_unrelated_text() {
        assert!(is_candidate(b"props.put(\"acks\", \"1\");"));
        assert!(is_candidate(b"min.insync.replicas=1"));
        assert!(!is_candidate(b"public class Foo { int x; }"));
        assert!(looks_binary(b"PK\x03\x04\0\0"));
        assert!(!looks_binary(b"plain text"));
    }
}
