//! ML022 `online-metric-not-tied-to-business`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::{Metric, Value};

declare_rule! {
    /// ## What it does
    /// Checks that the business metric (`requirements.business_metric`) is one of the online
    /// metrics (`metrics.online` or an experiment's `primary_metric`), or that an online metric
    /// is declared as its proxy: `metrics { proxy_for { ctr: watch_time } }` says the online
    /// metric `ctr` stands for the business metric `watch_time`.
    ///
    /// ## Why is this bad?
    /// Online metrics that neither measure nor proxy the business goal can move in the right
    /// direction while the business does not (ML Test Score Model 2, Rules of ML #2, #39).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// requirements { business_metric: ticket_sales }
    /// metrics { online: [ctr] }
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// requirements { business_metric: ticket_sales }
    /// metrics { online: [ctr, conversion_rate], proxy_for { conversion_rate: ticket_sales } }
    /// ```
    pub(crate) struct OnlineMetricNotTiedToBusiness {
        code: "ML022",
        id: "online-metric-not-tied-to-business",
        severity: Warning,
        stage: Evaluation,
    }
}

impl Rule for OnlineMetricNotTiedToBusiness {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let Some(prop) = model.requirements.get("business_metric") else { return };
        let Value::Metric(business) = &prop.value else { return };
        if cx.facts.online_metrics().iter().any(|(m, _)| m.id == business.id) {
            return;
        }
        let proxied = model
            .metrics
            .children("proxy_for")
            .any(|(_, p)| matches!(&p.value, Value::Metric(Metric { id, .. }) if *id == business.id));
        if proxied {
            return;
        }
        let at = model.metrics.get("online").map_or_else(|| cx.metrics_at(), |p| p.key_span);
        cx.report(None, at, format!("online metrics do not measure or proxy the business metric `{}`", business.full_name()))
            .label(prop.span(), "the business metric")
            .help(format!(
                "include `{0}` in `metrics.online`, or mark the online metric that stands for it: `proxy_for {{ ctr: {0} }}` (and plan to verify the correlation)",
                business.full_name()
            ));
    }
}
