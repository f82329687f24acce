//! SVG rendering: reads a [`Layout`] only (never the model or the syntax tree) and writes a
//! self-contained SVG with the `svg` crate.
//!
//! Every element carries classes so users can restyle it: nodes are
//! `<g class="node kind-feature_store lane-data" id="node-fs" data-id="fs">` with a `<title>`
//! tooltip, edges `<g class="edge kind-lookup request" data-from="fs" data-to="rank_svc">`,
//! containers `<g class="group">` or `<g class="lane">`. All user text is escaped (and characters
//! XML cannot hold are replaced), numbers are written with at most two decimals, and the SVG
//! references nothing outside itself, so the same layout always gives the same bytes.

pub mod theme;

use std::fmt::Write as _;

use svg::Document;
use svg::node::element::{Circle, Definitions, Element, Group, Marker, Path, Rectangle, Style, TSpan, Text, Title};

use crate::diag::Severity;
use crate::layout::measure::FONT_FAMILY;
use crate::layout::shape::{self, Icon, Shape};
use crate::layout::{
    ContainerKind, HEADER_STYLE, HEADER_TITLE_STYLE, LABEL_STYLE, LEGEND_SAMPLE, Layout, NodeBox, Point, Rect,
    TECH_STYLE, TITLE_STYLE,
};
pub use theme::Theme;

/// Draws `layout` as an SVG document.
#[must_use]
pub fn render_svg(layout: &Layout, theme: &Theme) -> String {
    let b = layout.bounds;
    let mut doc = Document::new()
        .set("xmlns", "http://www.w3.org/2000/svg")
        .set("viewBox", format!("0 0 {} {}", num(b.width), num(b.height)))
        .set("width", num(b.width))
        .set("height", num(b.height))
        .set("class", format!("mlsd theme-{}", theme.name))
        .set("font-family", FONT_FAMILY);
    if let Some(title) = &layout.title {
        doc = doc.add(Title::new(clean(title)));
    }
    doc = doc.add(Style::new(theme.css()));
    doc = doc.add(markers());
    doc = doc.add(rect(&b).set("class", "background"));
    if let Some(hb) = layout.header_box {
        doc = doc.add(header(layout, &hb));
    }
    let mut containers = Group::new().set("class", "containers");
    // Titles go above the edges (with a halo of the box's fill), so a line that crosses a title
    // never hides it.
    let mut titles = Group::new().set("class", "container-titles");
    let mut lane_index = 0usize;
    for c in &layout.containers {
        let (class, title_class) = match c.kind {
            ContainerKind::Group => ("group".to_string(), "container-title in-group"),
            ContainerKind::Lane => {
                lane_index += 1;
                let odd = lane_index % 2 == 0;
                (
                    format!("lane lane-{}{}", clean(&c.id), if odd { " odd" } else { "" }),
                    if odd { "container-title in-lane odd" } else { "container-title in-lane" },
                )
            }
        };
        containers = containers.add(
            Group::new()
                .set("class", class)
                .set("id", format!("container-{}", clean(&c.id)))
                .set("data-id", clean(&c.id))
                .add(rect(&c.rect).set("class", "container-box").set("rx", 6)),
        );
        titles = titles.add(
            Text::new(clean(&c.label))
                .set("class", title_class)
                .set("data-id", clean(&c.id))
                .set("x", num(c.title.x))
                .set("y", num(c.title.y + TITLE_STYLE.ascent())),
        );
    }
    doc = doc.add(containers);
    let mut edges = Group::new().set("class", "edges");
    for (i, e) in layout.edges.iter().enumerate() {
        let family = theme::edge_family(&e.kind);
        let mut g = Group::new()
            .set("class", format!("edge kind-{} {family}", clean(&e.kind)))
            .set("id", format!("edge-{i}"))
            .set("data-from", clean(&e.from))
            .set("data-to", clean(&e.to));
        if e.points.len() >= 2 {
            g = g.add(
                Path::new()
                    .set("class", "edge-path")
                    .set("d", edge_path(&e.points, layout.direction == crate::layout::Direction::Right))
                    .set("marker-end", format!("url(#arrow-{family})")),
            );
        }
        if let Some(label) = &e.label {
            let r = label.rect;
            let style = crate::layout::EDGE_LABEL_STYLE;
            g = g.add(Group::new().set("class", "edge-label").add(rect(&r).set("rx", 3)).add(multiline(
                &label.text,
                r.x + crate::layout::EDGE_LABEL_PAD,
                r.y + crate::layout::EDGE_LABEL_PAD,
                style,
                "start",
            )));
        }
        edges = edges.add(g);
    }
    doc = doc.add(edges);
    doc = doc.add(titles);
    let mut nodes = Group::new().set("class", "nodes");
    for n in &layout.nodes {
        nodes = nodes.add(node(n));
    }
    doc = doc.add(nodes);
    if let Some(lb) = layout.legend_box {
        doc = doc.add(legend(layout, &lb));
    }
    let mut out = doc.to_string();
    out.push('\n');
    out
}

