"""Keystrokes for a teacher's main tasks, counted while the real program does them in an
80x24 pty, each checked in the database afterwards:

- marking a class of 30 pupils against 30 criteria on the class grid: a key a mark (the
  cursor moves on by itself, along the row then to the next pupil);
- a whole mentoring meeting, from the mentor's first key to the finished meeting, not
  counting the text typed (barriers, dates, summary, outcome): preparation ticks, the
  pupil's ratings, two targets and a personal one, an intervention with who and until
  when, a follow-up, the next date and the finish.

The meeting's keys are typed straight on, as a quick mentor types ahead of a slow link,
a key every 10 ms from the first to the finish: the benchmark waits for nothing, neither
a step's title, a dialog or the staff list, nor what the database says back (a target
agreed, an intervention's row read back before its "who" and "until"). amtui holds the
keys typed ahead of them and hands them on, in order, once the screen has the focus
where they go and the database has answered; then the whole meeting is checked in the
database.

(A class's weekly scores: ``bench_weekly``; reaching any pupil on a list: ``bench_reach``.)
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.bench_grid import enlarge_class
from benchmarks.harness import Result, at_most, demo_school
from benchmarks.pty_session import PtySession

PUPILS = CRITERIA = 30
TYPING_GAP = 0.01  # seconds between keys: a quick typist, keys arriving ahead of the screen


# --- marking a class ----------------------------------------------------------------------


def crosses_this_half_term(db: Path, pupils: list[int], criteria: list[int]) -> int:
    with sqlite3.connect(db) as conn:
        marks = conn.execute(
            f"SELECT pupil_id, criterion_id, code FROM criterion_mark WHERE id IN (SELECT MAX(id) FROM "
            f"criterion_mark WHERE pupil_id IN ({','.join('?' * len(pupils))}) GROUP BY pupil_id, criterion_id)",
            pupils).fetchall()
    wanted = set(criteria)
    return sum(1 for _, criterion, code in marks if criterion in wanted and code == "X")


def grid_cells(db: Path, login: str, pupils: int = PUPILS, grid: tuple[str, str] = ("Elm", "Maths"),
               added: tuple[str, str, int] = ("Extra", "Marked", 920000000000)) -> tuple[list[int], list[int]]:
    """The pupils and criteria of ``grid`` (a class and a subject; Elm's Maths by default)
    as the program shows them to ``login``, after bringing the grid's stage up to
    ``pupils`` pupils: those added are named ``added`` (forename, surname then 00, 01 ...;
    their UPNs' numbers from the third)."""
    from amtui.db.connection import Target, write
    from amtui.db.models import Pupil, SchoolClass, Subject, WorkingStage
    from amtui.db.repo.class_grid import load_named
    from amtui.db.repo.staff import identify
    from amtui.db.startup import open_database

    class_name, subject_name = grid
    forename, surname, upn = added
    opened = open_database(Target(str(db)))
    try:
        data = load_named(class_name, subject_name, dt.date.today(), None, None, identify(login))

        def top_up() -> None:
            school_class = SchoolClass.get(SchoolClass.name == class_name)
            subject = Subject.get(Subject.name == subject_name)
            for n in range(pupils - len(data.pupils)):
                extra = Pupil.create(upn=f"Z{upn + n}", forename=forename, surname=f"{surname}{n:02d}",
                                     year_group=4, school_class=school_class, dob=dt.date(2017, 3, 1))
                WorkingStage.create(pupil=extra, subject=subject, stage=data.bank_stage)

        write(top_up)
        data = load_named(class_name, subject_name, dt.date.today(), None, None, identify(login))
    finally:
        opened.db.close()
    return [p.id for p in data.pupils], [c.id for c in data.criteria]


def mark_the_class(db: Path) -> tuple[int, int, int, int]:
    """(keys typed, pupils, criteria, cells left unmarked): a key a cell, typed ahead as a
    quick teacher does, then each cell checked for its X in the database."""
    login = enlarge_class(db, PUPILS)
    pupils, criteria = grid_cells(db, login)
    session = PtySession(db, "grid", "Elm", "Maths", login=login)
    keys = 0
    try:
        session.wait_for(b"Secured")
        session.read_for(0.5)
        for _ in range(len(pupils) * len(criteria)):
            os.write(session.master, b"x")
            keys += 1
            session.read_for(TYPING_GAP)
        cells = len(pupils) * len(criteria)
        try:  # 900 saves take a while on a busy machine
            session.wait_until(lambda: crosses_this_half_term(db, pupils, criteria) == cells, "every cell saved",
                               300)
        except TimeoutError:
            pass  # a key not handled: said in the results, as cells left unmarked
        unmarked = cells - crosses_this_half_term(db, pupils, criteria)
    finally:
        session.close()
    return keys, len(pupils), len(criteria), unmarked


# --- a mentoring meeting ------------------------------------------------------------------


@dataclass
class Keys:
    """The keys sent, told apart: the keys that drive the meeting and the text typed."""

    session: PtySession
    driving: int = 0
    text: int = 0
    log: list[str] = field(default_factory=list)
    terminal: object = None  # a pyte screen fed what the program sends, to read it as a person does
    stream: object = None
    fed: int = 0
    seconds: tuple[float, float] = (0.0, 0.0)  # the keys typed, and the meeting finished in the database
    cpu: float = 0.0  # amtui's CPU seconds from the first key to the finished meeting

    def press(self, *keys: bytes) -> None:
        for key in keys:
            self.send(key)
            self.driving += 1
            self.log.append(repr(key))

    def send(self, key: bytes) -> None:
        """One key, then on to the next a typing gap later (reading, as a terminal does)."""
        os.write(self.session.master, key)
        self.session.read_for(TYPING_GAP)

    def screen(self) -> str:
        """The terminal as a person sees it now."""
        import pyte

        if self.terminal is None:
            self.terminal = pyte.Screen(80, 24)
            self.stream = pyte.ByteStream(self.terminal)
        self.stream.feed(bytes(self.session.output[self.fed:]))
        self.fed = len(self.session.output)
        return "\n".join(self.terminal.display)

    def step(self, number: int) -> None:
        """Page down to the agenda's next step (``number``), typed straight on: amtui holds
        the keys that follow until the step's panel has the focus."""
        self.press(PAGE_DOWN)

    def type(self, words: str) -> None:
        for char in words:
            self.send(char.encode())
            self.text += 1


PAGE_DOWN, DOWN, SPACE, TAB, ENTER, CTRL_F = b"\x1b[6~", b"\x1b[B", b" ", b"\t", b"\r", b"\x06"
PERSONAL = "homework"  # the second personal aspect offered: Tab, Down, Space


def a_mentee(db: Path) -> tuple[str, int, str, int]:
    """(mentor's login, the meeting's id, the pupil's UPN, their targets to rate): a mentee
    with two line criteria to offer as new targets (the first two listed), no open homework
    target, and an intervention bank to choose from."""
    from amtui.db.connection import Target as DbTarget
    from amtui.db.models import MentorAssignment, Pupil, Staff, Target
    from amtui.db.repo.meeting_agenda import load_agenda
    from amtui.db.repo.meetings import open_meeting
    from amtui.db.repo.staff import identify
    from amtui.db.startup import open_database

    opened = open_database(DbTarget(str(db)))
    today = dt.date.today()
    try:
        for pupil, login in (Pupil.select(Pupil.id, Staff.username).join(MentorAssignment).join(Staff)
                             .where(MentorAssignment.end.is_null()).order_by(Pupil.id).tuples()):
            user = identify(login)
            if Target.select().where((Target.pupil == pupil) & (Target.kind == "personal")
                                     & (Target.status == "open") & (Target.aspect == PERSONAL)).exists():
                continue  # the same personal target again would be refused, rightly
            meeting = open_meeting(user, pupil, today)
            agenda = load_agenda(user, meeting, today)
            if len(agenda.candidates) >= 2 and not any(c.already for c in agenda.candidates[:2]) and agenda.bank:
                return login, meeting, Pupil.get_by_id(pupil).upn, len(agenda.targets)
    finally:
        opened.db.close()
    raise LookupError("no demo mentee has two new targets to offer")


def meeting_state(db: Path, meeting: int) -> tuple:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT status, barriers, summary, outcome, next_meeting_on FROM meeting "
                            "WHERE id = ?", (meeting,)).fetchone()


def meeting_records(db: Path, meeting: int) -> dict[str, int]:
    """What the meeting recorded besides its own row, counted."""
    counts = {"ratings": "SELECT COUNT(*) FROM self_assessment WHERE meeting_id = ?",
              "criterion targets": "SELECT COUNT(*) FROM target WHERE meeting_id = ? AND criterion_id IS NOT NULL",
              "personal targets": "SELECT COUNT(*) FROM target WHERE meeting_id = ? AND kind = 'personal'",
              "interventions": "SELECT COUNT(*) FROM intervention_assignment WHERE meeting_id = ?",
              "interventions with who": "SELECT COUNT(*) FROM intervention_assignment "
                                        "WHERE meeting_id = ? AND staff_id IS NOT NULL",
              "interventions with who and until": (  # "end" holds the until date while it runs
                  "SELECT COUNT(*) FROM intervention_assignment "
                  "WHERE meeting_id = ? AND staff_id IS NOT NULL AND \"end\" IS NOT NULL"),
              "follow-ups": "SELECT COUNT(*) FROM meeting_follow_up WHERE meeting_id = ?"}
    with sqlite3.connect(db) as conn:
        return {what: conn.execute(sql, (meeting,)).fetchone()[0] for what, sql in counts.items()}


def hold_a_meeting(db: Path) -> Keys:
    """Every step of a meeting for a demo mentee; the finished meeting checked in the database."""
    from amtui.domain import agenda

    login, meeting, upn, targets = a_mentee(db)
    next_on = dt.date.today() + dt.timedelta(days=35)
    session = PtySession(db, "meeting", upn, login=login)
    keys = Keys(session)
    try:
        session.wait_for(b"1. Preparation")
        session.read_for(0.5)
        started, cpu = time.monotonic(), session.cpu_seconds()
        row = 0  # 1. the mentor's own preparation ticks
        for index in [i for i, item in enumerate(agenda.CHECKS) if not item.auto]:
            keys.press(*[DOWN] * (index - row), SPACE)
            row = index
        keys.step(2)  # 2. the pupil rates each target: a key each, moving on
        keys.press(*[b"ryg"[n % 3:n % 3 + 1] for n in range(targets)])
        keys.step(3)  # 3. the evidence, seen
        keys.step(4)  # 4. barriers to learning, typed
        keys.type("Tired in the mornings")
        keys.step(5)  # 5. two targets from the line criteria (offered once the meeting has started)
        keys.press(SPACE, DOWN, SPACE)
        keys.press(TAB, DOWN, SPACE)  # and a personal one
        keys.step(6)  # 6. an intervention from the bank, who runs it, until when
        keys.press(b"n", ENTER)  # the bank's dialog, its first entry agreed
        keys.press(TAB, ENTER, DOWN, ENTER)  # before its row is read back: the staff list, a name kept
        keys.press(TAB)
        keys.type(f"{dt.date.today() + dt.timedelta(days=42):%d/%m/%Y}")
        keys.step(7)  # 7. a follow-up with the parents
        keys.press(TAB, TAB)
        keys.type("Phone home about homework")
        keys.step(8)  # 8. the next meeting, the summary and outcome; finish
        keys.type(f"{next_on:%d/%m/%Y}")
        keys.press(TAB)
        keys.type("Good progress in maths")
        keys.press(TAB)
        keys.type("Targets agreed")
        keys.press(CTRL_F)
        typed = time.monotonic() - started
        try:
            session.wait_until(lambda: meeting_state(db, meeting)[0] == "done", "the meeting finished", 120)
        except TimeoutError as error:
            raise TimeoutError(f"{error} after {keys.log}; the screen:\n{keys.screen()}") from None
        keys.seconds = (typed, time.monotonic() - started)
        keys.cpu = session.cpu_seconds() - cpu
    finally:
        session.close()
    _, barriers, summary, outcome, booked = meeting_state(db, meeting)
    assert (barriers, summary, outcome, booked) == ("Tired in the mornings", "Good progress in maths",
                                                    "Targets agreed", next_on.isoformat()), keys.log
    recorded = meeting_records(db, meeting)
    assert recorded == {"ratings": targets, "criterion targets": 2, "personal targets": 1, "interventions": 1,
                        "interventions with who": 1, "interventions with who and until": 1, "follow-ups": 1}, \
        (recorded, keys.log)
    return keys


BURST = 200  # letters typed into the meeting's barriers field in one go, far ahead of the screen


def letters_typed_ahead(db: Path) -> float:
    """amtui's CPU milliseconds per letter of a burst written to the terminal in one go (held
    and handed on by amtui, as a fast typist's keys on a slow link are) into a meeting's
    text field, until the text is saved."""
    login, meeting, upn, _ = a_mentee(db)
    session = PtySession(db, "meeting", upn, login=login)
    text = ("Tired in the mornings " * 10)[:BURST]
    try:
        session.wait_for(b"1. Preparation")
        session.read_for(0.5)
        for _ in range(3):  # to step 4, the barriers
            os.write(session.master, PAGE_DOWN)
            session.read_for(0.5)
        session.read_for(1.0)
        cpu = session.cpu_seconds()
        os.write(session.master, text.encode())
        session.wait_until(lambda: meeting_state(db, meeting)[1] == text, "the burst saved", 120)
        used = session.cpu_seconds() - cpu
    finally:
        session.close()
    return used * 1000 / BURST


def run() -> list[Result]:
    marking = mark_the_class(demo_school(Path(tempfile.mkdtemp(prefix="amtui-bench-keys-"))))
    meeting = hold_a_meeting(demo_school(Path(tempfile.mkdtemp(prefix="amtui-bench-meeting-"))))
    letters = letters_typed_ahead(demo_school(Path(tempfile.mkdtemp(prefix="amtui-bench-letters-"))))
    keys, pupils, criteria, unmarked = marking
    return [
        at_most(f"keys: marking a class, {pupils} pupils x {criteria} criteria (pty)", keys, "keys",
                pupils * criteria),
        at_most("keys: cells the class's keys left unmarked (typed ahead)", unmarked, "cells", 0),
        at_most("keys: a whole mentoring meeting, not counting the text typed (pty)", meeting.driving, "keys", 60),
        Result("keys: the meeting's text typed (barriers, dates, follow-up, summary, outcome)", meeting.text,
               "keys"),
        Result("keys: the meeting typed straight on, a key every 10 ms: from the first key to the finished "
               "meeting in the database", round(meeting.seconds[1], 1), "s"),
        Result("keys: amtui's CPU for the whole meeting typed straight on", round(meeting.cpu, 2), "s"),
        Result(f"keys: CPU per letter, {BURST} letters typed into a meeting's text field in one go (pty)",
               round(letters, 2), "ms"),
    ]
