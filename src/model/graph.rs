//! The graph view of a design (petgraph) and the graph queries later stages share: neighbours,
//! reachability and paths restricted to edge kinds, strongly connected components.
//!
//! Adjacency is kept in declaration order so every query is deterministic.

use std::collections::{HashMap, VecDeque};

use petgraph::stable_graph::{NodeIndex, StableDiGraph};

use super::{ComponentId, EdgeId, EdgeKind};

/// Which way to follow edges.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Dir {
    /// From source to target.
    Forward,
    /// From target to source.
    Backward,
}

/// Components and edges as a directed multigraph.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    graph: StableDiGraph<ComponentId, EdgeId>,
    names: HashMap<String, ComponentId>,
    outgoing: Vec<Vec<EdgeId>>,
    incoming: Vec<Vec<EdgeId>>,
    ends: Vec<(ComponentId, ComponentId)>,
    kinds: Vec<EdgeKind>,
}

impl Graph {
    /// Adds a node for the next component (ids must be added in order).
    pub(crate) fn add_node(&mut self, id: ComponentId, name: &str) {
        let index = self.graph.add_node(id);
        debug_assert_eq!(index.index(), id.index());
        self.names.entry(name.to_string()).or_insert(id);
        self.outgoing.push(Vec::new());
        self.incoming.push(Vec::new());
    }

    /// Adds the next edge (ids must be added in order).
    pub(crate) fn add_edge(&mut self, id: EdgeId, from: ComponentId, to: ComponentId, kind: EdgeKind) {
        self.graph.add_edge(node(from), node(to), id);
        self.outgoing[from.index()].push(id);
        self.incoming[to.index()].push(id);
        self.ends.push((from, to));
        self.kinds.push(kind);
    }

    /// The component with this id as written.
    #[must_use]
    pub fn lookup(&self, name: &str) -> Option<ComponentId> {
        self.names.get(name).copied()
    }

    /// The underlying petgraph graph (node weights are component ids, edge weights edge ids;
    /// node indices equal component indices).
    #[must_use]
    pub fn petgraph(&self) -> &StableDiGraph<ComponentId, EdgeId> {
        &self.graph
    }

    /// Number of nodes.
    #[must_use]
    pub fn node_count(&self) -> usize {
        self.outgoing.len()
    }

    /// Edges leaving `id` in declaration order.
    #[must_use]
    pub fn outgoing(&self, id: ComponentId) -> &[EdgeId] {
        self.outgoing.get(id.index()).map_or(&[], Vec::as_slice)
    }

    /// Edges entering `id` in declaration order.
    #[must_use]
    pub fn incoming(&self, id: ComponentId) -> &[EdgeId] {
        self.incoming.get(id.index()).map_or(&[], Vec::as_slice)
    }

    /// Source and target of an edge.
    #[must_use]
    pub fn ends(&self, edge: EdgeId) -> (ComponentId, ComponentId) {
        self.ends[edge.index()]
    }

    /// The kind of an edge.
    #[must_use]
    pub fn kind(&self, edge: EdgeId) -> EdgeKind {
        self.kinds[edge.index()]
    }

    /// Edges leaving (`Forward`) or entering (`Backward`) `id`, each with the node at its other
    /// end, restricted to `kinds` (all kinds when empty).
    pub fn neighbors<'a>(
        &'a self,
        id: ComponentId,
        dir: Dir,
        kinds: &'a [EdgeKind],
    ) -> impl Iterator<Item = (EdgeId, ComponentId)> + 'a {
        let edges = match dir {
            Dir::Forward => self.outgoing(id),
            Dir::Backward => self.incoming(id),
        };
        edges.iter().filter(move |e| kinds.is_empty() || kinds.contains(&self.kind(**e))).map(move |e| {
            let (from, to) = self.ends(*e);
            (*e, if dir == Dir::Forward { to } else { from })
        })
    }

    /// Every node reachable from `starts` following `kinds` edges in `dir` (the starts
    /// included), as a membership vector indexed by component.
    #[must_use]
    pub fn reachable(&self, starts: &[ComponentId], dir: Dir, kinds: &[EdgeKind]) -> Vec<bool> {
        let mut seen = vec![false; self.node_count()];
        let mut stack: Vec<ComponentId> = Vec::new();
        for s in starts {
            if let Some(flag) = seen.get_mut(s.index()) {
                if !*flag {
                    *flag = true;
                    stack.push(*s);
                }
            }
        }
        while let Some(n) = stack.pop() {
            for (_, next) in self.neighbors(n, dir, kinds) {
                if !seen[next.index()] {
                    seen[next.index()] = true;
                    stack.push(next);
                }
            }
        }
        seen
    }

    /// A shortest path (fewest edges) from `from` to `to` over `kinds` edges, as edge ids;
    /// `Some(vec![])` when `from == to`. Ties are broken by declaration order.
    #[must_use]
    pub fn path(&self, from: ComponentId, to: ComponentId, kinds: &[EdgeKind]) -> Option<Vec<EdgeId>> {
        if from == to {
            return Some(Vec::new());
        }
        let mut via: Vec<Option<EdgeId>> = vec![None; self.node_count()];
        let mut seen = vec![false; self.node_count()];
        seen[from.index()] = true;
        let mut queue = VecDeque::from([from]);
        while let Some(n) = queue.pop_front() {
            for (edge, next) in self.neighbors(n, Dir::Forward, kinds) {
                if seen[next.index()] {
                    continue;
                }
                seen[next.index()] = true;
                via[next.index()] = Some(edge);
                if next == to {
                    let mut path = Vec::new();
                    let mut at = to;
                    while let Some(e) = via[at.index()] {
                        path.push(e);
                        at = self.ends(e).0;
                        if at == from {
                            break;
                        }
                    }
                    path.reverse();
                    return Some(path);
                }
                queue.push_back(next);
            }
        }
        None
    }

    /// Strongly connected components with more than one node or a self-loop, each sorted by
    /// component id, the list sorted by its first member.
    #[must_use]
    pub fn cycles(&self) -> Vec<Vec<ComponentId>> {
        let mut sccs: Vec<Vec<ComponentId>> = petgraph::algo::tarjan_scc(&self.graph)
            .into_iter()
            .map(|scc| {
                let mut ids: Vec<ComponentId> = scc.into_iter().map(|n| ComponentId(index_u32(n))).collect();
                ids.sort();
                ids
            })
            .filter(|scc| {
                scc.len() > 1
                    || scc.first().is_some_and(|n| self.neighbors(*n, Dir::Forward, &[]).any(|(_, t)| t == *n))
            })
            .collect();
        sccs.sort();
        sccs
    }
}

fn node(id: ComponentId) -> NodeIndex {
    NodeIndex::new(id.index())
}

fn index_u32(n: NodeIndex) -> u32 {
    u32::try_from(n.index()).unwrap_or(u32::MAX)
}
