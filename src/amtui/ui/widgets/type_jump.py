"""Type to jump: letters move a list's cursor to the first row whose name matches.

As in a file manager: letters typed quickly add up ("ka" goes past "Jack" to "Kacper"),
and after a pause the next letter starts afresh. The same letter again moves on to the
next name that starts with it. A name matches when it starts with the letters, or else
when any word of it does (a surname, a criterion's words), or else when it holds them.

Where the screen already uses letters as keys (the app's ``q`` and ``f`` on every screen,
the grid's code keys, the weekly sheet's ``a`` for absent), ``/`` starts the jump (Ctrl+F
too, and only Ctrl+F on the class grid, where ``/`` is the "mostly" code; only ``/`` in
the meeting, where Ctrl+F finishes it): then letters
add to the name until any other key, which ends the search and does what it does (a
score typed straight after the name is entered), save Enter and Esc, which only end it. Every list and grid gets this by mixing ``TypeToJump`` in before its widget
class and saying what its rows are called (``jump_names``) and how to go to one
(``jump_to``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.widget import Widget

PAUSE_SECONDS = 1.0  # letters further apart than this start a new search
NAME_MARKS = " -'"  # besides letters, what a name holds (after "/")


def find_row(names: Sequence[str], typed: str, current: int = -1) -> int | None:
    """The row ``typed`` goes to: the first name that starts with it, else the first with
    a word that does, else the first that holds it. One letter typed again and again
    ("mm") steps through the names starting with it, from the row after ``current``."""
    wanted = typed.casefold()
    if not wanted:
        return None
    folded = [" ".join(name.split()).casefold() for name in names]
    if len(wanted) > 1 and wanted == wanted[0] * len(wanted) and not any(n.startswith(wanted) for n in folded):
        starting = [i for i, name in enumerate(folded) if name.startswith(wanted[0])]
        if starting:
            return next((i for i in starting if i > current), starting[0])
    for matches in (
        lambda name: name.startswith(wanted),
        lambda name: any(word.startswith(wanted) for word in name.replace("-", " ").split()),
        lambda name: wanted in name,
    ):
        for index, name in enumerate(folded):
            if matches(name):
                return index
    return None


class TypeToJump:
    """Mixed into a list or grid widget (before the widget class)."""

    JUMP_BINDINGS = [
        Binding("slash", "start_jump(True)", "Find", key_display="/",
                tooltip="Type the start of a name to go to it", show=False, id="list.find"),
        Binding("ctrl+f", "start_jump(False)", "Find", show=False, id="list.find_ctrl"),
    ]

    slash_starts_jump = True  # False: "/" keeps the app's meaning (home: find any pupil)
    _jump_typed = ""
    _jump_at = 0.0
    _jump_started = False  # "/" was pressed: every printable key is a letter of the name
    _letters_for: object = None  # the screen ``_letters`` was worked out for
    _letters = False

    # --- what the widget says: each list or grid using this mixin provides these three ---

    def jump_names(self) -> Sequence[str]:
        """The name of each row, top to bottom (a pupil, criterion, staff member ...)."""
        raise NotImplementedError

    def jump_current(self) -> int:
        """The row the cursor is on."""
        raise NotImplementedError

    def jump_to(self, index: int) -> None:
        """Put the cursor on row ``index``."""
        raise NotImplementedError

    # --- how keys are read -----------------------------------------------------------------

    def letters_are_keys(self) -> bool:
        """True when a letter is a key here (the screen's, or the app's ``q`` and ``f``),
        so letters type a name only after ``/``."""
        widget: Widget = self  # type: ignore[assignment]
        screen = widget.screen
        if self._letters_for is not screen:  # once per screen: a grid's mark keys pay nothing
            self._letters_for = screen
            self._letters = any(len(key) == 1 and key.isalpha()
                                for _node, bindings in screen._modal_binding_chain
                                for key in bindings.key_to_bindings)
        return self._letters

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``/`` (or Ctrl+F) starts a name, unless the key means something else here: a
        screen's own ``/`` (the grid's "mostly") or Ctrl+F (the meeting's "finish") comes
        first, and so does the app's ``/`` (find a pupil) on lists that say so
        (``slash_starts_jump``); elsewhere the app's ``/`` gives way, as ``f`` also finds
        a pupil. A key that gives way is not listed as this list's either."""
        if action == "start_jump":
            widget: Widget = self  # type: ignore[assignment]
            slash = bool(parameters and parameters[0])
            if slash and not self.slash_starts_jump:
                return False
            key = "slash" if slash else "ctrl+f"
            return not any(node is not widget and (node is not widget.app or not slash)
                           and bindings.key_to_bindings.get(key)
                           for node, bindings in widget.screen._modal_binding_chain)
        return super().check_action(action, parameters)  # type: ignore[misc]

    def action_start_jump(self, slash: bool) -> None:
        self._jump_started, self._jump_typed = True, ""
        self._say_jump("Find: type the start of a name (Enter or Esc to stop)")

    def _on_key(self, event: events.Key) -> None:
        character = event.character if event.is_printable else None
        if self._jump_started:
            if character and (character.isalpha() or character in NAME_MARKS):
                self._take(event, character, time.monotonic())
                return
            self._jump_started, self._jump_typed = False, ""
            self._say_jump("")
            if event.key in ("enter", "escape"):  # the end of the name, nothing more
                event.stop()
                event.prevent_default()
        elif character and character.isalpha() and not self.letters_are_keys():
            now = time.monotonic()
            if now - self._jump_at > PAUSE_SECONDS:
                self._jump_typed = ""
            self._take(event, character, now)

    def _take(self, event: events.Key, character: str, now: float) -> None:
        event.stop()
        event.prevent_default()
        self._jump_typed += character
        self._jump_at = now
        self._go()

    def _go(self) -> None:
        index = find_row(self.jump_names(), self._jump_typed, self.jump_current())
        if index is None:
            self._say_jump(f"Nothing matches {self._jump_typed!r}")
            return
        self.jump_to(index)
        self._say_jump(f"Find: {self._jump_typed}" if self._jump_started else "")

    def _say_jump(self, text: str) -> None:
        """Shown on the screen's message line if it has one, else as a brief notification."""
        from amtui.ui.widgets.message_line import MessageLine

        widget: Widget = self  # type: ignore[assignment]
        lines = list(widget.screen.query(MessageLine))
        if lines:
            lines[0].say(text, brief=not self._jump_started)
        elif text:
            widget.notify(text, timeout=2)
