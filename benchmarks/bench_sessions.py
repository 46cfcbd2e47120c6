"""Start-up to the first screen, and thirty sessions open at once on one server: started
cold, and through the warm server (``warm_server``), whose sessions share the code it
loaded, so their memory is counted by PSS (shared pages split between the sessions)."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Result, at_most, demo_school
from benchmarks.pty_session import PtySession
from benchmarks.warm_server import ServerPlay, memory_mb, sessions_of

SESSIONS = 30


def logins(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT username FROM staff ORDER BY id")]


def warm(db: Path, folder: Path) -> list[Result]:
    """Thirty sessions through the warm server, all asked for at the same moment."""
    play = ServerPlay(db, folder / "server", folder / "pycache")
    with play.warm_server() as server:
        sessions = [play.session(None) for _ in range(SESSIONS)]
        try:
            crowded = [s.wait_for(b"My classes", timeout=120) for s in sessions]
            time.sleep(1.0)
            for s in sessions:
                s.read_for(0.05)
            memory = [memory_mb(pid) for pid in sessions_of(server.pid)]
            server_pss, _ = memory_mb(server.pid)
        finally:
            for s in sessions:
                s.close()
    pss = [m[0] for m in memory]
    return [
        Result(f"through the warm server: {SESSIONS} sessions starting at once (slowest)", max(crowded), "s"),
        at_most(f"through the warm server: memory per session, {SESSIONS} open at once (PSS, median; "
                f"USS {statistics.median(m[1] for m in memory):.1f} MB)", statistics.median(pss), "MB", 60),
        Result(f"through the warm server: {SESSIONS} sessions and the server together (PSS)",
               sum(pss) + server_pss, "MB"),
    ]


def run() -> list[Result]:
    folder = Path(tempfile.mkdtemp(prefix="amtui-bench-sessions-"))
    db = demo_school(folder)
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
        *warm(db, folder),
    ]
