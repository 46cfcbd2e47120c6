"""The class record's cells and figures, from mark histories."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from amtui.domain.class_record import CellState, ClassRecord, cell_state, recorded
from amtui.domain.codes import Code, MarkEntry
from amtui.domain.targets import Status

HT1, HT2, HT3 = 100, 101, 102


def test_a_cell_carries_an_earlier_code_and_says_when_it_was_set():
    state = cell_state([MarkEntry(HT1, Code.LINE, 1)], HT2)
    assert state == CellState(code=Code.LINE, set_in=HT1, current=False, absent=False, newest_id=None)


def test_a_code_set_this_half_term_is_current_and_can_go_down():
    state = cell_state([MarkEntry(HT1, Code.CROSS, 1), MarkEntry(HT2, Code.DOT, 7)], HT2)
    assert (state.code, state.current, state.newest_id) == (Code.DOT, True, 7)


def test_later_half_terms_are_not_seen_from_an_earlier_one():
    assert cell_state([MarkEntry(HT3, Code.CROSS, 9)], HT2).code is Code.BLANK


def test_absent_keeps_the_earlier_code_but_is_shown():
    state = cell_state([MarkEntry(HT1, Code.CROSS, 1), MarkEntry(HT2, Code.ABSENT, 4)], HT2)
    assert state.code is Code.CROSS and state.absent and not state.current and state.newest_id == 4


def record(scale, crosses_by_pupil, size=30, **known):
    criteria = list(range(1, size + 1))
    rec = ClassRecord(bank_stage=2, criteria=criteria, pupils=list(crosses_by_pupil), at=HT2,
                      half_term_number=2, scale=scale, **known)
    for pupil, n in crosses_by_pupil.items():
        for criterion in criteria[:n]:
            rec.set_cell(pupil, criterion, CellState(code=Code.CROSS, set_in=HT2, current=True))
    return rec


def test_fourteen_crosses_is_st2_developing_mid(scale):
    figures = record(scale, {1: 14}).figures(1)
    assert (figures.crosses, figures.placement.substage.label, figures.placement.position) == (
        14, "St 2 Developing", "mid")
    assert figures.status is None  # no baseline or target: no status, not a guess


def test_status_against_the_expected_position(scale):
    emerging, developing = scale.parse("St 2 Emerging"), scale.parse("St 3 Developing")
    rec = record(scale, {1: 14, 2: 3}, baselines={1: emerging, 2: emerging},
                 targets={1: developing, 2: developing})
    # expected at HT2: Emerging + floor(5 * 2 / 6) = +1 -> St 2 Developing
    assert rec.figures(1).expected.label == "St 2 Developing"
    assert rec.figures(1).status is Status.ON_TARGET
    assert rec.figures(2).status is Status.NEARLY


def test_figures_and_counts_follow_each_change_of_a_cell(scale):
    rec = record(scale, {1: 14, 2: 2})
    assert (rec.figures(1).crosses, rec.secured(1), rec.secured(20)) == (14, 2, 0)
    rec.set_cell(1, 20, CellState(code=Code.CROSS, set_in=HT2, current=True))
    rec.set_cell(2, 1, CellState(code=Code.LINE, set_in=HT2, current=True))
    assert (rec.figures(1).crosses, rec.figures(2).crosses) == (15, 1)
    assert (rec.secured(1), rec.secured(20)) == (1, 1)


def test_secured_counts_and_gaps_in_teaching(scale):
    rec = record(scale, {1: 10, 2: 10, 3: 2, 4: 0})
    assert rec.secured(1) == 3 and not rec.is_gap(1)
    assert rec.secured(5) == 2 and not rec.is_gap(5)  # exactly half is not a gap
    assert rec.secured(11) == 0 and rec.is_gap(11)


def test_a_full_bank_proposes_the_move(scale):
    assert record(scale, {1: 25}).figures(1).move_due
    assert not record(scale, {1: 24}).figures(1).move_due


entries = st.lists(st.builds(MarkEntry, st.integers(0, 4), st.sampled_from(list(Code)), st.integers(1, 50)),
                   max_size=6)


@settings(max_examples=300, deadline=None)
@given(entries, st.sampled_from(list(Code)), st.integers(0, 4))
def test_recording_a_code_gives_what_the_history_with_it_gives(history, code, at):
    before = cell_state(history, at)
    after = cell_state(history + [MarkEntry(at, code, 99)], at)  # the newest entry of all
    assert recorded(before, code, at) == CellState(after.code, after.set_in, after.current, after.absent,
                                                   before.newest_id)


def test_a_cleared_cell_is_blank_set_this_half_term():
    before = cell_state([MarkEntry(10, Code.CROSS, 1)], 12)
    assert recorded(before, Code.BLANK, 12) == CellState(Code.BLANK, 12, True, False, None)
    assert recorded(before, Code.ABSENT, 12) == CellState(Code.CROSS, 10, False, True, None)
