"""``import baselines``: upn, subject, baseline [target, fft], for this academic year.

Sets the baseline and FFT Aspire estimate, the long-term target (the one given,
else the default: baseline + settings.target_steps, never below FFT) and the
working stage: the bank of the baseline's stage (N1 works in stage 0's bank).
Re-importing an unchanged baseline leaves the target and working stage alone, so
a teacher's raised target or a pupil's move to the next bank survives it.

Targets follow the one rule (``db.repo.targets.save_long_terms``): above the baseline,
never below FFT, and lowered only by SLT, so an admin's file cannot lower one; a default
worked out again from a changed baseline never lowers a target either (it is kept, and
the summary says so). A target fewer than target_steps above the baseline is imported
with a warning in the summary.
"""

from __future__ import annotations

from dataclasses import dataclass

from amtui.db.models import Baseline, FftEstimate, LongTermTarget, WorkingStage
from amtui.db.repo.staff import identify
from amtui.db.repo.targets import TargetSetting, TargetsRefused, save_long_terms
from amtui.domain.scale import SubStage
from amtui.domain.targets import default_target
from amtui.imports.base import Problems
from amtui.imports.criteria import TOP_BANK
from amtui.imports.reader import Cells, Row, parse_upn
from amtui.imports.store import (
    Context, current_year, insert_rows, pupils_by_upn, staff_id, subjects_by_name,
)


@dataclass(frozen=True)
class Item:
    line: int
    upn: str
    subject: str
    baseline: SubStage
    target: SubStage | None
    fft: SubStage | None


def bank_stage(baseline: SubStage) -> int:
    """The bank a pupil starts in: the baseline's stage (N1: 0; St 8 Ready: the top bank)."""
    return min(baseline.stage if baseline.stage is not None else 0, TOP_BANK)


def check(row: Row, ctx: Context, problems: Problems) -> Item | None:
    cells = Cells(row, problems)
    upn = cells.get("upn", parse_upn)
    subject = cells.get("subject")
    baseline = cells.get("baseline", ctx.scale.parse)
    target = cells.get("target", ctx.scale.parse, blank=None)
    fft = cells.get("fft", ctx.scale.parse, blank=None)
    return Item(row.line, upn, subject, baseline, target, fft) if cells.ok else None


def _newest(model, field, year_id: int | None = None, **where) -> dict[tuple[int, int], tuple]:
    """(pupil, subject) -> (id, value) of the newest row (highest id) of a table."""
    query = model.select(model.id, model.pupil, model.subject, field)
    if year_id is not None:
        query = query.where(model.academic_year == year_id)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return {(pupil, subject): (rid, value)
            for rid, pupil, subject, value in query.order_by(model.id).tuples()}


def apply(items: list[Item], ctx: Context, problems: Problems) -> tuple[int, int]:
    ctx.notes.clear()  # afresh: a busy database runs this again
    first_line: dict[tuple[str, str], int] = {}
    for item in items:
        key = (item.upn, item.subject.lower())
        if (first := first_line.setdefault(key, item.line)) != item.line:
            problems.add(item.line, f"{item.upn} {item.subject} is also on line {first}")
    pupils = pupils_by_upn(items, problems)
    subjects = subjects_by_name(items, problems)
    year = current_year(ctx.today)
    baselines = _newest(Baseline, Baseline.substage, year.id)
    ffts = _newest(FftEstimate, FftEstimate.substage, year.id)
    targets = _newest(LongTermTarget, LongTermTarget.substage, year.id, kind="year")
    stages = _newest(WorkingStage, WorkingStage.stage)
    problems.raise_if_any()

    by = staff_id(ctx.login)
    new = {Baseline: [], FftEstimate: [], WorkingStage: []}
    settings: list[TargetSetting] = []
    lines: list[int] = []
    kept = 0
    created = updated = 0
    for item in items:
        pupil, subject = key = (pupils[item.upn], subjects[item.subject.lower()].id)
        common = {"pupil": pupil, "subject": subject}
        moved = _upsert(Baseline, baselines.get(key), item.baseline,
                        new[Baseline], {**common, "academic_year": year.id, "set_by": by})
        fft_moved = item.fft is not None and _upsert(
            FftEstimate, ffts.get(key), item.fft, new[FftEstimate],
            {**common, "academic_year": year.id})
        target, old = item.target, _stored(ctx, targets.get(key))
        fft = item.fft or _stored(ctx, ffts.get(key))
        if target is None and (moved or fft_moved or key not in targets):
            target = default_target(item.baseline, fft, ctx.scale, ctx.settings.target_steps)
            if old is not None and target.step < old.step:  # a worked-out default never lowers one
                target, kept = None, kept + 1
        target_moved = target is not None and targets.get(key, (0, ""))[1] != target.label
        if target_moved:
            settings.append(TargetSetting(pupil, subject, target, old, item.baseline, fft, "baseline import"))
            lines.append(item.line)
        stage = bank_stage(item.baseline)
        stage_moved = ((moved or key not in stages)
                       and stages.get(key, (0, None))[1] != stage)
        if stage_moved:
            new[WorkingStage].append({**common, "stage": stage, "set_by": by,
                                      "reason": "baseline import"})
        if key not in baselines:
            created += 1
        elif moved or fft_moved or target_moved or stage_moved:
            updated += 1
    _save_targets(settings, lines, by, year.id, ctx, problems)
    for model, rows in new.items():
        insert_rows(model, rows)
    if kept:
        ctx.notes.append(f"{kept} target{'s were' if kept != 1 else ' was'} kept above the default worked "
                         "out from the new baseline (only SLT lowers a target, on the pupil's page).")
    return created, updated


def _save_targets(settings: list[TargetSetting], lines: list[int], by: int | None, year_id: int, ctx: Context,
                  problems: Problems) -> None:
    """Record the file's targets by the one rule; a refused one is a problem on its line."""
    try:
        warned = save_long_terms(identify(ctx.login).roles, by, year_id, settings, ctx.settings.target_steps)
    except TargetsRefused as error:
        for index, reason in error.refused:
            problems.add(lines[index], f"target: {reason}")
        problems.raise_if_any()
        return
    if warned:
        shown = ", ".join(str(lines[index]) for index, _ in warned[:10])
        more = f" and {len(warned) - 10} more" if len(warned) > 10 else ""
        ctx.notes.append(f"Warning: {len(warned)} target{'s are' if len(warned) != 1 else ' is'} fewer than "
                         f"{ctx.settings.target_steps} steps above the baseline (line{'s' if len(warned) != 1 else ''} "
                         f"{shown}{more}): {warned[0][1]}.")


def _stored(ctx: Context, found: tuple | None) -> SubStage | None:
    """A stored label read back; a damaged one counts as not recorded."""
    try:
        return ctx.scale.parse(found[1]) if found else None
    except ValueError:
        return None


def _upsert(model, found: tuple | None, value: SubStage, new_rows: list, values: dict) -> bool:
    """Insert or update a one-per-year row; whether it changed."""
    if found is None:
        new_rows.append({**values, "substage": value.label})
        return True
    if found[1] == value.label:
        return False
    model.update(substage=value.label).where(model.id == found[0]).execute()
    return True
