//! `mlsd watch`: rebuild a design on every save, print its diagnostics, keep `OUT` and the browser
//! preview ([`super::serve`]) current.
//!
//! The watcher follows typst's and d2's:
//!
//! - It watches the *folders* of the design and of its `mlsd.toml` (not the files' inodes), so
//!   editors that save by writing a temporary file and renaming it over the design (vim, helix,
//!   JetBrains), and files deleted and created again, keep being followed. Events for any other
//!   file (the output, our own temporary files, editor swap and backup files) are dropped, and so
//!   are reads, opens and metadata-only changes (chmod, touch).
//! - Events come in bursts, so a build waits until the burst is over: 100 ms without a relevant
//!   event ([`BATCH`]), but never more than 500 ms after the burst began ([`STARVE`]). When the
//!   system says a write is complete (a file closed after writing, or a file renamed onto the
//!   design), 2 ms of quiet is enough ([`SETTLE`]): that is what keeps save-to-preview fast.
//! - A build whose input (design and config bytes) is the same as the last build's is skipped.
//! - A folder that disappears is polled for every [`POLL`] and watched again when it is back.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use notify::Watcher as _;
use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
use serde::Serialize;

use super::args::{ThemeArg, WatchArgs};
use super::check::{Checked, check_and_lint, summary_line};
use super::io::{Durability, use_color, write_atomic};
use super::layout::layout_options;
use super::serve::{Preview, Server};
use super::{ExitStatus, Output};
use crate::diag::{self, Diagnostic, Summary};
use crate::layout::LayoutOptions;
use crate::lint::LintConfig;
use crate::model::Model;
use crate::render::Theme;
use crate::source::{Source, Span};

/// Quiet time that ends a burst of events.
pub(crate) const BATCH: Duration = Duration::from_millis(100);
/// Quiet time that ends a burst once a write is known to be complete.
pub(crate) const SETTLE: Duration = Duration::from_millis(2);
/// The longest a burst can delay a build.
pub(crate) const STARVE: Duration = Duration::from_millis(500);
/// How often missing folders are looked for.
const POLL: Duration = Duration::from_millis(500);
/// Diagnostics printed in the terminal per build (the rest are counted).
const TERMINAL_LIMIT: usize = 50;
/// Diagnostics sent to the page per build (the rest are counted).
const PAGE_LIMIT: usize = 200;

/// What the watcher thread is told.
enum Message {
    Fs(notify::Result<notify::Event>),
    Stop,
}

pub(crate) fn run(args: &WatchArgs, out: &mut Output) -> Result<ExitStatus> {
    let design = resolve(&args.file)?;
    if !design.is_file() {
        bail!("cannot watch `{}`: not a file", args.file.display());
    }
    let output = match &args.output {
        Some(p) if p.as_os_str() == "-" => bail!("--output must be a file (the preview shows the diagram)"),
        Some(p) => Some(resolve(p)?),
        None => None,
    };
    if output.as_deref() == Some(design.as_path()) {
        bail!("--output must not be the design itself");
    }
    let mut options = layout_options(&args.draw);
    options.header = !args.no_header;
    options.legend = !args.no_legend;
    let theme = match args.theme {
        ThemeArg::Light => Theme::light(),
        ThemeArg::Dark => Theme::dark(),
    };

    let preview = Arc::new(Preview::new());
    let server = Server::start(args.host, args.port, preview.clone())?;
    let url = server.url();

    let (tx, rx) = channel();
    stop_on_ctrl_c(tx.clone())?;
    let mut watcher = Watcher::new(tx, design.clone())?;
    let mut session = Session {
        name: args.file.display().to_string(),
        design,
        output,
        options,
        theme,
        color: use_color(args.color),
        clear: !args.no_clear && std::io::stdout().is_terminal(),
        url: url.clone(),
        preview,
        builds: 0,
        last_input: None,
    };
    session.build(out);
    if args.open {
        open_browser(&url, out);
    }
    loop {
        watcher.sync();
        match watcher.wait(&rx) {
            Wake::Stop => break,
            Wake::Changed => session.build(out),
        }
    }
    drop(watcher);
    server.shutdown();
    out.stdout("\nmlsd watch: stopped\n");
    out.flush();
    Ok(ExitStatus::Success)
}

/// An absolute path with its folder's symbolic links resolved (so it compares equal to the
/// paths in file events); the file itself need not exist.
fn resolve(path: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(path).with_context(|| format!("cannot find `{}`", path.display()))?;
    let (Some(dir), Some(name)) = (absolute.parent(), absolute.file_name()) else {
        bail!("`{}` is not a file", path.display());
    };
    Ok(match std::fs::canonicalize(dir) {
        Ok(dir) => dir.join(name),
        Err(_) => absolute,
    })
}

