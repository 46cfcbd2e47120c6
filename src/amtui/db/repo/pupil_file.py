"""A pupil's whole file in one load, for the pupil's page and the printed profile.

One pupil's records are small (a few hundred rows at most), so the page reads them all
at once and every tab shows the same moment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from amtui.db.repo import (
    attainment, attitude, bigwrite_record, events, grade_targets, programme, pupil_history, pupils, school,
    standings, targets,
)
from amtui.db.repo.attainment import SubjectAttainment, TrackingSheet
from amtui.db.repo.attitude import PupilAttitude
from amtui.db.repo.bigwrite_record import PupilPiece
from amtui.db.repo.events import EventInfo
from amtui.db.repo.pupil_history import AuditInfo, InterventionInfo, MeetingInfo, WeeklyHistory
from amtui.db.repo.membership import clamp
from amtui.db.repo.programme import Spell
from amtui.db.repo.pupils import PupilSummary
from amtui.db.repo.school import HalfTermInfo
from amtui.db.repo.staff import CurrentUser
from amtui.db.repo.standings import SubjectStanding
from amtui.db.repo.grade_targets import TargetStep
from amtui.db.repo.targets import LongTerm, TargetInfo
from amtui.domain.permissions import FIRST_SECONDARY_YEAR, may_read_pupil


@dataclass(frozen=True)
class PupilFile:
    """Everything on the pupil's page. ``summary`` carries the header facts."""

    summary: PupilSummary
    subjects: tuple[SubjectAttainment, ...]
    sheets: tuple[TrackingSheet, ...]
    long_term: tuple[LongTerm, ...]
    targets: tuple[TargetInfo, ...]
    weekly: WeeklyHistory | None
    big_write: tuple[PupilPiece, ...]
    attitude: PupilAttitude
    interventions: tuple[InterventionInfo, ...]
    events: tuple[EventInfo, ...]
    meetings: tuple[MeetingInfo, ...]
    audit: tuple[AuditInfo, ...]
    settled: int = 0  # medium-term targets just written down as achieved
    standings: tuple[SubjectStanding, ...] = ()  # a secondary pupil's subjects by teaching group
    programme: tuple[Spell, ...] = ()  # the mentoring programme and monitoring: joined, why, left, why
    target_history: tuple[TargetStep, ...] = ()  # every change of a long-term target, newest first

    @property
    def pupil_id(self) -> int:
        return self.summary.pupil.id

    @property
    def half_term(self) -> HalfTermInfo:
        return self.summary.half_term


def load_pupil_file(pupil_id: int, today: dt.date | None = None, user: CurrentUser | None = None) -> PupilFile:
    """Read the pupil's file as at ``today``'s half-term. With a ``user`` who may set the
    pupil's targets, medium-term targets whose criterion became ``X`` are first written
    down as achieved (``targets.settle_achieved``). A ``user`` who may not read the file
    (``may_read_pupil``) is refused with NotAllowed."""
    summary = pupils.pupil_summary(pupil_id, today)
    if user is not None:
        may_read_pupil(user.roles, user.hoy_years, summary.pupil.year_group).enforce()
    ht = summary.half_term
    settled = targets.settle_achieved(user, pupil_id, ht) if user is not None else 0
    return PupilFile(
        summary=summary,
        subjects=tuple(attainment.attainment(pupil_id, ht)),
        sheets=tuple(attainment.tracking_sheets(pupil_id, ht)),
        long_term=tuple(targets.long_term_targets(pupil_id, ht.year)),
        targets=tuple(targets.pupil_targets(pupil_id, ht)),
        weekly=pupil_history.pupil_weekly(pupil_id),
        big_write=tuple(bigwrite_record.pupil_pieces(pupil_id)),
        attitude=attitude.pupil_attitude(pupil_id, ht.year),
        interventions=tuple(pupil_history.pupil_interventions(pupil_id)),
        events=tuple(events.pupil_events(pupil_id)),
        meetings=tuple(pupil_history.pupil_meetings(pupil_id)),
        audit=tuple(pupil_history.pupil_audit(pupil_id)),
        settled=settled,
        standings=_standings(summary, today),
        target_history=grade_targets.target_history(pupil_id),
        programme=tuple(programme.history(pupil_id)),
    )


def _standings(summary: PupilSummary, today: dt.date | None) -> tuple[SubjectStanding, ...]:
    """A secondary pupil's subjects (Years 7-13); none for a primary pupil."""
    if summary.pupil.year_group < FIRST_SECONDARY_YEAR:
        return ()
    fine = school.load_settings().fine_grades
    day = clamp(today or dt.date.today(), summary.half_term.start, summary.half_term.end)
    return tuple(standings.subject_standings(summary.pupil.id, day, summary.half_term.year, fine))
