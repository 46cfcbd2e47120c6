"""``import criteria``: subject, stage, ref, text.

A ref is the subject's letter(s), an optional stage digit, a slash and the
criterion's number: ``M2/4`` is criterion 4 of a Maths stage 2 bank. The stage
column (0-7) says which bank; when the ref has a stage digit it must be the same.
A new subject takes the ref's letters as its code; a ref already imported keeps
its place and gets the new text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from amtui.db.models import CriteriaBank, Criterion, Subject
from amtui.imports.base import Problems
from amtui.imports.reader import Cells, Row
from amtui.imports.store import Context, insert_rows

_REF_RE = re.compile(r"^([A-Za-z]+)\s*([0-9])?\s*/\s*([0-9]+)$")
_STAGE_RE = re.compile(r"^(?:st(?:age)?\.?\s*)?([0-9]+)$", re.IGNORECASE)
TOP_BANK = 7


@dataclass(frozen=True)
class Ref:
    """A criterion reference such as ``M2/4``."""

    code: str
    stage: int | None
    number: int

    @property
    def text(self) -> str:
        return f"{self.code}{'' if self.stage is None else self.stage}/{self.number}"


def parse_ref(text: str) -> Ref:
    """Read "M2/4", "m 2 / 04" or "RE/12" (letters upper-cased, number unpadded)."""
    match = _REF_RE.match(text.strip())
    if not match or int(match.group(3)) < 1:
        raise ValueError(f"'{text}' is not a criterion ref like M2/4 (the subject's "
                         "letters, the stage, a slash, the criterion number from 1)")
    stage = match.group(2)
    return Ref(match.group(1).upper(), None if stage is None else int(stage),
               int(match.group(3)))


@lru_cache(maxsize=8192)  # a marks file repeats the same few hundred refs
def normal_ref(text: str) -> str:
    """The canonical form of a stored or typed ref, so "m2/04" finds "M2/4"."""
    try:
        return parse_ref(text).text
    except ValueError:
        return text.strip().upper()


def parse_stage(text: str) -> int:
    match = _STAGE_RE.match(text.strip())
    if not match or not 0 <= int(match.group(1)) <= TOP_BANK:
        raise ValueError(f"'{text}' is not a stage from 0 to {TOP_BANK}")
    return int(match.group(1))


@dataclass(frozen=True)
class Item:
    line: int
    subject: str
    stage: int
    ref: Ref
    text: str


def check(row: Row, ctx: Context, problems: Problems) -> Item | None:
    cells = Cells(row, problems)
    subject = cells.get("subject")
    stage = cells.get("stage", parse_stage)
    ref = cells.get("ref", parse_ref)
    text = cells.get("text")
    if stage is not None and ref is not None and ref.stage not in (None, stage):
        cells.problem(f"ref {ref.text} is stage {ref.stage}, but the stage column says {stage}")
    return Item(row.line, subject, stage, ref, text) if cells.ok else None


def _check_file(items: list[Item], problems: Problems) -> None:
    """Refs, criterion numbers and subject letters must agree within the file."""
    seen_ref: dict[tuple[str, str], int] = {}
    seen_number: dict[tuple[str, int, int], int] = {}
    code_of: dict[str, tuple[str, int]] = {}
    subject_of: dict[str, tuple[str, int]] = {}  # code -> subject as first written
    for item in items:
        name = item.subject.lower()
        if (first := seen_ref.setdefault((name, item.ref.text), item.line)) != item.line:
            problems.add(item.line, f"duplicate ref {item.ref.text} (also on line {first})")
            continue
        key = (name, item.stage, item.ref.number)
        if (first := seen_number.setdefault(key, item.line)) != item.line:
            problems.add(item.line, f"{item.subject} stage {item.stage} criterion "
                                    f"{item.ref.number} is also on line {first}")
        code, line = code_of.setdefault(name, (item.ref.code, item.line))
        if code != item.ref.code:
            problems.add(item.line, f"{item.subject} refs start with {code} on line {line}, "
                                    f"not {item.ref.code}")
        other, line = subject_of.setdefault(item.ref.code, (item.subject, item.line))
        if other.lower() != name:
            problems.add(item.line, f"refs starting {item.ref.code} are {other} "
                                    f"on line {line}")


def apply(items: list[Item], ctx: Context, problems: Problems) -> tuple[int, int]:
    _check_file(items, problems)
    by_name = {name.lower(): (sid, name, code) for sid, name, code in
               Subject.select(Subject.id, Subject.name, Subject.code).tuples()}
    by_code = {code.upper(): name for _, name, code in by_name.values()}
    banks = {(subject, stage): bank for bank, subject, stage in
             CriteriaBank.select(CriteriaBank.id, CriteriaBank.subject, CriteriaBank.stage).tuples()}
    stage_of_bank = {bank: stage for (_, stage), bank in banks.items()}
    existing: dict[tuple[int, str], tuple[int, int, str]] = {}
    ref_at: dict[tuple[int, int], str] = {}
    for cid, sid, bank, number, ref, text in Criterion.select(
            Criterion.id, Criterion.subject, Criterion.bank, Criterion.number,
            Criterion.ref, Criterion.text).tuples():
        existing[(sid, normal_ref(ref))] = (cid, bank, text)
        ref_at[(bank, number)] = ref

    changes: list[tuple[int, str]] = []
    reported = {problem.line for problem in problems.found}  # one reason per line is enough
    for item in items:
        subject = by_name.get(item.subject.lower())
        if item.line in reported:
            continue
        if subject is None:
            owner = by_code.get(item.ref.code)
            if owner is not None:
                problems.add(item.line, f"refs starting {item.ref.code} belong to {owner}")
            continue
        sid, name, code = subject
        if code.upper() != item.ref.code:
            problems.add(item.line, f"{name} refs start with {code}, not {item.ref.code}")
            continue
        found = existing.get((sid, item.ref.text))
        bank = banks.get((sid, item.stage))
        if found is not None:
            cid, found_bank, text = found
            if stage_of_bank[found_bank] != item.stage:
                problems.add(item.line, f"{item.ref.text} is already in {name} stage "
                                        f"{stage_of_bank[found_bank]}'s bank")
            elif text != item.text:
                changes.append((cid, item.text))
        elif bank is not None and (bank, item.ref.number) in ref_at:
            problems.add(item.line, f"{name} stage {item.stage} already has criterion "
                                    f"{item.ref.number} ({ref_at[(bank, item.ref.number)]})")
    problems.raise_if_any()

    for cid, text in changes:
        Criterion.update(text=text).where(Criterion.id == cid).execute()
    new_rows = []
    for item in items:
        subject = by_name.get(item.subject.lower())
        if subject is None:
            sid = Subject.insert(name=item.subject, code=item.ref.code).execute()
            subject = by_name[item.subject.lower()] = (sid, item.subject, item.ref.code)
        sid = subject[0]
        if (sid, item.ref.text) in existing:
            continue
        if (sid, item.stage) not in banks:
            banks[(sid, item.stage)] = CriteriaBank.insert(subject=sid, stage=item.stage).execute()
        new_rows.append({"bank": banks[(sid, item.stage)], "subject": sid,
                         "number": item.ref.number, "ref": item.ref.text, "text": item.text})
    insert_rows(Criterion, new_rows)
    return len(new_rows), len(changes)
