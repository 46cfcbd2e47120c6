"""Hundreds of SIGKILLs in the middle of writes (the test suite runs a short version)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.fault_injection import prepare
from benchmarks.fault_injection import run as kill_loop
from benchmarks.harness import Result, at_most

KILLS = 300


def run() -> list[Result]:
    folder = Path(tempfile.mkdtemp(prefix="amtui-bench-faults-"))
    start = time.perf_counter()
    outcome = kill_loop(prepare(folder), kills=KILLS, seed=2026)
    took = time.perf_counter() - start
    return [
        Result("faults: processes killed mid-write (mark, import, meeting step)", outcome.kills, "kills"),
        Result("faults: commits reported before the kills",
               sum(outcome.committed.values()), "commits"),
        at_most("faults: problems found (integrity, lost or half-written data)", len(outcome.problems),
                "problems", 0),
        Result("faults: time for the whole run", took, "s"),
    ]

