//! Benchmark inputs: GraphML (North DAGs), DOT (Graphviz test graphs, with clusters) and
//! generated ML-pipeline-like graphs, all read into one plain form.

use std::collections::HashMap;

/// A plain directed graph with nested clusters.
#[derive(Clone, Debug, Default)]
pub(crate) struct BenchGraph {
    /// Name shown in the report.
    pub(crate) name: String,
    /// Number of nodes.
    pub(crate) nodes: usize,
    /// Edges (source, target, feedback?).
    pub(crate) edges: Vec<(u32, u32, bool)>,
    /// Clusters: parent index.
    pub(crate) clusters: Vec<Option<u32>>,
    /// Innermost cluster of every node.
    pub(crate) node_cluster: Vec<Option<u32>>,
}

/// Reads a GraphML file (nodes and edges only).
pub(crate) fn graphml(name: &str, text: &str) -> BenchGraph {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut g = BenchGraph { name: name.to_string(), ..BenchGraph::default() };
    let attr = |tag: &str, key: &str| -> Option<String> {
        let pat = format!("{key}=\"");
        let start = tag.find(&pat)? + pat.len();
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_string())
    };
    let mut id_of = |id: String, g: &mut BenchGraph| -> u32 {
        let next = ids.len() as u32;
        *ids.entry(id).or_insert_with(|| {
            g.nodes += 1;
            g.node_cluster.push(None);
            next
        })
    };
    for tag in text.split('<').skip(1) {
        if let Some(rest) = tag.strip_prefix("node ") {
            if let Some(id) = attr(rest, "id") {
                id_of(id, &mut g);
            }
        } else if let Some(rest) = tag.strip_prefix("edge ") {
            if let (Some(s), Some(t)) = (attr(rest, "source"), attr(rest, "target")) {
                let (a, b) = (id_of(s, &mut g), id_of(t, &mut g));
                g.edges.push((a, b, false));
            }
        }
    }
    g
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Id(String),
    Punct(&'static str),
}

fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line_start = true;
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if line_start && c == b'#' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        line_start = false;
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
            continue;
        }
        if c == b'"' {
            let mut s = Vec::new();
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' && i + 1 < b.len() {
                    if b[i + 1] == b'"' {
                        s.push(b'"');
                        i += 2;
                        continue;
                    }
                    if b[i + 1] == b'\n' {
                        i += 2;
                        continue;
                    }
                }
                s.push(b[i]);
                i += 1;
            }
            i += 1;
            out.push(Tok::Id(String::from_utf8_lossy(&s).into_owned()));
            continue;
        }
        if c == b'<' {
            let mut depth = 0;
            let start = i;
            while i < b.len() {
                if b[i] == b'<' {
                    depth += 1;
                } else if b[i] == b'>' {
                    depth -= 1;
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
                i += 1;
            }
            out.push(Tok::Id(String::from_utf8_lossy(&b[start..i]).into_owned()));
            continue;
        }
        if c == b'-' && (b.get(i + 1) == Some(&b'>') || b.get(i + 1) == Some(&b'-')) {
            out.push(Tok::Punct("->"));
            i += 2;
            continue;
        }
        let punct = match c {
            b'{' => Some("{"),
            b'}' => Some("}"),
            b'[' => Some("["),
            b']' => Some("]"),
            b';' => Some(";"),
            b',' => Some(","),
            b'=' => Some("="),
            b':' => Some(":"),
            _ => None,
        };
        if let Some(p) = punct {
            out.push(Tok::Punct(p));
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len()
            && (b[i].is_ascii_alphanumeric()
                || b[i] == b'_'
                || b[i] == b'.'
                || b[i] >= 0x80
                || (b[i] == b'-' && !matches!(b.get(i + 1), Some(b'>' | b'-'))))
        {
            i += 1;
        }
        if i == start {
            i += 1;
            continue;
        }
        out.push(Tok::Id(String::from_utf8_lossy(&b[start..i]).into_owned()));
    }
    out
}

struct DotReader {
    toks: Vec<Tok>,
    at: usize,
    ids: HashMap<String, u32>,
    g: BenchGraph,
    /// Every cluster a node was mentioned in, with the cluster's depth.
    mentions: Vec<Vec<(u32, u32)>>,
}

/// Reads a DOT digraph: nodes, edges (chains and subgraph endpoints), nested `cluster*`
/// subgraphs. A node belongs to the deepest cluster it is mentioned in (the first, on ties).
pub(crate) fn dot(name: &str, text: &str) -> BenchGraph {
    let mut r = DotReader {
        toks: tokenize(text),
        at: 0,
        ids: HashMap::new(),
        g: BenchGraph { name: name.to_string(), ..BenchGraph::default() },
        mentions: Vec::new(),
    };
    // Header: [strict] (di)graph [ID] {
    while r.at < r.toks.len() && r.toks[r.at] != Tok::Punct("{") {
        r.at += 1;
    }
    r.at += 1;
    r.stmt_list(&mut Vec::new());
    for v in 0..r.g.nodes {
        let best = r.mentions[v].iter().enumerate().max_by_key(|(i, (_, depth))| (*depth, std::cmp::Reverse(*i)));
        r.g.node_cluster[v] = best.map(|(_, (c, _))| *c);
    }
    r.g
}

