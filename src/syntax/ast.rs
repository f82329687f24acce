//! The syntax tree: what was written, with a span on every node and comments kept as trivia.
//!
//! The tree knows nothing about component kinds or properties; the model layer gives names
//! their meaning. Numbers are already checked and normalised here (their unit is syntax).

use crate::source::Span;

/// A parsed design file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct File {
    /// The top-level statements in source order.
    pub items: Vec<Item>,
    /// Every comment of the file in source order (trivia for the formatter).
    pub comments: Vec<Comment>,
    /// The whole file.
    pub span: Span,
}

/// A `#` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Span of the comment, from `#` to the end of the line (without the line break).
    pub span: Span,
}

/// A statement at the top level or inside a `group`.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// `title: "..."`, `direction: right`.
    Property(Property),
    /// `requirements { ... }`, `metrics { ... }`, `lint { ... }`.
    Block(Block),
    /// `KIND ID ["Label"] [{ ... }]`.
    Component(Component),
    /// `group ID ["Label"] { ... }`.
    Group(Group),
    /// `a -> b ...`.
    Edge(Edge),
    /// A line that did not parse (its error is already reported).
    Error(Span),
}

impl Item {
    /// The span of the whole statement.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Item::Property(p) => p.span,
            Item::Block(b) => b.span,
            Item::Component(c) => c.span,
            Item::Group(g) => g.span,
            Item::Edge(e) => e.span,
            Item::Error(span) => *span,
        }
    }
}

/// An identifier with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    /// The text.
    pub name: String,
    /// Where it is.
    pub span: Span,
}

/// A dotted path `a.b.c` (a single identifier is a path of one segment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    /// The segments, at least one.
    pub segments: Vec<Ident>,
    /// The whole path.
    pub span: Span,
}

impl Path {
    /// The path joined with dots.
    #[must_use]
    pub fn dotted(&self) -> String {
        let mut out = String::new();
        for (i, segment) in self.segments.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            out.push_str(&segment.name);
        }
        out
    }
}

/// A string literal, unescaped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringLit {
    /// The value after processing escapes.
    pub value: String,
    /// Span including the quotes.
    pub span: Span,
}

/// `key: value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Property {
    /// The (possibly dotted) key.
    pub key: Path,
    /// The value.
    pub value: Value,
    /// The whole property.
    pub span: Span,
}

/// A named block at statement level: `requirements { ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The block name.
    pub name: Ident,
    /// Its contents.
    pub body: Body,
    /// The whole block.
    pub span: Span,
}

/// The contents of `{ ... }` holding properties.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// The items in source order.
    pub items: Vec<BodyItem>,
    /// The `{`.
    pub open: Span,
    /// The `}`, or `None` when the block is never closed.
    pub close: Option<Span>,
    /// From `{` to `}` (or to the end of the file).
    pub span: Span,
}

/// One item of a body.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyItem {
    /// `key: value`.
    Property(Property),
    /// `key { ... }`.
    Block(NestedBlock),
    /// A child component such as a `feature_view` inside a `feature_store`.
    Component(Component),
    /// A line that did not parse (its error is already reported).
    Error(Span),
}

impl BodyItem {
    /// The span of the item.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            BodyItem::Property(p) => p.span,
            BodyItem::Block(b) => b.span,
            BodyItem::Component(c) => c.span,
            BodyItem::Error(span) => *span,
        }
    }
}

/// `key { ... }` inside a body.
#[derive(Clone, Debug, PartialEq)]
pub struct NestedBlock {
    /// The (possibly dotted) key.
    pub key: Path,
    /// Its contents.
    pub body: Body,
    /// The whole block.
    pub span: Span,
}

/// `KIND ID ["Label"] [{ properties }]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    /// The kind as written.
    pub kind: Ident,
    /// The id.
    pub id: Ident,
    /// The display label, if given.
    pub label: Option<StringLit>,
    /// The properties, if a block is given.
    pub body: Option<Body>,
    /// The whole declaration.
    pub span: Span,
}

/// `group ID ["Label"] { statements }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The `group` keyword.
    pub keyword: Span,
    /// The id.
    pub id: Ident,
    /// The display label, if given.
    pub label: Option<StringLit>,
    /// The statements inside.
    pub items: Vec<Item>,
    /// The `{`.
    pub open: Span,
    /// The `}`, or `None` when never closed.
    pub close: Option<Span>,
    /// The whole group.
    pub span: Span,
}

/// `a, b -> c -> d [kind]: "label" { ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// The endpoint lists of the chain, at least two (`a, b` then `c` then `d`).
    pub chain: Vec<Vec<Path>>,
    /// The spans of the `->` arrows (one fewer than `chain`).
    pub arrows: Vec<Span>,
    /// `[kind]`, if given.
    pub kind: Option<Ident>,
    /// `: "label"`, if given.
    pub label: Option<StringLit>,
    /// `{ properties }`, if given.
    pub body: Option<Body>,
    /// The whole statement.
    pub span: Span,
}

/// A property value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A string.
    Str(StringLit),
    /// A number with its unit.
    Number(Number),
    /// `true` or `false`.
    Bool(bool, Span),
    /// A name, reference, enum value or metric.
    Word(Word),
    /// `[ ... ]`.
    List(List),
}

impl Value {
    /// The span of the value.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Value::Str(s) => s.span,
            Value::Number(n) => n.span,
            Value::Bool(_, span) => *span,
            Value::Word(w) => w.span,
            Value::List(l) => l.span,
        }
    }
}

/// `[a, b]`.
#[derive(Clone, Debug, PartialEq)]
pub struct List {
    /// The elements.
    pub items: Vec<Value>,
    /// From `[` to `]`.
    pub span: Span,
}

/// A word value: `redis`, `registry@champion`, `ndcg@10`, `pr_auc >= 0.8`,
/// `hidden-feedback-loop "reason"`.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    /// The (possibly dotted) name.
    pub path: Path,
    /// The text after `@`, if any.
    pub at: Option<Ident>,
    /// `>= 0.8`, if any.
    pub comparison: Option<Comparison>,
    /// A string written after the word (a suppression's reason), if any.
    pub note: Option<StringLit>,
    /// The whole word.
    pub span: Span,
}

/// A comparison operator.
#[derive(Copy, Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum CmpOp {
    /// `>=`
    Ge,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `<`
    Lt,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

impl CmpOp {
    /// The operator as written.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Ge => ">=",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Lt => "<",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }
}

/// `>= 0.8` after a metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The operator.
    pub op: CmpOp,
    /// The threshold.
    pub number: Number,
    /// The whole comparison.
    pub span: Span,
}

/// What a number's unit measures.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// No suffix: `8`, `0.7`.
    Plain,
    /// A magnitude only: `100k`, `2B` (a count).
    Count,
    /// `%`.
    Percent,
    /// A duration; the value is in milliseconds.
    Duration,
    /// A data size; the value is in bytes.
    Size,
    /// A rate; the value is per second.
    Rate,
}

/// A number as written and normalised.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    /// The digits as a number, before magnitude and unit (`1.5` in `1.5s`).
    pub mantissa: f64,
    /// The canonical spelling of the suffix (`k/s`, `ms`, `%`, or empty).
    pub suffix: String,
    /// The normalised value: milliseconds, bytes, per second, or the plain count.
    pub value: f64,
    /// What the value measures.
    pub dimension: Dimension,
    /// The number including its suffix.
    pub span: Span,
}
