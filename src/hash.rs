//! Input hashes, interface hashes, cache keys and task identities, byte for byte as Flyte 2
//! computes them (`flyte/_internal/runtime/convert.py:804-1102`, notes §2.1).
//!
//! ```text
//! repr(lit)      = lit.hash                           if lit.hash != ""
//!                = CONCAT repr(e) for e in collection  (no delimiters)
//!                = CONCAT key ‖ repr(v) for key in sorted(map keys)   (code-point order)
//!                = det(lit with binary.value = canonical_msgpack(value))  if binary.tag == "msgpack"
//!                = det(lit)                            otherwise (unions included, as a whole)
//! inputs_hash    = "" if no inputs else base64(sha256(CONCAT name ":" repr(value) ";"))
//! interface_hash = base64(sha256(det(TypedInterface with variables sorted by key)))
//! cache_key      = base64(sha256(inputs_or_filtered_hash ‖ task_name ‖ interface_hash ‖ version))
//! task_identity  = base64(sha256(task_name "-" interface_hash "-" discovery_version))
//! ```
//!
//! `det` is `SerializeToString(deterministic=True)` ([`crate::wire::encode_canonical`]).
//! Every function here is total: msgpack that cannot be decoded is hashed unchanged, as in the SDK.

use crate::idl::core::{Literal, TypedInterface, literal, scalar};
use crate::idl::task::{Inputs, NamedLiteral};
use base64::Engine as _;
use sha2::Digest as _;

/// `Binary.tag` of msgpack-encoded values (dataclasses, pydantic models, untyped dicts).
pub const MSGPACK_TAG: &str = "msgpack";

/// `hash_data`: standard base64 (with `=` padding) of the SHA-256 of `data`. 44 characters.
pub fn hash_data(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(data))
}

/// `generate_inputs_repr_for_literal`: the bytes that stand for one literal in the inputs hash.
pub fn literal_repr(lit: &Literal) -> Vec<u8> {
    let mut out = Vec::new();
    push_repr(lit, &mut out);
    out
}

fn push_repr(lit: &Literal, out: &mut Vec<u8>) {
    if !lit.hash.is_empty() {
        out.extend_from_slice(lit.hash.as_bytes());
        return;
    }
    match &lit.value {
        Some(literal::Value::Collection(c)) => {
            for e in &c.literals {
                push_repr(e, out);
            }
        }
        Some(literal::Value::Map(m)) => {
            // BTreeMap<String, _> iterates in byte order of UTF-8, which is code-point order:
            // Python's `sorted(str)`.
            for (k, v) in &m.literals {
                out.extend_from_slice(k.as_bytes());
                push_repr(v, out);
            }
        }
        Some(literal::Value::Scalar(s)) => match &s.value {
            Some(scalar::Value::Binary(b)) if b.tag == MSGPACK_TAG => {
                match canonical_msgpack_changed(&b.value) {
                    Some(canonical) => {
                        let mut copy = lit.clone();
                        if let Some(literal::Value::Scalar(s)) = &mut copy.value
                            && let Some(scalar::Value::Binary(b)) = &mut s.value
                        {
                            b.value = canonical;
                        }
                        out.extend(det(&copy));
                    }
                    None => out.extend(det(lit)),
                }
            }
            _ => out.extend(det(lit)),
        },
        _ => out.extend(det(lit)),
    }
}

/// `_canonical_msgpack_bytes`: the msgpack document re-encoded with every map's keys sorted by
/// their packed bytes, as Python `msgpack.packb(canonicalize(msgpack.unpackb(b,
/// strict_map_key=False)))`, with Python's dict semantics (`True == 1 == 1.0` keys merge, first
/// key kept, last value kept; NaN keys stay distinct), extension values turned into
/// `[code, bin]` arrays (an `ExtType` is a tuple) and timestamps re-packed in their smallest form.
/// `data` comes back unchanged where Python raises: undecodable bytes, trailing data, invalid
/// UTF-8, an array or map as a map key, an extension with a negative code other than -1, an
/// invalid timestamp, or nesting beyond the codec's default depth (256).
pub fn canonical_msgpack(data: &[u8]) -> Vec<u8> {
    canonical_msgpack_changed(data).unwrap_or_else(|| data.to_vec())
}

