"""How a screen learns that others saved what it shows, and looks again.

A screen that shows what others may change calls ``watch_changes(check, seconds)``. On
SQLite ``check`` runs every ``seconds`` (a poll of the commit counter); on a PostgreSQL
server it runs as soon as someone commits (``amtui.db.notify``), and polls only while the
server's notifications cannot be heard. However many commits are announced, a screen
looks at most every :data:`CHECK_GAP_SECONDS`; one that cannot look now (a save in hand,
digits typed) looks again :data:`RECHECK_SECONDS` later.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message

from amtui.db import notify
from amtui.db.connection import database

RECHECK_SECONDS = 0.1
"""A change was announced while the screen could not look (a save or a check in hand,
digits typed): it looks again this much later."""
CHECK_GAP_SECONDS = 0.2
"""Announced changes start a check at most this often: a trust's staff saving at typing
speed announce hundreds of commits a second, and each open screen looks five times a
second at most (a lone save is looked at at once)."""


@dataclass
class OthersSaved(Message):
    """Someone committed a change to the database (a server's notification): check now."""


class WatchesChanges:
    """Mixin for a screen (through ``ui.serial.OwnsDb``): ``watch_changes``, and the
    listening stopped when the screen goes."""

    _listener: notify.Listener | None = None
    _check: Callable[[], bool] | None = None
    _check_due = False  # a change was announced and no check has started since
    _checked_at = float("-inf")  # when the last check started (time.monotonic())

    def on_unmount(self) -> None:
        if self._listener is not None:
            notify.unsubscribe(self._listener, self._announced)
            self._listener = None

    def watch_changes(self, check: Callable[[], bool], seconds: float) -> None:
        """Call ``check`` when others may have saved: on a server as soon as they commit, on
        SQLite (or while the server's notifications cannot be heard) every ``seconds``.
        ``check`` queues the screen's look at what changed and says True, or says False
        when it cannot look now (a save in hand, digits typed): it is asked again soon."""
        self._check = check
        self._listener = notify.subscribe(database.obj, self._announced)
        self.set_interval(seconds, self._poll, name="changes-poll")  # type: ignore[attr-defined]

    def _poll(self) -> None:
        if self._listener is None or not self._listener.listening:
            self._check()

    def _announced(self) -> None:
        """On the listening thread: one message at a time, however many saves are announced."""
        if not self._check_due:
            self._check_due = True
            self.post_message(OthersSaved())  # type: ignore[attr-defined]

    def on_others_saved(self, event: OthersSaved) -> None:
        wait = self._checked_at + CHECK_GAP_SECONDS - time.monotonic()
        if wait > 0:
            self.set_timer(wait, self._check_now)  # type: ignore[attr-defined]  # still due: no more messages
        else:
            self._check_now()

    def _check_now(self) -> None:
        # Cleared first: a change announced from here on is announced again, so a commit
        # just after the check's read is not left unseen.
        self._check_due = False
        if self._check is None:
            return
        if self._check():
            self._checked_at = time.monotonic()
        else:
            self.look_again()

    def look_again(self) -> None:
        """What the check read could not be shown (typing began meanwhile): check again soon."""
        if self._check_due:
            return  # a check is coming already
        self._check_due = True
        self.set_timer(RECHECK_SECONDS, self._check_now)  # type: ignore[attr-defined]
