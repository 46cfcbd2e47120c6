"""How `pytest` spreads the suite over its two workers (pytest-xdist, ``-n 2`` in pyproject).

The real-terminal and server tests (``tests/e2e``) share the machine: ``/etc/amtui``,
the test accounts, the sudoers rule, sshd and CUPS. They run one after another on one
worker; every other test is spread over both, one at a time, to whichever is free.

Why a scheduler of our own rather than ``xdist_group`` marks: ``--dist loadgroup`` finds
a test's group in its node id, to which pytest-xdist 3.8 appends ``@group`` on the worker;
on pytest 9.2 that append no longer takes (the id is held elsewhere), so marked tests are
silently spread as if unmarked, and two workers each set up the school server at once,
each removing the other's ``/etc/amtui/config.toml``. The node id's folder is known here,
on the controller, whichever pytest runs.

The database-drive tests (``tests/ui/test_drive_real.py``) mount a tmpfs, but each in its
own temporary folder: they share nothing and stay spread.
"""

from __future__ import annotations

import pytest
from xdist.scheduler import LoadGroupScheduling

TOGETHER = ("tests/e2e/",)
"""Folders (from the repository root, as node ids start) whose tests run on one worker."""


def runs_together(nodeid: str) -> bool:
    return nodeid.startswith(TOGETHER)


class TogetherScheduling(LoadGroupScheduling):
    """``--dist loadgroup``, with every test in :data:`TOGETHER` in one group."""

    def _split_scope(self, nodeid: str) -> str:
        return "machine" if runs_together(nodeid) else super()._split_scope(nodeid)


def make_scheduler(config: pytest.Config, log) -> TogetherScheduling | None:
    """The scheduler for ``--dist loadgroup`` (None: another ``--dist`` asked for, xdist's own)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    return TogetherScheduling(config, log)