/// The `mlsd.toml` that applies to a design in `dir`: the nearest one in `dir` or a folder above
/// it, else `dir/mlsd.toml` (watched so that creating it takes effect).
pub(crate) fn config_path(dir: &Path) -> PathBuf {
    dir.ancestors().map(|d| d.join("mlsd.toml")).find(|p| p.is_file()).unwrap_or_else(|| dir.join("mlsd.toml"))
}

/// First Ctrl-C (or SIGTERM): stop cleanly after the current build. A second one: exit at once.
fn stop_on_ctrl_c(tx: Sender<Message>) -> Result<()> {
    let asked = AtomicBool::new(false);
    ctrlc::set_handler(move || {
        if asked.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        let _ = tx.send(Message::Stop);
    })
    .context("cannot handle Ctrl-C")
}

/// Opens `url` in the default browser (failures are reported, never fatal).
fn open_browser(url: &str, out: &mut Output) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command.arg(url).stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null());
    command.stderr(std::process::Stdio::null());
    match command.spawn() {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => out.stderr(&format!("warning: cannot open a browser ({e}); open {url} yourself\n")),
    }
}

/// What ended a wait.
enum Wake {
    Changed,
    Stop,
}

/// The file watcher: folders watched, paths that matter.
struct Watcher {
    inner: notify::RecommendedWatcher,
    design: PathBuf,
    config: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    fn new(tx: Sender<Message>, design: PathBuf) -> Result<Watcher> {
        let inner = notify::recommended_watcher(move |event| {
            let _ = tx.send(Message::Fs(event));
        })
        .context("cannot watch files")?;
        let config = config_path(design.parent().unwrap_or(Path::new("/")));
        let mut watcher = Watcher { inner, design, config, watched: BTreeSet::new() };
        watcher.sync();
        Ok(watcher)
    }

    /// Mark and sweep: watches the folders of the design and of its config that exist and are not
    /// watched yet, forgets the ones that are gone. Returns whether anything changed.
    fn sync(&mut self) -> bool {
        self.config = config_path(self.design.parent().unwrap_or(Path::new("/")));
        let wanted: BTreeSet<PathBuf> =
            [&self.design, &self.config].iter().filter_map(|p| p.parent()).map(Path::to_path_buf).collect();
        let mut changed = false;
        let gone: Vec<PathBuf> = self.watched.iter().filter(|d| !wanted.contains(*d) || !d.is_dir()).cloned().collect();
        for dir in gone {
            let _ = self.inner.unwatch(&dir);
            self.watched.remove(&dir);
            changed = true;
        }
        for dir in wanted {
            if !self.watched.contains(&dir)
                && dir.is_dir()
                && self.inner.watch(&dir, notify::RecursiveMode::NonRecursive).is_ok()
            {
                self.watched.insert(dir);
                changed = true;
            }
        }
        changed
    }

    /// Waits for a change to the design or its config and for its burst of events to end.
    fn wait(&mut self, rx: &Receiver<Message>) -> Wake {
        // The first relevant event; poll for folders that come back meanwhile.
        let mut complete = loop {
            match rx.recv_timeout(POLL) {
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return Wake::Stop,
                Ok(Message::Fs(Ok(event))) => {
                    if let Some(complete) = classify(&event, &self.design, &self.config) {
                        break complete;
                    }
                }
                // An error of the watcher itself: build again to be safe (unchanged input is skipped).
                Ok(Message::Fs(Err(_))) => break false,
                Err(RecvTimeoutError::Timeout) => {
                    if self.sync() {
                        break false;
                    }
                }
            }
        };
        // The rest of the burst.
        let start = Instant::now();
        let quiet = |complete: bool| if complete { SETTLE } else { BATCH };
        let mut deadline = start + quiet(complete);
        loop {
            let now = Instant::now();
            let until = deadline.min(start + STARVE);
            if until <= now {
                return Wake::Changed;
            }
            match rx.recv_timeout(until - now) {
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return Wake::Stop,
                Ok(Message::Fs(Ok(event))) => {
                    if let Some(c) = classify(&event, &self.design, &self.config) {
                        complete = c;
                        deadline = Instant::now() + quiet(complete);
                    }
                }
                Ok(Message::Fs(Err(_))) => {}
                Err(RecvTimeoutError::Timeout) => return Wake::Changed,
            }
        }
    }
}

