//! Layout benchmark: our engine on the corpus (North DAGs, Graphviz test graphs) and on generated
//! ML-pipeline-like graphs, optionally against Graphviz `dot` on the very same graphs.
//!
//! ```text
//! cargo bench --bench layout                    # our engine only
//! cargo bench --bench layout -- --compare-dot   # also run dot (see benches/compare-dot.sh)
//! cargo bench --bench layout -- --only b100     # graphs whose name contains `b100`
//! cargo bench --bench layout -- --compare-dot --dot-timeout 600   # stop dot after 600 s (default 1200)
//! cargo bench --bench layout -- --compare-dot --dot-feedback-back  # dot draws feedback edges as we do
//! cargo bench --bench layout -- --only root --runs 1 --graphs-only # one layout of root, for a profiler
//! ```
//!
//! `--runs N` times every layout exactly `N` times (else as many runs as fit in about half a
//! second, up to 15, or 101 for designs); `--graphs-only` skips the design and render timings.
//!
//! Every graph is laid out with uniform 0.8 x 0.4 in boxes (57.6 x 28.8 pt), top to bottom, as
//! the reference measurements were. Crossings are counted by one function for both engines
//! (`mlsd::layout::engine::metrics::count_crossings`): proper intersections between the drawn
//! polylines of edges that share no end node (dot runs with `splines=polyline`). Times are wall
//! times: for our engine the layout call (median of several runs for small graphs), for dot the
//! whole process on the same graph written as plain DOT. Where dot takes under a second, both
//! are timed five times in turns and each time is the median of its five.
//!
//! Dot breaks cycles by a depth-first search that knows nothing of edge kinds, so on the generated
//! pipelines it often keeps a feedback edge pointing down and turns forward edges around instead
//! (116 ranks on the 3,000-node graph, against our 42). With `--dot-feedback-back`, each feedback
//! edge `a -> b` is written `b -> a [dir=back]`: the same arrow, laid out against the flow, as our
//! engine draws it (layout requirement 1), so both engines lay out the same acyclic graph.
#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a benchmark prints its table and progress")]

mod design;
mod input;

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use input::BenchGraph;
use mlsd::layout::engine::{self, ClusterSpec, EdgeRole, EdgeSpec, Graph, NodeSpec, metrics};
use mlsd::layout::{Direction, Point};

const BOX: (f64, f64) = (57.6, 28.8);

struct Row {
    set: &'static str,
    name: String,
    nodes: usize,
    edges: usize,
    ours: Duration,
    ours_x: u64,
    dot: Option<DotRun>,
    problems: usize,
    stats: engine::Stats,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let compare = args.iter().any(|a| a == "--compare-dot");
    let feedback_back = args.iter().any(|a| a == "--dot-feedback-back");
    let only = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)).cloned();
    let graphs_only = args.iter().any(|a| a == "--graphs-only");
    if let Some(i) = args.iter().position(|a| a == "--runs") {
        let runs = args.get(i + 1).and_then(|n| n.parse().ok()).filter(|n| *n > 0);
        let Some(runs) = runs else {
            eprintln!("--runs takes a number of runs (1 or more)");
            std::process::exit(2);
        };
        let _ = RUNS.set(runs);
    }
    let dot_limit = Duration::from_secs(
        args.iter().position(|a| a == "--dot-timeout").and_then(|i| args.get(i + 1)?.parse().ok()).unwrap_or(1200),
    );
    if let Some(i) = args.iter().position(|a| a == "--write-design") {
        let n: usize = args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(100);
        print!("{}", design::generate(n));
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("benches/corpus");
    let mut graphs: Vec<(&'static str, BenchGraph)> = Vec::new();
    for path in sorted_files(&corpus.join("north"), "graphml") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        graphs.push(("north", input::graphml(&name, &std::fs::read_to_string(&path).unwrap())));
    }
    for path in sorted_files(&corpus.join("graphviz"), "gv") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let graph = input::dot(&name, &std::fs::read_to_string(&path).unwrap());
        graphs.push((if graph.clusters.is_empty() { "graphviz" } else { "clustered" }, graph));
    }
    for n in [1000, 3000, 10_000] {
        graphs.push(("generated", input::ml_pipeline(n, 7 + n as u64)));
    }
    if let Some(only) = &only {
        graphs.retain(|(_, g)| g.name.contains(only.as_str()));
    }
    let dot_dir = root.join("target/bench-dot");
    if compare {
        std::fs::create_dir_all(&dot_dir).unwrap();
    }

    let mut rows = Vec::new();
    for (set, g) in &graphs {
        let graph = engine_graph(g);
        let options = engine::Options { direction: Direction::Down, ..engine::Options::default() };
        let (drawing, ours) = timed(|| engine::run(&graph, &options));
        let ours_x = crossings_of(&graph, &drawing);
        let problems =
            if g.clusters.is_empty() && g.nodes > 2000 { 0 } else { metrics::problems(&graph, &drawing).len() };
        let dot = compare.then(|| run_dot(g, &dot_dir, dot_limit, feedback_back)).flatten();
        // Where dot takes under a second, both are timed again in turns (four more rounds, its
        // drawing is the same every time), and each time is the median of its rounds: one run of
        // a fraction of a second varies by tens of percent on this machine, and in turns both
        // medians come from the same stretch of its varying speed.
        let (ours, dot) = match dot {
            Some(DotRun::Done(first, x)) if first < Duration::from_secs(1) => {
                let file = dot_file(&dot_dir, g);
                let (mut mine, mut theirs) = (vec![ours], vec![first]);
                for _ in 0..4 {
                    mine.push(timed(|| engine::run(&graph, &options)).1);
                    match dot_once(g, &file, dot_limit) {
                        Some(Ok((time, _))) => theirs.push(time),
                        _ => break,
                    }
                }
                (median(&mut mine), Some(DotRun::Done(median(&mut theirs), x)))
            }
            other => (ours, other),
        };
        rows.push(Row {
            set,
            name: g.name.clone(),
            nodes: g.nodes,
            edges: g.edges.len(),
            ours,
            ours_x,
            dot,
            problems,
            stats: drawing.stats.clone(),
        });
        let r = rows.last().unwrap();
        eprintln!("{:<12} {:<18} done in {:.1} ms", r.set, r.name, ms(r.ours));
    }
    if compare && feedback_back {
        println!("Dot was given each feedback edge against the flow (`--dot-feedback-back`).\n");
    }
    print!("{}", report(&rows, compare));
    if !graphs_only {
        print!("{}", design_timing());
        print!("{}", render_timing(&graphs));
    }
}

