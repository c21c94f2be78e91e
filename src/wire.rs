//! TEMPORARY stub (replaced by the foundation branch's canonical encoder).
#![allow(missing_docs)]
pub fn encode_canonical<M: prost::Message>(msg: &M) -> Vec<u8> {
    msg.encode_to_vec()
}
