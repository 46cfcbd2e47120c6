"""Saves that the rules may refuse: the refusal comes back as a value to show, not a failure.

A worker that raises is reported as a database failure ("amtui could not read the
database ..."); a change the rules refuse (not your class, below FFT, a locked half-term,
a bad percentage) is something the person must read and act on, so :func:`attempt`
turns those into an :class:`Outcome` whose ``refused`` is the reason, for the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from textual.message import Message

from amtui.domain.errors import UserFacingError

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a save came to: its ``value``, or why it was ``refused``."""

    value: T | None = None
    refused: str | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None


def attempt(call: Callable[[], T]) -> Outcome[T]:
    """Run ``call``; a refusal by the rules (a UserFacingError) becomes
    ``Outcome(refused=reason)``; anything else is a failure, reported as one."""
    try:
        return Outcome(call())
    except UserFacingError as error:
        return Outcome(refused=str(error) or type(error).__name__)


@dataclass
class Saved(Message):
    """A save finished: ``what`` names it (e.g. "target.raise"), ``context`` is the caller's."""

    what: str
    outcome: Outcome[Any]
    context: Any = None


def problem_of(done: Any) -> str | None:
    """What went wrong with a finished ``ui.serial`` job whose result is an Outcome: a
    failure's text, a refusal's reason, or None when it was saved."""
    from amtui.ui.workers import failure_text

    if done.error is not None:
        return failure_text(done.error)
    return None if done.result.ok else done.result.refused


class ModelSource:
    """Mixin for a screen that is its own grid's source: it asks ``self.model`` (blank until
    a model is loaded)."""

    model: Any = None

    def cell(self, row: int, column: int) -> tuple:
        return self.model.cell(row, column) if self.model else ("", None)

    def header(self, line: int, column: int) -> tuple:
        return self.model.header(line, column) if self.model else ("", None)

    def footer(self, line: int, column: int) -> tuple:
        return self.model.footer(line, column) if self.model else ("", None)


class WritesThenRefreshes:
    """Mixin for a screen with ``action_refresh``: save off the UI thread, say what was
    saved (or why the rules refused it), then read the screen's figures again."""

    def write_then_refresh(self, call: Callable[[], Any], note: str) -> None:
        from amtui.ui.workers import run_db

        run_db(self, lambda: Saved(note, attempt(call)), group="write", done=lambda saved: saved)  # type: ignore[arg-type]

    def on_saved(self, event: Saved) -> None:
        if event.outcome.ok:
            self.notify(event.what)  # type: ignore[attr-defined]
        else:
            self.notify(event.outcome.refused, severity="error", timeout=10)  # type: ignore[attr-defined]
        self.action_refresh()  # type: ignore[attr-defined]
