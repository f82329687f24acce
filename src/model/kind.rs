//! Component kinds, edge kinds, framework stages and the edge-kind inference table.

use super::schema::{self, PropSpec};

macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $specs:expr, $stage:ident, $lane:ident; )*) => {
        /// A component kind (ml-domain.md §2.3).
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ComponentKind {
            $( $(#[$doc])* $variant, )*
        }

        impl ComponentKind {
            /// Every kind, in the order of the vocabulary.
            pub const ALL: &'static [ComponentKind] = &[$(ComponentKind::$variant),*];

            /// The name written in designs (`feature_store`).
            #[must_use]
            pub fn name(self) -> &'static str {
                match self { $(ComponentKind::$variant => $name,)* }
            }

            /// The kind-specific properties (the common ones are in [`schema::COMMON`]).
            #[must_use]
            pub fn specs(self) -> &'static [PropSpec] {
                match self { $(ComponentKind::$variant => $specs,)* }
            }

            /// The framework stage the kind belongs to by default.
            #[must_use]
            pub fn stage(self) -> Stage {
                match self { $(ComponentKind::$variant => Stage::$stage,)* }
            }

            /// The automatic diagram lane of the kind.
            #[must_use]
            pub fn lane(self) -> Lane {
                match self { $(ComponentKind::$variant => Lane::$lane,)* }
            }
        }
    };
}

kinds! {
    /// Where raw data comes from (event logs, databases, streams...).
    DataSource = "data_source", schema::DATA_SOURCE, Data, Data;
    /// A storage system (SQL, key-value, warehouse...).
    DataStore = "data_store", schema::DATA_STORE, Data, Data;
    /// An ETL job (alias `data_pipeline`).
    Etl = "etl", schema::ETL, Data, Data;
    /// Produces labels (hand, natural, implicit...).
    Labeling = "labeling", schema::LABELING, Data, Data;
    /// Schema/range/drift checks on data.
    DataValidation = "data_validation", schema::DATA_VALIDATION, Data, Data;
    /// Computes features (batch, streaming, on demand).
    FeaturePipeline = "feature_pipeline", schema::FEATURE_PIPELINE, Data, Features;
    /// A feature store with online and offline stores.
    FeatureStore = "feature_store", schema::FEATURE_STORE, Data, Features;
    /// A feature view inside a feature store.
    FeatureView = "feature_view", schema::FEATURE_VIEW, Data, Features;
    /// A training (or evaluation) dataset.
    Dataset = "dataset", schema::DATASET, Data, Features;
    /// An orchestrated training job.
    TrainingPipeline = "training_pipeline", schema::TRAINING_PIPELINE, Model, Model;
    /// A trained model.
    Model = "model", schema::MODEL, Model, Model;
    /// An experiment tracker.
    ExperimentTracker = "experiment_tracker", schema::EXPERIMENT_TRACKER, Model, Model;
    /// An evaluation gate before promotion.
    ModelValidation = "model_validation", schema::MODEL_VALIDATION, Evaluation, Evaluation;
    /// A versioned model registry.
    ModelRegistry = "model_registry", schema::MODEL_REGISTRY, Serving, Evaluation;
    /// An online A/B test, interleaving, bandit or shadow experiment.
    Experiment = "experiment", schema::EXPERIMENT, Evaluation, Evaluation;
    /// An inference service.
    Serving = "serving", schema::SERVING, Serving, Serving;
    /// Batch (precomputed) predictions.
    BatchPrediction = "batch_prediction", schema::SERVING, Serving, Serving;
    /// An approximate nearest-neighbour index.
    AnnIndex = "ann_index", schema::ANN_INDEX, Serving, Serving;
    /// Builds an index from a model's embeddings.
    IndexingPipeline = "indexing_pipeline", schema::INDEXING_PIPELINE, Serving, Serving;
    /// A text search index.
    SearchIndex = "search_index", schema::SEARCH_INDEX, Serving, Serving;
    /// A cache.
    Cache = "cache", schema::CACHE, Serving, Serving;
    /// Business logic: filtering, re-ranking, enforcement.
    Policy = "policy", schema::POLICY, Serving, Serving;
    /// Who uses the predictions (an app surface, an API client, another system).
    Consumer = "consumer", schema::CONSUMER, Serving, Serving;
    /// A log of served features and predictions.
    PredictionLog = "prediction_log", schema::PREDICTION_LOG, Serving, Serving;
    /// Human review of model decisions.
    HumanReview = "human_review", schema::HUMAN_REVIEW, Serving, Serving;
    /// Watches drift, quality, operations or business metrics.
    Monitor = "monitor", schema::MONITOR, Monitoring, Monitoring;
    /// A compute cluster.
    Cluster = "cluster", schema::INFRA, Monitoring, Monitoring;
    /// A container registry.
    ContainerRegistry = "container_registry", schema::INFRA, Monitoring, Monitoring;
    /// A shared scheduler.
    Scheduler = "scheduler", schema::INFRA, Monitoring, Monitoring;
    /// A shared orchestrator.
    Orchestrator = "orchestrator", schema::INFRA, Monitoring, Monitoring;
    /// A GPU pool.
    GpuPool = "gpu_pool", schema::INFRA, Monitoring, Monitoring;
}

