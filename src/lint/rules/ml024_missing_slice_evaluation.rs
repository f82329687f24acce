//! ML024 `missing-slice-evaluation`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::{ComponentKind as K, Value};

declare_rule! {
    /// ## What it does
    /// Checks that a model is evaluated on data slices when the design says some groups matter:
    /// its `inputs` include a feature marked `sensitive: true` (or listed in the
    /// `sensitive-features` heuristic), the requirements list
    /// `fairness.sensitive_attributes`, or they list several `languages` or `regions` (2 or
    /// more, configurable). The rule fires when no `model_validation` gate evaluating the
    /// model declares `slices`.
    ///
    /// ## Why is this bad?
    /// An aggregate metric can improve while quality drops for a language, a country or an age
    /// group (ML Test Score Model 6, Model 7).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// requirements { languages: [en, es] }
    /// model m {}
    /// model_validation g { metrics: [map >= 0.3], blocking: true }
    /// m -> g
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// requirements { languages: [en, es] }
    /// model m {}
    /// model_validation g { metrics: [map >= 0.3], blocking: true, slices: [language] }
    /// m -> g
    /// ```
    pub(crate) struct MissingSliceEvaluation {
        code: "ML024",
        id: "missing-slice-evaluation",
        severity: Info,
        stage: Evaluation,
    }
}

impl Rule for MissingSliceEvaluation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let req = &model.requirements;
        let mut design: Vec<String> =
            req.names("fairness.sensitive_attributes").iter().map(|s| (*s).to_string()).collect();
        for key in ["languages", "regions"] {
            let list = req.names(key);
            if list.len() >= cx.heuristics.slice_min_languages {
                design.push(format!("{key}: {}", list.join(", ")));
            }
        }
        for m in model.components_of(K::Model) {
            let mut attrs = design.clone();
            for f in m.props.names("inputs") {
                let marked = cx.heuristics.sensitive_features.iter().any(|s| s == f)
                    || cx
                        .facts
                        .providers_of(f)
                        .iter()
                        .any(|p| cx.facts.feature_prop(*p, f, "sensitive") == Some(&Value::Bool(true)));
                if marked {
                    attrs.push(f.to_string());
                }
            }
            if attrs.is_empty() {
                continue;
            }
            let sliced = cx.facts.gates_of(m.id).any(|g| !model.component(g).props.names("slices").is_empty());
            if sliced {
                continue;
            }
            cx.report(Some(m.id), m.name_span, format!("`{}` is not evaluated on data slices ({})", m.name, attrs.join("; ")))
                .help("add `slices` (e.g. language, country, age bucket) with per-slice thresholds to its `model_validation` gate");
        }
    }
}
