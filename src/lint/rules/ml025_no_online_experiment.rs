//! ML025 `no-online-experiment`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that every user-facing serving node (reached over `call` edges from a consumer of
    /// type `app_surface`) is tested in production: an `experiment` targets it (A/B test,
    /// interleaving, bandit, shadow) or its `rollout` strategy is not `none`.
    ///
    /// ## Why is this bad?
    /// Offline wins often do not carry over online; without an experiment or a canary, a bad
    /// model reaches every user at once (ML Test Score Infra 6).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// consumer app { type: app_surface }
    /// serving s { mode: online }
    /// app -> s
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// consumer app { type: app_surface }
    /// serving s { mode: online, rollout { strategy: canary, canary_traffic: 5% } }
    /// app -> s
    /// ```
    pub(crate) struct NoOnlineExperiment {
        code: "ML025",
        id: "no-online-experiment",
        severity: Warning,
        stage: Evaluation,
    }
}

impl Rule for NoOnlineExperiment {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        for s in cx.facts.servings() {
            if !cx.facts.user_facing(s.id) || !cx.facts.experiments_on(s.id).is_empty() {
                continue;
            }
            let strategy = s.props.name("rollout.strategy").or_else(|| s.props.name("rollout"));
            if strategy.is_some_and(|st| st != "none") {
                continue;
            }
            cx.report(Some(s.id), s.name_span, format!("user-facing `{}` has no A/B test, shadow or canary rollout", s.name))
                .help("add an `experiment` (A/B test with random routing and enough traffic) targeting it, or a shadow/canary `rollout`");
        }
    }
}
