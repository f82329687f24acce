//! Crossing minimisation: the order of the nodes within each layer.
//!
//! The scheme is Graphviz dot's `mincross` (Gansner et al. 1993, §3), which draws the fewest
//! crossings of the engines we measured, made cheaper and run more often:
//!
//! - Initial orders: breadth-first from the sources and from the sinks (dot's passes 0 and 1),
//!   each following edges forward only or both ways (four passes; one on big graphs), then
//!   iterated local search on graphs small enough to afford it: perturb the best order (random
//!   swaps of nearby nodes, seeded) and improve it again, until `PATIENCE` restarts in a row
//!   find nothing better.
//! - Each iteration sweeps the layers (alternately down and up), sorting every layer by the
//!   weighted median of its neighbours on the fixed layer, then runs *transpose* (swap adjacent
//!   nodes while that removes crossings; the crossing change of a swap is computed from the two
//!   nodes' edges only). Up to `max_sweeps` iterations; stop after 8 without a 0.5 % gain;
//!   keep the best order seen.
//! - The best order over all restarts is then improved by *sifting* (move each node to its best
//!   position in its layer) on graphs small enough.
//! - Totals are counted with the Barth–Jünger–Mutzel accumulator tree in O(E log V) per layer pair.
//!
//! Clusters stay contiguous: every sort is done on the cluster tree (a cluster is one unit among
//! its parent's members, keyed by the mean of its members' keys), sibling clusters keep one
//! relative order on every layer, and transpose and sifting never move a node out of its cluster.
//! Ties are broken by position, and the random orders come from a fixed seed: the result is
//! deterministic.

use super::layered::{Layered, NodeKind};
use super::{NONE, Options};

/// Iterations without a 0.5 % improvement before a restart gives up.
const MIN_QUIT: u32 = 8;
/// Graphs with at most this many layered nodes get randomised restarts and sifting.
const SMALL: usize = 3000;
/// Layered graphs with more nodes and edges than this get one deterministic pass and bounded
/// transpose rounds.
const BIG: usize = 30_000;
/// Restarts in a row that find nothing better before the search stops.
const PATIENCE: u32 = 8;
/// Initial orders: breadth-first from the top and from the bottom, following edges forward only
/// or both ways.
const INITIAL: u32 = 4;

