"""A print being made: a progress bar while the record is written, turned into a PDF and
sent to the school's printer, all on a worker thread so the screen keeps drawing.

Dismissed with the one line to show in the screen's message line: "Sent 28 profiles to
Office-Printer, job Office-Printer-12.", where the files went, or why nothing was printed.
"""

from __future__ import annotations

import logging

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from amtui.reports.printing import PrintFailed, Writer, print_from_app
from amtui.ui.serial import SAYS_WHY

log = logging.getLogger(__name__)


class PrintDialog(ModalScreen[str]):
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
        # The app's worker, not the dialog's: closing the dialog with the result must not
        # cancel the thread that is handing the result over.
        self.app.run_worker(self._print, name="print", group="print", thread=True, exit_on_error=False)

    def _show(self, step: str, fraction: float) -> None:
        self.query_one("#print-bar", ProgressBar).update(progress=fraction)
        self.query_one("#print-step", Static).update(Content(step))

    def _print(self) -> None:
        try:
            said = print_from_app(self.write, progress=lambda step, fraction: self.app.call_from_thread(
                self._show, step, fraction)).message()
        except PrintFailed as refused:
            said = str(refused)
        except SAYS_WHY as unreachable:
            said = f"Nothing was printed: {unreachable}"
        except OSError as error:
            said = f"Nothing was printed: the print could not be written ({error.strerror or error})."
        except Exception as error:  # a bug: logged with its traceback, told in one line, never drawn
            log.exception("printing %s failed", self.title_text)
            said = f"Nothing was printed: amtui failed ({type(error).__name__}: {error}); the log has the details."
        self.app.call_from_thread(self.dismiss, said)
