"""``import targets``: upn, subject, kind (ks3, ks4 or year), target [fft].

``ks3``: the end-of-KS3 target, a sub-stage (``St 6 Emerging``); ``ks4``: the end-of-KS4
target, a GCSE grade (``6``; ``6+`` where the school records fine grades); ``year``: this
year's end-of-year target, a grade for a pupil in Years 10-13, else a sub-stage. Years 12-13
have no end-of-key-stage target (README, "Years 12-13"): a ks3 or ks4 row for one is refused. ``fft``
(optional) is this year's FFT estimate, in the same terms; it is recorded first, and the
target may not go below it.

Every target follows the one rule (``db.repo.targets.save_long_terms``): end-of-key-stage
targets are set by the Assertive Mentoring team or SLT, a target goes up, not down, never
below FFT. An import lowers nothing: SLT lowers a target on the pupil's page, saying why.
All or nothing, with file, line and reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from amtui.db.models import FftEstimate, LongTermTarget, Pupil
from amtui.db.repo.staff import identify
from amtui.db.repo.targets import TargetSetting, TargetsRefused, save_long_terms
from amtui.domain.errors import InputRefused
from amtui.domain.grades import Grade, GradeScale, is_grade_text, target_in_grades
from amtui.domain.scale import SubStage
from amtui.domain.targets import TargetChangeRefused, check_target_kind
from amtui.imports.base import Problems
from amtui.imports.reader import Cells, Row, parse_upn
from amtui.imports.store import (
    Context, current_year, insert_rows, pupils_by_upn, staff_id, subjects_by_name, unrefused,
)

KINDS = ("ks3", "ks4", "year")
REASON = "targets import"


@dataclass(frozen=True)
class Item:
    line: int
    upn: str
    subject: str
    kind: str
    target: str
    fft: str | None


def _kind(text: str) -> str:
    kind = text.strip().lower().replace(" ", "")
    if kind not in KINDS:
        raise InputRefused(f"'{text}' is not a kind of target; use ks3, ks4 or year")
    return kind


def check(row: Row, ctx: Context, problems: Problems) -> Item | None:
    cells = Cells(row, problems)
    upn = cells.get("upn", parse_upn)
    subject = cells.get("subject")
    kind = cells.get("kind", _kind)
    target = cells.get("target")
    fft = cells.get("fft", blank=None)
    return Item(row.line, upn, subject, kind, target, fft) if cells.ok else None


def _reader(kind: str, year_group: int, ctx: Context):
    """How this kind of target is read for a pupil in ``year_group``: grades or sub-stages."""
    if target_in_grades(kind, year_group):
        return GradeScale(ctx.settings.fine_grades).parse, "a GCSE grade"
    return ctx.scale.parse, "a sub-stage"


def _read(item: Item, column: str, text: str, year_group: int, ctx: Context,
          problems: Problems) -> SubStage | Grade | None:
    parse, what = _reader(item.kind, year_group, ctx)
    try:
        return parse(text)
    except ValueError as error:
        if what == "a sub-stage" and is_grade_text(text):
            problems.add(item.line, f"{column}: a {item.kind} target for a Year {year_group} pupil is {what} "
                                    f"(St 6 Emerging), not the grade {text}")
        else:
            problems.add(item.line, f"{column}: {error}")
        return None


def _newest(model, year_id: int | None, **where) -> dict[tuple[int, int], str]:
    """(pupil, subject) -> the newest row's label (any year when ``year_id`` is None)."""
    query = model.select(model.pupil, model.subject, model.substage)
    if year_id is not None:
        query = query.where(model.academic_year == year_id)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return {(pupil, subject): label for pupil, subject, label in query.order_by(model.id).tuples()}


def apply(items: list[Item], ctx: Context, problems: Problems) -> tuple[int, int]:
    ctx.notes.clear()
    first: dict[tuple[str, str, str], int] = {}
    for item in items:
        seen = first.setdefault((item.upn, item.subject.lower(), item.kind), item.line)
        if seen != item.line:
            problems.add(item.line, f"{item.upn} {item.subject} {item.kind} is also on line {seen}")
    pupils = pupils_by_upn(items, problems)
    subjects = subjects_by_name(items, problems)
    year = current_year(ctx.today)
    years = dict(Pupil.select(Pupil.id, Pupil.year_group).tuples())
    ffts = _newest(FftEstimate, year.id)
    olds = {kind: _newest(LongTermTarget, None if kind != "year" else year.id, kind=kind) for kind in KINDS}
    settings: list[TargetSetting] = []
    lines: list[int] = []
    new_ffts: list[dict] = []
    created = updated = 0
    for item in unrefused(items, problems):  # the others' kind and targets are checked too
        key = (pupils[item.upn], subjects[item.subject.lower()].id)
        year_group = years[key[0]]
        try:
            check_target_kind(item.kind, year_group, own_key_stage_only=False)
        except TargetChangeRefused as error:
            problems.add(item.line, f"kind: {error}")
            continue
        target = _read(item, "target", item.target, year_group, ctx, problems)
        fft = _read(item, "fft", item.fft, year_group, ctx, problems) if item.fft else None
        stored_fft = ffts.get(key)
        if fft is None and stored_fft and not item.fft:
            fft = _stored(item, stored_fft, year_group, ctx)
        elif fft is not None and stored_fft != fft.label:
            new_ffts.append({"pupil": key[0], "subject": key[1], "academic_year": year.id, "substage": fft.label})
            ffts[key] = fft.label
        if target is None:
            continue
        old_label = olds[item.kind].get(key)
        if old_label == target.label:
            continue
        old = _stored(item, old_label, year_group, ctx) if old_label else None
        if old is not None and target.step < old.step:
            problems.add(item.line, f"target: {target.label} is below the {item.kind} target {old.label}; an "
                                    "import never lowers a target (SLT lowers one on the pupil's page, saying why)")
            continue
        settings.append(TargetSetting(key[0], key[1], target, old, None, fft, REASON, item.kind))
        lines.append(item.line)
        created, updated = (created + 1, updated) if old_label is None else (created, updated + 1)
    problems.raise_if_any()
    _save(settings, lines, year.id, ctx, problems)
    insert_rows(FftEstimate, new_ffts)
    return created, updated


def _stored(item: Item, label: str, year_group: int, ctx: Context) -> SubStage | Grade | None:
    """A stored label read back in this kind's terms; one of the other terms counts as none."""
    try:
        return _reader(item.kind, year_group, ctx)[0](label)
    except ValueError:
        return None


def _save(settings: list[TargetSetting], lines: list[int], year_id: int, ctx: Context,
          problems: Problems) -> None:
    """Record the targets by the one rule; a refused one is a problem on its line."""
    try:
        save_long_terms(identify(ctx.login).roles, staff_id(ctx.login), year_id,
                        settings, ctx.settings.target_steps)
    except TargetsRefused as error:
        for index, reason in error.refused:
            problems.add(lines[index], f"target: {reason}")
        problems.raise_if_any()

