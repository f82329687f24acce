//! Layered (Sugiyama-style) layout: design model in, plain geometry out.
//!
//! [`layout`] sizes every component from its text and shape, turns the design into the engine's
//! plain graph (groups become clusters; without groups, components go into framework-stage
//! lanes), runs the [`engine`] and dresses the result with what the renderer shows (labels,
//! tooltips, header, legend). The engine itself knows nothing about designs, so benchmarks feed
//! it any graph.

pub mod engine;
mod font;
pub mod measure;
pub mod shape;
pub mod types;

pub use types::*;

use crate::model::{ComponentKind, EdgeKind, Lane, Model, Value};
use measure::TextStyle;

/// Component labels.
pub const LABEL_STYLE: TextStyle = TextStyle::bold(13.0);
/// The `tech` line under a label.
pub const TECH_STYLE: TextStyle = TextStyle::regular(11.0);
/// Container titles.
pub const TITLE_STYLE: TextStyle = TextStyle::bold(12.0);
/// Edge labels.
pub const EDGE_LABEL_STYLE: TextStyle = TextStyle::regular(11.0);
/// The diagram title.
pub const HEADER_TITLE_STYLE: TextStyle = TextStyle::bold(18.0);
/// Header items and legend entries.
pub const HEADER_STYLE: TextStyle = TextStyle::regular(12.0);
/// Padding around edge label text.
pub const EDGE_LABEL_PAD: f64 = 3.0;
/// Margin around the whole diagram.
pub const MARGIN: f64 = 16.0;
/// Width of one legend sample line.
pub const LEGEND_SAMPLE: f64 = 36.0;
/// Minimum node width and height.
const MIN_NODE: (f64, f64) = (72.0, 36.0);

/// What to lay out and how.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct LayoutOptions {
    /// Put components into framework-stage lanes when the design has no groups.
    pub lanes: bool,
    /// Override the design's `direction`.
    pub direction: Option<Direction>,
    /// Reserve room for the title and key requirements at the top.
    pub header: bool,
    /// Reserve room for a legend of edge styles at the bottom.
    pub legend: bool,
    /// Engine spacing and effort.
    pub engine: engine::Options,
}

impl Default for LayoutOptions {
    fn default() -> LayoutOptions {
        LayoutOptions { lanes: true, direction: None, header: true, legend: true, engine: engine::Options::default() }
    }
}

/// Lays out a design. Pure and deterministic; a design with errors still lays out whatever
/// resolved.
#[must_use]
pub fn layout(model: &Model, options: &LayoutOptions) -> Layout {
    let direction = options.direction.unwrap_or(model.direction);
    let (graph, lanes_used) = engine_graph(model, options);
    let engine_options = engine::Options { direction, ..options.engine };
    let drawing = engine::run(&graph, &engine_options);
    dress(model, options, direction, &graph, &drawing, &lanes_used)
}

/// Size of a component's box and where its text goes (relative to the box's top-left).
fn node_size(kind: &str, label: &str, tech: Option<&str>) -> ((f64, f64), Rect) {
    let (lw, lh) = LABEL_STYLE.measure(label);
    let (tw, th) = tech.map_or((0.0, 0.0), |t| TECH_STYLE.measure(t));
    let text_w = lw.max(tw);
    let text_h = lh + if tech.is_some() { th + 2.0 } else { 0.0 };
    let (sh, icon) = shape::for_kind(kind);
    // Vertical room first (only cylinders need height-dependent room; their cap is at most 9).
    let base_h = text_h + 2.0 * shape::PAD_Y + if sh == shape::Shape::Cylinder { 2.5 * 9.0 } else { 0.0 };
    let height = base_h.max(MIN_NODE.1).ceil();
    let ins = shape::insets(sh, icon, height);
    let width = (text_w + ins.left + ins.right).max(MIN_NODE.0).ceil();
    // Centre the text block in the area the shape leaves.
    let area_w = width - ins.left - ins.right;
    let area_h = height - ins.top - ins.bottom;
    let text = Rect {
        x: ins.left + (area_w - text_w) / 2.0,
        y: ins.top + (area_h - text_h) / 2.0,
        width: text_w,
        height: text_h,
    };
    ((width, height), text)
}

fn lane_of(kind: Option<ComponentKind>) -> Lane {
    kind.map_or(Lane::Data, ComponentKind::lane)
}

