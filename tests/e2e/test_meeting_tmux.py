"""`amtui meeting UPN` in a real terminal (tmux, 80x24): a whole meeting walked to the end;
and a meeting killed mid-way (SIGKILL, as a dropped SSH link does) resumes with every
answer kept."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import signal
import sqlite3
import sys
import time

import pytest
import tmux

UPN = "X011000000001"  # Zoë O'Neill, the tester's mentee


class Terminal(tmux.Terminal):
    """The shared tmux terminal, with a person's pace and the program's process id."""

    def pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", "amtui", "#{pane_pid}").strip())

    def step(self, keys: str, *then: str) -> str:
        """Press a key, let the screen catch up (a person is not faster), wait for texts."""
        self.keys(keys)
        time.sleep(0.3)
        return self.wait_for(*then) if then else self.screen()

    def cursor_line(self) -> str:
        """The screen line the terminal's cursor is on: the focused field's."""
        y = int(self.tmux("display-message", "-p", "-t", "amtui", "#{cursor_y}").strip())
        lines = self.screen().splitlines()
        return lines[y] if y < len(lines) else ""

    def tab_to(self, label: str) -> None:
        """Tab, then wait (as a person looks) until the field labelled ``label`` has the cursor."""
        self.keys("Tab")
        self.wait_until(lambda _: self.cursor_line().lstrip().startswith(label), f"the cursor in {label!r}")

    def rate(self, key: str, rating: str) -> None:
        """Rate the one target R2/15 (saved, and on to what follows), then go to its comment."""
        self.keys(key)
        self.wait_until(lambda shown: line_with(shown, "R2/15").endswith(f" {rating}") and "saved" in shown,
                        f"R2/15 rated {rating}")
        if not self.cursor_line().lstrip().startswith("Comment:"):
            self.tab_to("Comment:")

    def write(self, text: str) -> None:
        self.type(text)
        time.sleep(0.3)


@pytest.fixture
def school_file(tmp_path):
    """The small school, with lines for Zoë recorded in the half-term the real today is in,
    a target she brings from an earlier meeting, and one intervention in the bank."""
    made = tmux.load_small_school().build(tmp_path / "school.db")
    from amtui.db.connection import write
    from amtui.db.models import Criterion, CriterionMark, Intervention, Target
    from amtui.db.repo.school import current_half_term

    term = current_half_term(dt.date.today())

    def lines() -> None:
        Intervention.create(name="LRC small group support")
        earlier = Criterion.get(Criterion.ref == "R2/15")
        Target.create(pupil=made.pupils["Zoë O'Neill"], kind="medium", subject=earlier.subject,
                      criterion=earlier, text=earlier.text)
        for ref in ("R2/16", "M2/10"):
            CriterionMark.create(pupil=made.pupils["Zoë O'Neill"], criterion=Criterion.get(Criterion.ref == ref),
                                 half_term=term.id, code="/")

    write(lines)
    made.opened.db.close()
    return tmp_path / "school.db"


@pytest.fixture
def open_meeting(school_file, tmp_path):
    env = {**tmux.terminal_env(tmp_path), "AMTUI_PRINTS": str(tmp_path / "prints")}
    opened = []

    def start() -> Terminal:
        # exec: the pane's process is amtui itself, so the kill test can kill it.
        command = (f"cd {shlex.quote(str(tmux.REPO))} && exec {shlex.quote(sys.executable)} -m amtui "
                   f"--db {shlex.quote(str(school_file))} meeting {UPN}")
        term = Terminal(command, env)
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()


def line_with(screen: str, text: str) -> str:
    """The screen line holding ``text`` (trailing spaces are not captured)."""
    return next((line.rstrip() for line in screen.splitlines() if text in line), "")


def rows(db, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, args).fetchall()


def test_a_whole_meeting_walked_to_the_end(open_meeting, school_file, tmp_path):
    term = open_meeting()
    shown = term.wait_for("Zoë O'Neill · 4B", "1. Preparation", "not started")
    assert "Traceback" not in shown and "never a cosy chat" in shown
    term.step("Down")
    term.step("Space", "[x]   Criteria sheets updated", "saved")
    term.step("PageDown", "2. Self-assessment")
    term.rate("g", "G")
    term.write("I can do it")
    term.step("PageDown", "3. Evidence", "since ", "Not achieving", "No attitude recorded")
    term.step("PageDown", "4. Barriers")
    term.write("Tired in the mornings")
    shown = term.step("PageDown", "5. New targets", "M2/10", "R2/16")
    term.step("Space", "[x]")
    term.step("PageDown", "6. Interventions")
    term.step("n", "Agree an intervention")
    term.step("Enter", "agreed in this meeting")
    term.step("PageDown", "7. Follow-ups")
    term.step("Tab")
    term.step("Tab")
    term.write("Phone home")
    term.step("PageDown", "8. Close")
    next_on = dt.date.today() + dt.timedelta(days=21)
    term.write(f"{next_on:%d/%m/%Y}")
    term.step("Tab")
    term.write("Steady progress")
    term.step("Tab")
    term.write("Targets agreed")
    shown = term.step("C-f", "· done ", "a amends", "8. Close: finished")
    term.step("C-o", "Wrote the meeting summary")  # the print dialog says what became of it
    term.keys("q")
    time.sleep(1.0)

    (status, step, barriers, summary, outcome, next_day), = rows(
        school_file, "select status, step, barriers, summary, outcome, next_meeting_on from meeting "
        "where pupil_id = 1 and status = 'done' and outcome != ''")
    assert (status, step, barriers, summary, outcome, next_day) == (
        "done", 8, "Tired in the mornings", "Steady progress", "Targets agreed", f"{next_on:%Y-%m-%d}")
    assert rows(school_file, "select count(*) from meeting where pupil_id = 1 and status = 'scheduled' "
                "and date(scheduled_for) = ?", f"{next_on:%Y-%m-%d}") == [(1,)]
    assert rows(school_file, "select rating, comment from self_assessment") == [("G", "I can do it")]
    assert rows(school_file, "select kind, note from meeting_follow_up") == [("parents", "Phone home")]
    assert len(rows(school_file, "select id from target where kind = 'medium' and meeting_id is not null")) == 1
    assert sorted(p.suffix for p in (tmp_path / "prints").iterdir()) == [".html", ".txt"]


def test_killed_mid_meeting_then_reopened_keeps_every_answer(open_meeting, school_file):
    term = open_meeting()
    term.wait_for("1. Preparation", "not started")
    term.step("Down")
    term.step("Space", "saved")
    term.step("PageDown", "2. Self-assessment")
    term.rate("y", "Y")
    term.write("Getting better")
    term.step("PageDown", "3. Evidence", "since ")
    term.step("PageDown", "4. Barriers")
    term.write("Noisy at home")
    term.step("PageDown", "5. New targets", "M2/10")
    # "[x]" comes back only with the agenda read again after the save: it is committed.
    term.step("Space", "[x]", "saved")
    os.kill(term.pid(), signal.SIGKILL)  # no goodbye: the process is simply gone
    time.sleep(0.5)

    again = open_meeting()
    shown = again.wait_for("5. New targets", "since ", "prep 6/10", "M2/10", "[x]")
    assert "[x]" in line_with(shown, "M2/10")
    again.step("PageUp", "4. Barriers", "Noisy at home")
    again.step("PageUp", "3. Evidence")
    shown = again.step("PageUp", "2. Self-assessment", "Getting better")
    assert re.search(r" Y +Getting better$", line_with(shown, "R2/15"))
    again.step("PageUp", "1. Preparation", "[x]   Criteria sheets updated")
    again.keys("q")
    time.sleep(0.5)
    assert rows(school_file, "select count(*) from meeting where pupil_id = 1 and status = 'in_progress'") == [(1,)]
