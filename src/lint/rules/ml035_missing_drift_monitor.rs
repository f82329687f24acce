//! ML035 `missing-drift-monitor`.

use crate::lint::util::monitor_kinds;
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::graph::Dir;
use crate::model::{ComponentId, ComponentKind as K, EdgeKind as E};

declare_rule! {
    /// ## What it does
    /// For each serving node that serves a model, checks for a drift monitor: a `monitor` of
    /// kind `data_drift`, `prediction_drift` or `skew` targeting the serving node, a feature
    /// store (or view) it reads, or its prediction log, with a `reference` (training data, a
    /// trailing window, a fixed profile or threshold).
    ///
    /// ## Why is this bad?
    /// Data distribution shift is the most common reason a deployed model degrades; drift
    /// needs a reference to be measured against (Evidently, WhyLabs, TFDV drift and skew
    /// comparators; ML Test Score Monitor 2, 7).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// model m {}
    /// model_registry r {}
    /// serving s {}
    /// monitor ops { kind: operational }
    /// m -> r -> s
    /// ops -> s
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// model m {}
    /// model_registry r {}
    /// serving s {}
    /// monitor drift { kind: [data_drift, prediction_drift], reference: training_data }
    /// m -> r -> s
    /// drift -> s
    /// ```
    pub(crate) struct MissingDriftMonitor {
        code: "ML035",
        id: "missing-drift-monitor",
        severity: Warning,
        stage: Monitoring,
    }
}

impl Rule for MissingDriftMonitor {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let facts = cx.facts;
        for s in facts.servings() {
            if facts.models_of(s.id).is_empty() {
                continue;
            }
            let mut targets: Vec<ComponentId> = vec![s.id];
            targets.extend(
                facts
                    .serve_anc(s.id)
                    .iter()
                    .copied()
                    .filter(|a| matches!(facts.kind(*a), Some(K::FeatureStore | K::FeatureView))),
            );
            targets.extend(model.graph.neighbors(s.id, Dir::Forward, &[E::Logs]).map(|(_, p)| p));
            let drift: Vec<ComponentId> = targets
                .iter()
                .flat_map(|t| facts.monitors_of(*t).iter().copied())
                .filter(|m| {
                    monitor_kinds(model, *m).iter().any(|k| matches!(*k, "data_drift" | "prediction_drift" | "skew"))
                })
                .collect();
            if drift.iter().any(|m| model.component(*m).props.has("reference")) {
                continue;
            }
            let d = cx.report(Some(s.id), s.name_span, format!("no data/prediction drift monitoring for `{}`", s.name));
            for m in &drift {
                d.label(model.component(*m).name_span, "this drift monitor declares no `reference`");
            }
            d.help("compare serving inputs and predictions against the training data or a trailing window (`monitor { kind: data_drift, reference: training_data }`)");
        }
    }
}