/// The engine graph of a design and the lanes it uses (empty when it uses groups or no lanes).
#[must_use]
pub fn engine_graph(model: &Model, options: &LayoutOptions) -> (engine::Graph, Vec<Lane>) {
    let use_lanes = options.lanes && model.groups.is_empty();
    let lanes_used: Vec<Lane> = if use_lanes { Lane::ALL.to_vec() } else { Vec::new() };
    let nodes = model
        .components
        .iter()
        .map(|c| {
            let ((width, height), _) = node_size(&c.kind_name, &c.label, c.tech());
            engine::NodeSpec {
                width,
                height,
                cluster: if use_lanes { None } else { c.group.map(|g| g.0) },
                lane: if use_lanes {
                    Lane::ALL.iter().position(|l| *l == lane_of(c.kind)).unwrap_or(0) as u32
                } else {
                    0
                },
            }
        })
        .collect();
    let edges = model
        .edges
        .iter()
        .map(|e| engine::EdgeSpec {
            from: e.from.0,
            to: e.to.0,
            role: match e.kind {
                EdgeKind::Monitors => engine::EdgeRole::Observe,
                EdgeKind::Influences | EdgeKind::Triggers => engine::EdgeRole::Feedback,
                _ => engine::EdgeRole::Flow,
            },
            label: e.label.as_deref().map(|l| {
                let (w, h) = EDGE_LABEL_STYLE.measure(l);
                (w + 2.0 * EDGE_LABEL_PAD, h + 2.0 * EDGE_LABEL_PAD)
            }),
        })
        .collect();
    let clusters = if use_lanes {
        Vec::new()
    } else {
        model
            .groups
            .iter()
            .map(|g| engine::ClusterSpec { parent: g.parent.map(|p| p.0), title: TITLE_STYLE.measure(&g.label) })
            .collect()
    };
    let lanes = lanes_used.iter().map(|l| engine::LaneSpec { title: TITLE_STYLE.measure(l.title()) }).collect();
    (engine::Graph { nodes, edges, clusters, lanes }, lanes_used)
}

/// The key requirements shown in the header, in a fixed order.
fn header_items(model: &Model) -> Vec<HeaderItem> {
    const KEYS: &[(&str, &str)] = &[
        ("business_metric", "business metric"),
        ("ml_task", "ML task"),
        ("latency.p99", "latency p99"),
        ("latency.inference_p99", "inference p99"),
        ("users.dau", "DAU"),
        ("users.mau", "MAU"),
        ("qps.peak", "peak QPS"),
        ("qps.avg", "QPS"),
        ("items", "items"),
    ];
    KEYS.iter()
        .filter_map(|(key, name)| {
            let v = model.requirements.value(key)?;
            Some(HeaderItem { key: (*name).to_string(), value: v.display() })
        })
        .collect()
}

/// Edge kinds in legend order: request path, training-time flows, then feedback and control.
const LEGEND_ORDER: &[EdgeKind] = &[
    EdgeKind::Call,
    EdgeKind::Lookup,
    EdgeKind::Data,
    EdgeKind::Labels,
    EdgeKind::Validates,
    EdgeKind::Materializes,
    EdgeKind::Trains,
    EdgeKind::Produces,
    EdgeKind::Evaluates,
    EdgeKind::Registers,
    EdgeKind::Deploys,
    EdgeKind::Output,
    EdgeKind::Logs,
    EdgeKind::Experiment,
    EdgeKind::Monitors,
    EdgeKind::Triggers,
    EdgeKind::Influences,
];

