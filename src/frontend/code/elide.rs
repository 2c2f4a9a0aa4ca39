//! Body elision: before a file is parsed, the bodies of its functions that
//! cannot matter to the analysis are blanked, so that the parser and the
//! lowering skip them. Parsing is most of a scan's cost, and a file that
//! holds a producer is mostly other code (the service's business methods).
//!
//! A body is blanked byte for byte (every byte but line breaks becomes a
//! space; Python keeps one `pass`), so every offset, line and column of
//! the rest of the file stays what it was, and the file still parses.
//!
//! A body is kept when
//! - it holds a word of the language's libraries or settings (the API
//!   tables' producer, handle, send, record, topic, config and transaction
//!   names, the knowledge tables' key spellings) or of hashing and
//!   partitioning, `kafka`, or a suppression comment; or
//! - it names something the kept code declares: a kept function, or a
//!   name on a line with such a word (a field or constant outside bodies,
//!   `self.producer = ..` in a kept body); or
//! - its function is named by kept code or by the code outside bodies
//!   (a field's initializer).
//!
//! Only the outermost bodies of functions are candidates (methods of
//! classes and objects, top-level functions and lambdas); control flow
//! inside a kept function is never touched. The scan is a lexer over
//! comments and strings and a brace (or indentation) count: when either
//! does not balance, nothing is blanked; when the blanked text does not
//! parse cleanly, the caller parses the original.

use super::api::Api;
use super::gate::CodeLexer;
use super::lang::{Elide, Lang};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex};

/// A set of identifiers, hashed with FNV-1a (short keys, no adversary).
type Names<'t> = HashSet<&'t str, Fnv>;
type Fnv = std::hash::BuildHasherDefault<FnvHasher>;

#[derive(Default)]
struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Files smaller than this are parsed whole: a saving there is noise.
const MIN_BYTES: usize = 1024;

/// Whether blanking `open` bytes of a text of `len` bytes pays for the
/// work of finding them: at least half a kilobyte and a tenth of the text.
fn worth_blanking(open: usize, len: usize) -> bool {
    open >= MIN_BYTES / 2 && open * 10 >= len
}

/// A body the elision may blank.
struct Body {
    /// The bytes to blank: from `start` to `end` (exclusive).
    start: usize,
    end: usize,
    /// The names its head gives the function (spans of the text).
    names: Vec<(usize, usize)>,
    /// Python: the blanked body must keep a statement, written at `start`.
    stmt: Option<&'static [u8]>,
    /// Brace languages: where the text before the function's head starts
    /// (after the previous member or statement) and where its head's last
    /// statement starts, to tell whether the whole member can go unparsed.
    head: Option<(usize, usize)>,
}

/// Words that make a body worth keeping, per language.
/// How a language's words are searched: SIMD searchers of up to 64 words
/// each where the CPU has them (see [`Vocab::starts`]), else one automaton.
enum Vocab {
    Packed(Vec<aho_corasick::packed::Searcher>),
    Automaton(AhoCorasick),
}

static VOCABS: LazyLock<Mutex<HashMap<&'static str, Arc<Vocab>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// Words of hashing, partitioning and the tool itself, for every language.
const EXTRA_WORDS: &[&str] = &[
    "kafka",
    "Kafka",
    "KAFKA",
    "kafkalint",
    "hashCode",
    "murmur",
    "crc32",
    "partition",
    "Partition",
    "bootstrap",
    "Bootstrap",
    "BOOTSTRAP",
];

fn vocab_for(lang: &'static Lang, apis: &[&'static Api]) -> Arc<Vocab> {
    super::gate::per_language(&VOCABS, lang, || build_vocab(lang, apis))
}

/// The words of `lang`'s libraries, sorted and without duplicates.
fn vocab_words(lang: &'static Lang, apis: &[&'static Api]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut add = |s: &str| add_words(&mut words, s);
    for w in EXTRA_WORDS.iter().chain(lang.salted_hashes()) {
        add(w);
    }
    for a in apis {
        for p in &a.producers {
            add(&p.name);
            p.qualifier.iter().for_each(|q| add(q));
            p.receiver_types.iter().for_each(|q| add(q));
        }
        for c in &a.config_carriers {
            add(&c.name);
            c.qualifier.iter().for_each(|q| add(q));
        }
        a.handles.iter().for_each(|h| add(&h.name));
        a.handle_types.keys().for_each(|t| add(t));
        let lists = [
            &a.config_types,
            &a.config_setters,
            &a.config_merges,
            &a.flush,
            &a.poll,
            &a.close,
            &a.test_doubles,
            &a.default_callback_keys,
            &a.reports_settings,
            &a.transactions.begin,
            &a.transactions.commit,
            &a.transactions.scopes,
            &a.transactions.annotations,
            &a.transactions.configure,
        ];
        lists.iter().flat_map(|l| l.iter()).for_each(|w| add(w));
        a.config_calls.keys().for_each(|w| add(w));
        a.sends.iter().for_each(|s| add(&s.method));
        for r in &a.records {
            add(&r.name);
            r.qualifier.iter().for_each(|q| add(q));
        }
        for p in &a.partitioners {
            add(&p.interface);
            add(&p.method);
        }
        a.partition_functions.iter().for_each(|p| add(&p.option));
        for t in &a.topics {
            add(&t.name);
            t.qualifier.iter().for_each(|q| add(q));
            t.wrappers.iter().for_each(|w| add(w));
        }
        for w in crate::knowledge::table(a.lib()).setting_words() {
            add(w);
        }
    }
    words.sort_unstable();
    words.dedup();
    words
}

