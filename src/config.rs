//! `kafkalint.toml` (or `.kafkalint.toml`, or `[tool.kafkalint]` in
//! `pyproject.toml`): which rules run, at which severity, where; which paths
//! are left out; whether test code is scanned; which client version to
//! assume when no build file names one.
//!
//! ```toml
//! exclude = ["generated/**", "*.pb.java"]   # globs, relative to this file
//! tests = false                             # scan test code too?
//! examples = false                          # treat examples/ like application code?
//!
//! [rules]
//! select = ["all"]                          # ids, "all", or a prefix like "key-*"
//! ignore = ["compression-missing"]
//!
//! [rules.severity]
//! key-null = "error"                        # error | warning | info
//!
//! [[overrides]]                             # in order; later ones win
//! paths = ["legacy/**"]
//! ignore = ["acks-unsafe", "sync-send"]
//! severity = { key-null = "info" }
//!
//! [defaults]                                # library id = version
//! kafka-clients = "2.8.1"
//! ```
//!
//! Discovery: for each path given to `scan`, the nearest configuration file
//! at or above it applies to everything below it (`--config FILE` names one
//! for all paths; `--isolated` reads none). Errors — unknown keys, unknown
//! rule ids, bad values — name the file, line, column and key.

use crate::finding::{Finding, Severity};
use crate::model::{Library, Version};
use crate::rules::RULES;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// File names searched for in each directory, in order of precedence.
pub const FILE_NAMES: &[&str] = &["kafkalint.toml", ".kafkalint.toml", "pyproject.toml"];

/// An error in a configuration file (or in a command-line value), with the
/// place it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, or `None` for a command-line flag.
    pub path: Option<PathBuf>,
    /// 1-based line and column (0 when unknown).
    pub line: usize,
    pub column: usize,
    /// The dotted key the error is about (`rules.ignore`), when known.
    pub key: Option<String>,
    pub message: String,
    /// The offending line and the columns to underline, for a code frame.
    frame: Option<Box<(String, Range<usize>)>>,
}

impl ConfigError {
    fn flag(flag: &str, message: String) -> Self {
        ConfigError {
            path: None,
            line: 0,
            column: 0,
            key: Some(flag.to_string()),
            message,
            frame: None,
        }
    }

