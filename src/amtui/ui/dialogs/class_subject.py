"""Choose a class and a subject (for the class grid opened from the palette or home)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from amtui.db.repo import school


class ClassSubjectChooser(ModalScreen[tuple[str, str] | None]):
    """Two lists: pick the class, then the subject; Enter on the subject opens it."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Open the class grid: choose a class, then a subject"))
            with Horizontal(classes="dialog-lists"):
                yield OptionList(id="choose-class")
                yield OptionList(id="choose-subject")
            yield Static(Content("Enter to choose, Tab to move, Esc to cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="chooser")
    def load(self) -> None:
        today = self.app.today  # type: ignore[attr-defined]
        user = self.app.user  # type: ignore[attr-defined]
        year = school.current_half_term(today).year
        classes = school.classes(year)
        mine = [c for c in classes if c.id in user.class_ids]
        ordered = mine + [c for c in classes if c.id not in user.class_ids]
        subjects = school.subjects()
        self.app.call_from_thread(self.fill, ordered, subjects)

    def fill(self, classes, subjects) -> None:
        class_list = self.query_one("#choose-class", OptionList)
        class_list.add_options(Option(Content(f"{c.name} ({c.year_label})"), id=c.name) for c in classes)
        self.query_one("#choose-subject", OptionList).add_options(
            Option(Content(s.name), id=s.name) for s in subjects)
        class_list.focus()

    @on(OptionList.OptionSelected, "#choose-class")
    def class_chosen(self) -> None:
        self.query_one("#choose-subject", OptionList).focus()

    @on(OptionList.OptionSelected, "#choose-subject")
    def subject_chosen(self, event: OptionList.OptionSelected) -> None:
        classes = self.query_one("#choose-class", OptionList)
        if classes.highlighted is None:
            classes.focus()
            return
        self.dismiss((classes.get_option_at_index(classes.highlighted).id, event.option.id))
