"""Half-termly tests: a class's answer sheet, and marks that feed the criteria record.

Each answer's mark is kept (``HalfTermAnswer``), and the code it gives (full marks X,
part ``/``, zero ``.``) is appended to the criterion's history for that half-term through
``marks.save_codes`` with the test as its source, in the same transaction. The
sub-stage shown beside the marks always comes from the crosses, never the marks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import (
    Criterion, CriterionMark, HalfTermAnswer, HalfTermQuestion, HalfTermTest, Subject,
    WorkingStage, now,
)
from amtui.db.repo import tracking
from amtui.db.repo.membership import half_term_day
from amtui.db.repo.lowered import Lowered, crosses_lowered
from amtui.db.repo.marks import CodeChange, check_entry, save_codes
from amtui.db.repo.school import (
    ClassInfo, HalfTermInfo, SubjectInfo, classes, current_half_term, half_term, subject_by_name,
)
from amtui.db.repo.staff import CurrentUser, teachers_on
from amtui.db.repo.weekly import class_info
from amtui.domain.calendar import academic_year_of
from amtui.domain.codes import Code, MarkEntry, effective
from amtui.domain.errors import EntryRefused
from amtui.domain.names import pupil_name
from amtui.domain.permissions import Action
from amtui.domain.score_entry import QuestionKey, criterion_codes


@dataclass(frozen=True)
class Question:
    """A test question: ``1 mark (M2/4)`` in section "Fractions"."""

    id: int
    number: str
    marks: int
    section: str
    criterion_id: int
    ref: str
    text: str

    @property
    def key(self) -> QuestionKey:
        return QuestionKey(self.id, self.section, self.marks, self.criterion_id)

    @property
    def label(self) -> str:
        """e.g. "1 mark (M2/4)"."""
        return f"{self.marks} mark{'s' if self.marks != 1 else ''} ({self.ref})"


@dataclass(frozen=True)
class TestInfo:
    """A half-term test: a subject's stage, the half-term it is sat in, its questions."""

    id: int
    subject_id: int
    stage: int
    number: int
    title: str
    questions: tuple[Question, ...]

    @property
    def out_of(self) -> int:
        return sum(q.marks for q in self.questions)

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(q.section for q in self.questions))

    @property
    def source(self) -> str:
        """How the codes it records are labelled in the criteria history."""
        return f"test:{self.id}"


@dataclass(frozen=True)
class Standing:
    """Where a pupil stands from their crosses (the marks play no part)."""

    pupil_id: int
    working_stage: int | None
    substage: str  # "St 2 Developing", or "" when there is no bank to count in
    short: str  # "2D"
    position: str | None
    crosses: int
    bank_size: int


@dataclass(frozen=True)
class TestPupil:
    id: int
    forename: str
    surname: str

    @property
    def name(self) -> str:
        return pupil_name(self.forename, self.surname)


@dataclass
class TestSheet:
    """A class's answers to one test: the pupils working at the test's stage."""

    school_class: ClassInfo
    subject: SubjectInfo
    half_term: HalfTermInfo
    stage: int | None
    stages: dict[int, int]  # working stage -> pupils of the class in it
    test: TestInfo | None
    pupils: list[TestPupil]
    marks: dict[tuple[int, int], int | None]  # (pupil, question) -> mark
    standings: dict[int, Standing]
    lock_by: str = ""  # who locked the half-term ("" when open)
    teachers: frozenset[int] = frozenset()  # staff linked to the class on the half-term's day


@dataclass(frozen=True)
class MarkChange:
    """One answer to set (``mark`` None: not attempted)."""

    pupil_id: int
    question_id: int
    mark: int | None


@dataclass(frozen=True)
class SavedMarks:
    """What a save did: the codes it recorded and the pupils' standings after it."""

    changes: tuple[MarkChange, ...]
    codes: tuple[tuple[int, int, Code], ...]  # (pupil, criterion, code) appended
    standings: dict[int, Standing] = field(default_factory=dict)
    lowered: tuple[Lowered, ...] = ()  # crosses the marks took away (a 0 on an X criterion)


# --- reading ----------------------------------------------------------------------------


