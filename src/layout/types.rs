//! The layout's output: plain geometry plus the display text the renderer needs.
//!
//! `Layout` is the only thing `render` reads (it never sees the model or the AST), so everything
//! a diagram shows (labels, `tech` lines, kind classes, tooltips, lint badges, the header) is
//! carried here. All coordinates are in CSS pixels, y growing downwards.

use serde::Serialize;

use crate::diag::Severity;

/// A point.
#[derive(Copy, Clone, Debug, Default, PartialEq, Serialize)]
pub struct Point {
    /// Horizontal coordinate.
    pub x: f64,
    /// Vertical coordinate (down is positive).
    pub y: f64,
}

/// An axis-aligned rectangle given by its top-left corner and size.
#[derive(Copy, Clone, Debug, Default, PartialEq, Serialize)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width (never negative).
    pub width: f64,
    /// Height (never negative).
    pub height: f64,
}

impl Rect {
    /// Right edge.
    #[must_use]
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    /// Bottom edge.
    #[must_use]
    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// Centre point.
    #[must_use]
    pub fn center(&self) -> Point {
        Point { x: self.x + self.width / 2.0, y: self.y + self.height / 2.0 }
    }

    /// Whether `other` lies entirely inside `self` (touching edges count as inside).
    #[must_use]
    pub fn contains_rect(&self, other: &Rect) -> bool {
        other.x >= self.x && other.y >= self.y && other.right() <= self.right() && other.bottom() <= self.bottom()
    }

    /// Whether the interiors of the two rectangles overlap (touching edges do not).
    #[must_use]
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right() && other.x < self.right() && self.y < other.bottom() && other.y < self.bottom()
    }
}

/// Main flow direction of a drawing.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right (the default).
    #[default]
    Right,
    /// Top to bottom.
    Down,
}

/// A finished diagram: node boxes, container boxes, routed edges and the header text.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Layout {
    /// Flow direction used.
    pub direction: Direction,
    /// Bounding box of everything laid out (nodes, containers, edges, labels).
    pub bounds: Rect,
    /// Diagram title (the design's `title`, or the file name).
    pub title: Option<String>,
    /// Key requirements for the header, in display order (`business metric`, `latency p99`...).
    pub header: Vec<HeaderItem>,
    /// Room reserved for the title and header at the top, if the header is drawn.
    pub header_box: Option<Rect>,
    /// Edge kinds shown in the legend, in a fixed order.
    pub legend: Vec<String>,
    /// Room reserved for the legend at the bottom, if the legend is drawn.
    pub legend_box: Option<Rect>,
    /// One box per component, in declaration order.
    pub nodes: Vec<NodeBox>,
    /// Group or framework-stage lane boxes, parents before children.
    pub containers: Vec<ContainerBox>,
    /// One path per edge, in declaration order.
    pub edges: Vec<EdgePath>,
}

/// One key/value line of the diagram header.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeaderItem {
    /// Short name, e.g. `latency p99`.
    pub key: String,
    /// Display value, e.g. `200ms`.
    pub value: String,
}

/// A component's box.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeBox {
    /// The component id (unique in the design).
    pub id: String,
    /// The component kind, e.g. `feature_store` (the renderer picks shape and CSS class from it).
    pub kind: String,
    /// The framework-stage lane of the kind (`data`, `features`, `model`, `evaluation`,
    /// `serving`, `monitoring`), which the renderer colours by.
    pub lane: String,
    /// Main label.
    pub label: String,
    /// Second line (the component's `tech`), if any.
    pub tech: Option<String>,
    /// The box.
    pub rect: Rect,
    /// Where the text (label, then the `tech` line) goes: inside the shape's text area.
    pub label_rect: Rect,
    /// Index into [`Layout::containers`] of the innermost container holding this node.
    pub container: Option<usize>,
    /// Tooltip lines: the kind and the component's properties.
    pub details: Vec<String>,
    /// Lint findings on this component (filled in by `mlsd render --lint`).
    pub findings: Vec<NodeFinding>,
}

/// A lint finding shown on a node (badge and tooltip).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeFinding {
    /// Severity of the finding.
    pub severity: Severity,
    /// Rule id.
    pub code: String,
    /// The finding's message.
    pub message: String,
}

/// What a container stands for.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContainerKind {
    /// A user `group`.
    Group,
    /// An automatic framework-stage lane (used when the design has no groups).
    Lane,
}

/// A titled container box.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContainerBox {
    /// Group id, or the stage name for lanes.
    pub id: String,
    /// Title drawn on the box.
    pub label: String,
    /// Group or lane.
    pub kind: ContainerKind,
    /// The box (includes room for the title).
    pub rect: Rect,
    /// Where the title text goes: along the top of the box, clear of the edges that cross it.
    pub title: Rect,
    /// Index of the enclosing container, if nested.
    pub parent: Option<usize>,
    /// Nesting depth, 0 for top-level containers.
    pub depth: u32,
}

/// A routed edge.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgePath {
    /// Source component id.
    pub from: String,
    /// Target component id.
    pub to: String,
    /// Edge kind, e.g. `lookup` (the renderer picks the stroke style from it).
    pub kind: String,
    /// The path from the source box border to the target box border, in flow order (the last
    /// point is where the arrowhead goes), even for edges the layout reversed internally.
    pub points: Vec<Point>,
    /// Whether the layout reversed this edge to break a cycle (it is still drawn pointing to
    /// `to`).
    pub reversed: bool,
    /// The label, if the edge has one.
    pub label: Option<EdgeLabel>,
}

/// An edge label and the box it occupies.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgeLabel {
    /// The text.
    pub text: String,
    /// Where the text's box is.
    pub rect: Rect,
}
