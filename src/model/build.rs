//! Syntax tree to model: declarations, property types, references, edges; every problem is a
//! spanned diagnostic with a suggestion where one can be made.

use std::collections::HashMap;

use super::schema::{self, PropSpec, Ty};
use super::value::{Metric, Prop, Props, Quantity, Ref, Suppression, Value};
use super::{Built, Component, ComponentId, ComponentKind, Edge, EdgeId, EdgeKind, Group, GroupId, Model};
use crate::diag::Diagnostic;
use crate::layout::Direction;
use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::ast::{self, Dimension};

/// Builds the model of a parsed design. Never fails: unresolved parts are left out and reported.
#[must_use]
pub fn build(file: &ast::File) -> Built<Model> {
    let mut builder = Builder::default();
    builder.items(&file.items, None, true);
    builder.resolve_references();
    builder.edges();
    builder.check_metric_models();
    let Builder { mut model, mut diagnostics, .. } = builder;
    for c in &model.components {
        model.graph.add_node(c.id, &c.name);
    }
    for e in &model.edges {
        model.graph.add_edge(e.id, e.from, e.to, e.kind);
    }
    crate::diag::sort(&mut diagnostics);
    Built { value: model, diagnostics }
}

/// What an id names, for duplicate checks.
#[derive(Copy, Clone)]
enum Declared {
    Component(Span),
    Group(Span),
}

#[derive(Default)]
struct Builder<'a> {
    model: Model,
    diagnostics: Vec<Diagnostic>,
    declared: HashMap<String, Declared>,
    ids: HashMap<String, ComponentId>,
    group_ids: HashMap<String, GroupId>,
    edge_statements: Vec<&'a ast::Edge>,
    requirements_at: Option<Span>,
    metrics_at: Option<Span>,
    lint_at: Option<Span>,
    title_at: Option<Span>,
    direction_at: Option<Span>,
}

/// Whose properties are being checked, for messages ("unknown property `x` of `model`").
#[derive(Copy, Clone)]
struct Owner<'s> {
    /// Shown in messages: "`model`", "the `requirements` block", "edges".
    what: &'s str,
    /// Properties accepted at the top of the owner.
    specs: &'s [&'static [PropSpec]],
}

impl<'a> Builder<'a> {
    // ------------------------------------------------------------------------------------------
    // Declarations

    fn items(&mut self, items: &'a [ast::Item], group: Option<GroupId>, top: bool) {
        for item in items {
            match item {
                ast::Item::Property(p) => self.top_property(p, top),
                ast::Item::Block(b) => self.named_block(b, top),
                ast::Item::Component(c) => {
                    self.component(c, group, None);
                }
                ast::Item::Group(g) => self.group(g, group),
                ast::Item::Edge(e) => self.edge_statements.push(e),
                ast::Item::Error(_) => {}
            }
        }
    }

    fn top_property(&mut self, p: &ast::Property, top: bool) {
        let key = p.key.dotted();
        if !top && schema::find(schema::TOP_LEVEL, &key).is_some() {
            self.diagnostics.push(
                Diagnostic::error(
                    "misplaced-statement",
                    format!("`{key}` can only be set at the top level"),
                    p.key.span,
                )
                .with_help("move it out of the group"),
            );
            return;
        }
        let Some(spec) = schema::find(schema::TOP_LEVEL, &key) else {
            let mut d =
                Diagnostic::error("unknown-statement", format!("unknown top-level property `{key}`"), p.key.span)
                    .with_note("top-level properties are `title`, `direction` and `description`");
            if let Some(kind) = ComponentKind::from_name(&key) {
                d = d.with_help(format!("to declare a component write `{} ID {{ ... }}`", kind.name()));
            } else if let Some(s) = closest(&key, schema::TOP_LEVEL.iter().map(|s| s.name)) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            self.diagnostics.push(d);
            return;
        };
        let Some(value) = self.convert_reported(&p.value, &spec.ty, key.as_str()) else { return };
        let slot = if key == "title" { &mut self.title_at } else { &mut self.direction_at };
        if let Some(first) = *slot {
            self.diagnostics.push(duplicate_property(&key, p.key.span, first));
            return;
        }
        *slot = Some(p.key.span);
        match key.as_str() {
            "title" => self.model.title = value.as_str().map(str::to_string),
            "direction" => {
                self.model.direction = if value.as_str() == Some("down") { Direction::Down } else { Direction::Right };
            }
            _ => {}
        }
    }

