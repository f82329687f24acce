//! ML010 `pipeline-jungle`.

use crate::lint::facts::{TRAIN_KINDS, post_order};
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::graph::Dir;
use crate::model::{ComponentId, ComponentKind as K};

declare_rule! {
    /// ## What it does
    /// Checks how a dataset is fed: more than N (default 5) distinct `etl`/`feature_pipeline`
    /// steps in its training ancestry that are not consolidated through a feature store, or a
    /// chain of more than L (default 4) consecutive `etl` steps. Both thresholds are
    /// configurable (`pipeline-jungle-max-steps`, `pipeline-jungle-max-etl-chain`).
    ///
    /// ## Why is this bad?
    /// Scrapes, joins and sampling steps with intermediate outputs grow into a pipeline jungle
    /// that is hard to test, to change and to reproduce.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// etl a {}
    /// etl b {}
    /// etl c {}
    /// etl d {}
    /// etl e {}
    /// dataset ds {}
    /// a -> b -> c -> d -> e -> ds
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// etl a {}
    /// etl b {}
    /// feature_pipeline f {}
    /// feature_store fs {}
    /// dataset ds {}
    /// a -> b -> f -> fs -> ds
    /// ```
    pub(crate) struct PipelineJungle {
        code: "ML010",
        id: "pipeline-jungle",
        severity: Warning,
        stage: Data,
    }
}

impl Rule for PipelineJungle {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let max_steps = cx.heuristics.pipeline_jungle_max_steps;
        let max_chain = cx.heuristics.pipeline_jungle_max_etl_chain;
        let chains = etl_chains(cx);
        let upstream = upstream(cx, &chains, max_steps.max(63) + 1);
        for d in model.components_of(K::Dataset) {
            let Some((found, chain)) = &upstream[d.id.index()] else { continue };
            let (steps, chain) = (found.len(), *chain);
            if steps > max_steps {
                cx.report(
                    Some(d.id),
                    d.name_span,
                    if steps > max_steps.max(63) {
                        format!(
                            "`{}` is fed by more than {} ad-hoc ETL steps (pipeline jungle)",
                            d.name,
                            max_steps.max(63)
                        )
                    } else {
                        format!("`{}` is fed by {steps} ad-hoc ETL steps (pipeline jungle)", d.name)
                    },
                )
                .help("consolidate feature extraction into owned, tested feature pipelines and a feature store");
            } else if chain > max_chain {
                cx.report(
                    Some(d.id),
                    d.name_span,
                    format!("`{}` is fed by a chain of {chain} ETL steps (pipeline jungle)", d.name),
                )
                .help("consolidate feature extraction into owned, tested feature pipelines and a feature store");
            }
        }
    }
}

/// For each dataset (and what it is derived from): the ad-hoc `etl`/`feature_pipeline` steps
/// upstream of it that do not pass a feature store (at most `cap` of them), and the longest
/// `etl` chain in its ancestry. One post-order pass over the training edges, memoised, so the
/// cost is linear in the graph (times `cap`) however long the ancestries are.
fn upstream(cx: &LintContext<'_>, chains: &[usize], cap: usize) -> Vec<Option<(Vec<ComponentId>, usize)>> {
    let model = cx.model;
    let mut memo: Vec<Option<(Vec<ComponentId>, usize)>> = vec![None; model.components.len()];
    let step = |id: ComponentId| matches!(model.component(id).kind, Some(K::Etl | K::FeaturePipeline));
    let store = |id: ComponentId| matches!(model.component(id).kind, Some(K::FeatureStore | K::FeatureView));
    let datasets = model.components_of(K::Dataset).map(|d| d.id);
    post_order(
        model,
        TRAIN_KINDS,
        datasets,
        |_| true,
        |node, _| {
            let mut steps: Vec<ComponentId> = Vec::new();
            if step(node) {
                steps.push(node);
            }
            let mut chain = chains[node.index()];
            // Only finished predecessors have a memo entry (one still on the path is a cycle).
            for (_, prev) in model.graph.neighbors(node, Dir::Backward, TRAIN_KINDS) {
                let Some((up, up_chain)) = &memo[prev.index()] else { continue };
                chain = chain.max(*up_chain);
                if store(prev) {
                    continue;
                }
                for s in up {
                    if steps.len() < cap && !steps.contains(s) {
                        steps.push(*s);
                    }
                }
            }
            memo[node.index()] = Some((steps, chain));
        },
    );
    memo
}

/// For each `etl` node, the longest chain of consecutive `etl` nodes ending at it (0 for others).
fn etl_chains(cx: &LintContext<'_>) -> Vec<usize> {
    let model = cx.model;
    let mut len = vec![0usize; model.components.len()];
    let is_etl = |id: ComponentId| model.component(id).is(K::Etl);
    post_order(model, TRAIN_KINDS, model.components_of(K::Etl).map(|c| c.id), is_etl, |node, done| {
        let best = model
            .graph
            .neighbors(node, Dir::Backward, TRAIN_KINDS)
            .filter(|(_, p)| is_etl(*p) && done[p.index()])
            .map(|(_, p)| len[p.index()])
            .max()
            .unwrap_or(0);
        len[node.index()] = best + 1;
    });
    len
}
