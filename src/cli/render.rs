//! `mlsd render`: lay a design out and write it as SVG or PNG.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::args::{RenderArgs, ThemeArg};
use super::check::{check_and_lint, check_source, config_for, summary_line};
use super::io::{Durability, read_source, write_atomic};
use super::layout::layout_options;
use super::{ExitStatus, Output};
use crate::diag::{self, Summary};
use crate::render::Theme;

pub(crate) fn run(args: &RenderArgs, out: &mut Output) -> Result<ExitStatus> {
    let source = read_source(&args.file)?;
    let checked = if args.lint {
        let config = config_for(&args.file)?;
        check_and_lint(source, Some(&config))
    } else {
        check_source(source)
    };
    if checked.has_language_errors() {
        out.stderr(&diag::human::emit(&checked.source, &checked.diagnostics, false));
        out.stderr("error: the design has errors; nothing was written\n");
        return Ok(ExitStatus::Failure);
    }
    let mut options = layout_options(&args.draw);
    options.header = !args.no_header;
    options.legend = !args.no_legend;
    let mut layout = crate::layout::layout(&checked.model, &options);
    if args.lint {
        layout.attach_findings(&checked.model, &checked.diagnostics);
        // The review goes to standard error, as `mlsd check` prints it, so that standard output
        // can carry the diagram.
        out.stderr(&checked.human_review(false, false, true));
        out.stderr(&summary_line(&Summary::of(&checked.diagnostics), 1));
    }
    let theme = match args.theme {
        ThemeArg::Light => Theme::light(),
        ThemeArg::Dark => Theme::dark(),
    };
    let svg = crate::render::render_svg(&layout, &theme);
    let target = output_path(&args.file, args.output.as_deref());
    match target {
        None => out.stdout(&svg),
        Some(path) => {
            let png = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("png"));
            let bytes = if png { to_png(&svg, args.scale)? } else { svg.into_bytes() };
            write_atomic(&path, &bytes, Durability::Regenerable)?;
            if args.lint {
                out.stderr(&format!("wrote {}\n", path.display()));
            }
        }
    }
    Ok(ExitStatus::Success)
}

/// Where to write: `None` is standard output.
fn output_path(input: &Path, output: Option<&Path>) -> Option<PathBuf> {
    match output {
        Some(p) if p.as_os_str() == "-" => None,
        Some(p) => Some(p.to_path_buf()),
        None if input.as_os_str() == "-" => None,
        None => Some(input.with_extension("svg")),
    }
}

/// Rasterises an SVG with resvg (system fonts; no browser).
pub(crate) fn to_png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    if !(scale.is_finite() && scale > 0.0 && scale <= 16.0) {
        bail!("--scale must be between 0 and 16");
    }
    let mut opt = resvg::usvg::Options::default();
    opt.fontdb_mut().load_system_fonts();
    let tree = resvg::usvg::Tree::from_str(svg, &opt).context("cannot read the rendered SVG")?;
    let size = tree.size();
    let (w, h) = ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w.max(1), h.max(1)).context("the diagram is too large for a PNG")?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().context("cannot encode the PNG")
}
