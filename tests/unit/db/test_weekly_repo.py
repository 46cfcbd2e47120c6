"""Weekly tests in the database: the sheet, scores and corrections (audited), promotion."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from amtui.db.connection import write
from amtui.db.models import (
    AuditEntry, ClassStaff, Pupil, SchoolClass, Staff, WeeklyLevel, WeeklyResult,
)
from amtui.db.repo import weekly
from amtui.db.repo.school import ensure_year
from amtui.db.repo.staff import identify
from amtui.db.repo.weekly_overview import class_overview, pupil_weekly
from amtui.domain.permissions import NotAllowed
from amtui.domain.score_entry import school_week

TODAY = dt.date(2027, 2, 24)  # a Wednesday
WEEK = school_week(TODAY)
START = dt.date(2027, 1, 4)


@pytest.fixture
def school(opened):
    """Class 4B taught by tess; Ann and Ben at Level 2 since January, Cat with no level."""
    ids = {}

    def build() -> None:
        year = ensure_year(2026)
        tess = Staff.create(username="tess", name="Tess Teacher", roles="teacher")
        Staff.create(username="jo", name="Jo Other", roles="teacher")
        Staff.create(username="head", name="Hana Head", roles="slt")
        klass = SchoolClass.create(name="4B", year_group=4, academic_year=year)
        ClassStaff.create(school_class=klass, staff=tess)
        ids["class"] = klass.id
        for forename in ("Ann", "Ben", "Cat"):
            ids[forename] = Pupil.create(upn=f"A10000000000{len(ids)}", forename=forename, surname="Able",
                                         year_group=4, school_class=klass).id
        for forename in ("Ann", "Ben"):
            WeeklyLevel.create(pupil=ids[forename], level="Level 2", started_on=START)

    write(build)
    return ids


def sit(pupil: int, weeks_ago: int, score: int | None, test: int, level: str = "Level 2") -> None:
    write(lambda: WeeklyResult.create(pupil=pupil, sat_on=WEEK.plus(-weeks_ago).sitting_day, level=level,
                                      test=test, score=score))


def row_of(pupil: int, week=WEEK):
    return next(r for r in weekly.weekly_sheet(pupil and _class(pupil), week, TODAY).rows if r.pupil_id == pupil)


def _class(pupil: int) -> int:
    return Pupil.get_by_id(pupil).school_class_id


def audits(action: str) -> list[dict]:
    return [json.loads(a.detail) for a in AuditEntry.select().where(AuditEntry.action == action).order_by(AuditEntry.id)]


def test_the_sheet_has_every_pupil_in_name_order_with_level_test_and_last_three(school):
    for weeks_ago, score in ((4, 10), (3, 16), (2, 22), (1, None)):
        sit(school["Ann"], weeks_ago, score, test=5 - weeks_ago)
    sheet = weekly.weekly_sheet(school["class"], WEEK, TODAY)
    assert [r.forename for r in sheet.rows] == ["Ann", "Ben", "Cat"]
    ann, ben, cat = sheet.rows
    assert (ann.level, ann.test, ann.this_week) == ("Level 2", 5, None)
    assert [s.score for s in ann.earlier] == [16, 22, None]
    assert (ben.level, ben.test, ben.earlier) == ("Level 2", 1, ())
    assert (cat.level, cat.test) == (None, None)
    assert sheet.current and sheet.settings.weekly_max == 25


def test_a_score_is_saved_on_the_weeks_friday_with_the_next_test_and_audited(school):
    tess = identify("tess")
    row = weekly.save_score(tess, school["Ann"], WEEK, 23, TODAY)
    saved = WeeklyResult.get(WeeklyResult.pupil == school["Ann"])
    assert (saved.sat_on, saved.level, saved.test, saved.score) == (dt.date(2027, 2, 26), "Level 2", 1, 23)
    assert saved.staff_id == tess.staff_id
    assert row.this_week.score == 23 and row.greens == 1
    assert audits("weekly.score") == [{"sat_on": "2027-02-26", "level": "Level 2", "test": 1, "score": 23}]


def test_an_absence_is_a_sitting_without_a_score(school):
    row = weekly.save_score(identify("tess"), school["Ann"], WEEK, None, TODAY)
    assert WeeklyResult.get(WeeklyResult.pupil == school["Ann"]).score is None
    assert row.this_week is not None and row.this_week.score is None


def test_a_correction_updates_the_row_and_the_audit_keeps_old_and_new(school):
    tess = identify("tess")
    last_week = WEEK.plus(-1)
    weekly.save_score(tess, school["Ann"], last_week, 18, TODAY)
    weekly.save_score(tess, school["Ann"], last_week, 21, TODAY)
    rows = list(WeeklyResult.select().where(WeeklyResult.pupil == school["Ann"]))
    assert [(r.sat_on, r.score) for r in rows] == [(last_week.sitting_day, 21)]
    assert audits("weekly.correct") == [{"sat_on": str(last_week.sitting_day), "level": "Level 2",
                                         "test": 1, "old": 18, "new": 21}]
    weekly.save_score(tess, school["Ann"], last_week, 21, TODAY)  # the same again: nothing to audit
    assert len(audits("weekly.correct")) == 1


def test_a_scores_save_reads_the_pupils_history_once_and_hands_back_the_row_the_sheet_shows(school, monkeypatch):
    from amtui.db.connection import database

    tess = identify("tess")
    for weeks_ago, score in ((3, 21), (2, 25), (1, 22)):
        sit(school["Ann"], weeks_ago, score, test=4 - weeks_ago)
    sent: list[str] = []
    plain = database.obj.execute_sql
    monkeypatch.setattr(database.obj, "execute_sql", lambda sql, *args, **kwargs: sent.append(sql)
                        or plain(sql, *args, **kwargs))

    def history_reads(save) -> tuple[weekly.SheetRow, int]:
        sent.clear()
        row = save()
        return row, sum(1 for sql in sent if sql.lstrip().upper().startswith("SELECT") and "weekly_result" in sql)

    for save, week in ((lambda: weekly.save_score(tess, school["Ann"], WEEK, 21, TODAY), WEEK),  # the 4th green
                       (lambda: weekly.save_score(tess, school["Ann"], WEEK.plus(-1), 5, TODAY), WEEK.plus(-1)),
                       (lambda: weekly.save_score(tess, school["Ann"], WEEK, None, TODAY), WEEK)):
        row, reads = history_reads(save)
        assert reads == 1
        assert row == row_of(school["Ann"], week)  # as the sheet reads it afresh
    assert row_of(school["Ann"], WEEK.plus(-1)).this_week.score == 5
    assert (row_of(school["Ann"]).this_week.score, row_of(school["Ann"]).greens) == (None, 0)


def test_clearing_removes_the_sitting_and_is_audited(school):
    tess = identify("tess")
    weekly.save_score(tess, school["Ann"], WEEK, 12, TODAY)
    row = weekly.clear_score(tess, school["Ann"], WEEK, TODAY)
    assert row.this_week is None and not WeeklyResult.select().exists()
    assert audits("weekly.clear")[0]["old"] == 12


def test_refusals_save_nothing(school):
    with pytest.raises(weekly.EntryRefused, match="26 is more than 25"):
        weekly.save_score(identify("tess"), school["Ann"], WEEK, 26, TODAY)
    with pytest.raises(NotAllowed, match="only for your own classes"):
        weekly.save_score(identify("jo"), school["Ann"], WEEK, 20, TODAY)
    with pytest.raises(NotAllowed, match="not on the staff list"):
        weekly.save_score(identify("stranger"), school["Ann"], WEEK, 20, TODAY)
    with pytest.raises(weekly.EntryRefused, match="no weekly test level"):
        weekly.save_score(identify("tess"), school["Cat"], WEEK, 20, TODAY)
    assert not WeeklyResult.select().exists()
    assert not AuditEntry.select().where(AuditEntry.action != "schema.create").exists()
    weekly.save_score(identify("head"), school["Ann"], WEEK, 20, TODAY)  # SLT: any class
    assert WeeklyResult.select().count() == 1


def test_promotion_is_proposed_at_exactly_the_fourth_consecutive_green(school):
    tess = identify("tess")
    for weeks_ago, score in ((3, 21), (2, 25), (1, 22)):
        weekly.save_score(tess, school["Ann"], WEEK.plus(-weeks_ago), score, TODAY)
    before = row_of(school["Ann"])
    assert (before.greens, before.due) == (3, None)
    after = weekly.save_score(tess, school["Ann"], WEEK, 21, TODAY)
    assert (after.greens, after.due) == (4, "Bridging 2-3")


def test_a_20_breaks_the_run_so_no_promotion(school):
    tess = identify("tess")
    for weeks_ago, score in ((4, 21), (3, 22), (2, 23), (1, 20)):
        weekly.save_score(tess, school["Ann"], WEEK.plus(-weeks_ago), score, TODAY)
    row = weekly.save_score(tess, school["Ann"], WEEK, 24, TODAY)
    assert (row.greens, row.due) == (1, None)


def test_promotions_are_proposed_only_on_this_weeks_sheet(school):
    tess = identify("tess")
    for weeks_ago in (4, 3, 2, 1):
        weekly.save_score(tess, school["Ann"], WEEK.plus(-weeks_ago), 22, TODAY)
    assert row_of(school["Ann"], WEEK.plus(-1)).due is None
    assert row_of(school["Ann"]).due == "Bridging 2-3"


def test_confirming_appends_the_next_level_from_today_and_test_1_follows(school):
    tess = identify("tess")
    for weeks_ago in (4, 3, 2, 1):
        weekly.save_score(tess, school["Ann"], WEEK.plus(-weeks_ago), 22, TODAY)
    done = weekly.confirm_promotions(tess, [school["Ann"], school["Ben"]], TODAY)
    assert [(p.name, p.old, p.new) for p in done] == [("Ann Able", "Level 2", "Bridging 2-3")]
    newest = WeeklyLevel.select().where(WeeklyLevel.pupil == school["Ann"]).order_by(WeeklyLevel.id.desc()).get()
    assert (newest.level, newest.started_on, newest.set_by_id) == ("Bridging 2-3", TODAY, tess.staff_id)
    assert audits("weekly.promote") == [{"old": "Level 2", "new": "Bridging 2-3", "greens": 4}]
    row = row_of(school["Ann"])
    assert (row.level, row.test, row.greens, row.due) == ("Bridging 2-3", 1, 0, None)
    assert weekly.confirm_promotions(tess, [school["Ann"]], TODAY) == []  # not due any more


def test_only_teachers_of_the_class_hod_slt_or_admin_confirm(school):
    for weeks_ago in (3, 2, 1, 0):
        weekly.save_score(identify("tess"), school["Ann"], WEEK.plus(-weeks_ago), 22, TODAY)
    with pytest.raises(NotAllowed):
        weekly.confirm_promotions(identify("jo"), [school["Ann"]], TODAY)
    assert WeeklyLevel.select().where(WeeklyLevel.pupil == school["Ann"]).count() == 1


def test_after_test_15_the_next_is_test_1_of_the_same_level(school):
    for test in range(1, 16):
        sit(school["Ben"], 16 - test, 10, test=test)
    row = row_of(school["Ben"])
    assert (row.level, row.test) == ("Level 2", 1)
    weekly.save_score(identify("tess"), school["Ben"], WEEK, 12, TODAY)
    assert WeeklyResult.select().where(WeeklyResult.sat_on == WEEK.sitting_day).get().test == 1


def test_set_level_gives_a_pupil_a_first_level(school):
    weekly.set_level(identify("tess"), school["Cat"], "L3", TODAY)
    row = row_of(school["Cat"])
    assert (row.level, row.level_since, row.test) == ("Level 3", TODAY, 1)
    assert audits("weekly.level") == [{"old": None, "new": "Level 3"}]
    with pytest.raises(weekly.EntryRefused):
        weekly.set_level(identify("tess"), school["Cat"], "Level 9", TODAY)


def test_the_overview_has_weeks_levels_and_who_is_stuck(school):
    tess = identify("tess")
    weekly.save_score(tess, school["Ann"], WEEK.plus(-2), 22, TODAY)
    weekly.save_score(tess, school["Ann"], WEEK, 8, TODAY)
    weekly.save_score(tess, school["Ben"], WEEK, None, TODAY)
    weekly.set_level(tess, school["Ben"], "Level 3", dt.date(2027, 2, 1))
    overview = class_overview(school["class"], TODAY)
    assert overview.weeks == (WEEK.plus(-2).monday, WEEK.monday)
    ann = overview.rows[0]
    assert [s.score for s in ann.by_week.values()] == [22, 8]
    assert overview.spread == (("Level 2", 1), ("Level 3", 1), ("none", 1))
    assert [r.name for r in overview.stuck] == ["Ann Able", "Ben Able"]  # Ann since January
    assert overview.stuck[0].weeks_at_level(TODAY) == 7


def test_a_pupils_history_has_sittings_levels_and_corrections_newest_first(school):
    tess = identify("tess")
    weekly.save_score(tess, school["Ann"], WEEK.plus(-1), 18, TODAY)
    weekly.save_score(tess, school["Ann"], WEEK.plus(-1), 21, TODAY)
    history = pupil_weekly(school["Ann"], TODAY)
    assert [e.kind for e in history.entries] == ["correction", "sitting", "level"]
    assert "corrected 18 -> 21 (tess" in history.entries[0].text
    assert history.entries[1].sitting.score == 21 and history.entries[1].greens == 1
    assert history.entries[2].text == "Level 2 from here"
