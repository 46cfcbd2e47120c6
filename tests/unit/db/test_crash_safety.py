"""SIGKILL in the middle of mark saves, imports and meeting steps: nothing committed is lost,
nothing uncommitted is half there, and the file always passes integrity_check.

The long version (hundreds more kills) is ``python -m benchmarks faults``.
"""

from __future__ import annotations

from benchmarks.fault_injection import prepare, run


def test_killed_writers_never_damage_the_file_or_lose_a_commit(tmp_path):
    outcome = run(prepare(tmp_path), kills=60, seed=7)
    assert outcome.problems == []
    assert outcome.kills == 60
    # The kills must have landed among real commits of every kind, or the test proves nothing.
    assert all(count > 0 for count in outcome.committed.values()), outcome.committed
