"""UPNs, year groups and characteristics as MIS files write them."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.domain import characteristics as ch
from amtui.domain.attendance_marks import attendance_percent
from amtui.domain.upn import is_temporary, parse_upn, with_check_letter
from amtui.domain.year_group import year_label


@pytest.mark.parametrize("text, upn", [
    ("B801200005001", "B801200005001"),   # stdnum's own example
    ("b801200005001", "B801200005001"),
    (" B801 2000 05001 ", "B801200005001"),
    ("C93640212401A", "C93640212401A"),   # temporary: ends in a letter
    ("X940000000001", "X940000000001"),   # a local authority made after stdnum's list
])
def test_upns_with_the_right_check_letter_are_read(text, upn):
    assert parse_upn(text) == upn


def test_a_wrong_check_letter_names_the_right_one():
    with pytest.raises(ValueError, match=r"'A801200005001' has the wrong check letter: it should be B "
                                         r"\(B801200005001\)"):
        parse_upn("A801200005001")
    with pytest.raises(ValueError, match="it should be C"):
        parse_upn("D93640212401A")


@pytest.mark.parametrize("text", ["B80120000500", "B8012000050011", "I801200005001", "B80120000A001",
                                  "B80120000500I", "B80120000500O", "1801200005001", ""])
def test_other_shapes_are_not_upns(text):
    with pytest.raises(ValueError, match="is not a UPN"):
        parse_upn(text)


def test_with_check_letter_makes_valid_upns():
    assert with_check_letter("801200005001") == "B801200005001"
    assert is_temporary(with_check_letter("93640212401A")) and not is_temporary("B801200005001")


@pytest.mark.parametrize("year, long, short", [(-2, "Nursery 1", "N1"), (-1, "Nursery 2", "N2"),
                                               (0, "Reception", "R"), (4, "Year 4", "Y4"),
                                               (13, "Year 13", "Y13")])
def test_year_labels(year, long, short):
    assert (year_label(year), year_label(year, short=True)) == (long, short)


@pytest.mark.parametrize("text, code", [("M", "M"), ("male", "M"), ("Boy", "M"), ("F", "F"), ("Female", "F"),
                                        ("Other", "X"), ("U", "U"), ("Not known", "U"), ("", "")])
def test_gender_codes(text, code):
    assert ch.parse_gender(text) == code


@pytest.mark.parametrize("text, code", [("", "N"), ("N", "N"), ("No SEN", "N"), ("K", "K"),
                                        ("SEN Support", "K"), ("A", "K"), ("P", "K"), ("yes", "K"),
                                        ("E", "E"), ("EHC Plan", "E"), ("EHCP", "E"), ("S", "E"),
                                        ("Statement", "E")])
def test_sen_provision_codes(text, code):
    assert ch.parse_sen(text) == code


@pytest.mark.parametrize("parse, text", [(ch.parse_gender, "Q"), (ch.parse_sen, "maybe"),
                                         (ch.parse_yes_no, "perhaps")])
def test_unknown_values_are_refused(parse, text):
    with pytest.raises(ValueError, match=f"'{text}' is not"):
        parse(text)


@pytest.mark.parametrize("language, eal", [("English", False), ("ENG", False), ("ENB", False),
                                           ("Not obtained", False), ("REF", False), ("", False),
                                           ("Polish", True), ("POL", True), ("Other than English", True)])
def test_eal_from_the_first_language(language, eal):
    assert ch.eal_from_first_language(language) is eal


def test_fsm_ever_6_counts_six_years_back():
    today = dt.date(2026, 11, 30)
    assert ch.fsm_ever_6([(dt.date(2024, 1, 8), None)], today)
    assert ch.fsm_ever_6([(dt.date(2018, 1, 8), dt.date(2021, 3, 1))], today)
    assert not ch.fsm_ever_6([(dt.date(2018, 9, 3), dt.date(2019, 7, 19))], today)
    assert not ch.fsm_ever_6([], today)


def test_attendance_from_register_marks():
    monday = dt.date(2026, 9, 7)
    week = "/\\/\\IIL\\OB" + "----"  # Mon-Fri then a weekend: 10 sessions, 2 ill, 1 unauthorised
    assert attendance_percent(monday, week * 2, monday, monday + dt.timedelta(days=13)) == 70.0
    assert attendance_percent(monday, week, monday + dt.timedelta(days=2), monday + dt.timedelta(days=2)) == 0.0
    assert attendance_percent(monday, "##--", monday, monday + dt.timedelta(days=1)) is None
