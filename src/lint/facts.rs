//! Graph facts shared by the rules (ml-domain.md §2.6), computed once per lint run.
//!
//! Whole-graph facts are computed eagerly in linear time: `Models(S)` for every serving node,
//! `System(S)` (union-find over the request-path sub-graph), `UserFacing(S)` (one search from the
//! app surfaces), strongly connected components (Tarjan) for feedback cycles, monitors and
//! experiments per target, feature providers. Per-node ancestries (`TrainAnc`, `ServeAnc`) and
//! request-path latencies are computed on demand and memoised, so each is computed at most once
//! per node; the cost is linear in the size of the ancestries that rules actually ask for.

use std::cell::{Cell, OnceCell, RefCell};

use indexmap::IndexMap;

use crate::model::graph::Dir;
use crate::model::{Component, ComponentId, ComponentKind as K, EdgeId, EdgeKind as E, Metric, Model, Value};
use crate::source::Span;

/// Edge kinds of `TrainAnc(M)`: where a model's training data comes from.
pub(crate) const TRAIN_KINDS: &[E] = &[E::Produces, E::Trains, E::Data, E::Labels, E::Materializes, E::Validates];
/// Edge kinds of `ServeAnc(S)`: where a serving node's runtime inputs come from. Besides
/// `lookup` and `data` (ml-domain.md §2.6) this follows `materializes`, so a feature pipeline
/// that fills the feature store a service reads is one of the service's providers, as it is on
/// the training side.
pub(crate) const SERVE_KINDS: &[E] = &[E::Lookup, E::Data, E::Materializes];

/// A feature declared by a component.
#[derive(Clone, Debug)]
pub struct Feature<'m> {
    /// The feature name.
    pub name: &'m str,
    /// Where it is written.
    pub span: Span,
    /// The property holding its record (`features` for `features { age { ... } }`) when written
    /// as a record.
    pub record: Option<&'static str>,
}

/// The request-path latency of a node: its own latency plus what it waits for.
#[derive(Clone, Debug, Default)]
pub struct Latency {
    /// Total milliseconds.
    pub total: f64,
    /// The node's own `latency_p99` (or a feature store's online read latency).
    pub own: f64,
    /// The nodes whose latency is counted in `total` (calls and lookups), in order.
    pub via: Vec<ComponentId>,
}

/// A feedback cycle through one `influences` edge.
#[derive(Clone, Debug)]
pub struct FeedbackLoop {
    /// The `influences` edge.
    pub edge: EdgeId,
    /// Serving nodes on the cycle, in declaration order.
    pub servings: Vec<ComponentId>,
    /// The independent systems among those serving nodes, each named by its first serving
    /// node: a loop is hidden when there are two or more.
    pub systems: Vec<ComponentId>,
    /// The first model on the cycle, if any.
    pub model: Option<ComponentId>,
}

/// Facts about one model's graph.
pub struct Facts<'m> {
    model: &'m Model,
    models_of: Vec<Vec<ComponentId>>,
    served_by: Vec<Vec<ComponentId>>,
    system: Vec<Option<u32>>,
    user_facing: Vec<bool>,
    monitors_of: Vec<Vec<ComponentId>>,
    experiments_on: Vec<Vec<ComponentId>>,
    scc: Vec<usize>,
    scc_servings: Vec<Vec<ComponentId>>,
    scc_models: Vec<Vec<ComponentId>>,
    features: Vec<Vec<Feature<'m>>>,
    providers: IndexMap<&'m str, Vec<ComponentId>>,
    train_anc: Vec<OnceCell<Vec<ComponentId>>>,
    serve_anc: Vec<OnceCell<Vec<ComponentId>>>,
    latency: RefCell<Vec<Option<Latency>>>,
    chain: RefCell<Vec<u8>>,
    marks: RefCell<Vec<u32>>,
    epoch: Cell<u32>,
}

impl std::fmt::Debug for Facts<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Facts").field("components", &self.model.components.len()).finish_non_exhaustive()
    }
}

