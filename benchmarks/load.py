"""Many members of staff on one SQLite file: processes saving at typing speed.

Each process is one member of staff (its own login, its own connection) saving criterion
marks, weekly scores and meeting steps through the same functions the screens use, a
keystroke every few hundred milliseconds. Afterwards every acknowledged write must be
in the file, no save may have failed with "database is locked", and the file must pass
``integrity_check``. Optionally one more process holds long reads while others write.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

TODAY = dt.date(2026, 11, 20)  # a Friday in HT2 of the demo-like school below


@dataclass
class WorkerReport:
    login: str
    latencies: list[float] = field(default_factory=list)
    marks: list[int] = field(default_factory=list)  # ids of acknowledged criterion marks
    weekly: list[tuple[int, str, int]] = field(default_factory=list)  # (pupil, date, score)
    steps: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    workers: list[WorkerReport]
    problems: list[str]
    seconds: float

    @property
    def latencies(self) -> list[float]:
        return sorted(x for w in self.workers for x in w.latencies)

    @property
    def writes(self) -> int:
        return len(self.latencies)

    def percentile_ms(self, pct: float) -> float:
        values = self.latencies
        return values[min(len(values) - 1, int(pct / 100 * (len(values) - 1)))] * 1000 if values else 0.0


def prepare(folder: Path, staff: int) -> Path:
    """A school with one class, pupil and meeting per member of staff."""
    from amtui.db.connection import Target, write
    from amtui.db.models import (
        ClassStaff, CriteriaBank, Criterion, Meeting, MentorAssignment, Pupil, SchoolClass, Staff,
        Subject, WeeklyLevel,
    )
    from amtui.db.repo.school import ensure_year
    from amtui.db.startup import open_database

    path = folder / "load.db"
    opened = open_database(Target(str(path)), create=True)

    def fill() -> None:
        year = ensure_year(2026)
        maths = Subject.create(name="Maths", code="M")
        bank = CriteriaBank.create(subject=maths, stage=3)
        for n in range(1, 31):
            Criterion.create(bank=bank, subject=maths, number=n, ref=f"M3/{n}", text=f"criterion {n}")
        for s in range(staff):
            member = Staff.create(username=f"staff{s:02d}", name=f"Staff {s}", roles="teacher;mentor")
            klass = SchoolClass.create(name=f"C{s:02d}", year_group=4, academic_year=year)
            ClassStaff.create(school_class=klass, staff=member)
            for p in range(5):
                pupil = Pupil.create(upn=f"L{s:04d}{p:08d}", forename="P", surname=f"{s}-{p}",
                                     year_group=4, school_class=klass)
                WeeklyLevel.create(pupil=pupil, level="Level 3", started_on=dt.date(2026, 9, 4))
                MentorAssignment.create(pupil=pupil, mentor=member, start=dt.date(2026, 9, 3))
            Meeting.create(pupil=pupil, mentor=member, status="in_progress", step=0)

    write(fill)
    opened.db.close()
    return path


def _work(args: tuple) -> WorkerReport:
    """One member of staff typing for ``seconds``: (database, login, seconds, seed), and on
    a trust's server the school they act in."""
    path, login, seconds, seed, *in_school = args
    from amtui.db.connection import DatabaseBusy, DatabaseUnavailable, Target
    from amtui.db.models import Criterion, Meeting, Pupil
    from amtui.db.repo import school, weekly
    from amtui.db.repo.marks import CodeChange, save_codes
    from amtui.db.repo.meeting_saves import guarded
    from amtui.db.repo.staff import identify
    from amtui.db.startup import open_database
    from amtui.domain.codes import Code
    from amtui.domain.score_entry import SchoolWeek

    open_database(Target(path, school=in_school[0] if in_school else None))
    rng = random.Random(seed)
    user = identify(login, TODAY)  # the classes they teach on the saves' day, as each save checks
    half_term = school.current_half_term(TODAY)
    pupils = [p.id for p in Pupil.select().where(Pupil.school_class.in_(list(user.class_ids)))]
    criteria = [c.id for c in Criterion.select()]
    meeting = Meeting.get(Meeting.mentor == user.staff_id).id
    weeks = [SchoolWeek(dt.date(2026, 9, 7) + dt.timedelta(weeks=w)) for w in range(11)]
    report = WorkerReport(login)
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        time.sleep(rng.uniform(0.15, 0.45))  # typing speed: two to six keystrokes a second
        action = rng.random()
        start = time.perf_counter()
        try:
            if action < 0.6:
                code = rng.choice((Code.DOT, Code.LINE, Code.CROSS))
                saved = save_codes(user, half_term, [CodeChange(rng.choice(pupils), rng.choice(criteria), code)])
                report.marks.append(saved[0].id)
            elif action < 0.85:
                pupil, week, score = rng.choice(pupils), rng.choice(weeks), rng.randint(0, 25)
                weekly.save_score(user, pupil, week, score, TODAY)
                report.weekly.append((pupil, week.sitting_day.isoformat(), score))
            else:
                # Audited as amtui's own meeting saves are: an unaudited write would leave the
                # seals ahead of the newest audit entry, which `audit verify` rightly reports.
                guarded(user, meeting, "step", lambda row: Meeting.update(step=Meeting.step + 1)
                        .where(Meeting.id == row.id).execute())
                report.steps += 1
        except (DatabaseBusy, DatabaseUnavailable) as error:
            report.failures.append(str(error))
            continue
        report.latencies.append(time.perf_counter() - start)
    return report


