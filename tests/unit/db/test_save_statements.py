"""What one save of each kind sends to the database, on both engines: a mark, a weekly
score and a meeting's step, each counted statement by statement (BEGIN and COMMIT aside).
On a server every statement is a round trip and work for the server's backend, and the
statements of a save are what a trust's 200 staff multiply (``python -m benchmarks
trust_save``); nothing is read twice nor sent alone that can go with another."""

from __future__ import annotations

import peewee
import pytest

from amtui.db.connection import database
from amtui.db.models import AuditEntry, Criterion, Meeting, Subject, WeeklyResult
from amtui.db.repo import school, weekly
from amtui.db.repo.marks import CodeChange, save_codes
from amtui.db.repo.meeting_saves import set_step
from amtui.db.repo.meetings import open_meeting
from amtui.db.repo.staff import identify
from amtui.domain.codes import Code
from amtui.domain.score_entry import school_week
from pupil_school import primary  # noqa: F401  (the small school, a fixture)

pytestmark = pytest.mark.parametrize("db_engine", ["sqlite", "postgres"])


@pytest.fixture
def sent(primary, monkeypatch) -> list[str]:
    """The statements sent from now on."""
    statements: list[str] = []
    plain = database.obj.execute_sql
    monkeypatch.setattr(database.obj, "execute_sql", lambda sql, *args, **kwargs: statements.append(sql)
                        or plain(sql, *args, **kwargs))
    return statements


def on_server() -> bool:
    return isinstance(database.obj, peewee.PostgresqlDatabase)


def sent_by(sent: list[str], save) -> list[str]:
    save()  # the first: what is built or read once a session is not counted
    sent.clear()
    save()
    return list(sent)


def test_a_marks_save_sends_its_notification_with_its_write_locks(primary, sent):
    today, zoe = primary.today, primary.pupils["Zoë O'Neill"]
    tess, now = identify("tester", today), school.current_half_term(today)
    criterion = (Criterion.select(Criterion.id).join(Subject).where(Subject.code == "R")
                 .order_by(Criterion.id).offset(20).scalar())
    codes = iter([Code.CROSS, Code.LINE])
    statements = sent_by(sent, lambda: save_codes(tess, now, [CodeChange(zoe, criterion, next(codes))], today=today))
    assert len(statements) == (13 if on_server() else 15)  # 14 on a server before: pg_notify alone at the end
    assert not [sql for sql in statements if "pg_notify" in sql and "pg_advisory_xact_lock" not in sql]


def test_a_weekly_scores_save_weighs_the_teachers_roles_and_classes_and_not_what_they_head(primary, sent):
    today, finn = primary.today, primary.pupils["Finn Ford"]
    jo, week = identify("jsmith", today), school_week(primary.today)
    scores = iter([21, 22])  # a score, then its correction
    statements = sent_by(sent, lambda: weekly.save_score(jo, finn, week, next(scores), today))
    assert len(statements) == (12 if on_server() else 14)  # 14 and 15 before: what they head, pg_notify
    assert not [sql for sql in statements if "staff_remit" in sql]
    assert WeeklyResult.get((WeeklyResult.pupil == finn) & (WeeklyResult.sat_on == week.sitting_day)).score == 22


def test_a_meetings_step_reads_the_meeting_once_and_audits_it_as_its_pupils(primary, sent):
    today, zoe = primary.today, primary.pupils["Zoë O'Neill"]
    tess = identify("tester", today)
    meeting = open_meeting(tess, zoe, today)
    steps = iter([1, 2])
    statements = sent_by(sent, lambda: set_step(tess, meeting, next(steps)))
    assert len(statements) == (7 if on_server() else 9)  # 9 and 10 before: its pupil again, pg_notify
    assert len([sql for sql in statements if 'FROM "meeting"' in sql]) == 1  # the row the step checks
    newest = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (newest.action, newest.entity_id, newest.pupil_id) == ("meeting.step", str(meeting), zoe)
    assert Meeting.get_by_id(meeting).step == 2
