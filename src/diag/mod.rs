//! Diagnostics: the one type every stage reports problems with, and its emitters.
//!
//! A [`Diagnostic`] owns its data (severity, code, message, spans, help). The emitters in
//! [`human`] (rustc-style snippets), [`json`] (a versioned schema), [`github`] (workflow annotations)
//! and [`sarif`] (SARIF 2.1.0)
//! turn a list of them into text; line and column numbers are computed only there.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::source::Span;

/// How serious a diagnostic is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice; never fails a run unless configured to.
    Info,
    /// A likely problem; fails a run only with `--deny warnings`.
    Warning,
    /// The design is wrong or incomplete; fails the run.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary span with a short message explaining its part in the diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Label {
    /// The span the label points at.
    pub span: Span,
    /// What this span has to do with the diagnostic.
    pub message: String,
}

/// One problem found in a design file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// How serious the problem is.
    pub severity: Severity,
    /// Stable kebab-case identifier: a lint rule id (`training-serving-skew`) or a language error
    /// kind (`unknown-kind`, `syntax-error`).
    pub code: &'static str,
    /// The lint rule's numeric code (`ML032`), for lint findings only.
    pub number: Option<&'static str>,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
    /// Where it is wrong.
    pub primary: Span,
    /// A short text under the primary underline.
    pub primary_label: Option<String>,
    /// Other places that explain the problem.
    pub labels: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
    /// Extra context lines.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with the given severity, code, message and primary span.
    #[must_use]
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>, primary: Span) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            number: None,
            message: message.into(),
            primary,
            primary_label: None,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// An error.
    #[must_use]
    pub fn error(code: &'static str, message: impl Into<String>, primary: Span) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message, primary)
    }

    /// A warning.
    #[must_use]
    pub fn warning(code: &'static str, message: impl Into<String>, primary: Span) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message, primary)
    }

    /// Sets the text under the primary underline.
    #[must_use]
    pub fn with_primary_label(mut self, message: impl Into<String>) -> Diagnostic {
        self.primary_label = Some(message.into());
        self
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label { span, message: message.into() });
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Every span the diagnostic refers to (primary first).
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        std::iter::once(self.primary).chain(self.labels.iter().map(|l| l.span))
    }
}

/// In-place setters, for diagnostics built through a `&mut` (lint findings).
impl Diagnostic {
    /// Sets the help text in place (for findings built in place, as lint rules do).
    pub fn help(&mut self, help: impl Into<String>) -> &mut Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label in place.
    pub fn label(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.labels.push(Label { span, message: message.into() });
        self
    }

    /// Sets the primary label in place.
    pub fn primary(&mut self, message: impl Into<String>) -> &mut Diagnostic {
        self.primary_label = Some(message.into());
        self
    }

    /// Adds a note in place.
    pub fn note(&mut self, note: impl Into<String>) -> &mut Diagnostic {
        self.notes.push(note.into());
        self
    }
}

/// Sorts diagnostics by position, then severity (errors first), then code and message, so every
/// output is deterministic whatever order the stages reported them in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.primary.start, a.primary.end, std::cmp::Reverse(a.severity), a.code, &a.message).cmp(&(
            b.primary.start,
            b.primary.end,
            std::cmp::Reverse(b.severity),
            b.code,
            &b.message,
        ))
    });
}

/// Counts of diagnostics per severity.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of infos.
    pub infos: usize,
}

impl Summary {
    /// Counts `diagnostics`.
    #[must_use]
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Summary {
        let mut summary = Summary::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        summary
    }

    /// Adds another summary to this one.
    pub fn add(&mut self, other: Summary) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }
}
