"""``import ctf``: pupils from the DfE Common Transfer File, for a new school's roll and
for joiners.

A CTF is XML: ``CTfile/Header`` (the source school and its academic year) and
``CTfile/CTFpupilData/Pupil``, each with ``UPN``, ``Surname``, ``Forename``, ``DOB``,
``Gender`` (or ``Sex``), ``BasicDetails`` (``PreferredSurname``, ``PreferredForename``,
``NCyearActual``, ``Languages``), ``LookedAfter/InCare``, ``FSMhistory``, ``SENhistory``
and ``Attendance``. Pupils are written as ``import pupils`` writes them (a known UPN is
updated; a CTF names no class, so a joiner has none until the pupil list from the MIS
gives one). A CTF made in an earlier academic year (at the summer's transfer) has its
year groups moved up to this one. Attendance marks for this academic year give each
half-term's attendance (``import attendance``'s store).

The file is parsed by ``defusedxml``, with DTDs refused: a file that declares entities
(a "billion laughs" bomb, or one reaching outside the file) is refused before anything
is expanded. Every problem names the line of the element it is about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from amtui.db.models import HalfTerm
from amtui.domain import calendar, characteristics
from amtui.domain.attendance_marks import attendance_percent
from amtui.domain.text import problem
from amtui.domain.upn import parse_upn
from amtui.domain.year_group import OLDEST, parse_year_group
from amtui.imports import attendance, pupils
from amtui.imports.base import Problems
from amtui.imports.store import Context, current_year

NOT_A_CTF = "the file is not a Common Transfer File (its first element is not CTfile)"


@dataclass(frozen=True)
class Marks:
    """One year's attendance marks: a code per session from ``start``."""

    line: int
    year: int  # the academic year they start in
    start: dt.date
    codes: str


@dataclass(frozen=True)
class CtfPupil:
    pupil: pupils.Item
    marks: tuple[Marks, ...]


class _Lines(TreeBuilder):
    """Builds the tree and notes the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.expat = None
        self.lines: dict[int, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.expat.CurrentLineNumber if self.expat else 0
        return element


def _parse(path: Path, problems: Problems) -> tuple[Element, dict[int, int]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise problems.fail(f"cannot read the file: {error.strerror or error}") from None
    builder = _Lines()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    builder.expat = parser.parser  # the expat parser defusedxml guards
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        line = builder.expat.CurrentLineNumber
        raise problems.fail("the file declares a DTD or entities, which a CTF never does; it "
                            "is refused unread (entities could expand without end)", line) from None
    except ParseError as error:
        raise problems.fail(f"the file is not well-formed XML ({error})", error.position[0]) from None
    return root, builder.lines


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Reader:
    """Finds children by name (any namespace) and reports problems at their lines."""

    def __init__(self, lines: dict[int, int], problems: Problems):
        self.lines = lines
        self.problems = problems

    def line(self, element: Element) -> int:
        return self.lines.get(id(element), 0)

    def child(self, element: Element | None, path: str) -> Element | None:
        for name in path.split("/"):
            if element is None:
                return None
            element = next((c for c in element if _local(c.tag) == name), None)
        return element

    def children(self, element: Element | None, name: str) -> list[Element]:
        return [] if element is None else [c for c in element if _local(c.tag) == name]

    def text(self, element: Element | None, path: str) -> str:
        found = self.child(element, path)
        return (found.text or "").strip() if found is not None else ""


def read(path: Path, ctx: Context, problems: Problems) -> list[CtfPupil]:
    """The file's pupils, checked; every problem is noted against its element's line."""
    root, lines = _parse(path, problems)
    xml = _Reader(lines, problems)
    if _local(root.tag) != "CTfile":
        raise problems.fail(NOT_A_CTF, xml.line(root))
    header_year = _header_year(xml, root)
    moved = max(0, calendar.academic_year_of(ctx.today) - header_year) if header_year else 0
    found = [_pupil(xml, element, ctx, moved)
             for element in xml.children(xml.child(root, "CTFpupilData"), "Pupil")]
    if not found and not problems:
        raise problems.fail("the file holds no pupils (no CTFpupilData/Pupil)", xml.line(root))
    return [pupil for pupil in found if pupil is not None]


def _header_year(xml: _Reader, root: Element) -> int | None:
    """The academic year the CTF was made in ("2025" for 2025/26), if it says."""
    text = xml.text(root, "Header/SourceSchool/AcademicYear")[:4]
    return int(text) if text.isdigit() else None


def _pupil(xml: _Reader, element: Element, ctx: Context, moved: int) -> CtfPupil | None:
    line = xml.line(element)
    before = len(xml.problems.found)

    def value(path: str, parse: Callable[[str], Any] = str, required: bool = True) -> Any:
        found = xml.child(element, path)
        text = (found.text or "").strip() if found is not None else ""
        at = xml.line(found) if found is not None else line
        if not text:
            if required:
                xml.problems.add(at, f"the pupil has no {path}")
            return None
        try:
            return parse(text)
        except ValueError as error:
            xml.problems.add(at, f"{path}: {error}")
            return None

    upn = value("UPN", parse_upn)
    forename = value("BasicDetails/PreferredForename", _name("forename"), required=False) \
        or value("Forename", _name("forename"))
    surname = value("BasicDetails/PreferredSurname", _name("surname"), required=False) \
        or value("Surname", _name("surname"))
    dob = value("DOB", calendar.parse_school_date)
    pupils.check_dob(dob, ctx, lambda reason: xml.problems.add(line, reason))
    year = value("BasicDetails/NCyearActual", parse_year_group)
    if year is not None and year + moved > OLDEST:
        xml.problems.add(line, f"NCyearActual {year} moves past Year {OLDEST} this academic year")
    gender_path = "Gender" if xml.child(element, "Gender") is not None else "Sex"
    gender = value(gender_path, characteristics.parse_gender, required=False) or ""
    sen = value("SENhistory/SEN/SENprovision", characteristics.parse_sen, required=False)
    in_care = value("LookedAfter/InCare", characteristics.parse_yes_no, required=False)
    details = {"gender": gender, "sen_status": sen or characteristics.SEN_NONE,
               "pupil_premium": characteristics.fsm_ever_6(_fsm(xml, element), ctx.today),
               "eal": characteristics.eal_from_first_language(_first_language(xml, element)),
               "looked_after": bool(in_care)}
    marks = tuple(_marks(xml, element))
    if len(xml.problems.found) > before:
        return None
    item = pupils.Item(line, upn, forename, surname, dob, year + moved, None, None, details)
    return CtfPupil(item, marks)


def _name(kind: str) -> Callable[[str], str]:
    """A parser for a name that may be stored (amtui.domain.text: no control characters,
    not too long)."""
    def parse(text: str) -> str:
        reason = problem(kind, text)
        if reason is not None:
            raise ValueError(reason)
        return text
    return parse


def _first_language(xml: _Reader, element: Element) -> str:
    """The first language's code ("ENG", "POL"): the Type marked F, else the first."""
    types = xml.children(xml.child(element, "BasicDetails/Languages"), "Type")
    first = next((t for t in types if xml.text(t, "LanguageType").upper() == "F"), types[0] if types else None)
    return xml.text(first, "Language") if first is not None else ""


