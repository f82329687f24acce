//! Property types and schemas: the vocabulary of `ml-domain.md` §2 as data.
//!
//! Every component kind, the `requirements`, `metrics` and `lint` blocks and edges have a list of
//! [`PropSpec`]s. Adding a property or a kind never touches the grammar.

/// The type a property value must have.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum Ty {
    /// Free text: a string or a bare word (`tech: redis`, `tech: "Feast"`).
    Text,
    /// A bare name from an open set (`algorithm: two_tower`).
    Name,
    /// One of a closed set of names.
    Enum(&'static [&'static str]),
    /// `true` or `false`.
    Bool,
    /// A whole number without unit.
    Int,
    /// A number without unit.
    Float,
    /// A duration such as `30ms` (normalised to milliseconds).
    Duration,
    /// A count such as `1000`, `100k`, `2B`.
    Count,
    /// A rate such as `46k/s` or `10k/day` (normalised to per second); a plain number is per second.
    Rate,
    /// A data size such as `10TB`.
    Size,
    /// A percentage such as `5%`.
    Percent,
    /// A schedule: a duration (`1d`), a cron string (`"0 3 * * *"`) or a trigger name.
    Schedule,
    /// A metric: `ndcg@10`, `pr_auc >= 0.8`.
    Metric,
    /// A reference to a component, optionally with a version alias: `registry@champion`.
    Ref,
    /// A rule id with a reason: `hidden-feedback-loop "reason"` (suppressions).
    Suppression,
    /// A list of values of one type.
    List(&'static Ty),
    /// One value or a list of values of one type.
    OneOrList(&'static Ty),
    /// A nested block with its own properties.
    Block(&'static [PropSpec]),
    /// A nested block whose keys are free names (`offline { model_id: [...] }`).
    Map(&'static Ty),
    /// Either of two types (tried in order).
    Either(&'static Ty, &'static Ty),
}

impl Ty {
    /// What a user would call a value of this type, for "expected ..." messages.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Ty::Text => "a string or a name".into(),
            Ty::Name => "a name".into(),
            Ty::Enum(values) => format!("one of {}", list_names(values)),
            Ty::Bool => "`true` or `false`".into(),
            Ty::Int => "a whole number".into(),
            Ty::Float => "a number".into(),
            Ty::Duration => "a duration such as `30ms`, `15min` or `1d`".into(),
            Ty::Count => "a count such as `500`, `100k` or `2B`".into(),
            Ty::Rate => "a rate such as `46k/s` or `10k/day`".into(),
            Ty::Size => "a size such as `200MB` or `10TB`".into(),
            Ty::Percent => "a percentage such as `5%`".into(),
            Ty::Schedule => "a schedule: a duration such as `1d`, or a cron string".into(),
            Ty::Metric => "a metric such as `ndcg@10` or `pr_auc >= 0.8`".into(),
            Ty::Ref => "a component id".into(),
            Ty::Suppression => "a rule id with a reason, such as `orphan-component \"kept for audit\"`".into(),
            Ty::List(inner) => format!("a list of {}", plural(inner)),
            Ty::OneOrList(inner) => format!("{} or a list of them", inner.describe()),
            Ty::Block(_) | Ty::Map(_) => "a block `{ ... }`".into(),
            Ty::Either(a, b) => format!("{} or {}", a.describe(), b.describe()),
        }
    }

    /// The properties of a block type.
    #[must_use]
    pub fn block_specs(&self) -> Option<&'static [PropSpec]> {
        match self {
            Ty::Block(specs) => Some(specs),
            Ty::Either(a, b) => a.block_specs().or_else(|| b.block_specs()),
            _ => None,
        }
    }

    /// The value type of a map type.
    #[must_use]
    pub fn map_value(&self) -> Option<&'static Ty> {
        match self {
            Ty::Map(inner) => Some(inner),
            Ty::Either(a, b) => a.map_value().or_else(|| b.map_value()),
            _ => None,
        }
    }
}

fn plural(ty: &Ty) -> String {
    match ty {
        Ty::Text => "strings or names".into(),
        Ty::Name => "names".into(),
        Ty::Metric => "metrics".into(),
        Ty::Ref => "component ids".into(),
        Ty::Int => "whole numbers".into(),
        Ty::Suppression => "rule ids with reasons".into(),
        Ty::Enum(values) => format!("names from {}", list_names(values)),
        other => format!("values ({})", other.describe()),
    }
}

