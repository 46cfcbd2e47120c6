"""CSV exports of the mentoring programme: ``concerns`` (the AMT's review after a return)
and ``programme`` (who is on it, since when, why, with which mentor).

Data files only: the header row and nothing else above it.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from amtui.db.repo import concerns as review
from amtui.db.repo import programme
from amtui.db.repo.school import load_settings
from amtui.domain.calendar import academic_year_of
from amtui.reports.csv_safe import write_csv

CONCERNS_HEADER = ("upn", "surname", "forename", "year", "subjects_below", "reason")
PROGRAMME_HEADER = ("upn", "surname", "forename", "year", "joined", "reason", "mentor")


def export_concerns(out: TextIO, return_name: str | None = None, day: dt.date | None = None) -> int:
    """The pupils causing concern in the named return, or each subject's latest return."""
    day = day or dt.date.today()
    rows = review.concerns(academic_year_of(day), day, load_settings().concern_subjects_below, return_name)
    return write_csv(out, CONCERNS_HEADER, (
        (c.upn, c.surname, c.forename, c.year_group, len(c.subjects_below), c.reason) for c in rows))


def export_programme(out: TextIO, day: dt.date | None = None) -> int:
    """Everyone on the programme today."""
    rows = programme.members(day or dt.date.today())
    return write_csv(out, PROGRAMME_HEADER, (
        (m.upn, m.surname, m.forename, m.year_group, m.joined.isoformat(), m.reason, m.mentor) for m in rows))
