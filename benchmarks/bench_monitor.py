"""SLT monitoring, the progress meeting and a meeting's agenda on a big generated school.

The school is written straight into the tables with insert_many (seconds, not the
minutes an import takes): 1,500 pupils in 50 classes of 30, three subjects with the
shipped criteria banks, this year's HT1 and HT2 codes (about 20 a pupil and subject),
attitude for both half-terms, an HT1 meeting for everyone and an HT2 one for 60%,
and an intervention for a fifth of the pupils.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from pathlib import Path

from benchmarks.harness import Result, at_most, median_ms, timed

TODAY = dt.date(2026, 11, 20)  # HT2 of 2026-27
CLASSES, PER_CLASS = 50, 30
SUBJECTS = {"Maths": "M", "Reading": "R", "Writing": "W"}
BATCH = 500


def _insert(model, rows: list[dict]) -> None:
    from peewee import chunked

    for batch in chunked(rows, BATCH):
        model.insert_many(batch).execute()


def build(path: Path, seed: int = 1500) -> dict[str, int]:
    """Write the big school into a new database at ``path``; returns row counts."""
    from amtui.db.connection import Target, write
    from amtui.db.models import (
        AttitudeRecord, Baseline, ClassStaff, CriteriaBank, Criterion, CriterionMark, HalfTerm, Intervention,
        InterventionAssignment, LongTermTarget, Meeting, MentorAssignment, Pupil, SchoolClass, Staff, Subject,
        WorkingStage,
    )
    from amtui.db.repo.school import ensure_year
    from amtui.db.startup import open_database
    from amtui.paths import data_file

    rng = random.Random(seed)
    open_database(Target(str(path)), create=True)
    counts: dict[str, int] = {}

    def fill() -> None:
        year = ensure_year(2026)
        ht1, ht2 = list(HalfTerm.select().where(HalfTerm.year == year).order_by(HalfTerm.number))[:2]
        subjects = {name: Subject.create(name=name, code=code).id for name, code in SUBJECTS.items()}
        banks: dict[tuple[str, int], list[int]] = {}
        with open(data_file("criteria_banks.csv"), newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                key = (row["subject"], int(row["stage"]))
                if key not in banks:
                    banks[key] = []
                    bank_id = CriteriaBank.create(subject=subjects[row["subject"]], stage=key[1]).id
                banks[key].append(Criterion.create(
                    bank=bank_id, subject=subjects[row["subject"]], number=len(banks[key]) + 1,
                    ref=row["ref"], text=row["text"]).id)
        staff = [Staff.create(username=f"t{n:02d}", name=f"Teacher {n:02d}", roles="teacher;mentor").id
                 for n in range(CLASSES)]
        Staff.create(username="head", name="Head", roles="slt")
        pupils, stage_of = [], {}
        for c in range(CLASSES):
            year_group = 3 + c // 10
            klass = SchoolClass.create(name=f"{year_group}{chr(65 + c % 10)}", year_group=year_group,
                                       academic_year=year).id
            ClassStaff.create(school_class=klass, staff=staff[c])
            first = len(pupils)
            _insert(Pupil, [{"upn": f"B{c:03d}{n:09d}", "forename": f"P{n}", "surname": f"C{c}",
                             "year_group": year_group, "school_class": klass} for n in range(PER_CLASS)])
            ids = [pid for (pid,) in Pupil.select(Pupil.id).where(Pupil.school_class == klass).tuples()]
            for pid in ids:
                stage_of[pid] = min(6, max(1, year_group - 2 + rng.choice((-1, 0, 0, 1))))
                pupils.append((pid, staff[c]))
            assert len(pupils) - first == PER_CLASS
        start = ht1.start
        _insert(MentorAssignment, [{"pupil": p, "mentor": m, "start": start} for p, m in pupils])
        stages, base, goals, marks = [], [], [], []
        for pid, mentor in pupils:
            stage = stage_of[pid]
            for name, sid in subjects.items():
                stages.append({"pupil": pid, "subject": sid, "stage": stage})
                base.append({"pupil": pid, "subject": sid, "academic_year": year,
                             "substage": f"St {stage} Ready"})
                goals.append({"pupil": pid, "subject": sid, "academic_year": year, "kind": "year",
                              "substage": f"St {stage} Securing"})
                for term, how_many in ((ht1, 12), (ht2, 8)):
                    for cid in rng.sample(banks[(name, stage)], how_many):
                        marks.append({"pupil": pid, "criterion": cid, "half_term": term.id,
                                      "code": rng.choice(("X", "X", "/", ".")), "staff": mentor})
        for model, rows in ((WorkingStage, stages), (Baseline, base), (LongTermTarget, goals),
                            (CriterionMark, marks)):
            _insert(model, rows)
        attitude, meetings = [], []
        for pid, mentor in pupils:
            for term in (ht1, ht2):
                for aspect in ("attendance", "punctuality", "behaviour", "effort", "homework", "uniform"):
                    percent = round(rng.uniform(88, 100), 1) if aspect == "attendance" else None
                    attitude.append({"pupil": pid, "half_term": term.id, "aspect": aspect,
                                     "rating": rng.choice("GGGGYR"), "percent": percent})
            for term, share in ((ht1, 1.0), (ht2, 0.6)):
                if rng.random() < share:
                    day = term.start + dt.timedelta(days=rng.randint(3, 30))
                    when = dt.datetime.combine(day, dt.time(10))
                    meetings.append({"pupil": pid, "mentor": mentor, "half_term": term.id, "status": "done",
                                     "step": 8, "started_at": when,
                                     "ended_at": when + dt.timedelta(minutes=rng.randint(10, 35))})
        _insert(AttitudeRecord, attitude)
        _insert(Meeting, meetings)
        bank = [Intervention.create(name=f"Intervention {n}", subject=rng.choice(list(subjects.values()))).id
                for n in range(12)]
        _insert(InterventionAssignment, [
            {"intervention": rng.choice(bank), "pupil": pid, "start": ht1.end - dt.timedelta(days=10),
             "start_substage": f"St {stage_of[pid]} Ready"}
            for pid, _ in rng.sample(pupils, len(pupils) // 5)])
        counts.update(pupils=len(pupils), marks=len(marks), meetings=len(meetings), attitude=len(attitude))

    write(fill)
    return counts


def run() -> list[Result]:
    from amtui.db.repo import interventions, meeting_agenda, meetings, monitoring, progress_meeting, school
    from amtui.db.repo.staff import identify

    folder = Path(tempfile.mkdtemp(prefix="amtui-bench-monitor-"))
    took, counts = timed_value(lambda: build(folder / "big.db"))
    results = [Result(f"monitor: build {counts['pupils']:,} pupils, {counts['marks']:,} marks, "
                      f"{counts['meetings']:,} meetings (insert_many)", took, "s")]
    ht = school.current_half_term(TODAY)
    for name, call, limit in (
            ("the SLT monitoring figures (1,500 pupils)", lambda: monitoring.monitor(ht, TODAY), 2000),
            ("the progress meeting's lists (whole school)", lambda: progress_meeting.review(ht, TODAY), 2000),
            ("intervention effectiveness (300 assignments)", lambda: interventions.effectiveness(TODAY),
             1000)):
        samples = [timed(call) for _ in range(3)]
        results.append(at_most(f"monitor: {name}", median_ms(samples), "ms", limit))
    mentor = identify("t07")
    samples = [timed(lambda: meetings.mentees(mentor.staff_id, TODAY)) for _ in range(5)]
    results.append(at_most("monitor: a mentor's list (30 mentees)", median_ms(samples), "ms", 200))
    pupil = meetings.mentees(mentor.staff_id, TODAY)[0].pupil_id
    meeting = meetings.open_meeting(mentor, pupil, TODAY)
    samples = [timed(lambda: meeting_agenda.load_agenda(mentor, meeting, TODAY)) for _ in range(5)]
    results.append(at_most("monitor: one meeting's agenda", median_ms(samples), "ms", 300))
    return results


def timed_value(fn):
    import time

    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value