fn list_names(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// One allowed property: its name and type.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct PropSpec {
    /// The key.
    pub name: &'static str,
    /// The value type.
    pub ty: Ty,
}

/// Shorthand for a [`PropSpec`].
const fn p(name: &'static str, ty: Ty) -> PropSpec {
    PropSpec { name, ty }
}

/// Finds the spec named `name`.
#[must_use]
pub fn find(specs: &'static [PropSpec], name: &str) -> Option<&'static PropSpec> {
    specs.iter().find(|s| s.name == name)
}

// ----------------------------------------------------------------------------------------------
// Enumerations (ml-domain.md §2.4 and the tables of §2.3)

/// Model tasks.
pub const TASKS: &[&str] = &[
    "binary_classification",
    "multiclass_classification",
    "multilabel_classification",
    "multitask_classification",
    "regression",
    "ranking",
    "retrieval",
    "recommendation",
    "object_detection",
    "edge_prediction",
    "clustering",
    "dimensionality_reduction",
    "reinforcement_learning",
    "generation",
];

/// Label kinds.
pub const LABEL_KINDS: &[&str] = &["hand", "natural", "implicit", "self_supervised", "weak", "none"];

/// Labeling methods.
pub const LABEL_METHODS: &[&str] = &["hand", "natural", "implicit", "self_supervised", "weak", "hard_negative_mining"];

/// Framework stages (for the `stage` override).
pub const STAGES: &[&str] =
    &["requirements", "framing", "data", "model", "evaluation", "serving", "monitoring", "architecture"];

/// Serving modes.
pub const SERVING_MODES: &[&str] = &["online", "batch", "streaming"];

/// Rollout strategies.
pub const ROLLOUT_STRATEGIES: &[&str] =
    &["canary", "shadow", "ab_test", "blue_green", "interleaving", "bandit", "none"];

/// Feedback-loop mitigations (R38).
pub const MITIGATIONS: &[&str] =
    &["exploration", "holdout_traffic", "position_debiasing", "randomization", "human_review", "random_audit_sample"];

/// Monitor kinds.
pub const MONITOR_KINDS: &[&str] = &[
    "data_drift",
    "prediction_drift",
    "data_quality",
    "skew",
    "model_performance",
    "operational",
    "business",
    "freshness",
    "volume",
];

const THRESHOLD_SOURCES: &[&str] = &["manual", "validation", "learned"];
const TARGETS: &[&str] = &["cloud", "on_device", "edge"];

// ----------------------------------------------------------------------------------------------
// Shared pieces

const TEXT_LIST: Ty = Ty::List(&Ty::Text);
const NAME_LIST: Ty = Ty::List(&Ty::Name);
const REF_LIST: Ty = Ty::List(&Ty::Ref);
const METRIC_LIST: Ty = Ty::List(&Ty::Metric);

/// A feature record (`features { age { dtype: int, sensitive: true } }`).
pub const FEATURE: &[PropSpec] = &[
    p("dtype", Ty::Enum(&["int", "float", "bool", "string", "embedding", "list"])),
    p("freshness_class", Ty::Enum(&["static", "batch", "streaming", "request_time"])),
    p("sensitive", Ty::Bool),
    p("owner", Ty::Text),
    p("description", Ty::Text),
    p("freshness", Ty::Duration),
];

/// Features: a list of names, or a block of feature records.
pub const FEATURES: Ty = Ty::Either(&NAME_LIST, &Ty::Map(&Ty::Block(FEATURE)));

/// Properties every component accepts.
pub const COMMON: &[PropSpec] = &[
    p("label", Ty::Text),
    p("tech", Ty::Text),
    p("owner", Ty::Text),
    p("description", Ty::Text),
    p("tags", NAME_LIST),
    p("stage", Ty::Enum(STAGES)),
    p("language", Ty::Name),
    p("latency_p99", Ty::Duration),
    p("parallel", Ty::Either(&Ty::Bool, &Ty::Name)),
    p("lint-allow", Ty::OneOrList(&Ty::Suppression)),
];

// ----------------------------------------------------------------------------------------------
// Design-level blocks

/// `requirements { ... }` (ml-domain.md §2.2).
pub const REQUIREMENTS: &[PropSpec] = &[
    p("business_objective", Ty::Text),
    p("business_metric", Ty::Metric),
    p("ml_objective", Ty::Text),
    p("ml_task", Ty::Enum(TASKS)),
    p("ltr", Ty::Enum(&["pointwise", "pairwise", "listwise"])),
    p("approach", Ty::Enum(&["content_based", "collaborative", "hybrid", "session_based"])),
    p("users", Ty::Block(&[p("mau", Ty::Count), p("dau", Ty::Count), p("total", Ty::Count)])),
    p("qps", Ty::Block(&[p("avg", Ty::Rate), p("peak", Ty::Rate)])),
    p("requests_per_user_day", Ty::Float),
    p("items", Ty::Count),
    p("latency", Ty::Block(&[p("p99", Ty::Duration), p("inference_p99", Ty::Duration)])),
    p("prediction", Ty::Enum(&["online", "batch", "streaming", "mixed"])),
    p("deployment_target", Ty::Enum(TARGETS)),
    p("device_budget", Ty::Size),
    p("freshness", Ty::Duration),
    p("availability", Ty::Percent),
    p(
        "labels",
        Ty::Block(&[
            p("available", Ty::Bool),
            p("kind", Ty::OneOrList(&Ty::Enum(LABEL_KINDS))),
            p("volume", Ty::Either(&Ty::Rate, &Ty::Count)),
            p("delay", Ty::Duration),
        ]),
    ),
    p(
        "privacy",
        Ty::Block(&[
            p("pii", NAME_LIST),
            p("regulations", NAME_LIST),
            p(
                "controls",
                Ty::List(&Ty::Enum(&[
                    "anonymize",
                    "consent",
                    "on_device_only",
                    "encryption",
                    "retention_limit",
                    "access_control",
                ])),
            ),
            p("storage", Ty::Text),
        ]),
    ),
    p("fairness", Ty::Block(&[p("sensitive_attributes", NAME_LIST)])),
    p("personalized", Ty::Bool),
    p("languages", NAME_LIST),
    p("regions", NAME_LIST),
    p("input_kind", Ty::Enum(&["entity_id", "free_text_query", "uploaded_media", "context_only"])),
    p("constraints", Ty::Text),
    p("description", Ty::Text),
    p("case_study", Ty::Text),
];

/// `metrics { ... }`.
pub const METRICS: &[PropSpec] = &[
    p("offline", Ty::Either(&METRIC_LIST, &Ty::Map(&METRIC_LIST))),
    p("online", METRIC_LIST),
    p("primary", Ty::Metric),
    p("proxy_for", Ty::Map(&Ty::Metric)),
    p("guardrails", METRIC_LIST),
];

/// `lint { ... }`.
pub const LINT: &[PropSpec] = &[p("allow", Ty::OneOrList(&Ty::Suppression))];

/// Top-level `key: value` statements.
pub const TOP_LEVEL: &[PropSpec] =
    &[p("title", Ty::Text), p("direction", Ty::Enum(&["right", "down"])), p("description", Ty::Text)];

/// Properties of edges (ml-domain.md §2.5).
pub const EDGE: &[PropSpec] = &[
    p("label", Ty::Text),
    p("mitigation", Ty::OneOrList(&Ty::Enum(MITIGATIONS))),
    p("rate", Ty::Percent),
    p("percent", Ty::Percent),
    p("parallel", Ty::Either(&Ty::Bool, &Ty::Name)),
    p("version", Ty::Text),
    p("lint-allow", Ty::OneOrList(&Ty::Suppression)),
];

// ----------------------------------------------------------------------------------------------
// Component kinds (ml-domain.md §2.3)

pub(crate) const DATA_SOURCE: &[PropSpec] = &[
    p(
        "type",
        Ty::Enum(&[
            "event_log",
            "database",
            "object_store",
            "stream",
            "external_api",
            "user_reports",
            "annotations",
            "graph",
        ]),
    ),
    p("schema", Ty::Either(&NAME_LIST, &Ty::Text)),
    p("fields", NAME_LIST),
    p("pii", NAME_LIST),
    p("update_frequency", Ty::Duration),
    p("volume", Ty::Either(&Ty::Rate, &Ty::Either(&Ty::Count, &Ty::Size))),
    p("versioned", Ty::Bool),
    p("stable", Ty::Bool),
    p("trusted", Ty::Bool),
    p("generated_by", Ty::Enum(&["user", "system"])),
];

pub(crate) const DATA_STORE: &[PropSpec] = &[
    p("type", Ty::Enum(&["sql", "kv", "column", "graph", "document", "object", "warehouse", "lake"])),
    p("ttl", Ty::Duration),
];

pub(crate) const ETL: &[PropSpec] = &[
    p("engine", Ty::Name),
    p("schedule", Ty::Schedule),
    p("inputs", REF_LIST),
    p("outputs", REF_LIST),
    p("tested", Ty::Bool),
    p("outputs_features", NAME_LIST),
];

pub(crate) const LABELING: &[PropSpec] = &[
    p("method", Ty::Enum(LABEL_METHODS)),
    p("rate", Ty::Rate),
    p("delay", Ty::Duration),
    p("quality_check", Ty::Bool),
    p("rule", Ty::Text),
];

const CHECK: Ty = Ty::Block(&[p("metric", Ty::Enum(&["linf", "js_divergence"])), p("threshold", Ty::Float)]);

pub(crate) const DATA_VALIDATION: &[PropSpec] = &[
    p("schema", Ty::Text),
    p("checks", Ty::List(&Ty::Enum(&["schema", "nulls", "ranges", "domains", "distribution"]))),
    p("environment", Ty::Enum(&["training", "serving", "both"])),
    p("environments", Ty::List(&Ty::Enum(&["training", "serving"]))),
    p("skew_check", CHECK),
    p("drift_check", CHECK),
    p("on_failure", Ty::Enum(&["block", "warn"])),
];

pub(crate) const FEATURE_PIPELINE: &[PropSpec] = &[
    p("mode", Ty::Enum(&["batch", "streaming", "on_demand"])),
    p("schedule", Ty::Schedule),
    p("outputs_features", NAME_LIST),
    p("features", FEATURES),
    p("shared_with_serving", Ty::Bool),
];

pub(crate) const FEATURE_STORE: &[PropSpec] = &[
    p("offline_store", Ty::Block(&[p("type", Ty::Name), p("tech", Ty::Text)])),
    p("online_store", Ty::Block(&[p("type", Ty::Name), p("tech", Ty::Text), p("read_latency_p99", Ty::Duration)])),
    p("registry", Ty::Text),
    p(
        "materialization",
        Ty::Block(&[p("schedule", Ty::Schedule), p("mode", Ty::Enum(&["full", "incremental"])), p("engine", Ty::Name)]),
    ),
    p("point_in_time_joins", Ty::Bool),
    p("features", FEATURES),
];

pub(crate) const FEATURE_VIEW: &[PropSpec] = &[
    p("entities", NAME_LIST),
    p("features", FEATURES),
    p("source", Ty::Ref),
    p("ttl", Ty::Duration),
    p("online", Ty::Bool),
    p("offline", Ty::Bool),
    p("batch_schedule", Ty::Duration),
    p("stream_source", Ty::Ref),
    p("feature_start_time", Ty::Text),
];

pub(crate) const DATASET: &[PropSpec] = &[
    p("label", Ty::Either(&Ty::Block(&[p("source", Ty::Ref), p("kind", Ty::Enum(LABEL_KINDS))]), &Ty::Text)),
    p("split", Ty::Enum(&["random", "time_based", "user_based", "stratified"])),
    p("time_range", Ty::Text),
    p("version", Ty::Text),
    p("sampling", Ty::Enum(&["none", "negative_downsample", "importance_weighted", "stratified"])),
    p("imbalance_handling", Ty::Enum(&["none", "resample", "class_balanced_loss", "focal_loss"])),
    p("positive_rate", Ty::Percent),
    p("temporal", Ty::Bool),
    p("size", Ty::Either(&Ty::Count, &Ty::Size)),
];

pub(crate) const TRAINING_PIPELINE: &[PropSpec] = &[
    p("orchestrator", Ty::Enum(&["kubeflow", "airflow", "vertex", "sagemaker", "dagster", "custom"])),
    p("schedule", Ty::Schedule),
    p("trigger", Ty::OneOrList(&Ty::Enum(&["schedule", "new_data", "drift_alert", "manual"]))),
    p("retries", Ty::Int),
    p("steps", NAME_LIST),
    p(
        "reproducible",
        Ty::Either(
            &Ty::Block(&[p("seed", Ty::Bool), p("data_version_pinned", Ty::Bool), p("code_version_pinned", Ty::Bool)]),
            &Ty::Bool,
        ),
    ),
    p("distributed", Ty::Enum(&["none", "data_parallel", "model_parallel"])),
    p("hardware", Ty::Text),
    p("continual", Ty::Bool),
    p("loss", Ty::Text),
    p("fine_tune_from", Ty::Text),
];

pub(crate) const MODEL: &[PropSpec] = &[
    p("task", Ty::Enum(TASKS)),
    p("ltr", Ty::Enum(&["pointwise", "pairwise", "listwise"])),
    p("approach", Ty::Enum(&["content_based", "collaborative", "hybrid", "session_based"])),
    p("algorithm", Ty::Text),
    p("inputs", NAME_LIST),
    p("outputs", NAME_LIST),
    p("loss", Ty::Text),
    p("baseline", Ty::Text),
    p(
        "role",
        Ty::Enum(&[
            "candidate_generation",
            "ranking",
            "re_ranking",
            "retrieval",
            "classification",
            "detection",
            "embedding",
        ]),
    ),
    p("retrain", Ty::Schedule),
    p("continual", Ty::Bool),
    p("fine_tune_from", Ty::Text),
    p("size", Ty::Size),
    p("params", Ty::Count),
    p("compression", Ty::OneOrList(&Ty::Enum(&["quantization_int8", "quantization_fp16", "pruning", "distillation"]))),
    p("calibrated", Ty::Bool),
    p("corrects", Ty::Ref),
    p("feature_freshness", Ty::Map(&Ty::Duration)),
    p("heads", NAME_LIST),
    p("entity", Ty::Name),
];

pub(crate) const MODEL_VALIDATION: &[PropSpec] = &[
    p("metrics", METRIC_LIST),
    p("compare_to", Ty::Enum(&["baseline", "production", "both"])),
    p("slices", NAME_LIST),
    p("blocking", Ty::Bool),
    p("delta_check", Ty::Bool),
];

pub(crate) const EXPERIMENT_TRACKER: &[PropSpec] =
    &[p("tracks", Ty::List(&Ty::Enum(&["params", "metrics", "artifacts"])))];

pub(crate) const MODEL_REGISTRY: &[PropSpec] = &[
    p("registered_model", Ty::Text),
    p("aliases", NAME_LIST),
    p("versioning", Ty::Enum(&["semantic", "incremental"])),
    p("promotion", Ty::Block(&[p("requires", Ty::Ref), p("approval", Ty::Enum(&["auto", "manual"]))])),
    p("lineage", Ty::Bool),
    p("stages", NAME_LIST),
];

const ROLLOUT: Ty = Ty::Either(
    &Ty::Block(&[
        p("strategy", Ty::Enum(ROLLOUT_STRATEGIES)),
        p("canary_traffic", Ty::Percent),
        p("rollback_to", Ty::Name),
    ]),
    &Ty::Enum(ROLLOUT_STRATEGIES),
);

const AUTOSCALE_METRICS: &[&str] = &["concurrency", "qps", "gpu_util", "cpu"];

pub(crate) const SERVING: &[PropSpec] = &[
    p("mode", Ty::Enum(SERVING_MODES)),
    p("runtime", Ty::Enum(&["triton", "torchserve", "kserve", "bentoml", "tf_serving", "custom"])),
    p("model", Ty::Ref),
    p("latency_budget", Ty::Duration),
    p(
        "batching",
        Ty::Block(&[
            p("max_batch_size", Ty::Int),
            p("max_delay", Ty::Duration),
            p("preferred_batch_sizes", Ty::List(&Ty::Int)),
        ]),
    ),
    p("instances", Ty::Block(&[p("count", Ty::Int), p("kind", Ty::Enum(&["cpu", "gpu"]))])),
    p("replicas", Ty::Block(&[p("min", Ty::Int), p("max", Ty::Int)])),
    p(
        "autoscale",
        Ty::Either(
            &Ty::Block(&[p("metric", Ty::Enum(AUTOSCALE_METRICS)), p("target", Ty::Float)]),
            &Ty::Enum(AUTOSCALE_METRICS),
        ),
    ),
    p("timeout", Ty::Duration),
    p("hardware", Ty::Text),
    p("container", Ty::Block(&[p("image", Ty::Text), p("orchestrator", Ty::Enum(&["kubernetes", "ecs", "none"]))])),
    p("target", Ty::Enum(TARGETS)),
    p("device_budget", Ty::Size),
    p("rollout", ROLLOUT),
    p("mitigation", Ty::OneOrList(&Ty::Enum(MITIGATIONS))),
    p("mitigation_rate", Ty::Percent),
    p("logs_features", Ty::Bool),
    p("computes_features", NAME_LIST),
    p("consumers", REF_LIST),
    p("serves", REF_LIST),
    p("fallback", Ty::Ref),
    p("decision_threshold", Ty::Float),
    p("threshold_source", Ty::Enum(THRESHOLD_SOURCES)),
    p("heads", NAME_LIST),
    p("schedule", Ty::Schedule),
    p("output_store", Ty::Ref),
    p("coverage", Ty::Enum(&["all_entities", "active_entities"])),
];

pub(crate) const ANN_INDEX: &[PropSpec] = &[
    p("algorithm", Ty::Enum(&["exact", "tree", "lsh", "clustering_ivf", "hnsw", "pq"])),
    p("vectors", Ty::Count),
    p("dim", Ty::Int),
    p("refresh", Ty::Schedule),
    p("recall_target", Ty::Float),
];

pub(crate) const INDEXING_PIPELINE: &[PropSpec] =
    &[p("model", Ty::Ref), p("schedule", Ty::Schedule), p("recompute_on_new_model", Ty::Bool), p("output", Ty::Ref)];

pub(crate) const SEARCH_INDEX: &[PropSpec] = &[p("fields", NAME_LIST)];

pub(crate) const CACHE: &[PropSpec] = &[p("ttl", Ty::Duration)];

pub(crate) const POLICY: &[PropSpec] = &[
    p("rules", TEXT_LIST),
    p("decision_threshold", Ty::Float),
    p("threshold_source", Ty::Enum(THRESHOLD_SOURCES)),
    p("actions", Ty::List(&Ty::Enum(&["remove", "demote", "filter", "diversify", "blur", "notify"]))),
];

pub(crate) const CONSUMER: &[PropSpec] = &[
    p("type", Ty::Enum(&["app_surface", "api_client", "downstream_system", "human_reviewer"])),
    p("traffic", Ty::Rate),
];

pub(crate) const EXPERIMENT: &[PropSpec] = &[
    p("type", Ty::Enum(&["ab_test", "interleaving", "bandit", "shadow"])),
    p("target", Ty::Ref),
    p("traffic_split", Ty::Percent),
    p("primary_metric", Ty::Metric),
    p("guardrails", METRIC_LIST),
    p("min_duration", Ty::Duration),
    p("randomization_unit", Ty::Enum(&["user", "session", "request"])),
];

pub(crate) const PREDICTION_LOG: &[PropSpec] = &[
    p("fields", Ty::List(&Ty::Enum(&["features", "predictions", "model_version", "request_id"]))),
    p("retention", Ty::Duration),
    p("consumers", REF_LIST),
];

pub(crate) const HUMAN_REVIEW: &[PropSpec] = &[p("capacity", Ty::Rate), p("sla", Ty::Duration)];

pub(crate) const MONITOR: &[PropSpec] = &[
    p("targets", REF_LIST),
    p("kind", Ty::OneOrList(&Ty::Enum(MONITOR_KINDS))),
    p("reference", Ty::Enum(&["training_data", "trailing_window", "fixed_profile", "fixed_threshold"])),
    p("window", Ty::Duration),
    p(
        "method",
        Ty::Enum(&["psi", "ks", "chi2", "wasserstein", "js_divergence", "hellinger", "linf", "stddev", "auto"]),
    ),
    p("threshold", Ty::Float),
    p("drift_share", Ty::Percent),
    p("metrics", METRIC_LIST),
    p("schedule", Ty::Schedule),
    p(
        "alert",
        Ty::Either(
            &Ty::Block(&[p("channel", Ty::Enum(&["page", "email", "slack", "ticket"])), p("severity", Ty::Name)]),
            &Ty::Enum(&["page", "email", "slack", "ticket"]),
        ),
    ),
    p("action", Ty::OneOrList(&Ty::Enum(&["retrain", "rollback", "page", "block_deploy"]))),
];

pub(crate) const INFRA: &[PropSpec] = &[p("capacity", Ty::Text)];
