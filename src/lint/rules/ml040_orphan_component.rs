//! ML040 `orphan-component`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::graph::Dir;
use crate::model::{ComponentId, ComponentKind as K, EdgeKind as E, Lane, Value};

declare_rule! {
    /// ## What it does
    /// Checks that every component takes part in the end-to-end flow: it has an edge (or is
    /// referenced by, or references, another component: `targets`, `model`, `consumers`...; a
    /// feature view counts through its store); a training-side component (data, features,
    /// training, evaluation and registry; not a store or log that predictions flow into) has a
    /// path to a serving node (monitors, experiments and experiment trackers are exempt); a
    /// serving node has a path to a consumer or an output store, or
    /// is called by a consumer.
    ///
    /// ## Why is this bad?
    /// Disconnected components are dead experimental code paths or forgotten links: either the
    /// diagram is wrong or the component does nothing.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// data_source s {}
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// data_source s {}
    /// serving v {}
    /// consumer c {}
    /// s -> v [lookup]
    /// c -> v
    /// ```
    pub(crate) struct OrphanComponent {
        code: "ML040",
        id: "orphan-component",
        severity: Warning,
        stage: Architecture,
    }
}

const TO_CONSUMER: &[E] = &[E::Call, E::Output, E::Data, E::Lookup, E::Logs];

impl Rule for OrphanComponent {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let graph = &model.graph;
        let n = model.components.len();
        let mut linked = vec![false; n];
        for e in &model.edges {
            linked[e.from.index()] = true;
            linked[e.to.index()] = true;
        }
        for c in &model.components {
            for (_, prop) in c.props.iter() {
                for v in prop.value.items() {
                    if let Value::Ref(r) = v {
                        if let Some(t) = r.target.filter(|t| *t != c.id) {
                            linked[t.index()] = true;
                            linked[c.id.index()] = true;
                        }
                    }
                }
            }
        }
        let servings: Vec<ComponentId> = cx.facts.servings().map(|s| s.id).collect();
        let reaches_serving = graph.reachable(&servings, Dir::Backward, &[]);
        // Stores and logs that predictions flow into are downstream of serving, not training-side.
        let downstream = graph.reachable(&servings, Dir::Forward, &[E::Output, E::Data, E::Logs]);
        let mut ends: Vec<ComponentId> = model.components_of(K::Consumer).map(|c| c.id).collect();
        for e in model.edges_of(E::Output) {
            if model.component(e.to).is(K::DataStore) {
                ends.push(e.to);
            }
        }
        for s in &servings {
            if let Some(t) = model.component(*s).props.reference("output_store").and_then(|r| r.target) {
                ends.push(t);
            }
        }
        let reaches_end = graph.reachable(&ends, Dir::Backward, TO_CONSUMER);
        let consumers: Vec<ComponentId> = model.components_of(K::Consumer).map(|c| c.id).collect();
        let called = graph.reachable(&consumers, Dir::Forward, &[E::Call]);
        for c in &model.components {
            let anchor = c.parent.unwrap_or(c.id);
            let reason = if !linked[anchor.index()] {
                "it has no edges"
            } else if c.parent.is_some() {
                continue;
            } else if let Some(kind) = c.kind {
                let training_side = matches!(kind.lane(), Lane::Data | Lane::Features | Lane::Model | Lane::Evaluation)
                    && !matches!(kind, K::Experiment | K::Monitor | K::ExperimentTracker)
                    && !downstream[c.id.index()];
                if training_side && !reaches_serving[c.id.index()] {
                    "it leads to no serving node"
                } else if kind.is_serving() && !reaches_end[c.id.index()] && !called[c.id.index()] {
                    "its predictions reach no consumer or output store"
                } else {
                    continue;
                }
            } else {
                continue;
            };
            cx.report(Some(c.id), c.name_span, format!("`{}` is not connected to the end-to-end flow", c.name))
                .primary(reason)
                .help("connect it (data -> training -> registry -> serving -> consumer) or remove it");
        }
    }
}
