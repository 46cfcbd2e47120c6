"""Start-up to the first screen, and thirty sessions open at once on one server."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Result, at_most, demo_school
from benchmarks.pty_session import PtySession

SESSIONS = 30


def logins(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT username FROM staff ORDER BY id")]


def run() -> list[Result]:
    db = demo_school(Path(tempfile.mkdtemp(prefix="amtui-bench-sessions-")))
    staff = logins(db)
    starts = []
    for _ in range(5):  # start-up alone, five times
        session = PtySession(db, login=staff[0])
        try:
            starts.append(session.wait_for(b"My classes"))
        finally:
            session.close()
    sessions = [PtySession(db, login=staff[n % len(staff)]) for n in range(SESSIONS)]
    try:
        crowded = [s.wait_for(b"My classes", timeout=120) for s in sessions]
        time.sleep(1.0)
        for s in sessions:
            s.read_for(0.05)
        rss = [s.rss_mb() for s in sessions]
    finally:
        for s in sessions:
            s.close()
    return [
        at_most("start-up to the home screen (median of 5)", statistics.median(starts), "s", 1.0),
        Result(f"start-up with {SESSIONS} sessions starting at once (slowest)", max(crowded), "s"),
        at_most(f"memory per session, {SESSIONS} open at once (median)", statistics.median(rss), "MB", 60),
        Result(f"memory of {SESSIONS} sessions together", sum(rss), "MB"),
    ]
