//! `key-timestamp`: the key is a clock reading: related records scatter and ordering is lost.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "key-timestamp",
    severity: Severity::Warning,
    summary: "The key is a clock reading: related records scatter and ordering is lost",
    explanation: "",
    scope: Scope::Both,
};

pub const CHECK: Option<super::FileCheck> = None;
