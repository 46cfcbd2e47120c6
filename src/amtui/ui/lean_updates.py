"""Redraw only what changed: the lines that changed, and just the changed span of each.

Two things in Textual's partial update cost a typist on a slow SSH link:

- It resends a changed region from its widget's left edge. For the entry grid, one
  widget across the screen, a mark near the right would resend most of the line:
  hundreds of bytes a keystroke. Here each changed line is cropped to the changed
  span itself, so a mark costs its own cell, its row's figures and its column's count.
- It asks every widget on the screen for all its lines (header, footer, every line of
  the grid), even for a one-cell change. Here only the widgets on the changed lines are
  asked, and only for those lines: a mark is drawn in a fifth of the time.

This replaces two methods of the compositor's internals, so what reaches the terminal
is covered by tests (``tests/ui/test_lean_updates_drawn.py`` decodes it with a terminal
emulator and compares it with what Textual draws itself) and measured by the grid benchmark. An upstream change would paint
wrongly rather than fail, so ``lean_updates`` first checks that every internal it relies
on is there with the parameters it expects, and falls back to Textual's own compositor
with a logged warning when one is not.
"""

from __future__ import annotations

import inspect
import logging
import os
from collections.abc import Callable, Iterable

import textual
from rich.console import Console
from rich.control import Control
from textual._context import active_message_pump
from textual.geometry import Region
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

try:
    from textual._compositor import ChopsUpdate, Compositor
except ImportError:  # the guard below finds this; the classes here are then never used
    ChopsUpdate = Compositor = object  # type: ignore[assignment,misc]

log = logging.getLogger(__name__)

WRITTEN_FOR = ((8, 0), (9, 0))
"""The Textual versions (from, up to but not including) whose compositor this was written for."""

# What the lean compositor calls or overrides, and the parameters it expects them to take.
NEEDED_CALLS = {
    (ChopsUpdate, "__init__"): ("self", "chops", "spans", "chop_ends"),
    (ChopsUpdate, "render_segments"): ("self", "console"),
    (Compositor, "_get_renders"): ("self", "crop"),
    (Compositor, "render_partial_update"): ("self",),
    (Compositor, "_render_chops"): ("self", "crop", "is_rendered_line"),
    (Compositor, "_regions_to_spans"): ("regions",),  # a classmethod
    (Widget, "render_lines"): ("self", "crop"),
    (Screen, "_on_timer_update"): ("self",),  # paint_now
}
NEEDED_PROPERTIES = (Compositor, ("cuts", "visible_widgets"))

_missing: str | None = None  # what this Textual lacks: None until checked, "" if nothing


class CroppedChopsUpdate(ChopsUpdate):
    """A partial update that writes only the changed span of each line."""

    def render_segments(self, console: Console) -> str:
        sequences: list[str] = []
        append = sequences.append
        move_to = Control.move_to
        last_y = self.spans[-1][0]
        for y, x1, x2 in self.spans:
            for end, (x, strip) in zip(self.chop_ends[y], self.chops[y].items()):
                if strip is None or x >= x2 or end <= x1:
                    continue
                start = max(x, x1)
                if start > x or end > x2:
                    strip = strip.crop(start - x, min(end, x2) - x)
                append(move_to(start, y).segment.text)
                append(strip.render(console))
            if y != last_y:
                append("\n")
        return "".join(sequences)


class LeanCompositor(Compositor):
    """The stock compositor, with partial updates cropped to what changed."""

    _changed_lines: frozenset[int] | None = None  # during a partial update: the lines it draws

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        """Each widget's changed lines within ``crop``, full width (the chops are cut at widget
        edges): a run of lines at a time, so a mark's cell and its column's count, far apart,
        do not ask every widget for every line between them."""
        if crop is None:
            yield from super()._get_renders(crop)
            return
        changed = self._changed_lines
        for widget, (region, clip) in self.visible_widgets.items():
            shown = region.intersection(clip)
            lines = shown.intersection(Region(shown.x, crop.y, shown.width, crop.height))
            if not lines:
                continue
            for top, height in _runs(lines.y, lines.bottom, changed):
                yield region, Region(lines.x, top, lines.width, height), widget.render_lines(
                    Region(lines.x - region.x, top - region.y, lines.width, height))

    def render_partial_update(self) -> ChopsUpdate | None:
        regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not regions:
            return None
        crop = Region.from_union(regions).intersection(self.size.region)
        spans = list(self._regions_to_spans(regions))
        changed_lines = frozenset(y for y, _, _ in spans)
        self._changed_lines = changed_lines
        try:
            chops = self._render_chops(crop, changed_lines.__contains__)
        finally:
            self._changed_lines = None
        return CroppedChopsUpdate(chops, spans, [cuts[1:] for cuts in self.cuts])


def _runs(start: int, end: int, lines: frozenset[int] | None) -> Iterable[tuple[int, int]]:
    """The runs of ``lines`` within start..end-1, as (first, how many); all of it without."""
    if lines is None:
        yield start, end - start
        return
    first = None
    for y in range(start, end + 1):
        if y < end and y in lines:
            if first is None:
                first = y
        elif first is not None:
            yield first, y - first
            first = None


