"""Many members of staff saving at typing speed: on one SQLite file, or on a trust's server.

Each member of staff is one thread with its own connection and identity (their login; on
a server their own role, acting in their school), saving criterion marks, weekly scores
and meeting steps through the same functions the screens use, a keystroke every 0.15 to
0.45 s. A few processes each run many staff (``PER_PROCESS``), not a process each: 200
interpreters would start at once and still be importing amtui while the first staff
saved. Every member of staff is ready (imported, connected, identified, their pupils
read) before anyone's minute starts; the minute then starts at one moment for all and
lasts the same for each.

Afterwards every acknowledged write must be there, no save may have failed with
"database is locked", and a file must pass ``integrity_check``. Optionally one more
connection holds long reads while others write. The report says where the time went: the
CPU of the staff's processes and of the server during the minute, the cores the machine
was busy, the load, and the statements each save sent.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import queue
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TODAY = dt.date(2026, 11, 20)  # a Friday in HT2 of the demo-like school below
PER_PROCESS = 25
"""Members of staff a process runs, each on a thread of its own."""
READY_WITHIN = 600
"""Seconds every member of staff has to be ready (all processes start at once)."""
THINK = (0.15, 0.45)
"""Typing speed: a key every 0.15-0.45 s (two to six keystrokes a second), each one saved."""


@dataclass
class WorkerReport:
    login: str
    latencies: list[float] = field(default_factory=list)
    marks: list[int] = field(default_factory=list)  # ids of acknowledged criterion marks
    weekly: list[tuple[int, str, int]] = field(default_factory=list)  # (pupil, date, score)
    steps: int = 0
    failures: list[str] = field(default_factory=list)
    cpu: float = 0.0  # this member of staff's thread's CPU in their saves (s)
    statements: int = 0  # statements their saves sent to the database
    began: float = 0.0  # when their first save started and their last ended (time.monotonic)
    ended: float = 0.0


@dataclass
class LoadReport:
    workers: list[WorkerReport]
    problems: list[str]
    seconds: float
    staff_cpu: float = 0.0
    """CPU (s) of the staff's processes during the minute, every thread."""
    server_cpu: float = 0.0
    """CPU (s) of the database server's processes during the minute (0: SQLite, no server)."""
    busy_cores: float = 0.0
    """The machine's cores busy during the minute, on average (/proc/stat)."""
    load: float = 0.0
    """The load average (one minute) as the minute ended."""
    processes: int = 0
    started: float = 0.0
    """When the minute started for every member of staff (``time.monotonic``)."""

    @property
    def latencies(self) -> list[float]:
        return sorted(x for w in self.workers for x in w.latencies)

    @property
    def writes(self) -> int:
        return len(self.latencies)

    def percentile_ms(self, pct: float) -> float:
        values = self.latencies
        return values[min(len(values) - 1, int(pct / 100 * (len(values) - 1)))] * 1000 if values else 0.0

    def per_save_ms(self, seconds_of_cpu: float) -> float:
        return seconds_of_cpu / self.writes * 1000 if self.writes else 0.0

    @property
    def save_cpu(self) -> float:
        """The staff threads' CPU in their saves alone (s): amtui's code and the driver."""
        return sum(w.cpu for w in self.workers)

    @property
    def statements_per_save(self) -> float:
        return sum(w.statements for w in self.workers) / self.writes if self.writes else 0.0

    def cores_for(self, staff: int) -> float:
        """The cores ``staff`` members of staff need at typing speed, from the CPU each save
        took here (the staff's processes' and the server's): a save every mean think time."""
        per_save = (self.staff_cpu + self.server_cpu) / self.writes if self.writes else 0.0
        return staff / (sum(THINK) / 2) * per_save


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


_me = threading.local()
"""The member of staff a thread is: ``url`` and ``school`` it connects with, ``statements``
its saves have sent."""


def _counted(db):
    """``db`` counting the statements each thread sends through it (BEGIN and COMMIT aside)."""
    plain = db.execute_sql

    def execute_sql(*args, **kwargs):
        _me.statements = getattr(_me, "statements", 0) + 1
        return plain(*args, **kwargs)

    db.execute_sql = execute_sql
    return db


