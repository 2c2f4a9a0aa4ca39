//! The result cache: what a front-end extracted from a file, kept on disk
//! between runs (`.kafkalint_cache/` at the project root), so that a re-run
//! parses only the files that changed.
//!
//! An entry is keyed by the file's content, its path (some front-ends read
//! the file name: `application-prod.yml`), its kind and the tool's version.
//! Only the per-file front-end output is cached; everything that depends on
//! other files (versions from build files, constants, profiles, the
//! configuration in `kafkalint.toml`, rules, suppressions, baselines) is
//! computed again on every run, so a cache can never change a result.
//!
//! The cache is one JSON file, read at start and rewritten at the end with
//! only the entries this run used (atomically: a temporary file renamed over
//! it). A file that cannot be read as this version's cache (corrupt,
//! foreign, another version) is discarded with a warning, never trusted.

use crate::frontend::FileKind;
use crate::model::FileFacts;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The cache directory's name, at the project root.
pub const DIR: &str = ".kafkalint_cache";

/// Bumped when the layout of a cached entry changes.
const FORMAT: u32 = 1;

/// The cache file: the tool and version that wrote it, and the entries.
#[derive(Serialize, Deserialize)]
struct Stored<E> {
    tool: String,
    version: String,
    format: u32,
    entries: E,
}

/// A loaded cache: the stored entries and those of this run. Each entry is
/// held once: a stored one a run uses is handed out as a copy and only its
/// key is noted.
pub struct Cache {
    file: PathBuf,
    stored: HashMap<String, FileFacts>,
    /// Keys of the stored entries this run used: written back.
    used: Mutex<std::collections::HashSet<String>>,
    /// Entries this run parsed anew: written back too.
    added: Mutex<HashMap<String, FileFacts>>,
}

/// The tool's version and build: two builds of one version with different
/// front-ends (a development build, a patched binary) must not share
/// entries, so the executable's size and modification time count too.
fn version() -> String {
    static V: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        let build = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| {
                let t = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{}-{t}", m.len())
            })
            .unwrap_or_default();
        format!("{}+{build}", env!("CARGO_PKG_VERSION"))
    })
    .clone()
}

/// The directory to keep the cache in for a scan started in `cwd`: the
/// nearest directory above it holding `.git` or a kafkalint configuration,
/// else `cwd` itself.
pub fn root_for(cwd: &Path) -> PathBuf {
    let mut dir = Some(cwd);
    while let Some(d) = dir {
        if d.join(".git").exists()
            || d.join("kafkalint.toml").is_file()
            || d.join(".kafkalint.toml").is_file()
        {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    cwd.to_path_buf()
}

impl Cache {
    /// Opens the cache under `root` (missing: an empty cache). Problems go
    /// to `warnings`.
    pub fn open(root: &Path, warnings: &mut Vec<String>) -> Cache {
        let file = root.join(DIR).join("facts.json");
        let mut stored = HashMap::new();
        match std::fs::read(&file) {
            Ok(bytes) => match serde_json::from_slice::<Stored<HashMap<String, FileFacts>>>(&bytes)
            {
                Ok(s) if s.tool == "kafkalint" && s.format == FORMAT && s.version == version() => {
                    stored = s.entries;
                }
                // Another version's cache: silently replaced.
                Ok(s) if s.tool == "kafkalint" => {}
                _ => warnings.push(format!(
                    "{}: not a kafkalint cache or corrupt, discarded",
                    file.display()
                )),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => warnings.push(format!(
                "{}: cache not readable ({e}), not used",
                file.display()
            )),
        }
        Cache {
            file,
            stored,
            used: Mutex::new(Default::default()),
            added: Mutex::new(HashMap::new()),
        }
    }

    /// The key of a file's entry.
    pub fn key(path: &Path, kind: FileKind, bytes: &[u8]) -> String {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        version().hash(&mut h);
        format!("{kind:?}").hash(&mut h);
        path.hash(&mut h);
        bytes.hash(&mut h);
        // A second, independent hash of the content makes a collision
        // between two versions of one file practically impossible.
        let fnv = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |a, b| {
            (a ^ *b as u64).wrapping_mul(0x100_0000_01b3)
        });
        format!("{:016x}{fnv:016x}", h.finish())
    }

    /// The cached facts under `key`, if any (and keeps them).
    pub fn get(&self, key: &str) -> Option<FileFacts> {
        let f = self.stored.get(key)?.clone();
        lock(&self.used).insert(key.to_string());
        Some(f)
    }

    /// Keeps facts just extracted.
    pub fn put(&self, key: String, facts: &FileFacts) {
        lock(&self.added).insert(key, facts.clone());
    }

    /// Writes the entries this run used back, when anything changed.
    pub fn save(self, warnings: &mut Vec<String>) {
        let used = self.used.into_inner().unwrap_or_else(|e| e.into_inner());
        let added = self.added.into_inner().unwrap_or_else(|e| e.into_inner());
        if added.is_empty() && used.len() == self.stored.len() {
            return;
        }
        let entries: HashMap<&str, &FileFacts> = (used.iter())
            .filter_map(|k| self.stored.get_key_value(k))
            .chain(added.iter())
            .map(|(k, f)| (k.as_str(), f))
            .collect();
        let stored = Stored {
            tool: "kafkalint".into(),
            version: version(),
            format: FORMAT,
            entries,
        };
        if let Err(e) = write(&self.file, &stored) {
            warnings.push(format!("{}: cache not written ({e})", self.file.display()));
        }
    }
}

fn write<E: Serialize>(file: &Path, stored: &Stored<E>) -> std::io::Result<()> {
    let dir = file.parent().expect("the cache file has a directory");
    std::fs::create_dir_all(dir)?;
    // Keep the cache out of version control, as ruff and pytest do.
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(
            &ignore,
            "# Created by kafkalint: this folder is a cache.\n*\n",
        )?;
    }
    let bytes = serde_json::to_vec(stored).map_err(std::io::Error::other)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, &bytes)?;
    tmp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
