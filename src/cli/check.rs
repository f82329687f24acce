//! `mlsd check`: parse, build and lint designs and print the diagnostics.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::args::{CheckArgs, Deny, Format};
use super::io::{expand, read_source, use_color};
use super::{ExitStatus, Output};
use crate::diag::{self, Diagnostic, Severity, Summary, json::FileReport};
use crate::lint::{self, FrameworkSummary, LintConfig};
use crate::source::Source;

/// One checked file.
pub(crate) struct Checked {
    pub(crate) source: Source,
    pub(crate) model: crate::model::Model,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The framework summary, when the file was linted.
    pub(crate) framework: Option<FrameworkSummary>,
    /// Whether warnings fail this file (`--deny warnings` or the configuration).
    pub(crate) deny_warnings: bool,
}

/// Parses and builds one source (no lint); all diagnostics sorted.
pub(crate) fn check_source(source: Source) -> Checked {
    check_and_lint(source, None)
}

/// Parses and builds one source, and lints it with `config` unless the language checks found
/// errors (a half-resolved model would only produce noise); all diagnostics sorted.
pub(crate) fn check_and_lint(source: Source, config: Option<&LintConfig>) -> Checked {
    let parse = crate::syntax::parse(&source);
    let built = crate::model::build(&parse.file);
    let mut diagnostics = parse.errors;
    diagnostics.extend(built.diagnostics);
    let mut framework = None;
    if let Some(config) = config {
        if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
            let result = lint::run(&built.value, config);
            diagnostics.extend(result.diagnostics);
            framework = Some(result.summary);
        }
    }
    diag::sort(&mut diagnostics);
    let deny_warnings = config.is_some_and(|c| c.deny_warnings);
    Checked { source, model: built.value, diagnostics, framework, deny_warnings }
}

pub(crate) fn run(args: &CheckArgs, out: &mut Output) -> Result<ExitStatus> {
    for selector in args.select.iter().chain(&args.ignore) {
        if let Err(message) = lint::config::check_selector(selector) {
            bail!("{message}");
        }
    }
    let paths = expand(&args.files)?;
    let mut configs = Configs::default();
    let mut checked = Vec::with_capacity(paths.len());
    for path in &paths {
        let source = read_source(path)?;
        let config = if args.no_lint { None } else { Some(configs.for_design(path, args)?) };
        checked.push(check_and_lint(source, config.as_ref()));
    }
    let reports: Vec<FileReport<'_>> = checked
        .iter()
        .map(|c| FileReport {
            source: &c.source,
            diagnostics: &c.diagnostics,
            extra: c.framework.as_ref().map(|f| serde_json::json!({ "framework": f.to_json() })),
        })
        .collect();
    let summary = Summary::of(checked.iter().flat_map(|c| &c.diagnostics));
    match args.format {
        Format::Json => out.stdout(&diag::json::emit(&reports)),
        Format::Github => out.stdout(&diag::github::emit(&reports)),
        Format::Sarif => out.stdout(&diag::sarif::emit(&reports, &lint::registry::descriptors())),
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
                out.stdout(&c.human_review(color, checked.len() > 1, !args.no_lint));
            }
            out.stdout(&summary_line(&summary, checked.len()));
        }
    }
    let fails = checked.iter().any(|c| {
        let deny_warnings = args.deny == Some(Deny::Warnings) || c.deny_warnings;
        c.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning))
    });
    Ok(if fails { ExitStatus::Failure } else { ExitStatus::Success })
}

/// Lint configurations by `mlsd.toml` path, read once each.
#[derive(Default)]
struct Configs {
    loaded: BTreeMap<PathBuf, LintConfig>,
}

impl Configs {
    /// The configuration for the design at `path`: `--config`, else the nearest `mlsd.toml` in
    /// the design's folder or a parent folder (the current folder for stdin), else the
    /// defaults; then the command-line selection applied.
    fn for_design(&mut self, path: &Path, args: &CheckArgs) -> Result<LintConfig> {
        let file = match &args.config {
            Some(file) => Some(file.clone()),
            None => find_config(path),
        };
        let mut config = match file {
            None => LintConfig::default(),
            Some(file) => match self.loaded.get(&file) {
                Some(c) => c.clone(),
                None => {
                    let text =
                        std::fs::read_to_string(&file).with_context(|| format!("cannot read `{}`", file.display()))?;
                    let c = LintConfig::from_toml(&text).map_err(|e| anyhow::anyhow!("`{}`: {e}", file.display()))?;
                    self.loaded.insert(file, c.clone());
                    c
                }
            },
        };
        if !args.select.is_empty() {
            config.select = Some(args.select.clone());
        }
        config.ignore.extend(args.ignore.iter().cloned());
        Ok(config)
    }
}

impl Checked {
    /// Whether the design has language errors (syntax or model); lint findings, even errors,
    /// do not stop a design from being drawn.
    pub(crate) fn has_language_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error && d.number.is_none())
    }

    /// The human review of this design: its diagnostics, then the framework summary (after the
    /// file's name when `named`), or, when linting was asked for but errors stopped it, a line
    /// saying so.
    pub(crate) fn human_review(&self, color: bool, named: bool, lint_asked: bool) -> String {
        let mut text = diag::human::emit(&self.source, &self.diagnostics, color);
        if let Some(framework) = &self.framework {
            if named {
                text.push_str(&format!("{}: ", self.source.name()));
            }
            text.push_str(&framework.render());
            text.push('\n');
        } else if lint_asked {
            text.push_str(&format!("{}: not linted: fix the errors above first\n\n", self.source.name()));
        }
        text
    }
}

/// The lint configuration of the design at `path` (the nearest `mlsd.toml`, else the defaults).
pub(crate) fn config_for(path: &Path) -> Result<LintConfig> {
    match find_config(path) {
        None => Ok(LintConfig::default()),
        Some(file) => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read `{}`", file.display()))?;
            LintConfig::from_toml(&text).map_err(|e| anyhow::anyhow!("`{}`: {e}", file.display()))
        }
    }
}

/// The nearest `mlsd.toml` from the design's folder upwards.
fn find_config(design: &Path) -> Option<PathBuf> {
    let start = if design.as_os_str() == "-" {
        std::env::current_dir().ok()?
    } else {
        let dir = design.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::path::absolute(dir).ok()?
    };
    start.ancestors().map(|dir| dir.join("mlsd.toml")).find(|p| p.is_file())
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
