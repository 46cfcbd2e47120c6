"""The mentoring meeting's agenda: its steps, the mentor's preparation list, and the
rules a meeting must keep (from the secondary school's policy, ``seeds/004``).

Pure: the database layer gathers the facts, these functions judge them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from amtui.domain.calendar import parse_school_date
from amtui.domain.codes import Code, MarkEntry, effective_code
from amtui.domain.errors import InputRefused


@dataclass(frozen=True)
class Step:
    """One item of the agenda, walked through in order."""

    number: int
    key: str
    title: str
    short: str  # for the step bar at 80 columns
    hint: str


STEPS: tuple[Step, ...] = (
    Step(1, "preparation", "Preparation", "Prep", "the data ticks what it proves, you the rest"),
    Step(2, "self_assessment", "Self-assessment", "Self", "the pupil's R/Y/G on each target"),
    Step(3, "evidence", "Evidence", "Evidence", "progress, targets achieved?, attitude"),
    Step(4, "barriers", "Barriers to learning", "Barriers", "what gets in the way of learning"),
    Step(5, "targets", "New targets", "Targets", "agree them from the criteria at /"),
    Step(6, "interventions", "Interventions", "Interv", "what, who and until when"),
    Step(7, "follow_ups", "Follow-ups", "Follow", "SEN, intervention team, parents, SLT"),
    Step(8, "close", "Close", "Close", "next date, summary, outcome; then finish"),
)
LAST_STEP = len(STEPS)
IN_MEETING_FROM = 3
"""Steps 1-2 come before the meeting; moving on to Evidence starts its clock."""

KEY_PRINCIPLES = ("Evidence driven", "business-like", "never a cosy chat",
                  "clear outcomes, agreed interventions", "checks will be made")


def step(number: int) -> Step:
    """The agenda step ``number`` (clamped to 1..8, so a damaged row still opens)."""
    return STEPS[max(1, min(LAST_STEP, number)) - 1]


# --- preparation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckItem:
    """One thing the mentor must do before the meeting; ``auto`` ones the data proves."""

    key: str
    label: str
    auto: bool


CHECKS: tuple[CheckItem, ...] = (
    CheckItem("latest_assessments", "Latest half-term assessed", True),
    CheckItem("criteria_updated", "Criteria sheets updated with the agreed code", False),
    CheckItem("substage_assigned", "Crosses totalled, sub-stage current", True),
    CheckItem("tracking_updated", "Tracking has a baseline and target", True),
    CheckItem("progress_coloured", "Progress coloured against targets", True),
    CheckItem("interventions_reviewed", "Interventions reviewed", True),
    CheckItem("records_up_to_date", "Other records up to date (Big Maths, key words)", False),
    CheckItem("liaised_with_tas", "Liaised with TAs and other agencies", False),
    CheckItem("rewards_up_to_date", "Rewards, certificates, sanctions up to date", False),
    CheckItem("attendance_figures", "Attendance for this half-term", True),
)
SECONDARY_CHECKS: tuple[CheckItem, ...] = (
    # A secondary pupil's evidence is each subject's latest progress return against its
    # target (DOMAIN.md, "Secondary schools"): no criteria sheets, sub-stages or Big Maths.
    CheckItem("returns_in", "Latest progress return in every subject", True),
    CheckItem("grades_targeted", "Every subject's return has a target", True),
    CheckItem("concerns_discussed", "Subjects below target discussed with their teachers", False),
    CHECKS[5],  # interventions reviewed
    CheckItem("liaised_with_staff", "Liaised with the tutor, HoY and other agencies", False),
    CHECKS[8],  # rewards, certificates, sanctions
    CHECKS[9],  # attendance: only where the school records attitude
)
CHECK_KEYS = tuple(item.key for item in CHECKS)
CHECK_ITEMS = {item.key: item for item in CHECKS + SECONDARY_CHECKS}
"""Every item a meeting may keep, primary or secondary, by key."""


class LatestReturn(Protocol):
    """One subject's latest progress return against its target, as the records give it."""

    @property
    def subject(self) -> str: ...
    @property
    def returned(self) -> str: ...  # the projected grade, or A, O or B
    @property
    def target(self) -> str: ...
    @property
    def below(self) -> bool: ...


@dataclass(frozen=True)
class SubjectFacts:
    """What the records say about one subject the pupil works in."""

    subject: str
    coded_this_half_term: bool
    has_bank: bool
    move_due: bool
    substage: str  # the current sub-stage's label, "" when none
    has_baseline: bool
    has_target: bool


