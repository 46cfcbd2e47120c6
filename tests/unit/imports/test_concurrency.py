"""Eight imports at once into one SQLite file: each waits its turn, none is lost."""

from __future__ import annotations

import multiprocessing
import queue

from amtui.db.models import AuditEntry, CriterionMark, WeeklyResult
from imports.builders import csv_file, import_in_process, import_text
from tests.upns import make_upn

PROCESSES = 8


def upn(n: int) -> str:
    return make_upn(n)


def test_eight_simultaneous_imports_all_succeed_and_every_row_is_kept(school, db_target):
    import_text(school, "pupils", "upn,forename,surname,dob,year,class\n" + "".join(
        f"{upn(n)},Pupil,Number{n},,2,2B\n" for n in range(PROCESSES)))
    jobs = []
    for n in range(PROCESSES):
        marks = "".join(f"{upn(n)},Maths,M2/{c},{h},{'X/.'[c % 3]}\n"
                        for h in range(1, 7) for c in range(1, 31))
        marks += "".join(f"{upn(n)},Reading,R2/{c},1,X\n" for c in range(1, 21))
        weekly = "".join(f"{upn(n)},2026-10-{day:02d},Level 2,{day},{20 + n % 5}\n"
                         for day in range(1, 11))
        jobs.append([str(csv_file(school, f"marks_{n}.csv", "upn,subject,ref,half_term,code\n"
                                  + marks)),
                     str(csv_file(school, f"weekly_{n}.csv", "upn,date,level,test,score\n"
                                  + weekly))])
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(PROCESSES), ctx.Queue()
    workers = [ctx.Process(target=import_in_process, args=(db_target.url, files, start, results))
               for files in jobs]
    for worker in workers:
        worker.start()
    try:
        outcomes = [results.get(timeout=180) for _ in workers]
    except queue.Empty:
        outcomes = ["timed out"]
    for worker in workers:
        worker.join(timeout=30)
    assert outcomes == ["ok"] * PROCESSES
    assert CriterionMark.select().count() == PROCESSES * 200
    assert CriterionMark.select().where(CriterionMark.source != "import").count() == 0
    assert WeeklyResult.select().count() == PROCESSES * 10
    assert AuditEntry.select().where(AuditEntry.action.in_(["import.marks", "import.weekly"])
                                     ).count() == 2 * PROCESSES