fn sorted_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn engine_graph(g: &BenchGraph) -> Graph {
    Graph {
        nodes: g.node_cluster.iter().map(|c| NodeSpec { width: BOX.0, height: BOX.1, cluster: *c, lane: 0 }).collect(),
        edges: g
            .edges
            .iter()
            .map(|&(from, to, feedback)| EdgeSpec {
                from,
                to,
                role: if feedback { EdgeRole::Feedback } else { EdgeRole::Flow },
                label: None,
            })
            .collect(),
        clusters: g.clusters.iter().map(|p| ClusterSpec { parent: *p, title: (40.0, 12.0) }).collect(),
        lanes: Vec::new(),
    }
}

/// Median wall time of up to 15 runs within about half a second, with that run's output.
fn timed<T>(f: impl FnMut() -> T) -> (T, Duration) {
    timed_runs(f, 15)
}

/// Runs of every timing, when given (`--runs`).
static RUNS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();

/// Median wall time of up to `runs` runs within about half a second (of exactly `--runs` runs
/// when given), with the output of the run that took it (the upper one of an even count), so
/// that the phase times a layout reports are those of a typical run, not of an outlier.
fn timed_runs<T>(mut f: impl FnMut() -> T, runs: usize) -> (T, Duration) {
    let mut done: Vec<(Duration, T)> = Vec::new();
    let mut total = Duration::ZERO;
    loop {
        let start = Instant::now();
        let out = f();
        let time = start.elapsed();
        total += time;
        done.push((time, out));
        let more = match RUNS.get() {
            Some(&fixed) => done.len() < fixed,
            None => total < Duration::from_millis(500) && done.len() < runs,
        };
        if !more {
            break;
        }
    }
    done.sort_by_key(|(time, _)| *time);
    let (time, out) = done.swap_remove(done.len() / 2);
    (out, time)
}

/// The median of `times` (the upper one of an even count), sorting them.
fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn crossings_of(graph: &Graph, drawing: &engine::Drawing) -> u64 {
    let drawn: Vec<metrics::DrawnEdge<'_>> = graph
        .edges
        .iter()
        .zip(&drawing.edges)
        .map(|(e, r)| metrics::DrawnEdge { from: e.from, to: e.to, points: &r.points })
        .collect();
    metrics::count_crossings(&drawn)
}

