#!/usr/bin/env python3
"""Test data for tests/hash_*.rs, tests/render_*.rs and tests/cli_*.rs.

Run with the Flyte 2 SDK's interpreter (flyte 2.12.1, flyteidl2 2.0.51, msgpack 1.1):

    /root/.cache/flyte-types/venv/bin/python tests/data/gen_hash_render_vectors.py

It writes, next to this script:

* hashing/<case>/{inputs.pb,interface.pb} -- the golden hashing vectors of
  ../shared/interop/hashing as files for the CLI tests, copied from the goldens' hex
  (`inputs_proto_hex_deterministic`, `interface_hashed_bytes_hex`), not produced by our code;
* hash_extra.json -- extra inputs-hash / cache-key vectors for rules the goldens do not
  exercise, computed by the SDK's own functions (flyte/_internal/runtime/convert.py);
* msgpack_canonical_extra.json -- extra `_canonical_msgpack_bytes` vectors;
* render_extra.json -- extra `flyte.types.literal_string_repr` vectors.

Re-running reproduces every file except the key order of dicts rendered from protobuf maps in
render_extra.json (upb iterates maps in a per-process hash order); the tests compare JSON
objects without regard to key order. Every expected value comes from calling the SDK; literals are built directly as protobuf
messages and serialized with `SerializeToString(deterministic=True)`.
"""

import json
import math
import pathlib
import struct

import msgpack
from flyteidl2.core import interface_pb2, literals_pb2, types_pb2
from flyteidl2.task import common_pb2
from google.protobuf import duration_pb2, struct_pb2, timestamp_pb2

from flyte._internal.runtime import convert
from flyte.models import ActionID
from flyte.types import literal_string_repr

HERE = pathlib.Path(__file__).resolve().parent
GOLDEN = HERE.parents[2] / "shared" / "interop" / "hashing"
if not GOLDEN.exists():  # a worktree next to the main checkout
    GOLDEN = pathlib.Path("/work/shared/interop/hashing")


def det(msg) -> str:
    return msg.SerializeToString(deterministic=True).hex()


# ------------------------------------------------------------------ literal builders
def lit_int(v, h=""):
    return literals_pb2.Literal(scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(integer=v)), hash=h)


def lit_float(v):
    return literals_pb2.Literal(scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(float_value=v)))


def lit_str(v, h=""):
    return literals_pb2.Literal(scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(string_value=v)), hash=h)


def lit_bool(v):
    return literals_pb2.Literal(scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(boolean=v)))


def lit_none():
    return literals_pb2.Literal(scalar=literals_pb2.Scalar(none_type=literals_pb2.Void()))


def lit_file(uri, h="", fmt="", multipart=False):
    dim = types_pb2.BlobType.MULTIPART if multipart else types_pb2.BlobType.SINGLE
    blob = literals_pb2.Blob(
        metadata=literals_pb2.BlobMetadata(type=types_pb2.BlobType(format=fmt, dimensionality=dim)), uri=uri
    )
    return literals_pb2.Literal(scalar=literals_pb2.Scalar(blob=blob), hash=h)


def lit_msgpack(raw: bytes, h=""):
    return literals_pb2.Literal(
        scalar=literals_pb2.Scalar(binary=literals_pb2.Binary(value=raw, tag="msgpack")), hash=h
    )


def lit_coll(items, h=""):
    return literals_pb2.Literal(collection=literals_pb2.LiteralCollection(literals=items), hash=h)


def lit_map(d, h=""):
    return literals_pb2.Literal(map=literals_pb2.LiteralMap(literals=d), hash=h)


def lit_union(inner, tag):
    t = types_pb2.LiteralType(simple=types_pb2.NONE)
    if inner.scalar.HasField("blob"):
        t = types_pb2.LiteralType(blob=types_pb2.BlobType())
    elif inner.scalar.HasField("binary"):
        t = types_pb2.LiteralType(simple=types_pb2.STRUCT)
    elif inner.scalar.primitive.HasField("integer"):
        t = types_pb2.LiteralType(simple=types_pb2.INTEGER)
    t.structure.tag = tag
    return literals_pb2.Literal(scalar=literals_pb2.Scalar(union=literals_pb2.Union(value=inner, type=t)))


def var(lt):
    return interface_pb2.Variable(type=lt)