/// Whether an event is about the design or its config: `None` if not, `Some(true)` if it says a
/// write is complete (a file closed after writing, or renamed onto one of them).
fn classify(event: &notify::Event, design: &Path, config: &Path) -> Option<bool> {
    let relevant = |p: &PathBuf| p == design || p == config;
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => event.paths.iter().any(relevant).then_some(true),
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => None,
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => event.paths.iter().any(relevant).then_some(true),
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => {
            if event.paths.get(1).is_some_and(relevant) {
                Some(true)
            } else {
                event.paths.iter().any(relevant).then_some(false)
            }
        }
        // The system lost events (queue overflow): look again.
        _ if event.need_rescan() => Some(false),
        _ => event.paths.iter().any(relevant).then_some(false),
    }
}

/// The bytes a build reads: the design (or why it could not be read) and the config.
#[derive(PartialEq, Eq)]
struct Input {
    design: std::result::Result<Vec<u8>, String>,
    config: Option<Vec<u8>>,
}

/// State kept from build to build.
struct Session {
    name: String,
    design: PathBuf,
    output: Option<PathBuf>,
    options: LayoutOptions,
    theme: Theme,
    color: bool,
    clear: bool,
    url: String,
    preview: Arc<Preview>,
    builds: u64,
    last_input: Option<Input>,
}

impl Session {
    /// Reads the design and its config; builds, prints, writes and publishes if they changed.
    fn build(&mut self, out: &mut Output) {
        let start = Instant::now();
        let design = std::fs::read(&self.design).map_err(|e| format!("cannot read `{}`: {e}", self.name));
        let config = std::fs::read(config_path(self.design.parent().unwrap_or(Path::new("/")))).ok();
        let input = Input { design, config };
        if self.last_input.as_ref() == Some(&input) {
            return;
        }
        self.builds += 1;
        let (config, config_error) = lint_config(input.config.as_deref());
        if let Some(e) = config_error {
            out.stderr(&format!("warning: {e}\n"));
        }
        let build = match &input.design {
            Ok(bytes) => compile(
                Source::from_bytes(self.name.as_str(), bytes).with_path(&self.design),
                &config,
                &self.options,
                &self.theme,
            ),
            Err(e) => Build { checked: None, svg: None, error: Some(e.clone()) },
        };
        self.last_input = Some(input);
        // The preview first: it is what the user is looking at.
        let elapsed = start.elapsed();
        let report = build.report(self.builds, &self.name, elapsed);
        self.preview.publish(self.builds, serde_json::to_string(&report).unwrap_or_default(), build.svg.clone());
        let mut wrote = None;
        if let (Some(svg), Some(path)) = (&build.svg, &self.output) {
            wrote = Some(write_output(path, svg));
        }
        self.print(out, &build, &report, wrote, elapsed);
    }

    fn print(
        &self,
        out: &mut Output,
        build: &Build,
        report: &Report<'_>,
        wrote: Option<Result<()>>,
        elapsed: Duration,
    ) {
        let mut text = String::new();
        if self.clear {
            text.push_str("\x1b[2J\x1b[3J\x1b[H");
        }
        text.push_str(&format!(
            "mlsd watch: build {} of {} ({:.0} ms)\n\n",
            self.builds,
            self.name,
            elapsed.as_secs_f64() * 1e3
        ));
        if let Some(error) = &build.error {
            text.push_str(&format!("error: {error}\nwaiting for the file to come back\n"));
        }
        if let Some(checked) = &build.checked {
            let shown = &checked.diagnostics[..checked.diagnostics.len().min(TERMINAL_LIMIT)];
            text.push_str(&diag::human::emit(&checked.source, shown, self.color));
            if checked.diagnostics.len() > shown.len() {
                text.push_str(&format!("... and {} more\n", checked.diagnostics.len() - shown.len()));
            }
            text.push_str(&summary_line(&report.summary, 1));
        }
        if build.svg.is_none() && self.builds > 1 {
            text.push_str("the preview keeps the last good diagram\n");
        }
        match (wrote, &self.output) {
            (Some(Ok(())), Some(path)) => text.push_str(&format!("wrote {}\n", path.display())),
            (Some(Err(e)), _) => {
                text.push_str(&format!("error: {e:#}\n"));
            }
            _ => {}
        }
        text.push_str(&format!("\npreview: {}  (Ctrl-C to stop)\n", self.url));
        out.stdout(&text);
        out.flush();
    }
}

/// Writes the diagram to `path` atomically: SVG, or PNG when the name ends in `.png`.
fn write_output(path: &Path, svg: &str) -> Result<()> {
    let png = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("png"));
    if png {
        write_atomic(path, &super::render::to_png(svg, 2.0)?, Durability::Regenerable)
    } else {
        write_atomic(path, svg.as_bytes(), Durability::Regenerable)
    }
}