/// Orders every layer of `lg` to minimise crossings; returns the final number of crossings.
pub fn minimise(lg: &mut Layered, options: &Options) -> u64 {
    if lg.layers.len() < 2 {
        normalise_clusters(lg);
        return 0;
    }
    let total_nodes = lg.kind.len();
    let mut state = State::new(lg);
    let mut best_order = lg.layers.clone();
    let mut best = u64::MAX;
    let restarts = restarts_for(lg, options);
    let mut stale = 0u32;
    // On big graphs one pass from the sources already takes most of the time budget.
    let passes = if lg.kind.len() + lg.down.adj.len() > BIG { 1 } else { INITIAL };
    for pass in (0..passes).chain(INITIAL..INITIAL + restarts) {
        match pass {
            0 => breadth_first_order(lg, true, false),
            1 => breadth_first_order(lg, false, false),
            2 => breadth_first_order(lg, true, true),
            3 => breadth_first_order(lg, false, true),
            _ => {
                // Iterated local search: perturb the best order so far and improve it again.
                lg.layers.clone_from(&best_order);
                lg.index_positions();
                perturb(lg, u64::from(pass).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            }
        }
        if !lg.cluster_parent.is_empty() {
            state.reset_cluster_ranks(lg);
            reapply_cluster_ranks(lg, &state);
        }
        let crossings = improve(lg, &mut state, options, best);
        if crossings < best {
            best = crossings;
            best_order.clone_from(&lg.layers);
            stale = 0;
        } else if pass >= INITIAL {
            stale += 1;
        }
        if best == 0 || stale >= PATIENCE {
            break;
        }
    }
    lg.layers = best_order;
    lg.index_positions();
    if total_nodes <= SMALL && best > 0 {
        best = sift(lg, best);
    }
    best
}

/// Iterated-local-search restarts: `options.restarts` at most, and no more than a fixed budget
/// of work (restarts times the size of the layered graph) allows, so small graphs get many and
/// big ones none (the initial passes already cost most of their time). The search also stops
/// after `PATIENCE` restarts in a row that find nothing better.
fn restarts_for(lg: &Layered, options: &Options) -> u32 {
    const BUDGET: usize = 60_000;
    let size = lg.kind.len() + lg.down.adj.len();
    if size > BIG { 0 } else { options.restarts.min((BUDGET / size.max(1)) as u32) }
}

/// Per-run scratch state.
struct State {
    /// Rank of every cluster among its siblings (one order on every layer).
    cluster_rank: Vec<u32>,
    keys: Vec<f64>,
    scratch: Vec<u32>,
}

impl State {
    fn new(lg: &Layered) -> State {
        State { cluster_rank: vec![0; lg.cluster_parent.len()], keys: vec![0.0; lg.kind.len()], scratch: Vec::new() }
    }

    /// Ranks sibling clusters by their mean relative position over the layers they span.
    fn reset_cluster_ranks(&mut self, lg: &Layered) {
        let k = lg.cluster_parent.len();
        if k == 0 {
            return;
        }
        let mut mean = vec![0.0; k];
        for (c, borders) in lg.borders.iter().enumerate() {
            let mut sum = 0.0;
            for &(l, _) in borders {
                let layer = lg.layer[l as usize] as usize;
                sum += f64::from(lg.pos[l as usize]) / lg.layers[layer].len().max(1) as f64;
            }
            mean[c] = if borders.is_empty() { 0.0 } else { sum / borders.len() as f64 };
        }
        let mut ids: Vec<u32> = (0..k as u32).collect();
        ids.sort_by(|a, b| {
            let (pa, pb) = (lg.cluster_parent[*a as usize], lg.cluster_parent[*b as usize]);
            pa.cmp(&pb).then(mean[*a as usize].total_cmp(&mean[*b as usize])).then(a.cmp(b))
        });
        for (rank, c) in ids.iter().enumerate() {
            self.cluster_rank[*c as usize] = rank as u32;
        }
    }
}

/// Median sweeps with transpose from the current order; leaves the best order found in `lg`
/// and returns its crossings. `bound` is the best count of earlier restarts (for early exit).
fn improve(lg: &mut Layered, state: &mut State, options: &Options, bound: u64) -> u64 {
    lg.index_positions();
    let big = lg.kind.len() + lg.down.adj.len() > BIG;
    transpose(lg, false, big);
    let mut best = count_all(lg);
    let mut best_order = lg.layers.clone();
    let mut trying = 0;
    for iter in 0..options.max_sweeps {
        if best == 0 {
            break;
        }
        let down = iter % 2 == 0;
        sweep(lg, state, down);
        transpose(lg, iter % 4 >= 2, big);
        let c = count_all(lg);
        if c < best {
            if (c as f64) < 0.995 * best as f64 {
                trying = 0;
            } else {
                trying += 1;
            }
            best = c;
            best_order.clone_from(&lg.layers);
        } else {
            trying += 1;
        }
        if trying >= MIN_QUIT {
            break;
        }
        // A restart far worse than the best so far will not catch up.
        if iter >= 4 && best > bound.saturating_mul(2) {
            break;
        }
    }
    lg.layers = best_order;
    lg.index_positions();
    best
}

/// Sorts every layer by the weighted median of its neighbours on the previous layer of the
/// sweep.
fn sweep(lg: &mut Layered, state: &mut State, down: bool) {
    let nlayers = lg.layers.len();
    let order: Vec<usize> = if down { (1..nlayers).collect() } else { (0..nlayers - 1).rev().collect() };
    for l in order {
        let adj_len = if down { lg.layers[l - 1].len() } else { lg.layers[l + 1].len() };
        let own_len = lg.layers[l].len().max(1);
        let nodes = std::mem::take(&mut lg.layers[l]);
        let mut fixed = Vec::new();
        for (i, &v) in nodes.iter().enumerate() {
            let m = median(lg, v, down, &mut state.scratch);
            match m {
                Some(m) => state.keys[v as usize] = m,
                None => {
                    // No neighbour there: stay put (scaled to the other layer's positions).
                    state.keys[v as usize] = (i as f64 + 0.5) * adj_len as f64 / own_len as f64 - 0.5;
                    fixed.push(i);
                }
            }
        }
        let keys: Vec<f64> = nodes.iter().map(|v| state.keys[*v as usize]).collect();
        let ordered = if lg.cluster_parent.is_empty() {
            sort_with_fixed(&nodes, &keys, &fixed)
        } else {
            structured_order(lg, &nodes, &keys, Some(&state.cluster_rank))
        };
        lg.layers[l] = ordered;
        for (i, v) in lg.layers[l].iter().enumerate() {
            lg.pos[*v as usize] = i as u32;
        }
    }
    if !lg.cluster_parent.is_empty() {
        state.reset_cluster_ranks(lg);
        reapply_cluster_ranks(lg, state);
    }
}

/// Re-sorts each layer so sibling clusters follow `state.cluster_rank` (members keep their
/// relative order).
fn reapply_cluster_ranks(lg: &mut Layered, state: &State) {
    for l in 0..lg.layers.len() {
        let nodes = std::mem::take(&mut lg.layers[l]);
        let keys: Vec<f64> = (0..nodes.len()).map(|i| i as f64).collect();
        lg.layers[l] = structured_order(lg, &nodes, &keys, Some(&state.cluster_rank));
        for (i, v) in lg.layers[l].iter().enumerate() {
            lg.pos[*v as usize] = i as u32;
        }
    }
}

/// Sorts movable nodes by key into the slots the fixed ones leave free (dot's `reorder`).
fn sort_with_fixed(nodes: &[u32], keys: &[f64], fixed: &[usize]) -> Vec<u32> {
    let mut movable: Vec<usize> = (0..nodes.len()).filter(|i| fixed.binary_search(i).is_err()).collect();
    movable.sort_by(|a, b| keys[*a].total_cmp(&keys[*b]).then(a.cmp(b)));
    let mut out = Vec::with_capacity(nodes.len());
    let mut next = movable.into_iter();
    let mut f = 0;
    for i in 0..nodes.len() {
        if f < fixed.len() && fixed[f] == i {
            out.push(nodes[i]);
            f += 1;
        } else if let Some(m) = next.next() {
            out.push(nodes[m]);
        }
    }
    out
}

/// Weighted median of the positions of `v`'s neighbours on the adjacent layer (above when
/// sweeping down), as dot computes it: interpolated towards the denser side for even counts.
fn median(lg: &Layered, v: u32, down: bool, scratch: &mut Vec<u32>) -> Option<f64> {
    scratch.clear();
    let adj = if down { &lg.up } else { &lg.down };
    for (u, w) in adj.of(v) {
        if w > 0 {
            scratch.push(lg.pos[u as usize]);
        }
    }
    let m = scratch.len();
    if m == 0 {
        return None;
    }
    scratch.sort_unstable();
    let p = |i: usize| f64::from(scratch[i]);
    Some(if m % 2 == 1 {
        p(m / 2)
    } else if m == 2 {
        (p(0) + p(1)) / 2.0
    } else {
        let left = p(m / 2 - 1) - p(0);
        let right = p(m - 1) - p(m / 2);
        if left + right == 0.0 {
            (p(m / 2 - 1) + p(m / 2)) / 2.0
        } else {
            (p(m / 2 - 1) * right + p(m / 2) * left) / (left + right)
        }
    })
}

/// Orders `nodes` (one layer) by `keys` on the cluster tree: each cluster is one unit among its
/// parent's members, keyed by the mean key of its members, drawn as its left border, its
/// members, its right border. With `cluster_rank`, sibling clusters take the slots their units
/// got in the rank order, so every layer shows them in the same order.
#[must_use]
pub fn structured_order(lg: &Layered, nodes: &[u32], keys: &[f64], cluster_rank: Option<&[u32]>) -> Vec<u32> {
    let mut idx: Vec<usize> = (0..nodes.len()).collect();
    if lg.cluster_parent.is_empty() {
        idx.sort_by(|a, b| keys[*a].total_cmp(&keys[*b]).then(a.cmp(b)));
        return idx.into_iter().map(|i| nodes[i]).collect();
    }
    let k = lg.cluster_parent.len();
    // Per cluster: borders on this layer, sum and count of member keys.
    let mut left = vec![NONE; k];
    let mut right = vec![NONE; k];
    let mut sum = vec![0.0; k];
    let mut count = vec![0u32; k];
    let mut direct: Vec<Vec<usize>> = vec![Vec::new(); k + 1];
    for &i in &idx {
        let v = nodes[i];
        if let NodeKind::Border { cluster, right: r } = lg.kind[v as usize] {
            if r {
                right[cluster as usize] = v;
            } else {
                left[cluster as usize] = v;
            }
            continue;
        }
        let c = lg.cluster[v as usize];
        direct[if c == NONE { k } else { c as usize }].push(i);
        for a in lg.cluster_ancestors(c) {
            sum[a as usize] += keys[i];
            count[a as usize] += 1;
        }
    }
    let key_of = |c: usize| -> f64 {
        if count[c] > 0 {
            sum[c] / f64::from(count[c])
        } else {
            nodes.iter().position(|v| *v == left[c]).map_or(0.0, |i| keys[i])
        }
    };
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); k + 1];
    for c in 0..k {
        if left[c] != NONE && right[c] != NONE {
            let p = lg.cluster_parent[c];
            children[if p == NONE { k } else { p as usize }].push(c as u32);
        }
    }
    let mut out = Vec::with_capacity(nodes.len());
    emit(k, nodes, keys, &direct, &children, &left, &right, &key_of, cluster_rank, &mut out);
    out
}

