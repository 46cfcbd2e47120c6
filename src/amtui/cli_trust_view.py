"""``amtui export trust``: the trust view as CSV (each school the person may read).

Kept apart from ``cli.py`` (which routes to it) so that file stays small.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from amtui import outputs
from amtui.cli_common import EXIT_OK, acting_user, half_term_arg, open_db, shown, write_csv_out


def cmd_export_trust(args: argparse.Namespace) -> int:
    """``amtui export trust [--half-term H] [--out FILE]``: a trust role's every school (its
    kept figures where current, the others read live, named on stderr); anyone else who
    sees the monitoring figures, their own school."""
    from amtui.db.repo import trust_kept
    from amtui.db.repo.trust_view import trust_reader
    from amtui.reports.trust_view import export_trust

    opened = open_db(args)
    trust_role = trust_reader()
    if not trust_role:
        acting_user("MONITOR")  # one school's figures: for those who see its monitoring
    outputs.check_out(args.out, opened.target.path)
    number, today = half_term_arg(args), dt.date.today()
    schools, live = trust_kept.figures(today, number)
    if trust_role:
        print(shown(f"amtui: {len(live)} of {len(schools)} schools read live (changed since their figures "
                    f"were kept, or none kept for today){': ' + ', '.join(live) if live else ''}"), file=sys.stderr)
    write_csv_out(args, lambda out: export_trust(out, schools))
    return EXIT_OK
