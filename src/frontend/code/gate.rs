//! The pre-parse gate. Parsing is most of a scan's cost, so a source file
//! is parsed only when its *code* — not its comments or strings — shows it
//! can hold a fact the analysis extracts:
//! - a construction of a producer, handle, record or topic of one of the
//!   language's libraries (`new KafkaProducer`, `KafkaProducer(`,
//!   `sarama.NewSyncProducer(`, `kafka.Writer{`);
//! - a send (`.send(`) together with a word naming a producer handle;
//! - a class implementing a partitioner interface.
//!
//! The words come from the API tables, so a new library needs no change
//! here. A table with `gate_needs_import` (Go's clients, whose names
//! `NewClient`, `Writer`, `Input` are everywhere) has its words counted only
//! in files that name one of its import paths. One Aho-Corasick pass finds them; a small lexer parameterised by
//! the language's comment and string syntax tells whether a hit is code.

use super::api::{Api, Form};
use super::lang::{GateSyntax, Lang};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Word {
    /// A construction when followed by `(`, `{` or generics, or preceded by `new`.
    Construct,
    /// A method call `.name(` that sends.
    Send,
    /// A handle type or producer name (makes a send count).
    Handle,
    /// A partitioner interface, counted after `implements`/`extends`/`:`/`,`.
    Base,
}

pub struct Words {
    matcher: AhoCorasick,
    /// The distinct words for a SIMD search that finds where matches can
    /// be (see [`spans`]); `None` where the CPU or the list does not allow it.
    finder: Option<aho_corasick::packed::Searcher>,
    /// The longest word's length.
    longest: usize,
    kinds: Vec<Word>,
    /// By pattern: the libraries (indexes into `imports`) whose word it
    /// is, when each of them needs its import in the file for its words
    /// to count; empty when the word counts without one.
    needs: Vec<Vec<usize>>,
    /// By pattern: whether the word is a method, called on a value of any
    /// name (a send, an admin client's `CreateTopic`) rather than reached
    /// through a package.
    methods: Vec<bool>,
    /// Import paths by library, for `needs`.
    imports: Vec<Vec<String>>,
    /// The package name code qualifies each library's names with
    /// (`kafka.NewWriter`), by library.
    packages: Vec<Option<String>>,
}

static CACHE: LazyLock<Mutex<HashMap<&'static str, Arc<Words>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// A per-language value of `cache`, built on first use by `build`.
/// Built without the lock held, so that a worker on another language does
/// not wait; two workers may build the same value once each.
pub(super) fn per_language<T>(
    cache: &Mutex<HashMap<&'static str, Arc<T>>>,
    lang: &'static Lang,
    build: impl FnOnce() -> T,
) -> Arc<T> {
    if let Some(v) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(lang.id) {
        return v.clone();
    }
    let v = Arc::new(build());
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    cache.entry(lang.id).or_insert(v).clone()
}

fn words_for(lang: &'static Lang, apis: &[&'static Api]) -> Arc<Words> {
    per_language(&CACHE, lang, || build_words(apis))
}

