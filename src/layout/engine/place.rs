//! Coordinate assignment.
//!
//! Across the flow (*order* axis): Brandes–Köpf (2001) in its four alignments (up/down ×
//! left/right), each compacted on the block graph in two passes (as far left as the separations
//! force, then toward the successors to use the slack, as dagre does), balanced by the mean of
//! the two median candidates. Every alignment satisfies every separation constraint and the
//! balancing keeps that (order statistics preserve `x_v − x_u ≥ s`), so boxes never overlap.
//! Inner segments (dummy to dummy, and the vertical links between a cluster's border nodes) win
//! over the segments that cross them, so long edges run straight and each cluster border is one
//! vertical line: cluster boxes are rectangles that hold exactly their members.
//!
//! Along the flow (*rank* axis): each layer is as deep as its deepest node; the gap between two
//! layers is the base gap or more where clusters end and begin (padding, titles).
//!
//! Titles that are longer than their box is wide are made to fit by shifting everything beyond
//! the box's far side outward (a half-plane shift never brings two things closer).

use super::layered::{Layered, NodeKind};
use super::{Direction, Graph, NONE, Options};

/// The room a self-loop number `k` (0-based) of a node takes beside it.
#[must_use]
pub fn loop_extent(k: u32) -> f64 {
    16.0 + 10.0 * f64::from(k)
}

/// An axis-aligned box in engine coordinates.
#[derive(Copy, Clone, Debug, Default, PartialEq)]
pub struct EBox {
    /// Order axis start.
    pub o0: f64,
    /// Order axis end.
    pub o1: f64,
    /// Rank axis start.
    pub r0: f64,
    /// Rank axis end.
    pub r1: f64,
}

/// Coordinates of the layered graph.
#[derive(Clone, Debug, Default)]
pub struct Placed {
    /// Order coordinate (centre) of every layered node.
    pub o: Vec<f64>,
    /// Rank coordinate of the centre of every layer.
    pub layer_center: Vec<f64>,
    /// Depth of every layer.
    pub layer_depth: Vec<f64>,
    /// Box of every cluster.
    pub clusters: Vec<EBox>,
    /// Box of every lane (None for lanes without nodes).
    pub lanes: Vec<Option<EBox>>,
    /// Extra room reserved after each real node (self-loops and their labels).
    pub loop_room: Vec<f64>,
}

