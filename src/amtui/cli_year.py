"""``amtui new-year``, ``amtui pupil move`` and ``amtui archive --year``: pupils' classes over
time and the year-end (admin).

Kept apart from ``cli.py`` (which routes here) so that file stays small.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from amtui.cli_common import EXIT_OK, CommandFailed, acting_user, open_db, progress_bar, shown


def today() -> dt.date:
    """The date the command acts on (tests pin it, as they pin the app's ``today``)."""
    return dt.date.today()


def add_year_parser(commands: argparse._SubParsersAction) -> None:
    """``amtui new-year [--pupils FILE] [--early]``."""
    parser = commands.add_parser("new-year", help="the year-end: open the next academic year, move pupils up, "
                                 "archive leavers, set new baselines and targets (admin)")
    parser.add_argument("--pupils", type=Path, metavar="FILE",
                        help="the MIS's pupils file with next year's year groups and classes (as import pupils)")
    parser.add_argument("--early", action="store_true",
                        help="open the next year before the summer term has ended")
    parser.add_argument("--year", metavar="YEAR",
                        help="the academic year to open, e.g. 2027-28 (default: the next one, by the date); "
                        "a year missed is opened this way before the years after it")


def _academic_year(text: str | None) -> int | None:
    """``--year 2027`` or ``--year 2027-28``: the year it starts in."""
    if text is None:
        return None
    first, _, second = text.strip().partition("-")
    if first.isdigit() and len(first) == 4 and (not second or (second.isdigit()
                                                               and int(second) == (int(first) + 1) % 100)):
        return int(first)
    raise CommandFailed(f"--year {text}: give the academic year as 2027-28 (or 2027). Nothing was changed.")


def _date(text: str | None, option: str) -> dt.date:
    from amtui.domain.calendar import parse_school_date

    try:
        return parse_school_date(text) if text else today()
    except ValueError as error:
        raise CommandFailed(f"{option}: {error}") from error


def cmd_new_year(args: argparse.Namespace) -> int:
    from amtui.db.repo import year_end
    from amtui.domain.errors import UserFacingError

    open_db(args)
    user = acting_user("NEW_YEAR")
    if args.pupils is not None and not args.pupils.is_file():
        raise CommandFailed(f"--pupils: there is no file {args.pupils}. Nothing was changed.")
    try:
        move = year_end.plan(today(), early=args.early, year=_academic_year(args.year))
    except UserFacingError as error:
        raise CommandFailed(str(error)) from error
    if args.early and today() <= year_end.summer_term_end(move.old):
        print(f"amtui: --early: opening {year_end.year_label_of(move.new)} before the summer term has ended.")
    steps = [
        ("Opening the year", lambda: year_end.open_year(user.login, move)),
        ("Pupils from the MIS file", lambda: _import_pupils(args.pupils, user.login, move)),
        ("Archiving leavers", lambda: year_end.archive_leavers(user.login, move)),
        ("Moving pupils up", lambda: year_end.move_up(user.login, move)),
        ("Who teaches which class", lambda: year_end.teachers_note(move)),
        ("Working stages and weekly levels", lambda: year_end.carried(move)),
        ("New baselines", lambda: year_end.set_baselines(user, move)),
        ("New long-term targets", lambda: year_end.set_targets(user, move)),
    ]
    show = progress_bar(f"New year {year_end.year_label_of(move.new)}")
    said = []
    for done, (title, step) in enumerate(steps):
        show(title, done / len(steps))
        try:
            result = step()
        except UserFacingError as error:
            show("stopped", done / len(steps))
            raise CommandFailed(f"{title}: {error} The steps before it are done; run amtui new-year again "
                                "once it is put right.") from error
        if result:
            said.append(result)
    show("done", 1.0)
    for line in said:
        print(f"amtui: {shown(line)}")
    return EXIT_OK


def _import_pupils(path: Path | None, login: str, move) -> str:
    """The MIS's pupils file, imported into the new year (its year groups and classes)."""
    if path is None:
        return ""
    from amtui.imports import ImportFailed
    from amtui.imports.runner import run

    try:
        result = run("pupils", path, login, today=move.first_day)
    except ImportFailed as error:
        from amtui.domain.errors import UserFacingError

        raise UserFacingError(str(error)) from error
    return f"{path.name}: {result.summary}"


def cmd_move(args: argparse.Namespace) -> int:
    """``amtui pupil move UPN CLASS [--from DATE]``."""
    from amtui.db.repo.membership import move_pupil
    from amtui.domain.errors import UserFacingError

    if len(args.who) != 3:
        raise CommandFailed("Usage: amtui pupil move UPN CLASS [--from DATE]")
    open_db(args)
    user = acting_user("MOVE_PUPIL")
    try:
        print(f"amtui: {shown(move_pupil(user, args.who[1], args.who[2], _date(args.start, '--from')))}")
    except UserFacingError as error:
        raise CommandFailed(str(error)) from error
    return EXIT_OK


def cmd_archive_year(args: argparse.Namespace) -> int:
    """``amtui archive --year N``: every pupil on roll in year group N, as leavers."""
    from amtui.db.repo.year_end import archive_year_group
    from amtui.domain.year_group import parse_year_group, year_label

    open_db(args)
    login = acting_user("ARCHIVE_PUPIL").login
    try:
        group = parse_year_group(args.year)
    except ValueError as error:
        raise CommandFailed(f"--year: {error}") from error
    left = _date(args.left, "--left")
    count = archive_year_group(login, group, left)
    print(f"amtui: {count} {year_label(group)} pupil{'s' if count != 1 else ''} archived as leavers from "
          f"{left:%d/%m/%Y} (off every list; their records kept).")
    return EXIT_OK
