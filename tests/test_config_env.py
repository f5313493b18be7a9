"""Environment overrides are read once, when the settings load, and never written back to the settings file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.config import load_settings, save_settings


def test_overrides_apply_on_load_and_stay_out_of_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('data_dir = "/srv/sohoa"\n[sync]\nserver = "https://mot-cua.example.vn"\n', encoding="utf-8")
    monkeypatch.setenv("SOHOA_DATA_DIR", str(tmp_path / "run"))
    monkeypatch.setenv("SOHOA_SERVER", "http://127.0.0.1:9")
    settings = load_settings(path)
    assert settings.data_path == tmp_path / "run" and settings.sync.server == "http://127.0.0.1:9"
    settings.station.clerk = "Lan"
    save_settings(settings, path)
    monkeypatch.delenv("SOHOA_DATA_DIR")
    monkeypatch.delenv("SOHOA_SERVER")
    again = load_settings(path)
    assert again.station.clerk == "Lan"
    assert again.data_dir == "/srv/sohoa" and again.sync.server == "https://mot-cua.example.vn"


def test_an_empty_override_keeps_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[sync]\nserver = "https://mot-cua.example.vn"\n', encoding="utf-8")
    monkeypatch.setenv("SOHOA_SERVER", "")
    assert load_settings(path).sync.server == "https://mot-cua.example.vn"
