//! Real-browser tests: headless Chromium driven by `playwright-core` (the node scripts in
//! `tests/browser/`). Without Chromium, node or `tests/browser/node_modules` they print a notice
//! and pass, unless `MLSD_REQUIRE_BROWSER=1` (as in CI), which makes them fail instead.
//! Screenshots go to `target/screenshots/`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::root;
use crate::watch::{V1, Watch};

/// Where screenshots are written: `target/screenshots/<what>/`.
fn screenshots(what: &str) -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("the target folder").to_path_buf();
    let dir = target.join("screenshots").join(what);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Whether the browser tests can run here; `None` (after a notice) if they cannot and are not
/// required.
fn browser() -> Option<()> {
    let chromium = std::env::var_os("MLSD_CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let mut missing = Vec::new();
    if !chromium.is_file() {
        missing.push(format!("Chromium ({})", chromium.display()));
    }
    if Command::new("node").arg("--version").output().map_or(true, |o| !o.status.success()) {
        missing.push("node".to_string());
    }
    if !root().join("tests/browser/node_modules/playwright-core").is_dir() {
        missing.push("tests/browser/node_modules (run `npm ci` in tests/browser)".to_string());
    }
    if missing.is_empty() {
        return Some(());
    }
    let missing = missing.join(", ");
    assert!(
        std::env::var("MLSD_REQUIRE_BROWSER").as_deref() != Ok("1"),
        "the browser tests cannot run (missing {missing}) and MLSD_REQUIRE_BROWSER=1 requires them"
    );
    // Straight to stderr, past the test harness's capture, so the skip is seen.
    let _ = writeln!(
        std::io::stderr(),
        "note: browser test skipped: missing {missing}; set MLSD_REQUIRE_BROWSER=1 to make this an error"
    );
    None
}

/// Runs `node tests/browser/SCRIPT ARGS...` and fails with its output if it fails.
fn node(script: &str, args: &[&Path]) -> String {
    let out = Command::new("node")
        .arg(root().join("tests/browser").join(script))
        .args(args)
        .current_dir(root().join("tests/browser"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{script} failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}");
    stdout
}

#[test]
fn examples_render_cleanly_in_chromium() {
    if browser().is_none() {
        return;
    }
    let out = screenshots("examples");
    let mut svgs = Vec::new();
    // Each example as `mlsd render` draws it by default, and top to bottom in the dark theme.
    for example in crate::support::mlsd_files("examples") {
        let stem = example.file_stem().unwrap().to_string_lossy().into_owned();
        for (suffix, extra) in [("", &[][..]), ("-down-dark", &["--direction", "down", "--theme", "dark"][..])] {
            let svg = out.join(format!("{stem}{suffix}.svg"));
            let run = crate::support::Test::new()
                .args(["render", example.to_str().unwrap(), "-o", svg.to_str().unwrap()])
                .args(extra)
                .run();
            assert_eq!(run.code, 0, "{}: {}", example.display(), run.stderr);
            svgs.push(svg);
        }
    }
    let mut args: Vec<&Path> = vec![out.as_path()];
    args.extend(svgs.iter().map(PathBuf::as_path));
    let report = node("examples.mjs", &args);
    assert_eq!(report.lines().filter(|l| l.starts_with("ok ")).count(), svgs.len(), "{report}");
}

#[test]
fn watch_preview_updates_live_in_chromium() {
    if browser().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("design.mlsd");
    // The page test counts findings of its own making (an unknown property); lint findings of
    // the tiny test design would only add noise.
    std::fs::write(dir.path().join("mlsd.toml"), "[lint]\nignore = [\"all\"]\n").unwrap();
    std::fs::write(&design, V1.replace("Alpha", "alpha").replace("Watch test", "Preview test")).unwrap();
    let watch = Watch::start(&design, &[]);
    let url = watch.url();
    let shots = screenshots("watch");
    let report = node("watch.mjs", &[Path::new(&url), &design, &shots]);
    assert!(report.contains("ok: preview updated"), "{report}");
    assert!(shots.join("4-error-overlay.png").is_file());
}
