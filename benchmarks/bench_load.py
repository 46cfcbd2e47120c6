"""Thirty members of staff on one SQLite file for a minute; then the worst case, a long reader."""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.harness import Result, at_most
from benchmarks.load import prepare
from benchmarks.load import run as load

STAFF, SECONDS = 30, 60


def run() -> list[Result]:
    results = []
    for long_reader in (False, True):
        label = "load + long reader" if long_reader else "load"
        folder = Path(tempfile.mkdtemp(prefix="amtui-bench-load-"))
        report = load(prepare(folder, STAFF), STAFF, SECONDS, long_reader=long_reader)
        results += [
            Result(f"{label}: saves by {STAFF} staff in {SECONDS} s", report.writes, "saves"),
            at_most(f"{label}: lost writes, 'locked' errors, integrity problems", len(report.problems),
                    "problems", 0),
            Result(f"{label}: save latency p50", report.percentile_ms(50), "ms"),
            Result(f"{label}: save latency p95", report.percentile_ms(95), "ms"),
            Result(f"{label}: save latency max", report.percentile_ms(100), "ms"),
        ]
    return results
