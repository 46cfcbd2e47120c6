"""A CUPS print service of the test's own: cupsd with its config in a temporary folder,
listening on a socket there, and one cups-pdf queue that writes each job as a PDF into a
folder of ours. Needs root (cupsd and the cups-pdf backend run as root), Debian's cups,
cups-client and printer-driver-cups-pdf; .ci/run installs them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CUPSD = Path("/usr/sbin/cupsd")
CUPS_PDF = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_CONFIG = Path("/etc/cups")  # cups-pdf reads cups-pdf-QUEUE.conf from here, and nowhere else
START_SECONDS = 10


@dataclass(frozen=True)
class Cups:
    """A running cupsd: ``env`` points lp at it; jobs on ``queue`` arrive as PDFs in ``out``."""

    env: dict[str, str]
    queue: str
    out: Path

    def wait_for_pdf(self, seconds: float = 20) -> Path:
        """The first PDF cups-pdf writes, once it is whole (pdfinfo reads it)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for pdf in sorted(self.out.glob("*.pdf")):
                if subprocess.run(["pdfinfo", str(pdf)], capture_output=True).returncode == 0:
                    return pdf
            time.sleep(0.2)
        raise AssertionError(f"cups-pdf wrote no PDF into {self.out} within {seconds} s")


def missing() -> str:
    """Why a real CUPS cannot run here ('' when it can)."""
    if os.geteuid() != 0:
        return "cupsd and the cups-pdf backend need root"
    for need, package in ((CUPSD, "cups"), (CUPS_PDF, "printer-driver-cups-pdf"), (CUPS_PDF_PPD,
                                                                                   "printer-driver-cups-pdf")):
        if not need.exists():
            return f"{need} is missing (apt-get install {package})"
    for tool, package in (("lp", "cups-client"), ("lpadmin", "cups-client"), ("pdfinfo", "poppler-utils")):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install {package})"
    return ""


def _config(folder: Path) -> tuple[Path, Path]:
    spool = folder / "spool"
    for path, mode in ((spool, 0o710), (spool / "tmp", 0o1770), (folder / "cache", 0o770),
                       (folder / "state", 0o755), (folder / "log", 0o755)):
        path.mkdir()
        shutil.chown(path, group="lp")
        os.chmod(path, mode)
    cupsd_conf, files_conf = folder / "cupsd.conf", folder / "cups-files.conf"
    cupsd_conf.write_text(f"Listen {folder / 'cups.sock'}\nLogLevel warn\nBrowsing No\n"
                          "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                          "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n")
    files_conf.write_text(f"ServerRoot {folder}\nRequestRoot {spool}\nTempDir {spool / 'tmp'}\n"
                          f"CacheDir {folder / 'cache'}\nStateDir {folder / 'state'}\n"
                          f"ErrorLog {folder / 'log' / 'error_log'}\nAccessLog {folder / 'log' / 'access_log'}\n"
                          f"PageLog {folder / 'log' / 'page_log'}\nFileDevice No\nUser lp\nGroup lp\n"
                          "SystemGroup root\n")
    return cupsd_conf, files_conf


@contextmanager
def cups_server() -> Iterator[Cups]:
    """Start cupsd with one cups-pdf queue; stop it and remove everything afterwards."""
    # Under /tmp itself, not pytest's 0700 folder: CUPS's filters run as lp and must reach the spool.
    folder = Path(tempfile.mkdtemp(prefix="amtui-cups-"))
    os.chmod(folder, 0o755)
    queue = f"amtui-test-{os.getpid()}"
    queue_config = CUPS_PDF_CONFIG / f"cups-pdf-{queue}.conf"
    out = folder / "out"
    out.mkdir()
    cupsd_conf, files_conf = _config(folder)
    env = {**os.environ, "CUPS_SERVER": str(folder / "cups.sock"), "LC_ALL": "C"}
    daemon = subprocess.Popen([str(CUPSD), "-f", "-c", str(cupsd_conf), "-s", str(files_conf)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + START_SECONDS
        while subprocess.run(["lpstat", "-r"], env=env, capture_output=True, text=True).stdout.strip() \
                != "scheduler is running":
            if daemon.poll() is not None or time.monotonic() > deadline:
                log = folder / "log" / "error_log"
                raise AssertionError(f"cupsd did not start: {log.read_text() if log.exists() else 'no log'}")
            time.sleep(0.1)
        queue_config.write_text(f"Out {out}\nAnonDirName {out}\nLabel 0\nUserUMask 0077\n")
        subprocess.run(["lpadmin", "-p", queue, "-E", "-v", f"cups-pdf:/{queue}", "-P", str(CUPS_PDF_PPD),
                        "-o", "media=A4"], env=env, capture_output=True, check=True)
        yield Cups(env, queue, out)
    finally:
        daemon.terminate()
        try:
            daemon.wait(10)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        queue_config.unlink(missing_ok=True)
        Path(f"/var/log/cups/cups-pdf-{queue}_log").unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