impl ComponentKind {
    /// Looks a kind up by the name written in designs (also accepts the alias `data_pipeline`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<ComponentKind> {
        if name == "data_pipeline" {
            return Some(ComponentKind::Etl);
        }
        ComponentKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Whether this kind serves predictions (`serving` or `batch_prediction`).
    #[must_use]
    pub fn is_serving(self) -> bool {
        matches!(self, ComponentKind::Serving | ComponentKind::BatchPrediction)
    }

    /// Whether this kind takes part in the request path (serving, indexes, caches, policies).
    #[must_use]
    pub fn is_request_path(self) -> bool {
        matches!(
            self,
            ComponentKind::Serving
                | ComponentKind::BatchPrediction
                | ComponentKind::AnnIndex
                | ComponentKind::SearchIndex
                | ComponentKind::Policy
                | ComponentKind::Cache
        )
    }
}

/// A framework stage (ml-domain.md §1.2).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Clarifying requirements.
    Requirements,
    /// Framing the problem as an ML task.
    Framing,
    /// Data preparation.
    Data,
    /// Model development.
    Model,
    /// Evaluation.
    Evaluation,
    /// Deployment and serving.
    Serving,
    /// Monitoring and infrastructure.
    Monitoring,
    /// Cross-cutting architecture.
    Architecture,
}

impl Stage {
    /// Every stage in framework order.
    pub const ALL: &'static [Stage] = &[
        Stage::Requirements,
        Stage::Framing,
        Stage::Data,
        Stage::Model,
        Stage::Evaluation,
        Stage::Serving,
        Stage::Monitoring,
        Stage::Architecture,
    ];

    /// The stage id.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Stage::Requirements => "requirements",
            Stage::Framing => "framing",
            Stage::Data => "data",
            Stage::Model => "model",
            Stage::Evaluation => "evaluation",
            Stage::Serving => "serving",
            Stage::Monitoring => "monitoring",
            Stage::Architecture => "architecture",
        }
    }

    /// Looks a stage up by id.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL.iter().copied().find(|s| s.name() == name)
    }
}

/// An automatic diagram lane, in framework order.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lane {
    /// Sources, stores, ETL, labeling, validation.
    Data,
    /// Feature pipelines, feature stores, datasets.
    Features,
    /// Training pipelines and models.
    Model,
    /// Evaluation gates, registries, experiments.
    Evaluation,
    /// Serving, indexes, policies, consumers.
    Serving,
    /// Monitors and infrastructure.
    Monitoring,
}

impl Lane {
    /// Every lane in order.
    pub const ALL: &'static [Lane] =
        &[Lane::Data, Lane::Features, Lane::Model, Lane::Evaluation, Lane::Serving, Lane::Monitoring];

    /// The lane's id.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Lane::Data => "data",
            Lane::Features => "features",
            Lane::Model => "model",
            Lane::Evaluation => "evaluation",
            Lane::Serving => "serving",
            Lane::Monitoring => "monitoring",
        }
    }

    /// The lane's title on diagrams.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Lane::Data => "Data",
            Lane::Features => "Features",
            Lane::Model => "Model",
            Lane::Evaluation => "Evaluation",
            Lane::Serving => "Serving",
            Lane::Monitoring => "Monitoring",
        }
    }
}

