//! Themes: colours per lane and per edge style, written as CSS so users can restyle every
//! element through its classes.

/// A colour theme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    /// The theme's name (also a class on the root `svg`).
    pub name: &'static str,
    /// Background.
    pub background: &'static str,
    /// Main text.
    pub text: &'static str,
    /// Secondary text (tech lines, header keys).
    pub muted: &'static str,
    /// Node outline.
    pub stroke: &'static str,
    /// Fill per lane: data, features, model, evaluation, serving, monitoring.
    pub lanes: [&'static str; 6],
    /// Group box fill and outline.
    pub group: (&'static str, &'static str),
    /// Lane band fills (alternating) and outline.
    pub lane_band: (&'static str, &'static str, &'static str),
    /// Edge colours: request path, training-time flow, deployment, feedback, monitoring, experiment.
    pub edges: [&'static str; 6],
    /// Edge label background.
    pub label_bg: &'static str,
    /// Badge colours: error, warning, info.
    pub badges: [&'static str; 3],
}

impl Theme {
    /// The light theme (default).
    #[must_use]
    pub fn light() -> Theme {
        Theme {
            name: "light",
            background: "#ffffff",
            text: "#1f2933",
            muted: "#52606d",
            stroke: "#3e4c59",
            lanes: ["#dbeafe", "#ccfbf1", "#ede9fe", "#fef3c7", "#dcfce7", "#fee2e2"],
            group: ("#f8fafc", "#94a3b8"),
            lane_band: ("#f8fafc", "#f1f5f9", "#cbd5e1"),
            edges: ["#1d4ed8", "#64748b", "#15803d", "#c2410c", "#7c3aed", "#0e7490"],
            label_bg: "#ffffff",
            badges: ["#dc2626", "#d97706", "#2563eb"],
        }
    }

    /// The dark theme.
    #[must_use]
    pub fn dark() -> Theme {
        Theme {
            name: "dark",
            background: "#0f172a",
            text: "#e2e8f0",
            muted: "#94a3b8",
            stroke: "#94a3b8",
            lanes: ["#1e3a8a", "#134e4a", "#4c1d95", "#78350f", "#14532d", "#7f1d1d"],
            group: ("#111c33", "#475569"),
            lane_band: ("#111c33", "#0f1a30", "#334155"),
            edges: ["#60a5fa", "#94a3b8", "#4ade80", "#fb923c", "#c084fc", "#22d3ee"],
            label_bg: "#0f172a",
            badges: ["#f87171", "#fbbf24", "#60a5fa"],
        }
    }

    /// A theme by name.
    #[must_use]
    pub fn by_name(name: &str) -> Option<Theme> {
        match name {
            "light" => Some(Theme::light()),
            "dark" => Some(Theme::dark()),
            _ => None,
        }
    }

    /// The stylesheet: every colour and stroke style, keyed by the classes the renderer writes.
    #[must_use]
    pub fn css(&self) -> String {
        let [data, features, model, evaluation, serving, monitoring] = self.lanes;
        let [request, flow, deploy, feedback, monitor, experiment] = self.edges;
        let [error, warning, info] = self.badges;
        let (group_fill, group_stroke) = self.group;
        let (band_a, band_b, band_stroke) = self.lane_band;
        let (text, muted, stroke, bg, label_bg) = (self.text, self.muted, self.stroke, self.background, self.label_bg);
        format!(
            "
.background {{ fill: {bg}; }}
text {{ fill: {text}; }}
.header-title {{ font-size: 18px; font-weight: bold; }}
.header-item {{ font-size: 12px; }}
.header-key, .tech, .legend text {{ fill: {muted}; }}
.group .container-box {{ fill: {group_fill}; stroke: {group_stroke}; stroke-width: 1; }}
.lane .container-box {{ fill: {band_a}; stroke: {band_stroke}; stroke-width: 1; stroke-dasharray: 4 3; }}
.lane.odd .container-box {{ fill: {band_b}; }}
.container-title {{ font-size: 12px; font-weight: bold; fill: {muted}; paint-order: stroke; stroke-width: 4px; stroke-linejoin: round; }}
.container-title.in-group {{ stroke: {group_fill}; }}
.container-title.in-lane {{ stroke: {band_a}; }}
.container-title.in-lane.odd {{ stroke: {band_b}; }}
.node .shape {{ stroke: {stroke}; stroke-width: 1.2; }}
.node .icon {{ fill: none; stroke: {stroke}; stroke-width: 1.2; stroke-linecap: round; stroke-linejoin: round; }}
.node .label {{ font-size: 13px; font-weight: bold; }}
.node .tech {{ font-size: 11px; }}
.lane-data .shape {{ fill: {data}; }}
.lane-features .shape {{ fill: {features}; }}
.lane-model .shape {{ fill: {model}; }}
.lane-evaluation .shape {{ fill: {evaluation}; }}
.lane-serving .shape {{ fill: {serving}; }}
.lane-monitoring .shape {{ fill: {monitoring}; }}
.edge .edge-path {{ fill: none; stroke: {flow}; stroke-width: 1.4; }}
.edge.request .edge-path {{ stroke: {request}; stroke-width: 2.6; }}
.edge.deployment .edge-path {{ stroke: {deploy}; stroke-width: 1.8; }}
.edge.feedback .edge-path {{ stroke: {feedback}; stroke-dasharray: 7 4; }}
.edge.kind-triggers .edge-path {{ stroke-dasharray: 3 3; }}
.edge.monitoring .edge-path {{ stroke: {monitor}; stroke-dasharray: 1.5 3; stroke-linecap: round; }}
.edge.experiment .edge-path {{ stroke: {experiment}; stroke-dasharray: 8 3 2 3; }}
.arrow-flow {{ fill: {flow}; }}
.arrow-request {{ fill: {request}; }}
.arrow-deployment {{ fill: {deploy}; }}
.arrow-feedback {{ fill: {feedback}; }}
.arrow-monitoring {{ fill: {monitor}; }}
.arrow-experiment {{ fill: {experiment}; }}
.edge-label rect {{ fill: {label_bg}; opacity: 0.92; }}
.edge-label text {{ font-size: 11px; fill: {text}; }}
.legend text {{ font-size: 12px; }}
.badge circle {{ stroke: {bg}; stroke-width: 1.5; }}
.badge text {{ font-size: 11px; font-weight: bold; fill: #ffffff; }}
.badge.error circle {{ fill: {error}; }}
.badge.warning circle {{ fill: {warning}; }}
.badge.info circle {{ fill: {info}; }}
.node.has-findings .shape {{ stroke-width: 2; }}
"
        )
    }
}

/// The style family of an edge kind: `request`, `flow`, `deployment`, `feedback`,
/// `monitoring` or `experiment`.
#[must_use]
pub fn edge_family(kind: &str) -> &'static str {
    match kind {
        "call" | "lookup" => "request",
        "deploys" | "registers" => "deployment",
        "influences" | "triggers" => "feedback",
        "monitors" => "monitoring",
        "experiment" => "experiment",
        _ => "flow",
    }
}

/// Every edge style family, in legend order.
pub const FAMILIES: &[&str] = &["request", "flow", "deployment", "feedback", "monitoring", "experiment"];
