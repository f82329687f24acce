//! The formatter: snapshots of `tests/fixtures/fmt/*.mlsd`, idempotence and meaning preserved
//! over every valid design in the repository, `examples/` already formatted, and `mlsd fmt` end
//! to end (in place, stdin, `--check`, syntax errors).

use std::path::{Path, PathBuf};

use mlsd::fmt::{FormatOptions, Formatted, NewlineStyle, format};
use mlsd::source::Source;

use crate::support::{Test, mlsd_files, root, source};

/// What a design means: the model dump and the diagnostics (severity, code, message) without
/// spans, sorted.
pub(crate) fn meaning(source: &Source) -> (String, Vec<String>) {
    let parse = mlsd::syntax::parse(source);
    assert!(parse.errors.is_empty(), "{}: unexpected syntax errors", source.name());
    let built = mlsd::model::build(&parse.file);
    let mut messages: Vec<String> =
        built.diagnostics.iter().map(|d| format!("{:?} {} {}", d.severity, d.code, d.message)).collect();
    messages.sort();
    (mlsd::model::dump(&built.value), messages)
}

/// The comments of a design, in order, as written (without trailing spaces).
pub(crate) fn comments(source: &Source) -> Vec<String> {
    let parse = mlsd::syntax::parse(source);
    parse.file.comments.iter().map(|c| source.slice(c.span).trim_end().to_string()).collect()
}

/// Formats `source`, which must have no syntax errors, and asserts the formatter's guarantees:
/// idempotence, the same meaning, every comment kept in order, and the shape every output has.
pub(crate) fn format_checked(source: &Source) -> String {
    let name = source.name();
    let formatted = match format(source, &FormatOptions::default()) {
        Formatted::Text(text) => text,
        Formatted::Errors(errors) => {
            let errors = mlsd::diag::human::emit(source, &errors, false);
            panic!("{name}: not formatted:\n{errors}\ninput:\n{}", source.text())
        }
    };
    let output = Source::new(name, formatted.clone());
    let again = format(&output, &FormatOptions::default());
    assert_eq!(again.text(), Some(formatted.as_str()), "{name}: formatting is not idempotent");
    assert_eq!(meaning(&output), meaning(source), "{name}: formatting changed the meaning");
    assert_eq!(comments(&output), comments(source), "{name}: formatting lost or changed comments");
    assert_shape(name, &formatted);
    formatted
}

/// Properties every formatted text has, whatever the input.
fn assert_shape(name: &str, text: &str) {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if body.is_empty() {
        return;
    }
    let lf = body.replace("\r\n", "\n");
    assert!(lf.ends_with('\n') && !lf.ends_with("\n\n"), "{name}: must end with exactly one line break");
    assert!(!lf.starts_with('\n'), "{name}: must not start with a blank line");
    assert!(!lf.contains("\n\n\n"), "{name}: at most one blank line in a row");
    assert!(!lf.contains('\r'), "{name}: line breaks are `\\n` or `\\r\\n` throughout");
    let lines: Vec<&str> = lf.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line.trim_end(), *line, "{name}:{}: trailing whitespace", i + 1);
        let indent = line.len() - line.trim_start_matches(' ').len();
        assert!(indent % 2 == 0 && !line.starts_with('\t'), "{name}:{}: indentation is two spaces a level", i + 1);
        // (Lines with `#` are skipped: a comment may end with a bracket.)
        if (line.ends_with('{') || line.ends_with('[')) && !line.contains('#') {
            assert!(
                lines.get(i + 1).is_some_and(|next| !next.is_empty()),
                "{name}:{}: blank line opens a block",
                i + 1
            );
        }
    }
}

fn fixtures() -> Vec<PathBuf> {
    mlsd_files("tests/fixtures/fmt")
}

/// Every design in the repository without syntax errors: examples, valid parse fixtures,
/// formatter fixtures, and the parse-error fixtures whose errors are semantic only.
fn designs_without_syntax_errors() -> Vec<PathBuf> {
    let mut all = mlsd_files("examples");
    all.extend(mlsd_files("tests/fixtures/parse/ok"));
    all.extend(fixtures());
    all.extend(mlsd_files("tests/fixtures/parse/err").into_iter().filter(|p| {
        let src = source(p);
        mlsd::syntax::parse(&src).errors.is_empty()
    }));
    all
}

