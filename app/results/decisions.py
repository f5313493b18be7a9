"""Generated decisions (quyết định) laid out as ND 30/2020 has them, with the metadata they carry: for the tests and
the bench of the metadata reader and the splitter. Never copied from a real decision; names and numbers are drawn
from small lists with a seed."""

from __future__ import annotations

import io
import random
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PIL import Image
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.imaging.pdfpreview import PDFIUM_LOCK
from app.papers.forms import FONT, register_fonts

PROVINCES = ("QUẢNG NAM", "ĐÀ NẴNG", "THỪA THIÊN HUẾ", "BÌNH ĐỊNH", "KHÁNH HÒA", "LÂM ĐỒNG", "NGHỆ AN", "HÀ TĨNH")
# (parent line or "", issuing agency, its abbreviation in the number, the signer's title block)
ISSUERS = (
    ("", "ỦY BAN NHÂN DÂN TỈNH {p}", "QĐ-UBND", ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
    ("", "ỦY BAN NHÂN DÂN TỈNH {p}", "QĐ-UBND", ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    ("UBND TỈNH {p}", "SỞ NGOẠI VỤ", "QĐ-SNgV", ("GIÁM ĐỐC",)),
    ("UBND TỈNH {p}", "SỞ TƯ PHÁP", "QĐ-STP", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
    ("UBND TỈNH {p}", "SỞ XÂY DỰNG", "QĐ-SXD", ("GIÁM ĐỐC",)),
)
SUMMARIES = (
    "Về việc cử cán bộ đi công tác nước ngoài",
    "Về việc cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Về việc cho phép tổ chức hội nghị quốc tế",
    "Về việc công nhận kết quả đánh giá văn phòng công chứng",
    "Về việc cấp lại giấy chứng nhận đăng ký hoạt động",
    "Về việc phê duyệt danh sách đoàn ra năm 2021",
    "Về việc gia hạn giấy phép hoạt động khoáng sản",
    "Về việc thành lập hội đồng thẩm định hồ sơ",
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Minh", "Quốc", "Thanh", "Hữu", "Đức", "Ngọc")
GIVEN = ("Hưng", "Lan", "Dũng", "Hương", "Tuấn", "Thảo", "Phong", "Hải", "Long", "Mai", "Sơn", "Bình")
BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Theo đề nghị của Thủ trưởng cơ quan chuyên môn tại Tờ trình kèm theo hồ sơ.",
)


@dataclass(frozen=True)
class Decision:
    """The fields a result record carries, as printed on the decision."""

    so_ky_hieu: str
    ngay: str  # ISO date
    co_quan: str
    nguoi_ky: str
    trich_yeu: str
    place: str
    parent: str
    title_block: tuple[str, ...]

    def fields(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if k in FIELDS}


FIELDS = ("so_ky_hieu", "ngay", "co_quan", "nguoi_ky", "trich_yeu")


def make_decision(seed: int) -> Decision:
    rng = random.Random(seed * 104729 + 17)
    province = rng.choice(PROVINCES)
    parent, agency, abbreviation, block = rng.choice(ISSUERS)
    day = date(rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28))
    number = f"{rng.randint(1, 3999)}/{abbreviation}"
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return Decision(number, day.isoformat(), agency.format(p=province), name, rng.choice(SUMMARIES),
                    province.title(), parent.format(p=province), block)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("b", fontName=FONT, fontSize=13, leading=17, alignment=TA_JUSTIFY)
    center = ParagraphStyle("c", parent=base, alignment=TA_CENTER)
    return {"body": base, "center": center,
            "bold": ParagraphStyle("bc", parent=center, fontName=f"{FONT}-Bold"),
            "italic": ParagraphStyle("ic", parent=center, fontName=f"{FONT}-Italic"),
            "title": ParagraphStyle("t", parent=center, fontName=f"{FONT}-Bold", fontSize=14, leading=19),
            "head": ParagraphStyle("h", parent=center, fontSize=12, leading=16)}


def _agency_lines(decision: Decision) -> list[str]:
    """The issuing agency as printed: one name broken over two lines, or the parent over the agency."""
    if decision.parent:
        return [decision.parent, f"<b>{decision.co_quan}</b>"]
    words = decision.co_quan.split()
    return [f"<b>{' '.join(words[:4])}</b>", f"<b>{' '.join(words[4:])}</b>"]


def decision_pdf(decision: Decision, pages: int = 1) -> bytes:
    """The decision as an A4 PDF; a second page (if any) carries more articles and the signature stays on the last."""
    register_fonts()
    st = _styles()
    day = date.fromisoformat(decision.ngay)
    left = [*(Paragraph(line, st["head"]) for line in _agency_lines(decision)), Spacer(1, 4 * mm),
            Paragraph(f"Số: {decision.so_ky_hieu}", st["head"])]
    right = [Paragraph("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>", st["head"]),
             Paragraph("<b>Độc lập - Tự do - Hạnh phúc</b>", st["head"]), Spacer(1, 4 * mm),
             Paragraph(f"<i>{decision.place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}</i>",
                       st["head"])]
    header = Table([[left, right]], colWidths=[68 * mm, 104 * mm])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    authority = decision.title_block[-1] if decision.parent else "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"
    story: list[Any] = [header, Spacer(1, 12 * mm), Paragraph("QUYẾT ĐỊNH", st["title"]),
                        Paragraph(f"<b>{decision.trich_yeu}</b>", st["center"]), Spacer(1, 8 * mm),
                        Paragraph(f"<b>{authority}</b>", st["center"]), Spacer(1, 4 * mm)]
    story += [Paragraph(f"<i>{line}</i>", st["body"]) for line in BODY]
    story += [Spacer(1, 3 * mm), Paragraph("<b>QUYẾT ĐỊNH:</b>", st["center"]), Spacer(1, 3 * mm),
              Paragraph(f"<b>Điều 1.</b> {decision.trich_yeu.replace('Về việc ', '').capitalize()} theo hồ sơ "
                        "đã được thẩm định.", st["body"]),
              Paragraph("<b>Điều 2.</b> Quyết định này có hiệu lực kể từ ngày ký.", st["body"])]
    story += [Paragraph(f"<b>Điều {3 + n}.</b> Các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Quyết định "
                        "này theo chức năng, nhiệm vụ được giao.", st["body"]) for n in range(14 * (pages - 1))]
    signer = [*(Paragraph(f"<b>{line}</b>", st["center"]) for line in decision.title_block), Spacer(1, 24 * mm),
              Paragraph(f"<b>{decision.nguoi_ky}</b>", st["center"])]
    recipients = [Paragraph("<b><i>Nơi nhận:</i></b>", st["body"]),
                  Paragraph("- Như Điều 2;", st["body"]), Paragraph("- Lưu: VT.", st["body"])]
    footer = Table([[recipients, signer]], colWidths=[80 * mm, 90 * mm])
    footer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [Spacer(1, 8 * mm), footer]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=25 * mm, rightMargin=15 * mm, topMargin=18 * mm,
                      bottomMargin=18 * mm, title="Quyết định", author="SoHoa", creator="SoHoa").build(story)
    return buffer.getvalue()


def render_pdf(data: bytes, dpi: int = 300) -> list[Image.Image]:
    """Every page of a PDF as an RGB image, as a scanner would deliver it (before its defects)."""
    import pypdfium2 as pdfium  # heavy; only when pages are rendered

    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(data)
        try:
            return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
        finally:
            doc.close()


def write_decision(folder: Path, seed: int, dpi: int = 300, pages: int = 1) -> tuple[Decision, list[Path]]:
    """A decision's pages as PNG files named ``decision-<seed>-<n>.png``, and its fields."""
    decision = make_decision(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, image in enumerate(render_pdf(decision_pdf(decision, pages), dpi), start=1):
        path = folder / f"decision-{seed:04d}-{n}.png"
        image.save(path, dpi=(dpi, dpi))
        paths.append(path)
    return decision, paths
