//! Edge routing and the final drawing in x/y coordinates.
//!
//! An edge leaves its tail straight along the flow to the edge of the tail's layer band, crosses
//! the gap to the next layer, runs straight through every band it passes (at its dummy's
//! position, which no node occupies), and enters its head the same way. Diagonal pieces lie only
//! in the gaps between layer bands, where there are no nodes, so no edge passes through a node;
//! a renderer that draws each gap piece as a curve with tangents along the flow stays inside
//! the same gap.
//!
//! Ports are spread along a node's side in the order of the edges' other ends, so edges of one
//! node do not cross each other at the node. Parallel edges share a chain and are drawn side by
//! side; self-loops are drawn as small loops beside their node, in room the placement reserved.
//! Labels sit beside their edge on the label dummy's layer.

use super::acyclic::Oriented;
use super::layered::{LABEL_MARGIN, Layered, NodeKind};
use super::place::{EBox, Placed, loop_extent};
use super::{Direction, Drawing, Graph, NONE, Options, Route};
use crate::layout::types::{Point, Rect};

/// Builds the drawing: node boxes, edge routes, cluster and lane boxes, bounds.
#[must_use]
pub fn route(graph: &Graph, oriented: &Oriented, lg: &Layered, placed: &Placed, options: &Options) -> Drawing {
    let horizontal = options.direction == Direction::Right;
    let to_xy = |o: f64, r: f64| if horizontal { Point { x: r, y: o } } else { Point { x: o, y: r } };
    let to_rect = |b: &EBox| {
        if horizontal {
            Rect { x: b.r0, y: b.o0, width: b.r1 - b.r0, height: b.o1 - b.o0 }
        } else {
            Rect { x: b.o0, y: b.r0, width: b.o1 - b.o0, height: b.r1 - b.r0 }
        }
    };
    let center_r = |v: u32| placed.layer_center[lg.layer[v as usize] as usize];
    let band = |v: u32| placed.layer_depth[lg.layer[v as usize] as usize] / 2.0;
    let node_box = |v: u32| {
        let (o, r) = (placed.o[v as usize], center_r(v));
        let (b, d) = (lg.breadth[v as usize], lg.depth[v as usize]);
        EBox { o0: o - b / 2.0, o1: o + b / 2.0, r0: r - d / 2.0, r1: r + d / 2.0 }
    };

    // Ports: for every real node and side, the chains in the order of their other ends.
    let bundle_gap = options.edge_gap * 0.5;
    let mut port_of: Vec<(f64, f64)> = vec![(0.0, 0.0); lg.chains.len()]; // (tail port o, head port o)
    {
        let mut bottom: Vec<Vec<(f64, u32)>> = vec![Vec::new(); lg.real];
        let mut top: Vec<Vec<(f64, u32)>> = vec![Vec::new(); lg.real];
        for (c, chain) in lg.chains.iter().enumerate() {
            let next = chain.dummies.first().copied().unwrap_or(chain.head);
            let prev = chain.dummies.last().copied().unwrap_or(chain.tail);
            bottom[chain.tail as usize].push((placed.o[next as usize], c as u32));
            top[chain.head as usize].push((placed.o[prev as usize], c as u32));
        }
        for (v, sides) in [(&bottom, true), (&top, false)]
            .iter()
            .flat_map(|(lists, is_tail)| lists.iter().enumerate().map(move |(v, l)| (v, (l, *is_tail))))
        {
            let (list, is_tail) = sides;
            if list.is_empty() {
                continue;
            }
            let mut list = list.clone();
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let slots: usize = list.iter().map(|(_, c)| lg.chains[*c as usize].edges.len()).sum();
            let breadth = lg.breadth[v];
            let spacing = if slots > 1 { (breadth * 0.7 / (slots - 1) as f64).min(options.edge_gap) } else { 0.0 };
            let mut slot = 0usize;
            let o = placed.o[v];
            for (_, c) in list {
                let k = lg.chains[c as usize].edges.len();
                // The port of the chain's middle edge.
                let mid = slot as f64 + (k as f64 - 1.0) / 2.0;
                let port = o + (mid - (slots as f64 - 1.0) / 2.0) * spacing;
                if is_tail {
                    port_of[c as usize].0 = port;
                } else {
                    port_of[c as usize].1 = port;
                }
                slot += k;
            }
        }
    }

    let mut routes = vec![Route::default(); graph.edges.len()];
    for (c, chain) in lg.chains.iter().enumerate() {
        let k = chain.edges.len();
        let spacing =
            bundle_gap.min(if k > 1 { (lg.breadth[chain.tail as usize] * 0.7) / k as f64 } else { bundle_gap });
        for (j, &e) in chain.edges.iter().enumerate() {
            let off = (j as f64 - (k as f64 - 1.0) / 2.0) * spacing;
            let mut pts: Vec<(f64, f64)> = Vec::new();
            let (t, h) = (chain.tail, chain.head);
            // Ports stay on the node's side even for wide bundles.
            let clamp = |v: u32, p: f64| {
                let (o, half) = (placed.o[v as usize], lg.breadth[v as usize] * 0.45);
                p.clamp(o - half, o + half)
            };
            let tp = clamp(t, port_of[c].0 + off);
            pts.push((tp, center_r(t) + lg.depth[t as usize] / 2.0));
            pts.push((tp, center_r(t) + band(t)));
            let mut label = None;
            for &d in &chain.dummies {
                let (rd, bd) = (center_r(d), band(d));
                let od = match lg.kind[d as usize] {
                    NodeKind::Label(_) => {
                        let line = placed.o[d as usize] - lg.breadth[d as usize] / 2.0 + LABEL_MARGIN * 0.3;
                        let (lw, lh) = graph.edges[e as usize].label.unwrap_or((0.0, 0.0));
                        let (lb, ld) = if horizontal { (lh, lw) } else { (lw, lh) };
                        let o0 = line + LABEL_MARGIN * 0.5;
                        label = Some(EBox { o0, o1: o0 + lb, r0: rd - ld / 2.0, r1: rd + ld / 2.0 });
                        line
                    }
                    _ => placed.o[d as usize] + off,
                };
                pts.push((od, rd - bd));
                pts.push((od, rd + bd));
            }
            let hp = clamp(h, port_of[c].1 + off);
            pts.push((hp, center_r(h) - band(h)));
            pts.push((hp, center_r(h) - lg.depth[h as usize] / 2.0));
            let mut points: Vec<Point> = simplify(&pts).into_iter().map(|(o, r)| to_xy(o, r)).collect();
            let reversed = oriented.reversed[e as usize];
            if reversed {
                points.reverse();
            }
            routes[e as usize] = Route { points, reversed, label: label.map(|b| to_rect(&b)) };
        }
    }

    // Self-loops beside their node, on the far side across the flow.
    let mut loops_done = vec![0u32; lg.real];
    let mut label_at = vec![0.0f64; lg.real];
    for (i, edge) in graph.edges.iter().enumerate() {
        if !oriented.self_loop[i] {
            continue;
        }
        let v = edge.from;
        let k = loops_done[v as usize];
        loops_done[v as usize] += 1;
        let b = node_box(v);
        let reach = loop_extent(k) - 4.0;
        let along = (b.r1 - b.r0) * (0.2 + 0.05 * f64::from(k.min(4)));
        let (r_in, r_out) = (center_r(v) - along, center_r(v) + along);
        let pts = [(b.o1, r_in), (b.o1 + reach, r_in), (b.o1 + reach, r_out), (b.o1, r_out)];
        let outermost = loop_extent(lg.self_loops[v as usize].saturating_sub(1));
        let label = edge.label.map(|(lw, lh)| {
            let (lb, ld) = if horizontal { (lh, lw) } else { (lw, lh) };
            let o0 = b.o1 + outermost + label_at[v as usize];
            label_at[v as usize] += lb + 6.0;
            to_rect(&EBox { o0, o1: o0 + lb, r0: center_r(v) - ld / 2.0, r1: center_r(v) + ld / 2.0 })
        });
        routes[i] = Route { points: pts.iter().map(|(o, r)| to_xy(*o, *r)).collect(), reversed: false, label };
    }

    let nodes: Vec<Rect> = (0..lg.real as u32).map(|v| to_rect(&node_box(v))).collect();
    let clusters: Vec<Rect> = placed.clusters.iter().map(&to_rect).collect();
    let lanes: Vec<Option<Rect>> = placed.lanes.iter().map(|b| b.as_ref().map(&to_rect)).collect();
    let mut drawing = Drawing { nodes, edges: routes, clusters, lanes, ..Drawing::default() };
    normalise(&mut drawing);
    let _ = NONE;
    drawing
}

