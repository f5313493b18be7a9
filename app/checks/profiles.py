"""Check profiles: the thresholds and switches of the checks, as data an administrator can override.

``standard`` follows ND 30/2020 (200 dpi, colour optional); ``strict`` follows the 2025 draft of the Ministry of
Science and Technology (300 dpi, colour, OCR good enough for ≥ 98 % accuracy). A TOML file
``<config folder>/profiles/<name>.toml`` overrides or adds a profile: ``base = "standard"`` then any field below,
and a ``[severity]`` table mapping a code to ``"block"`` or ``"warn"``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from app.checks import findings as f
from app.core.config import config_path
from app.core.errors import BadInputError

BLANK_ACTIONS = ("propose", "remove", "keep")
PAGE_ENCODINGS = ("", "jpeg", "mrc")  # "": as the page options say; else as app.imaging.pageproc.ENCODINGS

DEFAULT_SEVERITY: dict[str, str] = {
    f.PAGE_COUNT_MISMATCH: f.BLOCK,
    f.MISSING_PAGE: f.BLOCK,
    f.OUT_OF_ORDER: f.BLOCK,
    f.DUPLICATE_PAGE: f.BLOCK,
    f.BLANK_PAGE: f.WARN,
    f.CUT_OFF: f.BLOCK,
    f.SKEW: f.BLOCK,
    f.UPSIDE_DOWN: f.BLOCK,
    f.SIDEWAYS: f.BLOCK,
    f.TOO_DARK: f.BLOCK,
    f.TOO_LIGHT: f.WARN,  # the paper itself may be faint: the clerk judges
    f.LOW_RESOLUTION: f.BLOCK,
    f.NOT_COLOR: f.BLOCK,
    f.LOW_OCR_CONFIDENCE: f.WARN,
}


@dataclass(frozen=True)
class Profile:
    """Every threshold of the checks. Grey levels are on the 0-255 scale; lengths in millimetres."""

    name: str = "standard"
    min_dpi: int = 200
    require_color: bool = False
    auto_deskew: bool = True
    deskew_limit_deg: float = 15.0  # the automatic deskew fixes up to this angle
    max_skew_deg: float = 1.0  # what may remain (or stand, when the deskew is off)
    auto_rotate: bool = True
    min_osd_confidence: float = 2.0  # Tesseract OSD margin above which a rotation is applied automatically
    min_orientation_margin: float = 0.12  # the layout heuristic's margin to flag a page turned without OSD
    blank_action: str = "propose"  # propose for removal, remove automatically, or keep silently
    blank_contrast: int = 48  # marks fainter than this below the paper are show-through or dust, not content
    blank_max_ink_ratio: float = 0.00015  # share of the page that marks may cover on a blank page
    blank_separates: bool = False  # a batch of results: a blank page ends a document (when no separator sheet)
    min_paper_level: int = 140  # too_dark below this paper brightness
    min_text_contrast: int = 95  # too_light when the text is less darker than the paper than this
    cut_off_zone_mm: float = 3.0  # printers leave at least ~4 mm: content nearer the edge was shifted or cut
    cut_off_min_mm: float = 1.0  # length of an edge the touching content must cover (part of a character)
    min_ocr_confidence: float = 80.0  # ≈ 88-90 % of characters right on Vietnamese pages, see docs/checks.md
    min_ocr_words: int = 8
    duplicate_text_similarity: float = 90.0  # rapidfuzz ratio, 0-100
    duplicate_hash_distance: int = 40  # of 256 bits of the perceptual hash (16x16 pHash)
    duplicate_hash_distance_no_text: int = 16  # stricter when neither page has text to compare
    printed_numbers: bool = True
    page_encoding: str = ""  # "mrc": G4 text mask + low-res colour layers + colour patches; "jpeg"; "": MRC
    severity: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SEVERITY))

    def severity_of(self, code: str) -> str:
        return self.severity.get(code, DEFAULT_SEVERITY.get(code, f.WARN))


STANDARD = Profile()
STRICT = replace(STANDARD, name="strict", min_dpi=300, require_color=True, max_skew_deg=0.5,
                 min_ocr_confidence=90.0, min_text_contrast=110)
BUILTIN: dict[str, Profile] = {"standard": STANDARD, "strict": STRICT}


def profiles_dir() -> Path:
    return config_path().parent / "profiles"


class BadProfile(BadInputError):
    message_vi = "Cấu hình kiểm tra (profile) không tồn tại hoặc không hợp lệ."
    message_en = "The check profile does not exist or is invalid."


def profile_from_dict(values: dict[str, Any], where: str = "profile") -> Profile:
    """A profile from TOML-like values: ``base`` names the profile it starts from."""
    values = dict(values)
    base_name = str(values.pop("base", "standard"))
    if base_name not in BUILTIN:
        raise BadProfile(f"{where}: unknown base '{base_name}'")
    base = BUILTIN[base_name]
    known = {fl.name: fl for fl in fields(Profile)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise BadProfile(f"{where}: unknown setting '{key}'")
        default = getattr(base, key)
        if key == "severity":
            if not isinstance(value, dict) or any(v not in (f.BLOCK, f.WARN) or k not in f.CODES
                                                  for k, v in value.items()):
                raise BadProfile(f"{where}: severity must map check codes to 'block' or 'warn'")
            changes[key] = {**base.severity, **value}
        elif isinstance(default, bool) != isinstance(value, bool) or not isinstance(
                value, (int, float) if isinstance(default, float) else type(default)):
            raise BadProfile(f"{where}: '{key}' must be {type(default).__name__}")
        else:
            changes[key] = type(default)(value)
    if changes.get("blank_action", base.blank_action) not in BLANK_ACTIONS:
        raise BadProfile(f"{where}: blank_action must be one of {', '.join(BLANK_ACTIONS)}")
    if changes.get("page_encoding", base.page_encoding) not in PAGE_ENCODINGS:
        raise BadProfile(f"{where}: page_encoding must be 'jpeg', 'mrc' or empty")
    return replace(base, **changes)


def load_profile(name: str = "standard", folder: Path | None = None) -> Profile:
    """A profile by name (a built-in, or ``<folder>/<name>.toml``) or by the path of a TOML file."""
    candidate = Path(name)
    if candidate.suffix == ".toml":
        path: Path | None = candidate
    else:
        if not name.replace("-", "").replace("_", "").isalnum():
            raise BadProfile(name)
        path = (folder or profiles_dir()) / f"{name}.toml"
    if path is None or not path.is_file():
        if name in BUILTIN:
            return BUILTIN[name]
        raise BadProfile(name)
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadProfile(f"{path}: {exc}") from exc
    values.setdefault("name", candidate.stem if candidate.suffix == ".toml" else name)
    if name in BUILTIN:
        values.setdefault("base", name)
    return profile_from_dict(values, path.name)
