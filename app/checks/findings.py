"""What a check finds: a code from a fixed list, the page it concerns, how serious it is, and the clerk's sentence.

The codes are part of the JSON contract of ``sohoa check`` and of the GUI: never rename them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

BLOCK = "block"
WARN = "warn"

PAGE_COUNT_MISMATCH = "page_count_mismatch"
MISSING_PAGE = "missing_page"
OUT_OF_ORDER = "out_of_order"
DUPLICATE_PAGE = "duplicate_page"
BLANK_PAGE = "blank_page"
CUT_OFF = "cut_off"
SKEW = "skew"
UPSIDE_DOWN = "upside_down"
SIDEWAYS = "sideways"
TOO_DARK = "too_dark"
TOO_LIGHT = "too_light"
LOW_RESOLUTION = "low_resolution"
NOT_COLOR = "not_color"
LOW_OCR_CONFIDENCE = "low_ocr_confidence"

PAGE_CODES = (BLANK_PAGE, CUT_OFF, SKEW, UPSIDE_DOWN, SIDEWAYS, TOO_DARK, TOO_LIGHT, LOW_RESOLUTION, NOT_COLOR,
              LOW_OCR_CONFIDENCE)
SET_CODES = (PAGE_COUNT_MISMATCH, MISSING_PAGE, OUT_OF_ORDER, DUPLICATE_PAGE)
CODES = SET_CODES + PAGE_CODES

# Vietnamese first; {value} and the named fields of ``detail`` are filled in by :func:`finding`.
MESSAGES: dict[str, tuple[str, str]] = {
    PAGE_COUNT_MISMATCH: ("Số trang giữ lại ({kept}) khác số trang của bản giấy đã khai ({declared}).{hint_vi}",
                          "Pages kept ({kept}) differ from the pages declared for the paper original "
                          "({declared}).{hint_en}"),
    MISSING_PAGE: ("Có thể thiếu trang số {value} (theo số trang in trên giấy), sau trang quét {page}.",
                   "Printed page {value} seems to be missing (after scanned page {page})."),
    OUT_OF_ORDER: ("Trang quét {page} mang số trang in {value}, không đúng thứ tự của bản giấy.",
                   "Scanned page {page} carries printed number {value} and is out of the original order."),
    DUPLICATE_PAGE: ("Trang quét {page} trùng với trang {value} (quét hai lần hoặc tờ bị nạp lại).",
                     "Scanned page {page} duplicates page {value} (scanned twice or the sheet was fed again)."),
    BLANK_PAGE: ("Trang {page} là trang trắng (có thể là mặt sau in thấu); đề nghị loại bỏ sau khi xác nhận.",
                 "Page {page} is blank (perhaps a back side with show-through); proposed for removal once confirmed."),
    CUT_OFF: ("Trang {page} bị mất nội dung ở mép ({edge}): tờ giấy bị lệch hoặc nạp xô; hãy quét lại.",
              "Page {page} has content cut at the {edge_en} edge: the sheet was shifted or fed askew; rescan it."),
    SKEW: ("Trang {page} bị nghiêng {value}° và không tự chỉnh được; hãy đặt lại tờ giấy và quét lại.",
           "Page {page} is skewed by {value}° and could not be straightened; realign the sheet and rescan."),
    UPSIDE_DOWN: ("Trang {page} có thể bị lộn ngược; hãy kiểm tra và xoay lại.",
                  "Page {page} seems to be upside down; check it and turn it."),
    SIDEWAYS: ("Trang {page} có thể bị xoay ngang; hãy kiểm tra và xoay lại.",
               "Page {page} seems to be sideways; check it and turn it."),
    TOO_DARK: ("Trang {page} quá tối (độ sáng nền {value}/255); hãy chỉnh độ sáng máy quét và quét lại.",
               "Page {page} is too dark (paper brightness {value}/255); adjust the scanner and rescan."),
    TOO_LIGHT: ("Trang {page} quá nhạt (độ tương phản chữ {value}/255); hãy chỉnh máy quét và quét lại.",
                "Page {page} is too light (text contrast {value}/255); adjust the scanner and rescan."),
    LOW_RESOLUTION: ("Trang {page} có độ phân giải {value} dpi, thấp hơn mức tối thiểu {minimum} dpi.",
                     "Page {page} is {value} dpi, below the minimum of {minimum} dpi."),
    NOT_COLOR: ("Trang {page} không phải ảnh màu, trong khi cấu hình kiểm tra yêu cầu quét màu.",
                "Page {page} is not in colour, and the check profile requires colour."),
    LOW_OCR_CONFIDENCE: ("Trang {page} khó đọc: độ tin cậy nhận dạng chữ {value}% dưới ngưỡng {minimum}%; "
                         "hãy kiểm tra bản giấy hoặc quét lại.",
                         "Page {page} is hard to read: OCR confidence {value}% is under {minimum}%; check the "
                         "paper or rescan."),
}

EDGES_VI = {"left": "trái", "right": "phải", "top": "trên", "bottom": "dưới"}


@dataclass(frozen=True)
class Finding:
    """One problem on one page (``page`` in scan order from 1) or on the set (``page`` None)."""

    code: str
    page: int | None
    severity: str
    value: Any
    message_vi: str
    message_en: str

    @property
    def blocks(self) -> bool:
        return self.severity == BLOCK

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def finding(code: str, page: int | None, severity: str, value: Any, **detail: Any) -> Finding:
    """A finding with its two sentences filled from ``value`` and ``detail``."""
    if code not in MESSAGES:
        raise ValueError(f"unknown check code {code!r}")
    vi, en = MESSAGES[code]
    fields = _Blank(detail, page=page if page is not None else "-", value=value)
    if "edge" in detail:
        fields["edge_en"] = detail["edge"]
        fields["edge"] = EDGES_VI.get(detail["edge"], detail["edge"])
    return Finding(code, page, severity, value, vi.format_map(fields), en.format_map(fields))
