"""The Big Write tracking record names each rating's target: its ref then its letter, in
the order the pupil's targets were set, so every letter is matched to its target."""

from __future__ import annotations

import datetime as dt

from amtui.db.repo.bigwrite import PieceInfo
from amtui.db.repo.bigwrite_record import BigWriteRecord, Rated
from amtui.db.repo.tracking import PupilBasics
from amtui.domain.ryg import RYG
from amtui.ui.screens.bigwrite.record import ratings_text

PIECE = PieceInfo(7, 1, "4B", dt.date(2026, 11, 9), "A letter home", "Tess Tester")
ZOE = PupilBasics(3, "X011000000001", "O'Neill", "Zoë", 1, "4B", 4)


def record(*ratings: Rated) -> BigWriteRecord:
    return BigWriteRecord(1, (PIECE,), (ZOE,), {(ZOE.id, PIECE.id): ratings}, {})


def test_each_letter_follows_its_targets_ref_in_target_order():
    # W2/5 was set before W2/3: the record keeps the order it is given (the targets').
    shown = ratings_text(record(Rated(15, "W2/5", "Uses and", RYG.YELLOW),
                                Rated(13, "W2/3", "Full stops", RYG.GREEN)), ZOE.id, PIECE.id)
    assert shown.plain.split() == ["W2/5", "Y", "W2/3", "G"]


def test_a_piece_not_rated_for_the_pupil_is_a_dot():
    assert ratings_text(record(), ZOE.id, PIECE.id).plain == "·"
