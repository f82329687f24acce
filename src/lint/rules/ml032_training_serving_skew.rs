//! ML032 `training-serving-skew`.

use crate::lint::util::ticks_ids;
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::{ComponentId, Value};

declare_rule! {
    /// ## What it does
    /// For each serving node S, each model M deployed to it and each feature f in M's `inputs`,
    /// compares the providers of f (components that declare it in `outputs_features`,
    /// `features` or `computes_features`) in M's training ancestry (T) with those S reads at
    /// serving time, through `lookup` and `data` edges, or computes itself (V). It reports when
    /// T and V share no provider; a feature view counts as provided by its feature store on
    /// either side (the same view served offline and online). When the two sides declare
    /// different `language`s, a note points out the multiple-language smell. When a registry
    /// deploys several models to S, the models S runs can be listed in `serves: [...]`;
    /// without it, a model none of whose inputs S reads is taken not to run on S.
    ///
    /// ## Why is this bad?
    /// Two code paths computing "the same" feature drift apart; the model is then served values
    /// it was never trained on (training/serving skew, ML Test Score Monitor 3, Rules of ML
    /// #32, #37).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// etl batch_age { outputs_features: [age] }
    /// dataset d {}
    /// training_pipeline t {}
    /// model m { inputs: [age] }
    /// model_registry r {}
    /// serving s { mode: online, computes_features: [age] }
    /// batch_age -> d -> t -> m -> r -> s
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// feature_store fs { features: [age], online_store { tech: redis } }
    /// dataset d {}
    /// training_pipeline t {}
    /// model m { inputs: [age] }
    /// model_registry r {}
    /// serving s { mode: online }
    /// fs -> d -> t -> m -> r -> s
    /// fs -> s [lookup]
    /// ```
    pub(crate) struct TrainingServingSkew {
        code: "ML032",
        id: "training-serving-skew",
        severity: Error,
        stage: Serving,
    }
}

impl Rule for TrainingServingSkew {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let facts = cx.facts;
        let mut reported: Vec<(ComponentId, String)> = Vec::new();
        for s in facts.servings() {
            let serve = facts.serve_anc(s.id);
            let models = facts.models_of(s.id);
            for &m in models {
                let mc = model.component(m);
                let Some(Value::List(inputs)) = mc.props.value("inputs") else { continue };
                let train = facts.train_anc(m);
                // A registry may hold several models; a node that reads none of a model's
                // features does not run that model (`serves` says so explicitly).
                if models.len() > 1 && !s.props.has("serves") {
                    let reads_any = inputs
                        .iter()
                        .filter_map(|(v, _)| v.as_str())
                        .any(|f| facts.providers_of(f).iter().any(|p| *p == s.id || facts.contains(serve, *p)));
                    if !reads_any {
                        continue;
                    }
                }
                for (v, span) in inputs {
                    let Some(f) = v.as_str() else { continue };
                    if reported.iter().any(|(x, g)| *x == m && g == f) {
                        continue;
                    }
                    let providers = facts.providers_of(f);
                    let t: Vec<ComponentId> = providers.iter().copied().filter(|p| facts.contains(train, *p)).collect();
                    let sv: Vec<ComponentId> =
                        providers.iter().copied().filter(|p| *p == s.id || facts.contains(serve, *p)).collect();
                    if t.iter().any(|p| sv.contains(p)) {
                        continue;
                    }
                    reported.push((m, f.to_string()));
                    let message = match (t.is_empty(), sv.is_empty()) {
                        (false, false) => format!(
                            "feature `{f}` of `{}` is computed by {} for training but by {} at serving time",
                            mc.name,
                            ticks_ids(model, &t),
                            ticks_ids(model, &sv)
                        ),
                        (false, true) => format!(
                            "feature `{f}` of `{}` is computed by {} for training but by nothing `{}` reads at serving time",
                            mc.name,
                            ticks_ids(model, &t),
                            s.name
                        ),
                        (true, false) => format!(
                            "feature `{f}` of `{}` is computed by {} at serving time but by nothing in its training data",
                            mc.name,
                            ticks_ids(model, &sv)
                        ),
                        (true, true) => format!(
                            "feature `{f}` of `{}` is computed by no component on its training or serving path",
                            mc.name
                        ),
                    };
                    let d = cx.report(Some(m), *span, message);
                    for p in &t {
                        d.label(model.component(*p).name_span, format!("computes `{f}` for training"));
                    }
                    for p in &sv {
                        d.label(model.component(*p).name_span, format!("computes `{f}` at serving time"));
                    }
                    d.label(s.name_span, "served here");
                    let lang = |ids: &[ComponentId]| -> Vec<&str> {
                        let mut l: Vec<&str> =
                            ids.iter().filter_map(|p| model.component(*p).props.name("language")).collect();
                        l.sort_unstable();
                        l.dedup();
                        l
                    };
                    let (lt, lv) = (lang(&t), lang(&sv));
                    if !lt.is_empty() && !lv.is_empty() && !lt.iter().any(|l| lv.contains(l)) {
                        d.note(format!(
                            "training code is written in {} but serving code in {} (multiple-language smell)",
                            lt.join(", "),
                            lv.join(", ")
                        ));
                    }
                    d.help("compute features once (a feature store view or a shared transform), or log serving features and train on the logs");
                }
            }
        }
    }
}