def simple(s):
    return types_pb2.LiteralType(simple=s)


def iface(inputs, outputs=(("o0", simple(types_pb2.INTEGER)),)):
    return interface_pb2.TypedInterface(
        inputs=interface_pb2.VariableMap(variables=[interface_pb2.VariableEntry(key=k, value=var(t)) for k, t in inputs]),
        outputs=interface_pb2.VariableMap(
            variables=[interface_pb2.VariableEntry(key=k, value=var(t)) for k, t in outputs]
        ),
    )


# ------------------------------------------------------------------ golden files for the CLI
def write_golden_files():
    out = HERE / "hashing"
    for path in sorted(GOLDEN.glob("[0-9]*.json")):
        case = json.loads(path.read_text())
        d = out / case["case"]
        d.mkdir(parents=True, exist_ok=True)
        (d / "inputs.pb").write_bytes(bytes.fromhex(case["inputs_proto_hex_deterministic"]))
        (d / "interface.pb").write_bytes(bytes.fromhex(case["interface_hashed_bytes_hex"]))


# ------------------------------------------------------------------ extra hash vectors
def hash_case(name, note, literals, interface, ignored=(), task_name="hash_env.extra", cache_version="v1"):
    inputs = common_pb2.Inputs(literals=[common_pb2.NamedLiteral(name=k, value=v) for k, v in literals])
    inputs_hash = convert.generate_inputs_hash_from_proto(inputs)
    filtered = convert.generate_filtered_inputs_hash(inputs, list(ignored)) if ignored else None
    iface_hash = convert.generate_interface_hash(interface)
    cache_key = convert.generate_cache_key_hash(
        task_name, inputs_hash, interface, cache_version, list(ignored), inputs
    )
    identity = convert.hash_data(f"{task_name}-{iface_hash}-{cache_version}")
    action = ActionID(name="a0").new_sub_action_from(
        task_call_seq=1, task_hash=identity, input_hash=filtered if ignored else inputs_hash, group=None
    )
    return {
        "case": name,
        "note": note,
        "task_name": task_name,
        "cache_version": cache_version,
        "ignored_inputs": list(ignored),
        "inputs_hex": det(inputs),
        "interface_hex": det(interface),
        "per_input_repr_hex": [convert.generate_inputs_repr_for_literal(v).hex() for _, v in literals],
        "hashed_bytes_hex": convert._named_literals_repr(list(inputs.literals)).hex(),
        "inputs_hash": inputs_hash,
        "filtered_inputs_hash": filtered,
        "content_inputs_hash": convert.generate_content_inputs_hash(inputs, list(ignored)),
        "interface_hash": iface_hash,
        "cache_key": cache_key,
        "task_identity_hash": identity,
        "sub_action_name": action.name,
    }


def packed(obj) -> bytes:
    return msgpack.packb(obj)


def raw_map(pairs) -> bytes:
    """A msgpack map with the given (already packed) key/value pairs, duplicates allowed."""
    n = len(pairs)
    head = bytes([0x80 | n]) if n < 16 else b"\xde" + struct.pack(">H", n)
    return head + b"".join(k + v for k, v in pairs)


