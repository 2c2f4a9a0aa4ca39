//! Inline suppressions, in the comment syntax of any language or format:
//!
//! ```text
//! props.put("acks", "1"); // kafkalint:ignore acks-unsafe -- metrics, loss is fine
//! # kafkalint:ignore min-insync-replicas-low, unclean-leader-election -- dev stack
//! <!-- kafkalint:ignore-file send-unchecked -- generated client -->
//! ```
//!
//! * `kafkalint:ignore RULE…` at the end of a line silences those rules'
//!   findings that start on that line; alone on a line (only the comment
//!   opener before it) it silences the next line that is neither blank nor
//!   a comment, so several can be stacked above one line.
//! * `kafkalint:ignore-file RULE…` anywhere in a file silences those rules
//!   in the whole file.
//! * Without rule ids every rule is silenced. Rule ids are separated by
//!   spaces or commas; ` -- ` starts a free-form reason.
//! * The marker counts only right after a comment opener: `//`, `#`, `/*`,
//!   `<!--`, `--`, `;`, `!`, `*` (inside a block comment) or JSX's `{/*`.
//!
//! A suppression that silences nothing is reported as `unused-suppression`
//! and a rule id that does not exist as `invalid-suppression` (both
//! warnings), so stale ones do not pile up.

use crate::finding::{Finding, Span};
use crate::rules;

const MARKER: &str = "kafkalint:ignore";
const FILE_SUFFIX: &str = "-file";

/// Comment openers, longest first so `///` is preferred to `//`.
const OPENERS: &[&str] = &[
    "{/*", "<!--", "///", "//!", "/**", "//", "/*", "--", ";;", "#", ";", "!", "*",
];

/// Line starts that make a line a comment, for finding the line a
/// stand-alone suppression applies to. Narrower than [`OPENERS`]: `*alias`
/// and `---` are YAML, `!tag` too.
const COMMENT_LINE_STARTS: &[&str] = &["//", "#", "/*", "* ", "*/", "<!--", "-->", "{/*", "-- "];

/// Whether the file can hold a suppression at all (a cheap test first).
pub fn may_hold(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), MARKER.as_bytes()).is_some()
}

#[derive(Debug, Clone)]
struct RuleRef {
    id: String,
    span: Span,
    used: bool,
}

#[derive(Debug, Clone)]
struct Suppression {
    /// The line findings must start on; `None` for the whole file.
    target: Option<u32>,
    /// Named rules; empty = every rule.
    rules: Vec<RuleRef>,
    /// The marker itself, for reporting a blanket suppression.
    span: Span,
    /// A blanket suppression that silenced something.
    used: bool,
}

impl Suppression {
    /// Whether it silences `rule` on `line`, marking what was used.
    fn covers(&mut self, rule: &str, line: u32) -> bool {
        if self.target.is_some_and(|t| t != line) {
            return false;
        }
        if self.rules.is_empty() {
            self.used = true;
            return true;
        }
        let mut hit = false;
        for r in self.rules.iter_mut().filter(|r| r.id == rule) {
            r.used = true;
            hit = true;
        }
        hit
    }
}

/// The suppressions of one file.
#[derive(Debug, Default)]
pub struct Suppressions {
    items: Vec<Suppression>,
}

impl Suppressions {
    pub fn parse(text: &str) -> Suppressions {
        let mut s = Suppressions::default();
        if !may_hold(text) {
            return s;
        }
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(at) = line.find(MARKER) else {
                continue;
            };
            let Some(standalone) = comment_position(&line[..at]) else {
                continue;
            };
            let mut rest_at = at + MARKER.len();
            let file_wide = line[rest_at..].starts_with(FILE_SUFFIX);
            if file_wide {
                rest_at += FILE_SUFFIX.len();
            }
            let rest = &line[rest_at..];
            // `kafkalint:ignored` or `kafkalint:ignore=…` is something else.
            if !(rest.is_empty()
                || rest.starts_with(char::is_whitespace)
                || rest.starts_with(',')
                || rest.starts_with("*/")
                || rest.starts_with("-->"))
            {
                continue;
            }
            let line_no = i as u32 + 1;
            let target = if file_wide {
                None
            } else if standalone {
                next_code_line(&lines, i)
            } else {
                Some(line_no)
            };
            let rules = rule_refs(line, rest_at, line_no);
            let col = char_col(line, at);
            let marker_len = (MARKER.len() + if file_wide { FILE_SUFFIX.len() } else { 0 }) as u32;
            s.items.push(Suppression {
                target,
                rules,
                span: Span::line(line_no, col, marker_len),
                used: false,
            });
        }
        s
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Removes the findings a suppression covers and returns how many.
    pub fn apply(&mut self, findings: &mut Vec<Finding>) -> u64 {
        if self.items.is_empty() {
            return 0;
        }
        let before = findings.len();
        findings.retain(|f| {
            let mut hit = false;
            for s in &mut self.items {
                // Every matching suppression counts as used.
                hit |= s.covers(f.rule, f.span.start_line);
            }
            !hit
        });
        (before - findings.len()) as u64
    }

