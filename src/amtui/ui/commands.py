"""The command palette's list of screens (ctrl+p), from :mod:`amtui.ui.navigation`."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from amtui.ui.navigation import SCREENS


class ScreensProvider(Provider):
    """Offers every registered screen: "Home", "Find a pupil", ..."""

    def _open(self, key: str) -> None:
        # The app decides whether a screen may open yet (the session may still be loading).
        self.app.open_screen(key)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for key, entry in SCREENS.items():
            yield DiscoveryHit(entry.title, partial(self._open, key), help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key, entry in SCREENS.items():
            score = matcher.match(entry.title)
            if score > 0:
                yield Hit(score, matcher.highlight(entry.title), partial(self._open, key),
                          text=entry.title, help=entry.help)
