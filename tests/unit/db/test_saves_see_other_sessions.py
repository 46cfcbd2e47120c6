"""A save's entry check reads what it weighs inside its own transaction: a half-term locked,
a class handed to another teacher or a pupil moved by another session (its own connection)
between two saves is enforced at the second save, on both engines. The statements the
check runs are built once (``db.compiled``); what they read is never kept between saves."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from amtui.db.connection import database, write
from amtui.db.models import AuditEntry, Criterion, CriterionMark, ProgressReturn, SchoolClass, Subject, WeeklyResult
from amtui.db.repo import groups, returns, school, staffing, weekly
from amtui.db.repo.marks import CodeChange, save_codes
from amtui.db.repo.membership import move_pupil
from amtui.db.repo.staff import CurrentUser, identify
from amtui.domain.codes import Code
from amtui.domain.errors import UserFacingError
from amtui.domain.roles import Role
from amtui.domain.score_entry import school_week
from pupil_school import load
from tests.returns_school import TODAY, Y11, YEAR, open_now, seed_returns_school, subject_id

pytestmark = pytest.mark.parametrize("db_engine", ["sqlite", "postgres"])


def elsewhere(change) -> None:
    """``change`` made and committed by another session: a thread of its own, so a
    connection of its own, closed when it is done."""
    failed: list[BaseException] = []

    def session() -> None:
        try:
            change()
        except BaseException as error:  # handed back to the test
            failed.append(error)
        finally:
            database.obj.close()

    thread = threading.Thread(target=session)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def refused(match: str, save) -> None:
    """``save`` is refused with a reason matching ``match`` and writes nothing."""
    audited = AuditEntry.select().count()
    with pytest.raises(UserFacingError, match=match):
        save()
    assert AuditEntry.select().count() == audited


@pytest.fixture
def primary(db_target):
    """The small school: Tess teaches 4B (Zoë), Jo 6R (Finn, with weekly test results)."""
    made = load("small_school").build(db_target)
    yield made
    made.opened.db.close()


ADMIN = CurrentUser("admin", None, "Ann Admin", roles=frozenset({Role.ADMIN, Role.SLT}))


def reading(primary, n: int) -> int:
    return (Criterion.select(Criterion.id).join(Subject).where(Subject.code == "R")
            .order_by(Criterion.id).offset(n).limit(1).scalar())


def marks_of(pupil_id: int, half_term_id: int) -> list[tuple[int, str]]:
    return list(CriterionMark.select(CriterionMark.criterion, CriterionMark.code)
                .where((CriterionMark.pupil == pupil_id) & (CriterionMark.half_term == half_term_id))
                .order_by(CriterionMark.id).tuples())


def test_a_half_term_locked_by_another_session_refuses_the_next_mark_and_unlocked_lets_it_in(primary):
    today, zoe = primary.today, primary.pupils["Zoë O'Neill"]
    teacher, head = identify("tester", today), identify("head", today)
    now = school.current_half_term(today)  # as the grid holds it: open when the grid was opened
    first, second = reading(primary, 20), reading(primary, 21)
    save_codes(teacher, now, [CodeChange(zoe, first, Code.CROSS)], today=today)
    elsewhere(lambda: school.set_lock(now.id, head, True, "moderation"))
    refused(f"^HT{now.number} is locked", lambda: save_codes(teacher, now, [CodeChange(zoe, second, Code.CROSS)],
                                                            today=today))
    elsewhere(lambda: school.set_lock(now.id, head, False))
    save_codes(teacher, now, [CodeChange(zoe, second, Code.CROSS)], today=today)
    assert marks_of(zoe, now.id) == [(first, "X"), (second, "X")]


def test_a_class_handed_to_another_teacher_by_another_session_refuses_its_old_teachers_next_mark(primary):
    today, zoe = primary.today, primary.pupils["Zoë O'Neill"]
    teacher = identify("tester", today)  # 4B is among her classes for the whole session
    now = school.current_half_term(today)
    first, second = reading(primary, 20), reading(primary, 21)
    save_codes(teacher, now, [CodeChange(zoe, first, Code.CROSS)], today=today)
    elsewhere(lambda: staffing.teach(ADMIN, "jsmith", "4B", today))
    assert primary.classes["4B"] in teacher.class_ids
    refused("only", lambda: save_codes(teacher, now, [CodeChange(zoe, second, Code.CROSS)], today=today))
    save_codes(identify("jsmith", today), now, [CodeChange(zoe, second, Code.LINE)], today=today)
    assert marks_of(zoe, now.id) == [(first, "X"), (second, "/")]


def test_a_pupil_moved_by_another_session_is_refused_to_the_old_class_teachers_next_score(primary):
    today, finn = primary.today, primary.pupils["Finn Ford"]
    teacher, week = identify("jsmith", today), school_week(today)
    assert weekly.save_score(teacher, finn, week, 22, today).this_week.score == 22
    elsewhere(lambda: move_pupil(ADMIN, "B200000000054", "4B", today))
    refused("own", lambda: weekly.save_score(teacher, finn, week, 23, today))
    assert [r.score for r in WeeklyResult.select().where(
        (WeeklyResult.pupil == finn) & (WeeklyResult.sat_on >= week.monday))] == [22]


@pytest.fixture
def secondary(opened, tmp_path):
    seed_returns_school(tmp_path)
    return open_now("Y11 Now", 11)


def test_a_pupil_moved_to_another_group_by_another_session_is_refused_to_the_old_groups_next_return(secondary):
    from amtui.db.models import Pupil

    maths, amy = subject_id("Maths"), Pupil.get(Pupil.upn == Y11[0]).id
    teacher = identify("maths1")
    assert returns.save_return(teacher, secondary.id, amy, maths, returns.Entry(projected="6"), TODAY)
    ma2 = SchoolClass.get(SchoolClass.name == "11A/Ma2").id
    elsewhere(lambda: write(lambda: groups.join_in(amy, ma2, maths, TODAY)))
    refused("own teaching groups", lambda: returns.save_return(teacher, secondary.id, amy, maths,
                                                               returns.Entry(projected="7"), TODAY))
    assert [r.projected for r in ProgressReturn.select().where(ProgressReturn.pupil == amy)] == ["6"]
    assert returns.save_return(identify("maths2"), secondary.id, amy, maths, returns.Entry(projected="7"), TODAY)


def test_the_day_a_save_is_checked_for_is_its_own(primary):
    """Two saves of one statement on different days: each is weighed on its own day (a
    class link that starts tomorrow does not count today)."""
    today, zoe = primary.today, primary.pupils["Zoë O'Neill"]
    now = school.current_half_term(today)
    tomorrow = today + dt.timedelta(days=1)
    elsewhere(lambda: staffing.teach(ADMIN, "jsmith", "4B", tomorrow))
    smith = identify("jsmith", tomorrow)
    refused("only", lambda: save_codes(smith, now, [CodeChange(zoe, reading(primary, 22), Code.CROSS)], today=today))
    save_codes(smith, now, [CodeChange(zoe, reading(primary, 22), Code.CROSS)], today=tomorrow)
    assert marks_of(zoe, now.id) == [(reading(primary, 22), "X")]


# --- links and remits read by each save, not at login -------------------------------------------


def test_a_group_handed_on_by_another_session_refuses_its_old_teachers_next_return(secondary):
    from amtui.db.models import Pupil

    maths, amy = subject_id("Maths"), Pupil.get(Pupil.upn == Y11[0]).id
    teacher = identify("maths1")  # 11A/Ma1 is among her groups for the whole session
    assert returns.save_return(teacher, secondary.id, amy, maths, returns.Entry(projected="6"), TODAY)
    elsewhere(lambda: staffing.teach(ADMIN, "maths2", "11A/Ma1", TODAY))  # her link ends today
    assert SchoolClass.get(SchoolClass.name == "11A/Ma1").id in teacher.class_ids
    refused("^You may enter a progress return only for your own teaching groups", lambda: returns.save_return(
        teacher, secondary.id, amy, maths, returns.Entry(projected="7"), TODAY))
    assert [r.projected for r in ProgressReturn.select().where(ProgressReturn.pupil == amy)] == ["6"]
    assert returns.save_return(identify("maths2"), secondary.id, amy, maths, returns.Entry(projected="7"), TODAY)


def test_a_department_taken_from_its_head_by_another_session_refuses_their_next_return_and_check(secondary):
    from amtui.db.models import Pupil

    maths, cal = subject_id("Maths"), Pupil.get(Pupil.upn == Y11[2]).id  # in 11A/Ma2: not hers to teach
    head = identify("hodm")
    assert returns.save_return(head, secondary.id, cal, maths, returns.Entry(projected="5"), TODAY)
    elsewhere(lambda: staffing.heads(ADMIN, "hodm", "Maths", kind="subject", remove=True))
    assert maths in head.hod_subjects
    refused("own teaching groups", lambda: returns.save_return(head, secondary.id, cal, maths,
                                                               returns.Entry(projected="6"), TODAY))
    entered = ProgressReturn.get(ProgressReturn.pupil == cal)
    refused("your own department's returns", lambda: returns.approve(head, [entered.id]))
    refused("your own department's returns", lambda: returns.query(head, entered.id, "check the mock"))
    assert (entered.projected, entered.checked_by_id) == ("5", None)
    elsewhere(lambda: staffing.heads(ADMIN, "hodm", "Maths", kind="subject"))  # heads it again
    assert returns.approve(head, [entered.id]) == 1


def test_a_class_handed_on_by_another_session_refuses_its_old_teachers_next_weekly_score(primary):
    today, finn = primary.today, primary.pupils["Finn Ford"]
    teacher, week = identify("jsmith", today), school_week(today)
    assert weekly.save_score(teacher, finn, week, 22, today).this_week.score == 22
    elsewhere(lambda: staffing.teach(ADMIN, "tester", "6R", today))  # Jo's link to 6R ends today
    refused("own", lambda: weekly.save_score(teacher, finn, week, 23, today))
    refused("own", lambda: weekly.clear_score(teacher, finn, week, today))
    assert [r.score for r in WeeklyResult.select().where(
        (WeeklyResult.pupil == finn) & (WeeklyResult.sat_on >= week.monday))] == [22]
    assert weekly.save_score(identify("tester", today), finn, week, 23, today).this_week.score == 23


def test_a_subject_taken_from_its_head_by_another_session_refuses_their_next_mark(secondary, tmp_path):
    """The class grid's save weighs the subjects a head of department heads as they are now."""
    from amtui.db.models import Pupil

    seed_ks3_bank = _maths_criterion(tmp_path)
    cal, head = Pupil.get(Pupil.upn == Y11[2]).id, identify("hodm")
    now = school.current_half_term(TODAY)
    save_codes(head, now, [CodeChange(cal, seed_ks3_bank, Code.CROSS)], today=TODAY)
    elsewhere(lambda: staffing.heads(ADMIN, "hodm", "Maths", kind="subject", remove=True))
    refused("own", lambda: save_codes(head, now, [CodeChange(cal, seed_ks3_bank, Code.LINE)], today=TODAY))
    assert [c for _, c in marks_of(cal, now.id)] == ["X"]


