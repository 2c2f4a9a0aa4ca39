//! Units that a spelling's value may be written in, and their conversion
//! to the canonical unit (milliseconds for durations).

use serde::Deserialize;

/// The unit a spelling's value is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// A duration expression (`5.millis`, `Duration.ofMillis(5)`,
    /// `TimeSpan.FromMilliseconds(5)`, `"5ms"`); a bare number is milliseconds.
    Duration,
    /// A Go `time.Duration` (`5 * time.Millisecond`, `time.Second`, `"5ms"`);
    /// a bare number is nanoseconds, as in Go.
    GoDuration,
    /// A number of attempts, the first send included (kafka-go's
    /// `MaxAttempts`): retries are one fewer.
    Attempts,
}

impl Unit {
    /// The value in the canonical unit, as the tables write values
    /// (durations in whole milliseconds, a fraction above zero rounded up so
    /// that it stays distinguishable from 0). `None` when the text is not a
    /// duration this understands.
    pub fn to_canonical(self, text: &str) -> Option<String> {
        if self == Unit::Attempts {
            let n: i64 = text.trim().replace('_', "").parse().ok()?;
            return Some((n - 1).max(0).to_string());
        }
        let nanos = parse_duration(text, self)?;
        let ms = if nanos > 0 && nanos < 1_000_000 {
            1
        } else {
            (nanos + 999_999) / 1_000_000
        };
        Some(ms.to_string())
    }
}

/// Nanoseconds per unit word, for the spellings of Go, Scala, Java, Kotlin,
/// C# and JavaScript duration helpers.
fn unit_nanos(word: &str) -> Option<i128> {
    let w = word.trim().to_ascii_lowercase();
    let w = w
        .trim_start_matches("time.")
        .trim_start_matches("timeunit.");
    Some(match w {
        "ns" | "nanosecond" | "nanoseconds" | "nanos" | "nano" => 1,
        "us" | "µs" | "microsecond" | "microseconds" | "micros" | "micro" => 1_000,
        "ms" | "millisecond" | "milliseconds" | "millis" | "milli" => 1_000_000,
        "s" | "second" | "seconds" | "sec" | "secs" => 1_000_000_000,
        "m" | "minute" | "minutes" | "min" | "mins" => 60_000_000_000,
        "h" | "hour" | "hours" => 3_600_000_000_000,
        _ => return None,
    })
}

fn number(s: &str) -> Option<f64> {
    let s = s.trim().replace('_', "");
    let s = s.trim_end_matches(['L', 'l']);
    s.parse::<f64>().ok().filter(|n| n.is_finite() && *n >= 0.0)
}

fn parse_duration(text: &str, unit: Unit) -> Option<i128> {
    let t = text
        .trim()
        .trim_matches(|c| c == '"' || c == '`' || c == '\'');
    if t.is_empty() {
        return None;
    }
    let bare = match unit {
        Unit::GoDuration => 1.0,
        _ => 1_000_000.0,
    };
    if let Some(n) = number(t) {
        return Some((n * bare).round() as i128);
    }
    // `5 * time.Millisecond`, `time.Millisecond * 5`, `time.Second`
    if let Some((a, b)) = t.split_once('*') {
        let (a, b) = (a.trim(), b.trim());
        return match (number(a), number(b)) {
            (Some(n), None) => Some((n * unit_nanos(b)? as f64).round() as i128),
            (None, Some(n)) => Some((n * unit_nanos(a)? as f64).round() as i128),
            _ => None,
        };
    }
    if let Some(u) = unit_nanos(t) {
        return Some(u);
    }
    // `Duration.ofMillis(5)`, `TimeSpan.FromSeconds(1)`, `5.millis`,
    // `5.milliseconds`, `5 millis`, `5.seconds()`
    let t = t.trim_end_matches("()");
    if let Some((head, arg)) = t.split_once('(') {
        let arg = arg.strip_suffix(')')?;
        let n = number(arg)?;
        let head = head.rsplit('.').next()?.to_ascii_lowercase();
        let word = head
            .trim_start_matches("of")
            .trim_start_matches("from")
            .trim_start_matches("to");
        return Some((n * unit_nanos(word)? as f64).round() as i128);
    }
    if let Some((n, word)) = t.rsplit_once(['.', ' ']) {
        if let (Some(n), Some(u)) = (number(n), unit_nanos(word)) {
            return Some((n * u as f64).round() as i128);
        }
    }
    // Go's duration strings: `1.5s`, `300ms`, `1m30s`
    parse_go_string(t)
}

/// A Go duration string such as `1m30s` or `250ms`.
fn parse_go_string(t: &str) -> Option<i128> {
    let mut total = 0i128;
    let mut rest = t;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return None;
        }
        let n = number(&rest[..num_len])?;
        rest = &rest[num_len..];
        let word_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let u = unit_nanos(&rest[..word_len])?;
        rest = &rest[word_len..];
        total += (n * u as f64).round() as i128;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_language() {
        let ms = |u: Unit, t: &str| u.to_canonical(t);
        assert_eq!(
            ms(Unit::GoDuration, "5 * time.Millisecond").as_deref(),
            Some("5")
        );
        assert_eq!(
            ms(Unit::GoDuration, "time.Millisecond * 20").as_deref(),
            Some("20")
        );
        assert_eq!(ms(Unit::GoDuration, "time.Second").as_deref(), Some("1000"));
        assert_eq!(ms(Unit::GoDuration, "0").as_deref(), Some("0"));
        assert_eq!(
            ms(Unit::GoDuration, "500").as_deref(),
            Some("1"),
            "500 ns is above 0"
        );
        assert_eq!(ms(Unit::GoDuration, "\"1m30s\"").as_deref(), Some("90000"));
        assert_eq!(ms(Unit::GoDuration, "\"1.5s\"").as_deref(), Some("1500"));
        assert_eq!(ms(Unit::Duration, "10.millis").as_deref(), Some("10"));
        assert_eq!(ms(Unit::Duration, "5 milliseconds").as_deref(), Some("5"));
        assert_eq!(ms(Unit::Duration, "1.second").as_deref(), Some("1000"));
        assert_eq!(
            ms(Unit::Duration, "Duration.ofMillis(5)").as_deref(),
            Some("5")
        );
        assert_eq!(
            ms(Unit::Duration, "TimeSpan.FromSeconds(2)").as_deref(),
            Some("2000")
        );
        assert_eq!(
            ms(Unit::Duration, "Duration.ofSeconds(1)").as_deref(),
            Some("1000")
        );
        assert_eq!(ms(Unit::Duration, "7").as_deref(), Some("7"));
        assert_eq!(ms(Unit::Duration, "0.5").as_deref(), Some("1"));
        assert_eq!(ms(Unit::Duration, "lingerTime"), None);
        assert_eq!(ms(Unit::GoDuration, "cfg.Linger"), None);
        assert_eq!(ms(Unit::Attempts, "10").as_deref(), Some("9"));
        assert_eq!(ms(Unit::Attempts, "1").as_deref(), Some("0"));
    }
}
