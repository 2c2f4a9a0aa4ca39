//! Version requirements of every ecosystem turned into [`VersionReq`]:
//! npm/Poetry/Cargo carets and tildes, PEP 440 specifiers, NuGet and Maven
//! interval notation, wildcards. The result is the lowest and highest
//! version allowed (inclusive); what cannot be read is [`VersionReq::Any`],
//! never a guess.

use crate::model::{Version, VersionReq};

const M: u32 = u32::MAX;

/// A version as written, with how many of its parts were given and
/// whether the next part is a wildcard (`1.2.x`, `1.*`).
#[derive(Debug, Clone, Copy)]
struct Partial {
    v: Version,
    parts: u8,
}

fn partial(s: &str) -> Option<Partial> {
    let s = s.trim().trim_start_matches(['v', 'V', '=']).trim();
    // Build metadata and pre-release tags do not move the bounds here.
    let core = s.split(['+', '-']).next().unwrap_or(s);
    let mut nums = [0u32; 3];
    let mut parts = 0u8;
    for (i, p) in core.split('.').enumerate() {
        if i >= 3 {
            break; // 2.8.0.RELEASE, 1.0.0.0
        }
        if matches!(p, "x" | "X" | "*") {
            break;
        }
        let digits: String = p.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() {
            if i == 0 {
                return None;
            }
            break;
        }
        nums[i] = digits.parse().ok()?;
        parts += 1;
    }
    if parts == 0 {
        return None;
    }
    Some(Partial {
        v: Version::new(nums[0], nums[1], nums[2]),
        parts,
    })
}

/// The highest version below `v` (for exclusive upper bounds).
fn pred(v: Version) -> Option<Version> {
    if v.patch > 0 {
        Some(Version::new(v.major, v.minor, v.patch - 1))
    } else if v.minor > 0 {
        Some(Version::new(v.major, v.minor - 1, M))
    } else if v.major > 0 {
        Some(Version::new(v.major - 1, M, M))
    } else {
        None
    }
}

/// The last version matching a partial (`1.2` → 1.2.MAX).
fn top(p: Partial) -> Version {
    match p.parts {
        1 => Version::new(p.v.major, M, M),
        2 => Version::new(p.v.major, p.v.minor, M),
        _ => p.v,
    }
}

/// `[lo, hi]` bounds being narrowed by comparators.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    lo: Version,
    hi: Version,
}

impl Bounds {
    fn all() -> Self {
        Bounds {
            lo: Version::new(0, 0, 0),
            hi: Version::MAX,
        }
    }

    fn at_least(&mut self, v: Version) {
        self.lo = self.lo.max(v);
    }

    fn at_most(&mut self, v: Version) {
        self.hi = self.hi.min(v);
    }

    fn below(&mut self, v: Version) {
        match pred(v) {
            Some(p) => self.at_most(p),
            None => self.hi = Version::new(0, 0, 0),
        }
    }

    fn caret(&mut self, p: Partial) {
        self.at_least(p.v);
        let v = p.v;
        let upper = if v.major > 0 || p.parts == 1 {
            Version::new(v.major.saturating_add(1), 0, 0)
        } else if v.minor > 0 || p.parts == 2 {
            Version::new(0, v.minor.saturating_add(1), 0)
        } else {
            Version::new(0, 0, v.patch.saturating_add(1))
        };
        self.below(upper);
    }

    fn tilde(&mut self, p: Partial) {
        self.at_least(p.v);
        if p.parts == 1 {
            self.at_most(top(p));
        } else {
            self.at_most(Version::new(p.v.major, p.v.minor, M));
        }
    }

    fn exact_partial(&mut self, p: Partial) {
        self.at_least(p.v);
        self.at_most(top(p));
    }

    fn into_req(self) -> VersionReq {
        if self.lo > self.hi {
            VersionReq::Any
        } else if self.lo == self.hi {
            VersionReq::Exact(self.lo)
        } else if self.lo == Version::new(0, 0, 0) && self.hi == Version::MAX {
            VersionReq::Any
        } else {
            VersionReq::Range {
                min: self.lo,
                max: self.hi,
            }
        }
    }
}

/// The union of alternatives (`^1 || ^2`): lowest low, highest high.
fn union(reqs: impl Iterator<Item = VersionReq>) -> VersionReq {
    let mut out: Option<Bounds> = None;
    for r in reqs {
        let b = match r {
            VersionReq::Exact(v) => Bounds { lo: v, hi: v },
            VersionReq::Range { min, max } => Bounds { lo: min, hi: max },
            VersionReq::Any => return VersionReq::Any,
        };
        out = Some(match out {
            None => b,
            Some(o) => Bounds {
                lo: o.lo.min(b.lo),
                hi: o.hi.max(b.hi),
            },
        });
    }
    out.map_or(VersionReq::Any, Bounds::into_req)
}

