"""The visible signature of a copy per ND 30/2020 Annex I Part II: top right of page 1, text only (no image): kind
of copy, agency, signer, time as date and h:m:s with the Vietnam offset; Times-compatible 10 pt black, embedded.

Text and box are configurable (``settings.signing.stamp_template`` / ``stamp_box``); lines are wrapped to the box
by measuring the real font, so the text keeps its 10 pt instead of being shrunk to fit.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from app.core.config import Settings, cache_dir
from app.core.errors import BadInputError, MissingDependencyError
from app.core.files import atomic_write_bytes
from app.core.storage import VN_TZ

DEFAULT_COPY_KIND = "Bản số hóa từ bản giấy"
DEFAULT_TEMPLATE = "{copy_kind}\n{agency}\nNgười ký: {signer}\nThời gian ký: {date} {time} {offset}"
FIELDS = ("copy_kind", "agency", "signer", "date", "time", "offset", "iso")
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "C:/Windows/Fonts/times.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
PADDING = 3.0  # pt of air between the box edge and the text


@dataclass(frozen=True)
class Appearance:
    visible: bool = True
    copy_kind: str = DEFAULT_COPY_KIND
    agency: str = ""
    template: str = DEFAULT_TEMPLATE
    box: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1 in pt on page 1; None: top right
    max_width: float = 260.0  # pt; longer lines wrap
    margin_right: float = 14.0  # pt from the page's right edge (5 mm)
    margin_top: float = 8.5  # pt from the page's top edge (3 mm)
    font_size: int = 10
    font_path: str = ""  # empty: Liberation Serif, else a Times-compatible or DejaVu fallback

    @classmethod
    def from_settings(cls, settings: Settings, visible: bool | None = None) -> Appearance:
        s = settings.signing
        box = tuple(float(v) for v in s.stamp_box) if s.stamp_box else None
        if box is not None and len(box) != 4:
            raise BadInputError("settings.signing.stamp_box", message_vi="Khung chữ ký phải có 4 số [x0, y0, x1, y1].",
                                message_en="The stamp box needs 4 numbers [x0, y0, x1, y1].")
        appearance = cls(visible=s.visible if visible is None else visible, copy_kind=s.copy_kind or DEFAULT_COPY_KIND,
                         agency=settings.station.agency_name, template=s.stamp_template or DEFAULT_TEMPLATE,
                         box=box)  # type: ignore[arg-type]
        appearance.validate()
        return appearance

    def validate(self) -> None:
        try:
            self.template.format_map(dict.fromkeys(FIELDS, ""))
        except (KeyError, ValueError, IndexError) as exc:
            raise BadInputError(f"stamp_template: {exc}", message_vi="Mẫu chữ ký hiển thị có trường không hợp lệ.",
                                message_en="The stamp template has an invalid field.") from exc

    def text(self, signer: str, when: datetime) -> str:
        local = when.astimezone(VN_TZ)
        offset = local.strftime("%z")
        values = {"copy_kind": self.copy_kind, "agency": self.agency, "signer": signer,
                  "date": local.strftime("%d/%m/%Y"), "time": local.strftime("%H:%M:%S"),
                  "offset": f"{offset[:3]}:{offset[3:]}", "iso": local.isoformat(timespec="seconds")}
        lines = [line for line in self.template.format_map(values).splitlines() if line.strip()]
        return "\n".join(lines)

    def font(self) -> str:
        for candidate in (self.font_path, *FONT_CANDIDATES):
            if candidate and Path(candidate).exists():
                return candidate
        raise MissingDependencyError("Liberation Serif / DejaVu", message_vi="Thiếu phông chữ để hiển thị chữ ký "
                                     "(cài fonts-liberation2).", message_en="No font for the visible signature "
                                     "(install fonts-liberation2).")


def embeddable_font(path: str) -> str:
    """The font as pyHanko can embed it. pyHanko 0.38 writes glyph widths in font units, which PDF reads as 1/1000
    em: a 2048-unit TrueType font (Liberation, DejaVu, Times) comes out letter-spaced. A copy scaled to 1000 units
    per em (fontTools) fixes that; it is made once and kept in the station's cache folder."""
    return _embeddable(path, cache_dir())


@lru_cache(maxsize=4)
def _embeddable(path: str, cache: Path) -> str:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    upem = int(font["head"].unitsPerEm)
    font.close()
    if upem == 1000:
        return path
    stat = Path(path).stat()
    cached = cache / "fonts" / f"{Path(path).stem}-{stat.st_size}-{int(stat.st_mtime)}-1000.ttf"
    if not cached.exists():
        from fontTools.ttLib.scaleUpem import scale_upem

        font = TTFont(path)
        scale_upem(font, 1000)
        buffer = io.BytesIO()
        font.save(buffer)
        atomic_write_bytes(cached, buffer.getvalue())
    return str(cached)


@lru_cache(maxsize=4)
def _measure_font(path: str) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size=1000)


def text_width(text: str, font_path: str, size: float) -> float:
    return float(_measure_font(font_path).getlength(text)) * size / 1000.0


def wrap(text: str, font_path: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines():
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}".strip()
            if current and text_width(trial, font_path, size) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    return lines


@dataclass(frozen=True)
class StampPlan:
    style: TextStampStyle
    box: tuple[int, int, int, int]
    text: str


def plan_stamp(appearance: Appearance, text: str, page_box: tuple[float, float, float, float]) -> StampPlan:
    """Where the text goes on page 1 and the pyHanko style drawing it (top-left aligned, never scaled)."""
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # subsetting chatter ("FFTM NOT subset")
    font = appearance.font()
    embedded = embeddable_font(font)
    size = appearance.font_size
    leading = round(size * 1.2)
    if appearance.box is not None:
        x0, y0, x1, y1 = appearance.box
        lines = wrap(text, font, size, x1 - x0 - 2 * PADDING)
    else:
        lines = wrap(text, font, size, appearance.max_width - 2 * PADDING)
        width = max(text_width(line, font, size) for line in lines) + 2 * PADDING + 2
        height = leading * len(lines) + 2 * PADDING + size * 0.3
        px0, py0, px1, py1 = page_box
        x1, y1 = px1 - appearance.margin_right, py1 - appearance.margin_top
        x0, y0 = max(px0, x1 - width), max(py0, y1 - height)
    top_left = layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MIN,
                                          y_align=layout.AxisAlignment.ALIGN_MAX, margins=layout.Margins(),
                                          inner_content_scaling=layout.InnerScaling.NO_SCALING)
    style = TextStampStyle(
        stamp_text="\n".join(lines).replace("%", "%%"),
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(embedded, font_size=size), font_size=size,
                                    leading=leading, text_color=(0, 0, 0), border_width=0, box_layout_rule=top_left),
        border_width=0,
        background=None,
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins(left=int(PADDING), right=int(PADDING), top=int(PADDING), bottom=int(PADDING)),
            inner_content_scaling=layout.InnerScaling.NO_SCALING),
    )
    box = (int(x0), int(y0), round(x1), round(y1))
    return StampPlan(style, box, "\n".join(lines))
