"""The Windows installer's script (packaging/windows/sohoa.iss), read here since Inno Setup runs only on Windows: a
per-machine install with a shared data folder gets a group (created, or named by the admin), SOHOA_DATA_GROUP names
it machine-wide, and the folder's ACL the installer sets is the one the station sets (app/core/winacl.py)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from app.core import winacl

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = (ROOT / "packaging" / "windows" / "sohoa.iss").read_text(encoding="utf-8")
MACHINE_ENV = r"SYSTEM\CurrentControlSet\Control\Session Manager\Environment"


def section(name: str) -> str:
    match = re.search(rf"^\[{name}\]\n(.*?)(?=^\[\w+\]\n|\Z)", SCRIPT, re.S | re.M)
    assert match is not None, name
    return match.group(1)


def defines() -> dict[str, str]:
    return dict(re.findall(r'^\s*#define (\w+) "([^"]*)"', SCRIPT, re.M))


def entries(name: str) -> list[dict[str, str]]:
    """An Inno section's entries as {parameter: value} (``Name: "value"; Flags: a b; Check: F``)."""
    found = []
    for line in section(name).splitlines():
        if line.strip() and not line.startswith(";"):
            found.append({k: v.strip().strip('"') for k, v in (part.split(":", 1) for part in line.split("; "))})
    return found


def pascal_function(name: str) -> str:
    match = re.search(rf"^(?:function|procedure) {name}\b.*?^end;", section("Code"), re.S | re.M)
    assert match is not None, name
    return match.group(0)


def test_the_machine_environment_names_the_data_group() -> None:
    group = [e for e in entries("Registry") if e.get("ValueName") == winacl.GROUP_ENV]
    assert len(group) == 1
    assert group[0]["Root"] == "HKLM" and group[0]["Subkey"] == MACHINE_ENV
    assert group[0]["ValueData"] == "{code:DataGroup}" and group[0]["Check"] == "NeedsDataGroup"
    assert "uninsdeletevalue" in group[0]["Flags"]


def test_the_group_is_the_admins_or_the_installers_own() -> None:
    assert defines()["DataGroupDefault"] == winacl.DEFAULT_GROUP
    chosen = pascal_function("DataGroup")
    assert "{param:DATAGROUP|}" in chosen and "HasParam('DATADIR')" in chosen and "{#DataGroupDefault}" in chosen
    setup = pascal_function("SetUpDataGroup")
    assert "'localgroup \"' + Group + '\" /add" in setup and "if not HasParam('DATAGROUP')" in setup
    assert "{param:DATAUSERS|}" in setup
    assert "SetUpDataGroup()" in pascal_function("CurStepChanged") and "ssPostInstall" in SCRIPT
    assert "'localgroup \"' + Group + '\" /delete'" in pascal_function("RemoveData")


def test_the_installer_sets_the_acl_the_station_sets() -> None:
    """The icacls call the installer makes on /DATADIR, its Pascal expression evaluated, is winacl's command."""
    setup = pascal_function("SetUpDataGroup")
    call = re.search(r"RunLogged\(ExpandConstant\('\{sys\}\\icacls\.exe'\), (.*)\) <> 0", setup)
    assert call is not None
    values = {"DataDir": r"D:\SoHoa Data", "Group": winacl.DEFAULT_GROUP}
    params = "".join(values[piece] if piece in values else piece.strip("'")
                     for piece in call.group(1).split(" + "))
    for name, value in defines().items():
        params = params.replace("{#" + name + "}", value)
    assert ["icacls", *shlex.split(params, posix=True)] == winacl.acl_command(Path(r"D:\SoHoa Data"),
                                                                                winacl.DEFAULT_GROUP)