@dataclass(frozen=True)
class PreparationFacts:
    """The facts the automatic checks judge."""

    half_term: str  # "HT4"
    subjects: tuple[SubjectFacts, ...]
    attendance_entered: bool
    unreviewed: tuple[str, ...]  # interventions past their end without an outcome
    secondary: bool = False  # a Year 7-13 pupil: the returns below are the evidence
    returns: tuple[LatestReturn, ...] = ()
    records_attitude: bool = True  # the school records attitude (and attendance) at all


@dataclass(frozen=True)
class CheckResult:
    """A check's state: ``missing`` says what is left to do ("" when done)."""

    item: CheckItem
    done: bool
    missing: str = ""


def _listed(names: list[str], what: str) -> str:
    return f"{', '.join(names)}: {what}" if names else ""


def _secondary_missing(facts: PreparationFacts) -> dict[str, str]:
    none = "no progress return yet" if not facts.returns else ""
    return {
        "returns_in": none,
        "grades_targeted": none or _listed([r.subject for r in facts.returns if not r.target],
                                           "no target"),
    }


def _primary_missing(facts: PreparationFacts) -> dict[str, str]:
    subjects = facts.subjects
    none = "no working stage in any subject yet" if not subjects else ""
    return {
        "latest_assessments": none or _listed(
            [s.subject for s in subjects if not s.coded_this_half_term],
            f"no codes recorded in {facts.half_term} yet"),
        "substage_assigned": none or "; ".join(filter(None, (
            _listed([s.subject for s in subjects if not s.has_bank], "no criteria bank"),
            _listed([f"{s.subject} ({s.substage})" for s in subjects if s.move_due],
                    "due to move to the next stage's bank (a teacher confirms)")))),
        "tracking_updated": none or "; ".join(filter(None, (
            _listed([s.subject for s in subjects if not s.has_baseline], "no baseline"),
            _listed([s.subject for s in subjects if not s.has_target], "no target")))),
        "progress_coloured": none or _listed(
            [s.subject for s in subjects
             if not (s.has_bank and s.has_baseline and s.has_target)],
            "no progress status (needs a bank, baseline and target)"),
    }


def checks_for(facts: PreparationFacts) -> tuple[CheckItem, ...]:
    """The preparation list that applies to this pupil, in order."""
    if not facts.secondary:
        return CHECKS
    return tuple(item for item in SECONDARY_CHECKS
                 if facts.records_attitude or item.key != "attendance_figures")


def auto_checks(facts: PreparationFacts) -> dict[str, CheckResult]:
    """The checks the data decides that apply to the pupil, each with what is missing."""
    missing = (_secondary_missing if facts.secondary else _primary_missing)(facts) | {
        "interventions_reviewed": _listed(list(facts.unreviewed), "ended without an outcome"),
        "attendance_figures": "" if facts.attendance_entered
        else f"no attendance percentage for {facts.half_term}",
    }
    return {item.key: CheckResult(item, not missing[item.key], missing[item.key])
            for item in checks_for(facts) if item.auto}


def preparation(facts: PreparationFacts, ticked: Mapping[str, bool]) -> list[CheckResult]:
    """Every check in order: automatic ones from the facts, the rest from the ticks."""
    automatic = auto_checks(facts)
    return [automatic[item.key] if item.auto
            else CheckResult(item, bool(ticked.get(item.key)), "" if ticked.get(item.key)
                             else "tick when done")
            for item in checks_for(facts)]


def prepared(results: Iterable[CheckResult]) -> tuple[int, int]:
    """(done, total) of the preparation list."""
    results = list(results)
    return sum(r.done for r in results), len(results)


# --- follow-ups and personal targets ------------------------------------------------------------

FOLLOW_UPS: tuple[tuple[str, str], ...] = (
    ("sen", "SEN"), ("intervention", "Intervention team"), ("parents", "Parents"), ("slt", "SLT"),
)
FOLLOW_UP_KINDS = tuple(kind for kind, _ in FOLLOW_UPS)

PERSONAL_ASPECTS: tuple[tuple[str, str, str], ...] = (
    # (aspect, label, the usual wording a mentor starts from)
    ("punctuality", "Punctuality", "Be in class before the bell every morning."),
    ("homework", "Homework", "Hand in homework on time every week."),
    ("uniform", "Uniform", "Wear full school uniform every day."),
    ("pe_kit", "PE kit", "Bring PE kit on every PE day."),
    ("presentation", "Presentation", "Date and title underlined; work neat and complete."),
    ("attendance", "Attendance", "Be in school every day this half-term."),
    ("behaviour", "Behaviour", "Follow instructions first time in every lesson."),
    ("effort", "Effort", "Finish every task and check it before handing it in."),
)
ASPECT_KEYS = tuple(key for key, _, _ in PERSONAL_ASPECTS)

