//! The linter: the 40 design-review rules of the ML system design framework.
//!
//! [`lint`] runs every enabled rule of the [`registry`] on a [`Model`] and returns findings as
//! [`Diagnostic`]s (code = the rule's kebab-case id, number = its `MLnnn` code). Rules read the
//! model and a set of graph [`facts`](Facts) computed once per run (ancestries, request-path
//! latencies, systems, feedback cycles), so no rule walks the whole graph on its own.
//!
//! Each rule lives in its own file under `rules/` with its documentation as a doc comment
//! (`## What it does`, `## Why is this bad?`, `## Example`, `Use instead:`); the doc examples are
//! tested. Findings can be silenced per component (`lint-allow: rule-id "reason"`) or design-wide
//! (`lint { allow: [...] }`); `suppress.rs` applies them.

pub mod config;
mod facts;
pub mod registry;
mod rules;
pub mod summary;
mod suppress;
mod util;

pub use config::{Heuristics, Level, LintConfig, Profile};
pub use facts::{Facts, Feature, FeedbackLoop, Latency};
pub use summary::{FrameworkSummary, StageReport, StageStatus};

use crate::diag::{self, Diagnostic, Severity};
use crate::model::{ComponentId, EdgeId, Model, Stage};
use crate::source::Span;

/// The identity and documentation of one rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// The numeric code, `ML001` to `ML040`; never reused.
    pub code: &'static str,
    /// The user-facing kebab-case id (`training-serving-skew`).
    pub id: &'static str,
    /// The severity when the configuration says nothing.
    pub severity: Severity,
    /// The framework stage the rule checks.
    pub stage: Stage,
    /// The documentation (Markdown), from the rule's doc comment.
    pub docs: &'static str,
    /// The rule's type name (`TrainingServingSkew`), used as the SARIF rule name.
    pub name: &'static str,
}

impl RuleMeta {
    /// The first sentence of `## What it does`, for rule tables.
    #[must_use]
    pub fn summary(&self) -> String {
        let section = self.section("What it does").unwrap_or_default();
        let text = section.split_whitespace().collect::<Vec<_>>().join(" ");
        match text.find(". ") {
            Some(end) => text[..=end].trim_end().to_string(),
            None => text,
        }
    }

    /// The text of the `## {title}` section (without the heading), trimmed.
    #[must_use]
    pub fn section(&self, title: &str) -> Option<String> {
        let docs = self.docs_text();
        let heading = format!("## {title}");
        let start = docs.find(&heading)? + heading.len();
        let rest = &docs[start..];
        let end = rest.find("\n## ").unwrap_or(rest.len());
        Some(rest[..end].trim().to_string())
    }

    /// The documentation with the one-space indent of doc comments removed.
    #[must_use]
    pub fn docs_text(&self) -> String {
        let mut out = String::new();
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The code blocks of the documentation: `(expects a diagnostic, design text)`.
    #[must_use]
    pub fn examples(&self) -> Vec<(bool, String)> {
        let mut out = Vec::new();
        let docs = self.docs_text();
        let mut lines = docs.lines();
        while let Some(line) = lines.next() {
            let Some(info) = line.trim_start().strip_prefix("```") else { continue };
            let tags: Vec<&str> = info.split(',').map(str::trim).collect();
            let mut body = String::new();
            for inner in lines.by_ref() {
                if inner.trim_start().starts_with("```") {
                    break;
                }
                body.push_str(inner);
                body.push('\n');
            }
            if tags.first() == Some(&"mlsd") {
                out.push((tags.contains(&"expect_diagnostic"), body));
            }
        }
        out
    }
}

/// A lint rule: its identity and its check.
pub trait Rule: Sync {
    /// The rule's identity and documentation.
    fn meta(&self) -> &'static RuleMeta;
    /// Reports every finding of the rule on `cx.model`.
    fn check(&self, cx: &mut LintContext<'_>);
}

/// Declares a rule type with its documentation and identity:
///
/// ```text
/// declare_rule! {
///     /// ## What it does ...
///     pub(crate) struct MissingScale { code: "ML002", id: "missing-scale", severity: Warning, stage: Requirements }
/// }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            code: $code:literal,
            id: $id:literal,
            severity: $severity:ident,
            stage: $stage:ident $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Copy, Clone, Debug)]
        $vis struct $name;

        impl $name {
            /// The rule's identity and documentation.
            pub(crate) const META: $crate::lint::RuleMeta = $crate::lint::RuleMeta {
                code: $code,
                id: $id,
                severity: $crate::diag::Severity::$severity,
                stage: $crate::model::Stage::$stage,
                docs: concat!($($doc, "\n"),*),
                name: stringify!($name),
            };
        }
    };
}
pub(crate) use declare_rule;

/// One finding before configuration and suppressions are applied.
#[derive(Debug)]
struct Finding {
    rule: &'static RuleMeta,
    diagnostic: Diagnostic,
    subject: Option<ComponentId>,
    edge: Option<EdgeId>,
}

