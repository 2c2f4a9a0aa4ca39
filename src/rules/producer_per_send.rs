//! `producer-per-send`: a producer is created and closed for each message or request.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "producer-per-send",
    severity: Severity::Warning,
    summary: "A producer is created and closed for each message or request",
    explanation: "",
    scope: Scope::Scan,
};

pub const CHECK: Option<super::FileCheck> = None;
