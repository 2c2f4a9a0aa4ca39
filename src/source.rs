//! Source text helpers shared by the front-ends: byte offsets to 1-based
//! line/column spans (columns in characters, as editors and SARIF count them),
//! and reading the small files one file refers to.

use crate::finding::Span;

/// Maps byte offsets of one file to lines and character columns.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line as u32 + 1, col as u32 + 1)
    }

    /// The span of the byte range `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let (sl, sc) = self.position(start);
        let (el, ec) = self.position(end.max(start));
        Span::new(sl, sc, el, ec)
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: u32) -> &'a str {
        let i = (line as usize).saturating_sub(1);
        let Some(&start) = self.starts.get(i) else {
            return "";
        };
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The span of a whole line, excluding leading indentation.
    pub fn line_span(&self, line: u32) -> Span {
        let text = self.line_text(line);
        let indent = text.chars().take_while(|c| c.is_whitespace()).count() as u32;
        let len = text.chars().count() as u32;
        Span::new(line, indent + 1, line, len + 1)
    }

    pub fn line_count(&self) -> u32 {
        self.starts.len() as u32
    }
}

/// A file's bytes, or `None` when it is missing, not a file, larger than
/// `max` bytes or unreadable: for the files a reader follows from another
/// (a parent pom, a module a constant comes from), which are small.
pub fn read_bounded(path: &std::path::Path, max: u64) -> Option<Vec<u8>> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > max {
        return None;
    }
    std::fs::read(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let idx = LineIndex::new("ab\nçd\n");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(3), (2, 1));
        // 'ç' is two bytes: 'd' is byte 5, character column 2.
        assert_eq!(idx.position(5), (2, 2));
        assert_eq!(idx.line_text(2), "çd");
        assert_eq!(idx.line_span(2), Span::new(2, 1, 2, 3));
    }
}
