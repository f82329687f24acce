//! The formatter: one canonical text for every design, printed from the syntax tree and its
//! comments (never from the model), in the spirit of gofmt and taplo.
//!
//! # The canonical form
//!
//! - **Indentation**: two spaces per level of `{ }` and of multi-line `[ ]`; no tabs; no
//!   trailing spaces.
//! - **Statements**: one per line, never reordered. Properties and list items are never
//!   reordered either, and dotted keys stay dotted (`a.b: 1` is not turned into `a { b: 1 }`).
//! - **Spacing**: `key: value`; `a -> b -> c`; `a, b -> c`; `a -> b [kind]: "label" { ... }`;
//!   `kind id "Label" { ... }`; `[a, b, c]`; `metric >= 0.8`; `rule-id "reason"`.
//! - **Line structure is the author's**: a `{ }` body or a `[ ]` list written on one line stays
//!   on one line, as `{ a: 1, b: 2 }`, `[a, b]`, `{}` or `[]`; one written across lines stays
//!   across lines, with `{`/`[` ending the header line, each source line of properties or items
//!   kept together on its own indented line, and `}`/`]` on a line of its own. The formatter
//!   never joins nor breaks lines by width. This is what the normative example does: it mixes
//!   one-line blocks of 127 columns with multi-line blocks that would fit in 90, and writes
//!   several properties per line inside multi-line blocks (`task: recommendation, algorithm:
//!   two_tower, role: ranking`). Only a block or list that itself spans lines is moved onto
//!   lines of its own.
//! - **Separators**: properties sharing a line are separated by `, ` (a missing comma is added);
//!   a comma at the end of a line of properties is dropped. Each line of a multi-line list ends
//!   with `,` (so adding an item touches one line); a one-line list has no trailing comma.
//! - **Values**: strings are re-escaped canonically (`\"`, `\\`, `\n`, `\t`, everything else
//!   as itself); numbers lose leading zeros (`007` is `7`) and units take their canonical
//!   spelling (`10K/day` is `10k/day`). Digits after the decimal point are kept (`0.30` may
//!   state a precision), and no unit is converted (`1000ms` stays `1000ms`): the formatter never
//!   changes a value, only how the same value is spelled.
//! - **Comments** stay where they were: a comment after code stays at the end of that line, a
//!   comment on its own line stays on its own line before the same statement (or before the
//!   closing `}`/`]`), at the indentation of what surrounds it. Their text is kept as written,
//!   without trailing spaces. Trailing comments on consecutive lines (no blank line and no line
//!   without a comment in between) are aligned one space after the longest code of the run, as
//!   gofmt and taplo align them; a lone trailing comment has one space before its `#`.
//! - **Blank lines**: runs of blank lines become one; none at the start or end of a file or a
//!   block. The file ends with exactly one line break (an empty design stays empty).
//! - **Line endings** follow the file's first line break (`\r\n` or `\n`) by default; a
//!   byte-order mark is kept.
//!
//! # Guarantees
//!
//! `format(format(x)) == format(x)`, and the model built from `format(x)` equals the model
//! built from `x` (spans aside). [`format()`] checks the second on every call, together with "no
//! comment lost": if a bug ever broke it, the result is an error and the file is left alone.
//! A file with syntax errors is not formatted; its errors are returned instead.

mod printer;

use crate::diag::Diagnostic;
use crate::source::{Source, Span};

/// How to format.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormatOptions {
    /// Which line breaks to write.
    pub newline: NewlineStyle,
}

/// Which line breaks the formatted text uses.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum NewlineStyle {
    /// Those of the input: `\r\n` if its first line break is `\r\n`, otherwise `\n`.
    #[default]
    Auto,
    /// Always `\n`.
    Lf,
    /// Always `\r\n`.
    CrLf,
}

/// The result of formatting one source.
#[derive(Clone, Debug)]
pub enum Formatted {
    /// The canonical text (may equal the input).
    Text(String),
    /// The source could not be formatted: its syntax errors (or, should the formatter have a
    /// bug, an error saying so). Nothing was printed.
    Errors(Vec<Diagnostic>),
}