fn dress(
    model: &Model,
    options: &LayoutOptions,
    direction: Direction,
    graph: &engine::Graph,
    drawing: &engine::Drawing,
    lanes_used: &[Lane],
) -> Layout {
    let title = model.title.clone();
    let header = header_items(model);
    // Header: title line, then the items on one line.
    let header_size = options.header.then(|| {
        let title_w = title.as_deref().map_or(0.0, |t| HEADER_TITLE_STYLE.width(t));
        let items_w = header_line_width(&header);
        let h = if title.is_some() { HEADER_TITLE_STYLE.line_height() + 4.0 } else { 0.0 }
            + if header.is_empty() { 0.0 } else { HEADER_STYLE.line_height() };
        (title_w.max(items_w), h)
    });
    let header_size = header_size.filter(|(_, h)| *h > 0.0);
    let mut legend: Vec<String> = Vec::new();
    if options.legend {
        for kind in LEGEND_ORDER {
            if model.edges.iter().any(|e| e.kind == *kind) {
                legend.push(kind.name().to_string());
            }
        }
    }
    let legend_size = (!legend.is_empty()).then(|| {
        let w: f64 = legend.iter().map(|k| LEGEND_SAMPLE + 6.0 + HEADER_STYLE.width(k) + 18.0).sum();
        (w, HEADER_STYLE.line_height() + 8.0)
    });

    let top = MARGIN + header_size.map_or(0.0, |(_, h)| h + 12.0);
    let left = MARGIN;
    // Coordinates are rounded to hundredths so the geometry reads (and snapshots) cleanly.
    let off = |r: &Rect| Rect { x: r2(r.x + left), y: r2(r.y + top), width: r2(r.width), height: r2(r.height) };
    let offp = |p: &Point| Point { x: r2(p.x + left), y: r2(p.y + top) };

    // Containers: groups (parents first) or lanes.
    let mut containers: Vec<ContainerBox> = Vec::new();
    let mut container_of_group: Vec<Option<usize>> = vec![None; model.groups.len()];
    let mut container_of_lane: Vec<Option<usize>> = vec![None; lanes_used.len()];
    if lanes_used.is_empty() {
        for (i, g) in model.groups.iter().enumerate() {
            let parent = g.parent.and_then(|p| container_of_group[p.index()]);
            let depth = model.group_ancestors(g.id).count() as u32 - 1;
            container_of_group[i] = Some(containers.len());
            containers.push(ContainerBox {
                id: g.name.clone(),
                label: g.label.clone(),
                kind: ContainerKind::Group,
                rect: off(&drawing.clusters[i]),
                title: Rect::default(),
                parent,
                depth,
            });
        }
    } else {
        for (i, lane) in lanes_used.iter().enumerate() {
            if let Some(rect) = drawing.lanes.get(i).copied().flatten() {
                container_of_lane[i] = Some(containers.len());
                containers.push(ContainerBox {
                    id: lane.name().to_string(),
                    label: lane.title().to_string(),
                    kind: ContainerKind::Lane,
                    rect: off(&rect),
                    title: Rect::default(),
                    parent: None,
                    depth: 0,
                });
            }
        }
    }

    let nodes: Vec<NodeBox> = model
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let rect = off(&drawing.nodes[i]);
            let (_, text) = node_size(&c.kind_name, &c.label, c.tech());
            let label_rect =
                Rect { x: r2(rect.x + text.x), y: r2(rect.y + text.y), width: r2(text.width), height: r2(text.height) };
            let container = if lanes_used.is_empty() {
                c.group.and_then(|g| container_of_group[g.index()])
            } else {
                container_of_lane[graph.nodes[i].lane as usize]
            };
            let mut details = vec![format!("{} {}", c.kind_name, c.name)];
            for (key, prop) in c.props.iter() {
                if matches!(prop.value, Value::Block) {
                    continue;
                }
                details.push(format!("{key}: {}", prop.value.display()));
            }
            NodeBox {
                id: c.name.clone(),
                kind: c.kind_name.clone(),
                lane: lane_of(c.kind).name().to_string(),
                label: c.label.clone(),
                tech: c.tech().map(str::to_string),
                rect,
                label_rect,
                container,
                details,
                findings: Vec::new(),
            }
        })
        .collect();

    let edges: Vec<EdgePath> = model
        .edges
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let route = &drawing.edges[i];
            EdgePath {
                from: model.component(e.from).name.clone(),
                to: model.component(e.to).name.clone(),
                kind: e.kind.name().to_string(),
                points: route.points.iter().map(offp).collect(),
                reversed: route.reversed,
                label: e
                    .label
                    .as_ref()
                    .zip(route.label.as_ref())
                    .map(|(text, rect)| EdgeLabel { text: text.clone(), rect: off(rect) }),
            }
        })
        .collect();

    place_titles(&mut containers, &edges);

    let content_w = drawing.bounds.width;
    let content_h = drawing.bounds.height;
    let mut width = content_w;
    if let Some((w, _)) = header_size {
        width = width.max(w);
    }
    if let Some((w, _)) = legend_size {
        width = width.max(w);
    }
    let header_box = header_size.map(|(w, h)| Rect { x: MARGIN, y: MARGIN, width: w.max(width), height: h });
    let legend_top = top + content_h + 16.0;
    let legend_box = legend_size.map(|(w, h)| Rect { x: MARGIN, y: legend_top, width: w, height: h });
    let height = legend_box.map_or(top + content_h, |b| b.bottom()) + MARGIN;
    Layout {
        direction,
        bounds: Rect { x: 0.0, y: 0.0, width: (width + 2.0 * MARGIN).ceil(), height: height.ceil() },
        title,
        header,
        header_box,
        legend,
        legend_box,
        nodes,
        containers,
        edges,
    }
}

impl Layout {
    /// Puts each diagnostic on the node of the component it is about (a badge and tooltip lines
    /// in the rendering); diagnostics about no component are left out.
    pub fn attach_findings(&mut self, model: &Model, diagnostics: &[crate::diag::Diagnostic]) {
        for d in diagnostics {
            let Some(c) = crate::lint::component_of(model, d) else { continue };
            if let Some(node) = self.nodes.get_mut(c.index()) {
                node.findings.push(NodeFinding {
                    severity: d.severity,
                    code: d.code.to_string(),
                    message: d.message.clone(),
                });
            }
        }
    }
}

