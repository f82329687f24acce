//! ML019 `missing-offline-metrics`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::ComponentKind as K;

declare_rule! {
    /// ## What it does
    /// Checks that every `model` has an offline metric: in `metrics { offline { model: [...] } }`
    /// (a plain `offline: [...]` list applies to every model) or in a `model_validation` gate
    /// that evaluates it.
    ///
    /// ## Why is this bad?
    /// Without an offline metric there is no way to compare candidate models, tune them or gate
    /// their promotion.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// model m { task: ranking }
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// metrics { offline { m: [ndcg@10, map] } }
    /// model m { task: ranking }
    /// ```
    pub(crate) struct MissingOfflineMetrics {
        code: "ML019",
        id: "missing-offline-metrics",
        severity: Error,
        stage: Evaluation,
    }
}

impl Rule for MissingOfflineMetrics {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        for m in model.components_of(K::Model) {
            let gated = cx.facts.gates_of(m.id).any(|g| !model.component(g).props.metrics("metrics").is_empty());
            if gated || !cx.facts.offline_metrics(m.id).is_empty() {
                continue;
            }
            cx.report(Some(m.id), m.name_span, format!("model `{}` has no offline metric", m.name))
                .help(format!("pick metrics suited to the task in `metrics {{ offline {{ {}: [...] }} }}` (e.g. ROC-AUC/PR-AUC, nDCG@k, mAP, RMSE)", m.name));
        }
    }
}
