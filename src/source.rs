//! Source text, byte spans and the only place where byte offsets become lines and columns.

use std::path::{Path, PathBuf};

/// A half-open byte range `start..end` into one source text.
///
/// Spans are stored as `u32` byte offsets; lines and columns are computed only when a
/// diagnostic is shown (see [`LineIndex`]).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span from two byte offsets. `end` is raised to `start` if it is smaller.
    #[must_use]
    pub fn new(start: usize, end: usize) -> Span {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Span { start, end }
    }

    /// An empty span at `offset`.
    #[must_use]
    pub fn empty(offset: usize) -> Span {
        Span::new(offset, offset)
    }

    /// The smallest span covering both `self` and `other`.
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The range as `usize` offsets, for slicing the source text.
    #[must_use]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    #[must_use]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A 1-based line and column (column counted in characters), for display only.
#[derive(Copy, Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in Unicode scalar values.
    pub column: u32,
}

/// Offsets of line starts, for converting byte offsets to lines and columns.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    #[must_use]
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        LineIndex { starts }
    }

    /// The 0-based line containing byte `offset`.
    #[must_use]
    pub fn line_of(&self, offset: u32) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where 0-based `line` starts.
    #[must_use]
    pub fn line_start(&self, line: usize) -> u32 {
        self.starts.get(line).copied().unwrap_or_else(|| *self.starts.last().unwrap_or(&0))
    }

    /// The 1-based line and column of byte `offset` in `text`.
    #[must_use]
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let offset = (offset as usize).min(text.len());
        let offset = floor_char_boundary(text, offset);
        let line = self.line_of(u32::try_from(offset).unwrap_or(u32::MAX));
        let start = self.line_start(line) as usize;
        let column = text.get(start..offset).map_or(0, |s| s.chars().count());
        LineCol {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }
}

/// The largest char boundary of `text` that is `<= offset`.
#[must_use]
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One design file: its display name, its text and its line index.
#[derive(Clone, Debug)]
pub struct Source {
    name: String,
    path: Option<PathBuf>,
    text: String,
    lines: LineIndex,
    invalid_utf8_at: Option<usize>,
}

impl Source {
    /// A source from text, shown under `name` in diagnostics (`-` or `<stdin>` for stdin).
    #[must_use]
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        let text = text.into();
        let lines = LineIndex::new(&text);
        Source { name: name.into(), path: None, text, lines, invalid_utf8_at: None }
    }

    /// A source from raw bytes. Invalid UTF-8 is replaced (U+FFFD) and remembered so the parser
    /// can report it at the first invalid byte; the text before that byte keeps its offsets.
    #[must_use]
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> Source {
        match std::str::from_utf8(bytes) {
            Ok(text) => Source::new(name, text),
            Err(err) => {
                let mut source = Source::new(name, String::from_utf8_lossy(bytes).into_owned());
                source.invalid_utf8_at = Some(err.valid_up_to());
                source
            }
        }
    }

    /// Attaches the path the source was read from (used to find `mlsd.toml` and for output names).
    #[must_use]
    pub fn with_path(mut self, path: impl AsRef<Path>) -> Source {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    /// The name shown in diagnostics.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The path the source was read from, if any.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The full text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The line index of the text.
    #[must_use]
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// Byte offset of the first invalid UTF-8 byte of the original input, if there was one.
    #[must_use]
    pub fn invalid_utf8_at(&self) -> Option<usize> {
        self.invalid_utf8_at
    }

    /// The text covered by `span` (empty if the span is out of range or not on char boundaries).
    #[must_use]
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The 1-based line and column of byte `offset`.
    #[must_use]
    pub fn line_col(&self, offset: u32) -> LineCol {
        self.lines.line_col(&self.text, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_and_lines() {
        let src = Source::new("t", "ab\nçd\n");
        assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(src.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(src.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(src.line_col(7), LineCol { line: 3, column: 1 });
        assert_eq!(src.line_col(100), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn invalid_utf8_keeps_prefix_offsets() {
        let src = Source::from_bytes("t", b"abc\xffdef");
        assert_eq!(src.invalid_utf8_at(), Some(3));
        assert!(src.text().starts_with("abc"));
    }
}
