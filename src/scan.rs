//! `kafkalint scan`: walk → prefilter → front-end → project resolution →
//! effective config → rules. Returns findings for a reporter to render.

use crate::effective;
use crate::finding::{Finding, Skipped, Summary};
use crate::frontend::{self, FileKind};
use crate::model::FileFacts;
use crate::prefilter;
use crate::project::BuildIndex;
use crate::rules::{Check, FileContext, RULES};
use crate::suppress::Suppressions;
use anyhow::{bail, Context as _, Result};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Instant;

/// Files larger than this are skipped with a warning: no hand-written
/// producer or config file is this big, and parsing one would stall a scan.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Lock files (package-lock.json, yarn.lock, Cargo.lock, …) are
/// machine-written and read with a targeted search for a few package
/// names, so they may be larger; beyond this they are skipped with a warning.
pub const MAX_LOCK_BYTES: u64 = 64 * 1024 * 1024;

/// Directories never worth descending into even without a .gitignore.
/// Build output, vendored dependencies and tool caches.
const SKIP_DIRS: &[&str] = &[
    "node_modules",
    "bower_components",
    ".git",
    ".hg",
    ".svn",
    "target",
    ".gradle",
    ".idea",
    "vendor",
    "third_party",
    "__pycache__",
    ".venv",
    "venv",
    "site-packages",
    ".tox",
    ".mypy_cache",
    // Built JavaScript (bundles, transpiled output) beside its sources.
    "dist",
    ".next",
];

#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    pub paths: Vec<PathBuf>,
    pub no_ignore: bool,
    pub threads: Option<usize>,
    /// Also scan test code (see [`crate::testcode`]).
    pub include_tests: bool,
    /// Keep findings on library defaults in example code (see
    /// [`crate::testcode::is_example_path`]).
    pub examples_as_code: bool,
    /// Where to keep the result cache (the project root holding
    /// `.kafkalint_cache/`); `None`: no cache.
    pub cache: Option<PathBuf>,
    /// The version to assume per library when no dependency file names
    /// one (kafkalint.toml `[defaults]`).
    pub assumed_versions: HashMap<crate::model::Library, crate::model::Version>,
    /// Paths left out (kafkalint.toml `exclude`, `--exclude`); applies to
    /// files named on the command line too.
    pub exclude: crate::config::ExcludeSet,
    /// Draw a progress line on standard error for long scans (the caller
    /// checks that it is a terminal).
    pub progress: bool,
    /// Collect, per producer, what could not be resolved (`--explain-unknown`).
    pub explain_unknown: bool,
}

/// A producer whose configuration the scan could not read whole, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub path: String,
    pub line: u32,
    pub library: &'static str,
    /// The names holding the producer, if any.
    pub names: Vec<String>,
    /// One line per blind spot.
    pub reasons: Vec<String>,
}

/// What a scan produced.
#[derive(Debug, Default)]
pub struct ScanResult {
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// Warnings for stderr (files skipped or parsed partially).
    pub warnings: Vec<String>,
    /// Source text of the files that have findings, by display path, for
    /// code frames (kept so no file is read twice).
    pub sources: HashMap<String, String>,
    /// With `explain_unknown`: the producers with blind spots.
    pub unresolved: Vec<Unresolved>,
}

struct Analysed {
    path: PathBuf,
    display: String,
    /// The file's suppression comments, read while its text was at hand:
    /// the text itself is not kept (see [`SourceRef`]).
    suppressions: Suppressions,
    /// The [`content_hash`] of the bytes analysed.
    hash: u64,
    facts: FileFacts,
}

/// Where a file's text can be read again for the report, and a hash of the
/// bytes that were analysed. Texts are not kept through the project-wide
/// checks (on a large tree they would be most of the memory); the few
/// files with findings are read again at the end, and one that changed in
/// the meantime is reported without code.
#[derive(Clone)]
struct SourceRef {
    path: PathBuf,
    hash: u64,
}

fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x6b61_666b).hash_one(bytes)
}

/// A file whose findings did not need the rest of the tree (it builds no
/// producer, so no client version matters): checked in the worker, so only
/// what the report needs is kept.
struct Checked {
    path: PathBuf,
    display: String,
    warnings: Vec<String>,
    findings: Vec<Finding>,
    suppressed: u64,
    /// Only when there are findings (for code frames).
    source: Option<SourceRef>,
    build_versions: Vec<crate::model::BuildVersion>,
    configures_transactions: bool,
}

enum Outcome {
    /// Builds a producer: checked after the walk, once versions are known.
    Analysed(Box<Analysed>),
    Checked(Box<Checked>),
    /// Read but nothing of interest (prefilter said no, or no facts).
    Clean,
    Skipped(Skip, String),
}

/// Why a file was skipped (with a warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skip {
    Binary,
    TooLarge,
    Unreadable,
    Failed,
}

impl Skip {
    fn count(self, s: &mut Skipped) {
        match self {
            Skip::Binary => s.binary += 1,
            Skip::TooLarge => s.too_large += 1,
            Skip::Unreadable => s.unreadable += 1,
            Skip::Failed => s.failed += 1,
        }
    }
}

/// A walked file's name and directory, or `None` when its name is not
/// UTF-8 (no file kind has such a name). Found on the path's text where it
/// has one: the walk joins names with the separator, and taking the path
/// apart into components cost more than the rest of the walk's work on a
/// file that no kind claims.
fn name_and_dir(path: &Path) -> Option<(&str, &Path)> {
    let split = path.to_str().and_then(|s| {
        let i = s.rfind(std::path::is_separator)?;
        // A root (`/a.go`, `C:\a.go`) keeps its separator: leave it to Path.
        let dir = &s[..i];
        (!dir.is_empty() && !dir.ends_with(':')).then(|| (&s[i + 1..], Path::new(dir)))
    });
    match split {
        Some(found) => Some(found),
        None => Some((
            path.file_name()?.to_str()?,
            path.parent().unwrap_or(Path::new("")),
        )),
    }
}

/// The path as shown to users: relative to the working directory when it
/// lies below it, without a leading `./`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let rel = path.strip_prefix(cwd).unwrap_or(path);
    let rel = rel.strip_prefix(".").unwrap_or(rel);
    rel.to_string_lossy().replace('\\', "/")
}

/// The roots to walk: the given paths, or the current directory.
fn roots(opts: &ScanOptions) -> Result<Vec<PathBuf>> {
    let roots: Vec<PathBuf> = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    for r in &roots {
        if !r.exists() {
            bail!("path does not exist: {}", r.display());
        }
    }
    Ok(roots)
}

