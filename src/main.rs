//! The `mlsd` command-line tool.

fn main() {}
