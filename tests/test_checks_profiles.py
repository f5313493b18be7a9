"""Check profiles: built-in data, overrides from TOML files in the config folder, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.checks import BUILTIN, load_profile
from app.checks.profiles import BadProfile, profiles_dir


def test_builtin_profiles() -> None:
    standard, strict = load_profile("standard"), load_profile("strict")
    assert standard.min_dpi == 200 and not standard.require_color
    assert strict.min_dpi == 300 and strict.require_color and strict.min_ocr_confidence > standard.min_ocr_confidence
    assert set(BUILTIN) == {"standard", "strict"}
    assert standard.severity_of("page_count_mismatch") == "block" and standard.severity_of("blank_page") == "warn"


def test_override_a_builtin_and_add_a_profile(tmp_path: Path) -> None:
    folder = profiles_dir()
    assert folder == tmp_path / "profiles"
    folder.mkdir()
    (folder / "strict.toml").write_text("min_dpi = 400\n")
    assert load_profile("strict").min_dpi == 400 and load_profile("strict").require_color
    (folder / "duplex.toml").write_text('base = "strict"\nblank_action = "remove"\nmax_skew_deg = 2\n')
    duplex = load_profile("duplex")
    assert duplex.name == "duplex" and duplex.blank_action == "remove" and duplex.max_skew_deg == 2.0
    assert duplex.min_dpi == 300
    explicit = tmp_path / "other.toml"
    explicit.write_text("min_ocr_confidence = 70\n")
    assert load_profile(str(explicit)).min_ocr_confidence == 70.0


@pytest.mark.parametrize("text", ['colour = true\n', 'min_dpi = "high"\n', 'blank_action = "drop"\n',
                                  'require_color = 1\n', '[severity]\nskew = "fatal"\n', 'base = "lenient"\n',
                                  "min_dpi = \n"])
def test_bad_profiles_are_refused(text: str) -> None:
    folder = profiles_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bad.toml").write_text(text)
    with pytest.raises(BadProfile):
        load_profile("bad")


def test_unknown_name_is_refused() -> None:
    with pytest.raises(BadProfile):
        load_profile("nope")
    with pytest.raises(BadProfile):
        load_profile("../etc/passwd")