/// Applies one comparator (`>=1.2`, `<2`, `^1.4`, `~1.2.3`, `1.2.x`) with
/// `bare` saying what an operator-less version means.
fn comparator(b: &mut Bounds, c: &str, bare: Bare) -> Option<()> {
    let c = c.trim();
    let ops = [">=", "<=", "==", "~=", "~>", "!=", ">", "<", "^", "~", "="];
    let (op, rest) = ops
        .iter()
        .find_map(|op| c.strip_prefix(op).map(|r| (*op, r)))
        .unwrap_or(("", c));
    let rest = rest.trim();
    if matches!(rest, "*" | "x" | "X" | "") {
        return if op.is_empty() || op == "=" || op == "==" {
            Some(())
        } else {
            None
        };
    }
    let p = partial(rest)?;
    match op {
        ">=" => b.at_least(p.v),
        ">" => b.at_least(Version::new(
            p.v.major,
            p.v.minor,
            p.v.patch.saturating_add(1),
        )),
        "<=" => b.at_most(top(p)),
        "<" => b.below(p.v),
        "^" => b.caret(p),
        "~" => b.tilde(p),
        "~=" => {
            // PEP 440: ~=1.4.2 is >=1.4.2, ==1.4.*; ~=1.4 is >=1.4, ==1.*.
            b.at_least(p.v);
            match p.parts {
                1 => return None,
                2 => b.at_most(Version::new(p.v.major, M, M)),
                _ => b.at_most(Version::new(p.v.major, p.v.minor, M)),
            }
        }
        "~>" => {
            // Ruby-style pessimistic (Gradle plugins and some tools).
            b.at_least(p.v);
            match p.parts {
                1 => b.at_most(top(p)),
                2 => b.at_most(Version::new(p.v.major, M, M)),
                _ => b.at_most(Version::new(p.v.major, p.v.minor, M)),
            }
        }
        "!=" => {}
        "=" | "==" => b.exact_partial(p),
        _ => match bare {
            Bare::Exact => b.exact_partial(p),
            Bare::Caret => b.caret(p),
        },
    }
    Some(())
}

/// What a version written without an operator means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bare {
    /// npm, Poetry, pip `==`-less pins, Maven: that version.
    Exact,
    /// Cargo: `0.36` is `^0.36`.
    Caret,
}

fn conjunction(spec: &str, bare: Bare, split: &[char]) -> VersionReq {
    let mut b = Bounds::all();
    let mut any = false;
    // Operators may be separated from their version by spaces (`>= 1.2`).
    let mut pending = String::new();
    for part in spec.split(split).map(str::trim).filter(|p| !p.is_empty()) {
        if part.chars().all(|c| "<>=!~^".contains(c)) {
            pending.push_str(part);
            continue;
        }
        let c = format!("{pending}{part}");
        pending.clear();
        if comparator(&mut b, &c, bare).is_none() {
            return VersionReq::Any;
        }
        any = true;
    }
    if !any {
        return VersionReq::Any;
    }
    b.into_req()
}

/// An npm range (`^2.2.4`, `~1.2`, `>=1 <3`, `1.x`, `1.2.3 - 2`, `a || b`).
/// Tags (`latest`), workspace, file, link, git and URL specs are `Any`.
pub fn npm(spec: &str) -> VersionReq {
    let spec = spec.trim();
    if spec.contains(':') || spec.contains('/') || spec.is_empty() {
        return VersionReq::Any;
    }
    union(spec.split("||").map(|alt| {
        let alt = alt.trim();
        if let Some((from, to)) = alt.split_once(" - ") {
            let (Some(f), Some(t)) = (partial(from), partial(to)) else {
                return VersionReq::Any;
            };
            let mut b = Bounds::all();
            b.at_least(f.v);
            b.at_most(top(t));
            return b.into_req();
        }
        conjunction(alt, Bare::Exact, &[' ', ','])
    }))
}

/// A Poetry constraint: npm-like carets and tildes, PEP 440 operators,
/// comma-separated conjunctions and `||` alternatives.
pub fn poetry(spec: &str) -> VersionReq {
    union(
        spec.split("||")
            .flat_map(|a| a.split(" or "))
            .map(|alt| conjunction(alt, Bare::Exact, &[',', ' '])),
    )
}

/// A Cargo requirement: comma-separated comparators, a bare version is a
/// caret requirement, `=` pins.
pub fn cargo(spec: &str) -> VersionReq {
    conjunction(spec, Bare::Caret, &[','])
}