    fn named_block(&mut self, b: &'a ast::Block, top: bool) {
        let name = b.name.name.as_str();
        let specs: &'static [PropSpec] = match name {
            "requirements" => schema::REQUIREMENTS,
            "metrics" => schema::METRICS,
            "lint" => schema::LINT,
            _ => {
                let mut d = Diagnostic::error("unknown-statement", format!("unknown block `{name}`"), b.name.span)
                    .with_note("the design blocks are `requirements`, `metrics` and `lint`");
                if name == "group" {
                    d = d.with_help("a group needs an id: `group ID \"Label\" { ... }`");
                } else if let Some(kind) = ComponentKind::from_name(name) {
                    d = d.with_help(format!("a component needs an id: `{} ID {{ ... }}`", kind.name()));
                } else if let Some(s) = closest(name, ["requirements", "metrics", "lint"]) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                self.diagnostics.push(d);
                return;
            }
        };
        if !top {
            self.diagnostics.push(
                Diagnostic::error(
                    "misplaced-statement",
                    format!("`{name}` can only appear at the top level"),
                    b.name.span,
                )
                .with_help("move the block out of the group"),
            );
            return;
        }
        let slot = match name {
            "requirements" => &mut self.requirements_at,
            "metrics" => &mut self.metrics_at,
            _ => &mut self.lint_at,
        };
        if let Some(first) = *slot {
            self.diagnostics.push(
                Diagnostic::error("duplicate-block", format!("`{name}` is given twice"), b.name.span)
                    .with_label(first, "first given here")
                    .with_help(format!("a design has at most one `{name}` block; merge the two")),
            );
            return;
        }
        *slot = Some(b.name.span);
        let what = format!("the `{name}` block");
        let mut props = Props::default();
        self.body(&b.body, Owner { what: &what, specs: &[specs] }, &mut props, "", None);
        match name {
            "requirements" => {
                self.model.requirements = props;
                self.model.requirements_span = Some(b.span);
            }
            "metrics" => {
                self.model.metrics = props;
                self.model.metrics_span = Some(b.span);
            }
            _ => self.model.suppressions = suppressions(&props, "allow"),
        }
    }

    fn declare(&mut self, name: &str, span: Span, as_group: bool) -> bool {
        if name.is_empty() {
            return false;
        }
        if let Some(previous) = self.declared.get(name).copied() {
            let d = match (previous, as_group) {
                (Declared::Component(first), false) | (Declared::Group(first), true) => {
                    Diagnostic::error("duplicate-id", format!("duplicate id `{name}`"), span)
                        .with_primary_label("declared again here")
                        .with_label(first, "first declared here")
                        .with_help("ids must be unique across the file; rename one of them")
                }
                (Declared::Component(first), true) => {
                    Diagnostic::error("id-clash", format!("group `{name}` has the same id as a component"), span)
                        .with_label(first, "the component is declared here")
                        .with_help("groups and components share one namespace; rename the group")
                }
                (Declared::Group(first), false) => {
                    Diagnostic::error("id-clash", format!("component `{name}` has the same id as a group"), span)
                        .with_label(first, "the group is declared here")
                        .with_help("groups and components share one namespace; rename one of them")
                }
            };
            self.diagnostics.push(d);
            return false;
        }
        let entry = if as_group { Declared::Group(span) } else { Declared::Component(span) };
        self.declared.insert(name.to_string(), entry);
        true
    }

    fn group(&mut self, g: &'a ast::Group, parent: Option<GroupId>) {
        if !self.declare(&g.id.name, g.id.span, true) {
            // Keep the members visible: lay them out in the enclosing group.
            self.items(&g.items, parent, false);
            return;
        }
        let id = GroupId(u32::try_from(self.model.groups.len()).unwrap_or(u32::MAX));
        self.group_ids.insert(g.id.name.clone(), id);
        self.model.groups.push(Group {
            id,
            name: g.id.name.clone(),
            name_span: g.id.span,
            label: g.label.as_ref().map_or_else(|| g.id.name.clone(), |l| l.value.clone()),
            parent,
            members: Vec::new(),
            children: Vec::new(),
            span: g.span,
        });
        if let Some(parent) = parent {
            self.model.groups[parent.index()].children.push(id);
        }
        self.items(&g.items, Some(id), false);
    }

    fn component(
        &mut self,
        c: &'a ast::Component,
        group: Option<GroupId>,
        parent: Option<ComponentId>,
    ) -> Option<ComponentId> {
        let kind = ComponentKind::from_name(&c.kind.name);
        if kind.is_none() {
            self.unknown_kind(c, parent);
        }
        let name = match parent {
            Some(p) => format!("{}.{}", self.model.components[p.index()].name, c.id.name),
            None => c.id.name.clone(),
        };
        if !self.declare(&name, c.id.span, false) {
            return None;
        }
        let id = ComponentId(u32::try_from(self.model.components.len()).unwrap_or(u32::MAX));
        self.ids.insert(name.clone(), id);
        self.model.components.push(Component {
            id,
            name,
            name_span: c.id.span,
            kind,
            kind_name: c.kind.name.clone(),
            kind_span: c.kind.span,
            label: c.label.as_ref().map_or_else(|| c.id.name.clone(), |l| l.value.clone()),
            props: Props::default(),
            group,
            parent,
            suppressions: Vec::new(),
            span: c.span,
        });
        if let Some(g) = group {
            if parent.is_none() {
                self.model.groups[g.index()].members.push(id);
            }
        }
        if let Some(body) = &c.body {
            let mut props = Props::default();
            match kind {
                Some(kind) => {
                    let what = format!("`{}`", kind.name());
                    self.body(
                        body,
                        Owner { what: &what, specs: &[kind.specs(), schema::COMMON] },
                        &mut props,
                        "",
                        Some(id),
                    );
                }
                None => {
                    // The kind is unknown (reported): keep the common properties, skip the rest.
                    self.body_quiet(body, &mut props);
                }
            }
            if let Some(label) = props.text("label") {
                self.model.components[id.index()].label = label.to_string();
            }
            self.model.components[id.index()].suppressions = suppressions(&props, "lint-allow");
            self.model.components[id.index()].props = props;
        }
        Some(id)
    }

    fn unknown_kind(&mut self, c: &ast::Component, parent: Option<ComponentId>) {
        let name = &c.kind.name;
        let parent_kind = parent.and_then(|p| self.model.components[p.index()].kind);
        let is_parent_prop = parent_kind
            .is_some_and(|k| schema::find(k.specs(), name).is_some() || schema::find(schema::COMMON, name).is_some());
        if is_parent_prop || (parent.is_none() && schema::find(schema::TOP_LEVEL, name).is_some()) {
            self.diagnostics.push(
                Diagnostic::error(
                    "syntax-error",
                    format!("expected `:` after `{name}`"),
                    Span::empty(c.kind.span.end as usize),
                )
                .with_primary_label("missing `:`")
                .with_help(format!("properties are written `{name}: value`")),
            );
            return;
        }
        let mut d = Diagnostic::error("unknown-kind", format!("unknown component kind `{name}`"), c.kind.span);
        if let Some(s) = closest(name, ComponentKind::ALL.iter().map(|k| k.name())) {
            d = d.with_help(format!("did you mean `{s}`?"));
        } else if matches!(name.as_str(), "requirements" | "metrics" | "lint") {
            d = d.with_help(format!("`{name}` is a block: write `{name} {{ ... }}`"));
        } else {
            d = d.with_note("component kinds include data_source, feature_store, dataset, training_pipeline, model, model_validation, model_registry, serving, policy, consumer, monitor");
        }
        self.diagnostics.push(d);
    }

    // ------------------------------------------------------------------------------------------
    // Properties

    /// Checks the items of `body` against `owner`'s specs (under `prefix`) into `props`.
    /// `component` is the component whose body this is, for child components.
    fn body(
        &mut self,
        body: &'a ast::Body,
        owner: Owner<'_>,
        props: &mut Props,
        prefix: &str,
        component: Option<ComponentId>,
    ) {
        for item in &body.items {
            match item {
                ast::BodyItem::Property(p) => {
                    let Some((key, spec_ty)) = self.resolve_key(&p.key, owner, props, prefix) else { continue };
                    if !accepts_value(spec_ty) {
                        self.diagnostics.push(
                            Diagnostic::error(
                                "invalid-value",
                                format!("`{}` is a block", p.key.dotted()),
                                p.value.span(),
                            )
                            .with_help(format!("write `{} {{ ... }}`", p.key.dotted())),
                        );
                        continue;
                    }
                    let Some(value) = self.convert_reported(&p.value, spec_ty, &p.key) else { continue };
                    self.insert(props, key, &p.key, value, p.value.span());
                }
                ast::BodyItem::Block(b) => {
                    let Some((key, spec_ty)) = self.resolve_key(&b.key, owner, props, prefix) else { continue };
                    if let Some(value_ty) = spec_ty.map_value() {
                        self.insert_block(props, &key, b.key.span);
                        self.map_body(&b.body, value_ty, props, &key, owner.what);
                    } else if let Some(specs) = spec_ty.block_specs() {
                        self.insert_block(props, &key, b.key.span);
                        self.body(&b.body, Owner { what: owner.what, specs: &[specs] }, props, &key, None);
                    } else {
                        self.diagnostics.push(
                            Diagnostic::error(
                                "invalid-value",
                                format!("`{}` takes a value, not a block", b.key.dotted()),
                                b.body.open,
                            )
                            .with_help(format!(
                                "write `{}: value` ({})",
                                b.key.dotted(),
                                spec_ty.describe()
                            )),
                        );
                    }
                }
                ast::BodyItem::Component(c) => self.child_component(c, component, owner),
                ast::BodyItem::Error(_) => {}
            }
        }
    }

    /// The items of a map block: free keys, every value of type `value_ty`.
    fn map_body(&mut self, body: &'a ast::Body, value_ty: &'static Ty, props: &mut Props, prefix: &str, what: &str) {
        for item in &body.items {
            match item {
                ast::BodyItem::Property(p) => {
                    let key = format!("{prefix}.{}", p.key.dotted());
                    if let Some(value) = self.convert_reported(&p.value, value_ty, &p.key) {
                        self.insert(props, key, &p.key, value, p.value.span());
                    }
                }
                ast::BodyItem::Block(b) => {
                    let key = format!("{prefix}.{}", b.key.dotted());
                    if let Some(specs) = value_ty.block_specs() {
                        self.insert_block(props, &key, b.key.span);
                        self.body(&b.body, Owner { what, specs: &[specs] }, props, &key, None);
                    } else {
                        self.diagnostics.push(
                            Diagnostic::error(
                                "invalid-value",
                                format!("`{}` takes a value, not a block", b.key.dotted()),
                                b.body.open,
                            )
                            .with_help(format!(
                                "write `{}: value` ({})",
                                b.key.dotted(),
                                value_ty.describe()
                            )),
                        );
                    }
                }
                ast::BodyItem::Component(c) => self.misplaced_component(c, what),
                ast::BodyItem::Error(_) => {}
            }
        }
    }

    /// Properties of a component of unknown kind: only the common ones are kept, quietly.
    fn body_quiet(&mut self, body: &'a ast::Body, props: &mut Props) {
        for item in &body.items {
            if let ast::BodyItem::Property(p) = item {
                let key = p.key.dotted();
                if let Some(spec) = schema::find(schema::COMMON, &key) {
                    if let Ok(value) = self.convert(&p.value, &spec.ty) {
                        self.insert(props, key, &p.key, value, p.value.span());
                    }
                }
            }
        }
    }

    fn child_component(&mut self, c: &'a ast::Component, parent: Option<ComponentId>, owner: Owner<'_>) {
        let Some(parent) = parent else {
            self.misplaced_component(c, owner.what);
            return;
        };
        let parent_kind = self.model.components[parent.index()].kind;
        let kind = ComponentKind::from_name(&c.kind.name);
        match (parent_kind, kind) {
            (Some(ComponentKind::FeatureStore), Some(ComponentKind::FeatureView)) | (_, None) => {
                let group = self.model.components[parent.index()].group;
                self.component(c, group, Some(parent));
            }
            (_, Some(kind)) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        "misplaced-statement",
                        format!("a `{}` cannot be declared inside {}", kind.name(), owner.what),
                        c.kind.span,
                    )
                    .with_help("only `feature_view`s nest (inside a `feature_store`); declare it at the top level or in a group and connect it with an edge"),
                );
            }
        }
    }

    fn misplaced_component(&mut self, c: &ast::Component, what: &str) {
        let name = &c.kind.name;
        let d = if ComponentKind::from_name(name).is_some() {
            Diagnostic::error(
                "misplaced-statement",
                format!("components cannot be declared inside {what}"),
                c.kind.span,
            )
            .with_help("declare it at the top level or in a group")
        } else {
            Diagnostic::error(
                "syntax-error",
                format!("expected `:` after `{name}`"),
                Span::empty(c.kind.span.end as usize),
            )
            .with_primary_label("missing `:`")
            .with_help(format!("properties are written `{name}: value`"))
        };
        self.diagnostics.push(d);
    }

    /// Resolves a (dotted) key against the owner's specs below `prefix`, creating implicit block
    /// entries for the intermediate segments. Reports unknown keys.
    fn resolve_key(
        &mut self,
        key: &ast::Path,
        owner: Owner<'_>,
        props: &mut Props,
        prefix: &str,
    ) -> Option<(String, &'static Ty)> {
        if let ([segment], "") = (key.segments.as_slice(), prefix) {
            // The common case: one plain name at the top of the owner.
            if let Some(spec) = owner.specs.iter().find_map(|s| schema::find(s, &segment.name)) {
                return Some((segment.name.clone(), &spec.ty));
            }
        }
        let mut specs: Vec<&'static [PropSpec]> = owner.specs.to_vec();
        let mut full = prefix.to_string();
        let mut ty: Option<&'static Ty> = None;
        for (i, segment) in key.segments.iter().enumerate() {
            if let Some(map_value) = ty.and_then(Ty::map_value) {
                // Inside a map every key is free; the rest of the path addresses the value.
                full = join_key(&full, &segment.name);
                if i + 1 == key.segments.len() {
                    return Some((full, map_value));
                }
                ty = Some(map_value);
                specs = map_value.block_specs().into_iter().collect();
                continue;
            }
            let found = specs.iter().find_map(|s| schema::find(s, &segment.name));
            let Some(spec) = found else {
                let names = specs.iter().flat_map(|s| s.iter().map(|p| p.name));
                let mut d = Diagnostic::warning(
                    "unknown-property",
                    format!("unknown property `{}` of {}", segment.name, owner_path(owner.what, &full)),
                    segment.span,
                );
                if let Some(s) = closest(&segment.name, names) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                self.diagnostics.push(d);
                return None;
            };
            if i > 0 {
                self.insert_block(props, &full, key.segments[i - 1].span);
            }
            full = join_key(&full, &segment.name);
            ty = Some(&spec.ty);
            if i + 1 < key.segments.len() {
                if spec.ty.block_specs().is_none() && spec.ty.map_value().is_none() {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "invalid-value",
                            format!("`{}` is not a block, so `{}` cannot be set inside it", segment.name, key.dotted()),
                            segment.span,
                        )
                        .with_help(format!(
                            "`{}` expects {}",
                            segment.name,
                            spec.ty.describe()
                        )),
                    );
                    return None;
                }
                specs = spec.ty.block_specs().into_iter().collect();
            }
        }
        ty.map(|t| (full, t))
    }

    fn insert(&mut self, props: &mut Props, key: String, path: &ast::Path, value: Value, value_span: Span) {
        let key_span = path.span;
        if let Some(first) = props.get(&key) {
            if !matches!(first.value, Value::Block) {
                self.diagnostics.push(duplicate_property(&key, key_span, first.key_span));
                return;
            }
        }
        props.insert(key, Prop { value, key_span, value_span });
    }

    fn insert_block(&mut self, props: &mut Props, key: &str, key_span: Span) {
        if let Some(first) = props.get(key) {
            if !matches!(first.value, Value::Block) {
                self.diagnostics.push(duplicate_property(key, key_span, first.key_span));
            }
            return;
        }
        props.insert(key.to_string(), Prop { value: Value::Block, key_span, value_span: key_span });
    }

    // ------------------------------------------------------------------------------------------
    // Values

    /// Converts a value, reporting a mismatch; `key` (only needed for the message) is the
    /// property's name.
    fn convert_reported(&mut self, value: &ast::Value, ty: &Ty, key: impl KeyName) -> Option<Value> {
        match self.convert(value, ty) {
            Ok(v) => Some(v),
            Err(mismatch) => {
                let key = key.key_name();
                let mut d = Diagnostic::error(
                    "invalid-value",
                    format!("`{key}` expects {}, found {}", mismatch.expected, mismatch.found),
                    mismatch.span,
                );
                if let Some(help) = mismatch.help {
                    d = d.with_help(help);
                }
                self.diagnostics.push(d);
                None
            }
        }
    }

    fn convert(&mut self, value: &ast::Value, ty: &Ty) -> Result<Value, Mismatch> {
        let mismatch = |help: Option<String>| Mismatch {
            expected: ty.describe(),
            found: describe(value),
            span: value.span(),
            help,
        };
        match ty {
            Ty::List(inner) => match value {
                ast::Value::List(list) => {
                    let mut items = Vec::with_capacity(list.items.len());
                    for item in &list.items {
                        items.push((self.convert(item, inner)?, item.span()));
                    }
                    Ok(Value::List(items))
                }
                other => {
                    let single = self.convert(other, inner).is_ok();
                    Err(mismatch(single.then(|| "write a list, even of one item: `[x]`".to_string())))
                }
            },
            Ty::OneOrList(inner) => match value {
                ast::Value::List(_) => self.convert(value, &Ty::List(inner)),
                other => self.convert(other, inner),
            },
            Ty::Either(a, b) => self
                .convert(value, a)
                .or_else(|first| self.convert(value, b).map_err(|_| Mismatch { expected: ty.describe(), ..first })),
            Ty::Block(_) | Ty::Map(_) => Err(mismatch(Some("write a block: `key { ... }`".into()))),
            _ => convert_scalar(value, ty).ok_or_else(|| mismatch(scalar_help(value, ty))),
        }
    }

    // ------------------------------------------------------------------------------------------
    // References and edges

    fn resolve_references(&mut self) {
        let names = &self.ids;
        let mut all_names: Vec<&str> = self.ids.keys().map(String::as_str).collect();
        all_names.sort_unstable();
        let mut diagnostics = Vec::new();
        let mut fix = |props: &mut Props| {
            for (_, prop) in props.iter_mut() {
                let span = prop.value_span;
                resolve_value(&mut prop.value, span, names, &all_names, &mut diagnostics);
            }
        };
        for c in &mut self.model.components {
            fix(&mut c.props);
        }
        fix(&mut self.model.requirements);
        fix(&mut self.model.metrics);
        self.diagnostics.extend(diagnostics);
    }

    fn edges(&mut self) {
        let statements = std::mem::take(&mut self.edge_statements);
        for statement in statements {
            self.edge_statement(statement);
        }
    }

    fn edge_statement(&mut self, e: &'a ast::Edge) {
        let explicit = e.kind.as_ref().and_then(|k| {
            let kind = EdgeKind::from_name(&k.name);
            if kind.is_none() {
                let mut d = Diagnostic::error("unknown-edge-kind", format!("unknown edge kind `{}`", k.name), k.span)
                    .with_note(format!(
                        "edge kinds: {}",
                        EdgeKind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
                    ));
                if let Some(s) = closest(&k.name, EdgeKind::ALL.iter().map(|k| k.name())) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                self.diagnostics.push(d);
            }
            kind
        });
        let mut props = Props::default();
        if let Some(body) = &e.body {
            self.body(body, Owner { what: "edges", specs: &[schema::EDGE] }, &mut props, "", None);
        }
        let label = e.label.as_ref().map(|l| l.value.clone()).or_else(|| props.text("label").map(str::to_string));
        let edge_suppressions = suppressions(&props, "lint-allow");
        // Resolve each endpoint once per statement.
        let resolved: Vec<Vec<Option<ComponentId>>> =
            e.chain.iter().map(|list| list.iter().map(|p| self.endpoint(p)).collect()).collect();
        for link in 0..e.chain.len().saturating_sub(1) {
            for (fi, from) in resolved[link].iter().enumerate() {
                for (ti, to) in resolved[link + 1].iter().enumerate() {
                    let (Some(from), Some(to)) = (*from, *to) else { continue };
                    let kind = explicit.unwrap_or_else(|| {
                        let source = &self.model.components[from.index()];
                        let target = &self.model.components[to.index()];
                        match (source.kind, target.kind) {
                            (Some(a), Some(b)) => super::infer_edge_kind(a, source.props.name("mode"), b),
                            _ => EdgeKind::Data,
                        }
                    });
                    let id = EdgeId(u32::try_from(self.model.edges.len()).unwrap_or(u32::MAX));
                    self.model.edges.push(Edge {
                        id,
                        from,
                        to,
                        kind,
                        explicit_kind: explicit.is_some(),
                        label: label.clone(),
                        props: props.clone(),
                        suppressions: edge_suppressions.clone(),
                        from_span: e.chain[link][fi].span,
                        to_span: e.chain[link + 1][ti].span,
                        span: e.span,
                    });
                }
            }
        }
    }

    fn endpoint(&mut self, path: &ast::Path) -> Option<ComponentId> {
        if let [single] = path.segments.as_slice() {
            if let Some(id) = self.ids.get(single.name.as_str()) {
                return Some(*id);
            }
        }
        let name = path.dotted();
        if let Some(id) = self.ids.get(&name) {
            return Some(*id);
        }
        if let Some(g) = self.group_ids.get(&name).map(|g| &self.model.groups[g.index()]) {
            self.diagnostics.push(
                Diagnostic::error("edge-to-group", format!("`{name}` is a group; edges connect components"), path.span)
                    .with_label(g.name_span, "the group is declared here")
                    .with_help("connect one of the group's components instead"),
            );
            return None;
        }
        let mut d = Diagnostic::error("unknown-component", format!("unknown component `{name}`"), path.span)
            .with_primary_label("not declared in this design");
        if let Some(s) = closest(&name, self.model.components.iter().map(|c| c.name.as_str())) {
            d = d.with_help(format!("did you mean `{s}`?"));
        } else {
            d = d.with_help(format!("declare it first, e.g. `serving {name} {{ ... }}`"));
        }
        self.diagnostics.push(d);
        None
    }

    /// Keys of `metrics.offline { ... }` must name models.
    fn check_metric_models(&mut self) {
        let mut found = Vec::new();
        for (key, prop) in self.model.metrics.children("offline") {
            match self.ids.get(key).map(|id| &self.model.components[id.index()]) {
                Some(c) if c.kind == Some(ComponentKind::Model) || c.kind.is_none() => {}
                Some(c) => found.push(
                    Diagnostic::error(
                        "invalid-value",
                        format!("`{key}` is a `{}`, not a model", c.kind_name),
                        prop.key_span,
                    )
                    .with_label(c.name_span, "declared here")
                    .with_help("offline metrics are listed per model: `offline { model_id: [...] }`"),
                ),
                None => {
                    let mut d = Diagnostic::error("unknown-component", format!("unknown model `{key}`"), prop.key_span);
                    let models =
                        self.model.components.iter().filter(|c| c.is(ComponentKind::Model)).map(|c| c.name.as_str());
                    if let Some(s) = closest(key, models) {
                        d = d.with_help(format!("did you mean `{s}`?"));
                    }
                    found.push(d);
                }
            }
        }
        self.diagnostics.extend(found);
    }
}