impl Formatted {
    /// The formatted text, if formatting succeeded.
    #[must_use]
    pub fn text(&self) -> Option<&str> {
        match self {
            Formatted::Text(text) => Some(text),
            Formatted::Errors(_) => None,
        }
    }
}

/// Formats a design. Never panics; a file with syntax errors is returned as its errors.
#[must_use]
pub fn format(source: &Source, options: &FormatOptions) -> Formatted {
    let parse = crate::syntax::parse(source);
    if !parse.errors.is_empty() {
        return Formatted::Errors(parse.errors);
    }
    let input = source.text();
    let mut text = printer::print(input, &parse.file);
    let crlf = match options.newline {
        NewlineStyle::Auto => input.find(['\n', '\r']).is_some_and(|at| input[at..].starts_with("\r\n")),
        NewlineStyle::Lf => false,
        NewlineStyle::CrLf => true,
    };
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    if input.starts_with('\u{FEFF}') {
        text.insert(0, '\u{FEFF}');
    }
    match verify(source, &parse.file, &text) {
        Ok(()) => Formatted::Text(text),
        Err(what) => Formatted::Errors(vec![
            Diagnostic::error(
                "formatter-bug",
                format!("the formatter would have {what}; the file was left unchanged"),
                Span::empty(0),
            )
            .with_help("this is a bug in mlsd: please report it with this file"),
        ]),
    }
}

/// Checks that `formatted` parses cleanly, keeps every comment and means what `file` means.
fn verify(source: &Source, file: &crate::syntax::ast::File, formatted: &str) -> Result<(), &'static str> {
    let output = Source::new(source.name(), formatted);
    let reparsed = crate::syntax::parse(&output);
    if !reparsed.errors.is_empty() {
        return Err("written text that does not parse");
    }
    let comments = |src: &Source, f: &crate::syntax::ast::File| -> Vec<String> {
        f.comments.iter().map(|c| src.slice(c.span).trim_end().to_string()).collect()
    };
    if comments(source, file) != comments(&output, &reparsed.file) {
        return Err("lost or changed a comment");
    }
    let before = crate::model::build(file);
    let after = crate::model::build(&reparsed.file);
    if crate::model::dump(&before.value) != crate::model::dump(&after.value) {
        return Err("changed the meaning of the design");
    }
    let messages = |diagnostics: &[Diagnostic]| -> Vec<String> {
        let mut all: Vec<String> =
            diagnostics.iter().map(|d| format!("{:?} {} {}", d.severity, d.code, d.message)).collect();
        all.sort();
        all
    };
    if messages(&before.diagnostics) != messages(&after.diagnostics) {
        return Err("changed the diagnostics of the design");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verify_text(before: &str, after: &str) -> Result<(), &'static str> {
        let source = Source::new("t.mlsd", before);
        let parse = crate::syntax::parse(&source);
        verify(&source, &parse.file, after)
    }

    #[test]
    fn verify_accepts_a_respelled_design() {
        assert_eq!(verify_text("model   m{task:ranking} # c\n", "model m { task: ranking } # c\n"), Ok(()));
    }

    #[test]
    fn verify_rejects_output_that_breaks_a_guarantee() {
        assert_eq!(verify_text("model m\n", "model m {\n"), Err("written text that does not parse"));
        assert_eq!(verify_text("model m # c\n", "model m\n"), Err("lost or changed a comment"));
        assert_eq!(verify_text("# a\n# b\n", "# b\n# a\n"), Err("lost or changed a comment"));
        assert_eq!(
            verify_text("requirements { users.dau: 1B }\n", "requirements { users.dau: 1M }\n"),
            Err("changed the meaning of the design")
        );
        assert_eq!(
            verify_text("model m { tsk: 1 }\n", "model m { tks: 1 }\n"),
            Err("changed the diagnostics of the design")
        );
    }

    #[test]
    fn syntax_errors_are_returned_not_formatted() {
        let source = Source::new("t.mlsd", "model m {\n");
        match format(&source, &FormatOptions::default()) {
            Formatted::Errors(errors) => assert_eq!(errors[0].code, "unclosed-delimiter"),
            Formatted::Text(text) => panic!("formatted a file with syntax errors: {text:?}"),
        }
    }
}
