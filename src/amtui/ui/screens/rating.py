"""What the attitude and Big Write sheets share: a class picked first (unless given), then a
grid rated one key a cell (g y r, Space to clear), each rating a kept save through the entry screens' ordered queue (put back, with
the reason, when it is refused), a read-only sheet that says why, the way the cursor moves
on, and a reward, certificate or sanction logged for the highlighted pupil.
"""

from __future__ import annotations

from textual import on
from textual.binding import Binding

from amtui.db.repo.school import ClassInfo
from amtui.ui.dialogs.records import LogEventDialog
from amtui.ui.screens.entry import EntryScreen
from amtui.ui.widgets.class_picker import ClassPicker
from amtui.ui.widgets.entry_grid import EntryGrid

COLOURS = {"G": "Green", "Y": "Yellow", "R": "Red"}


def rating_keys(prefix: str, meanings: dict[str, str], cleared: str) -> list[Binding]:
    """g y r, in the order of ``meanings`` (a letter: what it means on this sheet), and
    Space to clear; binding ids ``<prefix>.green`` ... ``<prefix>.clear``."""
    return [*(Binding(letter.lower(), f"rate('{letter}')", COLOURS[letter], tooltip=f"{COLOURS[letter]}: {meaning}",
                      id=f"{prefix}.{COLOURS[letter].lower()}") for letter, meaning in meanings.items()),
            Binding("space,delete", "clear", "Clear", show=False, tooltip=cleared, id=f"{prefix}.clear")]


def pupil_keys(prefix: str) -> list[Binding]:
    """``d`` (across or down after each rating) and ``l`` (log a reward ...)."""
    return [Binding("d", "direction", "Across/down", show=False, tooltip="Move on across the row or down",
                    id=f"{prefix}.direction"),
            Binding("l", "log_event", "Log reward", tooltip="Log a reward, certificate or sanction for the pupil",
                    id=f"{prefix}.log")]


class RatingSheet(EntryScreen):
    """Base for a sheet rated one key a cell; it is its own grid's source (``model``,
    blank until loaded). Subclasses say what a chosen class opens (``class_chosen``) and
    who the highlighted pupil is (``pupil_named``)."""

    KEYS_AT_ONCE = frozenset({"rate", "clear"})  # a rating key's binding runs in the grid, at once (keys_at_once)

    model = None
    refusal: str | None = None  # why this person may not change the sheet shown (None: they may)
    class_name: str | None = None  # the class asked for, by name or id (neither: the picker asks)
    class_id: int | None = None
    class_info: ClassInfo | None = None  # the class shown

    def on_mount(self) -> None:
        self.query_one(ClassPicker).start(self.class_name, self.class_id)

    @on(ClassPicker.Picked)
    def picked(self, event: ClassPicker.Picked) -> None:
        if event.class_info is None:
            self.say(f"There is no class '{self.class_name}' this year.")
            return
        self.class_info = event.class_info
        self.class_chosen()

    def class_chosen(self) -> None:
        """Open ``class_info``: each sheet says how."""
        raise TypeError(f"{type(self).__name__} must define class_chosen()")

    # the grid's source: what ``model`` shows
    def cell(self, row: int, column: int) -> tuple:
        return self.model.cell(row, column) if self.model else ("", None)

    def header(self, line: int, column: int) -> tuple:
        return self.model.header(line, column) if self.model else ("", None)

    def footer(self, line: int, column: int) -> tuple:
        return self.model.footer(line, column) if self.model else ("", None)

    @property
    def grid(self) -> EntryGrid:
        return self.query_one(EntryGrid)

    def read_only(self) -> bool:
        """The sheet may not be changed by this person: say why (nothing is saved)."""
        if self.refusal:
            self.refuse(f"Not saved: {self.refusal}")
        return bool(self.refusal)

    def action_direction(self) -> None:
        self.say(f"Moving {self.grid.toggle_direction()} after each entry.")

    def pupil_named(self) -> tuple[int, str] | None:
        """The highlighted pupil's id and name (None: no pupil here)."""
        raise TypeError(f"{type(self).__name__} must define pupil_named()")

    def action_log_event(self) -> None:
        if (found := self.pupil_named()) is not None:
            pupil_id, name = found
            self.app.push_screen(LogEventDialog(self.app.user, pupil_id, name),  # type: ignore[attr-defined]
                                 lambda saved: saved and self.say(f"Logged for {name}."))