def _staff_database(url: str):
    """On a trust's server, one database object for a process's staff: each thread's
    connection (peewee keeps one a thread) is opened as that thread's member of staff, their
    own role acting in their school (``_me``), as a session's own connection is."""
    import peewee

    from amtui.db import drivers, trust
    from amtui.db.connection import ServerDatabase

    drivers.server_driver()

    class StaffServer(ServerDatabase):
        def _connect(self):
            conn = self._adapter.connect(self, conninfo=_me.url, **self.connect_params)
            conn.autocommit = True
            return conn

        def _initialize_connection(self, conn) -> None:
            peewee.PostgresqlDatabase._initialize_connection(self, conn)
            trust.enter(conn, _me.school)

    return StaffServer(url, prefer_psycopg3=True)


def _bind(url: str) -> None:
    """Bind the models for this process's staff: a file opened as a session opens it, or
    the server's per-thread database (its schema is current: the benchmark opened it)."""
    from amtui.db import connection, notify
    from amtui.db.connection import Target
    from amtui.db.startup import open_database

    if Target(url).is_postgres:
        connection.bind(_counted(_staff_database(url)))
        notify.announce_commits()  # as open_database does: each save tells the listeners
    else:
        _counted(open_database(Target(url)).db)


@dataclass
class _Ready:
    """A member of staff at their screen: who they are and what they type into."""

    report: WorkerReport
    rng: random.Random
    user: object
    half_term: object
    pupils: list[int]
    criteria: list[int]
    meeting: int
    weeks: list


def _ready(login: str, seed: int) -> _Ready:
    """Log in (connecting on this thread) and read what the minute types into."""
    from amtui.db.models import Criterion, Meeting, Pupil
    from amtui.db.repo import school
    from amtui.db.repo.staff import identify
    from amtui.domain.score_entry import SchoolWeek

    user = identify(login, TODAY)  # the classes they teach on the saves' day, as each save checks
    pupils = [p.id for p in Pupil.select().where(Pupil.school_class.in_(list(user.class_ids)))]
    return _Ready(WorkerReport(login), random.Random(seed), user, school.current_half_term(TODAY), pupils,
                  [c.id for c in Criterion.select()], Meeting.get(Meeting.mentor == user.staff_id).id,
                  [SchoolWeek(dt.date(2026, 9, 7) + dt.timedelta(weeks=w)) for w in range(11)])


def _type(me: _Ready, stop: float) -> WorkerReport:
    """Save at typing speed until ``stop`` (``time.monotonic``, the same clock in every process)."""
    from amtui.db.connection import DatabaseBusy, DatabaseUnavailable
    from amtui.db.models import Meeting
    from amtui.db.repo import weekly
    from amtui.db.repo.marks import CodeChange, save_codes
    from amtui.db.repo.meeting_saves import guarded
    from amtui.domain.codes import Code

    rng, user, report = me.rng, me.user, me.report
    while True:
        time.sleep(rng.uniform(*THINK))
        if time.monotonic() >= stop:  # no save starts after the minute
            return report
        action = rng.random()
        _me.statements = 0
        cpu, start = time.thread_time(), time.perf_counter()
        try:
            if action < 0.6:
                code = rng.choice((Code.DOT, Code.LINE, Code.CROSS))
                saved = save_codes(user, me.half_term, [CodeChange(rng.choice(me.pupils), rng.choice(me.criteria),
                                                                   code)])
                report.marks.append(saved[0].id)
            elif action < 0.85:
                pupil, week, score = rng.choice(me.pupils), rng.choice(me.weeks), rng.randint(0, 25)
                weekly.save_score(user, pupil, week, score, TODAY)
                report.weekly.append((pupil, week.sitting_day.isoformat(), score))
            else:
                # Audited as amtui's own meeting saves are: an unaudited write would leave the
                # seals ahead of the newest audit entry, which `audit verify` rightly reports.
                guarded(user, me.meeting, "step", lambda row: Meeting.update(step=Meeting.step + 1)
                        .where(Meeting.id == row.id).execute())
                report.steps += 1
        except (DatabaseBusy, DatabaseUnavailable) as error:
            report.failures.append(str(error))
            continue
        report.latencies.append(time.perf_counter() - start)
        report.began, report.ended = report.began or time.monotonic() - report.latencies[-1], time.monotonic()
        report.cpu += time.thread_time() - cpu
        report.statements += _me.statements


