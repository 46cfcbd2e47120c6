"""Building a small school through the real imports, for the import, tracking and export tests."""

from __future__ import annotations

from pathlib import Path

from amtui.db import models
from amtui.imports import ImportResult, run_import

ADMIN = "admin"
ANN, BOB, CAT = "X011000000001", "P021000000002", "G031000000003"


def csv_file(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` (lines joined as typed) to ``folder/name`` in ``encoding``."""
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def import_text(folder: Path, kind: str, text: str, name: str | None = None,
                encoding: str = "utf-8") -> ImportResult:
    return run_import(kind, csv_file(folder, name or f"{kind}.csv", text, encoding), ADMIN)


def table_counts() -> dict[str, int]:
    """Rows in every table, to prove a failed import wrote nothing."""
    return {model.__name__: model.select().count() for model in models.ALL_MODELS}


def bank(code: str, subject: str, stage: int, size: int) -> str:
    return "".join(f"{subject},{stage},{code}{stage}/{n},{subject} stage {stage} criterion {n}\n"
                   for n in range(1, size + 1))


def seed_school(folder: Path) -> None:
    """Staff, Maths stages 2-3 (30 criteria each), Reading stage 2 (20), three pupils in 2B/3C."""
    import_text(folder, "staff", "username,name,roles\n"
                "admin,Ada Admin,admin;slt\njsmith,Jo Smith,teacher;mentor\n"
                "kjones,Kim Jones,teacher;mentor\n")
    import_text(folder, "criteria", "subject,stage,ref,text\n" + bank("M", "Maths", 2, 30)
                + bank("M", "Maths", 3, 30) + bank("R", "Reading", 2, 20))
    import_text(folder, "pupils", "upn,forename,surname,dob,year,class,mentor\n"
                f"{ANN},Ann,Archer,2018-10-01,Year 2,2B,jsmith\n"
                f"{BOB},Bob,Baker,12/03/2019,2,2B,jsmith\n"
                f"{CAT},Cat,Cole,2017-05-05,3,3C,kjones\n")


def seed_tracking(folder: Path) -> None:
    """The seeded school plus baselines and marks with hand-checkable positions.

    Ann (2B) in Maths stage 2, baseline St 2 Emerging, target St 3 Emerging:
    M2/1-14 crossed in HT1, M2/16 crossed in HT1 then dotted in HT2, M2/15 crossed
    in HT4. So 15 crosses at HT1, 14 at HT2-3, 15 from HT4.
    Bob (2B): Maths St 2 Ready, default target, no marks. Cat (3C): Maths stage 3
    and Reading (N1: stage 0, which has no bank).
    """
    seed_school(folder)
    import_text(folder, "baselines", "upn,subject,baseline,target\n"
                f"{ANN},Maths,St 2 Emerging,St 3 Emerging\n{BOB},Maths,St 2 Ready,\n"
                f"{CAT},Maths,St 3 Ready,St 4 Ready\n{CAT},Reading,N1,\n")
    import_text(folder, "marks", "upn,subject,ref,half_term,code\n"
                + "".join(f"{ANN},Maths,M2/{n},1,X\n" for n in range(1, 15))
                + f"{ANN},Maths,M2/16,1,X\n{ANN},Maths,M2/16,2,.\n{ANN},Maths,M2/15,4,X\n"
                + f"{CAT},Maths,M3/1,1,X\n{CAT},Maths,M3/2,1,/\n")


def import_in_process(db_path: str, files: list[str], start, results) -> None:
    """A separate program importing ``files`` (kind = name before the first '_')
    into the shared database once every process is ready; reports to ``results``."""
    from amtui.db.connection import Target
    from amtui.db.startup import open_database

    try:
        opened = open_database(Target(db_path))
        start.wait(timeout=60)
        for name in files:
            run_import(Path(name).name.split("_")[0], Path(name), ADMIN)
        opened.db.close()
        results.put("ok")
    except BaseException as error:  # the parent test reports it
        results.put(f"{type(error).__name__}: {error}")
