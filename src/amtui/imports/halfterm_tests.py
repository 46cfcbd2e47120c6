"""``import halfterm-tests``: subject, stage, half_term, question, marks, section, ref.

One row per question. A test is a subject's stage and the half-term (1-6) it is sat
in; the file's rows for a test are its questions, in file order. Refs name a criterion
of the subject: ``M2/4``, or ``L2/4`` as printed on the tests (stage 2, criterion 4 of
the subject's bank); a ref with no stage (``M/4``) means the test's stage.

Importing a test again replaces its questions. Once pupils' answers are recorded the
questions' numbers, marks and refs are fixed; sections and order may still change.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from amtui.db.models import (
    CriteriaBank, Criterion, HalfTermAnswer, HalfTermQuestion, HalfTermTest,
)
from amtui.domain.half_term import HalfTermNumber
from amtui.imports.base import Problems
from amtui.imports.criteria import Ref, normal_ref, parse_ref, parse_stage
from amtui.imports.reader import Cells, Row, int_between
from amtui.imports.store import Context, SubjectRow, insert_rows, subjects_by_name

MAX_MARKS = 20
_QUESTION_RE = re.compile(r"^[0-9]{1,3}[a-z]?$")


def parse_question(text: str) -> str:
    """A question number: "1", "12", "3a" (stored in lower case)."""
    number = text.strip().lower()
    if not _QUESTION_RE.match(number):
        raise ValueError(f"'{text}' is not a question number like 1, 12 or 3a")
    return number


@dataclass(frozen=True)
class Item:
    line: int
    subject: str
    stage: int
    half_term: int
    question: str
    marks: int
    section: str
    ref: Ref


def check(row: Row, ctx: Context, problems: Problems) -> Item | None:
    cells = Cells(row, problems)
    subject = cells.get("subject")
    stage = cells.get("stage", parse_stage)
    half_term = cells.get("half_term", HalfTermNumber.parse)
    question = cells.get("question", parse_question)
    marks = cells.get("marks", int_between(1, MAX_MARKS))
    section = cells.get("section", blank="")
    ref = cells.get("ref", parse_ref)
    if not cells.ok:
        return None
    return Item(row.line, subject, stage, half_term, question, marks, section, ref)


def _criteria(items: list[Item], subjects: dict[str, SubjectRow], problems: Problems) -> dict[int, int]:
    """line -> criterion id for every item whose ref names one of its subject's criteria."""
    by_ref = {(sid, normal_ref(ref)): cid for cid, sid, ref in
              Criterion.select(Criterion.id, Criterion.subject, Criterion.ref).tuples()}
    by_number = {(sid, stage, number): cid for cid, sid, stage, number in
                 Criterion.select(Criterion.id, Criterion.subject, CriteriaBank.stage, Criterion.number)
                 .join(CriteriaBank).tuples()}
    found = {}
    for item in items:
        subject = subjects.get(item.subject.lower())
        if subject is None:
            continue
        stage = item.stage if item.ref.stage is None else item.ref.stage
        cid = by_ref.get((subject.id, item.ref.text)) if item.ref.code == subject.code.upper() else None
        cid = cid or by_number.get((subject.id, stage, item.ref.number))
        if cid is None:
            problems.add(item.line, f"{subject.name} has no criterion {item.ref.number} at stage "
                                    f"{stage} (ref {item.ref.text}; import criteria first)")
        else:
            found[item.line] = cid
    return found


def _group(items: list[Item], subjects: dict[str, SubjectRow],
           problems: Problems) -> dict[tuple[int, int, int], list[Item]]:
    """(subject id, stage, half-term) -> its questions; a question twice is a problem."""
    tests: dict[tuple[int, int, int], list[Item]] = defaultdict(list)
    first: dict[tuple, int] = {}
    for item in items:
        subject = subjects.get(item.subject.lower())
        if subject is None:
            continue
        key = (subject.id, item.stage, item.half_term)
        line = first.setdefault((*key, item.question), item.line)
        if line != item.line:
            problems.add(item.line, f"question {item.question} of {subject.name} stage {item.stage} "
                                    f"HT{item.half_term} is also on line {line}")
        tests[key].append(item)
    return tests


def apply(items: list[Item], ctx: Context, problems: Problems) -> tuple[int, int]:
    subjects = subjects_by_name(items, problems)
    tests = _group(items, subjects, problems)
    criteria = _criteria(items, subjects, problems)
    names = {s.id: s.name for s in subjects.values()}
    existing = {(sid, stage, number): tid for tid, sid, stage, number in
                HalfTermTest.select(HalfTermTest.id, HalfTermTest.subject, HalfTermTest.stage,
                                    HalfTermTest.number).tuples()}
    answered = {tid for (tid,) in HalfTermQuestion.select(HalfTermQuestion.test)
                .join(HalfTermAnswer).distinct().tuples()}
    stored: dict[int, dict[str, tuple]] = defaultdict(dict)
    for qid, tid, number, marks, section, criterion, position in HalfTermQuestion.select(
            HalfTermQuestion.id, HalfTermQuestion.test, HalfTermQuestion.number, HalfTermQuestion.marks,
            HalfTermQuestion.section, HalfTermQuestion.criterion, HalfTermQuestion.position).tuples():
        stored[tid][number] = (qid, marks, criterion, section, position)
    for key, questions in tests.items():
        tid = existing.get(key)
        if tid in answered and tid is not None:
            wanted = {(q.question, q.marks, criteria.get(q.line)) for q in questions}
            have = {(number, marks, criterion) for number, (_, marks, criterion, *_) in stored[tid].items()}
            if wanted != have:
                problems.add(questions[0].line, f"{names[key[0]]} stage {key[1]} HT{key[2]} already has "
                                                "pupils' answers: its question numbers, marks and refs "
                                                "cannot change (sections and order can)")
    problems.raise_if_any()

    created = updated = 0
    for (sid, stage, number), questions in tests.items():
        tid = existing.get((sid, stage, number))
        if tid is None:
            tid = HalfTermTest.insert(subject=sid, stage=stage, number=number,
                                      title=f"{names[sid]} stage {stage} test {number}").execute()
        old = stored[tid]
        keep = {q.question for q in questions}
        gone = [qid for number_, (qid, *_) in old.items() if number_ not in keep]
        if gone:  # questions left out of the file (never answered: checked above)
            HalfTermQuestion.delete().where(HalfTermQuestion.id.in_(gone)).execute()
        new_rows = []
        for position, q in enumerate(questions, start=1):
            values = {"marks": q.marks, "section": q.section, "criterion": criteria[q.line],
                      "position": position}
            if q.question not in old:
                new_rows.append({"test": tid, "number": q.question, **values})
            elif old[q.question][1:] != (q.marks, criteria[q.line], q.section, position):
                HalfTermQuestion.update(**values).where(HalfTermQuestion.id == old[q.question][0]).execute()
                updated += 1
        insert_rows(HalfTermQuestion, new_rows)
        created += len(new_rows)
    return created, updated