def _team(jobs: list[tuple], seconds: float, ready, results, go, start_at) -> None:
    """A process's members of staff, one thread each: (url, login, seed, school). Each gets
    ready; the process says so (``ready``) and waits for the common start (``go``,
    ``start_at``); then each types until the same stop. Puts its reports and its CPU in the
    minute on ``results``."""
    _bind(jobs[0][0])
    reports: list[WorkerReport | None] = [None] * len(jobs)
    all_ready = threading.Barrier(len(jobs) + 1)

    def member(n: int, url: str, login: str, seed: int, school: str | None) -> None:
        _me.url, _me.school = url, school
        try:
            me = _ready(login, seed)
        except Exception as error:  # reported as a failure: the others still run
            reports[n] = WorkerReport(login, failures=[f"not ready: {error!r}"])
            me = None
        all_ready.wait(READY_WITHIN)
        go.wait()
        if me is None:
            return
        time.sleep(max(0.0, start_at.value - time.monotonic()))
        reports[n] = _type(me, start_at.value + seconds)

    threads = [threading.Thread(target=member, args=(n, *job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    all_ready.wait(READY_WITHIN)
    ready.put(os.getpid())
    go.wait()
    time.sleep(max(0.0, start_at.value - time.monotonic()))
    cpu = time.process_time()
    for thread in threads:
        thread.join()
    results.put(([r or WorkerReport(job[1], failures=["never reported"]) for r, job in zip(reports, jobs)],
                 time.process_time() - cpu))


def _machine_busy() -> float:
    """Seconds of CPU the whole machine has spent busy (every core; /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def team_up(jobs: list[tuple], seconds: float, server_cpu: Callable[[], float] = lambda: 0.0,
            beside: Callable[[float], threading.Thread] | None = None) -> LoadReport:
    """Run the members of staff (url, login, seed, school) in processes of ``PER_PROCESS``,
    every one ready before the minute starts for all; the report, not yet checked.
    ``server_cpu``: the server's CPU seconds so far; ``beside(stop)``: a thread started with
    the minute (a long reader)."""
    context = multiprocessing.get_context("spawn")
    ready, results, go, start_at = context.Queue(), context.Queue(), context.Event(), context.Value("d", 0.0)
    teams = [jobs[n:n + PER_PROCESS] for n in range(0, len(jobs), PER_PROCESS)]
    processes = [context.Process(target=_team, args=(team, seconds, ready, results, go, start_at), daemon=True)
                 for team in teams]
    for process in processes:
        process.start()
    try:
        for _ in processes:
            ready.get(timeout=READY_WITHIN)
        start_at.value = time.monotonic() + 0.5
        go.set()
        time.sleep(max(0.0, start_at.value - time.monotonic()))
        server, machine, started = server_cpu(), _machine_busy(), time.perf_counter()
        other = beside(start_at.value + seconds) if beside else None
        gathered = []
        for _ in processes:
            try:
                gathered.append(results.get(timeout=seconds + READY_WITHIN))
            except queue.Empty:
                break
        took = time.perf_counter() - started
        server, machine = server_cpu() - server, _machine_busy() - machine
        load = os.getloadavg()[0]
        if other is not None:
            other.join()
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
    workers = [w for reports, _ in gathered for w in reports]
    missing = [f"a team of {len(t)} never reported" for t in teams[len(gathered):]]
    return LoadReport(workers, missing, took, sum(cpu for _, cpu in gathered), server, machine / took, load,
                      len(processes), start_at.value)


def _long_reader(path: str, stop: float) -> threading.Thread:
    """The worst case: reads that each hold the file's shared lock for a while, until ``stop``."""
    def read() -> None:
        with sqlite3.connect(path, timeout=10, isolation_level=None) as conn:
            while time.monotonic() < stop:
                conn.execute("BEGIN")
                conn.execute("SELECT COUNT(*) FROM criterion_mark").fetchone()  # takes the shared lock
                time.sleep(1.5)  # an export or a big report reading on
                conn.execute("COMMIT")
                time.sleep(0.2)
        conn.close()

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def run(path: Path, staff: int, seconds: float, long_reader: bool = False) -> LoadReport:
    """Run ``staff`` writers (and perhaps a long reader) for ``seconds``; check the file."""
    jobs = [(str(path), f"staff{s:02d}", s, None) for s in range(staff)]
    report = team_up(jobs, seconds, beside=(lambda stop: _long_reader(str(path), stop)) if long_reader else None)
    report.problems += check(path, report.workers)
    return report


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
