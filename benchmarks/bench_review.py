"""The AMT's review of a 1,200-pupil secondary school (Years 7-11, 240 a year, 10 subjects):
each subject's latest return against its target for every pupil, with 100 pupils already
on the programme. Built here with bulk inserts in one transaction; the review is timed as
the screen and ``amtui export concerns`` run it."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Result, at_most

TODAY = dt.date(2026, 11, 20)
PUPILS_A_YEAR, SUBJECTS, RUNS = 240, 10, 5


def build(path: Path) -> int:
    """The school at ``path``; returns its number of pupils."""
    from amtui.db.connection import Target, write
    from amtui.db.models import (
        LongTermTarget, ProgrammeMembership, ProgressReturn, Pupil, ReturnWindow, Staff, Subject,
    )
    from amtui.db.repo.school import ensure_year
    from amtui.db.startup import open_database

    open_database(Target(str(path)), create=True)
    rng = random.Random(7)

    def fill() -> int:
        year = ensure_year(2026)
        teacher = Staff.create(username="teach", name="Tom Teach", roles="teacher")
        subjects = [Subject.create(name=f"Subject {n}", code=f"S{n}").id for n in range(SUBJECTS)]
        Pupil.insert_many([{"upn": f"B{yg:02d}{n:010d}", "forename": f"P{n}", "surname": f"Year{yg}",
                            "year_group": yg} for yg in range(7, 12) for n in range(PUPILS_A_YEAR)]).execute()
        pupils = list(Pupil.select(Pupil.id, Pupil.year_group).tuples())
        targets, returns = [], []
        for yg in range(7, 12):
            window = ReturnWindow.create(academic_year=year, name=f"Y{yg} October", year_group=yg,
                                         kind="projected" if yg == 11 else "aob", coursework=yg == 11,
                                         opens=dt.date(2026, 10, 1), due=dt.date(2026, 10, 20))
            for pid, _ in (p for p in pupils if p[1] == yg):
                for subject in subjects:
                    target = rng.randint(4, 8)
                    targets.append({"pupil": pid, "subject": subject, "academic_year": year, "kind": "ks4",
                                    "substage": str(target)})
                    got = target - rng.choice((0, 0, 0, 1, 2))
                    returns.append({"window": window, "pupil": pid, "subject": subject, "staff": teacher,
                                    "aob": "" if yg == 11 else ("B" if got < target else "O"),
                                    "projected": str(got) if yg == 11 else ""})
        for batch in range(0, len(targets), 2000):
            LongTermTarget.insert_many(targets[batch:batch + 2000]).execute()
            ProgressReturn.insert_many(returns[batch:batch + 2000]).execute()
        ProgrammeMembership.insert_many([{"pupil": pid, "kind": "programme", "joined": dt.date(2026, 9, 10),
                                          "join_reason": "already identified"} for pid, _ in pupils[:100]]).execute()
        return len(pupils)

    return write(fill)


def run() -> list[Result]:
    from amtui.db.repo import concerns

    folder = Path(tempfile.mkdtemp(prefix="amtui-bench-review-"))
    try:
        pupils = build(folder / "review.db")
        walls, cpus, found = [], [], []
        for _ in range(RUNS):
            start, cpu = time.perf_counter(), time.process_time()
            found = concerns.concerns(2026, TODAY, 3)
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        return [at_most(f"AMT review: a {pupils:,}-pupil school, {SUBJECTS} subjects ({len(found)} concerns)",
                        statistics.median(walls), "s", 1.0),
                Result("AMT review: the same, CPU time", statistics.median(cpus), "s")]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
