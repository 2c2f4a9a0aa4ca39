//! `key-low-cardinality`: the key has few distinct values, so a few partitions take all the load.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "key-low-cardinality",
    severity: Severity::Warning,
    summary: "The key has few distinct values, so a few partitions take all the load",
    explanation: "",
    scope: Scope::Both,
};

pub const CHECK: Option<super::FileCheck> = None;
