//! `under-replicated`: partitions are under-replicated or offline right now.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "under-replicated",
    severity: Severity::Error,
    summary: "Partitions are under-replicated or offline right now",
    explanation: "",
    scope: Scope::Audit,
};

pub const CHECK: Option<super::FileCheck> = None;
