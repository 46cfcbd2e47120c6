"""Running an import: read, check every row, then look up and write in one transaction."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

from amtui.db.audit import audit
from amtui.db.connection import DatabaseBusy, DatabaseUnavailable, write
from amtui.db.repo.school import load_settings
from amtui.domain.scale import default_scale
from amtui.imports.base import KINDS, ImportFailed, ImportResult, Problems
from amtui.imports.reader import read_map, read_rows
from amtui.imports.store import Context


def run(kind: str, path: Path, login: str, today: dt.date | None = None,
        header_map: Path | None = None) -> ImportResult:
    """Import ``path`` as ``kind``; raises ImportFailed (nothing written) on any problem.

    Each kind module provides ``check(row, ctx, problems) -> item | None`` (the row's
    own syntax) and ``apply(items, ctx, problems) -> (created, updated)``, which looks
    things up, calls ``problems.raise_if_any()`` before writing, then writes. ``apply``
    runs on the rows that parsed even when others did not, with their problems already
    in ``problems``: one refusal lists what is wrong in every row, of both kinds. A kind
    that is not a CSV file provides ``read(path, ctx, problems) -> items`` instead of
    ``check``. ``header_map`` is a ``--map`` file naming the file's other headers.
    """
    try:
        return _run(kind, path, login, today, header_map)
    except (DatabaseUnavailable, DatabaseBusy) as error:
        # A full, read-only or vanished drive, or a database busy for too long: say so and
        # stop; the transaction was rolled back, so nothing of the file was written.
        reason = getattr(error, "reason", str(error))
        raise ImportFailed(f"{path.name} was not imported: {reason} Nothing was written; "
                           "run the import again when the drive is back.") from error


def _run(kind: str, path: Path, login: str, today: dt.date | None,
         header_map: Path | None) -> ImportResult:
    spec = KINDS.get(kind)
    if spec is None:
        raise ImportFailed(f"There is no import of '{kind}'. The kinds are:\n" + "\n".join(
            f"  {name}: {s.description}" for name, s in KINDS.items()))
    module = importlib.import_module(f"amtui.imports.{kind.replace('-', '_')}")
    ctx = Context(path=path, login=login, today=today or dt.date.today(),
                  settings=load_settings(), scale=default_scale())
    problems = Problems(path, kind)
    note = ""
    if hasattr(module, "read"):
        if header_map is not None:
            raise ImportFailed(f"--map names the columns of a CSV file; a {kind} file has none.")
        items = module.read(path, ctx, problems)
    else:
        mapping = read_map(header_map, spec) if header_map is not None else None
        sheet = read_rows(path, spec, problems, mapping)
        note = sheet.note()
        items = [item for row in sheet.rows if (item := module.check(row, ctx, problems)) is not None]
    if not items:
        problems.raise_if_any()

    def transaction() -> tuple[int, int]:
        # Fresh problems each attempt (write() re-runs this after a BUSY rollback), starting
        # from the rows that did not parse: apply adds what the others mean, then refuses
        # them all together, before writing or rolling its writes back.
        found = Problems(path, kind, list(problems.found))
        created, updated = module.apply(items, ctx, found)
        found.raise_if_any()
        audit(login, f"import.{kind}", "file", path.name, file=str(path), rows=len(items),
              created=created, updated=updated)
        return created, updated

    created, updated = write(transaction)
    unchanged = len(items) - created - updated
    summary = (f"Imported {len(items)} row{'s' if len(items) != 1 else ''} of {spec.what} "
               f"from {path.name}: {created} new, {updated} updated")
    if hasattr(module, "summary"):
        summary = module.summary(items, created, updated, path).rstrip(".")
    elif kind == "marks":
        summary = f"Imported {len(items)} marks from {path.name} (added to the record)"
    elif unchanged > 0:
        summary += f", {unchanged} unchanged"
    notes = " ".join([note, *ctx.notes]).strip()  # ctx.notes: the kind's warnings
    return ImportResult(kind, path, len(items), created, updated, f"{summary}. {notes}".strip())
