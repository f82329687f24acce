//! Cycle breaking: decides which edges run against the flow.
//!
//! 1. Observation edges (`monitors`) are always reversed: the observer is drawn downstream of
//!    what it observes.
//! 2. With lanes, an edge from a later lane to an earlier one is reversed, so lanes follow the
//!    framework order.
//! 3. Among the flow edges, a depth-first search in declaration order (roots first) reverses
//!    back edges, as Graphviz dot does.
//! 4. Feedback edges (`influences`, `triggers`) are added last: each one that points backwards
//!    in a topological order of the flow edges is reversed. So a cycle made of flow edges and
//!    one feedback edge always reverses the feedback edge, and the data -> training -> serving
//!    flow runs one way.

use super::{EdgeRole, Graph, NONE};

/// The orientation chosen for every edge.
#[derive(Clone, Debug, Default)]
pub struct Oriented {
    /// Whether edge `i` is reversed for layout.
    pub reversed: Vec<bool>,
    /// Whether edge `i` is a self-loop (left out of layering and ordering).
    pub self_loop: Vec<bool>,
}

impl Oriented {
    /// Tail and head of edge `i` as laid out (after reversal).
    #[must_use]
    pub fn ends(&self, graph: &Graph, i: usize) -> (u32, u32) {
        let e = &graph.edges[i];
        if self.reversed[i] { (e.to, e.from) } else { (e.from, e.to) }
    }
}

/// Chooses edge orientations so the laid-out graph (self-loops aside) is acyclic.
#[must_use]
pub fn break_cycles(graph: &Graph) -> Oriented {
    let n = graph.nodes.len();
    let m = graph.edges.len();
    let mut reversed = vec![false; m];
    let self_loop: Vec<bool> = graph.edges.iter().map(|e| e.from == e.to).collect();
    let lanes = !graph.lanes.is_empty();
    for (i, e) in graph.edges.iter().enumerate() {
        if self_loop[i] {
            continue;
        }
        if e.role == EdgeRole::Observe {
            reversed[i] = true;
        }
        if lanes {
            let (t, h) = if reversed[i] { (e.to, e.from) } else { (e.from, e.to) };
            let (lt, lh) = (graph.nodes[t as usize].lane, graph.nodes[h as usize].lane);
            if lt > lh {
                reversed[i] = !reversed[i];
            }
        }
    }
    let ends = |i: usize, reversed: &[bool]| {
        let e = &graph.edges[i];
        if reversed[i] { (e.to as usize, e.from as usize) } else { (e.from as usize, e.to as usize) }
    };

    // Flow edges (everything but feedback; observation edges already turned around).
    let is_flow = |i: usize| !self_loop[i] && graph.edges[i].role != EdgeRole::Feedback;
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut has_in = vec![false; n];
    for i in (0..m).filter(|i| is_flow(*i)) {
        let (t, h) = ends(i, &reversed);
        out[t].push(i);
        has_in[h] = true;
    }
    // Lanes fix the direction of every edge between lanes, so only edges inside a lane may be
    // reversed by the search; the search order does not matter for the others.
    let mut state = vec![0u8; n];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let roots = (0..n).filter(|v| !has_in[*v]).chain((0..n).filter(|v| has_in[*v]));
    for root in roots {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        stack.push((root, 0));
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&i) = out[v].get(*next) {
                *next += 1;
                let (_, h) = ends(i, &reversed);
                match state[h] {
                    0 => {
                        state[h] = 1;
                        stack.push((h, 0));
                    }
                    1 => {
                        let same_lane = !lanes || graph.nodes[v].lane == graph.nodes[h].lane;
                        if same_lane {
                            reversed[i] = !reversed[i];
                        }
                    }
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }

    // Topological order of the flow edges, then orient feedback edges along it.
    let topo = topological_positions(n, (0..m).filter(|i| is_flow(*i)).map(|i| ends(i, &reversed)));
    for i in 0..m {
        if self_loop[i] || graph.edges[i].role != EdgeRole::Feedback {
            continue;
        }
        let (t, h) = ends(i, &reversed);
        let lanes_forced = lanes && graph.nodes[t].lane != graph.nodes[h].lane;
        if !lanes_forced && topo[t] > topo[h] {
            reversed[i] = !reversed[i];
        }
    }
    Oriented { reversed, self_loop }
}

/// Position of every node in a topological order of the given (acyclic) edges; ties by index.
fn topological_positions(n: usize, edges: impl Iterator<Item = (usize, usize)>) -> Vec<u32> {
    let mut indeg = vec![0u32; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (t, h) in edges {
        out[t].push(h);
        indeg[h] += 1;
    }
    let mut pos = vec![NONE; n];
    let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<usize>> =
        (0..n).filter(|v| indeg[*v] == 0).map(std::cmp::Reverse).collect();
    let mut next = 0u32;
    while let Some(std::cmp::Reverse(v)) = ready.pop() {
        pos[v] = next;
        next += 1;
        for &h in &out[v] {
            indeg[h] -= 1;
            if indeg[h] == 0 {
                ready.push(std::cmp::Reverse(h));
            }
        }
    }
    // A cycle would leave nodes unnumbered; the search above makes that impossible, but number
    // them anyway so the result is total.
    for p in &mut pos {
        if *p == NONE {
            *p = next;
            next += 1;
        }
    }
    pos
}
