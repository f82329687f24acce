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
