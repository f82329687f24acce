//! ML016 `random-split-temporal-data`.

use crate::lint::facts::TRAIN_KINDS;
use crate::lint::util::retrains;
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::graph::Dir;
use crate::model::{Component, ComponentId, ComponentKind as K};

declare_rule! {
    /// ## What it does
    /// Checks for a dataset split randomly (`split: random`, or no `split`) although its data is
    /// temporal (`temporal: true`, a `time_range`, or an `event_log`/`stream` source in its
    /// training ancestry, unless it says `temporal: false`), when it trains a model that is
    /// retrained (`retrain`, `continual`, a scheduled pipeline), a ranking, recommendation or
    /// edge-prediction model, or a click-style binary classifier (role ranking or candidate
    /// generation, `ltr`, or click/CTR outputs).
    ///
    /// ## Why is this bad?
    /// A random split of time-ordered interactions leaks the future into training: offline
    /// metrics look better than anything the model can achieve online.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// data_source events { type: event_log }
    /// dataset d { split: random }
    /// training_pipeline t {}
    /// model m { task: ranking }
    /// events -> d -> t -> m
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// data_source events { type: event_log }
    /// dataset d { split: time_based }
    /// training_pipeline t {}
    /// model m { task: ranking }
    /// events -> d -> t -> m
    /// ```
    pub(crate) struct RandomSplitTemporalData {
        code: "ML016",
        id: "random-split-temporal-data",
        severity: Warning,
        stage: Model,
    }
}

impl Rule for RandomSplitTemporalData {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let temporal_sources: Vec<ComponentId> = model
            .components_of(K::DataSource)
            .filter(|s| matches!(s.props.name("type"), Some("event_log" | "stream")))
            .map(|s| s.id)
            .collect();
        let from_events = model.graph.reachable(&temporal_sources, Dir::Forward, TRAIN_KINDS);
        let sensitive: Vec<ComponentId> =
            model.components_of(K::Model).filter(|m| time_sensitive(cx, m)).map(|m| m.id).collect();
        let feeds = model.graph.reachable(&sensitive, Dir::Backward, TRAIN_KINDS);
        for d in model.components_of(K::Dataset) {
            let split = d.props.name("split");
            if !matches!(split, None | Some("random")) || !feeds[d.id.index()] {
                continue;
            }
            let temporal = match d.props.bool("temporal") {
                Some(t) => t,
                None => d.props.has("time_range") || from_events[d.id.index()],
            };
            if !temporal {
                continue;
            }
            let how = if split.is_some() { "split randomly" } else { "not split by time (no `split`)" };
            let at = d.props.get("split").map_or(d.name_span, |p| p.span());
            cx.report(Some(d.id), at, format!("`{}` is {how} although the data is temporal (leakage risk)", d.name))
                .help("use `split: time_based` (train on days up to N, evaluate on days after N)");
        }
    }
}

/// Whether the model's evaluation is time-sensitive (retrained, ranking-like, click-style).
fn time_sensitive(cx: &LintContext<'_>, m: &Component) -> bool {
    if retrains(cx.facts, cx.model, m.id) {
        return true;
    }
    match m.props.name("task") {
        Some("ranking" | "recommendation" | "edge_prediction") => true,
        Some("binary_classification") => {
            let click = |s: &str| {
                let s = s.to_ascii_lowercase();
                s.contains("click") || s.contains("ctr")
            };
            matches!(m.props.name("role"), Some("ranking" | "candidate_generation"))
                || m.props.has("ltr")
                || click(&m.name)
                || m.props.names("outputs").iter().any(|o| click(o))
        }
        _ => false,
    }
}
