//! The dataframe crate's integration tests, one binary (a module per file; see the core crate's
//! tests/lib.rs).

mod common;

mod corpus;
mod faults;
mod polars;
mod reverse_interop;
mod tables;
mod w8;
