"""A referral from start to end in real terminals at 80x24: a teacher refers a pupil, the
referral reaches the pupil's mentor on their home screen, the mentor accepts it onto the
programme, and the teacher sees what became of it. Screens and the file read back."""

from __future__ import annotations

from tmux import Terminal, amtui_command, line_of, terminal_env

from amtui.db.connection import Target, read
from amtui.db.models import ProgrammeMembership, Referral
from amtui.db.startup import open_database
from tests import programme_school as ps


def referrals(db) -> list[tuple]:
    opened = open_database(Target(str(db)))
    try:
        return read(lambda: [(r.pupil_id, r.referred_to_id, r.reason, r.status) for r in Referral.select()])
    finally:
        opened.db.close()


def test_a_teacher_refers_the_mentor_accepts_and_the_teacher_sees_it(tmp_path):
    db = tmp_path / "school.db"
    made = ps.build(db)
    made.opened.db.close()
    ben, mentor = made.pupils["Ben Birch"], made.staff[ps.MENTOR_LOGIN]

    term = Terminal(amtui_command(db), terminal_env(tmp_path, ps.TEACHER_LOGIN))
    try:
        term.open_from_palette("Referrals")
        term.wait_for("Referrals you made: 0")
        term.type("n")
        term.type("birch")
        term.keys("Enter")
        term.wait_for("Birch")
        term.keys("Enter")  # the pupil picked
        term.wait_for("Refer")
        term.type("Homework missing")
        term.keys("Enter")
        shown = term.wait_for("Referrals you made: 1")
        assert "Traceback" not in shown and all(len(line) <= 80 for line in shown.splitlines())
        assert line_of(shown, " Ben Birch").rstrip().endswith("open")
    finally:
        term.close()
    assert referrals(db) == [(ben, mentor, "Homework missing", "open")]

    term = Terminal(amtui_command(db), terminal_env(tmp_path, ps.MENTOR_LOGIN))
    try:
        term.wait_for("1 referral")  # on the mentor's home screen
        term.open_from_palette("Referrals")
        term.wait_for("Homework missing", "open: 1")
        term.type("a")
        term.wait_for("Mentor")
        term.keys("Enter")  # keeping themselves as the mentor
        shown = term.wait_for("open: 0")
        assert "Traceback" not in shown
    finally:
        term.close()
    assert referrals(db)[0][3] == "accepted"
    opened = open_database(Target(str(db)))
    try:
        assert read(lambda: ProgrammeMembership.get(ProgrammeMembership.pupil == ben).join_reason) == (
            "referred: Homework missing")
    finally:
        opened.db.close()

    term = Terminal(amtui_command(db), terminal_env(tmp_path, ps.TEACHER_LOGIN))
    try:
        term.open_from_palette("Referrals")
        shown = term.wait_for("accepted onto the programme")
        assert "Ben Birch" in shown
    finally:
        term.close()
