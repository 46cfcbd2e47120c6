"""A trust of 20 schools, 30,000 pupils and 10 million criterion marks on PostgreSQL, each
figure beside the same measure on one school's SQLite file (``trust_build`` makes the
trust, once: the big school topped up to 500,000 marks, loaded 20 times).

* a class grid's read (``class_grid.load_grid``) in one school;
* the trust view's figures (``trust_view.figures``: every school for the trust's admin;
  one row on the file);
* one school's monitoring (``monitoring.monitor``);
* the trust's kept figures (``trust_kept``, on the server): ``amtui trust refresh`` of every
  school (none kept), of one school (its data changed), and the trust view as a trust role
  sees it with every school's figures kept (read and drawn into rows: ``kept`` and
  ``domain.trust_view.rows``);
* 200 members of staff saving at typing speed for a minute (``load``): on the server ten
  teachers in each school, each a process with its own connection; on SQLite 200 in one
  school's file (``load.prepare``). None may be lost;
* a session's memory (PSS) on the home screen, started on each.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import bench_trust_memory, load, load_figures, trust_build
from benchmarks.harness import Result, at_most, median_ms, timed

TODAY = dt.date(2026, 11, 20)
STAFF, SECONDS = 200, 60
SESSIONS = bench_trust_memory.SESSIONS


def _target(trust: trust_build.Trust | None, school_file: Path, school: int | None):
    from amtui.db.connection import Target

    return Target(str(school_file)) if trust is None else Target(trust.url(), school=str(school))


STOP_AFTER = 30
"""A read that takes longer on the server is stopped there (statement_timeout), and missed."""


def _backend_cpu(db) -> Callable[[], float]:
    """The seconds of CPU the server's process for ``db``'s connection has used (the
    benchmark's server runs on this machine); always 0 on SQLite."""
    import os

    import peewee

    if not isinstance(getattr(db, "obj", db), peewee.PostgresqlDatabase):
        return lambda: 0.0
    pid = db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]

    def used() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


def _sampled(call, samples: int, server_cpu: Callable[[], float]) -> tuple[float, float] | None:
    """The median ms of up to ``samples`` calls (one when the first takes over 5 s), wall and
    CPU (amtui's process and the server's for its connection: what the load does not
    change); None when a statement ran past ``STOP_AFTER`` seconds and the server stopped it."""
    walls, cpus = [], []
    for _ in range(samples):
        cpu = time.process_time() + server_cpu()
        try:
            walls.append(timed(call))
        except Exception as error:  # the driver's QueryCanceled, as peewee and amtui pass it on
            if "statement timeout" not in str(error):
                raise
            return None
        cpus.append(time.process_time() + server_cpu() - cpu)
        if walls[0] > 5:
            break
    return median_ms(walls), median_ms(cpus)


def reads(target, samples: int = 5) -> dict[str, tuple[float, float] | int | None]:
    """The grid's, the monitoring's and the trust view's reads in ``target`` (ms, medians of
    wall and CPU; None: stopped after ``STOP_AFTER`` s), and how many schools the trust
    view showed."""
    from amtui.db.models import Subject
    from amtui.db.repo import class_grid, monitoring, school, trust_view
    from amtui.db.startup import open_database

    opened = open_database(target)
    try:
        server_cpu = _backend_cpu(opened.db)
        ht = school.current_half_term(TODAY)
        klass = min(school.classes(ht.year), key=lambda c: c.name)  # the first class, by name
        subject = school.subject_by_name(Subject.select(Subject.name).order_by(Subject.id).first().name)
        shown = [len(trust_view.schools())]
        return {"grid": _sampled(lambda: class_grid.load_grid(klass, subject, ht), samples, server_cpu),
                "monitoring": _sampled(lambda: monitoring.monitor(ht, TODAY), 3, server_cpu),
                "trust view": _sampled(lambda: shown.append(len(trust_view.figures(TODAY))), 2, server_cpu),
                "schools": shown[-1]}
    finally:
        opened.db.close()