/// A parallel walk over the roots, honouring ignore files unless
/// `no_ignore`, never descending into [`SKIP_DIRS`] or excluded
/// directories (counted in `excluded_dirs`).
fn walker(
    opts: &ScanOptions,
    roots: &[PathBuf],
    cwd: &Path,
    excluded_dirs: &Arc<AtomicU64>,
) -> ignore::WalkParallel {
    let mut builder = ignore::WalkBuilder::new(&roots[0]);
    for r in &roots[1..] {
        builder.add(r);
    }
    let respect = !opts.no_ignore;
    let exclude = (!opts.exclude.is_empty()).then(|| Arc::new(opts.exclude.clone()));
    let (cwd, excluded_dirs) = (cwd.to_path_buf(), Arc::clone(excluded_dirs));
    builder
        .git_ignore(respect)
        .git_global(respect)
        .git_exclude(respect)
        .ignore(respect)
        .parents(respect)
        .require_git(false)
        .hidden(true)
        .filter_entry(move |e| {
            if !e.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            if e.depth() > 0
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| SKIP_DIRS.contains(&n))
            {
                return false;
            }
            if let Some(exclude) = &exclude {
                if exclude.excludes(&absolute(&cwd, e.path()), true) {
                    excluded_dirs.fetch_add(1, Ordering::Relaxed);
                    return false;
                }
            }
            true
        });
    if let Some(n) = opts.threads {
        builder.threads(n);
    }
    builder.build_parallel()
}

/// A file that passed the prefilter, on its way to a front-end.
struct Candidate {
    path: PathBuf,
    kind: FileKind,
    bytes: Vec<u8>,
    /// The code front-end's gate already passed the file in the walk.
    gated: bool,
}

/// What the walk decided about one file before any parsing.
enum Early {
    /// Not worth parsing (no vocabulary).
    Clean,
    /// Source code with producer vocabulary that builds nothing of a client
    /// library it names: clean, but it may send through a producer another
    /// module makes (see `imported_handles`).
    GateRejected,
    /// Generated or minified code: not analysed.
    Generated,
    /// Read and worth parsing; the bytes are in the reader's buffer.
    Candidate {
        /// The code front-end's gate passed it (not asked again).
        gated: bool,
    },
    Skipped(Skip, String),
}

/// `path` (relative to `cwd` or absolute) as an absolute, normalised path,
/// for matching exclusion globs.
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    crate::config::normalise(&cwd.join(path))
}

/// Configuration formats: tool-written configuration is still deployed
/// configuration, so the generated/minified heuristics do not apply.
fn is_config(kind: FileKind) -> bool {
    matches!(
        kind,
        FileKind::Properties
            | FileKind::Yaml
            | FileKind::Pom
            | FileKind::Gradle
            | FileKind::Terraform
            | FileKind::Conf
    )
}

/// One walker thread's reusable read buffer: files are read into it, and
/// only the few that pass the prefilter are copied out, so a clean file
/// costs no allocation.
struct Reader {
    /// Always fully initialised; `filled` bytes hold the current file.
    buf: Vec<u8>,
    filled: usize,
}

/// Initial size of a reader's buffer: most source files fit.
const READ_BUF: usize = 64 * 1024;

impl Reader {
    fn new() -> Self {
        Reader {
            buf: vec![0; READ_BUF],
            filled: 0,
        }
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[..self.filled]
    }

