//! Spring Boot profiles. `application-prod.yml` beside `application.yml`
//! is read on top of it when the profile `prod` is active. A profile file
//! alone is an incomplete configuration (its front-end already keeps rules
//! about missing settings silent there); here the two are linked:
//!
//! * a profile file's facts say which profile they belong to, so its
//!   findings say "in profile `prod`";
//! * a base file's producers learn what each profile sets on top of them,
//!   so a finding on the base file can say which profile overrides the
//!   setting it is about (and to what);
//! * a profile file's producer is checked as Spring runs it: the base
//!   file's settings, then the profile's. The inherited ones carry no
//!   place in the profile file (line 0): what they cause alone is the base
//!   file's finding, which the scan keeps there only.
//!
//! Nothing is merged when the base file's configuration is not complete
//! or either file holds more than one producer.

use crate::model::{FileFacts, Library, Overlay};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The Spring configuration file a name denotes: `(base name, profile)`,
/// `("application", None)` for the base file, `("application",
/// Some("prod"))` for a profile file.
fn spring_file(path: &Path) -> Option<(&str, Option<&str>)> {
    let name = path.file_name()?.to_str()?;
    let (stem, ext) = name.rsplit_once('.')?;
    if !matches!(ext, "yml" | "yaml" | "properties") {
        return None;
    }
    for base in ["application", "bootstrap"] {
        if stem == base {
            return Some((base, None));
        }
        if let Some(profile) = stem.strip_prefix(base).and_then(|r| r.strip_prefix('-')) {
            if !profile.is_empty() {
                return Some((base, Some(profile)));
            }
        }
    }
    None
}

fn is_spring_config(f: &FileFacts) -> bool {
    f.producers
        .iter()
        .any(|p| p.from_config_file && p.library == Library::SpringKafka)
}

/// Links profile files to the base file in the same directory.
pub fn link(files: &mut [(&Path, &mut FileFacts)], cwd: &Path) {
    // (directory, base name) → base file index; profile files per key.
    let mut bases: HashMap<(PathBuf, String), usize> = HashMap::new();
    let mut profiles: Vec<(usize, PathBuf, String, String)> = Vec::new();
    for (i, (path, facts)) in files.iter().enumerate() {
        if !is_spring_config(facts) {
            continue;
        }
        let Some((base, profile)) = spring_file(path) else {
            continue;
        };
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        match profile {
            None => {
                bases.insert((dir, base.to_string()), i);
            }
            Some(p) => profiles.push((i, dir, base.to_string(), p.to_string())),
        }
    }
    for (i, dir, base, profile) in profiles {
        files[i].1.profile = Some(profile.clone());
        let Some(&b) = bases.get(&(dir, base)) else {
            continue;
        };
        let display = crate::scan::display_path(files[i].0, cwd);
        let settings: Vec<(String, String, u32)> = files[i]
            .1
            .producers
            .iter()
            .filter(|p| p.from_config_file && p.library == Library::SpringKafka)
            .flat_map(|p| p.config.settings.iter())
            .filter_map(|s| Some((s.key.clone(), s.value.as_text()?, s.span.start_line)))
            .collect();
        if settings.is_empty() {
            continue;
        }
        let base_display = crate::scan::display_path(files[b].0, cwd);
        files[i].1.profile_base = Some(base_display.clone());
        inherit(files, b, i, &base_display);
        let base_facts = &mut files[b].1;
        for (pi, p) in base_facts.producers.iter().enumerate() {
            if !(p.from_config_file && p.library == Library::SpringKafka) {
                continue;
            }
            base_facts.overlays.push(Overlay {
                producer: pi,
                profile: profile.clone(),
                file: display.clone(),
                settings: settings.clone(),
            });
        }
    }
    for (_, f) in files.iter_mut() {
        f.overlays
            .sort_by(|a, b| (a.producer, &a.profile).cmp(&(b.producer, &b.profile)));
    }
}

/// The base file's settings under the profile file's producer `i`.
fn inherit(files: &mut [(&Path, &mut FileFacts)], b: usize, i: usize, base_display: &str) {
    let spring =
        |p: &&crate::model::Producer| p.from_config_file && p.library == Library::SpringKafka;
    let bases: Vec<&crate::model::Producer> = files[b].1.producers.iter().filter(spring).collect();
    let [base] = bases[..] else { return };
    if !base.config.complete || !base.config.external.is_empty() {
        return;
    }
    let mut inherited = base.config.settings.clone();
    let name = Path::new(base_display)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(base_display)
        .to_string();
    for s in &mut inherited {
        s.provenance = crate::model::Provenance::Elsewhere {
            via: name.clone(),
            file: base_display.to_string(),
            line: s.span.start_line,
        };
        s.span = crate::finding::Span::default();
        s.value_span = crate::finding::Span::default();
    }
    let profiles: Vec<usize> = files[i]
        .1
        .producers
        .iter()
        .enumerate()
        .filter(|(_, p)| spring(p))
        .map(|(k, _)| k)
        .collect();
    let [k] = profiles[..] else { return };
    let p = &mut files[i].1.producers[k];
    // A profile's own blind spots (a placeholder it cannot read) stay.
    if !p.config.unknowns.is_empty() || !p.config.external.is_empty() {
        return;
    }
    let own = std::mem::take(&mut p.config.settings);
    inherited.extend(own);
    p.config.settings = inherited;
    p.config.complete = true;
}

#[cfg(test)]
mod tests {
    use super::spring_file;
    use std::path::Path;

    #[test]
    fn spring_file_names() {
        fn f(p: &str) -> Option<(&str, Option<&str>)> {
            spring_file(Path::new(p))
        }
        assert_eq!(
            f("src/main/resources/application.yml"),
            Some(("application", None))
        );
        assert_eq!(
            f("application-prod.properties"),
            Some(("application", Some("prod")))
        );
        assert_eq!(f("bootstrap-k8s.yaml"), Some(("bootstrap", Some("k8s"))));
        assert_eq!(f("application-.yml"), None);
        assert_eq!(f("applications.yml"), None);
        assert_eq!(f("application.json"), None);
    }
}
