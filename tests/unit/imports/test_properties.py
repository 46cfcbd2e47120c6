"""Property-based: whatever rows, encodings and text arrive, an import either succeeds
fully or changes nothing, never crashes, and exports neutralise formula-like text."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amtui.imports import ImportFailed, run_import
from amtui.reports.exports import run_export
from imports.builders import ADMIN, ANN, BOB, table_counts

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
                max_size=30).filter(lambda s: s.strip() == s and s.strip())
cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", ".", "/", "X", "x", "Y", "26", "-1", "=cmd|' /C calc'!A0", "31/02/2026",
                     "2026-11-20", "St 2 Emerging", "St 9 Nowhere", "Level 2", "Bridging 2-3", "a",
                     ANN, BOB, "F269999999999", "M2/4", "M9/99", "Maths", "Art", "1", "7", "O'Neill",
                     "Zoë", "Chloé", "\u00a0", "\ufeff"]),
)
COLUMNS = {
    "marks": ["upn", "subject", "ref", "half_term", "code"],
    "weekly": ["upn", "date", "level", "test", "score"],
    "baselines": ["upn", "subject", "baseline", "target", "fft"],
    "pupils": ["upn", "forename", "surname", "dob", "year", "class"],
    "staff": ["username", "name", "roles"],
    "criteria": ["subject", "stage", "ref", "text"],
}


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@FAST
@given(kind=st.sampled_from(sorted(COLUMNS)), data=st.data(),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_an_import_is_all_or_nothing_whatever_the_rows(school, kind, data, encoding):
    header = COLUMNS[kind]
    rows = data.draw(st.lists(st.lists(cells, min_size=len(header), max_size=len(header)), max_size=6))
    text = csv_text(header, rows)
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        raw = text.encode("utf-8")
    path = school / f"{kind}.csv"
    path.write_bytes(raw)
    before = table_counts()
    try:
        result = run_import(kind, path, ADMIN)
    except ImportFailed as failure:
        message = str(failure)
        assert path.name in message and "Nothing was imported" in message
        assert table_counts() == before
    else:
        assert result.rows == len([r for r in rows if any(c.strip() for c in r)])


@FAST
@given(forename=names, surname=names)
def test_any_name_imports_and_exports_safely(school, forename, surname):
    path = school / "pupils.csv"
    path.write_text(csv_text(COLUMNS["pupils"], [[ANN, forename, surname, "2018-10-01", "2", "2B"]]),
                    encoding="utf-8")
    run_import("pupils", path, ADMIN)
    import_baseline = school / "baselines.csv"
    import_baseline.write_text(csv_text(["upn", "subject", "baseline"], [[ANN, "Maths", "St 2 Ready"]]))
    run_import("baselines", import_baseline, ADMIN)
    out = io.StringIO()
    run_export("tracking", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    ann = next(r for r in rows if r["upn"] == ANN)
    for field, typed in (("forename", forename), ("surname", surname)):
        if typed[0] in "=+-@\t\r":
            assert ann[field] == "'" + typed  # a spreadsheet must not run it as a formula
        else:
            assert ann[field] == typed


def test_a_huge_file_with_one_bad_row_at_the_end_changes_nothing(school):
    rows = [[ANN, "Maths", f"M2/{1 + n % 30}", "1", "X"] for n in range(20000)] + [[ANN, "Maths", "M2/1", "1", "Y"]]
    path = school / "marks.csv"
    path.write_text(csv_text(COLUMNS["marks"], rows))
    before = table_counts()
    try:
        run_import("marks", path, ADMIN)
    except ImportFailed as failure:
        assert "marks.csv:20002:" in str(failure)
    else:
        raise AssertionError("a code Y was accepted")
    assert table_counts() == before
