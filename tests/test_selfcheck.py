"""``sohoa selfcheck`` from source: everything found on this machine, and a broken part named in Vietnamese."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def test_selfcheck_all_well(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("selfcheck", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    names = [c["name"] for c in report["checks"]]
    assert report["ok"] and names == ["settings", "tesseract", "fonts", "pdfa", "database", "keyring", "devices",
                                     "calendar"]
    keyring = next(c for c in report["checks"] if c["name"] == "keyring")
    assert keyring["detail"].startswith("keyrings.alt.file.PlaintextKeyring (insecure); audit key: ")
    calendar = next(c for c in report["checks"] if c["name"] == "calendar")
    assert calendar["detail"].startswith("VN public holidays; next day off 20")
    devices = next(c for c in report["checks"] if c["name"] == "devices")
    if sys.platform != "win32":
        assert "sane: 2" in devices["detail"]  # the SANE test backend through its worker process


def test_selfcheck_names_each_problem_in_vietnamese(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "data").write_text("not a folder")
    result = cli("selfcheck", env={"SOHOA_DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 1
    assert "[LỖI] database" in result.stdout
    assert "Không mở được cơ sở dữ liệu" in result.stderr


def test_selfcheck_names_a_bad_calendar_setting(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "settings.toml"
    config.write_text('[station]\ndays_off = ["30/04/2027"]\n', encoding="utf-8")
    result = cli("selfcheck", env={"SOHOA_CONFIG": str(config)})
    assert result.returncode == 1
    assert "[LỖI] calendar" in result.stdout
    assert "Không tải được lịch làm việc" in result.stderr and "station.days_off: '30/04/2027'" in result.stderr
