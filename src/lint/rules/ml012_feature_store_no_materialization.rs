//! ML012 `feature-store-no-materialization`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::graph::Dir;
use crate::model::{ComponentKind as K, EdgeKind as E};

declare_rule! {
    /// ## What it does
    /// Checks that a `feature_store` with an `online_store` is filled: it needs a
    /// `materialization.schedule`, an incoming `materializes` edge (into the store or one of its
    /// views), or a view with a `batch_schedule` or a `stream_source`.
    ///
    /// ## Why is this bad?
    /// An online store that is never materialized serves empty or stale features, so serving
    /// sees different values than training did.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// feature_store fs { online_store { tech: redis } }
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// feature_store fs {
    ///   online_store { tech: redis }
    ///   materialization { schedule: 15min, mode: incremental }
    /// }
    /// ```
    pub(crate) struct FeatureStoreNoMaterialization {
        code: "ML012",
        id: "feature-store-no-materialization",
        severity: Error,
        stage: Data,
    }
}

impl Rule for FeatureStoreNoMaterialization {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        for store in model.components_of(K::FeatureStore) {
            if !store.props.has("online_store") || store.props.has("materialization.schedule") {
                continue;
            }
            let views: Vec<_> = model.components.iter().filter(|c| c.parent == Some(store.id)).collect();
            let filled = std::iter::once(store.id)
                .chain(views.iter().map(|v| v.id))
                .any(|id| model.graph.neighbors(id, Dir::Backward, &[E::Materializes]).next().is_some())
                || views.iter().any(|v| v.props.has("batch_schedule") || v.props.has("stream_source"));
            if filled {
                continue;
            }
            let at = store.props.get("online_store").map_or(store.name_span, |p| p.key_span);
            cx.report(Some(store.id), at, format!("online store of `{}` is never materialized", store.name))
                .help("add a materialization job (`materialization { schedule: 15min }`, a `materializes` edge from a feature pipeline, a view `batch_schedule`, or a stream feature view)");
        }
    }
}
