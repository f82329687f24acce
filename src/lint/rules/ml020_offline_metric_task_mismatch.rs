//! ML020 `offline-metric-task-mismatch`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::ComponentKind as K;

declare_rule! {
    /// ## What it does
    /// Checks that each offline metric of a model (`metrics.offline`) suits the model's `task`
    /// (ml-domain.md §2.4): classification tasks take precision, recall, f1, accuracy, roc_auc,
    /// pr_auc, log_loss, cross_entropy, confusion_matrix; regression takes mse, mae, rmse,
    /// huber; ranking, retrieval and recommendation take precision@k, recall@k, mrr, map, ndcg,
    /// diversity, hit_rate, avg_rank_of_booked; a classifier used for ranking (`role: ranking`
    /// or `candidate_generation`, or `ltr`) takes both sets; object detection takes iou, ap,
    /// map, precision, recall; edge prediction takes roc_auc, pr_auc, map, precision@k,
    /// recall@k; generation takes fid, inception_score, bleu, meteor, rouge, cider, spice.
    /// Qualifiers such as `@10` are ignored. Other tasks are not checked.
    ///
    /// ## Why is this bad?
    /// A metric that does not fit the task measures the wrong thing: RMSE says nothing about
    /// the order of a ranked list, and accuracy hides the minority class.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// metrics { offline { m: [rmse] } }
    /// model m { task: ranking }
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// metrics { offline { m: [ndcg@10] } }
    /// model m { task: ranking }
    /// ```
    pub(crate) struct OfflineMetricTaskMismatch {
        code: "ML020",
        id: "offline-metric-task-mismatch",
        severity: Warning,
        stage: Evaluation,
    }
}

const CLASSIFICATION: &[&str] =
    &["precision", "recall", "f1", "accuracy", "roc_auc", "pr_auc", "log_loss", "cross_entropy", "confusion_matrix"];
const REGRESSION: &[&str] = &["mse", "mae", "rmse", "huber"];
const RANKING: &[&str] = &["precision", "recall", "mrr", "map", "ndcg", "diversity", "hit_rate", "avg_rank_of_booked"];
const DETECTION: &[&str] = &["iou", "ap", "map", "precision", "recall"];
const EDGE_PREDICTION: &[&str] = &["roc_auc", "pr_auc", "map", "precision", "recall"];
const GENERATION: &[&str] = &["fid", "inception_score", "bleu", "meteor", "rouge", "cider", "spice"];

impl Rule for OfflineMetricTaskMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model;
        for m in model.components_of(K::Model) {
            let Some(task) = m.props.name("task") else { continue };
            let ranking_role =
                matches!(m.props.name("role"), Some("ranking" | "candidate_generation")) || m.props.has("ltr");
            let allowed: Vec<&str> = match task {
                "binary_classification"
                | "multiclass_classification"
                | "multilabel_classification"
                | "multitask_classification" => {
                    let mut set = CLASSIFICATION.to_vec();
                    if ranking_role {
                        set.extend_from_slice(RANKING);
                    }
                    set
                }
                "regression" => REGRESSION.to_vec(),
                "ranking" | "retrieval" | "recommendation" => RANKING.to_vec(),
                "object_detection" => DETECTION.to_vec(),
                "edge_prediction" => EDGE_PREDICTION.to_vec(),
                "generation" => GENERATION.to_vec(),
                _ => continue,
            };
            for (metric, span) in cx.facts.offline_metrics(m.id) {
                if allowed.contains(&metric.id.as_str()) {
                    continue;
                }
                cx.report(
                    Some(m.id),
                    span,
                    format!("metric `{}` does not fit task `{task}` of `{}`", metric.full_name(), m.name),
                )
                .help(format!(
                    "for `{task}` use one of {}",
                    allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
}
