//! ML021 `missing-online-metrics`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that the design declares at least one online metric: `metrics { online: [...] }`
    /// or an `experiment` with a `primary_metric`.
    ///
    /// ## Why is this bad?
    /// Offline metrics are proxies; only online metrics (CTR, conversion, watch time,
    /// prevalence...) show whether the system helps users and the business.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// metrics { offline: [ndcg@10] }
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// metrics { offline: [ndcg@10], online: [ctr, watch_time] }
    /// ```
    pub(crate) struct MissingOnlineMetrics {
        code: "ML021",
        id: "missing-online-metrics",
        severity: Error,
        stage: Evaluation,
    }
}

impl Rule for MissingOnlineMetrics {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        if !cx.facts.online_metrics().is_empty() {
            return;
        }
        let at = cx.metrics_at();
        let block = cx.model.metrics_span.is_some();
        cx.report(None, at, "no online metric is declared")
            .primary(if block { "no `online` metrics" } else { "the design has no `metrics` block" })
            .help("add online metrics such as CTR, conversion rate, watch time, prevalence or requests accepted: `metrics { online: [ctr] }`");
    }
}
