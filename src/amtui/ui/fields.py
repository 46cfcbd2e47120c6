"""Enter in a form's field moves to the next field, even for a typist who does not wait.

Moving the focus with ``focus()`` takes effect only after the keys already read have
been handed out, so the words typed straight after Enter land in the field just left.
A screen with this mixin moves the focus as the app reads Enter (a priority binding),
so the next key already goes to the next field.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input


class EnterMovesOn(Screen):
    """Mixin for a screen: Enter steps through ``enter_chain()``; in its last field, or
    anywhere else, Enter is the field's own (e.g. submit the form)."""

    BINDINGS = [Binding("enter", "next_field", "Next field", show=False, priority=True, id="fields.next")]

    def enter_chain(self) -> list[Widget]:
        """The fields Enter steps through, in order: by default every Input that can be typed in."""
        return [field for field in self.query(Input) if field.focusable]

    def action_next_field(self) -> None:
        chain = self.enter_chain()
        if self.focused not in chain or self.focused is chain[-1]:
            raise SkipAction()
        self.set_focus(chain[chain.index(self.focused) + 1])
