//! Generates the prost types from the committed FileDescriptorSet (`proto/flyteidl2.fds.bin`,
//! exported from the `flyteidl2` wheel by `scripts/regen-proto.sh`). No `protoc` is needed.

use prost::Message;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = "proto/flyteidl2.fds.bin";
    println!("cargo:rerun-if-changed={path}");
    let fds = prost_types::FileDescriptorSet::decode(std::fs::read(path)?.as_slice())?;
    prost_build::Config::new()
        // BTreeMap makes prost's map order deterministic. It is not quite the SDK's
        // `SerializeToString(deterministic=True)` order (nor is prost's field order):
        // `wire::encode_canonical` writes the SDK's bytes.
        .btree_map(["."])
        // `prost::Name` gives `wire::encode_canonical` the descriptor name of each type.
        .enable_type_names()
        // Rare fields boxed, so that the common values stay small: a `Literal` is 88 bytes
        // instead of 408 (a list of a million literals: 88 MB instead of 408 MB), a `Scalar`
        // 56 instead of 120.
        .boxed(".flyteidl2.core.Literal.artifact_id")
        .boxed(".flyteidl2.core.Literal.value.offloaded_metadata")
        .boxed(".flyteidl2.core.Scalar.value.structured_dataset")
        .compile_fds(fds)?;
    Ok(())
}
