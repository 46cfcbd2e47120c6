"""``amtui print ...``: printable records, one writer per record.

Kept apart from ``cli.py`` (which routes to them) so that file stays small. Where a print
goes is ``reports.printing``'s rule: the school's print queue when the settings name one,
files in ``--out`` or ``~/amtui-prints`` otherwise; on a school server without a queue
the file comes to the person's computer on standard output.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from amtui import config, identity, outputs
from amtui.cli_common import (EXIT_FAILED, EXIT_OK, CommandFailed, acting_user, class_and_subject,
                              half_term_arg, named_class, named_pupil, open_db, progress_bar, pupil_of)

if TYPE_CHECKING:
    from amtui.reports.printing import Writer

Maker = Callable[[argparse.Namespace], tuple["Writer", str]]
"""Resolves a print's names (failing early with a message) and returns its writer and the
title of its progress bar ('' for a record quick enough to need none)."""


def cmd_print(args: argparse.Namespace) -> int:
    from amtui.reports import printing

    opened = open_db(args)
    outputs.check_out(args.out, opened.target.path)
    write, title = WRITERS[args.record](args)
    queue = "" if args.out else printing.print_queue()
    if not queue and config.in_service_mode():
        return _to_standard_output(args.record, write)
    progress = progress_bar(title) if title else None
    try:
        printed = printing.print_record(write, queue=queue, out=args.out, progress=progress)
    except printing.PrintFailed as error:
        raise CommandFailed(str(error)) from None
    except OSError as error:
        raise CommandFailed(f"Cannot write the print: {error}") from error
    for path in printed.paths:
        print(path)
    print(f"amtui: {printed.message()}", file=sys.stderr)
    return EXIT_FAILED if printed.problem else EXIT_OK


def _to_standard_output(record: str, write: Writer) -> int:
    """As the service account with no print queue, the print comes to the person's computer."""
    if sys.stdout.isatty():
        raise CommandFailed("The print comes on standard output; send it to a file on your computer: "
                            f"ssh SERVER amtui print {record} ... > FILE (one file as it is, several as a .zip)")
    with outputs.private_temp_folder() as folder:
        with contextlib.redirect_stdout(sys.stderr):
            paths, _ = write(Path(folder), None)
        if paths:
            print(f"amtui: sent {outputs.stream_files(paths)} on standard output", file=sys.stderr)
    return EXIT_OK


def class_record(args: argparse.Namespace) -> tuple[Writer, str]:
    from amtui.db.repo import school
    from amtui.db.repo.class_grid import load_grid
    from amtui.reports.class_record import class_record_writer

    found, subject = class_and_subject(args)
    number, half_term = half_term_arg(args), school.current_half_term()
    if number is not None:
        half_term = school.half_term(half_term.year, number)
    return class_record_writer(load_grid(found, subject, half_term, args.stage)), ""


def meeting(args: argparse.Namespace) -> tuple[Writer, str]:
    import datetime as dt

    from amtui.db.repo.meeting_agenda import load_agenda
    from amtui.db.repo.meetings import meeting_to_print
    from amtui.db.repo.staff import identify
    from amtui.reports.meeting_summary import summary_writer

    pupil_id, name = pupil_of(args.upn)
    held = meeting_to_print(pupil_id)
    if held is None:
        raise CommandFailed(f"{name} has no meeting held or in progress to print.")
    return summary_writer(load_agenda(identify(identity.current_login()), held, dt.date.today())), ""


def profiles(args: argparse.Namespace) -> tuple[Writer, str]:
    from amtui.reports.profile import profiles_writer

    found, number = named_class(args.class_name), half_term_arg(args)
    formats = ("html", "text") if args.format == "both" else (args.format,)
    return profiles_writer(found.id, number, formats), f"Profiles for {found.name}"


def tracking_sheet(args: argparse.Namespace) -> tuple[Writer, str]:
    from amtui.db.repo import school
    from amtui.reports.tracking_sheet import write_tracking_sheets

    pupil_id, name = named_pupil(args.who)
    subject = school.subject_by_name(args.subject) if args.subject else None
    if args.subject and subject is None:
        raise CommandFailed(f"There is no subject '{args.subject}' "
                            f"(subjects: {', '.join(s.name for s in school.subjects()) or 'none yet'}).")
    return (lambda out, _: (write_tracking_sheets(pupil_id, name, out, number=half_term_arg(args),
                                                  subject_id=subject.id if subject else None),
                            f"the tracking sheets of {name}")), ""


def parents_evening(args: argparse.Namespace) -> tuple[Writer, str]:
    from amtui.reports.parents_evening import write_evening

    found, number = named_class(args.class_name), half_term_arg(args)
    return (lambda out, progress: (write_evening(found, out, number=number, progress=progress),
                                   f"the parents' evening summary of {found.name}")), f"Parents' evening {found.name}"


def governors(args: argparse.Namespace) -> tuple[Writer, str]:
    from amtui.reports.governors import write_governors

    user = acting_user("MONITOR")  # group figures: for those who see the monitoring figures
    number = half_term_arg(args)
    return (lambda out, progress: write_governors(out, number, progress=progress, user=user)), "Governors' report"


WRITERS: dict[str, Maker] = {
    "class-record": class_record,
    "meeting": meeting,
    "profiles": profiles,
    "tracking-sheet": tracking_sheet,
    "parents-evening": parents_evening,
    "governors": governors,
}