/// Writes the graph as plain DOT (uniform boxes, polyline edges), runs `dot -Tplain`, and counts
/// the crossings of its edge polylines. With `feedback_back`, feedback edges are written against
/// the flow (see the module documentation).
fn run_dot(g: &BenchGraph, dir: &Path, limit: Duration, feedback_back: bool) -> Option<DotRun> {
    let mut text = String::from(
        "digraph G {\n  splines=polyline;\n  node [shape=box, fixedsize=true, width=0.8, height=0.4, label=\"\"];\n",
    );
    // Clusters as nested subgraphs.
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); g.clusters.len() + 1];
    for (c, p) in g.clusters.iter().enumerate() {
        children[p.map_or(g.clusters.len(), |p| p as usize)].push(c as u32);
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); g.clusters.len() + 1];
    for (v, c) in g.node_cluster.iter().enumerate() {
        members[c.map_or(g.clusters.len(), |c| c as usize)].push(v);
    }
    fn emit(at: usize, depth: usize, children: &[Vec<u32>], members: &[Vec<usize>], text: &mut String) {
        let pad = "  ".repeat(depth);
        for v in &members[at] {
            let _ = writeln!(text, "{pad}n{v};");
        }
        for &c in &children[at] {
            let _ = writeln!(text, "{pad}subgraph cluster_{c} {{");
            emit(c as usize, depth + 1, children, members, text);
            let _ = writeln!(text, "{pad}}}");
        }
    }
    emit(g.clusters.len(), 1, &children, &members, &mut text);
    for &(a, b, feedback) in &g.edges {
        if feedback && feedback_back {
            let _ = writeln!(text, "  n{b} -> n{a} [dir=back];");
        } else {
            let _ = writeln!(text, "  n{a} -> n{b};");
        }
    }
    text.push_str("}\n");
    let file = dot_file(dir, g);
    std::fs::write(&file, text).ok()?;
    let (time, plain) = match dot_once(g, &file, limit)? {
        Ok(done) => done,
        Err(timed_out) => return Some(timed_out),
    };
    let mut paths: Vec<(u32, u32, Vec<Point>)> = Vec::new();
    for line in plain.lines() {
        let mut f = line.split_whitespace();
        if f.next() != Some("edge") {
            continue;
        }
        let tail = f.next()?.trim_start_matches('n').parse().ok()?;
        let head = f.next()?.trim_start_matches('n').parse().ok()?;
        let n: usize = f.next()?.parse().ok()?;
        let mut pts = Vec::with_capacity(n);
        for _ in 0..n {
            let x: f64 = f.next()?.parse().ok()?;
            let y: f64 = f.next()?.parse().ok()?;
            pts.push(Point { x, y });
        }
        paths.push((tail, head, pts));
    }
    let drawn: Vec<metrics::DrawnEdge<'_>> =
        paths.iter().map(|(a, b, p)| metrics::DrawnEdge { from: *a, to: *b, points: p }).collect();
    Some(DotRun::Done(time, metrics::count_crossings(&drawn)))
}

/// Where [`run_dot`] writes `g` as DOT.
fn dot_file(dir: &Path, g: &BenchGraph) -> PathBuf {
    dir.join(format!("{}.gv", g.name))
}

/// One run of `dot -Tplain` on `file`, stopped at `limit`: its wall time (until it closed its
/// output) and output, or [`DotRun::TimedOut`]; `None` if it could not run or failed.
fn dot_once(g: &BenchGraph, file: &Path, limit: Duration) -> Option<Result<(Duration, String), DotRun>> {
    let start = Instant::now();
    let mut child =
        Command::new("dot").arg("-Tplain").arg(file).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().ok()?;
    // Read the output while dot runs (a full pipe would stall it); the reader notes when dot
    // closed its output, which is when it finished. Stop dot at the limit.
    let (Some(mut stdout), Some(mut stderr)) = (child.stdout.take(), child.stderr.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return None;
    };
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        (text, Instant::now())
    });
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() <= limit => std::thread::sleep(Duration::from_millis(5)),
            outcome => {
                let _ = child.kill();
                let _ = child.wait();
                if outcome.is_err() {
                    return None;
                }
                eprintln!("dot stopped on {} after {:.0} s", g.name, limit.as_secs_f64());
                return Some(Err(DotRun::TimedOut(limit)));
            }
        }
    };
    let (plain, end) = reader.join().ok()?;
    if !status.success() {
        eprintln!("dot failed on {}: {}", g.name, errors.join().unwrap_or_default());
        return None;
    }
    Some(Ok((end.duration_since(start), plain)))
}

