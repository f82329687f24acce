//! ML029 `batch-delay-exceeds-budget`.

use crate::lint::util::{fmt_ms, fmt_num};
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks dynamic batching settings: a `batching.max_delay` of 50 % (configurable,
    /// `batch-delay-max-share`) or more of the applicable latency budget (`latency_budget`, else
    /// the requirements' `latency.p99`), or a `batching.max_batch_size` above 1 with no
    /// `max_delay` on a GPU runtime (`instances.kind: gpu`, `hardware` naming a GPU, or
    /// `runtime: triton`).
    ///
    /// ## Why is this bad?
    /// Requests wait up to the batching delay before inference starts; a delay that eats the
    /// budget leaves nothing for the model and the rest of the path, and an unbounded wait
    /// makes the tail latency unpredictable (Triton `max_queue_delay_microseconds`, TorchServe
    /// `maxBatchDelay`, BentoML `max_latency_ms`).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// serving s { latency_budget: 20ms, batching { max_batch_size: 32, max_delay: 10ms } }
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// serving s { latency_budget: 20ms, batching { max_batch_size: 32, max_delay: 2ms } }
    /// ```
    pub(crate) struct BatchDelayExceedsBudget {
        code: "ML029",
        id: "batch-delay-exceeds-budget",
        severity: Warning,
        stage: Serving,
    }
}

impl Rule for BatchDelayExceedsBudget {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let share = cx.heuristics.batch_delay_max_share;
        for s in cx.facts.servings() {
            let budget = s.props.number("latency_budget").or_else(|| model.requirements.number("latency.p99"));
            if let Some(delay) = s.props.number("batching.max_delay") {
                let Some(budget) = budget.filter(|b| *b > 0.0) else { continue };
                let pct = delay / budget * 100.0;
                if pct >= share {
                    let at = s.props.get("batching.max_delay").map_or(s.name_span, |p| p.span());
                    cx.report(Some(s.id), at, format!("batching delay {} consumes {}% of `{}`'s latency budget", fmt_ms(delay), fmt_num(pct.round()), s.name))
                        .primary(format!("the budget is {}", fmt_ms(budget)))
                        .help("lower the batching delay (`max_queue_delay`, `maxBatchDelay`, `max_latency_ms`) or raise the budget");
                }
                continue;
            }
            let size = s.props.number("batching.max_batch_size").unwrap_or(1.0);
            let gpu = s.props.name("instances.kind") == Some("gpu")
                || s.props.text("hardware").is_some_and(|h| h.to_ascii_lowercase().contains("gpu"))
                || s.props.name("runtime") == Some("triton");
            if size > 1.0 && gpu {
                let at = s.props.get("batching.max_batch_size").map_or(s.name_span, |p| p.span());
                cx.report(
                    Some(s.id),
                    at,
                    format!(
                        "`{}` batches up to {} requests on a GPU runtime with no batching delay bound",
                        s.name,
                        fmt_num(size)
                    ),
                )
                .help("set `batching.max_delay` well below the latency budget (e.g. 2ms)");
            }
        }
    }
}
