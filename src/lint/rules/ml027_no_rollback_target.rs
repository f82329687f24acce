//! ML027 `no-rollback-target`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::graph::Dir;
use crate::model::{ComponentKind as K, EdgeKind as E};

declare_rule! {
    /// ## What it does
    /// Checks that a serving or batch prediction node with a model can be rolled back: its
    /// `model` is pinned to an alias or version (`registry@champion`), the registry declares
    /// another alias or version to go back to (e.g. `aliases: [champion, previous]`), and, for
    /// online serving, `rollout.rollback_to` names it.
    ///
    /// ## Why is this bad?
    /// When a new model misbehaves in production the fastest fix is to serve the previous
    /// version again; that needs a known previous version (ML Test Score Infra 7; MLflow
    /// aliases).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// model m {}
    /// model_registry r {}
    /// serving s { mode: online }
    /// m -> r -> s
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// model m {}
    /// model_registry r { aliases: [champion, previous] }
    /// serving s { mode: online, model: r@champion, rollout { strategy: canary, rollback_to: previous } }
    /// m -> r -> s
    /// ```
    pub(crate) struct NoRollbackTarget {
        code: "ML027",
        id: "no-rollback-target",
        severity: Warning,
        stage: Serving,
    }
}

impl Rule for NoRollbackTarget {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        for s in cx.facts.servings() {
            let reference = s.props.reference("model");
            if cx.facts.models_of(s.id).is_empty() && reference.is_none() {
                continue;
            }
            let alias = reference.and_then(|r| r.alias.as_deref());
            let registry =
                reference.and_then(|r| r.target).filter(|t| cx.facts.is(*t, K::ModelRegistry)).or_else(|| {
                    model
                        .graph
                        .neighbors(s.id, Dir::Backward, &[E::Deploys])
                        .map(|(_, r)| r)
                        .find(|r| cx.facts.is(*r, K::ModelRegistry))
                });
            let mut reasons = Vec::new();
            if alias.is_none() {
                reasons.push("`model` is not pinned to an alias or version (`registry@champion`)".to_string());
            }
            if let Some(r) = registry.map(|r| model.component(r)) {
                let others = r.props.names("aliases").into_iter().any(|a| Some(a) != alias);
                if !others {
                    reasons.push(format!("`{}` declares no other alias or version to go back to", r.name));
                }
            }
            if cx.facts.is_online(s.id) && !s.props.has("rollout.rollback_to") {
                reasons.push("no `rollout.rollback_to`".to_string());
            }
            if reasons.is_empty() {
                continue;
            }
            let d = cx.report(
                Some(s.id),
                s.name_span,
                format!("`{}` cannot be rolled back to a known previous model version", s.name),
            );
            d.primary(reasons.remove(0));
            for r in reasons {
                d.note(r);
            }
            d.help("deploy by alias (`model: registry@champion`), keep the previous version (`aliases: [champion, previous]`) and declare `rollout { rollback_to: previous }`");
        }
    }
}
