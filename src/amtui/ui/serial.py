"""One background thread per screen for database work that must keep its order.

Saves from rapid entry must reach the database in the order they were typed, and the
change poll must run on the same connection every time (``PRAGMA data_version`` only
moves for *other* connections' commits). A single-thread executor gives both; results
come back to the screen as messages (``post_message`` is thread-safe).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump

log = logging.getLogger(__name__)


@dataclass
class JobDone(Message):
    """A job finished: ``result`` or ``error`` (never both), with the caller's ``tag`` and
    ``context`` (what the job was about, e.g. the changes a save carried)."""

    tag: str
    result: Any = None
    error: BaseException | None = None
    context: Any = None


class SerialDb:
    """Runs jobs one after another on one thread and posts ``JobDone`` to ``target``."""

    def __init__(self, target: MessagePump, name: str) -> None:
        self.target = target
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self.pending = 0

    def submit(self, tag: str, job: Callable[[], Any], context: Any = None) -> None:
        self.pending += 1
        future = self.executor.submit(job)
        future.add_done_callback(lambda f: self._done(tag, f, context))

    def _done(self, tag: str, future: Future, context: Any) -> None:
        error = future.exception()
        if error is not None:
            log.info("job %s failed: %r", tag, error)
        self.target.post_message(JobDone(tag, None if error else future.result(), error, context))

    def finished(self) -> None:
        """Call from the UI thread when a ``JobDone`` has been handled."""
        self.pending = max(self.pending - 1, 0)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=False)
