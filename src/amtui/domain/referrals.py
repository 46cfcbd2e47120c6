"""Referrals: any member of staff refers a pupil causing concern, with a reason.

A referral reaches the pupil's mentor, or their head of year when they have none (who
liaises with the AMT). It stays open until its recipient ends it: accepted (the pupil
goes onto the programme), passed on to someone named (who gets it, open), or closed
with an outcome. The referrer sees what became of it.
"""

from __future__ import annotations

from enum import Enum

from amtui.domain.errors import UserFacingError


class Status(str, Enum):
    OPEN = "open"
    ACCEPTED = "accepted"
    PASSED = "passed"
    CLOSED = "closed"


STATUSES = tuple(status.value for status in Status)


def recipient(mentor_id: int | None, head_of_year_id: int | None) -> int:
    """Who a referral reaches: the pupil's mentor, else their head of year."""
    if mentor_id is not None:
        return mentor_id
    if head_of_year_id is not None:
        return head_of_year_id
    raise UserFacingError("This pupil has no mentor and their year has no head of year to refer them to; "
                          "ask an admin to name one.")


def may_end(status: str, recipient_id: int | None, staff_id: int, amt: bool) -> None:
    """Refuse to end a referral that is not open, or that is someone else's (the AMT may end any)."""
    if status != Status.OPEN.value:
        raise UserFacingError(f"This referral has already ended ({status}).")
    if recipient_id != staff_id and not amt:
        raise UserFacingError("Only the person this referral reached, or the AMT, can end it.")


def what_became(status: str, outcome: str, passed_to: str) -> str:
    """What the referrer reads: 'open', 'accepted onto the programme', 'passed on to X',
    'closed: the outcome'."""
    if status == Status.ACCEPTED.value:
        return "accepted onto the programme"
    if status == Status.PASSED.value:
        return f"passed on to {passed_to}"
    if status == Status.CLOSED.value:
        return f"closed: {outcome}" if outcome else "closed"
    return "open"
