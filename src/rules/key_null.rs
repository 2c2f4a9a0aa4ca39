//! `key-null`: entity records sent without a key lose per-entity ordering.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "key-null",
    severity: Severity::Warning,
    summary: "Entity records sent without a key lose per-entity ordering",
    explanation: "",
    scope: Scope::Both,
};

pub const CHECK: Option<super::FileCheck> = None;
