"""The secondary demo's progress returns: the slides' calendar for the year, and every
window opened by the demo's day returned (AOB, projected levels or grades, Year 11's
coursework), each pupil's grades drifting with their progress. Heads of department have
approved Year 11's earlier returns; in the window each year returns into on the demo's
day (open, or late until the next opens) some returns are still missing (the chasing list
has names) and two are queried back to their teachers. Seeded: the same returns for the
same seed and day."""

from __future__ import annotations

from amtui.db.models import ProgressReturn, ReturnWindow
from amtui.demo.common import at
from amtui.demo.secondary_people import SecondaryDemo, SecondaryPupil
from amtui.demo.secondary_records import ks4_grade
from amtui.domain import returns as rules
from amtui.domain.calendar import HalfTermDates
from amtui.domain.grades import grade, in_grades
from amtui.imports.store import insert_rows

MISSING_NOW = 0.08
"""The share of returns not yet made in the window open on the demo's day."""


def _value(demo: SecondaryDemo, pupil: SecondaryPupil, code: str, plan: rules.WindowPlan, n: int) -> dict:
    """The return of the ``n``-th window of the pupil's year: on course with their progress."""
    rng = demo.rng(f"return {pupil.id} {code} {plan.name}")
    drift = pupil.progress + 0.4 * n / 8 + rng.gauss(0, 0.5)  # above 0: ahead of target
    if plan.kind == rules.AOB:
        return {"aob": "A" if drift > 0.7 else ("B" if drift < -0.5 else "O")}
    if in_grades(plan.year_group):
        # A projected grade is the grade expected at the end of the year: a pupil on course
        # makes their end-of-year target, a grade above the one they started on.
        base = ks4_grade(demo, pupil, code) + 1 + drift
        value = {"projected": grade(min(max(round(base), 1), 9)).label}
        if plan.coursework:
            value["coursework"] = grade(min(max(round(base + rng.gauss(0, 0.7)), 1), 9)).label
        return value
    steps = round(3 * (pupil.year_group - 6) + 3 * pupil.ability + n + drift)
    return {"projected": demo.scale.steps()[min(max(steps, 1), len(demo.scale.steps()) - 1)].label}


def write_returns(demo: SecondaryDemo) -> None:
    plans = rules.default_windows(demo.start_year, [_dates(term) for term in demo.terms])
    ids = {}
    for plan in plans:
        ids[plan.name] = ReturnWindow.insert(academic_year=demo.year_id, name=plan.name, year_group=plan.year_group,
                                             kind=plan.kind, coursework=plan.coursework, opens=plan.opens,
                                             due=plan.due).execute()
    # The window each year returns into today, open or late (as the return screen opens it).
    current = {rules.current_window(plans, year_group, demo.today) for year_group in {p.year_group for p in plans}}
    rows = []
    for plan in plans:
        if plan.opens > demo.today:
            continue
        now = plan in current
        earlier = [p for p in plans if p.year_group == plan.year_group and p.due < plan.due]
        pupils = [p for p in demo.secondary if p.year_group == plan.year_group]
        for pupil in pupils:
            for code, subject in demo.subject_ids.items():
                rng = demo.rng(f"made {pupil.id} {code} {plan.name}")
                if now and rng.random() < MISSING_NOW:
                    continue
                _, _, teacher = demo.groups[demo.placed[(pupil.id, code)]]
                day = min(plan.due, demo.today)
                row = {"window": ids[plan.name], "pupil": pupil.id, "subject": subject, "staff": teacher,
                       "entered_at": at(day, 15, rng.randrange(60)), "aob": "", "projected": "", "coursework": "",
                       "checked_by": None, "checked_at": None, "query": "", "queried_by": None, "queried_at": None}
                row |= _value(demo, pupil, code, plan, len(earlier))
                if plan.kind != rules.AOB and plan.year_group == 11 and not now:
                    row |= {"checked_by": demo.teachers[code][0], "checked_at": at(plan.due, 17, 0)}
                rows.append(row)
    queried = [r for r in rows if r["projected"] and r["window"] in {ids[p.name] for p in current if p}][:2]
    for row in queried:
        hod = next(ts[0] for code, ts in demo.teachers.items() if demo.subject_ids[code] == row["subject"])
        row |= {"query": "This is two grades below the mock: please check", "queried_by": hod,
                "queried_at": row["entered_at"]}
    insert_rows(ProgressReturn, rows)


def _dates(term) -> HalfTermDates:
    return HalfTermDates(term.number, term.start, term.end)
