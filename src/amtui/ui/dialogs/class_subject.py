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
from amtui.db.repo.school import SubjectInfo
from amtui.ui.widgets.class_picker import ClassPicker
from amtui.ui.serial import OwnsDb


class ClassSubjectChooser(OwnsDb, ModalScreen[tuple[str, str] | None]):
    """Two lists: the subject, then the class (the user's own first), listing the classes and
    tutor groups and that subject's teaching groups only, so a History teacher is not offered
    Science's groups; Enter on the class opens it. Dismisses with (class name, subject name),
    or None on Esc."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="chooser.cancel")]

    @dataclass
    class SubjectsLoaded(Message):
        subjects: list[SubjectInfo]

    def __init__(self) -> None:
        super().__init__()
        self.subjects: dict[str, SubjectInfo] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Open the class grid: choose a subject, then a class"))
            with Horizontal(classes="dialog-lists"):
                yield OptionList(id="choose-subject")
                yield ClassPicker(id="choose-class")
            yield Static(Content("Enter to choose, Tab to move, Esc to cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#choose-subject", OptionList).focus()
        self.db.post(school.subjects, done=self.SubjectsLoaded)

    @on(SubjectsLoaded)
    def fill_subjects(self, event: SubjectsLoaded) -> None:
        self.subjects = {s.name: s for s in event.subjects}
        subjects = self.query_one("#choose-subject", OptionList)
        subjects.add_options(Option(Content(s.name), id=s.name) for s in event.subjects)
        if subjects.option_count:
            subjects.highlighted = 0  # Enter picks at once, with no arrow key first
            self.query_one(ClassPicker).only_subject(event.subjects[0].id)  # at once, not when the highlight is told

    def subject(self) -> SubjectInfo | None:
        """The subject highlighted (chosen, or passed over with Tab)."""
        subjects = self.query_one("#choose-subject", OptionList)
        if subjects.highlighted is None or not subjects.option_count:
            return None
        return self.subjects.get(subjects.get_option_at_index(subjects.highlighted).id or "")

    @on(OptionList.OptionHighlighted, "#choose-subject")
    def subject_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        subject = self.subject()
        self.query_one(ClassPicker).only_subject(subject.id if subject else None)

    @on(OptionList.OptionSelected, "#choose-subject")
    def subject_chosen(self, event: OptionList.OptionSelected) -> None:
        self.query_one(ClassPicker).focus()

    @on(ClassPicker.Picked)
    def class_chosen(self, event: ClassPicker.Picked) -> None:
        subject = self.subject()
        if subject is None or event.class_info is None:
            self.query_one("#choose-subject", OptionList).focus()
            return
        self.dismiss((event.class_info.name, subject.name))
