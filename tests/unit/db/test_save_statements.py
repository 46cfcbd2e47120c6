"""What one save of each kind sends to the database, on both engines: a mark, a weekly
score and a meeting's step, each counted statement by statement (BEGIN and COMMIT aside).
On a server every statement is a round trip and work for the server's backend, and the
statements of a save are what a trust's 200 staff multiply (``python -m benchmarks
trust_save``); nothing is read twice nor sent alone that can go with another."""

from __future__ import annotations

import peewee
import pytest

from amtui.db.connection import database
from amtui.db.models import AuditEntry, Criterion, Meeting, Subject
from amtui.db.repo import school
from amtui.db.repo.marks import CodeChange, save_codes
from amtui.db.repo.meeting_saves import set_step
from amtui.db.repo.meetings import open_meeting
from amtui.db.repo.staff import identify
from amtui.domain.codes import Code
from pupil_school import load

pytestmark = pytest.mark.parametrize("db_engine", ["sqlite", "postgres"])


@pytest.fixture
def primary(db_target):
    """The small school: Tess teaches 4B (Zoë, her mentee)."""
    made = load("small_school").build(db_target)
    yield made
    made.opened.db.close()


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
