"""A print being made: a progress bar while the record is written, turned into a PDF and
sent to the school's printer, all on the dialog's database queue so the screen keeps
drawing (each step comes back as ``Progressed``, the result as ``Printed``).

Dismissed with the one line to show in the screen's message line: "Sent 28 profiles to
Office-Printer, job Office-Printer-12.", where the files went, or why nothing was printed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from amtui.reports.printing import PrintFailed, Writer, print_from_app
from amtui.ui.serial import SAYS_WHY, DbFailed, OwnsDb

log = logging.getLogger(__name__)


@dataclass
class Progressed(Message):
    """The print has reached ``step``, ``fraction`` of the way."""

    step: str
    fraction: float


@dataclass
class Printed(Message):
    """The print was made: what to tell the person."""

    said: str


class PrintDialog(OwnsDb, ModalScreen[str]):
    """Prints ``write``'s record the app's way (``reports.printing.print_from_app``)."""

    def __init__(self, title: str, write: Writer) -> None:
        super().__init__()
        self.title_text = title
        self.write = write

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="print-dialog"):
            yield Static(Content(self.title_text), id="print-title")
            yield ProgressBar(total=1.0, show_eta=False, id="print-bar")
            yield Static(Content("Starting..."), id="print-step", classes="dialog-hint")

    def on_mount(self) -> None:
        # Closing the dialog with the result does not stop its queue's thread: a job queued
        # is always run to its end.
        write, post = self.write, self.post_message
        self.db.post(lambda: print_from_app(write, progress=lambda step, fraction: post(
            Progressed(step, fraction))).message(), done=Printed)

    @on(Progressed)
    def _progressed(self, event: Progressed) -> None:
        self._show(event.step, event.fraction)

    def _show(self, step: str, fraction: float) -> None:
        self.query_one("#print-bar", ProgressBar).update(progress=fraction)
        self.query_one("#print-step", Static).update(Content(step))

    @on(Printed)
    def _printed(self, event: Printed) -> None:
        self.dismiss(event.said)

    @on(DbFailed)
    def _not_printed(self, event: DbFailed) -> None:
        """Why nothing was printed, in the screen's message line; a bug is logged with its
        traceback and told in one line, never drawn."""
        event.stop()
        error = event.error
        if isinstance(error, PrintFailed):
            said = str(error)
        elif isinstance(error, SAYS_WHY):
            said = f"Nothing was printed: {error}"
        elif isinstance(error, OSError):
            said = f"Nothing was printed: the print could not be written ({error.strerror or error})."
        else:
            log.error("printing %s failed", self.title_text, exc_info=error)
            said = f"Nothing was printed: amtui failed ({type(error).__name__}: {error}); the log has the details."
        self.dismiss(said)