    /// Reads a whole file (open, read until EOF, close: no stat on the
    /// common path). `Ok(false)` when it is larger than `limit` bytes.
    fn read(&mut self, path: &Path, limit: u64) -> std::io::Result<bool> {
        self.filled = 0;
        let mut f = File::open(path)?;
        let mut checked_size = false;
        loop {
            if self.filled == self.buf.len() {
                if !checked_size {
                    // A large file: ask its size once instead of reading
                    // megabytes only to throw them away.
                    checked_size = true;
                    if f.metadata()?.len() > limit {
                        return Ok(false);
                    }
                }
                if self.filled as u64 > limit {
                    return Ok(false);
                }
                let grown = (self.buf.len() * 2).min(limit as usize + 1);
                self.buf.resize(grown.max(self.filled + 1), 0);
            }
            match f.read(&mut self.buf[self.filled..]) {
                Ok(0) => break,
                Ok(n) => self.filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if self.filled as u64 > limit {
            return Ok(false);
        }
        Ok(true)
    }

    /// Gives back memory after an unusually large file.
    fn trim(&mut self) {
        if self.buf.len() > 4 * READ_BUF {
            self.buf = vec![0; READ_BUF];
            self.filled = 0;
        }
    }
}

/// Reads one file and decides whether it is worth parsing. The display
/// path is only built for the rare file that needs a message.
fn triage(reader: &mut Reader, path: &Path, kind: FileKind, cwd: &Path) -> Early {
    let limit = if kind.is_lock_file() {
        MAX_LOCK_BYTES
    } else {
        MAX_FILE_BYTES
    };
    match reader.read(path, limit) {
        Ok(true) => {}
        Ok(false) => {
            return Early::Skipped(
                Skip::TooLarge,
                format!(
                    "{}: skipped, larger than {} MiB",
                    display_path(path, cwd),
                    limit / (1024 * 1024)
                ),
            )
        }
        Err(e) => {
            return Early::Skipped(
                Skip::Unreadable,
                format!("{}: skipped, cannot read: {e}", display_path(path, cwd)),
            )
        }
    }
    let bytes = reader.bytes();
    if prefilter::looks_binary(bytes) {
        return Early::Skipped(
            Skip::Binary,
            format!("{}: skipped, binary content", display_path(path, cwd)),
        );
    }
    if kind.is_build_file() {
        return Early::Candidate { gated: false };
    }
    // The vocabulary scan first: it rejects most files, and is cheaper per
    // byte than the generated-code check is on a file's head.
    if !prefilter::is_candidate(bytes) {
        return Early::Clean;
    }
    if !is_config(kind) && (prefilter::looks_generated(bytes) || prefilter::looks_minified(bytes)) {
        return Early::Generated;
    }
    // A source file the code front-end's gate turns down yields no facts;
    // unless it holds a suppression comment (checked for being unused) or
    // invalid UTF-8 (warned about), it is clean without leaving the walk.
    if let Some(lang) = kind.code_lang() {
        if let Ok(text) = std::str::from_utf8(bytes) {
            if !crate::suppress::may_hold(text) {
                if frontend::code::gate_rejects(lang, text) {
                    return Early::GateRejected;
                }
                return Early::Candidate { gated: true };
            }
        }
    }
    Early::Candidate { gated: false }
}

/// Outcomes of the walk and read stage, keyed by path for a stable order.
type Keyed = Vec<(PathBuf, Outcome)>;

/// What the walk and parse stage hands on.
struct Walked {
    /// Outcomes worth reporting, sorted by path.
    outcomes: Vec<Outcome>,
    /// Files read and found clean.
    clean: u64,
    /// Test files not read because test code is left out.
    tests_left_out: u64,
    /// Generated or minified files, and excluded files and directories.
    generated: u64,
    excluded: u64,
    excluded_dirs: u64,
    /// Source files by the class their name gives, for constants across files.
    class_files: crate::project::symbols::ClassFiles,
}

/// Walks, reads and prefilters every file in parallel and parses the
/// candidates as they come. The walker threads read each file once into a
/// reused buffer; a candidate goes through a bounded channel to the
/// parsing pool, so memory stays flat however large the tree. Returns the
/// outcomes worth reporting (sorted by path) and the number of files read
/// and found clean.
fn analyse_tree(
    opts: &ScanOptions,
    cwd: &Path,
    pool: &rayon::ThreadPool,
    progress: &crate::progress::Counters,
    cache: Option<&crate::cache::Cache>,
) -> Result<Walked> {
    let roots = roots(opts)?;
    let excluded_dirs = Arc::new(AtomicU64::new(0));
    let walk = walker(opts, &roots, cwd, &excluded_dirs);
    // Overlapping roots (`scan src src/main`) would visit files twice.
    let seen: Option<Mutex<HashSet<PathBuf>>> = (roots.len() > 1).then(Mutex::default);
    let clean = AtomicU64::new(0);
    let tests_left_out = AtomicU64::new(0);
    let generated = AtomicU64::new(0);
    let excluded = AtomicU64::new(0);
    let early: Mutex<Keyed> = Mutex::new(Vec::new());
    let class_files: Mutex<crate::project::symbols::ClassFiles> = Mutex::default();
    let capacity = 4 * pool.current_num_threads().max(1);
    let (tx, rx) = mpsc::sync_channel::<Candidate>(capacity);

    let parsed: Keyed = std::thread::scope(|s| {
        let (clean, early, seen, tests_left_out) = (&clean, &early, &seen, &tests_left_out);
        let class_files = &class_files;
        let (generated, excluded) = (&generated, &excluded);
        let roots = &roots;
        let include_tests = opts.include_tests;
        let exclude = (!opts.exclude.is_empty()).then_some(&opts.exclude);
        s.spawn(move || {
            walk.run(|| {
                let tx = tx.clone();
                let mut reader = Reader::new();
                // The last directory judged for test code: a walk hands
                // over a directory's files one after another.
                let mut last_dir: Option<(PathBuf, bool)> = None;
                // This thread's class files, merged into the shared index
                // once when its walk ends rather than locked per file.
                let mut classes = LocalClassFiles {
                    files: Default::default(),
                    into: class_files,
                };
                Box::new(move |entry| {
                    let entry = match entry {
                        Ok(e) => e,
                        Err(e) => {
                            let msg = format!("skipped: {e}");
                            lock(early)
                                .push((PathBuf::new(), Outcome::Skipped(Skip::Unreadable, msg)));
                            return ignore::WalkState::Continue;
                        }
                    };
                    if !entry.file_type().is_some_and(|t| t.is_file()) {
                        return ignore::WalkState::Continue;
                    }
                    // Decide on the bare file name: cheaper than taking
                    // the full path apart, for every file of the tree.
                    let path = entry.path();
                    let Some((name, dir)) = name_and_dir(path) else {
                        return ignore::WalkState::Continue;
                    };
                    let Some(kind) = FileKind::of_name(name) else {
                        return ignore::WalkState::Continue;
                    };
                    crate::progress::Counters::add(&progress.files, 1);
                    if prefilter::skip_by_name(name) {
                        generated.fetch_add(1, Ordering::Relaxed);
                        return ignore::WalkState::Continue;
                    }
                    if let Some(exclude) = exclude {
                        if exclude.excludes(&absolute(cwd, path), false) {
                            excluded.fetch_add(1, Ordering::Relaxed);
                            return ignore::WalkState::Continue;
                        }
                    }
                    // Test code is judged below the scanned root; a file
                    // named on the command line (depth 0) always counts.
                    if !include_tests && entry.depth() > 0 {
                        // The directory's verdict is kept while the walk
                        // stays in it, compared by the bytes of its path.
                        let in_test_dir = match &last_dir {
                            Some((d, t)) if d.as_os_str() == dir.as_os_str() => *t,
                            _ => {
                                let rel = roots
                                    .iter()
                                    .find_map(|r| dir.strip_prefix(r).ok())
                                    .unwrap_or(dir);
                                let t = crate::testcode::is_test_dir_path(rel);
                                last_dir = Some((dir.to_path_buf(), t));
                                t
                            }
                        };
                        if in_test_dir || crate::testcode::is_test_file(name) {
                            tests_left_out.fetch_add(1, Ordering::Relaxed);
                            return ignore::WalkState::Continue;
                        }
                    }
                    if let Some(seen) = seen {
                        if !lock(seen).insert(path.to_path_buf()) {
                            return ignore::WalkState::Continue;
                        }
                    }
                    // Any class file may declare a constant another file
                    // uses, Kafka words or not.
                    let class_file = classes.files.add(path, name, dir, kind);
                    match triage(&mut reader, path, kind, cwd) {
                        Early::Clean => {
                            clean.fetch_add(1, Ordering::Relaxed);
                        }
                        Early::GateRejected => {
                            clean.fetch_add(1, Ordering::Relaxed);
                            if let Some(id) = class_file {
                                classes.files.note_import_candidate(id);
                            }
                        }
                        Early::Generated => {
                            generated.fetch_add(1, Ordering::Relaxed);
                        }
                        Early::Skipped(why, w) => {
                            lock(early).push((entry.into_path(), Outcome::Skipped(why, w)));
                        }
                        Early::Candidate { gated } => {
                            let c = Candidate {
                                bytes: reader.bytes().to_vec(),
                                path: entry.into_path(),
                                kind,
                                gated,
                            };
                            if tx.send(c).is_err() {
                                return ignore::WalkState::Quit;
                            }
                        }
                    }
                    reader.trim();
                    ignore::WalkState::Continue
                })
            });
            // The last sender goes with `walk.run`'s visitors and this one.
            drop(tx);
        });
        pool.install(|| {
            rx.into_iter()
                .par_bridge()
                .filter_map(|c| {
                    crate::progress::Counters::add(&progress.parsed, 1);
                    match analyse(&c.path, c.kind, c.bytes, c.gated, cwd, cache) {
                        Outcome::Clean => {
                            clean.fetch_add(1, Ordering::Relaxed);
                            None
                        }
                        o => {
                            if let Outcome::Analysed(a) = &o {
                                let n = a.facts.producers.len() as u64;
                                crate::progress::Counters::add(&progress.producers, n);
                            }
                            Some((c.path, o))
                        }
                    }
                })
                .collect()
        })
    });

    let mut all = early.into_inner().unwrap_or_else(|e| e.into_inner());
    all.extend(parsed);
    all.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Walked {
        outcomes: all.into_iter().map(|(_, o)| o).collect(),
        clean: clean.into_inner(),
        tests_left_out: tests_left_out.into_inner(),
        generated: generated.into_inner(),
        excluded: excluded.into_inner(),
        excluded_dirs: excluded_dirs.load(Ordering::Relaxed),
        class_files: {
            let mut files = class_files.into_inner().unwrap_or_else(|e| e.into_inner());
            files.shrink_to_fit();
            files
        },
    })
}

/// A walker thread's share of the class-file index.
struct LocalClassFiles<'a> {
    files: crate::project::symbols::ClassFiles,
    into: &'a Mutex<crate::project::symbols::ClassFiles>,
}

