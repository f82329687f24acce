//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

/// mlsd turns ML system designs written as text into diagrams and design reviews.
#[derive(Debug, Parser)]
#[command(
    name = "mlsd",
    version,
    about = "ML system designs as text: check, lint, lay out, render, watch and format `.mlsd` files",
    long_about = "mlsd reads ML system designs written in the mlsd language (`.mlsd` files): the \
requirements, the metrics, the components (data sources, labeling, feature stores, training, \
models, evaluation gates, registries, serving, monitors) and the flows between them.\n\n\
It reports every problem with file:line:col and a suggestion, and exits with 0 when the design \
has no errors, 1 when it has, and 2 on usage or I/O errors.",
    after_help = "Examples:\n  mlsd check examples/video-recsys.mlsd\n  mlsd check --format json design.mlsd\n  mlsd check --deny warnings --format sarif designs/ > mlsd.sarif\n  mlsd explain training-serving-skew\n  cat design.mlsd | mlsd check -"
)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse, check and lint designs; print every problem found and a framework summary
    #[command(
        after_help = "Configuration: `mlsd.toml` next to the design or in a parent folder (`[lint]` table), or `--config`.\n\nExit status: 0 when no finding reaches the failing level (errors; warnings too with `--deny warnings`), 1 when one does, 2 on usage or I/O errors."
    )]
    Check(CheckArgs),
    /// List the lint rules
    Rules(RulesArgs),
    /// Explain a lint rule: what it checks, why, an example and the fix
    Explain(ExplainArgs),
}

/// Arguments of `mlsd rules`.
#[derive(Debug, ClapArgs)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

/// Output format of `mlsd rules`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// An aligned table
    Human,
    /// A JSON array
    Json,
    /// A Markdown table
    Md,
}

/// Arguments of `mlsd explain`.
#[derive(Debug, ClapArgs)]
pub struct ExplainArgs {
    /// The rule id (`training-serving-skew`) or code (`ML032`)
    #[arg(value_name = "RULE")]
    pub rule: String,
}

/// What `--deny` makes fail.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail the run, like errors
    Warnings,
}

/// Arguments of `mlsd check`.
#[derive(Debug, ClapArgs)]
pub struct CheckArgs {
    /// Design files or folders of `.mlsd` files to check (`-` reads standard input)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// When to use colours in human output (`auto` honours NO_COLOR and non-terminals)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Make warnings fail the run (exit 1), for strict CI
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,

    /// Run only these lint rules (ids, ML codes or stage names; comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,

    /// Do not run these lint rules (ids, ML codes or stage names; comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,

    /// Read the lint configuration from this file instead of looking for `mlsd.toml`
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Only parse and check the language; do not lint
    #[arg(long)]
    pub no_lint: bool,
}

/// Output format of diagnostics.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source snippets with underlines, like rustc
    Human,
    /// One line per diagnostic: `file:line:col: severity[code]: message`
    Short,
    /// A versioned JSON document (schema in README.md)
    Json,
    /// GitHub Actions workflow annotations
    Github,
    /// SARIF 2.1.0 (code scanning)
    Sarif,
}

/// Colour choice.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colours on a terminal unless NO_COLOR is set
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}
