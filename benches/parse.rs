#![allow(clippy::print_stdout, reason = "a benchmark prints its table")]
//! Parse + build throughput on generated designs of 100, 1,000 and 10,000 components.
//!
//! Run with `cargo bench --bench parse`. Prints, per size, the input size, the median time of
//! parse and of parse + build over several runs, and the throughput in MB/s.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use mlsd::source::Source;

/// A deterministic design of `n` components: requirements, metrics, properties of several
/// types, groups, chains and fans of edges, comments.
fn generate(n: usize) -> String {
    const KINDS: [&str; 10] = [
        "data_source",
        "etl",
        "feature_pipeline",
        "dataset",
        "training_pipeline",
        "model",
        "model_validation",
        "model_registry",
        "serving",
        "monitor",
    ];
    let mut s = String::new();
    s.push_str("# generated design\ntitle: \"generated\"\ndirection: right\n\n");
    s.push_str("requirements {\n  business_objective: \"grow\"\n  business_metric: revenue\n  users.dau: 10M\n  latency.p99: 200ms\n  labels { available: true, kind: [natural] }\n}\n\n");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let stage_size = n.div_ceil(KINDS.len());
    for (stage, kind) in KINDS.iter().enumerate() {
        let _ = writeln!(s, "group g{stage} \"Stage {stage}\" {{");
        for i in stage * stage_size..((stage + 1) * stage_size).min(n) {
            let _ = writeln!(
                s,
                "  {kind} c{i} \"Component {i}\" {{ tech: \"tech {}\", owner: team_{}, latency_p99: {}ms, tags: [a, b] }}  # c{i}",
                i % 7,
                i % 5,
                i % 50
            );
        }
        s.push_str("}\n");
    }
    for i in 1..n {
        let from = i - 1 - next(i.min(20));
        let _ = writeln!(s, "c{from} -> c{i}");
        if i % 3 == 0 {
            let a = i - 1 - next(i.min(30));
            let b = i - 1 - next(i.min(30));
            let _ = writeln!(s, "c{a}, c{b} -> c{i} [data]: \"fan {i}\"");
        }
    }
    s
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    // `cargo bench --bench parse -- FILE...` times the given files instead of generated ones.
    let files: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    if !files.is_empty() {
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable file");
            let source = Source::new(file.as_str(), text.as_str());
            let mut samples = Vec::new();
            for _ in 0..10 {
                let start = Instant::now();
                let parse = mlsd::syntax::parse(black_box(&source));
                black_box(mlsd::model::build(&parse.file));
                samples.push(start.elapsed());
            }
            let t = median(samples);
            println!("{file}: {:.2}ms, {:.1} MB/s", t.as_secs_f64() * 1e3, text.len() as f64 / 1e6 / t.as_secs_f64());
        }
        return;
    }
    println!("{:>10} {:>10} {:>12} {:>14} {:>12}", "components", "bytes", "parse", "parse+build", "MB/s");
    for n in [100, 1_000, 10_000] {
        let text = generate(n);
        let source = Source::new("generated.mlsd", text.as_str());
        let runs = if n >= 10_000 { 15 } else { 50 };
        let mut parse_times = Vec::new();
        let mut total_times = Vec::new();
        for _ in 0..runs {
            let start = Instant::now();
            let parse = mlsd::syntax::parse(black_box(&source));
            let parsed = start.elapsed();
            let built = mlsd::model::build(&parse.file);
            let total = start.elapsed();
            assert!(parse.errors.is_empty() && built.diagnostics.is_empty(), "generated design must be clean");
            black_box(built);
            parse_times.push(parsed);
            total_times.push(total);
        }
        let (p, t) = (median(parse_times), median(total_times));
        let mbps = text.len() as f64 / 1e6 / t.as_secs_f64();
        println!(
            "{n:>10} {:>10} {:>10.2}ms {:>12.2}ms {:>12.1}",
            text.len(),
            p.as_secs_f64() * 1e3,
            t.as_secs_f64() * 1e3,
            mbps
        );
    }
}
