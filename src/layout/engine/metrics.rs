//! Drawing quality measures, shared by the tests and the benchmark so that every engine is
//! measured by the same code.

use crate::layout::types::{Point, Rect};

/// One drawn edge: its end nodes (any ids) and its polyline.
#[derive(Clone, Debug)]
pub struct DrawnEdge<'a> {
    /// Source node id.
    pub from: u32,
    /// Target node id.
    pub to: u32,
    /// The polyline.
    pub points: &'a [Point],
}

/// Proper crossings between the segments of different edges that share no end node: each pair
/// of segments that intersect at a single interior point counts once. Segments are swept by
/// their left end, so only overlapping x-ranges are compared.
#[must_use]
pub fn count_crossings(edges: &[DrawnEdge<'_>]) -> u64 {
    struct Seg {
        edge: u32,
        a: Point,
        b: Point,
        lo: f64,
        hi: f64,
    }
    let mut segs: Vec<Seg> = Vec::new();
    for (i, e) in edges.iter().enumerate() {
        for w in e.points.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a == b {
                continue;
            }
            segs.push(Seg { edge: i as u32, a, b, lo: a.x.min(b.x), hi: a.x.max(b.x) });
        }
    }
    segs.sort_by(|s, t| s.lo.total_cmp(&t.lo));
    let mut count = 0u64;
    for i in 0..segs.len() {
        let s = &segs[i];
        let es = &edges[s.edge as usize];
        for t in &segs[i + 1..] {
            if t.lo > s.hi {
                break;
            }
            if t.edge == s.edge {
                continue;
            }
            let et = &edges[t.edge as usize];
            if es.from == et.from || es.from == et.to || es.to == et.from || es.to == et.to {
                continue;
            }
            if proper_intersection(s.a, s.b, t.a, t.b) {
                count += 1;
            }
        }
    }
    count
}

