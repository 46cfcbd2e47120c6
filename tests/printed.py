"""Printed pages as a printer would see them: a record's HTML rendered to PDF by the same
headless Chromium path amtui prints with, and the PDF's pages and page size."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from amtui.reports.printing import chromium, render_pdf

needs_chromium = pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (apt-get install chromium)")
A4 = ("594.96 x 841.92", "595 x 842")


def pdf_pages(pdf: Path) -> tuple[int, str]:
    """(pages, size) from pdfinfo when installed, else from the PDF's own objects."""
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        return pages, re.search(r"^Page size:\s+(.*)$", info, re.M).group(1)
    data = pdf.read_bytes()
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", data)
    return len(re.findall(rb"/Type\s*/Page[^s]", data)), f"{float(box.group(1)):.2f} x {float(box.group(2)):.2f} pts"


def rendered(html_file: Path) -> tuple[int, str]:
    """(pages, size) of ``html_file`` printed to PDF."""
    return pdf_pages(render_pdf(html_file, html_file.with_suffix(".pdf")))


def is_a4(size: str) -> bool:
    return size.startswith(A4)
