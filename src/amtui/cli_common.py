"""What the command line's commands share: the errors they end with, opening the
database, who may do what, naming a class, a subject or a pupil, and clean output.

Every ``cli*`` module imports this one, and this one imports none of them, so the command
line has no import cycle. Like ``cli.py`` it imports only the standard library and the
config at load time; the database comes with the call that needs it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from amtui import config, identity

if TYPE_CHECKING:
    from amtui.db.startup import Opened
    from amtui.domain.half_term import HalfTermNumber

EXIT_OK, EXIT_FAILED = 0, 1


class CommandFailed(Exception):
    """A command could not do its job; the message is for the user, exit status 1."""


def open_db(args: argparse.Namespace, create: bool = False) -> Opened:
    from amtui.db.startup import open_database

    opened = open_database(config.database_target(args.db, getattr(args, "in_school", None)), create=create)
    for warning in opened.warnings:
        print(f"amtui: warning: {warning}", file=sys.stderr)
    return opened


def acting_user(action_name: str):
    """The person at the keyboard (a ``CurrentUser``), once they are known to be allowed
    ``action_name`` (an Action's name); a leaver is told they may no longer log in."""
    from amtui.db.repo.staff import identify
    from amtui.domain.permissions import Action, refusal

    user = identify(identity.current_login())
    if user.refused:
        raise CommandFailed(user.refused)
    reason = refusal(user.roles, Action[action_name])
    if reason:
        raise CommandFailed(f"{reason} (you are logged in as '{user.login}'). Nothing was changed.")
    return user


def admin_only(action_name: str) -> str:
    """The login, once it is known to be allowed ``action_name`` (an Action's name)."""
    return acting_user(action_name).login


def named_class(name: str):
    """The class called ``name`` this year, or a message listing the real ones."""
    from amtui.db.repo import school

    found = school.class_by_name(name)
    if found is None:
        names = ", ".join(c.name for c in school.classes()) or "none yet"
        raise CommandFailed(f"There is no class '{name}' this year (classes: {names}).")
    return found


def class_and_subject(args: argparse.Namespace) -> tuple:
    """The class and subject named on the command line, or a message listing the real ones."""
    from amtui.db.repo import school

    found, subject = named_class(args.class_name), school.subject_by_name(args.subject)
    if subject is None:
        names = ", ".join(s.name for s in school.subjects()) or "none yet"
        raise CommandFailed(f"There is no subject '{args.subject}' (subjects: {names}).")
    return found, subject


def pupil_of(upn: str) -> tuple[int, str]:
    """(id, name) of the pupil with this UPN; CommandFailed when there is none."""
    from amtui.db.repo.meetings import pupil_by_upn

    found = pupil_by_upn(upn)
    if found is None:
        raise CommandFailed(f"There is no pupil with UPN '{upn}' (amtui's finder, f, searches by name).")
    return found


def named_pupil(words: list[str]) -> tuple[int, str]:
    """The one pupil a UPN or name means (leavers too when nobody on roll matches)."""
    from amtui.db.repo.pupils import fold, search_pupils

    text = " ".join(words)
    hits = search_pupils(text, limit=21) or search_pupils(text, include_leavers=True, limit=21)
    exact = [h for h in hits if h.upn.lower() == text.strip().lower() or fold(h.name) == fold(text.strip())]
    hits = exact or hits
    if not hits:
        raise CommandFailed(f"No pupil matches '{text}' (give a UPN or part of a name).")
    if len(hits) > 1:
        listed = "\n".join(f"  {h.upn}  {h.name} ({h.class_name or 'no class'})" for h in hits[:20])
        raise CommandFailed(f"{len(hits) if len(hits) <= 20 else 'More than 20'} pupils match '{text}'; "
                            f"give the UPN:\n{listed}")
    return hits[0].id, hits[0].name


def half_term_arg(args: argparse.Namespace) -> HalfTermNumber | None:
    """``--half-term H`` as a half-term of this year (None when not given: the current
    one); CommandFailed when it is not 1 to 6. Every command's ``--half-term`` is read here."""
    from amtui.domain.half_term import HalfTermNumber

    if args.half_term is None:
        return None
    try:
        return HalfTermNumber(args.half_term)
    except ValueError:
        raise CommandFailed(f"--half-term {args.half_term} is not 1 to 6.") from None


def require_admin_once_staff_exist(login: str) -> None:
    """Only the admin imports; the very first import (of staff, into an empty school) is
    how the admin gets onto the staff list, so it is allowed."""
    from amtui.db.connection import read
    from amtui.db.models import Staff
    from amtui.db.repo.staff import identify
    from amtui.domain.permissions import Action, refusal

    if not read(lambda: Staff.select().exists()):
        return
    user = identify(login)
    if user.refused:
        raise CommandFailed(user.refused)
    reason = refusal(user.roles, Action.IMPORT)
    if reason:
        raise CommandFailed(f"{reason} (you are logged in as '{login}'). Nothing was imported.")


def shown(message: object) -> str:
    """A message for the terminal: what it quotes of the user's input or files (a name, a
    cell) has its control characters drawn visibly, never sent as instructions."""
    from amtui.domain.text import printable

    return printable(str(message), most=20_000, lines=True)


def progress_bar(title: str) -> Callable[[str, float], None]:
    """A progress callback drawing a one-line bar on stderr (plain lines when not a tty)."""
    tty = sys.stderr.isatty()

    def show(step: str, fraction: float) -> None:
        percent = int(max(0.0, min(1.0, fraction)) * 100)
        if tty:
            filled = percent // 5
            bar = "#" * filled + "-" * (20 - filled)
            end = "\n" if percent >= 100 else ""
            print(f"\r{title}: [{bar}] {percent:3d}% {step:<30.30}", end=end, file=sys.stderr, flush=True)
        else:
            print(f"{title}: {percent:3d}% {step}", file=sys.stderr)

    return show


class _CountedLines:
    """Standard output, counting the lines given to the program reading it."""

    def __init__(self, stream) -> None:
        self.stream, self.lines = stream, 0

    def write(self, text: str) -> int:
        self.stream.write(text)
        self.lines += text.count("\n")
        return len(text)


def reader_stopped() -> None:
    """The program reading standard output has gone (``| head``): what amtui still holds for
    it goes nowhere, so neither a later print nor Python's exit says "Broken pipe"."""
    import os

    try:
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, sys.stdout.fileno())
        os.close(nowhere)
    except (AttributeError, OSError, ValueError):
        pass  # not a file (a test's): nothing is flushed into it at exit


