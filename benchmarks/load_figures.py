"""The figures of a run of staff saving at typing speed (``load.team_up``): what was saved
and how fast, and where the time went (the CPU of the staff's processes and of the
server for each save, the cores the machine was busy, the load), for the trust's and the
school file's benchmarks alike."""

from __future__ import annotations

import os

from benchmarks.harness import Result, at_most
from benchmarks.load import THINK, LoadReport

COMMIT_P95_MS = 50
CARRIED_SHARE = 0.75
"""Of the machine's cores, what a run at the size the machine carries may ask for: the
rest is the load's own peaks and the machine's other work."""


def carried(report: LoadReport, staff: int, cores: int | None = None) -> int:
    """How many of ``staff`` members of staff the machine's cores carry at typing speed,
    from the CPU each save took in ``report`` (``CARRIED_SHARE`` of the cores)."""
    one = report.cores_for(1)
    cores = cores or os.cpu_count() or 1
    return staff if one <= 0 else max(1, min(staff, int(CARRIED_SHARE * cores / one)))


def figures(name: str, staff: int, report: LoadReport) -> list[Result]:
    """``name``: what ran where ("200 staff, 20 schools on PostgreSQL")."""
    per_save = report.per_save_ms
    cores = os.cpu_count() or 1
    return [
        Result(f"{name}: saves in {report.seconds:.0f} s ({report.writes / max(report.seconds, 1e-9):.0f} a second, "
               f"{report.processes} processes)", report.writes, "saves"),
        at_most(f"{name}: lost saves and failures", len(report.problems), "problems", 0),
        at_most(f"{name}: commit p95", report.percentile_ms(95), "ms", COMMIT_P95_MS),
        Result(f"{name}: commit p50", report.percentile_ms(50), "ms"),
        Result(f"{name}: CPU a save, the staff's processes ({per_save(report.save_cpu):.2f} ms in the saves' "
               f"own code, {report.statements_per_save:.1f} statements a save besides BEGIN and COMMIT)",
               per_save(report.staff_cpu), "ms"),
        Result(f"{name}: CPU a save, the database server's processes", per_save(report.server_cpu), "ms"),
        Result(f"{name}: cores busy during the minute, of the machine's {cores} (load {report.load:.1f} at its end)",
               report.busy_cores, "cores"),
        Result(f"{name}: cores {staff} staff need at typing speed (the CPU a save, a save every "
               f"{sum(THINK) / 2:g} s each)",
               report.cores_for(staff), "cores"),
    ]
