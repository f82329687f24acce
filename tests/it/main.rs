//! The single integration-test binary. One module per area:

/// The `mlsd` binary end to end: exit codes, stdin, output formats.
mod cli;
/// Fixture-driven snapshot tests: parse errors, valid designs, examples.
mod fixtures;
/// Property tests: no input makes parsing, building or linting panic.
mod fuzz;
/// The linter: registry, doc examples, per-rule fixtures, flawed variants, configuration.
mod lint;
/// Shared helpers.
mod support;
