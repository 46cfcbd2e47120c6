"""An entry key's binding run where the key arrives: the grid with the focus, in one hop.

Textual hands a key to the widget with the focus, which passes it to its screen, which
passes it to the app, which only then runs the binding: three queues, each a turn of the
event loop with its own round of handlers and idle work, before a mark is even made (about
a millisecond of a keystroke's few). A screen names the actions its typing keys run
(``KEYS_AT_ONCE``: the class grid's codes, the return screen's grades); the grid with the
focus runs such a key's binding itself, as the app would have, and the key goes no further.

Nothing else changes: the grid's own handlers come first (a name being typed after ``/``
keeps its letters), the screen's messages that were true only until the next key go
before the binding runs (``ClearsMessages``), and a key whose binding is not the screen's
or the grid's own (the app's ``q``), is a priority one, or is not enabled now goes the
usual way. Keys stay in order: the app hands on one key at a time (``ui.key_hold``).
"""

from __future__ import annotations

from functools import lru_cache

from textual import events
from textual.actions import parse
from textual.binding import Binding
from textual.widget import Widget

from amtui.ui.widgets.message_line import ClearsMessages


@lru_cache(maxsize=512)
def _parsed(action: str) -> tuple[str, str, tuple[object, ...]]:
    return parse(action)


class KeysAtOnce:
    """Mixed into a focusable grid, after the mixins whose key handlers come first (their
    ``_on_key`` runs before this one, and a key they keep never reaches it)."""

    async def _on_key(self, event: events.Key) -> None:
        found = self._binding_at_once(event.key)
        if found is None:
            return  # the usual way: up to the screen and the app
        node, binding = found
        event.stop()
        event.prevent_default()
        widget: Widget = self  # type: ignore[assignment]
        screen = widget.screen
        if isinstance(screen, ClearsMessages):
            screen.expire_messages()
        if not await widget.app.run_action(binding.action, node):
            await widget.app._check_bindings(event.key)  # disabled meanwhile: the app's way on

    def _binding_at_once(self, key: str) -> tuple[Widget, Binding] | None:
        """The binding the app would run for ``key``, where it is one of the screen's
        ``KEYS_AT_ONCE`` actions on this grid or its screen and enabled now; else None."""
        widget: Widget = self  # type: ignore[assignment]
        screen = widget.screen
        at_once = getattr(screen, "KEYS_AT_ONCE", ())
        if not at_once or screen.focused is not widget:
            return None
        for node, bindings in screen._modal_binding_chain:
            for binding in bindings.key_to_bindings.get(key, ()):
                if binding.priority:
                    continue
                if node is not widget and node is not screen:
                    return None
                destination, name, parameters = _parsed(binding.action)
                if destination or name not in at_once or not node.check_action(name, parameters):
                    return None
                return node, binding
        return None
