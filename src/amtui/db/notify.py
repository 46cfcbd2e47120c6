"""On PostgreSQL, others' saves are announced as they commit, rather than found by polling.

Every write transaction on a server notifies ``amtui_changes`` in its first statement, the
one that takes its write locks (no statement of its own: the server holds the notification
until the transaction ends, and delivers it when, and only if, it commits). Each amtui session that shows something
others may change listens on one connection of its own, in a thread of its own
(``Listener``): a notification is passed at once to every screen that asked
(``subscribe``), and the screen runs the same check its poll would have run. A screen so
learns of another teacher's mark within a few hundredths of a second of its commit
instead of at its next poll.

The payload is the school the transaction acted in (``amtui.school`` as it began; empty for
none, as the trust's admin adding a school): a trust's schools share the channel, and a listener
passes on only its own school's notifications (and those of no school), so one school's
saves never set another school's screens reading. Otherwise a notification says only that
something changed, and the screen's check reads what (the marks newer than those shown,
the sheet read again), as the poll did. A burst of saves is a burst of notifications:
the screens let one check run at a time.

While the listening connection is down (the server restarted, the link dropped) the
listener says so (``listening`` is False), the screens poll as on SQLite, and it connects
again every ``RETRY_SECONDS``; once it listens again every screen checks once, since saves
made meanwhile were not announced. SQLite has no such channel: screens poll its cheap
commit counter (``connection.data_version``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import peewee

from amtui.db import trust
from amtui.db.connection import WITH_WRITE_LOCKS

log = logging.getLogger(__name__)

CHANNEL = "amtui_changes"
RETRY_SECONDS = 2.0
WAKE_SECONDS = 0.5
"""How often the listening thread looks up from the connection to see whether it should stop."""


ANNOUNCE = f"pg_notify('{CHANNEL}', current_setting('{trust.SCHOOL_SETTING}', true))"
"""What a write transaction on a server selects with its write locks to tell the listening
sessions (``connection.WITH_WRITE_LOCKS``)."""


def announce_commits() -> None:
    """From now on every write transaction announces itself (called when a database is
    opened, by every command: an import's saves reach the screens too)."""
    if ANNOUNCE not in WITH_WRITE_LOCKS:
        WITH_WRITE_LOCKS.append(ANNOUNCE)


class Listener:
    """One connection that LISTENs, in a daemon thread; calls each subscriber on every
    notification of its school (``connect`` returns the connection and the school it acts
    in, None for none: then every one), and once each time it starts listening (changes
    may have been missed)."""

    def __init__(self, connect: Callable[[], tuple[object, int | None]]) -> None:
        self.connect = connect
        self.school = ""
        self.subscribers: list[Callable[[], None]] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.listening = False
        self.thread = threading.Thread(target=self._run, name="amtui-listen", daemon=True)
        self.thread.start()

    def _tell(self) -> None:
        with self.lock:
            subscribers = list(self.subscribers)
        for call in subscribers:
            try:
                call()
            except Exception:  # a screen closing as it is told: the others are told all the same
                log.exception("a subscriber to %s failed", CHANNEL)

    def _run(self) -> None:
        while not self.stopping.is_set():
            conn = None
            try:
                conn, school = self.connect()
                self.school = "" if school is None else str(school)
                conn.execute(f"LISTEN {CHANNEL}")
                self.listening = True
                self._tell()
                while not self.stopping.is_set():
                    for told in conn.notifies(timeout=WAKE_SECONDS, stop_after=1):
                        if self.hears(told.payload):
                            self._tell()
            except Exception as error:  # the server went away: poll until it is back
                log.info("listening for changes stopped: %r", error)
            finally:
                self.listening = False
                if conn is not None:
                    try:
                        conn.close()
                    except Exception as error:
                        log.info("closing the listening connection: %r", error)
            self.stopping.wait(RETRY_SECONDS)

    def hears(self, school: str) -> bool:
        """Whether a change made in ``school`` ("": none) concerns this listener's screens."""
        return not (self.school and school and school != self.school)

    def stop(self) -> None:
        """Stop listening (the thread ends within ``WAKE_SECONDS``; nobody waits for it)."""
        self.stopping.set()


_lock = threading.Lock()
_listeners: dict[int, Listener] = {}  # by id() of the database listened to


def _connector(db: peewee.PostgresqlDatabase) -> Callable[[], tuple[object, int | None]]:
    def connect() -> tuple[object, int | None]:
        import psycopg  # there: the database is a server's, opened with it

        conn = psycopg.connect(db.database, autocommit=True, **db.connect_params)
        return conn, trust.enter(conn, getattr(db, "school", None))  # the session's school, chosen alike

    return connect


def subscribe(db: peewee.Database | None, call: Callable[[], None]) -> Listener | None:
    """Call ``call`` (from another thread) whenever someone commits a change to ``db``; the
    listener, to ask whether it is ``listening`` and to ``unsubscribe`` from. None on
    SQLite, which announces nothing: poll."""
    if not isinstance(db, peewee.PostgresqlDatabase):
        return None
    with _lock:
        listener = _listeners.get(id(db))
        if listener is None or listener.stopping.is_set():
            listener = _listeners[id(db)] = Listener(_connector(db))
        with listener.lock:
            listener.subscribers.append(call)
    if listener.listening:
        call()  # the first check is the subscriber's own: changes before now are its to read
    return listener


def unsubscribe(listener: Listener, call: Callable[[], None]) -> None:
    """``call`` is no longer told; the last one to go stops the listener and its connection."""
    with _lock:
        with listener.lock:
            if call in listener.subscribers:
                listener.subscribers.remove(call)
            last = not listener.subscribers
        if last:
            listener.stop()
            for key, held in list(_listeners.items()):
                if held is listener:
                    del _listeners[key]
