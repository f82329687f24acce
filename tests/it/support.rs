//! Shared test helpers: running the `mlsd` binary, reading fixtures, rendering diagnostics.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use mlsd::source::Source;

/// The repository root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.mlsd` file directly in `dir` (relative to the root), sorted.
pub(crate) fn mlsd_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "mlsd"))
        .collect();
    files.sort();
    files
}

/// Reads a file as a [`Source`] named by its path relative to the root (stable in snapshots).
pub(crate) fn source(path: &Path) -> Source {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let name = path.strip_prefix(root()).unwrap_or(path).display().to_string();
    Source::from_bytes(name, &bytes).with_path(path)
}

/// Parse + build diagnostics of a source, sorted.
pub(crate) fn check(source: &Source) -> Vec<mlsd::diag::Diagnostic> {
    let parse = mlsd::syntax::parse(source);
    let built = mlsd::model::build(&parse.file);
    let mut all = parse.errors;
    all.extend(built.diagnostics);
    mlsd::diag::sort(&mut all);
    all
}

/// The outcome of running the binary.
pub(crate) struct Outcome {
    /// Exit code.
    pub(crate) code: i32,
    /// Standard output.
    pub(crate) stdout: String,
    /// Standard error.
    pub(crate) stderr: String,
}

/// A builder for running `mlsd` (just's `Test` idea).
pub(crate) struct Test {
    args: Vec<String>,
    stdin: Option<Vec<u8>>,
    env: Vec<(String, String)>,
    dir: PathBuf,
}

impl Test {
    /// A run in the repository root with no arguments yet.
    pub(crate) fn new() -> Test {
        Test { args: Vec::new(), stdin: None, env: Vec::new(), dir: root() }
    }

    /// Adds arguments.
    pub(crate) fn args<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, args: I) -> Test {
        self.args.extend(args.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    /// Feeds standard input.
    pub(crate) fn stdin(mut self, input: impl Into<Vec<u8>>) -> Test {
        self.stdin = Some(input.into());
        self
    }

    /// Runs in folder `dir` instead of the repository root.
    pub(crate) fn dir(mut self, dir: impl Into<PathBuf>) -> Test {
        self.dir = dir.into();
        self
    }

    /// Sets an environment variable.
    pub(crate) fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Runs the binary and collects its output.
    pub(crate) fn run(self) -> Outcome {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mlsd"));
        cmd.args(&self.args).current_dir(&self.dir).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd.stdin(if self.stdin.is_some() { Stdio::piped() } else { Stdio::null() });
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("the mlsd binary runs");
        if let Some(input) = self.stdin {
            child.stdin.take().unwrap().write_all(&input).unwrap();
        }
        let out = child.wait_with_output().unwrap();
        Outcome {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}
