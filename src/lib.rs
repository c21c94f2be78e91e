//! flyte-types: Flyte's type engine and literal serialization layer, wire-compatible with the
//! Python SDKs (Flyte 2 `flyte`, flytekit v1).

pub mod hash;
pub mod idl;
pub mod msgpack;
pub mod render;
pub mod taskio;
pub mod wire;
