"""The secondary demo's attainment: criteria banks, baselines, FFT, targets and KS3 marks.

KS3 (Years 7-9) works on the stage scale, as a primary school does: each subject has a
bank per stage (3 to 7), each pupil a baseline, an FFT estimate, the Assertive Mentoring
team's end-of-KS3 target and an end-of-year target, and crosses on the grid in HT1 (and
HT2 once it has begun) by their group's teacher. KS4 (Years 10-11) works in GCSE grades:
the grade the pupil starts the year on (their baseline), FFT, the end-of-KS4 target and the
end-of-year target; projected grades come with the progress returns.
"""

from __future__ import annotations

import datetime as dt

from amtui.db.models import (
    Baseline, CriteriaBank, Criterion, CriterionMark, FftEstimate, LongTermTarget, WorkingStage,
)
from amtui.demo.common import at, bulk, day_in
from amtui.imports.store import insert_rows
from amtui.demo.secondary_people import SUBJECTS, SecondaryDemo, SecondaryPupil
from amtui.domain.grades import GradeScale, grade, in_grades, is_ks4
from amtui.domain.scale import SubStage

BANK_STAGES = range(3, 8)
BANK_SIZE = 12
# Where an average pupil of each KS3 year starts (steps on the scale), and a year's ability spread.
KS3_START = {7: 17, 8: 20, 9: 23}
KS3_SPREAD = 3.0
KS4_GRADE = {10: 4.0, 11: 4.5}  # an average pupil's grade at the start of the year
WHOLE = GradeScale()


def load_banks(demo: SecondaryDemo) -> None:
    """A bank of 12 criteria a stage for every subject."""
    keys = [(code, stage) for code in SUBJECTS.values() for stage in BANK_STAGES]
    bank_ids = bulk(CriteriaBank, [{"subject": demo.subject_ids[code], "stage": stage, "cutoff_emerging": None,
                                    "cutoff_developing": None, "cutoff_securing": None} for code, stage in keys])
    names = {code: name for name, code in SUBJECTS.items()}
    rows = [{"bank": bank, "subject": demo.subject_ids[code], "number": n, "ref": f"{code}{stage}/{n}",
             "text": f"{names[code]} stage {stage}: skill {n}"}
            for bank, (code, stage) in zip(bank_ids, keys) for n in range(1, BANK_SIZE + 1)]
    ids = iter(bulk(Criterion, rows))
    for key in keys:  # the rows are in the keys' order, BANK_SIZE each
        demo.bank_ids[key] = [next(ids) for _ in range(BANK_SIZE)]


def _ks3_baseline(demo: SecondaryDemo, pupil: SecondaryPupil, code: str) -> SubStage:
    rng = demo.rng(f"ks3 {pupil.id} {code}")
    step = round(KS3_START[pupil.year_group] + KS3_SPREAD * pupil.ability + rng.gauss(0, 1))
    lowest, highest = demo.scale.ready(BANK_STAGES[0]).step, demo.scale.ready(BANK_STAGES[-1]).step + 3
    return demo.scale.at(min(max(step, lowest), highest))


def ks4_grade(demo: SecondaryDemo, pupil: SecondaryPupil, code: str) -> int:
    """The GCSE grade a KS4 pupil starts the year on in a subject (their baseline; the
    end-of-year target is a grade above it)."""
    rng = demo.rng(f"ks4 {pupil.id} {code}")
    return min(max(round(KS4_GRADE[pupil.year_group] + 1.6 * pupil.ability + rng.gauss(0, 0.6)), 1), 9)


def write_targets(demo: SecondaryDemo) -> None:
    """Baselines, FFT, the AMT's end-of-key-stage targets and the teachers' end-of-year targets."""
    start = demo.terms[0].start
    set_at = at(start, 8, 30)
    amt = demo.staff["deputy"]
    rows: dict[type, list[dict]] = {Baseline: [], FftEstimate: [], LongTermTarget: [], WorkingStage: []}
    for pupil in demo.secondary:
        for code, subject in demo.subject_ids.items():
            teacher = demo.groups[demo.placed[(pupil.id, code)]][2]
            common = {"pupil": pupil.id, "subject": subject}
            if is_ks4(pupil.year_group):
                now = ks4_grade(demo, pupil, code)
                base, fft = grade(now), grade(min(now + 1, 9))
                key_stage = grade(min(9, now + (3 if pupil.year_group == 10 else 2)))
                year_target = grade(min(9, now + 1))
                kind = "ks4"
            else:
                base = _ks3_baseline(demo, pupil, code)
                fft = demo.scale.plus(base, 3)
                key_stage = demo.scale.plus(base, 3 * (10 - pupil.year_group))
                year_target = demo.scale.plus(base, demo.settings.target_steps)
                kind = "ks3"
                rows[WorkingStage].append(common | {"stage": min(base.stage, BANK_STAGES[-1]), "set_at": set_at,
                                                    "set_by": teacher, "reason": "Baseline"})
            rows[Baseline].append(common | {"academic_year": demo.year_id, "substage": base.label,
                                            "set_at": set_at, "set_by": teacher})
            rows[FftEstimate].append(common | {"academic_year": demo.year_id, "substage": fft.label,
                                               "recorded_at": set_at})
            rows[LongTermTarget].append(common | {
                "academic_year": demo.year_id, "kind": kind, "substage": key_stage.label, "set_by": amt,
                "set_at": set_at, "reason": "Set by the Assertive Mentoring team from FFT"})
            rows[LongTermTarget].append(common | {
                "academic_year": demo.year_id, "kind": "year", "substage": year_target.label,
                "set_at": set_at + dt.timedelta(minutes=30), "set_by": teacher,
                "reason": "End of year, towards the key stage target"})
    for model, model_rows in rows.items():
        insert_rows(model, model_rows)


def write_marks(demo: SecondaryDemo) -> None:
    """KS3 crosses in each pupil's working bank: HT1, and more in HT2 once it has begun."""
    terms = [t for t in demo.terms[:2] if t.start <= demo.today]
    rows = []
    for pupil in demo.secondary:
        if in_grades(pupil.year_group):
            continue
        rng = demo.rng(f"marks {pupil.id}")
        for code in demo.subject_ids:
            base = _ks3_baseline(demo, pupil, code)
            bank = demo.bank_ids[(code, min(base.stage, BANK_STAGES[-1]))]
            teacher = demo.groups[demo.placed[(pupil.id, code)]][2]
            crosses = {"Ready": 0, "Emerging": 2, "Developing": 5, "Securing": 8}.get(base.band, 0)
            for number, term in enumerate(terms):
                before = 0 if number == 0 else crosses
                crosses = min(BANK_SIZE, crosses + max(0, round(1.5 + pupil.progress + rng.gauss(0, 1))))
                when = at(day_in(term, 0.3, 0.9, demo.today, rng), 10 + number)
                codes = [(cid, "X") for cid in bank[before:crosses]] + [(cid, "/") for cid in bank[crosses:crosses + 1]]
                rows += [{"pupil": pupil.id, "criterion": cid, "half_term": term.id, "code": code,
                          "staff": teacher, "recorded_at": when, "source": "grid"} for cid, code in codes]
    insert_rows(CriterionMark, rows)
