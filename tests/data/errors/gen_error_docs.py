"""Writes error.pb files with the real Flyte 2 SDK (flyte 2.12.1), one folder per case:
`<case>/error.pb` as `upload_error` writes it for the error `convert_from_native_to_error` makes
of an exception, and `<case>/case.json` with what Flyte 2's `load_error` reads back plus the
`ContainerError.kind`.

Usage: python tests/data/errors/gen_error_docs.py tests/data/errors
"""

import asyncio
import json
import os
import sys

import flyte.errors
from flyteidl2.core import execution_pb2
from flyte._internal.runtime.convert import convert_from_native_to_error
from flyte._internal.runtime.io import load_error, upload_error


def cases():
    yield "user_exception", ValueError("xs must not be empty")
    yield "user_custom_error", flyte.errors.CustomError.from_exception(KeyError("weights"))
    yield "user_non_recoverable", flyte.errors.NonRecoverableError("xs must not be empty")
    yield "user_inline_io", flyte.errors.InlineIOMaxBytesBreached(
        "Input file at /tmp/in/inputs.pb exceeds max_bytes limit of 1024"
    )
    yield "system_error", flyte.errors.RuntimeSystemError("MalformedCommand", "missing option --inputs")
    yield "unknown_error", flyte.errors.RuntimeUnknownError("DecodeError", "Error parsing message")
    yield "unicode_message", flyte.errors.RuntimeUserError("Ünïcode", "naïve → 日本語 ✓\nsecond line")
    yield "empty_message", flyte.errors.RuntimeUserError("E", "")


async def main(out: str) -> None:
    for name, exc in cases():
        folder = os.path.join(os.path.abspath(out), name)
        os.makedirs(folder, exist_ok=True)
        if isinstance(exc, flyte.errors.BaseRuntimeError):
            err = convert_from_native_to_error(exc)
        else:
            # An exception raised by the task function: the task runner wraps it first.
            err = convert_from_native_to_error(flyte.errors.CustomError.from_exception(exc))
        path = await upload_error(err.err, folder, recoverable=err.recoverable)
        loaded = await load_error(path)
        doc = execution_pb2.ErrorDocument()
        with open(os.path.join(folder, "error.pb"), "rb") as f:
            doc.ParseFromString(f.read())
        case = {
            "origin": execution_pb2.ExecutionError.ErrorKind.Name(loaded.kind),
            "code": loaded.code,
            "message": loaded.message,
            "recoverable": doc.error.kind == execution_pb2.ContainerError.RECOVERABLE,
        }
        with open(os.path.join(folder, "case.json"), "w") as f:
            json.dump(case, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print(name, case)


asyncio.run(main(sys.argv[1]))
