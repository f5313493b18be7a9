"""Sample Vietnamese administrative pages, generated (never copied): for the demo feeder, tests and benchmarks.

Pages are rendered at a given dpi with a Times-compatible font and optionally degraded like a scanner would
(paper tone, blur, noise, slight skew, JPEG), so OCR and the checks meet realistic input.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "C:/Windows/Fonts/times.ttf",
)
BOLD_CANDIDATES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    "C:/Windows/Fonts/timesbd.ttf",
)

HEADER = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TITLES = (
    "ĐƠN ĐỀ NGHỊ CẤP HỘ CHIẾU CÔNG VỤ",
    "TỜ KHAI ĐỀ NGHỊ CẤP THỊ THỰC",
    "CÔNG VĂN ĐỀ NGHỊ CHO PHÉP ĐOÀN RA",
    "QUYẾT ĐỊNH CỬ CÁN BỘ ĐI CÔNG TÁC NƯỚC NGOÀI",
    "GIẤY ĐỀ NGHỊ TỔ CHỨC HỘI NGHỊ QUỐC TẾ",
)
SENTENCES = (
    "Kính gửi Sở Ngoại vụ tỉnh, cơ quan chúng tôi trân trọng đề nghị quý Sở xem xét giải quyết hồ sơ.",
    "Căn cứ Luật Xuất cảnh, nhập cảnh của công dân Việt Nam và các văn bản hướng dẫn thi hành.",
    "Thời gian dự kiến đi công tác là mười lăm ngày, kinh phí do ngân sách nhà nước bảo đảm.",
    "Đoàn gồm năm thành viên, trưởng đoàn là Phó Chủ tịch Ủy ban nhân dân tỉnh.",
    "Hồ sơ kèm theo gồm bản sao quyết định cử đi công tác và danh sách thành viên đoàn.",
    "Người đề nghị cam đoan những thông tin trên là đúng sự thật và chịu trách nhiệm trước pháp luật.",
    "Nội dung hội nghị tập trung vào hợp tác kinh tế, thương mại và đầu tư giữa hai địa phương.",
    "Đề nghị cấp hộ chiếu công vụ cho ông Nguyễn Văn Hưng, chức vụ Trưởng phòng Hợp tác quốc tế.",
    "Ủy ban nhân dân tỉnh giao Sở Ngoại vụ chủ trì, phối hợp với các sở, ngành liên quan thực hiện.",
    "Báo cáo kết quả chuyến công tác gửi về Sở Ngoại vụ trong thời hạn mười ngày làm việc.",
    "Số điện thoại liên hệ: 0236 3821 456; thư điện tử: hoptacquocte@example.gov.vn.",
    "Trân trọng cảm ơn sự quan tâm, giúp đỡ của quý cơ quan.",
)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in BOLD_CANDIDATES if bold else FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size)


@dataclass
class PageSpec:
    number: int = 1
    total: int = 1
    seed: int = 0
    title: str | None = None
    dpi: int = 300
    width_mm: float = 210.0
    height_mm: float = 297.0
    paragraphs: int = 6
    page_label: bool = True
    seal: bool = False
    seal_over_text: bool = False  # draw the seal even when the text fills the page (over its last lines)


def page_text(spec: PageSpec) -> tuple[str, list[str]]:
    rng = random.Random(spec.seed * 7919 + spec.number)
    title = spec.title or TITLES[rng.randrange(len(TITLES))]
    lines: list[str] = []
    for _ in range(spec.paragraphs):
        count = rng.randint(2, 3)
        lines.append(" ".join(rng.choice(SENTENCES) for _ in range(count)))
    return title, lines


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
          width: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= width:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def render_page(spec: PageSpec) -> tuple[Image.Image, str]:
    """A clean page and the exact text on it (the ground truth for OCR accuracy)."""
    def px(mm: float) -> int:
        return round(mm / 25.4 * spec.dpi)

    width, height = px(spec.width_mm), px(spec.height_mm)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    body = _font(px(4.6))
    bold = _font(px(4.6), bold=True)
    title_font = _font(px(5.4), bold=True)
    margin_l, margin_r, y = px(30), px(20), px(22)
    truth: list[str] = []
    for line, font in ((HEADER[0], bold), (HEADER[1], bold)):
        w = draw.textlength(line, font=font)
        draw.text(((width - w) / 2, y), line, fill="black", font=font)
        truth.append(line)
        y += px(7)
    title, paragraphs = page_text(spec)
    y += px(8)
    w = draw.textlength(title, font=title_font)
    draw.text(((width - w) / 2, y), title, fill="black", font=title_font)
    truth.append(title)
    y += px(13)
    usable = width - margin_l - margin_r
    for paragraph in paragraphs:
        for line in _wrap(draw, paragraph, body, usable):
            if y > height - px(35):
                break
            draw.text((margin_l, y), line, fill=(20, 20, 30), font=body)
            truth.append(line)
            y += px(7.2)
        y += px(3)
    if spec.seal:
        cx, cy, r = width - px(55), y + px(20), px(18)
        if spec.seal_over_text:  # a full page gets its seal over the last lines, as on paper
            cy = min(cy, height - px(25) - r)
        if cy + r < height - px(25) or spec.seal_over_text:
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(200, 30, 30), width=px(1.2))
            draw.ellipse((cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7), outline=(200, 30, 30), width=px(0.6))
        if spec.seal_over_text:  # and the state's star in its centre
            star = [(cx + r * 0.3 * (1 if k % 2 == 0 else 0.4) * np.cos(np.pi / 2 + k * np.pi / 5),
                     cy - r * 0.3 * (1 if k % 2 == 0 else 0.4) * np.sin(np.pi / 2 + k * np.pi / 5))
                    for k in range(10)]
            draw.polygon(star, fill=(200, 30, 30))
    if spec.page_label:
        label = f"Trang {spec.number}/{spec.total}"
        w = draw.textlength(label, font=body)
        draw.text(((width - w) / 2, height - px(18)), label, fill="black", font=body)
        truth.append(label)
    return img, "\n".join(truth)


def degrade(img: Image.Image, seed: int = 0, *, skew_deg: float | None = None, noise: float = 6.0,
            blur: float = 0.6, tone: tuple[int, int, int] = (246, 243, 233),
            jpeg_quality: int | None = 85) -> Image.Image:
    """Make a clean render look scanned: paper tone, blur, sensor noise, a slight skew, JPEG."""
    rng = np.random.default_rng(seed)
    arr = np.asarray(img.convert("RGB"), dtype=np.float32)
    paper = np.array(tone, dtype=np.float32)
    arr = arr / 255.0 * paper
    if noise:
        arr += rng.normal(0.0, noise, size=arr.shape[:2])[..., None]
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    angle = float(rng.uniform(-0.4, 0.4)) if skew_deg is None else skew_deg
    if angle:
        out = out.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=tone)
    if jpeg_quality:
        buffer = io.BytesIO()
        out.save(buffer, format="JPEG", quality=jpeg_quality)
        buffer.seek(0)
        out = Image.open(buffer)
        out.load()
    return out


def write_sample_stack(folder: Path, pages: int = 5, *, dpi: int = 300, seed: int = 1,
                       scanned_look: bool = True) -> list[Path]:
    """Write a stack of numbered pages as PNG files (name order = page order) plus ground-truth .txt files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(1, pages + 1):
        spec = PageSpec(number=number, total=pages, seed=seed, dpi=dpi, seal=number == pages)
        img, truth = render_page(spec)
        if scanned_look:
            img = degrade(img, seed * 1000 + number)
        path = folder / f"page-{number:03d}.png"
        img.save(path, dpi=(dpi, dpi), compress_level=1)
        path.with_suffix(".txt").write_text(truth, encoding="utf-8")
        written.append(path)
    return written
