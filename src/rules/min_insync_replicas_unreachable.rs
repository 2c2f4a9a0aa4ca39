//! `min-insync-replicas-unreachable`: min.insync.replicas is not below the replication factor, so losing one broker blocks acks=all writes.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "min-insync-replicas-unreachable",
    severity: Severity::Error,
    summary: "Min.insync.replicas is not below the replication factor, so losing one broker blocks acks=all writes",
    explanation: "",
    scope: Scope::Audit,
};

pub const CHECK: Option<super::FileCheck> = None;
