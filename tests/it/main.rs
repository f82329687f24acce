//! The single integration-test binary. One module per area:

/// Headless Chromium: examples' SVG geometry and the live preview (skipped without a browser).
mod browser;
/// The `mlsd` binary end to end: exit codes, stdin, output formats.
mod cli;
/// Fixture-driven snapshot tests: parse errors, valid designs, examples.
mod fixtures;
/// The formatter: fixture snapshots, idempotence, meaning kept, `mlsd fmt` end to end.
mod fmt;
/// Property tests for the formatter over generated designs.
mod fmt_props;
/// Property tests: no input makes parsing, building or linting panic.
mod fuzz;
/// Layout invariants on examples and generated graphs, layout JSON snapshots.
mod layout;
/// The linter: registry, doc examples, per-rule fixtures, flawed variants, configuration.
mod lint;
/// SVG rendering: example snapshots, valid SVG, escaping, `mlsd render` end to end.
mod render;
/// Shared helpers.
mod support;
/// `mlsd watch` end to end: saves, the event stream, the last good diagram, Ctrl-C.
mod watch;
