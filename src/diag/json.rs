//! Machine-readable output: a stable, versioned JSON document.
//!
//! Schema version 1 (documented in README.md, "JSON output"):
//!
//! ```json
//! {
//!   "version": 1,
//!   "tool": { "name": "mlsd", "version": "0.1.0" },
//!   "files": [ { "path": "design.mlsd", "summary": { "errors": 1, "warnings": 0, "infos": 0 } } ],
//!   "diagnostics": [ {
//!     "file": "design.mlsd", "severity": "error", "code": "unknown-kind", "number": null,
//!     "message": "unknown component kind `modle`",
//!     "span": { "start": { "offset": 10, "line": 2, "column": 1 },
//!               "end": { "offset": 15, "line": 2, "column": 6 } },
//!     "primary_label": null,
//!     "labels": [ { "message": "...", "span": { ... } } ],
//!     "help": "did you mean `model`?", "notes": []
//!   } ],
//!   "summary": { "errors": 1, "warnings": 0, "infos": 0 }
//! }
//! ```
//!
//! Fields are only ever added in a version; removing or renaming one bumps `version`.

use serde::Serialize;

use super::{Diagnostic, Summary};
use crate::source::{Source, Span};

/// Version of the JSON schema written by [`emit`].
pub const SCHEMA_VERSION: u32 = 1;

/// The diagnostics of one file, plus optional extra per-file data (for example the lint
/// framework summary), for the emitters.
#[derive(Debug)]
pub struct FileReport<'a> {
    /// The file.
    pub source: &'a Source,
    /// Its diagnostics, already sorted.
    pub diagnostics: &'a [Diagnostic],
    /// Extra fields written into the file's entry of `files`.
    pub extra: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    files: Vec<FileEntry<'a>>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    summary: Summary,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    extra: Option<&'a serde_json::Value>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    severity: &'static str,
    code: &'static str,
    number: Option<&'static str>,
    message: &'a str,
    span: JsonSpan,
    primary_label: Option<&'a str>,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    span: JsonSpan,
}

/// A span with both byte offsets and 1-based line/column positions.
#[derive(Serialize)]
pub(crate) struct JsonSpan {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    offset: u32,
    line: u32,
    column: u32,
}

impl JsonSpan {
    pub(crate) fn new(source: &Source, span: Span) -> JsonSpan {
        let position = |offset: u32| {
            let lc = source.line_col(offset);
            Position { offset, line: lc.line, column: lc.column }
        };
        JsonSpan { start: position(span.start), end: position(span.end) }
    }
}

/// Writes the JSON document for `reports` (pretty-printed, with a trailing newline).
#[must_use]
pub fn emit(reports: &[FileReport<'_>]) -> String {
    let mut total = Summary::default();
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for report in reports {
        let summary = Summary::of(report.diagnostics);
        total.add(summary);
        files.push(FileEntry { path: report.source.name(), summary, extra: report.extra.as_ref() });
        for d in report.diagnostics {
            diagnostics.push(JsonDiagnostic {
                file: report.source.name(),
                severity: d.severity.as_str(),
                code: d.code,
                number: d.number,
                message: &d.message,
                span: JsonSpan::new(report.source, d.primary),
                primary_label: d.primary_label.as_deref(),
                labels: d
                    .labels
                    .iter()
                    .map(|l| JsonLabel { message: &l.message, span: JsonSpan::new(report.source, l.span) })
                    .collect(),
                help: d.help.as_deref(),
                notes: &d.notes,
            });
        }
    }
    let document = Document {
        version: SCHEMA_VERSION,
        tool: Tool { name: "mlsd", version: env!("CARGO_PKG_VERSION") },
        files,
        diagnostics,
        summary: total,
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
