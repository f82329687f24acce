//! Typed, normalised property values and property maps.

use indexmap::IndexMap;

use super::ComponentId;
use crate::source::Span;
use crate::syntax::ast::{CmpOp, Dimension};

/// A number with what it measures; durations are in ms, rates per second, sizes in bytes.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The normalised value.
    pub value: f64,
    /// What it measures.
    pub dimension: Dimension,
}

/// A reference to a component, optionally with a version alias (`registry@champion`).
#[derive(Clone, Debug, PartialEq)]
pub struct Ref {
    /// The component id as written.
    pub name: String,
    /// The alias or version after `@`.
    pub alias: Option<String>,
    /// The component, when it resolved.
    pub target: Option<ComponentId>,
}

/// A metric: `ndcg@10`, `pr_auc >= 0.8`.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    /// The base metric id (`ndcg`).
    pub id: String,
    /// The qualifier after `@` (`10`, `k`, `iou0.7`).
    pub at: Option<String>,
    /// A threshold such as `>= 0.8`.
    pub threshold: Option<(CmpOp, f64)>,
}

impl Metric {
    /// The metric as written, without threshold (`ndcg@10`).
    #[must_use]
    pub fn full_name(&self) -> String {
        match &self.at {
            Some(at) => format!("{}@{at}", self.id),
            None => self.id.clone(),
        }
    }
}

/// A suppression of one lint rule, with its reason.
#[derive(Clone, Debug, PartialEq)]
pub struct Suppression {
    /// The rule id as written.
    pub rule: String,
    /// Where the rule id is written.
    pub rule_span: Span,
    /// The reason, if given.
    pub reason: Option<String>,
    /// The whole suppression (rule and reason).
    pub span: Span,
}

/// A typed property value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Free text (a string, or a bare word where text is expected).
    Text(String),
    /// A name or enum value.
    Name(String),
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(Quantity),
    /// A component reference.
    Ref(Ref),
    /// A metric.
    Metric(Metric),
    /// A suppression (`rule-id "reason"`).
    Suppression(Suppression),
    /// A list.
    List(Vec<(Value, Span)>),
    /// A nested block (its entries are stored under dotted keys).
    Block,
}

impl Value {
    /// The text of a `Text` or `Name` value.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) | Value::Name(s) => Some(s),
            Value::Ref(r) => Some(&r.name),
            _ => None,
        }
    }

    /// The number of a `Number` value.
    #[must_use]
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(q) => Some(q.value),
            _ => None,
        }
    }

    /// The items of a list, or the value itself as a one-element list.
    #[must_use]
    pub fn items(&self) -> Vec<&Value> {
        match self {
            Value::List(items) => items.iter().map(|(v, _)| v).collect(),
            other => vec![other],
        }
    }
}

/// One property: its value and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Prop {
    /// The value.
    pub value: Value,
    /// Where the key is written (the last segment for dotted keys).
    pub key_span: Span,
    /// Where the value is written.
    pub value_span: Span,
}

impl Prop {
    /// From the key to the end of the value.
    #[must_use]
    pub fn span(&self) -> Span {
        self.key_span.to(self.value_span)
    }
}

/// The properties of a component, edge or design block, flattened to dotted keys
/// (`online_store.tech`); blocks themselves are present as [`Value::Block`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Props {
    entries: IndexMap<String, Prop>,
}