def _maths_criterion(folder) -> int:
    """A Maths criterion (a one-line stage 7 bank, imported)."""
    from tests.returns_school import _import

    code = Subject.get(Subject.name == "Maths").code
    _import(folder, "criteria", f"subject,stage,ref,text\nMaths,7,{code}7/1,Solves quadratic equations\n")
    return Criterion.select(Criterion.id).join(Subject).where(Subject.name == "Maths").scalar()


def test_a_class_handed_on_by_another_session_refuses_its_old_teachers_next_target(primary):
    """A long-term target and a short-term one: each save asks whose class it is now."""
    from amtui.db.models import LongTermTarget
    from amtui.db.repo import targets

    zoe, year, today = primary.pupils["Zoë O'Neill"], primary.start_year, dt.date.today()
    reading_id = Subject.get(Subject.code == "R").id
    teacher, newcomer = identify("tester", today), identify("jsmith", today)  # Jo teaches 6R only
    targets.change_long_term(teacher, zoe, reading_id, year, "St 2 Ready", "Well ahead of her line")
    refused("only for your own classes", lambda: targets.add_target(newcomer, zoe, "short", "Capital letters"))
    elsewhere(lambda: staffing.teach(ADMIN, "jsmith", "4B", today))
    refused("only for your own classes", lambda: targets.change_long_term(
        teacher, zoe, reading_id, year, "St 2 Emerging", "Further ahead"))
    assert [t.substage for t in LongTermTarget.select().where(LongTermTarget.pupil == zoe)
            .order_by(LongTermTarget.id)][-1] == "St 2 Ready"
    # and the other way: a class linked since login is the new teacher's at once
    targets.change_long_term(newcomer, zoe, reading_id, year, "St 2 Emerging", "Further ahead")
    assert targets.add_target(newcomer, zoe, "short", "Capital letters")


