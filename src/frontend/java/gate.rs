//! The pre-parse gate. Parsing is most of a scan's cost, so a Java file is
//! parsed only when its *code* (not its comments or strings) shows it can
//! hold one of the facts this front-end extracts:
//! - a producer built here (`new KafkaProducer`, `new DefaultKafkaProducerFactory`);
//! - a send (`.send(` / `sendDefault(`) together with a producer type to call it on;
//! - a custom partitioner, or a record built with an explicit random partition;
//! - a topic created in code (`new NewTopic(`, `TopicBuilder`).
//!
//! Words that merely mention Kafka types (imports, `StreamPartitioner`,
//! `createNewTopics`) or appear in Javadoc examples do not count: they sent
//! large library files to the parser for nothing. One Aho-Corasick pass finds
//! the words, and a small lexer that only tracks comments, strings and
//! character literals tells whether each hit is code.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::LazyLock;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    Construct,
    Send,
    ProducerType,
    NewRecord,
    Random,
}

const WORDS: &[(&str, Word)] = &[
    ("new KafkaProducer", Word::Construct),
    ("new DefaultKafkaProducerFactory", Word::Construct),
    ("implements Partitioner", Word::Construct),
    (", Partitioner", Word::Construct),
    ("Partitioner {", Word::Construct),
    ("new NewTopic(", Word::Construct),
    ("TopicBuilder", Word::Construct),
    (".send(", Word::Send),
    ("sendDefault(", Word::Send),
    ("KafkaProducer", Word::ProducerType),
    ("KafkaTemplate", Word::ProducerType),
    ("KafkaOperations", Word::ProducerType),
    ("Producer<", Word::ProducerType),
    ("clients.producer.Producer;", Word::ProducerType),
    ("clients.producer.*", Word::ProducerType),
    ("new ProducerRecord", Word::NewRecord),
    ("andom", Word::Random),
];

static MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostFirst)
        .build(WORDS.iter().map(|(w, _)| w))
        .expect("a fixed word list builds")
});

/// Whether `text` is worth a parse.
pub fn worth_parsing(text: &str) -> bool {
    let mut lexer = CodeLexer::new(text.as_bytes());
    let (mut send, mut producer_type, mut record, mut random) = (false, false, false, false);
    for m in MATCHER.find_iter(text) {
        if !lexer.is_code_at(m.start()) {
            continue;
        }
        match WORDS[m.pattern().as_usize()].1 {
            Word::Construct => return true,
            Word::Send => send = true,
            Word::ProducerType => producer_type = true,
            Word::NewRecord => record = true,
            Word::Random => random = true,
        }
        if (send && producer_type) || (record && random) {
            return true;
        }
    }
    false
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    LineComment,
    BlockComment,
    Str,
    TextBlock,
    Char,
}

/// Tracks whether a byte offset lies in code, advancing monotonically.
struct CodeLexer<'a> {
    bytes: &'a [u8],
    pos: usize,
    state: State,
}

impl<'a> CodeLexer<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        CodeLexer {
            bytes,
            pos: 0,
            state: State::Code,
        }
    }

    fn at(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(0)
    }

    /// Whether offset `target` (not before the last one asked) is in code.
    fn is_code_at(&mut self, target: usize) -> bool {
        while self.pos < target {
            let b = self.at(self.pos);
            let mut step = 1;
            self.state = match self.state {
                State::Code => match b {
                    b'/' if self.at(self.pos + 1) == b'/' => State::LineComment,
                    b'/' if self.at(self.pos + 1) == b'*' => {
                        step = 2;
                        State::BlockComment
                    }
                    b'"' if self.at(self.pos + 1) == b'"' && self.at(self.pos + 2) == b'"' => {
                        step = 3;
                        State::TextBlock
                    }
                    b'"' => State::Str,
                    b'\'' => State::Char,
                    _ => State::Code,
                },
                State::LineComment => match b {
                    b'\n' => State::Code,
                    _ => State::LineComment,
                },
                State::BlockComment => match b {
                    b'*' if self.at(self.pos + 1) == b'/' => {
                        step = 2;
                        State::Code
                    }
                    _ => State::BlockComment,
                },
                State::Str | State::Char => match b {
                    b'\\' => {
                        step = 2;
                        self.state
                    }
                    b'"' if self.state == State::Str => State::Code,
                    b'\'' if self.state == State::Char => State::Code,
                    // An unterminated literal ends at the line break.
                    b'\n' => State::Code,
                    _ => self.state,
                },
                State::TextBlock => match b {
                    b'\\' => {
                        step = 2;
                        State::TextBlock
                    }
                    b'"' if self.at(self.pos + 1) == b'"' && self.at(self.pos + 2) == b'"' => {
                        step = 3;
                        State::Code
                    }
                    _ => State::TextBlock,
                },
            };
            self.pos += step;
        }
        // A step of 2 or 3 may overshoot into the match: the match then
        // starts inside the token just consumed, which is not code.
        self.state == State::Code && self.pos == target
    }
}

#[cfg(test)]
mod tests {
    use super::worth_parsing;

    #[test]
    fn code_counts_comments_and_strings_do_not() {
        assert!(worth_parsing(
            "class A { void f() { p = new KafkaProducer<>(c); } }"
        ));
        assert!(worth_parsing(
            "class A { KafkaTemplate<String, String> t; void f() { t.send(\"x\", v); } }"
        ));
        assert!(worth_parsing("class P implements Partitioner { }"));
        assert!(worth_parsing(
            "class P implements Configurable, Partitioner { }"
        ));
        // A parameter named after a partitioner type is not one.
        assert!(!worth_parsing(
            "class S { void f(StreamPartitioner<K, V> streamPartitioner, int n) {} }"
        ));
        assert!(worth_parsing(
            "class A { void f() { new ProducerRecord<>(t, random.nextInt(3), k, v); } }"
        ));
        // Javadoc examples, line comments and strings are not code.
        assert!(!worth_parsing(
            "/** Example: {@code new KafkaProducer<>(props)} */ class KafkaProducerDocs { }"
        ));
        assert!(!worth_parsing(
            "class A { // new NewTopic(\"t\", 1, (short) 1)\n }"
        ));
        assert!(!worth_parsing(
            "class A { String s = \"new KafkaProducer\"; }"
        ));
        assert!(!worth_parsing(
            "class A { String s = \"\"\"\n new KafkaProducer\n\"\"\"; }"
        ));
        // A send on something that is not a producer type.
        assert!(!worth_parsing(
            "class A { void f() { mailSender.send(msg); } }"
        ));
        // Mentions without construction or sends.
        assert!(!worth_parsing(
            "import org.apache.kafka.clients.producer.KafkaProducer; class A {}"
        ));
        // Escapes and char literals do not derail the lexer.
        assert!(worth_parsing(
            "class A { char q = '\"'; String s = \"a\\\"b\"; Object p = new KafkaProducer<>(c); }"
        ));
    }
}
