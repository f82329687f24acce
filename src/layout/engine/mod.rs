//! The layered (Sugiyama-style) layout engine, on a plain graph: nodes with sizes, directed edges
//! with an optional label size, nested clusters, optional lane partition.
//!
//! Phases, each in its own module:
//!
//! 1. [`acyclic`]: cycle breaking; feedback edges are reversed first, observation edges always.
//! 2. [`rank`]: layer assignment by network simplex (minimum total edge length), lanes as
//!    ordered layer intervals.
//! 3. [`layered`]: the proper layered graph: dummy chains for long edges, label dummies,
//!    cluster border chains.
//! 4. [`order`]: crossing minimisation: four breadth-first initial orders, weighted-median
//!    sweeps with transpose, restarts and sifting, cluster-aware; crossings counted with
//!    Barth–Jünger–Mutzel accumulator trees.
//! 5. [`place`]: Brandes–Köpf coordinates across the layers, cumulative layer positions along
//!    them, cluster and lane boxes.
//! 6. [`route`]: edge polylines through their dummies, ports, parallel edges, self-loops,
//!    label boxes.
//!
//! The engine works in *rank* (along the flow) and *order* (across the flow) coordinates and
//! maps them to x/y at the end, so `direction: down` and `direction: right` share every line.
//! Everything is deterministic: ties are broken by index, and randomised restarts use a fixed seed.

pub mod acyclic;
pub mod layered;
pub mod metrics;
pub mod order;
pub mod place;
pub mod rank;
pub mod route;

use std::time::{Duration, Instant};

use super::types::{Direction, Point, Rect};

/// Sentinel for "none" in index vectors.
pub(crate) const NONE: u32 = u32::MAX;

/// How an edge takes part in the flow, for cycle breaking.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum EdgeRole {
    /// An ordinary flow edge.
    #[default]
    Flow,
    /// A feedback or control edge (`influences`, `triggers`): reversed first when it closes a cycle.
    Feedback,
    /// An observation edge (`monitors`): the observer is drawn downstream of what it observes.
    Observe,
}

/// A node to lay out.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct NodeSpec {
    /// Width of the box.
    pub width: f64,
    /// Height of the box.
    pub height: f64,
    /// Innermost cluster, if any.
    pub cluster: Option<u32>,
    /// Lane index (lanes are laid out in increasing order along the flow); used only when the
    /// graph has lanes.
    pub lane: u32,
}

/// An edge to lay out.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct EdgeSpec {
    /// Source node.
    pub from: u32,
    /// Target node.
    pub to: u32,
    /// Role for cycle breaking.
    pub role: EdgeRole,
    /// Width and height of the label box, if the edge has a label.
    pub label: Option<(f64, f64)>,
}

/// A cluster (a container drawn as a titled box around its members).
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct ClusterSpec {
    /// Enclosing cluster.
    pub parent: Option<u32>,
    /// Width and height of the title text.
    pub title: (f64, f64),
}

/// A lane (a framework-stage band along the flow).
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct LaneSpec {
    /// Width and height of the title text.
    pub title: (f64, f64),
}

/// The input graph.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    /// Nodes.
    pub nodes: Vec<NodeSpec>,
    /// Edges (self-loops and parallel edges allowed).
    pub edges: Vec<EdgeSpec>,
    /// Clusters, parents before children.
    pub clusters: Vec<ClusterSpec>,
    /// Lanes; when non-empty every node's `lane` indexes it and clusters must be empty.
    pub lanes: Vec<LaneSpec>,
}

/// Spacing and effort settings.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Options {
    /// Flow direction.
    pub direction: Direction,
    /// Gap between neighbouring nodes of a layer.
    pub node_gap: f64,
    /// Gap between neighbouring edges (dummy nodes) of a layer.
    pub edge_gap: f64,
    /// Minimum gap between consecutive layers.
    pub rank_gap: f64,
    /// Padding inside cluster and lane boxes.
    pub cluster_pad: f64,
    /// Gap between a title and the box content.
    pub title_gap: f64,
    /// Maximum number of ordering sweeps per restart.
    pub max_sweeps: u32,
    /// Rounds of iterated-local-search restarts of the ordering (each of the two search chains
    /// perturbs the best order and improves it again) on graphs small enough to afford them, at
    /// most; 0 = only the four deterministic passes (two per chain).
    pub restarts: u32,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            direction: Direction::Right,
            node_gap: 28.0,
            edge_gap: 12.0,
            rank_gap: 56.0,
            cluster_pad: 14.0,
            title_gap: 6.0,
            max_sweeps: 24,
            restarts: 64,
        }
    }
}

