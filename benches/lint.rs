#![allow(clippy::print_stdout, reason = "a benchmark prints its table")]
//! Lint time on generated designs of about 10,000 components, all 40 rules.
//!
//! Run with `cargo bench --bench lint`. Three shapes:
//! - `systems`: 400 complete recommendation systems of 25 components each (sources, validation,
//!   feature pipelines and a feature store, datasets, training, models, gates, a registry,
//!   a request-path funnel with lookups, consumers, monitors, experiments, feedback edges),
//!   sharing a few global sources, so ancestries, request paths and cycles are all exercised;
//! - `chain`: one 10,000-step ETL chain feeding one model (long paths, deep ancestries);
//! - `datasets`: 10,000 datasets each derived from the previous one (every dataset has a long
//!   ancestry);
//! - `models`: 3,333 models, each trained on the previous one's output (long model chains);
//! - `funnel`: one consumer calling a 5,000-hop request path with a lookup at every hop.
//!
//! Set `MLSD_BENCH_RULES=1` to also time each rule alone (with the shared facts).
//!
//! Prints the fastest and the median of 9 runs of the lint alone (the model is built once);
//! the fastest is the better figure on a machine shared with other work.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use mlsd::lint::LintConfig;
use mlsd::source::Source;

fn systems(count: usize) -> String {
    let mut s = String::new();
    s.push_str("requirements {\n  business_objective: \"engagement\"\n  business_metric: watch_time\n  ml_objective: \"rank\"\n  users.dau: 100M\n  latency.p99: 200ms\n  labels { available: true, kind: [implicit] }\n  privacy { pii: [age], controls: [consent] }\n  languages: [en, es]\n}\n");
    s.push_str("metrics {\n  offline: [ndcg@10, map]\n  online: [ctr, watch_time]\n}\n");
    s.push_str(
        "data_source global_users { type: database, pii: [age] }\ndata_source global_events { type: event_log }\n",
    );
    for i in 0..count {
        let _ = write!(
            s,
            r#"group sys{i} {{
  data_source src{i} {{ type: event_log }}
  data_validation val{i} {{ checks: [schema] }}
  feature_pipeline fp{i} {{ mode: batch, schedule: 1h, outputs_features: [f{i}a, f{i}b] }}
  feature_pipeline od{i} {{ mode: on_demand, outputs_features: [q{i}], latency_p99: 3ms }}
  feature_store fs{i} {{ online_store {{ tech: redis, read_latency_p99: 5ms }}, materialization {{ schedule: 15min }}, features: [f{i}a, f{i}b] }}
  labeling lab{i} {{ method: implicit }}
  dataset ds{i} {{ split: time_based }}
  training_pipeline tr{i} {{ schedule: 1d }}
  model cg{i} {{ task: retrieval, outputs: [emb], baseline: popularity, inputs: [f{i}a] }}
  model rk{i} {{ task: ranking, outputs: [score], baseline: cg{i}, inputs: [f{i}a, f{i}b, q{i}] }}
  model_validation gate{i} {{ metrics: [ndcg@10 >= 0.3], blocking: true, compare_to: both, slices: [language] }}
  model_registry reg{i} {{ aliases: [champion, previous] }}
  serving cgs{i} {{ mode: online, model: reg{i}@champion, serves: [cg{i}], latency_p99: 15ms, rollout {{ strategy: canary, rollback_to: previous }} }}
  ann_index ann{i} {{ latency_p99: 20ms }}
  serving rks{i} {{ mode: online, model: reg{i}@champion, serves: [rk{i}], latency_budget: 40ms, latency_p99: 30ms, batching {{ max_batch_size: 32, max_delay: 2ms }}, rollout {{ strategy: canary, rollback_to: previous }} }}
  policy rr{i} {{ latency_p99: 10ms }}
  consumer app{i} {{ type: app_surface }}
  prediction_log log{i} {{ fields: [features, predictions] }}
  experiment ab{i} {{ type: ab_test, primary_metric: watch_time }}
  monitor ops{i} {{ kind: operational, metrics: [latency_p99] }}
  monitor drift{i} {{ kind: data_drift, reference: training_data }}
  monitor biz{i} {{ kind: business, metrics: [watch_time] }}
}}
src{i}, global_users, global_events -> val{i}
val{i} -> fp{i} -> fs{i}
val{i} -> lab{i} -> ds{i}
fs{i}, od{i} -> ds{i} -> tr{i} -> cg{i}, rk{i}
cg{i}, rk{i} -> gate{i} -> reg{i} -> cgs{i}, rks{i}
app{i} -> cgs{i} -> ann{i} -> rks{i} -> rr{i} [call]
fs{i} -> cgs{i}, rks{i} [lookup]
od{i} -> rks{i}
rr{i} -> app{i}
rks{i} -> log{i}
ab{i} -> cgs{i}, rks{i}
ops{i}, drift{i} -> cgs{i}, rks{i}
biz{i} -> app{i}
drift{i} -> tr{i} [triggers]
app{i} -> src{i} [influences] {{ mitigation: exploration, rate: 1% }}
"#
        );
    }
    s
}

