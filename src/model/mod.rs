//! The design model: the resolved system design that lint, layout and render read.
//!
//! [`build()`] turns a syntax tree into a [`Model`] plus semantic diagnostics. It never fails:
//! whatever resolves is kept, so a half-typed design can still be drawn and linted.

mod build;
pub mod dump;
pub mod graph;
pub mod kind;
pub mod schema;
pub mod value;

pub use build::build;
pub use dump::dump;
pub use graph::Graph;
pub use kind::{ComponentKind, EdgeKind, Lane, Stage, infer_edge_kind};
pub use value::{Metric, Prop, Props, Quantity, Ref, Suppression, Value};

use crate::diag::Diagnostic;
use crate::layout::Direction;
use crate::source::Span;

/// A value plus the diagnostics found while computing it.
#[derive(Clone, Debug)]
pub struct Built<T> {
    /// The value (complete as far as the input allowed).
    pub value: T,
    /// Semantic diagnostics, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Index of a component in [`Model::components`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct ComponentId(pub u32);

/// Index of an edge in [`Model::edges`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct EdgeId(pub u32);

/// Index of a group in [`Model::groups`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct GroupId(pub u32);

impl ComponentId {
    /// The index as `usize`.
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl EdgeId {
    /// The index as `usize`.
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl GroupId {
    /// The index as `usize`.
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A resolved ML system design.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// `title`, if given.
    pub title: Option<String>,
    /// `direction` (right by default).
    pub direction: Direction,
    /// The `requirements` block (empty if absent).
    pub requirements: Props,
    /// Where the `requirements` block is, if present.
    pub requirements_span: Option<Span>,
    /// The `metrics` block (empty if absent).
    pub metrics: Props,
    /// Where the `metrics` block is, if present.
    pub metrics_span: Option<Span>,
    /// Design-wide suppressions from `lint { allow: [...] }`.
    pub suppressions: Vec<Suppression>,
    /// Components in declaration order (children such as feature views follow their parent).
    pub components: Vec<Component>,
    /// Groups in declaration order (parents before children).
    pub groups: Vec<Group>,
    /// Edges in declaration order (a chain or fan statement yields several).
    pub edges: Vec<Edge>,
    /// The graph view of components and edges.
    pub graph: Graph,
}

/// A component (graph node).
#[derive(Clone, Debug)]
pub struct Component {
    /// Its index.
    pub id: ComponentId,
    /// The id as written (children are `parent.child`).
    pub name: String,
    /// Where the id is written.
    pub name_span: Span,
    /// The kind, or `None` when the kind is unknown (already reported).
    pub kind: Option<ComponentKind>,
    /// The kind as written.
    pub kind_name: String,
    /// Where the kind is written.
    pub kind_span: Span,
    /// Display label (defaults to the id).
    pub label: String,
    /// The properties.
    pub props: Props,
    /// The innermost group holding the component.
    pub group: Option<GroupId>,
    /// The parent component (for a `feature_view` inside a `feature_store`).
    pub parent: Option<ComponentId>,
    /// Suppressions from `lint-allow`.
    pub suppressions: Vec<Suppression>,
    /// The whole declaration.
    pub span: Span,
}

impl Component {
    /// Whether the component has kind `kind`.
    #[must_use]
    pub fn is(&self, kind: ComponentKind) -> bool {
        self.kind == Some(kind)
    }

    /// The framework stage: the `stage` override, else the kind's default.
    #[must_use]
    pub fn stage(&self) -> Option<Stage> {
        self.props.name("stage").and_then(Stage::from_name).or_else(|| self.kind.map(ComponentKind::stage))
    }

    /// The `tech` property, if any.
    #[must_use]
    pub fn tech(&self) -> Option<&str> {
        self.props.text("tech")
    }
}

/// A `group`: a visual container with no lint meaning.
#[derive(Clone, Debug)]
pub struct Group {
    /// Its index.
    pub id: GroupId,
    /// The id as written.
    pub name: String,
    /// Where the id is written.
    pub name_span: Span,
    /// Display label (defaults to the id).
    pub label: String,
    /// The enclosing group.
    pub parent: Option<GroupId>,
    /// Components directly inside (not in nested groups).
    pub members: Vec<ComponentId>,
    /// Groups directly inside.
    pub children: Vec<GroupId>,
    /// The whole group.
    pub span: Span,
}

/// An edge between two components.
#[derive(Clone, Debug)]
pub struct Edge {
    /// Its index.
    pub id: EdgeId,
    /// Source.
    pub from: ComponentId,
    /// Target.
    pub to: ComponentId,
    /// The kind (explicit or inferred).
    pub kind: EdgeKind,
    /// Whether the kind was written (`[kind]`) rather than inferred.
    pub explicit_kind: bool,
    /// `: "label"` or `label:` property.
    pub label: Option<String>,
    /// Edge properties (`mitigation`, `rate`, `parallel`, `version`).
    pub props: Props,
    /// Suppressions from `lint-allow` in the edge's block.
    pub suppressions: Vec<Suppression>,
    /// Where the source endpoint is written.
    pub from_span: Span,
    /// Where the target endpoint is written.
    pub to_span: Span,
    /// The whole statement.
    pub span: Span,
}

impl Edge {
    /// A span covering both endpoints as written (for diagnostics about the edge).
    #[must_use]
    pub fn endpoints_span(&self) -> Span {
        if self.from_span.start <= self.to_span.start {
            Span { start: self.from_span.start, end: self.to_span.end }
        } else {
            self.to_span.to(self.from_span)
        }
    }
}

impl Model {
    /// The component `id`.
    #[must_use]
    pub fn component(&self, id: ComponentId) -> &Component {
        &self.components[id.index()]
    }

    /// The edge `id`.
    #[must_use]
    pub fn edge(&self, id: EdgeId) -> &Edge {
        &self.edges[id.index()]
    }

    /// The group `id`.
    #[must_use]
    pub fn group(&self, id: GroupId) -> &Group {
        &self.groups[id.index()]
    }

    /// The component named `name` (children as `parent.child`).
    #[must_use]
    pub fn find(&self, name: &str) -> Option<&Component> {
        self.graph.lookup(name).map(|id| self.component(id))
    }

    /// Components of one kind, in declaration order.
    pub fn components_of(&self, kind: ComponentKind) -> impl Iterator<Item = &Component> + '_ {
        self.components.iter().filter(move |c| c.kind == Some(kind))
    }

    /// Edges of one kind, in declaration order.
    pub fn edges_of(&self, kind: EdgeKind) -> impl Iterator<Item = &Edge> + '_ {
        self.edges.iter().filter(move |e| e.kind == kind)
    }

    /// Edges leaving `id`, in declaration order.
    pub fn outgoing(&self, id: ComponentId) -> impl Iterator<Item = &Edge> + '_ {
        self.graph.outgoing(id).iter().map(|e| self.edge(*e))
    }

    /// Edges entering `id`, in declaration order.
    pub fn incoming(&self, id: ComponentId) -> impl Iterator<Item = &Edge> + '_ {
        self.graph.incoming(id).iter().map(|e| self.edge(*e))
    }

    /// The groups enclosing `group`, innermost first, including `group` itself.
    pub fn group_ancestors(&self, group: GroupId) -> impl Iterator<Item = GroupId> + '_ {
        std::iter::successors(Some(group), |g| self.group(*g).parent)
    }
}