/// A routed edge.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Route {
    /// Points from the source border to the target border (in edge direction).
    pub points: Vec<Point>,
    /// Whether the engine reversed the edge internally.
    pub reversed: bool,
    /// Where the label box is, if the edge has a label.
    pub label: Option<Rect>,
}

/// Time spent in each phase.
#[derive(Copy, Clone, Debug, Default, PartialEq)]
pub struct PhaseTimes {
    /// Cycle breaking and layering.
    pub layering: Duration,
    /// Building the proper layered graph and crossing minimisation.
    pub ordering: Duration,
    /// Coordinate assignment.
    pub placement: Duration,
    /// Edge routing.
    pub routing: Duration,
}

/// Facts about a run, for benchmarks and reports (not part of any output file).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stats {
    /// Number of layers.
    pub layers: usize,
    /// Dummy nodes added for long edges and labels.
    pub dummies: usize,
    /// Edges reversed to break cycles.
    pub reversed: usize,
    /// Crossings between consecutive layers after ordering (weighted by parallel edges).
    pub crossings: u64,
    /// Phase times.
    pub times: PhaseTimes,
}

/// The engine's result, in final x/y coordinates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    /// Node boxes, by node index.
    pub nodes: Vec<Rect>,
    /// Routes, by edge index.
    pub edges: Vec<Route>,
    /// Cluster boxes, by cluster index.
    pub clusters: Vec<Rect>,
    /// Lane boxes, by lane index (empty lanes get an empty rectangle and no area).
    pub lanes: Vec<Option<Rect>>,
    /// Bounding box of everything.
    pub bounds: Rect,
    /// Facts about the run.
    pub stats: Stats,
}

/// Lays out `graph`. Pure and deterministic: the same graph and options give the same drawing.
#[must_use]
pub fn run(graph: &Graph, options: &Options) -> Drawing {
    let start = Instant::now();
    // The ordering's second thread: the idle one, or one started now so that its start overlaps
    // layering.
    let worker = order::worth_a_worker(graph.nodes.len(), graph.edges.len()).then(order::Worker::start).flatten();
    let graph = sanitize(graph);
    let graph = &graph;
    let oriented = acyclic::break_cycles(graph);
    let ranks = rank::assign(graph, &oriented);
    let layering = start.elapsed();

    let start = Instant::now();
    let mut lg = layered::build(graph, &oriented, &ranks, options);
    let crossings = order::minimise_with(&mut lg, options, worker);
    let ordering = start.elapsed();

    let start = Instant::now();
    let placed = place::place(graph, &lg, options);
    let placement = start.elapsed();

    let start = Instant::now();
    let mut drawing = route::route(graph, &oriented, &lg, &placed, options);
    let routing = start.elapsed();

    drawing.stats = Stats {
        layers: lg.layers.len(),
        dummies: lg.dummy_count(),
        reversed: oriented.reversed.iter().filter(|r| **r).count(),
        crossings,
        times: PhaseTimes { layering, ordering, placement, routing },
    };
    drawing
}

/// Replaces non-finite or negative sizes and out-of-range indices so no input can make a phase
/// misbehave; valid graphs are returned unchanged.
fn sanitize(graph: &Graph) -> Graph {
    let fix = |v: f64| if v.is_finite() && v > 0.0 { v.min(1e6) } else { 0.0 };
    let n = graph.nodes.len() as u32;
    let c = graph.clusters.len() as u32;
    let lanes = graph.lanes.len() as u32;
    let mut out = graph.clone();
    for node in &mut out.nodes {
        node.width = fix(node.width);
        node.height = fix(node.height);
        node.cluster = node.cluster.filter(|k| *k < c && lanes == 0);
        if node.lane >= lanes.max(1) {
            node.lane = 0;
        }
    }
    out.edges.retain(|e| e.from < n && e.to < n);
    for e in &mut out.edges {
        e.label = e.label.map(|(w, h)| (fix(w), fix(h)));
    }
    for (i, cl) in out.clusters.iter_mut().enumerate() {
        // Parents come first; anything else would make a cycle.
        cl.parent = cl.parent.filter(|p| (*p as usize) < i);
        cl.title = (fix(cl.title.0), fix(cl.title.1));
    }
    if lanes > 0 {
        out.clusters.clear();
    }
    out
}
