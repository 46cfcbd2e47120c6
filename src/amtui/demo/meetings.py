"""Mentoring meetings and the targets agreed in them.

Everyone met their mentor in HT1 and agreed medium-term targets on criteria that were
lines then; those that became crosses by HT2 are achieved. Most pupils have had their
HT2 meeting too, a few have one booked, the rest are due or overdue.
"""

from __future__ import annotations

import datetime as dt
import random

from amtui.db.models import Meeting, MeetingCheck, MeetingFollowUp, SelfAssessment, Target
from amtui.demo import names
from amtui.demo.common import Demo, Held, PupilPlan, TargetPlan, at, bulk, day_in, school_day
from amtui.domain import agenda

CHECK_ITEMS = (
    "latest_assessments", "criteria_updated", "substage_assigned", "tracking_updated",
    "progress_coloured", "records_up_to_date", "liaised_with_tas", "rewards_up_to_date",
    "attendance_figures",
)
AGENDA_STEPS = agenda.LAST_STEP  # a done meeting stands at the agenda's last step (Close)
HELD_IN_HT2 = 0.6
BOOKED = 8  # pupils with an HT2 meeting booked in the coming days
SHORT_TARGETS = 0.1  # share of pupils given short-term targets by a TA
# Chance of a personal target for a pupil rated below green on one of
# PERSONAL_ASPECTS in HT1, and for anyone else (on presentation or PE kit).
PERSONAL_IF_WEAK, PERSONAL_OTHERWISE = 0.6, 0.12
PERSONAL_ASPECTS = ("homework", "punctuality", "uniform")  # rated in attitude
OTHER_ASPECTS = ("presentation", "pe_kit")


def _held(rng: random.Random, pupil: PupilPlan, day: dt.date, term, *,
          minutes: tuple[int, int] = (15, 25), extra: bool = False,
          follow_on=None) -> dict:
    start = at(day, rng.randint(8, 15), rng.randrange(0, 60, 5))
    end = start + dt.timedelta(minutes=rng.randint(*minutes))
    return {
        "pupil": pupil.id, "mentor": pupil.mentor_on(day), "half_term": term.id,
        "scheduled_for": start, "started_at": start, "ended_at": end, "status": "done",
        "step": AGENDA_STEPS, "extra": extra, "barriers": rng.choice(names.BARRIERS),
        "summary": rng.choice(names.SUMMARIES), "outcome": rng.choice(names.OUTCOMES),
        "next_meeting_on": follow_on,
    }


def _booked(pupil: PupilPlan, term, when: dt.datetime) -> dict:
    return {"pupil": pupil.id, "mentor": pupil.mentor_on(when.date()), "half_term": term.id,
            "scheduled_for": when, "started_at": None, "ended_at": None,
            "status": "scheduled", "step": 0, "extra": False, "barriers": "", "summary": "",
            "outcome": "", "next_meeting_on": None}


def _coming_school_day(today: dt.date, ahead: int) -> dt.date:
    day = today
    while ahead:
        day += dt.timedelta(days=1)
        ahead -= day.weekday() < 5
    return day


