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
        .compile_fds(fds)?;
    Ok(())
}