struct Mismatch {
    expected: String,
    found: String,
    span: Span,
    help: Option<String>,
}

/// A property name for a message, computed only when a message is made.
trait KeyName {
    fn key_name(&self) -> String;
}

impl KeyName for &str {
    fn key_name(&self) -> String {
        (*self).to_string()
    }
}

impl KeyName for &ast::Path {
    fn key_name(&self) -> String {
        self.dotted()
    }
}

fn join_key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") }
}

fn owner_path(what: &str, prefix: &str) -> String {
    if prefix.is_empty() { what.to_string() } else { format!("`{prefix}` in {what}") }
}

fn accepts_value(ty: &Ty) -> bool {
    match ty {
        Ty::Block(_) | Ty::Map(_) => false,
        Ty::Either(a, b) => accepts_value(a) || accepts_value(b),
        _ => true,
    }
}

fn duplicate_property(key: &str, span: Span, first: Span) -> Diagnostic {
    Diagnostic::error("duplicate-property", format!("property `{key}` is given twice"), span)
        .with_primary_label("given again here")
        .with_label(first, "first given here")
        .with_help("remove one of them")
}

/// What a value looks like, for "found ..." messages.
fn describe(value: &ast::Value) -> String {
    match value {
        ast::Value::Str(s) => format!("the string \"{}\"", truncate(&s.value)),
        ast::Value::Number(n) => match n.dimension {
            Dimension::Plain => "a plain number".into(),
            Dimension::Count => "a count".into(),
            Dimension::Percent => "a percentage".into(),
            Dimension::Duration => "a duration".into(),
            Dimension::Size => "a size".into(),
            Dimension::Rate => "a rate".into(),
        },
        ast::Value::Bool(b, _) => format!("`{b}`"),
        ast::Value::Word(w) => format!("`{}`", truncate(&w.path.dotted())),
        ast::Value::List(_) => "a list".into(),
    }
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 40 { format!("{}...", s.chars().take(40).collect::<String>()) } else { s.to_string() }
}

