"""A 1,500-pupil school with five years of history: importing it, and the big queries on it."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from benchmarks.big_school import generate
from benchmarks.harness import Result, at_most

TODAY = dt.date(2026, 11, 20)


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def run() -> list[Result]:
    from amtui.db.connection import Target
    from amtui.db.repo import class_grid, school, tracking
    from amtui.db.startup import open_database
    from amtui.imports import run_import

    folder = Path(tempfile.mkdtemp(prefix="amtui-bench-big-"))
    files = generate(folder / "csv")
    opened = open_database(Target(str(folder / "big.db")), create=True)
    results = []
    total = 0.0
    for kind, path, rows in files:
        took, _ = timed(lambda: run_import(kind, path, "admin1"))
        total += took
        results.append(Result(f"big school: import {kind} ({rows:,} rows)", took, "s"))
    results.append(at_most("big school: the whole import (1,500 pupils, five years)", total, "s", 120))
    half_term = school.current_half_term(TODAY)
    took, rows = timed(lambda: tracking.pupil_subject_positions(half_term))
    results.append(at_most(f"big school: every pupil's position ({len(rows):,} rows)", took, "s", 2))
    took, _ = timed(lambda: tracking.weekly_positions())
    results.append(at_most("big school: every pupil's weekly standing", took, "s", 2))
    klass, subject = school.class_by_name("9C", half_term.year), school.subject_by_name("Maths")
    took, _ = timed(lambda: class_grid.load_grid(klass, subject, half_term))
    results.append(at_most("big school: load a class grid", took, "s", 0.3))
    monitor = _monitor_query()
    if monitor is not None:
        took, _ = timed(lambda: monitor(TODAY))
        results.append(at_most("big school: the SLT monitoring screen's figures", took, "s", 2))
    size = (folder / "big.db").stat().st_size / 1e6
    results.append(Result("big school: database file size", size, "MB"))
    opened.db.close()
    return results


def _monitor_query():
    """The monitoring screen's query, once that screen exists."""
    try:
        from amtui.db.repo import monitoring
    except ImportError:
        return None
    return getattr(monitoring, "school_figures", None)
