//! Human output: rustc-style snippets with underlines. The only user of `codespan-reporting`.

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config, termcolor};

use super::{Diagnostic, Severity};
use crate::source::{Source, Span};

/// Renders `diagnostics` of `source` as rustc-style text; ANSI colours only when `color` is set.
#[must_use]
pub fn emit(source: &Source, diagnostics: &[Diagnostic], color: bool) -> String {
    let file = SimpleFile::new(source.name(), source.text());
    let config = Config::default();
    let mut out = String::new();
    for diagnostic in diagnostics {
        let converted = convert(source, diagnostic);
        let rendered = if color {
            let mut buffer = termcolor::Buffer::ansi();
            term::emit_to_write_style(&mut buffer, &config, &file, &converted)
                .ok()
                .map(|()| String::from_utf8_lossy(buffer.as_slice()).into_owned())
        } else {
            term::emit_into_string(&config, &file, &converted).ok()
        };
        match rendered {
            Some(text) => out.push_str(&text),
            // A span codespan cannot place (never expected): fall back to a one-line form.
            None => out.push_str(&one_line(source, diagnostic)),
        }
    }
    out
}

/// `file:line:col: severity[code]: message`, the short form used by `--format short` and as a
/// fallback.
#[must_use]
pub fn one_line(source: &Source, diagnostic: &Diagnostic) -> String {
    let at = source.line_col(diagnostic.primary.start);
    format!(
        "{}:{}:{}: {}[{}]: {}\n",
        source.name(),
        at.line,
        at.column,
        diagnostic.severity.as_str(),
        diagnostic.code,
        diagnostic.message
    )
}

fn convert(source: &Source, diagnostic: &Diagnostic) -> cs::Diagnostic<()> {
    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Info => cs::Severity::Note,
    };
    let code = match diagnostic.number {
        Some(number) => format!("{number} {}", diagnostic.code),
        None => diagnostic.code.to_string(),
    };
    let mut primary = cs::Label::primary((), clamp(source, diagnostic.primary));
    if let Some(message) = &diagnostic.primary_label {
        primary = primary.with_message(message);
    }
    let mut labels = vec![primary];
    labels.extend(
        diagnostic.labels.iter().map(|l| cs::Label::secondary((), clamp(source, l.span)).with_message(&l.message)),
    );
    let mut notes: Vec<String> = diagnostic.notes.iter().map(|n| format!("note: {n}")).collect();
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    cs::Diagnostic::new(severity)
        .with_message(&diagnostic.message)
        .with_code(code)
        .with_labels(labels)
        .with_notes(notes)
}

/// Keeps a span inside the text and on char boundaries so the renderer can always place it.
fn clamp(source: &Source, span: Span) -> std::ops::Range<usize> {
    let text = source.text();
    let start = crate::source::floor_char_boundary(text, span.start as usize);
    let end = crate::source::floor_char_boundary(text, (span.end as usize).max(start));
    start..end
}
