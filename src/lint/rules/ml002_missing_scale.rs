//! ML002 `missing-scale`.

use crate::diag::Severity;
use crate::lint::util::fmt_num;
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that the requirements declare the scale of the system: `users.mau`, `users.dau`,
    /// `qps.avg` or `qps.peak`. When only daily active users are given and
    /// `requests_per_user_day` is known, an info note gives the derived QPS.
    ///
    /// ## Why is this bad?
    /// Scale decides between batch and online prediction, whether candidate generation and
    /// approximate nearest-neighbour search are needed, and how serving is provisioned.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// requirements { business_objective: "grow", business_metric: revenue }
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// requirements { users.dau: 1M, qps.peak: 2k/s }
    /// ```
    pub(crate) struct MissingScale {
        code: "ML002",
        id: "missing-scale",
        severity: Warning,
        stage: Requirements,
    }
}

impl Rule for MissingScale {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let req = &cx.model.requirements;
        let users = req.has("users.mau") || req.has("users.dau");
        let qps = req.has("qps.avg") || req.has("qps.peak");
        if !users && !qps {
            let at = cx.requirements_at();
            let label = cx.requirements_label("no `users.dau`, `users.mau`, `qps.avg` or `qps.peak`");
            cx.report(None, at, "no scale declared (MAU/DAU or QPS)").primary(label).help(
                "declare `users.dau`, `qps.peak` and item counts; scale drives batch-vs-online, candidate-generation and ANN choices",
            );
            return;
        }
        if let (Some(dau), false, Some(per_user)) = (req.number("users.dau"), qps, req.number("requests_per_user_day"))
        {
            let derived = dau * per_user / 86_400.0;
            let span = req.get("users.dau").map_or_else(|| cx.requirements_at(), |p| p.span());
            let d =
                cx.report(None, span, format!("no QPS declared; from DAU it is about {}/s", fmt_num(derived.round())));
            d.severity = Severity::Info;
            d.help(format!("declare `qps.avg: {}/s` and a peak (`qps.peak`)", fmt_num(derived.round())));
        }
    }
}
