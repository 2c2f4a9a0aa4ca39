//! `key-random`: the key is random per send: it orders nothing and defeats compaction.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "key-random",
    severity: Severity::Warning,
    summary: "The key is random per send: it orders nothing and defeats compaction",
    explanation: "",
    scope: Scope::Both,
};

pub const CHECK: Option<super::FileCheck> = None;
