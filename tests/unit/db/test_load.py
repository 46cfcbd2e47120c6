"""Thirty members of staff saving at typing speed into one file, with a long reader too.

The minute-long version, with the saves made and their latency, is ``python -m benchmarks load``.
"""

from __future__ import annotations

from benchmarks.load import PER_PROCESS, THINK, prepare, run


def test_thirty_writers_and_a_long_reader_lose_nothing_and_never_see_locked(tmp_path):
    report = run(prepare(tmp_path, staff=30), staff=30, seconds=4, long_reader=True)
    assert report.problems == []  # no save lost, no 'locked' error, the audit chain whole
    assert all(w.latencies for w in report.workers)  # every writer really wrote


def test_every_member_of_staff_is_ready_before_the_minute_starts_and_it_is_the_same_minute_for_all(tmp_path):
    staff, seconds = PER_PROCESS + 5, 3  # two processes, each readying its staff on threads
    report = run(prepare(tmp_path, staff=staff), staff=staff, seconds=seconds)
    assert report.problems == [] and report.processes == 2 and len(report.workers) == staff
    began = [w.began for w in report.workers]
    # each first save one think time after the common start: none started while others got ready
    assert min(began) >= report.started + THINK[0] and max(began) - min(began) < THINK[1] - THINK[0] + 0.4
    last_started = [w.ended - w.latencies[-1] for w in report.workers]
    assert max(last_started) < report.started + seconds  # and none saved after the same minute's end
    assert report.staff_cpu > 0 and report.save_cpu > 0 and report.statements_per_save > 3
