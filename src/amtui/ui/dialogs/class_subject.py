"""Choose a class and a subject (for the class grid opened from the palette or home)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from amtui.db.repo import school
from amtui.db.repo.school import ClassInfo, SubjectInfo
from amtui.ui.widgets.class_picker import ClassPicker
from amtui.ui.serial import OwnsDb


class ClassSubjectChooser(OwnsDb, ModalScreen[tuple[str, str] | None]):
    """Two lists: the class (the user's own first), then the subject; Enter on the subject
    opens it. Dismisses with (class name, subject name), or None on Esc."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="chooser.cancel")]

    @dataclass
    class SubjectsLoaded(Message):
        subjects: list[SubjectInfo]

    def __init__(self) -> None:
        super().__init__()
        self.chosen: ClassInfo | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Open the class grid: choose a class, then a subject"))
            with Horizontal(classes="dialog-lists"):
                yield ClassPicker(id="choose-class")
                yield OptionList(id="choose-subject")
            yield Static(Content("Enter to choose, Tab to move, Esc to cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(ClassPicker).focus()
        self.db.post(school.subjects, done=self.SubjectsLoaded)

    @on(SubjectsLoaded)
    def fill_subjects(self, event: SubjectsLoaded) -> None:
        subjects = self.query_one("#choose-subject", OptionList)
        subjects.add_options(Option(Content(s.name), id=s.name) for s in event.subjects)
        if subjects.option_count:
            subjects.highlighted = 0  # Enter picks at once, with no arrow key first

    @on(ClassPicker.Picked)
    def class_chosen(self, event: ClassPicker.Picked) -> None:
        self.chosen = event.class_info
        self.query_one("#choose-subject", OptionList).focus()

    @on(OptionList.OptionSelected, "#choose-subject")
    def subject_chosen(self, event: OptionList.OptionSelected) -> None:
        picker = self.query_one(ClassPicker)
        chosen = self.chosen
        if chosen is None and picker.highlighted is not None and picker.choices:
            chosen = picker.choices[picker.highlighted]  # a subject chosen straight after Tab
        if chosen is None:
            picker.focus()
            return
        self.dismiss((chosen.name, event.option.id))
