"""SLT monitoring and the progress meeting, checked against a hand count of the small school.

The small school at "today" (HT4): the tester mentors Zoë (met HT3), Adam (met HT1) and
Callum (never met); Jo Smith mentors Ella (met HT2). These tests add two HT4 meetings
the tester held (Callum, 14 minutes; Bella, once their mentee, 22 minutes).
"""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.connection import write
from amtui.db.models import InterventionAssignment, InterventionCriterion, Criterion, Meeting
from amtui.db.repo import school as school_repo
from amtui.db.repo.monitoring import monitor
from amtui.db.repo.progress_meeting import class_gaps, review
from amtui.domain.targets import Status


@pytest.fixture
def held(school):
    tester = school.staff["tester"]

    def add() -> None:
        for name, minutes in (("Callum Cole", 14), ("Bella Brown", 22)):
            start = dt.datetime.combine(school.today - dt.timedelta(days=1), dt.time(10))
            Meeting.create(pupil=school.pupils[name], mentor=tester, status="done", started_at=start,
                           ended_at=start + dt.timedelta(minutes=minutes))

    write(add)
    return school


def test_mentor_figures_match_a_hand_count(held):
    ht = school_repo.current_half_term(held.today)
    data = monitor(ht, held.today)
    rows = {r.mentor: r for r in data.mentors}
    assert set(rows) == {"Tess Tester", "Jo Smith"}
    tess, jo = rows["Tess Tester"], rows["Jo Smith"]
    assert (tess.mentees, tess.done, tess.due, tess.overdue, tess.average_minutes) == (3, 2, 1, 1, 18)
    assert tess.on_target.counts == (2, 0, 0, 1)  # Zoë reading above, maths not; Adam above
    assert (jo.mentees, jo.done, jo.due, jo.overdue, jo.average_minutes) == (1, 0, 0, 1, None)
    assert jo.on_target.counts == (0, 0, 0, 1)
    assert data.without_mentor == 5  # Bella, Dara, Finn, Grace, Harry
    assert [r.mentor for r in data.mentors] == ["Jo Smith", "Tess Tester"]  # most overdue first? tie: by name


def test_class_and_subject_shares_match_a_hand_count(held):
    data = monitor(school_repo.current_half_term(held.today), held.today)
    rows = {(r.class_name, r.subject): r for r in data.classes}
    assert set(rows) == {("4B", "Maths"), ("4B", "Reading"), ("6R", "Reading")}
    assert rows[("4B", "Reading")].shares.counts == (2, 0, 0, 0)
    assert rows[("4B", "Maths")].shares.percent(Status.NOT_ACHIEVING) == 100
    assert rows[("6R", "Reading")].pupils == 1


def test_completion_chasing_names_classes_without_this_half_terms_codes(held):
    data = monitor(school_repo.current_half_term(held.today), held.today)
    assert [(c.class_name, c.subject, c.teachers, c.assessed, c.pupils) for c in data.chasing] == [
        ("6R", "Reading", "Jo Smith", 0, 1), ("4B", "Reading", "Tess Tester", 1, 2)]


def test_a_past_half_term_counts_meetings_not_held_as_overdue(held):
    ht3 = school_repo.half_term(held.start_year, 3)
    data = monitor(ht3, held.today)
    tess = next(r for r in data.mentors if r.mentor == "Tess Tester")
    # In HT3 Zoë was met (20 min); Adam (last HT1) and Callum (never) were not.
    assert (tess.done, tess.overdue, tess.average_minutes) == (1, 2, 20)


def test_progress_meeting_lists_with_reasons(held):
    adam = held.pupils["Adam Ash"]

    def helped() -> None:
        ht3 = school_repo.half_term(held.start_year, 3)
        lrc = held.ids["LRC small group support"]
        done = InterventionAssignment.create(intervention=lrc, pupil=adam, start=ht3.start,
                                             start_substage="St 1 Securing")
        InterventionCriterion.create(assignment=done, criterion=Criterion.get(Criterion.ref == "R2/21"))

    write(helped)
    found = review(school_repo.current_half_term(held.today), held.today)
    support = {p.name: p.reasons for p in found.support}
    assert support["Zoë O'Neill"][0].startswith("below target in Maths (2E, expected")
    assert support["Zoë O'Neill"][1:] == ("red attitude: homework",)
    assert support["Adam Ash"] == ("missed mentoring meeting",)
    assert support["Ella Evans"][0].startswith("below target in Reading") and \
        support["Ella Evans"][1] == "missed mentoring meeting"
    assert "Callum Cole" not in support
    assert [(p.name, p.reasons) for p in found.excelled] == [
        ("Adam Ash", ("LRC small group support: +4 steps, 0/1 aims crossed",
                      "can return to working independently"))]
    one_class = review(school_repo.current_half_term(held.today), held.today,
                       class_id=held.classes["6R"])
    assert [p.name for p in one_class.support] == ["Ella Evans"]


def test_class_gaps_and_ability_groups(held):
    info = school_repo.class_by_name("4B", held.start_year)
    gaps = {g.subject: g for g in class_gaps(info, school_repo.current_half_term(held.today))}
    reading = gaps["Reading"]
    # Zoë and Adam both work in Reading stage 2: criteria 1-13 both have at X (secured by 2 of 2).
    assert reading.pupils == 2 and reading.bank_stage == 2
    refs = [g.ref for g in reading.gaps]
    assert "R2/1" not in refs and "R2/25" in refs
    assert [label for label, _ in reading.groups] == ["St 2 Securing", "St 2 Developing"]


def test_the_class_figures_put_a_pupil_who_moved_in_the_class_of_the_half_term(held):
    from amtui.db.models import Staff
    from amtui.db.repo import membership
    from amtui.db.repo.staff import identify

    write(lambda: Staff.create(username="admin", name="Ann Admin", roles="admin"))
    admin = identify("admin")
    membership.move_pupil(admin, "X011000000001", "4B", school_repo.half_term(held.start_year, 1).start)
    membership.move_pupil(admin, "X011000000001", "6R", held.today - dt.timedelta(days=1))  # Zoë, in HT4

    def reading(ht) -> dict[str, int]:  # a class's rows by year group, added up
        found: dict[str, int] = {}
        for row in monitor(ht, held.today).classes:
            if row.subject == "Reading":
                found[row.class_name] = found.get(row.class_name, 0) + row.pupils
        return found

    assert reading(school_repo.half_term(held.start_year, 3)) == {"4B": 2, "6R": 1}
    assert reading(school_repo.current_half_term(held.today)) == {"4B": 1, "6R": 2}
