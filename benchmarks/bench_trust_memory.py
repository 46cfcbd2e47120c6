"""A session's memory alone (``python -m benchmarks trust_memory``): amtui started at the
same login's home screen on the trust's server and on its school's file, a few sessions
at once, in turns (server, file, server, file ...) so that both sides meet the same
machine; in half a minute with the kept trust, without the 200 staff. Run only when
named; ``python -m benchmarks trust_staff`` measures it after the staff.

A session's figure is its PSS (``/proc/PID/smaps_rollup``: the pages it shares with the
other sessions counted once between them), read once it has drawn its home screen and
stopped drawing. Beside it, each side's own memory (USS: the Python heap, SQLite's page
cache) and the PSS of the PostgreSQL driver's own libraries (psycopg's compiled part, the
libpq and OpenSSL its wheel brings). ``AMTUI_BENCH_SESSIONS`` and ``AMTUI_BENCH_ROUNDS`` set how many sessions at
once and how many turns each side has (3 and 2).
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import Result, at_most

SESSIONS, ROUNDS = 3, 2
QUIET_SECONDS, SETTLE_LIMIT = 1.0, 15.0
"""A home screen is read once it has drawn nothing for QUIET_SECONDS (SETTLE_LIMIT at most)."""
DRIVER_FILES = ("psycopg",)
"""Mappings of the PostgreSQL driver: its wheel's files (psycopg_binary, psycopg_binary.libs)."""
UNCHANGED = 1.1
"""The issue's "unchanged": a server session within SQLite's + 10%."""


@dataclass(frozen=True)
class Memory:
    """One session's memory in MB."""

    pss: float
    uss: float
    driver: float  # the PSS of the driver's own files


def memory(pid: int) -> Memory:
    """``pid``'s memory from ``/proc/PID/smaps`` (its rollup split by what is mapped)."""
    kb = {"Pss": 0, "Private_Clean": 0, "Private_Dirty": 0}
    driver = 0
    in_driver = False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        name, _, rest = line.partition(" ")
        if not name.endswith(":"):  # a mapping's first line: address, mode, ..., path
            in_driver = any(part in rest for part in DRIVER_FILES)
        elif name[:-1] in kb:
            value = int(rest.split()[0])
            kb[name[:-1]] += value
            if in_driver and name == "Pss:":
                driver += value
    return Memory(kb["Pss"] / 1024, (kb["Private_Clean"] + kb["Private_Dirty"]) / 1024, driver / 1024)


def session_samples(db: str, login: str, school: int | None, sessions: int = SESSIONS) -> list[Memory] | None:
    """The memory of ``sessions`` amtui sessions started at once on ``db`` as ``login``, each
    at its home screen (None: one did not reach it within two minutes)."""
    from benchmarks.pty_session import PtySession

    environ = {**os.environ, **({"AMTUI_SCHOOL": str(school)} if school else {})}
    opened = [PtySession(db, login=login, environ=environ) for _ in range(sessions)]
    try:
        for session in opened:
            try:
                session.wait_for(b"My classes", timeout=120)
            except TimeoutError:
                return None  # the home screen never came
        settled_by = time.perf_counter() + SETTLE_LIMIT
        for session in opened:  # the home screen's figures are read after its first lines
            while session.read_for(QUIET_SECONDS) and time.perf_counter() < settled_by:
                pass
        return [memory(session.process.pid) for session in opened]
    finally:
        for session in opened:
            session.close()


def session_memory(db: str, login: str, school: int | None, sessions: int = SESSIONS) -> float | None:
    """The median PSS (MB) of ``sessions`` amtui sessions at their home screen on ``db``."""
    samples = session_samples(db, login, school, sessions)
    return None if samples is None else statistics.median(s.pss for s in samples)


def compare(trust, sessions: int = SESSIONS, rounds: int = ROUNDS) -> list[Result]:
    """A session's memory on the trust's server beside its school's file, in turns."""
    from benchmarks import trust_build

    teacher = trust_build.a_teacher(trust.school_file)
    sides = {trust_build.on_server(trust): (trust.url(), trust.schools), "one school's SQLite file": (str(trust.school_file), None)}
    samples: dict[str, list[Memory]] = {label: [] for label in sides}
    results = [Result("trust memory: load average at the start (2 cores)", os.getloadavg()[0], "")]
    for _ in range(rounds):
        for label, (db, school) in sides.items():
            got = session_samples(db, teacher, school, sessions)
            if got is None:
                return [*results, Result(f"trust memory: {label}: never reached its home screen", 0, "MB", "", False)]
            samples[label] += got
    medians = {label: {field: statistics.median(getattr(s, field) for s in got)
                       for field in ("pss", "uss", "driver")} for label, got in samples.items()}
    name = f"trust: a session's memory at its home screen (PSS, median of {sessions} at once x {rounds})"
    (server, on_server), (_, on_file) = medians.items()
    results += [
        Result(f"{name}, one school's SQLite file", on_file["pss"], "MB"),
        at_most(f"{name}, {server} (SQLite's + 10%)", on_server["pss"], "MB", round(on_file["pss"] * UNCHANGED, 1)),
    ]
    for label, figures in medians.items():
        results += [Result(f"trust memory, {label}: {what}", figures[field], "MB") for field, what in (
            ("uss", "its own (USS)"), ("driver", "the PostgreSQL driver's libraries (PSS)"))]
    results.append(Result("trust memory: load average at the end", os.getloadavg()[0], ""))
    return results


BY_NAME_ONLY = True


def run() -> list[Result]:
    from benchmarks import trust_build

    sessions = int(os.environ.get("AMTUI_BENCH_SESSIONS") or SESSIONS)
    rounds = int(os.environ.get("AMTUI_BENCH_ROUNDS") or ROUNDS)
    trust = trust_build.cached_trust()
    try:
        return compare(trust, sessions, rounds)
    finally:
        trust.stop()