impl Drop for LocalClassFiles<'_> {
    fn drop(&mut self) {
        if !self.files.is_empty() {
            lock(self.into).merge(std::mem::take(&mut self.files));
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Parses one candidate file (already read and prefiltered).
fn analyse(
    path: &Path,
    kind: FileKind,
    bytes: Vec<u8>,
    gated: bool,
    cwd: &Path,
    cache: Option<&crate::cache::Cache>,
) -> Outcome {
    let display = display_path(path, cwd);
    let mut warnings = Vec::new();
    let key = cache.map(|_| crate::cache::Cache::key(path, kind, &bytes));
    let cached = cache.zip(key.as_deref()).and_then(|(c, k)| c.get(k));
    let hash = content_hash(&bytes);
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            warnings.push(format!(
                "{display}: not valid UTF-8, invalid bytes replaced and the rest analysed"
            ));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    let extracted = match cached {
        Some(f) => Ok(f),
        None => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let f = frontend::extract(kind, path, &text, gated);
            if let (Some(c), Some(k)) = (cache, key) {
                c.put(k, &f);
            }
            f
        })),
    };
    let mut facts = match extracted {
        Ok(f) => f,
        Err(_) => {
            return Outcome::Skipped(
                Skip::Failed,
                format!("{display}: skipped, the analyser failed on this file (please report it)"),
            )
        }
    };
    facts.warnings.splice(
        0..0,
        warnings
            .into_iter()
            .map(|w| w.replace(&format!("{display}: "), "")),
    );
    // A file with suppressions is checked even without facts, so that the
    // ones that silence nothing are reported.
    if facts.is_empty() && facts.warnings.is_empty() && !crate::suppress::may_hold(&text) {
        return Outcome::Clean;
    }
    // Files with producers need the project's versions, and sends in a
    // declarative transaction need to know whether the project configures
    // one: these are checked after the walk.
    // Topics whose brokers only the module's Spring configuration names,
    // and that configuration itself, are also read together.
    let pending = facts.sends.iter().any(|s| s.pending_transaction.is_some())
        || facts.brokers_unknown
        || facts.local_brokers.is_some();
    if facts.producers.is_empty() && !pending {
        let (findings, suppressed) = check_file(&display, &text, &facts, &[]);
        let configures = configures_transactions(&facts);
        let source = (!findings.is_empty()).then(|| SourceRef {
            path: path.to_path_buf(),
            hash,
        });
        return Outcome::Checked(Box::new(Checked {
            path: path.to_path_buf(),
            source,
            display,
            warnings: facts.warnings,
            findings,
            suppressed,
            configures_transactions: configures,
            build_versions: facts.build_versions,
        }));
    }
    facts.shrink_to_fit();
    Outcome::Analysed(Box::new(Analysed {
        path: path.to_path_buf(),
        display,
        suppressions: Suppressions::parse(&text),
        hash,
        facts,
    }))
}

/// The file makes the application's listeners and `@Transactional`
/// methods run Kafka transactions: a flag its front-end set (a Kafka
/// transaction manager bean), or Spring Boot's producer properties with a
/// transactional id (`transaction-id-prefix`, from which Boot builds the
/// transaction manager). A transactional factory bean alone does not.
fn configures_transactions(facts: &FileFacts) -> bool {
    facts.configures_transactions
        || facts
            .producers
            .iter()
            .any(|p| p.from_config_file && p.config.get("transactional.id").is_some())
}

/// What could not be resolved in a file's producers: the front-end's notes
/// on the config trace, settings whose values are not static, and a
/// client version that had to be assumed.
fn unresolved(a: &Analysed) -> Vec<Unresolved> {
    let mut out = Vec::new();
    for p in &a.facts.producers {
        let mut reasons: Vec<String> = p.config.unknowns.clone();
        let decides = |key: &str| {
            effective::KEYS.contains(&key)
                || key == "enable.idempotence"
                || key == "transactional.id"
        };
        for s in p.config.settings.iter().filter(|s| decides(&s.key)) {
            if let crate::model::Value::Unknown(text) = &s.value {
                let what = if text.is_empty() {
                    "is not known statically".to_string()
                } else {
                    format!(
                        "is `{}`, not known statically",
                        text.lines().next().unwrap_or("")
                    )
                };
                reasons.push(format!("{} (line {}) {what}", s.key, s.span.start_line));
            }
            if let crate::model::Provenance::EnvDefault(var) = &s.provenance {
                reasons.push(format!(
                    "{} (line {}) depends on the environment variable {var}; its default was used",
                    s.key, s.span.start_line
                ));
            }
        }
        if p.version.is_none() {
            reasons.push(
                "no dependency file names the client version: a current release is assumed".into(),
            );
        }
        reasons.dedup();
        let seen = out
            .iter()
            .any(|u: &Unresolved| u.line == p.span.start_line && u.reasons == reasons);
        if !reasons.is_empty() && !seen {
            out.push(Unresolved {
                path: a.display.clone(),
                line: p.span.start_line,
                library: p.library.id(),
                names: p.names.clone(),
                reasons,
            });
        }
    }
    out
}

/// Display paths of the dependency files that gave a file's producers
/// their versions.
fn version_files(facts: &FileFacts, cwd: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for p in &facts.producers {
        for v in [&p.version, &p.own_version].into_iter().flatten() {
            if let crate::model::VersionSource::BuildFile { path, .. } = &v.source {
                let d = display_path(path, cwd);
                if !out.contains(&d) {
                    out.push(d);
                }
            }
        }
    }
    out
}

