"""Big Write: a class's monthly pieces, each pupil rated R/Y/G against their writing targets.

A rating is also evidence: R/Y/G is recorded as ``.`` ``/`` ``X`` for that criterion in
the half-term the piece was written, through ``marks.save_codes`` (which checks the lock
and permissions and audits) in the same transaction as the ``BigWriteRating`` row.
Clearing a rating restores the code the criterion had without this piece's evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, fn

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import (
    BigWriteFeedback, BigWritePiece, BigWriteRating, Criterion, CriterionMark, SchoolClass, Staff, Target, now,
)
from amtui.db.repo import school, tracking
from amtui.db.repo.lowered import Lowered, crosses_lowered
from amtui.db.repo.marks import CodeChange, check_entry, save_codes
from amtui.db.repo.school import HalfTermInfo, SubjectInfo
from amtui.db.repo.staff import CurrentUser, as_now
from amtui.db.repo.tracking import PupilBasics
from amtui.domain.class_record import cell_state
from amtui.domain.codes import Code, MarkEntry
from amtui.domain.errors import UserFacingError
from amtui.domain.names import pupil_name
from amtui.domain.permissions import Action, NotAllowed, require
from amtui.domain.ryg import RYG
from amtui.domain.text import checked

WRITING = ("writing", "english")  # secondary schools keep writing under English


def writing_subject() -> SubjectInfo | None:
    """The subject whose criteria are pupils' writing targets: Writing, else English."""
    found = school.subjects()
    for name in WRITING:
        match = next((s for s in found if s.name.lower() == name), None)
        if match:
            return match
    return None


@dataclass(frozen=True)
class PieceInfo:
    """A piece of extended writing set to a class."""

    id: int
    class_id: int
    class_name: str
    written_on: dt.date
    title: str
    created_by: str
    ratings: int = 0

    @property
    def label(self) -> str:
        return f"{self.written_on:%d %b %Y} {self.title}"


def piece_query():
    return (BigWritePiece.select(BigWritePiece.id, BigWritePiece.school_class, SchoolClass.name,
                                 BigWritePiece.written_on, BigWritePiece.title, Staff.name,
                                 fn.COUNT(BigWriteRating.id))
            .join(SchoolClass).switch(BigWritePiece)
            .join(Staff, JOIN.LEFT_OUTER, on=(BigWritePiece.created_by == Staff.id)).switch(BigWritePiece)
            .join(BigWriteRating, JOIN.LEFT_OUTER).group_by(BigWritePiece.id, SchoolClass.name, Staff.name))


def piece_row(row: tuple) -> PieceInfo:
    pid, class_id, class_name, written_on, title, by, count = row
    return PieceInfo(pid, class_id, class_name, written_on, title, by or "", count)


def class_pieces(class_id: int) -> list[PieceInfo]:
    """The class's pieces, newest first."""
    return read(lambda: [piece_row(r) for r in piece_query().where(BigWritePiece.school_class == class_id)
                         .order_by(BigWritePiece.written_on.desc(), BigWritePiece.id.desc()).tuples()])


def piece(piece_id: int) -> PieceInfo:
    row = read(lambda: piece_query().where(BigWritePiece.id == piece_id).tuples().first())
    if row is None:
        raise NotAllowed("That Big Write piece is no longer on the record.")
    return piece_row(row)


def create_piece(user: CurrentUser, class_id: int, written_on: dt.date, title: str) -> PieceInfo:
    """Set a new piece for a class (its teachers and TAs, or SLT)."""
    title = checked("title", " ".join(title.split()))
    if not title:
        raise UserFacingError("Give the piece a title.")

    def change() -> int:
        me = as_now(user, dt.date.today())
        require(me.roles, Action.EDIT_MARKS, class_id in me.class_ids)
        row = BigWritePiece.create(school_class=class_id, written_on=written_on, title=title,
                                   created_by=user.staff_id)
        audit(user.login, "bigwrite.piece", "class", class_id, piece=row.id, title=title, on=written_on)
        return row.id

    return piece(write(change))


# --- one piece: pupils x their writing targets -------------------------------------------------


@dataclass(frozen=True)
class WritingTarget:
    criterion_id: int
    ref: str
    text: str


@dataclass(frozen=True)
class PieceRow:
    """A pupil's line of the piece: their targets, the ratings given and the feedback."""

    pupil: PupilBasics
    targets: tuple[WritingTarget, ...]
    ratings: dict[int, RYG]
    feedback: str

    @property
    def name(self) -> str:
        return pupil_name(self.pupil.forename, self.pupil.surname)


@dataclass(frozen=True)
class PieceSheet:
    piece: PieceInfo
    half_term: HalfTermInfo
    rows: tuple[PieceRow, ...]

    @property
    def slots(self) -> int:
        """Columns needed: the most targets any pupil has (at least one)."""
        return max([len(r.targets) for r in self.rows] + [1])


def _targets_at(pupil_ids: list[int], subject_id: int | None, day: dt.date) -> dict[int, list[WritingTarget]]:
    """Medium-term writing targets open on ``day`` (set by then, not closed before)."""
    if subject_id is None or not pupil_ids:
        return {}
    start = dt.datetime.combine(day, dt.time.min)
    rows = (Target.select(Target.pupil, Criterion.id, Criterion.ref, Criterion.text, Target.status,
                          Target.set_at, Target.closed_at)
            .join(Criterion).where(Target.pupil.in_(pupil_ids), Target.kind == "medium",
                                   Target.subject == subject_id)
            .order_by(Target.set_at, Target.id))
    found: dict[int, list[WritingTarget]] = {}
    for pupil, cid, ref, text, status, set_at, closed_at in rows.tuples():
        if set_at.date() > day or (status != "open" and closed_at is not None and closed_at < start):
            continue
        if all(t.criterion_id != cid for t in found.get(pupil, [])):
            found.setdefault(pupil, []).append(WritingTarget(cid, ref, text))
    return found


