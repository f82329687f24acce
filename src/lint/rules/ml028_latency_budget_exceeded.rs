//! ML028 `latency-budget-exceeded`.

use crate::lint::util::fmt_ms;
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::{ComponentId, ComponentKind as K};

declare_rule! {
    /// ## What it does
    /// Checks latencies against budgets three ways:
    /// - the request path of each consumer (ml-domain.md §2.6) against `latency.p99`: a node's
    ///   latency is its own `latency_p99` (a feature store's `online_store.read_latency_p99`)
    ///   plus the latencies of what it waits for: the nodes it calls (`call` edges) and the
    ///   nodes it reads synchronously (`lookup` edges into it). Branches add up (a service
    ///   reached by two branches counts twice), except those whose edges (or nodes) share a
    ///   `parallel` group (`parallel: true` or a group name), which count as their slowest
    ///   member; a node already on the chain counts as zero (cycles);
    /// - each serving node's `latency_p99` against its own `latency_budget`;
    /// - each model-serving node's `latency_p99` against `latency.inference_p99`.
    ///
    /// ## Why is this bad?
    /// A design whose request path cannot meet its budget will time out or be cut at serving
    /// time; the fix (compression, candidate generation, caching, precomputation) changes the
    /// architecture, so it belongs in the design review.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// requirements { latency.p99: 100ms }
    /// consumer app {}
    /// serving s { latency_p99: 80ms }
    /// policy p { latency_p99: 40ms }
    /// app -> s -> p
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// requirements { latency.p99: 100ms }
    /// consumer app {}
    /// serving s { latency_p99: 50ms }
    /// policy p { latency_p99: 40ms }
    /// app -> s -> p
    /// ```
    pub(crate) struct LatencyBudgetExceeded {
        code: "ML028",
        id: "latency-budget-exceeded",
        severity: Error,
        stage: Serving,
    }
}

impl Rule for LatencyBudgetExceeded {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let facts = cx.facts;
        if let Some(budget) = model.requirements.number("latency.p99") {
            let budget_span = model.requirements.get("latency.p99").map(|p| p.span());
            for c in model.components_of(K::Consumer) {
                let latency = facts.latency(c.id);
                if latency.total <= budget {
                    continue;
                }
                let hops = hops(cx, c.id);
                let path = terms(cx, c.id);
                let d = cx.report(
                    Some(c.id),
                    c.name_span,
                    format!(
                        "request path from `{}` needs {} but the budget is {}",
                        c.name,
                        fmt_ms(latency.total),
                        fmt_ms(budget)
                    ),
                );
                for h in &hops {
                    d.label(model.component(*h).name_span, fmt_ms(facts.own_latency(*h)));
                }
                if let Some(span) = budget_span {
                    d.label(span, "the end-to-end budget");
                }
                d.note(format!("path: {path} = {}", fmt_ms(latency.total)));
                d.help("compress the model (quantization, pruning, distillation), add candidate generation, precompute, cache, batch, or mark independent branches `parallel`");
            }
        }
        let inference = model.requirements.number("latency.inference_p99");
        for s in facts.servings() {
            let Some(p99) = s.props.number("latency_p99") else { continue };
            let at = s.props.get("latency_p99").map_or(s.name_span, |p| p.span());
            if let Some(budget) = s.props.number("latency_budget").filter(|b| p99 > *b) {
                let d = cx.report(
                    Some(s.id),
                    at,
                    format!("`{}` needs {} but its budget is {}", s.name, fmt_ms(p99), fmt_ms(budget)),
                );
                if let Some(p) = s.props.get("latency_budget") {
                    d.label(p.span(), "the service's budget");
                }
                d.help("compress the model (quantization, pruning, distillation), batch, add hardware, or raise the budget");
                continue;
            }
            let serves_model = !facts.models_of(s.id).is_empty() || s.props.has("model");
            if let Some(budget) = inference.filter(|b| serves_model && p99 > *b) {
                let d = cx.report(
                    Some(s.id),
                    at,
                    format!("`{}` needs {} but the inference budget is {}", s.name, fmt_ms(p99), fmt_ms(budget)),
                );
                if let Some(p) = model.requirements.get("latency.inference_p99") {
                    d.label(p.span(), "the inference budget");
                }
                d.help("compress the model (quantization, pruning, distillation) or use a smaller model at this stage");
            }
        }
    }
}

/// The terms of the latency sum of `start`, depth first (a node reached by two branches
/// appears twice, as it is counted twice), at most 24 of them.
fn terms(cx: &LintContext<'_>, start: ComponentId) -> String {
    const MAX: usize = 24;
    let mut out: Vec<String> = Vec::new();
    let mut stack: Vec<ComponentId> = cx.facts.latency(start).via.into_iter().rev().collect();
    let mut truncated = false;
    while let Some(n) = stack.pop() {
        let own = cx.facts.own_latency(n);
        if own > 0.0 {
            if out.len() == MAX {
                truncated = true;
                break;
            }
            out.push(format!("`{}` {}", cx.model.component(n).name, fmt_ms(own)));
        }
        stack.extend(cx.facts.latency(n).via.into_iter().rev());
    }
    if truncated {
        out.push("...".into());
    }
    out.join(" + ")
}

/// The nodes counted in the latency of `start`, depth first, each once, with a latency (at
/// most 16, for labels).
fn hops(cx: &LintContext<'_>, start: ComponentId) -> Vec<ComponentId> {
    const MAX: usize = 16;
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::from([start]);
    let mut stack: Vec<ComponentId> = cx.facts.latency(start).via.into_iter().rev().collect();
    while let Some(n) = stack.pop() {
        if !seen.insert(n) {
            continue;
        }
        if cx.facts.own_latency(n) > 0.0 {
            if out.len() == MAX {
                break;
            }
            out.push(n);
        }
        stack.extend(cx.facts.latency(n).via.into_iter().rev());
    }
    out
}