/// Assigns coordinates.
#[must_use]
pub fn place(graph: &Graph, lg: &Layered, options: &Options) -> Placed {
    let total = lg.kind.len();
    let horizontal = options.direction == Direction::Right;
    // Self-loops nest beside their node; their labels are stacked outside the outermost loop.
    let mut loop_room = vec![0.0; lg.real];
    {
        let mut labels = vec![0.0; lg.real];
        for e in &graph.edges {
            if e.from == e.to {
                let v = e.from as usize;
                labels[v] += e.label.map_or(0.0, |(w, h)| if horizontal { h } else { w } + 6.0);
            }
        }
        for v in 0..lg.real {
            if lg.self_loops[v] > 0 {
                loop_room[v] = loop_extent(lg.self_loops[v] - 1) + labels[v];
            }
        }
    }
    let clusters = lg.cluster_parent.len();
    let title = |c: usize| graph.clusters[c].title;
    let title_thickness = |c: usize| title(c).1 + options.title_gap;

    // Separation between consecutive nodes u (left) and v (right) of a layer.
    let sep = |u: u32, v: u32| -> f64 {
        let half = |x: u32| if lg.is_border(x) { 0.0 } else { lg.breadth[x as usize] / 2.0 };
        let mut s = half(u) + half(v);
        if (u as usize) < lg.real {
            s += loop_room[u as usize];
        }
        let gap = match (lg.kind[u as usize], lg.kind[v as usize]) {
            (NodeKind::Border { cluster: a, right: false }, NodeKind::Border { cluster: b, right: true }) if a == b => {
                2.0 * options.cluster_pad + if horizontal { title_thickness(a as usize) } else { 0.0 }
            }
            (NodeKind::Border { cluster, right: false }, _) => {
                options.cluster_pad + if horizontal { title_thickness(cluster as usize) } else { 0.0 }
            }
            (_, NodeKind::Border { right: true, .. }) => options.cluster_pad,
            (a, b) => {
                let edge_like =
                    |k: NodeKind| matches!(k, NodeKind::Dummy(_) | NodeKind::Label(_) | NodeKind::Border { .. });
                if edge_like(a) && edge_like(b) {
                    if matches!(a, NodeKind::Border { .. }) && matches!(b, NodeKind::Border { .. }) {
                        options.node_gap * 0.75
                    } else {
                        options.edge_gap
                    }
                } else if edge_like(a) || edge_like(b) {
                    (options.edge_gap + options.node_gap) / 2.0
                } else {
                    options.node_gap
                }
            }
        };
        s + gap
    };

    let mut o = brandes_koepf(lg, &sep);
    let _ = total;

    // Rank axis: layer depths and gaps.
    let nlayers = lg.layers.len();
    let mut layer_depth = vec![0.0f64; nlayers];
    for (l, layer) in lg.layers.iter().enumerate() {
        for &v in layer {
            layer_depth[l] = layer_depth[l].max(lg.depth[v as usize]);
        }
    }
    // Insets of clusters above their first layer and below their last.
    let mut top_inset = vec![0.0f64; clusters];
    let mut bottom_inset = vec![0.0f64; clusters];
    for c in (0..clusters).rev() {
        // Children come after parents, so iterating backwards sees children first.
        top_inset[c] += options.cluster_pad + if horizontal { 0.0 } else { title_thickness(c) };
        bottom_inset[c] += options.cluster_pad;
        let p = lg.cluster_parent[c];
        if p != NONE {
            let (pa, pb) = (lg.cluster_span[p as usize], lg.cluster_span[c]);
            if pa.0 == pb.0 {
                top_inset[p as usize] = top_inset[p as usize].max(top_inset[c]);
            }
            if pa.1 == pb.1 {
                bottom_inset[p as usize] = bottom_inset[p as usize].max(bottom_inset[c]);
            }
        }
    }
    // Lanes behave like top-level clusters along the flow.
    let lanes = graph.lanes.len();
    let mut lane_span = vec![(NONE, NONE); lanes];
    if lanes > 0 {
        for v in 0..lg.real {
            let lane = graph.nodes[v].lane as usize;
            let l = lg.layer[v];
            let s = &mut lane_span[lane];
            s.0 = if s.0 == NONE { l } else { s.0.min(l) };
            s.1 = if s.1 == NONE { l } else { s.1.max(l) };
        }
    }
    let lane_title = |i: usize| graph.lanes[i].title;
    let mut end_at = vec![0.0f64; nlayers];
    let mut start_at = vec![0.0f64; nlayers];
    for c in 0..clusters {
        let (a, b) = lg.cluster_span[c];
        if a == NONE {
            continue;
        }
        start_at[a as usize] = start_at[a as usize].max(top_inset[c]);
        end_at[b as usize] = end_at[b as usize].max(bottom_inset[c]);
    }
    for (i, &(a, b)) in lane_span.iter().enumerate() {
        if a == NONE {
            continue;
        }
        let top = options.cluster_pad + if horizontal { 0.0 } else { lane_title(i).1 + options.title_gap };
        start_at[a as usize] = start_at[a as usize].max(top);
        end_at[b as usize] = end_at[b as usize].max(options.cluster_pad);
    }
    let mut layer_center = vec![0.0f64; nlayers];
    let mut cursor = start_at.first().copied().unwrap_or(0.0);
    for l in 0..nlayers {
        if l > 0 {
            let needed = end_at[l - 1] + start_at[l] + options.edge_gap;
            cursor += options.rank_gap.max(needed);
        }
        layer_center[l] = cursor + layer_depth[l] / 2.0;
        cursor += layer_depth[l];
    }
    let layer_top = |lc: &[f64], l: usize| lc[l] - layer_depth[l] / 2.0;
    let layer_bottom = |lc: &[f64], l: usize| lc[l] + layer_depth[l] / 2.0;

    // Titles longer than their box. Along the rank axis (direction right) a box may end later
    // than its last layer (`extra`), and the layers after it move out to make room; along the
    // order axis (direction down) everything right of the box moves out. Inner clusters first,
    // so a parent always covers its children's extensions.
    let mut by_depth: Vec<usize> = (0..clusters).collect();
    let depth_of = |c: usize| lg.cluster_ancestors(c as u32).count();
    by_depth.sort_by_key(|c| (std::cmp::Reverse(depth_of(*c)), *c));
    let mut extra = vec![0.0f64; clusters];
    let mut shifted_after = vec![0.0f64; nlayers];
    for &c in &by_depth {
        let (a, b) = lg.cluster_span[c];
        if a == NONE {
            continue;
        }
        let needed = title(c).0 + 2.0 * options.cluster_pad;
        if horizontal {
            let start = layer_top(&layer_center, a as usize) - top_inset[c];
            let base_end = layer_bottom(&layer_center, b as usize) + bottom_inset[c];
            let mut end = base_end.max(start + needed);
            for k in 0..clusters {
                if lg.cluster_parent[k] == c as u32 && lg.cluster_span[k].0 != NONE {
                    let kb = lg.cluster_span[k].1 as usize;
                    let child_end = layer_bottom(&layer_center, kb) + bottom_inset[k] + extra[k];
                    end = end.max(child_end + options.cluster_pad);
                }
            }
            extra[c] = end - base_end;
            let b = b as usize;
            if extra[c] > shifted_after[b] {
                let delta = extra[c] - shifted_after[b];
                for lc in layer_center.iter_mut().skip(b + 1) {
                    *lc += delta;
                }
                shifted_after[b] = extra[c];
            }
        } else {
            let (l0, r0) = lg.borders[c][0];
            let have = o[r0 as usize] - o[l0 as usize];
            if have < needed {
                let edge = o[r0 as usize];
                let delta = needed - have;
                for x in &mut o {
                    if *x >= edge {
                        *x += delta;
                    }
                }
            }
        }
    }

    // Boxes.
    let mut cluster_boxes = vec![EBox::default(); clusters];
    for c in 0..clusters {
        let (a, b) = lg.cluster_span[c];
        if a == NONE {
            continue;
        }
        let (l0, r0) = lg.borders[c][0];
        let r_start = layer_top(&layer_center, a as usize) - top_inset[c];
        let r1 = layer_bottom(&layer_center, b as usize) + bottom_inset[c] + extra[c];
        cluster_boxes[c] = EBox { o0: o[l0 as usize], o1: o[r0 as usize], r0: r_start, r1 };
    }

    // Order extent of everything (for lanes).
    let mut o_min = f64::INFINITY;
    let mut o_max = f64::NEG_INFINITY;
    for v in 0..lg.kind.len() {
        let half = lg.breadth[v] / 2.0;
        o_min = o_min.min(o[v] - half);
        let room = if v < lg.real { loop_room[v] } else { 0.0 };
        o_max = o_max.max(o[v] + half + room);
    }
    if !o_min.is_finite() {
        o_min = 0.0;
        o_max = 0.0;
    }
    let mut lane_boxes = vec![None; lanes];
    if lanes > 0 {
        let widest_title = (0..lanes).map(|i| lane_title(i).0).fold(0.0, f64::max);
        let band =
            if horizontal { (0..lanes).map(|i| lane_title(i).1).fold(0.0, f64::max) + options.title_gap } else { 0.0 };
        let o0 = o_min - options.cluster_pad - band;
        let mut o1 = o_max + options.cluster_pad;
        if !horizontal {
            o1 = o1.max(o0 + widest_title + 2.0 * options.cluster_pad);
        }
        let mut present: Vec<usize> = (0..lanes).filter(|i| lane_span[*i].0 != NONE).collect();
        present.sort_by_key(|i| lane_span[*i].0);
        // Lane titles along the rank axis (direction right) need the lane to be long enough.
        if horizontal {
            for &i in &present {
                let (a, b) = lane_span[i];
                let have = layer_bottom(&layer_center, b as usize) - layer_top(&layer_center, a as usize)
                    + 2.0 * options.cluster_pad;
                let needed = lane_title(i).0 + 2.0 * options.cluster_pad;
                if have < needed {
                    let delta = needed - have;
                    for (l, lc) in layer_center.iter_mut().enumerate() {
                        if l > b as usize {
                            *lc += delta;
                        } else if l >= a as usize {
                            *lc += delta / 2.0;
                        }
                    }
                }
            }
        }
        for (k, &i) in present.iter().enumerate() {
            let (a, b) = lane_span[i];
            let top = layer_top(&layer_center, a as usize) - start_at[a as usize];
            let r0 = if k == 0 {
                top
            } else {
                let prev_b = lane_span[present[k - 1]].1 as usize;
                let prev_end = layer_bottom(&layer_center, prev_b) + end_at[prev_b];
                (prev_end + top) / 2.0
            };
            let bottom = layer_bottom(&layer_center, b as usize) + end_at[b as usize];
            let r1 = if k + 1 == present.len() {
                bottom
            } else {
                let next_a = lane_span[present[k + 1]].0 as usize;
                let next_start = layer_top(&layer_center, next_a) - start_at[next_a];
                (bottom + next_start) / 2.0
            };
            lane_boxes[i] = Some(EBox { o0, o1, r0, r1 });
        }
    }
    Placed { o, layer_center, layer_depth, clusters: cluster_boxes, lanes: lane_boxes, loop_room }
}