    /// Findings about the suppressions themselves: rule ids that do not
    /// exist, and suppressions that silenced nothing. Call after
    /// [`Suppressions::apply`] has seen every finding of the file.
    pub fn problems(&self, path: &str) -> Vec<Finding> {
        let unused = &rules::unused_suppression::META;
        let invalid = &rules::invalid_suppression::META;
        let mut out = Vec::new();
        for s in &self.items {
            let place = match s.target {
                Some(line) => format!("line {line}"),
                None => "this file".to_string(),
            };
            if s.rules.is_empty() {
                if !s.used {
                    let mut f = rules::finding(unused, path, s.span);
                    f.message = format!(
                        "this suppression silences nothing: there is no finding on {place}"
                    );
                    f.help = "remove the comment".into();
                    out.push(f);
                }
                continue;
            }
            for r in &s.rules {
                match rules::meta(&r.id) {
                    None => {
                        let mut f = rules::finding(invalid, path, r.span);
                        let ids = rules::RULES.iter().map(|r| r.meta.id);
                        f.message = match crate::config::did_you_mean(&r.id, ids) {
                            Some(close) => format!(
                                "`{}` is not a kafkalint rule (did you mean `{close}`?)",
                                r.id
                            ),
                            None => format!("`{}` is not a kafkalint rule", r.id),
                        };
                        f.help = "name rules as `kafkalint rules` lists them, and put a reason after ` -- `".into();
                        out.push(f);
                    }
                    Some(meta) if !r.used => {
                        let mut f = rules::finding(unused, path, r.span);
                        f.message = if meta.scope == rules::Scope::Audit {
                            format!(
                                "`{}` is only checked by `kafkalint audit`, never in files: this suppression silences nothing",
                                r.id
                            )
                        } else {
                            format!(
                                "this suppression of `{}` silences nothing: there is no {} finding on {place}",
                                r.id, r.id
                            )
                        };
                        f.help = format!("remove `{}` from the comment", r.id);
                        out.push(f);
                    }
                    Some(_) => {}
                }
            }
        }
        out
    }
}

/// For the text before a marker: `Some(standalone)` when the marker opens
/// a comment (an opener, then only spaces), `standalone` when nothing but
/// indentation comes before the opener.
fn comment_position(before: &str) -> Option<bool> {
    let trimmed = before.trim_end();
    let opener = OPENERS.iter().find(|o| trimmed.ends_with(*o))?;
    let code = &trimmed[..trimmed.len() - opener.len()];
    // `x--` and `a;` glued to code are not comment openers.
    if matches!(*opener, "--" | ";" | "!" | "*")
        && code.chars().next_back().is_some_and(|c| !c.is_whitespace())
    {
        return None;
    }
    Some(code.trim().is_empty())
}

/// The first line after `i` that is neither blank nor a comment (1-based).
fn next_code_line(lines: &[&str], i: usize) -> Option<u32> {
    (i + 1..lines.len())
        .find(|&j| {
            let t = lines[j].trim_start();
            !(t.is_empty() || t == "*" || COMMENT_LINE_STARTS.iter().any(|c| t.starts_with(c)))
        })
        .map(|j| j as u32 + 1)
}

/// The rule ids after the marker, up to ` -- ` or the comment's end.
fn rule_refs(line: &str, from: usize, line_no: u32) -> Vec<RuleRef> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut i = from;
    while i < line.len() {
        if bytes[i].is_ascii_whitespace() || bytes[i] == b',' {
            i += 1;
            continue;
        }
        let start = i;
        while i < line.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b',' {
            i += 1;
        }
        let token = &line[start..i];
        if token == "--" || token.starts_with("*/") || token.starts_with("-->") {
            break;
        }
        // A closer glued to the last id: `acks-unsafe*/`, `x-->`, `x*/}`.
        let (id, closed) = match token.find("*/").or_else(|| token.find("-->")) {
            Some(k) => (&token[..k], true),
            None => (token, false),
        };
        if !id.is_empty() {
            out.push(RuleRef {
                id: id.to_string(),
                span: Span::line(line_no, char_col(line, start), id.chars().count() as u32),
                used: false,
            });
        }
        if closed {
            break;
        }
    }
    out
}

