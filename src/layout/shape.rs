//! Node shapes per component kind, and the room each shape needs around its text.
//!
//! Shared by the layout (box sizes and text areas) and the renderer (what to draw), so a box is
//! always big enough for the shape the renderer draws in it.

/// The outline drawn for a node.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A rounded rectangle (the default).
    Rounded,
    /// A cylinder: stores, datasets, indexes, logs.
    Cylinder,
    /// A hexagon: jobs and pipelines that transform data.
    Hexagon,
    /// An octagon: gates that decide (model validation).
    Octagon,
    /// A rectangle with a folded corner: a model artefact.
    Document,
    /// A rectangle with a tab: a registry of versions.
    Folder,
    /// A pill: people and surfaces that consume predictions.
    Pill,
    /// A parallelogram: experiments.
    Parallelogram,
    /// A rectangle with cut corners: business rules and policies.
    Notched,
}

/// A small glyph drawn in the top-left corner of a node.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Icon {
    /// A server (serving, batch prediction).
    Server,
    /// A pulse line (monitors).
    Pulse,
    /// A person (consumers, human review).
    Person,
    /// A small network (models).
    Network,
    /// A tag (registries).
    Tag,
    /// A flask (experiments).
    Flask,
    /// A check mark (validation).
    Check,
}

/// Room around the text area: left, right, top, bottom.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Insets {
    /// Left.
    pub left: f64,
    /// Right.
    pub right: f64,
    /// Top.
    pub top: f64,
    /// Bottom.
    pub bottom: f64,
}

/// Padding between text and outline for every shape.
pub const PAD_X: f64 = 12.0;
/// Vertical padding.
pub const PAD_Y: f64 = 8.0;
/// Size of an icon and the gap after it.
pub const ICON: f64 = 14.0;

/// The shape and icon of a component kind (by its name as written in designs).
#[must_use]
pub fn for_kind(kind: &str) -> (Shape, Option<Icon>) {
    match kind {
        "data_source" | "data_store" | "feature_store" | "feature_view" | "dataset" | "prediction_log"
        | "ann_index" | "search_index" | "cache" => (Shape::Cylinder, None),
        "etl" | "data_pipeline" | "feature_pipeline" | "training_pipeline" | "indexing_pipeline" | "labeling"
        | "data_validation" => (Shape::Hexagon, None),
        "model_validation" => (Shape::Octagon, Some(Icon::Check)),
        "model" => (Shape::Document, Some(Icon::Network)),
        "model_registry" | "experiment_tracker" => (Shape::Folder, Some(Icon::Tag)),
        "serving" | "batch_prediction" => (Shape::Rounded, Some(Icon::Server)),
        "monitor" => (Shape::Rounded, Some(Icon::Pulse)),
        "consumer" | "human_review" => (Shape::Pill, Some(Icon::Person)),
        "experiment" => (Shape::Parallelogram, Some(Icon::Flask)),
        "policy" => (Shape::Notched, None),
        _ => (Shape::Rounded, None),
    }
}

/// The room a shape (with or without an icon) needs around its text, for a box of `height`.
#[must_use]
pub fn insets(shape: Shape, icon: Option<Icon>, height: f64) -> Insets {
    let mut i = Insets { left: PAD_X, right: PAD_X, top: PAD_Y, bottom: PAD_Y };
    match shape {
        Shape::Cylinder => {
            // The top cap is an ellipse 1/6 of the height (at most 12 px) deep.
            let cap = cylinder_cap(height);
            i.top += cap * 2.0;
            i.bottom += cap * 0.5;
        }
        Shape::Hexagon | Shape::Octagon | Shape::Notched => {
            let cut = corner_cut(height);
            i.left += cut;
            i.right += cut;
        }
        Shape::Parallelogram => {
            let slant = height * 0.25;
            i.left += slant;
            i.right += slant;
        }
        Shape::Pill => {
            i.left += height * 0.3;
            i.right += height * 0.3;
        }
        Shape::Folder => i.top += 6.0,
        Shape::Document => i.right += 8.0,
        Shape::Rounded => {}
    }
    if icon.is_some() {
        i.left += ICON + 4.0;
    }
    i
}

/// Depth of a cylinder's elliptic cap for a box of `height`.
#[must_use]
pub fn cylinder_cap(height: f64) -> f64 {
    (height / 6.0).min(9.0)
}

/// How far the corners of hexagons and octagons are cut for a box of `height`.
#[must_use]
pub fn corner_cut(height: f64) -> f64 {
    (height * 0.25).min(12.0)
}
