"""The small school with something on every screen: half-term tests for Maths stage 2 in
every half-term (so the real today's half-term has one), a Big Write piece for 4B and an
admin for the staff screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tmux import load_small_school


def build(path: Path) -> Path:
    """Write the school to ``path`` and close it (each test's program opens it itself)."""
    made = load_small_school().build(path)
    from amtui.db.connection import write
    from amtui.db.models import (
        BigWritePiece, CriteriaBank, Criterion, HalfTermQuestion, HalfTermTest, SchoolClass, Staff, Subject,
        WorkingStage,
    )

    def fill() -> None:
        maths = Subject.get(Subject.name == "Maths")
        for name in ("Adam Ash", "Bella Brown", "Callum Cole", "Dara Doyle"):
            WorkingStage.create(pupil=made.pupils[name], subject=maths, stage=2)
        bank = CriteriaBank.get(CriteriaBank.subject == maths, CriteriaBank.stage == 2)
        for number in range(1, 7):
            test = HalfTermTest.create(subject=maths, stage=2, number=number, title=f"Maths stage 2 test {number}")
            for position in range(1, 6):
                HalfTermQuestion.create(test=test, number=str(position), position=position, marks=2,
                                        section="Number", criterion=Criterion.get(Criterion.bank == bank,
                                                                                  Criterion.number == position))
        Staff.create(username="admin", name="Ada Admin", roles="admin")  # for the staff screen
        BigWritePiece.create(school_class=SchoolClass.get(SchoolClass.name == "4B"),
                             written_on=dt.date.today(), title="A day at the sea")

    write(fill)
    made.opened.db.close()
    return path
