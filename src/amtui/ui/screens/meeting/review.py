"""The meeting's first three steps: preparation, the pupil's self-assessment, evidence."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from amtui.db import journal
from amtui.db.repo import meeting_saves as saves
from amtui.db.repo.meeting_agenda import Agenda, CurrentTarget
from amtui.domain import agenda as rules
from amtui.domain.attitude import ASPECTS
from amtui.domain.ryg import RYG
from amtui.domain.weekly import score_colour
from amtui.ui.screens.meeting.queue import StepPanel
from amtui.ui.typing_rules import typing_rules
from amtui.ui.widgets.status import colour, status_text
from amtui.ui.widgets.tables import JumpTable, refill, update_fitted
from amtui.ui.widgets.tables import highlighted_key as cursor_key  # the meeting steps' name for it


def rating_text(rating: str, word: bool = False) -> Text:
    """" G " on green (and the word): a letter always, so it reads without colour."""
    if rating not in ("R", "Y", "G"):
        return Text("-", style="dim")
    ryg = RYG(rating)
    badge = (f" {rating} ", f"bold #000000 on {colour(ryg.colour)}")
    return Text.assemble(badge, f" {ryg.label}") if word else Text.assemble(badge)


class PreparationPanel(StepPanel):
    """Step 1: the mentor's must-do list; the data ticks what it can prove."""

    BINDINGS = [Binding("space", "tick", "Tick", tooltip="Tick or untick your own item", id="meeting.tick")]

    def compose(self) -> ComposeResult:
        yield JumpTable(name_column=1, id="prep-table")
        yield Static(id="prep-detail")

    def on_mount(self) -> None:
        self.query_one("#prep-table", DataTable).add_columns("Done", "Before the meeting", "By")
        self.checks: dict[str, rules.CheckResult] = {}

    def show(self, agenda: Agenda, first: bool) -> None:
        self.checks = {c.item.key: c for c in agenda.checks}
        self._draw()

    def _draw(self) -> None:
        refill(self.query_one("#prep-table", DataTable), [
            (key, ("[x]" if c.done else "[ ]", c.item.label, "data" if c.item.auto else "you"))
            for key, c in self.checks.items()])
        self._explain()

    @on(DataTable.RowHighlighted, "#prep-table")
    def _explain(self) -> None:
        check = self.checks.get(cursor_key(self.query_one("#prep-table", DataTable)) or "")
        if check is None:
            return
        how = "Checked from the records." if check.item.auto else "Your own tick: space."
        state = "Done." if check.done else f"Missing: {check.missing}"
        self.query_one("#prep-detail", Static).update(Content(f"{state}\n{how}"))

    def action_tick(self) -> None:
        key = cursor_key(self.query_one("#prep-table", DataTable))
        check = self.checks.get(key or "")
        if check is None or self.refused():
            return
        if check.item.auto:
            self.app.notify(f"'{check.item.label}' is ticked from the records, not by hand.")
            return
        done = not check.done
        self.checks[key] = rules.CheckResult(check.item, done, "" if done else "tick when done")
        self._draw()
        ctx = self.ctx
        self.save(journal.kept("meeting.check", ctx.user.login, meeting_id=ctx.meeting_id, item=key, done=done),
                  f"tick {check.item.label}")


COMMENT_WIDTH = 29
"""The self-assessment's Comment column: what is left of 80 columns (the field below has it all)."""


