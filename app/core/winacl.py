"""Data at rest on Windows: POSIX modes mean nothing there, so the data folder gets an ACL through ``icacls`` (the one
place the station runs it): inheritance from the parent cut, full control for the station's account (or, with a
per-machine install whose data folder is shared, for the station's group named in ``SOHOA_DATA_GROUP``) and for
SYSTEM, inherited by every file and folder created inside. Another local user then reads nothing in it.

The command is built here and run through a runner, so its arguments are tested on any platform against a fake
(the Win32 boundary); on Windows the real ``icacls`` runs once per folder and process.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

SYSTEM_SID = "*S-1-5-18"  # LocalSystem, by SID so the name's language does not matter
GROUP_ENV = "SOHOA_DATA_GROUP"  # set machine-wide by the installer (packaging/windows/sohoa.iss)
DEFAULT_GROUP = "SoHoa Stations"  # the local group the installer creates for a shared data folder (/DATADIR)
Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]

_done: set[Path] = set()


def station_principal(environ: dict[str, str] | None = None) -> str:
    """Who may read the data: the group of a per-machine install, else the account running the station."""
    env = os.environ if environ is None else environ
    if env.get(GROUP_ENV):
        return env[GROUP_ENV]
    user = env.get("USERNAME", "")
    domain = env.get("USERDOMAIN", "")
    return f"{domain}\\{user}" if domain and user else user


def acl_command(folder: Path, principal: str) -> list[str]:
    """``icacls`` arguments: drop inherited entries, then grant (replacing) full control to ``principal`` and SYSTEM,
    inherited by files (OI) and subfolders (CI)."""
    return ["icacls", str(folder), "/inheritance:r", "/grant:r", f"{principal}:(OI)(CI)F",
            "/grant:r", f"{SYSTEM_SID}:(OI)(CI)F"]


def _run(command: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), capture_output=True, text=True, check=False, timeout=60)


def current_platform() -> str:
    return sys.platform


def restrict(folder: Path, *, runner: Runner | None = None, principal: str | None = None) -> bool:
    """Give ``folder`` the station's private ACL on Windows (no-op elsewhere, where modes 0700/0600 do it). Returns
    whether the ACL is in place; a failure is logged with icacls' own words, the station keeps working."""
    if current_platform() != "win32":
        return True
    folder = folder.resolve()
    if folder in _done:
        return True
    who = principal or station_principal()
    if not who:
        log.warning("no account name to restrict %s to (USERNAME is empty)", folder)
        return False
    try:
        result = (runner or _run)(acl_command(folder, who))
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("icacls could not run on %s: %s", folder, exc)
        return False
    if result.returncode != 0:
        log.warning("icacls refused to restrict %s to %s: %s", folder, who, (result.stderr or result.stdout).strip())
        return False
    _done.add(folder)
    return True