/// The module a file belongs to: the nearest directory above it holding a
/// build file that names a Kafka client (`None`: the whole scan).
fn module_of(file: &Path, module_dirs: &HashSet<PathBuf>) -> Option<PathBuf> {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if module_dirs.contains(d) {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    None
}

/// Producers a JS/TS or Python module makes at its top level and other
/// modules import by name (`const { producer } = require('./kafka')`,
/// `import { producer } from './kafka'`, `from app.kafka import producer`): the importing files may never name the client, so the
/// walk did not parse them; here they are, with the imported names as
/// handles of those producers, so that their sends are checked. The
/// producers' configuration stays judged where they are made.
// The files stay boxed as the workers made them: moving each one out of
// its box would copy it, and a vector of boxes grows without copying them.
#[allow(clippy::vec_box)]
fn imported_handles(
    analysed: &mut Vec<Box<Analysed>>,
    result: &mut ScanResult,
    files: &crate::project::symbols::ClassFiles,
    checked: &[PathBuf],
    module_dirs: &HashSet<PathBuf>,
    cwd: &Path,
) {
    use crate::frontend::FileKind;
    let is_js = |p: &Path| {
        matches!(
            FileKind::of(p),
            Some(FileKind::JavaScript | FileKind::TypeScript | FileKind::Tsx | FileKind::Python)
        )
    };
    // Normalised path → (name, producer) of the modules that make producers.
    let mut made: HashMap<PathBuf, Vec<(String, crate::model::Producer)>> = HashMap::new();
    for a in analysed.iter() {
        if !is_js(&a.path) {
            continue;
        }
        for p in &a.facts.producers {
            if p.from_config_file || p.imported_from.is_some() || !p.top_level {
                continue;
            }
            let mut p2 = p.clone();
            p2.imported_from = Some(format!("{}:{}", a.display, p.span.start_line));
            for n in &p.names {
                made.entry(crate::config::normalise(&a.path))
                    .or_default()
                    .push((n.clone(), p2.clone()));
            }
        }
    }
    if made.is_empty() {
        return;
    }
    // Only the files of the modules (package.json, pyproject, … folders)
    // that make such producers are read again.
    let dirs: HashSet<PathBuf> = module_dirs
        .iter()
        .map(|d| crate::config::normalise(d))
        .collect();
    let modules: HashSet<Option<PathBuf>> = made.keys().map(|m| module_of(m, &dirs)).collect();
    // A file can only import such a producer if it names the module the way
    // an import does: `/kafka'`, `/kafka"`, `/kafka.js` (a relative JS
    // path), `kafka import` (Python's `from app.kafka import`).
    let mut specs: HashSet<String> = HashSet::new();
    for m in made.keys() {
        let stem = m.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let name = match stem {
            "index" | "__init__" => m
                .parent()
                .and_then(|d| d.file_name())
                .and_then(|s| s.to_str())
                .unwrap_or(""),
            s => s,
        };
        if name.is_empty() {
            continue;
        }
        if FileKind::of(m) == Some(FileKind::Python) {
            specs.insert(format!("{name} import"));
        } else {
            for end in ["'", "\"", ".", "`"] {
                specs.insert(format!("/{name}{end}"));
            }
        }
    }
    let Ok(needles) = aho_corasick::AhoCorasick::new(specs.iter()) else {
        return;
    };
    let index: HashMap<PathBuf, usize> = analysed
        .iter()
        .enumerate()
        .map(|(i, a)| (crate::config::normalise(&a.path), i))
        .collect();
    // Files with producer words the walk found clean or checked on their
    // own, and the ones it analysed: only they can send through one.
    let gate_rejected = files.import_candidates();
    let mut candidates: Vec<&PathBuf> = gate_rejected
        .iter()
        .chain(checked.iter().filter(|p| is_js(p)))
        .chain(analysed.iter().map(|a| &a.path).filter(|p| is_js(p)))
        .collect();
    candidates.sort();
    candidates.dedup();
    let candidates: Vec<PathBuf> = candidates.into_iter().cloned().collect();
    for path in &candidates {
        let key = crate::config::normalise(path);
        if made.contains_key(&key) || !modules.contains(&module_of(&key, &dirs)) {
            continue;
        }
        let Some(bytes) = crate::project::read_referenced(path) else {
            continue;
        };
        if !needles.is_match(&bytes) {
            continue;
        }
        let hash = content_hash(&bytes);
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let Some(lang) = FileKind::of(path).and_then(|k| k.code_lang()) else {
            continue;
        };
        let python = FileKind::of(path) == Some(FileKind::Python);
        let lookup = |qualified: &str| -> Option<crate::model::Producer> {
            let (spec, name) = qualified.rsplit_once('.')?;
            let module = if python {
                // `from app.kafka import producer`, `from .kafka import producer`.
                let found = if spec.starts_with('.') {
                    files.relative_module(path, spec)
                } else {
                    files.module_files(spec)
                };
                let [one] = &found[..] else { return None };
                crate::config::normalise(one)
            } else {
                files.js_module(path, spec)?
            };
            made.get(&module)?
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, p)| p.clone())
        };
        let facts = crate::frontend::code::extract_importing(lang, &text, &lookup);
        let linked = facts.sends.iter().any(|s| {
            s.producer
                .and_then(|i| facts.producers.get(i))
                .is_some_and(|p| p.imported_from.is_some())
        });
        if !linked {
            continue;
        }
        let display = display_path(path, cwd);
        // What the walk already reported for this file is replaced.
        result.findings.retain(|f| f.path != display);
        match index.get(&key) {
            Some(&i) => analysed[i].facts = facts,
            None => analysed.push(Box::new(Analysed {
                path: path.clone(),
                display,
                suppressions: Suppressions::parse(&text),
                hash,
                facts,
            })),
        }
    }
}

/// Reads again the texts of the files that still have findings, for code
/// frames, fingerprints and fixes. A file whose bytes are no longer the
/// ones analysed (changed during the scan, or unreadable now) gets no text:
/// its findings are reported without code, with a warning.
fn read_sources(
    pool: &rayon::ThreadPool,
    files: Vec<(String, SourceRef)>,
    findings: &[Finding],
    warnings: &mut Vec<String>,
) -> HashMap<String, String> {
    let reported: HashSet<&str> = findings.iter().map(|f| f.path.as_str()).collect();
    let files: Vec<(String, SourceRef)> = files
        .into_iter()
        .filter(|(d, _)| reported.contains(d.as_str()))
        .collect();
    let read: Vec<(String, Result<String, String>)> = pool.install(|| {
        files
            .into_par_iter()
            .map(|(display, source)| {
                let text = match std::fs::read(&source.path) {
                    Ok(bytes) if content_hash(&bytes) == source.hash => Ok(match String::from_utf8(bytes) {
                        Ok(t) => t,
                        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
                    }),
                    Ok(_) => Err(format!("{display}: changed while it was scanned; its findings are reported without code")),
                    Err(e) => Err(format!("{display}: cannot be read again ({e}); its findings are reported without code")),
                };
                (display, text)
            })
            .collect()
    });
    let mut sources = HashMap::with_capacity(read.len());
    for (display, text) in read {
        match text {
            Ok(t) => {
                sources.insert(display, t);
            }
            Err(w) => warnings.push(w),
        }
    }
    sources
}

/// Topics created by code that names no broker of its own, in a module
/// whose Spring Boot configuration names only loopback brokers
/// (`spring.kafka.bootstrap-servers: localhost:9092`, written as such, not
/// as a placeholder's default): a local single-broker setup.
fn local_spring_modules(analysed: &mut [Box<Analysed>], module_dirs: &HashSet<PathBuf>) {
    let mut local: HashMap<Option<PathBuf>, bool> = HashMap::new();
    for a in analysed.iter() {
        // The base file: profiles may point elsewhere, but the default does not.
        if a.facts.profile.is_some() {
            continue;
        }
        if let Some(l) = a.facts.local_brokers {
            let e = local.entry(module_of(&a.path, module_dirs)).or_insert(true);
            *e &= l;
        }
    }
    for a in analysed.iter_mut() {
        if !a.facts.brokers_unknown {
            continue;
        }
        if local.get(&module_of(&a.path, module_dirs)) == Some(&true) {
            for t in &mut a.facts.topics {
                t.local_only = true;
            }
        }
    }
}