/// Every diagnostic of one build of `source`: syntax and model errors and, once the linter has
/// landed, its findings. This is the one place a build's diagnostics are computed.
fn diagnostics(source: Source, config: &LintConfig) -> Checked {
    check_and_lint(source, Some(config))
}

/// The lint configuration from the bytes of `mlsd.toml` (defaults when there is none, or when it
/// does not parse: the reason is returned to be shown).
fn lint_config(bytes: Option<&[u8]>) -> (LintConfig, Option<String>) {
    let Some(bytes) = bytes else { return (LintConfig::default(), None) };
    match LintConfig::from_toml(&String::from_utf8_lossy(bytes)) {
        Ok(c) => (c, None),
        Err(e) => (LintConfig::default(), Some(format!("mlsd.toml: {e} (using the default lint configuration)"))),
    }
}

/// What one build produced.
struct Build {
    /// The checked design (`None` when it could not be read).
    checked: Option<Checked>,
    /// The diagram, when the design has no errors.
    svg: Option<String>,
    /// Why the design could not be read.
    error: Option<String>,
}

/// Checks a design and, when it has no errors, lays it out and renders it, with its findings as
/// badges on their components.
fn compile(source: Source, config: &LintConfig, options: &LayoutOptions, theme: &Theme) -> Build {
    let checked = diagnostics(source, config);
    let ok = !checked.has_language_errors();
    let svg = ok.then(|| {
        let mut layout = crate::layout::layout(&checked.model, options);
        layout.attach_findings(&checked.model, &checked.diagnostics);
        crate::render::render_svg(&layout, theme)
    });
    Build { checked: Some(checked), svg, error: None }
}

/// The innermost group whose declaration contains `span`.
fn group_at(model: &Model, span: Span) -> Option<&str> {
    model
        .groups
        .iter()
        .filter(|g| g.span.start <= span.start && span.end <= g.span.end)
        .min_by_key(|g| g.span.len())
        .map(|g| g.name.as_str())
}

/// A build as the page sees it (the `report` of a `build` event).
#[derive(Serialize)]
pub(crate) struct Report<'a> {
    /// Build number, from 1.
    build: u64,
    /// The design as named on the command line.
    file: &'a str,
    /// Whether this build drew a diagram (no errors); otherwise the page keeps the last good one.
    ok: bool,
    /// Why the design could not be read, if it could not.
    error: Option<&'a str>,
    /// Read, check, lay out and render, in milliseconds.
    elapsed_ms: f64,
    /// Counts of all diagnostics.
    summary: Summary,
    /// The diagnostics (at most [`PAGE_LIMIT`]), in source order.
    diagnostics: Vec<Finding<'a>>,
    /// How many diagnostics were left out.
    more: usize,
}

/// One diagnostic as the page shows it; lines and columns are 1-based.
#[derive(Serialize)]
struct Finding<'a> {
    severity: &'static str,
    code: &'static str,
    number: Option<&'static str>,
    message: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    help: Option<&'a str>,
    notes: &'a [String],
    /// The innermost component whose declaration holds the diagnostic, then its parents.
    components: Vec<&'a str>,
    /// The innermost group holding it.
    group: Option<&'a str>,
}

impl Build {
    fn report<'a>(&'a self, build: u64, file: &'a str, elapsed: Duration) -> Report<'a> {
        let (summary, diagnostics, more) = match &self.checked {
            None => (Summary::default(), Vec::new(), 0),
            Some(c) => {
                let all = &c.diagnostics;
                let shown = all.iter().take(PAGE_LIMIT).map(|d| finding(&c.source, &c.model, d)).collect();
                (Summary::of(all), shown, all.len().saturating_sub(PAGE_LIMIT))
            }
        };
        Report {
            build,
            file,
            ok: self.svg.is_some(),
            error: self.error.as_deref(),
            elapsed_ms: (elapsed.as_secs_f64() * 1e4).round() / 10.0,
            summary,
            diagnostics,
            more,
        }
    }
}

