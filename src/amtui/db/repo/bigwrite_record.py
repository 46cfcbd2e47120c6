"""Big Write across the year: a class's tracking record (pupils x pieces, and the gaps) and
one pupil's pieces with their ratings and feedback."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from amtui.db.connection import read
from amtui.db.models import BigWriteFeedback, BigWritePiece, BigWriteRating, Criterion, Target
from amtui.db.repo import tracking
from amtui.db.repo.bigwrite import PieceInfo, class_pieces, piece_query, piece_row
from amtui.db.repo.membership import class_day
from amtui.db.repo.tracking import PupilBasics
from amtui.domain.ryg import RYG


@dataclass(frozen=True)
class Rated:
    """One rating on a piece: the criterion and its R/Y/G."""

    criterion_id: int
    ref: str
    text: str
    rating: RYG


@dataclass(frozen=True)
class BigWriteRecord:
    """A class's Big Write tracking record: pupils x pieces, and the gaps."""

    class_id: int
    pieces: tuple[PieceInfo, ...]  # oldest first
    pupils: tuple[PupilBasics, ...]
    cells: dict[tuple[int, int], tuple[Rated, ...]]  # (pupil, piece) -> ratings
    feedback: dict[tuple[int, int], str]

    def gaps(self, pupil_id: int) -> list[Rated]:
        """Targets rated this year whose latest rating is not green: what to teach next."""
        latest: dict[int, Rated] = {}
        for piece_info in self.pieces:
            for rated in self.cells.get((pupil_id, piece_info.id), ()):
                latest[rated.criterion_id] = rated
        return [r for r in latest.values() if r.rating is not RYG.GREEN]


def _ratings(where) -> dict[tuple[int, int], list[Rated]]:
    found: dict[tuple[int, int], list[Rated]] = {}
    for pupil, piece_id, cid, ref, text, rating in (
            BigWriteRating.select(BigWriteRating.pupil, BigWriteRating.piece, Criterion.id, Criterion.ref,
                                  Criterion.text, BigWriteRating.rating)
            .join(Criterion).where(where).order_by(Criterion.number, BigWriteRating.id).tuples()):
        found.setdefault((pupil, piece_id), []).append(Rated(cid, ref, text, RYG(rating)))
    _in_target_order(found)
    return found


def _in_target_order(found: dict[tuple[int, int], list[Rated]]) -> None:
    """Each pupil's ratings in the order their writing targets were set, as the piece's
    sheet lists them (a criterion no longer a target after them, by its number)."""
    pupils = list({pupil for pupil, _ in found})
    order: dict[tuple[int, int], int] = {}
    for pupil, criterion in (Target.select(Target.pupil, Target.criterion)
                             .where(Target.pupil.in_(pupils), Target.kind == "medium",
                                    Target.criterion.is_null(False))
                             .order_by(Target.set_at, Target.id).tuples()):
        order.setdefault((pupil, criterion), len(order))
    for (pupil, _), rated in found.items():
        rated.sort(key=lambda r: order.get((pupil, r.criterion_id), len(order)))  # stable


def class_record(class_id: int, year: int, today: dt.date | None = None) -> BigWriteRecord:
    """The class's pieces written in academic year ``year`` and every pupil's ratings on
    them; the pupils are the class's on ``today`` (default: the real date), or on the last
    day of a past year's class."""
    first, last = dt.date(year, 9, 1), dt.date(year + 1, 8, 31)
    pieces = [p for p in reversed(class_pieces(class_id)) if first <= p.written_on <= last]

    def query() -> BigWriteRecord:
        pupils = sorted(tracking.pupils_on_roll(class_id, None, on=class_day(class_id, today)).values(),
                        key=lambda p: (p.surname.lower(), p.forename.lower(), p.id))
        ids = [p.id for p in pieces]
        cells = _ratings(BigWriteRating.piece.in_(ids))
        feedback = {(pupil, piece_id): text for pupil, piece_id, text in
                    BigWriteFeedback.select(BigWriteFeedback.pupil, BigWriteFeedback.piece, BigWriteFeedback.text)
                    .where(BigWriteFeedback.piece.in_(ids)).tuples()}
        return BigWriteRecord(class_id, tuple(pieces), tuple(pupils),
                              {k: tuple(v) for k, v in cells.items()}, feedback)

    return read(query)


@dataclass(frozen=True)
class PupilPiece:
    piece: PieceInfo
    ratings: tuple[Rated, ...]
    feedback: str


def pupil_pieces(pupil_id: int) -> list[PupilPiece]:
    """Every piece the pupil was rated on or given feedback for, newest first."""

    def query() -> list[PupilPiece]:
        cells = _ratings(BigWriteRating.pupil == pupil_id)
        feedback = dict(BigWriteFeedback.select(BigWriteFeedback.piece, BigWriteFeedback.text)
                        .where(BigWriteFeedback.pupil == pupil_id).tuples())
        ids = {piece_id for _, piece_id in cells} | set(feedback)
        rows = (piece_query().where(BigWritePiece.id.in_(list(ids)))
                .order_by(BigWritePiece.written_on.desc(), BigWritePiece.id.desc()).tuples())
        return [PupilPiece(p, tuple(cells.get((pupil_id, p.id), ())), feedback.get(p.id, ""))
                for p in map(piece_row, rows)]

    return read(query)