def load_piece(piece_id: int) -> PieceSheet:
    """The class's pupils on roll with their targets then, ratings and feedback."""
    info = piece(piece_id)
    half_term = school.current_half_term(info.written_on)
    subject = writing_subject()

    def query() -> PieceSheet:
        # The class as it was the day the piece was written.
        pupils = sorted(tracking.pupils_on_roll(info.class_id, None, on=info.written_on).values(),
                        key=lambda p: (p.surname.lower(), p.forename.lower(), p.id))
        targets = _targets_at([p.id for p in pupils], subject.id if subject else None, info.written_on)
        ratings: dict[int, dict[int, RYG]] = {}
        rated: dict[int, list[WritingTarget]] = {}
        for pupil, cid, ref, text, rating in (
                BigWriteRating.select(BigWriteRating.pupil, Criterion.id, Criterion.ref, Criterion.text,
                                      BigWriteRating.rating)
                .join(Criterion).where(BigWriteRating.piece == piece_id).order_by(BigWriteRating.id).tuples()):
            ratings.setdefault(pupil, {})[cid] = RYG(rating)
            rated.setdefault(pupil, []).append(WritingTarget(cid, ref, text))
        feedback = dict(BigWriteFeedback.select(BigWriteFeedback.pupil, BigWriteFeedback.text)
                        .where(BigWriteFeedback.piece == piece_id).tuples())
        rows = []
        for p in pupils:
            mine = list(targets.get(p.id, []))
            # A target rated on this piece stays on it, even once achieved or dropped.
            mine += [t for t in rated.get(p.id, []) if all(t.criterion_id != m.criterion_id for m in mine)]
            rows.append(PieceRow(p, tuple(mine), ratings.get(p.id, {}), feedback.get(p.id, "")))
        return PieceSheet(info, half_term, tuple(rows))

    return read(query)


def _code_without_piece(pupil_id: int, criterion_id: int, piece_id: int, half_term: HalfTermInfo) -> Code:
    """The criterion's effective code at the piece's half-term, leaving out this piece's evidence."""
    ordinals = tracking.half_term_ordinals()
    entries = [MarkEntry(ordinals[ht], Code(code), entry_id) for ht, code, entry_id in
               CriterionMark.select(CriterionMark.half_term, CriterionMark.code, CriterionMark.id)
               .where(CriterionMark.pupil == pupil_id, CriterionMark.criterion == criterion_id,
                      CriterionMark.source != f"bigwrite:{piece_id}").tuples()]
    return cell_state(entries, half_term.ordinal).code


def rate(user: CurrentUser, piece_id: int, pupil_id: int, criterion_id: int,
         rating: RYG | None, today: dt.date | None = None) -> tuple[Lowered, ...]:
    """Rate a pupil against a target on a piece (None clears); one transaction with its
    evidence, refused (NotAllowed) when ``may_enter`` refuses the piece's half-term.
    Returns the cross it took away, if it lowered an X (to tell the teacher)."""
    info = piece(piece_id)
    half_term = school.current_half_term(info.written_on)
    source = f"bigwrite:{piece_id}"

    def change() -> tuple[Lowered, ...]:
        code = rating.to_code() if rating else _code_without_piece(pupil_id, criterion_id, piece_id, half_term)
        codes = [CodeChange(pupil_id, criterion_id, code)]
        lowered = crosses_lowered(half_term, codes)
        save_codes(user, half_term, codes, source=source, today=today)
        row = BigWriteRating.get_or_none(piece=piece_id, pupil=pupil_id, criterion=criterion_id)
        if rating is None:
            if row is not None:
                row.delete_instance()
        elif row is None:
            BigWriteRating.create(piece=piece_id, pupil=pupil_id, criterion=criterion_id, rating=rating.value,
                                  staff=user.staff_id)
        else:
            BigWriteRating.update(rating=rating.value, staff=user.staff_id, recorded_at=now()).where(
                BigWriteRating.id == row.id).execute()
        audit(user.login, "bigwrite.rate", "pupil", pupil_id, piece=piece_id, criterion=criterion_id,
              old=row.rating if row else None, new=rating.value if rating else None)
        return lowered

    return write(change)


def save_feedback(user: CurrentUser, piece_id: int, pupil_id: int, text: str,
                  today: dt.date | None = None) -> str:
    """A pupil's written feedback on a piece (empty removes it), as its ratings are kept:
    refused when ``may_enter`` refuses the piece's half-term."""
    text = checked("feedback", " ".join(text.split()))
    half_term = school.current_half_term(piece(piece_id).written_on)

    def change() -> None:
        check_entry(user, Action.EDIT_MARKS, {pupil_id}, half_term.id, today)
        row = BigWriteFeedback.get_or_none(piece=piece_id, pupil=pupil_id)
        if not text:
            if row is not None:
                row.delete_instance()
        elif row is None:
            BigWriteFeedback.create(piece=piece_id, pupil=pupil_id, text=text, staff=user.staff_id)
        else:
            BigWriteFeedback.update(text=text, staff=user.staff_id, recorded_at=now()).where(
                BigWriteFeedback.id == row.id).execute()
        audit(user.login, "bigwrite.feedback", "pupil", pupil_id, piece=piece_id, text=text)

    write(change)
    return text
