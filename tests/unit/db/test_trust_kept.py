"""A trust's kept figures: each school's trust-view figures as its own screens read them,
kept until that school's data changes (a save in one school leaves the other's current),
read again by ``amtui trust refresh``, and held to each school by the server's row-level
security like every school table."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from amtui import cli
from amtui.db.connection import write
from amtui.db.models import Pupil
from amtui.db.repo import trust_kept, trust_view
from amtui.domain.kept_figures import from_text, to_text
from amtui.domain.trust_view import rows, summed

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ui"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_trust import _fill, _grant, _open, _psql, passwords, trust  # noqa: E402,F401 (fixtures)
from trust_schools import ADMIN, ELM, KEEPER, OAK, READER, as_role, build_trust, owned_by_keeper  # noqa: E402

on_postgres = pytest.mark.parametrize("db_engine", ["postgres"])


@on_postgres
def test_kept_figures_are_what_each_school_reads_live_and_stay_current_until_it_changes(db_target):
    oak, elm = build_trust(db_target)
    owned_by_keeper(db_target)
    reader = as_role(db_target, READER)
    try:
        live = trust_view.figures(oak.today)
        assert [k.figures for k in trust_kept.kept(oak.today)] == [None, None]  # none kept yet
        assert [from_text(to_text(f)) for f in live] == [summed(f) for f in live]  # as kept, and back
        for year in (None, 4, 6):  # kept, each line is the one worked out from the pupils' facts
            for subject in (None, "Reading", "Maths", "Writing"):
                assert rows(map(summed, live), year, subject) == rows(live, year, subject)
        live = [summed(f) for f in live]
        assert not trust_kept.may_keep()  # a trust role keeps nothing
    finally:
        reader.db.close()
    keeper = as_role(db_target, KEEPER)
    try:
        assert trust_kept.may_keep()
        done = trust_kept.refresh(oak.today)
        assert [(r.name, r.seconds is not None) for r in done] == [(OAK, True), (ELM, True)]
        assert [r.seconds for r in trust_kept.refresh(oak.today)] == [None, None]  # both current
    finally:
        keeper.db.close()
    reader = as_role(db_target, READER)
    try:
        kept = trust_kept.kept(oak.today)
        assert [k.figures for k in kept] == live and all(k.current and k.as_of == "" for k in kept)
    finally:
        reader.db.close()
    elm_staff = as_role(db_target, "trustadmin", "2")  # a member of Elm's staff saves
    write(lambda: Pupil.update(left_on=elm.today).where(Pupil.id == elm.pupils["Ella Evans"]).execute())
    elm_staff.db.close()
    reader = as_role(db_target, READER)
    try:
        oak_kept, elm_kept = trust_kept.kept(oak.today)
        assert oak_kept.current and not elm_kept.current  # a save at Elm leaves Oak's figures current
        assert elm_kept.figures == live[1] and elm_kept.as_of.startswith("as of ")
        assert trust_kept.read_again(2, ELM, oak.today).pupils == live[1].pupils - 1
        assert not trust_kept.kept(oak.today)[1].current  # a trust role's reading is not kept
    finally:
        reader.db.close()
    keeper = as_role(db_target, KEEPER)
    try:
        assert [r.seconds is None for r in trust_kept.refresh(oak.today)] == [True, False]  # Elm alone
        kept = trust_kept.kept(oak.today)
        assert all(k.current for k in kept) and kept[1].figures.pupils == live[1].pupils - 1
        assert kept[1].figures == summed(trust_kept.read_again(2, ELM, oak.today))  # what Elm reads live now
        assert [k.figures for k in trust_kept.kept(oak.today + dt.timedelta(days=1))] == [None, None]  # per day
    finally:
        keeper.db.close()


def test_refresh_keeps_each_schools_figures_which_its_teachers_read_and_no_one_else_does(
        trust, passwords, capsys):
    _fill(trust)
    _grant(trust, "teacher_a")
    _grant(trust, "ceo", reader=True)
    assert cli.main(["--db", trust.url, "trust", "refresh"]) == 0
    said = capsys.readouterr().out
    assert "1/2  Oak Primary: read again in" in said and "2/2  Elm Primary: read again in" in said
    assert "2 of 2 schools read again" in said
    assert cli.main(["--db", trust.url, "trust", "refresh"]) == 0
    assert "0 of 2 schools read again" in capsys.readouterr().out  # nothing changed since
    elm = _open(trust, "Elm Primary").execute_sql("SELECT id FROM school WHERE name = 'Elm Primary'").fetchone()[0]
    kept = ("SELECT string_agg(figures::json->>'name' || ':' || (figures::json->>'pupils'), ',') "
            "FROM kept_trust_figures WHERE half_term = 0")  # now (kept under its number too)
    own = _psql(passwords, trust, "teacher_a", kept)
    assert own.stdout.strip() == "Oak Primary:2", own.stderr
    other = _psql(passwords, trust, "teacher_a", f"SET amtui.school = '{elm}'; {kept}")
    assert other.stdout.split() == ["SET"], other.stderr  # none of Elm's
    for change in ("UPDATE kept_trust_figures SET stamp = 0", "DELETE FROM kept_trust_figures",
                   "INSERT INTO kept_trust_figures (half_term, day, stamp, figures) VALUES (0, now(), 0, '{}')"):
        assert "permission denied" in _psql(passwords, trust, "teacher_a", change).stderr, change  # only read
    ceo = _psql(passwords, trust, "ceo", f"SET amtui.school = '{elm}'; {kept}; "
                "UPDATE kept_trust_figures SET stamp = 0")
    assert ceo.stdout.splitlines() == ["SET", "Elm Primary:3"] and "permission denied" in ceo.stderr
    # Kept figures are not a change to log: the refresh left Elm's data stamp as it was.
    assert _open(trust, "Elm Primary").execute_sql(
        "SELECT count(*) FROM server_audit WHERE table_name = 'kept_trust_figures'").fetchone()[0] == 0


@on_postgres
def test_refresh_keeps_each_earlier_half_term_with_marks_as_read_live_and_a_change_stales_that_school(db_target):
    from amtui.db.models import Meeting
    from amtui.db.repo import school

    oak, elm = build_trust(db_target)
    owned_by_keeper(db_target)
    keeper = as_role(db_target, KEEPER)
    try:
        done = trust_kept.refresh(oak.today)  # today is in HT4; the schools' marks are HT1's
        assert [(r.name, r.read) for r in done] == [(OAK, (None, 1)), (ELM, (None, 1))]
        assert [r.read for r in trust_kept.refresh(oak.today)] == [(), ()]  # all current
    finally:
        keeper.db.close()
    reader = as_role(db_target, READER)
    try:
        live = [summed(f) for f in trust_view.figures(oak.today, 1)]
        kept = trust_kept.kept(oak.today, 1)
        assert [k.figures for k in kept] == live and all(k.current for k in kept)  # HT1, as read live
        assert all(f.half_term.startswith("HT1 ") for f in live)
        now = trust_kept.kept(oak.today, 4)  # the current half-term by its number: the one kept for now
        assert [k.figures for k in now] == [k.figures for k in trust_kept.kept(oak.today)]
        assert all(k.current for k in now)
        assert [k.figures for k in trust_kept.kept(oak.today, 2)] == [None, None]  # no marks in HT2: not kept
        assert trust_kept.kept_half_terms(oak.today) == [1, 4]  # what the trust view offers
    finally:
        reader.db.close()
    elm_staff = as_role(db_target, ADMIN, "2")  # at Elm, a meeting of HT1 recorded late
    held = dt.datetime.combine(school.half_term(elm.start_year, 1).start + dt.timedelta(days=3), dt.time(9))
    write(lambda: Meeting.create(pupil=elm.pupils["Finn Ford"], mentor=elm.staff["jsmith"], status="done",
                                 started_at=held, ended_at=held + dt.timedelta(minutes=15)))
    elm_staff.db.close()
    reader = as_role(db_target, READER)
    try:
        oak_kept, elm_kept = trust_kept.kept(oak.today, 1)
        assert oak_kept.current and not elm_kept.current and elm_kept.figures == live[1]
        amended = summed(trust_view.figures(oak.today, 1)[1])
        assert amended.meetings.done == live[1].meetings.done + 1
    finally:
        reader.db.close()
    keeper = as_role(db_target, KEEPER)
    try:
        assert [r.read for r in trust_kept.refresh(oak.today)] == [(), (None, 1)]  # Elm's alone
        assert [k.figures for k in trust_kept.kept(oak.today, 1)] == [live[0], amended]
    finally:
        keeper.db.close()
