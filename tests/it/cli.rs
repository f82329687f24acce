//! The `mlsd` binary end to end: exit codes, stdin, output formats, help.

use crate::support::Test;

const VALID: &str = "model m { task: ranking, outputs: [score] }\n";
const INVALID: &str = "modle m { task: ranking }\n";

#[test]
fn check_clean_example_exits_zero() {
    let out = Test::new().args(["check", "examples/video-recsys.mlsd"]).run();
    assert_eq!(out.code, 0, "stdout: {}\nstderr: {}", out.stdout, out.stderr);
    assert!(out.stdout.contains("no problems found in 1 file"), "{}", out.stdout);
}

#[test]
fn check_errors_exit_one_with_location_and_suggestion() {
    let out = Test::new().args(["check", "-"]).stdin(INVALID).run();
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("<stdin>:1:1"), "{}", out.stdout);
    assert!(out.stdout.contains("unknown component kind `modle`"), "{}", out.stdout);
    assert!(out.stdout.contains("did you mean `model`?"), "{}", out.stdout);
    assert!(out.stdout.contains("1 error in 1 file"), "{}", out.stdout);
}

#[test]
fn check_reads_stdin() {
    // A bare model is valid language but an incomplete design: `--no-lint` checks only the language.
    let out = Test::new().args(["check", "--no-lint", "-"]).stdin(VALID).run();
    assert_eq!(out.code, 0, "{}", out.stdout);
    let out = Test::new().args(["check", "-"]).stdin(VALID).run();
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.contains("missing-business-objective"), "{}", out.stdout);
}

#[test]
fn missing_file_is_an_io_error() {
    let out = Test::new().args(["check", "does/not/exist.mlsd"]).run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot read `does/not/exist.mlsd`"), "{}", out.stderr);
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(Test::new().args(["check"]).run().code, 2);
    assert_eq!(Test::new().args(["check", "--format", "yaml", "x.mlsd"]).run().code, 2);
    assert_eq!(Test::new().args(["frobnicate"]).run().code, 2);
}

#[test]
fn help_reads_like_a_real_tool() {
    let out = Test::new().args(["--help"]).run();
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("Usage: mlsd <COMMAND>"), "{}", out.stdout);
    assert!(out.stdout.contains("check"), "{}", out.stdout);
    let out = Test::new().args(["check", "--help"]).run();
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("--format <FORMAT>"), "{}", out.stdout);
    assert!(out.stdout.contains("Exit status"), "{}", out.stdout);
}

#[test]
fn json_output_follows_the_schema() {
    let out = Test::new().args(["check", "--format", "json", "-"]).stdin(INVALID).run();
    assert_eq!(out.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["tool"]["name"], "mlsd");
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(doc["files"][0]["path"], "<stdin>");
    let d = &doc["diagnostics"][0];
    assert_eq!(d["file"], "<stdin>");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "unknown-kind");
    assert_eq!(d["span"]["start"]["line"], 1);
    assert_eq!(d["span"]["start"]["column"], 1);
    assert_eq!(d["span"]["start"]["offset"], 0);
    assert_eq!(d["span"]["end"]["column"], 6);
    assert_eq!(d["help"], "did you mean `model`?");
    assert!(d["labels"].is_array() && d["notes"].is_array());
}

#[test]
fn json_output_is_deterministic() {
    let run = || Test::new().args(["check", "--format", "json", "tests/fixtures/parse/err"]).run().stdout;
    assert_eq!(run(), run());
}

#[test]
fn short_and_github_formats() {
    let out = Test::new().args(["check", "--format", "short", "-"]).stdin(INVALID).run();
    assert_eq!(out.stdout, "<stdin>:1:1: error[unknown-kind]: unknown component kind `modle`\n");
    let out = Test::new().args(["check", "--format", "github", "-"]).stdin(INVALID).run();
    assert!(
        out.stdout.starts_with("::error file=<stdin>,line=1,col=1,endLine=1,endColumn=6,title=unknown-kind::"),
        "{}",
        out.stdout
    );
}

#[test]
fn color_only_when_asked_and_never_with_no_color() {
    let plain = Test::new().args(["check", "-"]).stdin(INVALID).run();
    assert!(!plain.stdout.contains('\u{1b}'), "piped output must not be coloured");
    let forced = Test::new().args(["check", "--color", "always", "-"]).stdin(INVALID).run();
    assert!(forced.stdout.contains('\u{1b}'), "--color always colours");
    let never = Test::new().args(["check", "--color", "never", "-"]).stdin(INVALID).run();
    assert!(!never.stdout.contains('\u{1b}'));
    let auto_forced = Test::new().args(["check", "-"]).env("CLICOLOR_FORCE", "1").stdin(INVALID).run();
    assert!(auto_forced.stdout.contains('\u{1b}'), "CLICOLOR_FORCE colours piped output");
    let no_color =
        Test::new().args(["check", "-"]).env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1").stdin(INVALID).run();
    assert!(!no_color.stdout.contains('\u{1b}'), "NO_COLOR wins over CLICOLOR_FORCE");
}

#[test]
fn folders_are_checked_file_by_file() {
    let out = Test::new().args(["check", "examples"]).run();
    assert_eq!(out.code, 0, "{}", out.stdout);
    let count = std::fs::read_dir(crate::support::root().join("examples")).unwrap().count();
    assert!(out.stdout.contains(&format!("in {count} file")), "{}", out.stdout);
}

#[test]
fn non_utf8_input_is_reported_not_fatal() {
    let out = Test::new().args(["check", "-"]).stdin(b"model m {}\n\xff\xfe\n".to_vec()).run();
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("file is not valid UTF-8"), "{}", out.stdout);
}