impl<'m> Facts<'m> {
    /// Computes the eager facts of `model`.
    #[must_use]
    pub fn new(model: &'m Model) -> Facts<'m> {
        let n = model.components.len();
        let mut facts = Facts {
            model,
            models_of: vec![Vec::new(); n],
            served_by: vec![Vec::new(); n],
            system: vec![None; n],
            user_facing: vec![false; n],
            monitors_of: vec![Vec::new(); n],
            experiments_on: vec![Vec::new(); n],
            scc: vec![0; n],
            scc_servings: Vec::new(),
            scc_models: Vec::new(),
            features: vec![Vec::new(); n],
            providers: IndexMap::new(),
            train_anc: (0..n).map(|_| OnceCell::new()).collect(),
            serve_anc: (0..n).map(|_| OnceCell::new()).collect(),
            latency: RefCell::new(vec![None; n]),
            chain: RefCell::new(vec![0; n]),
            marks: RefCell::new(vec![0; n]),
            epoch: Cell::new(0),
        };
        facts.compute_models();
        facts.compute_systems();
        facts.compute_user_facing();
        facts.compute_targets();
        facts.compute_sccs();
        facts.compute_features();
        facts
    }

    // ------------------------------------------------------------------------------------------
    // Accessors

    /// The kind of `id`.
    #[must_use]
    pub fn kind(&self, id: ComponentId) -> Option<K> {
        self.model.component(id).kind
    }

    /// Whether `id` has kind `kind`.
    #[must_use]
    pub fn is(&self, id: ComponentId, kind: K) -> bool {
        self.kind(id) == Some(kind)
    }

    /// `serving` and `batch_prediction` nodes, in declaration order.
    pub fn servings(&self) -> impl Iterator<Item = &'m Component> + 'm {
        self.model.components.iter().filter(|c| c.kind.is_some_and(K::is_serving))
    }

    /// The serving mode: `mode`, and `batch` for `batch_prediction`.
    #[must_use]
    pub fn mode(&self, id: ComponentId) -> Option<&'m str> {
        let c = self.model.component(id);
        if c.is(K::BatchPrediction) { Some("batch") } else { c.props.name("mode") }
    }

    /// Whether `id` is a serving node with `mode: online`.
    #[must_use]
    pub fn is_online(&self, id: ComponentId) -> bool {
        self.is(id, K::Serving) && self.mode(id) == Some("online")
    }

    /// `Models(S)`: the models deployed to `id` (through a registry, or directly), narrowed to
    /// its `serves` list when it has one.
    #[must_use]
    pub fn models_of(&self, id: ComponentId) -> &[ComponentId] {
        &self.models_of[id.index()]
    }

    /// The serving nodes a model is deployed to.
    #[must_use]
    pub fn served_by(&self, model: ComponentId) -> &[ComponentId] {
        &self.served_by[model.index()]
    }

    /// `System(S)`: the connected component of `id` among request-path nodes.
    #[must_use]
    pub fn system(&self, id: ComponentId) -> Option<u32> {
        self.system[id.index()]
    }

    /// `UserFacing(S)`: reached from an `app_surface` consumer over `call` edges.
    #[must_use]
    pub fn user_facing(&self, id: ComponentId) -> bool {
        self.user_facing[id.index()]
    }

    /// The monitors that target `id` (by `monitors` edge or `targets`).
    #[must_use]
    pub fn monitors_of(&self, id: ComponentId) -> &[ComponentId] {
        &self.monitors_of[id.index()]
    }

    /// The experiments that target `id` (by `experiment` edge or `target`).
    #[must_use]
    pub fn experiments_on(&self, id: ComponentId) -> &[ComponentId] {
        &self.experiments_on[id.index()]
    }

    /// The features `id` declares (`outputs_features`, `features`, `computes_features`).
    #[must_use]
    pub fn features(&self, id: ComponentId) -> &[Feature<'m>] {
        &self.features[id.index()]
    }