/// Order coordinates by Brandes–Köpf with the given separation function.
fn brandes_koepf(lg: &Layered, sep: &dyn Fn(u32, u32) -> f64) -> Vec<f64> {
    let total = lg.kind.len();
    if total == 0 {
        return Vec::new();
    }
    let marked = mark_conflicts(lg);
    let mut candidates: Vec<Vec<f64>> = Vec::with_capacity(4);
    for (down, left) in [(true, true), (true, false), (false, true), (false, false)] {
        let (root, align) = align(lg, &marked, down, left);
        candidates.push(compact(lg, &root, &align, left, sep));
    }
    // Align to the narrowest candidate, then take the mean of the two medians.
    let extent = |x: &[f64]| {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for (xv, b) in x.iter().zip(&lg.breadth) {
            lo = lo.min(xv - b / 2.0);
            hi = hi.max(xv + b / 2.0);
        }
        (lo, hi)
    };
    let extents: Vec<(f64, f64)> = candidates.iter().map(|x| extent(x)).collect();
    let narrowest =
        (0..4).min_by(|a, b| (extents[*a].1 - extents[*a].0).total_cmp(&(extents[*b].1 - extents[*b].0))).unwrap_or(0);
    for (i, x) in candidates.iter_mut().enumerate() {
        let left = i % 2 == 0;
        let shift = if left { extents[narrowest].0 - extents[i].0 } else { extents[narrowest].1 - extents[i].1 };
        for xv in x.iter_mut() {
            *xv += shift;
        }
    }
    let mut out = vec![0.0; total];
    let mut four = [0.0; 4];
    for v in 0..total {
        for (k, c) in candidates.iter().enumerate() {
            four[k] = c[v];
        }
        four.sort_by(f64::total_cmp);
        out[v] = (four[1] + four[2]) / 2.0;
    }
    out
}

