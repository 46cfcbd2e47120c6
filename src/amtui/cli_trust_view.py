"""``amtui export trust``: the trust view as CSV (each school the person may read).

Kept apart from ``cli.py`` (which routes to it) so that file stays small.
"""

from __future__ import annotations

import argparse
import datetime as dt

from amtui import outputs
from amtui.cli_common import EXIT_OK, acting_user, half_term_arg, open_db, write_csv_out


def cmd_export_trust(args: argparse.Namespace) -> int:
    """``amtui export trust [--half-term H] [--out FILE]``: a trust role's every school; anyone
    else who sees the monitoring figures, their own school."""
    from amtui.db.repo.trust_view import trust_reader
    from amtui.reports.trust_view import export_trust

    opened = open_db(args)
    if not trust_reader():
        acting_user("MONITOR")  # one school's figures: for those who see its monitoring
    outputs.check_out(args.out, opened.target.path)
    number, today = half_term_arg(args), dt.date.today()
    write_csv_out(args, lambda out: export_trust(out, today, number))
    return EXIT_OK
