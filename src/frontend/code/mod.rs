//! The code front-end shared by every programming language.
//!
//! ```text
//! text ─► gate (words of the language's libraries, in code only)
//!      ─► tree-sitter parse ─► lower (syntax/<lang>.rs) ─► IR
//!      ─► analysis over the IR, driven by the API tables (knowledge/api/*.toml):
//!         producers + config traces, sends, partitioners, topics ─► FileFacts
//! ```
//!
//! Nothing below `syntax/` knows a language's grammar, and nothing here
//! knows a library: both are tables.

pub mod api;
mod builders;
mod config;
mod context;
mod elide;
mod eval;
pub mod field;
pub(crate) mod gate;
pub mod ir;
mod keys;
pub mod lang;
pub mod lower;
mod options;
mod partitioners;
mod producers;
mod results;
mod scope;
mod sends;
pub mod syntax;
#[cfg(test)]
mod tests;
mod topics;

use crate::model::FileFacts;
use ir::{Id, Key, Kind};
use lang::Lang;
use scope::Cx;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use tree_sitter::Parser;

thread_local! {
    static PARSERS: RefCell<HashMap<&'static str, Parser>> = RefCell::new(HashMap::new());
}

fn parse(lang: &'static Lang, text: &str) -> Option<tree_sitter::Tree> {
    parse_skipping(lang, text, &[])
}

/// Parses `text`, never reading the byte ranges `skip` (sorted, disjoint:
/// blanked bodies and whole members nothing needs, see `elide::Elided`):
/// the parser jumps over them as if they were not there, where whitespace
/// it lexed would cost it about as much as code.
fn parse_skipping(
    lang: &'static Lang,
    text: &str,
    skip: &[(usize, usize)],
) -> Option<tree_sitter::Tree> {
    PARSERS.with(|cell| {
        let mut map = cell.borrow_mut();
        if !map.contains_key(lang.id) {
            let mut p = Parser::new();
            p.set_language(&(lang.language)()).ok()?;
            map.insert(lang.id, p);
        }
        let parser = map.get_mut(lang.id)?;
        let ranges = included_ranges(text.as_bytes(), skip);
        // An empty list means the whole text.
        parser.set_included_ranges(&ranges).ok()?;
        parser.parse(text, None)
    })
}

/// The ranges of `bytes` outside `skip`, with their rows and columns.
fn included_ranges(bytes: &[u8], skip: &[(usize, usize)]) -> Vec<tree_sitter::Range> {
    if skip.is_empty() {
        return Vec::new();
    }
    // Rows and columns of the boundaries, counted in one pass.
    let (mut row, mut line_start, mut at) = (0usize, 0usize, 0usize);
    let mut point = |to: usize| {
        for nl in memchr::memchr_iter(b'\n', &bytes[at..to]) {
            row += 1;
            line_start = at + nl + 1;
        }
        at = to;
        tree_sitter::Point::new(row, to - line_start)
    };
    let mut ranges = Vec::with_capacity(skip.len() + 1);
    let mut from = (0usize, point(0));
    for &(s, e) in skip {
        let start = point(s);
        if s > from.0 {
            ranges.push(tree_sitter::Range {
                start_byte: from.0,
                end_byte: s,
                start_point: from.1,
                end_point: start,
            });
        }
        from = (e, point(e));
    }
    if from.0 < bytes.len() {
        ranges.push(tree_sitter::Range {
            start_byte: from.0,
            end_byte: bytes.len(),
            start_point: from.1,
            end_point: point(bytes.len()),
        });
    }
    ranges
}

/// Whether bodies are elided before parsing (on unless
/// `KAFKALINT_NO_ELIDE` is set: for comparing results with and without).
fn elide_enabled() -> bool {
    static ON: std::sync::LazyLock<bool> =
        std::sync::LazyLock::new(|| std::env::var_os("KAFKALINT_NO_ELIDE").is_none());
    *ON
}