/// A number with at most two decimals, no trailing zeros.
fn num(v: f64) -> String {
    // In whole hundredths, written with integer arithmetic (float formatting is most of the
    // renderer's time on big diagrams); the same text as `{:.2}` with trailing zeros trimmed.
    let h = if v.is_finite() { (v * 100.0).round() } else { 0.0 };
    if h.abs() >= 1e15 {
        // Beyond exact integers: the plain formatting path.
        let s = format!("{:.2}", h / 100.0);
        return s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let h = h as i64;
    let (sign, h) = if h < 0 { ("-", h.unsigned_abs()) } else { ("", h as u64) };
    match (h / 100, h % 100) {
        (whole, 0) => format!("{sign}{whole}"),
        (whole, frac) if frac % 10 == 0 => format!("{sign}{whole}.{}", frac / 10),
        (whole, frac) => format!("{sign}{whole}.{frac:02}"),
    }
}

/// User text with the characters XML 1.0 cannot hold replaced.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

fn rect(r: &Rect) -> Rectangle {
    Rectangle::new().set("x", num(r.x)).set("y", num(r.y)).set("width", num(r.width)).set("height", num(r.height))
}

/// Arrowheads, one per edge style family (coloured by CSS).
fn markers() -> Definitions {
    let mut defs = Definitions::new();
    for family in theme::FAMILIES {
        defs = defs.add(
            Marker::new()
                .set("id", format!("arrow-{family}"))
                .set("viewBox", "0 0 10 10")
                .set("refX", 9)
                .set("refY", 5)
                .set("markerWidth", 7)
                .set("markerHeight", 7)
                .set("markerUnits", "userSpaceOnUse")
                .set("orient", "auto")
                .add(Path::new().set("class", format!("arrow-{family}")).set("d", "M0,0 L10,5 L0,10 z")),
        );
    }
    defs
}

/// An edge's path: straight along the flow inside layer bands, a smooth S-curve (tangents along
/// the flow) across each gap between bands.
fn edge_path(points: &[Point], horizontal: bool) -> String {
    let mut d = format!("M{},{}", num(points[0].x), num(points[0].y));
    for w in points.windows(2) {
        let (p, q) = (w[0], w[1]);
        let diagonal = (p.x - q.x).abs() > 1e-6 && (p.y - q.y).abs() > 1e-6;
        if diagonal {
            let (c1, c2) = if horizontal {
                let mx = (p.x + q.x) / 2.0;
                (Point { x: mx, y: p.y }, Point { x: mx, y: q.y })
            } else {
                let my = (p.y + q.y) / 2.0;
                (Point { x: p.x, y: my }, Point { x: q.x, y: my })
            };
            let _ = write!(d, " C{},{} {},{} {},{}", num(c1.x), num(c1.y), num(c2.x), num(c2.y), num(q.x), num(q.y));
        } else {
            let _ = write!(d, " L{},{}", num(q.x), num(q.y));
        }
    }
    d
}

/// Lines of text from `top`, anchored at `x` (`start` or `middle`).
fn multiline(text: &str, x: f64, top: f64, style: crate::layout::measure::TextStyle, anchor: &str) -> Text {
    let mut t = Text::new("").set("text-anchor", anchor.to_string());
    for (i, line) in clean(text).split('\n').enumerate() {
        let y = top + style.ascent() + i as f64 * style.line_height();
        t = t.add(TSpan::new(line.to_string()).set("x", num(x)).set("y", num(y)));
    }
    t
}

fn node(n: &NodeBox) -> Group {
    let (sh, icon) = shape::for_kind(&n.kind);
    let mut class = format!("node kind-{} lane-{}", clean(&n.kind), clean(&n.lane));
    if !n.findings.is_empty() {
        class.push_str(" has-findings");
    }
    let mut tooltip = n.details.join("\n");
    for f in &n.findings {
        let _ = write!(tooltip, "\n{} [{}]: {}", f.severity.as_str(), f.code, f.message);
    }
    let mut g = Group::new()
        .set("class", class)
        .set("id", format!("node-{}", clean(&n.id)))
        .set("data-id", clean(&n.id))
        .add(Title::new(clean(&tooltip)));
    for el in shape_elements(sh, &n.rect) {
        g = g.add(el);
    }
    if let Some(icon) = icon {
        let ins = shape::insets(sh, None, n.rect.height);
        let at = Point { x: n.rect.x + ins.left, y: n.rect.y + n.rect.height / 2.0 - shape::ICON / 2.0 };
        g = g.add(icon_path(icon, at));
    }
    let cx = n.label_rect.x + n.label_rect.width / 2.0;
    g = g.add(multiline(&n.label, cx, n.label_rect.y, LABEL_STYLE, "middle").set("class", "label"));
    if let Some(tech) = &n.tech {
        let top = n.label_rect.y + LABEL_STYLE.measure(&n.label).1 + 2.0;
        g = g.add(multiline(tech, cx, top, TECH_STYLE, "middle").set("class", "tech"));
    }
    if let Some(worst) = n.findings.iter().map(|f| f.severity).max() {
        let (cls, mark) = match worst {
            Severity::Error => ("error", "!"),
            Severity::Warning => ("warning", "!"),
            Severity::Info => ("info", "i"),
        };
        let (x, y) = (n.rect.right() - 2.0, n.rect.y + 2.0);
        g = g.add(
            Group::new()
                .set("class", format!("badge {cls}"))
                .add(Circle::new().set("cx", num(x)).set("cy", num(y)).set("r", 8))
                .add(
                    Text::new(format!(
                        "{}{mark}",
                        if n.findings.len() > 1 { n.findings.len().to_string() } else { String::new() }
                    ))
                    .set("x", num(x))
                    .set("y", num(y + 4.0))
                    .set("text-anchor", "middle"),
                ),
        );
    }
    g
}

/// The outline of a shape filling `r`.
fn shape_elements(sh: Shape, r: &Rect) -> Vec<Element> {
    let (x, y, w, h) = (r.x, r.y, r.width, r.height);
    let (x1, y1) = (x + w, y + h);
    let poly = |pts: &[(f64, f64)]| {
        let mut d = String::new();
        for (i, (px, py)) in pts.iter().enumerate() {
            let _ = write!(d, "{}{},{} ", if i == 0 { "M" } else { "L" }, num(*px), num(*py));
        }
        d.push('z');
        Path::new().set("class", "shape").set("d", d).into()
    };
    match sh {
        Shape::Rounded => vec![rect(r).set("class", "shape").set("rx", 8).into()],
        Shape::Cylinder => {
            let cap = shape::cylinder_cap(h);
            let rx = w / 2.0;
            let body = format!(
                "M{},{} A{},{} 0 0 1 {},{} L{},{} A{},{} 0 0 1 {},{} z",
                num(x),
                num(y + cap),
                num(rx),
                num(cap),
                num(x1),
                num(y + cap),
                num(x1),
                num(y1 - cap),
                num(rx),
                num(cap),
                num(x),
                num(y1 - cap)
            );
            let rim =
                format!("M{},{} A{},{} 0 0 0 {},{}", num(x), num(y + cap), num(rx), num(cap), num(x1), num(y + cap));
            vec![
                Path::new().set("class", "shape").set("d", body).into(),
                Path::new().set("class", "shape").set("fill", "none").set("d", rim).into(),
            ]
        }
        Shape::Hexagon => {
            let c = shape::corner_cut(h);
            vec![poly(&[(x + c, y), (x1 - c, y), (x1, y + h / 2.0), (x1 - c, y1), (x + c, y1), (x, y + h / 2.0)])]
        }
        Shape::Octagon | Shape::Notched => {
            let c = if sh == Shape::Octagon { shape::corner_cut(h) } else { shape::corner_cut(h) * 0.6 };
            vec![poly(&[
                (x + c, y),
                (x1 - c, y),
                (x1, y + c),
                (x1, y1 - c),
                (x1 - c, y1),
                (x + c, y1),
                (x, y1 - c),
                (x, y + c),
            ])]
        }
        Shape::Document => {
            let f = 10.0f64.min(h / 3.0);
            vec![
                poly(&[(x, y), (x1 - f, y), (x1, y + f), (x1, y1), (x, y1)]),
                Path::new()
                    .set("class", "shape")
                    .set("fill", "none")
                    .set(
                        "d",
                        format!(
                            "M{},{} L{},{} L{},{}",
                            num(x1 - f),
                            num(y),
                            num(x1 - f),
                            num(y + f),
                            num(x1),
                            num(y + f)
                        ),
                    )
                    .into(),
            ]
        }
        Shape::Folder => {
            let tab = 6.0;
            let tw = (w * 0.35).min(48.0);
            vec![poly(&[(x, y), (x + tw, y), (x + tw + tab, y + tab), (x1, y + tab), (x1, y1), (x, y1)])]
        }
        Shape::Pill => vec![rect(r).set("class", "shape").set("rx", num(h / 2.0)).into()],
        Shape::Parallelogram => {
            let s = h * 0.25;
            vec![poly(&[(x + s, y), (x1, y), (x1 - s, y1), (x, y1)])]
        }
    }
}

/// A 14 × 14 glyph with its top-left corner at `at`.
fn icon_path(icon: Icon, at: Point) -> Path {
    let (x, y) = (at.x, at.y);
    let p = |dx: f64, dy: f64| format!("{},{}", num(x + dx), num(y + dy));
    let d = match icon {
        Icon::Server => format!(
            "M{} L{} L{} L{} z M{} L{} L{} L{} z M{} L{} M{} L{}",
            p(1.0, 1.0),
            p(13.0, 1.0),
            p(13.0, 6.0),
            p(1.0, 6.0),
            p(1.0, 8.0),
            p(13.0, 8.0),
            p(13.0, 13.0),
            p(1.0, 13.0),
            p(3.0, 3.5),
            p(5.0, 3.5),
            p(3.0, 10.5),
            p(5.0, 10.5)
        ),
        Icon::Pulse => format!(
            "M{} L{} L{} L{} L{} L{}",
            p(0.0, 7.0),
            p(4.0, 7.0),
            p(6.0, 2.0),
            p(8.0, 12.0),
            p(10.0, 7.0),
            p(14.0, 7.0)
        ),
        Icon::Person => format!(
            "M{} A3,3 0 1 1 {} A3,3 0 1 1 {} M{} C{} {} {}",
            p(7.0, 1.0),
            p(7.0, 7.0),
            p(7.0, 1.0),
            p(1.5, 13.5),
            p(2.0, 8.5),
            p(12.0, 8.5),
            p(12.5, 13.5)
        ),
        Icon::Network => format!(
            "M{} L{} L{} M{} L{} L{} M{} L{} M{} L{}",
            p(2.0, 3.0),
            p(7.0, 7.0),
            p(2.0, 11.0),
            p(12.0, 3.0),
            p(7.0, 7.0),
            p(12.0, 11.0),
            p(2.0, 3.0),
            p(2.0, 11.0),
            p(12.0, 3.0),
            p(12.0, 11.0)
        ),
        Icon::Tag => format!(
            "M{} L{} L{} L{} L{} z M{} L{}",
            p(1.0, 1.0),
            p(7.0, 1.0),
            p(13.0, 7.0),
            p(7.0, 13.0),
            p(1.0, 7.0),
            p(4.0, 4.0),
            p(4.5, 4.5)
        ),
        Icon::Flask => format!(
            "M{} L{} L{} L{} L{} L{} M{} L{}",
            p(5.0, 1.0),
            p(5.0, 6.0),
            p(1.5, 13.0),
            p(12.5, 13.0),
            p(9.0, 6.0),
            p(9.0, 1.0),
            p(4.0, 1.0),
            p(10.0, 1.0)
        ),
        Icon::Check => format!("M{} L{} L{}", p(1.5, 7.5), p(5.5, 11.5), p(12.5, 2.5)),
    };
    Path::new().set("class", "icon").set("d", d)
}

fn header(layout: &Layout, hb: &Rect) -> Group {
    let mut g = Group::new().set("class", "header");
    let mut y = hb.y;
    if let Some(title) = &layout.title {
        g = g.add(
            Text::new(clean(title))
                .set("class", "header-title")
                .set("x", num(hb.x))
                .set("y", num(y + HEADER_TITLE_STYLE.ascent())),
        );
        y += HEADER_TITLE_STYLE.line_height() + 4.0;
    }
    if !layout.header.is_empty() {
        let mut t = Text::new("").set("class", "header-item").set("y", num(y + HEADER_STYLE.ascent()));
        let mut x = hb.x;
        for item in &layout.header {
            let key = format!("{}: ", clean(&item.key));
            let value = clean(&item.value);
            t = t.add(TSpan::new(key.clone()).set("class", "header-key").set("x", num(x)));
            t = t.add(TSpan::new(value.clone()).set("class", "header-value"));
            x += HEADER_STYLE.width(&format!("{key}{value}")) + 24.0;
        }
        g = g.add(t);
    }
    g
}

fn legend(layout: &Layout, lb: &Rect) -> Group {
    let mut g = Group::new().set("class", "legend");
    let mut x = lb.x;
    let y = lb.y + lb.height / 2.0;
    for kind in &layout.legend {
        let family = theme::edge_family(kind);
        g = g.add(
            Group::new()
                .set("class", format!("edge kind-{} {family}", clean(kind)))
                .add(
                    Path::new()
                        .set("class", "edge-path")
                        .set("d", format!("M{},{} L{},{}", num(x), num(y), num(x + LEGEND_SAMPLE), num(y)))
                        .set("marker-end", format!("url(#arrow-{family})")),
                )
                .add(
                    Text::new(clean(kind))
                        .set("x", num(x + LEGEND_SAMPLE + 6.0))
                        .set("y", num(y - HEADER_STYLE.line_height() / 2.0 + HEADER_STYLE.ascent())),
                ),
        );
        x += LEGEND_SAMPLE + 6.0 + HEADER_STYLE.width(kind) + 18.0;
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_fixed_precision() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.234_567), "1.23");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(-12.5), "-12.5");
        assert_eq!(num(0.05), "0.05");
        assert_eq!(num(100.0), "100");
        assert_eq!(num(1.5e13), "15000000000000");
        assert_eq!(num(-2e16), "-20000000000000000");
        // The same text as two-decimal formatting with trailing zeros trimmed, on many values.
        for i in -20_000..20_000 {
            let v = f64::from(i) * 0.0137;
            let r = (v * 100.0).round() / 100.0;
            let old = format!("{r:.2}");
            let old = old.trim_end_matches('0').trim_end_matches('.');
            let old = if old == "-0" { "0" } else { old };
            assert_eq!(num(v), old, "{v}");
        }
    }

    #[test]
    fn text_is_escaped_and_cleaned() {
        let t = Text::new(clean("<script>alert(1)</script> \"&' \u{1}")).to_string();
        assert!(t.contains("&lt;script&gt;"), "{t}");
        assert!(t.contains("&amp;"), "{t}");
        assert!(!t.contains('\u{1}'), "{t}");
    }
}