TARGET_STATUSES = ("open", "achieved", "dropped")


def duplicate_target(text: str, open_targets: Iterable[tuple[str, str]]) -> str | None:
    """Why a personal target worded as ``text`` cannot be agreed: the pupil already has one
    open in the same words ((aspect, text) pairs; case, spacing and a closing full stop
    aside). None if it can."""
    def words(said: str) -> str:
        return " ".join(said.split()).rstrip(".!").casefold()

    for aspect, existing in open_targets:
        if words(existing) == words(text):
            label = dict((key, name) for key, name, _ in PERSONAL_ASPECTS).get(aspect, aspect)
            return (f"The pupil already has this target open ({label}: \"{existing}\"); review that "
                    f"one, or word the new one differently.")
    return None


def next_review(status: str) -> str:
    """The review decision after ``status`` (space cycles open -> achieved -> dropped)."""
    index = TARGET_STATUSES.index(status) if status in TARGET_STATUSES else -1
    return TARGET_STATUSES[(index + 1) % len(TARGET_STATUSES)]


# --- target candidates -------------------------------------------------------------------------


def line_candidates(histories: Mapping[int, Iterable[MarkEntry]], at: int) -> set[int]:
    """Criterion ids whose effective code at half-term ordinal ``at`` is a line ("/").

    These, and only these, are offered as medium-term targets: the lines are the
    criteria closest to becoming crosses.
    """
    return {criterion for criterion, entries in histories.items()
            if effective_code(entries, at) is Code.LINE}


# --- the close ----------------------------------------------------------------------------------

MAX_DAYS_AHEAD = 200
"""A next meeting further ahead than this is surely a typing mistake."""


def finish_problems(outcome: str, next_on: dt.date | None, today: dt.date) -> list[str]:
    """Why the meeting cannot be finished yet (empty when it can)."""
    problems = []
    if not outcome.strip():
        problems.append("Record the outcome: what was agreed.")
    if next_on is None:
        problems.append("Set the next meeting's date.")
    elif next_on <= today:
        problems.append(f"The next meeting ({next_on:%d %b %Y}) must be after today.")
    elif (next_on - today).days > MAX_DAYS_AHEAD:
        problems.append(f"The next meeting ({next_on:%d %b %Y}) is more than "
                        f"{MAX_DAYS_AHEAD} days away.")
    return problems


def minutes(started: dt.datetime | None, ended: dt.datetime | None) -> int | None:
    """A meeting's length in whole minutes (None until both times are known)."""
    if started is None or ended is None:
        return None
    return max(0, round((ended - started).total_seconds() / 60))


_TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_DAY_MONTH_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})$")


def parse_when(text: str, today: dt.date) -> tuple[dt.date, dt.time | None]:
    """Read a meeting's date with an optional time: "14/01/2027 10:30", "2027-01-14",
    "14/1 9:15" (no year: the next such day from today). ValueError says what is wrong."""
    parts = str(text).split()
    if not parts or len(parts) > 2:
        raise InputRefused("Type a date, then a time if you like: 14/01/2027 10:30")
    when: dt.time | None = None
    if len(parts) == 2:
        match = _TIME_RE.match(parts[1])
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise InputRefused(f"{parts[1]!r} is not a time (use HH:MM, e.g. 10:30)")
        when = dt.time(int(match.group(1)), int(match.group(2)))
    if match := _DAY_MONTH_RE.match(parts[0]):
        day, month = int(match.group(1)), int(match.group(2))
        for year in (today.year, today.year + 1, today.year + 4):  # +4: a 29 Feb
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                continue
            if candidate >= today:
                return candidate, when
        raise InputRefused(f"{parts[0]!r} is not a date (use DD/MM or DD/MM/YYYY)")
    return parse_school_date(parts[0]), when


def at_time(day: dt.date, when: dt.time | None) -> dt.datetime:
    """The datetime stored for a booking; midnight stands for "no time set"."""
    return dt.datetime.combine(day, when or dt.time(0, 0))


def booking_text(moment: dt.datetime | None) -> str:
    """"Tue 12 Jan 10:30", or without the time when none was set; "" for None."""
    if moment is None:
        return ""
    if moment.time() == dt.time(0, 0):
        return f"{moment:%a %d %b}"
    return f"{moment:%a %d %b %H:%M}"
