"""The trust benchmark's staff alone (``python -m benchmarks trust_staff``): 200 members of
staff saving at typing speed for a minute on the trust's server (ten teachers in each
school) and then on one school's file, commit p95 and saves lost, and a session's memory
at its home screen on each; without the reads. Run only when named, at a quiet moment:
200 processes hold both cores of the development machine for the whole minute.

``AMTUI_BENCH_STAFF`` and ``AMTUI_BENCH_SECONDS`` make it smaller, to check it runs
(``AMTUI_BENCH_STAFF=10 AMTUI_BENCH_SECONDS=10 python -m benchmarks trust_staff``)."""

from __future__ import annotations

import os
import sys
import time

from benchmarks import bench_trust, trust_build
from benchmarks.harness import Result

BY_NAME_ONLY = True


def run() -> list[Result]:
    staff = int(os.environ.get("AMTUI_BENCH_STAFF") or bench_trust.STAFF)
    seconds = float(os.environ.get("AMTUI_BENCH_SECONDS") or bench_trust.SECONDS)
    started = time.perf_counter()
    trust = trust_build.cached_trust()
    print(f"the cached trust started in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    try:
        return bench_trust.measure_staff(trust, staff, seconds)
    finally:
        trust.stop()
