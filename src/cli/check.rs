//! `mlsd check`: parse, build (and lint) designs and print the diagnostics.

use anyhow::Result;

use super::args::{CheckArgs, Format};
use super::io::{expand, read_source, use_color};
use super::{ExitStatus, Output};
use crate::diag::{self, Diagnostic, Severity, Summary, json::FileReport};
use crate::source::Source;

/// One checked file.
pub(crate) struct Checked {
    pub(crate) source: Source,
    pub(crate) model: crate::model::Model,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Parses and builds one source; all diagnostics sorted.
pub(crate) fn check_source(source: Source) -> Checked {
    let parse = crate::syntax::parse(&source);
    let built = crate::model::build(&parse.file);
    let mut diagnostics = parse.errors;
    diagnostics.extend(built.diagnostics);
    diag::sort(&mut diagnostics);
    Checked { source, model: built.value, diagnostics }
}

pub(crate) fn run(args: &CheckArgs, out: &mut Output) -> Result<ExitStatus> {
    let paths = expand(&args.files)?;
    let mut checked = Vec::with_capacity(paths.len());
    for path in &paths {
        checked.push(check_source(read_source(path)?));
    }
    let reports: Vec<FileReport<'_>> =
        checked.iter().map(|c| FileReport { source: &c.source, diagnostics: &c.diagnostics, extra: None }).collect();
    let summary = Summary::of(checked.iter().flat_map(|c| &c.diagnostics));
    match args.format {
        Format::Json => out.stdout(&diag::json::emit(&reports)),
        Format::Github => out.stdout(&diag::github::emit(&reports)),
        Format::Short => {
            for c in &checked {
                for d in &c.diagnostics {
                    out.stdout(&diag::human::one_line(&c.source, d));
                }
            }
        }
        Format::Human => {
            let color = use_color(args.color);
            for c in &checked {
                out.stdout(&diag::human::emit(&c.source, &c.diagnostics, color));
            }
            out.stdout(&summary_line(&summary, checked.len()));
        }
    }
    Ok(if checked.iter().flat_map(|c| &c.diagnostics).any(|d| d.severity == Severity::Error) {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// `2 errors, 1 warning in 3 files` or `no problems found in 1 file`.
pub(crate) fn summary_line(summary: &Summary, files: usize) -> String {
    let files = if files == 1 { "1 file".to_string() } else { format!("{files} files") };
    let mut parts = Vec::new();
    for (n, one, many) in [
        (summary.errors, "error", "errors"),
        (summary.warnings, "warning", "warnings"),
        (summary.infos, "info", "infos"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    if parts.is_empty() {
        format!("no problems found in {files}\n")
    } else {
        format!("{} in {files}\n", parts.join(", "))
    }
}
