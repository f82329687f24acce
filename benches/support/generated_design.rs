//! The generated design shared by the parse and watch benchmarks.

use std::fmt::Write as _;

/// A deterministic design of `n` components: requirements, metrics, properties of several
/// types, groups, chains and fans of edges, comments.
pub(crate) fn generate(n: usize) -> String {
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
