//! The proper layered graph: every edge joins consecutive layers.
//!
//! - Real nodes keep their index (`0..n`).
//! - Each edge spanning several layers becomes a *chain* of dummy nodes; unlabelled parallel
//!   edges (and two-cycles, once oriented) share one chain whose dummies are wide enough to draw
//!   them side by side. A labelled edge has its own chain, and the dummy on its middle layer has
//!   the label's size, so labels take real room and never overlap nodes or each other.
//! - Every cluster gets a left and a right *border* node on each layer it spans, linked into
//!   vertical chains; ordering keeps a cluster's members between its borders, and coordinate
//!   assignment aligns each border chain, so cluster boxes are rectangles that contain exactly
//!   their members.
//! - A dummy belongs to the innermost cluster containing both ends of its edge.

use super::acyclic::Oriented;
use super::{Graph, NONE, Options};

/// Room beside a label (across the flow) for the edge line and a gap.
pub const LABEL_MARGIN: f64 = 10.0;

/// What a node of the layered graph stands for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// An input node.
    Real,
    /// A bend point of a long edge (chain index).
    Dummy(u32),
    /// The label of a labelled edge (chain index).
    Label(u32),
    /// The left or right border of a cluster on one layer.
    Border {
        /// The cluster.
        cluster: u32,
        /// Right border (else left).
        right: bool,
    },
    /// Keeps an empty cluster from vanishing (sized like its title).
    Filler(u32),
}

/// A long edge or a bundle of parallel edges drawn along one path of dummies.
#[derive(Clone, Debug, Default)]
pub struct Chain {
    /// The input edges drawn along this chain.
    pub edges: Vec<u32>,
    /// Real node at the top (after orientation).
    pub tail: u32,
    /// Real node at the bottom.
    pub head: u32,
    /// Dummies from top to bottom (one per intermediate layer).
    pub dummies: Vec<u32>,
}

/// Adjacency in compressed rows: neighbours of node `v` are `adj[off[v]..off[v + 1]]`.
#[derive(Clone, Debug, Default)]
pub struct Csr {
    /// Row offsets.
    pub off: Vec<u32>,
    /// Neighbours.
    pub adj: Vec<u32>,
    /// Edge weights (number of drawn edges; 0 for border links).
    pub weight: Vec<u32>,
    /// The chain each entry belongs to (`NONE` for border links).
    pub chain: Vec<u32>,
    /// Tail and head (real nodes) of each entry's chain (`NONE` for border links).
    pub ends: Vec<(u32, u32)>,
    /// Each entry's neighbour, weight, and chain tail and head, side by side (read together
    /// when weighing a swap).
    pub packed: Vec<[u32; 4]>,
}

impl Csr {
    fn build(n: usize, pairs: &[(u32, u32, u32, u32)]) -> Csr {
        let mut off = vec![0u32; n + 1];
        for &(a, _, _, _) in pairs {
            off[a as usize + 1] += 1;
        }
        for i in 0..n {
            off[i + 1] += off[i];
        }
        let mut fill = off.clone();
        let mut adj = vec![0u32; pairs.len()];
        let mut weight = vec![0u32; pairs.len()];
        let mut chain = vec![NONE; pairs.len()];
        for &(a, b, w, c) in pairs {
            let k = fill[a as usize] as usize;
            adj[k] = b;
            weight[k] = w;
            chain[k] = c;
            fill[a as usize] += 1;
        }
        Csr { off, adj, weight, chain, ends: Vec::new(), packed: Vec::new() }
    }

    /// The entries of `v`'s edges in `adj`, `weight`, `chain` and `ends`.
    #[must_use]
    pub fn row(&self, v: u32) -> std::ops::Range<usize> {
        self.off[v as usize] as usize..self.off[v as usize + 1] as usize
    }

    /// Neighbours of `v` with weights.
    pub fn of(&self, v: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let row = self.row(v);
        self.adj[row.clone()].iter().copied().zip(self.weight[row].iter().copied())
    }

    /// Number of neighbours of `v`.
    #[must_use]
    pub fn degree(&self, v: u32) -> usize {
        (self.off[v as usize + 1] - self.off[v as usize]) as usize
    }
}

/// The proper layered graph with its current order.
#[derive(Clone, Debug, Default)]
pub struct Layered {
    /// Number of real nodes (they are `0..real`).
    pub real: usize,
    /// Kind of every node.
    pub kind: Vec<NodeKind>,
    /// Layer of every node.
    pub layer: Vec<u32>,
    /// Nodes of every layer, in order.
    pub layers: Vec<Vec<u32>>,
    /// Position of every node within its layer.
    pub pos: Vec<u32>,
    /// Size across the flow.
    pub breadth: Vec<f64>,
    /// Size along the flow.
    pub depth: Vec<f64>,
    /// Innermost cluster of every node (for a border: the cluster it bounds), or `NONE`.
    pub cluster: Vec<u32>,
    /// What every node may trade places within when ordering: its cluster, or for a border a
    /// value of its own (`NONE - 1 - v`: no cluster has so many ids), so that two nodes may swap
    /// if and only if their units are equal.
    pub unit: Vec<u32>,
    /// Parent of every cluster, or `NONE`.
    pub cluster_parent: Vec<u32>,
    /// Layer span of every cluster (`NONE` if it has no layer).
    pub cluster_span: Vec<(u32, u32)>,
    /// Left and right border of every cluster on each layer of its span.
    pub borders: Vec<Vec<(u32, u32)>>,
    /// Neighbours on the layer above.
    pub up: Csr,
    /// Neighbours on the layer below.
    pub down: Csr,
    /// Chains of dummies.
    pub chains: Vec<Chain>,
    /// Chain of every input edge (`NONE` for self-loops).
    pub chain_of_edge: Vec<u32>,
    /// Self-loops per real node.
    pub self_loops: Vec<u32>,
}

