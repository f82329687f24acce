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

// ------------------------------------------------------------------------------------------------
// Linting through the binary: options, configuration, formats.

const LOOP: &str = "tests/fixtures/lint-variants/no-mitigation.mlsd";

#[test]
fn lint_warnings_pass_unless_denied() {
    let out = Test::new().args(["check", LOOP]).run();
    assert_eq!(out.code, 0, "a warning alone does not fail: {}", out.stdout);
    assert!(out.stdout.contains("warning[ML038 hidden-feedback-loop]"), "{}", out.stdout);
    assert!(out.stdout.contains("framework summary:"), "{}", out.stdout);
    assert!(out.stdout.contains("7 monitoring                  warnings: hidden-feedback-loop"), "{}", out.stdout);
    assert!(out.stdout.contains("1 requirements                satisfied"), "{}", out.stdout);
    assert!(out.stdout.contains("1 warning in 1 file"), "{}", out.stdout);
    let out = Test::new().args(["check", "--deny", "warnings", LOOP]).run();
    assert_eq!(out.code, 1, "{}", out.stdout);
}

#[test]
fn lint_errors_fail_and_language_errors_skip_linting() {
    let out = Test::new().args(["check", "tests/fixtures/lint-variants/no-registry.mlsd"]).run();
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("error[ML026 serving-without-registry]"), "{}", out.stdout);
    assert!(
        out.stdout.contains("6 serving                     missing: serving-without-registry (3)"),
        "{}",
        out.stdout
    );
    let out = Test::new().args(["check", "-"]).stdin("modle m {}\nmodel n {}\n").run();
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("not linted: fix the errors above first"), "{}", out.stdout);
    assert!(!out.stdout.contains("ML0"), "no lint findings on a design with errors: {}", out.stdout);
}

#[test]
fn select_ignore_and_no_lint() {
    let out = Test::new().args(["check", "--ignore", "hidden-feedback-loop", "--deny", "warnings", LOOP]).run();
    assert_eq!(out.code, 0, "{}", out.stdout);
    let out = Test::new().args(["check", "--ignore", "monitoring", "--deny", "warnings", LOOP]).run();
    assert_eq!(out.code, 0, "a stage name selects its rules: {}", out.stdout);
    assert!(out.stdout.contains("7 monitoring                  not checked"), "{}", out.stdout);
    let out = Test::new().args(["check", "--select", "ML001,orphan-component", "-"]).stdin("model m {}\n").run();
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("ML001") && out.stdout.contains("ML040"), "{}", out.stdout);
    assert!(!out.stdout.contains("ML005"), "{}", out.stdout);
    let out = Test::new().args(["check", "--select", "hiden-feedback-loop", LOOP]).run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unknown lint rule `hiden-feedback-loop`"), "{}", out.stderr);
    assert!(out.stderr.contains("did you mean `hidden-feedback-loop`?"), "{}", out.stderr);
    let out = Test::new().args(["check", "--no-lint", "tests/fixtures/lint-variants/no-registry.mlsd"]).run();
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(!out.stdout.contains("framework summary"), "{}", out.stdout);
}

#[test]
fn mlsd_toml_is_found_next_to_the_design_or_above() {
    let dir = tempfile::tempdir().unwrap();
    let design = std::fs::read_to_string(crate::support::root().join(LOOP)).unwrap();
    std::fs::create_dir_all(dir.path().join("team/designs")).unwrap();
    std::fs::write(dir.path().join("team/designs/loop.mlsd"), &design).unwrap();
    // No configuration: defaults, the warning passes.
    let out = Test::new().dir(dir.path()).args(["check", "team/designs/loop.mlsd"]).run();
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    // A configuration two folders up makes it an error.
    std::fs::write(dir.path().join("mlsd.toml"), "[lint.rules]\nhidden-feedback-loop = \"deny\"\n").unwrap();
    let out = Test::new().dir(dir.path().join("team")).args(["check", "designs/loop.mlsd"]).run();
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("error[ML038 hidden-feedback-loop]"), "{}", out.stdout);
    // A nearer one wins.
    std::fs::write(
        dir.path().join("team/designs/mlsd.toml"),
        "[lint]\ndeny-warnings = true\n[lint.rules]\nhidden-feedback-loop = \"allow\"\n",
    )
    .unwrap();
    let out = Test::new().dir(dir.path()).args(["check", "team/designs/loop.mlsd"]).run();
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    // `--config` overrides discovery.
    std::fs::write(dir.path().join("strict.toml"), "[lint]\ndeny-warnings = true\n").unwrap();
    let out = Test::new().dir(dir.path()).args(["check", "--config", "strict.toml", "team/designs/loop.mlsd"]).run();
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    // A broken configuration is a usage error naming the file.
    std::fs::write(dir.path().join("bad.toml"), "[lint.rules]\nhidden-feedback-loop = \"error\"\n").unwrap();
    let out = Test::new().dir(dir.path()).args(["check", "--config", "bad.toml", "team/designs/loop.mlsd"]).run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("bad.toml"), "{}", out.stderr);
    let out = Test::new().dir(dir.path()).args(["check", "--config", "missing.toml", "team/designs/loop.mlsd"]).run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot read `missing.toml`"), "{}", out.stderr);
}

