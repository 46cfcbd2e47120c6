"""The pupil summary grew into the pupil's page (:mod:`amtui.ui.screens.pupil.page`).

Kept so that code opening ``PupilSummaryScreen(pupil_id)`` (the home screen's mentees,
the finder) opens the full page.
"""

from __future__ import annotations

from amtui.ui.screens.pupil.page import PupilScreen, header_text

PupilSummaryScreen = PupilScreen

__all__ = ["PupilSummaryScreen", "PupilScreen", "header_text"]
