//! ML006 `missing-label-source`.

use crate::lint::facts::TRAIN_KINDS;
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::graph::Dir;
use crate::model::{ComponentId, ComponentKind as K, EdgeKind};

declare_rule! {
    /// ## What it does
    /// Checks that every supervised model has a label source: a dataset in its training
    /// ancestry with an incoming `labels` edge (from a `labeling` node) or a `label` spec. Every
    /// task is supervised except `clustering`, `dimensionality_reduction`, and `retrieval` or
    /// `recommendation` when the requirements say `labels.kind` includes `self_supervised`. It
    /// also checks that the requirements say whether labels are available (`labels`).
    ///
    /// ## Why is this bad?
    /// A supervised model needs labels; where they come from (hand labeling, natural labels
    /// such as clicks, user reports), how fast and how noisy, decides what can be trained.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// requirements { labels { available: true, kind: [natural] } }
    /// data_source clicks {}
    /// dataset d {}
    /// training_pipeline t {}
    /// model m { task: binary_classification }
    /// clicks -> d -> t -> m
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// requirements { labels { available: true, kind: [natural] } }
    /// data_source clicks {}
    /// labeling click_labels { method: natural, rule: "click within 30s" }
    /// dataset d {}
    /// training_pipeline t {}
    /// model m { task: binary_classification }
    /// clicks -> d -> t -> m
    /// clicks -> click_labels -> d
    /// ```
    pub(crate) struct MissingLabelSource {
        code: "ML006",
        id: "missing-label-source",
        severity: Error,
        stage: Data,
    }
}

impl Rule for MissingLabelSource {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let models: Vec<_> = model.components_of(K::Model).collect();
        if models.is_empty() {
            return;
        }
        if !model.requirements.has("labels") {
            let at = cx.requirements_at();
            let label = cx.requirements_label("no `labels`");
            cx.report(None, at, "the requirements do not say whether labels are available")
                .primary(label)
                .help("declare `labels { available: true, kind: [natural] }` (hand, natural, implicit, self_supervised, weak or none)");
        }
        let self_supervised = model.requirements.names("labels.kind").contains(&"self_supervised");
        let labeled: Vec<ComponentId> = model
            .components_of(K::Dataset)
            .filter(|d| {
                d.props.has("label") || model.graph.neighbors(d.id, Dir::Backward, &[EdgeKind::Labels]).next().is_some()
            })
            .map(|d| d.id)
            .collect();
        let reached = model.graph.reachable(&labeled, Dir::Forward, TRAIN_KINDS);
        for m in models {
            let Some(task) = m.props.name("task") else { continue };
            let unsupervised = matches!(task, "clustering" | "dimensionality_reduction")
                || (self_supervised && matches!(task, "retrieval" | "recommendation"));
            if unsupervised || reached[m.id.index()] {
                continue;
            }
            cx.report(Some(m.id), m.name_span, format!("supervised model `{}` has no declared label source", m.name))
                .primary(format!("task `{task}` needs labels"))
                .help("add a `labeling` node (hand, natural, implicit...) feeding its dataset, with its delay and volume, e.g. `rule: \"positive = click within t seconds\"`");
        }
    }
}
