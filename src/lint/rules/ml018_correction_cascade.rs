//! ML018 `correction-cascade`.

use crate::lint::facts::{TRAIN_KINDS, add_capped, propagate};
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::{ComponentId, ComponentKind as K, EdgeKind as E};

declare_rule! {
    /// ## What it does
    /// Checks for models learned on other models' outputs. A model M1's output is M1 itself or
    /// the serving node (or prediction store) that serves it; when it appears in the training
    /// ancestry of M2, the rule reports M2 if M2 `corrects: M1`, or (configurable,
    /// `correction-cascade-same-task`) if M2 is learned directly on M1's output and both have
    /// the same `task` and the same `entity`, or if model-on-model chains reach 3 models
    /// (configurable, `correction-cascade-max-chain`).
    ///
    /// ## Why is this bad?
    /// A model that learns a correction on top of another model ties the two together: the
    /// first can no longer be improved without breaking the second (improvement deadlock).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// training_pipeline t1 {}
    /// model base { task: regression }
    /// dataset d {}
    /// training_pipeline t2 {}
    /// model fix { task: regression, corrects: base }
    /// t1 -> base
    /// base -> d -> t2 -> fix
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// training_pipeline t1 {}
    /// model base { task: regression, inputs: [region] }
    /// ```
    pub(crate) struct CorrectionCascade {
        code: "ML018",
        id: "correction-cascade",
        severity: Warning,
        stage: Model,
    }
}

impl Rule for CorrectionCascade {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let facts = cx.facts;
        let n = model.components.len();
        // Whose output each node carries.
        let mut output_of: Vec<Vec<ComponentId>> = vec![Vec::new(); n];
        for m in model.components_of(K::Model) {
            output_of[m.id.index()].push(m.id);
        }
        for s in facts.servings() {
            output_of[s.id.index()].extend_from_slice(facts.models_of(s.id));
            for e in model.outgoing(s.id).filter(|e| e.kind == E::Output) {
                if model.component(e.to).is(K::DataStore) {
                    let models = facts.models_of(s.id).to_vec();
                    output_of[e.to.index()].extend(models);
                }
            }
        }
        // The nearest model outputs upstream of each node (a model output stops the search: what
        // lies beyond it is that model's own ancestry), at most 8 per node, in one linear pass.
        let carries = |id: ComponentId| !output_of[id.index()].is_empty();
        let nearest = propagate(model, TRAIN_KINDS, |_, preds| {
            let mut set = Vec::new();
            for (_, p, up) in preds {
                if carries(*p) {
                    add_capped(&mut set, *p, 8);
                } else {
                    for x in *up {
                        add_capped(&mut set, *x, 8);
                    }
                }
            }
            set
        });
        // The models each model is learned on directly.
        let models: Vec<ComponentId> = model.components_of(K::Model).map(|m| m.id).collect();
        let mut deps: Vec<Vec<ComponentId>> = vec![Vec::new(); n];
        for &m2 in &models {
            for x in &nearest[m2.index()] {
                for &m1 in &output_of[x.index()] {
                    if m1 != m2 && !deps[m2.index()].contains(&m1) {
                        deps[m2.index()].push(m1);
                    }
                }
            }
        }
        let depth = chain_depth(&models, &deps, n);
        for &m2 in &models {
            let c2 = model.component(m2);
            let corrects = c2.props.reference("corrects").and_then(|r| r.target);
            // `corrects` may name a model further up the chain of learned-on models.
            let corrected = corrects.filter(|&m1| learned_on(&deps, m2, m1));
            let culprit = corrected.or_else(|| {
                deps[m2.index()].iter().copied().find(|&m1| {
                    let c1 = model.component(m1);
                    cx.heuristics.correction_cascade_same_task
                        && c1.props.name("task").is_some()
                        && c1.props.name("task") == c2.props.name("task")
                        && c1.props.name("entity") == c2.props.name("entity")
                })
            });
            if let Some(m1) = culprit {
                let c1 = model.component(m1);
                let d = cx.report(
                    Some(m2),
                    c2.name_span,
                    format!("`{}` is learned on top of `{}`'s output (correction cascade)", c2.name, c1.name),
                );
                d.label(c1.name_span, "its output feeds the training data");
                d.help(
                    "add features to the first model so it learns the correction, or make the second model independent",
                );
                continue;
            }
            let chain = depth[m2.index()];
            if chain >= cx.heuristics.correction_cascade_max_chain {
                // The previous model of the longest chain.
                let prev = deps[m2.index()].iter().copied().max_by_key(|d| (depth[d.index()], std::cmp::Reverse(*d)));
                let c1 = model.component(prev.unwrap_or(deps[m2.index()][0]));
                cx.report(
                    Some(m2),
                    c2.name_span,
                    format!("`{}` is learned on top of `{}`'s output (correction cascade)", c2.name, c1.name),
                )
                .primary(format!("a chain of {chain} models, each trained on the previous one's output"))
                .help("keep model stacks shallow: add features to the upstream models or make the models independent");
            }
        }
    }
}

/// Whether `m2` is learned, directly or through other models, on `m1`'s output.
fn learned_on(deps: &[Vec<ComponentId>], m2: ComponentId, m1: ComponentId) -> bool {
    let mut seen = std::collections::HashSet::from([m2]);
    let mut stack = vec![m2];
    while let Some(m) = stack.pop() {
        for d in &deps[m.index()] {
            if *d == m1 {
                return true;
            }
            if seen.insert(*d) {
                stack.push(*d);
            }
        }
    }
    false
}

/// The number of models in the longest learned-on chain ending at each model (cycles cut).
fn chain_depth(models: &[ComponentId], deps: &[Vec<ComponentId>], n: usize) -> Vec<usize> {
    let mut depth = vec![0usize; n];
    let mut state = vec![0u8; n];
    for &start in models {
        let mut stack = vec![(start, false)];
        while let Some((m, done)) = stack.pop() {
            if done {
                depth[m.index()] = 1 + deps[m.index()].iter().map(|d| depth[d.index()]).max().unwrap_or(0);
                state[m.index()] = 2;
                continue;
            }
            if state[m.index()] != 0 {
                continue;
            }
            state[m.index()] = 1;
            stack.push((m, true));
            for d in &deps[m.index()] {
                if state[d.index()] == 0 {
                    stack.push((*d, false));
                }
            }
        }
    }
    depth
}