#[expect(clippy::too_many_arguments, reason = "a recursive helper over shared tables")]
fn emit(
    at: usize,
    nodes: &[u32],
    keys: &[f64],
    direct: &[Vec<usize>],
    children: &[Vec<u32>],
    left: &[u32],
    right: &[u32],
    key_of: &dyn Fn(usize) -> f64,
    cluster_rank: Option<&[u32]>,
    out: &mut Vec<u32>,
) {
    // Units: (key, is_cluster, id, tie).
    let mut units: Vec<(f64, bool, usize)> = Vec::new();
    for &i in &direct[at] {
        units.push((keys[i], false, i));
    }
    for &c in &children[at] {
        units.push((key_of(c as usize), true, c as usize));
    }
    units.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    if let Some(rank) = cluster_rank {
        let mut clusters: Vec<usize> = units.iter().filter(|u| u.1).map(|u| u.2).collect();
        clusters.sort_by_key(|c| (rank[*c], *c));
        let mut next = clusters.into_iter();
        for u in &mut units {
            if u.1 {
                u.2 = next.next().unwrap_or(u.2);
            }
        }
    }
    for (_, is_cluster, id) in units {
        if is_cluster {
            out.push(left[id]);
            emit(id, nodes, keys, direct, children, left, right, key_of, cluster_rank, out);
            out.push(right[id]);
        } else {
            out.push(nodes[id]);
        }
    }
}

