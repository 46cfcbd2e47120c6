"""The one-line message under a grid, and how long a message stays true.

A message that outlives its truth misleads ("Nothing to redo." after a redo was made,
"Not saved" after the save landed). So each message says when it stops being true:

- ``brief=True``: it answers one key ("Nothing to undo.", "Next pupil: Ava Smith") and
  goes at the next key;
- ``holds=condition``: it stays while ``condition()`` is true ("Not saved yet" while
  saves wait), checked at each key and whenever the screen calls ``recheck()``;
- neither: it stays until another message replaces it (a refusal, a result).

A screen gets this by using ``MessageLine`` for its message and mixing in
``ClearsMessages``, which tells its lines of every key before anything handles it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.content import Content
from textual.widgets import Static


class MessageLine(Static):
    """A one-line Static whose message can expire; sends nothing when nothing changes."""

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(text, id=id, classes=classes)
        self.text = text  # what it shows now (plain text, for tests and conditions)
        self._shown: str | None = Content(text).markup
        self._brief = False
        self._holds: Callable[[], bool] | None = None

    def say(self, text: str | Content, *, brief: bool = False, holds: Callable[[], bool] | None = None) -> None:
        """Show ``text`` (see the module docstring for ``brief`` and ``holds``)."""
        content = text if isinstance(text, Content) else Content(text)
        self._brief, self._holds = brief, holds
        self.text = content.plain
        if content.markup != self._shown:
            self._shown = content.markup
            self.update(content, layout=False)  # one line keeps its size: no layout pass

    def clear(self) -> None:
        self.say("")

    def key_arrived(self) -> None:
        """A key is about to be handled: a brief message has had its moment."""
        if self._brief:
            self.clear()
        else:
            self.recheck()

    def recheck(self) -> None:
        """Clear the message if its condition no longer holds."""
        if self._holds is not None and not self._holds():
            self.clear()


class ClearsMessages:
    """Mixed into a Screen (before ``Screen``): each key first expires the messages that
    were true only until it. ``on_event`` runs before any handler or binding of the key,
    so whatever the key itself says stays."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.expire_messages()
        await super().on_event(event)  # type: ignore[misc]

    def expire_messages(self) -> None:
        """A key is about to be handled (here, or by the grid that runs its binding at once:
        ``keys_at_once``): the messages true only until it go."""
        for line in self._message_lines():
            line.key_arrived()

    def _message_lines(self) -> list[MessageLine]:
        """The screen's message lines, looked up once they exist (not on every key)."""
        found = getattr(self, "_found_lines", None)
        if not found:
            found = self._found_lines = list(self.query(MessageLine))  # type: ignore[attr-defined]
        return found

    def on_entry_grid_wrapped(self, event) -> None:
        """Where an entry's advance took the cursor, said until the next key."""
        lines = self._message_lines()
        if lines:
            lines[0].say(event.text, brief=True)
