"""The meeting commands check the pupil before opening anything; print writes the summary."""

from __future__ import annotations

import datetime as dt

from amtui import cli
from amtui.db.repo import meeting_saves as saves
from amtui.db.repo.meetings import open_meeting


def test_an_unknown_upn_is_a_clear_message_and_exit_1(school, capsys):
    db = school.opened.target.url
    for argv in (["meeting", "X999"], ["print", "meeting", "X999"]):
        assert cli.main(["--db", db, *argv]) == 1
        assert "There is no pupil with UPN 'X999'" in capsys.readouterr().err


def test_monitor_half_term_must_be_one_to_six(school, capsys):
    assert cli.main(["--db", school.opened.target.url, "monitor", "--half-term", "7"]) == 1
    assert "--half-term 7 is not 1 to 6" in capsys.readouterr().err


def test_print_meeting_writes_text_and_html(school, tester, zoe, tmp_path_factory, capsys, login_as):
    db = school.opened.target.url
    assert cli.main(["--db", db, "print", "meeting", "P011000000004"]) == 1  # Callum: no meeting yet
    assert "Callum Cole has no meeting held or in progress" in capsys.readouterr().err
    login_as("tester")
    meeting = open_meeting(tester, zoe, school.today)
    saves.set_step(tester, meeting, 3, dt.datetime.combine(school.today, dt.time(9)))
    assert cli.main(["--db", db, "print", "meeting", "x011000000001", "--out", str(tmp_path_factory.mktemp("prints") / "p")]) == 0
    printed = capsys.readouterr().out.split()
    assert [p.rsplit(".", 1)[1] for p in printed] == ["txt", "html"]
    assert "MENTORING MEETING SUMMARY: Zoë O'Neill" in open(printed[0], encoding="utf-8").read()
