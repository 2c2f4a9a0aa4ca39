//! `batching-disabled`: linger.ms=0 or a tiny batch.size sends one small request per record.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "batching-disabled",
    severity: Severity::Warning,
    summary: "Linger.ms=0 or a tiny batch.size sends one small request per record",
    explanation: "",
    scope: Scope::Scan,
};

pub const CHECK: Option<super::FileCheck> = None;