def flushed(status: int) -> int:
    """``status``, once standard output is flushed: a reader gone early (``| head``) ends the
    command quietly here, rather than in a message of Python's at exit."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        reader_stopped()
    return status


def to_standard_output(write: Callable[[object], int], header: int = 1, unit: str = "rows") -> int:
    """``write`` into standard output; how many rows. When the program reading it stops
    early (``| head``), the rows it was given have left amtui: at most their number (the
    lines handed over, less the ``header``) is returned, for the audit trail, and said on
    stderr; the rest is dropped. The command then ends as it would have (exit status 0):
    the reader chose to stop, so ``set -o pipefail`` scripts do not fail on it."""
    out = _CountedLines(sys.stdout)
    try:
        rows = write(out)
        sys.stdout.flush()
        return rows
    except BrokenPipeError:
        reader_stopped()
        rows = max(out.lines - header, 0)
        print(f"amtui: the program reading the export stopped it after at most {rows} {unit}; "
              "those are recorded as exported", file=sys.stderr)
        return rows


def write_csv_out(args: argparse.Namespace, write: Callable[[object], int]) -> int:
    """Run ``write(stream)`` into ``args.out`` (a private file, with a BOM for Excel; says how
    many rows it wrote) or standard output; how many rows. A file that cannot be written is
    a CommandFailed, and so is a refusal of the rules."""
    from amtui import outputs
    from amtui.domain.errors import UserFacingError

    try:
        if args.out:
            with outputs.open_private(args.out, encoding="utf-8-sig") as out:
                rows = write(out)
            print(f"amtui: wrote {rows} rows to {args.out}", file=sys.stderr)
        else:
            rows = to_standard_output(write)
    except UserFacingError as error:
        raise CommandFailed(str(error)) from error
    except OSError as error:
        raise CommandFailed(f"Cannot write {args.out}: {error.strerror}") from error
    return rows
