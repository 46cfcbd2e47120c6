"""A mark's save reads the criteria's subjects (which its entry check weighs) and the cells'
newest entries (which it reports replaced) in one statement, on both engines: a cell with
someone else's entry is reported with who made it and when, a new cell with none."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.connection import database
from amtui.db.models import Criterion, Subject
from amtui.db.repo import school
from amtui.db.repo.marks import CodeChange, save_codes
from amtui.db.repo.staff import identify
from amtui.domain.codes import Code
from pupil_school import load

pytestmark = pytest.mark.parametrize("db_engine", ["sqlite", "postgres"])


@pytest.fixture
def primary(db_target):
    """The small school: Tess teaches 4B (Zoë)."""
    made = load("small_school").build(db_target)
    yield made
    made.opened.db.close()


def test_a_marks_save_reads_the_subjects_and_the_newest_entries_in_one_statement_and_reports_the_replaced(
        primary, monkeypatch):
    today, zoe = primary.today, primary.pupils["Zoë O'Neill"]
    now = school.current_half_term(today)
    first, second = (Criterion.select(Criterion.id).join(Subject).where(Subject.code == "R")
                     .order_by(Criterion.id).offset(20).limit(2).scalars())
    head = identify("head", today)
    save_codes(head, now, [CodeChange(zoe, first, Code.LINE)], today=today)
    sent: list[str] = []
    plain = database.obj.execute_sql
    monkeypatch.setattr(database.obj, "execute_sql", lambda sql, *args, **kwargs: sent.append(sql)
                        or plain(sql, *args, **kwargs))
    saved = save_codes(identify("tester", today), now, [CodeChange(zoe, first, Code.CROSS),
                                                        CodeChange(zoe, second, Code.DOT)], today=today)
    before_insert = sent[:next(n for n, sql in enumerate(sent) if sql.startswith('INSERT INTO "criterion_mark"'))]
    assert len([sql for sql in before_insert if '"criterion' in sql]) == 1  # the subjects and the entries
    replaced, new = saved[0].replaced, saved[1].replaced
    assert (replaced.code, replaced.staff_name, replaced.staff_id) == (Code.LINE, "Hana Head", head.staff_id)
    assert isinstance(replaced.recorded_at, dt.datetime) and new is None
