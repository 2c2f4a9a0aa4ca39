//! `invalid-suppression`: a `kafkalint:ignore` comment names a rule that
//! does not exist. Reported by [`crate::suppress`]; there is no file check.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "invalid-suppression",
    severity: Severity::Warning,
    summary: "A kafkalint:ignore comment names a rule that does not exist",
    explanation: r#"
## What goes wrong

A misspelt rule id in a suppression silences nothing, so the finding it was
written for is still reported (or, when the comment also names a valid id,
the author believes a rule is silenced that is not). Words of a reason
written without the ` -- ` separator are read as rule ids too.

## When it bites

With typos (`acks-unsafee`), ids of other linters (`noqa`, `NOSONAR`), or a
reason that follows the ids directly: `kafkalint:ignore acks-unsafe metrics
only` names the rules `metrics` and `only`.

## Fix

Name rules exactly as `kafkalint rules` lists them, separated by spaces or
commas, and start the reason with ` -- `:

```properties
# kafkalint:ignore acks-unsafe -- metrics only, loss is acceptable
acks=1
```

## When to ignore

Never: fix the comment. The finding names the closest existing rule id
when there is one.
"#,
    scope: Scope::Scan,
};

pub const CHECK: super::Check = super::Check::None;