/// Whether the segment between `u` (upper) and `v` (lower) is inner: both ends stand for the
/// same edge, or both are borders of the same cluster.
fn is_inner(lg: &Layered, u: u32, v: u32) -> bool {
    match (lg.kind[u as usize], lg.kind[v as usize]) {
        (NodeKind::Dummy(a) | NodeKind::Label(a), NodeKind::Dummy(b) | NodeKind::Label(b)) => a == b,
        (NodeKind::Border { cluster: a, right: ra }, NodeKind::Border { cluster: b, right: rb }) => a == b && ra == rb,
        _ => false,
    }
}

/// Conflicts, by index into `lg.down`: non-inner segments that cross an inner segment (type 1),
/// and any segment, dummy chains included, that crosses a cluster border link, so that border
/// chains always stay aligned and cluster boxes stay rectangles.
fn mark_conflicts(lg: &Layered) -> Vec<bool> {
    let mut marked = vec![false; lg.down.adj.len()];
    let is_border_link = |u: u32, v: u32| lg.is_border(u) && is_inner(lg, u, v);
    mark_crossing(lg, &mut marked, &|u, v| is_inner(lg, u, v), &|u, v| !is_inner(lg, u, v));
    if !lg.cluster_parent.is_empty() {
        mark_crossing(lg, &mut marked, &is_border_link, &|u, v| !is_border_link(u, v));
    }
    marked
}

