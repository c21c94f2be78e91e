//! The library half of the `flyte-types` command-line tool: the corpus runner behind
//! `flyte-types conformance`, shared by the binary and its tests.
//!
//! The tool itself is `src/main.rs`; the Flyte type engine it drives is the `flyte-types` crate.
#![warn(missing_docs)]

pub mod corpus;
