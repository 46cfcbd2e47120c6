"""The mentoring programme on the command line: ``amtui export concerns [--return NAME]``,
``amtui export programme`` and ``amtui programme year10`` (from May, the whole of Year 10
joins). Kept apart from ``cli.py`` (which routes to them) so that file stays small.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from amtui import outputs
from amtui.cli_common import EXIT_OK, CommandFailed, acting_user, open_db, write_csv_out
from amtui.domain.errors import UserFacingError

def add_programme_arguments(export: argparse.ArgumentParser, commands: argparse._SubParsersAction) -> None:
    """``--return`` for ``amtui export concerns``; ``amtui programme year10``."""
    export.add_argument("--return", dest="return_name", metavar="NAME",
                        help="concerns: this return (e.g. 'Y11 October'; default: each subject's latest)")
    prog = commands.add_parser("programme", help="the mentoring programme: year10 (from May, all of Year 10 joins)")
    prog.add_argument("what", choices=("year10",), help="year10: every Year 10 pupil joins the programme")


def cmd_export(args: argparse.Namespace) -> int:
    """``amtui export concerns [--return NAME] [--out FILE]`` or ``amtui export programme [--out FILE]``."""
    from amtui.cli_records import record_export
    from amtui.reports.programme import export_concerns, export_programme

    opened = open_db(args)
    acting_user("MONITOR")  # names and reasons: for those who see the monitoring figures
    outputs.check_out(args.out, opened.target.path)
    if args.kind == "programme" and getattr(args, "return_name", None):
        raise CommandFailed("--return applies to the concerns export only.")
    if args.kind == "concerns":
        rows = write_csv_out(args, lambda out: export_concerns(out, args.return_name))
    else:
        rows = write_csv_out(args, export_programme)
    record_export(args.kind, args.out, rows)
    print(f"amtui: this export holds personal data ({rows} pupils' names and UPNs): keep it on school "
          "systems and delete it when it has done its job.", file=sys.stderr)
    return EXIT_OK


def cmd_programme(args: argparse.Namespace) -> int:
    """``amtui programme year10``: from May (the setting on), every Year 10 pupil joins."""
    from amtui.db.repo.programme import join_whole_year_10
    from amtui.db.repo.school import load_settings

    open_db(args)
    user = acting_user("REVIEW_CONCERNS")
    try:
        joined = join_whole_year_10(user, dt.date.today(), load_settings().year10_joins_in_may)
    except UserFacingError as error:
        raise CommandFailed(str(error)) from error
    print(f"amtui: {joined} Year 10 pupils joined the mentoring programme.", file=sys.stderr)
    return EXIT_OK
