"""amtui import and amtui export name every kind they take, in --help and when refusing
one: the secondary school's kinds (groups, targets, returns; returns, missing-returns,
concerns, programme) were missing, and an unknown export listed tracking and weekly only."""

from __future__ import annotations

import pytest

from amtui import cli
from amtui.imports import IMPORT_KINDS


def said(capsys, *words: str) -> tuple[int, str]:
    try:
        code = cli.main(list(words))
    except SystemExit as stop:  # argparse's --help and refusals
        code = stop.code
    out, err = capsys.readouterr()
    return code, " ".join((out + err).split())


def test_import_help_names_every_kind_it_takes(capsys):
    code, text = said(capsys, "import", "--help")
    assert code == 0
    assert [kind for kind in IMPORT_KINDS if kind not in text] == []


@pytest.mark.parametrize("kind", ["tracking", "weekly", "groups", "returns", "missing-returns", "concerns",
                                  "programme", "trust", "pupil"])
def test_export_help_names_each_kind_the_command_writes(capsys, kind):
    code, text = said(capsys, "export", "--help")
    assert code == 0 and kind in text.replace("missing- returns", "missing-returns")


def test_an_unknown_export_is_refused_with_every_kind(capsys, tmp_path):
    code, text = said(capsys, "--db", str(tmp_path / "none.db"), "export", "concern")
    assert code == 2 and "invalid choice: 'concern'" in text
    assert all(f"'{kind}'" in text for kind in ("tracking", "returns", "concerns", "programme", "trust"))
    assert not (tmp_path / "none.db").exists()  # refused before any database is opened
