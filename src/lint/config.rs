//! Lint configuration: per-rule levels, rule selection, heuristic thresholds and the design
//! profile, read from the `[lint]` table of `mlsd.toml`.
//!
//! ```toml
//! [lint]
//! deny-warnings = true                  # warnings fail the run too
//! select = ["serving", "ML001"]         # rule ids, `MLnnn` codes, stage names or "all"
//! ignore = ["unused-feature"]
//!
//! [lint.rules]                          # allow | warn | deny
//! hidden-feedback-loop = "deny"
//! missing-slice-evaluation = "allow"
//!
//! [lint.heuristics]                     # ml-domain.md §5.4
//! pipeline-jungle-max-steps = 5
//!
//! [lint.profile]                        # which framework stages the design must cover
//! stages = ["requirements", "framing", "data", "model", "evaluation", "serving"]
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use super::RuleMeta;
use super::registry;
use crate::diag::Severity;
use crate::model::Stage;

/// What to do with a rule's findings.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The rule does not run.
    Allow,
    /// Findings are warnings.
    Warn,
    /// Findings are errors.
    Deny,
}

/// The heuristic thresholds of ml-domain.md §5.4.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Heuristics {
    /// `unused-feature`: run only when some model declares `inputs` (otherwise every produced
    /// feature would look unused in designs that do not list model inputs).
    pub unused_feature_needs_declared_inputs: bool,
    /// `pipeline-jungle`: more than this many ad-hoc ETL/feature steps feed a dataset (N).
    pub pipeline_jungle_max_steps: usize,
    /// `pipeline-jungle`: more than this many consecutive ETL steps (L).
    pub pipeline_jungle_max_etl_chain: usize,
    /// `feature-freshness-violation`: whether a provider without any refresh interval (no
    /// schedule, no stream source) counts as never refreshed (`true`, the default) or is skipped.
    pub freshness_missing_interval_is_infinite: bool,
    /// `correction-cascade`: whether a model learned on the output of a model with the same task
    /// (and entity) counts as a correction.
    pub correction_cascade_same_task: bool,
    /// `correction-cascade`: model-to-model chains of this many models or more are reported.
    pub correction_cascade_max_chain: usize,
    /// `missing-slice-evaluation`: extra input feature names that count as sensitive.
    pub sensitive_features: Vec<String>,
    /// `missing-slice-evaluation`: this many `languages` or `regions` or more ask for slices.
    pub slice_min_languages: usize,
    /// `batch-delay-exceeds-budget`: the share of the latency budget (percent) a batching delay
    /// may reach.
    pub batch_delay_max_share: f64,
    /// `hidden-feedback-loop`: the mitigations that make a direct feedback loop acceptable.
    pub feedback_mitigations: Vec<String>,
    /// `missing-privacy-constraints`: field names that count as personal data.
    pub pii_fields: Vec<String>,
}

impl Default for Heuristics {
    fn default() -> Heuristics {
        Heuristics {
            unused_feature_needs_declared_inputs: true,
            pipeline_jungle_max_steps: 5,
            pipeline_jungle_max_etl_chain: 4,
            freshness_missing_interval_is_infinite: true,
            correction_cascade_same_task: true,
            correction_cascade_max_chain: 3,
            sensitive_features: Vec::new(),
            slice_min_languages: 2,
            batch_delay_max_share: 50.0,
            feedback_mitigations: crate::model::schema::MITIGATIONS.iter().map(|m| (*m).to_string()).collect(),
            pii_fields: [
                "email",
                "phone",
                "phone_number",
                "location",
                "lat",
                "lng",
                "lon",
                "long",
                "latitude",
                "longitude",
                "ip",
                "ip_address",
                "age",
                "gender",
                "race",
                "dob",
                "date_of_birth",
            ]
            .iter()
            .map(|f| (*f).to_string())
            .collect(),
        }
    }
}

/// Which framework stages a design must cover; rules of other stages do not run.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    /// The required stages (all eight by default; `architecture` is cross-cutting).
    pub stages: Vec<Stage>,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile { stages: Stage::ALL.to_vec() }
    }
}

