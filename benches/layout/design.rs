//! A generated ML system design of any size (for timing the whole design-to-geometry path), and a
//! plain `Layout` built straight from an engine drawing (for timing the renderer on big graphs).

use std::fmt::Write as _;

use mlsd::layout::engine::{Drawing, Graph};
use mlsd::layout::{EdgePath, Layout, NodeBox, Rect};

/// A design of `n` components in five groups (data, features, training, serving, monitoring)
/// with typed edges: pipelines flow forward, serving funnels call each other, monitors watch the
/// services, consumers feed interactions back. Deterministic.
pub(crate) fn generate(n: usize) -> String {
    let mut s = String::from(
        "title: \"Generated\"\nrequirements {\n  business_objective: \"grow\"\n  business_metric: ctr\n  latency.p99: 200ms\n}\n",
    );
    let shares = [("data", 25), ("features", 15), ("training", 20), ("serving", 25), ("monitoring", 15)];
    let mut ids: Vec<Vec<String>> = Vec::new();
    let mut made = 0;
    for (g, (group, share)) in shares.iter().enumerate() {
        let count = if g + 1 == shares.len() { n - made } else { n * share / 100 };
        made += count;
        let _ = writeln!(s, "group {group} \"{}\" {{", group.to_uppercase());
        let mut list = Vec::new();
        for i in 0..count {
            let (kind, extra) = match (g, i % 5) {
                (0, 0) => ("data_source", " { type: event_log }"),
                (0, 1) => ("data_validation", ""),
                (0, _) => ("etl", " { schedule: 1d }"),
                (1, 0) => ("feature_store", " { online_store { tech: redis } }"),
                (1, _) => ("feature_pipeline", " { mode: batch }"),
                (2, 0) | (2, 1) => ("training_pipeline", ""),
                (2, 2) | (2, 3) => ("model", " { task: ranking }"),
                (2, _) => ("model_registry", ""),
                (3, 0) => ("consumer", ""),
                (3, 1) => ("policy", " { latency_p99: 10ms }"),
                (3, _) => ("serving", " { mode: online, latency_p99: 20ms }"),
                _ => ("monitor", " { kind: operational }"),
            };
            let id = format!("{group}_{i}");
            let _ = writeln!(s, "  {kind} {id} \"{kind} {i}\"{extra}");
            list.push(id);
        }
        s.push_str("}\n");
        ids.push(list);
    }
    // Forward flow between consecutive groups and along each group, a few skips and feedback.
    for g in 0..ids.len() {
        for (i, id) in ids[g].iter().enumerate() {
            if i + 1 < ids[g].len() && i % 3 != 2 {
                let _ = writeln!(s, "{id} -> {}", ids[g][i + 1]);
            }
            if g + 1 < ids.len() && g != 3 && !ids[g + 1].is_empty() {
                let _ = writeln!(s, "{id} -> {}", ids[g + 1][(i * 7) % ids[g + 1].len()]);
            }
            if g == 4 && !ids[3].is_empty() {
                let _ = writeln!(s, "{id} -> {} [monitors]", ids[3][(i * 5) % ids[3].len()]);
            }
            if g == 3 && i % 9 == 0 && !ids[0].is_empty() {
                let _ = writeln!(
                    s,
                    "{id} -> {} [influences] {{ mitigation: exploration, rate: 1% }}",
                    ids[0][i % ids[0].len()]
                );
            }
            if g == 1 && i % 4 == 0 && ids.len() > 3 && !ids[3].is_empty() {
                let _ = writeln!(s, "{id} -> {} [lookup]", ids[3][(i * 3) % ids[3].len()]);
            }
        }
    }
    s
}

/// A layout with the drawing's geometry and placeholder text, for timing the renderer.
pub(crate) fn to_layout(graph: &Graph, drawing: &Drawing) -> Layout {
    let nodes = drawing
        .nodes
        .iter()
        .enumerate()
        .map(|(i, r)| NodeBox {
            id: format!("n{i}"),
            kind: "serving".into(),
            lane: "serving".into(),
            label: format!("node {i}"),
            tech: None,
            rect: *r,
            label_rect: Rect {
                x: r.x + 4.0,
                y: r.y + 4.0,
                width: (r.width - 8.0).max(0.0),
                height: (r.height - 8.0).max(0.0),
            },
            container: None,
            details: vec![format!("node {i}")],
            findings: Vec::new(),
        })
        .collect();
    let edges = graph
        .edges
        .iter()
        .zip(&drawing.edges)
        .map(|(e, r)| EdgePath {
            from: format!("n{}", e.from),
            to: format!("n{}", e.to),
            kind: "data".into(),
            points: r.points.clone(),
            reversed: r.reversed,
            label: None,
        })
        .collect();
    Layout { bounds: drawing.bounds, nodes, edges, ..Layout::default() }
}