/// 1-based character column of byte offset `at` in `line`.
fn char_col(line: &str, at: usize) -> u32 {
    line[..at].chars().count() as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &'static str, line: u32) -> Finding {
        let meta = rules::meta(rule).expect("a rule");
        rules::finding(meta, "f", Span::line(line, 1, 1))
    }

    /// Findings as `(rule, line)`, problems as `(rule, line, column)`.
    type Outcome = (Vec<(&'static str, u32)>, Vec<(String, u32, u32)>);

    /// Which of `(rule, line)` survive the suppressions of `text`, and the
    /// problems reported about the suppressions as `(rule, line, col)`.
    fn run(text: &str, found: &[(&'static str, u32)]) -> Outcome {
        let mut s = Suppressions::parse(text);
        let mut fs: Vec<Finding> = found.iter().map(|&(r, l)| finding(r, l)).collect();
        s.apply(&mut fs);
        let kept = fs.iter().map(|f| (f.rule, f.span.start_line)).collect();
        let problems = s
            .problems("f")
            .iter()
            .map(|f| (f.rule.to_string(), f.span.start_line, f.span.start_col))
            .collect();
        (kept, problems)
    }

    #[test]
    fn every_comment_syntax_end_of_line_and_above() {
        let cases: &[(&str, u32)] = &[
            ("x(); // kafkalint:ignore acks-unsafe -- why\n", 1),
            ("x(); /* kafkalint:ignore acks-unsafe */\n", 1),
            ("x(); /*kafkalint:ignore acks-unsafe*/\n", 1),
            ("acks: 1 # kafkalint:ignore acks-unsafe\n", 1),
            ("<acks>1</acks> <!-- kafkalint:ignore acks-unsafe -->\n", 1),
            ("select 1; -- kafkalint:ignore acks-unsafe\n", 1),
            ("acks = 1 ; kafkalint:ignore acks-unsafe\n", 1),
            ("<P acks={1} /> {/* kafkalint:ignore acks-unsafe */}\n", 1),
            ("// kafkalint:ignore acks-unsafe\nx();\n", 2),
            ("# kafkalint:ignore acks-unsafe -- dev only\nacks=1\n", 2),
            ("! kafkalint:ignore acks-unsafe\nacks=1\n", 2),
            ("<!-- kafkalint:ignore acks-unsafe -->\n<acks>1</acks>\n", 2),
            ("{/* kafkalint:ignore acks-unsafe */}\n<P acks={1} />\n", 2),
            ("-- kafkalint:ignore acks-unsafe\nselect 1;\n", 2),
            ("; kafkalint:ignore acks-unsafe\nacks = 1\n", 2),
            ("/*\n * kafkalint:ignore acks-unsafe\n */\nx();\n", 4),
            // Stacked above one line, with a blank line and a comment between.
            (
                "# kafkalint:ignore acks-unsafe\n\n# acks must stay 1 here\nacks=1\n",
                4,
            ),
        ];
        for (text, line) in cases {
            let (kept, problems) = run(text, &[("acks-unsafe", *line)]);
            assert!(kept.is_empty(), "not suppressed in {text:?}");
            assert!(problems.is_empty(), "{text:?}: {problems:?}");
        }
    }

    #[test]
    fn only_named_rules_and_only_that_line() {
        let text = "a\nx(); // kafkalint:ignore acks-unsafe, key-null -- reason\n# kafkalint:ignore\nmin.insync.replicas=1\n";
        let (kept, problems) = run(
            text,
            &[
                ("acks-unsafe", 2),
                ("key-null", 2),
                ("idempotence-missing", 2),
                ("acks-unsafe", 1),
                ("min-insync-replicas-low", 4),
            ],
        );
        assert_eq!(kept, [("idempotence-missing", 2), ("acks-unsafe", 1)]);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn file_wide_suppressions() {
        let text = "x();\n// kafkalint:ignore-file send-unchecked -- generated\ny();\n";
        let (kept, problems) = run(
            text,
            &[
                ("send-unchecked", 1),
                ("send-unchecked", 3),
                ("key-null", 3),
            ],
        );
        assert_eq!(kept, [("key-null", 3)]);
        assert!(problems.is_empty());
        let (kept, _) = run("<!-- kafkalint:ignore-file -->\n", &[("acks-unsafe", 7)]);
        assert!(kept.is_empty());
    }

    #[test]
    fn unused_and_unknown_ids_are_reported_where_they_are_written() {
        let text = "x(); // kafkalint:ignore acks-unsafe key-nul -- typo\n// kafkalint:ignore\ny();\n# kafkalint:ignore-file partition-skew\n";
        let (_, problems) = run(text, &[("acks-unsafe", 1)]);
        assert_eq!(
            problems,
            [
                ("invalid-suppression".to_string(), 1, 38),
                ("unused-suppression".to_string(), 2, 4),
                ("unused-suppression".to_string(), 4, 25),
            ]
        );
        let s = Suppressions::parse("x(); // kafkalint:ignore key-nul\n");
        let msg = &s.problems("f")[0].message;
        assert!(msg.contains("did you mean `key-null`"), "{msg}");
    }

    #[test]
    fn not_a_suppression() {
        for text in [
            "log(\"kafkalint:ignored\");\n",
            "x = kafkalint:ignore acks-unsafe\n",
            "i--kafkalint:ignore\n",
            "// see kafkalint:ignore acks-unsafe in the docs\n",
        ] {
            let s = Suppressions::parse(text);
            assert!(s.is_empty(), "{text:?}");
        }
        // YAML aliases and document markers are not comments when looking
        // for the line a stand-alone suppression applies to.
        let (kept, _) = run(
            "# kafkalint:ignore acks-unsafe\n*defaults\n",
            &[("acks-unsafe", 2)],
        );
        assert!(kept.is_empty());
        let (kept, _) = run(
            "# kafkalint:ignore acks-unsafe\n---\nacks: 1\n",
            &[("acks-unsafe", 3)],
        );
        assert_eq!(kept.len(), 1);
    }
}
