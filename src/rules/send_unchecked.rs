//! `send-unchecked`: the outcome of a send is never observed, so failures go unnoticed.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "send-unchecked",
    severity: Severity::Warning,
    summary: "The outcome of a send is never observed, so failures go unnoticed",
    explanation: "",
    scope: Scope::Scan,
};

pub const CHECK: Option<super::FileCheck> = None;