def write_meetings(demo: Demo) -> int:
    """HT1's meeting for everyone (and extra ones for flagged pupils), HT2's for most,
    a few booked; each with its preparation checks and some follow-ups."""
    rng = demo.rng("meetings")
    ht1, ht2, ht3 = demo.terms[:3]
    rows, kinds = [], []  # kinds[i]: (pupil, "ht1" | "ht2" | "extra" | "booked")
    for pupil in demo.pupils:
        day = day_in(ht1, 0.2, 0.5, demo.today, rng)
        follow_on = school_day(min(ht2.end, max(ht2.start, day + dt.timedelta(weeks=7))), ht2)
        rows.append(_held(rng, pupil, day, ht1, follow_on=follow_on))
        kinds.append((pupil, "ht1"))
        if pupil.extra_meetings:
            day = day_in(ht1, 0.6, 0.9, demo.today, rng)
            rows.append(_held(rng, pupil, day, ht1, minutes=(8, 14), extra=True))
            kinds.append((pupil, "extra"))
    order = rng.sample(demo.pupils, len(demo.pupils))
    met = round(HELD_IN_HT2 * len(order)) if demo.today > ht2.start else 0
    for pupil in order[:met]:
        day = day_in(ht2, 0.5, 0.95, demo.today, rng)
        follow_on = school_day(ht3.start + dt.timedelta(days=rng.randint(10, 25)), ht3)
        rows.append(_held(rng, pupil, day, ht2, follow_on=follow_on))
        kinds.append((pupil, "ht2"))
    for pupil in order[met:met + BOOKED]:
        when = at(_coming_school_day(demo.today, rng.randint(1, 5)), rng.randint(8, 15), 0)
        term = max((t for t in demo.terms if t.start <= when.date()), default=ht1,
                   key=lambda t: t.start)
        rows.append(_booked(pupil, term, when))
        kinds.append((pupil, "booked"))
    ids = bulk(Meeting, rows)
    checks, follow_ups = [], []
    for (pupil, kind), meeting_id, row in zip(kinds, ids, rows):
        ready = len(CHECK_ITEMS) if kind != "booked" else rng.randint(2, 6)
        checks += [{"meeting": meeting_id, "item": item, "done": n < ready, "note": ""}
                   for n, item in enumerate(CHECK_ITEMS)]
        if kind in ("ht1", "ht2"):
            held_row = Held(meeting_id, row["mentor"], row["started_at"], row["ended_at"])
            (demo.meetings1 if kind == "ht1" else demo.meetings2)[pupil.id] = held_row
            if rng.random() < (0.6 if pupil.sen else 0.12):
                follow = "sen" if pupil.sen else rng.choice(("parents", "slt"))
                follow_ups.append({"meeting": meeting_id, "kind": follow,
                                   "note": rng.choice(names.FOLLOW_UPS[follow])})
    bulk(MeetingCheck, checks)
    bulk(MeetingFollowUp, follow_ups)
    return len(rows)


def _medium(demo: Demo, rng: random.Random, pupil: PupilPlan, held: Held,
            second: bool, taken: set[int]) -> list[TargetPlan]:
    """Medium-term targets from the criteria at "/" when the meeting was held."""
    plans = []
    for record in demo.by_pupil[pupil.id]:
        if second:
            achieved = sum(t.achieved for t in demo.targets
                           if t.record is record and t.meeting != held.id)
            wanted = achieved + (2 if record.stage2 != record.stage1 else 0)
            codes, bank = record.ht2, demo.banks[(record.subject, record.stage2)]
        else:
            wanted = 3 if record.subject == "W" else rng.randint(2, 3)
            codes, bank = record.ht1, demo.banks[(record.subject, record.stage1)]
        lines = [c.id for c in bank if codes.get(c.id) == "/" and c.id not in taken]
        for crit in rng.sample(lines, min(wanted, len(lines))):
            taken.add(crit)
            done = not second and record.ht2.get(crit) == "X"
            plans.append(TargetPlan(0, pupil, "medium", held.id, record, crit, achieved=done))
    return plans


def _personal(demo: Demo, rng: random.Random, pupil: PupilPlan,
              held: Held) -> list[TargetPlan]:
    """An attitude target, achieved by HT2's meeting when that aspect is now green."""
    ratings = demo.attitude[(pupil.id, demo.terms[0].id)]
    weak = [a for a in PERSONAL_ASPECTS if ratings[a] != "G"]
    if rng.random() > (PERSONAL_IF_WEAK if weak else PERSONAL_OTHERWISE):
        return []
    aspect = rng.choice(weak or OTHER_ASPECTS)
    later = demo.attitude[(pupil.id, demo.terms[1].id)].get(aspect, "")
    done = pupil.id in demo.meetings2 and (later == "G" or (not later and rng.random() < 0.4))
    return [TargetPlan(0, pupil, "personal", held.id, aspect=aspect, achieved=done)]


