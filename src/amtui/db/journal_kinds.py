"""The saves that can be kept in the journal: each kind's repository call, the test of
whether its record was changed after it was typed, and its name for the person.

Covered: class grid marks (``mark.set``), weekly scores (``weekly.score``,
``weekly.clear``), half-term test answers (``test.marks``), a meeting's texts and
ticks, follow-ups, personal targets and the pupil's self-assessment (``meeting.text``,
``meeting.check``, ``meeting.follow_up``, ``meeting.personal_target``,
``meeting.self_assessment``), attitude (``attitude.rating``,
``attitude.attendance``) and Big Write (``bigwrite.rate``, ``bigwrite.feedback``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from amtui.db.journal_registry import register
from amtui.db.models import AttitudeRecord, AuditEntry, CriterionMark, HalfTermAnswer, Pupil, WeeklyResult
from amtui.domain.codes import Code
from amtui.domain.errors import UserFacingError

P = dict[str, Any]


def _pupil(pupil_id: int) -> str:
    row = Pupil.get_or_none(Pupil.id == pupil_id)
    return f"{row.forename} {row.surname}" if row else f"pupil {pupil_id}"


def _today(params: P) -> dt.date | None:
    """The day the save was typed on, as the screen saw it (None in an older journal: the
    half-term's start is then not checked again)."""
    return dt.date.fromisoformat(params["today"]) if params.get("today") else None


def _half_term(params: P):
    from amtui.db.repo.school import half_term

    return half_term(params["year"], params["half_term"])


def _after(column, typed: dt.datetime, started: dt.datetime):
    """Changed after it was typed, by someone else than this replay (which began at
    ``started``: a journal may hold two saves of one cell, and the first is not a change
    "after" the second)."""
    return (column > typed) & (column < started)


# --- class grid marks --------------------------------------------------------------------


def _marks_changed(params: P, typed: dt.datetime, started: dt.datetime) -> bool:
    ht = _half_term(params)
    return any(CriterionMark.select().where(
        (CriterionMark.pupil == p) & (CriterionMark.criterion == c) & (CriterionMark.half_term == ht.id)
        & _after(CriterionMark.recorded_at, typed, started)).exists() for p, c, *_ in params["cells"])


def _marks_named(params: P) -> str:
    cells = params["cells"]
    codes = ", ".join(f"'{Code(code).symbol}'" for _, _, code, *_ in cells[:3])
    who = {_pupil(p) for p, *_ in cells}
    return (f"{len(cells)} mark{'s' if len(cells) != 1 else ''} ({codes}) for "
            f"{', '.join(sorted(who)[:3])}, HT{params['half_term']}")


@register("mark.set", _marks_changed, _marks_named)
def save_marks(user, params: P):
    """Params: year, half_term (number), cells [[pupil_id, criterion_id, code, seen_id]], today."""
    from amtui.db.repo.marks import CodeChange, save_codes

    changes = [CodeChange(p, c, Code(code), seen) for p, c, code, seen in params["cells"]]
    return save_codes(user, _half_term(params), changes, source=params.get("source", "grid"),
                      today=_today(params))


# --- weekly scores ---------------------------------------------------------------------------


def _weekly_changed(params: P, typed: dt.datetime, started: dt.datetime) -> bool:
    from amtui.domain.score_entry import school_week

    week = school_week(dt.date.fromisoformat(params["week"]))
    rows = WeeklyResult.select().where(
        (WeeklyResult.pupil == params["pupil_id"]) & (WeeklyResult.sat_on >= week.monday)
        & (WeeklyResult.sat_on <= week.friday) & _after(WeeklyResult.recorded_at, typed, started))
    return rows.exists() or AuditEntry.select().where(
        (AuditEntry.action == "weekly.clear") & (AuditEntry.entity_id == str(params["pupil_id"]))
        & _after(AuditEntry.at, typed, started)).exists()


def _weekly_named(params: P) -> str:
    score = params.get("score", "cleared")
    return (f"weekly score {'absent' if score is None else score} for {_pupil(params['pupil_id'])}, "
            f"week of {dt.date.fromisoformat(params['week']):%d %b}")


@register("weekly.score", _weekly_changed, _weekly_named)
def save_weekly(user, params: P):
    """Params: pupil_id, week (its Monday), score (None: absent), today."""
    from amtui.db.repo.weekly import save_score
    from amtui.domain.score_entry import school_week

    return save_score(user, params["pupil_id"], school_week(dt.date.fromisoformat(params["week"])),
                      params["score"], dt.date.fromisoformat(params["today"]))


@register("weekly.clear", _weekly_changed, _weekly_named)
def clear_weekly(user, params: P):
    """Params: pupil_id, week (its Monday), today."""
    from amtui.db.repo.weekly import clear_score
    from amtui.domain.score_entry import school_week

    return clear_score(user, params["pupil_id"], school_week(dt.date.fromisoformat(params["week"])),
                       dt.date.fromisoformat(params["today"]))


# --- half-term test answers -----------------------------------------------------------------


def _answers_changed(params: P, typed: dt.datetime, started: dt.datetime) -> bool:
    ht = _half_term(params)
    return any(HalfTermAnswer.select().where(
        (HalfTermAnswer.pupil == p) & (HalfTermAnswer.question == q) & (HalfTermAnswer.half_term == ht.id)
        & _after(HalfTermAnswer.recorded_at, typed, started)).exists() for p, q, _ in params["answers"])


def _answers_named(params: P) -> str:
    who = sorted({_pupil(p) for p, _, _ in params["answers"]})
    return f"{len(params['answers'])} test answer(s) for {', '.join(who[:3])}, HT{params['half_term']}"


@register("test.marks", _answers_changed, _answers_named)
def save_answers(user, params: P):
    """Params: year, half_term, subject_id, stage, test_number, answers [[pupil, question, mark]],
    today."""
    from amtui.db.repo.halfterm import MarkChange, load_test, save_marks as save

    test = load_test(params["subject_id"], params["stage"], params["test_number"])
    if test is None:
        raise UserFacingError("That half-term test is no longer in the database.")
    changes = [MarkChange(p, q, mark) for p, q, mark in params["answers"]]
    return save(user, _half_term(params), test, changes, today=_today(params))


# --- a meeting's steps -------------------------------------------------------------------------


def _meeting_changed(action: str, same: tuple[str, str] | None = None):
    """Changed when the meeting's audit shows ``action`` after the time typed (for the same
    ``same`` = (param, detail key): the same follow-up, aspect or target)."""

    def changed(params: P, typed: dt.datetime, started: dt.datetime) -> bool:
        name = params.get("field", action)
        query = AuditEntry.select().where(
            (AuditEntry.entity == "meeting") & (AuditEntry.entity_id == str(params["meeting_id"]))
            & AuditEntry.action.in_([f"meeting.{name}", f"meeting.amend.{name}"])
            & _after(AuditEntry.at, typed, started))
        if same is not None:
            query = query.where(AuditEntry.detail.contains(json.dumps({same[1]: params[same[0]]})[1:-1]))
        return query.exists()

    return changed


@register("meeting.text", _meeting_changed("text"),
          lambda p: f"the meeting's {p['field']} ({len(p['text'])} characters)")
def meeting_text(user, params: P):
    """Params: meeting_id, field (barriers, summary, outcome), text, amending."""
    from amtui.db.repo.meeting_saves import set_text

    return set_text(user, params["meeting_id"], params["field"], params["text"],
                    amending=params.get("amending", False))


@register("meeting.check", _meeting_changed("check"), lambda p: f"the meeting's tick '{p['item']}'")
def meeting_check(user, params: P):
    """Params: meeting_id, item, done."""
    from amtui.db.repo.meeting_saves import set_check

    return set_check(user, params["meeting_id"], params["item"], params["done"])


@register("meeting.follow_up", _meeting_changed("follow_up", ("kind", "kind")),
          lambda p: f"the meeting's follow-up '{p['kind']}'")
def meeting_follow_up(user, params: P):
    """Params: meeting_id, kind, note, amending."""
    from amtui.db.repo.meeting_saves import set_follow_up

    return set_follow_up(user, params["meeting_id"], params["kind"], params["note"],
                         amending=params.get("amending", False))


@register("meeting.personal_target", _meeting_changed("personal_target", ("aspect", "aspect")),
          lambda p: f"the meeting's personal target '{p['aspect']}'")
def meeting_personal_target(user, params: P):
    """Params: meeting_id, aspect, text, amending."""
    from amtui.db.repo.meeting_saves import set_personal_target

    return set_personal_target(user, params["meeting_id"], params["aspect"], params["text"],
                               amending=params.get("amending", False))


@register("meeting.self_assessment", _meeting_changed("self_assessment", ("target_id", "target")),
          lambda p: "the pupil's " + ("comment" if p.get("comment") is not None else "rating") + " on a target")
def meeting_self_assessment(user, params: P):
    """Params: meeting_id, target_id, rating or comment (or both), amending."""
    from amtui.db.repo.meeting_saves import set_self_assessment

    return set_self_assessment(user, params["meeting_id"], params["target_id"], rating=params.get("rating"),
                               comment=params.get("comment"), amending=params.get("amending", False))


# --- attitude and Big Write ---------------------------------------------------------------------


def _attitude_changed(params: P, typed: dt.datetime, started: dt.datetime) -> bool:
    return AttitudeRecord.select().where(
        (AttitudeRecord.pupil == params["pupil_id"]) & (AttitudeRecord.half_term == _half_term(params).id)
        & (AttitudeRecord.aspect == params.get("aspect", "attendance"))
        & _after(AttitudeRecord.recorded_at, typed, started)).exists()


def _attitude_named(params: P) -> str:
    value = params.get("rating", params.get("percent"))
    return (f"{params.get('aspect', 'attendance')} {'cleared' if value is None else value} for "
            f"{_pupil(params['pupil_id'])}, HT{params['half_term']}")


@register("attitude.rating", _attitude_changed, _attitude_named)
def attitude_rating(user, params: P):
    """Params: year, half_term, pupil_id, aspect, rating (R, Y, G or None), today."""
    from amtui.db.repo.attitude import save_rating
    from amtui.domain.ryg import RYG

    rating = RYG(params["rating"]) if params["rating"] else None
    return save_rating(user, _half_term(params), params["pupil_id"], params["aspect"], rating,
                       today=_today(params))


@register("attitude.attendance", _attitude_changed, _attitude_named)
def attitude_attendance(user, params: P):
    """Params: year, half_term, pupil_id, percent (None clears it), today."""
    from amtui.db.repo.attitude import save_attendance

    return save_attendance(user, _half_term(params), params["pupil_id"], params["percent"],
                           today=_today(params))


def _bigwrite_changed(action: str):
    def changed(params: P, typed: dt.datetime, started: dt.datetime) -> bool:
        query = AuditEntry.select().where(
            (AuditEntry.action == action) & (AuditEntry.entity == "pupil")
            & (AuditEntry.entity_id == str(params["pupil_id"])) & _after(AuditEntry.at, typed, started)
            & AuditEntry.detail.contains(f'"piece": {int(params["piece_id"])}'))
        if "criterion_id" in params:
            query = query.where(AuditEntry.detail.contains(f'"criterion": {int(params["criterion_id"])}'))
        return query.exists()

    return changed


@register("bigwrite.rate", _bigwrite_changed("bigwrite.rate"),
          lambda p: f"Big Write rating {p['rating'] or 'cleared'} for {_pupil(p['pupil_id'])}")
def bigwrite_rate(user, params: P):
    """Params: piece_id, pupil_id, criterion_id, rating (R, Y, G or None), today."""
    from amtui.db.repo.bigwrite import rate
    from amtui.domain.ryg import RYG

    rating = RYG(params["rating"]) if params["rating"] else None
    return rate(user, params["piece_id"], params["pupil_id"], params["criterion_id"], rating,
                today=_today(params))


@register("bigwrite.feedback", _bigwrite_changed("bigwrite.feedback"),
          lambda p: f"Big Write feedback for {_pupil(p['pupil_id'])} ({len(p['text'])} characters)")
def bigwrite_feedback(user, params: P):
    """Params: piece_id, pupil_id, text, today."""
    from amtui.db.repo.bigwrite import save_feedback

    return save_feedback(user, params["piece_id"], params["pupil_id"], params["text"], today=_today(params))
