"""Kill amtui with SIGKILL in the middle of writes, again and again, and check the file.

A forked child saves marks, imports a marks file, or records meeting steps in a loop,
reporting each commit down a pipe as soon as it returns. The parent kills it at a
random moment, then checks that the database opens, passes ``integrity_check``, holds
every reported commit, and holds no part of an import that did not commit.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

IMPORT_ROWS = 40
KINDS = ("mark", "import", "meeting")


@dataclass
class Outcome:
    kills: int = 0
    committed: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS})
    problems: list[str] = field(default_factory=list)


def _upn(n: int) -> str:
    """The nth pupil's UPN, with its check letter (imports verify it)."""
    from amtui.domain.upn import with_check_letter

    return with_check_letter(f"1000000000{n:02d}")


def prepare(folder: Path) -> Path:
    """A small school to hammer: staff, a class of 10, a bank of 10, one meeting; a marks file."""
    from amtui.db.connection import Target, write
    from amtui.db.models import CriteriaBank, Criterion, Meeting, Pupil, SchoolClass, Staff, Subject
    from amtui.db.repo.school import ensure_year
    from amtui.db.startup import open_database

    path = folder / "faults.db"
    opened = open_database(Target(str(path)), create=True)

    def fill() -> None:
        year = ensure_year(2026)
        admin = Staff.create(username="admin1", name="Ann Admin", roles="admin;slt;mentor")
        klass = SchoolClass.create(name="Elm", year_group=4, academic_year=year)
        maths = Subject.create(name="Maths", code="M")
        bank = CriteriaBank.create(subject=maths, stage=2)
        for n in range(1, 11):
            Criterion.create(bank=bank, subject=maths, number=n, ref=f"M2/{n}", text=f"criterion {n}")
            Pupil.create(upn=_upn(n), forename="P", surname=f"Pupil {n}", year_group=4,
                         school_class=klass)
        Meeting.create(pupil=Pupil.get(), mentor=admin, status="in_progress", step=0)

    write(fill)
    opened.db.close()
    rows = [f"{_upn((i % 10) + 1)},Maths,M2/{(i // 10) % 10 + 1},1,/" for i in range(IMPORT_ROWS)]
    (folder / "marks.csv").write_text("upn,subject,ref,half_term,code\n" + "\n".join(rows) + "\n")
    return path


def _child(path: Path, kind: str, report: int) -> None:
    """Write in a loop, reporting each commit; never returns (the parent kills it)."""
    from amtui.db.connection import Target, write
    from amtui.db.models import Meeting
    from amtui.db.repo import school
    from amtui.db.repo.marks import CodeChange, save_codes
    from amtui.db.repo.staff import identify
    from amtui.db.startup import open_database
    from amtui.domain.codes import Code
    from amtui.imports import run_import

    open_database(Target(str(path)))
    user = identify("admin1")
    half_term = school.half_term(2026, 1)
    n = 0
    while True:
        n += 1
        if kind == "mark":
            saved = save_codes(user, half_term, [CodeChange(1 + n % 10, 1 + n % 10, Code.CROSS)])
            os.write(report, f"mark {saved[0].id}\n".encode())
        elif kind == "import":
            run_import("marks", path.parent / "marks.csv", "admin1")
            os.write(report, b"import 1\n")
        else:
            write(lambda: Meeting.update(step=Meeting.step + 1, barriers=f"step {n}").execute())
            os.write(report, f"meeting {n}\n".encode())


def run(path: Path, kills: int, seed: int = 1) -> Outcome:
    """Kill a writing child ``kills`` times; check the file after each kill."""
    rng = random.Random(seed)
    outcome = Outcome()
    # The children are forked from here: what an import loads (the runner, the kind's module,
    # python-stdnum for the UPNs' check letters: 70 ms) is loaded once now, so a child's short
    # life is spent writing, and the kills land among commits rather than among imports.
    from amtui.domain.upn import check_letter
    from amtui.imports import marks, runner  # noqa: F401

    check_letter(_upn(1)[1:])
    marks_seen: set[int] = set()
    imports = meeting_step = 0
    for round_ in range(kills):
        kind = KINDS[round_ % len(KINDS)]
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: no pytest, no cleanup, just writes until killed
            os.close(read_end)
            try:
                _child(path, kind, write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        time.sleep(rng.uniform(0.005, 0.25))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        reported = b""
        while chunk := os.read(read_end, 65536):
            reported += chunk
        os.close(read_end)
        outcome.kills += 1
        for line in reported.decode().splitlines():
            what, value = line.split()
            outcome.committed[what] += 1
            if what == "mark":
                marks_seen.add(int(value))
            elif what == "import":
                imports += 1
            else:
                meeting_step += 1
        outcome.problems += check(path, marks_seen, imports, meeting_step)
        if outcome.problems:
            break
    return outcome


def check(path: Path, marks: set[int], imports: int, steps: int) -> list[str]:
    """What is wrong with the file after a kill (nothing, we hope)."""
    problems = []
    # Opening the file after a kill rolls back any hot journal, as every amtui session would.
    with sqlite3.connect(path, timeout=30) as conn:
        if (result := conn.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
            return [f"integrity_check: {result}"]
        ids = {row[0] for row in conn.execute("SELECT id FROM criterion_mark WHERE source = 'grid'")}
        if missing := marks - ids:
            problems.append(f"committed marks lost: {sorted(missing)[:5]}")
        imported = conn.execute("SELECT COUNT(*) FROM criterion_mark WHERE source = 'import'").fetchone()[0]
        if imported % IMPORT_ROWS:
            problems.append(f"part of an import is in the file: {imported} rows")
        if imported < imports * IMPORT_ROWS:
            problems.append(f"committed imports lost: {imported} rows for {imports} imports")
        step = conn.execute("SELECT step FROM meeting").fetchone()[0]
        if step < steps:
            problems.append(f"meeting steps lost: step {step}, {steps} reported")
    return problems
