"""CSV imports: criteria banks, pupils, staff, baselines, marks and weekly results.

Each kind is validated in full before anything is written, then written in one
transaction; any problem rolls it back, so a file imports completely or not at all.
The database layer loads only when an import runs (``--help`` stays quick).
"""

from __future__ import annotations

from pathlib import Path

from amtui.imports.base import KINDS, ImportFailed, ImportResult

IMPORT_KINDS: dict[str, str] = {name: spec.description for name, spec in KINDS.items()}
"""Kind name -> one line describing its columns (for --help)."""

__all__ = ["IMPORT_KINDS", "ImportFailed", "ImportResult", "run_import"]


def run_import(kind: str, path: Path, login: str) -> ImportResult:
    """Import one CSV file of ``kind`` as ``login``; ImportFailed says why not."""
    from amtui.imports.runner import run

    return run(kind, Path(path), login)
