//! SARIF 2.1.0 output (for code scanning): one run, `tool.driver.rules` from the lint rule
//! registry, one result per diagnostic with its primary location and the labels as related
//! locations. Columns count Unicode code points (`columnKind`).

use serde_json::{Value, json};

use super::json::FileReport;
use super::{Diagnostic, Severity};
use crate::source::{Source, Span};

/// What SARIF says about one rule (`reportingDescriptor`).
#[derive(Clone, Debug)]
pub struct RuleDescriptor {
    /// The rule id (kebab-case).
    pub id: &'static str,
    /// The numeric code (`ML001`).
    pub code: &'static str,
    /// A PascalCase name.
    pub name: &'static str,
    /// One sentence.
    pub short: String,
    /// The full documentation (Markdown).
    pub markdown: String,
    /// The default severity.
    pub severity: Severity,
    /// The framework stage.
    pub stage: &'static str,
}

/// Writes the SARIF log for `reports` (pretty-printed, with a trailing newline).
#[must_use]
pub fn emit(reports: &[FileReport<'_>], rules: &[RuleDescriptor]) -> String {
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "shortDescription": { "text": r.short },
                "fullDescription": { "text": r.short },
                "help": { "text": r.markdown, "markdown": r.markdown },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "code": r.code, "stage": r.stage, "tags": [r.stage] },
            })
        })
        .collect();
    let mut results = Vec::new();
    for report in reports {
        for d in report.diagnostics {
            results.push(result(report.source, d, rules));
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "mlsd",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn result(source: &Source, d: &Diagnostic, rules: &[RuleDescriptor]) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut result = json!({
        "ruleId": d.code,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [ location(source, d.primary, d.primary_label.as_deref(), None) ],
    });
    if let Some(index) = rules.iter().position(|r| r.id == d.code) {
        result["ruleIndex"] = json!(index);
    }
    if !d.labels.is_empty() {
        result["relatedLocations"] = Value::Array(
            d.labels.iter().enumerate().map(|(i, l)| location(source, l.span, Some(&l.message), Some(i))).collect(),
        );
    }
    result
}

fn location(source: &Source, span: Span, message: Option<&str>, id: Option<usize>) -> Value {
    let start = source.line_col(span.start);
    let end = source.line_col(span.end);
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(source.name()) },
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            },
        },
    });
    if let Some(message) = message {
        loc["message"] = json!({ "text": message });
    }
    if let Some(id) = id {
        loc["id"] = json!(id);
    }
    loc
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a file name: `/` separators, other unsafe bytes %-encoded.
fn uri(name: &str) -> String {
    let mut out = String::new();
    for b in name.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
