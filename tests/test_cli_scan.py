"""`sohoa devices` and `sohoa scan` as the issue states them, on the SANE test backend and the simulated feeder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.files import sha256_file
from app.imaging.manifest import Manifest


def test_devices_lists_sane_test(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("devices", "--json")
    assert result.returncode == 0, result.stderr
    names = [d["name"] for d in json.loads(result.stdout)]
    assert "sane:test:0" in names
    assert any(n.startswith("file:") for n in names)


@pytest.mark.slow
def test_scan_adf_writes_ten_pages_and_manifest(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "scan"
    result = cli("scan", "--device", "sane:test:0", "--source", "adf", "--dpi", "100", "--out", str(out))
    assert result.returncode == 0, result.stderr
    manifest = Manifest.load(out)
    assert [p.order for p in manifest.pages] == list(range(1, 11))
    assert all(p.dpi == 100 for p in manifest.pages)
    for page in manifest.pages:
        assert sha256_file(out / page.file) == page.sha256


@pytest.mark.parametrize("code", ["paper_jam", "cover_open", "io_error", "busy", "access_denied"])
def test_scan_fault_exits_nonzero_and_keeps_pages(cli, tmp_path: Path, code: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "scan"
    result = cli("scan", "--device", "sane:test:0", "--dpi", "75", "--inject-fault", f"3:{code}", "--out", str(out))
    assert result.returncode == 3
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("sohoa: ") and "Traceback" not in result.stderr
    manifest = Manifest.load(out)
    assert len(manifest.pages) == 2
    assert manifest.error is not None and manifest.error["code"] == code


def test_scan_empty_feeder_exits_nonzero(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("scan", "--device", "sane:test:0", "--inject-fault", "1:feeder_empty", "--out", str(tmp_path / "s"))
    assert result.returncode == 3
    assert "Khay nạp giấy trống" in result.stderr


def test_scan_from_simulated_feeder(cli, small_stack: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "scan"
    result = cli("scan", "--device", f"sim:{small_stack}", "--dpi", "200", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert len(Manifest.load(out).pages) == 2


def test_unknown_device_prefix_is_a_clear_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("scan", "--device", "usb:thing", "--out", str(tmp_path / "s"))
    assert result.returncode == 3
    assert "Không tìm thấy máy quét" in result.stderr
