//! The pest parser generated from `grammar/mlsd.pest`. Nothing else lives here.

#![allow(missing_docs, unreachable_pub, clippy::pedantic)]

/// The generated parser.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/mlsd.pest"]
pub(crate) struct Grammar;
