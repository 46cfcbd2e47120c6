"""CSV exports for spreadsheets: ``tracking`` (sub-stage and progress per pupil and
subject at a half-term) and ``weekly`` (weekly basic skills test standing).

Data files only: the header row and nothing else above it.
"""

from __future__ import annotations

from typing import TextIO

from amtui.db.repo import school, tracking
from amtui.domain.calendar import academic_year_label
from amtui.domain.year_group import year_label
from amtui.reports.csv_safe import write_csv

# The pupil's year and characteristics come last, so the columns of older exports keep
# their places in the school's spreadsheets.
TRACKING_HEADER = ("upn", "surname", "forename", "class", "subject", "working_stage",
                   "crosses", "substage", "position", "aps", "nc", "baseline", "target",
                   "expected", "status", "academic_year", "year_group", "gender", "sen", "pp", "eal")
WEEKLY_HEADER = ("upn", "surname", "forename", "class", "level", "next_test", "last3",
                 "greens_in_row", "promotion_due")
EXPORT_KINDS = {"tracking": "sub-stage and progress per pupil and subject (--subject, --half-term)",
                "weekly": "weekly basic skills tests: level, next test, last three scores"}


def _label(value: object | None) -> str:
    return "" if value is None else value.label  # type: ignore[attr-defined]


def _blank(value: object | None) -> object:
    return "" if value is None else value


def export_tracking(out: TextIO, subject: str | None = None, half_term: int | None = None) -> int:
    """One row per pupil and subject; ``half_term`` 1-6 of this year (default: now)."""
    current = school.current_half_term()
    at = current if half_term is None else school.half_term(current.year, half_term)
    subject_id = None
    if subject is not None:
        found = school.subject_by_name(subject)
        if found is None:
            names = ", ".join(s.name for s in school.subjects()) or "none yet"
            raise ValueError(f"There is no subject '{subject}' (subjects: {names}).")
        subject_id = found.id
    rows = tracking.pupil_subject_positions(at, subject_id=subject_id)
    year = academic_year_label(at.year)
    return write_csv(out, TRACKING_HEADER, (
        (r.pupil.upn, r.pupil.surname, r.pupil.forename, r.pupil.class_name, r.subject,
         r.working_stage, r.crosses, _label(r.substage), _blank(r.position), _blank(r.aps),
         r.nc, _label(r.baseline), _label(r.target), _label(r.expected), _label(r.status),
         year, year_label(r.pupil.year_group), r.pupil.gender, r.pupil.sen,
         _yes_no(r.pupil.pupil_premium), _yes_no(r.pupil.eal))
        for r in rows))


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _score(score: int | None) -> str:
    return "a" if score is None else str(score)


def export_weekly(out: TextIO) -> int:
    """One row per pupil who sits weekly tests."""
    rows = tracking.weekly_positions()
    return write_csv(out, WEEKLY_HEADER, (
        (r.pupil.upn, r.pupil.surname, r.pupil.forename, r.pupil.class_name, r.level,
         r.next_test, " ".join(_score(s) for s in r.last3), r.greens_in_row,
         "yes" if r.promotion_due else "no")
        for r in rows))


def run_export(kind: str, out: TextIO, subject: str | None = None,
               half_term: int | None = None) -> int:
    """Write the ``kind`` export to ``out``; returns the rows written (ValueError if unknown)."""
    if kind == "tracking":
        return export_tracking(out, subject, half_term)
    if kind == "weekly":
        if subject is not None or half_term is not None:
            raise ValueError("--subject and --half-term apply to the tracking export only.")
        return export_weekly(out)
    kinds = "; ".join(f"{name}: {what}" for name, what in EXPORT_KINDS.items())
    raise ValueError(f"There is no export of '{kind}'. The kinds are {kinds}.")