#[test]
fn fixtures_format_to_their_snapshots() {
    let files = fixtures();
    assert!(files.len() >= 8, "expected at least 8 formatter fixtures, found {}", files.len());
    for path in files {
        let src = source(&path);
        let formatted = format_checked(&src);
        assert_ne!(formatted, src.text(), "{}: a fixture should need formatting", path.display());
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::with_settings!({ snapshot_path => root().join("tests/snapshots/fmt"), prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(name, formatted);
        });
    }
}

#[test]
fn formatting_is_idempotent_and_keeps_meaning_and_comments() {
    let files = designs_without_syntax_errors();
    assert!(files.len() >= 20, "found only {} designs", files.len());
    for path in files {
        format_checked(&source(&path));
    }
}

#[test]
fn examples_are_formatted() {
    for path in mlsd_files("examples") {
        let src = source(&path);
        assert_eq!(format_checked(&src), src.text(), "{} is not formatted: run `mlsd fmt examples/`", path.display());
    }
}

#[test]
fn normative_example_is_already_canonical() {
    // The specification's example is the style reference: the canonical form must leave it as is.
    let path = root().join("examples/video-recsys.mlsd");
    let src = source(&path);
    assert_eq!(format(&src, &FormatOptions::default()).text(), Some(src.text()));
}

#[test]
fn files_with_syntax_errors_are_not_formatted() {
    let mut refused = 0;
    for path in mlsd_files("tests/fixtures/parse/err") {
        let src = source(&path);
        let parse = mlsd::syntax::parse(&src);
        if parse.errors.is_empty() {
            continue;
        }
        refused += 1;
        match format(&src, &FormatOptions::default()) {
            Formatted::Errors(errors) => {
                let messages = |ds: &[mlsd::diag::Diagnostic]| ds.iter().map(|d| d.message.clone()).collect::<Vec<_>>();
                assert_eq!(messages(&errors), messages(&parse.errors), "{}", path.display());
            }
            Formatted::Text(_) => panic!("{}: a file with syntax errors was formatted", path.display()),
        }
    }
    assert!(refused >= 20, "expected many fixtures with syntax errors, found {refused}");
}

#[test]
fn no_comment_is_lost() {
    let mut total = 0;
    for path in designs_without_syntax_errors() {
        let src = source(&path);
        let before = comments(&src);
        let formatted = format_checked(&src);
        let after = comments(&Source::new("out", formatted.clone()));
        assert_eq!(before.len(), after.len(), "{}: comment count changed", path.display());
        assert_eq!(formatted.matches('#').count() - hashes_in_strings(&formatted), after.len());
        total += before.len();
    }
    assert!(total >= 30, "the designs should hold many comments, found {total}");
}

/// `#` characters inside string literals (a rough count: the fixtures keep `#` out of strings
/// except where this finds them).
fn hashes_in_strings(text: &str) -> usize {
    let mut count = 0;
    for line in text.lines() {
        let mut in_string = false;
        let mut escaped = false;
        for c in line.chars() {
            match (in_string, escaped, c) {
                (false, _, '#') => break,
                (false, _, '"') => in_string = true,
                (true, true, _) => escaped = false,
                (true, false, '\\') => escaped = true,
                (true, false, '"') => in_string = false,
                (true, false, '#') => count += 1,
                _ => {}
            }
        }
    }
    count
}

fn fmt_text(text: &str) -> String {
    match format(&Source::new("t.mlsd", text), &FormatOptions::default()) {
        Formatted::Text(t) => t,
        Formatted::Errors(e) => panic!("not formatted: {:?}", e.iter().map(|d| &d.message).collect::<Vec<_>>()),
    }
}

#[test]
fn line_endings_follow_the_file_or_the_options() {
    assert_eq!(fmt_text("model m {\r\n  a: 1\r\n}\r\n"), "model m {\r\n  a: 1\r\n}\r\n");
    assert_eq!(fmt_text("model   m\r\ndataset d\n"), "model m\r\ndataset d\r\n");
    assert_eq!(fmt_text("model   m\ndataset d\r\n"), "model m\ndataset d\n");
    // A lone `\r` is a line break to the parser; comments end there too.
    assert_eq!(fmt_text("# a\rmodel m # b\rdataset d"), "# a\nmodel m # b\ndataset d\n");
    let src = Source::new("t", "model m\r\n");
    let lf = FormatOptions { newline: NewlineStyle::Lf };
    assert_eq!(format(&src, &lf).text(), Some("model m\n"));
    let crlf = FormatOptions { newline: NewlineStyle::CrLf };
    assert_eq!(format(&Source::new("t", "model m\n"), &crlf).text(), Some("model m\r\n"));
}

