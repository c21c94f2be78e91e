"""Flyte 2 reads what flyte-types uploaded (tests/store_backends.rs, `flyte2_reads_our_uploads_*`).

Argument: a JSON object {"file": <File literal, base64>, "dir": <Dir literal, base64>,
"offloaded": <offloaded literal stub, base64>}. Storage is configured from the environment, as in
a task (FLYTE_AWS_*, GOOGLE_*, AZURE_*). Each literal goes through Flyte 2's own TypeEngine and
storage layer (flyte.io.File / Dir downloads, flyte.storage streams). Prints one line per item:
  file <name> <size> <sha256>
  dir <relative path> <size> <sha256>          (every file of the downloaded folder, sorted)
  offloaded <inner literal, canonical protobuf bytes, sha256>
"""

import asyncio
import base64
import hashlib
import json
import os
import sys
import tempfile

from flyte.io import Dir, File
from flyte.types import TypeEngine
from flyteidl2.core import literals_pb2

import flyte.storage as storage


def literal(b64: str) -> literals_pb2.Literal:
    lit = literals_pb2.Literal()
    lit.ParseFromString(base64.b64decode(b64))
    return lit


def digest(path: str) -> tuple[int, str]:
    with open(path, "rb") as f:
        data = f.read()
    return len(data), hashlib.sha256(data).hexdigest()


async def main() -> None:
    items = json.loads(sys.argv[1])
    out = tempfile.mkdtemp(prefix="flyte-types-store-read-")
    f = await TypeEngine.to_python_value(literal(items["file"]), File)
    local = await f.download(os.path.join(out, "file"))
    print("file", f.name, *digest(local))
    d = await TypeEngine.to_python_value(literal(items["dir"]), Dir)
    local = await d.download(os.path.join(out, "dir"))
    for root, _, names in sorted(os.walk(local)):
        for name in sorted(names):
            path = os.path.join(root, name)
            print("dir", os.path.relpath(path, local), *digest(path))
    stub = literal(items["offloaded"])
    data = b"".join([c async for c in storage.get_stream(path=stub.offloaded_metadata.uri)])
    inner = literals_pb2.Literal()
    inner.ParseFromString(data)
    assert len(data) == stub.offloaded_metadata.size_bytes, (len(data), stub)
    print("offloaded", hashlib.sha256(inner.SerializeToString(deterministic=True)).hexdigest())


asyncio.run(main())
