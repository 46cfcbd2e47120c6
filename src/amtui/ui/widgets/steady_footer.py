"""Textual's footer, composed again only when what it shows changes.

A screen says its keys may have changed several times as it opens (mounted, focused, the
app focused, its own data shown): Textual's ``Footer`` then removes and mounts every key
again each time, styling each one, six times over before the class grid's first keystroke.
``SteadyFooter`` folds the requests made before it gets round to them into one, and
composes only when the keys it would show (their keys, words, tooltips, enabled or not)
differ from those it shows.
"""

from __future__ import annotations

from textual.dom import NoScreen
from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """A ``Footer`` that composes its keys again only when they change."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None  # what the keys composed last showed
        self._due = False  # a look at the keys is on its way

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True  # what Footer.compose waits for
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._due:
            self._due = True
            self.call_after_refresh(self._compose_if_changed)

    async def _compose_if_changed(self) -> None:
        self._due = False
        if not self.is_attached:
            return  # its screen was closed meanwhile
        try:
            shown = self._keys_to_show()
        except NoScreen:
            return
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def _keys_to_show(self) -> tuple:
        """What ``Footer.compose`` would show now, in its order."""
        return (self.compact, self.show_command_palette, tuple(
            (binding.key, binding.description, binding.action, binding.group, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values() if binding.show))
