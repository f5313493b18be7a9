"""Checks of one page as it leaves the feeder: a pure function of the image (and its OCR when there is one), so the
scanning pipeline can run it in a worker as each page arrives and show a finding seconds later."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import imagehash
import numpy as np
from PIL import Image

from app.checks import findings as f
from app.checks.findings import Finding, finding
from app.checks.numbers import printed_number
from app.checks.profiles import Profile
from app.imaging import layout
from app.imaging import measure as imaging
from app.imaging.ocr import OcrResult, Orientation, Word

HASH_SIZE = 16  # 256-bit pHash: 64 bits cannot tell two text pages of the same layout apart


@dataclass
class PageFeatures:
    """What the set checks need of a page; plain data, picklable and JSON-ready."""

    phash: str
    text: str = ""
    printed_number: int | None = None
    printed_total: int | None = None
    is_blank: bool = False
    has_text: bool = False


@dataclass
class PageCheck:
    page: int  # scan order from 1
    findings: list[Finding] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    features: PageFeatures = field(default_factory=lambda: PageFeatures(phash=""))
    measures: dict[str, Any] = field(default_factory=dict)

    @property
    def removed(self) -> bool:
        return any(a.get("action") == "remove_blank" for a in self.actions)

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "findings": [x.to_dict() for x in self.findings], "actions": list(self.actions)}

    def to_record(self) -> dict[str, Any]:
        """Everything the set checks need again, JSON-ready: kept on disk so a restart does not check again."""
        return {**self.to_dict(), "features": asdict(self.features), "measures": dict(self.measures)}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> PageCheck:
        return cls(int(record["page"]), [Finding(**x) for x in record["findings"]], list(record["actions"]),
                   PageFeatures(**record["features"]), dict(record["measures"]))


def ocr_confidence(ocr: OcrResult) -> tuple[float | None, int]:
    """Mean word confidence weighted by word length over words with a letter or digit, and their count."""
    scored = [(w.confidence, len(w.text)) for w in ocr.words if any(c.isalnum() for c in w.text)]
    total = sum(n for _, n in scored)
    return (sum(c * n for c, n in scored) / total if total else None), len(scored)


def _orientation(work: imaging.WorkImage, lay: layout.Layout, osd: Orientation | None, profile: Profile,
                 processed: bool, page_no: int) -> tuple[list[Finding], list[dict[str, Any]]]:
    """Automatic rotation when Tesseract's OSD is sure; a finding when the evidence says turned but not surely."""
    sure = osd is not None and osd.confidence >= profile.min_osd_confidence
    if sure and osd is not None and osd.rotate:
        if profile.auto_rotate and not processed:
            return [], [{"action": "rotate", "degrees": osd.rotate, "confidence": round(osd.confidence, 1)}]
        rotation = osd.rotate
    elif sure:
        return [], []
    elif lay.has_text and lay.rotation in (90, 270) and lay.axis_ratio <= 0.85:
        rotation = lay.rotation
    elif lay.has_text and lay.rotation == 180 and lay.asymmetry >= profile.min_orientation_margin:
        rotation = 180
    elif osd is not None and osd.rotate and osd.confidence >= profile.min_osd_confidence / 4 and (
            not lay.has_text or lay.rotation == osd.rotate):
        rotation = osd.rotate
    else:
        return [], []
    code = f.UPSIDE_DOWN if rotation == 180 else f.SIDEWAYS
    return [finding(code, page_no, profile.severity_of(code), rotation)], []


@dataclass
class PageLook:
    """What the image alone says: every page check but those of the OCR, and the page's perceptual hash."""

    findings: list[Finding]
    actions: list[dict[str, Any]]
    measures: dict[str, Any]
    is_blank: bool
    has_text: bool
    phash: str
    size: tuple[int, int]


