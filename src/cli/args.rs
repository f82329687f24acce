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
    /// Rewrite designs in their canonical form, or check that they are in it
    #[command(
        after_help = "Files are rewritten in place (only if they change); `-` formats standard input to standard \
output. A file with syntax errors is left as it is and its errors are printed.\n\n\
Exit status: 0 when every file is formatted (or, with --check, already was), 1 when a file has syntax errors or, \
with --check, is not formatted, 2 on usage or I/O errors."
    )]
    Fmt(FmtArgs),
    /// Lay a design out and print the geometry (node boxes, containers, edge paths)
    #[command(
        after_help = "Examples:\n  mlsd layout examples/video-recsys.mlsd\n  mlsd layout --no-lanes --direction down design.mlsd\n\n\
Exit status: 0 when the design has no errors, 1 when it has (the layout is still printed), 2 on usage or I/O errors."
    )]
    Layout(LayoutArgs),
    /// Render a design to SVG (or PNG)
    #[command(
        after_help = "Examples:\n  mlsd render examples/video-recsys.mlsd            # writes examples/video-recsys.svg\n  mlsd render design.mlsd -o design.png --theme dark\n  mlsd render design.mlsd -o - > design.svg\n\n\
Exit status: 0 when the diagram was written, 1 when the design has errors (nothing is written), 2 on usage or I/O errors."
    )]
    Render(RenderArgs),
    /// List the lint rules
    Rules(RulesArgs),
    /// Explain a lint rule: what it checks, why, an example and the fix
    Explain(ExplainArgs),
    /// Rebuild a design on every save and show it live in the browser
    #[command(
        after_help = "Examples:\n  mlsd watch design.mlsd                    # preview at the printed http://127.0.0.1:PORT/\n  mlsd watch design.mlsd -o design.svg --open\n  mlsd watch design.mlsd --port 0           # any free port\n\n\
On every save (of the design or of `mlsd.toml`) the design is checked, laid out and rendered; the diagnostics are \
printed (the screen is cleared first), OUT is rewritten when the design has no errors, and the browser preview \
updates without a reload. While the design has errors the preview keeps the last good diagram and shows the errors \
over it. Ctrl-C stops.\n\n\
Exit status: 0 when stopped with Ctrl-C, 2 on usage errors or when the preview server cannot start."
    )]
    Watch(WatchArgs),
}

/// Arguments of `mlsd watch`.
#[derive(Debug, ClapArgs)]
pub struct WatchArgs {
    /// The design to watch
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Also write the diagram here (`.svg`, or `.png`) after every build without errors
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Port of the preview server; 0 picks a free one [default: 3737, or a free port when it is taken]
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,

    /// Address the preview server listens on (anything but loopback exposes your design to the network)
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub host: std::net::IpAddr,

    /// Open the preview in the default browser
    #[arg(long)]
    pub open: bool,

    /// Do not clear the terminal before each build
    #[arg(long)]
    pub no_clear: bool,

    /// Colour theme
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,

    /// Leave out the title and key requirements
    #[arg(long)]
    pub no_header: bool,

    /// Leave out the legend of edge styles
    #[arg(long)]
    pub no_legend: bool,

    /// When to use colours in the terminal (`auto` honours NO_COLOR and non-terminals)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Layout choices
    #[command(flatten)]
    pub draw: DrawArgs,
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

/// Arguments of `mlsd render`.
#[derive(Debug, ClapArgs)]
pub struct RenderArgs {
    /// The design (`-` reads standard input)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where to write: a `.svg` or `.png` file, or `-` for standard output [default: FILE with
    /// `.svg`, or standard output when reading standard input]
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Colour theme
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,

    /// Leave out the title and key requirements
    #[arg(long)]
    pub no_header: bool,

    /// Leave out the legend of edge styles
    #[arg(long)]
    pub no_legend: bool,

    /// Lint the design and mark components with findings (a badge, and the messages in the
    /// tooltip); `mlsd.toml` applies as for `mlsd check`
    #[arg(long)]
    pub lint: bool,

    /// Pixels per SVG unit in PNG output
    #[arg(long, default_value_t = 2.0, value_name = "FACTOR")]
    pub scale: f32,

    /// Layout choices
    #[command(flatten)]
    pub draw: DrawArgs,
}

/// Colour theme on the command line.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    /// Dark text on white
    Light,
    /// Light text on a dark background
    Dark,
}

/// Arguments of `mlsd fmt`.
#[derive(Debug, ClapArgs)]
pub struct FmtArgs {
    /// Design files or folders of `.mlsd` files to format (`-` reads standard input)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Change nothing: print a unified diff of what would change and exit with 1 if any file is
    /// not formatted
    #[arg(long)]
    pub check: bool,

    /// When to use colours in diagnostics (`auto` honours NO_COLOR and non-terminals)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Layout choices shared by the commands that draw.
#[derive(Debug, Clone, ClapArgs)]
pub struct DrawArgs {
    /// Do not put components into framework-stage lanes when the design has no groups
    #[arg(long)]
    pub no_lanes: bool,

    /// Flow direction (overrides the design's `direction`)
    #[arg(long, value_enum)]
    pub direction: Option<DirectionArg>,
}

/// Flow direction on the command line.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum DirectionArg {
    /// Left to right
    Right,
    /// Top to bottom
    Down,
}

/// Arguments of `mlsd layout`.
#[derive(Debug, ClapArgs)]
pub struct LayoutArgs {
    /// The design (`-` reads standard input)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Output format
    #[arg(long, value_enum, default_value_t = LayoutFormat::Json)]
    pub format: LayoutFormat,

    /// Layout choices
    #[command(flatten)]
    pub draw: DrawArgs,
}

/// Output format of `mlsd layout`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LayoutFormat {
    /// The whole geometry as JSON
    Json,
    /// Size, crossings and phase times on one line per fact
    Summary,
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
