"""The one rule for free text: what is refused, the limits, and printable()."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amtui.domain.text import (
    BIDI_CONTROLS, FIELDS, LINE_PATTERN, TextRefused, checked, limit, printable, problem,
)
import re


def test_an_escape_in_a_forename_is_named_with_its_position():
    assert problem("forename", "Ad\x1b]0;x\x07") == \
        "the forename holds a control character (ESC) at position 3"


def test_an_over_long_note_says_how_long_and_the_most():
    assert problem("note", "a" * 4512) == "the note is 4,512 characters; the most is 4,000"


@pytest.mark.parametrize("char", ["\x00", "\x07", "\t", "\n", "\x7f", "\x9b", "\u202e", "\u2066"])
def test_single_line_fields_refuse_controls_tab_and_bidi(char):
    assert problem("surname", f"Ash{char}") is not None


def test_multi_line_notes_keep_line_breaks_and_tabs_only():
    assert problem("meeting note", "One\n\tTwo") is None
    assert "ESC" in problem("meeting note", "One\n\x1b[2J")


def test_checked_raises_a_value_error_a_person_can_read():
    with pytest.raises(TextRefused, match=r"^The forename holds a control character \(NUL\) at position 1\.$"):
        checked("forename", "\x00Ann")
    assert checked("forename", "Zoë O'Neill") == "Zoë O'Neill"
    assert issubclass(TextRefused, ValueError)


def test_the_table_has_the_limits_asked_for():
    assert (limit("forename"), limit("upn"), limit("criterion"), limit("note"), limit("login")) == \
        (100, 13, 300, 4000, 64)
    assert all(field.most > 0 for field in FIELDS.values())


def test_printable_shows_escapes_and_cuts_long_text():
    assert printable("A\x1b]0;owned\x07\x1b[2J") == "A^[]0;owned^G^[[2J"
    assert printable("x\u202ey") == "x<U+202E>y"
    assert printable("a" * 1000, most=10) == "a" * 10 + "… (990 more characters)"
    assert printable("one\ntwo", lines=True) == "one\ntwo"
    assert printable("one\ntwo") == "one^Jtwo"


def test_the_input_pattern_refuses_what_the_rule_refuses():
    assert re.fullmatch(LINE_PATTERN, "Zoë O'Neill-Smith")
    for char in "\x00\x1b\t\x7f\x9b\u202e":
        assert re.fullmatch(LINE_PATTERN, f"a{char}b") is None


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc" or ord(char) in BIDI_CONTROLS


@settings(max_examples=300)
@given(st.text(), st.integers(min_value=0, max_value=300))
def test_printable_never_returns_a_control_and_is_bounded(text, most):
    shown = printable(text, most=most)
    assert not any(_is_control(char) for char in shown)
    assert len(shown) <= most + len("… ( more characters)") + len(f"{len(text):,}")


@given(st.text())
def test_printable_keeps_clean_short_text_as_it_is(text):
    if problem("cell", text) is None:
        assert printable(text, most=None) == text


@given(st.text())
def test_a_file_with_only_line_ends_refused_has_no_other_refused_character(text):
    from amtui.domain.text import is_refused, refused_only_line_ends

    assert refused_only_line_ends(text) == all(c in "\r\n" or not is_refused(c) for c in text)


def test_exactly_the_controls_are_refused():
    from amtui.domain.text import is_refused

    controls = set(range(0x20)) | set(range(0x7F, 0xA0)) | set(BIDI_CONTROLS)
    assert {p for p in range(0x3000) if is_refused(chr(p))} == controls
    assert {p for p in range(0x3000) if is_refused(chr(p), lines=True)} == controls - {0x09, 0x0A}
