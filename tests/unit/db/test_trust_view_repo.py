"""The trust view's reading: each school's own monitoring and leaders' figures, read as a
trust role on a two-school server, and as a SQLite file's one school."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from amtui.db.connection import read
from amtui.db.repo import analysis, monitoring, school, trust_view
from amtui.domain import trust_view as sums

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ui"))
from small_school import build  # noqa: E402
from trust_schools import ADMIN, ELM, OAK, READER, _owner_sql, as_role, build_trust  # noqa: E402


def own_figures(today):
    """The session's school as its own monitoring and leaders' screens read it."""
    ht = school.current_half_term(today)
    return monitoring.monitor(ht, today), analysis.by_subject(ht, today=today)


@pytest.mark.parametrize("db_engine", ["postgres"])
def test_a_trust_role_reads_each_school_as_that_schools_own_screens_do(db_target):
    oak, elm = build_trust(db_target)
    expected = {}
    for number, built in (("1", oak), ("2", elm)):
        opened = as_role(db_target, ADMIN, number)
        assert not trust_view.trust_reader()  # a member of both schools' staff: one school at a time
        assert trust_view.schools() == [(int(number), OAK if number == "1" else ELM)]
        data, standings = own_figures(built.today)
        expected[int(number)] = (trust_view.year_subject_shares(data.classes), sums.meetings(data.mentors),
                                 [(s.subject.name, s.facts) for s in standings])
        opened.db.close()
    opened = as_role(db_target, READER)
    try:
        assert trust_view.trust_reader()
        assert trust_view.schools() == [(1, OAK), (2, ELM)]
        found = trust_view.figures(oak.today)
        assert [(f.school_id, f.pupils) for f in found] == [(1, 9), (2, 8)]  # Elm: Callum has left
        for f in found:
            shares, meetings, standings = expected[f.school_id]
            assert f.shares == shares and f.meetings == meetings and list(f.standings) == standings
        assert found[0].meetings != found[1].meetings  # Jo Smith met Ella once more at Elm
        assert found[1].meetings.done == found[0].meetings.done + 1
        # The session's school is as it was: none chosen, so no school's rows are seen.
        assert read(lambda: opened.db.execute_sql("SELECT current_setting('amtui.school', true)").fetchone()[0]) in (None, "")
        assert read(lambda: opened.db.execute_sql("SELECT count(*) FROM pupil").fetchone()[0]) == 0
    finally:
        opened.db.close()


@pytest.mark.parametrize("db_engine", ["postgres"])
def test_a_school_name_holding_control_characters_reaches_a_trust_role_drawn_visibly(db_target):
    """A name written past amtui (psql) must not retitle or clear the trust lead's terminal."""
    build_trust(db_target)
    _owner_sql(db_target, "UPDATE school SET name = E'Elm\\x1b[2J Academy' WHERE id = 2")
    opened = as_role(db_target, READER)
    try:
        names = [name for _, name in trust_view.schools()]
        assert names[1] == "Elm^[[2J Academy" and "\x1b" not in names[1]
    finally:
        opened.db.close()


@pytest.mark.parametrize("db_engine", ["sqlite"])
def test_a_sqlite_file_is_one_school_one_row(db_target):
    made = build(db_target)
    try:
        assert not trust_view.trust_reader()
        found = trust_view.figures(made.today)
        assert len(found) == 1 and found[0].school_id == 1 and found[0].pupils == 9
        data, standings = own_figures(made.today)
        assert found[0].shares == trust_view.year_subject_shares(data.classes)
        assert found[0].meetings == sums.meetings(data.mentors)
        line = sums.row(found[0])
        assert line.shares.total == sum(c.shares.total for c in data.classes)
    finally:
        made.opened.db.close()
