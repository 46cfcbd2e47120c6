"""The pupil's attainment legend is read whole at 80 columns ("◆ baseline", not "◆ baseli…")."""

from __future__ import annotations

from test_pupil_page import SIZE, open_zoe


async def test_the_attainment_legend_fits_its_line_at_80_columns(make_app, school, wait_until, text_of):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_zoe(pilot, app, wait_until)
        legend = app.screen.query_one("#attainment-legend")
        text = text_of(legend)
        assert text.endswith("◆ baseline") and "A above" in text and "B below" in text
        assert len(text) <= legend.content_region.width, (len(text), legend.content_region.width)
