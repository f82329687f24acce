//! ML013 `feature-freshness-violation`.

use crate::lint::util::fmt_ms;
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::graph::Dir;
use crate::model::{ComponentId, ComponentKind as K, EdgeKind as E, Model, Value};

declare_rule! {
    /// ## What it does
    /// For a model M served by S, checks each input feature f with a required freshness
    /// (`M.feature_freshness.f`, a `freshness_class` of `streaming` or `request_time` on the
    /// feature's record, or the requirements' `freshness`) against the refresh interval of each
    /// provider S reads it from at serving time: a view's `batch_schedule` (a `stream_source`
    /// refreshes continuously), the store's `materialization.schedule`, an ETL or feature
    /// pipeline `schedule` (streaming and on-demand pipelines are continuous), a batch
    /// prediction `schedule`. When S reads f from several providers, the freshest one decides.
    /// A provider with no refresh interval at all counts as never
    /// refreshed (configurable: `freshness-missing-interval-is-infinite`); cron schedules are
    /// not interpreted.
    ///
    /// ## Why is this bad?
    /// A feature refreshed once a day cannot meet a one-minute freshness requirement: the model
    /// sees stale values in production that it never saw in training.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// feature_pipeline p { mode: batch, schedule: 1d, outputs_features: [clicks_1h] }
    /// model m { inputs: [clicks_1h], feature_freshness { clicks_1h: 5min } }
    /// model_registry r {}
    /// serving s { mode: online }
    /// m -> r -> s
    /// p -> s [lookup]
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// feature_pipeline p { mode: streaming, outputs_features: [clicks_1h] }
    /// model m { inputs: [clicks_1h], feature_freshness { clicks_1h: 5min } }
    /// model_registry r {}
    /// serving s { mode: online }
    /// m -> r -> s
    /// p -> s [lookup]
    /// ```
    pub(crate) struct FeatureFreshnessViolation {
        code: "ML013",
        id: "feature-freshness-violation",
        severity: Warning,
        stage: Data,
    }
}

impl Rule for FeatureFreshnessViolation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let facts = cx.facts;
        let global = model.requirements.number("freshness");
        let mut reported: Vec<(ComponentId, String, ComponentId)> = Vec::new();
        for s in facts.servings() {
            let serve = facts.serve_anc(s.id);
            for &m in facts.models_of(s.id) {
                let mc = model.component(m);
                let Some(inputs) = mc.props.value("inputs") else { continue };
                let Value::List(items) = inputs else { continue };
                for (v, span) in items {
                    let Some(f) = v.as_str() else { continue };
                    let providers: Vec<ComponentId> = facts
                        .providers_of(f)
                        .iter()
                        .copied()
                        .filter(|p| *p == s.id || facts.contains(serve, *p))
                        .collect();
                    let class =
                        facts.providers_of(f).iter().find_map(|p| match facts.feature_prop(*p, f, "freshness_class") {
                            Some(Value::Name(c)) if c == "streaming" || c == "request_time" => Some(c.clone()),
                            _ => None,
                        });
                    let required =
                        mc.props.number(&format!("feature_freshness.{f}")).or(class.as_ref().map(|_| 0.0)).or(global);
                    let Some(required) = required else { continue };
                    // The freshest provider decides (a streaming path beats a nightly one).
                    let freshest = providers
                        .iter()
                        .filter_map(|p| refresh_interval(model, *p, s.id).map(|i| (i, *p)))
                        .min_by(|a, b| a.0.total_cmp(&b.0));
                    let Some((interval, p)) = freshest else { continue };
                    if interval.is_infinite() && !cx.heuristics.freshness_missing_interval_is_infinite {
                        continue;
                    }
                    if interval <= required || reported.contains(&(m, f.to_string(), p)) {
                        continue;
                    }
                    reported.push((m, f.to_string(), p));
                    let provider = model.component(p);
                    let need = match &class {
                        Some(c) if required == 0.0 => format!("must be fresh at request time ({c})"),
                        _ => format!("must be ≤ {} old", fmt_ms(required)),
                    };
                    let every = if interval.is_infinite() {
                        "declares no refresh interval".to_string()
                    } else {
                        format!("refreshes every {}", fmt_ms(interval))
                    };
                    cx.report(Some(m), *span, format!("feature `{f}` {need} but `{}` {every}", provider.name))
                        .label(provider.name_span, format!("serves `{f}` to `{}`", s.name))
                        .help("use a streaming or on-demand feature, or shorten the schedule; decide the freshness explicitly");
                }
            }
        }
    }
}

/// How often provider `p` refreshes what serving node `s` reads (ms; infinite when never;
/// `None` when unknown, such as a cron schedule).
fn refresh_interval(model: &Model, p: ComponentId, s: ComponentId) -> Option<f64> {
    if p == s {
        return Some(0.0);
    }
    let c = model.component(p);
    let schedule = |key: &str| match c.props.value(key) {
        None => Some(f64::INFINITY),
        Some(Value::Number(q)) => Some(q.value),
        Some(_) => None,
    };
    match c.kind? {
        K::FeaturePipeline if matches!(c.props.name("mode"), Some("streaming" | "on_demand")) => Some(0.0),
        K::FeaturePipeline | K::Etl | K::BatchPrediction => schedule("schedule"),
        K::FeatureView => {
            if c.props.has("stream_source") {
                Some(0.0)
            } else if let Some(v) = c.props.number("batch_schedule") {
                Some(v)
            } else {
                c.parent.and_then(|store| refresh_interval(model, store, s))
            }
        }
        K::FeatureStore => {
            let streamed = model.graph.neighbors(p, Dir::Backward, &[E::Materializes]).any(|(_, from)| {
                let f = model.component(from);
                f.is(K::FeaturePipeline) && f.props.name("mode") == Some("streaming")
            });
            if streamed { Some(0.0) } else { schedule("materialization.schedule") }
        }
        _ => None,
    }
}