/// Breadth-first initial order from the sources (`from_top`) or the sinks, visiting nodes in
/// index order; with `both`, edges are followed both ways (dot's `build_ranks`), which keeps a
/// node's co-parents together, else only away from the start.
fn breadth_first_order(lg: &mut Layered, from_top: bool, both: bool) {
    let total = lg.kind.len();
    let mut seen = vec![false; total];
    let mut seq = vec![0u32; total];
    let mut next = 0u32;
    let mut queue = std::collections::VecDeque::new();
    let (back, fwd) = if from_top { (&lg.up, &lg.down) } else { (&lg.down, &lg.up) };
    let starts = (0..total as u32).filter(|v| back.degree(*v) == 0).chain(0..total as u32);
    for s in starts {
        if seen[s as usize] {
            continue;
        }
        seen[s as usize] = true;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            seq[v as usize] = next;
            next += 1;
            // Both directions, as Graphviz's `build_ranks` does: a node's other parents join
            // the queue next to it, so they start out near each other.
            for (w, _) in fwd.of(v).chain(back.of(v).take(if both { usize::MAX } else { 0 })) {
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    queue.push_back(w);
                }
            }
        }
    }
    reorder_by(lg, |v| f64::from(seq[v as usize]));
}

/// Swaps random pairs of neighbouring swappable nodes (about a tenth of the nodes), keeping
/// clusters contiguous.
fn perturb(lg: &mut Layered, seed: u64) {
    let mut state = seed | 1;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound.max(1) as u64) as usize
    };
    let moves = lg.kind.len() / 10 + 1;
    for _ in 0..moves {
        let l = next(lg.layers.len());
        let len = lg.layers[l].len();
        if len < 2 {
            continue;
        }
        let i = next(len - 1);
        let j = (i + 1 + next(4)).min(len - 1);
        let v = lg.layers[l][i];
        if (i..=j).all(|k| swappable(lg, v, lg.layers[l][k])) {
            lg.layers[l].swap(i, j);
        }
    }
    lg.index_positions();
}

