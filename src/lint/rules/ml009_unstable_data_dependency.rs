//! ML009 `unstable-data-dependency`.

use crate::lint::facts::{TRAIN_KINDS, add_capped, propagate};
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::{ComponentId, ComponentKind as K, EdgeKind as E};

declare_rule! {
    /// ## What it does
    /// Checks a model's training ancestry for unstable signals: (a) a `data_source` explicitly
    /// marked `stable: false` or `versioned: false` that is not owned by the model's owner
    /// (absent flags are not reported; a source or model without `owner` counts as a different
    /// owner), or (b) the predictions of another model (its `serving`/`batch_prediction` node or
    /// the store its predictions are written to) reaching the model's training data over an
    /// edge without a pinned `version`. (At most 8 signals of each kind are reported per model.)
    ///
    /// ## Why is this bad?
    /// A signal owned by someone else can change under the model at any time; another model's
    /// output changes whenever that model is retrained (unstable data dependencies).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// data_source partner_feed { stable: false, owner: partner_team }
    /// dataset d {}
    /// training_pipeline t {}
    /// model m { owner: ranking_team }
    /// partner_feed -> d -> t -> m
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// data_source partner_feed { stable: true, versioned: true, owner: partner_team }
    /// dataset d {}
    /// training_pipeline t {}
    /// model m { owner: ranking_team }
    /// partner_feed -> d -> t -> m
    /// ```
    pub(crate) struct UnstableDataDependency {
        code: "ML009",
        id: "unstable-data-dependency",
        severity: Warning,
        stage: Data,
    }
}

impl Rule for UnstableDataDependency {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let facts = cx.facts;
        // Whose predictions each node carries: serving nodes, and stores they write to.
        let mut predictions: Vec<Vec<ComponentId>> = vec![Vec::new(); model.components.len()];
        for s in facts.servings() {
            let models = facts.models_of(s.id);
            predictions[s.id.index()].extend_from_slice(models);
            for e in model.outgoing(s.id).filter(|e| e.kind == E::Output) {
                if model.component(e.to).is(K::DataStore) {
                    predictions[e.to.index()].extend_from_slice(models);
                }
            }
            if let Some(store) = s.props.reference("output_store").and_then(|r| r.target) {
                predictions[store.index()].extend_from_slice(models);
            }
        }
        // (a) Unstable or unversioned sources upstream of each node, and (b) prediction-carrying
        // nodes whose predictions reach the node over an edge without a pinned `version`; at
        // most 8 of each per node, in one linear pass each.
        let unstable = |id: ComponentId| {
            let c = model.component(id);
            c.is(K::DataSource) && (c.props.bool("stable") == Some(false) || c.props.bool("versioned") == Some(false))
        };
        let sources = propagate(model, TRAIN_KINDS, |_, preds| {
            let mut set = Vec::new();
            for (_, p, up) in preds {
                if unstable(*p) {
                    add_capped(&mut set, *p, 8);
                }
                for x in *up {
                    add_capped(&mut set, *x, 8);
                }
            }
            set
        });
        let unpinned = propagate(model, TRAIN_KINDS, |_, preds| {
            let mut set = Vec::new();
            for (e, p, up) in preds {
                if !predictions[p.index()].is_empty() && !model.edge(*e).props.has("version") {
                    add_capped(&mut set, *p, 8);
                }
                for x in *up {
                    add_capped(&mut set, *x, 8);
                }
            }
            set
        });
        for m in model.components_of(K::Model) {
            let owner = m.props.text("owner");
            for &x in &sources[m.id.index()] {
                let c = model.component(x);
                let same_owner = owner.is_some() && c.props.text("owner") == owner;
                if !same_owner {
                    cx.report(
                        Some(m.id),
                        m.name_span,
                        format!("`{}` depends on unstable/unversioned signal `{}`", m.name, c.name),
                    )
                    .label(c.name_span, "declared unstable or unversioned, owned by another team")
                    .help("consume a versioned copy (pin the version) or a directly observed feature");
                }
            }
            for &x in &unpinned[m.id.index()] {
                let Some(&other) = predictions[x.index()].iter().find(|o| **o != m.id) else { continue };
                let c = model.component(x);
                let other = model.component(other);
                cx.report(Some(m.id), m.name_span, format!("`{}` depends on unstable/unversioned signal `{}`", m.name, c.name))
                    .label(c.name_span, format!("carries predictions of `{}`, which change when it is retrained", other.name))
                    .help("pin the version of the consumed predictions (`{ version: \"...\" }` on the edge) or use a directly observed feature");
            }
        }
    }
}
