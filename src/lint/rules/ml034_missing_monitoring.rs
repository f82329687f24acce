//! ML034 `missing-monitoring`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that every serving and batch prediction node is targeted by at least one
    /// `monitor` (a `monitors` edge or the monitor's `targets`).
    ///
    /// ## Why is this bad?
    /// ML systems fail silently: distribution shift, broken features and stale models do not
    /// raise exceptions. Without monitoring nobody notices until the business metric drops.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// serving s { mode: online }
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// serving s { mode: online }
    /// monitor ops { kind: operational, metrics: [latency_p99, error_rate] }
    /// ops -> s
    /// ```
    pub(crate) struct MissingMonitoring {
        code: "ML034",
        id: "missing-monitoring",
        severity: Error,
        stage: Monitoring,
    }
}

impl Rule for MissingMonitoring {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        for s in cx.facts.servings() {
            if cx.facts.monitors_of(s.id).is_empty() {
                cx.report(Some(s.id), s.name_span, format!("`{}` is not monitored", s.name))
                    .help("add monitors for operational health, input/prediction drift and business metrics (`monitor -> serving`)");
            }
        }
    }
}
