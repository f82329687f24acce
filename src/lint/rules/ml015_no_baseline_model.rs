//! ML015 `no-baseline-model`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::ComponentKind as K;

declare_rule! {
    /// ## What it does
    /// Checks that every `model` declares a `baseline`: a simpler model it is compared against
    /// or a heuristic such as `popularity`. A gate with `compare_to: baseline` or `both`
    /// evaluating a model without a baseline is pointed out in the same finding.
    ///
    /// ## Why is this bad?
    /// Without a baseline there is no evidence that the complex model is worth its cost; a
    /// simple model on good data often wins (ML Test Score Model 5, Rules of ML #1, #4).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// model m { task: ranking }
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// model m { task: ranking, baseline: popularity }
    /// ```
    pub(crate) struct NoBaselineModel {
        code: "ML015",
        id: "no-baseline-model",
        severity: Warning,
        stage: Model,
    }
}

impl Rule for NoBaselineModel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        for m in model.components_of(K::Model) {
            if m.props.text("baseline").is_some() {
                continue;
            }
            let gates: Vec<_> = cx.facts.gates_of(m.id).collect();
            let d =
                cx.report(Some(m.id), m.name_span, format!("`{}` is not compared against a simpler baseline", m.name));
            for g in gates {
                let gate = model.component(g);
                if let Some(p) = gate
                    .props
                    .get("compare_to")
                    .filter(|_| matches!(gate.props.name("compare_to"), Some("baseline" | "both")))
                {
                    d.label(p.span(), format!("`{}` compares against a baseline that is not declared", gate.name));
                }
            }
            d.help("add e.g. `baseline: popularity` or a logistic-regression/GBDT model; keep the complex model only if it wins");
        }
    }
}