def write_targets(demo: Demo) -> int:
    """Targets agreed in the meetings, short-term ones from TAs, and self-assessments."""
    rng = demo.rng("targets")
    for pupil in demo.pupils:
        taken: set[int] = set()
        first = demo.meetings1[pupil.id]
        demo.targets += _medium(demo, rng, pupil, first, False, taken)
        demo.targets += _personal(demo, rng, pupil, first)
        if pupil.id in demo.meetings2:
            demo.targets += _medium(demo, rng, pupil, demo.meetings2[pupil.id], True, taken)
    rows = [_target_row(demo, plan) for plan in demo.targets]
    for plan, target_id in zip(demo.targets, bulk(Target, rows)):
        plan.id = target_id
    _short_targets(demo, rng)
    _self_assessments(demo, rng)
    return len(rows)


def _target_row(demo: Demo, plan: TargetPlan) -> dict:
    held = next(h for h in (demo.meetings1.get(plan.pupil.id), demo.meetings2.get(plan.pupil.id))
                if h and h.id == plan.meeting)
    closed = None
    if plan.achieved and plan.record is not None:
        closed = plan.record.ht2_marked[plan.criterion]
    elif plan.achieved:
        closed = demo.meetings2[plan.pupil.id].ended
    record = plan.record
    text = (demo.criterion_text[plan.criterion] if record
            else names.PERSONAL_TARGETS[plan.aspect])
    return {"pupil": plan.pupil.id, "kind": plan.kind,
            "subject": demo.subjects[record.subject] if record else None,
            "criterion": plan.criterion, "aspect": plan.aspect, "text": text,
            "status": "achieved" if plan.achieved else "open",
            "set_at": held.ended - dt.timedelta(minutes=2), "set_by": held.mentor,
            "closed_at": closed, "meeting": plan.meeting}


def _short_targets(demo: Demo, rng: random.Random) -> None:
    """TAs break a few pupils' open medium-term targets into this week's steps."""
    rows = []
    for pupil in demo.pupils:
        open_medium = [t for t in demo.targets if t.pupil is pupil and t.kind == "medium"
                       and not t.achieved]
        if not open_medium or rng.random() > SHORT_TARGETS:
            continue
        plan = demo.class_of(pupil)
        held = demo.meetings1[pupil.id]
        for target in rng.sample(open_medium, min(2, len(open_medium))):
            rows.append({"pupil": pupil.id, "kind": "short",
                         "subject": demo.subjects[target.record.subject],
                         "criterion": target.criterion, "aspect": "",
                         "text": rng.choice(names.SHORT_TARGET_PREFIXES)
                         + demo.criterion_text[target.criterion],
                         "status": "open", "set_at": held.ended + dt.timedelta(days=3),
                         "set_by": (plan.tas or [plan.teacher])[0], "closed_at": None,
                         "meeting": None})
    bulk(Target, rows)
    demo.short_targets = len(rows)


def _self_assessments(demo: Demo, rng: random.Random) -> None:
    """Before HT1's meeting pupils rated themselves on the targets it agreed; before
    HT2's they rated the HT1 targets again, mostly in line with the evidence."""
    rows = []
    for target in demo.targets:
        first = demo.meetings1[target.pupil.id]
        if target.meeting != first.id:
            continue
        meetings = [(first.id, rng.choices("RYG", (4, 5, 1))[0])]
        if target.pupil.id in demo.meetings2:
            weights = (0, 2, 8) if target.achieved else (3, 6, 1)
            meetings.append((demo.meetings2[target.pupil.id].id, rng.choices("RYG", weights)[0]))
        for meeting_id, rating in meetings:
            rows.append({"meeting": meeting_id, "target": target.id, "rating": rating,
                         "comment": rng.choice(names.SELF_COMMENTS[rating])})
    bulk(SelfAssessment, rows)