#[test]
fn empty_files_byte_order_marks_and_trailing_breaks() {
    assert_eq!(fmt_text(""), "");
    assert_eq!(fmt_text("\n\n  \n\t\n"), "");
    assert_eq!(fmt_text("model m"), "model m\n");
    assert_eq!(fmt_text("model m\n\n\n"), "model m\n");
    assert_eq!(fmt_text("\u{FEFF}model   m\n"), "\u{FEFF}model m\n");
    assert_eq!(fmt_text("   # only a comment   "), "# only a comment\n");
}

#[test]
fn values_keep_their_meaning_and_spelling_rules() {
    assert_eq!(fmt_text("title: \"a\tb\"\n"), "title: \"a\\tb\"\n");
    assert_eq!(
        fmt_text("requirements { x: 007, y: 00.50s, z: 10K/day, w: -0 }\n"),
        "requirements { x: 7, y: 0.50s, z: 10k/day, w: -0 }\n"
    );
    assert_eq!(
        fmt_text("model_validation g { metrics: [map>=0.30,auc  >  0.8] }\n"),
        "model_validation g { metrics: [map >= 0.30, auc > 0.8] }\n"
    );
    assert_eq!(fmt_text("lint { allow: [x\"why\"] }\n"), "lint { allow: [x \"why\"] }\n");
}

#[test]
fn properties_and_statements_are_never_reordered() {
    let input = "model m { z: 1, a: 2\n  m: 3 }\nserving s\ndataset d\ns -> m\nd -> m\n";
    assert_eq!(fmt_text(input), "model m {\n  z: 1, a: 2\n  m: 3\n}\nserving s\ndataset d\ns -> m\nd -> m\n");
}

// ---------------------------------------------------------------------------------------------
// The command line

/// A scratch folder with `files` written into it.
fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn arg(path: &Path) -> String {
    path.display().to_string()
}

const MESSY: &str = "model   m{task:ranking}\n";
const TIDY: &str = "model m { task: ranking }\n";
const BROKEN: &str = "model   m {\n  outputs: [a b]\n}\n";

#[test]
fn fmt_rewrites_files_in_place() {
    let dir = scratch(&[("a.mlsd", MESSY), ("b.mlsd", TIDY)]);
    let (a, b) = (dir.path().join("a.mlsd"), dir.path().join("b.mlsd"));
    let out = Test::new().args(["fmt", &arg(&a), &arg(&b)]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(&a), TIDY);
    assert_eq!(read(&b), TIDY);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, "1 file reformatted, 1 file already formatted\n");
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn fmt_leaves_formatted_files_untouched() {
    let dir = scratch(&[("a.mlsd", TIDY)]);
    let a = dir.path().join("a.mlsd");
    let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    std::fs::File::options().write(true).open(&a).unwrap().set_modified(past).unwrap();
    let out = Test::new().args(["fmt", &arg(&a)]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(std::fs::metadata(&a).unwrap().modified().unwrap(), past, "an unchanged file must not be rewritten");
}

#[cfg(unix)]
#[test]
fn fmt_keeps_permissions_and_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch(&[("a.mlsd", MESSY)]);
    let a = dir.path().join("a.mlsd");
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.mlsd");
    std::os::unix::fs::symlink(&a, &link).unwrap();
    let out = Test::new().args(["fmt", &arg(&link)]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link must stay a link");
    assert_eq!(read(&a), TIDY);
    assert_eq!(std::fs::metadata(&a).unwrap().permissions().mode() & 0o777, 0o640);
}

#[test]
fn fmt_formats_stdin_to_stdout() {
    let out = Test::new().args(["fmt", "-"]).stdin(MESSY).run();
    assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (0, TIDY, ""));
    let out = Test::new().args(["fmt", "-"]).stdin(TIDY).run();
    assert_eq!((out.code, out.stdout.as_str()), (0, TIDY));
}

