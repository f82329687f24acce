//! ML033 `undeclared-consumer`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::{ComponentId, ComponentKind as K, EdgeKind as E};

declare_rule! {
    /// ## What it does
    /// Checks that whoever consumes predictions is declared: an `output`, `data` or `lookup`
    /// edge leaving a serving or batch prediction node, the output store of a batch prediction
    /// (its `output_store`, or a data store it writes to), or a prediction log, towards a node
    /// that is not a monitor, an experiment or a prediction log and not in the same system (the
    /// request-path funnel), must point at a node listed in the source's `consumers` (for an
    /// output store, in the batch prediction's `consumers`). `call` edges inside a funnel are
    /// not consumption.
    ///
    /// ## Why is this bad?
    /// Undeclared consumers of a model's output are silently broken when the model changes,
    /// and they can create hidden feedback loops (visibility debt; ML Test Score Monitor 1).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// serving s {}
    /// consumer billing { type: downstream_system }
    /// s -> billing
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// serving s { consumers: [billing] }
    /// consumer billing { type: downstream_system }
    /// s -> billing
    /// ```
    pub(crate) struct UndeclaredConsumer {
        code: "ML033",
        id: "undeclared-consumer",
        severity: Error,
        stage: Serving,
    }
}

impl Rule for UndeclaredConsumer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let facts = cx.facts;
        // (node whose outgoing edges are consumption, node whose `consumers` declares them).
        let mut sources: Vec<(ComponentId, ComponentId)> = Vec::new();
        for c in &model.components {
            match c.kind {
                Some(K::Serving | K::PredictionLog) => sources.push((c.id, c.id)),
                Some(K::BatchPrediction) => {
                    sources.push((c.id, c.id));
                    if let Some(store) = c.props.reference("output_store").and_then(|r| r.target) {
                        sources.push((store, c.id));
                    }
                    for e in model.outgoing(c.id) {
                        if matches!(e.kind, E::Output | E::Data) && facts.is(e.to, K::DataStore) {
                            sources.push((e.to, c.id));
                        }
                    }
                }
                _ => {}
            }
        }
        sources.sort();
        sources.dedup();
        for (from, owner) in sources {
            let declared: Vec<ComponentId> =
                model.component(owner).props.references("consumers").iter().filter_map(|r| r.target).collect();
            for e in model.outgoing(from) {
                if !matches!(e.kind, E::Output | E::Data | E::Lookup) {
                    continue;
                }
                let to = model.component(e.to);
                if matches!(to.kind, Some(K::Monitor | K::Experiment | K::PredictionLog)) || declared.contains(&e.to) {
                    continue;
                }
                if facts.system(from).is_some() && facts.system(from) == facts.system(e.to) {
                    continue;
                }
                // A batch job writing into its own output store is not consumption (what reads
                // the store is), nor is the store being filled by its job.
                let batch_owner = facts.is(owner, K::BatchPrediction);
                if batch_owner && ((from == owner && to.is(K::DataStore)) || (from != owner && e.to == owner)) {
                    continue;
                }
                let o = model.component(owner);
                let d = cx.report_edge(
                    e.id,
                    owner,
                    e.endpoints_span(),
                    format!("`{}` consumes predictions of `{}` but is not a declared consumer", to.name, o.name),
                );
                if let Some(p) = o.props.get("consumers") {
                    d.label(p.span(), "the declared consumers");
                }
                d.help(format!(
                    "add `{}` to `consumers` of `{}` (its owners are then told of model changes) or remove the dependency",
                    to.name, o.name
                ));
            }
        }
    }
}
