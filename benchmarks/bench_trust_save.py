"""What one save costs on a trust's server (``python -m benchmarks trust_save``): a teacher,
connected as their own role to act in their school, saves a criterion mark, a weekly score
and a meeting step, each ``SAVES`` times one after another, through the functions the
screens use; per save of each kind: the statements sent (BEGIN and COMMIT aside), the CPU
of amtui's thread and the CPU of the server's backend for its connection (/proc: the
server runs on this machine). No load: what the 200 staff's minute multiplies.

The trust is small and made afresh (three schools of a few classes, ``trust_build`` from
``load.prepare``'s school, a minute at most) so the figures are quick to repeat before and
after a change; the costs measured are per statement, which the cached 10-million-mark
trust's size changes little.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import bench_trust, load, trust_build
from benchmarks.harness import Result

BY_NAME_ONLY = True
SCHOOLS, STAFF, SAVES = 3, 4, 200
KINDS = ("mark", "weekly score", "meeting step")


@dataclass(frozen=True)
class Cost:
    """One kind of save, per save: statements, amtui's CPU and the server's (ms), wall (ms, median)."""

    statements: float
    client_ms: float
    server_ms: float
    wall_ms: float


def small_trust(folder: Path, staff: int = STAFF, schools: int = SCHOOLS) -> trust_build.Trust:
    """``schools`` copies of a school of ``staff`` classes (five pupils, a meeting each),
    every pupil marked on ten criteria at the start of HT1; its server started."""
    source = load.prepare(folder / "file", staff)
    with sqlite3.connect(source) as conn:
        conn.execute("INSERT INTO criterion_mark (pupil_id, criterion_id, half_term_id, code, recorded_at, source) "
                     "SELECT p.id, c.id, (SELECT MIN(id) FROM half_term), 'X', '2026-09-10 09:00:00', 'grid' "
                     "FROM pupil p CROSS JOIN criterion c WHERE c.number <= 10")
        marks = conn.execute("SELECT COUNT(*) FROM criterion_mark").fetchone()[0]
    folder.chmod(0o755)  # the server's user (root runs it as postgres) must reach its data
    return trust_build.build(folder / "trust", source, schools, marks=marks, keep=False)


def _backend_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _saves(me, kind: str):
    """A call that makes one save of ``kind`` for the teacher ``me`` (``load._ready``'s)."""
    from amtui.db.models import Meeting
    from amtui.db.repo import weekly
    from amtui.db.repo.marks import CodeChange, save_codes
    from amtui.db.repo.meeting_saves import guarded
    from amtui.domain.codes import Code

    rng, user = me.rng, me.user
    if kind == "mark":
        return lambda: save_codes(user, me.half_term, [CodeChange(
            rng.choice(me.pupils), rng.choice(me.criteria), rng.choice((Code.DOT, Code.LINE, Code.CROSS)))])
    if kind == "weekly score":
        return lambda: weekly.save_score(user, rng.choice(me.pupils), rng.choice(me.weeks), rng.randint(0, 25),
                                         load.TODAY)
    return lambda: guarded(user, me.meeting, "step", lambda row: Meeting.update(step=Meeting.step + 1)
                           .where(Meeting.id == row.id).execute())


def measure(trust: trust_build.Trust, saves: int = SAVES) -> dict[str, Cost]:
    """Each kind's cost per save (``Cost``), a teacher of school 1 saving ``saves`` of each
    (after ten of each not counted: the statements built, the server's plans made)."""
    from amtui.db import connection

    school, login = bench_trust.benched_staff(trust, 1)[0]
    load._me.url, load._me.school = trust.url(role=login), str(school)
    load._bind(load._me.url)
    try:
        me = load._ready(login, seed=1)
        pid = connection.database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        costs = {}
        for kind in KINDS:
            save = _saves(me, kind)
            for _ in range(10):
                save()
            walls = []
            load._me.statements = 0
            client, server = time.thread_time(), _backend_seconds(pid)
            for _ in range(saves):
                started = time.perf_counter()
                save()
                walls.append(time.perf_counter() - started)
            server, client = _backend_seconds(pid) - server, time.thread_time() - client
            costs[kind] = Cost(load._me.statements / saves, client / saves * 1000, server / saves * 1000,
                               statistics.median(walls) * 1000)
        return costs
    finally:
        connection.database.close()


def results(costs: dict[str, Cost], saves: int = SAVES) -> list[Result]:
    rows = []
    for kind, cost in costs.items():
        name = f"trust save, a {kind} ({saves}, one teacher, no load)"
        rows += [Result(f"{name}: statements", cost.statements, "statements"),
                 Result(f"{name}: CPU, amtui's", cost.client_ms, "ms"),
                 Result(f"{name}: CPU, the server's backend", cost.server_ms, "ms"),
                 Result(f"{name}: wall (median)", cost.wall_ms, "ms")]
    return rows


def run() -> list[Result]:
    saves = int(os.environ.get("AMTUI_BENCH_SAVES") or SAVES)
    folder = Path(tempfile.mkdtemp(prefix="amtui-bench-trust-save-"))
    try:
        trust = small_trust(folder)
        try:
            return results(measure(trust, saves), saves)
        finally:
            trust.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":  # a quick look: python -m benchmarks.bench_trust_save
    for row in run():
        print(f"{row.name}: {row.value:.2f} {row.unit}")
    print(dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
