//! `min-insync-replicas-low`: min.insync.replicas below 2 or replication factor below 3.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "min-insync-replicas-low",
    severity: Severity::Error,
    summary: "Min.insync.replicas below 2 or replication factor below 3",
    explanation: "",
    scope: Scope::Both,
};

pub const CHECK: Option<super::FileCheck> = None;