/// Extracts the producer model from one source file of `lang`; `gated`
/// when [`gate_rejects`] has already turned the text down for nothing.
pub fn extract(lang: &'static Lang, path: &Path, text: &str, gated: bool) -> FileFacts {
    let mut facts = FileFacts::default();
    let stats = stats::enabled().then(|| (stats::Stage::start(), lang.id, text.len()));
    let apis = api::for_language(lang.id);
    if !gated && !gate::worth_parsing(lang, &apis, text) {
        if let Some((t, id, n)) = stats {
            stats::record(id, n, &[t.lap()], false, false);
        }
        return facts;
    }
    let t_gate = stats.as_ref().map(|(t, ..)| t.lap());
    // The text with the bodies that cannot matter blanked (same offsets);
    // when it does not parse cleanly, the original is parsed instead.
    let elided = elide_enabled()
        .then(|| elide::elide(lang, &apis, text))
        .flatten();
    let (tree, text) = match elided.as_ref().and_then(|e| {
        parse_skipping(lang, &e.text, &e.blanked)
            .filter(|t| !t.root_node().has_error())
            .map(|t| (t, e.text.as_str()))
    }) {
        Some((tree, e)) => {
            if stats.is_some() {
                let blanked = e.bytes().zip(text.bytes()).filter(|(a, b)| a != b).count();
                stats::blanked(lang.id, blanked);
            }
            (Some(tree), e)
        }
        None => (parse(lang, text), text),
    };
    let Some(tree) = tree else {
        facts
            .warnings
            .push(format!("the {} parser gave up on this file", lang.id));
        return facts;
    };
    let t_parse = stats.as_ref().map(|(t, ..)| t.lap());
    let ir = lower::Lower::run(&tree, text, lang.lower, lang.comments);
    let t_lower = stats.as_ref().map(|(t, ..)| t.lap());
    if ir.has_errors {
        facts
            .warnings
            .push("syntax errors, analysed partially".to_string());
    }
    if ir.too_deep {
        facts.warnings.push(format!(
            "code nested deeper than {} syntax levels was skipped",
            lower::MAX_DEPTH
        ));
    }
    let cx = Cx::new(&ir, lang, apis);
    analyse(&cx, &mut facts);
    if let Some((t, id, n)) = stats {
        let laps = [
            t_gate.unwrap_or_default(),
            t_parse.unwrap_or_default(),
            t_lower.unwrap_or_default(),
            t.lap(),
        ];
        stats::record(id, n, &laps, true, !facts.is_empty());
        stats::file(path, n, &laps, !facts.is_empty());
    }
    facts
}

/// Per-language stage timings of the code front-end, for profiling:
/// collected only when `KAFKALINT_STAGE_STATS` is set, and printed to
/// standard error at the end of a scan.
pub mod stats {
    use std::collections::BTreeMap;
    use std::sync::{LazyLock, Mutex};
    use std::time::{Duration, Instant};

    pub fn enabled() -> bool {
        static ON: LazyLock<bool> =
            LazyLock::new(|| std::env::var_os("KAFKALINT_STAGE_STATS").is_some());
        *ON
    }

    /// A stopwatch whose laps are the time since the previous lap.
    pub struct Stage(std::cell::Cell<Instant>);

    impl Stage {
        pub fn start() -> Self {
            Stage(std::cell::Cell::new(Instant::now()))
        }
        pub fn lap(&self) -> Duration {
            let now = Instant::now();
            now - self.0.replace(now)
        }
    }

    #[derive(Default)]
    struct Row {
        files: u64,
        bytes: u64,
        parsed: u64,
        parsed_bytes: u64,
        with_facts: u64,
        /// Bytes of bodies blanked before the parse.
        blanked: u64,
        /// gate, parse, lower, analyse.
        time: [Duration; 4],
    }

    static ROWS: LazyLock<Mutex<BTreeMap<&'static str, Row>>> = LazyLock::new(Mutex::default);

    pub fn record(lang: &'static str, bytes: usize, laps: &[Duration], parsed: bool, facts: bool) {
        let mut rows = ROWS.lock().unwrap_or_else(|e| e.into_inner());
        let r = rows.entry(lang).or_default();
        r.files += 1;
        r.bytes += bytes as u64;
        if parsed {
            r.parsed += 1;
            r.parsed_bytes += bytes as u64;
        }
        r.with_facts += facts as u64;
        for (t, l) in r.time.iter_mut().zip(laps) {
            *t += *l;
        }
    }

    pub fn blanked(lang: &'static str, bytes: usize) {
        let mut rows = ROWS.lock().unwrap_or_else(|e| e.into_inner());
        rows.entry(lang).or_default().blanked += bytes as u64;
    }

