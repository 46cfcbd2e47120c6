"""What every benchmark module shares: a result row, timing helpers, a demo school.

A benchmark module is ``benchmarks/bench_<name>.py`` with ``run() -> list[Result]``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Result:
    """One measured figure and the target it is held to ("" when there is none)."""

    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None  # None: no target to judge against


def at_most(name: str, value: float, unit: str, limit: float) -> Result:
    return Result(name, value, unit, f"<= {limit:g} {unit}", value <= limit)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def percentile_ms(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))] * 1000


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def timed_calls(calls: Iterable[Callable[[], object]]) -> tuple[list[float], float]:
    """Make each call: (the wall seconds of each, this process's CPU seconds per call). A
    save's CPU is what the load does not change: quote it with the load beside the wall time."""
    times = []
    cpu = time.process_time()
    for call in calls:
        times.append(timed(call))
    return times, (time.process_time() - cpu) / len(times)


def demo_school(folder: Path | None = None) -> Path:
    """A fresh demo school's database file (built once per call, ~2 s)."""
    from datetime import date

    from amtui.db.connection import Target
    from amtui.db.startup import open_database
    from amtui.demo import build_demo

    folder = folder or Path(tempfile.mkdtemp(prefix="amtui-bench-"))
    path = folder / "demo.db"
    opened = open_database(Target(str(path)), create=True)
    build_demo(today=date(2026, 11, 22))
    opened.db.close()
    return path