def lean_updates(screen: Screen) -> Screen:
    """Give a screen that is not shown yet the lean compositor; returns the screen.

    On first use this checks that Textual still has every internal the lean compositor
    relies on, in the shape it expects; if not, every screen keeps Textual's own
    compositor (correct, only more bytes a keystroke) and a warning is logged once.
    """
    global _missing
    if _missing is None:
        _missing = what_textual_lacks(screen)
        if _missing:  # first use is the first screen, while Textual holds stderr: not printed on screen
            log.warning("amtui's lean screen updates are off, as Textual %s has changed (%s); "
                        "screens are drawn by Textual's own compositor",
                        ".".join(map(str, _textual_version())), _missing)
    if not _missing and type(screen._compositor) is Compositor and not screen.is_mounted:
        screen._compositor = LeanCompositor()
    return screen


_painting: set[Widget] = set()  # widgets with a paint_soon queued


def paint_soon(widget: Widget) -> None:
    """Draw ``widget``'s pending changes as soon as the message being handled is done,
    before anything else runs (a keystroke's mark, from the grid's ``refresh``).

    Textual draws a change after a round of messages (the widget tells the screen, the
    screen goes idle, its update timer fires), with the database's save and the screen's
    other updates in between; on a busy server the typist waited for them. Here the
    widget's lines go to the terminal straight after the handler, by the screen's own
    update (what its timer would run); the other widgets follow on Textual's usual round.
    Nothing changes where the lean compositor is off (Textual draws it, as before).
    """
    if _missing != "" or widget in _painting or not widget.is_mounted:
        return
    _painting.add(widget)
    active_message_pump.get(widget.app).call_next(_paint_now, widget)


def after_paint(node: MessagePump, callback: Callable[..., object], *args: object) -> None:
    """Run ``callback(*args)`` once the message being handled is done and the redraws it
    asked for with ``paint_soon`` are drawn and sent: a keystroke's save is put together
    after its mark is on its way, not before (the same message, the same order of saves)."""
    active_message_pump.get(node.app).call_next(callback, *args)


def _paint_now(widget: Widget) -> None:
    _painting.discard(widget)
    if not widget.is_mounted or not widget._repaint_required:
        return
    screen = widget.screen
    if not isinstance(screen._compositor, LeanCompositor) or not screen.is_current or widget.app._batch_count:
        return  # drawn on Textual's round
    widget._repaint_required = False
    screen._dirty_widgets.add(widget)
    screen._on_timer_update()


def what_textual_lacks(screen: Screen) -> str:
    """What the lean compositor relies on that this Textual (and ``screen``) lacks; "" if nothing.

    Cheap enough for every start: a few signatures, two small objects, no metadata import.
    """
    version = _textual_version()
    if not WRITTEN_FOR[0] <= version[:2] < WRITTEN_FOR[1]:
        return f"version {'.'.join(map(str, version))} is outside {WRITTEN_FOR}"
    if Compositor is object:
        return "textual._compositor cannot be imported"
    for (owner, name), expected in NEEDED_CALLS.items():
        found = getattr(owner, name, None)
        if not callable(found):
            return f"{owner.__name__}.{name} is gone"
        try:
            parameters = tuple(inspect.signature(found).parameters)
        except (TypeError, ValueError):
            return f"{owner.__name__}.{name} has no readable signature"
        if parameters != expected:
            return f"{owner.__name__}.{name} takes {parameters}, not {expected}"
    owner, names = NEEDED_PROPERTIES
    for name in names:
        if not isinstance(inspect.getattr_static(owner, name, None), property):
            return f"{owner.__name__}.{name} is no longer a property"
    compositor, update = Compositor(), ChopsUpdate([], [], [])
    for thing, name in ((compositor, "_dirty_regions"), (compositor, "size"), (update, "chops"),
                        (update, "spans"), (update, "chop_ends")):
        if not hasattr(thing, name):
            return f"{type(thing).__name__}.{name} is gone"
    for name in ("_dirty_widgets", "_repaint_required"):  # paint_now
        if not hasattr(screen, name):
            return f"Screen.{name} is gone"
    if not isinstance(compositor._dirty_regions, set):
        return "Compositor._dirty_regions is no longer a set"
    if type(getattr(screen, "_compositor", None)) is not Compositor:
        return "a new screen no longer keeps its Compositor in Screen._compositor"
    return ""


def _textual_version() -> tuple[int, ...]:
    """Textual's version, read from the name of its install record where there is one
    (``importlib.metadata`` would add some 25 ms to every start)."""
    site = os.path.dirname(os.path.dirname(textual.__file__))
    try:
        names = [n for n in os.listdir(site) if n.startswith("textual-") and n.endswith(".dist-info")]
    except OSError:
        names = []
    text = names[0][len("textual-"):-len(".dist-info")] if len(names) == 1 else textual.__version__
    numbers = []
    for part in text.split("."):
        if not part.isdigit():
            break
        numbers.append(int(part))
    return tuple(numbers) or (0,)
