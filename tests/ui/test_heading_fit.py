"""A heading fits its width: the parts that may go go first, lowest rank first."""

from __future__ import annotations

from amtui.ui.widgets.heading import fitted_heading


def test_a_heading_that_fits_is_every_part():
    assert fitted_heading(80, "Elm · Reading", ("also St 2: 1 (b)", 2), "HT3", ("down ↓", 1)) == \
        "Elm · Reading · also St 2: 1 (b) · HT3 · down ↓"


def test_a_narrow_heading_leaves_out_rank_1_then_2_and_keeps_the_reason():
    parts = ("Elm · Reading", ("also St 2: 1 (b)", 2), "HT3", "read-only: HT3 has not started yet", ("down ↓", 1))
    assert fitted_heading(75, *parts) == "Elm · Reading · also St 2: 1 (b) · HT3 · read-only: HT3 has not started yet"
    assert fitted_heading(60, *parts) == "Elm · Reading · HT3 · read-only: HT3 has not started yet"


def test_a_heading_still_too_long_is_cut_at_its_end_with_an_ellipsis():
    assert fitted_heading(10, "Elm · Reading", ("down ↓", 1)) == "Elm · Rea…"
    assert fitted_heading(40, "", "HT3", ("", 1)) == "HT3"  # empty parts leave no separator
