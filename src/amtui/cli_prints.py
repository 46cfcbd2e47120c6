"""``amtui print ...``: printable records (text and HTML), one function per record.

Kept apart from ``cli.py`` (which routes to them) so that file stays small; on a school
server the files come to the person's computer on standard output.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable
from pathlib import Path

from amtui import config, identity, outputs
from amtui.cli import (EXIT_OK, CommandFailed, class_and_subject, half_term_arg, named_class, named_pupil,
                       open_db, progress_bar, pupil_of)


def cmd_print(args: argparse.Namespace) -> int:
    opened = open_db(args)
    outputs.check_out(args.out, opened.target.path)
    if not config.in_service_mode():
        return PRINTERS[args.record](args)
    # As the service account the prints come to the person's computer on standard output.
    if sys.stdout.isatty():
        raise CommandFailed("The print comes on standard output; send it to a file on your computer: "
                            f"ssh SERVER amtui print {args.record} ... > {args.record}.zip")
    with outputs.private_temp_folder() as folder:
        args.out = Path(folder)
        with contextlib.redirect_stdout(sys.stderr):
            status = PRINTERS[args.record](args)
        written = sorted(p for p in Path(folder).rglob("*") if p.is_file())
        if status == EXIT_OK and written:
            print(f"amtui: sent {outputs.stream_files(written)} on standard output", file=sys.stderr)
    return status


def print_class_record(args: argparse.Namespace) -> int:
    from amtui.db.repo import school
    from amtui.db.repo.class_grid import load_grid
    from amtui.reports.class_record import write_class_record

    found, subject = class_and_subject(args)
    half_term = school.current_half_term()
    if args.half_term:
        half_term = school.half_term(half_term.year, args.half_term)
    data = load_grid(found, subject, half_term, args.stage)
    for path in write_class_record(data, args.out):
        print(path)
    return EXIT_OK


def print_meeting(args: argparse.Namespace) -> int:
    import datetime as dt

    from amtui.db.repo.meeting_agenda import load_agenda
    from amtui.db.repo.meetings import meeting_to_print
    from amtui.db.repo.staff import identify
    from amtui.reports.meeting_summary import write_summary

    pupil_id, name = pupil_of(args.upn)
    meeting = meeting_to_print(pupil_id)
    if meeting is None:
        raise CommandFailed(f"{name} has no meeting held or in progress to print.")
    try:
        paths = write_summary(load_agenda(identify(identity.current_login()), meeting, dt.date.today()), args.out)
    except OSError as error:
        raise CommandFailed(f"Cannot write the summary: {error}") from error
    for path in paths:
        print(path)
    return EXIT_OK


def print_profiles(args: argparse.Namespace) -> int:
    from amtui.reports.class_record import prints_folder
    from amtui.reports.profile import write_profiles

    found, number = named_class(args.class_name), half_term_arg(args)
    formats = ("html", "text") if args.format == "both" else (args.format,)
    try:
        paths = write_profiles(found.id, args.out or prints_folder(), number=number, formats=formats,
                               progress=progress_bar(f"Profiles for {found.name}"))
    except OSError as error:
        raise CommandFailed(f"Cannot write the profiles: {error}") from error
    print(f"amtui: wrote {len(paths)} file(s) for {found.pupils} pupil(s) in "
          f"{args.out or prints_folder()}", file=sys.stderr)
    return EXIT_OK


def print_tracking_sheet(args: argparse.Namespace) -> int:
    from amtui.db.repo import school
    from amtui.reports.tracking_sheet import write_tracking_sheets

    pupil_id, name = named_pupil(args.who)
    subject = school.subject_by_name(args.subject) if args.subject else None
    if args.subject and subject is None:
        raise CommandFailed(f"There is no subject '{args.subject}' "
                            f"(subjects: {', '.join(s.name for s in school.subjects()) or 'none yet'}).")
    try:
        paths = write_tracking_sheets(pupil_id, name, args.out, number=half_term_arg(args),
                                      subject_id=subject.id if subject else None)
    except OSError as error:
        raise CommandFailed(f"Cannot write the tracking sheet: {error}") from error
    for path in paths:
        print(path)
    return EXIT_OK


def print_parents_evening(args: argparse.Namespace) -> int:
    from amtui.reports.parents_evening import write_evening

    found, number = named_class(args.class_name), half_term_arg(args)
    try:
        paths = write_evening(found, args.out, number=number, progress=progress_bar(f"Parents' evening {found.name}"))
    except OSError as error:
        raise CommandFailed(f"Cannot write the summary: {error}") from error
    for path in paths:
        print(path)
    return EXIT_OK


PRINTERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "class-record": print_class_record,
    "meeting": print_meeting,
    "profiles": print_profiles,
    "tracking-sheet": print_tracking_sheet,
    "parents-evening": print_parents_evening,
}