    /// With `KAFKALINT_STAGE_STATS=files`, one line per parsed file to
    /// standard error: bytes, the parse, lower and analyse milliseconds, and
    /// whether it yielded facts (to find what a tighter gate would skip).
    pub fn file(path: &std::path::Path, bytes: usize, laps: &[Duration], facts: bool) {
        static FILES: LazyLock<bool> = LazyLock::new(|| {
            std::env::var_os("KAFKALINT_STAGE_STATS").is_some_and(|v| v == "files")
        });
        if *FILES {
            let ms = |d: &Duration| d.as_secs_f64() * 1e3;
            eprintln!(
                "stage-file\t{}\t{bytes}\t{:.2}\t{:.2}\t{:.2}\t{}",
                path.display(),
                ms(&laps[1]),
                ms(&laps[2]),
                ms(&laps[3]),
                if facts { "facts" } else { "none" }
            );
        }
    }

    /// The table, one row per language, to standard error.
    pub fn print() {
        if !enabled() {
            return;
        }
        let rows = ROWS.lock().unwrap_or_else(|e| e.into_inner());
        eprintln!("| language | gated files | MB | parsed files | MB | blanked MB | with facts | gate ms | parse ms | lower ms | analyse ms | parse MB/s |");
        eprintln!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (lang, r) in rows.iter() {
            let ms = |d: Duration| d.as_secs_f64() * 1e3;
            let mb = |b: u64| b as f64 / 1e6;
            let rate = mb(r.parsed_bytes) / r.time[1].as_secs_f64().max(1e-9);
            eprintln!(
                "| {lang} | {} | {:.2} | {} | {:.2} | {:.2} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
                r.files,
                mb(r.bytes),
                r.parsed,
                mb(r.parsed_bytes),
                mb(r.blanked),
                r.with_facts,
                ms(r.time[0]),
                ms(r.time[1]),
                ms(r.time[2]),
                ms(r.time[3]),
                rate
            );
        }
    }
}

/// Whether the gate turns `text` down for `lang`: [`extract`] would then
/// find nothing in it. The walk asks first, so that such a file is never
/// copied or handed to the parsing pool.
pub fn gate_rejects(lang: &'static Lang, text: &str) -> bool {
    let t = stats::enabled().then(stats::Stage::start);
    let apis = api::for_language(lang.id);
    let rejects = !gate::worth_parsing(lang, &apis, text);
    if let (true, Some(t)) = (rejects, t) {
        stats::record(lang.id, text.len(), &[t.lap()], false, false);
    }
    rejects
}

/// A constant another file may use: `class.name` = `value`, declared at `line`.
#[derive(Debug, Clone, PartialEq)]
pub struct Constant {
    pub class: String,
    pub name: String,
    pub value: crate::model::Value,
    pub line: u32,
}

/// The constants the classes of a file declare (`static final` fields and
/// fields assigned once, `const val`s of objects): what project resolution
/// offers to the other files. No gate: the file holds no Kafka words.
pub fn constants(lang: &'static Lang, text: &str) -> Vec<Constant> {
    let Some(tree) = parse(lang, text) else {
        return Vec::new();
    };
    let ir = lower::Lower::run(&tree, text, lang.lower, lang.comments);
    let cx = Cx::new(&ir, lang, Vec::new());
    let mut out = Vec::new();
    // Module-level names: class "".
    for (name, val, at) in cx.module_constants() {
        let value = val.to_value("");
        if !matches!(value, crate::model::Value::Unknown(_)) {
            out.push(Constant {
                class: String::new(),
                name,
                value,
                line: cx.line(at),
            });
        }
    }
    for (class, &id) in &cx.classes {
        for (name, val, at) in cx.class_constants(id) {
            let value = val.to_value("");
            if matches!(value, crate::model::Value::Unknown(_)) {
                continue;
            }
            out.push(Constant {
                class: class.to_string(),
                name,
                value,
                line: cx.line(at),
            });
        }
    }
    out.sort_by(|a, b| (&a.class, &a.name).cmp(&(&b.class, &b.name)));
    out
}

pub use builders::{Built, CallOf, Calls, Target};

/// The config builder `target` declared in a file of `lang`, traced for a
/// producer of `lib` (see [`builders`]). No gate: the file may hold no
/// Kafka words.
pub fn builder(
    lang: &'static Lang,
    text: &str,
    target: &Target,
    lib: crate::model::Library,
) -> Option<Built> {
    let tree = parse(lang, text)?;
    let ir = lower::Lower::run(&tree, text, lang.lower, lang.comments);
    let cx = Cx::new(&ir, lang, api::for_language(lang.id));
    cx.builder(target, lib)
}