    /// Every declared feature name with its providers, in declaration order.
    #[must_use]
    pub fn providers(&self) -> &IndexMap<&'m str, Vec<ComponentId>> {
        &self.providers
    }

    /// `Providers(f)`: the components that declare feature `f`.
    #[must_use]
    pub fn providers_of(&self, feature: &str) -> &[ComponentId] {
        self.providers.get(feature).map_or(&[], Vec::as_slice)
    }

    /// The record property `key` of feature `f` as declared by `provider`.
    #[must_use]
    pub fn feature_prop(&self, provider: ComponentId, feature: &str, key: &str) -> Option<&'m Value> {
        let f = self.features(provider).iter().find(|f| f.name == feature)?;
        let record = f.record?;
        self.model.component(provider).props.value(&format!("{record}.{feature}.{key}"))
    }

    /// The feedback cycles: one per `influences` edge that lies on a cycle, in edge order.
    #[must_use]
    pub fn feedback_loops(&self) -> Vec<FeedbackLoop> {
        let mut out = Vec::new();
        for e in self.model.edges_of(E::Influences) {
            let scc = self.scc[e.from.index()];
            if scc != self.scc[e.to.index()] {
                continue;
            }
            let servings = self.scc_servings[scc].clone();
            let systems = self.independent_systems(&servings);
            out.push(FeedbackLoop { edge: e.id, servings, systems, model: self.scc_models[scc].first().copied() });
        }
        out
    }

    /// The independent systems among `servings`: serving nodes are in one system when they
    /// share a `System` (the request-path funnel) or deploy a common model (a real-time and a
    /// batch deployment of one model are one ML system). Each is named by its first serving.
    fn independent_systems(&self, servings: &[ComponentId]) -> Vec<ComponentId> {
        let mut parent: Vec<usize> = (0..servings.len()).collect();
        fn root(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        let mut by_system: IndexMap<u32, usize> = IndexMap::new();
        let mut by_model: IndexMap<ComponentId, usize> = IndexMap::new();
        for (i, s) in servings.iter().enumerate() {
            let mut keys: Vec<usize> = Vec::new();
            if let Some(sys) = self.system(*s) {
                keys.push(*by_system.entry(sys).or_insert(i));
            }
            for m in self.models_of(*s) {
                keys.push(*by_model.entry(*m).or_insert(i));
            }
            for k in keys {
                let (a, b) = (root(&mut parent, i), root(&mut parent, k));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
        let mut out = Vec::new();
        for (i, s) in servings.iter().enumerate() {
            if root(&mut parent, i) == i {
                out.push(*s);
            }
        }
        out
    }

    /// `TrainAnc(M)`: nodes reachable backwards from `id` over training-data edges, sorted.
    #[must_use]
    pub fn train_anc(&self, id: ComponentId) -> &[ComponentId] {
        self.train_anc[id.index()].get_or_init(|| self.ancestors(id, TRAIN_KINDS))
    }

    /// `ServeAnc(S)`: nodes reachable backwards from `id` over `lookup`, `data` and
    /// `materializes` edges, sorted.
    #[must_use]
    pub fn serve_anc(&self, id: ComponentId) -> &[ComponentId] {
        self.serve_anc[id.index()].get_or_init(|| self.ancestors(id, SERVE_KINDS))
    }

    /// Whether `id` is in the sorted set `set`; a feature view counts when its store does.
    #[must_use]
    pub fn contains(&self, set: &[ComponentId], id: ComponentId) -> bool {
        set.binary_search(&id).is_ok() || self.model.component(id).parent.is_some_and(|p| set.binary_search(&p).is_ok())
    }

    /// The training pipelines that produce `model`.
    pub fn producers(&self, model: ComponentId) -> impl Iterator<Item = ComponentId> + '_ {
        self.model
            .graph
            .neighbors(model, Dir::Backward, &[E::Produces])
            .map(|(_, p)| p)
            .filter(|p| self.is(*p, K::TrainingPipeline))
    }

    /// The `model_validation` gates that evaluate `model`.
    pub fn gates_of(&self, model: ComponentId) -> impl Iterator<Item = ComponentId> + '_ {
        self.model.graph.neighbors(model, Dir::Forward, &[]).map(|(_, v)| v).filter(|v| self.is(*v, K::ModelValidation))
    }

    /// The offline metrics of a model: `metrics.offline.<model>`, or a plain `metrics.offline`
    /// list (which applies to every model), with where each is written.
    #[must_use]
    pub fn offline_metrics(&self, model: ComponentId) -> Vec<(&'m Metric, Span)> {
        let name = &self.model.component(model).name;
        let metrics = &self.model.metrics;
        let key = format!("offline.{name}");
        let prop = metrics.get(&key).or_else(|| match metrics.value("offline") {
            Some(Value::List(_)) => metrics.get("offline"),
            _ => None,
        });
        metric_items(prop.map(|p| (&p.value, p.value_span)))
    }

    /// The online metrics: `metrics.online` plus the experiments' `primary_metric`s.
    #[must_use]
    pub fn online_metrics(&self) -> Vec<(&'m Metric, Span)> {
        let metrics = &self.model.metrics;
        let mut out = metric_items(metrics.get("online").map(|p| (&p.value, p.value_span)));
        for c in self.model.components_of(K::Experiment) {
            out.extend(metric_items(c.props.get("primary_metric").map(|p| (&p.value, p.value_span))));
        }
        out
    }

    /// The request-path latency of `id` (ml-domain.md §2.6): its own `latency_p99` plus what it
    /// waits for: its synchronous reads (`lookup` edges into it) and its `call`s. Branches are
    /// summed unless their edges (or nodes) share a `parallel` group, which takes the maximum.
    /// A node already on the chain counts as zero (cycles end there).
    #[must_use]
    pub fn latency(&self, id: ComponentId) -> Latency {
        if let Some(l) = &self.latency.borrow()[id.index()] {
            return l.clone();
        }
        self.compute_latency(id);
        self.latency.borrow()[id.index()].clone().unwrap_or_default()
    }

    /// A node's own latency: `latency_p99`, or a feature store's `online_store.read_latency_p99`.
    #[must_use]
    pub fn own_latency(&self, id: ComponentId) -> f64 {
        let c = self.model.component(id);
        if let Some(ms) = c.props.number("latency_p99") {
            return ms;
        }
        let store = if c.is(K::FeatureView) { c.parent.map(|p| self.model.component(p)) } else { Some(c) };
        store
            .filter(|s| s.is(K::FeatureStore))
            .and_then(|s| s.props.number("online_store.read_latency_p99"))
            .unwrap_or(0.0)
    }

    // ------------------------------------------------------------------------------------------
    // Computations

    fn compute_models(&mut self) {
        let model = self.model;
        for c in &model.components {
            if !matches!(c.kind, Some(K::Serving | K::BatchPrediction | K::IndexingPipeline)) {
                continue;
            }
            let mut found = Vec::new();
            for e in model.incoming(c.id) {
                let from = model.component(e.from);
                match from.kind {
                    Some(K::ModelRegistry) if e.kind == E::Deploys => self.registered(e.from, &mut found),
                    Some(K::Model) => found.push(e.from),
                    _ => {}
                }
            }
            if let Some(r) = c.props.reference("model").and_then(|r| r.target) {
                match self.kind(r) {
                    Some(K::ModelRegistry) => self.registered(r, &mut found),
                    Some(K::Model) => found.push(r),
                    _ => {}
                }
            }
            let mut seen = Vec::new();
            found.retain(|m| {
                let new = !seen.contains(m);
                seen.push(*m);
                new
            });
            // `serves: [model, ...]` says which of the registry's models this node runs.
            let serves: Vec<ComponentId> = c.props.references("serves").iter().filter_map(|r| r.target).collect();
            if c.props.has("serves") {
                found.retain(|m| serves.contains(m));
            }
            for m in &found {
                if c.kind.is_some_and(K::is_serving) {
                    self.served_by[m.index()].push(c.id);
                }
            }
            self.models_of[c.id.index()] = found;
        }
    }

    /// The models registered in `registry` (directly or through a gate).
    fn registered(&self, registry: ComponentId, out: &mut Vec<ComponentId>) {
        for (_, x) in self.model.graph.neighbors(registry, Dir::Backward, &[E::Registers]) {
            match self.kind(x) {
                Some(K::Model) => out.push(x),
                Some(K::ModelValidation) => {
                    out.extend(
                        self.model
                            .graph
                            .neighbors(x, Dir::Backward, &[E::Evaluates])
                            .map(|(_, m)| m)
                            .filter(|m| self.is(*m, K::Model)),
                    );
                }
                _ => {}
            }
        }
    }

    fn compute_systems(&mut self) {
        let model = self.model;
        let n = model.components.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        let member = |id: ComponentId| model.component(id).kind.is_some_and(K::is_request_path);
        for e in &model.edges {
            if e.kind.is_sync() && member(e.from) && member(e.to) {
                let (a, b) = (root(&mut parent, e.from.index()), root(&mut parent, e.to.index()));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
        let mut ids: Vec<Option<u32>> = vec![None; n];
        let mut next = 0u32;
        for c in &model.components {
            if !member(c.id) {
                continue;
            }
            let r = root(&mut parent, c.id.index());
            let id = *ids[r].get_or_insert_with(|| {
                next += 1;
                next - 1
            });
            self.system[c.id.index()] = Some(id);
        }
    }

    fn compute_user_facing(&mut self) {
        let starts: Vec<ComponentId> = self
            .model
            .components_of(K::Consumer)
            .filter(|c| c.props.name("type") == Some("app_surface"))
            .map(|c| c.id)
            .collect();
        self.user_facing = self.model.graph.reachable(&starts, Dir::Forward, &[E::Call]);
    }

    fn compute_targets(&mut self) {
        let model = self.model;
        for e in &model.edges {
            match e.kind {
                E::Monitors => push_unique(&mut self.monitors_of[e.to.index()], e.from),
                E::Experiment => push_unique(&mut self.experiments_on[e.to.index()], e.from),
                _ => {}
            }
        }
        for c in &model.components {
            match c.kind {
                Some(K::Monitor) => {
                    for r in c.props.references("targets") {
                        if let Some(t) = r.target {
                            push_unique(&mut self.monitors_of[t.index()], c.id);
                        }
                    }
                }
                Some(K::Experiment) => {
                    if let Some(t) = c.props.reference("target").and_then(|r| r.target) {
                        push_unique(&mut self.experiments_on[t.index()], c.id);
                    }
                }
                _ => {}
            }
        }
    }

    fn compute_sccs(&mut self) {
        let sccs = petgraph::algo::tarjan_scc(self.model.graph.petgraph());
        for (i, scc) in sccs.iter().enumerate() {
            let mut members: Vec<ComponentId> = scc.iter().map(|n| ComponentId(n.index() as u32)).collect();
            members.sort();
            for m in &members {
                self.scc[m.index()] = i;
            }
            self.scc_servings
                .push(members.iter().copied().filter(|m| self.kind(*m).is_some_and(K::is_serving)).collect());
            self.scc_models.push(members.iter().copied().filter(|m| self.is(*m, K::Model)).collect());
        }
    }

    fn compute_features(&mut self) {
        let model = self.model;
        for c in &model.components {
            let mut list = Vec::new();
            for key in ["outputs_features", "computes_features", "features"] {
                let Some(prop) = c.props.get(key) else { continue };
                match &prop.value {
                    Value::List(items) => {
                        for (v, span) in items {
                            if let Some(name) = v.as_str() {
                                list.push(Feature { name, span: *span, record: None });
                            }
                        }
                    }
                    Value::Block => {
                        for (name, p) in c.props.children(key) {
                            list.push(Feature { name, span: p.key_span, record: Some(key) });
                        }
                    }
                    _ => {}
                }
            }
            for f in &list {
                let providers = self.providers.entry(f.name).or_default();
                push_unique(providers, c.id);
            }
            self.features[c.id.index()] = list;
        }
    }

    /// Nodes reachable backwards from `start` over `kinds` edges (without `start` unless it is
    /// on a cycle), sorted.
    fn ancestors(&self, start: ComponentId, kinds: &[E]) -> Vec<ComponentId> {
        let mut marks = self.marks.borrow_mut();
        let epoch = self.epoch.get().wrapping_add(1);
        self.epoch.set(epoch);
        if epoch == 0 {
            marks.iter_mut().for_each(|m| *m = 0);
        }
        let mut out = Vec::new();
        let mut stack = vec![start];
        while let Some(n) = stack.pop() {
            for (_, prev) in self.model.graph.neighbors(n, Dir::Backward, kinds) {
                if marks[prev.index()] != epoch {
                    marks[prev.index()] = epoch;
                    out.push(prev);
                    stack.push(prev);
                }
            }
        }
        out.sort();
        out
    }

    /// The synchronous children of a node: call targets and lookup sources, each with its
    /// `parallel` group (from the edge, else from the child node).
    fn sync_children(&self, id: ComponentId) -> Vec<SyncChild> {
        let group = |edge: EdgeId, child: ComponentId| {
            let e = self.model.edge(edge);
            parallel_group(e.props.value("parallel"))
                .or_else(|| parallel_group(self.model.component(child).props.value("parallel")))
        };
        let mut out = Vec::new();
        for (e, to) in self.model.graph.neighbors(id, Dir::Forward, &[E::Call]) {
            out.push((to, group(e, to)));
        }
        for (e, from) in self.model.graph.neighbors(id, Dir::Backward, &[E::Lookup]) {
            out.push((from, group(e, from)));
        }
        out
    }

    /// Computes latencies in post-order from `start` (iteratively: chains may be long).
    fn compute_latency(&self, start: ComponentId) {
        // 0 = new, 1 = on the chain, 2 = done (stored in `self.latency`).
        let mut state = self.chain.borrow_mut();
        let mut stack: Vec<(ComponentId, Vec<SyncChild>, usize)> = Vec::new();
        state[start.index()] = 1;
        stack.push((start, self.sync_children(start), 0));
        while let Some((node, children, next)) = stack.last_mut() {
            if let Some((child, _)) = children.get(*next).cloned() {
                *next += 1;
                let done = self.latency.borrow()[child.index()].is_some();
                if !done && state[child.index()] == 0 {
                    state[child.index()] = 1;
                    let grandchildren = self.sync_children(child);
                    stack.push((child, grandchildren, 0));
                }
                continue;
            }
            let node = *node;
            let own = self.own_latency(node);
            let mut total = own;
            let mut via = Vec::new();
            // Ungrouped children are summed; each parallel group contributes its maximum.
            let mut groups: Vec<(String, f64, Option<ComponentId>)> = Vec::new();
            for (child, group) in children.iter() {
                let value = if state[child.index()] == 1 && self.latency.borrow()[child.index()].is_none() {
                    0.0
                } else {
                    self.latency.borrow()[child.index()].as_ref().map_or(0.0, |l| l.total)
                };
                match group {
                    None => {
                        total += value;
                        if value > 0.0 {
                            via.push(*child);
                        }
                    }
                    Some(g) => match groups.iter_mut().find(|(name, _, _)| name == g) {
                        Some(entry) if value > entry.1 => {
                            entry.1 = value;
                            entry.2 = Some(*child);
                        }
                        Some(_) => {}
                        None => groups.push((g.clone(), value, (value > 0.0).then_some(*child))),
                    },
                }
            }
            for (_, value, child) in groups {
                total += value;
                via.extend(child);
            }
            self.latency.borrow_mut()[node.index()] = Some(Latency { total, own, via });
            state[node.index()] = 2;
            stack.pop();
        }
    }
}

/// A synchronous child of a request-path node and its `parallel` group.
type SyncChild = (ComponentId, Option<String>);

fn parallel_group(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Bool(true) => Some(String::new()),
        Value::Name(n) | Value::Text(n) => Some(n.clone()),
        _ => None,
    }
}

fn push_unique(list: &mut Vec<ComponentId>, id: ComponentId) {
    if !list.contains(&id) {
        list.push(id);
    }
}

fn metric_items(value: Option<(&Value, Span)>) -> Vec<(&Metric, Span)> {
    let Some((value, span)) = value else { return Vec::new() };
    match value {
        Value::List(items) => items
            .iter()
            .filter_map(|(v, s)| match v {
                Value::Metric(m) => Some((m, *s)),
                _ => None,
            })
            .collect(),
        Value::Metric(m) => vec![(m, span)],
        _ => Vec::new(),
    }
}

/// Visits nodes in post-order over `kinds` edges followed backward (predecessors first), from
/// each of `starts` in turn, following only predecessors that `follow` accepts. `finish(node,
/// done)` runs once per reached node, when every predecessor it waits for is finished: `done[p]`
/// is true for those, false for a predecessor still on the current path (a cycle) or not
/// followed. Iterative, so long chains cannot overflow the stack; linear in the graph.
pub(crate) fn post_order(
    model: &Model,
    kinds: &[E],
    starts: impl IntoIterator<Item = ComponentId>,
    follow: impl Fn(ComponentId) -> bool,
    mut finish: impl FnMut(ComponentId, &[bool]),
) {
    let n = model.components.len();
    let mut entered = vec![false; n];
    let mut done = vec![false; n];
    for start in starts {
        if entered[start.index()] {
            continue;
        }
        let mut stack: Vec<(ComponentId, bool)> = vec![(start, false)];
        while let Some((node, expanded)) = stack.pop() {
            if expanded {
                finish(node, &done);
                done[node.index()] = true;
                continue;
            }
            if entered[node.index()] {
                continue;
            }
            entered[node.index()] = true;
            stack.push((node, true));
            for (_, prev) in model.graph.neighbors(node, Dir::Backward, kinds) {
                if follow(prev) && !entered[prev.index()] {
                    stack.push((prev, false));
                }
            }
        }
    }
}

/// Computes a small set per node from the sets of its predecessors over `kinds` edges, for every
/// node, in one memoised post-order pass (a predecessor still on the current path, on a cycle,
/// contributes nothing). `step(node, preds)` gets each incoming edge with its source and the
/// source's set, and returns the node's set; keeping sets small (capped) keeps the pass linear.
pub(crate) fn propagate(
    model: &Model,
    kinds: &[E],
    mut step: impl FnMut(ComponentId, &[(EdgeId, ComponentId, &[ComponentId])]) -> Vec<ComponentId>,
) -> Vec<Vec<ComponentId>> {
    let mut memo: Vec<Vec<ComponentId>> = vec![Vec::new(); model.components.len()];
    post_order(
        model,
        kinds,
        model.components.iter().map(|c| c.id),
        |_| true,
        |node, done| {
            let preds: Vec<(EdgeId, ComponentId, &[ComponentId])> = model
                .graph
                .neighbors(node, Dir::Backward, kinds)
                .filter(|(_, p)| done[p.index()])
                .map(|(e, p)| (e, p, memo[p.index()].as_slice()))
                .collect();
            let set = step(node, &preds);
            drop(preds);
            memo[node.index()] = set;
        },
    );
    memo
}

/// Adds `id` to a capped set (no duplicates).
pub(crate) fn add_capped(set: &mut Vec<ComponentId>, id: ComponentId, cap: usize) {
    if set.len() < cap && !set.contains(&id) {
        set.push(id);
    }
}