fn plain_word(value: &ast::Value) -> Option<String> {
    match value {
        ast::Value::Word(w) if w.at.is_none() && w.comparison.is_none() && w.note.is_none() => Some(w.path.dotted()),
        _ => None,
    }
}

fn quantity(n: &ast::Number) -> Value {
    Value::Number(Quantity { value: n.value, dimension: n.dimension })
}

fn number_text(n: &ast::Number) -> String {
    format!("{}{}", n.mantissa, n.suffix)
}

/// Converts a value to a scalar type; `None` when it does not fit.
fn convert_scalar(value: &ast::Value, ty: &Ty) -> Option<Value> {
    use ast::Value as A;
    match (ty, value) {
        (Ty::Text, A::Str(s)) => Some(Value::Text(s.value.clone())),
        (Ty::Text, A::Number(n)) => Some(Value::Text(number_text(n))),
        (Ty::Text, A::Bool(b, _)) => Some(Value::Text(b.to_string())),
        (Ty::Text, _) => plain_word(value).map(Value::Text),
        (Ty::Name, A::Str(s)) => Some(Value::Name(s.value.clone())),
        (Ty::Name, _) => plain_word(value).map(Value::Name),
        (Ty::Enum(values), _) => {
            let word = match value {
                A::Str(s) => Some(s.value.clone()),
                _ => plain_word(value),
            }?;
            values.contains(&word.as_str()).then_some(Value::Name(word))
        }
        (Ty::Bool, A::Bool(b, _)) => Some(Value::Bool(*b)),
        (Ty::Int, A::Number(n)) if n.dimension == Dimension::Plain && n.mantissa.fract() == 0.0 => Some(quantity(n)),
        (Ty::Float, A::Number(n)) if n.dimension == Dimension::Plain => Some(quantity(n)),
        (Ty::Duration | Ty::Schedule, A::Number(n)) if n.dimension == Dimension::Duration => Some(quantity(n)),
        (Ty::Count, A::Number(n)) if matches!(n.dimension, Dimension::Plain | Dimension::Count) && n.value >= 0.0 => {
            Some(Value::Number(Quantity { value: n.value, dimension: Dimension::Count }))
        }
        (Ty::Rate, A::Number(n)) if matches!(n.dimension, Dimension::Rate | Dimension::Plain) => {
            Some(Value::Number(Quantity { value: n.value, dimension: Dimension::Rate }))
        }
        (Ty::Size, A::Number(n)) if n.dimension == Dimension::Size => Some(quantity(n)),
        (Ty::Percent, A::Number(n)) if n.dimension == Dimension::Percent => Some(quantity(n)),
        (Ty::Schedule, A::Str(s)) => Some(Value::Text(s.value.clone())),
        (Ty::Schedule, _) => plain_word(value).map(Value::Name),
        (Ty::Metric, A::Word(w)) if w.note.is_none() => Some(Value::Metric(Metric {
            id: w.path.dotted(),
            at: w.at.as_ref().map(|a| a.name.clone()),
            threshold: w.comparison.as_ref().map(|c| (c.op, c.number.value)),
        })),
        (Ty::Ref, A::Word(w)) if w.comparison.is_none() && w.note.is_none() => {
            Some(Value::Ref(Ref { name: w.path.dotted(), alias: w.at.as_ref().map(|a| a.name.clone()), target: None }))
        }
        (Ty::Suppression, A::Word(w)) if w.comparison.is_none() && w.at.is_none() => {
            Some(Value::Suppression(Suppression {
                rule: w.path.dotted(),
                rule_span: w.path.span,
                reason: w.note.as_ref().map(|n| n.value.clone()),
                span: w.span,
            }))
        }
        _ => None,
    }
}

