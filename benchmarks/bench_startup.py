"""Start-up to the class grid with its figures, on the demo school and on the big one,
through the warm server and cold.

``amtui grid CLASS Maths`` in an 80x24 pseudo-terminal, timed from launch to the grid's
"Secured" row (as in bench_grid), several times on each school: the median is held to
0.45 s, and the range is shown. The 1,500-pupil, five-year school (55 MB) is built once
into a cache folder (``big_school.cached_database``) and copied for each run of this
benchmark.

amtui acts for the user running the benchmark, as it would for a teacher: that login is
given to the class's teacher in this copy of the school (no shim on PYTHONPATH, so the
program started is the one staff start). It runs with compiled bytecode, as installed by
pip; one start before the timed ones compiles it and reads the file into the page cache.

Through the warm server, as the school server runs it but without sudo and sshd
(``warm_server``): ``amtui-warm`` runs for the whole measurement, and each start is
``amtui-session`` with ``SSH_ORIGINAL_COMMAND="amtui grid CLASS Maths"``, timed the same
way. Its memory is the forked session's PSS and USS (``/proc/PID/smaps_rollup``): the
pages it shares with the server are counted once across all sessions, not in each, as
RSS would. Cold and warm starts alternate, so a busy moment of the machine hits both.
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
from benchmarks.warm_server import ServerPlay, memory_mb, sessions_of

TARGET_SECONDS = 0.45
MEMORY_MB = 60
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


def shows_teacher(session: PtySession, teacher: str) -> None:
    session.read_for(0.2)
    if teacher[:12].encode() not in session.output:
        raise RuntimeError(f"amtui did not act as {teacher}: the header does not show them")


def start_once(db: Path, class_name: str, env: dict[str, str], teacher: str) -> tuple[float, float]:
    """Cold: (seconds to the grid with its figures, CPU seconds the program used by then)."""
    session = PtySession(db, "grid", class_name, "Maths", environ=env)
    try:
        took = session.wait_for(b"Secured")
        cpu = session.cpu_seconds()
        shows_teacher(session, teacher)
    finally:
        session.close()
    return took, cpu


def warm_once(play: ServerPlay, server_pid: int, class_name: str, teacher: str) -> tuple[float, ...]:
    """Through the warm server: (seconds to the grid, amtui-session's own CPU seconds by
    then, the forked session's CPU seconds, its PSS and USS in MB)."""
    session = play.session(f"amtui grid {class_name} Maths")
    try:
        took = session.wait_for(b"Secured")
        own_cpu = session.cpu_seconds()
        forked = sessions_of(server_pid)
        if len(forked) != 1:
            raise RuntimeError(f"expected one session forked by the warm server, found {forked}")
        child_cpu = PtySession.cpu_seconds_of(forked[0])
        shows_teacher(session, teacher)
        pss, uss = memory_mb(forked[0])
    finally:
        session.close()
    deadline = time.monotonic() + 10
    while sessions_of(server_pid) and time.monotonic() < deadline:  # the next run starts alone
        time.sleep(0.02)
    return took, own_cpu, child_cpu, pss, uss


def spread(values: list[float]) -> str:
    return f"range {min(values):.2f}-{max(values):.2f}"


def measure(label: str, db: Path, class_name: str, env: dict[str, str], folder: Path) -> list[Result]:
    """Cold and warm starts, alternated (so a busy moment of the machine hits both alike)."""
    teacher = act_as_teacher(db, class_name)
    play = ServerPlay(db, folder / f"server-{db.stem}", Path(env["PYTHONPYCACHEPREFIX"]))
    start_once(db, class_name, env, teacher)  # compiles the bytecode; warms the page cache
    cold, warm = [], []
    with play.warm_server() as server:
        warm_once(play, server.pid, class_name, teacher)
        for _ in range(RUNS):
            cold.append(start_once(db, class_name, env, teacher))
            warm.append(warm_once(play, server.pid, class_name, teacher))
        server_pss, _ = memory_mb(server.pid)
    walls, cpus = [c[0] for c in cold], [c[1] for c in cold]
    warm_walls, own, child, pss, uss = (list(column) for column in zip(*warm))
    median = statistics.median
    return [
        at_most(f"start-up to the grid, {label}, warm server: median of {RUNS} ({spread(warm_walls)} s)",
                median(warm_walls), "s", TARGET_SECONDS),
        Result(f"the same, cold start: median of {RUNS} ({spread(walls)} s)", median(walls), "s"),
        Result(f"CPU by then, {label}: cold (median)", median(cpus), "s"),
        Result("  warm: the forked session's (median)", median(child), "s"),
        Result("  warm: amtui-session's own, its whole start (median)", median(own), "s"),
        at_most(f"memory of a warm session, {label}: PSS (median; USS {median(uss):.1f} MB)",
                median(pss), "MB", MEMORY_MB),
        Result("  the warm server itself, shared by every session: PSS", server_pss, "MB"),
    ]


def run() -> list[Result]:
    folder = Path(tempfile.mkdtemp(prefix="amtui-bench-startup-"))
    env = child_environment(folder / "pycache")
    results = [Result("load average at the start (2 cores: above 2 is a busy machine)", os.getloadavg()[0], "")]
    results += measure("demo school (grid Elm Maths)", demo_school(folder), "Elm", env, folder)
    started = time.perf_counter()
    cached = cached_database()
    built = time.perf_counter() - started
    big = folder / "big.db"
    shutil.copyfile(cached, big)
    results += measure(f"big school, {big.stat().st_size / 1e6:.0f} MB (grid 9C Maths)", big, "9C", env, folder)
    if built > 1:
        results.append(Result("big school: built once into the cache (not timed above)", built, "s"))
    results.append(Result("load average at the end", os.getloadavg()[0], ""))
    shutil.rmtree(folder, ignore_errors=True)
    return results
