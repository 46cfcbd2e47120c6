"""``amtui export trust`` on a trust's server: each school's kept figures where they are
its data's, the others read live and named on stderr; the file the same as read live."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

import pytest

from amtui import cli
from amtui.db.connection import database, write
from amtui.db.models import Pupil
from amtui.db.repo import trust_kept, trust_view
from amtui.reports.trust_view import export_trust

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ui"))
from trust_schools import (ADMIN, ELM, KEEPER, OAK, READER, as_role, build_trust,  # noqa: E402
                           owned_by_keeper, role_target)

on_postgres = pytest.mark.parametrize("db_engine", ["postgres"])
HT = 1  # the half-term the schools' marks are in


def _export(target, out: Path, capsys) -> str:
    """The trust's data lead's ``amtui export trust --half-term 1`` into ``out``; its stderr."""
    try:
        assert cli.main(["--db", role_target(target, READER).url, "export", "trust",
                         "--half-term", str(HT), "--out", str(out)]) == 0
    finally:
        database.obj.close()
    return capsys.readouterr().err


def _refresh(target) -> None:
    keeper = as_role(target, KEEPER)  # the trust's admin, as cron runs it
    try:
        trust_kept.refresh(dt.date.today(), HT)
    finally:
        keeper.db.close()


def _lines(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))


@on_postgres
def test_the_export_from_kept_figures_is_the_live_export(db_target, tmp_path, capsys):
    build_trust(db_target)
    owned_by_keeper(db_target)
    live, from_kept = tmp_path / "live.csv", tmp_path / "kept.csv"
    said = _export(db_target, live, capsys)  # none kept yet: every school read live
    assert f"2 of 2 schools read live (changed since their figures were kept, or none kept for today): {OAK}, {ELM}" \
        in said
    _refresh(db_target)
    said = _export(db_target, from_kept, capsys)
    assert "0 of 2 schools read live" in said
    assert from_kept.read_bytes() == live.read_bytes()
    schools = {line["school"] for line in _lines(live)}
    assert schools == {OAK, ELM} and len(_lines(live)) > 2  # each school's year groups and subjects too
    # Kept figures are what the file says: Oak's kept pupils changed (no data change, no new stamp).
    keeper = as_role(db_target, KEEPER)
    try:
        with trust_kept.in_school(1) as db:
            write(lambda: db.execute_sql("UPDATE kept_trust_figures SET figures = replace(figures, "
                                         "'\"pupils\":9', '\"pupils\":99') WHERE school_id = 1"))
    finally:
        keeper.db.close()
    _export(db_target, from_kept, capsys)
    assert [line["pupils_on_roll"] for line in _lines(from_kept)][:1] == ["99"]


@on_postgres
def test_a_school_changed_since_its_figures_were_kept_is_read_live_into_the_file(db_target, tmp_path, capsys):
    oak, elm = build_trust(db_target)
    owned_by_keeper(db_target)
    _refresh(db_target)
    before = tmp_path / "before.csv"
    _export(db_target, before, capsys)
    elm_staff = as_role(db_target, ADMIN, "2")  # a pupil leaves Elm after the refresh
    write(lambda: Pupil.update(left_on=elm.today).where(Pupil.id == elm.pupils["Ella Evans"]).execute())
    elm_staff.db.close()
    after = tmp_path / "after.csv"
    said = _export(db_target, after, capsys)
    assert f"1 of 2 schools read live (changed since their figures were kept, or none kept for today): {ELM}" in said
    first = {line["school"]: int(line["pupils_on_roll"]) for line in _lines(before)}
    now = {line["school"]: int(line["pupils_on_roll"]) for line in _lines(after)}
    assert now == {OAK: first[OAK], ELM: first[ELM] - 1}
    reader = as_role(db_target, READER)  # the whole file is what each school's data says now
    try:
        live = io.StringIO()
        export_trust(live, trust_view.figures(dt.date.today(), HT))
    finally:
        reader.db.close()
    assert _lines(after) == list(csv.DictReader(live.getvalue().splitlines()))
