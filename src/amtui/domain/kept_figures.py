"""A school's trust-view figures (``SchoolFigures``) as text to keep, and back.

JSON, compact: each pupil's facts a list, their steps of the scale written once per school
and named by their place in that list. Read back, the figures equal those written (a test
holds them to it). Only the trust's admin writes them, and nothing but plain values is
read back (never code), whoever wrote the text.
"""

from __future__ import annotations

import json
from typing import Any

from amtui.domain.groups import PupilFacts
from amtui.domain.monitoring import StatusShares
from amtui.domain.scale import SubStage
from amtui.domain.targets import Status
from amtui.domain.trust_view import Meetings, SchoolFigures, YearSubjectShares

VERSION = 1
"""Written with the figures: text of another version is read as no figures (read again)."""

_STATUSES = {status.value: status for status in Status}


def to_text(figures: SchoolFigures) -> str:
    """The figures as JSON."""
    stages: dict[SubStage, int] = {}

    def stage(found: SubStage | None) -> int | None:
        return None if found is None else stages.setdefault(found, len(stages))

    standings = [[subject, [[f.pupil_id, f.gender, f.sen, f.pupil_premium, f.eal, f.year_group, f.class_name,
                             stage(f.baseline), stage(f.current), None if f.status is None else f.status.value,
                             f.mentor, f.group] for f in facts]]
                 for subject, facts in figures.standings]
    m = figures.meetings
    return json.dumps({
        "v": VERSION, "school": figures.school_id, "name": figures.name, "half_term": figures.half_term,
        "pupils": figures.pupils,
        "shares": [[s.year_group, s.subject, list(s.shares.counts)] for s in figures.shares],
        "meetings": [m.done, m.owed, m.overdue],
        "stages": [[s.step, s.stage, s.band, s.label, s.aps, s.nc, s.from_seed] for s in stages],
        "standings": standings,
    }, separators=(",", ":"), ensure_ascii=False)


def from_text(text: str) -> SchoolFigures | None:
    """The figures written by :func:`to_text`; None for text of another version."""
    kept: dict[str, Any] = json.loads(text)
    if kept.get("v") != VERSION:
        return None
    stages = [SubStage(*row) for row in kept["stages"]]

    def facts(rows: list[list]) -> tuple[PupilFacts, ...]:
        return tuple(PupilFacts(pid, gender, sen, pp, eal, year, cls,
                                None if base is None else stages[base], None if now is None else stages[now],
                                None if status is None else _STATUSES[status], mentor, group)
                     for pid, gender, sen, pp, eal, year, cls, base, now, status, mentor, group in rows)

    return SchoolFigures(
        kept["school"], kept["name"], kept["half_term"], kept["pupils"],
        tuple(YearSubjectShares(year, subject, StatusShares(tuple(counts)))  # type: ignore[arg-type]
              for year, subject, counts in kept["shares"]),
        Meetings(*kept["meetings"]),
        tuple((subject, facts(rows)) for subject, rows in kept["standings"]))
