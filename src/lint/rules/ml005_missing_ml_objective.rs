//! ML005 `missing-ml-objective`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::ComponentKind;

declare_rule! {
    /// ## What it does
    /// Checks that the requirements state the ML objective (`ml_objective`) and that every
    /// `model` declares its `task` and its `outputs`.
    ///
    /// ## Why is this bad?
    /// Framing the business goal as an ML task (and each model's input and output) is what the
    /// data, the labels, the metrics and the serving path are built around.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// requirements { ml_objective: "rank events by registration probability" }
    /// model m { task: ranking }
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// requirements { ml_objective: "rank events by registration probability" }
    /// model m { task: ranking, ltr: pointwise, outputs: [score] }
    /// ```
    pub(crate) struct MissingMlObjective {
        code: "ML005",
        id: "missing-ml-objective",
        severity: Error,
        stage: Framing,
    }
}

impl Rule for MissingMlObjective {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        if cx.model.requirements.text("ml_objective").is_none() {
            let at = cx.requirements_at();
            let label = cx.requirements_label("no `ml_objective`");
            cx.report(None, at, "the design has no ML objective")
                .primary(label)
                .help("translate the business goal into an ML objective: `ml_objective: \"maximize the number of relevant videos\"`");
        }
        for m in cx.model.components_of(ComponentKind::Model) {
            let task = m.props.has("task");
            let outputs = !m.props.names("outputs").is_empty();
            let what = match (task, outputs) {
                (true, true) => continue,
                (false, false) => "no ML task and no outputs",
                (false, true) => "no ML task",
                (true, false) => "no outputs",
            };
            cx.report(Some(m.id), m.name_span, format!("model `{}` has {what}", m.name))
                .help("give each model `task`, `inputs` and `outputs`, e.g. `task: ranking, ltr: pointwise, outputs: [score]`");
        }
    }
}
