//! `unclean-leader-election`: unclean leader election can elect an out-of-date replica and drop records.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "unclean-leader-election",
    severity: Severity::Error,
    summary: "Unclean leader election can elect an out-of-date replica and drop records",
    explanation: "",
    scope: Scope::Both,
};

pub const CHECK: Option<super::FileCheck> = None;
