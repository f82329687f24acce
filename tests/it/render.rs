//! SVG rendering: a snapshot of every example's SVG, every SVG parses as XML and as SVG (usvg),
//! user text is escaped, nothing external is referenced, output is byte-identical, and
//! `mlsd render` end to end (default path, stdout, PNG, errors, `--lint`).

use crate::support::{Test, mlsd_files, root, source};
use mlsd::layout::{Direction, LayoutOptions};
use mlsd::render::{Theme, render_svg};

fn svg_of(text: &str, options: &LayoutOptions, theme: &Theme) -> String {
    let src = mlsd::source::Source::new("t.mlsd", text);
    let model = mlsd::model::build(&mlsd::syntax::parse(&src).file).value;
    render_svg(&mlsd::layout::layout(&model, options), theme)
}

/// Parses `svg` as SVG with usvg (which also rejects malformed XML) and checks it references
/// nothing outside itself.
fn assert_valid_svg(svg: &str, what: &str) {
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default());
    assert!(tree.is_ok(), "{what}: not valid SVG: {:?}", tree.err());
    for external in ["http://", "https://", "xlink:href", "<image", "@import", "<script"] {
        let rest = svg.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!rest.contains(external), "{what}: references something outside itself ({external})");
    }
}

#[test]
fn example_svgs_snapshot_and_parse() {
    for path in mlsd_files("examples") {
        let text = source(&path).text().to_string();
        let svg = svg_of(&text, &LayoutOptions::default(), &Theme::light());
        assert_valid_svg(&svg, &path.display().to_string());
        assert_eq!(svg, svg_of(&text, &LayoutOptions::default(), &Theme::light()), "output is deterministic");
        for (options, theme) in [
            (LayoutOptions { direction: Some(Direction::Down), ..LayoutOptions::default() }, Theme::dark()),
            (LayoutOptions { lanes: false, header: false, legend: false, ..LayoutOptions::default() }, Theme::light()),
        ] {
            assert_valid_svg(&svg_of(&text, &options, &theme), &path.display().to_string());
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::with_settings!({ snapshot_path => root().join("tests/snapshots/render"), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name, svg);
        });
    }
}

#[test]
fn user_text_is_escaped() {
    let design = r#"title: "<b>bold</b> & co"
model m "<script>alert(1)</script>" { tech: "\"&'", task: ranking }
serving s "a < b > c" { mode: online }
m -> s: "</text><script>x</script>"
"#;
    let svg = svg_of(design, &LayoutOptions::default(), &Theme::light());
    assert_valid_svg(&svg, "escaping");
    assert!(!svg.contains("<script>") && !svg.contains("</text><script>"), "{svg}");
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "labels show as text");
    assert!(svg.contains("&quot;&amp;&apos;") || svg.contains("\"&amp;'"), "tech line is escaped");
    assert!(svg.contains("&lt;b&gt;bold&lt;/b&gt; &amp; co"), "the title is escaped");
    // Characters XML cannot hold are replaced rather than written.
    let control = svg_of("model m \"a\u{1}b\" { task: ranking }\n", &LayoutOptions::default(), &Theme::light());
    assert!(!control.contains('\u{1}'));
    assert_valid_svg(&control, "control characters");
}

#[test]
fn elements_carry_their_classes_and_tooltips() {
    let svg = svg_of(
        "feature_store fs \"Feature store\" { tech: feast }\nserving rank_svc { mode: online }\nfs -> rank_svc [lookup]\n",
        &LayoutOptions::default(),
        &Theme::light(),
    );
    assert!(svg.contains(r#"class="node kind-feature_store lane-features""#), "{svg}");
    assert!(svg.contains(r#"id="node-fs""#) && svg.contains(r#"data-id="fs""#));
    assert!(
        svg.contains(r#"class="edge kind-lookup request""#)
            && svg.contains(r#"data-from="fs""#)
            && svg.contains(r#"data-to="rank_svc""#)
    );
    assert!(svg.contains("<title>feature_store fs\ntech: feast</title>"), "{svg}");
    assert!(svg.contains(r#"class="lane lane-features"#), "automatic lanes are containers");
}

#[test]
fn render_writes_next_to_the_design_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("d.mlsd");
    std::fs::copy(root().join("examples/video-recsys.mlsd"), &design).unwrap();
    let out = Test::new().args(["render", design.to_str().unwrap()]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let svg = std::fs::read_to_string(dir.path().join("d.svg")).unwrap();
    assert_valid_svg(&svg, "d.svg");
    let mut names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["d.mlsd", "d.svg"], "no temporary files are left");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("d.svg")).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0o044, "a new diagram is readable by others, like any new file");
    }
    // `-o -` writes to standard output, `.png` writes a PNG.
    let stdout = Test::new().args(["render", design.to_str().unwrap(), "-o", "-", "--theme", "dark"]).run();
    assert_eq!(stdout.code, 0);
    assert!(stdout.stdout.starts_with("<svg") && stdout.stdout.contains("theme-dark"));
    let png = dir.path().join("d.png");
    let out = Test::new().args(["render", design.to_str().unwrap(), "-o", png.to_str().unwrap(), "--scale", "1"]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));
}

#[test]
fn render_refuses_designs_with_errors_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("bad.mlsd");
    std::fs::write(&design, "modle m\n").unwrap();
    let out = Test::new().args(["render", design.to_str().unwrap()]).run();
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("unknown component kind") && out.stderr.contains("bad.mlsd:1:1"), "{}", out.stderr);
    assert!(!dir.path().join("bad.svg").exists());
    let missing = Test::new().args(["render", "does-not-exist.mlsd"]).run();
    assert_eq!(missing.code, 2);
}

#[test]
fn render_lint_marks_components_with_findings() {
    let design = std::fs::read_to_string(root().join("examples/video-recsys.mlsd")).unwrap();
    let flawed = design.replace("outputs: [score], baseline: cg_model, retrain: 1d", "outputs: [score], retrain: 1d");
    assert_ne!(design, flawed);
    let plain = Test::new().args(["render", "-", "-o", "-"]).stdin(flawed.clone()).run();
    assert!(!plain.stdout.contains("class=\"badge"), "findings only with --lint");
    let linted = Test::new().args(["render", "--lint", "-", "-o", "-"]).stdin(flawed).run();
    assert_eq!(linted.code, 0, "{}", linted.stderr);
    assert!(linted.stderr.contains("[ML0") && linted.stderr.contains("no-baseline-model"), "{}", linted.stderr);
    assert!(linted.stderr.contains("1 warning in 1 file"), "the review is printed: {}", linted.stderr);
    let svg = linted.stdout;
    let node = svg.split("id=\"node-rank_model\"").nth(1).unwrap().split("</g>\n<g class=\"node").next().unwrap();
    assert!(node.contains("class=\"badge warning\""), "{node}");
    assert!(node.contains("[no-baseline-model]"), "the finding is in the tooltip: {node}");
    assert!(svg.contains("has-findings"));
}
