#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod conformance;
pub mod idl;
#[cfg(feature = "store")]
pub mod io;
pub mod msgpack;
pub mod storage;
pub mod value;
pub mod wire;
