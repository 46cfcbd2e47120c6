"""The class grid on a 35-pupil x 30-criterion class: start-up, keystrokes, bytes, memory."""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
from functools import partial
from pathlib import Path

from benchmarks.harness import Result, at_most, demo_school, median_ms, timed_calls
from benchmarks.pty_session import PtySession

KEYSTROKES = 40


def enlarge_class(db: Path, pupils: int = 35) -> str:
    """Bring Elm's Maths stage 3 bank up to ``pupils`` pupils; returns its teacher's login."""
    from amtui.db.connection import Target, write
    from amtui.db.models import ClassStaff, Pupil, SchoolClass, Staff, Subject, WorkingStage
    from amtui.db.startup import open_database

    opened = open_database(Target(str(db)))
    elm = SchoolClass.get(SchoolClass.name == "Elm")
    maths = Subject.get(Subject.name == "Maths")

    def fill() -> None:
        in_bank = [w for w in WorkingStage.select().join(Pupil).where(
            Pupil.school_class == elm, WorkingStage.subject == maths, WorkingStage.stage == 3)]
        for n in range(pupils - len({w.pupil_id for w in in_bank})):
            extra = Pupil.create(upn=f"Z{900000000000 + n}", forename="Extra", surname=f"Pupil{n:02d}",
                                 year_group=4, school_class=elm, dob=dt.date(2017, 3, 1))
            WorkingStage.create(pupil=extra, subject=maths, stage=3)

    write(fill)
    teacher = Staff.select().join(ClassStaff).where(ClassStaff.school_class == elm,
                                                     ClassStaff.role == "teacher").first()
    opened.db.close()
    return teacher.username


def elm_grid(prefix: str) -> tuple[Path, str]:
    """The demo school in a new folder (named from ``prefix``), Elm's Maths grid brought up to
    35 pupils: (the school's file, the grid's teacher's login)."""
    db = demo_school(Path(tempfile.mkdtemp(prefix=prefix)))
    return db, enlarge_class(db)


def save_latency(db: Path, samples: int = 200) -> tuple[list[float], float]:
    """One keystroke's save, as the grid makes it: one short BEGIN IMMEDIATE transaction
    (its check, the cell's newest entry, the entry, its audit entry). (The wall seconds of
    each, CPU seconds per save.)"""
    from amtui.db.connection import Target
    from amtui.db.models import Criterion, Pupil, SchoolClass, Staff
    from amtui.db.repo import school
    from amtui.db.repo.marks import CodeChange, save_codes
    from amtui.db.repo.staff import identify
    from amtui.db.startup import open_database
    from amtui.domain.codes import Code

    opened = open_database(Target(str(db)))
    user = identify(Staff.select().where(Staff.roles.contains("slt")).first().username)
    half_term = school.current_half_term(dt.date(2026, 11, 22))
    pupil = Pupil.select().join(SchoolClass).where(SchoolClass.name == "Elm").first()
    criteria = list(Criterion.select().limit(30))

    def save(i: int) -> None:
        change = CodeChange(pupil.id, criteria[i % 30].id, (Code.CROSS, Code.LINE, Code.DOT)[i % 3])
        save_codes(user, half_term, [change])

    times, cpu = timed_calls(partial(save, i) for i in range(samples))
    opened.db.close()
    return times, cpu


def run() -> list[Result]:
    db, login = elm_grid("amtui-bench-grid-")
    session = PtySession(db, "grid", "Elm", "Maths", login=login)
    try:
        startup = session.wait_for(b"Secured")
        session.read_for(0.5)  # let the first frame finish
        rss = session.rss_mb()
        idle = len(session.read_for(3.0))
        latencies, sizes = [], []
        cpu_before = session.cpu_seconds()
        for _ in range(KEYSTROKES):
            latency, size = session.keystroke(b"x")
            latencies.append(latency)
            sizes.append(size)
        cpu_per_key = (session.cpu_seconds() - cpu_before) / KEYSTROKES
        session.keystroke(b"d")  # down the criterion's column, as when marking one question
        down = [session.keystroke(b"/")[1] for _ in range(KEYSTROKES // 2)]
    finally:
        session.close()
    saves, save_cpu = save_latency(db)
    return [
        at_most("grid: start-up to the grid with its figures (35x30)", startup, "s", 0.8),
        at_most("grid: memory of the session", rss, "MB", 60),
        at_most("grid: keystroke to redrawn (median, end to end in a pty)", median_ms(latencies), "ms", 5),
        Result("grid: keystroke to redrawn (max)", max(latencies) * 1000, "ms"),
        Result("grid: CPU used per mark keystroke (handling, saving, redrawing)", cpu_per_key * 1000, "ms"),
        at_most("grid: bytes to the terminal per mark keystroke (median, along a row)",
                statistics.median(sizes), "bytes", 300),
        at_most("grid: bytes per mark keystroke (median, down a column)", statistics.median(down),
                "bytes", 300),
        Result("grid: bytes per mark keystroke (max)", max(sizes), "bytes"),
        at_most("grid: bytes sent in 3 s idle", idle, "bytes", 0),
        at_most("grid: save committed to SQLite (median)", median_ms(saves), "ms", 15),
        Result("grid: save committed (p95)", sorted(saves)[int(len(saves) * 0.95)] * 1000, "ms"),
        Result("grid: CPU per save (check, entry, audit, commit)", save_cpu * 1000, "ms"),
    ]
