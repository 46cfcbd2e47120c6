"""Start-up to the class grid with its figures, on the demo school and on the big one.

``amtui grid CLASS Maths`` in an 80x24 pseudo-terminal, timed from launch to the grid's
"Secured" row (as in bench_grid), several times on each school: the median is held to
0.45 s, and the range is shown. The 1,500-pupil, five-year school (55 MB) is built once
into a cache folder (``big_school.cached_database``) and copied for each run of this
benchmark.

amtui acts for the user running the benchmark, as it would for a teacher: that login is
given to the class's teacher in this copy of the school (no shim on PYTHONPATH, so the
program started is the one staff start). It runs with compiled bytecode, as installed by
pip; one start before the timed ones compiles it and reads the file into the page cache.
"""

from __future__ import annotations

import os
import pwd
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.big_school import cached_database
from benchmarks.harness import Result, at_most, demo_school
from benchmarks.pty_session import PtySession

TARGET_SECONDS = 0.45
RUNS = int(os.environ.get("AMTUI_BENCH_STARTUP_RUNS", "9"))


def act_as_teacher(db: Path, class_name: str) -> str:
    """Give ``class_name``'s teacher this process's login (any other staff row holding it
    is renamed away first); returns the teacher's name, which the header then shows."""
    from amtui.db import seal

    login = pwd.getpwuid(os.getuid()).pw_name
    with sqlite3.connect(db) as conn:
        seal.register_sqlite3(conn)  # the staff table's seal follows the change
        teacher_id, name = conn.execute(
            "SELECT s.id, s.name FROM staff s JOIN class_staff cs ON cs.staff_id = s.id "
            "JOIN school_class c ON c.id = cs.school_class_id "
            "WHERE c.name = ? AND cs.role = 'teacher' ORDER BY c.id DESC, s.id LIMIT 1",
            (class_name,)).fetchone()
        conn.execute("UPDATE staff SET username = 'was-' || username || '-' || id "
                     "WHERE username = ? AND id != ?", (login, teacher_id))
        conn.execute("UPDATE staff SET username = ? WHERE id = ?", (login, teacher_id))
    return name


def child_environment(pycache: Path) -> dict[str, str]:
    """This environment, with bytecode written and read (in ``pycache``, not the tree)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "AMTUI_TEST_LOGIN")}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def start_once(db: Path, class_name: str, env: dict[str, str], teacher: str) -> tuple[float, float]:
    """(seconds to the grid with its figures, CPU seconds the program used by then)."""
    session = PtySession(db, "grid", class_name, "Maths", environ=env)
    try:
        took = session.wait_for(b"Secured")
        cpu = session.cpu_seconds()
        session.read_for(0.2)
        if teacher[:12].encode() not in session.output:
            raise RuntimeError(f"amtui did not act as {teacher}: the header does not show them")
    finally:
        session.close()
    return took, cpu


def measure(label: str, db: Path, class_name: str, env: dict[str, str]) -> list[Result]:
    teacher = act_as_teacher(db, class_name)
    start_once(db, class_name, env, teacher)  # compiles the bytecode; warms the page cache
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = start_once(db, class_name, env, teacher)
        walls.append(wall)
        cpus.append(cpu)
    return [
        at_most(f"start-up to the grid with its figures, {label}: median of {RUNS} "
                f"(range {min(walls):.2f}-{max(walls):.2f} s)", statistics.median(walls), "s", TARGET_SECONDS),
        Result(f"start-up to the grid, {label}: CPU used by then (median)", statistics.median(cpus), "s"),
    ]


def run() -> list[Result]:
    folder = Path(tempfile.mkdtemp(prefix="amtui-bench-startup-"))
    env = child_environment(folder / "pycache")
    results = measure("demo school (grid Elm Maths)", demo_school(folder), "Elm", env)
    started = time.perf_counter()
    cached = cached_database()
    built = time.perf_counter() - started
    big = folder / "big.db"
    shutil.copyfile(cached, big)
    results += measure(f"big school, {big.stat().st_size / 1e6:.0f} MB (grid 9C Maths)", big, "9C", env)
    if built > 1:
        results.append(Result("big school: built once into the cache (not timed above)", built, "s"))
    shutil.rmtree(folder, ignore_errors=True)
    return results
