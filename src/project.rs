//! Project resolution: facts that span files. Today that is the client
//! version: every producer gets the version of the library whose defaults
//! apply (kafka-clients for Spring and the JVM wrappers, librdkafka for the
//! bindings, the library itself otherwise) and, when it defers, its own
//! version, from the dependency files of its module.
//!
//! For a file and a library, the resolver walks up from the file's
//! directory to the nearest directory whose dependency files name a
//! package that matters (knowledge/versions.toml says which):
//!
//! * the package of the defaults library itself, written explicitly
//!   (kafka-clients in a Spring project, librdkafka.redist beside
//!   Confluent.Kafka), beats any "pinned by" map, and among maps the lower
//!   rank wins (Spring Boot's dependency management beats spring-kafka's
//!   build, a locked rdkafka-sys beats rdkafka's caret requirement);
//! * a lock file beats a manifest range: in the same directory, or in a
//!   directory above it (a workspace root's lock applies to its members)
//!   when the locked versions satisfy the member's range; several locked
//!   versions (a member nested under its own copy) give their range;
//! * a version that cannot be read is unknown: `None` (a current version is
//!   then assumed) or the version the user configured in kafkalint.toml.

use crate::frontend::buildfile::req::describe;
use crate::knowledge::versions::{self, Package, Pin};
use crate::model::{
    Dependency, Ecosystem, FileFacts, Library, ResolvedVersion, Version, VersionReq, VersionSource,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug)]
struct Entry {
    file: PathBuf,
    dep: Dependency,
}

/// Dependency-file versions by the directory that holds the file, and the
/// versions configured for when no file names one.
#[derive(Debug, Default)]
pub struct BuildIndex {
    by_dir: HashMap<PathBuf, Vec<Entry>>,
    assumed: HashMap<Library, Version>,
}

/// A package that can decide a target library's version.
struct Candidate {
    package: &'static Package,
    /// `None` for the target's own package.
    pin: Option<&'static Pin>,
    rank: u32,
}

/// The versions one package resolved to in a directory.
struct Choice<'a> {
    req: VersionReq,
    /// The entry the version was read from (a lock entry when locked).
    entry: &'a Entry,
    locked: bool,
}

fn satisfies(v: Version, req: &VersionReq) -> bool {
    match *req {
        VersionReq::Exact(e) => v == e,
        VersionReq::Range { min, max } => min <= v && v <= max,
        VersionReq::Any => true,
    }
}

fn bounds(req: &VersionReq) -> Option<(Version, Version)> {
    match *req {
        VersionReq::Exact(v) => Some((v, v)),
        VersionReq::Range { min, max } => Some((min, max)),
        VersionReq::Any => None,
    }
}

