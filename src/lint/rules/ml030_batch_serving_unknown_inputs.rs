//! ML030 `batch-serving-unknown-inputs`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::graph::Dir;
use crate::model::{ComponentId, ComponentKind as K, EdgeKind as E};

declare_rule! {
    /// ## What it does
    /// Checks consumers served only by precomputed predictions (`batch_prediction`, or serving
    /// with `mode: batch`) when the inputs are only known at request time: the requirements'
    /// `input_kind` is `free_text_query` or `uploaded_media`, or the consumer calls the batch
    /// node directly with a request.
    ///
    /// ## Why is this bad?
    /// Batch prediction only works when everything to predict is known in advance; a free-text
    /// query or an uploaded photo cannot be precomputed.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// requirements { input_kind: free_text_query }
    /// batch_prediction b { schedule: 1d }
    /// consumer app {}
    /// b -> app
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// requirements { input_kind: free_text_query }
    /// serving s { mode: online }
    /// consumer app {}
    /// app -> s
    /// ```
    pub(crate) struct BatchServingUnknownInputs {
        code: "ML030",
        id: "batch-serving-unknown-inputs",
        severity: Warning,
        stage: Serving,
    }
}

const DOWN: &[E] = &[E::Call, E::Output, E::Data, E::Lookup];

impl Rule for BatchServingUnknownInputs {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let facts = cx.facts;
        let (batch, online): (Vec<ComponentId>, Vec<ComponentId>) =
            facts.servings().map(|s| s.id).partition(|s| facts.mode(*s) == Some("batch"));
        if batch.is_empty() {
            return;
        }
        let request_time = matches!(model.requirements.name("input_kind"), Some("free_text_query" | "uploaded_media"));
        let graph = &model.graph;
        let online_down = graph.reachable(&online, Dir::Forward, DOWN);
        let online_up = graph.reachable(&online, Dir::Backward, &[E::Call]);
        let batch_down = graph.reachable(&batch, Dir::Forward, DOWN);
        let batch_up = graph.reachable(&batch, Dir::Backward, &[E::Call]);
        for c in model.components_of(K::Consumer) {
            let i = c.id.index();
            let by_batch = batch_down[i] || batch_up[i];
            if !by_batch || online_down[i] || online_up[i] || !(request_time || batch_up[i]) {
                continue;
            }
            // The batch node that serves the consumer, for the message: the nearest one upstream
            // over prediction edges, else the nearest one it calls.
            let upstream = graph.reachable(&[c.id], Dir::Backward, DOWN);
            let called = graph.reachable(&[c.id], Dir::Forward, &[E::Call]);
            let serving = batch.iter().copied().find(|b| upstream[b.index()] || called[b.index()]).unwrap_or(batch[0]);
            let s = model.component(serving);
            let why = if request_time {
                format!("`input_kind: {}`", model.requirements.name("input_kind").unwrap_or_default())
            } else {
                format!("`{}` calls it with a request", c.name)
            };
            cx.report(
                Some(serving),
                s.name_span,
                format!("`{}` precomputes predictions but inputs are only known at request time", s.name),
            )
            .label(c.name_span, format!("the only predictions `{}` gets are precomputed", c.name))
            .note(format!("inputs are only known at request time: {why}"))
            .help("serve online (possibly with precomputed embeddings or indexes) instead of in batch");
        }
    }
}
