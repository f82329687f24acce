//! ML004 `missing-privacy-constraints`.

use crate::lint::{LintContext, Rule, RuleMeta, declare_rule};
use crate::model::{ComponentKind, Value};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Checks that a design handling personal data declares privacy controls. Personal data is
    /// a `data_source` with a non-empty `pii` list, a feature record with `sensitive: true`, or
    /// a source `schema`/`fields` entry with a well-known personal field name (email, phone,
    /// location, latitude/longitude, ip, age, gender, race, date of birth; configurable). The
    /// rule fires when `requirements.privacy` is absent or its `controls` list is empty.
    ///
    /// ## Why is this bad?
    /// Privacy constraints shape what may be stored, joined and logged, and whether inference
    /// must stay on the device. Finding out after the pipelines are built is expensive.
    ///
    /// ## Example
    /// ```mlsd,expect_diagnostic
    /// data_source users { pii: [email, age] }
    /// ```
    ///
    /// Use instead:
    /// ```mlsd
    /// requirements { privacy { pii: [email, age], controls: [consent, anonymize] } }
    /// data_source users { pii: [email, age] }
    /// ```
    pub(crate) struct MissingPrivacyConstraints {
        code: "ML004",
        id: "missing-privacy-constraints",
        severity: Warning,
        stage: Requirements,
    }
}

impl Rule for MissingPrivacyConstraints {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let req = &cx.model.requirements;
        if req.has("privacy") && !req.names("privacy.controls").is_empty() {
            return;
        }
        let pii = &cx.heuristics.pii_fields;
        let mut hits: Vec<(crate::model::ComponentId, Span, String)> = Vec::new();
        for c in &cx.model.components {
            if c.is(ComponentKind::DataSource) {
                if let Some(p) = c.props.get("pii").filter(|_| !c.props.names("pii").is_empty()) {
                    hits.push((c.id, p.span(), c.name.clone()));
                    continue;
                }
                let fields = c.props.names("schema").into_iter().chain(c.props.names("fields"));
                if let Some(f) = fields.into_iter().find(|f| pii.iter().any(|p| p.eq_ignore_ascii_case(f))) {
                    let span =
                        c.props.get("fields").or_else(|| c.props.get("schema")).map_or(c.name_span, |p| p.span());
                    hits.push((c.id, span, format!("{} (field `{f}`)", c.name)));
                    continue;
                }
            }
            if let Some(f) = cx
                .facts
                .features(c.id)
                .iter()
                .find(|f| cx.facts.feature_prop(c.id, f.name, "sensitive") == Some(&Value::Bool(true)))
            {
                hits.push((c.id, f.span, c.name.clone()));
            }
        }
        let Some((first, span, name)) = hits.first().cloned() else { return };
        let name = name.split(' ').next().unwrap_or_default().to_string();
        let d = cx.report(
            Some(first),
            span,
            format!("personal data flows from `{name}` but no privacy constraints/controls are declared"),
        );
        d.primary("personal data declared here");
        for (_, span, other) in hits.iter().skip(1) {
            d.label(*span, format!("personal data in `{}` too", other.split(' ').next().unwrap_or_default()));
        }
        d.help("declare `privacy { pii: [...], controls: [consent, anonymize, retention_limit, ...] }` in the requirements (and regulations)");
    }
}
