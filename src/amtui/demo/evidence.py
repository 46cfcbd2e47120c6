"""Big Write pieces rated against writing targets, and interventions with their results."""

from __future__ import annotations

import csv
import datetime as dt
import random

from amtui.db.models import (
    BigWriteFeedback, BigWritePiece, BigWriteRating, Intervention, InterventionAssignment,
    InterventionCriterion, MeetingFollowUp,
)
from amtui.demo import names
from amtui.demo.common import Demo, SubjectRecord, TargetPlan, at, bulk, day_in
from amtui.paths import data_file

INTERVENTION_SHARE = 0.2
ENDED_SHARE = 0.4
BIG_WRITE_TARGETS = 3


def _rating(rng: random.Random, code_now: str, first_piece: bool, achieved: bool) -> str:
    """Red/yellow/green in line with the criterion's record (R/Y/G = dot/line/cross)."""
    if first_piece:
        return rng.choices("RYG", (4, 5, 3) if achieved else (4, 6, 0))[0]
    if code_now == "X":
        return "G"
    return rng.choices("RYG", (1, 4, 0) if code_now == "/" else (1, 0, 0))[0]


def write_big_write(demo: Demo) -> int:
    """Two pieces per class in Years 1-6: one in HT1 after the meetings, one in HT2."""
    rng = demo.rng("bigwrite")
    writing: dict[int, list[TargetPlan]] = {}
    for target in demo.targets:
        if (target.record is not None and target.record.subject == "W"
                and target.meeting == demo.meetings1[target.pupil.id].id):
            writing.setdefault(target.pupil.id, []).append(target)
    pieces, plans = [], []
    for index, plan in enumerate(demo.classes):
        if plan.year_group == 0:
            continue
        for n, (term, when) in enumerate(((demo.terms[0], 0.55), (demo.terms[1], 0.35))):
            day = day_in(term, when, when + 0.05, demo.today, rng)
            pieces.append({"school_class": plan.id, "written_on": day,
                           "title": names.BIG_WRITE_TITLES[n], "created_by": plan.teacher})
            plans.append((index, n == 0, day))
    ratings, feedback = [], []
    for (index, first, day), piece_id in zip(plans, bulk(BigWritePiece, pieces)):
        plan = demo.classes[index]
        marked = at(day + dt.timedelta(days=1), 16, 15)
        for pupil in (p for p in demo.pupils if p.class_index == index):
            chosen = writing.get(pupil.id, [])[:BIG_WRITE_TARGETS]
            for target in chosen:
                code_now = target.record.ht2.get(target.criterion, "")
                ratings.append({"piece": piece_id, "pupil": pupil.id,
                                "criterion": target.criterion,
                                "rating": _rating(rng, code_now, first, target.achieved),
                                "staff": plan.teacher, "recorded_at": marked})
            feedback.append({"piece": piece_id, "pupil": pupil.id,
                             "text": rng.choice(names.BIG_WRITE_FEEDBACK),
                             "staff": plan.teacher, "recorded_at": marked})
    bulk(BigWriteRating, ratings)
    bulk(BigWriteFeedback, feedback)
    return len(ratings)


def load_interventions(demo: Demo) -> dict[str, list[int]]:
    """The shipped bank of interventions; returns ids by subject code ("" = any)."""
    path = data_file("interventions.csv")
    codes = {name: code for code, name in (("R", "Reading"), ("W", "Writing"), ("M", "Maths"))}
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    try:
        keyed = [(codes.get(r["subject"].strip(), ""),
                  {"name": r["name"].strip(), "description": r["description"].strip(),
                   "subject": demo.subjects.get(codes.get(r["subject"].strip(), "")),
                   "active": True}) for r in rows]
    except (KeyError, AttributeError) as error:
        raise ValueError(f"{path} is not an interventions file (missing {error})") from error
    by_subject: dict[str, list[int]] = {}
    for (code, _), row_id in zip(keyed, bulk(Intervention, [row for _, row in keyed])):
        by_subject.setdefault(code, []).append(row_id)
    return by_subject


def _behind(record: SubjectRecord) -> int:
    """Steps below target at HT1 (how much the subject needs help)."""
    return record.target.step - record.placed1.step


def write_interventions(demo: Demo) -> int:
    """About a fifth of pupils, mostly those making least progress, in their weakest subject."""
    rng = demo.rng("interventions")
    bank = load_interventions(demo)
    ranked = sorted(demo.pupils, key=lambda p: p.progress + rng.gauss(0, 0.7))
    chosen = ranked[:round(INTERVENTION_SHARE * len(ranked))]
    rows, aims, follow_ups = [], [], []
    for pupil in sorted(chosen, key=lambda p: p.id):
        record = max(demo.by_pupil[pupil.id], key=_behind)
        options = bank.get(record.subject, []) if rng.random() < 0.8 else bank.get("", [])
        meeting = demo.meetings1[pupil.id]
        start = min(meeting.ended.date() + dt.timedelta(days=rng.randint(3, 7)),
                    demo.terms[0].end)
        ended = rng.random() < ENDED_SHARE and demo.today > demo.terms[1].start
        row = {"intervention": rng.choice(options or bank[""]), "pupil": pupil.id,
               "staff": rng.choice(demo.class_of(pupil).tas or [demo.class_of(pupil).teacher]),
               "start": start, "end": None, "meeting": meeting.id,
               "start_substage": record.placed1.label, "end_substage": "", "review": ""}
        if ended:
            gained = record.placed2.step - record.placed1.step
            row |= {"end": day_in(demo.terms[1], 0.4, 0.8, demo.today, rng),
                    "end_substage": record.placed2.label,
                    "review": names.INTERVENTION_REVIEWS[0 if gained >= 2 else 1 if gained else 2]}
        rows.append(row)
        gaps = [c.id for c in demo.banks[(record.subject, record.stage1)]
                if record.ht1.get(c.id) in ("/", ".")]
        aims.append(rng.sample(gaps, min(len(gaps), rng.randint(2, 3))))
        follow_ups.append({"meeting": meeting.id, "kind": "intervention",
                           "note": names.FOLLOW_UPS["intervention"][0]})
    ids = bulk(InterventionAssignment, rows)
    bulk(InterventionCriterion, [{"assignment": a, "criterion": c}
                                 for a, crits in zip(ids, aims) for c in crits])
    bulk(MeetingFollowUp, follow_ups)
    return len(rows)