fn build_vocab(lang: &'static Lang, apis: &[&'static Api]) -> Vocab {
    let words = vocab_words(lang, apis);
    let packed: Option<Vec<aho_corasick::packed::Searcher>> = words
        .chunks(64)
        .map(|chunk| {
            aho_corasick::packed::Config::new()
                .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
                .builder()
                .extend(chunk)
                .build()
        })
        .collect();
    match packed {
        Some(finders) => Vocab::Packed(finders),
        None => Vocab::Automaton(automaton(&words)),
    }
}

/// One leftmost-first automaton for all the words. A contiguous NFA: a DFA
/// searches faster, but building one costs about as much as searching every
/// parsed file of a small tree.
fn automaton(words: &[String]) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(words)
        .expect("a fixed word list builds")
}

impl Vocab {
    /// Where words start in `bytes`, in order: every start one search for
    /// all the words reports, and perhaps starts inside those matches
    /// (searched in chunks of words, a chunk reports a word another
    /// chunk's longer match covers), which lie on the same line and in
    /// the same body, so they keep nothing more.
    fn starts(&self, bytes: &[u8]) -> Vec<usize> {
        let finders = match self {
            Vocab::Packed(finders) => finders,
            Vocab::Automaton(matcher) => {
                return matcher.find_iter(bytes).map(|m| m.start()).collect()
            }
        };
        let mut out: Vec<usize> = Vec::new();
        for f in finders {
            out.extend(f.find_iter(bytes).map(|m| m.start()));
        }
        if finders.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
        out
    }
}

/// Adds the searchable words of one table entry: a config key in the
/// config-file form (`linger.ms`) whole, and the identifiers of a code
/// spelling (`ProducerConfig.ACKS_CONFIG`, `kgo.RequiredAcks()`) one by
/// one. Identifiers shorter than four bytes (`set`, `ms`) say nothing.
fn add_words(words: &mut Vec<String>, s: &str) {
    let dotted_key = s.contains('.')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
    if dotted_key {
        words.push(s.to_string());
        return;
    }
    for part in s.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')) {
        if part.len() >= 4 {
            words.push(part.to_string());
        }
    }
}

/// Bytes of identifiers: ASCII letters, digits, `_`, `$`, and every byte of
/// a multi-byte character. A table, since the elision asks it of almost
/// every byte of a file.
static IDENT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80;
        b += 1;
    }
    t
};

#[inline]
fn is_ident(b: u8) -> bool {
    IDENT[b as usize]
}

/// The identifiers in `bytes[start..end]`, as spans.
fn idents(bytes: &[u8], start: usize, end: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = start;
    std::iter::from_fn(move || {
        while i < end && !is_ident(bytes[i]) {
            i += 1;
        }
        if i >= end {
            return None;
        }
        let s = i;
        while i < end && is_ident(bytes[i]) {
            i += 1;
        }
        Some((s, i))
    })
}

/// The comments of a text, as sorted byte ranges.
fn comment_ranges(bytes: &[u8], lang: &Lang) -> Vec<(usize, usize)> {
    let g = &lang.gate;
    let mut lexer = CodeLexer::new(bytes, g);
    let mut out = Vec::new();
    let heads: Vec<u8> = g
        .line_comments
        .iter()
        .chain(g.block_comments.iter().map(|(o, _)| o))
        .filter_map(|o| o.as_bytes().first().copied())
        .collect::<std::collections::BTreeSet<u8>>()
        .into_iter()
        .collect();
    let mut from = 0;
    let next = |hay: &[u8]| match heads[..] {
        [a] => memchr::memchr(a, hay),
        [a, b, ..] => memchr::memchr2(a, b, hay),
        [] => None,
    };
    while let Some(k) = next(&bytes[from..]) {
        let p = from + k;
        from = p + 1;
        if !lexer.is_code_at(p) {
            continue;
        }
        let rest = &bytes[p..];
        let end = if g
            .line_comments
            .iter()
            .any(|c| rest.starts_with(c.as_bytes()))
        {
            memchr::memchr(b'\n', rest).map_or(bytes.len(), |e| p + e)
        } else if let Some((o, c)) = g
            .block_comments
            .iter()
            .find(|(o, _)| rest.starts_with(o.as_bytes()))
        {
            memchr::memmem::find(&rest[o.len()..], c.as_bytes())
                .map_or(bytes.len(), |e| p + o.len() + e + c.len())
        } else {
            continue;
        };
        out.push((p, end));
        from = end.max(from);
    }
    out
}

/// Whether offset `p` lies in one of the sorted `ranges`.
fn within(ranges: &[(usize, usize)], p: usize) -> bool {
    let i = ranges.partition_point(|r| r.0 <= p);
    i > 0 && p < ranges[i - 1].1
}

