"""The journal of saves kept when amtui closed before they could be made: where it is, what
a line holds, and the rule on replay (applied unless someone changed the record since)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from amtui.db import journal
from amtui.db.connection import write
from amtui.db.journal import KeptSave, journal_path, kept
from amtui.db.models import AuditEntry, Criterion, CriterionMark, Meeting, WeeklyLevel, WeeklyResult
from amtui.db.repo.marks import CodeChange, save_codes
from amtui.db.repo.school import half_term
from amtui.db.repo.staff import identify
from amtui.domain.codes import Code
from amtui.domain.score_entry import school_week


@pytest.fixture(autouse=True)
def state(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state"


def typed(minutes_ago: int) -> str:
    return (dt.datetime.now().replace(microsecond=0) - dt.timedelta(minutes=minutes_ago)).isoformat()


def mark(school, pupil: str, ref: str, code: str, minutes_ago: int) -> KeptSave:
    ht = half_term(school.start_year, 4)
    criterion = Criterion.get(Criterion.ref == ref).id
    return KeptSave("mark.set", {"year": ht.year, "half_term": 4,
                                 "cells": [[school.pupils[pupil], criterion, code, None]]},
                    typed(minutes_ago), "tester")


def newest(school, pupil: str, ref: str) -> str:
    return (CriterionMark.select().join(Criterion)
            .where(CriterionMark.pupil == school.pupils[pupil], Criterion.ref == ref)
            .order_by(CriterionMark.id.desc()).get().code)


def test_the_journal_is_on_this_servers_disk_one_private_file_per_database_and_person(school, state, tmp_path,
                                                                                     monkeypatch):
    path = journal_path(school.opened.target, "tester")
    assert path.parent == state / "amtui" / "journal"
    assert path != journal_path(school.opened.target, "jsmith")
    save = kept("weekly.score", "tester", pupil_id=1, week="2026-03-02", score=23, today="2026-03-04")
    journal.append(path, [save])
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    line = json.loads(path.read_text())
    assert line == {"kind": "weekly.score", "login": "tester", "typed_at": save.typed_at,
                    "params": {"pupil_id": 1, "week": "2026-03-02", "score": 23, "today": "2026-03-04"}}
    assert journal.read(path) == [save]
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert journal_path(school.opened.target, "tester").parent == \
        tmp_path / "home" / ".local" / "state" / "amtui" / "journal"


def test_replay_applies_every_kind_in_order_and_audits_the_time_typed(school):
    from amtui.db.repo.meeting_saves import set_step

    adam, zoe = school.pupils["Adam Ash"], school.pupils["Zoë O'Neill"]
    week = school_week(dt.date.today())
    write(lambda: WeeklyLevel.create(pupil=adam, level="Level 2", started_on=week.plus(-2).monday))
    meeting = write(lambda: Meeting.create(pupil=zoe, mentor=school.staff["tester"], status="scheduled"))
    set_step(identify("tester"), meeting.id, 3)  # started: its texts may be written
    saves = [
        mark(school, "Adam Ash", "R2/1", ".", 30),
        mark(school, "Adam Ash", "R2/1", "/", 29),  # the same cell again: both, in order
        KeptSave("weekly.score", {"pupil_id": adam, "week": week.monday.isoformat(), "score": 21,
                                  "today": dt.date.today().isoformat()}, typed(28), "tester"),
        KeptSave("meeting.text", {"meeting_id": meeting.id, "field": "barriers", "text": "Tired",
                                  "amending": False}, typed(27), "tester"),
    ]
    path = journal_path(school.opened.target, "tester")
    journal.append(path, saves)
    done = journal.replay(school.opened.target, "tester")
    assert (len(done.saved), done.skipped, done.refused, done.waiting) == (4, [], [], 0)
    assert newest(school, "Adam Ash", "R2/1") == "/"
    assert WeeklyResult.get(WeeklyResult.pupil == adam).score == 21
    assert Meeting.get_by_id(meeting.id).barriers == "Tired"
    replays = [json.loads(a.detail) for a in AuditEntry.select().where(AuditEntry.action == "journal.replay")]
    assert [r["typed_at"] for r in replays] == [s.typed_at for s in saves]
    assert AuditEntry.select().where(AuditEntry.action == "weekly.score").exists()  # audited as usual too
    assert not path.exists()
    assert "Saved 4 entries kept from your last session" in done.lines()[0]


def test_a_kept_save_is_not_applied_over_a_change_made_after_it_was_typed(school):
    ht = half_term(school.start_year, 4)
    r2_2 = Criterion.get(Criterion.ref == "R2/2").id
    path = journal_path(school.opened.target, "tester")
    journal.append(path, [mark(school, "Adam Ash", "R2/2", ".", 10), mark(school, "Adam Ash", "R2/3", ".", 10)])
    saved = save_codes(identify("head"), ht, [CodeChange(school.pupils["Adam Ash"], r2_2, Code.LINE)])
    write(lambda: CriterionMark.update(recorded_at=dt.datetime.now().replace(microsecond=0)
                                       - dt.timedelta(minutes=5)).where(CriterionMark.id == saved[0].id).execute())
    done = journal.replay(school.opened.target, "tester")
    assert len(done.saved) == 1 and len(done.skipped) == 1
    assert newest(school, "Adam Ash", "R2/2") == "/"  # the later change stands
    assert newest(school, "Adam Ash", "R2/3") == "."
    assert "someone changed the same record after you typed it" in " ".join(done.lines())
    kept_aside = path.with_suffix(".not-applied.jsonl")
    assert kept_aside.exists() and "mark.set" in kept_aside.read_text()


def test_a_journal_replayed_while_the_drive_is_still_away_stays_for_the_next_start(school, monkeypatch):
    from amtui.db.connection import DatabaseUnavailable
    from amtui.db import journal_kinds

    path = journal_path(school.opened.target, "tester")
    journal.append(path, [mark(school, "Adam Ash", "R2/2", ".", 5)])

    def away(user, params):
        raise DatabaseUnavailable("gone", reason="The drive has gone away.")

    monkeypatch.setitem(journal.KINDS, "mark.set", journal.Kind(away, journal_kinds._marks_changed,
                                                                journal_kinds._marks_named))
    done = journal.replay(school.opened.target, "tester")
    assert done.waiting == 1 and "still kept" in done.lines()[0]
    assert len(journal.read(path)) == 1


def test_attitude_and_big_write_are_kept_and_replayed_too(school):
    from amtui.db.models import AttitudeRecord, BigWriteFeedback, BigWriteRating
    from pupil_extras import add_extras

    extras = add_extras(school)
    adam, zoe = school.pupils["Adam Ash"], school.pupils["Zoë O'Neill"]
    ht = half_term(school.start_year, 4)
    where = {"year": ht.year, "half_term": 4, "pupil_id": adam}
    saves = [kept("attitude.rating", "tester", aspect="effort", rating="G", **where),
             kept("attitude.attendance", "tester", percent=96.5, **where),
             kept("bigwrite.rate", "tester", piece_id=extras.piece_id, pupil_id=zoe,
                  criterion_id=extras.writing_criteria[2], rating="Y"),
             kept("bigwrite.feedback", "tester", piece_id=extras.piece_id, pupil_id=zoe, text="Check full stops")]
    journal.append(journal_path(school.opened.target, "tester"), saves)
    done = journal.replay(school.opened.target, "tester")
    assert (len(done.saved), done.skipped, done.refused) == (4, [], []), done.lines()
    records = {(r.aspect, r.rating, r.percent) for r in AttitudeRecord.select().where(
        AttitudeRecord.pupil == adam, AttitudeRecord.half_term == ht.id)}
    assert ("effort", "G", None) in records and any(a == "attendance" and p == 96.5 for a, _, p in records)
    assert BigWriteRating.get(BigWriteRating.pupil == zoe).rating == "Y"
    assert BigWriteFeedback.get(BigWriteFeedback.pupil == zoe).text == "Check full stops"


def test_an_import_replays_the_journal_first_and_says_so(school, tmp_path, capsys, login_as):
    from amtui import cli
    from amtui.db.models import Staff

    write(lambda: Staff.create(username="admin1", name="Ada Admin", roles="admin"))
    journal.append(journal_path(school.opened.target, "admin1"), [
        KeptSave("mark.set", mark(school, "Adam Ash", "R2/4", ".", 3).params, typed(3), "admin1")])
    (tmp_path / "staff.csv").write_text("username,name,roles\nnewt,Newt New,teacher\n")
    login_as("admin1")
    assert cli.main(["--db", school.opened.target.url, "import", "staff", str(tmp_path / "staff.csv")]) == 0
    err = capsys.readouterr().err
    assert "Saved 1 entry kept from your last session: 1 mark ('.') for Adam Ash" in err
    assert newest(school, "Adam Ash", "R2/4") == "."


def test_an_entry_this_amtui_cannot_apply_is_reported_and_set_aside_never_dropped(school):
    path = journal_path(school.opened.target, "tester")
    future = KeptSave("timetable.set", {"slot": 3}, typed(2), "tester")
    journal.append(path, [future, mark(school, "Adam Ash", "R2/5", "/", 2)])
    done = journal.replay(school.opened.target, "tester")
    assert len(done.saved) == 1 and "does not know (timetable.set)" in done.refused[0]
    assert journal.read(path.with_suffix(".not-applied.jsonl")) == [future]
    assert not path.exists()


async def test_a_grid_read_before_the_replay_is_read_again_so_the_replayed_marks_show(school, wait_until):
    from amtui.db.repo.class_grid import load_named
    from amtui.ui.app import start_app
    from amtui.ui.screens.grid.class_grid import ClassGridScreen

    grid = load_named("4B", "Reading", school.today, None, None)  # as `amtui grid` reads it first
    journal.append(journal_path(school.opened.target, "tester"), [mark(school, "Adam Ash", "R2/1", ".", 2)])
    app = start_app(school.opened, "tester", screen="class_grid", today=school.today,
                    screen_args={"class_name": "4B", "subject": "Reading", "preloaded": grid})
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen) and app.screen.data)
        screen = app.screen
        adam = next(screen.grid.text_line(y) for y in range(screen.grid.size.height)
                    if screen.grid.text_line(y).startswith("Adam Ash"))
        assert adam.split()[5] == "."  # name, crosses, sub-stage, status, then R2/1


def test_a_meetings_follow_ups_personal_targets_and_self_assessment_are_replayed(school):
    import time

    from amtui.db.models import MeetingFollowUp, SelfAssessment, Target
    from amtui.db.repo.meeting_saves import set_follow_up, set_step
    from meeting_school import add_meeting_records

    ids = add_meeting_records(school)
    zoe, tester = school.pupils["Zoë O'Neill"], identify("tester")
    meeting = write(lambda: Meeting.create(pupil=zoe, mentor=school.staff["tester"], status="scheduled"))
    set_step(tester, meeting.id, 3)

    def entry(what, minutes_ago, **params):
        return KeptSave(what, {"meeting_id": meeting.id, "amending": False, **params}, typed(minutes_ago), "tester")

    journal.append(journal_path(school.opened.target, "tester"), [
        entry("meeting.follow_up", 9, kind="sen", note="Refer to the SENCo"),
        entry("meeting.follow_up", 9, kind="parents", note="Phone home"),
        entry("meeting.personal_target", 8, aspect="punctuality", text="Be on time"),
        entry("meeting.self_assessment", 7, target_id=ids["target_r14"], rating="G"),
    ])
    set_follow_up(tester, meeting.id, "parents", "Letter home")  # changed since it was typed
    time.sleep(1.1)  # a change in the replay's own second counts as the replay's
    done = journal.replay(school.opened.target, "tester")
    assert (len(done.saved), len(done.skipped)) == (3, 1), done.lines()
    notes = {f.kind: f.note for f in MeetingFollowUp.select().where(MeetingFollowUp.meeting == meeting.id)}
    assert notes == {"sen": "Refer to the SENCo", "parents": "Letter home"}
    assert Target.get((Target.meeting == meeting.id) & (Target.aspect == "punctuality")).text == "Be on time"
    assert SelfAssessment.get(SelfAssessment.target == ids["target_r14"]).rating == "G"


def test_a_kept_save_may_have_parameters_called_kind_and_login():
    save = kept("meeting.follow_up", "tester", meeting_id=1, kind="sen", note="x", login="not the person")
    assert (save.kind, save.login, save.params["kind"], save.params["login"]) == (
        "meeting.follow_up", "tester", "sen", "not the person")