impl DotReader {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(q)) if *q == p)
    }

    fn node(&mut self, id: &str, clusters: &[u32]) -> u32 {
        let next = self.ids.len() as u32;
        let v = *self.ids.entry(id.to_string()).or_insert(next);
        if v == next {
            self.g.nodes += 1;
            self.g.node_cluster.push(None);
            self.mentions.push(Vec::new());
        }
        if let Some(&c) = clusters.last() {
            self.mentions[v as usize].push((c, clusters.len() as u32));
        }
        v
    }

    fn skip_attrs(&mut self) {
        while self.is("[") {
            while self.at < self.toks.len() && !self.is("]") {
                self.at += 1;
            }
            self.at += 1;
        }
    }

    /// Statements up to the closing `}`; returns the nodes mentioned.
    fn stmt_list(&mut self, clusters: &mut Vec<u32>) -> Vec<u32> {
        let mut mentioned = Vec::new();
        while self.at < self.toks.len() {
            if self.is("}") {
                self.at += 1;
                break;
            }
            if self.is(";") || self.is(",") {
                self.at += 1;
                continue;
            }
            // Attribute statements.
            if let Some(Tok::Id(word)) = self.peek() {
                let w = word.to_ascii_lowercase();
                if (w == "graph" || w == "node" || w == "edge")
                    && matches!(self.toks.get(self.at + 1), Some(Tok::Punct("[")))
                {
                    self.at += 1;
                    self.skip_attrs();
                    continue;
                }
                if matches!(self.toks.get(self.at + 1), Some(Tok::Punct("="))) {
                    self.at += 3;
                    continue;
                }
            }
            // An edge statement or node statement: endpoint (-> endpoint)*.
            let mut groups: Vec<Vec<u32>> = vec![self.endpoint(clusters)];
            while self.is("->") {
                self.at += 1;
                groups.push(self.endpoint(clusters));
            }
            self.skip_attrs();
            for w in groups.windows(2) {
                for &a in &w[0] {
                    for &b in &w[1] {
                        self.g.edges.push((a, b, false));
                    }
                }
            }
            for g in groups {
                mentioned.extend(g);
            }
        }
        mentioned
    }

    /// A node id (with an optional port) or a subgraph; returns its nodes.
    fn endpoint(&mut self, clusters: &mut Vec<u32>) -> Vec<u32> {
        let is_subgraph = matches!(self.peek(), Some(Tok::Id(w)) if w.eq_ignore_ascii_case("subgraph"));
        if is_subgraph || self.is("{") {
            let mut cluster = false;
            if is_subgraph {
                self.at += 1;
                if let Some(Tok::Id(name)) = self.peek() {
                    cluster = name.starts_with("cluster");
                    self.at += 1;
                }
            }
            if !self.is("{") {
                return Vec::new();
            }
            self.at += 1;
            if cluster {
                let id = self.g.clusters.len() as u32;
                self.g.clusters.push(clusters.last().copied());
                clusters.push(id);
                let nodes = self.stmt_list(clusters);
                clusters.pop();
                return nodes;
            }
            return self.stmt_list(clusters);
        }
        let Some(Tok::Id(id)) = self.peek().cloned() else {
            self.at += 1;
            return Vec::new();
        };
        self.at += 1;
        // Ports: `a:p` or `a:p:sw`.
        while self.is(":") {
            self.at += 2;
        }
        vec![self.node(&id, clusters)]
    }
}

/// Generated ML-pipeline-like graph: six stages flowing forward, several parallel pipelines per
/// stage with fan-out and fan-in, some edges that skip stages, and a few feedback edges back to
/// the first stages. About 1.5 edges per node; deterministic.
pub(crate) fn ml_pipeline(n: usize, seed: u64) -> BenchGraph {
    let mut state = seed | 1;
    let mut rand = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound.max(1) as u64) as usize
    };
    const STAGES: usize = 6;
    // Stage sizes: data and features are the widest, monitoring the smallest.
    let weights = [22usize, 22, 16, 10, 20, 10];
    let total: usize = weights.iter().sum();
    let mut bounds = vec![0usize];
    for (i, w) in weights.iter().enumerate() {
        let end = if i + 1 == STAGES { n } else { bounds[i] + n * w / total };
        bounds.push(end);
    }
    let stage_of = |v: usize| (0..STAGES).find(|s| v < bounds[s + 1]).unwrap_or(STAGES - 1);
    let mut edges = Vec::new();
    for v in 0..n {
        let s = stage_of(v);
        let (lo, hi) = (bounds[s], bounds[s + 1]);
        // Within the stage: a forward link along one of ~8 pipelines (fan-out and fan-in).
        if v + 8 < hi && rand(10) < 7 {
            edges.push((v as u32, (v + 1 + rand(8)) as u32, false));
        }
        // To the next stage (every node feeds something downstream).
        if s + 1 < STAGES {
            let (nlo, nhi) = (bounds[s + 1], bounds[s + 2]);
            let rel = (v - lo) as f64 / (hi - lo).max(1) as f64;
            let target = nlo + ((rel * (nhi - nlo) as f64) as usize + rand(6)).min(nhi - nlo - 1);
            edges.push((v as u32, target as u32, false));
        }
        // Stage-skipping edges.
        if s + 2 < STAGES && rand(100) < 8 {
            let t = s + 2 + rand(STAGES - s - 2);
            let (tlo, thi) = (bounds[t], bounds[t + 1]);
            edges.push((v as u32, (tlo + rand(thi - tlo)) as u32, false));
        }
        // Feedback: monitoring and serving back to data and training.
        if s >= 4 && rand(100) < 3 {
            let t = rand(3);
            let (tlo, thi) = (bounds[t], bounds[t + 1]);
            edges.push((v as u32, (tlo + rand(thi - tlo)) as u32, true));
        }
    }
    BenchGraph { name: format!("ml-pipeline-{n}"), nodes: n, edges, clusters: Vec::new(), node_cluster: vec![None; n] }
}
