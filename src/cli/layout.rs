//! `mlsd layout`: lay a design out and print the geometry.

use anyhow::Result;

use super::args::{DirectionArg, DrawArgs, LayoutArgs, LayoutFormat};
use super::check::check_source;
use super::io::read_source;
use super::{ExitStatus, Output};
use crate::diag::{self, Severity};
use crate::layout::{Direction, LayoutOptions};

/// Layout options from the command line.
pub(crate) fn layout_options(draw: &DrawArgs) -> LayoutOptions {
    LayoutOptions {
        lanes: !draw.no_lanes,
        direction: draw.direction.map(|d| match d {
            DirectionArg::Right => Direction::Right,
            DirectionArg::Down => Direction::Down,
        }),
        ..LayoutOptions::default()
    }
}

pub(crate) fn run(args: &LayoutArgs, out: &mut Output) -> Result<ExitStatus> {
    let checked = check_source(read_source(&args.file)?);
    let model = &checked.model;
    let has_errors = checked.diagnostics.iter().any(|d| d.severity == Severity::Error);
    if has_errors {
        out.stderr(&diag::human::emit(&checked.source, &checked.diagnostics, false));
    }
    let options = layout_options(&args.draw);
    match args.format {
        LayoutFormat::Json => {
            let layout = crate::layout::layout(model, &options);
            let mut text = serde_json::to_string_pretty(&layout)?;
            text.push('\n');
            out.stdout(&text);
        }
        LayoutFormat::Summary => {
            let (graph, _) = crate::layout::engine_graph(model, &options);
            let engine_options = crate::layout::engine::Options {
                direction: options.direction.unwrap_or(model.direction),
                ..options.engine
            };
            let drawing = crate::layout::engine::run(&graph, &engine_options);
            let s = &drawing.stats;
            out.stdout(&format!(
                "nodes: {}\nedges: {}\nlayers: {}\ndummies: {}\nreversed: {}\ncrossings: {}\nwidth: {:.0}\nheight: {:.0}\n",
                graph.nodes.len(),
                graph.edges.len(),
                s.layers,
                s.dummies,
                s.reversed,
                s.crossings,
                drawing.bounds.width,
                drawing.bounds.height
            ));
        }
    }
    Ok(if has_errors { ExitStatus::Failure } else { ExitStatus::Success })
}
