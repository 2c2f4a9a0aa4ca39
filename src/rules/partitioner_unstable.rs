//! `partitioner-unstable`: a custom partitioner can return an invalid or unstable partition.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "partitioner-unstable",
    severity: Severity::Error,
    summary: "A custom partitioner can return an invalid or unstable partition",
    explanation: "",
    scope: Scope::Scan,
};

pub const CHECK: Option<super::FileCheck> = None;