/// A producer factory bean defined in code replaces the one Spring Boot
/// builds from `spring.kafka.producer.*`: in its module those properties
/// configure nothing, so the configuration files' producers are dropped;
/// a bean whose map starts from `buildProducerProperties()` takes their
/// settings (the base file's, not a profile's) where that call is.
fn spring_factory_beans(
    analysed: &mut [Box<Analysed>],
    module_dirs: &HashSet<PathBuf>,
    cwd: &Path,
) {
    let mut modules: HashSet<Option<PathBuf>> = HashSet::new();
    for a in analysed.iter() {
        if a.facts
            .producers
            .iter()
            .any(|p| p.replaces_config_files.is_some())
        {
            modules.insert(module_of(&a.path, module_dirs));
        }
    }
    if modules.is_empty() {
        return;
    }
    let is_file_producer = |p: &crate::model::Producer| {
        p.from_config_file && p.library == crate::model::Library::SpringKafka
    };
    // The base configuration file's settings, per module.
    let mut base: HashMap<Option<PathBuf>, (String, Vec<crate::model::Setting>)> = HashMap::new();
    for a in analysed.iter_mut() {
        let m = module_of(&a.path, module_dirs);
        if !modules.contains(&m) || !a.facts.producers.iter().any(is_file_producer) {
            continue;
        }
        if a.facts.profile.is_none() {
            let settings: Vec<crate::model::Setting> = a
                .facts
                .producers
                .iter()
                .filter(|p| is_file_producer(p) && p.config.complete)
                .flat_map(|p| p.config.settings.clone())
                .collect();
            base.entry(m)
                .or_insert((display_path(&a.path, cwd), settings));
        }
        a.facts.producers.retain(|p| !is_file_producer(p));
        a.facts.overlays.clear();
    }
    for a in analysed.iter_mut() {
        let m = module_of(&a.path, module_dirs);
        let Some((file, settings)) = base.get(&m) else {
            continue;
        };
        for p in a.facts.producers.iter_mut() {
            if p.replaces_config_files != Some(true) {
                continue;
            }
            let at = p.config.external.iter().position(|x| {
                matches!(&x.source, crate::model::ExternalSource::Builder { name, .. }
                    if name.ends_with("buildProducerProperties"))
            });
            let Some(at) = at else { continue };
            let x = p.config.external.remove(at);
            let mut merged = settings.clone();
            for s in &mut merged {
                s.provenance = crate::model::Provenance::Elsewhere {
                    via: "spring.kafka.producer.*".into(),
                    file: file.clone(),
                    line: s.span.start_line,
                };
                s.span = x.span;
                s.value_span = x.span;
            }
            let pos = x.at.min(p.config.settings.len());
            p.config.settings.splice(pos..pos, merged);
            if let Some(i) = p.config.unknowns.iter().position(|u| *u == x.reason) {
                p.config.unknowns.remove(i);
            }
            if p.config.unknowns.is_empty() && p.config.external.is_empty() {
                p.config.complete = true;
            }
        }
    }
}

/// In a module with a transactional producer, `@Transactional` methods and
/// listener containers run in a Kafka transaction: a failed send fails the
/// commit, so the send is observed.
fn confirm_transactions(facts: &mut FileFacts) {
    for s in &mut facts.sends {
        if s.pending_transaction.is_some() && s.observation.is_unchecked() {
            s.observation = crate::model::Observation::Transaction;
        }
    }
}

/// Runs every per-file rule over one file's facts.
fn file_findings(
    display: &str,
    facts: &FileFacts,
    effective: &[crate::effective::Effective],
) -> Vec<Finding> {
    let cx = FileContext {
        path: display,
        facts,
        effective,
    };
    let mut found = Vec::new();
    for rule in RULES {
        if let Check::File(check) = rule.check {
            check(&cx, &mut found);
        }
    }
    found
}

/// Applies a file's suppression comments to its findings. Returns the
/// findings kept (with problems of the comments themselves) and how many
/// were suppressed.
fn suppress(display: &str, text: &str, found: Vec<Finding>) -> (Vec<Finding>, u64) {
    apply_suppressions(display, &mut Suppressions::parse(text), found)
}

/// [`suppress`] with the file's suppressions already read.
fn apply_suppressions(
    display: &str,
    suppressions: &mut Suppressions,
    mut found: Vec<Finding>,
) -> (Vec<Finding>, u64) {
    if suppressions.is_empty() {
        return (found, 0);
    }
    let suppressed = suppressions.apply(&mut found);
    found.extend(suppressions.problems(display));
    (found, suppressed)
}

/// Runs every rule over one file's facts and applies its suppressions.
fn check_file(
    display: &str,
    text: &str,
    facts: &FileFacts,
    effective: &[crate::effective::Effective],
) -> (Vec<Finding>, u64) {
    suppress(display, text, file_findings(display, facts, effective))
}

/// Runs the rules that compare files (`partitioner-mismatch`) over every
/// file that builds a producer; their findings go to the file they name.
fn project_findings(
    analysed: &[Box<Analysed>],
    effective: &[Vec<crate::effective::Effective>],
) -> HashMap<String, Vec<Finding>> {
    let files: Vec<crate::rules::ProjectFile<'_>> = analysed
        .iter()
        .zip(effective)
        .map(|(a, e)| crate::rules::ProjectFile {
            path: &a.display,
            facts: &a.facts,
            effective: e,
        })
        .collect();
    let cx = crate::rules::ProjectContext { files: &files };
    let mut found = Vec::new();
    for rule in RULES {
        if let Check::Project(check) = rule.check {
            check(&cx, &mut found);
        }
    }
    let mut by_file: HashMap<String, Vec<Finding>> = HashMap::new();
    for f in found {
        by_file.entry(f.path.clone()).or_default().push(f);
    }
    by_file
}

