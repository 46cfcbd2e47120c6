"""Crosses a save takes away, so the person who saved is told.

A half-term test mark of 0 records ``.`` for its criterion, and a Big Write red rating
does the same: the newest code of a half-term wins, so a pupil's ``X`` becomes ``.``.
That is the rule (a pupil can forget), but it must never happen unseen. Before such a
save, ``crosses_lowered`` works out, with the domain's rule for the code in force, which
of its changes would take an ``X`` away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from amtui.db.models import Criterion, CriterionMark, Pupil
from amtui.db.repo import tracking
from amtui.db.repo.marks import CodeChange
from amtui.db.repo.school import HalfTermInfo
from amtui.domain.codes import Code, MarkEntry, effective_code
from amtui.domain.names import pupil_name


@dataclass(frozen=True)
class Lowered:
    """A pupil's criterion that was ``X`` and is now lower."""

    pupil_id: int
    pupil_name: str
    ref: str
    after: Code

    def __str__(self) -> str:
        after = self.after.symbol.strip() or "blank"
        return f"{self.pupil_name}: {self.ref} lowered from X to {after}"


def crosses_lowered(half_term: HalfTermInfo, changes: Sequence[CodeChange]) -> tuple[Lowered, ...]:
    """Which ``changes`` would turn a code in force at ``half_term`` from X to lower.

    Call it inside the save's transaction, before the codes are saved. An absence never
    lowers anything (it is not evidence; the earlier code still counts).
    """
    wanted = [c for c in changes if c.code not in (Code.CROSS, Code.ABSENT)]
    if not wanted:
        return ()
    pupils, criteria = {c.pupil_id for c in wanted}, {c.criterion_id for c in wanted}
    ordinals = tracking.half_term_ordinals()
    history: dict[tuple[int, int], list[MarkEntry]] = {}
    for pid, cid, ht, code, seq in (CriterionMark.select(CriterionMark.pupil, CriterionMark.criterion,
                                                         CriterionMark.half_term, CriterionMark.code, CriterionMark.id)
                                    .where(CriterionMark.pupil.in_(pupils), CriterionMark.criterion.in_(criteria))
                                    .tuples()):
        history.setdefault((pid, cid), []).append(MarkEntry(ordinals[ht], Code(code), seq))
    lost = [c for c in wanted
            if effective_code(history.get((c.pupil_id, c.criterion_id), ()), half_term.ordinal) is Code.CROSS]
    if not lost:
        return ()
    names = {p.id: pupil_name(p.forename, p.surname) for p in
             Pupil.select(Pupil.id, Pupil.forename, Pupil.surname).where(Pupil.id.in_({c.pupil_id for c in lost}))}
    refs = dict(Criterion.select(Criterion.id, Criterion.ref)
                .where(Criterion.id.in_({c.criterion_id for c in lost})).tuples())
    return tuple(Lowered(c.pupil_id, names[c.pupil_id], refs[c.criterion_id], c.code) for c in lost)


def lowered_text(lowered: Sequence[Lowered], most: int = 3) -> str:
    """One line for the message: the first few, then how many more."""
    shown = "; ".join(str(item) for item in lowered[:most])
    more = len(lowered) - most
    return shown + (f"; and {more} more" if more > 0 else "") + "."
