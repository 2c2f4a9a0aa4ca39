//! `compression-missing`: a bulk producer sends uncompressed batches.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "compression-missing",
    severity: Severity::Info,
    summary: "A bulk producer sends uncompressed batches",
    explanation: "",
    scope: Scope::Scan,
};

pub const CHECK: Option<super::FileCheck> = None;
