//! What the walker needs to know about each message of the embedded descriptor set, computed
//! once: field wire types, which fields are sub-messages (and maps), and which subtrees can
//! ever need rewriting.

use std::collections::HashMap;
use std::sync::OnceLock;

use prost::Message;
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, FileDescriptorSet};

use super::scan::{FIXED32, FIXED64, LEN, START_GROUP, VARINT};

/// The descriptor set prost's types are generated from (see build.rs).
static FDS: &[u8] = include_bytes!("../../proto/flyteidl2.fds.bin");

/// Index of a message in [`Table`].
pub(crate) type MsgId = usize;

/// Where the bytes being rewritten come from: it decides how much of the tree can be skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// prost's encoder: fields in prost-derive's order, maps in `BTreeMap` order.
    Prost,
    /// Any encoder: fields and map entries in any order.
    Any,
}

/// A field of a message, as the walker sees it.
#[derive(Debug)]
pub(crate) struct FieldInfo {
    pub number: u32,
    /// Name, for error paths.
    pub name: String,
    /// Wire type of the declared type.
    pub wire: u8,
    /// Repeated numeric scalar: may also arrive packed (`LEN`).
    pub packable: bool,
    /// The sub-message type (map entry types included); `None` for scalars and groups.
    pub message: Option<MsgId>,
}

/// What a map entry message writes for a key or value that prost left out.
#[derive(Debug)]
pub(crate) struct MapEntry {
    /// Keys are strings: entries can be put in upb's order. (Every map in the embedded
    /// descriptor set has string keys; other key types keep their input order.)
    pub string_keys: bool,
    /// The default key, encoded as field 1 (e.g. `0a 00` for `""`).
    pub key_default: Vec<u8>,
    /// The default value, encoded as field 2 (e.g. `12 00` for `""` or an empty message).
    pub value_default: Vec<u8>,
}

/// A message of the descriptor set.
#[derive(Debug)]
pub(crate) struct MessageInfo {
    /// Full name without the leading dot.
    pub name: String,
    /// Sorted by number.
    pub fields: Vec<FieldInfo>,
    pub map_entry: Option<MapEntry>,
    /// Whether bytes from any encoder may need rewriting somewhere in this subtree.
    walk_any: bool,
    /// Whether prost's bytes may need rewriting somewhere in this subtree.
    walk_prost: bool,
}

/// All messages of the descriptor set, by id and by name.
#[derive(Debug)]
pub(crate) struct Table {
    messages: Vec<MessageInfo>,
    by_name: HashMap<String, MsgId>,
}

/// The table of the embedded descriptor set, built on first use.
pub(crate) fn get() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let fds = FileDescriptorSet::decode(FDS).expect("embedded descriptor set decodes");
        Table::build(&fds)
    })
}

impl Table {
    /// The id of a message, by full name without the leading dot.
    pub fn id(&self, full_name: &str) -> Option<MsgId> {
        self.by_name.get(full_name).copied()
    }

    /// The message with this id.
    pub fn message(&self, id: MsgId) -> &MessageInfo {
        &self.messages[id]
    }

    /// Whether the walker has to enter a message of this type.
    pub fn needs_walk(&self, id: MsgId, source: Source) -> bool {
        let m = &self.messages[id];
        match source {
            Source::Prost => m.walk_prost,
            Source::Any => m.walk_any,
        }
    }

    /// All messages, for tests.
    #[cfg(test)]
    pub fn messages(&self) -> &[MessageInfo] {
        &self.messages
    }

    fn build(fds: &FileDescriptorSet) -> Table {
        let mut descriptors = Vec::new();
        for file in &fds.file {
            collect(file.package(), &file.message_type, &mut descriptors);
        }
        let by_name: HashMap<String, MsgId> = descriptors
            .iter()
            .enumerate()
            .map(|(id, (name, _))| (name.clone(), id))
            .collect();
        let mut messages: Vec<MessageInfo> = descriptors
            .iter()
            .map(|(name, d)| message_info(name, d, &by_name))
            .collect();
        // Local flags are set; a message also needs walking when a sub-message type does.
        // Flags only go from false to true, so this reaches a fixed point (cycles included).
        let mut changed = true;
        while changed {
            changed = false;
            for id in 0..messages.len() {
                let (any, prost) = messages[id]
                    .fields
                    .iter()
                    .filter_map(|f| f.message)
                    .fold((false, false), |(a, p), c| {
                        (a || messages[c].walk_any, p || messages[c].walk_prost)
                    });
                let m = &mut messages[id];
                if (any && !m.walk_any) || (prost && !m.walk_prost) {
                    m.walk_any |= any;
                    m.walk_prost |= prost;
                    changed = true;
                }
            }
        }
        Table { messages, by_name }
    }
}