def kept_reads(target) -> dict[str, tuple[float, float] | None]:
    """On the trust's server, as its admin (ms, wall and CPU): every school's figures read
    again and kept (none kept before), one school's (its kept row gone, as when its data
    changed), and the trust view with every school's figures kept."""
    from amtui.db.connection import write
    from amtui.db.repo import trust_kept
    from amtui.db.startup import open_database
    from amtui.db.trust import KEPT
    from amtui.domain import trust_view as sums

    opened = open_database(target)
    try:
        db, server_cpu = opened.db, _backend_cpu(opened.db)
        write(lambda: db.execute_sql(f"TRUNCATE {KEPT}"))  # the owner's: none kept
        every = _sampled(lambda: trust_kept.refresh(TODAY), 1, server_cpu)

        def one() -> None:
            with trust_kept.in_school(1):
                write(lambda: db.execute_sql(f"DELETE FROM {KEPT} WHERE {trust_kept.OWN}"))
            trust_kept.refresh(TODAY)

        single = _sampled(one, 1, server_cpu)  # its wall time holds the deletion too (a few ms)
        view = _sampled(lambda: sums.rows([k.figures for k in trust_kept.kept(TODAY)]), 3, server_cpu)
        return {"refresh": every, "refresh one": single, "view kept": view}
    finally:
        opened.db.close()


def _figure(name: str, value: tuple[float, float] | None, limit: float | None = None) -> list[Result]:
    """A read's rows, its wall time (held to ``limit`` ms when given) and its CPU; one the
    server stopped is missed."""
    if value is None:
        return [Result(f"{name} (stopped after {STOP_AFTER} s)", STOP_AFTER * 1000, "ms",
                       f"<= {limit:g} ms" if limit else "", False)]
    wall, cpu = value
    return [at_most(name, wall, "ms", limit) if limit else Result(name, wall, "ms"),
            Result(f"{name}: CPU, amtui's and the server's", cpu, "ms")]


def benched_staff(trust: trust_build.Trust, per_school: int) -> list[tuple[int, str]]:
    """(school, login) of ``per_school`` class teachers in each school, each given an open
    meeting with a pupil of their class when they have none (the load steps through it),
    and a server role of their own (``amtui trust grant``'s) when they have none."""
    from amtui.db import trust as trust_db
    from amtui.db import trust_grant
    from amtui.db.connection import write
    from amtui.db.models import ClassStaff, Meeting, Pupil, Staff
    from amtui.db.repo import school
    from amtui.db.startup import open_database

    opened = open_database(_target(trust, trust.school_file, 1))
    chosen = []
    try:
        year = school.current_half_term(TODAY).year
        for school_id in range(1, trust.schools + 1):
            def pick() -> list[tuple[int, str]]:
                trust_db.use_school(opened.db, school_id)
                found = []
                classes = [c.id for c in school.classes(year)]
                links = (ClassStaff.select(ClassStaff.id, ClassStaff.staff, ClassStaff.school_class, Staff.username)
                         .join(Staff).where(ClassStaff.school_class.in_(classes), ClassStaff.role == "teacher")
                         .order_by(Staff.id).tuples())
                for link, staff_id, class_id, login in links:
                    if staff_id in {s for s, _ in found} or len(found) == per_school:
                        continue
                    # the class theirs on the saves' day (a save checks it): the trust's links
                    # start the day its school was imported, which may be after it
                    ClassStaff.update(start=None).where(ClassStaff.id == link, ClassStaff.start > TODAY).execute()
                    if not Meeting.select().where(Meeting.mentor == staff_id).exists():
                        pupil = Pupil.select().where(Pupil.school_class == class_id).first()
                        Meeting.create(pupil=pupil, mentor=staff_id, status="in_progress", step=0)
                    found.append((staff_id, login))
                return [(school_id, login) for _, login in found]

            chosen += write(pick)
        for login in sorted({login for _, login in chosen}):  # each connects as their own role
            if not opened.db.execute_sql(
                    "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r "
                    "ON r.oid = m.member WHERE g.rolname = %s AND r.rolname = %s",
                    (trust_db.STAFF_ROLE, login)).fetchone():
                write(lambda: trust_grant.grant(opened.db, login))
    finally:
        opened.db.close()
    return chosen