def load_test(subject_id: int, stage: int, number: int) -> TestInfo | None:
    """The test for a subject's stage and half-term number, with its questions in order."""
    row = HalfTermTest.get_or_none((HalfTermTest.subject == subject_id) & (HalfTermTest.stage == stage)
                                   & (HalfTermTest.number == number))
    if row is None:
        return None
    questions = tuple(
        Question(q.id, q.number, q.marks, q.section, q.criterion_id, c.ref, c.text)
        for q, c in ((q, q.criterion) for q in HalfTermQuestion.select(HalfTermQuestion, Criterion)
                     .join(Criterion).where(HalfTermQuestion.test == row.id)
                     .order_by(HalfTermQuestion.position, HalfTermQuestion.id))
    )
    return TestInfo(row.id, subject_id, stage, number, row.title, questions)


def standings(half_term: HalfTermInfo, subject_id: int, pupil_ids: list[int]) -> dict[int, Standing]:
    """Each pupil's sub-stage in the subject at the half-term, from the crosses."""
    found = {}
    for row in tracking.pupil_subject_positions(half_term, subject_id, pupil_ids=pupil_ids):
        sub = row.substage
        found[row.pupil.id] = Standing(row.pupil.id, row.working_stage, sub.label if sub else "",
                                       sub.short if sub else "", row.position, row.crosses, row.bank_size)
    return found


def load_test_sheet(school_class: ClassInfo, subject: SubjectInfo, half_term: HalfTermInfo,
                    stage: int | None = None, today: dt.date | None = None) -> TestSheet:
    """The class's sheet for the half-term's test (stage: the one most of the class works at):
    its pupils and teachers on the half-term's day (``today`` within it, else its last day)."""
    day = half_term_day(half_term, today)

    def query() -> TestSheet:
        pupils = tracking.pupils_on_roll(school_class.id, None, on=day)
        until = dt.datetime.combine(half_term.end, dt.time.max)
        stages = tracking.working_stages_at(
            tracking.pupil_filter(WorkingStage.pupil, pupils, school_class.id, None), subject.id, until)
        at = {pid: s for (pid, _), s in stages.items() if pid in pupils}
        counts = Counter(at.values())
        chosen = stage if stage is not None else (counts.most_common(1)[0][0] if counts else None)
        chosen_pupils = sorted((p for p in pupils.values() if at.get(p.id) == chosen),
                               key=lambda p: (p.surname.lower(), p.forename.lower(), p.id))
        test = load_test(subject.id, chosen, half_term.number) if chosen is not None else None
        ids = [p.id for p in chosen_pupils]
        marks = {}
        if test is not None and ids:
            for pid, qid, mark in (HalfTermAnswer.select(HalfTermAnswer.pupil, HalfTermAnswer.question,
                                                         HalfTermAnswer.mark)
                                   .where(HalfTermAnswer.pupil.in_(ids),
                                          HalfTermAnswer.question.in_([q.id for q in test.questions]),
                                          HalfTermAnswer.half_term == half_term.id).tuples()):
                marks[(pid, qid)] = mark
        return TestSheet(
            school_class=class_info(school_class.id, len(pupils)), subject=subject, half_term=half_term,
            stage=chosen, stages=dict(sorted(counts.items())), test=test,
            pupils=[TestPupil(p.id, p.forename, p.surname) for p in chosen_pupils], marks=marks,
            standings=standings(half_term, subject.id, ids) if ids else {}, lock_by=half_term.locked_by,
            teachers=teachers_on(school_class.id, day),
        )

    return read(query)


def find_test_sheet(class_id: int | None, class_name: str | None, subject: str, number: int | None,
                    stage: int | None, today: dt.date) -> TestSheet | str:
    """The sheet for a class named or picked, a subject named and half-term ``number`` of
    the current year (default: now); or why there is none (an unknown class or subject)."""
    year = academic_year_of(today)
    found = [c for c in classes(year) if c.id == class_id or (class_name or "").lower() == c.name.lower()]
    if not found:
        return f"There is no class called '{class_name}' this year."
    info = subject_by_name(subject)
    if info is None:
        return f"There is no subject called '{subject}'."
    term = half_term(year, number) if number else current_half_term(today)
    return load_test_sheet(found[0], info, term, stage, today)


# --- writing ----------------------------------------------------------------------------


