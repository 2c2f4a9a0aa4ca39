//! `sync-send`: a send blocks on its result for every record.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "sync-send",
    severity: Severity::Warning,
    summary: "A send blocks on its result for every record",
    explanation: "",
    scope: Scope::Scan,
};

pub const CHECK: Option<super::FileCheck> = None;
