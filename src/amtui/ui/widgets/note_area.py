"""A multi-line note field that takes nothing its save would refuse (amtui.domain.text).

``TextArea`` has no ``restrict`` or ``max_length`` as ``Input`` has. Keys cannot type a
control character, but a paste can carry one (an escape sequence copied from
elsewhere): such a paste, or one that would pass the note's limit, is refused whole
with the bell, and typing stops at the limit.
"""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from amtui.domain.text import limit, problem


class NoteArea(TextArea):
    """A ``TextArea`` for a ``kind`` of note (a key of amtui.domain.text.FIELDS)."""

    def __init__(self, *args, kind: str = "meeting note", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind

    def _room(self) -> int:
        """Characters that may still go in, counting what a typed key would replace."""
        return limit(self.kind) - len(self.text) + len(self.selected_text)

    def on_paste(self, event: events.Paste) -> None:
        if problem(self.kind, event.text) is not None or len(event.text) > self._room():
            event.prevent_default()  # TextArea's own paste does not run
            event.stop()
            self.app.bell()

    def on_key(self, event: events.Key) -> None:
        if (event.is_printable or event.key == "enter") and self._room() <= 0 and not self.read_only:
            event.prevent_default()
            self.app.bell()
