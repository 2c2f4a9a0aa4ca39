//! Key shapes: what a sampled record key looks like, and the per-topic
//! accumulator that turns sampled keys into a [`KeySample`].
//!
//! Timestamp-like: a key that is only ASCII digits, 10, 13, 16 or 19 long
//! (epoch seconds, milliseconds, microseconds or nanoseconds) whose value
//! falls between 2000-01-01 and 2100-01-01; an ISO-8601 date or date-time
//! (`2024-05-01`, `2024-05-01T12:30:00Z`, `2024-05-01 12:30:00.123+02:00`);
//! or exactly 8 bytes that read as a big-endian epoch in milliseconds in the
//! same range (Java's `LongSerializer` of `System.currentTimeMillis()`).
//!
//! UUID-like: 8-4-4-4-12 hexadecimal digits with dashes, or 32 hexadecimal
//! digits without them, in either case.

use super::model::{KeySample, TOP_KEYS};
use regex::Regex;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

/// The shape of one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Timestamp,
    Uuid,
    Other,
}

/// 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z in epoch seconds.
const EPOCH_MIN_S: u64 = 946_684_800;
const EPOCH_MAX_S: u64 = 4_102_444_800;

fn iso_8601() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d([.,]\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$",
        )
        .expect("valid regex")
    })
}

fn uuid() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?i:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$",
        )
        .expect("valid regex")
    })
}

/// Classifies one non-null key.
pub fn shape(key: &[u8]) -> Shape {
    if key.len() == 8 {
        let mut b = [0u8; 8];
        b.copy_from_slice(key);
        let v = i64::from_be_bytes(b);
        if v >= (EPOCH_MIN_S * 1000) as i64 && v < (EPOCH_MAX_S * 1000) as i64 {
            return Shape::Timestamp;
        }
    }
    let Ok(text) = std::str::from_utf8(key) else {
        return Shape::Other;
    };
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        let scale = match text.len() {
            10 => Some(1u64),
            13 => Some(1_000),
            16 => Some(1_000_000),
            19 => Some(1_000_000_000),
            _ => None,
        };
        if let (Some(scale), Ok(v)) = (scale, text.parse::<u64>()) {
            let secs = v / scale;
            if (EPOCH_MIN_S..EPOCH_MAX_S).contains(&secs) {
                return Shape::Timestamp;
            }
        }
        return Shape::Other;
    }
    if text.len() <= 40 && iso_8601().is_match(text) {
        return Shape::Timestamp;
    }
    if (text.len() == 32 || text.len() == 36) && uuid().is_match(text) {
        return Shape::Uuid;
    }
    Shape::Other
}

/// Printable form of a key for reports: UTF-8 text as is (control
/// characters escaped), anything else as hex; at most 48 characters.
pub fn display(key: &[u8]) -> String {
    const MAX: usize = 48;
    let s: String = match std::str::from_utf8(key) {
        Ok(t) => t.chars().flat_map(char::escape_debug).collect(),
        Err(_) => {
            let hex: String = key.iter().take(MAX).map(|b| format!("{b:02x}")).collect();
            format!("0x{hex}")
        }
    };
    if s.chars().count() > MAX {
        let cut: String = s.chars().take(MAX - 1).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// Accumulates the keys sampled from one topic.
#[derive(Debug, Default)]
pub struct KeyStats {
    records: u64,
    null_keys: u64,
    timestamp_keys: u64,
    uuid_keys: u64,
    /// Key hash → (count, printable form).
    counts: HashMap<u64, (u64, String)>,
}

impl KeyStats {
    pub fn add(&mut self, key: Option<&[u8]>) {
        self.records += 1;
        let Some(key) = key else {
            self.null_keys += 1;
            return;
        };
        match shape(key) {
            Shape::Timestamp => self.timestamp_keys += 1,
            Shape::Uuid => self.uuid_keys += 1,
            Shape::Other => {}
        }
        let mut h = DefaultHasher::new();
        key.hash(&mut h);
        self.counts
            .entry(h.finish())
            .or_insert_with(|| (0, display(key)))
            .0 += 1;
    }

    pub fn finish(self) -> KeySample {
        let mut top: Vec<(String, u64)> = self.counts.into_values().map(|(c, k)| (k, c)).collect();
        let distinct = top.len() as u64;
        top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        top.truncate(TOP_KEYS);
        KeySample {
            records: self.records,
            null_keys: self.null_keys,
            distinct_keys: distinct,
            timestamp_keys: self.timestamp_keys,
            uuid_keys: self.uuid_keys,
            top_keys: top,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        for k in [
            "1700000000",
            "1700000000123",
            "1700000000123456",
            "1700000000123456789",
            "2024-05-01",
            "2024-05-01T12:30:00Z",
            "2024-05-01 12:30:00.123+02:00",
            "2024-05-01T12:30",
        ] {
            assert_eq!(shape(k.as_bytes()), Shape::Timestamp, "{k}");
        }
        assert_eq!(shape(&1_700_000_000_123i64.to_be_bytes()), Shape::Timestamp);
        for k in [
            "12345",
            "9999999999999",
            "0000000000",
            "customer-17",
            "2024-13-01",
            "17000000001",
        ] {
            assert_eq!(shape(k.as_bytes()), Shape::Other, "{k}");
        }
        assert_eq!(shape(&42i64.to_be_bytes()), Shape::Other);
    }

    #[test]
    fn uuids() {
        assert_eq!(shape(b"3f2504e0-4f89-11d3-9a0c-0305e82c3301"), Shape::Uuid);
        assert_eq!(shape(b"3F2504E04F8911D39A0C0305E82C3301"), Shape::Uuid);
        assert_eq!(shape(b"3f2504e0-4f89-11d3-9a0c-0305e82c330"), Shape::Other);
    }

    #[test]
    fn stats() {
        let mut s = KeyStats::default();
        for i in 0..10 {
            s.add(Some(format!("k{}", i % 3).as_bytes()));
        }
        s.add(None);
        s.add(Some(&[0xff, 0x00]));
        let k = s.finish();
        assert_eq!(k.records, 12);
        assert_eq!(k.null_keys, 1);
        assert_eq!(k.distinct_keys, 4);
        assert_eq!(k.top_keys[0], ("k0".to_string(), 4));
        assert!(k.top_keys.iter().any(|t| t.0 == "0xff00"));
    }

    #[test]
    fn display_is_bounded() {
        let long = "x".repeat(500);
        assert_eq!(display(long.as_bytes()).chars().count(), 48);
        assert_eq!(display(b"a\nb"), "a\\nb");
    }
}
