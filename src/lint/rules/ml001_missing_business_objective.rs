//! ML001 `missing-business-objective`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that the requirements state the business objective (`business_objective`) and the
    /// business metric being optimized (`business_metric`).
    ///
    /// ## Why is this bad?
    /// Without a business goal there is nothing to translate into an ML objective, and nothing
    /// to judge the online metrics against: a model can improve its offline metric while the
    /// product gets worse.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// requirements { ml_objective: "predict clicks" }
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// requirements {
    ///   business_objective: "increase ticket sales"
    ///   business_metric: ticket_sales
    /// }
    /// ```
    pub(crate) struct MissingBusinessObjective {
        code: "ML001",
        id: "missing-business-objective",
        severity: Error,
        stage: Requirements,
    }
}

impl Rule for MissingBusinessObjective {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let req = &cx.model.requirements;
        let objective = req.text("business_objective").is_some();
        let metric = req.has("business_metric");
        if objective && metric {
            return;
        }
        let missing = match (objective, metric) {
            (false, false) => "no `business_objective` and no `business_metric`",
            (false, true) => "no `business_objective`",
            _ => "no `business_metric`",
        };
        let at = cx.requirements_at();
        let label = cx.requirements_label(missing);
        cx.report(None, at, "design does not state the business objective/metric being optimized")
            .primary(label)
            .help("add e.g. `business_objective: \"increase ticket sales\"` and `business_metric: ticket_sales`; online metrics are checked against it");
    }
}