/// Marks the segments for which `markable` holds that cross a segment for which `blocking`
/// holds (Brandes–Köpf's preprocessing, with the two segment classes as parameters).
fn mark_crossing(
    lg: &Layered,
    marked: &mut [bool],
    blocking: &dyn Fn(u32, u32) -> bool,
    markable: &dyn Fn(u32, u32) -> bool,
) {
    for i in 0..lg.layers.len().saturating_sub(1) {
        let upper = &lg.layers[i];
        let lower = &lg.layers[i + 1];
        let mut k0 = 0u32;
        let mut l = 0usize;
        for l1 in 0..lower.len() {
            let v = lower[l1];
            let blocking_upper = lg.up.of(v).map(|(u, _)| u).find(|u| blocking(*u, v));
            if l1 + 1 == lower.len() || blocking_upper.is_some() {
                let k1 = blocking_upper.map_or(upper.len().saturating_sub(1) as u32, |u| lg.pos[u as usize]);
                while l <= l1 {
                    let w = lower[l];
                    for (u, _) in lg.up.of(w) {
                        let k = lg.pos[u as usize];
                        if (k < k0 || k > k1) && markable(u, w) {
                            let (a, b) = (lg.down.off[u as usize] as usize, lg.down.off[u as usize + 1] as usize);
                            if let Some(j) = (a..b).find(|j| lg.down.adj[*j] == w) {
                                marked[j] = true;
                            }
                        }
                    }
                    l += 1;
                }
                k0 = k1;
            }
        }
    }
}

fn is_marked(lg: &Layered, marked: &[bool], upper: u32, lower: u32) -> bool {
    let (a, b) = (lg.down.off[upper as usize] as usize, lg.down.off[upper as usize + 1] as usize);
    (a..b).any(|j| lg.down.adj[j] == lower && marked[j])
}

/// Vertical alignment for one of the four directions: blocks of nodes aligned with a median
/// neighbour, never crossing each other or a marked segment.
fn align(lg: &Layered, marked: &[bool], down: bool, left: bool) -> (Vec<u32>, Vec<u32>) {
    let total = lg.kind.len();
    let mut root: Vec<u32> = (0..total as u32).collect();
    let mut align: Vec<u32> = (0..total as u32).collect();
    let nlayers = lg.layers.len();
    let len_of = |v: u32| lg.layers[lg.layer[v as usize] as usize].len() as i64;
    // Position in the direction's own left-to-right order.
    let vpos =
        |v: u32| if left { i64::from(lg.pos[v as usize]) } else { len_of(v) - 1 - i64::from(lg.pos[v as usize]) };
    let mut neighbours: Vec<u32> = Vec::new();
    for step in 0..nlayers {
        let l = if down { step } else { nlayers - 1 - step };
        let layer = &lg.layers[l];
        let mut r: i64 = -1;
        for k in 0..layer.len() {
            let v = if left { layer[k] } else { layer[layer.len() - 1 - k] };
            neighbours.clear();
            let adj = if down { &lg.up } else { &lg.down };
            neighbours.extend(adj.of(v).map(|(u, _)| u));
            if neighbours.is_empty() {
                continue;
            }
            neighbours.sort_by_key(|u| vpos(*u));
            let d = neighbours.len();
            for m in [(d - 1) / 2, d / 2] {
                if align[v as usize] != v {
                    break;
                }
                let u = neighbours[m];
                let (upper, lower) = if down { (u, v) } else { (v, u) };
                if !is_marked(lg, marked, upper, lower) && r < vpos(u) {
                    align[u as usize] = v;
                    root[v as usize] = root[u as usize];
                    align[v as usize] = root[v as usize];
                    r = vpos(u);
                }
            }
        }
    }
    (root, align)
}

