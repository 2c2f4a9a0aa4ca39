//! `acks-unsafe`: acks is 0 or 1, so acknowledged records can be lost.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "acks-unsafe",
    severity: Severity::Error,
    summary: "Acks is 0 or 1, so acknowledged records can be lost",
    explanation: "",
    scope: Scope::Scan,
};

pub const CHECK: Option<super::FileCheck> = None;
