//! The framework summary: for each stage of the framework, whether the design satisfies it or
//! which rules report what is missing.

use serde::Serialize;

use super::{Finding, LintConfig, RuleMeta};
use crate::diag::Severity;
use crate::model::{ComponentKind as K, Model, Stage};

/// How a stage fares.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StageStatus {
    /// No rule of the stage reports anything.
    Satisfied,
    /// Only warnings or advice.
    Warnings,
    /// At least one error, or the design has nothing for the stage at all: something the stage
    /// must declare is missing or contradictory.
    Missing,
    /// No rule of the stage ran (`--select`, `--ignore`, levels).
    NotChecked,
    /// The profile does not require the stage.
    NotRequired,
}

impl StageStatus {
    /// The status as shown to users.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            StageStatus::Satisfied => "satisfied",
            StageStatus::Warnings => "warnings",
            StageStatus::Missing => "missing",
            StageStatus::NotChecked => "not checked",
            StageStatus::NotRequired => "not required",
        }
    }
}

/// One stage's line of the summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StageReport {
    /// The stage.
    pub stage: Stage,
    /// Its status.
    pub status: StageStatus,
    /// The rules that reported findings, with their counts, in code order.
    pub findings: Vec<(&'static str, usize)>,
    /// What the design lacks entirely for this stage (no rule reports an absent stage by
    /// itself): `` no `model` declared ``.
    pub absent: Option<&'static str>,
}

/// The summary over every stage, in framework order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FrameworkSummary {
    /// One entry per stage (the seven stages, then the cross-cutting architecture).
    pub stages: Vec<StageReport>,
}

impl FrameworkSummary {
    pub(super) fn new(model: &Model, config: &LintConfig, ran: &[&RuleMeta], findings: &[Finding]) -> FrameworkSummary {
        let has = |kinds: &[K]| model.components.iter().any(|c| c.kind.is_some_and(|k| kinds.contains(&k)));
        let stages = Stage::ALL
            .iter()
            .map(|&stage| {
                let mut counts: Vec<(&'static str, &'static str, usize)> = Vec::new();
                let mut worst = None;
                for f in findings.iter().filter(|f| f.rule.stage == stage) {
                    worst = worst.max(Some(f.diagnostic.severity));
                    match counts.iter_mut().find(|(_, id, _)| *id == f.rule.id) {
                        Some(entry) => entry.2 += 1,
                        None => counts.push((f.rule.code, f.rule.id, 1)),
                    }
                }
                counts.sort();
                let absent = match stage {
                    Stage::Requirements if model.requirements_span.is_none() => Some("no `requirements` block"),
                    Stage::Data if !has(&[K::DataSource]) => Some("no `data_source` declared"),
                    Stage::Model if !has(&[K::Model]) => Some("no `model` declared"),
                    Stage::Evaluation if !has(&[K::ModelValidation]) && model.metrics_span.is_none() => {
                        Some("no `metrics` and no `model_validation` declared")
                    }
                    Stage::Serving if !has(&[K::Serving, K::BatchPrediction]) => {
                        Some("no `serving` or `batch_prediction` declared")
                    }
                    Stage::Monitoring if !has(&[K::Monitor]) => Some("no `monitor` declared"),
                    _ => None,
                };
                let status = if !config.profile.stages.contains(&stage) {
                    StageStatus::NotRequired
                } else if !ran.iter().any(|r| r.stage == stage) {
                    StageStatus::NotChecked
                } else if absent.is_some() {
                    StageStatus::Missing
                } else {
                    match worst {
                        None => StageStatus::Satisfied,
                        Some(Severity::Error) => StageStatus::Missing,
                        Some(_) => StageStatus::Warnings,
                    }
                };
                let absent = absent.filter(|_| matches!(status, StageStatus::Missing));
                StageReport { stage, status, findings: counts.into_iter().map(|(_, id, n)| (id, n)).collect(), absent }
            })
            .collect();
        FrameworkSummary { stages }
    }

    /// The summary as text, one line per stage, for the human output.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = String::from("framework summary:\n");
        for (i, report) in self.stages.iter().enumerate() {
            let name = if report.stage == Stage::Architecture {
                "architecture (cross-cutting)".to_string()
            } else {
                format!("{} {}", i + 1, report.stage.name())
            };
            let mut line = format!("  {name:<30}{}", report.status.as_str());
            let mut list: Vec<String> = report.absent.iter().map(|a| (*a).to_string()).collect();
            list.extend(
                report.findings.iter().map(|(id, n)| if *n == 1 { (*id).to_string() } else { format!("{id} ({n})") }),
            );
            if !list.is_empty() {
                line.push_str(": ");
                line.push_str(&list.join(", "));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// The summary as JSON (for the `framework` field of the JSON output).
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(
            self.stages
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "stage": r.stage.name(),
                        "status": r.status,
                        "absent": r.absent,
                        "rules": r.findings.iter().map(|(id, n)| serde_json::json!({ "id": id, "count": n })).collect::<Vec<_>>(),
                    })
                })
                .collect(),
        )
    }
}