/// Words of the languages themselves and of their standard types: on a
/// line of a field or constant they name no declaration of the file.
const COMMON: &[&str] = &[
    "public",
    "private",
    "protected",
    "internal",
    "static",
    "final",
    "readonly",
    "const",
    "let",
    "var",
    "val",
    "new",
    "return",
    "import",
    "from",
    "package",
    "using",
    "namespace",
    "class",
    "object",
    "this",
    "self",
    "super",
    "null",
    "nil",
    "None",
    "true",
    "false",
    "True",
    "False",
    "void",
    "Unit",
    "Any",
    "any",
    "def",
    "fun",
    "func",
    "fn",
    "async",
    "await",
    "override",
    "lateinit",
    "lazy",
    "String",
    "string",
    "str",
    "int",
    "long",
    "Long",
    "Integer",
    "bool",
    "boolean",
    "Boolean",
    "Object",
    "Map",
    "List",
    "Set",
    "HashMap",
    "ArrayList",
    "System",
    "get",
    "set",
    "put",
    "for",
    "if",
    "else",
    "in",
    "is",
    "as",
    "and",
    "or",
    "not",
    "with",
    "pub",
    "mut",
    "use",
    "mod",
    "crate",
    "struct",
    "type",
    "export",
    "default",
    "require",
    "module",
    "exports",
    "function",
    "err",
    "error",
    "ctx",
    "context",
    "log",
    "logger",
];

/// The text with the bodies that cannot matter blanked, or `None` when
/// nothing would be blanked (or the file's braces or indentation do not
/// balance).
/// A text with bodies blanked, and where.
pub struct Elided {
    /// The text, of the original's length, with the blanked bodies'
    /// bytes turned to spaces (line breaks kept).
    pub text: String,
    /// The byte ranges a parser may skip without reading, in order: the
    /// blanked bodies (after a kept Python statement), or the whole member
    /// around a blanked body when its doc comment, annotations and head
    /// say nothing either (see [`whole_member`]).
    pub blanked: Vec<(usize, usize)>,
}

pub fn elide(lang: &'static Lang, apis: &[&'static Api], text: &str) -> Option<Elided> {
    if text.len() < MIN_BYTES {
        return None;
    }
    let bytes = text.as_bytes();
    let vocab = vocab_for(lang, apis);
    let hits = vocab.starts(bytes);
    let bodies = match lang.elide {
        Elide::Braces { keywords } => brace_bodies(bytes, lang, keywords)?,
        Elide::Indent => indent_bodies(bytes, lang)?,
    };
    if bodies.is_empty() {
        return None;
    }
    let body_at = |pos: usize| -> Option<usize> {
        let i = bodies.partition_point(|b| b.start <= pos);
        (i > 0 && pos < bodies[i - 1].end).then(|| i - 1)
    };
    let mut kept = vec![false; bodies.len()];
    // Lines that hold a word, with the body they are in: the names on
    // them (a field or constant outside bodies, `self.producer = ..` in a
    // kept body) keep the bodies that use them.
    let mut word_lines: Vec<(usize, usize, Option<usize>)> = Vec::new();
    for &start in &hits {
        let body = body_at(start);
        if let Some(i) = body {
            kept[i] = true;
        }
        if word_lines.last().is_some_and(|l| start < l.1) {
            continue;
        }
        let s = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |k| k + 1);
        let e = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |k| start + k);
        word_lines.push((s, e, body));
    }
    // Not worth the rest of the work when what could be blanked is small
    // (a client library's own code, where every body names its words).
    let open: usize = bodies
        .iter()
        .zip(&kept)
        .filter(|(_, k)| !**k)
        .map(|(b, _)| b.end - b.start)
        .sum();
    if !worth_blanking(open, bytes.len()) {
        return None;
    }
    fn span(text: &str, (s, e): (usize, usize)) -> &str {
        &text[s..e]
    }
    let word = |sp| span(text, sp);
    // Identifiers named by kept code or by code outside bodies (what may
    // call a function), and identifiers whose mention keeps a body.
    let mut named: Names<'_> = Names::default();
    let mut keeps: Names<'_> = Names::default();
    let comments = comment_ranges(bytes, lang);
    let definitions: HashSet<usize, Fnv> = bodies
        .iter()
        .flat_map(|b| b.names.iter().map(|n| n.0))
        .collect();
    // The code between bodies (and after the last one).
    let gaps = (0..=bodies.len()).map(|i| {
        let from = if i == 0 { 0 } else { bodies[i - 1].end };
        (from, bodies.get(i).map_or(bytes.len(), |b| b.start))
    });
    for (from, to) in gaps {
        for sp in idents(bytes, from, to) {
            if !definitions.contains(&sp.0) && !within(&comments, sp.0) {
                named.insert(word(sp));
            }
        }
    }
    for &(s, e, body) in &word_lines {
        match body {
            // Outside bodies: the names a field, constant or import line
            // declares, outside its parentheses (a head's parameters and
            // an initializer's calls are not declarations).
            None => {
                let spans: Vec<(usize, usize)> = outside_strings(bytes, s, e)
                    .filter(|&(i, _, depth)| depth <= 0 && ident_start(bytes, s, i))
                    .map(|(i, _, _)| {
                        (
                            i,
                            i + bytes[i..e].iter().take_while(|b| is_ident(**b)).count(),
                        )
                    })
                    .collect();
                for sp in spans {
                    let w = word(sp);
                    if body_at(sp.0).is_none() && !within(&comments, sp.0) && !COMMON.contains(&w) {
                        keeps.insert(w);
                    }
                }
            }
            // In a kept body: a member it assigns (`self.producer = ..`,
            // `this.cfg = ..`), which other bodies then use.
            Some(b) => {
                for sp in idents(bytes, s.max(bodies[b].start), e.min(bodies[b].end)) {
                    if sp.0 > 0 && bytes[sp.0 - 1] == b'.' && assigns(bytes, sp.1) {
                        keeps.insert(word(sp));
                    }
                }
            }
        }
    }
    let tokens: Vec<Vec<(usize, usize)>> = bodies
        .iter()
        .map(|b| {
            idents(bytes, b.start, b.end)
                .filter(|sp| !within(&comments, sp.0))
                .collect()
        })
        .collect();
    // Two ways to be kept: a body that holds a word or uses what one
    // declares, or calls such a body (the loop around a send), keeps the
    // bodies that call it in turn; a body kept only because kept code
    // calls it (a topic or settings helper) does not: its callers are
    // plain business code.
    let mut up = kept.clone();
    for i in 0..bodies.len() {
        if up[i] {
            take(
                text, &bodies[i], &tokens[i], true, true, &mut named, &mut keeps,
            );
        }
    }
    loop {
        let mut changed = false;
        for i in 0..bodies.len() {
            if up[i] {
                continue;
            }
            if tokens[i].iter().any(|&sp| keeps.contains(word(sp))) {
                up[i] = true;
                changed = true;
                take(
                    text, &bodies[i], &tokens[i], true, !kept[i], &mut named, &mut keeps,
                );
                kept[i] = true;
            } else if !kept[i] && bodies[i].names.iter().any(|&n| named.contains(word(n))) {
                kept[i] = true;
                changed = true;
                take(
                    text, &bodies[i], &tokens[i], false, true, &mut named, &mut keeps,
                );
            }
        }
        if !changed {
            break;
        }
    }
    if kept.iter().all(|k| *k) {
        return None;
    }
    let mut out = bytes.to_vec();
    let mut blanked = Vec::new();
    for (b, _) in bodies.iter().zip(&kept).filter(|(_, k)| !**k) {
        for x in &mut out[b.start..b.end] {
            if *x != b'\n' && *x != b'\r' {
                *x = b' ';
            }
        }
        let mut from = b.start;
        if let Some(stmt) = b.stmt {
            out[b.start..b.start + stmt.len()].copy_from_slice(stmt);
            from += stmt.len();
        }
        // The parser may skip the whole member (its doc comment,
        // annotations, head and braces): nothing kept calls it, and a head
        // naming no word carries nothing the analysis reads.
        if let Some(start) = whole_member(bytes, b, &comments, &hits) {
            blanked.push((start, b.end + 1));
        } else if from < b.end {
            blanked.push((from, b.end));
        }
    }
    Some(Elided {
        text: String::from_utf8(out).ok()?,
        blanked,
    })
}