def _code_before_test(pupil_id: int, criterion_id: int, half_term: HalfTermInfo, source: str) -> Code | None:
    """The code to put back when a test's answers go blank: what was in force without
    the test's entries; None when someone else has recorded the cell since the test."""
    newest = (CriterionMark.select(CriterionMark.source)
              .where(CriterionMark.pupil == pupil_id, CriterionMark.criterion == criterion_id,
                     CriterionMark.half_term == half_term.id)
              .order_by(CriterionMark.id.desc()).limit(1).scalar())
    if newest != source:
        return None
    ordinals = tracking.half_term_ordinals()
    entries = [MarkEntry(ordinals[ht], Code(code), seq) for ht, code, seq in
               CriterionMark.select(CriterionMark.half_term, CriterionMark.code, CriterionMark.id)
               .where(CriterionMark.pupil == pupil_id, CriterionMark.criterion == criterion_id,
                      CriterionMark.source != source).tuples()]
    found = effective(entries, half_term.ordinal)
    return found.code if found else Code.BLANK


def _check(test: TestInfo, changes: list[MarkChange]) -> None:
    by_id = {q.id: q for q in test.questions}
    for change in changes:
        question = by_id.get(change.question_id)
        if question is None:
            raise EntryRefused("That question is not part of this test; nothing was saved.")
        if change.mark is not None and not 0 <= change.mark <= question.marks:
            raise EntryRefused(f"{change.mark} is more than question {question.number}'s "
                               f"{question.marks} mark{'s' if question.marks != 1 else ''}: not saved.")


def save_marks(user: CurrentUser, half_term: HalfTermInfo, test: TestInfo,
               changes: list[MarkChange], today: dt.date | None = None) -> SavedMarks:
    """Keep the marks and record the codes they give, in one transaction.

    Raises NotAllowed (``may_enter`` refuses: a locked half-term, another's class, a
    half-term not started by ``today``) or EntryRefused (a mark out of range); then
    nothing is saved.
    """
    _check(test, changes)
    keys = [q.key for q in test.questions]
    pupil_ids = sorted({c.pupil_id for c in changes})

    def transaction() -> SavedMarks:
        check_entry(user, Action.EDIT_MARKS, set(pupil_ids), half_term.id, today, test.subject_id)
        stored = {(pid, qid): (aid, mark) for aid, pid, qid, mark in
                  HalfTermAnswer.select(HalfTermAnswer.id, HalfTermAnswer.pupil, HalfTermAnswer.question,
                                        HalfTermAnswer.mark)
                  .where(HalfTermAnswer.pupil.in_(pupil_ids), HalfTermAnswer.half_term == half_term.id,
                         HalfTermAnswer.question.in_([q.id for q in test.questions])).tuples()}
        marks = {pid: {qid: mark for (p, qid), (_, mark) in stored.items() if p == pid} for pid in pupil_ids}
        before = {pid: criterion_codes(keys, marks[pid]) for pid in pupil_ids}
        stamp = now()
        for change in changes:
            found = stored.get((change.pupil_id, change.question_id))
            if found is None and change.mark is not None:
                HalfTermAnswer.create(pupil=change.pupil_id, question=change.question_id,
                                      half_term=half_term.id, mark=change.mark, staff=user.staff_id,
                                      recorded_at=stamp)
            elif found is not None and found[1] != change.mark:
                HalfTermAnswer.update(mark=change.mark, staff=user.staff_id, recorded_at=stamp).where(
                    HalfTermAnswer.id == found[0]).execute()
            marks[change.pupil_id][change.question_id] = change.mark
        codes = []
        for pid in pupil_ids:
            for criterion, code in criterion_codes(keys, marks[pid]).items():
                if code == before[pid][criterion]:
                    continue
                if code is None:
                    code = _code_before_test(pid, criterion, half_term, test.source)
                if code is not None:
                    codes.append(CodeChange(pid, criterion, code))
        lowered = crosses_lowered(half_term, codes)
        save_codes(user, half_term, codes, source=test.source, today=today)  # inside this transaction
        numbers = {q.id: q.number for q in test.questions}
        audit(user.login, "test.marks", "half_term_test", test.id, half_term=half_term.id,
              cells=[[c.pupil_id, numbers[c.question_id], c.mark] for c in changes])
        return SavedMarks(tuple(changes), tuple((c.pupil_id, c.criterion_id, c.code) for c in codes),
                          standings(half_term, test.subject_id, pupil_ids), lowered)

    return write(transaction)


def subjects_with_tests() -> list[SubjectInfo]:
    """The subjects that have half-term tests, by name."""
    return read(lambda: [SubjectInfo(sid, name, code) for sid, name, code in
                         Subject.select(Subject.id, Subject.name, Subject.code)
                         .where(Subject.id.in_(HalfTermTest.select(HalfTermTest.subject)))
                         .order_by(Subject.name).tuples()])
