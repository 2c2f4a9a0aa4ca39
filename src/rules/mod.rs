//! The rule registry. Every rule is one file in this folder holding its id,
//! severity, documentation and check; `declare_rules!` below is the single
//! list of them all, in the order `kafkalint rules` prints them.

use crate::effective::Effective;
use crate::finding::{Finding, Severity};
use crate::model::FileFacts;

/// A rule's identity and documentation.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Stable id, e.g. `acks-unsafe`. Users and suppressions rely on it.
    pub id: &'static str,
    pub severity: Severity,
    /// One line for `kafkalint rules` and SARIF's shortDescription.
    pub summary: &'static str,
    /// Markdown: what goes wrong, when it bites, the fix per library, when
    /// the finding can be ignored. Printed by `kafkalint explain`.
    pub explanation: &'static str,
    /// Where the rule looks: source/config files, a live cluster, or both.
    pub scope: Scope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Scan,
    Audit,
    Both,
}

/// What a file check sees: one file's facts, the effective configuration of
/// each of its producers (same order as `facts.producers`), and its path.
pub struct FileContext<'a> {
    pub path: &'a str,
    pub facts: &'a FileFacts,
    pub effective: &'a [Effective],
}

pub type FileCheck = fn(&FileContext<'_>, &mut Vec<Finding>);

/// One file as a project check sees it.
pub struct ProjectFile<'a> {
    pub path: &'a str,
    pub facts: &'a FileFacts,
    pub effective: &'a [Effective],
}

/// What a project check sees: every file that builds a producer, with its
/// facts and effective configurations. Its findings name their own paths.
pub struct ProjectContext<'a> {
    pub files: &'a [ProjectFile<'a>],
}

pub type ProjectCheck = fn(&ProjectContext<'_>, &mut Vec<Finding>);

/// How a rule is checked: on each file, across the files of a scan, or not
/// at all by `scan` (audit-only rules, and the suppression rules that
/// `crate::suppress` reports).
#[derive(Clone, Copy)]
pub enum Check {
    File(FileCheck),
    Project(ProjectCheck),
    None,
}

/// A registered rule. Audit-only rules have no scan check: the audit module
/// evaluates them against the cluster model and uses `meta` for their text.
pub struct Rule {
    pub meta: RuleMeta,
    pub check: Check,
}

macro_rules! declare_rules {
    ($($module:ident),* $(,)?) => {
        $(pub mod $module;)*
        /// Every rule, in display order.
        pub static RULES: &[Rule] = &[
            $(Rule { meta: $module::META, check: $module::CHECK },)*
        ];
    };
}

pub mod support;

declare_rules!(
    acks_unsafe,
    idempotence_missing,
    retries_reorder,
    batching_disabled,
    compression_missing,
    key_null,
    key_low_cardinality,
    key_timestamp,
    key_random,
    partitioner_unstable,
    partitioner_mismatch,
    sync_send,
    send_unchecked,
    producer_per_send,
    min_insync_replicas_low,
    unclean_leader_election,
    min_insync_replicas_unreachable,
    under_replicated,
    partition_skew,
    // Reported by `crate::suppress` about the suppression comments
    // themselves; no file check.
    unused_suppression,
    invalid_suppression,
);

/// The metadata of a rule by id.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().map(|r| &r.meta).find(|m| m.id == id)
}

/// Builds a finding for rule `meta` with the rule's default severity.
pub fn finding(meta: &RuleMeta, path: &str, span: crate::finding::Span) -> Finding {
    Finding {
        rule: meta.id,
        severity: meta.severity,
        path: path.to_string(),
        span,
        message: String::new(),
        help: String::new(),
        fix: None,
        library: None,
        confidence: crate::finding::Confidence::High,
        topic: None,
        partition: None,
        related: Vec::new(),
        fingerprint: String::new(),
        on_defaults: false,
        deployment: false,
    }
}
