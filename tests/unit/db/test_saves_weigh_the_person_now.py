"""Every save weighs its person as the database holds them at the save, not as read at login:
someone whose role was taken away, or who was taken off the staff list, after their
``CurrentUser`` was read is refused at their next save of each kind and nothing changes;
given the role back (or brought back), the same save goes through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from amtui.db.connection import database, write
from amtui.db.models import SchoolClass, Staff
from amtui.db.repo import events, interventions, meetings, membership, programme, referrals, returns, school
from amtui.db.repo import staffing, year_views
from amtui.db.repo.staff import CurrentUser, identify
from amtui.domain.errors import UserFacingError
from amtui.domain.programme import Kind
from amtui.domain.roles import Role
from tests import programme_school as ps

ADMIN_LOGIN = "admin1"
Save = Callable[[CurrentUser], object]


@pytest.fixture
def made(db_target):
    """The programme's small secondary school, with an admin and a second Year 11 class."""
    made = ps.build(db_target)

    def more() -> None:
        made.staff[ADMIN_LOGIN] = Staff.create(username=ADMIN_LOGIN, name="Ann Admin", roles="admin").id
        year = SchoolClass.get(SchoolClass.name == "11X/Ma1").academic_year_id
        SchoolClass.create(name="11B", year_group=11, academic_year=year)

    write(more)
    yield made
    made.opened.db.close()


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table: what "nothing was changed" compares."""
    db = database.obj
    return {table: sorted(map(repr, db.execute_sql(f'SELECT * FROM "{table}"').fetchall()))
            for table in db.get_tables()}


def _referral_to_mentor(made) -> int:
    """A referral of Ben's that reached his mentor (not the AMT's own: only the AMT ends it for them)."""
    return referrals.refer(identify(ps.TEACHER_LOGIN), made.pupils["Ben Birch"], "Homework not in").id


def _interview(made) -> int:
    return year_views.arrange_interview(identify(ps.HOY_LOGIN), made.pupils["Amy Ash"], "Below target",
                                        made.today, "Mum")


def _on_the_programme(made) -> int:
    programme.put_on(identify(ps.AMT_LOGIN), made.pupils["Amy Ash"], Kind.HOY, "Below target", made.today)
    return programme.open_membership(made.pupils["Amy Ash"], Kind.HOY, made.today)


def _intervention(made) -> int:
    return interventions.save_intervention(identify("head"), None, "Reading club", None, "Twice a week")


# name: (who saves, their roles once taken away, the save: given the school, a function of the person)
SAVES: dict[str, tuple[str, str, Callable[..., Save]]] = {
    "add staff": (ADMIN_LOGIN, "teacher", lambda made: lambda me: staffing.add_staff(
        me, "newbie", "Nia New", frozenset({Role.TEACHER}))),
    "change roles": (ADMIN_LOGIN, "teacher", lambda made: lambda me: staffing.change_roles(
        me, ps.TEACHER_LOGIN, frozenset({Role.TEACHER, Role.MENTOR}))),
    "deactivate a leaver": (ADMIN_LOGIN, "teacher", lambda made: lambda me: staffing.leave(
        me, ps.TEACHER_LOGIN, made.today)),
    "link a class": (ADMIN_LOGIN, "teacher", lambda made: lambda me: staffing.teach(
        me, ps.TEACHER_LOGIN, "11X/Ma1", made.today)),
    "give a remit": (ADMIN_LOGIN, "teacher", lambda made: lambda me: staffing.heads(
        me, ps.HOD_LOGIN, "English", kind="subject")),
    "change a setting": ("head", "teacher", lambda made: lambda me: school.save_setting(me, "target_steps", "4")),
    "move a half-term's dates": ("head", "teacher", lambda made: lambda me: school.set_half_term_dates(
        me, made.start_year, 6, school.half_term(made.start_year, 6).start,
        school.half_term(made.start_year, 6).end - dt.timedelta(days=1))),
    "lock a half-term": ("head", "teacher", lambda made: lambda me: school.set_lock(
        school.current_half_term(made.today).id, me, True, "moderation")),
    "put a pupil on": (ps.AMT_LOGIN, "teacher", lambda made: lambda me: programme.put_on(
        me, made.pupils["Dee Dale"], Kind.PROGRAMME, "Below target", made.today, made.staff[ps.MENTOR_LOGIN])),
    "take a pupil off": (ps.AMT_LOGIN, "teacher", lambda made: (lambda membership: lambda me: programme.take_off(
        me, membership, "Caught up", made.today))(_on_the_programme(made))),
    "Year 10 joins in May": (ps.AMT_LOGIN, "teacher", lambda made: lambda me: programme.join_whole_year_10(
        me, dt.date(made.start_year + 1, 5, 10), True)),
    "refer a pupil": (ps.TEACHER_LOGIN, "", lambda made: lambda me: referrals.refer(
        me, made.pupils["Cal Cedar"], "Falling asleep in class")),
    "accept a referral": (ps.AMT_LOGIN, "teacher", lambda made: (lambda rid: lambda me: referrals.accept(
        me, rid, made.today))(_referral_to_mentor(made))),
    "pass a referral on": (ps.AMT_LOGIN, "teacher", lambda made: (lambda rid: lambda me: referrals.pass_on(
        me, rid, made.staff[ps.HOY_LOGIN]))(_referral_to_mentor(made))),
    "close a referral": (ps.AMT_LOGIN, "teacher", lambda made: (lambda rid: lambda me: referrals.close(
        me, rid, "Sorted at home"))(_referral_to_mentor(made))),
    "add an intervention": ("head", "teacher", lambda made: lambda me: interventions.save_intervention(
        me, None, "Maths catch-up", None, "After school")),
    "retire an intervention": ("head", "teacher", lambda made: (lambda iid: lambda me: interventions.set_active(
        me, iid, False))(_intervention(made))),
    "load the shipped bank": ("head", "teacher", lambda made: interventions.load_shipped),
    "arrange an interview": (ps.HOY_LOGIN, "teacher", lambda made: lambda me: year_views.arrange_interview(
        me, made.pupils["Cal Cedar"], "Below target", made.today, "Dad")),
    "record an interview's outcome": (ps.HOY_LOGIN, "teacher", lambda made: (
        lambda iid: lambda me: year_views.record_outcome(me, iid, "Reading at home"))(_interview(made))),
    "log a reward": (ps.TEACHER_LOGIN, "", lambda made: lambda me: events.log_event(
        me, made.pupils["Amy Ash"], "reward", "Great essay")),
    "move a pupil": (ADMIN_LOGIN, "teacher", lambda made: lambda me: membership.move_pupil(
        me, ps.PUPILS["Amy Ash"][1], "11B", made.today)),
    "change a mentor": (ps.HOY_LOGIN, "teacher", lambda made: lambda me: meetings.change_mentor(
        me, made.pupils["Amy Ash"], made.staff[ps.MENTOR_LOGIN], "Needs a mentor", made.today)),
    "open a return window": (ps.AMT_LOGIN, "teacher", lambda made: (lambda calendar: lambda me: returns.open_window(
        me, made.start_year, "Y11 Spring", 11, dt.date(made.start_year + 1, 2, 1)))(
        returns.windows(made.start_year))),  # the year's calendar, made when the screen first shows it
}

# How each is undone by another session, how it is put back, and what the refusal says.
CHANGES = {
    "role taken away": (lambda roles: {"roles": roles}, "^Only |^You are not on the staff list"),
    "taken off the staff list": (lambda roles: {"active": False}, "^You are not on the staff list"),
}
REFUSED_ENDING = {"accept a referral", "pass a referral on", "close a referral"}  # a referral not theirs


def meanwhile(login: str, **values) -> None:
    """The admin's session changes ``login``'s staff row (its own transaction, committed)."""
    write(lambda: Staff.update(**values).where(Staff.username == login).execute())


@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.parametrize("name", list(SAVES))
def test_a_save_weighs_the_person_as_the_database_holds_them_now(made, name, change):
    login, fewer, prepare = SAVES[name]
    save = prepare(made)
    me = identify(login)  # read at login: still holding the role
    held = Staff.get(Staff.username == login)
    undo, message = CHANGES[change]
    meanwhile(login, **undo(fewer))
    if change == "role taken away" and name in REFUSED_ENDING:
        message = "^Only the person this referral reached, or the AMT"
    before = snapshot()
    with pytest.raises(UserFacingError, match=message):
        save(me)
    assert snapshot() == before, f"{name}: a refused save changed the database"
    meanwhile(login, roles=held.roles, active=True)  # given back: the same session's save goes through
    save(me)
    assert snapshot() != before


def test_the_whole_of_year_10_is_weighed_once_not_per_pupil(made):
    """Joining a year group weighs the person once, inside its one transaction."""
    from amtui.db.models import Pupil, ProgrammeMembership

    def more_year_10() -> None:
        for n in range(30):
            Pupil.create(upn=f"T{n:012d}", forename="Ten", surname=f"Pupil{n}", year_group=10)

    write(more_year_10)
    me, asked = identify(ps.AMT_LOGIN), []
    database.obj.execute_sql = _counting(database.obj.execute_sql, asked)
    try:
        joined = programme.join_whole_year_10(me, dt.date(made.start_year + 1, 5, 10), True)
    finally:
        del database.obj.execute_sql
    assert joined == 31
    assert sum('FROM "staff"' in sql and '"roles"' in sql for sql in asked) == 1
    assert ProgrammeMembership.select().where(ProgrammeMembership.kind == "programme").count() == 31


def _counting(execute, asked: list[str]):
    def counted(sql, params=None, *args, **kwargs):
        asked.append(sql)
        return execute(sql, params, *args, **kwargs)

    return counted

