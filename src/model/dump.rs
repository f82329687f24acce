//! A deterministic, span-free text form of a model: for snapshot tests and for checking that
//! formatting preserves meaning (`dump(build(fmt(x))) == dump(build(x))`).

use std::fmt::Write as _;

use super::{Model, Props, Value};

/// Renders everything the model means (not where it was written) as indented text.
#[must_use]
pub fn dump(model: &Model) -> String {
    let mut out = String::new();
    if let Some(title) = &model.title {
        let _ = writeln!(out, "title: {title:?}");
    }
    let _ = writeln!(out, "direction: {:?}", model.direction);
    section(&mut out, "requirements", &model.requirements);
    section(&mut out, "metrics", &model.metrics);
    for s in &model.suppressions {
        let _ = writeln!(out, "allow {} {:?}", s.rule, s.reason);
    }
    for g in &model.groups {
        let parent = g.parent.map(|p| model.group(p).name.as_str()).unwrap_or("-");
        let _ = writeln!(out, "group {} {:?} in {parent}", g.name, g.label);
    }
    for c in &model.components {
        let group = c.group.map(|g| model.group(g).name.as_str()).unwrap_or("-");
        let _ = writeln!(out, "{} {} {:?} in {group}", c.kind_name, c.name, c.label);
        props(&mut out, &c.props, "  ");
    }
    for e in &model.edges {
        let from = &model.component(e.from).name;
        let to = &model.component(e.to).name;
        let how = if e.explicit_kind { "" } else { " (inferred)" };
        let _ = write!(out, "{from} -> {to} [{}]{how}", e.kind.name());
        if let Some(label) = &e.label {
            let _ = write!(out, " {label:?}");
        }
        out.push('\n');
        props(&mut out, &e.props, "  ");
    }
    out
}

fn section(out: &mut String, name: &str, p: &Props) {
    if !p.is_empty() {
        let _ = writeln!(out, "{name}:");
        props(out, p, "  ");
    }
}

fn props(out: &mut String, p: &Props, indent: &str) {
    for (key, prop) in p.iter() {
        if matches!(prop.value, Value::Block) {
            continue;
        }
        let _ = writeln!(out, "{indent}{key} = {}", value(&prop.value));
    }
}

/// One value in a stable text form (numbers normalised, units as dimensions).
#[must_use]
pub fn value(v: &Value) -> String {
    match v {
        Value::Text(s) => format!("{s:?}"),
        Value::Name(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(q) => format!("{}({})", format!("{:?}", q.dimension).to_lowercase(), q.value),
        Value::Ref(r) => match &r.alias {
            Some(a) => format!("ref {}@{a}", r.name),
            None => format!("ref {}", r.name),
        },
        Value::Metric(m) => match m.threshold {
            Some((op, t)) => format!("metric {} {} {t}", m.full_name(), op.as_str()),
            None => format!("metric {}", m.full_name()),
        },
        Value::Suppression(s) => format!("allow {} {:?}", s.rule, s.reason),
        Value::List(items) => format!("[{}]", items.iter().map(|(v, _)| value(v)).collect::<Vec<_>>().join(", ")),
        Value::Block => "{}".into(),
    }
}
