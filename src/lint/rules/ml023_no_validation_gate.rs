//! ML023 `no-validation-gate`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::graph::Dir;
use crate::model::{ComponentId, ComponentKind as K, EdgeKind as E, Model};

declare_rule! {
    /// ## What it does
    /// For each serving node S and each model M deployed to it, checks that M passes a blocking
    /// quality gate on its way: `M -evaluates-> V -registers-> R -deploys-> S`, where V is a
    /// `model_validation` with `blocking: true` and at least one metric with a threshold
    /// (`pr_auc >= 0.8`). A registry on the deploy path whose `promotion.requires` names such a
    /// gate also satisfies the rule. A model that reaches S without any registry always fails.
    ///
    /// ## Why is this bad?
    /// Without a blocking gate a regressed model goes straight to production (ML Test Score
    /// Infra 4, Rules of ML #9).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// model m {}
    /// model_registry r {}
    /// serving s {}
    /// m -> r -> s
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// model m {}
    /// model_validation g { metrics: [ndcg@10 >= 0.4], blocking: true }
    /// model_registry r {}
    /// serving s {}
    /// m -> g -> r -> s
    /// ```
    pub(crate) struct NoValidationGate {
        code: "ML023",
        id: "no-validation-gate",
        severity: Error,
        stage: Evaluation,
    }
}

impl Rule for NoValidationGate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let facts = cx.facts;
        // Per model, the serving nodes it reaches without a gate, in declaration order.
        let mut ungated: Vec<(ComponentId, Vec<ComponentId>)> = Vec::new();
        for s in facts.servings() {
            let mut registries: Vec<ComponentId> = model
                .graph
                .neighbors(s.id, Dir::Backward, &[E::Deploys])
                .map(|(_, r)| r)
                .filter(|r| facts.is(*r, K::ModelRegistry))
                .collect();
            if let Some(r) =
                s.props.reference("model").and_then(|r| r.target).filter(|r| facts.is(*r, K::ModelRegistry))
            {
                if !registries.contains(&r) {
                    registries.push(r);
                }
            }
            for &m in facts.models_of(s.id) {
                let ok = registries.iter().any(|&r| gated(model, m, r));
                if ok {
                    continue;
                }
                match ungated.iter_mut().find(|(x, _)| *x == m) {
                    Some((_, list)) => list.push(s.id),
                    None => ungated.push((m, vec![s.id])),
                }
            }
        }
        ungated.sort_by_key(|(m, _)| *m);
        for (m, servings) in ungated {
            let c = model.component(m);
            let d = cx.report(
                Some(m),
                c.name_span,
                format!("`{}` can reach serving without a blocking quality check", c.name),
            );
            for s in servings {
                d.label(model.component(s).name_span, "deployed here");
            }
            d.help("add a `model_validation` gate (`blocking: true`, thresholds vs baseline/production) between the model and the registry");
        }
    }
}

/// Whether model `m` reaches registry `r` through a valid gate (or `r` requires one).
fn gated(model: &Model, m: ComponentId, r: ComponentId) -> bool {
    let registry = model.component(r);
    if registry.props.reference("promotion.requires").and_then(|g| g.target).is_some_and(|g| valid_gate(model, g)) {
        return true;
    }
    model.graph.neighbors(r, Dir::Backward, &[E::Registers]).any(|(_, v)| {
        valid_gate(model, v) && model.graph.neighbors(v, Dir::Backward, &[E::Evaluates]).any(|(_, x)| x == m)
    })
}

/// A `model_validation` with `blocking: true` and at least one thresholded metric.
fn valid_gate(model: &Model, id: ComponentId) -> bool {
    let c = model.component(id);
    c.is(K::ModelValidation)
        && c.props.bool("blocking") == Some(true)
        && c.props.metrics("metrics").iter().any(|m| m.threshold.is_some())
}
