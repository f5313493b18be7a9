from __future__ import annotations

from pathlib import Path

import pytest

from app.core.config import Settings, config_path, data_dir, load_settings, save_settings
from app.core.errors import BadInputError


def test_env_overrides_locations(isolated_station: Path, tmp_path: Path) -> None:
    assert data_dir() == isolated_station
    assert config_path() == tmp_path / "settings.toml"


def test_defaults_without_file_and_roundtrip() -> None:
    settings = load_settings()
    assert settings.ocr.languages == "vie+eng" and settings.scan.dpi == 300
    settings.scan.dpi = 400
    settings.signing.trust_roots = ["/etc/ca.pem"]
    save_settings(settings)
    again = load_settings()
    assert again.scan.dpi == 400 and again.signing.trust_roots == ["/etc/ca.pem"]
    assert isinstance(again, Settings)


def test_unknown_or_broken_settings_are_clear_errors() -> None:
    path = config_path()
    path.write_text("[scan]\ncolour = 'x'\n")
    with pytest.raises(BadInputError):
        load_settings()
    path.write_text("[scan\n")
    with pytest.raises(BadInputError) as info:
        load_settings()
    assert "cú pháp" in info.value.message_vi