def extra_hash_cases():
    I = simple(types_pb2.INTEGER)  # noqa: E741
    S = simple(types_pb2.STRING)
    B = types_pb2.LiteralType(blob=types_pb2.BlobType())
    ST = simple(types_pb2.STRUCT)
    cases = []
    nested = lit_coll(
        [
            lit_coll([lit_file("s3://b/1", "h-inner"), lit_file("s3://b/2")]),
            lit_coll([lit_int(3)], h="h-list"),
            lit_coll([lit_map({"k": lit_file("s3://b/3", "h-map")})]),
        ]
    )
    cases.append(
        hash_case(
            "nested_collections_with_hashes",
            "hash substitution at depth 2 and 3, a hashed inner list, a map inside a list",
            [("xss", nested)],
            iface([("xss", types_pb2.LiteralType(collection_type=types_pb2.LiteralType(collection_type=B)))]),
        )
    )
    keys = ["z", "Z", "a", "é", "\u00ff", "日本", "\uffff", "😀", "a b", "", "10", "9"]
    cases.append(
        hash_case(
            "map_non_ascii_key_order",
            "map reprs sort keys by code point (astral 😀 after U+FFFF, unlike UTF-16 order)",
            [("m", lit_map({k: lit_int(i) for i, k in enumerate(keys)}))],
            iface([("m", types_pb2.LiteralType(map_value_type=I))]),
        )
    )
    hashed_file = lit_file("s3://bucket/opt.csv", "opt-hash", fmt="csv")
    cases.append(
        hash_case(
            "union_with_hashed_file",
            "Optional[File] with a hash: the whole union literal is serialized, inner hash included",
            [("f", lit_union(hashed_file, "File")), ("n", lit_int(1))],
            iface(
                [
                    (
                        "f",
                        types_pb2.LiteralType(
                            union_type=types_pb2.UnionType(variants=[B, simple(types_pb2.NONE)])
                        ),
                    ),
                    ("n", I),
                ]
            ),
        )
    )
    int_keys = raw_map([(packed(200), packed("a")), (packed(-1), packed("b")), (packed(5), packed("c"))])
    cases.append(
        hash_case(
            "msgpack_int_keys_top_level_and_in_collection_and_map",
            "msgpack canonicalization of a top-level binary, binaries in a list and in a map",
            [
                ("d", lit_msgpack(int_keys)),
                ("ds", lit_coll([lit_msgpack(int_keys), lit_msgpack(packed({"b": 1, "aa": 2}))])),
                ("dm", lit_map({"x": lit_msgpack(packed({"y": [1, {"b": 2, "a": 1}], "x": 0.5}))})),
            ],
            iface([("d", ST), ("ds", types_pb2.LiteralType(collection_type=ST)), ("dm", types_pb2.LiteralType(map_value_type=ST))]),
        )
    )
    cases.append(
        hash_case(
            "msgpack_in_union_not_canonicalized",
            "a msgpack binary inside a union is serialized as stored",
            [("u", lit_union(lit_msgpack(packed({"b": 1, "a": 2})), "Object-Dataclass-Transformer"))],
            iface([("u", types_pb2.LiteralType(union_type=types_pb2.UnionType(variants=[ST, simple(types_pb2.NONE)])))]),
        )
    )
    meta_lit = lit_msgpack(packed({"b": 1, "a": 2}))
    meta_lit.metadata["format"] = "x"
    meta_lit.metadata["a"] = "y"
    cases.append(
        hash_case(
            "literal_metadata_and_hashed_collection",
            "Literal.metadata map serialized (fields 1..5 in number order); a hashed collection uses its hash",
            [("m", meta_lit), ("c", lit_coll([lit_int(1), lit_int(2)], h="coll-hash")), ("e", lit_coll([])), ("em", lit_map({}))],
            iface([("m", ST), ("c", types_pb2.LiteralType(collection_type=I)), ("e", types_pb2.LiteralType(collection_type=I)), ("em", types_pb2.LiteralType(map_value_type=I))]),
        )
    )
    off = literals_pb2.Literal(
        offloaded_metadata=literals_pb2.LiteralOffloadedMetadata(uri="s3://b/off", size_bytes=123, inferred_type=I)
    )
    off_h = literals_pb2.Literal()
    off_h.CopyFrom(off)
    off_h.hash = "off-hash"
    off_meta = literals_pb2.Literal()
    off_meta.CopyFrom(off)
    off_meta.metadata["k"] = "v"
    cases.append(
        hash_case(
            "offloaded_literals",
            "offloaded literal without / with hash, and with metadata (hash 4 < metadata 5 < offloaded 8)",
            [("a", off), ("b", off_h), ("c", off_meta)],
            iface([("a", I), ("b", I), ("c", I)]),
        )
    )
    cases.append(
        hash_case(
            "unsorted_interface_all_ignored",
            "interface variables given out of order; every input ignored -> filtered hash ''",
            [("b", lit_str("x")), ("a", lit_int(1))],
            iface([("b", S), ("a", I), ("C", I)], outputs=(("o1", S), ("o0", I))),
            ignored=("a", "b"),
        )
    )
    cases.append(
        hash_case(
            "ignored_unknown_name",
            "ignoring a name that is not an input still switches to the filtered hash",
            [("x", lit_int(1)), ("f", lit_file("s3://b/f", "fh"))],
            iface([("x", I), ("f", B)]),
            ignored=("nope",),
        )
    )
    cases.append(
        hash_case(
            "empty_literal_value",
            "x: int = None quirk: a NamedLiteral with an empty Literal",
            [("x", literals_pb2.Literal()), ("y", lit_none())],
            iface([("x", I), ("y", simple(types_pb2.NONE))]),
        )
    )
    cases.append(
        hash_case(
            "map_of_lists_with_hashes",
            "map values that are lists holding hashed files; map keys with hashes",
            [("m", lit_map({"b": lit_coll([lit_file("s3://b/x", "hx")]), "a": lit_file("s3://b/y", "hy"), "c": lit_str("v", h="hv")}))],
            iface([("m", types_pb2.LiteralType(map_value_type=B))]),
        )
    )
    return cases


