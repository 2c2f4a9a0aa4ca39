//! Which dependency names carry a library's version, and the "pinned by"
//! maps from another artifact's version to the version of the library whose
//! defaults apply (Spring Boot → kafka-clients, confluent-kafka →
//! librdkafka). The facts live in `knowledge/versions.toml` with their
//! sources; project resolution (`src/project.rs`) and the dependency-file
//! readers (`src/frontend/buildfile/`) ask this module instead of naming
//! packages themselves.

use crate::model::{Ecosystem, Library, Version};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use serde::Deserialize;
use std::sync::LazyLock;

const VERSIONS: &str = include_str!(concat!(env!("OUT_DIR"), "/knowledge/versions.json"));

/// A package of one ecosystem. For Maven, `group` is set and `name` is the
/// artifact id (the name [`crate::model::Dependency`] carries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    pub ecosystem: Ecosystem,
    pub group: Option<String>,
    pub name: String,
}

impl Package {
    fn parse(spec: &str) -> Package {
        let (eco, rest) = spec
            .split_once(':')
            .unwrap_or_else(|| panic!("package {spec:?} in versions.toml has no ecosystem"));
        let ecosystem = match eco {
            "maven" => Ecosystem::Maven,
            "pypi" => Ecosystem::PyPi,
            "go" => Ecosystem::Go,
            "npm" => Ecosystem::Npm,
            "nuget" => Ecosystem::NuGet,
            "cargo" => Ecosystem::Cargo,
            other => panic!("unknown ecosystem {other:?} in versions.toml"),
        };
        let (group, name) = match (ecosystem, rest.split_once(':')) {
            (Ecosystem::Maven, Some((g, a))) => (Some(g.to_string()), a.to_string()),
            _ => (None, rest.to_string()),
        };
        Package {
            ecosystem,
            group,
            name,
        }
    }

    /// Whether a dependency of `ecosystem` named `name` is this package
    /// (NuGet ids ignore case; PyPI names are compared normalised).
    pub fn is(&self, ecosystem: Ecosystem, name: &str) -> bool {
        if ecosystem != self.ecosystem {
            return false;
        }
        match ecosystem {
            Ecosystem::NuGet => name.eq_ignore_ascii_case(&self.name),
            Ecosystem::PyPi => normalise_pypi(name) == self.name,
            _ => name == self.name,
        }
    }
}

/// A PyPI name normalised as PEP 503 says: lower case, every run of `-`,
/// `_` and `.` one `-`.
pub fn normalise_pypi(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
            continue;
        }
        if sep && !out.is_empty() {
            out.push('-');
        }
        sep = false;
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// One "pinned by" map: the version of `from` decides the version of `to`.
#[derive(Debug)]
pub struct Pin {
    pub from: Package,
    /// How messages name `from` ("Spring Boot"); the package name otherwise.
    pub display: String,
    pub to: Library,
    /// The producer library this pin serves; `None` when `shared`.
    pub for_library: Option<Library>,
    pub rank: u32,
    pub shared: bool,
    /// "managed by", "bundled with", "brought in by".
    pub via: String,
    pub source: String,
    verified_through: Version,
    /// `(since, min, max)`, sorted by `since`.
    versions: Vec<(Version, Version, Version)>,
}

impl Pin {
    /// Whether this pin decides the version of `to` for producers of `lib`.
    pub fn applies_to(&self, lib: Library) -> bool {
        self.shared || self.for_library == Some(lib)
    }

    /// The target versions for `from` versions `min..=max` (an open end
    /// stays open); `None` when no version in the range is known.
    pub fn map(&self, min: Version, max: Version) -> Option<(Version, Version)> {
        let first = self.versions.first()?.0;
        if min > self.verified_through || max < first {
            return None;
        }
        // Entries in force somewhere in [min, max]: the one at `min`, and
        // every entry starting inside the range.
        let at_min = self.versions.iter().rev().find(|e| e.0 <= min);
        let inside = self.versions.iter().filter(|e| e.0 > min && e.0 <= max);
        let mut lo = Version::MAX;
        let mut hi = Version::new(0, 0, 0);
        for e in at_min.into_iter().chain(inside) {
            lo = lo.min(e.1);
            hi = hi.max(e.2);
        }
        if min < first {
            lo = Version::new(0, 0, 0);
        }
        if max > self.verified_through {
            hi = Version::MAX;
        }
        (lo <= hi).then_some((lo, hi))
    }
}

