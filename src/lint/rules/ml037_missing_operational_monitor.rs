//! ML037 `missing-operational-monitor`.

use crate::lint::util::monitor_kinds;
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that every online serving node is targeted by a `monitor` of kind `operational`
    /// covering latency, throughput (QPS), errors or CPU/GPU/memory utilization (when the
    /// monitor lists `metrics`, one of them must be such a metric).
    ///
    /// ## Why is this bad?
    /// Serving latency, throughput and resource regressions hurt users before any model metric
    /// moves (ML Test Score Monitor 6).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// serving s { mode: online }
    /// monitor drift { kind: data_drift, reference: training_data }
    /// drift -> s
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// serving s { mode: online }
    /// monitor ops { kind: operational, metrics: [latency_p99, qps, error_rate, gpu_util] }
    /// ops -> s
    /// ```
    pub(crate) struct MissingOperationalMonitor {
        code: "ML037",
        id: "missing-operational-monitor",
        severity: Warning,
        stage: Monitoring,
    }
}

fn operational_metric(id: &str) -> bool {
    let id = id.to_ascii_lowercase();
    ["latency", "throughput", "qps", "rps", "error", "cpu", "gpu", "ram", "memory", "requests", "timeout", "saturation"]
        .iter()
        .any(|k| id.contains(k))
}

impl Rule for MissingOperationalMonitor {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        for s in cx.facts.servings() {
            if !cx.facts.is_online(s.id) {
                continue;
            }
            let ok = cx.facts.monitors_of(s.id).iter().any(|m| {
                let c = model.component(*m);
                let metrics = c.props.metrics("metrics");
                monitor_kinds(model, *m).contains(&"operational")
                    && (metrics.is_empty() || metrics.iter().any(|x| operational_metric(&x.id)))
            });
            if !ok {
                cx.report(Some(s.id), s.name_span, format!("online `{}` has no latency/throughput/resource monitoring", s.name))
                    .help("monitor p99 latency, QPS, error rate and CPU/GPU/RAM: `monitor ops { kind: operational, metrics: [latency_p99, qps, error_rate] }`");
            }
        }
    }
}
