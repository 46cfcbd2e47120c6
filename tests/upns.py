"""Valid UPNs for tests: imports check the DfE check letter, so a test's pupils need one."""

from __future__ import annotations

from amtui.domain.upn import with_check_letter


def make_upn(n: int, school: str = "8202417") -> str:
    """The ``n``th test pupil's UPN (n below 100,000): a real check letter on invented digits."""
    return with_check_letter(f"{school}{n:05d}")
