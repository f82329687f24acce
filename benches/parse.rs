#![allow(clippy::print_stdout, reason = "a benchmark prints its table")]
//! Parse + build throughput on generated designs of 100, 1,000 and 10,000 components.
//!
//! Run with `cargo bench --bench parse`. Prints, per size, the input size, the median time of
//! parse and of parse + build over several runs, and the throughput in MB/s.

use std::hint::black_box;
use std::time::{Duration, Instant};

use mlsd::source::Source;

#[path = "support/generated_design.rs"]
mod generated_design;
use generated_design::generate;

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
