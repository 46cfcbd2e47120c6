import pytest

from amtui.domain.roles import Role, parse_roles


def test_parse_roles_values_and_case():
    assert parse_roles("teacher; SLT;ta") == {Role.TEACHER, Role.SLT, Role.TA}


def test_parse_roles_titles_and_spellings():
    assert parse_roles("Head of Department, head of year") == {Role.HOD, Role.HOY}
    assert parse_roles("Teaching Assistant | H.o.D. | Senior leadership team") == \
        {Role.TA, Role.HOD, Role.SLT}
    assert parse_roles("") == frozenset()


def test_parse_roles_names_the_bad_one():
    with pytest.raises(ValueError, match="'caretaker' is not a role"):
        parse_roles("teacher; caretaker")


def test_titles():
    assert Role.TA.title == "Teaching assistant"
    assert Role.SLT.title == "Senior leadership"
    assert Role("hod") is Role.HOD
