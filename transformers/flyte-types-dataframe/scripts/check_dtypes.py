"""Reads the tables of emitted DataFrame cases with the real Flyte 2 SDK and checks their types.

    python check_dtypes.py SHARED_INTEROP_DIR CASE_DIR [CASE_DIR ...]

For each case whose case.json has `arrow_schema`, `arrow_schema_like_pyarrow` and/or
`pandas_dtypes`, the literal (uris under `uri_prefix` redirected to CASE/data) is decoded with
`TypeEngine.to_python_value` as `pyarrow.Table` (its `schema.to_string(show_schema_metadata=False)`
must equal `arrow_schema`, and, with `arrow_schema_like_pyarrow`, the schema pyarrow reads back
from a file it writes itself for that table) and as `pandas.DataFrame` (`{column: str(dtype)}`
must equal `pandas_dtypes`, and the rows `pandas_rows`). Prints
`ok NAME` / `FAIL NAME reason`, then `N passed, M failed`; exits 1 on any failure.
"""

import asyncio
import json
import logging
import sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
import py_decode  # noqa: E402  (imports flyte, registers the pandas / pyarrow handlers)
import flyte  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from flyte.types import TypeEngine  # noqa: E402
from flyteidl2.core import literals_pb2  # noqa: E402


async def check(case: Path):
    info = json.loads((case / "case.json").read_text())
    lit = literals_pb2.Literal.FromString((case / "literal.pb").read_bytes())
    lit = py_decode.rewrite_uris(lit, info["uri_prefix"], str((case / "data").resolve()))
    if "arrow_schema" in info or info.get("arrow_schema_like_pyarrow"):
        t = await TypeEngine.to_python_value(lit, pa.Table)
        got = t.schema.to_string(show_schema_metadata=False)
        if "arrow_schema" in info and got != info["arrow_schema"]:
            return f"arrow schema {got!r} != {info['arrow_schema']!r}"
        if info.get("arrow_schema_like_pyarrow"):
            # The types pyarrow reads back from a file it writes itself for the same table.
            sink = pa.BufferOutputStream()
            pq.write_table(t, sink)
            own = pq.read_table(pa.BufferReader(sink.getvalue())).schema.to_string(show_schema_metadata=False)
            if got != own:
                return f"arrow schema {got!r} != pyarrow's own {own!r}"
    if "pandas_dtypes" in info:
        df = await TypeEngine.to_python_value(lit, pd.DataFrame)
        got = {c: str(df[c].dtype) for c in df.columns}
        if got != info["pandas_dtypes"]:
            return f"pandas dtypes {got} != {info['pandas_dtypes']}"
        if "pandas_rows" in info:
            rows = json.loads(df.to_json(orient="records", date_format="iso", date_unit="us"))
            if rows != info["pandas_rows"]:
                return f"pandas rows {rows} != {info['pandas_rows']}"
    return None


async def main(cases):
    passed = failed = 0
    for c in cases:
        info = json.loads((c / "case.json").read_text())
        if not {"arrow_schema", "arrow_schema_like_pyarrow", "pandas_dtypes"} & set(info):
            continue
        try:
            why = await check(c)
        except Exception as e:  # noqa: BLE001
            why = f"{type(e).__name__}: {e}"
        if why is None:
            passed += 1
            print(f"ok    {c.name}")
        else:
            failed += 1
            print(f"FAIL  {c.name}  {why}")
    print(f"{passed} passed, {failed} failed")
    return failed


if __name__ == "__main__":
    flyte.init(log_level=logging.ERROR)
    paths = []
    for p in map(Path, sys.argv[2:]):
        paths.extend([p] if (p / "type.pb").exists() else sorted(d for d in p.iterdir() if (d / "type.pb").exists()))
    sys.exit(1 if asyncio.run(main(paths)) else 0)