/// What versions.toml says about one library.
#[derive(Debug)]
pub struct LibraryVersions {
    pub library: Library,
    /// The library whose defaults apply (itself unless it defers).
    pub defaults: Library,
    pub packages: Vec<Package>,
    /// Packages whose version is the defaults table's version, written
    /// explicitly (librdkafka.redist beside Confluent.Kafka).
    pub defaults_packages: Vec<Package>,
}

#[derive(Deserialize)]
struct RawLibrary {
    id: String,
    #[serde(default)]
    defaults: Option<String>,
    packages: Vec<String>,
    #[serde(default)]
    defaults_package: Vec<String>,
}

#[derive(Deserialize)]
struct RawPin {
    from: String,
    #[serde(default)]
    display: Option<String>,
    to: String,
    #[serde(default, rename = "for")]
    for_library: Option<String>,
    rank: u32,
    #[serde(default)]
    shared: bool,
    via: String,
    verified_through: String,
    source: String,
    versions: Vec<Vec<String>>,
}

#[derive(Deserialize)]
struct RawFile {
    library: Vec<RawLibrary>,
    pin: Vec<RawPin>,
}

struct Table {
    libraries: Vec<LibraryVersions>,
    pins: Vec<Pin>,
    /// Per ecosystem: a case-insensitive search for the words of every
    /// package name, so a dependency file that names none is not parsed.
    words: Vec<(Ecosystem, AhoCorasick)>,
}

fn v(s: &str) -> Version {
    Version::parse(s).unwrap_or_else(|| panic!("bad version {s:?} in versions.toml"))
}

fn lib(id: &str) -> Library {
    Library::from_id(id).unwrap_or_else(|| panic!("unknown library {id:?} in versions.toml"))
}

const ECOSYSTEMS: [Ecosystem; 6] = [
    Ecosystem::Maven,
    Ecosystem::PyPi,
    Ecosystem::Go,
    Ecosystem::Npm,
    Ecosystem::NuGet,
    Ecosystem::Cargo,
];

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let raw: RawFile = serde_json::from_str(VERSIONS).expect("versions.toml must parse");
    let libraries: Vec<LibraryVersions> = raw
        .library
        .into_iter()
        .map(|l| {
            let library = lib(&l.id);
            LibraryVersions {
                library,
                defaults: l.defaults.as_deref().map(lib).unwrap_or(library),
                packages: l.packages.iter().map(|p| Package::parse(p)).collect(),
                defaults_packages: l
                    .defaults_package
                    .iter()
                    .map(|p| Package::parse(p))
                    .collect(),
            }
        })
        .collect();
    let pins: Vec<Pin> = raw
        .pin
        .into_iter()
        .map(|p| {
            let from = Package::parse(&p.from);
            let mut versions: Vec<_> = p
                .versions
                .iter()
                .map(|e| match e.as_slice() {
                    [since, to] => (v(since), v(to), v(to)),
                    [since, min, max] => (v(since), v(min), v(max)),
                    other => panic!("bad pin entry {other:?} in versions.toml"),
                })
                .collect();
            versions.sort_by_key(|e| e.0);
            Pin {
                display: p.display.unwrap_or_else(|| from.name.clone()),
                from,
                to: lib(&p.to),
                for_library: p.for_library.as_deref().map(lib),
                rank: p.rank,
                shared: p.shared,
                via: p.via,
                source: p.source,
                verified_through: v(&p.verified_through),
                versions,
            }
        })
        .collect();
    let words = ECOSYSTEMS
        .iter()
        .map(|&eco| {
            let mut w: Vec<String> = libraries
                .iter()
                .flat_map(|l| l.packages.iter().chain(&l.defaults_packages))
                .chain(pins.iter().map(|p| &p.from))
                .filter(|p| p.ecosystem == eco)
                .map(|p| distinctive_word(&p.name))
                .collect();
            w.sort();
            w.dedup();
            // A contiguous NFA: it runs on a few dependency files, where a
            // DFA's build would cost more than its faster search saves.
            let ac = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(&w)
                .expect("package words build");
            (eco, ac)
        })
        .collect();
    Table {
        libraries,
        pins,
        words,
    }
});