/// A hint for the most common type mistakes.
fn scalar_help(value: &ast::Value, ty: &Ty) -> Option<String> {
    match (ty, value) {
        (Ty::Enum(values), _) => {
            let word = match value {
                ast::Value::Str(s) => s.value.clone(),
                _ => plain_word(value)?,
            };
            closest(&word, values.iter().copied()).map(|s| format!("did you mean `{s}`?"))
        }
        (Ty::Duration, ast::Value::Number(n)) if n.dimension == Dimension::Plain => {
            Some(format!("add a time unit, e.g. `{}ms`", n.mantissa))
        }
        (Ty::Percent, ast::Value::Number(n)) if n.dimension == Dimension::Plain => {
            Some(format!("write a percentage, e.g. `{}%`", n.mantissa))
        }
        (Ty::Bool, _) => Some("write `true` or `false`".into()),
        (Ty::Suppression, ast::Value::Str(_)) => Some("write the rule id first: `rule-id \"reason\"`".into()),
        _ => None,
    }
}

fn resolve_value(
    value: &mut Value,
    span: Span,
    names: &HashMap<String, ComponentId>,
    all: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) {
    match value {
        Value::Ref(r) => {
            r.target = names.get(&r.name).copied();
            if r.target.is_none() {
                let mut d = Diagnostic::error("unknown-component", format!("unknown component `{}`", r.name), span)
                    .with_primary_label("not declared in this design");
                if let Some(s) = closest(&r.name, all.iter().copied()) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                diagnostics.push(d);
            }
        }
        Value::List(items) => {
            for (item, item_span) in items {
                resolve_value(item, *item_span, names, all, diagnostics);
            }
        }
        _ => {}
    }
}

/// The suppressions stored at `key` (one or a list).
fn suppressions(props: &Props, key: &str) -> Vec<Suppression> {
    props
        .value(key)
        .map(|v| {
            v.items()
                .into_iter()
                .filter_map(|s| match s {
                    Value::Suppression(s) => Some(s.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}
