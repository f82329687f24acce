//! ML031 `on-device-uncompressed-model`.

use crate::lint::util::fmt_num;
use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::ComponentId;

declare_rule! {
    /// ## What it does
    /// Checks models deployed on a device: when the requirements' `deployment_target` or a
    /// serving node's `target` is `on_device` or `edge`, each model it serves must declare a
    /// `compression` or a `size`, and the `size` must fit the `device_budget` (of the serving
    /// node, else of the requirements).
    ///
    /// ## Why is this bad?
    /// Phones and edge devices have little memory, compute and battery; a model that was never
    /// sized for them will not ship (quantization, pruning, distillation).
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// model m {}
    /// model_registry r {}
    /// serving s { target: on_device }
    /// m -> r -> s
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// model m { compression: quantization_int8, size: 20MB }
    /// model_registry r {}
    /// serving s { target: on_device, device_budget: 50MB }
    /// m -> r -> s
    /// ```
    pub(crate) struct OnDeviceUncompressedModel {
        code: "ML031",
        id: "on-device-uncompressed-model",
        severity: Warning,
        stage: Serving,
    }
}

impl Rule for OnDeviceUncompressedModel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        let design_device = matches!(model.requirements.name("deployment_target"), Some("on_device" | "edge"));
        let mut reported: Vec<ComponentId> = Vec::new();
        for s in cx.facts.servings() {
            let device = match s.props.name("target") {
                Some(t) => matches!(t, "on_device" | "edge"),
                None => design_device,
            };
            if !device {
                continue;
            }
            let budget = s.props.number("device_budget").or_else(|| model.requirements.number("device_budget"));
            for &m in cx.facts.models_of(s.id) {
                if reported.contains(&m) {
                    continue;
                }
                let c = model.component(m);
                let size = c.props.number("size");
                if !c.props.has("compression") && size.is_none() {
                    reported.push(m);
                    cx.report(Some(m), c.name_span, format!("`{}` runs on device but declares no compression/size budget", c.name))
                        .label(s.name_span, "deployed to a device here")
                        .help("declare `compression` (quantization, pruning, distillation) and the model `size`, and a `device_budget`");
                } else if let (Some(size), Some(budget)) = (size, budget.filter(|b| size.is_some_and(|s| s > *b))) {
                    reported.push(m);
                    let at = c.props.get("size").map_or(c.name_span, |p| p.span());
                    cx.report(
                        Some(m),
                        at,
                        format!(
                            "`{}` is {} MB but the device budget is {} MB",
                            c.name,
                            fmt_num(size / 1e6),
                            fmt_num(budget / 1e6)
                        ),
                    )
                    .label(s.name_span, "deployed to a device here")
                    .help(
                        "compress the model further (quantization, pruning, distillation) or raise the device budget",
                    );
                }
            }
        }
    }
}