impl Layered {
    /// Number of dummy and label nodes.
    #[must_use]
    pub fn dummy_count(&self) -> usize {
        self.kind.iter().filter(|k| matches!(k, NodeKind::Dummy(_) | NodeKind::Label(_))).count()
    }

    /// Whether `v` is a border node.
    #[must_use]
    pub fn is_border(&self, v: u32) -> bool {
        matches!(self.kind[v as usize], NodeKind::Border { .. })
    }

    /// Whether `v` stands for part of an edge (dummy or label).
    #[must_use]
    pub fn is_edge_node(&self, v: u32) -> bool {
        matches!(self.kind[v as usize], NodeKind::Dummy(_) | NodeKind::Label(_))
    }

    /// Recomputes `pos` from `layers`.
    pub fn index_positions(&mut self) {
        for layer in &self.layers {
            for (i, v) in layer.iter().enumerate() {
                self.pos[*v as usize] = i as u32;
            }
        }
    }

    /// The clusters enclosing `c`, innermost first, `c` included.
    pub fn cluster_ancestors(&self, c: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors((c != NONE).then_some(c), |k| {
            let p = self.cluster_parent[*k as usize];
            (p != NONE).then_some(p)
        })
    }

    /// The parent of `v` in the cluster tree as the ordering sees it: a border's enclosing
    /// cluster is its cluster's parent; every other node's is its cluster.
    #[must_use]
    pub fn container_of(&self, v: u32) -> u32 {
        match self.kind[v as usize] {
            NodeKind::Border { cluster, .. } => self.cluster_parent[cluster as usize],
            _ => self.cluster[v as usize],
        }
    }
}

