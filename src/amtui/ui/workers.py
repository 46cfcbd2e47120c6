"""Database calls off the UI thread, and their failures shown as messages, never tracebacks.

A screen calls :func:`run_db` with the query and the message class to post with its
result; it mixes in :class:`ReportsDbFailures` so a worker that raised becomes an error
notification (Textual posts ``Worker.StateChanged`` to the node that started it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker, WorkerState, get_current_worker

from amtui.db.connection import DatabaseBusy, DatabaseUnavailable
from amtui.domain.errors import UserFacingError

SAYS_WHY = (UserFacingError, DatabaseBusy, DatabaseUnavailable)
"""The failures whose message is written for the person at the keyboard: a refusal by the
rules, or the database out of reach. Anything else is a bug, reported as one."""

log = logging.getLogger(__name__)

T = TypeVar("T")


def run_db(node: DOMNode, call: Callable[[], T], *, group: str,
           done: Callable[[T], Message], description: str = "") -> Worker[None]:
    """Run ``call`` in a thread; post ``done(result)`` to ``node`` unless superseded.

    Workers are exclusive per group, so a newer call cancels an older one; a thread
    cannot be stopped, so a cancelled call finishes but its result is dropped.
    """

    def work() -> None:
        result = call()
        if not get_current_worker().is_cancelled:
            node.post_message(done(result))  # post_message is thread-safe

    return node.run_worker(work, name=group, group=group, description=description or group,
                           thread=True, exclusive=True, exit_on_error=False)


def failure_text(error: BaseException | None) -> str:
    """What to tell the user when a database call failed."""
    if isinstance(error, SAYS_WHY):
        return str(error)
    name = type(error).__name__ if error is not None else "an unknown error"
    detail = f": {error}" if error is not None and str(error) else ""
    return f"amtui could not read the database ({name}{detail}). Nothing was changed; try again (r)."


class ReportsDbFailures:
    """Mixin for an App or Screen: failed workers become error notifications."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        log.error("worker %s failed", event.worker.name, exc_info=error)
        self.notify(failure_text(error), title="Database", severity="error", timeout=15)  # type: ignore[attr-defined]
        self.db_failed(event.worker.group, error)

    def db_failed(self, group: str, error: BaseException | None) -> None:
        """Hook: show the failure in place (e.g. instead of "Loading...")."""
