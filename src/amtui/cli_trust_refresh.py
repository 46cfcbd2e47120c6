"""``amtui trust refresh``: the trust view's kept figures read again for each school whose
data changed since they were kept (or that has none for today), for the current half-term
and each earlier one of the year with marks, one school and half-term per short
transaction, a line per school as it is done. Meant for cron or a systemd timer, as the
trust's admin role (``_server`` in ``cli_trust`` has checked that)."""

from __future__ import annotations

import datetime as dt

from amtui.cli_common import EXIT_OK, shown


def refresh() -> int:
    from amtui.db.repo.trust_kept import Refreshed
    from amtui.db.repo.trust_kept import refresh as read_again

    def told(at: int, of: int, school: Refreshed) -> None:
        done = "current" if school.seconds is None else f"read again in {school.seconds:.1f} s ({_which(school)})"
        print(shown(f"  {at:>3}/{of}  {school.name or '(not named yet)'}: {done}"), flush=True)

    print(f"amtui: the trust view's figures for {dt.date.today():%d %B %Y}, school by school:", flush=True)
    done = read_again(dt.date.today(), told=told)
    again = [school for school in done if school.seconds is not None]
    print(f"amtui: {len(again)} of {len(done)} schools read again "
          f"({sum(len(s.read) for s in again)} half-terms), {sum(s.seconds or 0 for s in again):.1f} s.")
    return EXIT_OK


def _which(school) -> str:
    """"now, HT1, HT2; 1 current": the half-terms read again, and those already current."""
    read = ", ".join("now" if n is None else f"HT{n}" for n in school.read)
    return read + (f"; {school.current} current" if school.current else "")