/// The longest run of letters and digits of a package name (`kafka` of
/// `confluent-kafka`, `sarama` of `github.com/IBM/sarama`): any spelling of
/// the name (PyPI's `confluent_kafka`) contains it.
fn distinctive_word(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !matches!(*w, "github" | "com" | "v2"))
        .max_by_key(|w| w.len())
        .unwrap_or(name)
        .to_ascii_lowercase()
}

/// What the table says about `library`.
pub fn library(library: Library) -> &'static LibraryVersions {
    TABLE
        .libraries
        .iter()
        .find(|l| l.library == library)
        .expect("every Library has an entry in versions.toml")
}

/// The library whose defaults apply to producers of `lib`.
pub fn defaults_of(lib: Library) -> Library {
    library(lib).defaults
}

/// Every pin whose target is `to`.
pub fn pins_to(to: Library) -> impl Iterator<Item = &'static Pin> {
    TABLE.pins.iter().filter(move |p| p.to == to)
}

/// Whether a dependency named `name` in `ecosystem` can matter to any
/// library's version: readers keep only these.
pub fn is_relevant(ecosystem: Ecosystem, name: &str) -> bool {
    TABLE
        .libraries
        .iter()
        .flat_map(|l| l.packages.iter().chain(&l.defaults_packages))
        .chain(TABLE.pins.iter().map(|p| &p.from))
        .any(|p| p.is(ecosystem, name))
}

/// Whether `text` may name a relevant package of `ecosystem` (a cheap,
/// case-insensitive word search; false means it certainly names none).
pub fn mentions_any(ecosystem: Ecosystem, text: &[u8]) -> bool {
    TABLE
        .words
        .iter()
        .find(|(e, _)| *e == ecosystem)
        .is_some_and(|(_, ac)| ac.is_match(text))
}

/// The artifact name a Maven coordinate stands for when it is one of the
/// table's packages: `akka-stream-kafka_2.13` → `akka-stream-kafka`.
pub fn maven_artifact(group: &str, artifact: &str) -> Option<&'static str> {
    let artifact = strip_scala_suffix(artifact.trim());
    let group = group.trim();
    TABLE
        .libraries
        .iter()
        .flat_map(|l| l.packages.iter().chain(&l.defaults_packages))
        .chain(TABLE.pins.iter().map(|p| &p.from))
        .find(|p| {
            p.ecosystem == Ecosystem::Maven
                && p.name == artifact
                && p.group.as_deref().is_none_or(|g| g == group)
        })
        .map(|p| p.name.as_str())
}