macro_rules! edge_kinds {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal; )*) => {
        /// An edge kind (ml-domain.md §2.5).
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum EdgeKind {
            $( $(#[$doc])* $variant, )*
        }

        impl EdgeKind {
            /// Every edge kind.
            pub const ALL: &'static [EdgeKind] = &[$(EdgeKind::$variant),*];

            /// The name written in designs.
            #[must_use]
            pub fn name(self) -> &'static str {
                match self { $(EdgeKind::$variant => $name,)* }
            }
        }
    };
}

edge_kinds! {
    /// Data moves or derives (the default).
    Data = "data";
    /// Provides labels.
    Labels = "labels";
    /// A validation gate on the data path.
    Validates = "validates";
    /// Fills a feature store.
    Materializes = "materializes";
    /// Training input.
    Trains = "trains";
    /// A training pipeline produces a model.
    Produces = "produces";
    /// Offline evaluation of a model.
    Evaluates = "evaluates";
    /// Promotion into a registry.
    Registers = "registers";
    /// A registry deploys a version to serving.
    Deploys = "deploys";
    /// A synchronous request (the request path).
    Call = "call";
    /// A synchronous read by the target.
    Lookup = "lookup";
    /// Logging of predictions.
    Logs = "logs";
    /// Predictions leave a service.
    Output = "output";
    /// An effect on the world that changes future data (feedback).
    Influences = "influences";
    /// Observation by a monitor.
    Monitors = "monitors";
    /// Control: retrain, rollback.
    Triggers = "triggers";
    /// Traffic split or shadowing by an experiment.
    Experiment = "experiment";
}

impl EdgeKind {
    /// Looks an edge kind up by name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<EdgeKind> {
        EdgeKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Whether the edge is synchronous (part of the request path).
    #[must_use]
    pub fn is_sync(self) -> bool {
        matches!(self, EdgeKind::Call | EdgeKind::Lookup)
    }

    /// Whether the edge is a feedback or control edge that a drawing may run against the flow.
    #[must_use]
    pub fn is_feedback(self) -> bool {
        matches!(self, EdgeKind::Influences | EdgeKind::Triggers | EdgeKind::Monitors)
    }
}

/// The edge kind implied by the endpoint kinds when a design leaves it out (ml-domain.md §2.5).
/// `from_mode` is the source's `mode` property (an on-demand feature pipeline is read with
/// `lookup`). Anything not named unambiguously is `data`.
#[must_use]
pub fn infer_edge_kind(from: ComponentKind, from_mode: Option<&str>, to: ComponentKind) -> EdgeKind {
    use ComponentKind as K;
    let reader = matches!(to, K::Serving | K::Policy);
    match (from, to) {
        (K::Monitor, _) => EdgeKind::Monitors,
        (K::Experiment, K::Serving | K::BatchPrediction) => EdgeKind::Experiment,
        (K::Labeling, K::Dataset) => EdgeKind::Labels,
        (K::DataValidation, K::Dataset | K::Etl | K::FeaturePipeline | K::TrainingPipeline) => EdgeKind::Validates,
        (K::FeaturePipeline, K::FeatureStore | K::FeatureView) => EdgeKind::Materializes,
        (K::Dataset | K::FeatureStore | K::FeatureView, K::TrainingPipeline) => EdgeKind::Trains,
        (K::TrainingPipeline, K::Model) => EdgeKind::Produces,
        (K::Model, K::ModelValidation) => EdgeKind::Evaluates,
        (K::ModelValidation | K::Model, K::ModelRegistry) => EdgeKind::Registers,
        (K::ModelRegistry, K::Serving | K::BatchPrediction | K::IndexingPipeline) => EdgeKind::Deploys,
        (K::Consumer, K::Serving | K::Policy) => EdgeKind::Call,
        (K::Serving | K::Policy, K::Serving | K::Policy | K::AnnIndex | K::SearchIndex) => EdgeKind::Call,
        (K::FeatureStore | K::FeatureView | K::Cache | K::DataStore | K::DataSource, _) if reader => EdgeKind::Lookup,
        (K::FeaturePipeline, _) if reader && from_mode == Some("on_demand") => EdgeKind::Lookup,
        (K::Serving | K::BatchPrediction, K::PredictionLog) => EdgeKind::Logs,
        (K::Serving | K::BatchPrediction, K::DataStore | K::Consumer) | (K::Policy, K::Consumer) => EdgeKind::Output,
        (K::Consumer | K::Serving | K::Policy, K::DataSource) => EdgeKind::Influences,
        _ => EdgeKind::Data,
    }
}
