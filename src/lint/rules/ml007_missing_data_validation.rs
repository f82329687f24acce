//! ML007 `missing-data-validation`.

use std::collections::VecDeque;

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::graph::Dir;
use crate::model::{ComponentId, ComponentKind as K, EdgeKind as E};

declare_rule! {
    /// ## What it does
    /// Checks that every path from a `data_source` to a `training_pipeline` (over data, labels,
    /// materializes, validates and trains edges) passes a `data_validation` node or a node with
    /// an incoming `validates` edge.
    ///
    /// ## Why is this bad?
    /// Unvalidated training data lets schema changes, nulls and out-of-range values silently
    /// degrade the model (ML Test Score Data 1, Monitor 2).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// data_source s {}
    /// dataset d {}
    /// training_pipeline t {}
    /// s -> d -> t
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// data_source s {}
    /// data_validation v { checks: [schema, nulls, ranges], on_failure: block }
    /// dataset d {}
    /// training_pipeline t {}
    /// s -> v -> d -> t
    /// ```
    pub(crate) struct MissingDataValidation {
        code: "ML007",
        id: "missing-data-validation",
        severity: Warning,
        stage: Data,
    }
}

const PATH_KINDS: &[E] = &[E::Data, E::Labels, E::Validates, E::Materializes, E::Trains];

impl Rule for MissingDataValidation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let graph = &model.graph;
        let blocked = |id: ComponentId| {
            model.component(id).is(K::DataValidation)
                || graph.neighbors(id, Dir::Backward, &[E::Validates]).next().is_some()
        };
        // One search from every source at once, not entering validated nodes.
        let n = model.components.len();
        let mut via: Vec<Option<ComponentId>> = vec![None; n];
        let mut seen = vec![false; n];
        let mut queue = VecDeque::new();
        for s in model.components_of(K::DataSource) {
            if !blocked(s.id) {
                seen[s.id.index()] = true;
                queue.push_back(s.id);
            }
        }
        while let Some(at) = queue.pop_front() {
            for (_, next) in graph.neighbors(at, Dir::Forward, PATH_KINDS) {
                if !seen[next.index()] && !blocked(next) {
                    seen[next.index()] = true;
                    via[next.index()] = Some(at);
                    queue.push_back(next);
                }
            }
        }
        for t in model.components_of(K::TrainingPipeline) {
            if !seen[t.id.index()] {
                continue;
            }
            let mut path = vec![t.id];
            while let Some(prev) = via[path.last().expect("non-empty").index()] {
                path.push(prev);
            }
            path.reverse();
            let source = model.component(path[0]);
            let names: Vec<String> = path.iter().map(|id| format!("`{}`", model.component(*id).name)).collect();
            cx.report(Some(t.id), t.name_span, format!("training data for `{}` is not validated against a schema", t.name))
                .label(source.name_span, "unvalidated data comes from here")
                .note(format!("path: {}", names.join(" -> ")))
                .help("add a data validation step (TFDV, Great Expectations: schema, ranges, null checks; block on failure) between the sources and training");
        }
    }
}
