"""Subjects, criteria banks, baselines and targets, and the dot/line/cross records.

Each pupil's year in a subject is planned top-down so the numbers agree: a baseline
typical of the year group, the default target, the expected positions at HT1 and HT2,
then a progress draw that puts the pupil above, on, nearly at or below them, and
finally the codes that give exactly that many crosses.
"""

from __future__ import annotations

import csv
import datetime as dt
import random

from amtui.db.models import (
    Baseline, CriteriaBank, Criterion, CriterionMark, FftEstimate, LongTermTarget,
    Subject, WorkingStage,
)
from amtui.demo.common import Criterion as Crit
from amtui.demo.common import Demo, SubjectRecord, at, bulk, day_in
from amtui.domain import targets
from amtui.domain.scale import SubStage
from amtui.domain.substage import cutoffs, place
from amtui.paths import data_file

SUBJECTS = {"Reading": "R", "Writing": "W", "Maths": "M"}
TOP_BANK = 7
# The usual baseline step for each year group (0 = N1, 1 = St 0 Ready, 5 = St 1 Ready ...).
BASELINE_CENTRE = {0: 0.6, 1: 5.0, 2: 8.0, 3: 11.5, 4: 14.5, 5: 17.0, 6: 19.5}
MOVE_DUE = 6  # pupil-subjects left at St N+1 Ready, due to move bank
ABSENT_RATE = 0.03


