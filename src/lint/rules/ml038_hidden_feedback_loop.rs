//! ML038 `hidden-feedback-loop`.

use crate::lint::util::ticks;
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::{ComponentId, Props};

declare_rule! {
    /// ## What it does
    /// Checks feedback cycles: a directed cycle through an `influences` edge (a consumer or
    /// service changing the data its models are trained on; found with strongly connected
    /// components). A *direct* loop (every serving node on it belongs to one system, the
    /// request-path funnel) is reported unless the `influences` edge or a serving node on the
    /// cycle declares a `mitigation`: `exploration` or `holdout_traffic` with a positive `rate`
    /// or `percent` (`mitigation_rate` on a serving node), or `position_debiasing`,
    /// `randomization`, `human_review`, `random_audit_sample` (the accepted list is
    /// configurable, `feedback-mitigations`). A *hidden* loop (serving nodes of two or more
    /// systems on one cycle: systems influencing each other through the world) is always
    /// reported. Serving nodes that deploy a common model (a real-time and a batch deployment of
    /// one model) count as one system.
    ///
    /// ## Why is this bad?
    /// A model that shapes its own future training data reinforces its own biases (popular
    /// items get more popular, positions look relevant); two systems doing so to each other is
    /// worse because nobody owns the loop (hidden feedback loops).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// data_source clicks {}
    /// dataset d {}
    /// training_pipeline t {}
    /// model m {}
    /// model_registry r {}
    /// serving s {}
    /// consumer app {}
    /// clicks -> d -> t -> m -> r -> s -> app
    /// app -> clicks [influences]
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// data_source clicks {}
    /// dataset d {}
    /// training_pipeline t {}
    /// model m {}
    /// model_registry r {}
    /// serving s {}
    /// consumer app {}
    /// clicks -> d -> t -> m -> r -> s -> app
    /// app -> clicks [influences] { mitigation: exploration, rate: 1% }
    /// ```
    pub(crate) struct HiddenFeedbackLoop {
        code: "ML038",
        id: "hidden-feedback-loop",
        severity: Warning,
        stage: Monitoring,
    }
}

impl Rule for HiddenFeedbackLoop {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let accepted = &cx.heuristics.feedback_mitigations;
        for l in cx.facts.feedback_loops() {
            let edge = model.edge(l.edge);
            let hidden = l.systems.len() >= 2;
            if !hidden {
                let on_edge = mitigated(&edge.props, "rate", accepted);
                let on_serving =
                    l.servings.iter().any(|s| mitigated(&model.component(*s).props, "mitigation_rate", accepted));
                if on_edge || on_serving {
                    continue;
                }
            }
            let serving: ComponentId = l.servings.first().copied().unwrap_or(edge.from);
            let source = model.component(edge.to);
            let trains = match l.model {
                Some(m) => format!("which trains `{}`", model.component(m).name),
                None => format!("which feeds back into `{}`", model.component(serving).name),
            };
            let kind = if hidden {
                let names: Vec<&str> = l.systems.iter().map(|s| model.component(*s).name.as_str()).collect();
                format!("feedback loop through {}", ticks(names))
            } else {
                "feedback loop".to_string()
            };
            let message = format!("`{}` influences `{}` {trains} ({kind})", model.component(serving).name, source.name);
            let d = cx.report_edge(l.edge, serving, edge.endpoints_span(), message);
            for s in &l.servings {
                d.label(model.component(*s).name_span, "serves predictions on the cycle");
            }
            if hidden {
                d.note(
                    "serving nodes of several systems are on one cycle: they influence each other through the world",
                );
            }
            d.help("hold out random traffic for clean labels, add exploration, model or strip positional features, or isolate the data (`{ mitigation: exploration, rate: 1% }` on the edge)");
        }
    }
}

/// Whether `props` declare an accepted mitigation (exploration and holdout need a positive rate).
fn mitigated(props: &Props, rate_key: &str, accepted: &[String]) -> bool {
    let rate = props.number(rate_key).or_else(|| props.number("percent")).unwrap_or(0.0);
    props
        .names("mitigation")
        .iter()
        .any(|m| accepted.iter().any(|a| a == m) && (!matches!(*m, "exploration" | "holdout_traffic") || rate > 0.0))
}