def _fsm(xml: _Reader, element: Element) -> list[tuple[dt.date | None, dt.date | None]]:
    """Each free school meals eligibility as (start, end); a date not read is left open."""
    periods = []
    for instance in xml.children(xml.child(element, "FSMhistory"), "FSMinstance"):
        periods.append(tuple(_date_or_none(xml.text(instance, name)) for name in ("FSMstartDate", "FSMendDate")))
    return periods  # type: ignore[return-value]


def _date_or_none(text: str) -> dt.date | None:
    try:
        return calendar.parse_school_date(text) if text else None
    except ValueError:
        return None


def _marks(xml: _Reader, element: Element) -> list[Marks]:
    found = []
    for data in xml.children(xml.child(element, "Attendance"), "YearData"):
        year, start = xml.text(data, "Year")[:4], _date_or_none(xml.text(data, "AttendanceStartDate"))
        codes = "".join(xml.text(data, "AttendanceMarks").split())
        if year.isdigit() and start is not None and codes:
            found.append(Marks(xml.line(data), int(year), start, codes))
    return found


def apply(items: list[CtfPupil], ctx: Context, problems: Problems) -> tuple[int, int]:
    """Write the pupils, then this academic year's attendance from their marks."""
    created, updated = pupils.apply([item.pupil for item in items], ctx, problems)
    year = current_year(ctx.today)
    terms = list(HalfTerm.select(HalfTerm.number, HalfTerm.start, HalfTerm.end)
                 .where(HalfTerm.year == year).order_by(HalfTerm.number).tuples())
    rows = []
    for item in items:
        # A pupil who moved school this year has a YearData from each: the newest is ours.
        this_year = sorted((m for m in item.marks if m.year == year.start_year), key=lambda m: m.start)
        for marks in this_year[-1:]:
            for number, start, end in terms:
                percent = attendance_percent(marks.start, marks.codes, start, min(end, ctx.today))
                if percent is not None and start <= ctx.today:
                    rows.append(attendance.Item(marks.line, item.pupil.upn, number, percent))
    attendance.apply(rows, ctx, problems)
    return created, updated


def summary(items: list[CtfPupil], created: int, updated: int, path: Path) -> str:
    """What the import did, and what a joiner still needs."""
    text = (f"Imported {len(items)} pupil{'s' if len(items) != 1 else ''} from the Common Transfer "
            f"File {path.name}: {created} new, {updated} updated")
    unchanged = len(items) - created - updated
    text += f", {unchanged} unchanged." if unchanged else "."
    if created:
        text += (" New pupils have no class yet: import the pupil list from the MIS "
                 "(amtui import pupils FILE.csv) to place them.")
    return text