class SelfAssessmentPanel(StepPanel):
    """Step 2: the pupil's red / yellow / green on each current target (each moves on to
    the next), with a comment."""

    BINDINGS = [
        Binding("r", "rate('R')", "Red", tooltip="The pupil rates this target red", id="meeting.red"),
        Binding("y", "rate('Y')", "Yellow", tooltip="The pupil rates this target yellow",
                id="meeting.yellow"),
        Binding("g", "rate('G')", "Green", tooltip="The pupil rates this target green", id="meeting.green"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("No targets from earlier meetings: nothing to rate yet.", id="self-note")
        yield JumpTable(id="self-table")
        yield Static(id="self-detail")  # the highlighted target whole: the table cuts it at 34 columns
        with Horizontal(classes="field-row"):
            yield Static("Comment:", classes="field-label")
            yield Input(id="self-comment", compact=True, select_on_focus=False,
                        placeholder="the pupil's words", **typing_rules("comment"))

    def on_mount(self) -> None:
        table = self.query_one("#self-table", DataTable)
        # Widths fixed to fill 80 columns: an auto-sized Comment column kept the width of its
        # first text, so a comment typed later showed as "I forge".
        table.add_column("Target", width=34)
        table.add_column("Pupil", width=5)
        table.add_column("Comment", width=COMMENT_WIDTH)
        self.views: dict[str, list[str]] = {}
        self.targets: dict[str, CurrentTarget] = {}
        self.comment_for: str | None = None  # the target whose comment the field holds

    def show(self, agenda: Agenda, first: bool) -> None:
        self.targets = {str(t.id): t for t in agenda.targets}
        if first or not self.views:
            self.views = {str(t.id): [t.rating, t.comment] for t in agenda.targets}
        table = self.query_one("#self-table", DataTable)
        refill(table, [(key, (f"{t.ref} {t.text}", rating_text(self.views[key][0]), self.views[key][1]))
                       for key, t in self.targets.items() if key in self.views])
        self.query_one("#self-note").display = not self.targets
        self._load_comment()

    def set_editable(self, editable: bool) -> None:
        self.query_one("#self-comment", Input).disabled = not editable

    @on(DataTable.RowHighlighted, "#self-table")
    def _load_comment(self) -> None:
        key = cursor_key(self.query_one("#self-table", DataTable))
        target = self.targets.get(key or "")
        self.query_one("#self-detail", Static).update(Content(f"{target.ref} {target.text}" if target else ""))
        if key == self.comment_for:
            return  # the same target: keep what is in the field
        self.flush()
        self.comment_for = key
        field = self.query_one("#self-comment", Input)
        with field.prevent(Input.Changed):
            field.value = self.views[key][1] if key in self.views else ""

    def action_rate(self, rating: str) -> None:
        table = self.query_one("#self-table", DataTable)
        key = cursor_key(table)
        if key is None or self.refused():
            return
        self.views[key][0] = rating
        table.update_cell(key, table.ordered_columns[1].key, rating_text(rating))
        ctx, tid = self.ctx, int(key)
        self.save(journal.kept("meeting.self_assessment", ctx.user.login, meeting_id=ctx.meeting_id,
                               target_id=tid, rating=rating, amending=ctx.amending), "rating")
        table.move_cursor(row=table.cursor_row + 1)  # a rating moves on, as on every other screen

    @on(Input.Changed, "#self-comment")
    def _typed(self, event: Input.Changed) -> None:
        table, key = self.query_one("#self-table", DataTable), self.comment_for
        if key not in self.views or self.ctx is None or not self.ctx.editable:
            return
        self.views[key][1] = text = event.value
        update_fitted(table, key, 2, text)
        ctx, tid = self.ctx, int(key)
        self.save_later(f"comment:{key}", journal.kept("meeting.self_assessment", ctx.user.login,
                                                       meeting_id=ctx.meeting_id, target_id=tid, comment=text,
                                                       amending=ctx.amending), "comment")

    def on_descendant_blur(self) -> None:
        self.flush()

    @on(Input.Submitted, "#self-comment")
    def _next(self) -> None:
        self.flush()
        table = self.query_one("#self-table", DataTable)
        table.focus()
        table.move_cursor(row=table.cursor_row + 1)


class EvidencePanel(StepPanel):
    """Step 3: progress per subject, earlier targets against the evidence and the pupil's
    view, attitude and the last three weekly tests."""

    BINDINGS = [Binding("space", "review", "Achieved/dropped", tooltip="Cycle the target: open, achieved, "
                        "dropped", id="meeting.review")]

    def compose(self) -> ComposeResult:
        # No scrolling container: the targets table takes what the figures leave and scrolls
        # itself, so the subjects and attitude always stay in view.
        yield Static(id="ev-subjects")
        yield JumpTable(id="ev-targets")
        yield Static(id="ev-attitude")

    def on_mount(self) -> None:
        table = self.query_one("#ev-targets", DataTable)
        table.add_column("Target", width=30)
        table.add_columns("Evidence", "Pupil", "Review")
        self.targets: dict[str, CurrentTarget] = {}
        self.reviews: dict[str, str] = {}

    def show(self, agenda: Agenda, first: bool) -> None:
        self.targets = {str(t.id): t for t in agenda.targets}
        self.reviews = {key: t.status for key, t in self.targets.items()}
        self.query_one("#ev-subjects", Static).update(subjects_text(agenda))
        self._draw()
        self.query_one("#ev-attitude", Static).update(attitude_text(agenda))

    def _draw(self) -> None:
        rows = []
        for key, t in self.targets.items():
            evidence = "-"
            if t.kind == "medium":
                evidence = f"{t.code.symbol.strip() or '-'} {t.code_set_in}".strip()
            review = self.reviews[key]
            if review == "open" and t.crossed:
                review = "open (X: achieved)"
            rows.append((key, (f"{t.ref} {t.text}", evidence, rating_text(t.rating), review)))
        refill(self.query_one("#ev-targets", DataTable), rows)

    def action_review(self) -> None:
        key = cursor_key(self.query_one("#ev-targets", DataTable))
        if key is None or self.refused():
            return
        status = self.reviews[key] = rules.next_review(self.reviews[key])
        self._draw()
        ctx, tid = self.ctx, int(key)
        self.save(lambda: saves.review_target(ctx.user, ctx.meeting_id, tid, status, at=ctx.clock(),
                                              amending=ctx.amending), f"target {status}")


def subjects_text(agenda: Agenda) -> Text:
    """Progress per subject: now, long-term target, expected, status (letter and word); a
    secondary pupil's is their latest returns instead, unless they also have working stages."""
    out = Text()
    if agenda.positions or not agenda.facts.secondary:
        out.append("Subject    Now          Target  Expect  Status\n", "bold")
    for p in agenda.positions:
        now = (p.substage.short + (f" {p.position}" if p.position else "")) if p.substage else "-"
        out.append(f"{p.subject[:10]:<10} {now:<12} {p.target.short if p.target else '-':<7} "
                   f"{p.expected.short if p.expected else '-':<7} ")
        out.append_text(status_text(p.status))
        out.append("\n")
    if not agenda.positions and not agenda.returns:
        out.append("No progress return yet.\n" if agenda.facts.secondary
                   else "No working stage in any subject yet.\n")
    if agenda.returns:
        out.append_text(returns_text(agenda))
    return out


RETURNS_PER_LINE = 3
"""Three subjects a line (25 columns each) keep a GCSE pupil's ten subjects to four lines."""


def returns_text(agenda: Agenda) -> Text:
    """Each subject's latest return against its target, and the subjects below (the concerns)."""
    below = sum(r.below for r in agenda.returns)
    out = Text.assemble((f"Latest return / target: {below} of {len(agenda.returns)} "
                         f"subjects below target\n", "bold"))
    for n, r in enumerate(agenda.returns, 1):
        out.append(f"{r.subject[:11]:<11} {r.returned:>2}/{r.target or '-':<2} ")
        out.append("below" if r.below else "     ", "bold" if r.below else "")
        out.append("\n" if n % RETURNS_PER_LINE == 0 or n == len(agenda.returns) else "  ")
    return out


ASPECT_SHORT = {"attendance": "Attend", "punctuality": "Punct", "behaviour": "Behav", "effort": "Effort",
                "homework": "Hwork", "uniform": "Unif"}
"""Short enough that six ratings and the attendance figure fit one line at 80 columns."""


def attitude_text(agenda: Agenda) -> Text:
    """This half-term's attitude (and the one before), then the last three weekly tests."""
    out = Text()
    shown = ((agenda.half_term.dates.short, agenda.attitude), ("before", agenda.attitude_before))
    for title, ratings in shown:
        if not ratings:
            continue
        out.append(f"Attitude {title}: ", style="bold" if title != "before" else "dim")
        for aspect in ASPECTS:
            rating, percent = ratings.get(aspect, ("", None))
            out.append(ASPECT_SHORT.get(aspect, aspect[:5]))
            out.append_text(rating_text(rating))  # " G ": its own spaces
            out.append(f"{percent:g}% " if percent is not None else " ")
        out.append("\n")
    if not agenda.attitude and agenda.facts.records_attitude:
        out.append(f"No attitude recorded for {agenda.half_term.dates.short} yet.\n")
    weekly = agenda.weekly
    if weekly is not None:
        out.append(f"Weekly tests ({weekly.level}), last three: ", style="bold")
        for score in weekly.last3:
            if score is None:
                out.append(" absent ", style="dim")
            else:
                tint = colour(score_colour(min(score, agenda.settings.weekly_max), agenda.settings).colour)
                out.append(f" {score} ", style=f"bold #000000 on {tint}")
            out.append(" ")
    return out