#[test]
fn fmt_check_prints_a_unified_diff_and_changes_nothing() {
    let dir = scratch(&[("a.mlsd", "# c\nmodel   m{task:ranking}\ndataset d\n"), ("b.mlsd", TIDY)]);
    let (a, b) = (dir.path().join("a.mlsd"), dir.path().join("b.mlsd"));
    let out = Test::new().args(["fmt", "--check", &arg(&a), &arg(&b)]).run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let name = arg(&a);
    let expected = format!(
        "--- {name}\n+++ {name}\n@@ -1,3 +1,3 @@\n # c\n-model   m{{task:ranking}}\n+model m {{ task: ranking }}\n dataset d\n"
    );
    assert_eq!(out.stdout, expected);
    assert_eq!(out.stderr, "1 file would be reformatted, 1 file already formatted\n");
    assert_eq!(read(&a), "# c\nmodel   m{task:ranking}\ndataset d\n", "--check must not write");

    let out = Test::new().args(["fmt", "--check", &arg(&b)]).run();
    assert_eq!((out.code, out.stdout.as_str()), (0, ""));
}

#[test]
fn fmt_check_reads_stdin() {
    let out = Test::new().args(["fmt", "--check", "-"]).stdin("model m").run();
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "--- <stdin>\n+++ <stdin>\n@@ -1 +1 @@\n-model m\n\\ No newline at end of file\n+model m\n");
    assert_eq!(out.stderr, "");
    let out = Test::new().args(["fmt", "--check", "-"]).stdin(TIDY).run();
    assert_eq!((out.code, out.stdout.as_str(), out.stderr.as_str()), (0, "", ""));
}

#[test]
fn fmt_check_passes_on_the_examples_folder() {
    let out = Test::new().args(["fmt", "--check", "examples/"]).run();
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "");
}

#[test]
fn fmt_does_not_rewrite_files_with_syntax_errors() {
    let dir = scratch(&[("bad.mlsd", BROKEN), ("good.mlsd", MESSY)]);
    let (bad, good) = (dir.path().join("bad.mlsd"), dir.path().join("good.mlsd"));
    let out = Test::new().args(["fmt", "--color", "never", &arg(&bad), &arg(&good)]).run();
    assert_eq!(out.code, 1);
    assert_eq!(read(&bad), BROKEN, "a file with syntax errors must not be rewritten");
    assert_eq!(read(&good), TIDY, "the other files are still formatted");
    // Reported as `mlsd check` reports them.
    let check = Test::new().args(["check", "--color", "never", &arg(&bad)]).run();
    let error = check.stdout.split("\n\n").next().unwrap();
    assert!(error.contains("bad.mlsd:2:15"), "{}", check.stdout);
    assert!(out.stderr.contains(error), "fmt:\n{}\ncheck:\n{}", out.stderr, check.stdout);
    assert!(out.stderr.ends_with("1 file reformatted, 1 file with syntax errors left unchanged\n"), "{}", out.stderr);

    let out = Test::new().args(["fmt", "--color", "never", "-"]).stdin(BROKEN).run();
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "", "nothing is written for a file that cannot be formatted");
    assert!(out.stderr.contains("<stdin>:2:15"), "{}", out.stderr);

    let out = Test::new().args(["fmt", "--check", "-"]).stdin(BROKEN).run();
    assert_eq!((out.code, out.stdout.as_str()), (1, ""));
}

#[test]
fn fmt_formats_folders() {
    let dir = scratch(&[("a.mlsd", MESSY), ("notes.txt", "model   m")]);
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/b.mlsd"), MESSY).unwrap();
    let out = Test::new().args(["fmt", &arg(dir.path())]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(&dir.path().join("a.mlsd")), TIDY);
    assert_eq!(read(&dir.path().join("sub/b.mlsd")), TIDY);
    assert_eq!(read(&dir.path().join("notes.txt")), "model   m");
}

#[test]
fn fmt_usage_and_io_errors_exit_two() {
    assert_eq!(Test::new().args(["fmt"]).run().code, 2);
    assert_eq!(Test::new().args(["fmt", "--frobnicate", "x.mlsd"]).run().code, 2);
    let out = Test::new().args(["fmt", "does/not/exist.mlsd"]).run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot read `does/not/exist.mlsd`"), "{}", out.stderr);
    let out = Test::new().args(["fmt", "--check", "does/not/exist.mlsd"]).run();
    assert_eq!(out.code, 2);
}

#[test]
fn fmt_help_explains_the_exit_status() {
    let out = Test::new().args(["fmt", "--help"]).run();
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("--check"), "{}", out.stdout);
    assert!(out.stdout.contains("Exit status"), "{}", out.stdout);
}
