"""The newest audit hash, recorded outside the file, so a cut-off trail shows.

After a write that added audit entries, the newest (id, hash) goes to syslog through
``logger -t amtui`` (best effort: at most once every few seconds per process, never while
the write lock is held, silently skipped where ``logger`` is missing or
``AMTUI_SYSLOG=0``). Backups write it into their manifest. ``amtui audit verify
--expect ID:HASH`` checks the file against either.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import subprocess
import threading
import time

import peewee

THROTTLE_S = 5.0
"""At most one syslog line per process in this many seconds."""
DELAY_S = 0.5
"""Wait this long after a write before sending, so its transaction has committed."""

_lock = threading.Lock()
_pending: tuple[str, int, str] | None = None  # (file, id, hash)
_timer: threading.Timer | None = None
_last_sent = 0.0
_child: subprocess.Popen | None = None  # the last logger, reaped at the next send


def message(entry_id: int, digest: str, path: str) -> str:
    """The syslog line; ``amtui audit verify --expect`` takes the ``ID:HASH`` in it."""
    return f"audit head {entry_id}:{digest} db={path}"


def note(db: peewee.Database, entry_id: int, digest: str) -> None:
    """Remember the newest entry; send it once its transaction has committed."""
    global _pending, _timer
    if os.environ.get("AMTUI_SYSLOG", "1") == "0" or not isinstance(db, peewee.SqliteDatabase):
        return
    with _lock:
        _pending = (db.database, entry_id, digest)
        if _timer is None:
            wait = max(DELAY_S, _last_sent + THROTTLE_S - time.monotonic())
            _timer = threading.Timer(wait, flush)
            _timer.daemon = True
            _timer.start()


def _committed(path: str, entry_id: int, digest: str) -> bool:
    """Is the entry in the file with this hash (its transaction committed, not rolled back)?"""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as conn:
            row = conn.execute("SELECT hash FROM audit_entry WHERE id = ?", (entry_id,)).fetchone()
        conn.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == digest


def flush() -> None:
    """Send the pending head to syslog if it was committed (called by the timer and at exit)."""
    global _pending, _timer, _last_sent, _child
    with _lock:
        pending, _pending, _timer = _pending, None, None
    logger = shutil.which("logger")
    if pending is None or logger is None or not _committed(*pending):
        return
    path, entry_id, digest = pending
    if _child is not None:
        _child.poll()  # no zombie left behind in a long session
    try:
        _child = subprocess.Popen([logger, "-t", "amtui", message(entry_id, digest, path)],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        return
    _last_sent = time.monotonic()


atexit.register(flush)
