//! The linter: the rule registry (tidy checks, tested doc examples), per-rule fixtures with
//! snapshots, flawed variants of the examples with their exact expected findings, and the
//! examples linting clean.
//!
//! - `tests/fixtures/lint/<rule-id>/invalid-*.mlsd` trip the rule (only that rule runs); the
//!   snapshot is the human output. `valid-*.mlsd` are near misses that must stay silent.
//! - `tests/fixtures/lint-variants/*.mlsd` start with `# expect: rule-a, rule-b` (or
//!   `# expect: none`) and must produce exactly that set of codes under the default
//!   configuration.

use std::collections::BTreeSet;
use std::path::Path;

use mlsd::diag::{Diagnostic, Severity};
use mlsd::lint::{self, LintConfig, registry};
use mlsd::source::Source;

use crate::support::{check, mlsd_files, root, source};

/// Parses, builds and lints; panics if the language checks report anything (fixtures must be
/// valid designs).
fn lint_source(src: &Source, config: &LintConfig) -> Vec<Diagnostic> {
    let language = check(src);
    assert!(
        language.is_empty(),
        "{}: fixture has language diagnostics:\n{}",
        src.name(),
        mlsd::diag::human::emit(src, &language, false)
    );
    let parse = mlsd::syntax::parse(src);
    let model = mlsd::model::build(&parse.file).value;
    lint::lint(&model, config)
}

fn render(src: &Source, diagnostics: &[Diagnostic]) -> String {
    mlsd::diag::human::emit(src, diagnostics, false)
}

#[test]
fn registry_ids_codes_and_stages_are_well_formed() {
    let rules: Vec<_> = registry::all().collect();
    assert_eq!(rules.len(), 40, "the framework has 40 rules");
    let mut ids = BTreeSet::new();
    for (i, r) in rules.iter().enumerate() {
        assert_eq!(r.code, format!("ML{:03}", i + 1), "codes are sorted and dense");
        assert!(ids.insert(r.id), "duplicate id {}", r.id);
        assert!(
            r.id.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
            "{} is not lowercase kebab-case",
            r.id
        );
        assert_eq!(registry::find(r.code).map(|m| m.id), Some(r.id));
        assert_eq!(registry::find(&r.code.to_lowercase()).map(|m| m.id), Some(r.id));
    }
    let errors = rules.iter().filter(|r| r.severity == Severity::Error).count();
    let warnings = rules.iter().filter(|r| r.severity == Severity::Warning).count();
    let infos = rules.iter().filter(|r| r.severity == Severity::Info).count();
    assert_eq!((errors, warnings, infos), (15, 23, 2), "ml-domain.md §3.0 totals");
}

#[test]
fn every_rule_has_docs_with_sections_and_examples() {
    for r in registry::all() {
        for section in ["What it does", "Why is this bad?", "Example"] {
            let text = r.section(section).unwrap_or_default();
            assert!(!text.is_empty(), "{}: missing `## {section}`", r.id);
        }
        assert!(r.docs_text().contains("Use instead:"), "{}: missing `Use instead:`", r.id);
        let examples = r.examples();
        assert!(examples.iter().any(|(expect, _)| *expect), "{}: no `expect_diagnostic` example", r.id);
        assert!(examples.iter().any(|(expect, _)| !*expect), "{}: no example that passes", r.id);
        assert!(!r.summary().is_empty());
    }
}

#[test]
fn doc_examples_behave_as_tagged() {
    for r in registry::all() {
        for (i, (expect, text)) in r.examples().into_iter().enumerate() {
            let src = Source::new(format!("{}-example-{i}.mlsd", r.id), text);
            let found: Vec<Diagnostic> =
                lint_source(&src, &LintConfig::only(r.id)).into_iter().filter(|d| d.code == r.id).collect();
            let want = usize::from(expect);
            assert_eq!(
                found.len(),
                want,
                "{} example {i} ({}) gives {} findings:\n{}",
                r.id,
                if expect { "expect_diagnostic" } else { "use instead" },
                found.len(),
                render(&src, &found)
            );
        }
    }
}

