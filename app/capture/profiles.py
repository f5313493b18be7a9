"""Scan profiles the clerk picks from at the counter: source, resolution and colour in one choice.

The defaults follow the image rules (colour, at least 200 dpi; 300 dpi for papers with seals or handwriting)."""

from __future__ import annotations

from dataclasses import dataclass

from scanner import ColorMode, ScanOptions, Source


@dataclass(frozen=True)
class ScanProfile:
    key: str
    name_vi: str
    name_en: str
    source: Source
    dpi: int
    mode: ColorMode

    def name(self, lang: str = "vi") -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def options(self, max_pages: int | None = None) -> ScanOptions:
        return ScanOptions(source=self.source, dpi=self.dpi, mode=self.mode, max_pages=max_pages)


PROFILES: tuple[ScanProfile, ...] = (
    ScanProfile("standard", "Khay nạp, màu, 300 dpi (chuẩn)", "Feeder, colour, 300 dpi (standard)",
                Source.ADF, 300, ColorMode.COLOR),
    ScanProfile("duplex", "Khay nạp hai mặt, màu, 300 dpi", "Feeder both sides, colour, 300 dpi",
                Source.ADF_DUPLEX, 300, ColorMode.COLOR),
    ScanProfile("plain", "Khay nạp, xám, 200 dpi (giấy thường)", "Feeder, grey, 200 dpi (ordinary papers)",
                Source.ADF, 200, ColorMode.GRAY),
    ScanProfile("flatbed", "Mặt kính, màu, 300 dpi (sổ, thẻ)", "Flatbed, colour, 300 dpi (booklets, cards)",
                Source.FLATBED, 300, ColorMode.COLOR),
)


def profile(key: str) -> ScanProfile:
    for item in PROFILES:
        if item.key == key:
            return item
    return PROFILES[0]
