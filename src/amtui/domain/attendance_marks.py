"""Attendance from the DfE's register codes, as a Common Transfer File carries them.

A CTF's ``AttendanceMarks`` holds one code per session, two a day (morning, afternoon),
every day from its start date. Present: ``/`` ``\\`` (morning, afternoon), ``L`` (late
before the register closed), and approved educational activity off site (``B``, ``K``,
``P``, ``V``, ``W``). Not a possible session: no session (``-``), school closed (``#``),
not required (``X``), not on roll (``Z``), closures and dual registration (``Y``,
``D``). Any other code is an absence.
"""

from __future__ import annotations

import datetime as dt

PRESENT = frozenset("/\\LBKPVW")
NOT_POSSIBLE = frozenset("-#XYZD")


def attendance_percent(start: dt.date, marks: str, first: dt.date, last: dt.date) -> float | None:
    """The percentage of possible sessions attended from ``first`` to ``last`` (both
    included), one decimal place; None when the marks hold no possible session then."""
    begin = max(0, (first - start).days * 2)
    end = min(len(marks), ((last - start).days + 1) * 2)
    sessions = [mark for mark in marks[begin:end].upper() if mark not in NOT_POSSIBLE]
    if not sessions:
        return None
    present = sum(mark in PRESENT for mark in sessions)
    return round(100.0 * present / len(sessions), 1)
