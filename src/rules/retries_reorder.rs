//! `retries-reorder`: retries with several requests in flight and no idempotence can reorder records.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "retries-reorder",
    severity: Severity::Warning,
    summary: "Retries with several requests in flight and no idempotence can reorder records",
    explanation: "",
    scope: Scope::Scan,
};

pub const CHECK: Option<super::FileCheck> = None;