/// The whole lint configuration.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LintConfig {
    /// Per-rule levels, by rule id.
    pub levels: BTreeMap<String, Level>,
    /// Only these rules run (rule ids, `MLnnn` codes, stage names, `all`); all when `None`.
    pub select: Option<Vec<String>>,
    /// These rules do not run (same forms as `select`).
    pub ignore: Vec<String>,
    /// Heuristic thresholds.
    pub heuristics: Heuristics,
    /// Required stages.
    pub profile: Profile,
    /// Whether warnings fail the run.
    pub deny_warnings: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    lint: Option<LintTable>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct LintTable {
    deny_warnings: bool,
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    rules: BTreeMap<String, Level>,
    heuristics: Heuristics,
    profile: Option<ProfileTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileTable {
    stages: Vec<String>,
}

impl LintConfig {
    /// Reads the text of an `mlsd.toml`; the error says what is wrong in user words.
    pub fn from_toml(text: &str) -> Result<LintConfig, String> {
        let file: File = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let table = file.lint.unwrap_or_default();
        for id in table.rules.keys() {
            if registry::by_id(id).is_none() {
                return Err(unknown_rule(id, "[lint.rules]"));
            }
        }
        for selector in table.select.iter().flatten().chain(&table.ignore) {
            check_selector(selector)?;
        }
        let profile = match table.profile {
            None => Profile::default(),
            Some(p) => {
                let mut stages = Vec::new();
                for name in &p.stages {
                    let stage = Stage::from_name(name).ok_or_else(|| {
                        format!(
                            "unknown stage `{name}` in [lint.profile]; stages are {}",
                            Stage::ALL.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
                        )
                    })?;
                    stages.push(stage);
                }
                Profile { stages }
            }
        };
        Ok(LintConfig {
            levels: table.rules,
            select: table.select,
            ignore: table.ignore,
            heuristics: table.heuristics,
            profile,
            deny_warnings: table.deny_warnings,
        })
    }

    /// A configuration that runs only the rule `id` (tests, fixtures, doc examples).
    #[must_use]
    pub fn only(id: &str) -> LintConfig {
        LintConfig { select: Some(vec![id.to_string()]), ..LintConfig::default() }
    }

    /// The severity of `rule`'s findings, or `None` when the rule does not run.
    #[must_use]
    pub fn severity(&self, rule: &RuleMeta) -> Option<Severity> {
        if let Some(select) = &self.select {
            if !select.iter().any(|s| matches(s, rule)) {
                return None;
            }
        }
        if self.ignore.iter().any(|s| matches(s, rule)) {
            return None;
        }
        if !self.profile.stages.contains(&rule.stage) {
            return None;
        }
        match self.levels.get(rule.id) {
            Some(Level::Allow) => None,
            Some(Level::Warn) => Some(Severity::Warning),
            Some(Level::Deny) => Some(Severity::Error),
            None => Some(rule.severity),
        }
    }
}

/// Checks a `select`/`ignore` entry: a rule id, an `MLnnn` code, a stage name or `all`.
pub fn check_selector(selector: &str) -> Result<(), String> {
    if selector == "all" || Stage::from_name(selector).is_some() || registry::find(selector).is_some() {
        Ok(())
    } else {
        Err(unknown_rule(selector, "the rule selection (`select`, `ignore`)"))
    }
}

fn matches(selector: &str, rule: &RuleMeta) -> bool {
    selector == "all"
        || selector == rule.id
        || selector.eq_ignore_ascii_case(rule.code)
        || Stage::from_name(selector) == Some(rule.stage)
}

fn unknown_rule(id: &str, place: &str) -> String {
    let mut message = format!("unknown lint rule `{id}` in {place}");
    if let Some(s) = crate::suggest::closest(id, registry::RULES.iter().map(|r| r.meta().id)) {
        message.push_str(&format!("; did you mean `{s}`?"));
    }
    message
}
