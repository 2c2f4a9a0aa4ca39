//! Writing XML by hand, safely: escaping for text and attributes, and
//! dropping characters XML 1.0 cannot carry at all.

/// Escapes `s` for an attribute value (`"`-quoted) or element text. Line
/// breaks and tabs in attributes are written as character references so
/// attribute normalisation keeps them; other control characters, which XML
/// 1.0 forbids even escaped, become U+FFFD.
pub(crate) fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' if attribute => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\r' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `name="value"` pairs, escaped.
pub(crate) fn attrs(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!(" {k}=\"{}\"", escape(v, true)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            escape("a<b & \"c\"\n\u{1b}", true),
            "a&lt;b &amp; &quot;c&quot;&#10;\u{FFFD}"
        );
        assert_eq!(escape("a\n\"b\"", false), "a\n\"b\"");
    }
}