/// Runs a scan.
pub fn run(opts: &ScanOptions) -> Result<ScanResult> {
    let start = Instant::now();
    let cwd = std::env::current_dir().context("cannot read the current directory")?;

    // Deeply nested sources recurse deeply in parsers; give workers room.
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(64 * 1024 * 1024);
    if let Some(n) = opts.threads {
        pool = pool.num_threads(n);
    }
    let pool = pool.build().context("cannot start worker threads")?;
    let progress = crate::progress::Progress::start(opts.progress);
    let mut cache_warnings = Vec::new();
    let cache = opts
        .cache
        .as_deref()
        .map(|root| crate::cache::Cache::open(root, &mut cache_warnings));
    let Walked {
        outcomes,
        clean,
        tests_left_out,
        generated,
        excluded,
        excluded_dirs,
        class_files,
    } = analyse_tree(opts, &cwd, &pool, &progress.counters, cache.as_ref())?;
    crate::frontend::code::stats::print();

    let mut result = ScanResult::default();
    if let Some(c) = cache {
        c.save(&mut cache_warnings);
    }
    result.warnings.append(&mut cache_warnings);
    result.summary.files_scanned += clean;
    result.summary.test_files_skipped = tests_left_out;
    result.summary.skipped.generated = generated;
    result.summary.skipped.excluded = excluded;
    result.summary.skipped.excluded_dirs = excluded_dirs;
    let mut analysed = Vec::new();
    let mut builds = BuildIndex::new(opts.assumed_versions.clone());
    let mut tx_files: Vec<PathBuf> = Vec::new();
    let mut module_dirs: HashSet<PathBuf> = HashSet::new();
    let mut checked_code: Vec<PathBuf> = Vec::new();
    // The files with findings, whose texts the report reads again.
    let mut with_findings: Vec<(String, SourceRef)> = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Checked(c) => {
                let c = *c;
                checked_code.push(c.path.clone());
                result.summary.files_scanned += 1;
                for w in &c.warnings {
                    result.warnings.push(format!("{}: {w}", c.display));
                }
                if !c.build_versions.is_empty() {
                    builds.add(&c.path, &c.build_versions);
                    if let Some(d) = c.path.parent() {
                        module_dirs.insert(d.to_path_buf());
                    }
                }
                if c.configures_transactions {
                    tx_files.push(c.path.clone());
                }
                result.summary.suppressed += c.suppressed;
                if let Some(source) = c.source {
                    with_findings.push((c.display, source));
                }
                result.findings.extend(c.findings);
            }
            Outcome::Analysed(a) => {
                result.summary.files_scanned += 1;
                for w in &a.facts.warnings {
                    result.warnings.push(format!("{}: {w}", a.display));
                }
                analysed.push(a);
            }
            Outcome::Clean => result.summary.files_scanned += 1,
            Outcome::Skipped(why, w) => {
                why.count(&mut result.summary.skipped);
                result.warnings.push(w);
            }
        }
    }

    for a in &mut analysed {
        if !a.facts.build_versions.is_empty() {
            builds.add(&a.path, &a.facts.build_versions);
            if let Some(d) = a.path.parent() {
                module_dirs.insert(d.to_path_buf());
            }
        }
        if configures_transactions(&a.facts) {
            tx_files.push(a.path.clone());
        }
    }
    imported_handles(
        &mut analysed,
        &mut result,
        &class_files,
        &checked_code,
        &module_dirs,
        &cwd,
    );
    // Spring Boot profile files over their base file.
    {
        let mut files: Vec<(&Path, &mut FileFacts)> = analysed
            .iter_mut()
            .map(|a| (a.path.as_path(), &mut a.facts))
            .collect();
        crate::project::profiles::link(&mut files, &cwd);
    }
    // Constants declared in other files (`KafkaSettings.ACKS`).
    let constant_files = {
        let mut facts: Vec<(&Path, &mut FileFacts)> = analysed
            .iter_mut()
            .map(|a| (a.path.as_path(), &mut a.facts))
            .collect();
        crate::project::symbols::resolve(&mut facts, &class_files, &cwd)
    };
    local_spring_modules(&mut analysed, &module_dirs);
    spring_factory_beans(&mut analysed, &module_dirs, &cwd);
    drop(class_files);
    let tx_modules: HashSet<Option<PathBuf>> = tx_files
        .iter()
        .map(|f| module_of(f, &module_dirs))
        .collect();
    let mut effective = Vec::with_capacity(analysed.len());
    for a in &mut analysed {
        builds.fill(&a.path, &mut a.facts);
        if tx_modules.contains(&module_of(&a.path, &module_dirs)) {
            confirm_transactions(&mut a.facts);
        }
        effective.push(
            a.facts
                .producers
                .iter()
                .map(effective::compute)
                .collect::<Vec<_>>(),
        );
    }
    if opts.explain_unknown {
        for a in &analysed {
            result.unresolved.extend(unresolved(a));
        }
    }
    let mut across = project_findings(&analysed, &effective);
    // Profile files by display path, with their base files' (for below).
    let bases: HashMap<String, String> = analysed
        .iter()
        .filter_map(|a| Some((a.display.clone(), a.facts.profile_base.clone()?)))
        .collect();
    // Each file's facts are let go once its findings are made.
    for ((mut a, eff), constants) in analysed.into_iter().zip(effective).zip(constant_files) {
        let mut found = file_findings(&a.display, &a.facts, &eff);
        found.extend(across.remove(&a.display).unwrap_or_default());
        let (mut found, suppressed) = apply_suppressions(&a.display, &mut a.suppressions, found);
        result.summary.suppressed += suppressed;
        if !found.is_empty() {
            // The dependency files that decided the versions: a change to
            // them changes these findings (`--changed-since`).
            let mut related = version_files(&a.facts, &cwd);
            related.extend(constants.iter().map(|p| display_path(p, &cwd)));
            // The profile files read over this base file.
            for o in &a.facts.overlays {
                if !related.contains(&o.file) {
                    related.push(o.file.clone());
                }
            }
            if !related.is_empty() {
                for f in found.iter_mut().filter(|f| f.library.is_some()) {
                    for r in &related {
                        if !f.related.contains(r) {
                            f.related.push(r.clone());
                        }
                    }
                }
            }
            result.findings.append(&mut found);
            let source = SourceRef {
                path: a.path,
                hash: a.hash,
            };
            with_findings.push((a.display, source));
        }
    }

    // A profile file's producer is checked with the base file's settings
    // under its own: what the inherited settings alone cause (anchored
    // nowhere in the profile file, or said word for word by the base
    // file's finding) is the base file's finding.
    {
        if !bases.is_empty() {
            let said: HashSet<(String, &'static str, String)> = result
                .findings
                .iter()
                .map(|f| (f.path.clone(), f.rule, f.message.clone()))
                .collect();
            result.findings.retain(|f| {
                let Some(base) = bases.get(f.path.as_str()) else {
                    return true;
                };
                if f.library.is_none() {
                    return true;
                }
                let core = f
                    .message
                    .split_once("`: ")
                    .filter(|(head, _)| head.starts_with("in profile `"))
                    .map_or(f.message.as_str(), |(_, rest)| rest);
                f.span.start_line != 0
                    && !said.contains(&(base.to_string(), f.rule, core.to_string()))
            });
        }
    }

    // Example code shows an API, not a deployment: what a client does by
    // default there, and the throw-away topics and broker it runs against,
    // are not worth a finding; what it writes into a producer is.
    if !opts.examples_as_code {
        let roots: Vec<PathBuf> = roots(opts)?.iter().map(|r| absolute(&cwd, r)).collect();
        let before = result.findings.len();
        result.findings.retain(|f| {
            if !(f.on_defaults || f.deployment) {
                return true;
            }
            let path = absolute(&cwd, Path::new(&f.path));
            !roots
                .iter()
                .filter_map(|r| path.strip_prefix(r).ok())
                .any(crate::testcode::is_example_path)
        });
        result.summary.example_findings_skipped = (before - result.findings.len()) as u64;
    }
    result
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    result
        .findings
        .dedup_by(|a, b| a.sort_key() == b.sort_key());
    result.sources = read_sources(&pool, with_findings, &result.findings, &mut result.warnings);
    crate::fingerprint::assign(&mut result.findings, &result.sources);
    drop(progress);
    result.summary.files_skipped = result.summary.skipped.files();
    result.summary.count(&result.findings);
    result.summary.elapsed_ms = start.elapsed().as_millis() as u64;
    Ok(result)
}

