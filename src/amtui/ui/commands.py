"""The command palette (ctrl+p): every registered screen, from :mod:`amtui.ui.navigation`,
and what the screen underneath can do, from its bindings (with the keys in force)."""

from __future__ import annotations

from functools import partial

from textual.binding import ActiveBinding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

from amtui.ui.navigation import listed


class ScreensProvider(Provider):
    """Offers every registered screen: "Home", "Find a pupil", ..."""

    def _open(self, key: str) -> None:
        # The app decides whether a screen may open yet (the session may still be loading).
        self.app.open_screen(key)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for key, entry in listed().items():
            yield DiscoveryHit(entry.title, partial(self._open, key), help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key, entry in listed().items():
            score = matcher.match(entry.title)
            if score > 0:
                yield Hit(score, matcher.highlight(entry.title), partial(self._open, key),
                          text=entry.title, help=entry.help)


def screen_actions(bindings: dict[str, ActiveBinding]) -> list[tuple[str, str, str, DOMNode]]:
    """(what it does, key, action, where it runs) for the screen's own actions.

    Left out: the app's keys (the palette has Quit and the screens already), keys that are
    off just now, keys without a description, and a widget's hidden keys (arrows, paging:
    moving is what the palette cannot usefully do). One entry per description.
    """
    actions, seen = [], set()
    for key, active in bindings.items():
        binding = active.binding
        node = active.node
        if (binding.system or not binding.description or not active.enabled
                or node is node.app or (not binding.show and not isinstance(node, Screen))
                or binding.description in seen):
            continue
        seen.add(binding.description)
        actions.append((binding.description, key, binding.action, node))
    return actions


class ScreenActionsProvider(Provider):
    """Offers what the current screen can do ("Undo", "Fill", ...), each with its key."""

    def _actions(self) -> list[tuple[str, str, str, DOMNode]]:
        display = self.app.get_key_display
        found = []
        for description, key, action, node in screen_actions(self.screen.active_bindings):
            binding = self.screen.active_bindings[key].binding
            tip = f"{display(binding)} · {binding.tooltip}" if binding.tooltip else display(binding)
            found.append((description, tip, action, node))
        return found

    def _run(self, action: str, node: DOMNode) -> None:
        self.app.call_later(self.app.run_action, action, node)

    async def discover(self) -> Hits:
        for description, tip, action, node in self._actions():
            yield DiscoveryHit(description, partial(self._run, action, node), help=tip)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, tip, action, node in self._actions():
            score = matcher.match(description)
            if score > 0:
                yield Hit(score, matcher.highlight(description), partial(self._run, action, node),
                          text=description, help=tip)