    fn at(path: &Path, text: &str, span: Option<Range<usize>>, message: String) -> Self {
        let Some(span) = span else {
            return ConfigError {
                path: Some(path.to_path_buf()),
                line: 0,
                column: 0,
                key: None,
                message,
                frame: None,
            };
        };
        let start = span.start.min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let line_text = text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        let underline_start = column - 1;
        let underline_len = text[start..span.end.clamp(start, line_end)]
            .chars()
            .count()
            .max(1);
        ConfigError {
            path: Some(path.to_path_buf()),
            line,
            column,
            key: key_at(text, start),
            message,
            frame: Some(Box::new((
                line_text,
                underline_start..underline_start + underline_len,
            ))),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Shown relative to the working directory when below it.
        let cwd = std::env::current_dir().unwrap_or_default();
        let shown = self
            .path
            .as_deref()
            .map(|p| p.strip_prefix(&cwd).unwrap_or(p).display());
        match (shown, self.line) {
            (Some(p), 0) => write!(f, "{p}: ")?,
            (Some(p), line) => write!(f, "{p}:{line}:{}: ", self.column)?,
            (None, _) => {}
        }
        match &self.key {
            Some(k) if self.path.is_some() => write!(f, "`{k}`: {}", self.message)?,
            Some(k) => write!(f, "{k}: {}", self.message)?,
            None => write!(f, "{}", self.message)?,
        }
        if let Some((text, cols)) = self.frame.as_deref() {
            let n = self.line.to_string();
            let pad = " ".repeat(n.len());
            let shown: String = text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let marks = " ".repeat(cols.start) + &"^".repeat(cols.len());
            write!(f, "\n{pad} |\n{n} | {shown}\n{pad} | {marks}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// The dotted key path of the innermost key or value at byte `offset`.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let doc = toml_edit::ImDocument::parse(text).ok()?;
    let contains = |span: Option<Range<usize>>| span.is_some_and(|s| s.contains(&offset));
    fn join(path: &str, key: &str) -> String {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    }
    fn in_value(
        v: &toml_edit::Value,
        path: String,
        contains: &dyn Fn(Option<Range<usize>>) -> bool,
    ) -> Option<String> {
        match v {
            toml_edit::Value::InlineTable(t) => {
                for (k, item) in t.iter() {
                    let p = join(&path, k);
                    if contains(t.key(k).and_then(|k| k.span())) {
                        return Some(p);
                    }
                    if contains(item.span()) {
                        return in_value(item, p.clone(), contains).or(Some(p));
                    }
                }
                None
            }
            toml_edit::Value::Array(a) => a
                .iter()
                .find(|item| contains(item.span()))
                .and_then(|item| in_value(item, path.clone(), contains))
                .or(Some(path)),
            _ => Some(path),
        }
    }
    fn in_table(
        t: &toml_edit::Table,
        path: &str,
        contains: &dyn Fn(Option<Range<usize>>) -> bool,
    ) -> Option<String> {
        for (k, item) in t.iter() {
            let p = join(path, k);
            if contains(t.key(k).and_then(|k| k.span())) {
                return Some(p);
            }
            match item {
                toml_edit::Item::Value(v) if contains(v.span()) => {
                    return in_value(v, p.clone(), contains).or(Some(p));
                }
                toml_edit::Item::Table(sub) => {
                    if let Some(found) = in_table(sub, &p, contains) {
                        return Some(found);
                    }
                    if contains(sub.span()) {
                        return Some(p);
                    }
                }
                toml_edit::Item::ArrayOfTables(a) => {
                    for (i, sub) in a.iter().enumerate() {
                        let pi = format!("{p}[{i}]");
                        if let Some(found) = in_table(sub, &pi, contains) {
                            return Some(found);
                        }
                        if contains(sub.span()) {
                            return Some(pi);
                        }
                    }
                }
                _ => {}
            }
        }
        None
    }
    in_table(doc.as_table(), "", &contains)
}

// ---------------------------------------------------------------- raw form

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    exclude: Option<Vec<Spanned<String>>>,
    tests: Option<bool>,
    examples: Option<bool>,
    rules: Option<RawRules>,
    overrides: Option<Vec<Spanned<RawOverride>>>,
    defaults: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRules {
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    paths: Spanned<Vec<Spanned<String>>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
struct PyProject {
    tool: Option<PyTool>,
}

#[derive(Debug, Deserialize)]
struct PyTool {
    kafkalint: Option<RawConfig>,
}

// ------------------------------------------------------------ checked form

/// Which rules are on: one flag per entry of [`RULES`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct RuleSet(Vec<bool>);

impl RuleSet {
    fn all() -> Self {
        RuleSet(vec![true; RULES.len()])
    }
    fn none() -> Self {
        RuleSet(vec![false; RULES.len()])
    }
    fn contains(&self, i: usize) -> bool {
        self.0.get(i).copied().unwrap_or(true)
    }
}

/// Rule decisions of one table (the top level or one override).
#[derive(Debug, Clone, Default)]
struct RuleChoices {
    /// Replaces the selection when set.
    select: Option<RuleSet>,
    /// Turned off after `select`.
    ignore: Option<RuleSet>,
    severity: Vec<(usize, Severity)>,
}

impl RuleChoices {
    fn apply(&self, on: &mut RuleSet, severity: &mut HashMap<usize, Severity>) {
        if let Some(s) = &self.select {
            *on = s.clone();
        }
        if let Some(ignore) = &self.ignore {
            for (i, off) in ignore.0.iter().enumerate() {
                if *off {
                    on.0[i] = false;
                }
            }
        }
        for &(i, s) in &self.severity {
            severity.insert(i, s);
        }
    }
}

#[derive(Debug, Clone)]
struct Override {
    paths: GlobSet,
    rules: RuleChoices,
}

/// One configuration file, checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// The directory globs are relative to (absolute, normalised).
    pub dir: PathBuf,
    /// `exclude` globs as written.
    pub exclude: Vec<String>,
    /// `tests`, when set.
    pub tests: Option<bool>,
    /// `examples`, when set.
    pub examples: Option<bool>,
    /// `[defaults]`: the version to assume per library.
    pub defaults: HashMap<Library, Version>,
    rules: RuleChoices,
    overrides: Vec<Override>,
}

impl Config {
    /// An empty configuration rooted at `dir` (no file).
    fn empty(dir: PathBuf) -> Self {
        Config {
            path: PathBuf::new(),
            dir,
            exclude: Vec::new(),
            tests: None,
            examples: None,
            defaults: HashMap::new(),
            rules: RuleChoices::default(),
            overrides: Vec::new(),
        }
    }

    /// Reads and checks one file (`pyproject.toml` is read for its
    /// `[tool.kafkalint]` table). `Ok(None)` for a `pyproject.toml` without
    /// one.
    pub fn load(path: &Path) -> Result<Option<Config>, Vec<ConfigError>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![ConfigError::at(
                path,
                "",
                None,
                format!("cannot read the configuration file: {e}"),
            )]
        })?;
        let abs = normalise(&std::env::current_dir().unwrap_or_default().join(path));
        let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
        Config::parse(path, dir, &text, is_pyproject)
    }

    /// Checks configuration `text` read from `path`; globs are relative to
    /// `dir`.
    pub fn parse(
        path: &Path,
        dir: PathBuf,
        text: &str,
        pyproject: bool,
    ) -> Result<Option<Config>, Vec<ConfigError>> {
        let syntax = |e: toml::de::Error| {
            vec![ConfigError::at(
                path,
                text,
                e.span(),
                e.message().trim().lines().collect::<Vec<_>>().join("; "),
            )]
        };
        let raw = if pyproject {
            let py: PyProject = toml::from_str(text).map_err(syntax)?;
            match py.tool.and_then(|t| t.kafkalint) {
                Some(raw) => raw,
                None => return Ok(None),
            }
        } else {
            toml::from_str::<RawConfig>(text).map_err(syntax)?
        };
        let mut errors = Vec::new();
        let mut err = |span: Range<usize>, message: String| {
            errors.push(ConfigError::at(path, text, Some(span), message));
        };
        let mut config = Config::empty(dir);
        config.path = path.to_path_buf();
        config.tests = raw.tests;
        config.examples = raw.examples;
        for pattern in raw.exclude.unwrap_or_default() {
            if let Err(e) = compile_glob(pattern.get_ref()) {
                err(pattern.span(), format!("bad glob: {e}"));
            }
            config.exclude.push(pattern.into_inner());
        }
        if let Some(rules) = raw.rules {
            config.rules = rule_choices(rules.select, rules.ignore, rules.severity, &mut err);
        }
        for o in raw.overrides.unwrap_or_default() {
            let span = o.span();
            let o = o.into_inner();
            let mut globs = GlobSetBuilder::new();
            if o.paths.get_ref().is_empty() {
                err(o.paths.span(), "`paths` names no glob".into());
            }
            for p in o.paths.into_inner() {
                match compile_glob(p.get_ref()) {
                    Ok(gs) => {
                        for g in gs {
                            globs.add(g);
                        }
                    }
                    Err(e) => err(p.span(), format!("bad glob: {e}")),
                }
            }
            let rules = rule_choices(o.select, o.ignore, o.severity, &mut err);
            if rules.select.is_none() && rules.ignore.is_none() && rules.severity.is_empty() {
                err(
                    span.clone(),
                    "this override changes nothing: give it `select`, `ignore` or `severity`"
                        .into(),
                );
            }
            match globs.build() {
                Ok(paths) => config.overrides.push(Override { paths, rules }),
                Err(e) => err(span, format!("bad glob: {e}")),
            }
        }
        for (lib, version) in raw.defaults.unwrap_or_default() {
            let Some(library) = Library::from_id(lib.get_ref()) else {
                let ids: Vec<&str> = Library::ALL.iter().map(|l| l.id()).collect();
                let hint = did_you_mean(lib.get_ref(), ids.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                err(
                    lib.span(),
                    format!(
                        "unknown library `{}`{hint}; known: {}",
                        lib.get_ref(),
                        ids.join(", ")
                    ),
                );
                continue;
            };
            match parse_version(version.get_ref()) {
                Some(v) => {
                    config.defaults.insert(library, v);
                }
                None => err(
                    version.span(),
                    format!(
                        "`{}` is not a version: write it like \"3.7.1\"",
                        version.get_ref()
                    ),
                ),
            }
        }
        if errors.is_empty() {
            Ok(Some(config))
        } else {
            Err(errors)
        }
    }

    /// The rules on, and their severities, for a file at `abs` (absolute,
    /// normalised) under this configuration.
    fn rules_for(
        &self,
        abs: &Path,
        base: &RuleSet,
        cli: &CliRules,
    ) -> (RuleSet, HashMap<usize, Severity>) {
        let mut on = base.clone();
        let mut severity = HashMap::new();
        self.rules.apply(&mut on, &mut severity);
        // `--select` names exactly the rules to run, whatever the file's
        // top level says; overrides for parts of the tree still apply.
        if let Some(s) = &cli.select {
            on = s.clone();
        }
        if !self.overrides.is_empty() {
            if let Ok(rel) = abs.strip_prefix(&self.dir) {
                for o in &self.overrides {
                    if o.paths.is_match(rel) {
                        o.rules.apply(&mut on, &mut severity);
                    }
                }
            }
        }
        if let Some(ignore) = &cli.ignore {
            for (i, off) in ignore.0.iter().enumerate() {
                if *off {
                    on.0[i] = false;
                }
            }
        }
        (on, severity)
    }
}

/// A version as written in `[defaults]`: digits and dots, optionally with a
/// qualifier (`3.7.1`, `2.8`, `7.6.0-ccs`).
fn parse_version(s: &str) -> Option<Version> {
    let s = s.trim();
    if !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Version::parse(s)
}

/// Builds the rule choices of one table, reporting unknown rule ids and
/// bad severities through `err`.
fn rule_choices(
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    err: &mut impl FnMut(Range<usize>, String),
) -> RuleChoices {
    let set = |list: Vec<Spanned<String>>, err: &mut dyn FnMut(Range<usize>, String)| {
        let mut s = RuleSet::none();
        for sel in list {
            match expand_selector(sel.get_ref()) {
                Ok(ids) => ids.into_iter().for_each(|i| s.0[i] = true),
                Err(m) => err(sel.span(), m),
            }
        }
        s
    };
    let select = select.map(|l| set(l, err));
    let ignore = ignore.map(|l| set(l, err));
    let mut sev = Vec::new();
    for (id, value) in severity.unwrap_or_default() {
        let ids = match expand_selector(id.get_ref()) {
            Ok(ids) => ids,
            Err(m) => {
                err(id.span(), m);
                continue;
            }
        };
        match parse_severity(value.get_ref()) {
            Some(s) => sev.extend(ids.into_iter().map(|i| (i, s))),
            None => err(
                value.span(),
                format!(
                    "`{}` is not a severity: use \"error\", \"warning\" or \"info\"",
                    value.get_ref()
                ),
            ),
        }
    }
    RuleChoices {
        select,
        ignore,
        severity: sev,
    }
}

fn parse_severity(s: &str) -> Option<Severity> {
    match s {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

/// The indexes in [`RULES`] a selector names: a rule id, `all`, or a
/// prefix ending in `*` (`key-*`).
fn expand_selector(sel: &str) -> Result<Vec<usize>, String> {
    let ids = RULES.iter().map(|r| r.meta.id);
    if sel.eq_ignore_ascii_case("all") {
        return Ok((0..RULES.len()).collect());
    }
    let found: Vec<usize> = match sel.strip_suffix('*') {
        Some(prefix) => ids
            .enumerate()
            .filter(|(_, id)| id.starts_with(prefix))
            .map(|(i, _)| i)
            .collect(),
        None => ids
            .enumerate()
            .filter(|(_, id)| *id == sel)
            .map(|(i, _)| i)
            .collect(),
    };
    if found.is_empty() {
        let hint = did_you_mean(sel, RULES.iter().map(|r| r.meta.id))
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        return Err(format!(
            "unknown rule `{sel}`{hint}; `kafkalint rules` lists them"
        ));
    }
    Ok(found)
}

/// The candidate closest to `word`, when it is close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

// ----------------------------------------------------------------- globs

/// The globs one pattern stands for, gitignore-style: a pattern without a
/// `/` matches a name at any depth (`*.pb.java`, `generated`); one with a
/// `/` is anchored at the configuration file's directory (`legacy/**`,
/// `/build.gradle`); a pattern matching a directory matches everything in
/// it; `*` stops at `/`, `**` crosses directories.
fn compile_glob(pattern: &str) -> Result<Vec<Glob>, globset::Error> {
    let mut p = pattern.trim();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    let p = p.trim_end_matches('/');
    let anchored = p.contains('/');
    let p = p.trim_start_matches('/');
    let base = if anchored {
        p.to_string()
    } else {
        format!("**/{p}")
    };
    let build = |s: &str| GlobBuilder::new(s).literal_separator(true).build();
    let mut globs = vec![build(&base)?];
    if !base.ends_with("/**") {
        globs.push(build(&format!("{base}/**"))?);
    }
    Ok(globs)
}

/// Paths left out of a scan: each entry's globs are relative to its base
/// directory (a configuration file's directory, or the working directory
/// for `--exclude`).
#[derive(Debug, Clone, Default)]
pub struct ExcludeSet {
    entries: Vec<(PathBuf, GlobSet, GlobSet)>,
}

impl ExcludeSet {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds `patterns`, relative to `base` (absolute).
    pub fn add(&mut self, base: &Path, patterns: &[String]) -> Result<(), globset::Error> {
        if patterns.is_empty() {
            return Ok(());
        }
        let mut files = GlobSetBuilder::new();
        let mut dirs = GlobSetBuilder::new();
        for p in patterns {
            for g in compile_glob(p)? {
                // `x/**` prunes the directory `x` itself.
                if let Some(dir) = g.glob().strip_suffix("/**") {
                    if !dir.is_empty() && dir != "**" {
                        dirs.add(GlobBuilder::new(dir).literal_separator(true).build()?);
                    }
                }
                dirs.add(g.clone());
                files.add(g);
            }
        }
        self.entries
            .push((normalise(base), files.build()?, dirs.build()?));
        Ok(())
    }

    /// Whether `path` (absolute and normalised) is excluded. `is_dir`
    /// decides whether a directory pattern may prune it.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        self.entries.iter().any(|(base, files, dirs)| {
            path.strip_prefix(base).is_ok_and(|rel| {
                !rel.as_os_str().is_empty()
                    && if is_dir {
                        dirs.is_match(rel)
                    } else {
                        files.is_match(rel)
                    }
            })
        })
    }
}

/// `path` with `.` and `..` components resolved lexically.
pub fn normalise(path: &Path) -> PathBuf {
    if is_plain(path) {
        return path.to_path_buf();
    }
    by_components(path)
}

/// [`normalise`] the long way: element by element.
fn by_components(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// True when normalising `path` would give it back unchanged: a Unix path
/// with no `.` or `..` element, no doubled separator and no trailing one.
/// Checked on its bytes, because taking every walked path apart into
/// components cost more than the lookups it serves.
pub fn is_plain(path: &Path) -> bool {
    if !cfg!(unix) {
        return false;
    }
    let b = path.as_os_str().as_encoded_bytes();
    !b.is_empty()
        && !b.ends_with(b"/")
        && b.split(|&c| c == b'/')
            .enumerate()
            .all(|(i, part)| (i == 0 || !part.is_empty()) && part != b"." && part != b"..")
}

// ------------------------------------------------------------- discovery

/// Where the configuration comes from.
#[derive(Debug, Clone, Default)]
pub enum Source {
    /// The nearest file at or above each scanned path.
    #[default]
    Discover,
    /// `--config FILE`, for every path.
    File(PathBuf),
    /// `--isolated`: none.
    None,
}

/// Finds the configuration file that applies to `start` (a directory,
/// absolute): the first of [`FILE_NAMES`] at or above it; a `pyproject.toml`
/// counts only with a `[tool.kafkalint]` table.
pub fn discover(start: &Path) -> Result<Option<Config>, Vec<ConfigError>> {
    for dir in start.ancestors() {
        for name in FILE_NAMES {
            let candidate = dir.join(name);
            if !candidate.is_file() {
                continue;
            }
            if let Some(config) = Config::load(&candidate)? {
                return Ok(Some(config));
            }
        }
    }
    Ok(None)
}

/// Rule choices made on the command line for one run.
#[derive(Debug, Clone, Default)]
pub struct CliRules {
    select: Option<RuleSet>,
    ignore: Option<RuleSet>,
}

impl CliRules {
    /// `--select` and `--ignore` values (comma-separated lists allowed).
    pub fn parse(select: &[String], ignore: &[String]) -> Result<CliRules, ConfigError> {
        let set = |flag: &str, values: &[String]| -> Result<Option<RuleSet>, ConfigError> {
            if values.is_empty() {
                return Ok(None);
            }
            let mut s = RuleSet::none();
            for v in values.iter().flat_map(|v| v.split(',')) {
                let v = v.trim();
                if v.is_empty() {
                    continue;
                }
                for i in expand_selector(v).map_err(|m| ConfigError::flag(flag, m))? {
                    s.0[i] = true;
                }
            }
            Ok(Some(s))
        };
        Ok(CliRules {
            select: set("--select", select)?,
            ignore: set("--ignore", ignore)?,
        })
    }
}

/// The configuration of one run: the files found (or named), the
/// command-line choices on top, and what they decide.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Distinct configuration files in use, deepest directory first.
    pub configs: Vec<Config>,
    pub cli: CliRules,
}

impl Settings {
    /// Resolves the configuration for scanning `roots` (relative to `cwd`).
    pub fn resolve(
        source: &Source,
        roots: &[PathBuf],
        cwd: &Path,
        cli: CliRules,
    ) -> Result<Settings, Vec<ConfigError>> {
        let mut configs: Vec<Config> = Vec::new();
        match source {
            Source::None => {}
            Source::File(path) => match Config::load(path)? {
                Some(c) => configs.push(c),
                None => {
                    return Err(vec![ConfigError::at(
                        path,
                        "",
                        None,
                        "this pyproject.toml has no [tool.kafkalint] table".into(),
                    )])
                }
            },
            Source::Discover => {
                let default_root = [PathBuf::from(".")];
                let roots = if roots.is_empty() {
                    &default_root[..]
                } else {
                    roots
                };
                let mut seen_dirs: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
                for root in roots {
                    let abs = normalise(&cwd.join(root));
                    let start = if abs.is_dir() {
                        abs
                    } else {
                        abs.parent().map(Path::to_path_buf).unwrap_or(abs)
                    };
                    if seen_dirs.contains_key(&start) {
                        continue;
                    }
                    let found = discover(&start)?;
                    seen_dirs.insert(start, found.as_ref().map(|c| c.path.clone()));
                    if let Some(c) = found {
                        if !configs.iter().any(|k| k.path == c.path) {
                            configs.push(c);
                        }
                    }
                }
            }
        }
        configs.sort_by_key(|c| std::cmp::Reverse(c.dir.components().count()));
        Ok(Settings { configs, cli })
    }