#[test]
fn every_rule_has_a_fixture_folder_and_no_folder_lacks_a_rule() {
    let dir = root().join("tests/fixtures/lint");
    let mut folders = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            folders.insert(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    for r in registry::all() {
        assert!(folders.remove(r.id), "no fixtures for {} in tests/fixtures/lint/{}", r.id, r.id);
        let files = mlsd_files(&format!("tests/fixtures/lint/{}", r.id));
        let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
        assert!(files.iter().any(|p| name(p).starts_with("invalid")), "{}: no invalid fixture", r.id);
        assert!(files.iter().any(|p| name(p).starts_with("valid")), "{}: no valid (near-miss) fixture", r.id);
        for p in &files {
            assert!(name(p).starts_with("invalid") || name(p).starts_with("valid"), "{}: bad name", p.display());
        }
    }
    assert!(folders.is_empty(), "fixture folders without a rule: {folders:?}");
}

#[test]
fn rule_fixtures() {
    let mut failures = Vec::new();
    for r in registry::all() {
        let config = LintConfig::only(r.id);
        for path in mlsd_files(&format!("tests/fixtures/lint/{}", r.id)) {
            let src = source(&path);
            let diagnostics = lint_source(&src, &config);
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            if stem.starts_with("valid") {
                if !diagnostics.is_empty() {
                    failures.push(format!(
                        "{}: near miss must stay silent:\n{}",
                        path.display(),
                        render(&src, &diagnostics)
                    ));
                }
                continue;
            }
            if !diagnostics.iter().any(|d| d.code == r.id) {
                failures.push(format!(
                    "{}: expected a `{}` finding, got:\n{}",
                    path.display(),
                    r.id,
                    render(&src, &diagnostics)
                ));
                continue;
            }
            insta::with_settings!({ snapshot_path => root().join("tests/snapshots/lint"), prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(format!("{}__{stem}", r.id), render(&src, &diagnostics));
            });
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The rule ids a `# expect: a, b` header lists (`none` for the empty set).
fn expected(text: &str, path: &Path) -> BTreeSet<String> {
    let line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("# expect:"))
        .unwrap_or_else(|| panic!("{}: no `# expect:` header", path.display()));
    line.split(',').map(str::trim).filter(|s| !s.is_empty() && *s != "none").map(str::to_string).collect()
}

#[test]
fn flawed_variants_report_exactly_the_expected_rules() {
    let files = mlsd_files("tests/fixtures/lint-variants");
    assert!(files.len() >= 12, "expected at least 12 variants, found {}", files.len());
    for path in files {
        let src = source(&path);
        let want = expected(src.text(), &path);
        for id in &want {
            assert!(
                registry::by_id(id).is_some() || id.contains("suppression") || id == "unknown-rule",
                "{}: unknown rule id `{id}` in the header",
                path.display()
            );
        }
        let diagnostics = lint_source(&src, &LintConfig::default());
        let got: BTreeSet<String> = diagnostics.iter().map(|d| d.code.to_string()).collect();
        assert_eq!(got, want, "{}: findings differ from `# expect:`:\n{}", path.display(), render(&src, &diagnostics));
    }
}

#[test]
fn examples_lint_clean() {
    let examples = mlsd_files("examples");
    assert!(!examples.is_empty());
    for path in examples {
        let src = source(&path);
        let result = {
            let parse = mlsd::syntax::parse(&src);
            let model = mlsd::model::build(&parse.file).value;
            lint::run(&model, &LintConfig::default())
        };
        assert!(
            result.diagnostics.is_empty(),
            "{} must lint clean, got:\n{}",
            path.display(),
            render(&src, &result.diagnostics)
        );
        for stage in &result.summary.stages {
            assert_eq!(stage.status, lint::StageStatus::Satisfied, "{}: {:?}", path.display(), stage);
        }
    }
}

#[test]
fn findings_name_a_component_they_belong_to() {
    // `component_at` attributes a finding to the innermost component containing its span.
    let src = Source::new(
        "a.mlsd",
        "feature_store fs {\n  feature_view v { online: false }\n}\nserving s { mode: online }\nfs.v -> s [lookup]\n",
    );
    let parse = mlsd::syntax::parse(&src);
    let model = mlsd::model::build(&parse.file).value;
    let view = model.find("fs.v").unwrap();
    let inside = view.props.get("online").unwrap().span();
    assert_eq!(lint::component_at(&model, inside), Some(view.id));
    let findings = lint::lint(&model, &LintConfig::only("feature-store-missing-online-store"));
    assert_eq!(findings.len(), 1, "{findings:?}");
    // The finding points at the edge `fs.v -> s`; it is attributed to the edge's source.
    assert_eq!(lint::component_of(&model, &findings[0]), Some(view.id));
    let serving = model.find("s").unwrap();
    let unmonitored = lint::lint(&model, &LintConfig::only("missing-monitoring"));
    assert_eq!(lint::component_of(&model, &unmonitored[0]), Some(serving.id));
}

#[test]
fn configuration_levels_select_ignore_and_profile() {
    let src = Source::new("a.mlsd", "serving s { mode: online }\n");
    let parse = mlsd::syntax::parse(&src);
    let model = mlsd::model::build(&parse.file).value;
    let codes = |config: &LintConfig| -> Vec<(String, Severity)> {
        lint::lint(&model, config).into_iter().map(|d| (d.code.to_string(), d.severity)).collect()
    };
    let all = codes(&LintConfig::default());
    assert!(all.contains(&("missing-monitoring".into(), Severity::Error)), "{all:?}");
    assert!(all.contains(&("no-rollback-target".into(), Severity::Warning)) || !all.is_empty());

    let config =
        LintConfig::from_toml("[lint.rules]\nmissing-monitoring = \"warn\"\norphan-component = \"deny\"\n").unwrap();
    let got = codes(&config);
    assert!(got.contains(&("missing-monitoring".into(), Severity::Warning)), "{got:?}");
    assert!(got.contains(&("orphan-component".into(), Severity::Error)), "{got:?}");

    let config = LintConfig::from_toml("[lint]\nselect = [\"monitoring\"]\nignore = [\"ML037\"]\n").unwrap();
    let got = codes(&config);
    assert!(got.iter().all(|(c, _)| registry::by_id(c).unwrap().stage == mlsd::model::Stage::Monitoring), "{got:?}");
    assert!(got.iter().all(|(c, _)| c != "missing-operational-monitor"), "{got:?}");
    assert!(!got.is_empty());

    let config = LintConfig::from_toml("[lint.profile]\nstages = [\"requirements\"]\n").unwrap();
    let got = codes(&config);
    assert!(got.iter().all(|(c, _)| registry::by_id(c).unwrap().stage == mlsd::model::Stage::Requirements), "{got:?}");

    let config = LintConfig::from_toml("[lint.heuristics]\nbatch-delay-max-share = 10.0\n").unwrap();
    assert!((config.heuristics.batch_delay_max_share - 10.0).abs() < f64::EPSILON);
    assert_eq!(config.heuristics.pipeline_jungle_max_steps, 5, "unset heuristics keep their defaults");
}

#[test]
fn configuration_errors_say_what_is_wrong() {
    let err = LintConfig::from_toml("[lint.rules]\nhidden-feedbak-loop = \"deny\"\n").unwrap_err();
    assert!(err.contains("unknown lint rule `hidden-feedbak-loop`") && err.contains("hidden-feedback-loop"), "{err}");
    let err = LintConfig::from_toml("[lint.rules]\norphan-component = \"error\"\n").unwrap_err();
    assert!(err.contains("allow") || err.contains("unknown variant"), "{err}");
    let err = LintConfig::from_toml("[lint.heuristics]\nno-such-knob = 1\n").unwrap_err();
    assert!(err.contains("no-such-knob"), "{err}");
    let err = LintConfig::from_toml("[lint.profile]\nstages = [\"deploy\"]\n").unwrap_err();
    assert!(err.contains("unknown stage `deploy`"), "{err}");
    let err = LintConfig::from_toml("[lint]\nselect = [\"nonsense\"]\n").unwrap_err();
    assert!(err.contains("unknown lint rule `nonsense`"), "{err}");
}

#[test]
fn lint_output_is_deterministic() {
    let path = root().join("tests/fixtures/lint-variants");
    for file in mlsd_files("tests/fixtures/lint-variants") {
        let src = source(&file);
        let a = render(&src, &lint_source(&src, &LintConfig::default()));
        let b = render(&src, &lint_source(&src, &LintConfig::default()));
        assert_eq!(a, b, "{}", path.display());
    }
}

#[test]
fn framework_summary_names_absent_stages() {
    let src = Source::new("a.mlsd", "requirements { business_objective: \"grow\" }\nserving s { mode: online }\n");
    let parse = mlsd::syntax::parse(&src);
    let model = mlsd::model::build(&parse.file).value;
    let result = lint::run(&model, &LintConfig::default());
    let stage = |name: &str| result.summary.stages.iter().find(|s| s.stage.name() == name).unwrap().clone();
    assert_eq!(stage("model").status, lint::StageStatus::Missing);
    assert_eq!(stage("model").absent, Some("no `model` declared"));
    assert_eq!(stage("data").absent, Some("no `data_source` declared"));
    assert_eq!(stage("serving").absent, None);
    assert_eq!(stage("framing").status, lint::StageStatus::Missing, "missing-ml-objective is an error");
    let text = result.summary.render();
    assert!(text.contains("4 model                       missing: no `model` declared"), "{text}");
    // A profile that does not require a stage says so instead.
    let config = LintConfig::from_toml("[lint.profile]\nstages = [\"requirements\", \"serving\"]\n").unwrap();
    let result = lint::run(&model, &config);
    let model_stage = result.summary.stages.iter().find(|s| s.stage.name() == "model").unwrap();
    assert_eq!(model_stage.status, lint::StageStatus::NotRequired);
    assert_eq!(model_stage.absent, None);
}
