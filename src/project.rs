//! Project resolution: facts that span files. Today that is the client
//! version: each producer takes the kafka-clients version from the nearest
//! build file above it (directly, or mapped from spring-kafka / Spring Boot).

use crate::knowledge;
use crate::model::{BuildVersion, FileFacts, Library, Version, VersionSource};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Build-file versions by the directory that holds the build file.
#[derive(Debug, Default)]
pub struct BuildIndex {
    by_dir: HashMap<PathBuf, Vec<(PathBuf, BuildVersion)>>,
}

impl BuildIndex {
    pub fn add(&mut self, build_file: &Path, versions: &[BuildVersion]) {
        let dir = build_file.parent().unwrap_or(Path::new("")).to_path_buf();
        let entry = self.by_dir.entry(dir).or_default();
        for v in versions {
            entry.push((build_file.to_path_buf(), v.clone()));
        }
    }

    /// The kafka-clients version for a file, from the nearest build file
    /// above it that names kafka-clients, Spring Boot or spring-kafka, in that
    /// order: Boot's dependency management pins kafka-clients even when
    /// spring-kafka is given a version of its own.
    pub fn kafka_clients_for(&self, file: &Path) -> Option<(Version, VersionSource)> {
        let spring = knowledge::table(Library::SpringKafka);
        let mut dir = file.parent();
        while let Some(d) = dir {
            if let Some(entries) = self.by_dir.get(d) {
                let find = |artifact: &str| {
                    entries
                        .iter()
                        .find_map(|(p, v)| (v.name == artifact).then_some((p, v, v.exact()?)))
                };
                if let Some((path, bv, v)) = find("kafka-clients") {
                    return Some((v, source(path, bv, "")));
                }
                if let Some((path, bv, v)) = find("spring-boot") {
                    if let Some(kc) = spring.kafka_clients_for_boot(v) {
                        let via = format!("managed by Spring Boot {v}");
                        return Some((kc, source(path, bv, &via)));
                    }
                }
                if let Some((path, bv, v)) = find("spring-kafka") {
                    if let Some(kc) = spring.kafka_clients_for_spring_kafka(v) {
                        let via = format!("managed by spring-kafka {v}");
                        return Some((kc, source(path, bv, &via)));
                    }
                }
            }
            dir = d.parent();
        }
        None
    }

    /// Fills in the version of every producer in `facts` found at `file`.
    pub fn resolve(&self, file: &Path, facts: &mut FileFacts) {
        if facts.producers.is_empty() {
            return;
        }
        let found = self.kafka_clients_for(file);
        for p in &mut facts.producers {
            if p.version.is_none() {
                p.version = found
                    .clone()
                    .map(|(v, src)| crate::model::ResolvedVersion::exact(v, src));
            }
        }
    }
}

fn source(path: &Path, bv: &BuildVersion, via: &str) -> VersionSource {
    VersionSource::BuildFile {
        path: path.to_path_buf(),
        line: bv.line,
        via: via.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bv(artifact: &str, v: &str) -> BuildVersion {
        BuildVersion::maven(artifact, Version::parse(v).unwrap(), 1)
    }

    #[test]
    fn nearest_build_file_wins_and_boot_pins_kafka_clients() {
        let mut idx = BuildIndex::default();
        idx.add(Path::new("repo/pom.xml"), &[bv("kafka-clients", "2.8.1")]);
        idx.add(
            Path::new("repo/svc/pom.xml"),
            &[bv("spring-kafka", "3.1.0"), bv("spring-boot", "2.7.3")],
        );
        let (v, _) = idx
            .kafka_clients_for(Path::new("repo/svc/src/main/java/A.java"))
            .unwrap();
        assert_eq!(
            v,
            Version::new(3, 1, 1),
            "Boot 2.7 manages kafka-clients 3.1.1"
        );
        let (v, _) = idx.kafka_clients_for(Path::new("repo/lib/B.java")).unwrap();
        assert_eq!(v, Version::new(2, 8, 1));
        assert!(idx.kafka_clients_for(Path::new("other/C.java")).is_none());
    }
}
