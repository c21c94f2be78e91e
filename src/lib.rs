#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod cast;
pub mod engine;
pub mod hash;
pub mod idl;
#[cfg(feature = "store")]
pub mod io;
pub mod msgpack;
pub mod render;
pub mod storage;
pub mod taskio;
pub mod value;
pub mod wire;
