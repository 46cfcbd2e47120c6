"""The secondary demo's mentoring programme: members, pupils marked for monitoring,
referrals at every stage, and parental interviews.

The pupils the AMT's mentors took at the start of the year (``secondary_people``) are on
the programme; a few Year 9 pupils joined until the end of the year; some Year 10 pupils
are marked for HoY or HoD monitoring. Teachers' referrals reached mentors and heads of
year: some still open (two of them with you), others accepted, passed on or closed.
"""

from __future__ import annotations

import datetime as dt

from amtui.db.models import MentorAssignment, ParentalInterview, ProgrammeMembership, Referral, StaffRemit
from amtui.demo.common import at, bulk
from amtui.demo.secondary_people import SUBJECTS, SecondaryDemo
from amtui.domain.programme import joins_until

REASONS = ("Homework not handed in for three weeks", "Falling behind in lessons since half-term",
           "Upset and withdrawn in tutor time", "Poor behaviour in practical lessons",
           "Coursework deadlines missed", "Attendance slipping on Mondays")
OUTCOMES = ("Spoke to parents: a new homework routine agreed", "Resolved with the form tutor",
            "Referred to the school counsellor")


def _day(demo: SecondaryDemo, n: int) -> dt.date:
    """The n-th school-ish day after the year's start, never after today."""
    return min(demo.terms[0].start + dt.timedelta(days=7 + 9 * n), demo.today)


def build_programme(demo: SecondaryDemo) -> None:
    rng = demo.rng("programme")
    start, amt = demo.terms[0].start, demo.staff["deputy"]
    mentors = dict(MentorAssignment.select(MentorAssignment.pupil, MentorAssignment.mentor)
                   .where(MentorAssignment.end.is_null()).tuples())
    members = [{"pupil": pid, "kind": "programme", "joined": start, "join_reason": "Causing concern at the "
                "AMT's review", "added_by": amt} for pid in mentors]
    year9 = sorted((p for p in demo.secondary if p.year_group == 9), key=lambda p: p.progress)[:6]
    for pupil in year9:
        joined = _day(demo, 3)
        members.append({"pupil": pupil.id, "kind": "programme", "joined": joined,
                        "join_reason": "Year 9 causing concern", "until": joins_until(9, joined), "added_by": amt})
        mentors[pupil.id] = demo.staff["senco"]
    bulk(MentorAssignment, [{"pupil": p.id, "mentor": demo.staff["senco"], "start": _day(demo, 3), "end": None,
                             "reason": "Year 9 causing concern"} for p in year9])
    watched = sorted((p for p in demo.secondary if p.year_group == 10 and p.id not in mentors),
                     key=lambda p: p.progress)[:8]
    for n, pupil in enumerate(watched):
        members.append({"pupil": pupil.id, "kind": "hoy" if n % 2 else "hod", "joined": _day(demo, 4),
                        "join_reason": "Year 10 causing concern", "added_by": amt})
    bulk(ProgrammeMembership, [{"until": None, "left": None, "leave_reason": ""} | row for row in members])
    _referrals(demo, rng, mentors)
    _interviews(demo, watched[:3])


def _referrals(demo: SecondaryDemo, rng, mentors: dict[int, int]) -> None:
    heads = dict(StaffRemit.select(StaffRemit.year_group, StaffRemit.staff)
                 .where(StaffRemit.year_group.is_null(False)).tuples())
    teachers = [demo.staff[f"{code}2"] for code in SUBJECTS.values()]
    you = demo.staff["you"]
    picked = rng.sample([p for p in demo.secondary if p.year_group >= 9], 12)
    rows = []
    for n, pupil in enumerate(picked):
        to = you if n < 2 else mentors.get(pupil.id, heads.get(pupil.year_group, demo.staff["deputy"]))
        made = at(_day(demo, n), 15, 30)
        row = {"pupil": pupil.id, "referred_by": teachers[n % len(teachers)], "referred_to": to,
               "reason": REASONS[n % len(REASONS)], "made_at": made, "status": "open", "outcome": "",
               "passed_to": None, "ended_at": None, "ended_by": None}
        ended = {"ended_at": made + dt.timedelta(days=2), "ended_by": to}
        if n % 4 == 1 and n >= 2:
            row |= ended | {"status": "closed", "outcome": OUTCOMES[n % len(OUTCOMES)]}
        elif n % 4 == 2:
            row |= ended | {"status": "passed", "passed_to": demo.staff["senco"]}
            rows.append(dict(row, status="open", referred_to=demo.staff["senco"], passed_to=None,
                             ended_at=None, ended_by=None, made_at=ended["ended_at"]))
        elif n % 4 == 3:
            row |= ended | {"status": "accepted"}
        rows.append(row)
    bulk(Referral, rows)


def _interviews(demo: SecondaryDemo, pupils) -> None:
    hoy = demo.staff["deputy"]
    bulk(ParentalInterview, [
        {"pupil": p.id, "reason": "Year 10 causing concern", "arranged_on": _day(demo, 5 + n) if n < 2 else None,
         "with_whom": ("Parents", "Mother")[n] if n < 2 else "", "outcome": OUTCOMES[0] if n == 0 else "",
         "recorded_by": hoy, "recorded_at": at(_day(demo, 4), 16)}
        for n, p in enumerate(pupils)])
