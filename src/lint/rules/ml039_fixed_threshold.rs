//! ML039 `fixed-threshold`.

use crate::lint::util::{fmt_num, retrains};
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::graph::Dir;
use crate::model::{ComponentId, ComponentKind as K, EdgeKind as E};

declare_rule! {
    /// ## What it does
    /// Checks `policy` and `serving` nodes with a numeric `decision_threshold` whose
    /// `threshold_source` is absent or `manual`, when a model feeding them is retrained
    /// (`retrain`, `continual`, a scheduled training pipeline). A serving node is fed by its
    /// deployed models; a policy by the models of the serving nodes upstream of it.
    ///
    /// ## Why is this bad?
    /// Each retrain shifts the score distribution; a threshold tuned by hand once no longer
    /// means the same precision or recall (fixed thresholds in dynamic systems).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// model m { retrain: 1d }
    /// model_registry r {}
    /// serving s {}
    /// policy enforce { decision_threshold: 0.8 }
    /// m -> r -> s -> enforce
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// model m { retrain: 1d }
    /// model_registry r {}
    /// serving s {}
    /// policy enforce { decision_threshold: 0.8, threshold_source: validation }
    /// m -> r -> s -> enforce
    /// ```
    pub(crate) struct FixedThreshold {
        code: "ML039",
        id: "fixed-threshold",
        severity: Warning,
        stage: Monitoring,
    }
}

impl Rule for FixedThreshold {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let facts = cx.facts;
        for c in &model.components {
            if !matches!(c.kind, Some(K::Policy | K::Serving | K::BatchPrediction)) {
                continue;
            }
            let Some(threshold) = c.props.number("decision_threshold") else { continue };
            if !matches!(c.props.name("threshold_source"), None | Some("manual")) {
                continue;
            }
            // The serving nodes upstream through policies and serving nodes (and the node itself).
            let mut servings: Vec<ComponentId> = Vec::new();
            let mut seen = std::collections::HashSet::from([c.id]);
            let mut stack = vec![c.id];
            while let Some(at) = stack.pop() {
                if model.component(at).kind.is_some_and(K::is_serving) {
                    servings.push(at);
                }
                for (_, prev) in model.graph.neighbors(at, Dir::Backward, &[E::Call, E::Output, E::Data]) {
                    if matches!(model.component(prev).kind, Some(K::Policy | K::Serving | K::BatchPrediction))
                        && seen.insert(prev)
                    {
                        stack.push(prev);
                    }
                }
            }
            let retrained =
                servings.iter().flat_map(|s| facts.models_of(*s).iter().copied()).find(|m| retrains(facts, model, *m));
            let Some(m) = retrained else { continue };
            let at = c.props.get("decision_threshold").map_or(c.name_span, |p| p.span());
            cx.report(Some(c.id), at, format!("`{}` uses a hand-set threshold {} on a model that is retrained", c.name, fmt_num(threshold)))
                .label(model.component(m).name_span, "retrained here")
                .help("re-derive the threshold on held-out validation data at each retrain (`threshold_source: validation`) and version it with the model");
        }
    }
}
