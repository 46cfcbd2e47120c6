"""One refusal lists every problem in a file: the rows that do not parse and what the
others mean, in line order, capped; and nothing is written."""

from __future__ import annotations

import pytest

from amtui.imports import ImportFailed
from imports.builders import ANN, BOB, import_text, seed_school, table_counts
from imports.secondary import AMY, BEN, CAL, seed_groups, seed_secondary
from tests.returns_school import TODAY, Y11, seed_with_open_returns

DAY = f"{TODAY:%d/%m/%Y}"

CASES = {
    "returns": (seed_with_open_returns, "return,date,upn,subject,aob,projected,coursework\n"
                f"Y11 Now,31/02/2020,{Y11[0]},Maths,,6,\n"  # 2: does not parse
                f"Y11 Never,{DAY},{Y11[1]},Maths,,6,\n"  # 3: no such return
                f"Y11 Now,{DAY},{Y11[2]},Maths,,11,\n"  # 4: not a GCSE grade (the save's rule)
                f"Y11 Now,{DAY},{Y11[3]},Maths,,5,\n",
                ["2: date:", "3: return: there is no return called 'Y11 Never'", "4: '11' is not a GCSE grade"]),
    "pupils": (seed_school, "upn,forename,surname,dob,year,class,mentor\n"
               "F261000000009,Dan,Dee,2018-01-01,Year 15,2B,\n"  # 2: does not parse
               f"{ANN},Ann,Archer,2018-10-01,2,2B,nobody\n"  # 3: unknown mentor
               f"{BOB},Bob,Baker,2019-03-12,2,2B,jsmith\n"
               f"{ANN},Ann,Archer,2018-10-01,2,2B,jsmith\n",  # 5: the same pupil again
               ["2: year", "3: mentor 'nobody' is not a staff username", f"5: UPN {ANN} is also on line 3"]),
    "marks": (seed_school, "upn,subject,ref,half_term,code\n"
              f"{ANN},Maths,M2/1,1,Y\n"  # 2: does not parse
              "F261000000009,Maths,M2/1,1,X\n"  # 3: no such pupil
              f"{ANN},Maths,M2/99,1,X\n"  # 4: no such criterion
              f"{BOB},Maths,M2/2,1,X\n",
              ["2: code 'Y' is not one of", "3: no pupil has UPN F261000000009", "4: Maths has no criterion M2/99"]),
    "targets": (lambda folder: (seed_secondary(folder), seed_groups(folder)), "upn,subject,kind,target,fft\n"
                f"{AMY},Maths,ks5,6,\n"  # 2: does not parse
                f"{CAL},Drama,ks4,6,\n"  # 3: no such subject
                f"{BEN},Maths,ks4,10,\n"  # 4: not a GCSE grade (read by the pupil's year)
                f"{AMY},Maths,ks4,6,\n",
                ["2: kind: 'ks5' is not a kind of target", "3: there is no subject 'Drama'",
                 "4: target: '10' is not a GCSE grade"]),
}


def listed(message: str, kind: str) -> list[str]:
    """The message's ``FILE:LINE: reason`` lines."""
    return [line for line in message.splitlines()
            if f"{kind}.csv:" in line and not line.startswith("Cannot import")]


@pytest.mark.parametrize("kind", CASES)
def test_a_refusal_lists_format_and_meaning_problems_in_line_order(opened, tmp_path, kind):
    seed, text, reasons = CASES[kind]
    seed(tmp_path)
    before = table_counts()
    with pytest.raises(ImportFailed) as failed:
        import_text(tmp_path, kind, text)
    message = str(failed.value)
    shown = [line.split(f"{kind}.csv:", 1)[1] for line in listed(message, kind)]
    assert len(shown) == len(reasons), message
    for got, reason in zip(shown, reasons):
        assert got.startswith(reason), message
    assert message.endswith("Nothing was imported.")
    assert table_counts() == before


def test_the_first_twenty_problems_of_both_kinds_are_listed_then_counted(opened, tmp_path):
    seed_school(tmp_path)
    before = table_counts()
    rows = "".join(f"{ANN},Maths,M2/1,1,Y\nF261000000009,Maths,M2/1,1,X\n" for _ in range(15))
    with pytest.raises(ImportFailed) as failed:
        import_text(tmp_path, "marks", "upn,subject,ref,half_term,code\n" + rows + f"{BOB},Maths,M2/2,1,X\n")
    shown = [line.split("marks.csv:", 1)[1] for line in listed(str(failed.value), "marks")]
    assert [int(line.split(":")[0]) for line in shown] == list(range(2, 22))
    assert "code 'Y'" in shown[0] and "no pupil has UPN" in shown[1]
    assert "... and 10 more" in str(failed.value)
    assert table_counts() == before
