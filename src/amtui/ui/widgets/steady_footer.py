"""Textual's footer, composed again only when what it shows changes.

A screen says its keys may have changed several times as it opens (mounted, focused, the
app focused, its own data shown): Textual's ``Footer`` then removes and mounts every key
again each time, styling each one, six times over before the class grid's first keystroke.
``SteadyFooter`` folds the requests made before it gets round to them into one, and
composes only when the keys it would show (their keys, words, tooltips, enabled or not)
differ from those it shows.

It relies on ``Footer``'s internals: the screen's signal calls ``bindings_changed(screen)``,
``compose`` waits for ``_bindings_ready`` and reads ``screen.active_bindings``' 4-tuples, and
the fitting reads each ``FooterKey``'s parts back.
An upstream change would leave keys unshown or stale rather than fail, so screens ask
``footer()`` for theirs: it checks once that all of this is there and gives Textual's own
``Footer`` (with a logged warning) when it is not.

At 80 columns a screen's keys often do not all fit, and Textual's footer cuts the last ones
mid-word ("q Qui"). The steady footer drops whole keys instead, the least important first
(``keys_that_fit``): ``esc`` and ``?`` (or ``f1``) always stay, as ``?`` lists every key, then the keys of
the screen and its focused widget in their order, then the command palette's, then the
app's own (Quit, Find pupil).
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

from rich.cells import cell_len
from textual import events
from textual.widgets._footer import FooterKey

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

FOOTER_KEY_TAKES = ("self", "key", "key_display", "description", "action", "disabled", "tooltip", "classes")
"""What a ``FooterKey`` is made of (Textual 8.2): the fitting reads them back to measure and rank it."""

_missing: str | None = None  # what this Textual lacks: None until checked, "" if nothing

ALWAYS_SHOWN = frozenset({"escape"})
"""The keys the footer never drops: back, and (by its action, ``keys``) the help that
lists every key, on ? or f1 (where a field takes ? as a letter) or a keymap's key."""

ALWAYS, SCREENS, PALETTE, APPS = range(4)
"""How much a key matters, most first: always shown, the screen's (and its focused
widget's), the command palette's, the app's own."""


def keys_that_fit(keys: list[tuple[int, int]], room: int) -> list[int]:
    """The indexes of the keys to show, in their order, from each key's (width, rank): the
    lowest ranked (``ALWAYS``..``APPS``) dropped whole, the last first, until the rest fit
    in ``room`` columns. The ``ALWAYS`` ones stay even if they alone do not fit."""
    shown = set(range(len(keys)))
    used = sum(width for width, _ in keys)
    for index in sorted(shown, key=lambda i: (keys[i][1], i), reverse=True):
        if used <= room or keys[index][1] == ALWAYS:
            break
        shown.discard(index)
        used -= keys[index][0]
    return sorted(shown)


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

    def on_resize(self, event: events.Resize) -> None:
        if self._shown is not None and self._shown[0] != event.size.width:
            self.bindings_changed(self.screen)  # other keys may fit now

    def _keys_to_show(self) -> tuple:
        """What ``Footer.compose`` would show now, in its order, and the width it fits."""
        active = self.screen.active_bindings
        palette = active.get(self.app.COMMAND_PALETTE_BINDING) \
            if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE else None
        return (self._room(), self.compact, palette and palette[1:3], tuple(
            (binding.key, binding.description, binding.action, binding.group, enabled, tooltip)
            for _, binding, enabled, tooltip in active.values() if binding.show))

    def _room(self) -> int:
        return self.size.width or self.app.size.width  # not laid out yet: the terminal's width

    def compose(self):
        """Footer's keys, less those that do not fit (see ``keys_that_fit``)."""
        active = self.screen.active_bindings if self._bindings_ready else {}
        if any(binding.group for _, binding, *_ in active.values() if binding.show):
            yield from super().compose()  # a group's keys go into their box, not through here
            return
        composed = list(super().compose())
        if not all(isinstance(widget, FooterKey) for widget in composed):
            yield from composed  # something new from Footer: shown as it is
            return
        keys = [(self._width(key), self._rank(key, active)) for key in composed]
        for index in keys_that_fit(keys, self._room()):
            yield composed[index]

    def _width(self, key: FooterKey) -> int:
        """The columns a key takes, by Footer's CSS: a space either side of the key and one
        after its words; compact, one between them and one after; the palette's, a rule more."""
        words = cell_len(key.description)
        if self.compact:
            width = cell_len(key.key_display) + (words + 1 if words else 0) + 1
        else:
            width = cell_len(key.key_display) + (words + 3 if words else 0)
        return width + (1 if key.has_class("-command-palette") else 0)

    def _rank(self, key: FooterKey, active: dict) -> int:
        if key.key in ALWAYS_SHOWN or key.action == "keys":
            return ALWAYS
        if key.has_class("-command-palette"):
            return PALETTE
        found = active.get(key.key)
        return APPS if found is not None and found.node is self.app else SCREENS


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
                                  (Footer, "compose", ("self",)), (Footer, "on_mount", ("self",)),
                                  (FooterKey, "__init__", FOOTER_KEY_TAKES)):
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
