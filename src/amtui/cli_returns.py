"""Progress returns on the command line: ``amtui returns`` (the return screen, the head of
department's check, the chasing list, the calendar) and ``amtui export returns`` /
``amtui export missing-returns --return NAME``.

Kept apart from ``cli.py`` (which routes to them) so that file stays small.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections.abc import Callable
from typing import TextIO

from amtui import outputs
from amtui.cli_common import EXIT_OK, CommandFailed, acting_user, open_db, write_csv_out
from amtui.domain.errors import UserFacingError

EXPORTS = ("returns", "missing-returns")
SCREENS = {"enter": "returns", "check": "returns-check", "missing": "returns-missing"}


def add_returns_arguments(export: argparse.ArgumentParser, commands: argparse._SubParsersAction) -> None:
    """``--return`` for the exports (shared with the concerns export), and ``amtui returns``."""
    if not any("--return" in action.option_strings for action in export._actions):
        export.add_argument("--return", dest="return_name", metavar="NAME", help="the return, e.g. 'Y11 October'")
    returns = commands.add_parser("returns", help="progress returns: enter yours, check (HoD), chase, the calendar")
    what = returns.add_subparsers(dest="what", metavar="WHAT")
    what.add_parser("enter", help="the return screen: your teaching groups for the open return (the default)")
    what.add_parser("check", help="heads of department: approve or query the department's projected grades")
    what.add_parser("missing", help="who has not returned yet, per department and teacher")
    what.add_parser("windows", help="this year's returns: name, year, kind, opens, due")
    opening = what.add_parser("open", help="the AMT: add a return or change one (its dates, year, kind)")
    opening.add_argument("name", metavar="NAME", help="e.g. 'Y11 Mocks'")
    opening.add_argument("--year", type=int, required=True, metavar="N", help="the year group, 7-13")
    opening.add_argument("--due", required=True, metavar="DATE")
    opening.add_argument("--opens", metavar="DATE", help="default: two weeks before it is due")
    opening.add_argument("--kind", choices=("aob", "projected", "final"),
                         help="default: projected for Year 11, else aob (or the return's own)")


def _year() -> int:
    from amtui.domain.calendar import academic_year_of

    return academic_year_of(dt.date.today())


def _date(text: str, what: str) -> dt.date:
    from amtui.domain.calendar import parse_school_date

    try:
        return parse_school_date(text)
    except ValueError as error:
        raise CommandFailed(f"{what}: {error}") from None


def _on_the_staff():
    """The person at the keyboard, once they are known to be on the staff list."""
    from amtui import identity
    from amtui.db.repo.staff import identify

    user = identify(identity.current_login())
    if user.refused:
        raise CommandFailed(user.refused)
    return user


def cmd_returns(args: argparse.Namespace, run_app: Callable[..., int]) -> int:
    """``amtui returns [enter|check|missing|windows|open]``; ``run_app`` opens a screen (cli's)."""
    opened = open_db(args)
    what = args.what or "enter"
    if what in SCREENS:
        return run_app(opened, SCREENS[what])
    from amtui.db.repo import returns

    if what == "windows":  # the calendar, for anyone on the staff: the return screen sends teachers here
        _on_the_staff()
        for info in returns.windows(_year()):
            extra = " + coursework" if info.coursework else ""
            print(f"{info.name:<16} Year {info.year_group:<3} {info.kind + extra:<22} "
                  f"opens {info.opens:%d/%m/%Y}  due {info.due:%d/%m/%Y}")
        return EXIT_OK
    user = _on_the_staff()
    try:
        info = returns.open_window(user, _year(), args.name, args.year, _date(args.due, "--due"),
                                   opens=_date(args.opens, "--opens") if args.opens else None, kind=args.kind)
    except UserFacingError as error:
        raise CommandFailed(f"{str(error).rstrip('.')}. Nothing was changed.") from None
    print(f"amtui: {info.name} (Year {info.year_group}, {info.kind}) opens {info.opens:%d/%m/%Y}, "
          f"due {info.due:%d/%m/%Y}.", file=sys.stderr)
    return EXIT_OK


def export_returns(out: TextIO, window) -> int:
    """upn, subject, teacher, aob, projected, coursework, checked: one row per return."""
    from amtui.db.repo.returns_read import window_returns

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["upn", "subject", "teacher", "aob", "projected", "coursework", "checked"])
    rows = window_returns(window)
    for upn, subject, info in rows:
        checked = "yes" if info.checked else ("queried" if info.query else "")
        writer.writerow([upn, subject, info.teacher, info.aob, info.projected, info.coursework, checked])
    return len(rows)


def export_missing(out: TextIO, window, subject_ids=None) -> int:
    """subject, group, teacher, upn, surname, forename: who has not returned yet."""
    from amtui.db.models import Pupil
    from amtui.db.repo.returns_read import missing

    rows = missing(window, _year(), dt.date.today(), subject_ids)
    people = {pid: rest for pid, *rest in Pupil.select(Pupil.id, Pupil.upn, Pupil.surname, Pupil.forename)
              .where(Pupil.id.in_([e.pupil_id for e in rows])).tuples()}
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["subject", "group", "teacher", "upn", "surname", "forename"])
    for e in rows:
        writer.writerow([e.subject, e.group, e.teacher, *people[e.pupil_id]])
    return len(rows)


def cmd_export(args: argparse.Namespace) -> int:
    """``amtui export returns --return NAME`` or ``amtui export missing-returns --return NAME``."""
    from amtui.cli_records import record_export
    from amtui.db.repo import returns
    from amtui.domain.roles import Role

    opened = open_db(args)
    user = acting_user("MONITOR")  # every department's returns: those who see the monitoring figures
    outputs.check_out(args.out, opened.target.path)
    if not getattr(args, "return_name", None):
        raise CommandFailed(f"amtui export {args.kind} needs --return NAME (amtui returns windows lists them).")
    try:
        window = returns.window_named(_year(), args.return_name)
    except UserFacingError as error:
        raise CommandFailed(str(error)) from None
    if args.kind == "returns":
        rows = write_csv_out(args, lambda out: export_returns(out, window))
    else:
        only = None if user.roles & {Role.SLT, Role.AMT, Role.ADMIN, Role.HOY} else user.hod_subjects
        rows = write_csv_out(args, lambda out: export_missing(out, window, only))
    record_export(args.kind, args.out, rows)
    return EXIT_OK