/// What a rule sees: the model, the shared graph facts and the heuristics; collects findings.
pub struct LintContext<'a> {
    /// The design.
    pub model: &'a Model,
    /// Graph facts shared by the rules.
    pub facts: &'a Facts<'a>,
    /// The heuristic thresholds (ml-domain.md §5.4).
    pub heuristics: &'a Heuristics,
    rule: &'static RuleMeta,
    findings: Vec<Finding>,
}

impl LintContext<'_> {
    /// Starts a finding of the running rule at `primary`, about component `subject` (whose
    /// `lint-allow` can silence it).
    pub fn report(
        &mut self,
        subject: Option<ComponentId>,
        primary: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(subject, None, primary, message)
    }

    /// Starts a finding about an edge, attributed to `subject` (the `lint-allow` of either
    /// can silence it).
    pub fn report_edge(
        &mut self,
        edge: EdgeId,
        subject: ComponentId,
        primary: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Some(subject), Some(edge), primary, message)
    }

    fn push(
        &mut self,
        subject: Option<ComponentId>,
        edge: Option<EdgeId>,
        primary: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let mut diagnostic = Diagnostic::new(self.rule.severity, self.rule.id, message, primary);
        diagnostic.number = Some(self.rule.code);
        self.findings.push(Finding { rule: self.rule, diagnostic, subject, edge });
        &mut self.findings.last_mut().expect("just pushed").diagnostic
    }

    /// The span of the `requirements` keyword, or the start of the file without the block.
    #[must_use]
    pub fn requirements_at(&self) -> Span {
        keyword_span(self.model.requirements_span, "requirements")
    }

    /// The primary label for a missing requirement: `missing`, or that the design has no
    /// `requirements` block at all.
    #[must_use]
    pub fn requirements_label(&self, missing: &str) -> String {
        if self.model.requirements_span.is_some() {
            missing.to_string()
        } else {
            "the design has no `requirements` block".to_string()
        }
    }

    /// The span of the `metrics` keyword, or the start of the file without the block.
    #[must_use]
    pub fn metrics_at(&self) -> Span {
        keyword_span(self.model.metrics_span, "metrics")
    }
}

fn keyword_span(block: Option<Span>, keyword: &str) -> Span {
    match block {
        Some(span) => Span::new(span.start as usize, (span.start as usize + keyword.len()).min(span.end as usize)),
        None => Span::empty(0),
    }
}

/// The outcome of linting one design.
#[derive(Debug)]
pub struct LintResult {
    /// Findings after configuration and suppressions, sorted; includes suppression problems.
    pub diagnostics: Vec<Diagnostic>,
    /// Per framework stage: satisfied, or which rules report what is missing.
    pub summary: FrameworkSummary,
}

/// Lints `model` with `config`: the findings, sorted, suppressions applied.
#[must_use]
pub fn lint(model: &Model, config: &LintConfig) -> Vec<Diagnostic> {
    run(model, config).diagnostics
}

/// Lints `model` with `config`: findings plus the framework summary.
#[must_use]
pub fn run(model: &Model, config: &LintConfig) -> LintResult {
    let facts = Facts::new(model);
    let mut findings = Vec::new();
    let mut ran = Vec::new();
    for rule in registry::RULES {
        let meta = rule.meta();
        let Some(severity) = config.severity(meta) else { continue };
        ran.push(meta);
        let mut cx =
            LintContext { model, facts: &facts, heuristics: &config.heuristics, rule: meta, findings: Vec::new() };
        rule.check(&mut cx);
        for mut finding in cx.findings {
            // A rule may report advice below its default severity (an info note); keep it.
            if finding.diagnostic.severity == meta.severity {
                finding.diagnostic.severity = severity;
            }
            findings.push(finding);
        }
    }
    let (kept, mut problems) = suppress::apply(model, findings, &ran);
    let summary = FrameworkSummary::new(model, config, &ran, &kept);
    let mut diagnostics: Vec<Diagnostic> = kept.into_iter().map(|f| f.diagnostic).collect();
    diagnostics.append(&mut problems);
    diag::sort(&mut diagnostics);
    LintResult { diagnostics, summary }
}

/// The innermost component whose declaration contains `span` (a feature view rather than its
/// store), for attributing a finding to a component.
#[must_use]
pub fn component_at(model: &Model, span: Span) -> Option<ComponentId> {
    model
        .components
        .iter()
        .filter(|c| c.span.start <= span.start && span.end <= c.span.end)
        .min_by_key(|c| (c.span.end - c.span.start, c.id))
        .map(|c| c.id)
}

/// The component a finding is about, for attributing it on a diagram: the innermost component
/// containing its primary span, else the source of the edge it points at, else the component of
/// its first label that lies in one.
#[must_use]
pub fn component_of(model: &Model, diagnostic: &Diagnostic) -> Option<ComponentId> {
    component_at(model, diagnostic.primary)
        .or_else(|| {
            let p = diagnostic.primary;
            model
                .edges
                .iter()
                .find(|e| e.endpoints_span() == p || (e.span.start <= p.start && p.end <= e.span.end))
                .map(|e| e.from)
        })
        .or_else(|| diagnostic.labels.iter().find_map(|l| component_at(model, l.span)))
}
