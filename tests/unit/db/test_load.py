"""Thirty members of staff saving at typing speed into one file, with a long reader too.

The minute-long version, with the saves made and their latency, is ``python -m benchmarks load``.
"""

from __future__ import annotations

from benchmarks.load import prepare, run


def test_thirty_writers_and_a_long_reader_lose_nothing_and_never_see_locked(tmp_path):
    report = run(prepare(tmp_path, staff=30), staff=30, seconds=4, long_reader=True)
    assert report.problems == []  # no save lost, no 'locked' error, the audit chain whole
    assert all(w.latencies for w in report.workers)  # every writer really wrote
