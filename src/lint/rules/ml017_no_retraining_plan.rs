//! ML017 `no-retraining-plan`.

use crate::lint::util::{retrains, triggered};
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::ComponentKind as K;

declare_rule! {
    /// ## What it does
    /// Checks that every served model has a retraining plan: `retrain` (a schedule or trigger)
    /// or `continual: true` on the model or on its training pipeline (`schedule`, `trigger`,
    /// `continual`), or a `triggers` edge into its training pipeline (e.g. from a drift
    /// monitor).
    ///
    /// ## Why is this bad?
    /// The world drifts; a model that is never retrained gets stale silently (ML Test Score
    /// Model 4, Monitor 4). Ad-click systems lose money within minutes of staleness.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// training_pipeline t {}
    /// model m {}
    /// model_registry r {}
    /// serving s {}
    /// t -> m -> r -> s
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// training_pipeline t {}
    /// model m { retrain: 1d }
    /// model_registry r {}
    /// serving s {}
    /// t -> m -> r -> s
    /// ```
    pub(crate) struct NoRetrainingPlan {
        code: "ML017",
        id: "no-retraining-plan",
        severity: Warning,
        stage: Model,
    }
}

impl Rule for NoRetrainingPlan {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        for m in model.components_of(K::Model) {
            if cx.facts.served_by(m.id).is_empty()
                || retrains(cx.facts, model, m.id)
                || triggered(cx.facts, model, m.id)
            {
                continue;
            }
            let serving = model.component(cx.facts.served_by(m.id)[0]);
            cx.report(Some(m.id), m.name_span, format!("`{}` has no retraining cadence or trigger", m.name))
                .label(serving.name_span, "served here")
                .help("declare `retrain: 1d`, `continual: true`, or a drift-triggered retrain (`monitor -> pipeline [triggers]`)");
        }
    }
}