/// Where the member whose body `b` is starts, when all of it can go
/// unparsed: the text between the previous member and the head's last
/// statement holds only comments, blank lines and one-line annotations
/// (`@Override`, `#[inline]`, `[Obsolete]`), which go with it rather than
/// onto the next member; no word of the vocabulary (`hits`, sorted) is in
/// it or in the head; and the body's closing brace is there.
fn whole_member(
    bytes: &[u8],
    b: &Body,
    comments: &[(usize, usize)],
    hits: &[usize],
) -> Option<usize> {
    let (head, decl) = b.head?;
    if bytes.get(b.end) != Some(&b'}') || decl > b.start {
        return None;
    }
    // The head must be whole: a brace in it (`opts = {}` in JavaScript
    // parameters) leaves its start before the text seen here.
    let balanced = |t: &[u8]| {
        t.iter().filter(|&&c| c == b'(').count() == t.iter().filter(|&&c| c == b')').count()
    };
    if !balanced(&bytes[decl..b.start]) {
        return None;
    }
    let mut start = None;
    let mut line: Vec<u8> = Vec::new();
    let mut i = head;
    while i <= decl {
        let at_end = i == decl;
        if !at_end && within(comments, i) {
            start.get_or_insert(i);
            i += 1;
            continue;
        }
        let c = if at_end { b'\n' } else { bytes[i] };
        if c == b'\n' {
            let t = line.trim_ascii();
            let annotation = t.first() == Some(&b'@')
                || t.starts_with(b"#[")
                || (t.first() == Some(&b'[') && t.last() == Some(&b']'));
            if !t.is_empty() && !annotation {
                return None;
            }
            // An annotation's arguments must close on its line.
            if annotation && !balanced(t) {
                return None;
            }
            line.clear();
        } else {
            if !c.is_ascii_whitespace() {
                start.get_or_insert(i);
            }
            line.push(c);
        }
        i += 1;
    }
    let start = start.map_or(decl, |s| s.min(decl));
    let first_hit = hits.partition_point(|&h| h < start);
    if hits.get(first_hit).is_some_and(|&h| h < b.start) {
        return None;
    }
    Some(start)
}

/// Adds what a kept body brings: its identifiers may call other
/// functions (`calls`, unless already added), and when it holds or leads
/// to a word (`leads`), its function's names keep the bodies that call it.
fn take<'t>(
    text: &'t str,
    body: &Body,
    tokens: &[(usize, usize)],
    leads: bool,
    calls: bool,
    named: &mut Names<'t>,
    keeps: &mut Names<'t>,
) {
    if leads {
        for &(s, e) in &body.names {
            keeps.insert(&text[s..e]);
        }
    }
    if calls {
        for &(s, e) in tokens {
            named.insert(&text[s..e]);
        }
    }
}

