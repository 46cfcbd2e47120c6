"""The trust benchmark's reads alone (``python -m benchmarks trust_reads``): a class grid,
one school's monitoring and the trust view on the trust's server, beside the same on the
school's file, without the 200 members of staff saving for a minute (which load both
cores of the development machine far past a figure worth reading). Run only when named;
``python -m benchmarks trust`` measures these with the rest."""

from __future__ import annotations

from benchmarks import bench_trust, trust_build
from benchmarks.harness import Result

BY_NAME_ONLY = True


def run() -> list[Result]:
    trust = trust_build.cached_trust()
    try:
        return bench_trust.measure_reads(trust)
    finally:
        trust.stop()
