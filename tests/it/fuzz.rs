//! Property tests: no input, however malformed, makes parsing or building panic, and every
//! diagnostic span lies inside the input.
//!
//! Over 10,000 cases in all: random bytes, random token soup, truncated and spliced examples,
//! deep nesting, huge numbers and non-UTF-8.

use proptest::prelude::*;

use mlsd::source::Source;

fn examples() -> Vec<Vec<u8>> {
    let mut all: Vec<Vec<u8>> =
        crate::support::mlsd_files("examples").iter().map(|p| std::fs::read(p).unwrap()).collect();
    all.extend(crate::support::mlsd_files("tests/fixtures/parse/err").iter().map(|p| std::fs::read(p).unwrap()));
    all
}

/// Parses and builds `bytes`; panics (failing the property) if a span leaves the input.
fn check_bytes(bytes: &[u8]) {
    let source = Source::from_bytes("fuzz.mlsd", bytes);
    let len = source.text().len() as u32;
    let parse = mlsd::syntax::parse(&source);
    let built = mlsd::model::build(&parse.file);
    // Linting a half-resolved model must not panic either.
    let findings = mlsd::lint::lint(&built.value, &mlsd::lint::LintConfig::default());
    for d in parse.errors.iter().chain(&built.diagnostics).chain(&findings) {
        for span in d.spans() {
            assert!(
                span.start <= span.end && span.end <= len,
                "span {span:?} outside input of {len} bytes: {}",
                d.message
            );
        }
        // Rendering must not panic either.
        let _ = mlsd::diag::human::emit(&source, std::slice::from_ref(d), false);
    }
}

const TOKENS: &[&str] = &[
    "model",
    "serving",
    "feature_store",
    "group",
    "requirements",
    "metrics",
    "lint",
    "m",
    "a",
    "b.c",
    "->",
    ",",
    ":",
    "{",
    "}",
    "[",
    "]",
    "\"s\"",
    "\"",
    "\\",
    "#c",
    "\n",
    " ",
    "30ms",
    "1.5s",
    "10k/day",
    "99.9%",
    "-5",
    "1e5",
    "true",
    "ndcg@10",
    ">=",
    "0.8",
    "registry@champion",
    "[lookup]",
    "lint-allow",
    "x \"why\"",
    "99999999999999999999999999",
    "\u{feff}",
    "é",
    "\r\n",
    "\t",
];

fn token_soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..80).prop_map(|t| t.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check_bytes(&bytes);
    }

    #[test]
    fn token_soup_never_panics(bytes in token_soup()) {
        check_bytes(&bytes);
    }

    #[test]
    fn truncated_and_spliced_examples_never_panic(a in 0usize..64, b in 0usize..64, cut in any::<prop::sample::Index>(), cut2 in any::<prop::sample::Index>(), junk in prop::collection::vec(any::<u8>(), 0..16)) {
        let all = examples();
        let x = &all[a % all.len()];
        let y = &all[b % all.len()];
        let i = cut.index(x.len() + 1);
        let j = cut2.index(y.len() + 1);
        let mut spliced = x[..i].to_vec();
        spliced.extend_from_slice(&junk);
        spliced.extend_from_slice(&y[j..]);
        check_bytes(&spliced);
        check_bytes(&x[..i]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn deep_nesting_and_huge_numbers_never_panic(depth in 0usize..3000, open in prop::sample::select(vec!["{", "[", "a {", "x: [", "m { b {"]), digits in 1usize..400) {
        let mut text = String::from("model m {\n");
        for _ in 0..depth {
            text.push_str(open);
        }
        text.push_str(&"9".repeat(digits));
        text.push_str("ms\n");
        for _ in 0..depth / 2 {
            text.push('}');
        }
        check_bytes(text.as_bytes());
    }
}
