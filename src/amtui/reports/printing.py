"""Prints on paper: a record's HTML rendered to PDF by headless Chromium and sent to the
school's CUPS print queue with ``lp``; without a queue, files where the person can reach them.

Where a print goes, in words a school expects:
- the settings name a queue (``print_queue``): it goes to that printer, from the command
  line and from the app alike; if CUPS will not take it (no such queue, CUPS down) the
  PDF is kept and the message says where, so nothing is lost;
- no queue, on a person's own computer: files in ``~/amtui-prints`` (or ``$AMTUI_PRINTS``);
- no queue, on the school server: the command line sends the file on standard output
  (``ssh server amtui print ... > file``); the app refuses with a plain message, because a
  file left in the service account's folder is one the person cannot reach (they have no
  shell, scp or sftp there), and a print that silently goes nowhere is worse than none.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from amtui import config, identity, outputs
from amtui.domain.text import printable

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
RENDER_SECONDS = 120
LP_SECONDS = 60
_JOB = re.compile(r"request id is (\S+)")

Progress = Callable[[str, float], None]


class PrintFailed(Exception):
    """The print could not be made at all; the message says why and what to do."""


class QueueRefused(Exception):
    """CUPS would not take the print (no such queue, CUPS not running, lp missing)."""


@dataclass(frozen=True)
class Printed:
    """What became of one print: sent to a queue as a job, or files written or kept."""

    what: str
    paths: tuple[Path, ...] = ()
    queue: str = ""
    job: str = ""
    problem: str = ""

    def message(self) -> str:
        """One line for the message line or standard error."""
        if self.job:
            return f"Sent {self.what} to {self.queue}, job {self.job}."
        where = self.paths[0] if len(self.paths) == 1 else self.paths[0].parent if self.paths else "nowhere"
        if self.problem:
            return f"{self.problem} Nothing is lost: the print was kept in {where}."
        return f"Wrote {self.what} to {where}."


def prints_folder() -> Path:
    """Where prints are written or kept: ``$AMTUI_PRINTS``, else ``~/amtui-prints``; on the
    school server a folder per person inside the service account's (the admin hands it over)."""
    base = Path(os.environ.get("AMTUI_PRINTS") or Path.home() / "amtui-prints")
    if config.in_service_mode():
        return base / identity.current_login()
    return base


def print_queue() -> str:
    """The CUPS queue named in the school's settings ('' when prints are files)."""
    from amtui.db.repo.school import load_settings

    return load_settings().print_queue


