"""import criteria: subjects and banks made as needed, texts updated, refs unique."""

from __future__ import annotations

import pytest

from amtui.db.models import CriteriaBank, Criterion, Subject
from amtui.imports import ImportFailed
from amtui.imports.criteria import parse_ref
from imports.builders import import_text, table_counts

HEADER = "subject,stage,ref,text\n"


def test_a_file_creates_subjects_banks_and_numbered_criteria(opened, tmp_path):
    result = import_text(tmp_path, "criteria", HEADER + "Maths,2,M2/1,Count to 100\n"
                         "Maths,2,m2/02,Add two digits\nMaths,3,M3/1,Multiply\n"
                         "Reading,St 2,R2/1,Read aloud\n")
    assert (result.rows, result.created, result.updated) == (4, 4, 0)
    assert {(s.name, s.code) for s in Subject.select()} == {("Maths", "M"), ("Reading", "R")}
    assert CriteriaBank.select().count() == 3
    second = Criterion.get(Criterion.ref == "M2/2")
    assert (second.number, second.bank.stage, second.text) == (2, 2, "Add two digits")


def test_a_re_import_updates_texts_and_adds_only_new_refs(opened, tmp_path):
    import_text(tmp_path, "criteria", HEADER + "Maths,2,M2/1,Count\nMaths,2,M2/2,Add\n")
    result = import_text(tmp_path, "criteria", HEADER + "maths,2,M2/1,Count to 100\n"
                         "Maths,2,M2/2,Add\nMaths,2,M2/3,Subtract\n")
    assert (result.created, result.updated) == (1, 1)
    assert "1 unchanged" in result.summary
    assert Criterion.select().count() == 3
    assert Criterion.get(Criterion.ref == "M2/1").text == "Count to 100"
    assert Subject.select().count() == 1


@pytest.mark.parametrize("rows, line, reason", [
    ("Maths,2,M2/1,Count\nMaths,2,M2/1,Again\n", 3, "duplicate ref M2/1 (also on line 2)"),
    ("Maths,3,M2/1,Count\n", 2, "ref M2/1 is stage 2, but the stage column says 3"),
    ("Maths,8,M8/1,Count\n", 2, "stage: '8' is not a stage from 0 to 7"),
    ("Maths,2,M2-1,Count\n", 2, "ref: 'M2-1' is not a criterion ref like M2/4"),
    ("Maths,2,M2/1,\n", 2, "text is empty"),
    ("Maths,2,M2/1,Count\nMaths,2,MA2/2,Add\n", 3, "Maths refs start with M on line 2, not MA"),
    ("Maths,2,M2/1,Count\nMusic,2,M2/2,Sing\n", 3, "refs starting M are Maths on line 2"),
])
def test_bad_rows_are_reported_and_nothing_is_imported(opened, tmp_path, rows, line, reason):
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        import_text(tmp_path, "criteria", HEADER + rows, name="c.csv")
    assert f"{tmp_path / 'c.csv'}:{line}: {reason}" in str(caught.value)
    assert table_counts() == before


@pytest.mark.parametrize("rows, reason", [
    ("Music,1,M1/1,Sing\n", "refs starting M belong to Maths"),
    ("Maths,2,MA2/2,Add\n", "Maths refs start with M, not MA"),
    ("Maths,3,M/5,Halve\n", "M/5 is already in Maths stage 2's bank"),
    ("Maths,2,M2/5,Fifth again\n", "Maths stage 2 already has criterion 5 (M/5)"),
])
def test_refs_must_agree_with_what_is_already_stored(opened, tmp_path, rows, reason):
    import_text(tmp_path, "criteria", HEADER + "Maths,2,M2/1,Count\nMaths,2,M/5,Halve\n")
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        import_text(tmp_path, "criteria", HEADER + rows, name="c.csv")
    assert str(caught.value).splitlines()[1:] == [f"{tmp_path / 'c.csv'}:2: {reason}",
                                                  "Nothing was imported."]
    assert table_counts() == before


def test_parse_ref_reads_the_usual_spellings():
    assert parse_ref(" m 2 / 04 ").text == "M2/4"
    assert parse_ref("RE/12") == parse_ref("re/12")
    assert parse_ref("L2/4").stage == 2 and parse_ref("L2/4").number == 4
    for bad in ("M2/0", "M24", "2/4", "M12/4"):
        with pytest.raises(ValueError):
            parse_ref(bad)
