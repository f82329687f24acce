//! Small helpers shared by the rules: formatting and a few model questions.

use super::Facts;
use crate::model::{ComponentId, ComponentKind as K, EdgeKind as E, Model};

/// A duration in milliseconds as a user would write it (`200ms`, `15min`, `1d`).
#[must_use]
pub(crate) fn fmt_ms(ms: f64) -> String {
    if ms.is_infinite() {
        return "never".into();
    }
    for (unit, size) in
        [("w", 604_800_000.0), ("d", 86_400_000.0), ("h", 3_600_000.0), ("min", 60_000.0), ("s", 1000.0)]
    {
        if ms >= size && (ms / size).fract().abs() < 1e-9 {
            return format!("{}{unit}", fmt_num(ms / size));
        }
    }
    format!("{}ms", fmt_num(ms))
}

/// A number without needless decimals (`30`, `2.5`).
#[must_use]
pub(crate) fn fmt_num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Names in backticks, comma-separated: `` `a`, `b` ``.
#[must_use]
pub(crate) fn ticks<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names.into_iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// The names of components, in backticks.
#[must_use]
pub(crate) fn ticks_ids(model: &Model, ids: &[ComponentId]) -> String {
    ticks(ids.iter().map(|id| model.component(*id).name.as_str()))
}

/// Whether a model has a retraining plan: `retrain`, `continual: true`, or a producing training
/// pipeline with a `schedule`, `trigger` or `continual: true`.
#[must_use]
pub(crate) fn retrains(facts: &Facts<'_>, model: &Model, id: ComponentId) -> bool {
    let m = model.component(id);
    m.props.has("retrain")
        || m.props.bool("continual") == Some(true)
        || facts.producers(id).any(|p| {
            let p = &model.component(p).props;
            p.has("schedule") || p.has("trigger") || p.bool("continual") == Some(true)
        })
}

/// Whether a model's retraining can be triggered: a `triggers` edge into a producing pipeline.
#[must_use]
pub(crate) fn triggered(facts: &Facts<'_>, model: &Model, id: ComponentId) -> bool {
    facts
        .producers(id)
        .any(|p| model.graph.neighbors(p, crate::model::graph::Dir::Backward, &[E::Triggers]).next().is_some())
}

/// The monitor kinds of a monitor (`kind`, one or a list).
#[must_use]
pub(crate) fn monitor_kinds(model: &Model, monitor: ComponentId) -> Vec<&str> {
    model.component(monitor).props.names("kind")
}

/// Whether `id` is a serving, batch prediction or indexing pipeline node (loads models).
#[must_use]
pub(crate) fn loads_models(model: &Model, id: ComponentId) -> bool {
    matches!(model.component(id).kind, Some(K::Serving | K::BatchPrediction | K::IndexingPipeline))
}
