//! `partition-skew`: records are spread unevenly over a topic's partitions.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "partition-skew",
    severity: Severity::Warning,
    summary: "Records are spread unevenly over a topic's partitions",
    explanation: "",
    scope: Scope::Audit,
};

pub const CHECK: Option<super::FileCheck> = None;
