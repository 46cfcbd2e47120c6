"""What to do with a class (Enter on one of "My classes"): mark it, test it, rate it, print
its profiles."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from amtui.db.repo import school
from amtui.ui.serial import DbFailed, OwnsDb

# (screen key, label) for the entries that need only the class.
CLASS_SCREENS = (
    ("weekly", "Weekly basic skills tests"),
    ("halfterm", "Half-term tests"),
    ("attitude", "Attitude and attendance"),
    ("bigwrite", "Big Write"),
    ("find", "Pupils in the class"),
    ("print_profiles", "Print the class's profiles (this half-term)"),
)


class ClassMenu(OwnsDb, ModalScreen[None]):
    """A class's screens: the class grid per subject, then the rest."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    @dataclass
    class SubjectsRead(Message):
        names: list[str]

    def __init__(self, class_id: int, class_name: str) -> None:
        super().__init__()
        self.class_id, self.class_name = class_id, class_name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(f"Class {self.class_name}"))
            yield OptionList(id="class-menu")
            yield Static(Content("Enter to open, Esc to cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.db.post(lambda: self.SubjectsRead([s.name for s in school.subjects()]))

    @on(SubjectsRead)
    def _read(self, event: SubjectsRead) -> None:
        self.fill(event.names)

    @on(DbFailed)
    def _not_read(self, event: DbFailed) -> None:
        """The subjects could not be read (the app says why): the rest can still be opened."""
        self.fill([])

    def fill(self, subjects: list[str]) -> None:
        menu = self.query_one("#class-menu", OptionList)
        menu.add_options(Option(Content(f"Class grid: {name}"), id=f"class_grid:{name}") for name in subjects)
        menu.add_options(Option(Content(label), id=key) for key, label in CLASS_SCREENS)
        menu.highlighted = 0
        menu.focus()

    @on(OptionList.OptionSelected, "#class-menu")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        key, _, subject = str(event.option.id).partition(":")
        self.dismiss()
        if key == "print_profiles":
            self._print_profiles()
        elif key == "find":
            self.app.open_screen("find", class_id=self.class_id, class_name=self.class_name)  # type: ignore[attr-defined]
        elif subject:
            self.app.open_screen(key, class_name=self.class_name, subject=subject)  # type: ignore[attr-defined]
        else:
            self.app.open_screen(key, class_name=self.class_name)  # type: ignore[attr-defined]

    def _print_profiles(self) -> None:
        """As the class grid's P: one document, a page per pupil, through the print dialog;
        what became of it is said in a notification (home has no message line)."""
        from amtui.reports.profile import profiles_writer
        from amtui.ui.dialogs.printing import PrintDialog

        app = self.app
        writer = profiles_writer(self.class_id, today=app.today)  # type: ignore[attr-defined]
        dialog = PrintDialog(f"Printing the profiles of {self.class_name}", writer)
        # Once this menu has gone: pushed now, the menu's dismissal would take the dialog.
        app.call_later(app.push_screen, dialog, lambda said: app.notify(said, title="Print", timeout=30))