/// Scala artifacts carry the Scala version: `_2.13`, `_3`, `_2.12`.
pub fn strip_scala_suffix(artifact: &str) -> &str {
    match artifact.rsplit_once('_') {
        Some((base, suffix))
            if !base.is_empty()
                && suffix.starts_with(|c: char| c.is_ascii_digit())
                && suffix.chars().all(|c| c.is_ascii_digit() || c == '.') =>
        {
            base
        }
        _ => artifact,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pin(from: &str, to: Library) -> &'static Pin {
        pins_to(to)
            .find(|p| p.from.name == from)
            .unwrap_or_else(|| panic!("pin {from}"))
    }

    fn at(p: &Pin, s: &str) -> Option<String> {
        let ver = Version::parse(s).unwrap();
        p.map(ver, ver).map(|(lo, hi)| {
            assert_eq!(lo, hi, "{s} maps to one version");
            lo.to_string()
        })
    }

    #[test]
    fn every_library_has_an_entry_and_packages_parse() {
        for &l in Library::ALL {
            let entry = library(l);
            assert_eq!(entry.library, l);
            if l != Library::Librdkafka {
                assert!(!entry.packages.is_empty(), "{} has packages", l.id());
            }
        }
        assert_eq!(defaults_of(Library::SpringKafka), Library::KafkaClients);
        assert_eq!(
            defaults_of(Library::ConfluentKafkaDotnet),
            Library::Librdkafka
        );
        assert_eq!(defaults_of(Library::Sarama), Library::Sarama);
    }

    #[test]
    fn spring_boot_and_spring_kafka_pin_kafka_clients() {
        let boot = pin("spring-boot", Library::KafkaClients);
        assert_eq!(at(boot, "2.7.3").as_deref(), Some("3.1.1"));
        assert_eq!(at(boot, "1.5.9"), None, "below the first entry");
        assert_eq!(at(boot, "9.0.0"), None, "above what was verified");
        let sk = pin("spring-kafka", Library::KafkaClients);
        assert_eq!(at(sk, "3.0.12").as_deref(), Some("3.3.1"));
        assert_eq!(at(boot, "3.3.4").as_deref(), Some("3.7.0"));
    }

    #[test]
    fn bindings_map_to_the_librdkafka_they_bundle() {
        let py = pin("confluent-kafka", Library::Librdkafka);
        assert_eq!(at(py, "2.3.0").as_deref(), Some("2.3.0"));
        assert_eq!(
            at(py, "2.7.0").as_deref(),
            Some("2.6.1"),
            "not the same number"
        );
        assert_eq!(at(py, "2.9.0").as_deref(), Some("2.8.0"));
        let net = pin("Confluent.Kafka", Library::Librdkafka);
        assert_eq!(at(net, "1.9.3").as_deref(), Some("1.9.2"));
        let node = pin("node-rdkafka", Library::Librdkafka);
        assert_eq!(at(node, "2.14.3").as_deref(), Some("1.9.2"));
        assert_eq!(at(node, "2.4.0"), None, "no librdkafka field before 2.5.0");
        let sys = pin("rdkafka-sys", Library::Librdkafka);
        assert_eq!(at(sys, "4.7.0").as_deref(), Some("2.3.0"));
        // rdkafka without a lock: a caret requirement on the sys crate.
        let rd = pin("rdkafka", Library::Librdkafka);
        let v36 = Version::new(0, 36, 2);
        assert_eq!(
            rd.map(v36, v36),
            Some((Version::new(2, 3, 0), Version::new(2, 12, 1)))
        );
        assert!(py.applies_to(Library::ConfluentKafkaPython));
        assert!(!py.applies_to(Library::ConfluentKafkaGo));
    }

    #[test]
    fn ranges_map_to_ranges_and_open_ends_stay_open() {
        let py = pin("confluent-kafka", Library::Librdkafka);
        assert_eq!(
            py.map(Version::new(2, 0, 0), Version::new(2, 99, 99)),
            Some((Version::new(1, 9, 2), Version::MAX))
        );
        let fs2 = pin("fs2-kafka", Library::KafkaClients);
        // 1.11 and 2.0 were released side by side.
        assert_eq!(at(fs2, "1.11.0").as_deref(), Some("2.8.2"));
        assert_eq!(at(fs2, "2.0.0").as_deref(), Some("2.8.0"));
        assert_eq!(
            fs2.map(Version::new(1, 10, 0), Version::new(2, 0, 0)),
            Some((Version::new(2, 8, 0), Version::new(2, 8, 2)))
        );
    }

    #[test]
    fn names_and_relevance() {
        assert_eq!(normalise_pypi("Confluent_Kafka"), "confluent-kafka");
        assert_eq!(normalise_pypi("kafka..python"), "kafka-python");
        assert!(is_relevant(Ecosystem::PyPi, "confluent_kafka"));
        assert!(is_relevant(Ecosystem::NuGet, "confluent.kafka"));
        assert!(!is_relevant(Ecosystem::Npm, "kafka-node"));
        assert!(is_relevant(Ecosystem::Go, "github.com/Shopify/sarama"));
        assert_eq!(
            maven_artifact("com.typesafe.akka", "akka-stream-kafka_2.13"),
            Some("akka-stream-kafka")
        );
        assert_eq!(maven_artifact("org.example", "kafka-clients"), None);
        assert!(mentions_any(
            Ecosystem::Go,
            b"require github.com/IBM/Sarama v1"
        ));
        assert!(!mentions_any(
            Ecosystem::Npm,
            b"{\"dependencies\":{\"react\":\"18\"}}"
        ));
    }
}
