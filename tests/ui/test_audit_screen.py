"""The school's audit trail on screen: SLT sees who changed what and when; others are told why not."""

from __future__ import annotations

from amtui.db.repo import school as school_repo
from amtui.db.repo.staff import identify
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.audit.audit import AuditScreen
from cell_fit import cells_cut_unsaid


async def test_slt_sees_and_filters_the_audit_trail(school, wait_until, text_of):
    school_repo.set_lock(school_repo.current_half_term(school.today).id, identify("head"), True, "moderation")
    app = AmtuiApp(school.opened, "head", screen="audit", today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, AuditScreen)
                         and app.screen.query_one("#audit-table").row_count)
        table = app.screen.query_one("#audit-table")
        assert "half_term.lock" in text_of(table) and "moderation" in text_of(table)
        await pilot.press(*"lock")
        await wait_until(pilot, lambda: table.row_count == 1)
        assert "read-only" in text_of(app.screen.query_one("#audit-count"))
        detail = app.screen.details["0"]  # the entry's detail whole below the table, ended "…" in it
        assert "moderation" in detail and detail in text_of(app.screen.query_one("#audit-detail"))
        assert cells_cut_unsaid(app.screen) == []


async def test_a_teacher_is_told_why_not(school, wait_until, text_of):
    app = AmtuiApp(school.opened, "tester", screen="audit", today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, AuditScreen))
        await pilot.pause(0.1)
        assert "Only Senior leadership or Admin may see the school's audit trail" in text_of(
            app.screen.query_one("#audit-count"))
        assert app.screen.query_one("#audit-table").row_count == 0