def test_a_class_handed_on_by_another_session_refuses_its_old_teachers_next_piece_and_stage_move(primary):
    from amtui.db.models import BigWritePiece, WorkingStage
    from amtui.db.repo import bigwrite, class_grid

    zoe, today, four_b = primary.pupils["Zoë O'Neill"], dt.date.today(), primary.classes["4B"]
    reading_id = Subject.get(Subject.code == "R").id
    teacher = identify("tester", today)
    bigwrite.create_piece(teacher, four_b, today, "My hero")
    elsewhere(lambda: staffing.teach(ADMIN, "jsmith", "4B", today))
    refused("only for your own classes", lambda: bigwrite.create_piece(teacher, four_b, today, "My holiday"))
    refused("only for your own classes", lambda: class_grid.move_stage(teacher, zoe, reading_id, 2))
    assert [p.title for p in BigWritePiece.select().where(BigWritePiece.school_class == four_b)] == ["My hero"]
    assert not WorkingStage.select().where((WorkingStage.pupil == zoe) & (WorkingStage.reason.contains("Ready")))


# --- roles read by each save, not at login --------------------------------------------------------


def give_roles(login: str, roles: str) -> None:
    """``login``'s roles set to ``roles`` (as amtui staff roles does)."""
    from amtui.db.models import Staff

    write(lambda: Staff.update(roles=roles).where(Staff.username == login).execute())