/// The canonical msgpack bytes if they differ from `data`; `None` when unchanged or when the
/// document cannot go through Python's `unpackb` → canonicalize → `packb` (undecodable bytes,
/// trailing data, invalid UTF-8, an array or map used as a map key, an extension type with a
/// negative code other than the timestamp -1, an invalid timestamp).
fn canonical_msgpack_changed(data: &[u8]) -> Option<Vec<u8>> {
    let obj = py::unpack(data)?;
    let canon = py::canonicalize(obj);
    let bytes = py::pack(&canon)?;
    (bytes != data).then_some(bytes)
}

/// `_named_literals_repr`: `name ":" repr(value) ";"` for each input in stored order. A named
/// literal without a value hashes as the empty `Literal` (what Python reads from an unset field).
pub fn named_literals_repr(literals: &[NamedLiteral]) -> Vec<u8> {
    let empty = Literal::default();
    let mut out = Vec::new();
    for nl in literals {
        out.extend_from_slice(nl.name.as_bytes());
        out.push(b':');
        push_repr(nl.value.as_ref().unwrap_or(&empty), &mut out);
        out.push(b';');
    }
    out
}

/// `generate_inputs_hash_for_named_literals`: `""` when there are no inputs.
pub fn inputs_hash(literals: &[NamedLiteral]) -> String {
    if literals.is_empty() {
        return String::new();
    }
    hash_data(&named_literals_repr(literals))
}

/// `generate_inputs_hash_from_proto`: the inputs hash of an `Inputs` message (context ignored).
pub fn inputs_hash_from_proto(inputs: &Inputs) -> String {
    inputs_hash(&inputs.literals)
}

/// `generate_filtered_inputs_hash`: the inputs hash without the inputs named in `ignored`
/// (`""` when none is left).
pub fn filtered_inputs_hash<S: AsRef<str>>(inputs: &Inputs, ignored: &[S]) -> String {
    inputs_hash(&filter(&inputs.literals, ignored))
}

fn filter<S: AsRef<str>>(literals: &[NamedLiteral], ignored: &[S]) -> Vec<NamedLiteral> {
    literals
        .iter()
        .filter(|nl| !ignored.iter().any(|i| i.as_ref() == nl.name))
        .cloned()
        .collect()
}

/// `literal_carries_hash`: whether the literal, or an element of a collection / map at any
/// depth, has a `Literal.hash` (union contents are not looked into, as in the SDK).
pub fn literal_carries_hash(lit: &Literal) -> bool {
    if !lit.hash.is_empty() {
        return true;
    }
    match &lit.value {
        Some(literal::Value::Collection(c)) => c.literals.iter().any(literal_carries_hash),
        Some(literal::Value::Map(m)) => m.literals.values().any(literal_carries_hash),
        _ => false,
    }
}

/// `generate_content_inputs_hash`: the root-run override of the backend's inputs hash, or `None`
/// to keep the backend's value (no input left after `ignored` carries a hash).
pub fn content_inputs_hash<S: AsRef<str>>(inputs: &Inputs, ignored: &[S]) -> Option<String> {
    if inputs.literals.is_empty() {
        return None;
    }
    let kept = filter(&inputs.literals, ignored);
    if !kept
        .iter()
        .any(|nl| nl.value.as_ref().is_some_and(literal_carries_hash))
    {
        return None;
    }
    Some(inputs_hash(&kept))
}

/// The `TypedInterface` with input and output variables sorted by key (stable, code-point order),
/// as `generate_interface_hash` hashes it.
pub fn sorted_interface(interface: &TypedInterface) -> TypedInterface {
    let mut sorted = interface.clone();
    for vm in [&mut sorted.inputs, &mut sorted.outputs]
        .into_iter()
        .flatten()
    {
        vm.variables.sort_by(|a, b| a.key.cmp(&b.key));
    }
    sorted
}

/// The bytes `generate_interface_hash` hashes: [`sorted_interface`], serialized deterministically.
pub fn interface_bytes(interface: &TypedInterface) -> Vec<u8> {
    det(&sorted_interface(interface))
}

/// `generate_interface_hash`.
pub fn interface_hash(interface: &TypedInterface) -> String {
    hash_data(&interface_bytes(interface))
}

