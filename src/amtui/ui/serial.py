"""One background thread per screen for database work that must keep its order.

Saves from rapid entry must reach the database in the order they were typed, and the
change poll must run on the same connection every time (``PRAGMA data_version`` only
moves for *other* connections' commits). A single-thread executor gives both; results
come back to the screen as messages (``post_message`` is thread-safe).

A save submitted with ``keep=True`` is not given up when the database cannot be
reached (the network drive went away, turned read-only, or is busy for long): the
screen is told once (``JobWaiting``) and keeps showing what was typed, and the save is
tried again every few seconds until it is made. Later saves wait behind it, in order.

A save submitted with ``after_frame=True`` is queued at once but starts only when the
screen has drawn the keystroke that made it: on a 2-core server the save's Python work
would otherwise hold the interpreter while the screen is being redrawn, and the typist
would wait for the database instead of seeing their mark.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump

from amtui.db.connection import DatabaseBusy, DatabaseUnavailable

log = logging.getLogger(__name__)

RETRY_SECONDS = 2.0
AFTER_CLOSE_SECONDS = 30.0
"""How long a kept save goes on trying once its screen has closed."""
FRAME_WAIT_SECONDS = 0.1
"""The longest an ``after_frame`` save waits for the screen to be redrawn."""

UNREACHABLE = (DatabaseBusy, DatabaseUnavailable)


@dataclass
class JobDone(Message):
    """A job finished: ``result`` or ``error`` (never both), with the caller's ``tag`` and
    ``context`` (what the job was about, e.g. the changes a save carried)."""

    tag: str
    result: Any = None
    error: BaseException | None = None
    context: Any = None


@dataclass
class JobWaiting(Message):
    """A kept save could not reach the database and will be tried again."""

    tag: str
    error: BaseException
    context: Any = None


class SerialDb:
    """Runs jobs one after another on one thread and posts ``JobDone`` to ``target``."""

    def __init__(self, target: MessagePump, name: str) -> None:
        self.target = target
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self.pending = 0
        self.give_up_at: float | None = None  # set when the screen closes
        self.last: Future | None = None  # jobs run in order: when this is done, all are

    def submit(self, tag: str, job: Callable[[], Any], context: Any = None, keep: bool = False,
               after_frame: bool = False) -> None:
        self.pending += 1
        run = (lambda: self._keeping(tag, job, context)) if keep else job
        if after_frame:
            drawn = threading.Event()
            if not self.target.call_after_refresh(drawn.set):
                drawn.set()
            run = _after(drawn, run)
        future = self.last = self.executor.submit(run)
        future.add_done_callback(lambda f: self._done(tag, f, context))

    def _keeping(self, tag: str, job: Callable[[], Any], context: Any) -> Any:
        told = False
        while True:
            try:
                return job()
            except UNREACHABLE as error:
                if self.give_up_at is not None and time.monotonic() > self.give_up_at:
                    raise
                if not told:
                    told = True
                    self.target.post_message(JobWaiting(tag, error, context))
                time.sleep(RETRY_SECONDS)

    def _done(self, tag: str, future: Future, context: Any) -> None:
        error = future.exception()
        if error is not None:
            log.info("job %s failed: %r", tag, error)
        self.target.post_message(JobDone(tag, None if error else future.result(), error, context))

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until every job submitted so far has run (tests; never on the UI thread)."""
        return self.last is None or not futures.wait([self.last], timeout).not_done

    def finished(self) -> None:
        """Call from the UI thread when a ``JobDone`` has been handled."""
        self.pending = max(self.pending - 1, 0)

    def close(self) -> None:
        """The screen is closing: queued saves are still made, kept ones tried a while longer."""
        self.give_up_at = time.monotonic() + AFTER_CLOSE_SECONDS
        self.executor.shutdown(wait=False, cancel_futures=False)


def _after(drawn: threading.Event, run: Callable[[], Any]) -> Callable[[], Any]:
    def gated() -> Any:
        drawn.wait(FRAME_WAIT_SECONDS)
        return run()

    return gated