/// The calls of each of `functions` a file of `lang` makes, for producer
/// factories of other files.
pub fn calls_of(lang: &'static Lang, text: &str, functions: &[&str]) -> Calls {
    let empty = || Calls {
        calls: Vec::new(),
        package: None,
        imports: Vec::new(),
        wildcards: Vec::new(),
    };
    let Some(tree) = parse(lang, text) else {
        return empty();
    };
    let ir = lower::Lower::run(&tree, text, lang.lower, lang.comments);
    let cx = Cx::new(&ir, lang, api::for_language(lang.id));
    cx.calls_of(functions)
}

/// A producer another file makes and this file may import by name: the
/// import's qualified name (`./kafka.producer`) is offered to `lookup`.
pub type ImportLookup<'l> = dyn Fn(&str) -> Option<crate::model::Producer> + 'l;

/// Extracts the model of a file that imports producers made elsewhere
/// (no gate: the file need not name the client library). `lookup` answers,
/// for each name the file imports, the producer it stands for.
pub fn extract_importing(lang: &'static Lang, text: &str, lookup: &ImportLookup<'_>) -> FileFacts {
    let mut facts = FileFacts::default();
    let Some(tree) = parse(lang, text) else {
        return facts;
    };
    let ir = lower::Lower::run(&tree, text, lang.lower, lang.comments);
    let cx = Cx::new(&ir, lang, api::for_language(lang.id));
    let mut injected = Vec::new();
    for (local, qualified) in &cx.imports {
        if let Some(p) = lookup(qualified) {
            injected.push((local.to_string(), p));
        }
    }
    if injected.is_empty() {
        return facts;
    }
    analyse_with(&cx, &mut facts, &injected);
    facts
}

fn analyse(cx: &Cx<'_, '_>, facts: &mut FileFacts) {
    analyse_with(cx, facts, &[]);
}

fn analyse_with(
    cx: &Cx<'_, '_>,
    facts: &mut FileFacts,
    injected: &[(String, crate::model::Producer)],
) {
    if uses_test_double(cx) {
        return;
    }
    let mut found = cx.find_producers();
    found.extend(cx.imported_producers(injected));
    facts.sends = cx.find_sends(&found);
    let salted = cx.salted_hash_sends(&found);
    drop_tentative(&mut found, &mut facts.sends);
    facts.partitioners = cx.find_partitioners();
    facts.partitioners.extend(cx.random_partitions());
    facts.partitioners.extend(salted);
    facts.partitioners.extend(cx.option_partitioners());
    let brokers = file_brokers(cx);
    facts.topics = cx.find_topics(&mut facts.broker_settings, brokers == Some(true));
    facts.brokers_unknown = brokers.is_none() && !facts.topics.is_empty();
    facts.configures_transactions = configures_transactions(cx);
    facts.producers = found.into_iter().map(|f| f.producer).collect();
    if !facts.producers.is_empty() {
        facts.package = cx.ir.package.clone();
        facts.imports = cx.sorted_imports();
        facts.wildcard_imports = cx.wildcards.iter().map(|p| p.to_string()).collect();
    }
}

/// The file starts an in-process fake broker of one of its libraries.
fn uses_test_double(cx: &Cx<'_, '_>) -> bool {
    let ir = cx.ir;
    let doubles: Vec<&str> = cx
        .apis
        .iter()
        .flat_map(|a| a.test_doubles.iter().map(String::as_str))
        .collect();
    if doubles.is_empty() {
        return false;
    }
    let named = |t: &str| doubles.contains(&lower::simple_type(t));
    cx.news
        .iter()
        .any(|n| matches!(ir.kind(*n), Kind::New { ty, .. } if named(ty)))
        || cx.calls.values().flatten().any(|c| {
            ir.call_parts(*c)
                .and_then(|(r, _, _)| r)
                .and_then(|r| ir.path(r))
                .is_some_and(|p| named(&p))
        })
}

/// Generic constructions without a written type (`cfg.create()?` kept in
/// a struct) count as producers only when the file sends through them.
fn drop_tentative(found: &mut Vec<producers::Found<'static>>, sends: &mut [crate::model::Send]) {
    if !found.iter().any(|f| f.tentative) {
        return;
    }
    let used = |i: usize| sends.iter().any(|s| s.producer == Some(i));
    let keep: Vec<bool> = (0..found.len())
        .map(|i| !found[i].tentative || used(i))
        .collect();
    let mut new_index = vec![None; found.len()];
    let mut next = 0;
    for (i, k) in keep.iter().enumerate() {
        if *k {
            new_index[i] = Some(next);
            next += 1;
        }
    }
    for s in sends.iter_mut() {
        s.producer = s.producer.and_then(|i| new_index[i]);
    }
    let mut i = 0;
    found.retain(|_| {
        let k = keep[i];
        i += 1;
        k
    });
}