def chromium() -> str | None:
    """The headless browser that turns a record's HTML into a PDF, if installed."""
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def render_pdf(page: Path, pdf: Path) -> Path:
    """Render ``page`` (self-contained HTML with its own @page size) to ``pdf``."""
    browser = chromium()
    if browser is None:
        raise PrintFailed("Printing to a printer needs Chromium to make the PDF; the admin installs it "
                          "(apt-get install chromium).")
    with outputs.private_temp_folder() as profile:
        try:
            done = subprocess.run(
                [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()],
                capture_output=True, text=True, timeout=RENDER_SECONDS, env={**os.environ, "HOME": profile},
                stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PrintFailed(f"Chromium took over {RENDER_SECONDS} s to make the PDF; nothing was printed. "
                              f"The page is in {page}.") from None
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise PrintFailed(f"Chromium could not make the PDF ({printable(last)}); nothing was printed.")
    os.chmod(pdf, 0o600)  # pupils' records: the writer's alone
    return pdf


def _cups(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=LP_SECONDS, stdin=subprocess.DEVNULL,
                          env={**os.environ, "LC_ALL": "C"})


def send(document: Path, queue: str, title: str) -> str:
    """Send ``document`` to ``queue`` with ``lp`` on A4; returns the job id ("Office-1")."""
    try:
        done = _cups(["lp", "-d", queue, "-t", title, "-o", "media=A4", "--", str(document)])
    except FileNotFoundError:
        raise QueueRefused("Cannot print: lp is not installed here (the admin installs cups-client).") from None
    except subprocess.TimeoutExpired:
        raise QueueRefused(f"Cannot print: CUPS did not answer within {LP_SECONDS} s.") from None
    found = _JOB.search(done.stdout)
    if done.returncode == 0 and found:
        return found.group(1)
    raise QueueRefused(_why_refused(queue, done.stderr))


def _why_refused(queue: str, said: str) -> str:
    try:
        running = "scheduler is running" in _cups(["lpstat", "-r"]).stdout
    except (OSError, subprocess.TimeoutExpired):
        running = False
    if not running:
        return "Cannot print: CUPS (the print service) is not running; the admin starts it (systemctl start cups)."
    if "does not exist" in said:
        return (f"Cannot print: there is no print queue '{queue}' (lpstat -p lists the queues; "
                f"the admin sets the right one with amtui settings set print_queue NAME).")
    line = (said.strip().splitlines() or ["no reason given"])[0]
    return f"Cannot print to {queue}: {printable(line.removeprefix('lp: '))}"  # CUPS's words, made safe to show


def keep(document: Path, folder: Path) -> Path:
    """Copy a print CUPS would not take into ``folder`` (the writer's alone): the temporary
    folder it was made in goes when the print ends."""
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / document.name
    shutil.copyfile(document, kept)
    os.chmod(kept, 0o600)
    return kept


def deliver(paths: list[Path], what: str, queue: str, *, progress: Progress | None = None) -> Printed:
    """Send a written record to ``queue``: its HTML as a PDF (else its first file as it is).

    When CUPS will not take it, the document is kept in :func:`prints_folder`.
    """
    if not paths:
        raise PrintFailed(f"There is nothing to print for {what}.")
    page = next((p for p in paths if p.suffix == ".html"), None)
    if page is not None:
        if progress:
            progress("making the PDF", 0.9)
        document = render_pdf(page, page.with_suffix(".pdf"))
    else:
        document = paths[0]
    if progress:
        progress(f"sending to {queue}", 0.95)
    try:
        job = send(document, queue, document.stem)
    except QueueRefused as refused:
        return Printed(what, (keep(document, prints_folder()),), queue, problem=str(refused))
    return Printed(what, (), queue, job)


Writer = Callable[[Path, Progress | None], tuple[list[Path], str]]
"""Writes a record into a folder, telling ``progress`` how far it is (up to 0.9); returns
the paths written and what it is ("28 profiles")."""


def print_record(write: Writer, *, queue: str | None = None, out: Path | None = None,
                 progress: Progress | None = None) -> Printed:
    """Make one print: files in ``out`` when given, else to ``queue`` (default: the
    settings'), else files in :func:`prints_folder`. ``progress`` hears the writer's steps,
    then the PDF and the queue's, and "done" at 1.0 last."""
    if out is None and queue is None:
        queue = print_queue()
    try:
        if out is not None or not queue:
            paths, what = write(out or prints_folder(), progress)
            return Printed(what, tuple(paths))
        with outputs.private_temp_folder() as folder:
            paths, what = write(Path(folder), progress)
            return deliver(paths, what, queue, progress=progress)
    finally:
        if progress:
            progress("done", 1.0)


NO_QUEUE_ON_SERVER = ("Printing from amtui on the school server needs a print queue: ask the admin to set one "
                      "(amtui settings set print_queue NAME). Until then print from your own computer: "
                      "ssh SERVER amtui print ... > FILE.")


def print_from_app(write: Writer, *, progress: Progress | None = None) -> Printed:
    """A print asked for in the app: to the queue; files only where the person can reach them."""
    queue = print_queue()
    if not queue and config.in_service_mode():
        raise PrintFailed(NO_QUEUE_ON_SERVER)
    return print_record(write, queue=queue, progress=progress)