/// Horizontal compaction of the blocks of one alignment on the block graph: as far left as the
/// separations force, then toward the successors where there is slack. Returns coordinates in
/// the common orientation (mirrored back for right-to-left alignments).
fn compact(lg: &Layered, root: &[u32], _align: &[u32], left: bool, sep: &dyn Fn(u32, u32) -> f64) -> Vec<f64> {
    let total = lg.kind.len();
    // Block graph edges (root -> root, separation), in the direction's left-to-right order.
    let mut edges: Vec<(u32, u32, f64)> = Vec::new();
    for layer in &lg.layers {
        for w in layer.windows(2) {
            let (a, b) = (w[0], w[1]);
            let s = sep(a, b);
            let (from, to) =
                if left { (root[a as usize], root[b as usize]) } else { (root[b as usize], root[a as usize]) };
            if from != to {
                edges.push((from, to, s));
            }
        }
    }
    edges.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)).then(y.2.total_cmp(&x.2)));
    edges.dedup_by(|later, earlier| later.0 == earlier.0 && later.1 == earlier.1);
    let mut out_off = vec![0u32; total + 1];
    let mut in_off = vec![0u32; total + 1];
    for &(a, b, _) in &edges {
        out_off[a as usize + 1] += 1;
        in_off[b as usize + 1] += 1;
    }
    for i in 0..total {
        out_off[i + 1] += out_off[i];
        in_off[i + 1] += in_off[i];
    }
    let mut outs = vec![(0u32, 0.0f64); edges.len()];
    let mut ins = vec![(0u32, 0.0f64); edges.len()];
    {
        let mut fo = out_off.clone();
        let mut fi = in_off.clone();
        for &(a, b, s) in &edges {
            outs[fo[a as usize] as usize] = (b, s);
            fo[a as usize] += 1;
            ins[fi[b as usize] as usize] = (a, s);
            fi[b as usize] += 1;
        }
    }
    // Topological order of the roots (the block graph is acyclic for a valid alignment).
    let is_root: Vec<bool> = (0..total).map(|v| root[v] == v as u32).collect();
    let mut indeg: Vec<u32> = (0..total).map(|v| in_off[v + 1] - in_off[v]).collect();
    let mut order: Vec<u32> = (0..total as u32).filter(|v| is_root[*v as usize] && indeg[*v as usize] == 0).collect();
    let mut head = 0;
    while head < order.len() {
        let v = order[head] as usize;
        head += 1;
        for &(w, _) in &outs[out_off[v] as usize..out_off[v + 1] as usize] {
            indeg[w as usize] -= 1;
            if indeg[w as usize] == 0 {
                order.push(w);
            }
        }
    }
    let mut x = vec![0.0f64; total];
    for &v in &order {
        let v = v as usize;
        let mut best: f64 = 0.0;
        let mut any = false;
        for &(u, s) in &ins[in_off[v] as usize..in_off[v + 1] as usize] {
            let cand = x[u as usize] + s;
            if !any || cand > best {
                best = cand;
                any = true;
            }
        }
        x[v] = if any { best } else { 0.0 };
    }
    for &v in order.iter().rev() {
        let v = v as usize;
        let succ = &outs[out_off[v] as usize..out_off[v + 1] as usize];
        if succ.is_empty() {
            continue;
        }
        let limit = succ.iter().map(|&(w, s)| x[w as usize] - s).fold(f64::INFINITY, f64::min);
        if limit.is_finite() && limit > x[v] {
            x[v] = limit;
        }
    }
    (0..total)
        .map(|v| {
            let xv = x[root[v] as usize];
            if left { xv } else { -xv }
        })
        .collect()
}
