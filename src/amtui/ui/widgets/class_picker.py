"""Choose a class: the user's own first, then the rest of the year's. Enter posts ``Picked``."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from amtui.db.connection import read
from amtui.db.repo import school
from amtui.db.repo.school import ClassInfo
from amtui.db.repo.staff import as_now
from amtui.ui.serial import OwnsDb


def find_class(today, name: str | None = None, class_id: int | None = None) -> ClassInfo | None:
    """This year's class with that id or name (any case); None when there is none."""
    year = school.current_half_term(today).year
    return next((c for c in school.classes(year) if c.id == class_id
                 or (name is not None and c.name.lower() == name.lower())), None)


class ClassPicker(OwnsDb, OptionList):
    """The year's classes (read through its own database queue); Enter picks one."""

    @dataclass
    class Loaded(Message):
        classes: list[ClassInfo]
        mine: frozenset[int] = frozenset()  # the person's classes and groups when read

    @dataclass
    class Picked(Message):
        class_info: ClassInfo | None  # None: the class named to start() is not there

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.choices: list[ClassInfo] = []  # those listed
        self.loaded: list[ClassInfo] = []  # the year's, all of them
        self.subject_id: int | None = None  # listing classes and this subject's groups only
        self.mine: frozenset[int] = frozenset()

    def on_mount(self) -> None:
        today, user = self.app.today, self.app.user  # type: ignore[attr-defined]

        def load() -> ClassPicker.Loaded:
            found = school.classes(school.current_half_term(today).year)
            mine = read(lambda: as_now(user, today).class_ids)  # as now: one given since login too
            return self.Loaded(sorted(found, key=lambda c: c.id not in mine), mine)  # stable: own classes first

        self.db.post(load)

    def start(self, name: str | None = None, class_id: int | None = None) -> None:
        """Pick the class named (or with that id) at once, as if chosen; with neither,
        wait for the user's choice."""
        if name is None and class_id is None:
            self.focus()
            return
        today = self.app.today  # type: ignore[attr-defined]
        self.db.post(lambda: find_class(today, name, class_id), done=self.Picked)

    @on(Loaded)
    def fill(self, event: Loaded) -> None:
        event.stop()
        self.loaded, self.mine = event.classes, event.mine
        self.only_subject(self.subject_id)

    def only_subject(self, subject_id: int | None) -> None:
        """List the classes and tutor groups, and of the teaching groups only those of
        ``subject_id`` (None: every group)."""
        self.subject_id = subject_id
        self.choices = [c for c in self.loaded
                        if subject_id is None or c.subject_id is None or c.subject_id == subject_id]
        mine = self.mine
        self.clear_options()
        self.add_options(Option(Content(f"{c.name} ({c.year_label}, {c.pupils} pupils)"
                                        + ("  · yours" if c.id in mine else "")), id=str(c.id))
                         for c in self.choices)
        if self.option_count:
            self.highlighted = 0

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = next(c for c in self.choices if str(c.id) == event.option.id)
        self.post_message(self.Picked(chosen))