#[test]
fn json_output_carries_lint_findings_and_the_framework_summary() {
    let out = Test::new().args(["check", "--format", "json", LOOP]).run();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "hidden-feedback-loop");
    assert_eq!(d["number"], "ML038");
    assert_eq!(d["severity"], "warning");
    assert!(d["labels"].as_array().is_some_and(|l| !l.is_empty()));
    let framework = doc["files"][0]["framework"].as_array().expect("framework summary");
    assert_eq!(framework.len(), 8);
    assert_eq!(framework[0]["stage"], "requirements");
    assert_eq!(framework[0]["status"], "satisfied");
    assert_eq!(framework[6]["status"], "warnings");
    assert_eq!(framework[6]["rules"][0]["id"], "hidden-feedback-loop");
}

#[test]
fn github_annotations_name_the_rule() {
    let out = Test::new().args(["check", "--format", "github", LOOP]).run();
    assert!(
        out.stdout.starts_with("::warning file=tests/fixtures/lint-variants/no-mitigation.mlsd,line="),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("title=ML038 hidden-feedback-loop::"), "{}", out.stdout);
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let mut schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate::support::root().join("tests/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    // The published schema's `language` pattern has a stray `]` that no strict regex engine
    // compiles; drop that one keyword in memory (we never emit `language`).
    drop_broken_pattern(&mut schema);
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    // Lint findings with labels, language errors, several files, a clean file.
    let out = Test::new()
        .args([
            "check",
            "--format",
            "sarif",
            "tests/fixtures/lint-variants",
            "tests/fixtures/parse/err/unknown-block.mlsd",
            "examples",
        ])
        .run();
    assert_eq!(out.code, 1);
    let log: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 40);
    assert_eq!(rules[37]["id"], "hidden-feedback-loop");
    assert_eq!(rules[37]["properties"]["code"], "ML038");
    assert_eq!(rules[37]["defaultConfiguration"]["level"], "warning");
    assert!(rules[37]["help"]["markdown"].as_str().unwrap().contains("## Why is this bad?"));
    let results = run["results"].as_array().unwrap();
    let lint = results.iter().find(|r| r["ruleId"] == "hidden-feedback-loop").expect("a lint result");
    assert_eq!(lint["ruleIndex"], 37);
    assert_eq!(lint["level"], "warning");
    assert!(lint["relatedLocations"].as_array().is_some_and(|l| !l.is_empty()));
    let region = &lint["locations"][0]["physicalLocation"]["region"];
    assert!(region["startLine"].as_u64().unwrap() > 1);
    let language = results.iter().find(|r| r["ruleId"] == "unknown-statement").expect("a language error");
    assert!(language.get("ruleIndex").is_none());
    // Invalid SARIF is rejected by the same validator (the test can fail).
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&broken));
}

fn drop_broken_pattern(value: &mut serde_json::Value) {
    const BROKEN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match value {
        serde_json::Value::Object(map) => {
            if map.get("pattern").and_then(|p| p.as_str()) == Some(BROKEN) {
                map.remove("pattern");
            }
            map.values_mut().for_each(drop_broken_pattern);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_broken_pattern),
        _ => {}
    }
}

#[test]
fn rules_lists_every_rule_in_three_formats() {
    let out = Test::new().args(["rules"]).run();
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout.lines().count(), 40);
    assert!(out.stdout.starts_with("ML001  missing-business-objective"), "{}", out.stdout);
    assert!(out.stdout.contains("ML032  training-serving-skew"), "{}", out.stdout);
    let out = Test::new().args(["rules", "--format", "json"]).run();
    let list: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 40);
    assert_eq!(list[27]["id"], "latency-budget-exceeded");
    assert_eq!(list[27]["severity"], "error");
    assert_eq!(list[27]["stage"], "serving");
    let out = Test::new().args(["rules", "--format", "md"]).run();
    assert!(out.stdout.starts_with("| Code | Rule | Severity | Stage | What it checks |"), "{}", out.stdout);
    assert_eq!(out.stdout.lines().count(), 42);
}

#[test]
fn explain_prints_the_rule_documentation() {
    for rule in ["training-serving-skew", "ML032", "ml032"] {
        let out = Test::new().args(["explain", rule]).run();
        assert_eq!(out.code, 0);
        assert!(
            out.stdout.starts_with("ML032 training-serving-skew (error by default, stage serving)"),
            "{}",
            out.stdout
        );
        for part in
            ["## What it does", "## Why is this bad?", "## Example", "```mlsd,expect_diagnostic", "Use instead:"]
        {
            assert!(out.stdout.contains(part), "missing {part}: {}", out.stdout);
        }
    }
    let out = Test::new().args(["explain", "training-serving-skw"]).run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("did you mean `training-serving-skew`?"), "{}", out.stderr);
}
