//! ML026 `serving-without-registry`.

use crate::lint::util::loads_models;
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::{ComponentKind as K, EdgeKind as E};

declare_rule! {
    /// ## What it does
    /// Checks that a serving, batch prediction or indexing pipeline node that loads a model
    /// (it declares `model:` or has an incoming edge from a `model` or `training_pipeline`)
    /// receives it through a `deploys` edge from a `model_registry`: `model:` must name a
    /// registry (`registry@champion`), the node needs an incoming `deploys` edge from a
    /// registry, and no edge may come straight from a model or a training pipeline. Nodes
    /// without a model (pure lookup APIs) are exempt.
    ///
    /// ## Why is this bad?
    /// Without a registry there are no versions: no record of what is deployed, no promotion
    /// step, no rollback (ML Test Score Model 1, Infra 7).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// model m {}
    /// serving s {}
    /// m -> s
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// model m {}
    /// model_registry r { aliases: [champion, previous] }
    /// serving s { model: r@champion }
    /// m -> r -> s
    /// ```
    pub(crate) struct ServingWithoutRegistry {
        code: "ML026",
        id: "serving-without-registry",
        severity: Error,
        stage: Serving,
    }
}

impl Rule for ServingWithoutRegistry {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        for c in &model.components {
            if !loads_models(model, c.id) {
                continue;
            }
            let direct = model
                .incoming(c.id)
                .find(|e| matches!(model.component(e.from).kind, Some(K::Model | K::TrainingPipeline)));
            let declared = c.props.get("model");
            let declared_target = c.props.reference("model").and_then(|r| r.target);
            let deployed =
                model.incoming(c.id).any(|e| e.kind == E::Deploys && model.component(e.from).is(K::ModelRegistry));
            if let Some(e) = direct {
                let from = model.component(e.from);
                cx.report(Some(c.id), e.endpoints_span(), format!("`{}` loads `{}` without going through a model registry", c.name, from.name))
                    .primary(format!("`{}` goes straight to `{}`", from.name, c.name))
                    .help("register versions in a `model_registry` and deploy from it (`registry -> serving`, kind `deploys`)");
                continue;
            }
            let Some(prop) = declared else { continue };
            if let Some(t) = declared_target.filter(|t| !cx.facts.is(*t, K::ModelRegistry)) {
                let target = model.component(t);
                cx.report(
                    Some(c.id),
                    prop.span(),
                    format!("`{}` loads `{}` without going through a model registry", c.name, target.name),
                )
                .primary("`model` names a model, not a registry")
                .help("deploy from a `model_registry` by alias: `model: registry@champion`");
            } else if !deployed {
                let name = c.props.reference("model").map_or("its model", |r| r.name.as_str()).to_string();
                cx.report(
                    Some(c.id),
                    prop.span(),
                    format!("`{}` loads `{name}` without going through a model registry", c.name),
                )
                .primary("no `deploys` edge from a registry")
                .help(format!("connect the registry: `{name} -> {}` (kind `deploys`)", c.name));
            }
        }
    }
}
