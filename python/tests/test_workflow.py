"""A Flyte 2 workflow run locally (`flyte.with_runcontext(mode="local").run`) whose tasks pass large
lists, dicts and dataclass lists gives the same results with and without `flyte_types.install()`."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import math
from typing import Optional

import flyte
import pytest

import flyte_types

env = flyte.TaskEnvironment(name="flyte_types_local")


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


@dataclasses.dataclass
class Item:
    id: int
    score: float
    name: str
    tags: dict[str, int]
    note: Optional[str]
    at: datetime.datetime
    color: Color


@env.task
async def make(n: int) -> list[Item]:
    base = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    return [
        Item(i, i / 7, f"item-{i}", {"k": i, "j": -i}, None if i % 3 else f"n{i}", base + datetime.timedelta(seconds=i),
             Color.RED if i % 2 else Color.GREEN)
        for i in range(n)
    ]


@env.task
async def numbers(n: int) -> list[int]:
    return [i * i - 7 for i in range(n)]


@env.task
async def index(items: list[Item], xs: list[int]) -> dict[str, float]:
    return {it.name: it.score + xs[it.id] for it in items}


@env.task
async def summary(items: list[Item], xs: list[int], scores: dict[str, float]) -> dict:
    return {
        "n": len(items),
        "sum_xs": sum(xs),
        # fsum: a dict read from a LiteralMap is in upb's per-process hash order with or without
        # the extension, so only an order-free sum is reproducible.
        "total": math.fsum(scores.values()),
        "greens": sum(1 for it in items if it.color is Color.GREEN),
        "last": items[-1].name,
        "notes": [it.note for it in items[:4]],
    }


@env.task
async def pipeline(n: int) -> tuple[list[Item], dict[str, float], dict]:
    items = await make(n)
    xs = await numbers(n)
    scores = await index(items, xs)
    return items, scores, await summary(items, xs, scores)


@env.task
def make_sync(n: int) -> list[Item]:
    return [Item(i, i / 3, f"s-{i}", {}, None, datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc), Color.RED)
            for i in range(n)]


@env.task
def sync_pipeline(n: int) -> dict[str, float]:
    return {it.name: it.score for it in make_sync(n)}


def run_once(n: int, task=pipeline):
    flyte.init()
    r = flyte.with_runcontext(mode="local").run(task, n=n)
    return r.outputs()


@pytest.fixture(autouse=True)
def _uninstalled():
    flyte_types.uninstall()
    yield
    flyte_types.uninstall()


def test_local_run_same_results_with_and_without_install():
    n = 20_000
    without = run_once(n)
    flyte_types.install()
    before = flyte_types._native.finished()
    with_ext = run_once(n)
    after = flyte_types._native.finished()
    flyte_types.uninstall()
    assert with_ext == without
    # The tasks' inputs and outputs went through Rust (not the SDK's transformers): at least
    # the list[Item], list[int] and dict[str, float] each way.
    assert after[0] - before[0] >= 3 and after[1] - before[1] >= 3, (before, after)
    items, scores, summary_ = with_ext
    assert len(items) == n and len(scores) == n
    assert summary_["n"] == n and summary_["last"] == f"item-{n - 1}"
    assert items[5] == Item(5, 5 / 7, "item-5", {"k": 5, "j": -5}, "n5" if 5 % 3 == 0 else None,
                            datetime.datetime(2024, 1, 1, 0, 0, 5, tzinfo=datetime.timezone.utc), Color.RED)


def test_sync_tasks_take_the_fast_path_too():
    n = 2_000
    without = run_once(n, sync_pipeline)
    flyte_types.install()
    before = flyte_types._native.finished()
    with_ext = run_once(n, sync_pipeline)
    after = flyte_types._native.finished()
    flyte_types.uninstall()
    assert with_ext == without
    (scores,) = with_ext
    assert len(scores) == n and scores["s-7"] == 7 / 3
    assert after[0] - before[0] >= 2 and after[1] - before[1] >= 1, (before, after)
