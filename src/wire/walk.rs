//! The rewriter. It walks the message tree with a heap stack of frames (deep input cannot
//! overflow the thread's stack), entering only sub-messages whose subtree may need rewriting.
//!
//! Each entered message is first scanned shallowly (tags and lengths of its own fields). When
//! its fields are already in canonical order, they are streamed: runs of fields are copied in
//! bulk and only sub-messages to rewrite are entered. Otherwise its fields are collected,
//! stable-sorted and written one by one. Deciding before writing anything means no work is ever
//! redone, so the cost stays linear in the input size.

use std::cmp::Ordering;

use super::WireErrorKind;
use super::scan::{self, Field, LEN, ScanError};
use super::table::{MsgId, Source, Table};
use crate::Error;

/// Rank of fields the descriptor does not know: after every known field number (< 2^29).
const UNKNOWN_RANK: u32 = u32::MAX;

/// Rewrites the `root` message in `input` into canonical form, appending to `out`.
pub(crate) fn run(
    table: &Table,
    input: &[u8],
    root: MsgId,
    source: Source,
    max_depth: usize,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    if !table.needs_walk(root, source) {
        out.extend_from_slice(input);
        return Ok(());
    }
    let mut walker = Walker {
        table,
        input,
        source,
        max_depth,
        out,
        frames: Vec::new(),
        spans: Vec::new(),
    };
    walker.enter(root, 0, 0, input.len(), 0)?;
    while !walker.frames.is_empty() {
        walker.step()?;
    }
    Ok(())
}

/// How the walker treats one field of the current message.
#[derive(Debug, Clone, Copy)]
struct Class {
    /// Sort key: the field number, or [`UNKNOWN_RANK`].
    rank: u32,
    /// The sub-message type to enter, when its subtree may need rewriting.
    enter: Option<MsgId>,
    /// A map field with string keys: its entries are ordered by key too.
    keyed: bool,
}

/// A field of a message being written in sorted order.
#[derive(Debug, Clone, Copy)]
struct Span {
    field: Field,
    class: Class,
    /// The map key's bytes in the input (`keyed` fields only).
    key: (usize, usize),
}

/// A message being written.
#[derive(Debug)]
struct Frame {
    msg: MsgId,
    /// The field this message was reached through (0 for the root), for error paths.
    via: u32,
    /// The message's payload in the input.
    lo: usize,
    hi: usize,
    /// Where the payload starts in `out`.
    out_start: usize,
    /// Size of the length varint written just before `out_start` (0 for the root).
    len_size: usize,
    mode: Mode,
}

#[derive(Debug, Clone, Copy)]
enum Mode {
    /// Fields already in canonical order; `copied..pos` of the input is still to be copied.
    Stream { pos: usize, copied: usize },
    /// Fields sorted into `spans[cursor..end]` (`base` is where this frame's spans start);
    /// `need_*`: a map entry lacks its key or value, which upb always writes.
    Sorted {
        base: usize,
        cursor: usize,
        end: usize,
        need_key: bool,
        need_value: bool,
    },
}

struct Walker<'a> {
    table: &'a Table,
    input: &'a [u8],
    source: Source,
    max_depth: usize,
    out: &'a mut Vec<u8>,
    frames: Vec<Frame>,
    /// Fields of all frames in sorted mode, innermost last.
    spans: Vec<Span>,
}

/// upb's deterministic order of string map keys: bytewise, but a key that is a proper prefix
/// of another comes *after* it (upb sorts by negated `memcmp`, then ascending length, and emits
/// the sorted entries in reverse).
pub fn upb_key_order(a: &[u8], b: &[u8]) -> Ordering {
    let common = a.len().min(b.len());
    a[..common].cmp(&b[..common]).then(b.len().cmp(&a.len()))
}