impl Props {
    /// The property at the dotted `key`.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Prop> {
        self.entries.get(key)
    }

    /// Whether `key` is present (as a value or a block).
    #[must_use]
    pub fn has(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// The value at `key`.
    #[must_use]
    pub fn value(&self, key: &str) -> Option<&Value> {
        self.get(key).map(|p| &p.value)
    }

    /// The text of a text or name value at `key` (non-empty).
    #[must_use]
    pub fn text(&self, key: &str) -> Option<&str> {
        self.value(key).and_then(Value::as_str).filter(|s| !s.trim().is_empty())
    }

    /// The name (or text) at `key`.
    #[must_use]
    pub fn name(&self, key: &str) -> Option<&str> {
        self.text(key)
    }

    /// The boolean at `key`.
    #[must_use]
    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.value(key) {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// The normalised number at `key`.
    #[must_use]
    pub fn number(&self, key: &str) -> Option<f64> {
        self.value(key).and_then(Value::as_number)
    }

    /// The names (or texts) at `key`, whether written as one value or a list.
    #[must_use]
    pub fn names(&self, key: &str) -> Vec<&str> {
        self.value(key).map(|v| v.items().into_iter().filter_map(Value::as_str).collect()).unwrap_or_default()
    }

    /// The metrics at `key` (one or a list).
    #[must_use]
    pub fn metrics(&self, key: &str) -> Vec<&Metric> {
        self.value(key)
            .map(|v| {
                v.items()
                    .into_iter()
                    .filter_map(|m| match m {
                        Value::Metric(m) => Some(m),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The reference at `key`.
    #[must_use]
    pub fn reference(&self, key: &str) -> Option<&Ref> {
        match self.value(key) {
            Some(Value::Ref(r)) => Some(r),
            _ => None,
        }
    }

    /// The references at `key` (one or a list).
    #[must_use]
    pub fn references(&self, key: &str) -> Vec<&Ref> {
        self.value(key)
            .map(|v| {
                v.items()
                    .into_iter()
                    .filter_map(|r| match r {
                        Value::Ref(r) => Some(r),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The direct children of block `prefix` as `(child key, prop)`; the empty prefix lists the
    /// top-level entries.
    pub fn children<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a Prop)> + 'a {
        self.entries.iter().filter_map(move |(key, prop)| {
            let rest = if prefix.is_empty() { key.as_str() } else { key.strip_prefix(prefix)?.strip_prefix('.')? };
            (!rest.contains('.')).then_some((rest, prop))
        })
    }

    /// Every entry in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Prop)> + '_ {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Every entry, mutably (for resolving references after all components are declared).
    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = (&str, &mut Prop)> + '_ {
        self.entries.iter_mut().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of entries (blocks included).
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Inserts a property; returns the previous one under the same key, if any.
    pub(crate) fn insert(&mut self, key: String, prop: Prop) -> Option<Prop> {
        self.entries.insert(key, prop)
    }
}

impl Quantity {
    /// The quantity as a person would write it: `200ms`, `1.5s`, `15min`, `1B`, `46k/s`, `5%`.
    #[must_use]
    pub fn display(&self) -> String {
        let v = self.value;
        match self.dimension {
            Dimension::Plain => short_number(v),
            Dimension::Percent => format!("{}%", short_number(v)),
            Dimension::Count => with_magnitude(v),
            Dimension::Duration => {
                const UNITS: &[(&str, f64)] = &[
                    ("w", 604_800_000.0),
                    ("d", 86_400_000.0),
                    ("h", 3_600_000.0),
                    ("min", 60_000.0),
                    ("s", 1000.0),
                    ("ms", 1.0),
                ];
                for (name, ms) in UNITS {
                    let n = v / ms;
                    if n.abs() >= 1.0 && ((n * 100.0).round() - n * 100.0).abs() < 1e-6 {
                        return format!("{}{name}", short_number(n));
                    }
                }
                if v.abs() < 1.0 && v != 0.0 {
                    return format!("{}us", short_number(v * 1000.0));
                }
                format!("{}ms", short_number(v))
            }
            Dimension::Size => {
                const UNITS: &[(&str, f64)] = &[("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)];
                for (name, bytes) in UNITS {
                    if v.abs() >= *bytes {
                        return format!("{}{name}", short_number(v / bytes));
                    }
                }
                format!("{} bytes", short_number(v))
            }
            Dimension::Rate => {
                const PER: &[(&str, f64)] = &[("s", 1.0), ("min", 60.0), ("h", 3600.0), ("day", 86_400.0)];
                // The first unit that gives a round number, else the first that reaches 1.
                let round =
                    |n: f64| n.abs() >= 1.0 && ((n * 100.0).round() - n * 100.0).abs() < 1e-6 * n.abs().max(1.0);
                let pick = PER
                    .iter()
                    .find(|(_, secs)| round(v * secs))
                    .or_else(|| PER.iter().find(|(_, secs)| (v * secs).abs() >= 1.0))
                    .unwrap_or(&("day", 86_400.0));
                format!("{}/{}", with_magnitude(v * pick.1), pick.0)
            }
        }
    }
}

/// A number with at most two decimals and no trailing zeros.
fn short_number(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// A count with a `k`, `M` or `B` magnitude where it reads better.
fn with_magnitude(v: f64) -> String {
    for (name, m) in [("B", 1e9), ("M", 1e6), ("k", 1e3)] {
        if v.abs() >= m {
            return format!("{}{name}", short_number(v / m));
        }
    }
    short_number(v)
}

impl Value {
    /// The value as a person would write it (used in tooltips and messages).
    #[must_use]
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) | Value::Name(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Number(q) => q.display(),
            Value::Ref(r) => match &r.alias {
                Some(a) => format!("{}@{a}", r.name),
                None => r.name.clone(),
            },
            Value::Metric(m) => match m.threshold {
                Some((op, t)) => format!("{} {} {}", m.full_name(), op.as_str(), short_number(t)),
                None => m.full_name(),
            },
            Value::Suppression(s) => match &s.reason {
                Some(r) => format!("{} \"{r}\"", s.rule),
                None => s.rule.clone(),
            },
            Value::List(items) => {
                format!("[{}]", items.iter().map(|(v, _)| v.display()).collect::<Vec<_>>().join(", "))
            }
            Value::Block => "{ ... }".into(),
        }
    }
}

#[cfg(test)]
mod display_tests {
    use super::*;

    fn q(value: f64, dimension: Dimension) -> String {
        Quantity { value, dimension }.display()
    }

    #[test]
    fn quantities_read_as_written() {
        assert_eq!(q(200.0, Dimension::Duration), "200ms");
        assert_eq!(q(1500.0, Dimension::Duration), "1.5s");
        assert_eq!(q(900_000.0, Dimension::Duration), "15min");
        assert_eq!(q(86_400_000.0, Dimension::Duration), "1d");
        assert_eq!(q(1e9, Dimension::Count), "1B");
        assert_eq!(q(46_000.0, Dimension::Rate), "46k/s");
        assert_eq!(q(10_000.0 / 86_400.0, Dimension::Rate), "10k/day");
        assert_eq!(q(5.0, Dimension::Percent), "5%");
        assert_eq!(q(2e12, Dimension::Size), "2TB");
        assert_eq!(q(0.7, Dimension::Plain), "0.7");
    }
}