def test_a_role_taken_away_by_another_session_refuses_the_next_mark_and_given_back_lets_it_in(primary):
    today, zoe = primary.today, primary.pupils["Zoë O'Neill"]
    teacher = identify("tester", today)  # a teacher and mentor for the whole session
    now = school.current_half_term(today)
    first, second = reading(primary, 20), reading(primary, 21)
    save_codes(teacher, now, [CodeChange(zoe, first, Code.CROSS)], today=today)
    elsewhere(lambda: give_roles("tester", "mentor"))
    assert Role.TEACHER in teacher.roles
    refused("^Only", lambda: save_codes(teacher, now, [CodeChange(zoe, second, Code.CROSS)], today=today))
    elsewhere(lambda: give_roles("tester", "teacher;mentor"))
    save_codes(teacher, now, [CodeChange(zoe, second, Code.CROSS)], today=today)
    assert marks_of(zoe, now.id) == [(first, "X"), (second, "X")]


def test_a_head_of_departments_role_taken_away_by_another_session_refuses_their_next_check(secondary):
    from amtui.db.models import Pupil

    maths, cal = subject_id("Maths"), Pupil.get(Pupil.upn == Y11[2]).id  # in 11A/Ma2: not hers to teach
    head = identify("hodm")  # still heads Maths: only the role goes
    assert returns.save_return(head, secondary.id, cal, maths, returns.Entry(projected="5"), TODAY)
    entered = ProgressReturn.get(ProgressReturn.pupil == cal)
    elsewhere(lambda: give_roles("hodm", "teacher"))
    refused("own teaching groups", lambda: returns.save_return(head, secondary.id, cal, maths,
                                                               returns.Entry(projected="6"), TODAY))
    refused("^Only", lambda: returns.approve(head, [entered.id]))
    assert ProgressReturn.get_by_id(entered.id).checked_by_id is None
    elsewhere(lambda: give_roles("hodm", "teacher;hod"))
    assert returns.approve(head, [entered.id]) == 1