# ------------------------------------------------------------------ msgpack canonicalization
def extra_msgpack_cases():
    def ext(code, data):
        n = len(data)
        fix = {1: 0xD4, 2: 0xD5, 4: 0xD6, 8: 0xD7, 16: 0xD8}
        if n in fix:
            return bytes([fix[n]]) + struct.pack(">b", code) + data
        return b"\xc7" + bytes([n]) + struct.pack(">b", code) + data

    f32 = lambda v: b"\xca" + struct.pack(">f", v)  # noqa: E731
    f64 = lambda v: b"\xcb" + struct.pack(">d", v)  # noqa: E731
    inputs = {
        "dup_bool_int_float_keys": raw_map([(b"\xc3", packed("a")), (packed(1), packed("b")), (f64(1.0), packed("c")), (packed(0), packed("z"))]),
        "dup_str_keys_last_value": raw_map([(packed("k"), packed(1)), (packed("j"), packed(2)), (packed("k"), packed(3))]),
        "nan_keys_distinct": raw_map([(f64(math.nan), packed(1)), (f64(math.nan), packed(2)), (packed(0.5), packed(3))]),
        "neg_zero_equals_zero": raw_map([(f64(-0.0), packed("n")), (packed(0), packed("z"))]),
        "mixed_key_types": raw_map(
            [(packed("s"), packed(1)), (packed(b"by"), packed(2)), (packed(None), packed(3)), (packed(False), packed(4)), (f64(2.5), packed(5)), (packed(-100000), packed(6)), (packed(2**63), packed(7))]
        ),
        "array_key_unhashable": raw_map([(packed([1, 2]), packed(1))]),
        "map_key_unhashable": raw_map([(packed({"a": 1}), packed(1))]),
        "ext_value_becomes_array": packed({"e": msgpack.ExtType(5, b"\x01\x02")}),
        "ext_top_level": ext(1, b"\xaa"),
        "ext_key_kept": raw_map([(ext(7, b"k"), packed(1)), (packed("a"), packed(2))]),
        "ext_negative_code": ext(-5, b"\x00"),
        "timestamp32_value": raw_map([(packed("t"), ext(-1, struct.pack(">I", 5)))]),
        "timestamp64_shrinks": raw_map([(packed("t"), ext(-1, struct.pack(">Q", 7)))]),
        "timestamp96_negative": ext(-1, struct.pack(">Iq", 10, -3)),
        "timestamp96_bad_nanos": ext(-1, struct.pack(">Iq", 1_000_000_000, 1)),
        "timestamp64_bad_nanos": ext(-1, struct.pack(">Q", (1_000_000_000 << 34) | 1)),
        "timestamp_bad_length": ext(-1, b"\x00\x01\x02"),
        "float32_nested": b"\x92\x81\xa1b\x01\x91" + f32(1.5),
        "non_minimal_lengths": b"\xdc\x00\x02" + b"\xd9\x01a" + b"\xc5\x00\x01z",
        "big_uint_and_negatives": packed([2**64 - 1, -(2**63), -33, -32, 127, 128, 255, 256, 65536]),
        "trailing_data": packed({"a": 1}) + b"\x00",
        "truncated": packed({"a": "hello"})[:-2],
        "invalid_utf8": b"\xa2\xff\xfe",
        "reserved_byte": b"\xc1",
        "empty_input": b"",
        "long_keys_sorted_by_prefix": packed({("k" * 40): 1, ("k" * 31): 2, ("k" * 32): 3, "k": 4}),
        "large_map_16": packed({f"k{i}": i for i in range(20, 0, -1)}),
        "deep_nesting": packed({"z": {"y": {"x": [{"d": 1, "c": 2}]}}, "a": None}),
        "already_canonical": packed({"a": 1, "b": [1, 2]}),
        "str_vs_bin_keys": raw_map([(packed("a"), packed(1)), (packed(b"a"), packed(2))]),
        "float_keys_order": raw_map([(f64(1.5), packed(1)), (f64(-1.5), packed(2)), (f64(0.25), packed(3))]),
    }
    out = {}
    for name, data in inputs.items():
        canon = convert._canonical_msgpack_bytes(data)
        out[name] = {"input_hex": data.hex(), "canonical_hex": canon.hex(), "changed": canon != data}
    return out


