"""Imports: criteria banks, pupils (CSV from the MIS, or the DfE's CTF), staff, baselines,
marks and weekly results.

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


def run_import(kind: str, path: Path, login: str, header_map: Path | None = None) -> ImportResult:
    """Import one file of ``kind`` as ``login``; ImportFailed says why not. ``header_map``:
    a CSV of the file's headers and the columns they hold (``--map``)."""
    from amtui.imports.runner import run

    return run(kind, Path(path), login, header_map=header_map)