fn chain(n: usize) -> String {
    let mut s = String::from("data_source src {}\n");
    for i in 0..n {
        let _ = writeln!(s, "etl e{i} {{ schedule: 1d }}");
    }
    s.push_str("dataset d {}\ntraining_pipeline t {}\nmodel m { task: ranking }\nsrc -> e0\n");
    for i in 1..n {
        let _ = writeln!(s, "e{} -> e{i}", i - 1);
    }
    let _ = writeln!(s, "e{} -> d -> t -> m", n - 1);
    s
}

fn datasets(n: usize) -> String {
    let mut s = String::from("data_source src {}\netl e0 {}\n");
    for i in 0..n {
        let _ = writeln!(s, "dataset d{i} {{}}");
    }
    s.push_str("src -> e0 -> d0\n");
    for i in 1..n {
        let _ = writeln!(s, "d{} -> d{i}", i - 1);
    }
    s
}

fn models(n: usize) -> String {
    let mut s = String::from("data_source src {}\ndataset d0 {}\nsrc -> d0\n");
    for i in 0..n {
        let _ = writeln!(s, "training_pipeline t{i} {{}}\nmodel m{i} {{ task: ranking }}\ndataset d{} {{}}", i + 1);
        let _ = writeln!(s, "d{i} -> t{i} -> m{i} -> d{}", i + 1);
    }
    s
}

fn funnel(n: usize) -> String {
    let mut s = String::from("requirements { latency.p99: 200ms }\nconsumer app { type: app_surface }\n");
    for i in 0..n {
        let _ = writeln!(s, "policy p{i} {{ latency_p99: 1ms }}");
        let _ = writeln!(s, "cache c{i} {{ latency_p99: 1ms }}");
    }
    s.push_str("app -> p0 [call]\n");
    for i in 1..n {
        let _ = writeln!(s, "p{} -> p{i} [call]", i - 1);
    }
    for i in 0..n {
        let _ = writeln!(s, "c{i} -> p{i} [lookup]");
    }
    s
}

/// CPU time of this thread so far (Linux `schedstat`): unlike wall time, it does not grow when
/// other processes compete for the cores.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let shapes = [
        ("systems", systems(455)),
        ("chain", chain(10_000)),
        ("datasets", datasets(10_000)),
        ("models", models(3_333)),
        ("funnel", funnel(5_000)),
    ];
    println!("| shape | components | edges | findings | lint (min) | lint (median) | CPU (min) |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut notes = Vec::new();
    for (name, text) in shapes {
        let source = Source::new(format!("{name}.mlsd"), text);
        let parse = mlsd::syntax::parse(&source);
        let built = mlsd::model::build(&parse.file);
        let model = built.value;
        assert!(
            built.diagnostics.is_empty() && parse.errors.is_empty(),
            "generated design `{name}` must be valid: {:?}",
            built.diagnostics.first().or(parse.errors.first())
        );
        let config = LintConfig::default();
        let mut findings = Vec::new();
        let mut times = Vec::new();
        let mut cpu = Vec::new();
        for _ in 0..9 {
            let (start, cpu_start) = (Instant::now(), thread_cpu());
            findings = black_box(mlsd::lint::lint(black_box(&model), &config));
            times.push(start.elapsed());
            if let (Some(a), Some(b)) = (cpu_start, thread_cpu()) {
                cpu.push(b.saturating_sub(a));
            }
        }
        let cpu = cpu.iter().min().map_or_else(|| "n/a".to_string(), |c| format!("{:.1} ms", c.as_secs_f64() * 1000.0));
        if std::env::var_os("MLSD_BENCH_RULES").is_some() {
            // Per-rule times (each rule alone, facts included), slowest first.
            let mut per_rule: Vec<(Duration, &str)> = mlsd::lint::registry::all()
                .map(|r| {
                    let only = LintConfig::only(r.id);
                    let t = (0..3)
                        .map(|_| {
                            let start = Instant::now();
                            black_box(mlsd::lint::lint(&model, &only));
                            start.elapsed()
                        })
                        .min()
                        .unwrap_or_default();
                    (t, r.id)
                })
                .collect();
            let facts = (0..3)
                .map(|_| {
                    let start = Instant::now();
                    black_box(mlsd::lint::Facts::new(&model));
                    start.elapsed()
                })
                .min()
                .unwrap_or_default();
            per_rule.push((facts, "(graph facts alone)"));
            per_rule.sort_by(|a, b| b.cmp(a));
            for (t, id) in per_rule.iter().take(8) {
                notes.push(format!("  {name} {id}: {:.1} ms", t.as_secs_f64() * 1000.0));
            }
        }
        let mut codes: Vec<&str> = findings.iter().map(|d| d.code).collect();
        codes.sort_unstable();
        codes.dedup();
        notes.push(format!("{name}: {}", if codes.is_empty() { "no findings".into() } else { codes.join(", ") }));
        let fastest = times.iter().min().copied().unwrap_or_default();
        let t = median(times);
        println!(
            "| {name} | {} | {} | {} | {:.1} ms | {:.1} ms | {cpu} |",
            model.components.len(),
            model.edges.len(),
            findings.len(),
            fastest.as_secs_f64() * 1000.0,
            t.as_secs_f64() * 1000.0
        );
    }
    println!();
    for note in notes {
        println!("{note}");
    }
}
