"""Leaders' figures on the command line: ``amtui export groups`` and the arguments of
``amtui print governors`` (which ``cli_prints`` writes, as every print).

Kept apart from ``cli.py`` (which routes to them) so that file stays small.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from amtui import outputs
from amtui.cli_common import EXIT_OK, CommandFailed, acting_user, half_term_arg, open_db, write_csv_out

SPLITS = ("gender", "sen", "pp", "eal", "prior", "year", "class")


def add_leaders_arguments(export: argparse.ArgumentParser, printing: argparse._SubParsersAction,
                          out_help: str) -> None:
    """``--by`` for ``amtui export groups``; ``amtui print governors [--half-term H]``."""
    export.add_argument("--by", choices=SPLITS, help="groups: one split only (default: every split)")
    governors = printing.add_parser("governors", help="the governors' report: progress by group, naming no pupil")
    governors.add_argument("--half-term", type=int, metavar="H", help="1-6 (default: now)")
    governors.add_argument("--out", type=Path, metavar="DIR", help=out_help)


def cmd_export_groups(args: argparse.Namespace) -> int:
    """``amtui export groups [--subject S] [--half-term H] [--by SPLIT] [--out FILE]``."""
    from amtui.reports.governors import export_groups

    opened = open_db(args)
    user = acting_user("MONITOR")  # group figures: for those who see the monitoring figures
    outputs.check_out(args.out, opened.target.path)
    number = half_term_arg(args)
    try:
        write_csv_out(args, lambda out: export_groups(out, args.subject, number, args.by, user=user))
    except ValueError as error:
        raise CommandFailed(str(error)) from error
    return EXIT_OK
