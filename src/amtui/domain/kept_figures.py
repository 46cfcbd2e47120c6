"""A school's trust-view figures as they are kept (``trust_view.summed``: every widest gap
worked out, not each pupil's facts), as text, and back.

JSON; read back, the figures equal those written (a test holds them to it). Only the
trust's admin writes them, and nothing but plain values is read back (never code),
whoever wrote the text: its names are made safe for a terminal again (a row changed
through psql is not amtui's checked text), and text that does not read as figures is
taken as none kept (read again), never a failure on the trust view.
"""

from __future__ import annotations

import json
from typing import Any

from amtui.domain.monitoring import StatusShares
from amtui.domain.text import printable
from amtui.domain.trust_view import Gap, Meetings, SchoolFigures, YearSubjectShares, summed

VERSION = 2
"""Written with the figures: text of another version is read as no figures (read again)."""


def to_text(figures: SchoolFigures) -> str:
    """The figures, summed (``trust_view.summed``) unless they are, as JSON."""
    kept = figures if figures.gaps is not None else summed(figures)
    m = kept.meetings
    return json.dumps({
        "v": VERSION, "school": kept.school_id, "name": kept.name, "half_term": kept.half_term,
        "pupils": kept.pupils,
        "shares": [[s.year_group, s.subject, list(s.shares.counts)] for s in kept.shares],
        "meetings": [m.done, m.owed, m.overdue],
        "gaps": [[year, subject, None if gap is None else
                  [gap.subject, gap.split, gap.group, gap.points, gap.pupils, gap.others]]
                 for (year, subject), gap in (kept.gaps or {}).items()],
    }, separators=(",", ":"), ensure_ascii=False)


def from_text(text: str) -> SchoolFigures | None:
    """The figures written by :func:`to_text`; None for text of another version or none."""
    try:
        kept: dict[str, Any] = json.loads(text)
        if kept.get("v") != VERSION:
            return None
        return SchoolFigures(
            kept["school"], _clean(kept["name"]), kept["half_term"], kept["pupils"],
            tuple(YearSubjectShares(year, _clean(subject), StatusShares(tuple(counts)))  # type: ignore[arg-type]
                  for year, subject, counts in kept["shares"]),
            Meetings(*kept["meetings"]), (),
            {(year, _clean(subject)): None if gap is None else _gap(*gap) for year, subject, gap in kept["gaps"]})
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _gap(subject: str, split: str, group: str, *numbers) -> Gap:
    return Gap(_clean(subject), _clean(split), _clean(group), *numbers)


def _clean(value: Any) -> Any:
    """A name safe for a terminal; None (every year, every subject) as it is."""
    return printable(value) if isinstance(value, str) else value
