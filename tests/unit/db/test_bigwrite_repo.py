"""Big Write in the database: pieces, ratings recorded as evidence, feedback, the record."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.connection import write
from amtui.db.models import AuditEntry, BigWriteFeedback, BigWriteRating, CriterionMark, HalfTerm, Target
from amtui.db.repo import bigwrite, bigwrite_record, school, staff
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import NotAllowed
from amtui.domain.ryg import RYG
from pupil_school import build


@pytest.fixture
def made(tmp_path):
    school_, extras = build(tmp_path / "school.db")
    yield school_, extras
    school_.opened.db.close()


def marks(pupil: int, criterion: int) -> list[tuple[str, str]]:
    return [(m.code, m.source) for m in CriterionMark.select().where(
        CriterionMark.pupil == pupil, CriterionMark.criterion == criterion).order_by(CriterionMark.id)]


def test_a_piece_lists_pupils_with_their_writing_targets(made):
    made_school, extras = made
    sheet = bigwrite.load_piece(extras.piece_id)
    assert sheet.piece.title == "A letter home" and sheet.half_term.number == 4
    rows = {r.name: r for r in sheet.rows}
    assert list(rows) == ["Adam Ash", "Bella Brown", "Callum Cole", "Dara Doyle", "Zoë O'Neill"]
    assert [t.ref for t in rows["Zoë O'Neill"].targets] == ["W2/3", "W2/5"]  # her Reading targets are not here
    assert [t.ref for t in rows["Adam Ash"].targets] == ["W2/4"] and rows["Bella Brown"].targets == ()
    assert sheet.slots == 2


def test_a_rating_is_evidence_in_the_same_transaction_and_clearing_restores(made):
    made_school, extras = made
    zoe, teacher, w3 = made_school.pupils["Zoë O'Neill"], staff.identify("tester"), extras.writing_criteria[2]
    source = f"bigwrite:{extras.piece_id}"
    bigwrite.rate(teacher, extras.piece_id, zoe, w3, RYG.YELLOW)
    assert marks(zoe, w3) == [("/", source)]
    bigwrite.rate(teacher, extras.piece_id, zoe, w3, RYG.GREEN)  # re-rated: newest evidence wins
    assert marks(zoe, w3) == [("/", source), ("X", source)]
    assert [(r.rating, r.criterion_id) for r in BigWriteRating.select()] == [("G", w3)]
    assert bigwrite.load_piece(extras.piece_id).rows[-1].ratings == {w3: RYG.GREEN}
    # Clearing puts back what the criterion had without this piece: here, nothing.
    bigwrite.rate(teacher, extras.piece_id, zoe, w3, None)
    assert marks(zoe, w3)[-1] == ("", source) and BigWriteRating.select().count() == 0
    actions = [a.action for a in AuditEntry.select().where(AuditEntry.action != "schema.create")
               .order_by(AuditEntry.id)]
    assert actions == ["mark.set", "bigwrite.rate"] * 3


def test_clearing_keeps_evidence_from_elsewhere(made):
    made_school, extras = made
    zoe, teacher, r15 = made_school.pupils["Zoë O'Neill"], staff.identify("tester"), extras.reading_criteria[14]
    bigwrite.rate(teacher, extras.piece_id, zoe, r15, RYG.RED)
    bigwrite.rate(teacher, extras.piece_id, zoe, r15, None)
    assert [code for code, _ in marks(zoe, r15)] == ["X", "/", ".", "/"]  # back to the grid's line


def test_a_locked_half_term_or_another_class_writes_nothing(made):
    made_school, extras = made
    zoe, w3 = made_school.pupils["Zoë O'Neill"], extras.writing_criteria[2]
    with pytest.raises(NotAllowed, match="only for your own classes"):
        bigwrite.rate(staff.identify("jsmith"), extras.piece_id, zoe, w3, RYG.GREEN)
    ht4 = school.half_term(made_school.start_year, 4)
    write(lambda: HalfTerm.update(locked_at=HalfTerm.start).where(HalfTerm.id == ht4.id).execute())
    with pytest.raises(NotAllowed, match="HT4 is locked"):
        bigwrite.rate(staff.identify("tester"), extras.piece_id, zoe, w3, RYG.GREEN)
    assert marks(zoe, w3) == [] and BigWriteRating.select().count() == 0


def test_new_pieces_and_feedback(made):
    made_school, extras = made
    zoe, teacher = made_school.pupils["Zoë O'Neill"], staff.identify("tester")
    with pytest.raises(UserFacingError, match="title"):
        bigwrite.create_piece(teacher, made_school.classes["4B"], made_school.today, "  ")
    with pytest.raises(NotAllowed):
        bigwrite.create_piece(teacher, made_school.classes["6R"], made_school.today, "Not mine")
    made_piece = bigwrite.create_piece(teacher, made_school.classes["4B"], made_school.today, " My  hero ")
    assert made_piece.title == "My hero" and made_piece.created_by == "Tess Tester"
    assert [p.title for p in bigwrite.class_pieces(made_school.classes["4B"])] == ["My hero", "A letter home"]
    bigwrite.save_feedback(teacher, extras.piece_id, zoe, "Lovely  openers")
    bigwrite.save_feedback(teacher, extras.piece_id, zoe, "Lovely openers; check full stops")
    assert [f.text for f in BigWriteFeedback.select()] == ["Lovely openers; check full stops"]
    bigwrite.save_feedback(teacher, extras.piece_id, zoe, "")
    assert BigWriteFeedback.select().count() == 0


def test_the_class_record_and_a_pupils_pieces(made):
    made_school, extras = made
    zoe, adam, teacher = made_school.pupils["Zoë O'Neill"], made_school.pupils["Adam Ash"], staff.identify("tester")
    w3, w4, w5 = extras.writing_criteria[2:5]
    first = bigwrite.create_piece(teacher, made_school.classes["4B"], made_school.today - dt.timedelta(days=40),
                                  "Earlier")
    bigwrite.rate(teacher, first.id, zoe, w3, RYG.RED)
    bigwrite.rate(teacher, extras.piece_id, zoe, w3, RYG.GREEN)
    bigwrite.rate(teacher, extras.piece_id, zoe, w5, RYG.YELLOW)
    bigwrite.rate(teacher, extras.piece_id, adam, w4, RYG.RED)
    bigwrite.save_feedback(teacher, extras.piece_id, zoe, "Better")
    record = bigwrite_record.class_record(made_school.classes["4B"], made_school.start_year)
    assert [p.title for p in record.pieces] == ["Earlier", "A letter home"]  # oldest first
    assert [r.rating for r in record.cells[(zoe, extras.piece_id)]] == [RYG.GREEN, RYG.YELLOW]
    assert [r.ref for r in record.gaps(zoe)] == ["W2/5"]  # W2/3 went from red to green
    assert [r.ref for r in record.gaps(adam)] == ["W2/4"]
    pieces = bigwrite_record.pupil_pieces(zoe)
    assert [(p.piece.title, p.feedback, [r.ref for r in p.ratings]) for p in pieces] == [
        ("A letter home", "Better", ["W2/3", "W2/5"]), ("Earlier", "", ["W2/3"])]


def test_a_pupils_ratings_are_in_the_order_of_their_targets_not_of_the_criteria(made):
    made_school, extras = made
    zoe, teacher = made_school.pupils["Zoë O'Neill"], staff.identify("tester")
    w3, w5 = extras.writing_criteria[2], extras.writing_criteria[4]
    later = dt.datetime.combine(made_school.today - dt.timedelta(days=10), dt.time(10))
    write(lambda: Target.update(set_at=later).where(Target.id == extras.targets["W2/3"]).execute())
    bigwrite.rate(teacher, extras.piece_id, zoe, w3, RYG.GREEN)
    bigwrite.rate(teacher, extras.piece_id, zoe, w5, RYG.RED)
    record = bigwrite_record.class_record(made_school.classes["4B"], made_school.start_year)
    assert [(r.ref, r.rating) for r in record.cells[(zoe, extras.piece_id)]] == [
        ("W2/5", RYG.RED), ("W2/3", RYG.GREEN)]  # W2/5 was set first
    assert [r.ref for r in bigwrite_record.pupil_pieces(zoe)[0].ratings] == ["W2/5", "W2/3"]
