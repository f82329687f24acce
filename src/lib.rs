//! mlsd: ML system designs as text.
//!
//! The pipeline, one stage per module:
//!
//! ```text
//! Source --syntax::parse--> Parse { ast, errors } --model::build--> Built<Model> { model, diagnostics }
//!    Model --lint--> findings      Model --layout--> Layout --render--> SVG      ast --fmt--> text
//! ```
//!
//! Parsing and building never fail: they return a value plus diagnostics, so every later stage
//! (the linter, the layout, the live preview, the formatter) works on half-typed files too.

// The generated parser names `alloc` from the crate root: pest runs without its `std` feature,
// which only adds a native-stack probe on every rule call (our own nesting cap guards the stack).
extern crate alloc;

pub mod cli;
pub mod diag;
pub mod fmt;
pub mod layout;
pub mod lint;
pub mod model;
pub mod render;
pub mod source;
pub mod suggest;
pub mod syntax;
