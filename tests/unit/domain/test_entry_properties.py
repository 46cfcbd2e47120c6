"""Every field a person types into: any text gives a value or a ValueError with a message,
never another exception (which would reach the screen as a traceback)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amtui.domain.attitude import attendance_colour
from amtui.domain.calendar import parse_school_date
from amtui.domain.codes import Code, parse_code
from amtui.domain.roles import parse_roles
from amtui.domain.ryg import parse_ryg
from amtui.domain.scale import default_scale
from amtui.domain.settings import Settings
from amtui.domain.weekly import LEVELS, parse_level

typed = st.one_of(st.text(max_size=40), st.sampled_from(["", " ", "X", "x", "/", ".", "12/13/2026", "2026-02-30",
                                                         "St 2 Emerging", "st2 emerging", "L2", "B2-3", "slt;ta",
                                                         "teacher;;", "99.9", "-1", "NaN", "inf", "1e309"]))

PARSERS = [
    ("code", parse_code, lambda v: isinstance(v, Code)),
    ("date", parse_school_date, lambda v: 1900 < v.year < 2200),
    ("level", parse_level, lambda v: v in LEVELS),
    ("sub-stage", default_scale().parse, lambda v: v.label),
    ("roles", parse_roles, lambda v: isinstance(v, frozenset)),
    ("rating", parse_ryg, lambda v: v.value in "RYG"),
]


@pytest.mark.parametrize(("name", "parse", "valid"), PARSERS, ids=[p[0] for p in PARSERS])
@settings(max_examples=300, deadline=None)
@given(text=typed)
def test_typed_text_is_a_value_or_a_clear_refusal(name, parse, valid, text):
    try:
        value = parse(text)
    except ValueError as refusal:
        assert str(refusal)  # a message to show, not an empty error
    else:
        assert valid(value)


@settings(max_examples=300, deadline=None)
@given(percent=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-1000, 1000)))
def test_attendance_is_a_colour_or_a_clear_refusal(percent):
    try:
        colour = attendance_colour(percent, Settings())
    except ValueError as refusal:
        assert str(refusal)
    else:
        assert 0 <= percent <= 100 and colour.value in "RYG"
