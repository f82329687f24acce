//! Fixture-driven snapshot tests: every file in a fixture folder is a test case.
//!
//! - `tests/fixtures/parse/err/*.mlsd`: invalid designs; the snapshot is the human diagnostics
//!   (no colour). Each must produce at least one error or warning.
//! - `tests/fixtures/parse/ok/*.mlsd`: valid designs; the snapshot is the model dump, and there
//!   must be no diagnostics at all.
//! - `examples/*.mlsd`: every example checks with zero errors and zero warnings.

use crate::support::{check, mlsd_files, root, source};
use mlsd::diag::Severity;

#[test]
fn parse_errors() {
    let files = mlsd_files("tests/fixtures/parse/err");
    assert!(files.len() >= 40, "expected at least 40 invalid fixtures, found {}", files.len());
    for path in files {
        let src = source(&path);
        let diagnostics = check(&src);
        assert!(
            diagnostics.iter().any(|d| d.severity >= Severity::Warning),
            "{}: an invalid fixture must produce an error or a warning",
            path.display()
        );
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::with_settings!({ snapshot_path => root().join("tests/snapshots/parse_err"), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name, mlsd::diag::human::emit(&src, &diagnostics, false));
        });
    }
}

#[test]
fn valid_designs() {
    for path in mlsd_files("tests/fixtures/parse/ok") {
        let src = source(&path);
        let diagnostics = check(&src);
        assert!(
            diagnostics.is_empty(),
            "{}: expected no diagnostics, got:\n{}",
            path.display(),
            mlsd::diag::human::emit(&src, &diagnostics, false)
        );
        let parse = mlsd::syntax::parse(&src);
        let model = mlsd::model::build(&parse.file).value;
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::with_settings!({ snapshot_path => root().join("tests/snapshots/parse_ok"), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name, mlsd::model::dump(&model));
        });
    }
}

#[test]
fn examples_check_clean() {
    let examples = mlsd_files("examples");
    assert!(!examples.is_empty());
    for path in examples {
        let src = source(&path);
        let diagnostics = check(&src);
        assert!(
            diagnostics.is_empty(),
            "{} must check clean, got:\n{}",
            path.display(),
            mlsd::diag::human::emit(&src, &diagnostics, false)
        );
    }
}

#[test]
fn shared_example_is_copied_verbatim() {
    // The normative example lives in the specification; the project's copy must not drift.
    let ours = std::fs::read_to_string(root().join("examples/video-recsys.mlsd")).unwrap();
    let spec = root().join("../shared/examples/video-recsys.mlsd");
    if let Ok(theirs) = std::fs::read_to_string(spec) {
        assert_eq!(ours, theirs, "examples/video-recsys.mlsd differs from the specification's copy");
    }
}
