"""A pupil's targets: change a long-term target (raise, or lower with a reason), or set a
new short-term or attitude/personal one. The rules' refusal shows in the dialog, which
stays open so the person can correct it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from amtui.db.repo import grade_targets, targets
from amtui.db.repo.targets import KIND_TITLES, LongTerm
from amtui.db.repo.standings import SubjectStanding
from amtui.domain.scale import default_scale
from amtui.ui.dialogs.records import SavingDialog
from amtui.ui.typing_rules import typing_rules


class ChangeTargetDialog(SavingDialog):
    """A target's new value and why: ``heading`` says which target, ``suggestion`` fills the
    value, ``example`` shows when it is empty, and ``saving(new, reason)`` is the save."""

    def __init__(self, heading: str, suggestion: str, example: str,
                 saving: Callable[[str, str], Callable[[], object]]) -> None:
        super().__init__()
        self.heading, self.suggestion, self.example, self.saving = heading, suggestion, example, saving

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="target-dialog"):
            yield Static(Content(self.heading), classes="dialog-title")
            yield Input(value=self.suggestion, placeholder=self.example, id="target-new", **typing_rules("entry"))
            yield Input(placeholder="Why (needed to lower a target)", id="target-reason", **typing_rules("reason"))
            yield self.error_line()
            yield Static(Content("Enter: next / save · Esc: cancel"), classes="dialog-hint")

    @on(Input.Submitted, "#target-reason")
    def submit(self) -> None:
        new = self.query_one("#target-new", Input).value
        reason = self.query_one("#target-reason", Input).value
        self.save(self.saving(new, reason))


class TargetDialog(ChangeTargetDialog):
    """Change a subject's long-term target: the new sub-stage, and why."""

    def __init__(self, user, pupil_id: int, year: int, target: LongTerm, lower: bool) -> None:
        current = target.current or target.baseline
        suggestion = default_scale().plus(current, -1 if lower else 1).label if current is not None else ""
        verb = "Lower" if lower else "Raise" if target.current else "Set"
        fft = f" · FFT Aspire {target.fft.label}" if target.fft else ""
        heading = f"{verb} the {target.subject} target (now {target.current.label if target.current else 'none'}{fft})"
        subject = target.subject_id
        super().__init__(heading, suggestion, "e.g. St 3 Emerging or 3E",
                         lambda new, reason: lambda: targets.change_long_term(user, pupil_id, subject, year, new,
                                                                              reason))


class GradeTargetDialog(ChangeTargetDialog):
    """A secondary pupil's end-of-key-stage or end-of-year target in a subject, as a GCSE
    grade (or a sub-stage in KS3), set by the Grade targets screen's rule
    (``grade_targets.set_target``): a lowering with no reason is refused, asking why."""

    def __init__(self, user, pupil_id: int, standing: SubjectStanding, kind: str, lower: bool,
                 day: dt.date) -> None:
        now = standing.year_target if kind == "year" else standing.key_stage_target
        suggestion = (standing.year_target or standing.key_stage_target) if kind == "year" else standing.key_stage_target
        fft = f" · FFT {standing.fft}" if standing.fft else ""
        verb = "Lower" if lower else "Set" if not now else "Raise" if kind == "year" else "Change"
        heading = (f"{verb} the {standing.subject} {grade_targets.KIND_TITLES[kind]} target "
                   f"(now {now or 'none'}{fft})")
        example = "e.g. 7 (a GCSE grade)" if standing.in_grades else "e.g. St 7 Emerging or 7e"
        subject = standing.subject_id
        super().__init__(heading, suggestion, example,
                         lambda new, reason: lambda: grade_targets.set_target(user, pupil_id, subject, kind, new,
                                                                              reason, day))


class NewTargetDialog(SavingDialog):
    """A new short-term or attitude/personal target, in the pupil's own words if possible."""

    def __init__(self, user, pupil_id: int, kind: str) -> None:
        super().__init__()
        self.user, self.pupil_id, self.kind = user, pupil_id, kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(f"New {KIND_TITLES[self.kind].lower()} target"), classes="dialog-title")
            if self.kind == "personal":
                yield Input(placeholder=f"Aspect: {', '.join(targets.PERSONAL_ASPECTS)}", id="target-aspect",
                            **typing_rules("entry"))
            yield Input(placeholder="The target, e.g. Bring PE kit on Mondays", id="target-text", **typing_rules("target"))
            yield self.error_line()
            yield Static(Content("Enter: save · Esc: cancel"), classes="dialog-hint")

    @on(Input.Submitted, "#target-text")
    def submit(self, event: Input.Submitted) -> None:
        aspects = self.query("#target-aspect")
        aspect = aspects.first(Input).value.strip().lower().replace(" ", "_") if aspects else ""
        user, pupil_id, kind, text = self.user, self.pupil_id, self.kind, event.value
        self.save(lambda: targets.add_target(user, pupil_id, kind, text, aspect=aspect))
