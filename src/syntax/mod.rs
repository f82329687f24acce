//! Syntax: `.mlsd` text to a syntax tree. Parsing never fails; errors are data.
//!
//! Only this module uses pest (`grammar.rs` and `lower.rs`); everything downstream sees
//! [`ast`] nodes with our [`Span`]s.

pub mod ast;
mod grammar;
mod lower;
mod units;

use crate::diag::Diagnostic;
use crate::source::{Source, Span};

/// Deepest `{`/`[` nesting accepted; deeper input is reported and skipped so that no input can
/// exhaust the stack.
pub const MAX_DEPTH: usize = 32;

/// The result of parsing: a syntax tree (with error nodes where lines did not parse) and the
/// syntax errors, in source order.
#[derive(Clone, Debug)]
pub struct Parse {
    /// The syntax tree.
    pub file: ast::File,
    /// Syntax errors.
    pub errors: Vec<Diagnostic>,
}

/// Parses a design. Never fails and never panics: every problem becomes a diagnostic and the
/// tree holds whatever parsed.
#[must_use]
pub fn parse(source: &Source) -> Parse {
    let original = source.text();
    let mut errors = Vec::new();
    if let Some(at) = source.invalid_utf8_at() {
        errors.push(
            Diagnostic::error("invalid-utf8", "file is not valid UTF-8", Span::new(at, at + 1))
                .with_primary_label("invalid byte here")
                .with_help("save the file as UTF-8"),
        );
    }
    let mut prepared = limit_depth(original, &mut errors);
    if original.starts_with('\u{FEFF}') {
        // A byte-order mark is not part of the design: parse it as three spaces.
        let text = prepared.get_or_insert_with(|| original.to_string());
        text.replace_range(0..3, "   ");
    }
    let text = prepared.as_deref().unwrap_or(original);
    let file = lower::lower(text, original, &mut errors);
    crate::diag::sort(&mut errors);
    Parse { file, errors }
}

/// Blanks out (with spaces, keeping line breaks and offsets) every bracketed region nested more
/// than [`MAX_DEPTH`] deep, reporting each. Returns `None` when nothing had to change.
fn limit_depth(text: &str, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut in_comment = false;
    let mut regions: Vec<(usize, usize)> = Vec::new();
    let mut too_deep_from: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_comment {
            if b == b'\n' {
                in_comment = false;
            }
        } else if in_string {
            match b {
                b'\\' => i += 1,
                b'"' | b'\n' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'#' => in_comment = true,
                b'{' | b'[' => {
                    depth += 1;
                    if depth > MAX_DEPTH && too_deep_from.is_none() {
                        too_deep_from = Some(i);
                    }
                }
                b'}' | b']' => {
                    if depth == MAX_DEPTH + 1 {
                        if let Some(from) = too_deep_from.take() {
                            regions.push((from, i + 1));
                        }
                    }
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            }
        }
        i += 1;
    }
    if let Some(from) = too_deep_from {
        regions.push((from, bytes.len()));
    }
    if regions.is_empty() {
        return None;
    }
    let mut blanked = bytes.to_vec();
    for &(from, to) in &regions {
        errors.push(
            Diagnostic::error(
                "too-deeply-nested",
                format!("blocks and lists are nested more than {MAX_DEPTH} levels deep"),
                Span::new(from, from + 1),
            )
            .with_primary_label("this level is too deep and was skipped")
            .with_help("flatten the structure: use dotted keys such as `a.b: 1` instead of deep blocks"),
        );
        for b in &mut blanked[from..to] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Blanking whole UTF-8 sequences keeps the text valid; partial sequences cannot occur
    // because regions start and end at ASCII brackets.
    Some(String::from_utf8(blanked).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}