/// `generate_cache_key_hash` with the SDK's arguments: with a non-empty `ignored` list the
/// filtered hash of `inputs` is used and `inputs_hash` is not.
pub fn cache_key_hash<S: AsRef<str>>(
    task_name: &str,
    inputs_hash: &str,
    interface: &TypedInterface,
    cache_version: &str,
    ignored: &[S],
    inputs: &Inputs,
) -> String {
    let final_inputs = if ignored.is_empty() {
        inputs_hash.to_string()
    } else {
        filtered_inputs_hash(inputs, ignored)
    };
    let data = format!(
        "{final_inputs}{task_name}{}{cache_version}",
        interface_hash(interface)
    );
    hash_data(data.as_bytes())
}

/// The cache key of a task call: [`cache_key_hash`] with the inputs hash computed from `inputs`.
/// `task_name` is `"<env name>.<function name>"`; `cache_version` is the task's
/// `discovery_version` (`v1` for `Cache(behavior="override", version_override="v1")`).
pub fn cache_key<S: AsRef<str>>(
    task_name: &str,
    inputs: &Inputs,
    interface: &TypedInterface,
    cache_version: &str,
    ignored: &[S],
) -> String {
    cache_key_hash(
        task_name,
        &inputs_hash_from_proto(inputs),
        interface,
        cache_version,
        ignored,
        inputs,
    )
}

/// `generate_task_identity_hash` from the template's parts: `template.id.name`, its interface and
/// `metadata.discovery_version` (`""` when the template has no metadata).
pub fn task_identity_hash(
    task_name: &str,
    interface: &TypedInterface,
    discovery_version: &str,
) -> String {
    hash_data(
        format!(
            "{task_name}-{}-{discovery_version}",
            interface_hash(interface)
        )
        .as_bytes(),
    )
}

/// `ActionID.new_sub_action_from` (`flyte/models.py:82-99`): the deterministic sub-action name,
/// base36 of `md5("{parent}-{inputs_hash}-{task_identity}-{seq}" ["-{group}"])`. `inputs_hash` is
/// the filtered hash when the task ignores inputs.
pub fn sub_action_name(
    parent_action: &str,
    inputs_hash: &str,
    task_identity: &str,
    call_seq: u64,
    group: Option<&str>,
) -> String {
    use md5::Digest as _;
    let mut components = format!("{parent_action}-{inputs_hash}-{task_identity}-{call_seq}");
    if let Some(g) = group.filter(|g| !g.is_empty()) {
        components.push('-');
        components.push_str(g);
    }
    base36(&md5::Md5::digest(components.as_bytes()))
}