def test_a_role_given_by_another_session_counts_at_the_next_save(secondary):
    """SLT return for any group: a teacher made SLT since login returns for another's group."""
    from amtui.db.models import Pupil

    maths, cal = subject_id("Maths"), Pupil.get(Pupil.upn == Y11[2]).id  # in maths2's 11A/Ma2
    teacher = identify("maths1")
    refused("own teaching groups", lambda: returns.save_return(teacher, secondary.id, cal, maths,
                                                               returns.Entry(projected="6"), TODAY))
    elsewhere(lambda: give_roles("maths1", "teacher;slt"))
    assert Role.SLT not in teacher.roles
    assert returns.save_return(teacher, secondary.id, cal, maths, returns.Entry(projected="6"), TODAY)
    assert [r.projected for r in ProgressReturn.select().where(ProgressReturn.pupil == cal)] == ["6"]


# --- the mentor link, read by each of a meeting's saves ---------------------------------------------


def test_a_mentor_replaced_by_another_session_mid_meeting_is_told_at_their_next_save(primary):
    from amtui.db.models import Meeting
    from amtui.db.repo import meeting_interventions, meeting_saves
    from amtui.db.repo.meeting_agenda import load_agenda
    from amtui.db.repo.meetings import change_mentor, open_meeting

    today, zoe = primary.today, primary.pupils["Zoë O'Neill"]
    mentor = identify("tester", today)
    meeting = open_meeting(mentor, zoe, today)
    meeting_saves.set_step(mentor, meeting, 2)  # Evidence: the meeting starts
    meeting_saves.set_text(mentor, meeting, "summary", "Reading at home")
    elsewhere(lambda: give_roles("jsmith", "teacher;mentor"))
    elsewhere(lambda: change_mentor(ADMIN, zoe, primary.staff["jsmith"], "Tess is on leave", today))
    no_longer = "^You are no longer this pupil's mentor"
    refused(no_longer, lambda: meeting_saves.set_text(mentor, meeting, "summary", "Reading every night"))
    refused(no_longer, lambda: meeting_saves.set_step(mentor, meeting, 3))
    refused(no_longer, lambda: meeting_interventions.add_intervention(mentor, meeting, 1, today, None, ""))
    refused(no_longer, lambda: meeting_saves.finish(mentor, meeting, today))
    row = Meeting.get_by_id(meeting)
    assert (row.summary, row.step, row.ended_at) == ("Reading at home", 2, None)
    shown = load_agenda(mentor, meeting, today).meeting  # the screen's next read: read-only, and why
    assert not shown.may_edit and shown.refusal.startswith("You are no longer this pupil's mentor")
    meeting_saves.set_text(identify("jsmith", today), meeting, "summary", "Reading every night")
    meeting_saves.set_text(identify("head", today), meeting, "outcome", "Carried on by Jo")  # SLT may
    assert Meeting.get_by_id(meeting).summary == "Reading every night"


# --- lists of what the person may open, read afresh -------------------------------------------------


def test_a_group_given_or_taken_away_by_another_session_shows_in_the_next_lists(secondary):
    from amtui.db.repo import grade_targets, home, returns_read

    teacher = identify("maths2")  # 11A/Ma2 at login
    def names() -> list[str]:  # the return screen's groups for Year 11's open window
        return [g.name for w, g in returns_read.return_choices(teacher, YEAR, TODAY) if w.year_group == 11]

    assert names() == ["11A/Ma2"]
    elsewhere(lambda: staffing.teach(ADMIN, "maths2", "11A/Ma1", TODAY))
    assert names() == ["11A/Ma1", "11A/Ma2"]
    assert {g.name for g in grade_targets.groups_for(teacher, YEAR)} == {"11A/Ma1", "11A/Ma2"}
    ma1 = SchoolClass.get(SchoolClass.name == "11A/Ma1").id
    assert ma1 in {c.id for c in home.my_classes(teacher, school.current_half_term(TODAY), TODAY)}
    elsewhere(lambda: staffing.teach(ADMIN, "maths1", "11A/Ma1", TODAY))  # handed back
    assert names() == ["11A/Ma2"]
    assert ma1 not in {c.id for c in home.my_classes(teacher, school.current_half_term(TODAY), TODAY)}
    elsewhere(lambda: give_roles("maths2", "teacher;slt"))  # a role given: every group
    assert names() == ["11A/Hi1", "11A/Ma1", "11A/Ma2"]
