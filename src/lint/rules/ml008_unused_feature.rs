//! ML008 `unused-feature`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::ComponentKind as K;
use crate::model::graph::Dir;

declare_rule! {
    /// ## What it does
    /// Checks for features that are produced (`outputs_features`, or `features` of a feature
    /// pipeline, feature store or feature view) but are in no model's `inputs` and whose
    /// producer feeds no other feature pipeline or ETL step. (Heuristic: by default the rule only
    /// runs when at least one model declares `inputs`, since otherwise inputs are simply not
    /// written down; `unused-feature-needs-declared-inputs = false` runs it always.)
    ///
    /// ## Why is this bad?
    /// Unused and legacy features still cost computation, storage and maintenance, and they
    /// break when their upstream changes (underutilized data dependencies).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// feature_pipeline p { outputs_features: [age, legacy_score] }
    /// model m { inputs: [age] }
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// feature_pipeline p { outputs_features: [age] }
    /// model m { inputs: [age] }
    /// ```
    pub(crate) struct UnusedFeature {
        code: "ML008",
        id: "unused-feature",
        severity: Info,
        stage: Data,
    }
}

impl Rule for UnusedFeature {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let mut used: Vec<&str> = Vec::new();
        let mut declared_inputs = false;
        for m in model.components_of(K::Model) {
            if m.props.has("inputs") {
                declared_inputs = true;
            }
            used.extend(m.props.names("inputs"));
        }
        if !declared_inputs && cx.heuristics.unused_feature_needs_declared_inputs {
            return;
        }
        used.sort_unstable();
        let mut reported: Vec<&str> = Vec::new();
        for c in &model.components {
            if !matches!(c.kind, Some(K::Etl | K::FeaturePipeline | K::FeatureStore | K::FeatureView)) {
                continue;
            }
            let feeds_pipeline = model
                .graph
                .neighbors(c.id, Dir::Forward, &[])
                .any(|(_, to)| to != c.id && matches!(model.component(to).kind, Some(K::Etl | K::FeaturePipeline)));
            if feeds_pipeline {
                continue;
            }
            for f in cx.facts.features(c.id) {
                if used.binary_search(&f.name).is_ok() || reported.contains(&f.name) {
                    continue;
                }
                reported.push(f.name);
                cx.report(Some(c.id), f.span, format!("feature `{}` is produced but used by no model", f.name))
                    .primary(format!("produced by `{}`", c.name))
                    .help("remove it or add it to a model's `inputs`; unused and legacy features add maintenance cost");
            }
        }
    }
}
