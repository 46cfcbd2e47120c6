"""A small secondary school built through the real imports: Year 10 tutor group 10X."""

from __future__ import annotations

from pathlib import Path

from imports.builders import import_text

AMY, BEN, CAL = "W101000000001", "P102000000002", "H103000000003"
GROUPS_HEADER = "group,subject,year,teacher,upn\n"


def seed_secondary(folder: Path) -> None:
    """Staff (an admin on SLT, a Maths and a History teacher, an AMT member), three Year 10
    pupils in tutor group 10X (Amy, Ben) and 10Y (Cal)."""
    import_text(folder, "staff", "username,name,roles\n"
                "admin,Ada Admin,admin;slt\nmaths1,Mo Maths,teacher\nhist1,Hal History,teacher\n"
                "amt1,Ava Team,teacher;amt\n")
    import_text(folder, "pupils", "upn,forename,surname,dob,year,class\n"
                f"{AMY},Amy,Ash,2011-01-01,10,10X\n{BEN},Ben,Birch,2011-02-02,10,10X\n"
                f"{CAL},Cal,Cedar,2011-03-03,10,10Y\n")


def seed_groups(folder: Path) -> None:
    """Maths sets 10X/Ma1 (Amy, Cal) and 10X/Ma2 (Ben), taught by maths1; History 10X/Hi1, hist1."""
    import_text(folder, "groups", GROUPS_HEADER
                + f"10X/Ma1,Maths,10,maths1,{AMY}\n10X/Ma1,Maths,10,maths1,{CAL}\n"
                + f"10X/Ma2,Maths,Year 10,maths1,{BEN}\n10X/Hi1,History,10,hist1,{AMY}\n")