#[cfg(test)]
mod walk_tests {
    use super::*;

    fn write(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write");
        p
    }

    #[test]
    fn texts_are_read_again_only_when_unchanged_and_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let same = write(dir.path(), "same.properties", b"acks=1\n");
        let changed = write(dir.path(), "changed.properties", b"acks=all\n");
        let latin1 = write(dir.path(), "latin1.properties", b"# caf\xe9\nacks=1\n");
        let quiet = write(dir.path(), "quiet.properties", b"acks=1\n");
        let gone = dir.path().join("gone.properties");
        let files = vec![
            (
                "same".to_string(),
                SourceRef {
                    path: same.clone(),
                    hash: content_hash(b"acks=1\n"),
                },
            ),
            (
                "changed".to_string(),
                SourceRef {
                    path: changed.clone(),
                    hash: content_hash(b"acks=1\n"),
                },
            ),
            (
                "latin1".to_string(),
                SourceRef {
                    path: latin1.clone(),
                    hash: content_hash(b"# caf\xe9\nacks=1\n"),
                },
            ),
            (
                "quiet".to_string(),
                SourceRef {
                    path: quiet.clone(),
                    hash: content_hash(b"acks=1\n"),
                },
            ),
            (
                "gone".to_string(),
                SourceRef {
                    path: gone.clone(),
                    hash: content_hash(b"acks=1\n"),
                },
            ),
        ];
        let meta = crate::rules::meta("acks-unsafe").expect("a rule");
        let finding =
            |path: &str| crate::rules::finding(meta, path, crate::finding::Span::line(1, 1, 1));
        let findings: Vec<Finding> = ["same", "changed", "latin1", "gone"]
            .iter()
            .map(|p| finding(p))
            .collect();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("pool");
        let mut warnings = Vec::new();
        let sources = read_sources(&pool, files, &findings, &mut warnings);
        let mut read: Vec<&str> = sources.keys().map(String::as_str).collect();
        read.sort();
        assert_eq!(
            read,
            ["latin1", "same"],
            "no text for a changed or missing file, nor one without findings"
        );
        assert_eq!(sources["same"], "acks=1\n");
        assert_eq!(sources["latin1"], "# caf\u{fffd}\nacks=1\n");
        warnings.sort();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("changed: changed while it was scanned"));
        assert!(warnings[1].starts_with("gone: cannot be read again"));
    }

    #[test]
    fn reader_reads_whole_files_of_any_size_and_refuses_huge_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut r = Reader::new();
        for len in [0, 1, READ_BUF - 1, READ_BUF, READ_BUF + 1, 5 * READ_BUF + 7] {
            let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let p = write(dir.path(), &format!("f{len}"), &data);
            assert!(
                r.read(&p, MAX_FILE_BYTES).expect("readable"),
                "{len} bytes fit"
            );
            assert_eq!(r.bytes(), &data[..], "{len} bytes read back");
            r.trim();
        }
        let big = write(dir.path(), "big", &vec![b'a'; MAX_FILE_BYTES as usize + 1]);
        assert!(!r.read(&big, MAX_FILE_BYTES).expect("readable"));
        assert!(r.read(&dir.path().join("missing"), MAX_FILE_BYTES).is_err());
    }

    #[test]
    fn dependency_files_are_always_read_and_locks_may_be_large() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        // No producer vocabulary: still read, for its versions.
        write(
            d,
            "svc/go.mod",
            b"module svc\nrequire github.com/IBM/sarama v1.43.2\n",
        );
        // A lock over the source-file limit is read; a manifest is not.
        let mut lock = String::from("{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n");
        while lock.len() <= MAX_FILE_BYTES as usize {
            lock.push_str(
                "    \"node_modules/some-package-with-a-long-name\": { \"version\": \"1.0.0\" },\n",
            );
        }
        lock.push_str("    \"node_modules/kafkajs\": { \"version\": \"2.2.4\" }\n  }\n}\n");
        write(d, "web/package-lock.json", lock.as_bytes());
        write(
            d,
            "web/package.json",
            lock.replace("lockfileVersion", "kafkajs").as_bytes(),
        );
        let opts = ScanOptions {
            paths: vec![d.to_path_buf()],
            threads: Some(2),
            ..ScanOptions::default()
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("pool");
        let counters = crate::progress::Counters::default();
        let Walked { outcomes, .. } =
            analyse_tree(&opts, d, &pool, &counters, None).expect("walks");
        let mut versions = Vec::new();
        let mut skipped = Vec::new();
        for o in &outcomes {
            match o {
                Outcome::Checked(c) => versions.extend(
                    c.build_versions
                        .iter()
                        .map(|b| (b.name.clone(), b.exact().map(|v| v.to_string()))),
                ),
                Outcome::Skipped(_, w) => skipped.push(w.clone()),
                _ => {}
            }
        }
        versions.sort();
        assert_eq!(
            versions,
            vec![
                (
                    "github.com/IBM/sarama".to_string(),
                    Some("1.43.2".to_string())
                ),
                ("kafkajs".to_string(), Some("2.2.4".to_string())),
            ]
        );
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(skipped[0].contains("package.json") && skipped[0].contains("larger than 4 MiB"));
    }

    #[test]
    fn walk_prefilters_skips_and_visits_each_file_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        write(
            d,
            "app/src/Sender.java",
            b"class S { KafkaProducer<String, String> p; }\n",
        );
        write(d, "app/src/Plain.java", b"class Plain { int x; }\n");
        write(d, "app/src/Bin.java", b"\0\0\0KafkaProducer");
        write(
            d,
            "app/src/Gen.java",
            b"// Code generated by a tool. DO NOT EDIT.\nclass G { KafkaProducer p; }\n",
        );
        write(d, "app/node_modules/x/application.properties", b"acks=0\n");
        write(d, "app/notes.txt", b"acks=0\n");
        let opts = ScanOptions {
            // Overlapping roots: every file still counts once.
            paths: vec![d.join("app"), d.join("app/src")],
            no_ignore: false,
            threads: Some(2),
            include_tests: false,
            ..ScanOptions::default()
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("pool");
        let counters = crate::progress::Counters::default();
        let Walked {
            outcomes,
            clean,
            generated,
            ..
        } = analyse_tree(&opts, d, &pool, &counters, None).expect("walks");
        // Plain is clean and Gen generated; Sender is parsed (clean or analysed);
        // Bin is skipped with a warning; the vendored and unknown files
        // are never read.
        let skipped: Vec<_> = outcomes
            .iter()
            .filter_map(|o| match o {
                Outcome::Skipped(_, w) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(skipped[0].contains("Bin.java") && skipped[0].contains("binary"));
        let analysed = outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Analysed(_)))
            .count();
        assert_eq!(clean + analysed as u64, 2);
        assert_eq!(generated, 1);
    }
}
