"""Weekly tests: a class of 30's scores typed into the real program in an 80x24 pty.

Reports keystrokes per pupil (the target: at most 2), keystroke-to-redraw latency, and
the save latency per score (one short transaction each), both as the screen makes them
(typed to committed, end to end) and straight through the repository.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import select
import sqlite3
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

from benchmarks.harness import Result, at_most, demo_school, median_ms, percentile_ms, timed_calls
from benchmarks.pty_session import PtySession

CLASS = "Elm"
PUPILS = 30


def prepare(db: Path) -> tuple[str, list[int]]:
    """Elm brought up to 30 pupils, all with a level and nothing yet this week.

    Returns the class teacher's login and the pupils' ids in the sheet's order.
    """
    from amtui.db.connection import Target, write
    from amtui.db.models import ClassStaff, Pupil, SchoolClass, Staff, WeeklyLevel, WeeklyResult
    from amtui.db.startup import open_database
    from amtui.domain.score_entry import school_week

    opened = open_database(Target(str(db)))
    elm = SchoolClass.get(SchoolClass.name == CLASS)
    week = school_week(dt.date.today())

    def fill() -> None:
        pupils = list(Pupil.select().where(Pupil.school_class == elm, Pupil.left_on.is_null()))
        for n in range(PUPILS - len(pupils)):
            extra = Pupil.create(upn=f"Z{910000000000 + n}", forename="Extra", surname=f"Pupil{n:02d}",
                                 year_group=4, school_class=elm, dob=dt.date(2017, 3, 1))
            WeeklyLevel.create(pupil=extra, level="Level 3", started_on=week.plus(-4).monday)
        WeeklyResult.delete().where(WeeklyResult.sat_on.between(week.monday, week.last_day)).execute()

    write(fill)
    teacher = Staff.select().join(ClassStaff).where(ClassStaff.school_class == elm,
                                                     ClassStaff.role == "teacher").first()
    order = [p.id for p in Pupil.select().where(Pupil.school_class == elm, Pupil.left_on.is_null())]
    opened.db.close()
    return teacher.username, order


def keys_for(score: int | None) -> list[bytes]:
    """What a teacher types: ``a`` for absent, the digits, Enter when another digit could follow
    (were the screen not to move on by itself after the others, the score would never be saved
    and the benchmark would stop with a TimeoutError)."""
    from amtui.domain.score_entry import can_extend

    if score is None:
        return [b"a"]
    digits = [digit.encode() for digit in str(score)]
    return digits + ([b"\r"] if can_extend(str(score), 25) else [])


def week_scores(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT COUNT(*) FROM weekly_result r JOIN pupil p ON p.id = r.pupil_id "
            "JOIN school_class c ON c.id = p.school_class_id WHERE c.name = ? AND r.sat_on >= ?",
            (CLASS, dt.date.today() - dt.timedelta(days=dt.date.today().weekday()))).fetchone()[0]


def last_key(session: PtySession, db: Path, key: bytes, count: int) -> tuple[float, float]:
    """Send a score's last key: (seconds to the first byte redrawn, seconds to the score committed)."""
    sent = time.perf_counter()
    os.write(session.master, key)
    redrawn = committed = None
    while redrawn is None or committed is None:
        if time.perf_counter() - sent > 10:
            raise TimeoutError(f"score {count} was never saved")
        ready, _, _ = select.select([session.master], [], [], 0.001)
        if ready:
            session.output += os.read(session.master, 65536)
            redrawn = redrawn or time.perf_counter() - sent
        if committed is None and week_scores(db) >= count:
            committed = time.perf_counter() - sent
    return redrawn, committed


def type_the_week(db: Path, login: str) -> tuple[list[int], list[float], float, list[float], list[int]]:
    """(keys per pupil, keystroke latencies, seconds to the sheet, last key to committed per score,
    bytes sent to the terminal per score)."""
    rng = random.Random(2026)
    scores = [None if rng.random() < 0.04 else max(0, min(25, round(rng.gauss(18, 4)))) for _ in range(PUPILS)]
    session = PtySession(db, "weekly", CLASS, login=login)
    try:
        startup = session.wait_for(b"Entered 0 of 30")
        session.read_for(0.5)
        per_pupil, latencies, saved, sizes = [], [], [], []
        for n, score in enumerate(scores, start=1):
            keys = keys_for(score)
            per_pupil.append(len(keys))
            before = len(session.output)
            for key in keys[:-1]:
                latencies.append(session.keystroke(key, quiet=0.05)[0])
            redrawn, committed = last_key(session, db, keys[-1], n)
            latencies.append(redrawn)
            saved.append(committed)
            session.read_for(0.1)
            sizes.append(len(session.output) - before)
        session.wait_for(b"Entered 30 of 30")
    finally:
        session.close()
    return per_pupil, latencies, startup, saved, sizes


def repo_latency(db: Path, order: list[int]) -> tuple[list[float], float]:
    """Each score's save as the screen's thread makes it: one BEGIN IMMEDIATE transaction.
    (The wall seconds of each, CPU seconds per save.)"""
    from amtui.db.connection import Target
    from amtui.db.models import Staff
    from amtui.db.repo.staff import identify
    from amtui.db.repo.weekly import save_score
    from amtui.db.startup import open_database
    from amtui.domain.score_entry import school_week

    opened = open_database(Target(str(db)))
    user = identify(Staff.select().where(Staff.roles.contains("slt")).first().username)
    week, today = school_week(dt.date.today()).plus(-1), dt.date.today()

    def save(round_: int, n: int, pupil: int) -> None:
        save_score(user, pupil, week, (n + round_ * 7) % 26, today)

    # The first round records, the next two correct (an update and an audit).
    times, cpu = timed_calls(partial(save, round_, n, pupil) for round_ in range(3) for n, pupil in enumerate(order))
    opened.db.close()
    return times, cpu


def run() -> list[Result]:
    db = demo_school(Path(tempfile.mkdtemp(prefix="amtui-bench-weekly-")))
    login, order = prepare(db)
    per_pupil, latencies, startup, saved, sizes = type_the_week(db, login)
    saves, save_cpu = repo_latency(db, order)
    return [
        at_most("weekly: keystrokes per pupil (most, 30 pupils)", max(per_pupil), "keys", 2),
        Result("weekly: keystrokes per pupil (mean)", statistics.mean(per_pupil), "keys"),
        Result("weekly: keystrokes for the class's 30 scores", sum(per_pupil), "keys"),
        at_most("weekly: start-up to the sheet (30 pupils)", startup, "s", 1.5),
        at_most("weekly: keystroke to redrawn (median, pty)", median_ms(latencies), "ms", 15),
        Result("weekly: keystroke to redrawn (p95)", percentile_ms(latencies, 95), "ms"),
        at_most("weekly: bytes to the terminal per score entered (median)", statistics.median(sizes), "bytes",
                600),
        Result("weekly: bytes per score entered (max: a scroll repaints the grid)", max(sizes), "bytes"),
        at_most("weekly: last key to committed, per score (median, end to end)", median_ms(saved), "ms", 50),
        Result("weekly: last key to committed (max)", max(saved) * 1000, "ms"),
        at_most("weekly: save per score (median, one transaction)", median_ms(saves), "ms", 25),
        Result("weekly: save per score (p95)", percentile_ms(saves, 95), "ms"),
        Result("weekly: CPU per score's save", save_cpu * 1000, "ms"),
    ]
