//! The command-line interface: the only module that prints, reads files or opens sockets.

pub mod args;
mod check;
mod explain;
mod fmt;
mod io;
mod layout;
mod render;
mod serve;
mod watch;

use std::io::Write;

pub use args::Args;

/// How a command ended, mapped to the process exit code.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: nothing reached the failing level.
    Success,
    /// 1: the design has errors (or findings at the failing level).
    Failure,
    /// 2: usage or I/O error.
    Error,
}

impl ExitStatus {
    /// The process exit code.
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

/// Where commands write: buffered stdout, so a closed pipe ends the program quietly.
pub struct Output {
    stdout: std::io::BufWriter<std::io::Stdout>,
    broken: bool,
}

impl Output {
    fn new() -> Output {
        Output { stdout: std::io::BufWriter::new(std::io::stdout()), broken: false }
    }

    /// Writes to standard output (ignored once the reader has gone away).
    pub fn stdout(&mut self, text: &str) {
        if !self.broken && self.stdout.write_all(text.as_bytes()).is_err() {
            self.broken = true;
        }
    }

    /// Writes to standard error (diagnostics that accompany a result on stdout, such as those
    /// of `mlsd layout` or `mlsd fmt -`), after everything written to standard output so far.
    pub fn stderr(&mut self, text: &str) {
        self.flush();
        let _ = std::io::stderr().write_all(text.as_bytes());
    }

    fn flush(&mut self) {
        if !self.broken && self.stdout.flush().is_err() {
            self.broken = true;
        }
    }
}

/// Runs the command and returns its exit status; errors are printed to stderr as
/// `error: ...` with their causes.
#[must_use]
pub fn run(args: &Args) -> ExitStatus {
    let mut out = Output::new();
    let result = match &args.command {
        args::Command::Check(a) => check::run(a, &mut out),
        args::Command::Rules(a) => Ok(explain::rules(a, &mut out)),
        args::Command::Explain(a) => explain::explain(a, &mut out),
        args::Command::Fmt(a) => fmt::run(a, &mut out),
        args::Command::Layout(a) => layout::run(a, &mut out),
        args::Command::Render(a) => render::run(a, &mut out),
        args::Command::Watch(a) => watch::run(a, &mut out),
    };
    out.flush();
    match result {
        Ok(status) => status,
        Err(err) => {
            let mut message = format!("error: {err}");
            for cause in err.chain().skip(1) {
                message.push_str(&format!(": {cause}"));
            }
            message.push('\n');
            #[expect(clippy::print_stderr, reason = "the CLI reports fatal errors on stderr")]
            {
                eprint!("{message}");
            }
            ExitStatus::Error
        }
    }
}