/// Drops repeated points and middle points of straight runs.
fn simplify(pts: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(pts.len());
    for &p in pts {
        if let Some(&last) = out.last() {
            if (last.0 - p.0).abs() < 1e-9 && (last.1 - p.1).abs() < 1e-9 {
                continue;
            }
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            let cross = (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0);
            let forward = (b.0 - a.0) * (p.0 - b.0) + (b.1 - a.1) * (p.1 - b.1) >= 0.0;
            if cross.abs() < 1e-9 && forward {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// Translates the drawing so its bounding box starts at the origin, and sets `bounds`.
fn normalise(d: &mut Drawing) {
    let mut lo = Point { x: f64::INFINITY, y: f64::INFINITY };
    let mut hi = Point { x: f64::NEG_INFINITY, y: f64::NEG_INFINITY };
    let mut add = |r: &Rect| {
        lo.x = lo.x.min(r.x);
        lo.y = lo.y.min(r.y);
        hi.x = hi.x.max(r.right());
        hi.y = hi.y.max(r.bottom());
    };
    for r in &d.nodes {
        add(r);
    }
    for r in &d.clusters {
        add(r);
    }
    for r in d.lanes.iter().flatten() {
        add(r);
    }
    for e in &d.edges {
        for p in &e.points {
            add(&Rect { x: p.x, y: p.y, width: 0.0, height: 0.0 });
        }
        if let Some(l) = &e.label {
            add(l);
        }
    }
    if !lo.x.is_finite() {
        d.bounds = Rect::default();
        return;
    }
    let shift = |p: &mut Point| {
        p.x -= lo.x;
        p.y -= lo.y;
    };
    let shift_rect = |r: &mut Rect| {
        r.x -= lo.x;
        r.y -= lo.y;
    };
    d.nodes.iter_mut().for_each(shift_rect);
    d.clusters.iter_mut().for_each(shift_rect);
    d.lanes.iter_mut().flatten().for_each(shift_rect);
    for e in &mut d.edges {
        e.points.iter_mut().for_each(shift);
        if let Some(l) = &mut e.label {
            shift_rect(l);
        }
    }
    d.bounds = Rect { x: 0.0, y: 0.0, width: hi.x - lo.x, height: hi.y - lo.y };
}
