//! GitHub Actions workflow commands: one `::error file=…,line=…::message` line per diagnostic.

use super::Severity;
use super::json::FileReport;

/// Writes one annotation line per diagnostic of `reports`.
#[must_use]
pub fn emit(reports: &[FileReport<'_>]) -> String {
    let mut out = String::new();
    for report in reports {
        for d in report.diagnostics {
            let start = report.source.line_col(d.primary.start);
            let end = report.source.line_col(d.primary.end);
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let title = match d.number {
                Some(number) => format!("{number} {}", d.code),
                None => d.code.to_string(),
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            out.push_str(&format!(
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                escape_property(report.source.name()),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&title),
                escape_data(&message),
            ));
        }
    }
    out
}

/// Escapes a workflow command's message (`%`, CR, LF), as the Actions toolkit does.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command property (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