/// What a run of Graphviz dot gave.
#[derive(Copy, Clone)]
enum DotRun {
    /// Its wall time and the crossings of its drawing.
    Done(Duration, u64),
    /// Stopped at this time limit.
    TimedOut(Duration),
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn report(rows: &[Row], compare: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n| set | graph | nodes | edges | ours ms | dot ms | dot/ours | ours X | dot X | layers | dummies | reversed | rank ms | order ms | place ms | route ms | problems |"
    );
    let _ = writeln!(s, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut sets: Vec<&str> = Vec::new();
    for r in rows {
        if !sets.contains(&r.set) {
            sets.push(r.set);
        }
    }
    for set in sets {
        let (mut ox, mut dx, mut ot, mut dt) = (0u64, 0u64, Duration::ZERO, Duration::ZERO);
        let mut stopped = false;
        for r in rows.iter().filter(|r| r.set == set) {
            let t = &r.stats.times;
            let (dot_ms, ratio, dot_x) = match r.dot {
                Some(DotRun::Done(d, x)) => {
                    dx += x;
                    dt += d;
                    (format!("{:.1}", ms(d)), format!("{:.1}x", d.as_secs_f64() / r.ours.as_secs_f64()), x.to_string())
                }
                Some(DotRun::TimedOut(d)) => {
                    stopped = true;
                    dt += d;
                    (format!("> {:.0}", ms(d)), format!("> {:.0}x", d.as_secs_f64() / r.ours.as_secs_f64()), "-".into())
                }
                None => ("-".into(), "-".into(), "-".into()),
            };
            ox += r.ours_x;
            ot += r.ours;
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {:.2} | {dot_ms} | {ratio} | {} | {dot_x} | {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {} |",
                r.set,
                r.name,
                r.nodes,
                r.edges,
                ms(r.ours),
                r.ours_x,
                r.stats.layers,
                r.stats.dummies,
                r.stats.reversed,
                ms(t.layering),
                ms(t.ordering),
                ms(t.placement),
                ms(t.routing),
                r.problems
            );
        }
        if compare {
            let _ = writeln!(
                s,
                "| **{set} total** | | | | {:.1} | {}{:.1} | {}{:.1}x | {ox} | {dx}{} | | | | | | | | |",
                ms(ot),
                if stopped { "> " } else { "" },
                ms(dt),
                if stopped { "> " } else { "" },
                dt.as_secs_f64() / ot.as_secs_f64().max(1e-9),
                if stopped { " (of the graphs dot finished)" } else { "" }
            );
            let layered: u64 = rows.iter().filter(|r| r.set == set).map(|r| r.stats.crossings).sum();
            let _ = writeln!(s, "| {set} layered crossings (ours) | {layered} | | | | | | | | | | | | | | | |");
        } else {
            let _ = writeln!(s, "| **{set} total** | | | | {:.1} | | | {ox} | | | | | | | | | |", ms(ot));
            let layered: u64 = rows.iter().filter(|r| r.set == set).map(|r| r.stats.crossings).sum();
            let _ = writeln!(s, "| {set} layered crossings (ours) | {layered} | | | | | | | | | | | | | | | |");
        }
    }
    s
}

/// Time of the whole `layout()` (design model to geometry) on the examples and on a generated
/// 100-component design.
fn design_timing() -> String {
    let mut s = String::from("\n| design | components | edges | layout ms |\n|---|---:|---:|---:|\n");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut designs: Vec<(String, String)> = sorted_files(&root.join("examples"), "mlsd")
        .into_iter()
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    designs.push(("generated-100".into(), design::generate(100)));
    for (name, text) in designs {
        let source = mlsd::source::Source::new(&name, text);
        let model = mlsd::model::build(&mlsd::syntax::parse(&source).file).value;
        let options = mlsd::layout::LayoutOptions::default();
        // Designs take milliseconds: more runs give a steadier median on a shared machine.
        let (_, t) = timed_runs(|| mlsd::layout::layout(&model, &options), 101);
        let _ = writeln!(s, "| {name} | {} | {} | {:.2} |", model.components.len(), model.edges.len(), ms(t));
    }
    s
}

/// Layout plus SVG rendering of the generated graphs (what `mlsd render` does after parsing).
fn render_timing(graphs: &[(&'static str, BenchGraph)]) -> String {
    let mut s = String::from("\n| graph | layout + render ms | render ms | svg bytes |\n|---|---:|---:|---:|\n");
    for (_, g) in graphs.iter().filter(|(set, _)| *set == "generated") {
        let graph = engine_graph(g);
        let options = engine::Options { direction: Direction::Down, ..engine::Options::default() };
        let ((), t) = timed(|| {
            let drawing = engine::run(&graph, &options);
            let layout = design::to_layout(&graph, &drawing);
            let svg = mlsd::render::render_svg(&layout, &mlsd::render::Theme::light());
            std::hint::black_box(svg.len());
        });
        let drawing = engine::run(&graph, &options);
        let layout = design::to_layout(&graph, &drawing);
        let theme = mlsd::render::Theme::light();
        let (svg, render) = timed(|| mlsd::render::render_svg(&layout, &theme));
        let _ = writeln!(s, "| {} | {:.1} | {:.1} | {} |", g.name, ms(t), ms(render), svg.len());
    }
    s
}
