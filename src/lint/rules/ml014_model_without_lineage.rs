//! ML014 `model-without-lineage`.

use crate::lint::facts::TRAIN_KINDS;
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::graph::Dir;
use crate::model::{ComponentId, ComponentKind as K};

declare_rule! {
    /// ## What it does
    /// Checks that every `model` is produced by a `training_pipeline` (an incoming `produces`
    /// edge) and that its training ancestry reaches a `data_source`.
    ///
    /// ## Why is this bad?
    /// A model whose training pipeline and data are not declared cannot be reproduced, retrained
    /// or audited (ML Test Score Infra 1, reproducibility debt).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// model m {}
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// data_source s {}
    /// dataset d {}
    /// training_pipeline t {}
    /// model m {}
    /// s -> d -> t -> m
    /// ```
    pub(crate) struct ModelWithoutLineage {
        code: "ML014",
        id: "model-without-lineage",
        severity: Error,
        stage: Model,
    }
}

impl Rule for ModelWithoutLineage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let sources: Vec<ComponentId> = model.components_of(K::DataSource).map(|s| s.id).collect();
        let from_data = model.graph.reachable(&sources, Dir::Forward, TRAIN_KINDS);
        for m in model.components_of(K::Model) {
            let produced = cx.facts.producers(m.id).next().is_some();
            let what = match (produced, from_data[m.id.index()]) {
                (true, true) => continue,
                (false, _) => "no `training_pipeline` produces it",
                (true, false) => "its training data traces back to no `data_source`",
            };
            cx.report(Some(m.id), m.name_span, format!("model `{}` has no training pipeline/data lineage", m.name))
                .primary(what)
                .help("connect `data_source -> ... -> dataset -> training_pipeline -> model`");
        }
    }
}
