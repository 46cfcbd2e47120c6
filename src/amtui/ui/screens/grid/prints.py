"""The class grid's prints: ``p`` the class record, ``P`` the class's half-term profiles (one
document, a page per pupil). Each goes through the print dialog (a progress bar, a worker
thread) and its result lands in the grid's message line."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from amtui.db.repo.class_grid import GridData
    from amtui.reports.printing import Writer


class PrintsClassRecords:
    """Mixin for the class grid (``data``: the grid shown; ``say``: its message line)."""

    data: GridData | None

    def action_print(self) -> None:
        from amtui.reports.class_record import class_record_writer

        if self.data is not None:
            self._print(f"Printing the class record of {self.data.school_class.name}", class_record_writer(self.data))

    def action_print_profiles(self) -> None:
        from amtui.reports.profile import profiles_writer

        if self.data is not None:
            shown = self.data
            self._print(f"Printing the profiles of {shown.school_class.name}, {shown.half_term.label}",
                        profiles_writer(shown.school_class.id, shown.half_term.number,
                                        today=self.app.today))  # type: ignore[attr-defined]

    def _print(self, title: str, write: Writer) -> None:
        from amtui.ui.dialogs.printing import PrintDialog

        self.app.push_screen(PrintDialog(title, write), self._printed)  # type: ignore[attr-defined]

    def _printed(self, said: str) -> None:
        self.say(said)  # type: ignore[attr-defined]
        if len(said) > 2 * self.size.width:  # type: ignore[attr-defined]
            # More than the message line's two lines (a refusal with where the PDF was kept):
            # the whole of it, where it can be read.
            self.notify(said, title="Print", severity="warning", timeout=30)  # type: ignore[attr-defined]
