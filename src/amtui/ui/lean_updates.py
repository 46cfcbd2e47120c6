"""Send the terminal only the cells that changed, not the rest of their widget's line.

Textual redraws a changed region by resending its widget's line from the widget's left
edge. For the entry grid, one widget across the screen, a mark near the right would
resend most of the line: hundreds of bytes a keystroke on a slow SSH link. The
compositor here crops each changed line to the changed span itself, so a mark costs
its own cell, its row's figures and its column's count: tens of bytes each.

This replaces one method of the compositor's internals (the partial update), so what
reaches the terminal is covered by tests and measured by the grid benchmark.
"""

from __future__ import annotations

from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.screen import Screen


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

    def render_partial_update(self) -> ChopsUpdate | None:
        regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not regions:
            return None
        crop = Region.from_union(regions).intersection(self.size.region)
        spans = list(self._regions_to_spans(regions))
        changed_lines = {y for y, _, _ in spans}
        chops = self._render_chops(crop, changed_lines.__contains__)
        return CroppedChopsUpdate(chops, spans, [cuts[1:] for cuts in self.cuts])


def lean_updates(screen: Screen) -> Screen:
    """Give a screen that is not shown yet the lean compositor; returns the screen."""
    if type(screen._compositor) is Compositor and not screen.is_mounted:
        screen._compositor = LeanCompositor()
    return screen