    /// Whether any configuration asks for test code.
    pub fn tests(&self) -> bool {
        self.configs.iter().any(|c| c.tests == Some(true))
    }

    /// Whether any configuration asks to treat example code like
    /// application code.
    pub fn examples(&self) -> bool {
        self.configs.iter().any(|c| c.examples == Some(true))
    }

    /// `[defaults]` of all files (the deepest file wins a conflict).
    pub fn assumed_versions(&self) -> HashMap<Library, Version> {
        let mut out = HashMap::new();
        for c in &self.configs {
            for (l, v) in &c.defaults {
                out.entry(*l).or_insert(*v);
            }
        }
        out
    }

    /// The exclusions of every file, plus `extra` (the `--exclude` flag)
    /// relative to `cwd`.
    pub fn excludes(&self, extra: &[String], cwd: &Path) -> Result<ExcludeSet, ConfigError> {
        let mut set = ExcludeSet::default();
        for c in &self.configs {
            set.add(&c.dir, &c.exclude)
                .map_err(|e| ConfigError::at(&c.path, "", None, format!("bad glob: {e}")))?;
        }
        set.add(cwd, extra)
            .map_err(|e| ConfigError::flag("--exclude", format!("bad glob: {e}")))?;
        Ok(set)
    }

    /// The configuration that governs `abs`: the deepest one whose
    /// directory holds it.
    fn config_for(&self, abs: &Path) -> Option<&Config> {
        self.configs.iter().find(|c| abs.starts_with(&c.dir))
    }

