//! ML036 `missing-business-metric-monitor`.

use crate::lint::util::monitor_kinds;
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::{ComponentKind as K, Value};

declare_rule! {
    /// ## What it does
    /// Checks that a design that serves predictions monitors its business metric in
    /// production: a `monitor` of kind `business` (or `model_performance`) whose `metrics`
    /// include the requirements' `business_metric` or one of the declared online metrics. The
    /// rule does not run when the design declares neither (other rules report that).
    ///
    /// ## Why is this bad?
    /// Drift and latency monitors say the system runs; only the business metric says it still
    /// works. Track data drift *and* business metrics (ML Test Score Monitor 7).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// requirements { business_metric: watch_time }
    /// serving s {}
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// requirements { business_metric: watch_time }
    /// serving s {}
    /// monitor biz { kind: business, metrics: [watch_time], reference: trailing_window }
    /// biz -> s
    /// ```
    pub(crate) struct MissingBusinessMetricMonitor {
        code: "ML036",
        id: "missing-business-metric-monitor",
        severity: Warning,
        stage: Monitoring,
    }
}

impl Rule for MissingBusinessMetricMonitor {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        if cx.facts.servings().next().is_none() {
            return;
        }
        let business = match model.requirements.value("business_metric") {
            Some(Value::Metric(m)) => Some(m),
            _ => None,
        };
        let mut wanted: Vec<&str> = business.iter().map(|m| m.id.as_str()).collect();
        wanted.extend(cx.facts.online_metrics().iter().map(|(m, _)| m.id.as_str()));
        if wanted.is_empty() {
            return;
        }
        let covered = model.components_of(K::Monitor).any(|m| {
            let kinds = monitor_kinds(model, m.id);
            kinds.iter().any(|k| matches!(*k, "business" | "model_performance"))
                && m.props.metrics("metrics").iter().any(|x| wanted.contains(&x.id.as_str()))
        });
        if covered {
            return;
        }
        let (at, name) = match (model.requirements.get("business_metric"), business) {
            (Some(p), Some(m)) => (p.span(), m.full_name()),
            _ => (model.metrics.get("online").map_or_else(|| cx.metrics_at(), |p| p.key_span), wanted[0].to_string()),
        };
        cx.report(None, at, format!("business metric `{name}` is not monitored in production"))
            .help(format!("add a monitor on the business or online metric with an alert: `monitor biz {{ kind: business, metrics: [{name}] }}`"));
    }
}