/// Whether the file sets up Kafka transactions for the application's
/// listeners and transactional methods: a call or type the API tables
/// name for it (a Kafka transaction manager).
fn configures_transactions(cx: &Cx<'_, '_>) -> bool {
    cx.apis.iter().any(|a| {
        a.transactions.configure.iter().any(|c| {
            cx.calls.contains_key(c.as_str())
                || cx
                    .news
                    .iter()
                    .any(|n| matches!(cx.ir.kind(*n), Kind::New { ty, .. } if **ty == **c))
        })
    })
}

/// Whether every bootstrap-server value written in the file is a loopback
/// address (a local development setup: topics created here are for a
/// single local broker); `None` when the file names no broker it can read
/// (they come from the framework's configuration or the environment).
fn file_brokers(cx: &Cx<'_, '_>) -> Option<bool> {
    let ir = cx.ir;
    let mut values: Vec<String> = Vec::new();
    let is_bootstrap = |t: &str| {
        let l = t.to_ascii_lowercase();
        l.contains("bootstrap") || l == "brokers" || l.contains("broker.list")
    };
    let mut push = |cx: &Cx<'_, '_>, v: Id| {
        let v = ir.strip(v);
        match ir.kind(v) {
            Kind::List(items) => {
                for i in items {
                    if let Some(t) = cx.eval(*i, eval::Env::default()).val.text() {
                        values.push(t);
                    }
                }
            }
            _ => values.push(
                cx.eval(v, eval::Env::default())
                    .val
                    .text()
                    .unwrap_or_else(|| "?".into()),
            ),
        }
    };
    ir.walk(ir.root, |n| {
        match ir.kind(n) {
            Kind::Object(entries) => {
                for e in entries {
                    let key = match &e.key {
                        Key::Name(k) => k.to_string(),
                        Key::Expr(k) => cx.key_texts(*k, eval::Env::default()).join(" "),
                        Key::Spread => continue,
                    };
                    if is_bootstrap(&key) {
                        push(cx, e.value);
                    }
                }
            }
            Kind::Call { args, .. } => {
                for a in args {
                    if a.name.as_deref().is_some_and(is_bootstrap) {
                        push(cx, a.value);
                    }
                }
                if let Some((_, m, _)) = ir.call_parts(n) {
                    let pos = ir.positional(n);
                    if pos.len() == 2
                        && (cx.lang.put_methods.contains(&m) || m == "set" || m == "Set")
                        && is_bootstrap(&cx.key_texts(pos[0], eval::Env::default()).join(" "))
                    {
                        push(cx, pos[1]);
                    }
                }
            }
            _ => {}
        }
        true
    });
    if uses_test_container(cx) {
        return Some(true);
    }
    if values.iter().all(|v| v == "?") {
        return None;
    }
    Some(values.iter().all(|v| producers::is_loopback_list(v)))
}

/// `localhost:9092,127.0.0.1:9093` → true.
pub fn is_loopback_list(text: &str) -> bool {
    producers::is_loopback_list(text)
}

/// The file's brokers are a test container's or an embedded broker's
/// (`kafka.bootstrapServers` where `kafka = Kafka.container`,
/// `container.getBootstrapServers()`, `embeddedKafka.getBrokersAsString()`):
/// a single local broker.
fn uses_test_container(cx: &Cx<'_, '_>) -> bool {
    let ir = cx.ir;
    let local = |t: &str| {
        let l = t.to_ascii_lowercase();
        l.contains("container") || l.contains("embedded")
    };
    let mut found = false;
    ir.walk(ir.root, |n| {
        if found {
            return false;
        }
        if let Kind::Member { obj, name } = ir.kind(n) {
            if matches!(
                &**name,
                "bootstrapServers"
                    | "getBootstrapServers"
                    | "getBrokersAsString"
                    | "brokersAsString"
            ) {
                let recv = cx.text(*obj);
                let bound = ir
                    .name(*obj)
                    .and_then(|v| cx.lookup(v, n))
                    .and_then(|d| d.value)
                    .map(|v| cx.text(v));
                found = local(recv) || bound.is_some_and(local);
            }
        }
        true
    });
    found
}
