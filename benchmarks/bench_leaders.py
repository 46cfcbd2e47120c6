"""The leaders' analysis on the 1,500-pupil, five-year school: every split of one subject
at one half-term (the standings fetched once, then every split), the splits alone, and
the whole governors' report. Wall time and CPU time both: on a busy 2-core machine the
wall time mostly measures the wait for a core."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.big_school import cached_database
from benchmarks.harness import Result, at_most

TODAY = dt.date(2026, 11, 20)  # HT2 of 2026-27
RUNS = 3


def _measure(call) -> tuple[float, float]:
    """(median wall seconds, median CPU seconds) of ``RUNS`` calls."""
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def run() -> list[Result]:
    from amtui.db.connection import Target
    from amtui.db.repo import analysis, school
    from amtui.db.startup import open_database
    from amtui.domain.groups import SPLITS, split
    from amtui.reports.governors import write_governors

    folder = Path(tempfile.mkdtemp(prefix="amtui-bench-leaders-"))
    big = folder / "big.db"
    shutil.copyfile(cached_database(), big)
    opened = open_database(Target(str(big)))
    results = [Result("leaders: load average at the start (2 cores)", os.getloadavg()[0], "")]
    ht, maths = school.current_half_term(TODAY), school.subject_by_name("Maths")
    now = analysis.standings(ht, maths, today=TODAY)

    def every_split() -> None:
        found = analysis.standings(ht, maths, today=TODAY)
        for by in SPLITS:
            split(by, found.facts)

    wall, cpu = _measure(every_split)
    results.append(at_most(f"leaders: every split of Maths at HT2 ({len(now.facts):,} pupils), fetched once",
                           wall, "s", 0.5))
    results.append(Result("leaders: the same, CPU time", cpu, "s"))
    wall, _ = _measure(lambda: [split(by, now.facts) for by in SPLITS])
    results.append(Result(f"leaders: the {len(SPLITS)} splits alone (no database)", wall * 1000, "ms"))
    wall, cpu = _measure(lambda: write_governors(folder / "prints", ht.number, TODAY))
    results.append(at_most("leaders: the whole governors' report (3 subjects, the trend, HTML)", wall, "s", 5))
    results.append(Result("leaders: the governors' report, CPU time", cpu, "s"))
    results.append(Result("leaders: load average at the end", os.getloadavg()[0], ""))
    opened.db.close()
    shutil.rmtree(folder, ignore_errors=True)
    return results