def _long_reader(args: tuple[str, float]) -> WorkerReport:
    """The worst case: reads that each hold the file's shared lock for a while."""
    path, seconds = args
    report = WorkerReport("reader")
    stop = time.monotonic() + seconds
    with sqlite3.connect(path, timeout=10, isolation_level=None) as conn:
        while time.monotonic() < stop:
            start = time.perf_counter()
            conn.execute("BEGIN")
            conn.execute("SELECT COUNT(*) FROM criterion_mark").fetchone()  # takes the shared lock
            time.sleep(1.5)  # an export or a big report reading on
            conn.execute("COMMIT")
            report.latencies.append(time.perf_counter() - start)
            time.sleep(0.2)
    report.latencies.clear()  # not saves: kept out of the save latencies
    return report


def run(path: Path, staff: int, seconds: float, long_reader: bool = False) -> LoadReport:
    """Run ``staff`` writers (and perhaps a long reader) for ``seconds``; check the file."""
    context = multiprocessing.get_context("spawn")
    jobs = [(str(path), f"staff{s:02d}", seconds, s) for s in range(staff)]
    started = time.perf_counter()
    with context.Pool(staff + (1 if long_reader else 0)) as pool:
        reader = pool.apply_async(_long_reader, ((str(path), seconds),)) if long_reader else None
        workers = pool.map(_work, jobs)
        if reader is not None:
            reader.get()
    took = time.perf_counter() - started
    return LoadReport(workers, check(path, workers), took)


def check(path: Path, workers: list[WorkerReport]) -> list[str]:
    problems = [f"{w.login}: {f}" for w in workers for f in w.failures]
    with sqlite3.connect(path) as conn:
        if (result := conn.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
            problems.append(f"integrity_check: {result}")
        ids = {row[0] for row in conn.execute("SELECT id FROM criterion_mark")}
        lost = [m for w in workers for m in w.marks if m not in ids]
        if lost:
            problems.append(f"{len(lost)} acknowledged marks are missing")
        scores = {(p, d): s for p, d, s in conn.execute("SELECT pupil_id, sat_on, score FROM weekly_result")}
        latest: dict[tuple[int, str], int] = {}
        for w in workers:
            for pupil, day, score in w.weekly:
                latest[(pupil, day)] = score  # one teacher per class: their last word stands
        wrong = [k for k, v in latest.items() if scores.get(k) != v]
        if wrong:
            problems.append(f"{len(wrong)} weekly scores differ from the last one saved")
        steps = sum(row[0] for row in conn.execute("SELECT step FROM meeting"))
        if steps != sum(w.steps for w in workers):
            problems.append(f"meeting steps: {steps} in the file, {sum(w.steps for w in workers)} saved")
    return problems + chain_problems(path)


def chain_problems(path: Path) -> list[str]:
    """Thirty writers chaining audit entries at once must still leave one whole chain."""
    import peewee

    from amtui.db.audit_verify import verify

    db = peewee.SqliteDatabase(str(path))
    try:
        return [f"audit trail: {p}" for p in verify(db).problems]
    finally:
        db.close()