fn reorder_by(lg: &mut Layered, key: impl Fn(u32) -> f64) {
    for l in 0..lg.layers.len() {
        let nodes = std::mem::take(&mut lg.layers[l]);
        let keys: Vec<f64> = nodes.iter().map(|v| key(*v)).collect();
        lg.layers[l] = structured_order(lg, &nodes, &keys, None);
    }
    lg.index_positions();
}

/// Puts clusters in a consistent order on graphs too small to order (one layer).
fn normalise_clusters(lg: &mut Layered) {
    if lg.cluster_parent.is_empty() {
        return;
    }
    lg.index_positions();
    let mut state = State::new(lg);
    state.reset_cluster_ranks(lg);
    reapply_cluster_ranks(lg, &state);
}

/// Whether `v` and `w` may trade places (same cluster, neither a border).
fn swappable(lg: &Layered, v: u32, w: u32) -> bool {
    !lg.is_border(v) && !lg.is_border(w) && lg.cluster[v as usize] == lg.cluster[w as usize]
}

/// An edge seen from a node: chain tail, chain head, other end's position, weight.
type EdgeEnds = (u32, u32, u32, u32);

/// Crossings among the edges of `v` and `w` (toward one adjacent layer) when `v` is left of `w`,
/// not counting pairs of edges that share an end node.
fn pair_crossings(lg: &Layered, adj: &super::layered::Csr, v: u32, w: u32) -> u64 {
    let (dv, dw) = (adj.degree(v), adj.degree(w));
    if dv == 0 || dw == 0 {
        return 0;
    }
    let mut c = 0u64;
    if dv * dw <= 256 {
        for (a, wa, ca) in adj.of_chains(v) {
            let pa = lg.pos[a as usize];
            for (b, wb, cb) in adj.of_chains(w) {
                if pa > lg.pos[b as usize] && !lg.adjacent_chains(ca, cb) {
                    c += u64::from(wa) * u64::from(wb);
                }
            }
        }
        return c;
    }
    let mut pv: Vec<(u32, u32)> = adj.of(v).map(|(a, wa)| (lg.pos[a as usize], wa)).collect();
    let mut pw: Vec<(u32, u32)> = adj.of(w).map(|(b, wb)| (lg.pos[b as usize], wb)).collect();
    pv.sort_unstable();
    pw.sort_unstable();
    // For each edge of v, count the weight of w's edges ending strictly left of it.
    let mut j = 0;
    let mut acc = 0u64;
    for (pa, wa) in pv {
        while j < pw.len() && pw[j].0 < pa {
            acc += u64::from(pw[j].1);
            j += 1;
        }
        c += acc * u64::from(wa);
    }
    // Take back the crossings of edges that share an end node (grouped by tail, then by head;
    // pairs sharing both are counted in both groups, so they are added back once).
    let ends = |x: u32| -> Vec<EdgeEnds> {
        adj.of_chains(x)
            .filter(|(_, _, ch)| *ch != NONE)
            .map(|(n, wt, ch)| {
                let chain = &lg.chains[ch as usize];
                (chain.tail, chain.head, lg.pos[n as usize], wt)
            })
            .collect()
    };
    let (ev, ew) = (ends(v), ends(w));
    let shared = |key: &dyn Fn(&EdgeEnds) -> (u32, u32)| -> u64 {
        let mut n = 0u64;
        for a in &ev {
            for b in &ew {
                if key(a) == key(b) && a.2 > b.2 {
                    n += u64::from(a.3) * u64::from(b.3);
                }
            }
        }
        n
    };
    let by_tail = shared(&|e| (e.0, NONE));
    let by_head = shared(&|e| (NONE, e.1));
    let by_both = shared(&|e| (e.0, e.1));
    c + by_both - by_tail - by_head
}

