//! `mlsd fmt`: rewrite designs in canonical form, or (`--check`) show what would change.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::Result;

use super::args::{ColorChoice, FmtArgs};
use super::io::{Durability, expand, read_source, write_atomic};
use super::{ExitStatus, Output};
use crate::fmt::{FormatOptions, Formatted, format};

/// What happened to the files, for the summary line.
#[derive(Default)]
struct Tally {
    /// Rewritten, or with `--check`, would be.
    changed: usize,
    /// Already formatted.
    unchanged: usize,
    /// Not formatted because of syntax errors.
    invalid: usize,
}

pub(crate) fn run(args: &FmtArgs, out: &mut Output) -> Result<ExitStatus> {
    let paths = expand(&args.files)?;
    let color = use_color_on_stderr(args.color);
    let options = FormatOptions::default();
    let mut tally = Tally::default();
    for path in &paths {
        let source = read_source(path)?;
        let formatted = match format(&source, &options) {
            Formatted::Text(text) => text,
            Formatted::Errors(errors) => {
                out.stderr(&crate::diag::human::emit(&source, &errors, color));
                tally.invalid += 1;
                continue;
            }
        };
        let stdin = is_stdin(path);
        let changed = formatted != source.text();
        if changed {
            tally.changed += 1;
        } else {
            tally.unchanged += 1;
        }
        if args.check {
            if changed {
                out.stdout(&unified_diff(source.name(), source.text(), &formatted));
            }
        } else if stdin {
            out.stdout(&formatted);
        } else if changed {
            write_atomic(path, formatted.as_bytes(), Durability::Flushed)?;
        }
    }
    if paths.iter().any(|p| !is_stdin(p)) {
        out.stderr(&summary(&tally, args.check));
    }
    Ok(if tally.invalid > 0 || (args.check && tally.changed > 0) { ExitStatus::Failure } else { ExitStatus::Success })
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A unified diff (3 lines of context) from `before` to `after`, both headed with `name`.
fn unified_diff(name: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after).unified_diff().context_radius(3).header(name, name).to_string()
}

/// `1 file reformatted, 2 files already formatted` (with `--check`: `would be reformatted`).
fn summary(tally: &Tally, check: bool) -> String {
    let files = |n: usize| if n == 1 { "1 file".to_string() } else { format!("{n} files") };
    let mut parts = Vec::new();
    if tally.changed > 0 {
        let verb = if check { "would be reformatted" } else { "reformatted" };
        parts.push(format!("{} {verb}", files(tally.changed)));
    }
    if tally.unchanged > 0 {
        parts.push(format!("{} already formatted", files(tally.unchanged)));
    }
    if tally.invalid > 0 {
        let verb = if check { "cannot be formatted" } else { "left unchanged" };
        parts.push(format!("{} with syntax errors {verb}", files(tally.invalid)));
    }
    format!("{}\n", parts.join(", "))
}

/// Whether to colour diagnostics, which `fmt` writes to standard error.
fn use_color_on_stderr(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
            !set("NO_COLOR") && (set("CLICOLOR_FORCE") || std::io::stderr().is_terminal())
        }
    }
}