fn finding<'a>(source: &Source, model: &'a Model, d: &'a Diagnostic) -> Finding<'a> {
    let start = source.line_col(d.primary.start);
    let end = source.line_col(d.primary.end);
    let mut components = Vec::new();
    let mut at = crate::lint::component_of(model, d).map(|i| model.component(i));
    while let Some(c) = at {
        components.push(c.name.as_str());
        at = c.parent.map(|p| model.component(p));
    }
    Finding {
        severity: d.severity.as_str(),
        code: d.code,
        number: d.number,
        message: &d.message,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        help: d.help.as_deref(),
        notes: &d.notes,
        components,
        group: group_at(model, d.primary),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(text: &str) -> Checked {
        diagnostics(Source::new("t.mlsd", text), &LintConfig::default())
    }

    #[test]
    fn a_finding_belongs_to_the_innermost_component() {
        let text = "feature_store fs { tech: feast, online_store { tech: redis } }\nmodel m { task: ranking }\n";
        let c = checked(text);
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            crate::lint::component_at(&c.model, Span::new(start, start + needle.len()))
                .map(|i| c.model.component(i).name.clone())
        };
        assert_eq!(at("feast").as_deref(), Some("fs"));
        assert_eq!(at("ranking").as_deref(), Some("m"));
        assert_eq!(at("\nmodel"), None);
    }

    #[test]
    fn broken_designs_draw_nothing_and_report_positions() {
        let build = compile(
            Source::new("t.mlsd", "model m {\n"),
            &LintConfig::default(),
            &LayoutOptions::default(),
            &Theme::light(),
        );
        assert!(build.svg.is_none());
        let report = build.report(3, "t.mlsd", Duration::from_millis(2));
        assert!(!report.ok);
        assert_eq!(report.build, 3);
        let first = &report.diagnostics[0];
        assert_eq!((first.severity, first.line, first.column), ("error", 1, 9));
    }

    #[test]
    fn clean_designs_draw_a_diagram() {
        let build = compile(
            Source::new("t.mlsd", "model m { task: ranking }\nserving s { model: m }\nm -> s\n"),
            &LintConfig::only("orphan-component"),
            &LayoutOptions::default(),
            &Theme::light(),
        );
        let svg = build.svg.as_deref().expect("a diagram");
        assert!(svg.contains("id=\"node-m\"") && svg.contains("id=\"node-s\""), "{svg}");
        assert!(build.report(1, "t.mlsd", Duration::ZERO).ok);
    }

    #[test]
    fn the_nearest_config_applies() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        assert_eq!(config_path(&sub), sub.join("mlsd.toml"));
        std::fs::write(dir.path().join("a/mlsd.toml"), "").unwrap();
        assert_eq!(config_path(&sub), dir.path().join("a/mlsd.toml"));
    }

    #[test]
    fn events_that_matter() {
        use notify::event::{CreateKind, DataChange, Flag, MetadataKind, RemoveKind};
        let dir = Path::new("/d");
        let (design, config) = (dir.join("x.mlsd"), dir.join("mlsd.toml"));
        let ev = |kind: EventKind, paths: &[&str]| {
            paths.iter().fold(notify::Event::new(kind), |e, p| e.add_path(dir.join(p)))
        };
        let c = |e: notify::Event| classify(&e, &design, &config);
        assert_eq!(c(ev(EventKind::Access(AccessKind::Close(AccessMode::Write)), &["x.mlsd"])), Some(true));
        assert_eq!(c(ev(EventKind::Access(AccessKind::Close(AccessMode::Write)), &["mlsd.toml"])), Some(true));
        assert_eq!(c(ev(EventKind::Access(AccessKind::Close(AccessMode::Write)), &["out.svg"])), None);
        assert_eq!(c(ev(EventKind::Access(AccessKind::Open(AccessMode::Any)), &["x.mlsd"])), None);
        assert_eq!(c(ev(EventKind::Modify(ModifyKind::Data(DataChange::Any)), &["x.mlsd"])), Some(false));
        assert_eq!(c(ev(EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)), &["x.mlsd"])), None);
        // vim and JetBrains: the design renamed away, a temporary file renamed onto it.
        let both = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert_eq!(c(ev(both, &["x.mlsd", "x.mlsd~"])), Some(false));
        assert_eq!(c(ev(both, &[".x.mlsd.swp", "x.mlsd"])), Some(true));
        assert_eq!(c(ev(EventKind::Modify(ModifyKind::Name(RenameMode::To)), &["x.mlsd"])), Some(true));
        assert_eq!(c(ev(EventKind::Remove(RemoveKind::File), &["x.mlsd"])), Some(false));
        assert_eq!(c(ev(EventKind::Create(CreateKind::File), &["x.mlsd"])), Some(false));
        assert_eq!(c(ev(EventKind::Create(CreateKind::File), &[".mlsd-abc.tmp"])), None);
        assert_eq!(c(notify::Event::new(EventKind::Other).set_flag(Flag::Rescan)), Some(false));
    }
}