/// Collects `(full name, descriptor)` of `msgs` and their nested messages.
fn collect<'a>(
    prefix: &str,
    msgs: &'a [DescriptorProto],
    out: &mut Vec<(String, &'a DescriptorProto)>,
) {
    for d in msgs {
        let name = if prefix.is_empty() {
            d.name().to_owned()
        } else {
            format!("{prefix}.{}", d.name())
        };
        collect(&name, &d.nested_type, out);
        out.push((name, d));
    }
}

fn message_info(name: &str, d: &DescriptorProto, by_name: &HashMap<String, MsgId>) -> MessageInfo {
    let mut fields: Vec<FieldInfo> = d
        .field
        .iter()
        .map(|f| FieldInfo {
            number: u32::try_from(f.number()).unwrap_or(0),
            name: f.name().to_owned(),
            wire: wire_type(f.r#type()),
            packable: f.label() == Label::Repeated && is_numeric(f.r#type()),
            message: match f.r#type() {
                Type::Message => by_name.get(f.type_name().trim_start_matches('.')).copied(),
                _ => None,
            },
        })
        .collect();
    fields.sort_by_key(|f| f.number);
    let is_map_entry = d.options.as_ref().is_some_and(|o| o.map_entry());
    let map_entry = is_map_entry.then(|| map_entry(d));
    let groups = presence_groups(d);
    MessageInfo {
        name: name.to_owned(),
        fields,
        // A message with a map field needs walking too: its entry type does (see `build`).
        walk_any: is_map_entry || groups.len() >= 2,
        walk_prost: is_map_entry || groups_overlap(groups),
        map_entry,
    }
}

/// The fields that can be present together, as (smallest, largest) field number: each oneof is
/// one group, every other field its own.
fn presence_groups(d: &DescriptorProto) -> Vec<(i32, i32)> {
    let mut oneofs: HashMap<i32, (i32, i32)> = HashMap::new();
    let mut groups = Vec::new();
    for f in &d.field {
        match f.oneof_index {
            Some(i) => {
                let g = oneofs.entry(i).or_insert((f.number(), f.number()));
                *g = (g.0.min(f.number()), g.1.max(f.number()));
            }
            None => groups.push((f.number(), f.number())),
        }
    }
    groups.extend(oneofs.into_values());
    groups
}

/// Whether prost's order (groups by smallest number) can differ from ascending field numbers:
/// some group holds a number larger than the smallest number of a later group.
fn groups_overlap(mut groups: Vec<(i32, i32)>) -> bool {
    groups.sort_unstable();
    let mut max_so_far = i32::MIN;
    groups.iter().any(|&(lo, hi)| {
        let overlap = max_so_far > lo;
        max_so_far = max_so_far.max(hi);
        overlap
    })
}

fn map_entry(d: &DescriptorProto) -> MapEntry {
    let field = |n: i32| d.field.iter().find(|f| f.number() == n);
    let default = |n: i32| {
        field(n)
            .map(|f| default_field(n as u8, f.r#type()))
            .unwrap_or_default()
    };
    MapEntry {
        string_keys: field(1).is_some_and(|f| f.r#type() == Type::String),
        key_default: default(1),
        value_default: default(2),
    }
}

/// The encoding of field `number` (1 or 2) holding its type's default value.
fn default_field(number: u8, ty: Type) -> Vec<u8> {
    let wire = wire_type(ty);
    let payload = match wire {
        FIXED64 => 8,
        FIXED32 => 4,
        _ => 1, // a zero varint or a zero length
    };
    let mut bytes = vec![0; 1 + payload];
    bytes[0] = (number << 3) | wire;
    bytes
}

fn wire_type(ty: Type) -> u8 {
    match ty {
        Type::Double | Type::Fixed64 | Type::Sfixed64 => FIXED64,
        Type::Float | Type::Fixed32 | Type::Sfixed32 => FIXED32,
        Type::String | Type::Bytes | Type::Message => LEN,
        Type::Group => START_GROUP,
        Type::Int64 | Type::Uint64 | Type::Int32 | Type::Uint32 | Type::Bool | Type::Enum => VARINT,
        Type::Sint32 | Type::Sint64 => VARINT,
    }
}

fn is_numeric(ty: Type) -> bool {
    !matches!(ty, Type::String | Type::Bytes | Type::Message | Type::Group)
}
