//! `idempotence-missing`: retries can write duplicates because the effective idempotence is off.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "idempotence-missing",
    severity: Severity::Error,
    summary: "Retries can write duplicates because the effective idempotence is off",
    explanation: "",
    scope: Scope::Scan,
};

pub const CHECK: Option<super::FileCheck> = None;