/// The range covering the exact versions of `entries`; `Any` when one of
/// them has no version.
fn locked_range(entries: &[&Entry]) -> VersionReq {
    let mut out: Option<(Version, Version)> = None;
    for e in entries {
        let Some((lo, hi)) = bounds(&e.dep.req) else {
            return VersionReq::Any;
        };
        out = Some(match out {
            None => (lo, hi),
            Some((a, b)) => (a.min(lo), b.max(hi)),
        });
    }
    match out {
        Some((lo, hi)) if lo == hi => VersionReq::Exact(lo),
        Some((min, max)) => VersionReq::Range { min, max },
        None => VersionReq::Any,
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("a lock file")
        .to_string()
}

impl BuildIndex {
    /// An index that falls back to `assumed` (kafkalint.toml `[defaults]`).
    pub fn new(assumed: HashMap<Library, Version>) -> Self {
        BuildIndex {
            by_dir: HashMap::new(),
            assumed,
        }
    }

    pub fn add(&mut self, file: &Path, deps: &[Dependency]) {
        let dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
        let entry = self.by_dir.entry(dir).or_default();
        for d in deps {
            entry.push(Entry {
                file: file.to_path_buf(),
                dep: d.clone(),
            });
        }
    }

    /// The versions for a producer of `library` built in `file`: the
    /// version whose defaults apply, and the library's own version when it
    /// defers to another table (`None` when it does not, or is unknown).
    pub fn resolve(
        &self,
        file: &Path,
        library: Library,
    ) -> (Option<ResolvedVersion>, Option<ResolvedVersion>) {
        let target = versions::defaults_of(library);
        let version = self
            .version_of(file, target, library)
            .or_else(|| self.configured(target, library));
        let own = (target != library)
            .then(|| {
                self.version_of(file, library, library)
                    .or_else(|| self.configured(library, library))
            })
            .flatten();
        (version, own)
    }

    /// Fills in the versions of every producer in `facts` found at `file`.
    pub fn fill(&self, file: &Path, facts: &mut FileFacts) {
        let mut cache: HashMap<Library, (Option<ResolvedVersion>, Option<ResolvedVersion>)> =
            HashMap::new();
        for p in &mut facts.producers {
            let (v, own) = cache
                .entry(p.library)
                .or_insert_with(|| self.resolve(file, p.library))
                .clone();
            if p.version.is_none() {
                p.version = v;
            }
            if p.own_version.is_none() {
                p.own_version = own;
            }
        }
    }

    /// The configured version of `target`, or of `library` mapped to
    /// `target` through the library's own pin.
    fn configured(&self, target: Library, library: Library) -> Option<ResolvedVersion> {
        if let Some(v) = self.assumed.get(&target) {
            return Some(ResolvedVersion::exact(*v, VersionSource::Configured));
        }
        let own = self.assumed.get(&library)?;
        let packages = &versions::library(library).packages;
        let pin = versions::pins_to(target)
            .filter(|p| p.applies_to(library))
            .filter(|p| {
                packages
                    .iter()
                    .any(|k| k.is(p.from.ecosystem, &p.from.name))
            })
            .min_by_key(|p| p.rank)?;
        let (min, max) = pin.map(*own, *own)?;
        Some(ResolvedVersion {
            min,
            max,
            source: VersionSource::Configured,
        })
    }

    /// The packages that decide `target`'s version for producers of
    /// `library`, in the ecosystems of `library`'s own packages.
    fn candidates(target: Library, library: Library) -> Vec<Candidate> {
        let lib = versions::library(library);
        let ecosystems: Vec<Ecosystem> = lib.packages.iter().map(|p| p.ecosystem).collect();
        let mut out: Vec<Candidate> = Vec::new();
        let direct = versions::library(target)
            .packages
            .iter()
            .chain(if target == library {
                [].iter()
            } else {
                lib.defaults_packages.iter()
            });
        for package in direct {
            out.push(Candidate {
                package,
                pin: None,
                rank: 0,
            });
        }
        for pin in versions::pins_to(target).filter(|p| p.applies_to(library)) {
            out.push(Candidate {
                package: &pin.from,
                pin: Some(pin),
                rank: pin.rank,
            });
        }
        out.retain(|c| ecosystems.contains(&c.package.ecosystem));
        out
    }

    fn version_of(
        &self,
        file: &Path,
        target: Library,
        library: Library,
    ) -> Option<ResolvedVersion> {
        let cands = Self::candidates(target, library);
        if cands.is_empty() {
            return None;
        }
        let mut dir = file.parent();
        while let Some(d) = dir {
            dir = d.parent();
            let Some(entries) = self.by_dir.get(d) else {
                continue;
            };
            let matching: Vec<(&Candidate, &Entry)> = entries
                .iter()
                .filter_map(|e| {
                    cands
                        .iter()
                        .find(|c| c.package.is(e.dep.ecosystem, &e.dep.name))
                        .map(|c| (c, e))
                })
                .collect();
            let Some(best) = matching.iter().map(|(c, _)| c.rank).min() else {
                continue;
            };
            // Every candidate of the best rank named here: the highest
            // version wins (a build tool resolves a conflict upwards).
            let mut results: Vec<ResolvedVersion> = Vec::new();
            for cand in cands.iter().filter(|c| c.rank == best) {
                let here: Vec<&Entry> = matching
                    .iter()
                    .filter(|(c, _)| std::ptr::eq(*c, cand))
                    .map(|(_, e)| *e)
                    .collect();
                if here.is_empty() {
                    continue;
                }
                let mut choice = self.choose(&here, d, cand.package);
                let mut cand = cand;
                // A lock above (a workspace root's) may lock a better-ranked
                // package too (Cargo.lock's rdkafka-sys beside rdkafka).
                if choice.locked && choice.entry.file.parent() != Some(d) {
                    if let Some((c, ch)) =
                        self.better_in_lock(&cands, cand.rank, &choice.entry.file)
                    {
                        cand = c;
                        choice = ch;
                    }
                }
                // A best-ranked package named with an unknown version gives
                // nothing: it decides, and nothing is known.
                results.extend(self.finish(cand, &choice));
            }
            return results.into_iter().max_by_key(|r| (r.min, r.max));
        }
        None
    }

    /// Better-ranked candidates locked in `lock`.
    fn better_in_lock<'a>(
        &'a self,
        cands: &'a [Candidate],
        rank: u32,
        lock: &Path,
    ) -> Option<(&'a Candidate, Choice<'a>)> {
        let entries = self.by_dir.get(lock.parent()?)?;
        cands
            .iter()
            .filter(|c| c.rank < rank)
            .min_by_key(|c| c.rank)
            .and_then(|c| {
                let locked: Vec<&Entry> = entries
                    .iter()
                    .filter(|e| {
                        e.file == lock && e.dep.locked && c.package.is(e.dep.ecosystem, &e.dep.name)
                    })
                    .collect();
                let first = *locked.first()?;
                Some((
                    c,
                    Choice {
                        req: locked_range(&locked),
                        entry: first,
                        locked: true,
                    },
                ))
            })
    }

    /// The version one package has in directory `dir`: its lock entries
    /// there, or its manifest requirement refined by a lock above.
    fn choose<'a>(&'a self, here: &[&'a Entry], dir: &Path, package: &Package) -> Choice<'a> {
        let (locked, manifest): (Vec<&Entry>, Vec<&Entry>) =
            here.iter().partition(|e| e.dep.locked);
        // The manifest's requirement: the first entry with a version.
        let wanted = manifest
            .iter()
            .find(|e| !matches!(e.dep.req, VersionReq::Any))
            .or(manifest.first())
            .copied();
        if !locked.is_empty() {
            let fitting: Vec<&Entry> = match wanted {
                Some(w) => locked
                    .iter()
                    .copied()
                    .filter(|e| e.dep.exact().is_some_and(|v| satisfies(v, &w.dep.req)))
                    .collect(),
                None => Vec::new(),
            };
            let chosen = if fitting.is_empty() { locked } else { fitting };
            return Choice {
                req: locked_range(&chosen),
                entry: chosen[0],
                locked: true,
            };
        }
        let wanted = wanted.expect("a package named here has an entry");
        if matches!(wanted.dep.req, VersionReq::Exact(_)) {
            return Choice {
                req: wanted.dep.req,
                entry: wanted,
                locked: false,
            };
        }
        // A lock above: the first directory up whose locks name the package.
        for up in dir.ancestors().skip(1) {
            let Some(entries) = self.by_dir.get(up) else {
                continue;
            };
            let locks: Vec<&Entry> = entries
                .iter()
                .filter(|e| e.dep.locked && package.is(e.dep.ecosystem, &e.dep.name))
                .collect();
            if locks.is_empty() {
                continue;
            }
            let fitting: Vec<&Entry> = locks
                .into_iter()
                .filter(|e| e.dep.exact().is_some_and(|v| satisfies(v, &wanted.dep.req)))
                .collect();
            if let Some(first) = fitting.first() {
                return Choice {
                    req: locked_range(&fitting),
                    entry: first,
                    locked: true,
                };
            }
            break;
        }
        Choice {
            req: wanted.dep.req,
            entry: wanted,
            locked: false,
        }
    }

    /// The resolved version of the target for one choice, through the
    /// candidate's pin if it has one.
    fn finish(&self, cand: &Candidate, choice: &Choice<'_>) -> Option<ResolvedVersion> {
        let (lo, hi) = bounds(&choice.req)?;
        let lock_note = choice
            .locked
            .then(|| format!("locked in {}", file_name(&choice.entry.file)));
        let (min, max, via) = match cand.pin {
            None => (lo, hi, lock_note.unwrap_or_default()),
            Some(pin) => {
                let (min, max) = pin.map(lo, hi)?;
                let mut via = format!("{} {} {}", pin.via, pin.display, describe(lo, hi));
                if let Some(note) = lock_note {
                    via.push_str(", ");
                    via.push_str(&note);
                }
                (min, max, via)
            }
        };
        Some(ResolvedVersion {
            min,
            max,
            source: VersionSource::BuildFile {
                path: choice.entry.file.clone(),
                line: choice.entry.dep.line,
                via,
            },
        })
    }
}

#[cfg(test)]
mod tests;

/// Files read for what another file refers to (constants, builders,
/// factory calls, imported producers) are source files of ordinary size.
const MAX_REFERENCED_BYTES: u64 = 1 << 20;

/// The bytes of a file another one refers to; `None` when it is larger
/// than [`MAX_REFERENCED_BYTES`] or unreadable: not worth a guess.
pub fn read_referenced(path: &std::path::Path) -> Option<Vec<u8>> {
    crate::source::read_bounded(path, MAX_REFERENCED_BYTES)
}

pub mod builders;
pub mod classfiles;
pub mod factories;
pub mod profiles;
pub mod symbols;
