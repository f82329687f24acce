//! `mlsd rules` (the rule table) and `mlsd explain RULE` (one rule's documentation), both from
//! the registry.

use anyhow::{Result, bail};

use super::args::{ExplainArgs, RulesArgs, RulesFormat};
use super::{ExitStatus, Output};
use crate::lint::registry;

pub(crate) fn rules(args: &RulesArgs, out: &mut Output) -> ExitStatus {
    let rules: Vec<_> = registry::all().collect();
    match args.format {
        RulesFormat::Human => {
            let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
            for r in &rules {
                out.stdout(&format!(
                    "{}  {:<width$}  {:<7}  {:<12}  {}\n",
                    r.code,
                    r.id,
                    r.severity.as_str(),
                    r.stage.name(),
                    r.summary()
                ));
            }
        }
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "id": r.id,
                        "severity": r.severity.as_str(),
                        "stage": r.stage.name(),
                        "summary": r.summary(),
                    })
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&list).unwrap_or_default();
            text.push('\n');
            out.stdout(&text);
        }
        RulesFormat::Md => {
            out.stdout("| Code | Rule | Severity | Stage | What it checks |\n|---|---|---|---|---|\n");
            for r in &rules {
                out.stdout(&format!(
                    "| {} | `{}` | {} | {} | {} |\n",
                    r.code,
                    r.id,
                    r.severity.as_str(),
                    r.stage.name(),
                    r.summary().replace('|', "\\|")
                ));
            }
        }
    }
    ExitStatus::Success
}

pub(crate) fn explain(args: &ExplainArgs, out: &mut Output) -> Result<ExitStatus> {
    let Some(rule) = registry::find(&args.rule) else {
        let mut message = format!("unknown lint rule `{}`", args.rule);
        if let Some(s) = crate::suggest::closest(&args.rule, registry::all().map(|r| r.id)) {
            message.push_str(&format!("; did you mean `{s}`?"));
        } else {
            message.push_str("; `mlsd rules` lists them");
        }
        bail!("{message}");
    };
    out.stdout(&format!(
        "{} {} ({} by default, stage {})\n\n{}",
        rule.code,
        rule.id,
        rule.severity.as_str(),
        rule.stage.name(),
        rule.docs_text().trim_start()
    ));
    Ok(ExitStatus::Success)
}
