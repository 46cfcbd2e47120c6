"""Weekly basic skills tests, attitude and attendance, rewards and sanctions."""

from __future__ import annotations

import datetime as dt
import random

from amtui.db.models import AttitudeRecord, HalfTerm, RecordEvent, WeeklyLevel, WeeklyResult
from amtui.demo import names
from amtui.demo.common import Demo, PupilPlan, at, bulk, day_in
from amtui.domain.attitude import ASPECTS, attendance_colour
from amtui.domain.weekly import LEVELS, next_level, next_test

WEEKS = 8
FRIDAY = 4
# The usual weekly level for each year group, as an index into LEVELS
# (0 Level 1, 1 Bridging 1-2, 2 Level 2 ...).
LEVEL_CENTRE = {1: 0.0, 2: 1.5, 3: 2.5, 4: 3.5, 5: 4.5, 6: 6.5}
PROMOTION_DUE = 6  # pupils with four greens in a row at the end
PROMOTED = 2  # pupils promoted half-way through the eight weeks


def test_days(demo: Demo) -> list[dt.date]:
    """The last eight Fridays in term time up to today (last year's summer if need be)."""
    fridays = []
    for term in demo.last_terms + demo.terms:
        day = term.start + dt.timedelta(days=(FRIDAY - term.start.weekday()) % 7)
        while day <= min(term.end, demo.today):
            fridays.append(day)
            day += dt.timedelta(weeks=1)
    return fridays[-WEEKS:]


def _score(rng: random.Random, pupil: PupilPlan, week: int, cap: int) -> int:
    mean = 18.0 + 2.2 * pupil.progress + 0.15 * week
    return max(0, min(cap, round(rng.gauss(mean, 2.6))))


def write_weekly(demo: Demo) -> int:
    """Years 1-6 sit one test every Friday; a few are due promotion, a couple were promoted."""
    rng = demo.rng("weekly")
    days = test_days(demo)
    top, green = demo.settings.weekly_max, demo.settings.weekly_green_min
    sitters = [p for p in demo.pupils if p.year_group >= 1]
    chosen = rng.sample(sitters, PROMOTION_DUE + PROMOTED)
    due = {p.id for p in chosen[:PROMOTION_DUE]}
    promoted = {p.id for p in chosen[PROMOTION_DUE:]}
    levels, results = [], []
    for pupil in sitters:
        teacher = demo.class_of(pupil).teacher
        centre = LEVEL_CENTRE[pupil.year_group]
        index = round(centre + 0.8 * pupil.ability + rng.gauss(0, 0.4))
        reach = 1 if pupil.year_group == 1 else 2  # Year 1 starts at Level 1 or just above
        level = LEVELS[int(max(0, centre - 2, min(index, centre + reach, len(LEVELS) - 2)))]
        levels.append({"pupil": pupil.id, "level": level, "started_on": days[0],
                       "set_by": teacher})
        test = None
        for week, day in enumerate(days):
            if pupil.id in promoted and week == WEEKS // 2:
                level, test = next_level(level), None  # the teacher confirmed it
                levels.append({"pupil": pupil.id, "level": level, "started_on": day,
                               "set_by": teacher})
            test = next_test(test, demo.settings)
            forced = (pupil.id in due and week >= WEEKS - 4) or (
                pupil.id in promoted and week < WEEKS // 2)
            score = rng.randint(green, top) if forced else _score(rng, pupil, week, top)
            if not forced and rng.random() < 0.03:
                score = None  # absent
            entered = at(day, 15, 30) + dt.timedelta(minutes=len(results) % 60)
            results.append({"pupil": pupil.id, "sat_on": day, "level": level, "test": test,
                            "score": score, "staff": teacher, "recorded_at": entered})
    bulk(WeeklyLevel, levels)
    bulk(WeeklyResult, results)
    return len(results)


def _rating(rng: random.Random, attitude: float) -> str:
    score = attitude + rng.gauss(0, 0.8)
    return "G" if score > -1.2 else "Y" if score > -2.2 else "R"


def write_attitude(demo: Demo) -> int:
    """HT1 and HT2 of this year, and last year's six half-terms (for Years 1-6)."""
    rng = demo.rng("attitude")
    rows = []
    for pupil in demo.pupils:
        terms: list[tuple[HalfTerm, int]] = [(t, demo.class_of(pupil).teacher)
                                             for t in demo.terms[:2]]
        if pupil.year_group >= 1:
            # Last year's records were kept by last year's teacher of the year below.
            last = demo.classes[pupil.class_index - 1].teacher
            terms = [(t, last) for t in demo.last_terms] + terms
        for term, teacher in terms:
            if rng.random() < 0.1:
                percent = round(rng.uniform(85.0, 93.0), 1)
            else:
                percent = round(min(100.0, rng.gauss(97.6 + 1.0 * pupil.attitude, 1.3)), 1)
                percent = max(percent, 94.0)
            recorded = at(min(term.end, max(term.start, demo.today - dt.timedelta(days=1))), 16)
            ratings = {"attendance": attendance_colour(percent, demo.settings).value}
            ratings |= {a: _rating(rng, pupil.attitude) for a in ASPECTS if a != "attendance"}
            demo.attitude[(pupil.id, term.id)] = ratings
            for aspect in ASPECTS:
                rows.append({"pupil": pupil.id, "half_term": term.id, "aspect": aspect,
                             "rating": ratings[aspect],
                             "percent": percent if aspect == "attendance" else None,
                             "staff": teacher, "recorded_at": recorded})
    bulk(AttitudeRecord, rows)
    return len(rows)


def write_events(demo: Demo) -> int:
    """Rewards and certificates for many pupils; a few sanctions."""
    rng = demo.rng("events")
    rows = []
    for pupil in demo.pupils:
        plan = demo.class_of(pupil)
        adults = [plan.teacher, *plan.tas]
        kinds = ["reward"] * max(0, round(1.8 + 0.9 * pupil.attitude + rng.gauss(0, 1)))
        kinds += ["certificate"] * (rng.random() < 0.35)
        if pupil.attitude < -1.2 and rng.random() < 0.6:
            kinds += ["sanction"] * rng.randint(1, 2)
        texts = {"reward": names.REWARDS, "certificate": names.CERTIFICATES,
                 "sanction": names.SANCTIONS}
        for kind in kinds:
            term = rng.choice(demo.terms[:2])
            day = day_in(term, 0.0, 1.0, demo.today, rng)
            rows.append({"pupil": pupil.id, "kind": kind, "text": rng.choice(texts[kind]),
                         "staff": rng.choice(adults),
                         "recorded_at": at(day, rng.randint(9, 15), rng.randrange(0, 60, 5))})
    bulk(RecordEvent, rows)
    return len(rows)
