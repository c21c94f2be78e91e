"""The Python side of the summarize_task end-to-end tests, with the real Flyte 2 SDK (2.12.1).

    summarize.py write-inputs URI JSON   (JSON or @FILE) inputs.pb at URI, written by Flyte 2's own convert +
                                         upload_inputs for summarize(**JSON)
    summarize.py check-outputs URI JSON  reads URI (outputs.pb) with load_outputs and the
                                         TypeEngine; prints the Summary as JSON and whether the
                                         bytes equal what upload_outputs writes for the Summary
                                         the Python summarize(**JSON) returns
    summarize.py read-error URI          load_error of URI (error.pb), printed as JSON

Local paths or s3:// uris (storage from FLYTE_AWS_ENDPOINT / _ACCESS_KEY_ID / _SECRET_ACCESS_KEY).
"""

import asyncio
import dataclasses
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from typing import Optional

import flyte.storage as storage
from flyteidl2.core import execution_pb2
from flyte._internal.runtime import io
from flyte._internal.runtime.convert import (
    convert_from_native_to_inputs,
    convert_from_native_to_outputs,
    convert_outputs_to_native,
)
from flyte.models import NativeInterface


@dataclass
class Summary:
    label: str
    count: int
    total: int
    mean: float
    heaviest: Optional[str]


def summarize(xs: list[int], label: str, weights: dict[str, float] = {}) -> Summary:
    if not xs:
        raise ValueError("xs must not be empty")
    total = sum(xs)
    heaviest = max(sorted(weights), key=lambda k: weights[k]) if weights else None
    return Summary(label=label, count=len(xs), total=total, mean=total / len(xs), heaviest=heaviest)


INTERFACE = NativeInterface.from_callable(summarize)


async def write_inputs(uri: str, kwargs: dict) -> None:
    if "://" not in uri:
        os.makedirs(os.path.dirname(uri), exist_ok=True)
    inputs = await convert_from_native_to_inputs(INTERFACE, **kwargs)
    await io.upload_inputs(inputs, uri)


async def read_bytes(uri: str) -> bytes:
    return b"".join([c async for c in storage.get_stream(path=uri)])


async def check_outputs(uri: str, kwargs: dict) -> None:
    outputs = await io.load_outputs(uri)
    summary = await convert_outputs_to_native(INTERFACE, outputs)
    expected = summarize(**kwargs)
    with tempfile.TemporaryDirectory() as d:
        await io.upload_outputs(await convert_from_native_to_outputs(expected, INTERFACE), d)
        with open(io.outputs_path(d), "rb") as f:
            python_bytes = f.read()
    rust_bytes = await read_bytes(uri)
    print(
        json.dumps(
            {
                "summary": dataclasses.asdict(summary),
                "is_summary": type(summary).__name__ == "Summary",
                "equals_python": summary == expected,
                "bytes_identical": rust_bytes == python_bytes,
                "size": len(rust_bytes),
            },
            sort_keys=True,
        )
    )


async def read_error(uri: str) -> None:
    err = await io.load_error(uri)
    doc = execution_pb2.ErrorDocument()
    doc.ParseFromString(await read_bytes(uri))
    print(
        json.dumps(
            {
                "kind": execution_pb2.ExecutionError.ErrorKind.Name(err.kind),
                "code": err.code,
                "message": err.message,
                "recoverable": doc.error.kind == execution_pb2.ContainerError.RECOVERABLE,
            },
            sort_keys=True,
        )
    )


def kwargs_arg(arg: str) -> dict:
    """JSON, or @FILE holding JSON (for arguments too long for a command line)."""
    if arg.startswith("@"):
        with open(arg[1:]) as f:
            return json.load(f)
    return json.loads(arg)


def main() -> None:
    cmd, uri = sys.argv[1], sys.argv[2]
    if cmd == "write-inputs":
        asyncio.run(write_inputs(uri, kwargs_arg(sys.argv[3])))
    elif cmd == "check-outputs":
        asyncio.run(check_outputs(uri, kwargs_arg(sys.argv[3])))
    elif cmd == "read-error":
        asyncio.run(read_error(uri))
    else:
        raise SystemExit(f"unknown command {cmd}")


main()
# Everything is written and flushed: leave without the interpreter's teardown, where the
# storage client's native threads were seen to abort the process (SIGABRT) under load after the
# work was done.
sys.stdout.flush()
sys.stderr.flush()
os._exit(0)
