//! `unused-suppression`: a `kafkalint:ignore` comment that silences nothing.
//! Reported by [`crate::suppress`]; there is no file check.

use super::{RuleMeta, Scope};
use crate::finding::Severity;

pub const META: RuleMeta = RuleMeta {
    id: "unused-suppression",
    severity: Severity::Warning,
    summary: "A kafkalint:ignore comment that silences no finding",
    explanation: r#"
## What goes wrong

A suppression comment is a promise that a finding on that line was looked
at and accepted. When the code under it changes (the setting was fixed, the
producer moved, a client upgrade changed the default) the comment stays
behind. A stale suppression hides nothing today, but it will silently hide
the next real problem that lands on that line, and readers take it as a
statement about the code that is no longer true.

## When it bites

After a refactoring moves the offending line away from its comment, after
the finding was fixed, or when the comment names a rule that never fires on
that line (a typo in the line it was meant for, a rule that only the live
cluster audit checks).

## Fix

Remove the comment, or the rule id that no longer applies:

```java
props.put(ProducerConfig.ACKS_CONFIG, "all"); // kafkalint:ignore acks-unsafe   <- remove
```

A comment alone on its line applies to the next line that is neither blank
nor a comment; move it back above the line it is meant for if the code in
between moved.

## When to ignore

When the same file is scanned with different `--select` sets and the
suppression is meant for a run that selects more rules. Turn the rule off in
`kafkalint.toml` (`[rules] ignore = ["unused-suppression"]`) rather than
suppressing it inline.
"#,
    scope: Scope::Scan,
};

pub const CHECK: super::Check = super::Check::None;