/// Crossings of `v`'s and `w`'s edges on both sides, as (with `v` left of `w`, with `w` left of
/// `v`), not counting pairs of edges that share an end node.
fn crossing_pair(lg: &Layered, v: u32, w: u32) -> (u64, u64) {
    let (mut left, mut right) = (0u64, 0u64);
    for adj in [&lg.up, &lg.down] {
        let (v0, v1) = (adj.off[v as usize] as usize, adj.off[v as usize + 1] as usize);
        let (w0, w1) = (adj.off[w as usize] as usize, adj.off[w as usize + 1] as usize);
        if v0 == v1 || w0 == w1 {
            continue;
        }
        if (v1 - v0) * (w1 - w0) > 256 {
            left += pair_crossings(lg, adj, v, w);
            right += pair_crossings(lg, adj, w, v);
            continue;
        }
        for i in v0..v1 {
            let pa = lg.pos[adj.adj[i] as usize];
            let (ta, ha) = adj.ends[i];
            let wa = u64::from(adj.weight[i]);
            for j in w0..w1 {
                let (tb, hb) = adj.ends[j];
                if ta != NONE && (ta == tb || ha == hb) {
                    continue;
                }
                let pb = lg.pos[adj.adj[j] as usize];
                let prod = wa * u64::from(adj.weight[j]);
                if pa > pb {
                    left += prod;
                } else if pa < pb {
                    right += prod;
                }
            }
        }
    }
    (left, right)
}

/// dot's transpose: swap adjacent nodes while that reduces crossings (with `reverse`, also when
/// it keeps them equal), revisiting layers next to changed ones.
fn transpose(lg: &mut Layered, reverse: bool, big: bool) {
    let nlayers = lg.layers.len();
    let mut candidate = vec![true; nlayers];
    let max_rounds = if big { 4 } else { 64 };
    for _ in 0..max_rounds {
        let mut delta = 0u64;
        for l in 0..nlayers {
            if !candidate[l] {
                continue;
            }
            candidate[l] = false;
            let d = transpose_layer(lg, l, reverse);
            if d > 0 {
                delta += d;
                if l > 0 {
                    candidate[l - 1] = true;
                }
                if l + 1 < nlayers {
                    candidate[l + 1] = true;
                }
            }
        }
        if delta == 0 {
            break;
        }
    }
}