/// Whether an assignment (`=`, not `==` or `=>`) follows offset `i`.
fn assigns(bytes: &[u8], mut i: usize) -> bool {
    while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
        i += 1;
    }
    bytes.get(i) == Some(&b'=') && !matches!(bytes.get(i + 1), Some(b'=' | b'>'))
}

/// Keywords that open a type or module body, whose members are candidates.
const CONTAINERS: &[&str] = &[
    "class",
    "interface",
    "enum",
    "object",
    "trait",
    "impl",
    "namespace",
    "struct",
    "record",
    "mod",
    "companion",
    "module",
];

#[derive(Clone, Copy)]
enum Frame {
    Container,
    Opaque,
    Body(usize),
}

/// The outermost function bodies of a brace language, in order; `None`
/// when the braces do not balance.
fn brace_bodies(bytes: &[u8], lang: &Lang, keywords: &[&str]) -> Option<Vec<Body>> {
    let mut lexer = CodeLexer::new(bytes, &lang.gate);
    let mut stack: Vec<Frame> = Vec::new();
    let mut bodies: Vec<Body> = Vec::new();
    let mut head = 0usize;
    for pos in memchr::memchr3_iter(b'{', b'}', b';', bytes) {
        if !lexer.is_code_at(pos) {
            continue;
        }
        match bytes[pos] {
            b';' => head = pos + 1,
            b'{' => {
                let classify = stack.last().is_none_or(|f| matches!(f, Frame::Container));
                let frame = if classify {
                    let h = last_statement(bytes, head, pos);
                    if is_container(bytes, h, pos) {
                        Frame::Container
                    } else if is_function(bytes, h, pos) {
                        bodies.push(Body {
                            start: pos + 1,
                            end: pos + 1,
                            names: head_names(bytes, h, pos, keywords),
                            stmt: None,
                            head: Some((head, h)),
                        });
                        Frame::Body(bodies.len() - 1)
                    } else {
                        Frame::Opaque
                    }
                } else {
                    Frame::Opaque
                };
                stack.push(frame);
                head = pos + 1;
            }
            _ => {
                if let Frame::Body(i) = stack.pop()? {
                    bodies[i].end = pos;
                }
                head = pos + 1;
            }
        }
    }
    if !stack.is_empty() {
        return None;
    }
    bodies.retain(|b| b.end > b.start);
    Some(bodies)
}

/// Steps over a string literal starting at `i` (a `"`, `'` or backquote)
/// in a head; returns the offset after it.
fn skip_string(bytes: &[u8], i: usize, end: usize) -> usize {
    let q = bytes[i];
    let mut k = i + 1;
    while k < end && bytes[k] != q {
        if bytes[k] == b'\\' {
            k += 1;
        }
        k += 1;
    }
    (k + 1).min(end)
}

/// The bytes of `bytes[start..end]` outside string literals, each with
/// its offset and the depth of parentheses and brackets around it.
fn outside_strings(
    bytes: &[u8],
    start: usize,
    end: usize,
) -> impl Iterator<Item = (usize, u8, i32)> + '_ {
    let (mut i, mut depth) = (start, 0i32);
    std::iter::from_fn(move || {
        while i < end && matches!(bytes[i], b'"' | b'\'' | b'`') {
            i = skip_string(bytes, i, end);
        }
        if i >= end {
            return None;
        }
        let (b, d) = (bytes[i], depth);
        match b {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            _ => {}
        }
        i += 1;
        Some((i - 1, b, d))
    })
}

/// Whether offset `i` starts an identifier.
fn ident_start(bytes: &[u8], start: usize, i: usize) -> bool {
    is_ident(bytes[i]) && (i == start || !is_ident(bytes[i - 1]))
}

/// The start of the head's last statement: after its last line break
/// outside parentheses and brackets (Kotlin, Go and JS end statements at
/// line breaks; an annotation line above a declaration is its own).
fn last_statement(bytes: &[u8], start: usize, end: usize) -> usize {
    // A brace on a line of its own (`namespace X\n{`) ends the head's last line.
    let mut end = end;
    while end > start && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    let mut at = start;
    for (i, b, depth) in outside_strings(bytes, start, end) {
        if b == b'\n' && depth <= 0 {
            at = i + 1;
        }
    }
    // A head cut at a line break can lose the declaration it continues
    // (`public class X\n    extends Y`): the whole head is then read.
    let rest = &bytes[at..end];
    let first = rest
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|k| rest[k]);
    match first {
        Some(b'.' | b':' | b')' | b'=' | b'-') => start,
        Some(_) if continues(rest) => start,
        _ => at,
    }
}

/// Whether a head line starts with a word that continues a declaration
/// begun on the line before.
fn continues(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    [&b"extends"[..], b"implements", b"throws", b"where", b"with"]
        .iter()
        .any(|w| t.starts_with(w) && t.get(w.len()).is_none_or(|b| !is_ident(*b)))
}

/// Whether `bytes[start..end]` opens a type or module body: a container
/// keyword outside parentheses, after the start, a modifier or an
/// annotation, and before a name, a `{`, `:` or `<`.
fn is_container(bytes: &[u8], start: usize, end: usize) -> bool {
    outside_strings(bytes, start, end).any(|(i, _, depth)| {
        if depth != 0 || !ident_start(bytes, start, i) {
            return false;
        }
        let mut e = i;
        while e < end && is_ident(bytes[e]) {
            e += 1;
        }
        if !CONTAINERS.iter().any(|c| c.as_bytes() == &bytes[i..e]) {
            return false;
        }
        let before = bytes[start..i]
            .iter()
            .rev()
            .find(|b| !b.is_ascii_whitespace());
        let after = bytes[e..end].iter().find(|b| !b.is_ascii_whitespace());
        before.is_none_or(|b| is_ident(*b) || matches!(b, b')' | b']' | b'@'))
            && after.is_none_or(|b| is_ident(*b) || matches!(b, b':' | b'<'))
    })
}