def load_banks(demo: Demo) -> None:
    """Subjects and the shipped criteria banks (read directly: one bulk insert)."""
    ids = bulk(Subject, [{"name": name, "code": code} for name, code in SUBJECTS.items()])
    demo.subjects = dict(zip(SUBJECTS.values(), ids))
    path = data_file("criteria_banks.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("subject") in SUBJECTS]
    try:
        keys = sorted({(SUBJECTS[r["subject"]], int(r["stage"])) for r in rows})
        bank_ids = bulk(CriteriaBank, [{"subject": demo.subjects[code], "stage": stage,
                                        "cutoff_emerging": None, "cutoff_developing": None,
                                        "cutoff_securing": None} for code, stage in keys])
        bank_of = dict(zip(keys, bank_ids))
        key_of = {bank: key for key, bank in bank_of.items()}
        criteria = [{"bank": bank_of[(SUBJECTS[r["subject"]], int(r["stage"]))],
                     "subject": demo.subjects[SUBJECTS[r["subject"]]],
                     "number": int(r["ref"].rsplit("/", 1)[1]), "ref": r["ref"].strip(),
                     "text": r["text"].strip()} for r in rows]
    except (KeyError, ValueError, IndexError) as error:
        raise ValueError(f"{path} is not a criteria bank file ({error})") from error
    for row, crit_id in zip(criteria, bulk(Criterion, criteria)):
        demo.banks.setdefault(key_of[row["bank"]], []).append(
            Crit(crit_id, row["ref"], row["text"]))
        demo.criterion_text[crit_id] = row["text"]
    for bank in demo.banks.values():
        bank.sort(key=lambda c: int(c.ref.rsplit("/", 1)[1]))
    missing = [(c, s) for c in SUBJECTS.values() for s in range(TOP_BANK + 1)
               if (c, s) not in demo.banks]
    if missing:
        raise ValueError(f"{path} has no criteria for {missing[0][0]} stage {missing[0][1]}")


def _progress_delta(rng: random.Random, progress: float) -> tuple[int, int]:
    """Steps from the expected position at HT1 and at HT2: mostly on or near it.

    HT1 is close to the baseline for nearly everyone; the spread opens by HT2.
    """
    p = 0.65 * progress + 0.75 * rng.gauss(0, 1)
    at_ht2 = 2 if p > 1.5 else 1 if p > 0.7 else 0 if p > -0.35 else -1 if p > -1.1 else -2
    ahead = at_ht2 > 0 and rng.random() < 0.5 * at_ht2
    behind = at_ht2 < 0 and rng.random() < 0.3
    return int(ahead) - int(behind), at_ht2


def plan_records(demo: Demo) -> None:
    """Baseline, FFT estimate, target and where each pupil stands at HT1 and HT2."""
    rng = demo.rng("records")
    scale, steps = demo.scale, demo.settings.target_steps
    for pupil in demo.pupils:
        centre = BASELINE_CENTRE[pupil.year_group]
        top = 3 if pupil.year_group == 0 else centre + 4
        for code in SUBJECTS.values():
            step = round(centre + 1.3 * pupil.ability + rng.gauss(0, 0.6))
            baseline = scale.at(int(max(0, centre - 4, min(step, top))))
            fft = scale.plus(baseline, rng.choice((2, 3, 3, 3, 4, 4, 5))) \
                if rng.random() < 0.85 else None
            target = targets.default_target(baseline, fft, scale, steps)
            stage = min(baseline.stage or 0, TOP_BANK - 1)
            record = SubjectRecord(pupil, code, baseline, fft, target, stage, stage)
            delta1, delta2 = _progress_delta(rng, pupil.progress)
            record.aim1 = scale.plus(targets.expected(baseline, target, 1, scale), delta1)
            record.aim2 = scale.plus(targets.expected(baseline, target, 2, scale), delta2)
            demo.records.append(record)
            demo.by_pupil.setdefault(pupil.id, []).append(record)
    # Pupils who reached the next stage's Ready during HT2 moved bank, except a
    # handful still waiting for their teacher to confirm the move.
    beyond = [r for r in demo.records if _offset(demo, r.aim2, r.stage1) >= 4]
    waiting = set(map(id, rng.sample(beyond, min(MOVE_DUE, len(beyond)))))
    for record in beyond:
        if id(record) not in waiting:
            record.stage2 = record.stage1 + 1


def _offset(demo: Demo, sub: SubStage, stage: int) -> int:
    """Steps from ``St <stage> Ready`` to ``sub`` (0 = Ready ... 4 = the next Ready)."""
    return sub.step - demo.scale.ready(stage).step


def _band_count(rng: random.Random, offset: int, size: int) -> int:
    """A number of crosses in a bank of ``size`` that places the pupil ``offset`` steps in."""
    c1, c2, c3 = cutoffs(size)
    spans = ((0, 0), (1, c1), (c1 + 1, c2), (c2 + 1, c3), (c3 + 1, min(size, c3 + 2)))
    return rng.randint(*spans[max(0, min(offset, 4))])


def _codes(rng: random.Random, size: int, crosses: int) -> list[str]:
    """Codes for a bank: crosses mostly on the easier (lower) criteria, then lines, dots."""
    order = sorted(range(size), key=lambda i: i + rng.gauss(0, size / 6))
    codes = [""] * size
    lines, dots = rng.randint(2, 5), rng.randint(1, 4)
    for rank, index in enumerate(order):
        if rank < crosses:
            codes[index] = "X"
        elif rank < crosses + lines:
            codes[index] = "/"
        elif rank < crosses + lines + dots:
            codes[index] = "."
    return codes


def _earlier(rng: random.Random, codes: list[str], gain: int) -> list[str]:
    """The codes a half-term before: ``gain`` crosses were lines, some lines were dots,
    some dots not yet there, and now and then a cross that has since slipped to a line."""
    before = list(codes)
    crosses = [i for i, c in enumerate(codes) if c == "X"]
    for i in sorted(crosses, reverse=True)[:gain]:
        before[i] = "/"
    steady = [i for i, c in enumerate(codes) if c == "/"]
    for i in steady:
        if rng.random() < 0.35:
            before[i] = "."
    for i, c in enumerate(codes):
        if c == "." and rng.random() < 0.4:
            before[i] = ""
    still = [i for i in steady if before[i] == "/"]
    if still and rng.random() < 0.08:
        before[rng.choice(still)] = "X"  # forgotten since: the newest record is lower
    return before


def plan_codes(demo: Demo) -> None:
    """The codes at HT1 and HT2 for every record, and the placements they give.

    A pupil who moved bank reached the next stage's Ready in the old bank during HT2,
    then made a start in the new one.
    """
    rng = demo.rng("codes")
    for record in demo.records:
        old = demo.banks[(record.subject, record.stage1)]
        size = len(old)
        reached = 4 if record.stage2 != record.stage1 else _offset(demo, record.aim2, record.stage1)
        now = _band_count(rng, reached, size)
        then = min(now, _band_count(rng, _offset(demo, record.aim1, record.stage1), size))
        codes = _codes(rng, size, now)
        record.ht1 = {c.id: code for c, code in zip(old, _earlier(rng, codes, now - then))}
        record.ht2 = {c.id: code for c, code in zip(old, codes)}
        if record.stage2 != record.stage1:
            new = demo.banks[(record.subject, record.stage2)]
            crosses = _band_count(rng, _offset(demo, record.aim2, record.stage2), len(new))
            record.ht2 |= {c.id: code for c, code in zip(new, _codes(rng, len(new), crosses))}
        record.placed1 = _place(demo, record, record.ht1, record.stage1)
        record.placed2 = _place(demo, record, record.ht2, record.stage2)


def _place(demo: Demo, record: SubjectRecord, codes: dict[int, str], stage: int):
    bank = demo.banks[(record.subject, stage)]
    crosses = sum(codes.get(c.id) == "X" for c in bank)
    return place(crosses, stage, len(bank), demo.scale).substage


def write_baselines(demo: Demo) -> None:
    """Baselines, FFT estimates, default long-term targets and working stages."""
    start = demo.terms[0].start
    set_at = at(start, 8, 30)
    rows: dict[type, list[dict]] = {Baseline: [], FftEstimate: [], LongTermTarget: [],
                                    WorkingStage: []}
    for r in demo.records:
        teacher = demo.class_of(r.pupil).teacher
        common = {"pupil": r.pupil.id, "subject": demo.subjects[r.subject]}
        rows[Baseline].append(common | {"academic_year": demo.year_id,
                                        "substage": r.baseline.label, "set_at": set_at,
                                        "set_by": teacher})
        if r.fft is not None:
            rows[FftEstimate].append(common | {"academic_year": demo.year_id,
                                               "substage": r.fft.label, "recorded_at": set_at})
        rows[LongTermTarget].append(common | {
            "academic_year": demo.year_id, "kind": "year", "substage": r.target.label,
            "set_at": set_at + dt.timedelta(minutes=30), "set_by": teacher,
            "reason": "Default: baseline + 3 steps, or FFT Aspire if higher"})
        rows[WorkingStage].append(common | {"stage": r.stage1, "set_at": set_at,
                                            "set_by": teacher, "reason": "Baseline"})
    for model, model_rows in rows.items():
        bulk(model, model_rows)


def write_marks(demo: Demo) -> int:
    """HT1's codes and the changes recorded in HT2, by the class teacher, as the grid does.

    A pupil who moved bank has the move recorded between the old bank's crosses that
    earned it and the first codes in the new bank.
    """
    rng = demo.rng("marks")
    ht1, ht2 = demo.terms[0], demo.terms[1]
    sessions: dict[tuple[int, str, int], dt.datetime] = {}
    rows, moves = [], []
    for n, r in enumerate(demo.records):
        plan = demo.class_of(r.pupil)
        # Assessed early in the half-term, before the mentoring meetings.
        for term, lo, hi in ((ht1, 0.03, 0.15), (ht2, 0.05, 0.4)):
            key = (plan.id, r.subject, term.number)
            if key not in sessions:
                sessions[key] = at(day_in(term, lo, hi, demo.today, rng), 15, 40)
        when1 = sessions[(plan.id, r.subject, 1)] + dt.timedelta(seconds=20 * n % 3600)
        when2 = sessions[(plan.id, r.subject, 2)] + dt.timedelta(seconds=20 * n % 3600)
        r.ht1_at = when1
        new_bank = {c.id for c in demo.banks[(r.subject, r.stage2)]} \
            if r.stage2 != r.stage1 else set()
        if new_bank:
            moves.append({"pupil": r.pupil.id, "subject": demo.subjects[r.subject],
                          "stage": r.stage2, "set_at": when2 + dt.timedelta(minutes=30),
                          "set_by": plan.teacher,
                          "reason": f"Reached St {r.stage2} Ready: moved to the next bank"})
        base = {"pupil": r.pupil.id, "staff": plan.teacher, "source": "grid"}
        for crit, code in r.ht1.items():
            if code:
                rows.append(base | {"criterion": crit, "half_term": ht1.id, "code": code,
                                    "recorded_at": when1})
        unchanged = []
        for crit, code in r.ht2.items():
            if code != r.ht1.get(crit, ""):
                when = when2 + dt.timedelta(hours=1) if crit in new_bank else when2
                r.ht2_marked[crit] = when
                rows.append(base | {"criterion": crit, "half_term": ht2.id, "code": code,
                                    "recorded_at": when})
            elif not code and (crit in new_bank or not new_bank):
                unchanged.append(crit)
        if unchanged and rng.random() < ABSENT_RATE:
            # Away for the assessment: recorded as absent, which hides no earlier code.
            for crit in rng.sample(unchanged, min(3, len(unchanged))):
                rows.append(base | {"criterion": crit, "half_term": ht2.id, "code": "A",
                                    "recorded_at": when2})
    bulk(CriterionMark, rows)
    bulk(WorkingStage, moves)
    return len(rows)