fn transpose_layer(lg: &mut Layered, l: usize, reverse: bool) -> u64 {
    let mut gained = 0u64;
    let len = lg.layers[l].len();
    for i in 0..len.saturating_sub(1) {
        let (v, w) = (lg.layers[l][i], lg.layers[l][i + 1]);
        if !swappable(lg, v, w) {
            continue;
        }
        let (c0, c1) = crossing_pair(lg, v, w);
        if c1 < c0 || (reverse && c0 > 0 && c1 == c0) {
            lg.layers[l].swap(i, i + 1);
            lg.pos[v as usize] = i as u32 + 1;
            lg.pos[w as usize] = i as u32;
            gained += c0 - c1;
        }
    }
    gained
}

/// Total crossings between all consecutive layers.
#[must_use]
pub fn count_all(lg: &Layered) -> u64 {
    let mut edges: Vec<(u32, u32, u32, u32)> = Vec::new();
    let mut tree: Vec<u64> = Vec::new();
    (0..lg.layers.len().saturating_sub(1)).map(|l| count_layer(lg, l, &mut edges, &mut tree)).sum()
}

/// Crossings between layers `l` and `l + 1`, not counting pairs of edges that share an end node:
/// Barth–Jünger–Mutzel accumulator-tree counts of all pairs, minus those within groups of edges
/// with the same tail, minus those with the same head, plus those with both the same (counted
/// twice). O(E log V).
fn count_layer(lg: &Layered, l: usize, edges: &mut Vec<(u32, u32, u32, u32)>, tree: &mut Vec<u64>) -> u64 {
    edges.clear();
    for &u in &lg.layers[l] {
        for (v, w, c) in lg.down.of_chains(u) {
            if w > 0 {
                edges.push((lg.pos[u as usize], lg.pos[v as usize], w, c));
            }
        }
    }
    if edges.len() < 2 {
        return 0;
    }
    let q = lg.layers[l + 1].len().max(1);
    edges.sort_unstable();
    // Signed: the groups are taken away before the pairs counted twice are added back.
    let mut total = bjm(edges, q, tree) as i64;
    // Adjacent pairs: group by tail, by head, by both (each group sorted by positions).
    let chain = |e: &(u32, u32, u32, u32)| &lg.chains[e.3 as usize];
    for key in 0..3 {
        let group_of = |e: &(u32, u32, u32, u32)| match key {
            0 => (chain(e).tail, NONE),
            1 => (NONE, chain(e).head),
            _ => (chain(e).tail, chain(e).head),
        };
        edges.sort_unstable_by_key(|e| (group_of(e), e.0, e.1));
        let mut i = 0;
        while i < edges.len() {
            let g = group_of(&edges[i]);
            let mut j = i + 1;
            while j < edges.len() && group_of(&edges[j]) == g {
                j += 1;
            }
            if j - i >= 2 {
                let n = bjm(&edges[i..j], q, tree) as i64;
                if key == 2 {
                    total += n;
                } else {
                    total -= n;
                }
            }
            i = j;
        }
    }
    total.max(0) as u64
}

/// Barth–Jünger–Mutzel: weighted crossings of `edges` (sorted by source then target position)
/// whose targets lie on a layer of `q` nodes.
fn bjm(edges: &[(u32, u32, u32, u32)], q: usize, tree: &mut Vec<u64>) -> u64 {
    let mut first = 1usize;
    while first < q {
        first *= 2;
    }
    tree.clear();
    tree.resize(2 * first - 1, 0);
    let first = first - 1;
    let mut crossings = 0u64;
    for &(_, p, w, _) in edges {
        let w = u64::from(w);
        let mut index = p as usize + first;
        tree[index] += w;
        while index > 0 {
            if index % 2 == 1 {
                crossings += tree[index + 1] * w;
            }
            index = (index - 1) / 2;
            tree[index] += w;
        }
    }
    crossings
}

