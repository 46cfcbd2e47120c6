"""The database tables: the whole of Assertive Mentoring's records.

Histories that matter are append-only (criterion marks, working stages, long-term
targets, mentor changes): the newest row wins and the old ones stay as evidence.
Sub-stages are stored as their labels ("St 2 Emerging") so the file reads sensibly in
any SQLite tool and survives changes to the scale's numbering. Screens never hold
these objects: the query modules hand out plain dataclasses.

One module per feature: ``base`` (every table's base and the school it belongs to), ``school`` (the school and its
staff, the audit trail), ``tracking``, ``meetings`` (meetings and the programme) and
``secondary`` (progress returns). Import tables from here: ``from amtui.db.models import Pupil``.
"""

from __future__ import annotations

from amtui.db.models.base import (
    BaseModel,
    NeverReusedId,
    School,
    now,
)
from amtui.db.models.school import (
    AcademicYear,
    AuditEntry,
    ClassMembership,
    ClassStaff,
    DbInfo,
    GroupMembership,
    HalfTerm,
    MentorAssignment,
    Pupil,
    SchoolClass,
    SchoolSetting,
    Seal,
    Staff,
    StaffRemit,
    Subject,
)
from amtui.db.models.tracking import (
    AttitudeRecord,
    Baseline,
    BigWriteFeedback,
    BigWritePiece,
    BigWriteRating,
    CriteriaBank,
    Criterion,
    CriterionMark,
    FftEstimate,
    HalfTermAnswer,
    HalfTermQuestion,
    HalfTermTest,
    LongTermTarget,
    RecordEvent,
    WeeklyLevel,
    WeeklyResult,
    WorkingStage,
)
from amtui.db.models.meetings import (
    Intervention,
    InterventionAssignment,
    InterventionCriterion,
    Meeting,
    MeetingCheck,
    MeetingFollowUp,
    ParentalInterview,
    ProgrammeMembership,
    Referral,
    SelfAssessment,
    Target,
)
from amtui.db.models.secondary import (
    ProgressReturn,
    ReturnWindow,
)

ALL_MODELS: tuple[type[BaseModel], ...] = (
    School, DbInfo, SchoolSetting, AcademicYear, Staff, HalfTerm, Subject, SchoolClass, ClassStaff, Pupil,
    ClassMembership, GroupMembership, MentorAssignment, StaffRemit, CriteriaBank, Criterion, CriterionMark, WorkingStage,
    Baseline, FftEstimate, LongTermTarget, Meeting, Target, WeeklyLevel, WeeklyResult,
    HalfTermTest, HalfTermQuestion, HalfTermAnswer, BigWritePiece, BigWriteRating, BigWriteFeedback,
    AttitudeRecord, MeetingCheck, SelfAssessment, MeetingFollowUp, Intervention,
    InterventionAssignment, InterventionCriterion, RecordEvent, ReturnWindow, ProgressReturn, Referral,
    ProgrammeMembership, ParentalInterview,
    AuditEntry, Seal,
)
"""Every table, in an order that creates referenced tables first."""