fn build_words(apis: &[&'static Api]) -> Words {
    let mut list: Vec<(String, Word, Vec<usize>)> = Vec::new();
    // `current`: the library whose words are being added, when its words
    // need its import (`None`: they count anywhere).
    let mut add = |w: &str, k: Word, current: Option<usize>| {
        if w.is_empty() {
            return;
        }
        match list.iter_mut().find(|(x, kk, _)| x == w && *kk == k) {
            // A word of several libraries: it needs an import only when
            // each of them does.
            Some((_, _, needs)) => match current {
                Some(i) if !needs.is_empty() => needs.push(i),
                _ => needs.clear(),
            },
            None => list.push((w.to_string(), k, current.into_iter().collect())),
        }
    };
    let mut methods: Vec<String> = Vec::new();
    let imports: Vec<Vec<String>> = apis.iter().map(|a| a.imports.clone()).collect();
    let packages: Vec<Option<String>> = apis.iter().map(|a| a.package.clone()).collect();
    for (ai, a) in apis.iter().enumerate() {
        let mut add = |w: &str, k: Word| add(w, k, needs_import(a, ai, w));
        for p in &a.producers {
            add(
                &p.name,
                if p.form == Form::Call {
                    Word::Send
                } else {
                    Word::Construct
                },
            );
            if p.form == Form::New {
                add(&p.name, Word::Handle);
            }
            // The client a producer is made from (`new Kafka(..).producer()`).
            for t in &p.receiver_types {
                add(t, Word::Handle);
            }
        }
        for h in &a.handles {
            add(&h.name, Word::Construct);
        }
        for t in a.handle_types.keys() {
            add(t, Word::Handle);
        }
        for s in &a.sends {
            add(&s.method, Word::Send);
        }
        for r in &a.records {
            if r.qualifier.is_empty() {
                add(&r.name, Word::Handle);
            }
            for q in &r.qualifier {
                add(q, Word::Handle);
            }
        }
        for t in &a.topics {
            match t.form {
                Form::New => add(&t.name, Word::Construct),
                Form::Call => {
                    for q in &t.qualifier {
                        add(&format!("{q}.{}", t.name), Word::Construct);
                    }
                    // A method of an admin client (`admin.createTopics(..)`).
                    if t.qualifier.is_empty() {
                        add(&t.name, Word::Construct);
                        methods.push(t.name.clone());
                    }
                }
            }
        }
        for p in &a.partitioners {
            add(&p.interface, Word::Base);
        }
    }
    // Producer constructions by function call (`sarama.NewSyncProducer`)
    // are constructions too.
    for (ai, a) in apis.iter().enumerate() {
        let mut add = |w: &str, k: Word| add(w, k, needs_import(a, ai, w));
        for p in &a.producers {
            if p.form == Form::Call && !p.qualifier.is_empty() {
                add(&p.name, Word::Construct);
                for q in &p.qualifier {
                    add(&format!("{q}.{}", p.name), Word::Construct);
                }
            }
        }
    }
    // Run only around the SIMD search's hits, so its speed matters less
    // than what a DFA would cost to build.
    let matcher = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(list.iter().map(|(w, _, _)| w.as_str()))
        .expect("a fixed word list builds");
    let mut distinct: Vec<&str> = list.iter().map(|(w, _, _)| w.as_str()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let finder = aho_corasick::packed::Config::new()
        .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
        .builder()
        .extend(&distinct)
        .build();
    let longest = distinct.iter().map(|w| w.len()).max().unwrap_or(0);
    Words {
        matcher,
        finder,
        longest,
        kinds: list.iter().map(|(_, k, _)| *k).collect(),
        methods: list
            .iter()
            .map(|(w, k, _)| *k == Word::Send || methods.contains(w))
            .collect(),
        needs: list.into_iter().map(|(_, _, n)| n).collect(),
        imports,
        packages,
    }
}

/// The library (`ai`, an index into the API list) whose import `w` needs
/// in a file to count there: every word of a table with
/// `gate_needs_import`, and the names a table lists as too common to
/// trust without its import (`Producer`: kombu has one too), as the
/// front-end reads them.
fn needs_import(a: &Api, ai: usize, w: &str) -> Option<usize> {
    (!a.imports.is_empty() && (a.gate_needs_import || a.needs_import.iter().any(|n| n == w)))
        .then_some(ai)
}

fn ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// Whether `text` is worth a parse for `lang`.
pub fn worth_parsing(lang: &'static Lang, apis: &[&'static Api], text: &str) -> bool {
    let words = words_for(lang, apis);
    let bytes = text.as_bytes();
    let mut lexer = CodeLexer::new(bytes, &lang.gate);
    let (mut send, mut handle) = (false, false);
    // Whether the file names each library's import, and whether it names
    // it under an alias, looked up once.
    let mut imported: Vec<Option<bool>> = vec![None; words.imports.len()];
    let mut aliased: Vec<Option<bool>> = vec![None; words.imports.len()];
    for (m, base) in matches(&words, bytes) {
        let (s, e) = (base + m.start(), base + m.end());
        // Whole words only.
        if (s > 0 && ident(bytes[s - 1])) || bytes.get(e).copied().is_some_and(ident) {
            continue;
        }
        let needs = &words.needs[m.pattern().as_usize()];
        // Go names an imported package's functions and types through the
        // package (`kgo.NewClient`): a bare one is the library's own code.
        if !needs.is_empty()
            && lang.gate.qualified_imports
            && !m.is_empty()
            && !bytes[s..e].contains(&b'.')
            && (s == 0 || bytes[s - 1] != b'.')
        {
            continue;
        }
        if !needs.is_empty()
            && !needs.iter().any(|&i| {
                *imported[i].get_or_insert_with(|| {
                    words.imports[i]
                        .iter()
                        .any(|p| memchr::memmem::find(bytes, p.as_bytes()).is_some())
                })
            })
        {
            continue;
        }
        // A type or constructor reached through a package is this library's
        // only through its package name (`kafka.NewWriter`, not
        // `bufio.NewWriter`), or through any name when the file imports it
        // under an alias. A method is called on a value: any receiver.
        if !needs.is_empty()
            && lang.gate.qualified_imports
            && !words.methods[m.pattern().as_usize()]
            && !bytes[s..e].contains(&b'.')
        {
            let qualifier = qualifier_before(bytes, s);
            if !needs.iter().any(|&i| {
                words.packages[i]
                    .as_deref()
                    .is_none_or(|p| p.as_bytes() == qualifier)
                    || *aliased[i]
                        .get_or_insert_with(|| imports_under_alias(bytes, &words.imports[i]))
            }) {
                continue;
            }
        }
        if !lexer.is_code_at(s) {
            continue;
        }
        match words.kinds[m.pattern().as_usize()] {
            Word::Construct => {
                if is_construction(bytes, s, e) {
                    return true;
                }
            }
            Word::Send => {
                let dotted = s > 0 && matches!(bytes[s - 1], b'.' | b'>' | b'?');
                let called = next_non_space(bytes, e).is_some_and(|b| b == b'(' || b == b'<');
                if dotted && called {
                    send = true;
                }
            }
            Word::Handle => handle = true,
            Word::Base => {
                if after_base_keyword(bytes, s) {
                    return true;
                }
            }
        }
        if send && handle {
            return true;
        }
    }
    false
}

/// Every overlapping match of the words in `bytes`, in the order one
/// overlapping scan of the whole text reports them (by end offset), each
/// with the offset its positions count from.
///
/// The scan runs only over spans around the hits of a SIMD search for the
/// words: every match starts inside such a hit (a leftmost-first search
/// resumes after each hit, so it stops at or before every later match
/// start), hence lies within `2 * longest` bytes of that hit's start.
/// The merged spans are disjoint and each holds its matches whole, so
/// matches come span by span in end order; and within a span the state
/// reached at each end offset reports the same matches in the same order
/// as the whole-text scan, because the longer context it lacks holds no
/// match.
fn matches<'w, 'b>(
    words: &'w Words,
    bytes: &'b [u8],
) -> Box<dyn Iterator<Item = (aho_corasick::Match, usize)> + 'b>
where
    'w: 'b,
{
    let Some(finder) = &words.finder else {
        return Box::new(words.matcher.find_overlapping_iter(bytes).map(|m| (m, 0)));
    };
    let reach = 2 * words.longest;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for hit in finder.find_iter(bytes) {
        let (a, b) = (hit.start(), (hit.start() + reach).min(bytes.len()));
        match spans.last_mut() {
            Some(last) if last.1 >= a => last.1 = last.1.max(b),
            _ => spans.push((a, b)),
        }
    }
    Box::new(spans.into_iter().flat_map(move |(a, b)| {
        words
            .matcher
            .find_overlapping_iter(&bytes[a..b])
            .map(move |m| (m, a))
    }))
}

/// The identifier that ends at offset `end` (empty when none does).
fn ident_ending_at(b: &[u8], end: usize) -> &[u8] {
    let mut start = end;
    while start > 0 && ident(b[start - 1]) {
        start -= 1;
    }
    &b[start..end]
}

/// The identifier before the `.` that ends at offset `s` (`kafka` in
/// `kafka.Writer`).
fn qualifier_before(b: &[u8], s: usize) -> &[u8] {
    ident_ending_at(b, s.saturating_sub(1))
}

/// Whether one of the import paths `paths` appears in `b` as a quoted
/// import with a name before it on its line (`k "github.com/IBM/sarama"`).
fn imports_under_alias(b: &[u8], paths: &[String]) -> bool {
    paths.iter().any(|p| {
        let quoted = format!("\"{p}");
        memchr::memmem::find_iter(b, quoted.as_bytes()).any(|at| {
            let line_start = memchr::memrchr(b'\n', &b[..at]).map_or(0, |i| i + 1);
            let head = b[line_start..at].trim_ascii();
            let head = head.strip_prefix(b"import").unwrap_or(head).trim_ascii();
            !head.is_empty()
        })
    })
}

fn next_non_space(b: &[u8], mut i: usize) -> Option<u8> {
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    b.get(i).copied()
}

/// Words that, right before a name, make it a declaration rather than a
/// use: `class Producer {`, `def Producer(self):`, `function Producer(conf)`,
/// `fn from_config(..)`, `public KafkaProducer(Properties p) {` (a
/// constructor), `async createTopics(options) {` (a JavaScript method).
/// A client library's own sources are full of these; none makes anything.
const DECLARING: &[&[u8]] = &[
    b"class",
    b"def",
    b"fn",
    b"func",
    b"function",
    b"struct",
    b"interface",
    b"trait",
    b"type",
    b"object",
    b"enum",
    b"record",
    b"async",
    b"public",
    b"private",
    b"protected",
    b"internal",
    b"static",
    b"override",
    b"fun",
];

/// Whether the identifier just before offset `s` (past blanks) is one of
/// [`DECLARING`].
fn after_declaring_word(b: &[u8], s: usize) -> bool {
    let mut end = s;
    while end > 0 && matches!(b[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    // Only a blank separates a keyword from the name it declares.
    end < s && DECLARING.contains(&ident_ending_at(b, end))
}

/// `new T`, or `T(`, `T{`, `T<..>(`, `T[..](` after the word; not a
/// declaration of `T`.
fn is_construction(b: &[u8], s: usize, e: usize) -> bool {
    if after_declaring_word(b, s) {
        return false;
    }
    let before = &b[s.saturating_sub(8)..s];
    let trimmed: Vec<u8> = before
        .iter()
        .rev()
        .skip_while(|c| **c == b' ')
        .copied()
        .collect();
    if trimmed.starts_with(b"wen") {
        return true;
    }
    // Skip balanced generics.
    let mut i = e;
    if let Some(open @ (b'<' | b'[')) = b.get(i).copied() {
        let close = if open == b'<' { b'>' } else { b']' };
        let mut depth = 0i32;
        while i < b.len() && i < e + 200 {
            if b[i] == open {
                depth += 1;
            } else if b[i] == close {
                depth -= 1;
                if depth == 0 {
                    i += 1;
                    break;
                }
            } else if b[i] == b'\n' || b[i] == b';' {
                return false;
            }
            i += 1;
        }
    }
    matches!(next_non_space(b, i), Some(b'(' | b'{'))
}

/// A base type: after `implements`, `extends`, `with`, `:` or `,` in a header.
fn after_base_keyword(b: &[u8], s: usize) -> bool {
    let start = s.saturating_sub(40);
    let before = std::str::from_utf8(&b[start..s]).unwrap_or("");
    let t = before.trim_end();
    t.ends_with("implements")
        || t.ends_with("extends")
        || t.ends_with("with")
        || t.ends_with(',')
        || t.ends_with(':')
        || t.ends_with('(')
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    LineComment,
    BlockComment(usize),
    Str(usize),
}

/// Tracks whether a byte offset lies in code, advancing monotonically.
/// Between the bytes that can change its state (the first byte of a
/// comment or string opener in code; a line break in a line comment; the
/// closer in a block comment; the quote, a backslash or a line break in a
/// string) it jumps with a SIMD byte search instead of stepping byte by
/// byte.
pub(super) struct CodeLexer<'a> {
    bytes: &'a [u8],
    syntax: &'a GateSyntax,
    pos: usize,
    state: State,
    /// The distinct first bytes of the openers, in code.
    openers: Vec<u8>,
    /// The same as a table, when there are more than three.
    opener_table: [bool; 256],
}

/// The first offset in `hay` of one of `set` (looked up in `table` when
/// the set has more than three bytes).
fn find_any(hay: &[u8], set: &[u8], table: &[bool; 256]) -> Option<usize> {
    match *set {
        [] => None,
        [a] => memchr::memchr(a, hay),
        [a, b] => memchr::memchr2(a, b, hay),
        [a, b, c] => memchr::memchr3(a, b, c, hay),
        _ => hay.iter().position(|b| table[*b as usize]),
    }
}

impl<'a> CodeLexer<'a> {
    pub(super) fn new(bytes: &'a [u8], syntax: &'a GateSyntax) -> Self {
        let mut openers: Vec<u8> = Vec::new();
        let heads = syntax
            .line_comments
            .iter()
            .chain(syntax.block_comments.iter().map(|(o, _)| o))
            .chain(syntax.strings.iter())
            .filter_map(|o| o.as_bytes().first().copied());
        let mut opener_table = [false; 256];
        for b in heads {
            if !opener_table[b as usize] {
                opener_table[b as usize] = true;
                openers.push(b);
            }
        }
        CodeLexer {
            bytes,
            syntax,
            pos: 0,
            state: State::Code,
            openers,
            opener_table,
        }
    }

    fn at(&self, prefix: &str) -> bool {
        self.bytes[self.pos..].starts_with(prefix.as_bytes())
    }

    /// Whether offset `target` (not before the last one asked) is in code.
    pub(super) fn is_code_at(&mut self, target: usize) -> bool {
        self.advance(target);
        // A multi-byte step may overshoot into the match: the match then
        // starts inside the token just consumed, which is not code.
        self.state == State::Code && self.pos == target
    }

    /// Whether offset `target` (not before the last one asked) is in code
    /// or in a line comment: a line break there ends a line of code.
    pub(super) fn ends_code_line_at(&mut self, target: usize) -> bool {
        self.advance(target);
        (self.state == State::Code && self.pos == target) || self.state == State::LineComment
    }

    fn advance(&mut self, target: usize) {
        while self.pos < target {
            // Jump to the next byte that may change the state; none
            // before `target` leaves the state as it is.
            let rest = &self.bytes[self.pos..target];
            let next = match self.state {
                State::Code => find_any(rest, &self.openers, &self.opener_table),
                State::LineComment => memchr::memchr(b'\n', rest),
                State::BlockComment(i) => {
                    let close = self.syntax.block_comments[i].1.as_bytes();
                    // A closer may start before `target` and end after it.
                    memchr::memmem::find(&self.bytes[self.pos..], close).filter(|&k| k < rest.len())
                }
                State::Str(i) => {
                    let q = self.syntax.strings[i];
                    let mut set = [q.as_bytes()[0], 0, 0];
                    let mut n = 1;
                    if self.syntax.escapes {
                        set[n] = b'\\';
                        n += 1;
                    }
                    if q.len() == 1 && q != "`" {
                        set[n] = b'\n';
                        n += 1;
                    }
                    find_any(rest, &set[..n], &self.opener_table)
                }
            };
            let Some(k) = next else {
                self.pos = target;
                break;
            };
            self.pos += k;
            let b = self.bytes[self.pos];
            let mut step = 1;
            match self.state {
                State::Code => {
                    if let Some(lc) = self.syntax.line_comments.iter().find(|c| self.at(c)) {
                        self.state = State::LineComment;
                        step = lc.len();
                    } else if let Some(i) = self
                        .syntax
                        .block_comments
                        .iter()
                        .position(|(o, _)| self.at(o))
                    {
                        step = self.syntax.block_comments[i].0.len();
                        self.state = State::BlockComment(i);
                    } else if let Some(i) = self.syntax.strings.iter().position(|q| self.at(q)) {
                        step = self.syntax.strings[i].len();
                        self.state = State::Str(i);
                    }
                }
                State::LineComment => {
                    if b == b'\n' {
                        self.state = State::Code;
                    }
                }
                State::BlockComment(i) => {
                    let close = self.syntax.block_comments[i].1;
                    if self.at(close) {
                        step = close.len();
                        self.state = State::Code;
                    }
                }
                State::Str(i) => {
                    let q = self.syntax.strings[i];
                    if b == b'\\' && self.syntax.escapes {
                        step = 2;
                    } else if self.at(q) {
                        step = q.len();
                        self.state = State::Code;
                    } else if b == b'\n' && q.len() == 1 && q != "`" {
                        // An unterminated one-line literal ends at the line break.
                        self.state = State::Code;
                    }
                }
            }
            self.pos += step;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{worth_parsing, CodeLexer, State};
    use crate::frontend::code::lang::GateSyntax;
    use crate::frontend::code::{api, syntax};

    /// The lexer stepping one byte at a time: the specification the
    /// jumping lexer must agree with.
    fn reference(bytes: &[u8], syntax: &GateSyntax, targets: &[usize]) -> Vec<bool> {
        let (mut pos, mut state) = (0usize, State::Code);
        let at = |pos: usize, p: &str| bytes[pos..].starts_with(p.as_bytes());
        let mut out = Vec::new();
        for &target in targets {
            while pos < target {
                let b = bytes[pos];
                let mut step = 1;
                match state {
                    State::Code => {
                        if let Some(lc) = syntax.line_comments.iter().find(|c| at(pos, c)) {
                            state = State::LineComment;
                            step = lc.len();
                        } else if let Some(i) =
                            syntax.block_comments.iter().position(|(o, _)| at(pos, o))
                        {
                            step = syntax.block_comments[i].0.len();
                            state = State::BlockComment(i);
                        } else if let Some(i) = syntax.strings.iter().position(|q| at(pos, q)) {
                            step = syntax.strings[i].len();
                            state = State::Str(i);
                        }
                    }
                    State::LineComment => {
                        if b == b'\n' {
                            state = State::Code;
                        }
                    }
                    State::BlockComment(i) => {
                        let close = syntax.block_comments[i].1;
                        if at(pos, close) {
                            step = close.len();
                            state = State::Code;
                        }
                    }
                    State::Str(i) => {
                        let q = syntax.strings[i];
                        if b == b'\\' && syntax.escapes {
                            step = 2;
                        } else if at(pos, q) {
                            step = q.len();
                            state = State::Code;
                        } else if b == b'\n' && q.len() == 1 && q != "`" {
                            state = State::Code;
                        }
                    }
                }
                pos += step;
            }
            out.push(state == State::Code && pos == target);
        }
        out
    }

    /// One language table of each grammar.
    fn every_language() -> [&'static crate::frontend::code::lang::Lang; 8] {
        [
            &syntax::java::SPEC,
            &syntax::python::SPEC,
            &syntax::go::SPEC,
            &syntax::javascript::JAVASCRIPT,
            &syntax::rust::SPEC,
            &syntax::scala::SPEC,
            &syntax::csharp::SPEC,
            &syntax::kotlin::SPEC,
        ]
    }

    #[test]
    fn matches_in_spans_are_the_whole_text_scan() {
        use super::{matches, words_for};
        let langs = every_language();
        let mut next = crate::xorshift(0x2545_f491_4f6c_dd1d);
        let mut compared = 0;
        for lang in langs {
            let apis = api::for_language(lang.id);
            let words = words_for(lang, &apis);
            assert!(words.finder.is_some() || !std::arch::is_x86_feature_detected!("ssse3"));
            let vocab: Vec<&str> = [
                "KafkaProducer",
                "Producer",
                "kafka.Writer",
                "Writer",
                "new ",
                ".send(",
                "send",
                "Partitioner",
                "implements ",
                "NewTopic",
                "kgo.",
                "NewClient",
                "sarama.",
                "NewSyncProducer",
                "producer",
                "(",
                "<",
                ">",
                "{",
                " ",
                "\n",
                ".",
                ":",
                "a",
                "Kafka",
                "Prod",
                "ucer",
                "x",
                "_",
            ]
            .to_vec();
            for _ in 0..400 {
                let n = (next() % 60) as usize;
                let mut text = String::new();
                for _ in 0..n {
                    text.push_str(vocab[(next() % vocab.len() as u64) as usize]);
                }
                // Long stretches without words between some of them.
                if next() % 3 == 0 {
                    text.push_str(&" ".repeat((next() % 200) as usize));
                    text.push_str("KafkaProducer");
                }
                let bytes = text.as_bytes();
                let whole: Vec<(usize, usize, usize)> = words
                    .matcher
                    .find_overlapping_iter(bytes)
                    .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                    .collect();
                let spans: Vec<(usize, usize, usize)> = matches(&words, bytes)
                    .map(|(m, base)| (base + m.start(), base + m.end(), m.pattern().as_usize()))
                    .collect();
                assert_eq!(spans, whole, "{} on {text:?}", lang.id);
                compared += whole.len();
            }
        }
        assert!(compared > 1000);
    }

    #[test]
    fn the_jumping_lexer_agrees_with_the_byte_by_byte_one() {
        let langs = every_language();
        // Texts dense in the bytes that change state, from a fixed seed.
        let alphabet = b"/*\"'`#\\\nab ";
        let mut next = crate::xorshift(0x9e37_79b9_7f4a_7c15);
        let mut differed = 0;
        for round in 0..3000 {
            let len = 1 + (next() % 80) as usize;
            let text: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            // Increasing targets, some repeated, some adjacent.
            let mut targets = Vec::new();
            let mut t = 0usize;
            while t < len {
                targets.push(t);
                t += (next() % 6) as usize;
            }
            let lang = langs[round % langs.len()];
            let want = reference(&text, &lang.gate, &targets);
            let mut lexer = CodeLexer::new(&text, &lang.gate);
            let got: Vec<bool> = targets.iter().map(|&t| lexer.is_code_at(t)).collect();
            assert_eq!(
                got,
                want,
                "{} on {:?} at {targets:?}",
                lang.id,
                String::from_utf8_lossy(&text)
            );
            differed += want.iter().any(|c| !c) as u32;
        }
        // The texts exercise comments and strings, not only code.
        assert!(differed > 1000);
    }

    fn java(text: &str) -> bool {
        let apis = api::for_language("java");
        worth_parsing(&syntax::java::SPEC, &apis, text)
    }

    #[test]
    fn code_counts_comments_and_strings_do_not() {
        assert!(java("class A { void f() { p = new KafkaProducer<>(c); } }"));
        assert!(java(
            "class A { KafkaTemplate<String, String> t; void f() { t.send(\"x\", v); } }"
        ));
        let imported = "import org.apache.kafka.clients.producer.Partitioner;\n";
        assert!(java(&format!(
            "{imported}class P implements Partitioner {{ }}"
        )));
        assert!(java(&format!(
            "{imported}class P implements Configurable, Partitioner {{ }}"
        )));
        // Too common a name to trust without the import.
        assert!(!java("class P implements Partitioner { }"));
        assert!(!java(
            "class S { void f(StreamPartitioner<K, V> streamPartitioner, int n) {} }"
        ));
        assert!(!java(
            "/** Example: {@code new KafkaProducer<>(props)} */ class KafkaProducerDocs { }"
        ));
        assert!(!java("class A { // new NewTopic(\"t\", 1, (short) 1)\n }"));
        assert!(!java("class A { String s = \"new KafkaProducer\"; }"));
        assert!(!java(
            "class A { String s = \"\"\"\n new KafkaProducer(\n\"\"\"; }"
        ));
        assert!(!java("class A { void f() { mailSender.send(msg); } }"));
        assert!(!java(
            "import org.apache.kafka.clients.producer.KafkaProducer; class A {}"
        ));
        assert!(!java("class A { KafkaProducer<String, String> p; }"));
        assert!(java(
            "class A { char q = '\"'; String s = \"a\\\"b\"; Object p = new KafkaProducer<>(c); }"
        ));
        assert!(java(
            "class T { NewTopic t = TopicBuilder.name(\"x\").build(); }"
        ));
    }

    #[test]
    fn a_go_library_name_counts_only_through_its_package_or_an_alias() {
        let go = |text: &str| worth_parsing(&syntax::go::SPEC, &api::for_language("go"), text);
        let import =
            "package p\n\nimport (\n\t\"bufio\"\n\t\"github.com/segmentio/kafka-go\"\n)\n\n";
        let aliased = "package p\n\nimport (\n\tkgo \"github.com/segmentio/kafka-go\"\n)\n\n";
        let body = "func f() {\n\tw := %s.NewWriter(cfg)\n\tw.WriteMessages(ctx, m)\n}\n";
        assert!(go(&format!("{import}{}", body.replace("%s", "kafka"))));
        assert!(!go(&format!("{import}{}", body.replace("%s", "bufio"))));
        assert!(go(&format!("{aliased}{}", body.replace("%s", "kgo"))));
        // The library's own package names its types bare.
        assert!(!go(
            "package kafka\n\n// import \"github.com/segmentio/kafka-go\"\nfunc NewWriter(c WriterConfig) *Writer {\n\treturn &Writer{}\n}\n"
        ));
    }

    #[test]
    fn a_name_too_common_to_trust_counts_only_with_its_library_imported() {
        let py =
            |text: &str| worth_parsing(&syntax::python::SPEC, &api::for_language("python"), text);
        // kombu's Producer is an AMQP one.
        assert!(!py(
            "from kombu import Producer\n\np = Producer(channel)\np.publish(m)\n"
        ));
        assert!(py(
            "from confluent_kafka import Producer\n\np = Producer(conf)\n"
        ));
        assert!(py(
            "import confluent_kafka\n\np = confluent_kafka.Producer(conf)\n"
        ));
    }

    #[test]
    fn a_declaration_of_a_library_name_is_not_a_construction() {
        let lang = |id: &str| every_language().into_iter().find(|l| l.id == id).unwrap();
        let gate = |id: &str, text: &str| worth_parsing(lang(id), &api::for_language(id), text);
        // A client library's own sources declare its types.
        assert!(!java(
            "public class KafkaProducer<K, V> { public KafkaProducer(Properties p) { } }"
        ));
        assert!(!gate(
            "python",
            "class SerializingProducer(_Producer):\n    pass\n"
        ));
        assert!(!gate(
            "python",
            "class T:\n    def Producer(self, channel):\n        pass\n"
        ));
        assert!(!gate(
            "javascript",
            "function Producer(conf, topicConf) {\n}\n"
        ));
        assert!(!gate(
            "javascript",
            "class Producer {\n  constructor() {}\n}\n"
        ));
        // Uses still count, with or without a keyword somewhere before.
        assert!(java("class A { void f() { p = new KafkaProducer<>(c); } }"));
        assert!(gate(
            "python",
            "from confluent_kafka import Producer\np = Producer({'acks': 1})\n"
        ));
        assert!(gate(
            "python",
            "from confluent_kafka import Producer\nclass A:\n    def f(self):\n        return Producer(conf)\n"
        ));
        assert!(gate(
            "javascript",
            "const { Kafka } = require('kafkajs');\nconst p = new Kafka({ brokers }).producer();\n"
        ));
    }
}
