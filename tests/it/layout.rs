//! Layout quality: the drawing invariants hold on every example (in every layout mode) and on
//! generated graphs; the layout JSON of every example is snapshotted; output is deterministic.

use proptest::prelude::*;

use crate::support::{mlsd_files, root, source};
use mlsd::layout::engine::{self, ClusterSpec, EdgeRole, EdgeSpec, Graph, LaneSpec, NodeSpec};
use mlsd::layout::{Direction, LayoutOptions};

fn model_of(path: &std::path::Path) -> mlsd::model::Model {
    let src = source(path);
    let parse = mlsd::syntax::parse(&src);
    mlsd::model::build(&parse.file).value
}

fn modes() -> Vec<(&'static str, LayoutOptions)> {
    let base = LayoutOptions::default();
    vec![
        ("default", base),
        ("no-lanes", LayoutOptions { lanes: false, ..base }),
        ("down", LayoutOptions { direction: Some(Direction::Down), ..base }),
        ("down-no-lanes", LayoutOptions { direction: Some(Direction::Down), lanes: false, ..base }),
    ]
}

/// Designs laid out by these tests: the examples plus the layout fixtures.
fn designs() -> Vec<std::path::PathBuf> {
    let mut all = mlsd_files("examples");
    all.extend(mlsd_files("tests/fixtures/layout"));
    all
}

#[test]
fn designs_keep_every_invariant_in_every_mode() {
    for path in designs() {
        let model = model_of(&path);
        for (mode, options) in modes() {
            let (graph, _) = mlsd::layout::engine_graph(&model, &options);
            let direction = options.direction.unwrap_or(model.direction);
            let drawing = engine::run(&graph, &engine::Options { direction, ..options.engine });
            let problems = engine::metrics::problems(&graph, &drawing);
            assert!(problems.is_empty(), "{} ({mode}): {problems:#?}", path.display());
            let layout = mlsd::layout::layout(&model, &options);
            for n in &layout.nodes {
                assert!(
                    n.rect.contains_rect(&n.label_rect),
                    "{} ({mode}): text of `{}` leaves its box",
                    path.display(),
                    n.id
                );
                if let Some(c) = n.container {
                    assert!(
                        layout.containers[c].rect.contains_rect(&n.rect),
                        "{} ({mode}): `{}` outside its container",
                        path.display(),
                        n.id
                    );
                }
            }
            for (i, a) in layout.containers.iter().enumerate() {
                for b in &layout.containers[i + 1..] {
                    if a.parent == b.parent {
                        let inner = mlsd::layout::Rect {
                            x: a.rect.x + 0.01,
                            y: a.rect.y + 0.01,
                            width: a.rect.width - 0.02,
                            height: a.rect.height - 0.02,
                        };
                        assert!(
                            !inner.overlaps(&b.rect),
                            "{} ({mode}): containers `{}` and `{}` overlap",
                            path.display(),
                            a.id,
                            b.id
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn layout_json_snapshots() {
    for path in designs() {
        let model = model_of(&path);
        let layout = mlsd::layout::layout(&model, &LayoutOptions::default());
        let json = serde_json::to_string_pretty(&layout).unwrap();
        let again = serde_json::to_string_pretty(&mlsd::layout::layout(&model, &LayoutOptions::default())).unwrap();
        assert_eq!(json, again, "{}: layout is not deterministic", path.display());
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::with_settings!({ snapshot_path => root().join("tests/snapshots/layout"), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name, json);
        });
    }
}

/// A generated graph: `n` nodes, edges from the list (cycles, self-loops and parallel edges
/// allowed), nested clusters or lanes, some labels.
fn arb_graph() -> impl Strategy<Value = (Graph, bool)> {
    (1usize..28, any::<bool>(), any::<bool>()).prop_flat_map(|(n, lanes, down)| {
        let edges = prop::collection::vec((0..n as u32, 0..n as u32, 0u8..8, 0u8..6), 0..n * 2 + 2);
        let clusters = prop::collection::vec(0u32..4, 0..5);
        let membership = prop::collection::vec(0u32..6, n);
        let sizes = prop::collection::vec((20.0f64..160.0, 16.0f64..70.0), n);
        (Just(n), Just(lanes), Just(down), edges, clusters, membership, sizes).prop_map(
            |(n, lanes, down, edges, clusters, membership, sizes)| {
                let nclusters = if lanes { 0 } else { clusters.len() };
                let clusters: Vec<ClusterSpec> = clusters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| ClusterSpec {
                        parent: if i > 0 && *p < i as u32 && *p % 2 == 0 { Some(*p) } else { None },
                        title: (30.0 + 10.0 * f64::from(*p), 14.0),
                    })
                    .take(nclusters)
                    .collect();
                let nodes = (0..n)
                    .map(|v| NodeSpec {
                        width: sizes[v].0,
                        height: sizes[v].1,
                        cluster: (membership[v] < nclusters as u32).then_some(membership[v]),
                        lane: if lanes { membership[v] % 4 } else { 0 },
                    })
                    .collect();
                let edges = edges
                    .into_iter()
                    .map(|(from, to, role, label)| EdgeSpec {
                        from,
                        to,
                        role: match role {
                            0 => EdgeRole::Feedback,
                            1 => EdgeRole::Observe,
                            _ => EdgeRole::Flow,
                        },
                        label: (label == 0).then_some((40.0 + f64::from(from), 16.0)),
                    })
                    .collect();
                let lane_specs = if lanes {
                    (0..4).map(|i| LaneSpec { title: (40.0 + 20.0 * f64::from(i), 14.0) }).collect()
                } else {
                    Vec::new()
                };
                (Graph { nodes, edges, clusters, lanes: lane_specs }, down)
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_graphs_keep_every_invariant((graph, down) in arb_graph()) {
        let options = engine::Options { direction: if down { Direction::Down } else { Direction::Right }, restarts: 2, ..engine::Options::default() };
        let drawing = engine::run(&graph, &options);
        let problems = engine::metrics::problems(&graph, &drawing);
        prop_assert!(problems.is_empty(), "{:#?}\n{:?}", problems, graph);
        let again = engine::run(&graph, &options);
        prop_assert_eq!((&drawing.nodes, &drawing.edges, &drawing.clusters, &drawing.lanes), (&again.nodes, &again.edges, &again.clusters, &again.lanes));
        for (i, r) in drawing.edges.iter().enumerate() {
            let e = &graph.edges[i];
            prop_assert!(r.points.len() >= 2, "edge {} has no route", i);
            // Routes start at the source box and end at the target box.
            let touches = |p: &mlsd::layout::Point, b: &mlsd::layout::Rect| p.x >= b.x - 0.01 && p.x <= b.right() + 0.01 && p.y >= b.y - 0.01 && p.y <= b.bottom() + 0.01;
            prop_assert!(touches(&r.points[0], &drawing.nodes[e.from as usize]), "edge {} starts away from its source", i);
            prop_assert!(touches(r.points.last().unwrap(), &drawing.nodes[e.to as usize]), "edge {} ends away from its target", i);
        }
    }
}