/// A PEP 440 specifier set (`>=2.0,<3`, `==2.3.*`, `~=2.2`). `===`
/// compares strings: read as `==`.
pub fn pep440(spec: &str) -> VersionReq {
    let spec = spec.replace("===", "==");
    let parts: Vec<&str> = spec.split(',').map(str::trim).collect();
    if parts
        .iter()
        .any(|p| !p.is_empty() && !p.starts_with(['<', '>', '=', '!', '~']))
    {
        return VersionReq::Any;
    }
    conjunction(&spec, Bare::Exact, &[','])
}

/// Maven or NuGet interval notation: `[1.0,2.0)`, `[1.0]`, `(,2.0]`,
/// `[1.0,)`; several intervals separated by commas are a union.
fn interval(spec: &str) -> Option<VersionReq> {
    let spec = spec.trim();
    if !spec.starts_with(['[', '(']) {
        return None;
    }
    let mut reqs = Vec::new();
    let mut rest = spec;
    while let Some(open) = rest.find(['[', '(']) {
        let close = rest[open..].find([']', ')'])? + open;
        let body = &rest[open + 1..close];
        let (lo_incl, hi_incl) = (&rest[open..=open] == "[", &rest[close..=close] == "]");
        let mut b = Bounds::all();
        match body.split_once(',') {
            None => {
                let p = partial(body)?;
                b.exact_partial(p);
            }
            Some((lo, hi)) => {
                if !lo.trim().is_empty() {
                    let p = partial(lo)?;
                    if lo_incl {
                        b.at_least(p.v);
                    } else {
                        b.at_least(Version::new(
                            p.v.major,
                            p.v.minor,
                            p.v.patch.saturating_add(1),
                        ));
                    }
                }
                if !hi.trim().is_empty() {
                    let p = partial(hi)?;
                    if hi_incl {
                        b.at_most(top(p));
                    } else {
                        b.below(p.v);
                    }
                }
            }
        }
        reqs.push(b.into_req());
        rest = &rest[close + 1..];
    }
    Some(union(reqs.into_iter()))
}

/// A NuGet version: `2.3.0` (NuGet restores the lowest version allowed,
/// so this version), `[2.0,3.0)`, floating `2.*`.
pub fn nuget(spec: &str) -> VersionReq {
    let spec = spec.trim();
    if let Some(r) = interval(spec) {
        return r;
    }
    if spec.contains('*') {
        let mut b = Bounds::all();
        return match partial(spec) {
            Some(p) => {
                b.exact_partial(p);
                b.into_req()
            }
            None => VersionReq::Any,
        };
    }
    match partial(spec) {
        Some(p) if p.parts >= 1 => VersionReq::Exact(p.v),
        _ => VersionReq::Any,
    }
}

/// A Maven or Gradle version: a plain version, an interval, a Gradle
/// dynamic version (`3.+`, `latest.release` is `Any`).
pub fn maven(spec: &str) -> VersionReq {
    let spec = spec.trim();
    if let Some(r) = interval(spec) {
        return r;
    }
    if let Some(prefix) = spec.strip_suffix('+') {
        let prefix = prefix.trim_end_matches('.');
        if prefix.is_empty() {
            return VersionReq::Any;
        }
        let mut b = Bounds::all();
        return match partial(prefix) {
            Some(p) => {
                b.exact_partial(p);
                b.into_req()
            }
            None => VersionReq::Any,
        };
    }
    match Version::parse(spec) {
        Some(v) if spec.starts_with(|c: char| c.is_ascii_digit()) => VersionReq::Exact(v),
        _ => VersionReq::Any,
    }
}

