"""Progress returns on a 1,200-pupil secondary school (Years 7-11, 240 pupils a year, 10
subjects, teaching groups of 30): a Year 11 group's return typed into the real program in
an 80x24 pty (keys per pupil, keystroke to redrawn, bytes per key), and the missing-returns
list for every open return (the chasing screen's and the export's query).
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

from benchmarks.harness import Result, at_most, median_ms, percentile_ms, timed_calls
from benchmarks.pty_session import PtySession

YEARS, PER_YEAR, GROUP = (7, 8, 9, 10, 11), 240, 30
SUBJECTS = ("Maths", "English", "Science", "History", "Geography", "French", "Art", "Music", "Computing", "PE")


def build(path: Path) -> str:
    """The school, with a Year 11 return open today; the login of 11x/Ma1's teacher."""
    from amtui.db.connection import Target, write
    from amtui.db.models import ClassStaff, GroupMembership, Pupil, SchoolClass, Staff, Subject
    from amtui.db.repo.returns import open_window
    from amtui.db.repo.school import ensure_year
    from amtui.db.repo.staff import identify
    from amtui.db.startup import open_database
    from amtui.domain.calendar import academic_year_of
    from amtui.domain.upn import with_check_letter
    from amtui.imports.store import insert_rows

    open_database(Target(str(path)), create=True)
    today = dt.date.today()
    year = academic_year_of(today)

    def fill() -> None:
        year_id = ensure_year(year).id
        Staff.create(username="amt", name="Ava Team", roles="teacher;amt;slt;admin")
        subjects = [Subject.create(name=name, code=name[:2].upper()).id for name in SUBJECTS]
        pupils = [dict(upn=with_check_letter(f"{900000000000 + n:012d}"), forename=f"P{n}", surname=f"Pupil{n:04d}",
                       year_group=YEARS[n // PER_YEAR], dob=dt.date(2012, 1, 1)) for n in range(PER_YEAR * len(YEARS))]
        insert_rows(Pupil, pupils)
        ids = {yg: [pid for pid, in Pupil.select(Pupil.id).where(Pupil.year_group == yg).order_by(Pupil.id).tuples()]
               for yg in YEARS}
        members, links = [], []
        for yg in YEARS:
            for s, subject in zip(SUBJECTS, subjects):
                for g in range(PER_YEAR // GROUP):
                    group = SchoolClass.create(name=f"{yg}x/{s[:2]}{g + 1}", year_group=yg, academic_year=year_id,
                                               subject=subject).id
                    teacher = Staff.create(username=f"t{yg}{s[:2].lower()}{g + 1}", name=f"T {s} {yg}-{g + 1}",
                                           roles="teacher").id
                    links.append(dict(school_class=group, staff=teacher, role="teacher"))
                    members += [dict(pupil=p, group=group) for p in ids[yg][g * GROUP:(g + 1) * GROUP]]
        insert_rows(ClassStaff, links)
        insert_rows(GroupMembership, members)

    write(fill)
    for yg in YEARS:
        open_window(identify("amt"), year, f"Y{yg} Bench", yg, today + dt.timedelta(days=7),
                    opens=today - dt.timedelta(days=1))
    return "t11ma1"


def missing_seconds() -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, rows): who has not returned, for every open return."""
    from amtui.db.repo import returns_read
    from amtui.domain.calendar import academic_year_of

    today = dt.date.today()
    start, cpu = time.perf_counter(), time.process_time()
    rows = [returns_read.missing(w, academic_year_of(today), today)
            for w in returns_read.current_windows(academic_year_of(today), today)]
    return time.perf_counter() - start, time.process_time() - cpu, sum(len(r) for r in rows)


def type_the_return(db: Path, login: str) -> tuple[list[int], list[float], list[int], float, float]:
    """(keys per pupil, keystroke latencies, bytes per key, seconds to the screen, CPU seconds per
    key): a grade and a coursework grade for each of the 30 pupils, one key each (no Enter: the
    screen would never reach "Returned 30 of 30" and the benchmark would stop with a TimeoutError)."""
    session = PtySession(db, "returns", login=login)
    try:
        startup = session.wait_for(b"Returned 0 of 30")
        session.read_for(0.5)
        cpu = session.cpu_seconds()
        latencies, sizes = [], []
        overall = [str(4 + n % 5).encode() for n in range(GROUP)]  # down the overall grades ...
        coursework = [str(3 + n % 6).encode() for n in range(GROUP)]  # ... then down the coursework
        for key in overall + coursework:
            latency, size = session.keystroke(key, quiet=0.08)
            latencies.append(latency)
            sizes.append(size)
        per_pupil = [2] * GROUP  # one key for each of the two grades, nothing else
        session.wait_for(b"Returned 30 of 30")
        cpu_per_key = (session.cpu_seconds() - cpu) / len(latencies)
    finally:
        session.close()
    return per_pupil, latencies, sizes, startup, cpu_per_key


def save_cpu(db: Path, login: str, rounds: int = 4) -> tuple[list[float], float]:
    """A return's save as the return screen makes it (the journal's kept save: the window, the
    check, the row, its audit entry, the return read back), 30 pupils a round, each round
    another grade. (The wall seconds of each, CPU seconds per save.)"""
    from amtui.db import journal
    from amtui.db.connection import Target
    from amtui.db.models import GroupMembership, SchoolClass, Subject
    from amtui.db.repo.returns_read import current_windows
    from amtui.db.repo.staff import identify
    from amtui.db.startup import open_database
    from amtui.domain.calendar import academic_year_of

    opened = open_database(Target(str(db)))
    today = dt.date.today()
    user = identify(login)
    window = next(w for w in current_windows(academic_year_of(today), today) if w.year_group == 11)
    maths = Subject.get(Subject.name == "Maths").id
    group = SchoolClass.get(SchoolClass.name == "11x/Ma1").id
    pupils = [p for (p,) in GroupMembership.select(GroupMembership.pupil).where(GroupMembership.group == group).tuples()]

    def save(grade: int, pupil: int) -> None:
        journal.apply(user, journal.kept("returns.enter", login, window_id=window.id, pupil_id=pupil,
                                         subject_id=maths, aob=None, projected=str(grade), coursework=None,
                                         today=today.isoformat()))

    times, cpu = timed_calls(partial(save, 4 + (n + r) % 5, pupil) for r in range(rounds)
                             for n, pupil in enumerate(pupils))
    opened.db.close()
    return times, cpu


def run() -> list[Result]:
    from amtui.db.connection import Target
    from amtui.db.startup import open_database

    db = Path(tempfile.mkdtemp(prefix="amtui-bench-returns-")) / "secondary.db"
    login = build(db)
    missing = [missing_seconds() for _ in range(5)]
    seconds, cpu, rows = min(missing)
    open_database(Target(str(db))).db.close()
    per_pupil, latencies, sizes, startup, cpu_per_key = type_the_return(db, login)
    saves, cpu_per_save = save_cpu(db, login)
    return [
        at_most("returns: keys per pupil (most; Year 11, grade and coursework)", max(per_pupil), "keys", 2),
        Result("returns: start-up to the return screen (30 pupils)", startup, "s"),
        at_most("returns: keystroke to redrawn (median, pty)", median_ms(latencies), "ms", 5),
        Result("returns: keystroke to redrawn (p95)", percentile_ms(latencies, 95), "ms"),
        Result("returns: CPU per key (handling, saving, redrawing)", cpu_per_key * 1000, "ms"),
        Result("returns: a return's save as the screen makes it (median)", median_ms(saves), "ms"),
        Result("returns: CPU per return's save", cpu_per_save * 1000, "ms"),
        at_most("returns: bytes to the terminal per key (median)", statistics.median(sizes), "bytes", 300),
        Result("returns: bytes per key (max: a scroll repaints the grid)", max(sizes), "bytes"),
        at_most(f"returns: missing-returns list, 1,200 pupils ({rows} rows, best of 5)", seconds, "s", 0.5),
        Result("returns: the same, CPU", cpu, "s"),
    ]
