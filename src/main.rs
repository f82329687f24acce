//! The `mlsd` command-line tool: parses arguments and hands over to `mlsd::cli`.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = mlsd::cli::Args::parse();
    ExitCode::from(mlsd::cli::run(&args).code())
}
