"""Textual's footer, composed again only when what it shows changes.

A screen says its keys may have changed several times as it opens (mounted, focused, the
app focused, its own data shown): Textual's ``Footer`` then removes and mounts every key
again each time, styling each one, six times over before the class grid's first keystroke.
``SteadyFooter`` folds the requests made before it gets round to them into one, and
composes only when the keys it would show (their keys, words, tooltips, enabled or not)
differ from those it shows.

It relies on ``Footer``'s internals: the screen's signal calls ``bindings_changed(screen)``,
``compose`` waits for ``_bindings_ready`` and reads ``screen.active_bindings``' 4-tuples.
An upstream change would leave keys unshown or stale rather than fail, so screens ask
``footer()`` for theirs: it checks once that all of this is there and gives Textual's own
``Footer`` (with a logged warning) when it is not.
"""

from __future__ import annotations

import inspect
import logging
import types

from textual.app import App
from textual.binding import ActiveBinding
from textual.dom import NoScreen
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from amtui.ui.lean_updates import _textual_version

log = logging.getLogger(__name__)

WRITTEN_FOR = ((8, 0), (9, 0))
"""The Textual versions (from, up to but not including) whose footer this was written for."""

COMPOSE_READS = frozenset({
    "COMMAND_PALETTE_BINDING", "ENABLE_COMMAND_PALETTE", "Footer", "FooterKey", "FooterLabel", "KeyError",
    "KeyGroup", "_bindings_ready", "action", "active_bindings", "app", "append", "compact", "data_bind",
    "defaultdict", "description", "get_key_display", "grid_size_columns", "group", "groupby", "key", "len",
    "list", "screen", "show", "show_command_palette", "styles", "tooltip", "values"})
"""Every name ``Footer.compose`` reads (Textual 8.2): one more may be something it shows that
``_keys_to_show`` does not compare, and the footer would stay stale."""

_missing: str | None = None  # what this Textual lacks: None until checked, "" if nothing


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
        active = self.screen.active_bindings
        palette = active.get(self.app.COMMAND_PALETTE_BINDING) \
            if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE else None
        return (self.compact, palette and palette[1:3], tuple(
            (binding.key, binding.description, binding.action, binding.group, enabled, tooltip)
            for _, binding, enabled, tooltip in active.values() if binding.show))


def footer() -> Footer:
    """The footer for a screen: the steady one, or Textual's own where this Textual has
    changed what the steady one relies on (checked once; a warning is logged once)."""
    global _missing
    if _missing is None:
        _missing = what_textual_lacks()
        if _missing:  # first use is the first screen, while Textual holds stderr: not printed on screen
            log.warning("amtui's steady footer is off, as Textual %s has changed (%s); "
                        "screens show Textual's own footer",
                        ".".join(map(str, _textual_version())), _missing)
    return Footer() if _missing else SteadyFooter()


def what_textual_lacks() -> str:
    """What ``SteadyFooter`` relies on that this Textual lacks; "" if nothing. Cheap: a few
    signatures and the names three functions read, no source read."""
    version = _textual_version()
    if not WRITTEN_FOR[0] <= version[:2] < WRITTEN_FOR[1]:
        return f"version {'.'.join(map(str, version))} is outside {WRITTEN_FOR}"
    for owner, name, expected in ((Footer, "bindings_changed", ("self", "screen")), (Widget, "recompose", ("self",)),
                                  (Footer, "compose", ("self",)), (Footer, "on_mount", ("self",))):
        found = getattr(owner, name, None)
        if not callable(found) or not hasattr(found, "__code__"):
            return f"{owner.__name__}.{name} is gone"
        if (parameters := tuple(inspect.signature(found).parameters)) != expected:
            return f"{owner.__name__}.{name} takes {parameters}, not {expected}"
    for owner, name in ((Footer, "_bindings_ready"), (App, "app_focus")):
        if not isinstance(inspect.getattr_static(owner, name, None), Reactive):
            return f"{owner.__name__}.{name} is no longer a reactive"
    if not isinstance(inspect.getattr_static(Screen, "active_bindings", None), property):
        return "Screen.active_bindings is no longer a property"
    if getattr(ActiveBinding, "_fields", None) != ("node", "binding", "enabled", "tooltip"):
        return "the screen's active bindings are no longer (node, binding, enabled, tooltip)"
    if not {"bindings_updated_signal", "bindings_changed"} <= _names_read(Footer.on_mount):
        return "Footer.on_mount no longer subscribes bindings_changed to the screen's signal"
    reads = _names_read(Footer.compose)
    if not {"_bindings_ready", "active_bindings"} <= reads:
        return "Footer.compose no longer reads _bindings_ready and active_bindings"
    if new := reads - COMPOSE_READS:
        return f"Footer.compose now reads {', '.join(sorted(new))}"
    return ""


def _names_read(function: types.FunctionType) -> set[str]:
    """The global and attribute names a function reads, its inner functions' too."""
    def names(code: types.CodeType) -> set[str]:
        return set(code.co_names).union(*(names(c) for c in code.co_consts if isinstance(c, types.CodeType)))
    return names(function.__code__)