/// Rounds to hundredths, so the geometry reads (and snapshots) cleanly.
fn r2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Room above a container title, and between the box's left side and the title.
pub const TITLE_INSET: (f64, f64) = (10.0, 6.0);

/// Puts each container's title along the top of its box: at the left, or else at the first place
/// to the right that no edge crosses (edges enter and leave containers through the top in
/// `direction: down`, and a title under a line is hard to read).
fn place_titles(containers: &mut [ContainerBox], edges: &[EdgePath]) {
    const CLEAR: f64 = 6.0;
    for c in containers.iter_mut() {
        let (w, h) = (TITLE_STYLE.width(&c.label), TITLE_STYLE.line_height());
        let mut title = Rect { x: c.rect.x + TITLE_INSET.0, y: c.rect.y + TITLE_INSET.1, width: w, height: h };
        let (top, bottom) = (title.y - 2.0, title.bottom() + 2.0);
        // The x-intervals where an edge passes through the title's band.
        let mut blocked: Vec<(f64, f64)> = Vec::new();
        for e in edges {
            for s in e.points.windows(2) {
                let (p, q) = (s[0], s[1]);
                if p.y.max(q.y) < top || p.y.min(q.y) > bottom {
                    continue;
                }
                // The renderer draws a segment as a curve inside the segment's bounding box.
                let (a, b) = (p.x, q.x);
                blocked.push((a.min(b) - CLEAR, a.max(b) + CLEAR));
            }
            if let Some(l) = &e.label {
                if l.rect.bottom() >= top && l.rect.y <= bottom {
                    blocked.push((l.rect.x - CLEAR, l.rect.right() + CLEAR));
                }
            }
        }
        let limit = c.rect.right() - TITLE_INSET.0;
        blocked.retain(|&(a, b)| b > title.x && a < limit);
        let free = |x: f64| blocked.iter().all(|&(a, b)| x + w <= a || x >= b);
        if !free(title.x) {
            let mut starts: Vec<f64> = blocked.iter().map(|&(_, b)| b).filter(|&b| b > title.x).collect();
            starts.sort_by(f64::total_cmp);
            if let Some(x) = starts.into_iter().find(|&x| x + w <= limit && free(x)) {
                title.x = x;
            }
        }
        c.title = Rect { x: r2(title.x), y: r2(title.y), width: r2(title.width), height: r2(title.height) };
    }
}

/// Width of the header items line (`key: value` entries separated by wide gaps).
#[must_use]
pub fn header_line_width(items: &[HeaderItem]) -> f64 {
    items.iter().map(|i| HEADER_STYLE.width(&format!("{}: {}", i.key, i.value)) + 24.0).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(x: f64, width: f64) -> ContainerBox {
        ContainerBox {
            id: "g".into(),
            label: "Monitoring".into(),
            kind: ContainerKind::Group,
            rect: Rect { x, y: 100.0, width, height: 200.0 },
            title: Rect::default(),
            parent: None,
            depth: 0,
        }
    }

    fn edge(points: &[(f64, f64)]) -> EdgePath {
        EdgePath {
            from: "a".into(),
            to: "b".into(),
            kind: "monitors".into(),
            points: points.iter().map(|&(x, y)| Point { x, y }).collect(),
            reversed: false,
            label: None,
        }
    }

    #[test]
    fn titles_move_clear_of_edges_that_cross_the_top() {
        let mut cs = [container(0.0, 300.0)];
        place_titles(&mut cs, &[]);
        assert_eq!((cs[0].title.x, cs[0].title.y), (TITLE_INSET.0, 100.0 + TITLE_INSET.1));
        // A vertical edge through the title's default place pushes it to the right of the edge.
        place_titles(&mut cs, &[edge(&[(30.0, 50.0), (30.0, 150.0)])]);
        assert!(cs[0].title.x >= 36.0, "{:?}", cs[0].title);
        // An edge that runs across the whole band leaves no room: the title stays at the left
        // (the renderer draws it above the edges with a halo).
        place_titles(&mut cs, &[edge(&[(-50.0, 110.0), (400.0, 112.0)])]);
        assert_eq!(cs[0].title.x, TITLE_INSET.0);
        // A title never leaves its box.
        let mut narrow = [container(0.0, 100.0)];
        place_titles(&mut narrow, &[edge(&[(30.0, 50.0), (30.0, 150.0)])]);
        assert!(narrow[0].title.right() <= 100.0 || narrow[0].title.x == TITLE_INSET.0);
    }
}