/// `>=a, <b` style text for messages.
pub fn describe(min: Version, max: Version) -> String {
    if min == max {
        return min.to_string();
    }
    let upper = if max == Version::MAX {
        None
    } else if max.minor == M {
        Some(format!("<{}.0", max.major.saturating_add(1)))
    } else if max.patch == M {
        Some(format!("<{}.{}", max.major, max.minor.saturating_add(1)))
    } else {
        Some(format!("<={max}"))
    };
    match (min == Version::new(0, 0, 0), upper) {
        (true, Some(u)) => u,
        (false, Some(u)) => format!(">={min}, {u}"),
        (_, None) => format!(">={min}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(min: &str, max: &str) -> VersionReq {
        let p = |s: &str| -> Version {
            let parts: Vec<u32> = s
                .split('.')
                .map(|x| if x == "M" { M } else { x.parse().unwrap() })
                .collect();
            Version::new(parts[0], parts[1], parts[2])
        };
        VersionReq::Range {
            min: p(min),
            max: p(max),
        }
    }

    fn ex(s: &str) -> VersionReq {
        VersionReq::Exact(Version::parse(s).unwrap())
    }

    #[test]
    fn npm_ranges() {
        assert_eq!(npm("^2.2.4"), r("2.2.4", "2.M.M"));
        assert_eq!(npm("~2.2.4"), r("2.2.4", "2.2.M"));
        assert_eq!(npm("^0.4.1"), r("0.4.1", "0.4.M"));
        assert_eq!(npm("^0.0.3"), ex("0.0.3"));
        assert_eq!(npm("2.2.4"), ex("2.2.4"));
        assert_eq!(npm("v2.2.4"), ex("2.2.4"));
        assert_eq!(npm("2.x"), r("2.0.0", "2.M.M"));
        assert_eq!(npm(">=1.2.0 <3"), r("1.2.0", "2.M.M"));
        assert_eq!(npm(">= 1.2.0"), r("1.2.0", "M.M.M"));
        assert_eq!(npm("1.2.3 - 2.3"), r("1.2.3", "2.3.M"));
        assert_eq!(npm("^1.0.0 || ^2.0.0"), r("1.0.0", "2.M.M"));
        assert_eq!(npm("2.0.0-beta.3"), ex("2.0.0"));
        for any in [
            "*",
            "latest",
            "",
            "workspace:^1.0.0",
            "file:../x",
            "git+https://x/y.git",
            "github:a/b",
            "x",
        ] {
            assert_eq!(npm(any), VersionReq::Any, "{any}");
        }
    }

    #[test]
    fn cargo_and_poetry() {
        assert_eq!(cargo("0.36"), r("0.36.0", "0.36.M"));
        assert_eq!(cargo("0.36.2"), r("0.36.2", "0.36.M"));
        assert_eq!(cargo("=0.36.2"), ex("0.36.2"));
        assert_eq!(cargo(">=0.30, <0.37"), r("0.30.0", "0.36.M"));
        assert_eq!(cargo("*"), VersionReq::Any);
        assert_eq!(poetry("^2.3"), r("2.3.0", "2.M.M"));
        assert_eq!(poetry("~2.3"), r("2.3.0", "2.3.M"));
        assert_eq!(poetry("2.3.0"), ex("2.3.0"));
        assert_eq!(poetry(">=2.0,<2.4"), r("2.0.0", "2.3.M"));
        assert_eq!(poetry("*"), VersionReq::Any);
    }

    #[test]
    fn pep440_specifiers() {
        assert_eq!(pep440("==2.3.0"), ex("2.3.0"));
        assert_eq!(pep440("==2.3.*"), r("2.3.0", "2.3.M"));
        assert_eq!(pep440("~=2.2"), r("2.2.0", "2.M.M"));
        assert_eq!(pep440("~=2.2.1"), r("2.2.1", "2.2.M"));
        assert_eq!(pep440(">=2.0, <3, !=2.1.0"), r("2.0.0", "2.M.M"));
        assert_eq!(pep440(">=1.9"), r("1.9.0", "M.M.M"));
        assert_eq!(pep440(">3"), r("3.0.1", "M.M.M"));
        assert_eq!(pep440(""), VersionReq::Any);
        assert_eq!(pep440("2.3.0"), VersionReq::Any, "not a specifier");
    }

    #[test]
    fn intervals_and_dynamic_versions() {
        assert_eq!(nuget("2.3.0"), ex("2.3.0"));
        assert_eq!(nuget("[2.3.0]"), ex("2.3.0"));
        assert_eq!(nuget("[1.0,2.0)"), r("1.0.0", "1.M.M"));
        assert_eq!(nuget("(,2.0]"), r("0.0.0", "2.0.M"));
        assert_eq!(nuget("[2.0, )"), r("2.0.0", "M.M.M"));
        assert_eq!(nuget("2.*"), r("2.0.0", "2.M.M"));
        assert_eq!(nuget("$(KafkaVersion)"), VersionReq::Any);
        assert_eq!(maven("3.6.1"), ex("3.6.1"));
        assert_eq!(maven("[3.0,4.0)"), r("3.0.0", "3.M.M"));
        assert_eq!(maven("3.+"), r("3.0.0", "3.M.M"));
        assert_eq!(maven("latest.release"), VersionReq::Any);
        assert_eq!(maven("2.8.0.RELEASE"), ex("2.8.0"));
        for bad in ["[", "[1.0", "(,)", "[x,y]", "]["] {
            let _ = nuget(bad);
            let _ = maven(bad);
        }
    }

    #[test]
    fn descriptions() {
        let v = |a, b, c| Version::new(a, b, c);
        assert_eq!(describe(v(2, 0, 0), v(2, M, M)), ">=2.0.0, <3.0");
        assert_eq!(describe(v(2, 3, 0), v(2, 3, M)), ">=2.3.0, <2.4");
        assert_eq!(describe(v(2, 3, 0), Version::MAX), ">=2.3.0");
        assert_eq!(describe(v(2, 3, 0), v(2, 3, 0)), "2.3.0");
        assert_eq!(describe(v(0, 0, 0), v(2, 0, M)), "<2.1");
    }
}
