//! ML003 `missing-latency-budget`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that every online serving node (`mode: online`) has a latency budget: its own
    /// `latency_budget` or the end-to-end `latency.p99` of the requirements.
    ///
    /// ## Why is this bad?
    /// An online service without a budget cannot be checked against its request path, and the
    /// choices that follow from latency (model size, compression, candidate generation, caching)
    /// are made blind.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// serving s { mode: online }
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// requirements { latency.p99: 200ms }
    /// serving s { mode: online }
    /// ```
    pub(crate) struct MissingLatencyBudget {
        code: "ML003",
        id: "missing-latency-budget",
        severity: Error,
        stage: Requirements,
    }
}

impl Rule for MissingLatencyBudget {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        if cx.model.requirements.has("latency.p99") {
            return;
        }
        for s in cx.facts.servings() {
            if cx.facts.is_online(s.id) && !s.props.has("latency_budget") {
                cx.report(Some(s.id), s.name_span, format!("online serving `{}` has no latency budget", s.name))
                    .help("add `latency.p99: 200ms` (end-to-end) to the requirements, or a `latency_budget` to the service; optionally `latency.inference_p99: 30ms`");
            }
        }
    }
}