    /// Applies rule selection and severities to scan findings (paths
    /// relative to `cwd`). Audit findings (`kafka://`) follow the top-level
    /// choices only.
    pub fn apply(&self, findings: &mut Vec<Finding>, cwd: &Path) {
        let all = RuleSet::all();
        let empty = Config::empty(PathBuf::new());
        let mut cache: HashMap<String, (RuleSet, HashMap<usize, Severity>)> = HashMap::new();
        findings.retain_mut(|f| {
            let Some(index) = RULES.iter().position(|r| r.meta.id == f.rule) else {
                return true;
            };
            let (on, severity) = cache.entry(f.path.clone()).or_insert_with(|| {
                let abs = normalise(&cwd.join(&f.path));
                let config = if f.path.starts_with("kafka://") {
                    self.configs.last()
                } else {
                    self.config_for(&abs)
                };
                config.unwrap_or(&empty).rules_for(&abs, &all, &self.cli)
            });
            if !on.contains(index) {
                return false;
            }
            if let Some(s) = severity.get(&index) {
                f.severity = *s;
            }
            true
        });
    }
}

/// A commented starter `kafkalint.toml`.
pub fn starter_file() -> String {
    let mut ids = String::new();
    for r in RULES {
        ids.push_str(&format!(
            "#   {:<34} {:<8} {}\n",
            r.meta.id, r.meta.severity, r.meta.summary
        ));
    }
    format!(
        r#"# kafkalint configuration. Every setting is optional; paths and globs are
# relative to this file. `kafkalint rules` lists the rules, `kafkalint explain
# RULE` tells what each one finds and how to fix it.

# Paths to leave out, as globs: a name without "/" matches at any depth
# ("*.pb.java", "generated"); one with "/" starts here ("legacy/**").
exclude = []

# Test code (src/test, *Test.java, tests/, ...) is left out unless this is true.
tests = false

# In example, sample, demo and docs folders, findings that rest only on a
# library's defaults are left out unless this is true (explicit settings and
# send bugs there are always reported).
examples = false

[rules]
# Which rules run: rule ids, "all", or a prefix such as "key-*".
select = ["all"]
# Rules to turn off everywhere.
ignore = []

# Severity per rule: "error", "warning" or "info".
[rules.severity]
# key-null = "error"

# Different choices for part of the tree; later blocks win.
# [[overrides]]
# paths = ["legacy/**"]
# ignore = ["acks-unsafe", "sync-send"]
# severity = {{ key-null = "info" }}

# The client version to assume when no build file names one (library = version).
[defaults]
# kafka-clients = "3.7.1"

# The rules:
{ids}"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Option<Config>, Vec<ConfigError>> {
        Config::parse(
            Path::new("kafkalint.toml"),
            PathBuf::from("/repo"),
            text,
            false,
        )
    }

    #[test]
    fn a_plain_path_is_its_own_normal_form() {
        let paths = [
            "a/b.js",
            "/repo/src/k.ts",
            "k.js",
            "./a/b.js",
            "a/./b.js",
            "a/../b.js",
            "../a.js",
            "a//b.js",
            "a/b/",
            "/",
            ".",
            "..",
            "a/..",
            "a/.",
            ".hidden/x.js",
            "a/.../b.js",
        ];
        let mut plain = 0;
        for p in paths {
            let p = Path::new(p);
            let long_way = by_components(p);
            assert_eq!(normalise(p), long_way, "{}", p.display());
            if is_plain(p) {
                plain += 1;
                assert_eq!(p.as_os_str(), long_way.as_os_str(), "{}", p.display());
            }
        }
        assert!(plain >= 5 || !cfg!(unix));
    }

    fn first_error(text: &str) -> ConfigError {
        parse(text).expect_err("an error").remove(0)
    }

    #[test]
    fn the_documented_shape_parses() {
        let c = parse(
            r#"
exclude = ["generated/**", "*.pb.java"]
tests = true
[rules]
ignore = ["compression-missing"]
[rules.severity]
key-null = "error"
[[overrides]]
paths = ["legacy/**"]
ignore = ["acks-unsafe", "sync-send"]
[defaults]
kafka-clients = "2.8.1"
"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(c.tests, Some(true));
        assert_eq!(
            c.defaults.get(&Library::KafkaClients),
            Some(&Version::new(2, 8, 1))
        );
        assert_eq!(c.exclude.len(), 2);
        assert_eq!(c.overrides.len(), 1);
    }

    #[test]
    fn errors_name_file_line_column_and_key() {
        let e = first_error("[rules]\nignor = [\"acks-unsafe\"]\n");
        assert_eq!((e.line, e.column), (2, 1));
        assert_eq!(e.key.as_deref(), Some("rules.ignor"));
        assert!(e.message.contains("unknown field `ignor`"), "{e}");
        let shown = e.to_string();
        assert!(
            shown.starts_with("kafkalint.toml:2:1: `rules.ignor`: "),
            "{shown}"
        );
        assert!(shown.contains("2 | ignor = [\"acks-unsafe\"]"), "{shown}");

        let e = first_error("[rules]\nignore = [\"acks-unsafee\"]\n");
        assert_eq!((e.line, e.column), (2, 11));
        assert_eq!(e.key.as_deref(), Some("rules.ignore"));
        assert!(e.message.contains("did you mean `acks-unsafe`"), "{e}");

        let e = first_error("tests = \"yes\"\n");
        assert_eq!((e.line, e.key.as_deref()), (1, Some("tests")));

        let e = first_error("[rules.severity]\nkey-null = \"fatal\"\n");
        assert_eq!((e.line, e.column), (2, 12));
        assert_eq!(e.key.as_deref(), Some("rules.severity.key-null"));

        let e = first_error("[defaults]\nkafka-clientz = \"3.0\"\n");
        assert_eq!(e.key.as_deref(), Some("defaults.kafka-clientz"));
        assert!(e.message.contains("did you mean `kafka-clients`"), "{e}");

        let e = first_error("[defaults]\nkafka-clients = \"latest\"\n");
        assert_eq!(e.key.as_deref(), Some("defaults.kafka-clients"));

        let e = first_error("[[overrides]]\nignore = [\"acks-unsafe\"]\n");
        assert!(e.message.contains("paths"), "{e}");
        assert_eq!(e.line, 1);

        let e = first_error("[[overrides]]\npaths = [\"a/**\"]\n");
        assert!(e.message.contains("changes nothing"), "{e}");

        let e = first_error("exclude = [\"a/[\"]\n");
        assert!(e.message.contains("bad glob"), "{e}");
        assert_eq!(e.key.as_deref(), Some("exclude"));

        let e = first_error("[rules\n");
        assert_eq!(e.line, 1);
    }

    #[test]
    fn several_errors_are_reported_at_once() {
        let errors =
            parse("[rules]\nignore = [\"nope\", \"acks-unsafe\", \"also-nope\"]\n").unwrap_err();
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn pyproject_table_and_its_absence() {
        let py = |t: &str| Config::parse(Path::new("pyproject.toml"), PathBuf::from("/r"), t, true);
        assert!(py("[project]\nname = \"x\"\n").unwrap().is_none());
        let c = py("[project]\nname = \"x\"\n[tool.kafkalint.rules]\nignore = [\"key-null\"]\n")
            .unwrap()
            .unwrap();
        assert!(c.rules.ignore.is_some());
        let e = py("[tool.kafkalint]\ntestz = true\n")
            .unwrap_err()
            .remove(0);
        assert_eq!(e.key.as_deref(), Some("tool.kafkalint.testz"));
        assert_eq!(e.line, 2);
    }

    fn finding(rule: &'static str, path: &str) -> Finding {
        let meta = crate::rules::meta(rule).unwrap();
        crate::rules::finding(meta, path, crate::finding::Span::line(1, 1, 1))
    }

    #[test]
    fn select_ignore_severity_and_overrides() {
        let c = parse(
            r#"
[rules]
select = ["acks-unsafe", "key-*", "sync-send"]
ignore = ["key-random"]
[rules.severity]
key-null = "error"
[[overrides]]
paths = ["legacy/**"]
ignore = ["acks-unsafe", "sync-send"]
severity = { key-null = "info" }
"#,
        )
        .unwrap()
        .unwrap();
        let settings = Settings {
            configs: vec![c],
            cli: CliRules::default(),
        };
        let mut fs = vec![
            finding("acks-unsafe", "svc/A.java"),
            finding("acks-unsafe", "legacy/A.java"),
            finding("sync-send", "legacy/deep/B.java"),
            finding("key-null", "svc/A.java"),
            finding("key-null", "legacy/A.java"),
            finding("key-random", "svc/A.java"),
            finding("idempotence-missing", "svc/A.java"),
        ];
        settings.apply(&mut fs, Path::new("/repo"));
        let kept: Vec<_> = fs
            .iter()
            .map(|f| (f.rule, f.path.as_str(), f.severity))
            .collect();
        assert_eq!(
            kept,
            [
                ("acks-unsafe", "svc/A.java", Severity::Error),
                ("key-null", "svc/A.java", Severity::Error),
                ("key-null", "legacy/A.java", Severity::Info),
            ]
        );
    }

    #[test]
    fn cli_select_and_ignore_win() {
        let c = parse("[rules]\nignore = [\"key-null\"]\n")
            .unwrap()
            .unwrap();
        let cli =
            CliRules::parse(&["key-null,acks-unsafe".into()], &["acks-unsafe".into()]).unwrap();
        let settings = Settings {
            configs: vec![c],
            cli,
        };
        let mut fs = vec![
            finding("acks-unsafe", "A.java"),
            finding("key-null", "A.java"),
            finding("sync-send", "A.java"),
        ];
        settings.apply(&mut fs, Path::new("/repo"));
        assert_eq!(fs.iter().map(|f| f.rule).collect::<Vec<_>>(), ["key-null"]);
        let e = CliRules::parse(&["acks-unsafee".into()], &[]).unwrap_err();
        assert_eq!(e.key.as_deref(), Some("--select"));
        assert!(e.to_string().contains("did you mean `acks-unsafe`"));
    }

    #[test]
    fn excludes_are_relative_to_their_base_and_gitignore_like() {
        let mut set = ExcludeSet::default();
        set.add(
            Path::new("/repo"),
            &[
                "legacy/**".into(),
                "*.pb.java".into(),
                "generated".into(),
                "/top.yml".into(),
            ],
        )
        .unwrap();
        let ex = |p: &str, dir: bool| set.excludes(Path::new(p), dir);
        assert!(ex("/repo/legacy", true));
        assert!(ex("/repo/legacy/A.java", false));
        assert!(ex("/repo/legacy/x/A.java", false));
        assert!(!ex("/repo/svc/legacy/A.java", false));
        assert!(ex("/repo/svc/Foo.pb.java", false));
        assert!(ex("/repo/a/b/generated", true));
        assert!(ex("/repo/a/b/generated/X.java", false));
        assert!(ex("/repo/top.yml", false));
        assert!(!ex("/repo/svc/top.yml", false));
        assert!(!ex("/repo/svc/A.java", false));
        assert!(!ex("/elsewhere/legacy/A.java", false));
        assert!(!ex("/repo", true));
    }

    #[test]
    fn discovery_walks_up_and_pyproject_needs_its_table() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b/c")).unwrap();
        std::fs::write(root.join("kafkalint.toml"), "tests = true\n").unwrap();
        std::fs::write(root.join("a/pyproject.toml"), "[project]\nname = \"x\"\n").unwrap();
        let c = discover(&root.join("a/b/c")).unwrap().unwrap();
        assert_eq!(c.path, root.join("kafkalint.toml"));
        std::fs::write(
            root.join("a/b/pyproject.toml"),
            "[tool.kafkalint]\ntests = false\n",
        )
        .unwrap();
        let c = discover(&root.join("a/b/c")).unwrap().unwrap();
        assert_eq!(c.path, root.join("a/b/pyproject.toml"));
        assert_eq!(c.tests, Some(false));
    }

    #[test]
    fn the_starter_file_parses_and_changes_nothing() {
        let c = parse(&starter_file()).unwrap().unwrap();
        assert!(c.exclude.is_empty() && c.defaults.is_empty() && c.overrides.is_empty());
        assert_eq!(c.tests, Some(false));
        // Uncommenting the examples gives a valid file too.
        let uncommented: String = starter_file()
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest.starts_with('[')
                        || rest.contains(" = ") && !rest.starts_with(char::is_uppercase) =>
                {
                    rest.to_string()
                }
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let c = parse(&uncommented).unwrap().unwrap();
        assert_eq!(c.overrides.len(), 1);
        assert_eq!(c.defaults.len(), 1);
    }
}