/// Big-endian bytes as a base36 number, digits `0-9a-z`, no padding (`"0"` for zero).
fn base36(bytes: &[u8]) -> String {
    let mut num: Vec<u8> = bytes.to_vec();
    let mut digits = Vec::new();
    while num.iter().any(|&b| b != 0) {
        let mut rem: u32 = 0;
        for b in num.iter_mut() {
            let cur = (rem << 8) | u32::from(*b);
            *b = (cur / 36) as u8;
            rem = cur % 36;
        }
        digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[rem as usize]);
    }
    if digits.is_empty() {
        digits.push(b'0');
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// A model of the Python objects `msgpack.unpackb(strict_map_key=False)` produces, with Python's
/// dict semantics, so that `_canonical_msgpack_bytes` can be followed exactly.
pub(crate) mod py {
    use std::collections::HashMap;

    /// One Python object from `unpackb`.
    #[derive(Debug, Clone)]
    pub(crate) enum Py {
        Nil,
        Bool(bool),
        /// Any msgpack integer (Python `int`).
        Int(i128),
        /// float32 or float64 (Python `float`).
        Float(f64),
        Str(String),
        Bytes(Vec<u8>),
        List(Vec<Py>),
        /// Keys are unique under Python equality, first key kept, last value kept.
        Dict(Vec<(Py, Py)>),
        /// `ExtType(code, data)`, code 0..=127 (a tuple subclass).
        Ext(i8, Vec<u8>),
        /// `msgpack.Timestamp` (extension -1).
        Timestamp(i64, u32),
    }

    /// A hashable stand-in for a dict key under Python's `==` / `hash`.
    #[derive(Hash, PartialEq, Eq)]
    enum KeyId {
        Nil,
        /// bool, int and integral floats compare as numbers: `True == 1 == 1.0`.
        Num(i128),
        FloatBits(u64),
        /// NaN keys never match (each decoded NaN is a distinct object).
        NaN(usize),
        Str(String),
        Bytes(Vec<u8>),
        Ext(i8, Vec<u8>),
        Timestamp(i64, u32),
    }

    fn key_id(k: &Py, nan_seq: &mut usize) -> Option<KeyId> {
        Some(match k {
            Py::Nil => KeyId::Nil,
            Py::Bool(b) => KeyId::Num(i128::from(*b)),
            Py::Int(i) => KeyId::Num(*i),
            Py::Float(f) if f.is_nan() => {
                *nan_seq += 1;
                KeyId::NaN(*nan_seq)
            }
            Py::Float(f) if f.fract() == 0.0 && f.abs() < 1.7e38 => KeyId::Num(*f as i128),
            Py::Float(f) => KeyId::FloatBits(f.to_bits()),
            Py::Str(s) => KeyId::Str(s.clone()),
            Py::Bytes(b) => KeyId::Bytes(b.clone()),
            Py::Ext(c, d) => KeyId::Ext(*c, d.clone()),
            Py::Timestamp(s, n) => KeyId::Timestamp(*s, *n),
            // list / dict: unhashable -> TypeError in Python.
            Py::List(_) | Py::Dict(_) => return None,
        })
    }

    /// Builds a dict as Python's unpacker does (`d[k] = v` in order); `None` if a key is
    /// unhashable.
    pub(super) fn make_dict(pairs: Vec<(Py, Py)>) -> Option<Py> {
        let mut index: HashMap<KeyId, usize> = HashMap::new();
        let mut out: Vec<(Py, Py)> = Vec::with_capacity(pairs.len());
        let mut nan_seq = 0;
        for (k, v) in pairs {
            let id = key_id(&k, &mut nan_seq)?;
            match index.get(&id) {
                Some(&i) => out[i].1 = v,
                None => {
                    index.insert(id, out.len());
                    out.push((k, v));
                }
            }
        }
        Some(Py::Dict(out))
    }

    /// Parses a timestamp extension payload as `msgpack.Timestamp`; `None` where Python raises.
    pub(super) fn timestamp(data: &[u8]) -> Option<Py> {
        let (secs, nanos) = match data.len() {
            4 => (i64::from(u32::from_be_bytes(data.try_into().ok()?)), 0u32),
            8 => {
                let v = u64::from_be_bytes(data.try_into().ok()?);
                ((v & 0x3_ffff_ffff) as i64, (v >> 34) as u32)
            }
            12 => (
                i64::from_be_bytes(data[4..12].try_into().ok()?),
                u32::from_be_bytes(data[0..4].try_into().ok()?),
            ),
            _ => return None,
        };
        (nanos < 1_000_000_000).then_some(Py::Timestamp(secs, nanos))
    }

    /// `Timestamp.to_bytes`: the smallest of the 32 / 64 / 96-bit forms.
    pub(super) fn timestamp_bytes(secs: i64, nanos: u32) -> Vec<u8> {
        if secs >> 34 == 0 {
            let data64 = (u64::from(nanos) << 34) | secs as u64;
            if data64 & 0xffff_ffff_0000_0000 == 0 {
                (data64 as u32).to_be_bytes().to_vec()
            } else {
                data64.to_be_bytes().to_vec()
            }
        } else {
            let mut v = nanos.to_be_bytes().to_vec();
            v.extend_from_slice(&secs.to_be_bytes());
            v
        }
    }

    /// `canonicalize`: dict keys sorted by `packb(key)` (stable), values canonicalized; lists and
    /// tuples, including `ExtType` values (a namedtuple), become lists. Keys are left as they are.
    pub(super) fn canonicalize(obj: Py) -> Py {
        match obj {
            Py::Dict(pairs) => {
                let mut keyed: Vec<(Vec<u8>, Py, Py)> = pairs
                    .into_iter()
                    // (Keys come from an unpacked document: they always pack.)
                    .map(|(k, v)| (pack(&k).unwrap_or_default(), k, canonicalize(v)))
                    .collect();
                keyed.sort_by(|a, b| a.0.cmp(&b.0));
                Py::Dict(keyed.into_iter().map(|(_, k, v)| (k, v)).collect())
            }
            Py::List(items) => Py::List(items.into_iter().map(canonicalize).collect()),
            Py::Ext(code, data) => Py::List(vec![Py::Int(i128::from(code)), Py::Bytes(data)]),
            other => other,
        }
    }

    /// `msgpack.unpackb(data, strict_map_key=False)`; `None` where Python raises.
    pub(crate) fn unpack(data: &[u8]) -> Option<Py> {
        super::adapter::unpack(data)
    }

    /// `msgpack.packb(obj)` with default options; `None` where Python raises (a length beyond
    /// `u32::MAX`, which an object unpacked from msgpack cannot have).
    pub(super) fn pack(obj: &Py) -> Option<Vec<u8>> {
        super::adapter::pack(obj)
    }
}

/// Bridge between the Python object model and `crate::msgpack`.
mod adapter {
    use super::py::{self, Py};
    use crate::msgpack::{self, Msg};

    /// `msgpack.unpackb(data, strict_map_key=False)`: `None` where Python raises (malformed
    /// bytes, trailing data, invalid UTF-8, unhashable keys, bad extension codes or timestamps).
    /// Nesting is bounded by the codec's default depth (256); Python would go further.
    pub(super) fn unpack(data: &[u8]) -> Option<Py> {
        to_py(msgpack::decode(data).ok()?)
    }

    fn to_py(m: Msg) -> Option<Py> {
        Some(match m {
            Msg::Nil => Py::Nil,
            Msg::Bool(b) => Py::Bool(b),
            Msg::Int(i) => Py::Int(i128::from(i)),
            Msg::UInt(u) => Py::Int(i128::from(u)),
            Msg::F32(f) => Py::Float(f64::from(f)),
            Msg::F64(f) => Py::Float(f),
            Msg::Str(s) => Py::Str(s),
            Msg::Bin(b) => Py::Bytes(b),
            Msg::Array(items) => Py::List(items.into_iter().map(to_py).collect::<Option<_>>()?),
            Msg::Map(entries) => py::make_dict(
                entries
                    .into_iter()
                    .map(|(k, v)| Some((to_py(k)?, to_py(v)?)))
                    .collect::<Option<_>>()?,
            )?,
            Msg::Ext(-1, data) => py::timestamp(&data)?,
            // `ExtType(code, data)` accepts only codes 0..=127.
            Msg::Ext(code, _) if code < 0 => return None,
            Msg::Ext(code, data) => Py::Ext(code, data),
        })
    }

    fn to_msg(p: &Py) -> Msg {
        match p {
            Py::Nil => Msg::Nil,
            Py::Bool(b) => Msg::Bool(*b),
            Py::Int(i) => match i64::try_from(*i) {
                Ok(i) => Msg::Int(i),
                Err(_) => Msg::UInt(u64::try_from(*i).unwrap_or(u64::MAX)),
            },
            Py::Float(f) => Msg::F64(*f),
            Py::Str(s) => Msg::Str(s.clone()),
            Py::Bytes(b) => Msg::Bin(b.clone()),
            Py::List(items) => Msg::Array(items.iter().map(to_msg).collect()),
            Py::Dict(pairs) => {
                Msg::Map(pairs.iter().map(|(k, v)| (to_msg(k), to_msg(v))).collect())
            }
            Py::Ext(code, data) => Msg::Ext(*code, data.clone()),
            Py::Timestamp(secs, nanos) => Msg::Ext(-1, py::timestamp_bytes(*secs, *nanos)),
        }
    }

    /// `msgpack.packb(obj)` with default options.
    pub(super) fn pack(obj: &Py) -> Option<Vec<u8>> {
        msgpack::to_vec(&to_msg(obj)).ok()
    }
}

/// Deterministic protobuf bytes (upb `SerializeToString(deterministic=True)`).
pub(crate) fn det<M: prost::Message + prost::Name + 'static>(msg: &M) -> Vec<u8> {
    crate::wire::encode_canonical(msg)
}