def server_cpu(trust: trust_build.Trust) -> Callable[[], float]:
    """The seconds of CPU the trust's server has used so far: its postmaster, every process
    it runs (each connection's backend, the writers, autovacuum) and those it has reaped
    (a backend whose connection closed), from /proc (the server runs on this machine)."""
    postmaster = int((trust.server.folder / "data" / "postmaster.pid").read_text().split()[0])
    tick = os.sysconf("SC_CLK_TCK")

    def used() -> float:
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                pid, rest = stat.read_text().split(" (", 1)
            except OSError:  # gone meanwhile
                continue
            fields = rest.rsplit(")", 1)[1].split()  # from the state on: utime is [11]
            if int(pid) == postmaster:
                total += sum(int(f) for f in fields[11:15])  # its own, and its reaped children's
            elif int(fields[1]) == postmaster:
                total += int(fields[11]) + int(fields[12])
        return total / tick
    return used


def server_load(trust: trust_build.Trust, staff: int, seconds: float) -> load.LoadReport:
    """``staff`` members of staff, spread over the schools, each connecting as their own
    role to act in their school, saving for ``seconds`` (``load.team_up``: all ready first,
    one minute for all); then every acknowledged save looked for on the server."""
    chosen = benched_staff(trust, -(-staff // trust.schools))[:staff]
    with trust.superuser() as conn:
        steps_before = _steps(conn, chosen)
    jobs = [(trust.url(role=login), login, n, str(school_id)) for n, (school_id, login) in enumerate(chosen)]
    report = load.team_up(jobs, seconds, server_cpu(trust))
    workers, problems = report.workers, report.problems
    problems += [f"{w.login}: {f}" for w in workers for f in w.failures]
    with trust.superuser() as conn:
        acknowledged = [m for w in workers for m in w.marks]
        found = conn.execute("SELECT COUNT(*) FROM criterion_mark WHERE id = ANY(%s)", (acknowledged,)).fetchone()[0]
        if found != len(acknowledged):
            problems.append(f"{len(acknowledged) - found} acknowledged marks are missing")
        latest = {(p, d): s for w in workers for p, d, s in w.weekly}
        wrong = [key for key, score in latest.items() if conn.execute(
            "SELECT score FROM weekly_result WHERE pupil_id = %s AND sat_on = %s", key).fetchone() != (score,)]
        if wrong:
            problems.append(f"{len(wrong)} weekly scores differ from the last one saved")
        steps = _steps(conn, chosen) - steps_before
        if steps != sum(w.steps for w in workers):
            problems.append(f"meeting steps: {steps} on the server, {sum(w.steps for w in workers)} saved")
    if len(workers) != len(chosen):
        problems.append(f"{len(chosen) - len(workers)} members of staff never reported")
    return report


def _steps(conn, chosen: list[tuple[int, str]]) -> int:
    return sum(conn.execute("SELECT COALESCE(SUM(m.step), 0) FROM meeting m JOIN staff s ON s.id = m.mentor_id "
                            "WHERE s.school_id = %s AND s.username = %s", pair).fetchone()[0] for pair in chosen)


def measure_reads(trust: trust_build.Trust) -> list[Result]:
    """The grid's, the monitoring's and the trust view's reads on the trust's server beside
    the same on its school's file (``python -m benchmarks trust_reads`` runs these alone)."""
    on_file = reads(_target(None, trust.school_file, None))
    with trust.superuser() as conn:  # the admin's connections opened from now on stop a long read
        conn.execute(f"ALTER ROLE {trust_build.ADMIN} SET statement_timeout = '{STOP_AFTER}s'")
        try:
            on_server = reads(_target(trust, trust.school_file, trust.schools))
            kept = kept_reads(_target(trust, trust.school_file, trust.schools))
        finally:
            conn.execute(f"ALTER ROLE {trust_build.ADMIN} RESET statement_timeout")
    results = [Result(f"trust: made in ({', '.join(f'{k} {v:.0f} s' for k, v in trust.built_in.items())})",
                      sum(trust.built_in.values()), "s"),
               Result(f"trust: {trust.counts['pupil']:,} pupils, criterion marks", trust.counts["criterion_mark"],
                      "marks")]
    for name, value, limit in (("the trust view with every school's figures kept", kept["view kept"], 2000),
                               ("amtui trust refresh, every school", kept["refresh"], None),
                               ("amtui trust refresh, one school changed", kept["refresh one"], None)):
        results += _figure(f"trust: {name}, {trust_build.on_server(trust)}", value, limit)
    # the trust view as a trust role sees it is the kept one above (2 s); read live, school by
    # school, is what its background read and a refresh cost, so it carries no target
    for name, limit in (("grid", 50), ("monitoring", 1000), ("trust view", None)):
        what = {"grid": "load a class grid", "monitoring": "one school's monitoring",
                "trust view": "the trust view read live, school by school"}[name]
        rows = f" ({on_server['schools']} schools)" if name == "trust view" else ""
        results += [*_figure(f"trust: {what}, {trust_build.on_server(trust)}{rows}", on_server[name], limit),
                    *_figure(f"trust: {what}, one school's SQLite file", on_file[name])]
    return results


def measure(trust: trust_build.Trust, staff: int = STAFF, seconds: float = SECONDS,
            sessions: int = SESSIONS) -> list[Result]:
    """Every figure on the trust's server beside the same on its school's file."""
    return measure_reads(trust) + measure_staff(trust, staff, seconds, sessions)


def measure_staff(trust: trust_build.Trust, staff: int = STAFF, seconds: float = SECONDS,
                  sessions: int = SESSIONS) -> list[Result]:
    """``staff`` members of staff saving for ``seconds`` and a session's memory, on the
    trust's server beside its school's file (``python -m benchmarks trust_staff`` runs
    these alone)."""
    results: list[Result] = []
    both = trust_build.on_server(trust)
    with tempfile.TemporaryDirectory(prefix="amtui-bench-trust-") as folder:  # the SQLite loads' files
        def on_file(many: int) -> load.LoadReport:
            return load.run(load.prepare(Path(tempfile.mkdtemp(dir=folder)), many), many, seconds)

        for label, measure in ((both, lambda many: server_load(trust, many, seconds)),
                               ("one school's SQLite file", on_file)):
            report = measure(staff)
            results += load_figures.figures(f"trust: {staff} staff, {label}", staff, report)
            fewer = load_figures.carried(report, staff)
            if fewer < staff:  # the size this machine carries, from the CPU a save took
                results += load_figures.figures(f"trust: {fewer} staff (what {os.cpu_count()} cores carry), "
                                                f"{label}", fewer, measure(fewer))
    teacher = trust_build.a_teacher(trust.school_file)
    server_pss = bench_trust_memory.session_memory(trust.url(), teacher, trust.schools, sessions)
    file_pss = bench_trust_memory.session_memory(str(trust.school_file), teacher, None, sessions)
    name = f"trust: a session's memory at its home screen (PSS, median of {sessions})"
    results.append(Result(f"{name}, one school's SQLite file", file_pss or 0, "MB", "", None if file_pss else False))
    results.append(Result(f"{name}, {both}: never reached its home screen", 0, "MB", "", False)
                   if server_pss is None or file_pss is None else
                   at_most(f"{name}, {both} (SQLite's + 10%)", server_pss, "MB", round(file_pss * 1.1, 1)))
    return results


def run() -> list[Result]:
    trust = trust_build.cached_trust()
    try:
        return measure(trust)
    finally:
        trust.stop()
