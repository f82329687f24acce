//! The one list of rules, sorted by code. Codes are never reused or renumbered; a renamed rule
//! keeps its code and its old id goes into [`REDIRECTS`].

use super::{Rule, RuleMeta, rules};

/// Every rule, sorted by code.
pub static RULES: &[&dyn Rule] = &[
    &rules::ml001_missing_business_objective::MissingBusinessObjective,
    &rules::ml002_missing_scale::MissingScale,
    &rules::ml003_missing_latency_budget::MissingLatencyBudget,
    &rules::ml004_missing_privacy_constraints::MissingPrivacyConstraints,
    &rules::ml005_missing_ml_objective::MissingMlObjective,
    &rules::ml006_missing_label_source::MissingLabelSource,
    &rules::ml007_missing_data_validation::MissingDataValidation,
    &rules::ml008_unused_feature::UnusedFeature,
    &rules::ml009_unstable_data_dependency::UnstableDataDependency,
    &rules::ml010_pipeline_jungle::PipelineJungle,
    &rules::ml011_feature_store_missing_online_store::FeatureStoreMissingOnlineStore,
    &rules::ml012_feature_store_no_materialization::FeatureStoreNoMaterialization,
    &rules::ml013_feature_freshness_violation::FeatureFreshnessViolation,
    &rules::ml014_model_without_lineage::ModelWithoutLineage,
    &rules::ml015_no_baseline_model::NoBaselineModel,
    &rules::ml016_random_split_temporal_data::RandomSplitTemporalData,
    &rules::ml017_no_retraining_plan::NoRetrainingPlan,
    &rules::ml018_correction_cascade::CorrectionCascade,
    &rules::ml019_missing_offline_metrics::MissingOfflineMetrics,
    &rules::ml020_offline_metric_task_mismatch::OfflineMetricTaskMismatch,
    &rules::ml021_missing_online_metrics::MissingOnlineMetrics,
    &rules::ml022_online_metric_not_tied_to_business::OnlineMetricNotTiedToBusiness,
    &rules::ml023_no_validation_gate::NoValidationGate,
    &rules::ml024_missing_slice_evaluation::MissingSliceEvaluation,
    &rules::ml025_no_online_experiment::NoOnlineExperiment,
    &rules::ml026_serving_without_registry::ServingWithoutRegistry,
    &rules::ml027_no_rollback_target::NoRollbackTarget,
    &rules::ml028_latency_budget_exceeded::LatencyBudgetExceeded,
    &rules::ml029_batch_delay_exceeds_budget::BatchDelayExceedsBudget,
    &rules::ml030_batch_serving_unknown_inputs::BatchServingUnknownInputs,
    &rules::ml031_on_device_uncompressed_model::OnDeviceUncompressedModel,
    &rules::ml032_training_serving_skew::TrainingServingSkew,
    &rules::ml033_undeclared_consumer::UndeclaredConsumer,
    &rules::ml034_missing_monitoring::MissingMonitoring,
    &rules::ml035_missing_drift_monitor::MissingDriftMonitor,
    &rules::ml036_missing_business_metric_monitor::MissingBusinessMetricMonitor,
    &rules::ml037_missing_operational_monitor::MissingOperationalMonitor,
    &rules::ml038_hidden_feedback_loop::HiddenFeedbackLoop,
    &rules::ml039_fixed_threshold::FixedThreshold,
    &rules::ml040_orphan_component::OrphanComponent,
];

/// Old rule ids and the ids they were renamed to (none yet).
pub static REDIRECTS: &[(&str, &str)] = &[];

/// The rule with this kebab-case id (old ids are redirected).
#[must_use]
pub fn by_id(id: &str) -> Option<&'static RuleMeta> {
    let id = REDIRECTS.iter().find(|(old, _)| *old == id).map_or(id, |(_, new)| *new);
    RULES.iter().map(|r| r.meta()).find(|m| m.id == id)
}

/// The rule with this id or `MLnnn` code (any case).
#[must_use]
pub fn find(id_or_code: &str) -> Option<&'static RuleMeta> {
    by_id(id_or_code).or_else(|| RULES.iter().map(|r| r.meta()).find(|m| m.code.eq_ignore_ascii_case(id_or_code)))
}

/// Every rule's identity, in code order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|r| r.meta())
}

/// The rules as SARIF reporting descriptors.
#[must_use]
pub fn descriptors() -> Vec<crate::diag::sarif::RuleDescriptor> {
    all()
        .map(|r| crate::diag::sarif::RuleDescriptor {
            id: r.id,
            code: r.code,
            name: r.name,
            short: r.summary(),
            markdown: r.docs_text().trim().to_string(),
            severity: r.severity,
            stage: r.stage.name(),
        })
        .collect()
}
