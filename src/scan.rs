//! `kafkalint scan`: walk → prefilter → front-end → project resolution →
//! effective config → rules. Returns findings for a reporter to render.

use crate::effective;
use crate::finding::{Finding, Summary};
use crate::frontend::{self, FileKind};
use crate::model::FileFacts;
use crate::prefilter;
use crate::project::BuildIndex;
use crate::rules::{FileContext, RULES};
use crate::suppress::Suppressions;
use anyhow::{bail, Context as _, Result};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

/// Files larger than this are skipped with a warning: no hand-written
/// producer or config file is this big, and parsing one would stall a scan.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Directories never worth descending into even without a .gitignore.
const SKIP_DIRS: &[&str] = &[
    "node_modules",
    ".git",
    "target",
    ".gradle",
    ".idea",
    "vendor",
];

#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    pub paths: Vec<PathBuf>,
    pub no_ignore: bool,
    pub threads: Option<usize>,
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
}

struct Analysed {
    path: PathBuf,
    display: String,
    text: String,
    facts: FileFacts,
}

enum Outcome {
    Analysed(Box<Analysed>),
    /// Read but nothing of interest (prefilter said no, or no facts).
    Clean,
    Skipped(String),
}

/// The path as shown to users: relative to the working directory when it
/// lies below it, without a leading `./`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let rel = path.strip_prefix(cwd).unwrap_or(path);
    let rel = rel.strip_prefix(".").unwrap_or(rel);
    rel.to_string_lossy().replace('\\', "/")
}

/// Lists the files to look at: every file under the given paths whose name
/// a front-end handles, honouring ignore files unless `no_ignore`.
fn collect_files(opts: &ScanOptions) -> Result<Vec<(PathBuf, FileKind)>> {
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
    let mut builder = ignore::WalkBuilder::new(&roots[0]);
    for r in &roots[1..] {
        builder.add(r);
    }
    let respect = !opts.no_ignore;
    builder
        .git_ignore(respect)
        .git_global(respect)
        .git_exclude(respect)
        .ignore(respect)
        .parents(respect)
        .require_git(false)
        .hidden(true)
        .filter_entry(|e| {
            !(e.file_type().is_some_and(|t| t.is_dir())
                && e.depth() > 0
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| SKIP_DIRS.contains(&n)))
        });
    if let Some(n) = opts.threads {
        builder.threads(n);
    }
    let found = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        let found = &found;
        Box::new(move |entry| {
            if let Ok(entry) = entry {
                if entry.file_type().is_some_and(|t| t.is_file()) {
                    if let Some(kind) = FileKind::of(entry.path()) {
                        found
                            .lock()
                            .expect("no panics while locked")
                            .push((entry.into_path(), kind));
                    }
                }
            }
            ignore::WalkState::Continue
        })
    });
    let mut files = found.into_inner().expect("walk finished");
    files.sort();
    files.dedup();
    Ok(files)
}

fn read_capped(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    let mut f = File::open(path)?;
    let len = f.metadata()?.len();
    if len > MAX_FILE_BYTES {
        return Ok(None);
    }
    let mut buf = Vec::with_capacity(len as usize + 1);
    f.read_to_end(&mut buf)?;
    Ok(Some(buf))
}

fn analyse(path: &Path, kind: FileKind, cwd: &Path) -> Outcome {
    let display = display_path(path, cwd);
    let bytes = match read_capped(path) {
        Ok(Some(b)) => b,
        Ok(None) => {
            return Outcome::Skipped(format!(
                "{display}: skipped, larger than {} MiB",
                MAX_FILE_BYTES / (1024 * 1024)
            ))
        }
        Err(e) => return Outcome::Skipped(format!("{display}: skipped, cannot read: {e}")),
    };
    if prefilter::looks_binary(&bytes) {
        return Outcome::Skipped(format!("{display}: skipped, binary content"));
    }
    if !kind.is_build_file() && !prefilter::is_candidate(&bytes) {
        return Outcome::Clean;
    }
    let mut warnings = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            warnings.push(format!(
                "{display}: not valid UTF-8, invalid bytes replaced and the rest analysed"
            ));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    let extracted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        frontend::extract(kind, path, &text)
    }));
    let mut facts = match extracted {
        Ok(f) => f,
        Err(_) => {
            return Outcome::Skipped(format!(
                "{display}: skipped, the analyser failed on this file (please report it)"
            ))
        }
    };
    facts.warnings.splice(
        0..0,
        warnings
            .into_iter()
            .map(|w| w.replace(&format!("{display}: "), "")),
    );
    if facts.is_empty() && facts.warnings.is_empty() {
        return Outcome::Clean;
    }
    Outcome::Analysed(Box::new(Analysed {
        path: path.to_path_buf(),
        display,
        text,
        facts,
    }))
}

/// Runs a scan.
pub fn run(opts: &ScanOptions) -> Result<ScanResult> {
    let start = Instant::now();
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let files = collect_files(opts)?;

    // Deeply nested sources recurse deeply in parsers; give workers room.
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(64 * 1024 * 1024);
    if let Some(n) = opts.threads {
        pool = pool.num_threads(n);
    }
    let pool = pool.build().context("cannot start worker threads")?;
    let outcomes: Vec<Outcome> = pool.install(|| {
        files
            .par_iter()
            .map(|(path, kind)| analyse(path, *kind, &cwd))
            .collect()
    });

    let mut result = ScanResult::default();
    let mut analysed = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Analysed(a) => {
                result.summary.files_scanned += 1;
                for w in &a.facts.warnings {
                    result.warnings.push(format!("{}: {w}", a.display));
                }
                analysed.push(*a);
            }
            Outcome::Clean => result.summary.files_scanned += 1,
            Outcome::Skipped(w) => {
                result.summary.files_skipped += 1;
                result.warnings.push(w);
            }
        }
    }

    let mut builds = BuildIndex::default();
    for a in &analysed {
        if !a.facts.build_versions.is_empty() {
            builds.add(&a.path, &a.facts.build_versions);
        }
    }

    for a in &mut analysed {
        builds.resolve(&a.path, &mut a.facts);
        let effective: Vec<_> = a.facts.producers.iter().map(effective::compute).collect();
        let cx = FileContext {
            path: &a.display,
            facts: &a.facts,
            effective: &effective,
        };
        let mut found = Vec::new();
        for rule in RULES {
            if let Some(check) = rule.check {
                check(&cx, &mut found);
            }
        }
        if !found.is_empty() {
            let suppressions = Suppressions::parse(&a.text);
            let before = found.len();
            found.retain(|f| !suppressions.covers(f.rule, f.span.start_line));
            result.summary.suppressed += (before - found.len()) as u64;
        }
        if !found.is_empty() {
            result.findings.append(&mut found);
            result
                .sources
                .insert(a.display.clone(), std::mem::take(&mut a.text));
        }
    }

    result
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    result
        .findings
        .dedup_by(|a, b| a.sort_key() == b.sort_key());
    result.summary.findings = result.findings.len() as u64;
    result.summary.elapsed_ms = start.elapsed().as_millis() as u64;
    Ok(result)
}
