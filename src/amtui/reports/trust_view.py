"""The trust view as a CSV file: every school, every year group and subject it has figures
for (and "All" of each), with its statuses, meetings and widest group gap. No pupil is named."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from amtui.domain import trust_view
from amtui.domain.targets import Status
from amtui.domain.trust_view import SchoolFigures, TrustRow
from amtui.domain.year_group import year_label
from amtui.reports.csv_safe import write_csv

HEADER = ("school", "half_term", "year_group", "subject", "pupils_on_roll", "assessed",
          *(s.value for s in Status), *(f"{s.value}_pct" for s in Status),
          "meetings_done", "meetings_due", "meetings_overdue",
          "widest_gap_group", "widest_gap_subject", "widest_gap_points", "gap_group_pupils", "gap_other_pupils")
ALL = "All"


def csv_row(row: TrustRow, year_group: int | None, subject: str | None) -> list[object]:
    """One school's line for one year group and subject, as the CSV has it."""
    gap = row.gap
    return [row.name, row.half_term, ALL if year_group is None else year_label(year_group), subject or ALL,
            row.pupils, row.shares.total, *row.shares.counts,
            *("" if row.shares.percent(s) is None else row.shares.percent(s) for s in Status),
            row.meetings.done, row.meetings.due, row.meetings.overdue,
            *(("", "", "", "", "") if gap is None else (gap.group, gap.subject, gap.points, gap.pupils, gap.others))]


def lines(school: SchoolFigures) -> list[list[object]]:
    """A school's lines: everything first, then each year group, each subject, and each
    year group's subjects (the ones with pupils assessed)."""
    years, subjects = trust_view.choices([school])
    found = []
    for year in (None, *years):
        for subject in (None, *subjects):
            row = trust_view.row(school, year, subject)
            if year is None and subject is None or row.shares.total:
                found.append(csv_row(row, year, subject))
    return found


def export_trust(out: TextIO, schools: Iterable[SchoolFigures]) -> int:
    """Write each school's lines (see :func:`lines`; its figures as read live or as kept,
    summed: the same lines); returns the rows written."""
    return write_csv(out, HEADER, [line for school in schools for line in lines(school)])
