//! Layered (Sugiyama-style) layout: design model in, plain geometry out.

pub mod types;

pub use types::*;