def check_page(image: imaging.PageImage, dpi: int, page_no: int, profile: Profile, ocr: OcrResult | None = None, *,
               osd: Orientation | None = None, processed: bool = False,
               margin_words: Sequence[Word] = (), look: PageLook | None = None) -> PageCheck:
    """Every per-page check on ``image`` (scanned at ``dpi``).

    ``osd`` is Tesseract's orientation of this image when known. ``processed`` says the automatic fixes (rotation,
    deskew) were already applied to ``image``, so what remains is a finding, not a fix to propose.
    ``margin_words`` are header/footer lines read apart (:func:`app.checks.numbers.read_margin_numbers`).
    ``look``: :func:`look_at_page` of the same image, already made (while Tesseract read the page).
    """
    look = look or look_at_page(image, dpi, page_no, profile, osd=osd, processed=processed)
    out, measures, is_blank, sev = list(look.findings), dict(look.measures), look.is_blank, profile.severity_of
    text, number, total = "", None, None
    if ocr is not None:
        confidence, words = ocr_confidence(ocr)
        measures.update(ocr_confidence=None if confidence is None else round(confidence, 1), ocr_words=words)
        if not is_blank and (words >= profile.min_ocr_words or look.has_text):
            if confidence is None or words < profile.min_ocr_words or confidence < profile.min_ocr_confidence:
                value = round(confidence or 0.0, 1)
                out.append(finding(f.LOW_OCR_CONFIDENCE, page_no, sev(f.LOW_OCR_CONFIDENCE), value,
                                   minimum=round(profile.min_ocr_confidence)))
        text = " ".join(ocr.text.split())
        if profile.printed_numbers and not is_blank:
            number, total = printed_number([*ocr.words, *margin_words], *look.size)
    features = PageFeatures(look.phash, text, number, total, is_blank, look.has_text)
    return PageCheck(page_no, out, list(look.actions), features, measures)


def look_at_page(image: imaging.PageImage, dpi: int, page_no: int, profile: Profile, *, osd: Orientation | None = None,
                 processed: bool = False) -> PageLook:
    """The checks of :func:`check_page` that need no OCR."""
    work = imaging.prepare(image, dpi)
    out: list[Finding] = []
    actions: list[dict[str, Any]] = []
    sev = profile.severity_of
    measures: dict[str, Any] = {"paper": work.paper, "color": work.color}
    if work.border.mean() >= 0.005:
        actions.append({"action": "crop_border", "box": list(work.crop)})
    if dpi < profile.min_dpi:
        out.append(finding(f.LOW_RESOLUTION, page_no, sev(f.LOW_RESOLUTION), dpi, minimum=profile.min_dpi))
    if profile.require_color and not work.color:
        bilevel = isinstance(image, Image.Image) and image.mode == "1"
        out.append(finding(f.NOT_COLOR, page_no, sev(f.NOT_COLOR), "bw" if bilevel else "gray"))

    content = imaging.marks(work, profile.blank_contrast)
    paper_area = max(1, int(np.count_nonzero(~work.border)))
    ink_ratio = content.area / paper_area
    is_blank = ink_ratio <= profile.blank_max_ink_ratio
    contrast = imaging.text_contrast(work)
    measures.update(ink_ratio=round(ink_ratio, 6), contrast=contrast)
    if is_blank:
        out.append(finding(f.BLANK_PAGE, page_no, sev(f.BLANK_PAGE), round(ink_ratio, 6)))
        if profile.blank_action == "remove":
            actions.append({"action": "remove_blank"})
        elif profile.blank_action == "keep":
            out.pop()
    if work.paper < profile.min_paper_level:
        out.append(finding(f.TOO_DARK, page_no, sev(f.TOO_DARK), work.paper))
    elif not is_blank and contrast is not None and contrast < profile.min_text_contrast:
        out.append(finding(f.TOO_LIGHT, page_no, sev(f.TOO_LIGHT), contrast))

    lay = layout.Layout(0.0, 1.0, 1.0, 0, 0.0, 0)
    if not is_blank:
        ink = imaging.marks(work, max(profile.blank_contrast, (contrast or 0) // 2))
        lay = layout.analyse(layout.character_points(work, ink), work.px_per_mm)
        contact = imaging.edge_contact(work, ink, profile.cut_off_zone_mm)
        edge = max(contact, key=lambda e: contact[e])
        measures.update(skew=round(lay.skew, 2), layout_confidence=round(lay.confidence, 2),
                        orientation=lay.rotation, asymmetry=round(lay.asymmetry, 3),
                        axis_ratio=round(lay.axis_ratio, 2), edge_contact_mm=round(contact[edge], 1))
        if contact[edge] >= profile.cut_off_min_mm:
            out.append(finding(f.CUT_OFF, page_no, sev(f.CUT_OFF), round(contact[edge], 1), edge=edge))
        turned, fixes = _orientation(work, lay, osd, profile, processed, page_no)
        out.extend(turned)
        actions.extend(fixes)
        if lay.has_text and not turned and abs(lay.skew) > profile.max_skew_deg:
            if profile.auto_deskew and not processed and abs(lay.skew) <= profile.deskew_limit_deg:
                actions.append({"action": "deskew", "degrees": round(lay.skew, 2)})
            else:
                out.append(finding(f.SKEW, page_no, sev(f.SKEW), round(abs(lay.skew), 1)))

    phash = str(imagehash.phash(Image.fromarray(imaging.crop_content(work)), hash_size=HASH_SIZE))
    return PageLook(out, actions, measures, is_blank, lay.has_text, phash, imaging.image_size(image))