fn orient(a: Point, b: Point, c: Point) -> f64 {
    (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
}

/// Whether segments `ab` and `cd` cross at one point inside both (touching does not count).
#[must_use]
pub fn proper_intersection(a: Point, b: Point, c: Point, d: Point) -> bool {
    const EPS: f64 = 1e-9;
    let (o1, o2) = (orient(a, b, c), orient(a, b, d));
    let (o3, o4) = (orient(c, d, a), orient(c, d, b));
    ((o1 > EPS && o2 < -EPS) || (o1 < -EPS && o2 > EPS)) && ((o3 > EPS && o4 < -EPS) || (o3 < -EPS && o4 > EPS))
}

/// Whether the segment `ab` passes through the interior of `r` (shrunk by `inset` on every
/// side, so touching the border does not count).
#[must_use]
pub fn segment_hits_rect(a: Point, b: Point, r: &Rect, inset: f64) -> bool {
    let (x0, y0, x1, y1) = (r.x + inset, r.y + inset, r.right() - inset, r.bottom() - inset);
    if x1 <= x0 || y1 <= y0 {
        return false;
    }
    // Liang–Barsky clipping against the open rectangle.
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (p, q) in [(-dx, a.x - x0), (dx, x1 - a.x), (-dy, a.y - y0), (dy, y1 - a.y)] {
        if p.abs() < 1e-12 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t1 - t0 > 1e-9
}

/// Every violated drawing invariant of `drawing` for `graph`, as readable lines (empty when the
/// drawing is sound): overlapping node boxes, nodes outside their clusters, clusters that overlap
/// a sibling or hold a non-member, edge segments through nodes that are not their ends, labels
/// on nodes or on each other.
#[must_use]
pub fn problems(graph: &super::Graph, drawing: &super::Drawing) -> Vec<String> {
    let mut out = Vec::new();
    let n = graph.nodes.len();
    let eps = 0.01;
    let shrink = |r: &Rect| Rect {
        x: r.x + eps,
        y: r.y + eps,
        width: (r.width - 2.0 * eps).max(0.0),
        height: (r.height - 2.0 * eps).max(0.0),
    };
    // Sort by x to compare only boxes whose x-ranges meet.
    let mut by_x: Vec<usize> = (0..n).collect();
    by_x.sort_by(|a, b| drawing.nodes[*a].x.total_cmp(&drawing.nodes[*b].x));
    for (k, &a) in by_x.iter().enumerate() {
        let ra = shrink(&drawing.nodes[a]);
        for &b in &by_x[k + 1..] {
            let rb = shrink(&drawing.nodes[b]);
            if rb.x >= ra.right() {
                break;
            }
            if ra.overlaps(&rb) {
                out.push(format!("nodes {a} and {b} overlap"));
            }
        }
    }
    // Cluster membership (with ancestors).
    let parent = |c: usize| graph.clusters[c].parent.map(|p| p as usize);
    let ancestors = |c: Option<u32>| {
        let mut v = Vec::new();
        let mut at = c.map(|c| c as usize);
        while let Some(c) = at {
            v.push(c);
            at = parent(c);
        }
        v
    };
    for v in 0..n {
        let inside = ancestors(graph.nodes[v].cluster);
        for c in 0..graph.clusters.len() {
            let member = inside.contains(&c);
            let cb = &drawing.clusters[c];
            if member && !cb.contains_rect(&drawing.nodes[v]) {
                out.push(format!("node {v} is outside its cluster {c}"));
            }
            if !member && cb.overlaps(&shrink(&drawing.nodes[v])) {
                out.push(format!("node {v} overlaps cluster {c} it is not in"));
            }
        }
    }
    for a in 0..graph.clusters.len() {
        for b in a + 1..graph.clusters.len() {
            let (anc_a, anc_b) = (ancestors(Some(a as u32)), ancestors(Some(b as u32)));
            if anc_a.contains(&b) || anc_b.contains(&a) {
                let (outer, inner) = if anc_a.contains(&b) { (b, a) } else { (a, b) };
                if !drawing.clusters[outer].contains_rect(&drawing.clusters[inner]) {
                    out.push(format!("cluster {inner} is outside its parent {outer}"));
                }
            } else if shrink(&drawing.clusters[a]).overlaps(&drawing.clusters[b]) {
                out.push(format!("clusters {a} and {b} overlap"));
            }
        }
    }
    // Edges through nodes, labels on nodes and on each other.
    for (i, e) in graph.edges.iter().enumerate() {
        let route = &drawing.edges[i];
        for w in route.points.windows(2) {
            for v in 0..n {
                if v as u32 == e.from || v as u32 == e.to {
                    continue;
                }
                if segment_hits_rect(w[0], w[1], &drawing.nodes[v], 0.5) {
                    out.push(format!("edge {i} passes through node {v}"));
                }
            }
        }
        if let Some(l) = &route.label {
            for v in 0..n {
                if shrink(l).overlaps(&drawing.nodes[v]) {
                    out.push(format!("label of edge {i} overlaps node {v}"));
                }
            }
            for (j, other) in drawing.edges.iter().enumerate().skip(i + 1) {
                if let Some(m) = &other.label {
                    if shrink(l).overlaps(m) {
                        out.push(format!("labels of edges {i} and {j} overlap"));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    #[test]
    fn counts_proper_crossings_only() {
        let a = [p(0.0, 0.0), p(10.0, 10.0)];
        let b = [p(0.0, 10.0), p(10.0, 0.0)];
        let c = [p(10.0, 10.0), p(20.0, 0.0)];
        let edges = [
            DrawnEdge { from: 0, to: 1, points: &a },
            DrawnEdge { from: 2, to: 3, points: &b },
            DrawnEdge { from: 4, to: 5, points: &c },
        ];
        // a and b cross; c only touches a's end point.
        assert_eq!(count_crossings(&edges), 1);
        // Edges sharing an end node are not counted.
        let shared = [DrawnEdge { from: 0, to: 1, points: &a }, DrawnEdge { from: 0, to: 3, points: &b }];
        assert_eq!(count_crossings(&shared), 0);
    }

    #[test]
    fn detects_segments_through_boxes() {
        let r = Rect { x: 0.0, y: 0.0, width: 10.0, height: 10.0 };
        assert!(segment_hits_rect(p(-5.0, 5.0), p(15.0, 5.0), &r, 0.5));
        assert!(!segment_hits_rect(p(-5.0, 0.0), p(15.0, 0.0), &r, 0.5));
        assert!(!segment_hits_rect(p(-5.0, 20.0), p(15.0, 20.0), &r, 0.5));
    }
}