/// Builds the layered graph for the given orientation and ranks, with a first order (by node
/// index, clusters contiguous).
#[must_use]
pub fn build(graph: &Graph, oriented: &Oriented, ranks: &[u32], options: &Options) -> Layered {
    let n = graph.nodes.len();
    let horizontal = options.direction == super::Direction::Right;
    let breadth_of = |w: f64, h: f64| if horizontal { (h, w) } else { (w, h) };
    let mut lg = Layered { real: n, ..Layered::default() };
    let nclusters = graph.clusters.len();
    lg.cluster_parent = graph.clusters.iter().map(|c| c.parent.unwrap_or(NONE)).collect();
    for (v, node) in graph.nodes.iter().enumerate() {
        let (b, d) = breadth_of(node.width, node.height);
        lg.kind.push(NodeKind::Real);
        lg.layer.push(ranks[v]);
        lg.breadth.push(b);
        lg.depth.push(d);
        lg.cluster.push(node.cluster.unwrap_or(NONE));
    }
    lg.self_loops = vec![0; n];
    lg.chain_of_edge = vec![NONE; graph.edges.len()];

    // Chains: unlabelled parallel edges share one.
    let mut keyed: Vec<(u32, u32, bool, u32)> = Vec::new();
    for i in 0..graph.edges.len() {
        if oriented.self_loop[i] {
            lg.self_loops[graph.edges[i].from as usize] += 1;
            continue;
        }
        let (t, h) = oriented.ends(graph, i);
        keyed.push((t, h, graph.edges[i].label.is_some(), i as u32));
    }
    keyed.sort_unstable();
    let mut pairs_down: Vec<(u32, u32, u32, u32)> = Vec::new();
    let mut k = 0;
    while k < keyed.len() {
        let (t, h, labelled, first) = keyed[k];
        let mut edges = vec![first];
        k += 1;
        if !labelled {
            while k < keyed.len() && keyed[k].0 == t && keyed[k].1 == h && !keyed[k].2 {
                edges.push(keyed[k].3);
                k += 1;
            }
        }
        let chain_id = lg.chains.len() as u32;
        for e in &edges {
            lg.chain_of_edge[*e as usize] = chain_id;
        }
        let (rt, rh) = (ranks[t as usize], ranks[h as usize]);
        let home = common_cluster(&lg, lg.cluster[t as usize], lg.cluster[h as usize]);
        let bundle = (edges.len() as f64 - 1.0) * options.edge_gap * 0.5;
        let label = graph.edges[first as usize].label.filter(|_| labelled);
        let label_layer = rt + (rh - rt) / 2;
        let mut dummies = Vec::new();
        let mut prev = t;
        let weight = edges.len() as u32;
        for layer in rt + 1..rh {
            let v = lg.kind.len() as u32;
            let is_label = label.is_some() && layer == label_layer;
            if is_label {
                let (w, hgt) = label.unwrap_or((0.0, 0.0));
                let (b, d) = breadth_of(w, hgt);
                lg.kind.push(NodeKind::Label(chain_id));
                lg.breadth.push(b + LABEL_MARGIN + bundle * 2.0);
                lg.depth.push(d);
            } else {
                lg.kind.push(NodeKind::Dummy(chain_id));
                lg.breadth.push(bundle);
                lg.depth.push(0.0);
            }
            lg.layer.push(layer);
            lg.cluster.push(home);
            pairs_down.push((prev, v, weight, chain_id));
            dummies.push(v);
            prev = v;
        }
        pairs_down.push((prev, h, weight, chain_id));
        lg.chains.push(Chain { edges, tail: t, head: h, dummies });
    }

    // Cluster spans (over real members, recursively) and borders.
    lg.cluster_span = vec![(NONE, NONE); nclusters];
    let mut has_member = vec![false; nclusters];
    for v in 0..n {
        let layer = lg.layer[v];
        let clusters: Vec<u32> = lg.cluster_ancestors(lg.cluster[v]).collect();
        for c in clusters {
            has_member[c as usize] = true;
            let span = &mut lg.cluster_span[c as usize];
            span.0 = if span.0 == NONE { layer } else { span.0.min(layer) };
            span.1 = if span.1 == NONE { layer } else { span.1.max(layer) };
        }
    }
    // Empty clusters get a filler node on layer 0 (so do their ancestors' spans).
    for c in 0..nclusters {
        if has_member[c] {
            continue;
        }
        let (b, d) = breadth_of(graph.clusters[c].title.0.max(20.0), graph.clusters[c].title.1.max(10.0));
        lg.kind.push(NodeKind::Filler(c as u32));
        lg.layer.push(0);
        lg.breadth.push(b);
        lg.depth.push(d);
        lg.cluster.push(c as u32);
        let clusters: Vec<u32> = lg.cluster_ancestors(c as u32).collect();
        for a in clusters {
            has_member[a as usize] = true;
            let span = &mut lg.cluster_span[a as usize];
            span.0 = 0;
            if span.1 == NONE {
                span.1 = 0;
            }
        }
    }
    lg.borders = vec![Vec::new(); nclusters];
    for c in 0..nclusters {
        let (a, b) = lg.cluster_span[c];
        let mut prev: Option<(u32, u32)> = None;
        for layer in a..=b {
            let l = lg.kind.len() as u32;
            let r = l + 1;
            for right in [false, true] {
                lg.kind.push(NodeKind::Border { cluster: c as u32, right });
                lg.layer.push(layer);
                lg.breadth.push(0.0);
                lg.depth.push(0.0);
                lg.cluster.push(c as u32);
            }
            if let Some((pl, pr)) = prev {
                pairs_down.push((pl, l, 0, NONE));
                pairs_down.push((pr, r, 0, NONE));
            }
            prev = Some((l, r));
            lg.borders[c].push((l, r));
        }
    }

    let total = lg.kind.len();
    lg.unit = (0..total).map(|v| if lg.is_border(v as u32) { NONE - 1 - v as u32 } else { lg.cluster[v] }).collect();
    let pairs_up: Vec<(u32, u32, u32, u32)> = pairs_down.iter().map(|&(a, b, w, c)| (b, a, w, c)).collect();
    lg.down = Csr::build(total, &pairs_down);
    lg.up = Csr::build(total, &pairs_up);
    for csr in [&mut lg.down, &mut lg.up] {
        csr.ends = csr
            .chain
            .iter()
            .map(|c| if *c == NONE { (NONE, NONE) } else { (lg.chains[*c as usize].tail, lg.chains[*c as usize].head) })
            .collect();
        csr.packed = (0..csr.adj.len()).map(|i| [csr.adj[i], csr.weight[i], csr.ends[i].0, csr.ends[i].1]).collect();
    }
    let nlayers = lg.layer.iter().copied().max().map_or(0, |m| m as usize + 1);
    lg.layers = vec![Vec::new(); nlayers];
    lg.pos = vec![0; total];
    for v in 0..total {
        lg.layers[lg.layer[v] as usize].push(v as u32);
    }
    // A first order: by index inside the cluster structure.
    for l in 0..nlayers {
        let keys: Vec<f64> = lg.layers[l].iter().map(|v| f64::from(*v)).collect();
        let nodes = lg.layers[l].clone();
        lg.layers[l] = super::order::structured_order(&lg, &nodes, &keys, None);
    }
    lg.index_positions();
    lg
}

/// The innermost cluster containing both `a` and `b` (either may be `NONE`).
fn common_cluster(lg: &Layered, a: u32, b: u32) -> u32 {
    if a == NONE || b == NONE {
        return NONE;
    }
    let ancestors_a: Vec<u32> = lg.cluster_ancestors(a).collect();
    lg.cluster_ancestors(b).find(|c| ancestors_a.contains(c)).unwrap_or(NONE)
}