/// Sifting: moves every node (widest edges first) to the position of its window that gives the
/// fewest crossings with both adjacent layers; repeats while it helps.
fn sift(lg: &mut Layered, mut total: u64) -> u64 {
    let mut nodes: Vec<u32> = (0..lg.kind.len() as u32).filter(|v| !lg.is_border(*v)).collect();
    nodes.sort_by_key(|v| (std::cmp::Reverse(lg.up.degree(*v) + lg.down.degree(*v)), *v));
    for _ in 0..4 {
        let mut improved = false;
        for &v in &nodes {
            let l = lg.layer[v as usize] as usize;
            let p = lg.pos[v as usize] as usize;
            // The window: the run of nodes around v that v may pass.
            let mut lo = p;
            while lo > 0 && swappable(lg, lg.layers[l][lo - 1], v) {
                lo -= 1;
            }
            let mut hi = p;
            while hi + 1 < lg.layers[l].len() && swappable(lg, v, lg.layers[l][hi + 1]) {
                hi += 1;
            }
            if lo == hi {
                continue;
            }
            // Crossing change of v at each slot of the window, relative to slot `lo`.
            let others: Vec<u32> = (lo..=hi).filter(|i| *i != p).map(|i| lg.layers[l][i]).collect();
            let mut delta: i64 = 0;
            let mut best = (0i64, 0usize);
            for (k, &w) in others.iter().enumerate() {
                // Moving v from before w to after w.
                let (vw, wv) = crossing_pair(lg, v, w);
                delta += wv as i64 - vw as i64;
                if delta < best.0 {
                    best = (delta, k + 1);
                }
            }
            // Current cost relative to slot lo.
            let current_slot = p - lo;
            let mut current = 0i64;
            for &w in &others[..current_slot] {
                let (vw, wv) = crossing_pair(lg, v, w);
                current += wv as i64 - vw as i64;
            }
            if best.0 < current {
                let mut window = others;
                window.insert(best.1, v);
                for (k, w) in window.iter().enumerate() {
                    lg.layers[l][lo + k] = *w;
                    lg.pos[*w as usize] = (lo + k) as u32;
                }
                total = total.saturating_sub((current - best.0) as u64);
                improved = true;
            }
        }
        if !improved {
            break;
        }
    }
    debug_assert_eq!(total, count_all(lg));
    total
}

#[cfg(test)]
mod tests {
    use super::super::{EdgeRole, EdgeSpec, Graph, NodeSpec};
    use super::*;

    fn graph(n: usize, edges: &[(u32, u32)]) -> Graph {
        Graph {
            nodes: vec![NodeSpec { width: 10.0, height: 10.0, cluster: None, lane: 0 }; n],
            edges: edges.iter().map(|&(from, to)| EdgeSpec { from, to, role: EdgeRole::Flow, label: None }).collect(),
            ..Graph::default()
        }
    }

    fn layered(g: &Graph) -> Layered {
        let options = Options::default();
        let o = super::super::acyclic::break_cycles(g);
        let r = super::super::rank::assign(g, &o);
        super::super::layered::build(g, &o, &r, &options)
    }

    #[test]
    fn removes_an_avoidable_crossing() {
        // 0 -> 3, 1 -> 2 with 2 and 3 given in the crossing order first.
        let g = graph(4, &[(0, 3), (1, 2)]);
        let mut lg = layered(&g);
        assert_eq!(minimise(&mut lg, &Options::default()), 0);
        assert_eq!(count_all(&lg), 0);
    }

    #[test]
    fn counts_a_complete_bipartite_graph() {
        // Two layers of three nodes, all joined: 9 crossings whatever the order.
        let edges: Vec<(u32, u32)> = (0..3).flat_map(|a| (3..6).map(move |b| (a, b))).collect();
        let g = graph(6, &edges);
        let mut lg = layered(&g);
        assert_eq!(minimise(&mut lg, &Options::default()), 9);
    }
}