/// Whether a head introduces a function or lambda body: a parameter list
/// or an arrow.
fn is_function(bytes: &[u8], start: usize, end: usize) -> bool {
    let h = &bytes[start..end];
    h.contains(&b')') || h.windows(2).any(|w| w == b"=>")
}

/// The names a head gives its function: the identifier before each
/// parameter list outside parentheses (generic arguments skipped), and
/// the one an `=` assigns (`const handler = async (..) => {`).
fn head_names(bytes: &[u8], start: usize, end: usize, keywords: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, b, depth) in outside_strings(bytes, start, end) {
        let assignment = b == b'='
            && !matches!(bytes.get(i + 1), Some(b'=' | b'>'))
            && !matches!(bytes[i.saturating_sub(1)], b'=' | b'!' | b'<' | b'>');
        if depth == 0 && (b == b'(' || assignment) {
            if let Some(sp) = ident_before(bytes, start, i) {
                out.push(sp);
            }
        }
    }
    out.retain(|&(s, e)| {
        let w = &bytes[s..e];
        !keywords.iter().any(|k| k.as_bytes() == w)
    });
    out
}

/// The identifier that ends right before `at` (spaces and one balanced
/// `<..>` or `[..]` of generic arguments skipped).
fn ident_before(bytes: &[u8], start: usize, at: usize) -> Option<(usize, usize)> {
    let mut i = at;
    let skip_ws = |mut i: usize| {
        while i > start && bytes[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        i
    };
    i = skip_ws(i);
    if i > start && matches!(bytes[i - 1], b'>' | b']') {
        let (close, open) = if bytes[i - 1] == b'>' {
            (b'>', b'<')
        } else {
            (b']', b'[')
        };
        let mut depth = 0i32;
        while i > start {
            i -= 1;
            if bytes[i] == close {
                depth += 1;
            } else if bytes[i] == open {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
        }
        if depth != 0 {
            return None;
        }
        i = skip_ws(i);
    }
    let e = i;
    while i > start && is_ident(bytes[i - 1]) {
        i -= 1;
    }
    (i < e && !bytes[i].is_ascii_digit()).then_some((i, e))
}

/// The bodies of Python's outermost functions (`def` not inside another
/// `def`), in order; `None` when brackets do not balance.
fn indent_bodies(bytes: &[u8], lang: &Lang) -> Option<Vec<Body>> {
    // Logical lines: where each starts (outside strings and brackets, not
    // continuing a backslash line).
    let mut lexer = CodeLexer::new(bytes, &lang.gate);
    let mut starts = vec![0usize];
    let mut depth = 0i32;
    let mut i = 0;
    while let Some(k) = bytes[i..]
        .iter()
        .position(|b| matches!(b, b'(' | b'[' | b'{' | b')' | b']' | b'}' | b'\n'))
    {
        let p = i + k;
        i = p + 1;
        match bytes[p] {
            b'\n' => {
                let continued = p > 0 && bytes[p - 1] == b'\\'
                    || p > 1 && bytes[p - 1] == b'\r' && bytes[p - 2] == b'\\';
                if depth == 0 && !continued && lexer.ends_code_line_at(p) {
                    starts.push(p + 1);
                }
            }
            b'(' | b'[' | b'{' => {
                if lexer.is_code_at(p) {
                    depth += 1;
                }
            }
            _ => {
                if lexer.is_code_at(p) {
                    depth -= 1;
                    if depth < 0 {
                        return None;
                    }
                }
            }
        }
    }
    if depth != 0 {
        return None;
    }
    // (indent, content start) of each logical line with code.
    let lines: Vec<(usize, usize)> = starts
        .iter()
        .filter_map(|&s| {
            let mut c = s;
            while c < bytes.len() && (bytes[c] == b' ' || bytes[c] == b'\t') {
                c += 1;
            }
            match bytes.get(c) {
                None | Some(b'\n' | b'\r' | b'#') => None,
                Some(_) => Some((c - s, c)),
            }
        })
        .collect();
    let mut bodies = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        let (indent, c) = lines[k];
        let rest = &bytes[c..];
        let name_at = if rest.starts_with(b"def ") {
            Some(c + 4)
        } else if rest.starts_with(b"async def ") {
            Some(c + 10)
        } else {
            None
        };
        let Some(mut n) = name_at else {
            k += 1;
            continue;
        };
        while n < bytes.len() && bytes[n] == b' ' {
            n += 1;
        }
        let mut ne = n;
        while ne < bytes.len() && is_ident(bytes[ne]) {
            ne += 1;
        }
        // The body: the following lines indented deeper.
        let mut j = k + 1;
        while j < lines.len() && lines[j].0 > indent {
            j += 1;
        }
        if j > k + 1 {
            let start = lines[k + 1].1;
            let end = if j < lines.len() {
                // Up to the line break before the next statement's line.
                let next = lines[j].1;
                memchr::memrchr(b'\n', &bytes[..next]).unwrap_or(next)
            } else {
                bytes.len()
            };
            let first_line = memchr::memchr(b'\n', &bytes[start..end]).map_or(end - start, |x| x);
            let stmt: &'static [u8] = if first_line >= 4 { b"pass" } else { b"..." };
            if first_line >= stmt.len() && ne > n {
                bodies.push(Body {
                    start,
                    end,
                    names: vec![(n, ne)],
                    stmt: Some(stmt),
                    head: None,
                });
            }
        }
        k = j;
    }
    Some(bodies)
}

#[cfg(test)]
mod tests {
    use super::elide;

    #[test]
    fn chunked_word_starts_find_the_same_clusters_of_words_as_one_search() {
        use crate::frontend::code::lang::Lang;
        let langs: [&'static Lang; 5] = [
            &syntax::java::SPEC,
            &syntax::python::SPEC,
            &syntax::go::SPEC,
            &syntax::scala::SPEC,
            &syntax::csharp::SPEC,
        ];
        let mut next = crate::xorshift(0x1234_5678_9abc_def1);
        let mut differed = 0;
        for lang in langs {
            let vocab = super::vocab_for(lang, &api::for_language(lang.id));
            let words = super::vocab_words(lang, &api::for_language(lang.id));
            let every = aho_corasick::AhoCorasick::new(&words).expect("builds");
            let leftmost = super::automaton(&words);
            for _ in 0..300 {
                let mut text = String::new();
                for _ in 0..(next() % 40) {
                    let w = &words[(next() % words.len() as u64) as usize];
                    match next() % 4 {
                        0 => text.push_str(w),
                        1 => text.push_str(" x.y("),
                        2 => text.push('\n'),
                        _ => text.push_str(&w[1..]),
                    }
                }
                let bytes = text.as_bytes();
                // Runs of overlapping or touching occurrences of any word:
                // on one line, in one body.
                let mut found: Vec<(usize, usize)> = every
                    .find_overlapping_iter(bytes)
                    .map(|m| (m.start(), m.end()))
                    .collect();
                found.sort_unstable();
                let mut clusters: Vec<(usize, usize)> = Vec::new();
                for (s, e) in found {
                    match clusters.last_mut() {
                        Some(c) if s < c.1 => c.1 = c.1.max(e),
                        _ => clusters.push((s, e)),
                    }
                }
                let cluster_of = |p: usize| clusters.iter().position(|c| c.0 <= p && p < c.1);
                let of = |starts: &mut dyn Iterator<Item = usize>| {
                    let mut v: Vec<Option<usize>> = starts.map(cluster_of).collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                };
                let whole: Vec<usize> = leftmost.find_iter(bytes).map(|m| m.start()).collect();
                let starts = vocab.starts(bytes);
                differed += (whole != starts) as u32;
                assert_eq!(
                    of(&mut whole.into_iter()),
                    of(&mut starts.into_iter()),
                    "{} on {text:?}",
                    lang.id
                );
            }
        }
        // The texts exercise words inside and across longer words.
        assert!(differed > 0);
    }
    use crate::frontend::code::{api, syntax};

    fn run(lang: &'static crate::frontend::code::lang::Lang, text: &str) -> Option<String> {
        let e = elide(lang, &api::for_language(lang.id), text)?;
        // A range the parser skips is a blanked body (blanks only), or a
        // whole member whose body is blanked: it ends with the body's
        // closing brace and holds no word the body's function keeps.
        for &(s, t) in &e.blanked {
            let r = &e.text.as_bytes()[s..t];
            assert!(
                r.iter().all(|b| b.is_ascii_whitespace()) || r.last() == Some(&b'}'),
                "{:?}",
                String::from_utf8_lossy(r)
            );
        }
        Some(e.text)
    }

    /// The text the parser reads: the skipped ranges left out.
    fn parsed(lang: &'static crate::frontend::code::lang::Lang, text: &str) -> String {
        let e = elide(lang, &api::for_language(lang.id), text).expect("something is blanked");
        let mut out = String::new();
        let mut at = 0;
        for &(s, t) in &e.blanked {
            out.push_str(&e.text[at..s]);
            at = t;
        }
        out.push_str(&e.text[at..]);
        out
    }

    #[test]
    fn a_member_nothing_needs_goes_unparsed_with_its_comment_and_annotations() {
        let src = padded(
            r#"package a;
import org.apache.kafka.clients.producer.KafkaProducer;
public class Svc {
    private final KafkaProducer<String, String> producer = new KafkaProducer<>(props());
    /**
     * Sums the prices.
     */
    @Override
    @Deprecated
    public int total(List<Item> items) {
        FILL
        return items.size();
    }
    @SuppressWarnings(
        "unchecked")
    public int count(List<Item> items) {
        FILL
        return items.size();
    }
    @Transactional
    public int audited(List<Item> items) {
        FILL
        return items.size();
    }
    static Properties props() { Properties p = new Properties(); p.put("acks", "1"); return p; }
}"#,
            "//",
        );
        let read = parsed(&syntax::java::SPEC, &src);
        // Doc comment, annotations, head and body of `total` are skipped.
        for gone in ["Sums the prices", "@Override", "@Deprecated", "total("] {
            assert!(!read.contains(gone), "{gone} still read:\n{read}");
        }
        // An annotation over two lines would be left on the next member,
        // and a head with a library word (`@Transactional`) says something:
        // those heads stay, with their bodies blanked.
        for stays in [
            "@SuppressWarnings(",
            "count(List<Item> items) {",
            "@Transactional",
            "audited(",
        ] {
            assert!(read.contains(stays), "{stays} lost:\n{read}");
        }
        assert!(read.contains("p.put(\"acks\""));
    }

    #[test]
    fn a_head_with_braces_in_its_parameters_is_not_cut() {
        let src = padded(
            "import { Kafka } from 'kafkajs';\n\nexport async function load(id, opts = {}) {\n  FILL\n  return db.find(id);\n}\n\nexport async function other(id) {\n  FILL\n  return db.find(id);\n}\n\nconst producer = new Kafka({ brokers }).producer();\nexport async function publish(e) {\n  await producer.send({ topic: 't', messages: [e] });\n}\n",
            "//",
        );
        let read = parsed(&syntax::javascript::JAVASCRIPT, &src);
        assert!(read.contains("load(id, opts = {})"), "{read}");
        assert!(!read.contains("other(id)"), "{read}");
        assert!(read.contains("producer.send"), "{read}");
    }

    /// Fills the `FILL` marker (inside a body the test expects blanked)
    /// with a comment long enough for the elision to be worth it.
    fn padded(text: &str, comment: &str) -> String {
        text.replace(
            "FILL",
            &format!("{comment} {}", "x".repeat(2 * super::MIN_BYTES)),
        )
    }

    #[test]
    fn java_blanks_business_methods_and_keeps_what_producers_need() {
        let src = padded(
            r#"package a;
import org.apache.kafka.clients.producer.KafkaProducer;
public class Svc {
    private final KafkaProducer<String, String> producer = new KafkaProducer<>(props());
    private final String topic = topicName();
    public int total(List<Item> items) {
        FILL
        int t = 0;
        for (Item i : items) { t += i.price(); }
        return t;
    }
    static String topicName() { return "orders." + System.getenv("ENV"); }
    static Properties props() { Properties p = new Properties(); p.put("acks", "1"); return p; }
    public void publish(Event e) { producer.send(new ProducerRecord<>(topic, e.id(), e.json())); }
    public void publishAll(List<Event> es) { for (Event e : es) { publish(e); } }
}"#,
            "//",
        );
        let out = run(&syntax::java::SPEC, &src).expect("something is blanked");
        assert_eq!(out.len(), src.len());
        assert_eq!(out.lines().count(), src.lines().count());
        assert!(!out.contains("i.price()"), "{out}");
        for kept in [
            "topicName() { return",
            "p.put(\"acks\"",
            "producer.send",
            "publish(e);",
        ] {
            assert!(out.contains(kept), "{kept} lost:\n{out}");
        }
    }

    #[test]
    fn unbalanced_braces_blank_nothing() {
        let src = padded(
            "class A {\n void f() {\n FILL\n int x = 1; }\n void g() {\n",
            "//",
        );
        assert!(run(&syntax::java::SPEC, &src).is_none());
    }

    #[test]
    fn control_flow_inside_kept_functions_is_never_blanked() {
        let src = padded(
            r#"fun send(p: KafkaProducer<String, String>, xs: List<String>): Any {
    if (xs.isEmpty()) { println("nothing to do") }
    for (x in xs) { p.send(ProducerRecord("t", x)) }
    return object : Runnable { override fun run() { println("other") } }
}
fun unrelated(a: Int): Int {
    FILL
    return a * 2
}"#,
            "//",
        );
        let out = run(&syntax::kotlin::SPEC, &src).expect("the unrelated function is blanked");
        assert!(out.contains("println(\"nothing to do\")"), "{out}");
        assert!(out.contains("println(\"other\")"), "{out}");
        assert!(!out.contains("a * 2"), "{out}");
    }

    #[test]
    fn go_methods_by_receiver_and_callers_of_kept_functions() {
        let src = padded(
            r#"package svc

import "github.com/IBM/sarama"

type Svc struct {
	producer sarama.SyncProducer
}

func (s *Svc) emit(v string) error {
	_, _, err := s.producer.SendMessage(&sarama.ProducerMessage{Topic: "t", Value: sarama.StringEncoder(v)})
	return err
}

func (s *Svc) Run(items []string) {
	for _, it := range items {
		s.emit(it)
	}
}

func (s *Svc) Sum(xs []int) int {
	FILL
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}"#,
            "//",
        );
        let out = run(&syntax::go::SPEC, &src).expect("Sum is blanked");
        assert!(out.contains("s.emit(it)"), "{out}");
        assert!(!out.contains("n += x"), "{out}");
    }

    #[test]
    fn python_bodies_keep_a_statement_and_self_fields() {
        let src = padded(
            r#"from confluent_kafka import Producer

class Svc:
    def __init__(self, conf):
        self.producer = Producer(conf)
        self.count = 0

    def emit(self, v):
        self.producer.produce("t", value=v)

    def report(self, rows):
        """Sums the rows."""
        FILL
        total = sum(
    r.amount for r in rows)
        return total

    def flush_all(self):
        self.producer.flush()
"#,
            "#",
        );
        let out = run(&syntax::python::SPEC, &src).expect("report is blanked");
        assert!(!out.contains("Sums the rows"), "{out}");
        assert!(out.contains("        pass"), "{out}");
        assert!(out.contains("self.producer.flush()"), "{out}");
        assert_eq!(out.lines().count(), src.lines().count());
    }
}
