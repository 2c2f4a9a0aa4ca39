//! Stable identities of findings across runs, shared by the baseline, SARIF
//! `partialFingerprints` and GitLab Code Quality reports.
//!
//! A fingerprint is `HASH:N`. `HASH` (64-bit FNV-1a, 16 hex digits) covers
//! the rule id, the file's path (`/`-separated, as reported) and the text
//! of the lines the finding's span covers with runs of whitespace collapsed
//! to one space — not the line number, so edits elsewhere in the file that
//! shift lines leave it unchanged, and re-indenting does too. `N` tells
//! apart findings with the same hash (the same offending line twice in a
//! file), counted in report order. An audit finding hashes its `kafka://`
//! address instead: cluster messages carry numbers that drift.

use crate::finding::Finding;
use std::collections::HashMap;

/// Computes the fingerprint of every finding, in order. `path_of` gives
/// the path to hash for a file finding (the reported one, or one rebased
/// onto a baseline's directory); `sources` holds file texts by reported
/// path.
pub fn compute<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    sources: &HashMap<String, String>,
    path_of: impl Fn(&Finding) -> String,
) -> Vec<String> {
    // The lines of the file of the findings last seen: findings come
    // grouped by file, and holding every file's lines at once would cost
    // as much memory as the sources themselves.
    let mut lines_of: Option<(&str, Vec<&str>)> = None;
    let mut seen: HashMap<u64, u32> = HashMap::new();
    let mut out = Vec::new();
    for f in findings {
        let hash = if f.path.starts_with("kafka://") {
            let mut h = Fnv1a::new();
            h.write(f.rule.as_bytes());
            h.write(&[0]);
            h.write(crate::report::cluster_uri(f).as_bytes());
            h.finish()
        } else {
            let code = sources.get(&f.path).map(|text| {
                if lines_of.as_ref().is_none_or(|(p, _)| *p != f.path) {
                    lines_of = Some((f.path.as_str(), text.split('\n').collect()));
                }
                let (_, lines) = lines_of.as_ref().expect("set just above");
                span_lines(lines, f)
            });
            hash_file_finding(f.rule, &normalise_path(&path_of(f)), code, &f.message)
        };
        let n = seen.entry(hash).or_insert(0);
        out.push(format!("{hash:016x}:{n}"));
        *n += 1;
    }
    out
}

/// Sets `fingerprint` on every finding (paths hashed as reported).
pub fn assign(findings: &mut [Finding], sources: &HashMap<String, String>) {
    let prints = compute(findings.iter(), sources, |f| f.path.clone());
    for (f, p) in findings.iter_mut().zip(prints) {
        f.fingerprint = p;
    }
}

/// The fingerprints of `findings`: their own where set, computed (with the
/// reported paths) for the whole list otherwise.
pub fn of_all(findings: &[Finding], sources: &HashMap<String, String>) -> Vec<String> {
    if findings.iter().all(|f| !f.fingerprint.is_empty()) {
        return findings.iter().map(|f| f.fingerprint.clone()).collect();
    }
    compute(findings, sources, |f| f.path.clone())
}

/// `./a\b.java` → `a/b.java`.
pub fn normalise_path(path: &str) -> String {
    let mut p = path.replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    p
}

/// The lines a finding's span covers (a span that ends at column 1 of a
/// later line ends with the line before it).
fn span_lines<'t>(lines: &[&'t str], f: &Finding) -> Vec<&'t str> {
    let n = lines.len() as u32;
    let start = f.span.start_line.max(1);
    if start > n {
        return Vec::new();
    }
    let mut end = f.span.end_line.clamp(start, n);
    if end > start && f.span.end_col <= 1 {
        end -= 1;
    }
    lines[(start - 1) as usize..end as usize].to_vec()
}

fn hash_file_finding(rule: &str, path: &str, code: Option<Vec<&str>>, message: &str) -> u64 {
    let mut h = Fnv1a::new();
    h.write(rule.as_bytes());
    h.write(&[0]);
    h.write(path.as_bytes());
    h.write(&[0]);
    match code {
        Some(lines) if lines.iter().any(|l| !l.trim().is_empty()) => {
            let mut first = true;
            for word in lines.iter().flat_map(|l| l.split_whitespace()) {
                if !first {
                    h.write(b" ");
                }
                first = false;
                h.write(word.as_bytes());
            }
        }
        // No text to anchor on (a file that could not be kept, or a
        // finding on an empty line): the message is the next best thing.
        _ => h.write(message.as_bytes()),
    }
    h.finish()
}

/// 64-bit FNV-1a: fixed constants, so fingerprints do not change between
/// builds or Rust versions (unlike `DefaultHasher`).
struct Fnv1a(u64);

impl Fnv1a {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        Fnv1a(Self::OFFSET)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Confidence, Severity, Span};

    fn finding(rule: &'static str, path: &str, line: u32) -> Finding {
        Finding {
            rule,
            severity: Severity::Error,
            path: path.into(),
            span: Span::line(line, 1, 3),
            message: format!("message of line {line}"),
            help: String::new(),
            fix: None,
            library: None,
            confidence: Confidence::High,
            topic: None,
            partition: None,
            related: Vec::new(),
            fingerprint: String::new(),
            on_defaults: false,
            deployment: false,
        }
    }

    #[test]
    fn fnv1a_known_values() {
        // Published FNV-1a 64 test vectors.
        let hash = |s: &str| {
            let mut h = Fnv1a::new();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn survives_shifted_lines_and_reindenting_and_tells_twins_apart() {
        let before = "a\nacks=1\nb\nacks=1\n";
        let after = "new line\nanother\na\n   acks=1\nb\nacks=1\n";
        let src = |t: &str| HashMap::from([("p.properties".to_string(), t.to_string())]);
        let old = compute(
            &[
                finding("acks-unsafe", "p.properties", 2),
                finding("acks-unsafe", "p.properties", 4),
            ],
            &src(before),
            |f| f.path.clone(),
        );
        let new = compute(
            &[
                finding("acks-unsafe", "p.properties", 4),
                finding("acks-unsafe", "p.properties", 6),
            ],
            &src(after),
            |f| f.path.clone(),
        );
        assert_eq!(old, new);
        assert_ne!(old[0], old[1]);
        assert!(old[0].ends_with(":0") && old[1].ends_with(":1"));
        // Another rule, another file, other code: other fingerprints.
        let other_rule = compute(
            &[finding("key-null", "p.properties", 2)],
            &src(before),
            |f| f.path.clone(),
        );
        assert_ne!(other_rule[0], old[0]);
        let other_file = compute(
            &[finding("acks-unsafe", "q.properties", 2)],
            &HashMap::from([("q.properties".to_string(), before.to_string())]),
            |f| f.path.clone(),
        );
        assert_ne!(other_file[0], old[0]);
        let edited = compute(
            &[finding("acks-unsafe", "p.properties", 2)],
            &src("a\nacks=0\n"),
            |f| f.path.clone(),
        );
        assert_ne!(edited[0], old[0]);
    }

    #[test]
    fn paths_are_normalised_and_can_be_rebased() {
        let src = HashMap::from([("./svc/p.properties".to_string(), "acks=1\n".to_string())]);
        let f = finding("acks-unsafe", "./svc/p.properties", 1);
        let plain = compute([&f], &src, |f| f.path.clone());
        let same = compute([&f], &src, |_| "svc\\p.properties".into());
        let rebased = compute([&f], &src, |_| "p.properties".into());
        assert_eq!(plain, same);
        assert_ne!(plain, rebased);
    }
}
