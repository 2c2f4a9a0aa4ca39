//! kafkalint: finds Kafka producer anti-patterns in source code,
//! configuration files and live clusters.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! scan:  walk ──► prefilter ──► frontend (per file kind) ──► model::FileFacts
//!        ──► project (versions from build files) ──► effective (defaults ⊕ settings ⊕ conflicts)
//!        ──► rules ──► suppress ──► fingerprint ──► config rule choices
//!        ──► changed-since, baseline ──► fix | report (text | json | sarif | github
//!        | gitlab | junit | checkstyle)
//! audit: cluster metadata + bounded sample ──► audit checks (same rule ids) ──► report
//! ```

pub mod baseline;
pub mod cache;
pub mod changed;
pub mod cli;
pub mod config;
pub mod effective;
pub mod finding;
pub mod fingerprint;
pub mod fix;
pub mod frontend;
pub mod knowledge;
pub mod model;
pub mod prefilter;
pub mod progress;
pub mod project;
pub mod report;
pub mod rules;
pub mod scan;
pub mod source;
pub mod suppress;
pub mod testcode;

#[cfg(feature = "audit")]
pub mod audit;

/// A seeded xorshift generator for the randomised tests: the same texts
/// on every run.
#[cfg(test)]
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}
