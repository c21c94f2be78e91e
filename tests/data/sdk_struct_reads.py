#!/usr/bin/env python3
"""What Flyte 2's own readers accept inside structs (the rules tests/engine_typed_sdk.rs holds the
typed path to): one line per payload, `ok <value>` or `refused <exception class>`.
Run with the project's venv (scripts/setup-python.sh)."""
import asyncio
import enum
from dataclasses import dataclass
from typing import Dict, List, Optional

import msgpack
from flyte.types import TypeEngine
from flyteidl2.core.literals_pb2 import Binary, Literal, Scalar
from pydantic import BaseModel


class Status(str, enum.Enum):
    ACTIVE = "active"
    ON_HOLD = "on-hold"
    CLOSED = "closed"


class Level(enum.IntEnum):
    LOW = 1
    MID = 5
    HIGH = 10


@dataclass
class Step:
    status: Status


@dataclass
class Workflow:
    current: Optional[Status]
    levels: List[Level]
    by_name: Dict[str, Status]
    steps: List[Step]


class PStep(BaseModel):
    status: Status


class PWorkflow(BaseModel):
    current: Optional[Status]
    levels: List[Level]
    by_name: Dict[str, Status]
    steps: List[PStep]


class Outer(BaseModel):
    step: Step


@dataclass
class Customer:
    name: str
    visits: int = 0


BASE = {"current": "on-hold", "levels": [1, 10], "by_name": {"a": "closed"}, "steps": [{"status": "active"}]}
CASES = [
    (Workflow, {**BASE, "current": "ON_HOLD"}),
    (Workflow, {**BASE, "levels": [1, "HIGH"]}),
    (PWorkflow, BASE),
    (PWorkflow, {**BASE, "current": "paused"}),
    (Outer, {"step": {"status": "ACTIVE"}}),
    (Customer, {"name": "Ada", "visits": 3, "status": "on-hold", "loyalty_tier": "gold"}),
    (Customer, {"name": "Ada"}),
]


async def main():
    for ty, payload in CASES:
        lit = Literal(scalar=Scalar(binary=Binary(value=msgpack.packb(payload), tag="msgpack")))
        try:
            print("ok", await TypeEngine.to_python_value(lit, ty))
        except Exception as e:  # noqa: BLE001 - the class is the answer
            print("refused", type(e).__name__)


asyncio.run(main())