impl Walker<'_> {
    /// Starts writing message `msg` whose payload is `lo..hi`, reached through field `via`.
    fn enter(
        &mut self,
        msg: MsgId,
        via: u32,
        lo: usize,
        hi: usize,
        len_size: usize,
    ) -> Result<(), Error> {
        if self.frames.len() > self.max_depth {
            let kind = WireErrorKind::DepthLimit {
                limit: self.max_depth,
            };
            return Err(self.error(ScanError { offset: lo, kind }));
        }
        let mode = Mode::Stream {
            pos: lo,
            copied: lo,
        };
        let out_start = self.out.len();
        self.frames.push(Frame {
            msg,
            via,
            lo,
            hi,
            out_start,
            len_size,
            mode,
        });
        let is_entry = self.table.message(msg).map_entry.is_some();
        if is_entry || !self.in_order(msg, lo, hi)? {
            self.sort()?;
        }
        Ok(())
    }

    /// Writes the next field (or finishes) of the innermost message.
    fn step(&mut self) -> Result<(), Error> {
        let top = self.frames.len() - 1;
        let (msg, hi) = (self.frames[top].msg, self.frames[top].hi);
        match self.frames[top].mode {
            Mode::Stream { pos, copied } if pos >= hi => {
                self.out.extend_from_slice(&self.input[copied..hi]);
                self.leave();
            }
            Mode::Stream { pos, copied } => {
                let field = self.read_field(pos, hi)?;
                let class = self.classify(msg, &field)?;
                let mut next = Mode::Stream {
                    pos: field.end,
                    copied,
                };
                if let Some(child) = class.enter {
                    // Copy the run so far including this field's tag and length.
                    self.out.extend_from_slice(&self.input[copied..field.body]);
                    next = Mode::Stream {
                        pos: field.end,
                        copied: field.end,
                    };
                    self.frames[top].mode = next;
                    return self.enter(
                        child,
                        field.number,
                        field.body,
                        field.end,
                        field.body - field.after_tag,
                    );
                }
                self.frames[top].mode = next;
            }
            Mode::Sorted { cursor, end, .. } if cursor == end => self.leave(),
            Mode::Sorted {
                base,
                cursor,
                end,
                mut need_key,
                mut need_value,
            } => {
                let span = self.spans[cursor];
                if let Some(entry) = &self.table.message(msg).map_entry {
                    // Key (1) and value (2) sort first: fill them in before any other field.
                    if need_key {
                        self.out.extend_from_slice(&entry.key_default);
                        need_key = false;
                    }
                    if need_value && span.class.rank > 2 {
                        self.out.extend_from_slice(&entry.value_default);
                        need_value = false;
                    }
                }
                self.frames[top].mode = Mode::Sorted {
                    base,
                    cursor: cursor + 1,
                    end,
                    need_key,
                    need_value,
                };
                let f = span.field;
                match span.class.enter {
                    Some(child) => {
                        self.out.extend_from_slice(&self.input[f.start..f.body]);
                        return self.enter(child, f.number, f.body, f.end, f.body - f.after_tag);
                    }
                    None => self.out.extend_from_slice(&self.input[f.start..f.end]),
                }
            }
        }
        Ok(())
    }

    /// Finishes the innermost message: pending map-entry defaults, then its length prefix.
    fn leave(&mut self) {
        let frame = self.frames.pop().expect("leave is called with a frame");
        if let Mode::Sorted {
            base,
            need_key,
            need_value,
            ..
        } = frame.mode
        {
            if let Some(entry) = &self.table.message(frame.msg).map_entry {
                if need_key {
                    self.out.extend_from_slice(&entry.key_default);
                }
                if need_value {
                    self.out.extend_from_slice(&entry.value_default);
                }
            }
            self.spans.truncate(base);
        }
        let new_len = self.out.len() - frame.out_start;
        if frame.len_size > 0 && new_len != frame.hi - frame.lo {
            // Only filled-in map-entry defaults change a length.
            let mut varint = Vec::with_capacity(10);
            scan::write_varint(new_len as u64, &mut varint);
            self.out
                .splice(frame.out_start - frame.len_size..frame.out_start, varint);
        }
    }

    /// Switches the innermost message to sorted mode: collects its fields and sorts them.
    fn sort(&mut self) -> Result<(), Error> {
        let top = self.frames.len() - 1;
        let Frame { msg, lo, hi, .. } = self.frames[top];
        let base = self.spans.len();
        let mut pos = lo;
        while pos < hi {
            let field = self.read_field(pos, hi)?;
            let class = self.classify(msg, &field)?;
            let key = if class.keyed {
                self.entry_key(&field)?
            } else {
                (0, 0)
            };
            self.spans.push(Span { field, class, key });
            pos = field.end;
        }
        let input = self.input;
        // Stable: repeated fields and unknown fields keep their input order.
        self.spans[base..].sort_by(|a, b| {
            a.class.rank.cmp(&b.class.rank).then_with(|| {
                if a.class.keyed && b.class.keyed {
                    upb_key_order(&input[a.key.0..a.key.1], &input[b.key.0..b.key.1])
                } else {
                    Ordering::Equal
                }
            })
        });
        let (mut need_key, mut need_value) = (false, false);
        if self.table.message(msg).map_entry.is_some() {
            let spans = &self.spans[base..];
            need_key = !spans.iter().any(|s| s.field.number == 1);
            need_value = !spans.iter().any(|s| s.field.number == 2);
        }
        let end = self.spans.len();
        self.frames[top].mode = Mode::Sorted {
            base,
            cursor: base,
            end,
            need_key,
            need_value,
        };
        Ok(())
    }

    /// Whether the fields of `msg` in `lo..hi` are already in canonical order (reads only the
    /// message's own tags and lengths, plus the keys of map entries).
    fn in_order(&self, msg: MsgId, lo: usize, hi: usize) -> Result<bool, Error> {
        let mut pos = lo;
        let mut last_rank = 0;
        let mut last_key: Option<(usize, usize)> = None;
        while pos < hi {
            let field = self.read_field(pos, hi)?;
            let class = self.classify(msg, &field)?;
            let key = if class.keyed {
                Some(self.entry_key(&field)?)
            } else {
                None
            };
            let ordered = match class.rank.cmp(&last_rank) {
                Ordering::Greater => true,
                Ordering::Less => false,
                Ordering::Equal => match (last_key, key) {
                    (Some(a), Some(b)) => {
                        upb_key_order(&self.input[a.0..a.1], &self.input[b.0..b.1]).is_le()
                    }
                    _ => true,
                },
            };
            if !ordered {
                return Ok(false);
            }
            (last_rank, last_key, pos) = (class.rank, key, field.end);
        }
        Ok(true)
    }

    /// Looks `field` up in `msg`, checking its wire type when the field is known.
    fn classify(&self, msg: MsgId, field: &Field) -> Result<Class, Error> {
        let fields = &self.table.message(msg).fields;
        let Ok(i) = fields.binary_search_by_key(&field.number, |f| f.number) else {
            return Ok(Class {
                rank: UNKNOWN_RANK,
                enter: None,
                keyed: false,
            });
        };
        let info = &fields[i];
        if field.wire != info.wire && !(info.packable && field.wire == LEN) {
            let kind = WireErrorKind::WireTypeMismatch {
                field: field.number,
                expected: info.wire,
                found: field.wire,
            };
            return Err(self.error(ScanError {
                offset: field.start,
                kind,
            }));
        }
        let keyed = info
            .message
            .and_then(|c| self.table.message(c).map_entry.as_ref())
            .is_some_and(|e| e.string_keys);
        let enter = info
            .message
            .filter(|&c| self.table.needs_walk(c, self.source));
        Ok(Class {
            rank: field.number,
            enter,
            keyed,
        })
    }

    /// The key bytes of map entry `field`: its last field 1 (last wins, as when parsing), or
    /// the empty key when it has none.
    fn entry_key(&self, field: &Field) -> Result<(usize, usize), Error> {
        let mut key = (field.body, field.body);
        let mut pos = field.body;
        while pos < field.end {
            let f = self.read_field(pos, field.end)?;
            if f.number == 1 && f.wire == LEN {
                key = (f.body, f.end);
            }
            pos = f.end;
        }
        Ok(key)
    }

    fn read_field(&self, pos: usize, hi: usize) -> Result<Field, Error> {
        scan::read_field(self.input, pos, hi, self.max_depth).map_err(|e| self.error(e))
    }

    /// Adds the path of the innermost message to a scan error.
    fn error(&self, e: ScanError) -> Error {
        let mut path = String::new();
        let mut msg = None;
        for frame in &self.frames {
            match msg {
                None => path.push_str(&self.table.message(frame.msg).name),
                Some(parent) => {
                    let fields = &self.table.message(parent).fields;
                    let name = fields
                        .iter()
                        .find(|f| f.number == frame.via)
                        .map_or("?", |f| &f.name);
                    path.push('.');
                    path.push_str(name);
                }
            }
            msg = Some(frame.msg);
        }
        Error::wire(path, e.offset, e.kind)
    }
}