# ------------------------------------------------------------------ render vectors
def jsonable(v):
    if isinstance(v, bytes):
        return {"python_bytes_value": v.decode("ascii")}
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    if isinstance(v, list):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    return v


def render_case(lit):
    try:
        r = literal_string_repr(lit)
        return {"literal_hex": det(lit), "expected": jsonable(r)}
    except Exception as e:  # noqa: BLE001
        return {"literal_hex": det(lit), "error": type(e).__name__}


def extra_render_cases():
    def dt(s, n):
        return literals_pb2.Literal(
            scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(datetime=timestamp_pb2.Timestamp(seconds=s, nanos=n)))
        )

    def dur(s, n):
        return literals_pb2.Literal(
            scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(duration=duration_pb2.Duration(seconds=s, nanos=n)))
        )

    def binary(raw, tag):
        return literals_pb2.Literal(scalar=literals_pb2.Scalar(binary=literals_pb2.Binary(value=raw, tag=tag)))

    def generic(d):
        s = struct_pb2.Struct()
        s.update(d)
        return literals_pb2.Literal(scalar=literals_pb2.Scalar(generic=s))

    with_art = lit_int(42)
    with_art.artifact_id.key.org = "org"
    with_art.artifact_id.key.project = "proj"
    with_art.artifact_id.key.domain = "dev"
    with_art.artifact_id.key.name = "model"
    with_art.artifact_id.version = "v3"
    art_list = lit_coll([lit_str("a'b"), lit_float(1e-7), lit_none(), lit_bool(True)])
    art_list.artifact_id.CopyFrom(with_art.artifact_id)
    art_str = lit_str("plain")
    art_str.artifact_id.CopyFrom(with_art.artifact_id)
    art_map = lit_map({"k": lit_coll([lit_str("q\"uote"), lit_int(1)])})
    art_map.artifact_id.CopyFrom(with_art.artifact_id)
    off = literals_pb2.Literal(
        offloaded_metadata=literals_pb2.LiteralOffloadedMetadata(
            uri="s3://b/off", size_bytes=1234, inferred_type=types_pb2.LiteralType(collection_type=simple(types_pb2.INTEGER))
        )
    )
    err = literals_pb2.Literal(scalar=literals_pb2.Scalar(error=types_pb2.Error(failed_node_id="n0", message="boom")))
    schema = literals_pb2.Literal(scalar=literals_pb2.Scalar(schema=literals_pb2.Schema(uri="s3://b/schema")))
    mp = {
        "floats": {"a": [1e16, 1e-5, 123456789.0, 0.1, -0.0, 1.5e300, 5e-324, 1e22, 12345678901234567.0, 0.0001]},
        "specials": [math.nan, math.inf, -math.inf],
        "escapes": {"k\u00e9y": "tab\tnl\ncr\r\"q\" back\\ \x01 \x7f \u2028 😀 \ud7ff"},
        "ints": [0, -1, 2**64 - 1, -(2**63), True, False, None],
        "nested": {"z": [], "a": {}, "m": [[1], {"x": [None]}]},
    }
    cases = {
        "datetime_micros": dt(1704164645, 123456789),
        "datetime_no_fraction": dt(0, 0),
        "datetime_pre_epoch": dt(-1, 999_999_000),
        "datetime_min": dt(-62135596800, 0),
        "datetime_out_of_range": dt(253402300800, 0),
        "datetime_sub_micro": dt(5, 999),
        "duration_negative": dur(-90, -500_000_000),
        "duration_zero": dur(0, 999_999_999),
        "float_int_valued": lit_float(3.0),
        "float_small": lit_float(1e-7),
        "float_nan": lit_float(math.nan),
        "string_unicode": lit_str("héllo ✓ 😀"),
        "error_scalar": err,
        "schema": schema,
        "dir_multipart": lit_file("s3://b/dir/", "", multipart=True),
        "generic_nested": generic({"b": {"c": [1, "x", None, True]}, "a": 2.5, "i": 3}),
        "generic_empty": generic({}),
        "binary_other_tag": binary(b"\x00\xff\x10", "pickle"),
        "binary_empty_tag": binary(b"hi", ""),
        "msgpack_floats": binary(packed(mp["floats"]), "msgpack"),
        "msgpack_specials": binary(packed(mp["specials"]), "msgpack"),
        "msgpack_escapes": binary(packed(mp["escapes"]), "msgpack"),
        "msgpack_ints": binary(packed(mp["ints"]), "msgpack"),
        "msgpack_nested": binary(packed(mp["nested"]), "msgpack"),
        "msgpack_float32": binary(b"\xca" + struct.pack(">f", 0.1), "msgpack"),
        "msgpack_dup_keys": binary(raw_map([(packed("a"), packed(1)), (packed("b"), packed(2)), (packed("a"), packed(3))]), "msgpack"),
        "msgpack_int_key_error": binary(packed({1: "x"}), "msgpack"),
        "msgpack_bytes_value_error": binary(packed({"a": b"x"}), "msgpack"),
        "msgpack_undecodable_error": binary(b"\xc1", "msgpack"),
        "msgpack_empty_map": binary(packed({}), "msgpack"),
        "msgpack_str_top": binary(packed("just a string"), "msgpack"),
        "union_of_list": lit_union(lit_int(5), "int"),
        "collection_nested": lit_coll([lit_coll([lit_int(1)]), lit_map({"b": lit_none(), "a": lit_float(2.0)})]),
        "artifact_int": with_art,
        "artifact_list": art_list,
        "artifact_str": art_str,
        "artifact_map": art_map,
        "offloaded": off,
        "empty_literal": literals_pb2.Literal(),
    }
    out = {name: render_case(lit) for name, lit in cases.items()}
    # Outputs envelope with produced artifacts.
    outputs = common_pb2.Outputs(
        literals=[common_pb2.NamedLiteral(name="o0", value=lit_int(1)), common_pb2.NamedLiteral(name="o1", value=lit_str("s"))],
        produced_artifacts=[
            common_pb2.ProducedArtifact(output="o0", name="my_art", version="v1"),
            common_pb2.ProducedArtifact(output="o1", name="unversioned"),
            common_pb2.ProducedArtifact(output="o9", name="dangling"),
            common_pb2.ProducedArtifact(output="o1", name=""),
        ],
    )
    out["__outputs_produced_artifacts__"] = {"outputs_hex": det(outputs), "expected": jsonable(literal_string_repr(outputs))}
    inputs = common_pb2.Inputs(
        literals=[
            common_pb2.NamedLiteral(name="b", value=lit_int(1)),
            common_pb2.NamedLiteral(name="a", value=lit_str("x")),
            common_pb2.NamedLiteral(name="b", value=lit_int(2)),
        ]
    )
    out["__inputs_duplicate_names__"] = {"inputs_hex": det(inputs), "expected": jsonable(literal_string_repr(inputs))}
    return out


def golden_render_literals():
    """The literals of ../shared/interop/task-io/literal_string_repr.json as bytes (parsed from
    the golden's own `literal_textproto`); the expected renderings stay in the golden file."""
    from google.protobuf import text_format

    golden = json.loads((GOLDEN.parent / "task-io" / "literal_string_repr.json").read_text())
    out = {}
    for name, case in golden.items():
        if "literal_textproto" in case:
            out[name] = det(text_format.Parse(case["literal_textproto"], literals_pb2.Literal()))
    return out


def main():
    write_golden_files()
    (HERE / "render_golden_literals.json").write_text(json.dumps(golden_render_literals(), indent=1) + "\n")
    (HERE / "hash_extra.json").write_text(json.dumps(extra_hash_cases(), indent=1, ensure_ascii=False) + "\n")
    (HERE / "msgpack_canonical_extra.json").write_text(json.dumps(extra_msgpack_cases(), indent=1) + "\n")
    (HERE / "render_extra.json").write_text(json.dumps(extra_render_cases(), indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
