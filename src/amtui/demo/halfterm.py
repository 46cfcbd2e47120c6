"""The shipped half-term tests, and the answers of two classes to the HT1 Maths test.

The answers agree with the HT1 codes already planned: full marks where the pupil has a
cross, 0 for a dot, part marks for a line (left blank on a one-mark question, which
cannot be part-marked: the line came from other evidence), blank where nothing was
recorded. So the crosses, and the sub-stages they give, are unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt

from amtui.db.models import HalfTermAnswer, HalfTermQuestion, HalfTermTest
from amtui.demo.attainment import SUBJECTS
from amtui.demo.common import Demo, bulk
from amtui.paths import data_file

ANSWERED_YEARS = (3, 4)  # Year 4 is the demo user's class
ANSWERED_TEST = 1


def _load_tests(demo: Demo) -> dict[tuple[int, int], list[dict]]:
    """Insert the tests; (stage, half-term) -> Maths questions (with their criterion ids)."""
    path = data_file("halfterm_tests.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("subject") in SUBJECTS]
    ids = {(code, c.ref): c.id for (code, _), bank in demo.banks.items() for c in bank}
    try:
        keys = list(dict.fromkeys((r["subject"], int(r["stage"]), int(r["half_term"])) for r in rows))
        test_ids = bulk(HalfTermTest, [{"subject": demo.subjects[SUBJECTS[name]], "stage": stage,
                                        "number": number, "title": f"{name} stage {stage} test {number}"}
                                       for name, stage, number in keys])
        test_of = dict(zip(keys, test_ids))
        questions, positions = [], {}
        for r in rows:
            key = (r["subject"], int(r["stage"]), int(r["half_term"]))
            positions[key] = positions.get(key, 0) + 1
            questions.append({"test": test_of[key], "number": r["question"].strip().lower(),
                              "position": positions[key], "marks": int(r["marks"]),
                              "section": r["section"].strip(),
                              "criterion": ids[(SUBJECTS[r["subject"]], r["ref"].strip())]})
    except (KeyError, ValueError) as error:
        raise ValueError(f"{path} is not a half-term tests file ({error})") from error
    key_of = {test_id: key for key, test_id in test_of.items()}
    maths: dict[tuple[int, int], list[dict]] = {}
    for question, question_id in zip(questions, bulk(HalfTermQuestion, questions)):
        name, stage, number = key_of[question["test"]]
        if name == "Maths":
            maths.setdefault((stage, number), []).append(question | {"id": question_id})
    return maths


def _mark(code: str, marks: int, rng) -> int | None:
    if code == "X":
        return marks
    if code == ".":
        return 0
    if code == "/" and marks > 1:
        return rng.randint(1, marks - 1)
    return None


def write_tests(demo: Demo) -> int:
    """Load the tests; Years 3 and 4 sat their stage's HT1 Maths test before the grid was marked."""
    maths = _load_tests(demo)
    rng = demo.rng("halfterm")
    ht1 = demo.terms[0]
    answers = []
    for record in demo.records:
        plan = demo.class_of(record.pupil)
        if record.subject != "M" or plan.year_group not in ANSWERED_YEARS:
            continue
        entered = (record.ht1_at or dt.datetime.combine(ht1.start, dt.time(15))) - dt.timedelta(hours=1)
        for question in maths.get((record.stage1, ANSWERED_TEST), []):
            mark = _mark(record.ht1.get(question["criterion"], ""), question["marks"], rng)
            if mark is not None:
                answers.append({"pupil": record.pupil.id, "question": question["id"], "half_term": ht1.id,
                                "mark": mark, "staff": plan.teacher, "recorded_at": entered})
    bulk(HalfTermAnswer, answers)
    return len(answers)
