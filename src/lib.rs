#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod conformance;
pub mod idl;
pub mod msgpack;
pub mod storage;
pub mod value;
pub mod wire;
