//! ML011 `feature-store-missing-online-store`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::{ComponentKind as K, EdgeKind as E};

declare_rule! {
    /// ## What it does
    /// Checks that a `feature_store` (or one of its `feature_view`s) read with a `lookup` edge by
    /// an online serving node declares an `online_store`, and that the view is not
    /// `online: false`.
    ///
    /// ## Why is this bad?
    /// The offline store (a warehouse or files) cannot answer point lookups within a request's
    /// latency budget; online serving needs the low-latency online store.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// feature_store fs { offline_store { tech: bigquery } }
    /// serving s { mode: online }
    /// fs -> s [lookup]
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// feature_store fs { offline_store { tech: bigquery }, online_store { tech: redis } }
    /// serving s { mode: online }
    /// fs -> s [lookup]
    /// ```
    pub(crate) struct FeatureStoreMissingOnlineStore {
        code: "ML011",
        id: "feature-store-missing-online-store",
        severity: Error,
        stage: Data,
    }
}

impl Rule for FeatureStoreMissingOnlineStore {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        for e in model.edges_of(E::Lookup) {
            let from = model.component(e.from);
            let store = match from.kind {
                Some(K::FeatureStore) => from,
                Some(K::FeatureView) => match from.parent {
                    Some(p) => model.component(p),
                    None => continue,
                },
                _ => continue,
            };
            if !cx.facts.is_online(e.to) {
                continue;
            }
            let view_offline = from.is(K::FeatureView) && from.props.bool("online") == Some(false);
            if store.props.has("online_store") && !view_offline {
                continue;
            }
            let serving = model.component(e.to);
            let d = cx.report_edge(
                e.id,
                from.id,
                e.endpoints_span(),
                format!("online service `{}` reads `{}` which has no online store", serving.name, from.name),
            );
            if view_offline {
                d.label(from.props.get("online").map_or(from.name_span, |p| p.span()), "the view is offline only");
            } else {
                d.label(store.name_span, "no `online_store` declared");
            }
            d.help("declare `online_store { tech: redis }` (or DynamoDB...) and set `online: true` on the view");
        }
    }
}
