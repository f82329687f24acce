//! Suppressions (language.md): `lint-allow: rule-id "reason"` on a component or an edge
//! silences that rule's findings about it; `lint { allow: [rule-id "reason"] }` silences a rule
//! in the whole design. A suppression without a reason, one naming an unknown rule, or one that
//! silences nothing is itself reported as a warning.

use super::{Finding, RuleMeta, registry};
use crate::diag::Diagnostic;
use crate::model::{Model, Suppression};

/// Where a suppression is written.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Scope {
    Design,
    Component(usize),
    Edge(usize),
}

/// Drops the suppressed findings; returns the kept ones and the suppression problems.
/// `ran` are the rules that ran: a suppression of a rule that did not run is not "unused".
pub(super) fn apply(model: &Model, findings: Vec<Finding>, ran: &[&RuleMeta]) -> (Vec<Finding>, Vec<Diagnostic>) {
    // Every suppression once (the edges of one fan statement share theirs), with a used flag.
    let mut all: Vec<(Scope, &Suppression, bool)> = Vec::new();
    for s in &model.suppressions {
        all.push((Scope::Design, s, false));
    }
    for c in &model.components {
        for s in &c.suppressions {
            all.push((Scope::Component(c.id.index()), s, false));
        }
    }
    for e in &model.edges {
        for s in &e.suppressions {
            all.push((Scope::Edge(e.id.index()), s, false));
        }
    }

    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let mut silenced = false;
        for (scope, s, used) in &mut all {
            if s.rule != finding.rule.id && !s.rule.eq_ignore_ascii_case(finding.rule.code) {
                continue;
            }
            let applies = match *scope {
                Scope::Design => true,
                Scope::Component(c) => {
                    finding.subject.is_some_and(|o| o.index() == c)
                        || model.components[c].span.start <= finding.diagnostic.primary.start
                            && finding.diagnostic.primary.end <= model.components[c].span.end
                }
                Scope::Edge(e) => {
                    finding.edge.is_some_and(|f| f.index() == e)
                        || model.edges[e].span.start <= finding.diagnostic.primary.start
                            && finding.diagnostic.primary.end <= model.edges[e].span.end
                }
            };
            if applies {
                *used = true;
                silenced = true;
            }
        }
        if !silenced {
            kept.push(finding);
        }
    }

    let mut problems = Vec::new();
    let mut seen: Vec<crate::source::Span> = Vec::new();
    for (_, s, _) in &all {
        if seen.contains(&s.span) {
            continue;
        }
        seen.push(s.span);
        let used = all.iter().any(|(_, other, used)| other.span == s.span && *used);
        let rule = registry::find(&s.rule);
        match rule {
            None => {
                let mut d = Diagnostic::warning(
                    "unknown-rule",
                    format!("`{}` is not a lint rule, so this suppression silences nothing", s.rule),
                    s.rule_span,
                );
                match crate::suggest::closest(&s.rule, registry::all().map(|r| r.id)) {
                    Some(near) => d = d.with_help(format!("did you mean `{near}`?")),
                    None => d = d.with_help("`mlsd rules` lists the rule ids"),
                }
                problems.push(d);
                continue;
            }
            Some(rule) if !used && ran.iter().any(|r| r.id == rule.id) => {
                problems.push(
                    Diagnostic::warning(
                        "unused-suppression",
                        format!("this suppression of `{}` silences nothing", rule.id),
                        s.span,
                    )
                    .with_help("remove it; the rule reports nothing here"),
                );
            }
            Some(_) => {}
        }
        if s.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            problems.push(
                Diagnostic::warning(
                    "suppression-without-reason",
                    format!("the suppression of `{}` gives no reason", s.rule),
                    s.span,
                )
                .with_help(format!("say why the finding does not apply: `{} \"reason\"`", s.rule)),
            );
        }
    }
    (kept, problems)
}
