"""Chip ID cards made for the tests: a card-sized image with its QR code and some printing, laid turned on an A4
flatbed scan whose background has texture (an open lid, a desk)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import segno
from PIL import Image, ImageDraw, ImageFilter, ImageFont

CARD_TEXT = "001099012345|123456789|Nguyễn Văn An|02031999|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|15082021"
DPI = 300
CARD_PX = (round(85.6 / 25.4 * DPI), round(53.98 / 25.4 * DPI))  # 1011 × 637
A4_PX = (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI))


def card_image(text: str | None = CARD_TEXT, dpi: int = DPI, back: bool = False) -> Image.Image:
    """The card's front (photo on the left, QR top right) or its back (chip and machine-readable lines)."""
    size = (round(85.6 / 25.4 * dpi), round(53.98 / 25.4 * dpi))
    card = Image.new("RGB", size, (236, 241, 246))
    draw = ImageDraw.Draw(card)
    w, h = size
    font = ImageFont.load_default(size=max(10, h // 18))
    draw.rectangle((0, 0, w - 1, h // 7), fill=(196, 40, 40))
    draw.text((w // 4, h // 40), "CONG HOA XA HOI CHU NGHIA VIET NAM", fill=(255, 240, 200), font=font)
    if back:
        draw.rectangle((w // 12, h // 4, w // 4, h // 2), fill=(210, 180, 90))
        for row in range(3):
            draw.text((w // 20, h * (14 + row * 2) // 20), "IDVNM0990123456001099012345<<8" + "<" * row,
                      fill=(20, 20, 20), font=font)
        return card
    draw.rectangle((w // 20, h // 4, w // 4, h * 3 // 4), fill=(120, 120, 130))
    for row, line in enumerate(("CAN CUOC CONG DAN", "So / No: 001099012345", "Ho va ten: NGUYEN VAN AN")):
        draw.text((w * 3 // 10, h // 4 + row * h // 9), line, fill=(20, 20, 60), font=font)
    if text is not None:
        qr = segno.make(text, encoding="utf-8", error="m")
        side = round(20 / 25.4 * dpi)  # a 20 mm code
        matrix = np.array([[0 if dark else 255 for dark in row] for row in qr.matrix], np.uint8)
        code = Image.fromarray(np.pad(matrix, 2, constant_values=255)).resize((side, side), Image.Resampling.NEAREST)
        card.paste(code.convert("RGB"), (w - side - w // 25, h // 6))
    return card


def flatbed(cards: list[tuple[Image.Image, float, tuple[int, int]]], dpi: int = DPI, seed: int = 7) -> Image.Image:
    """An A4 scan with a textured, mid-dark background and each card turned by its angle with its centre at a place
    given in millimetres."""
    rng = np.random.default_rng(seed)
    size = (round(210 / 25.4 * dpi), round(297 / 25.4 * dpi))
    noise = Image.fromarray(rng.integers(0, 255, (size[1] // 8, size[0] // 8), dtype=np.uint8))
    texture = np.asarray(noise.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(3)), np.float32)
    grain = rng.normal(0, 12, (size[1], size[0])).astype(np.float32)
    base = np.clip(70 + 0.35 * texture + grain, 0, 255).astype(np.uint8)
    scan = Image.merge("RGB", [Image.fromarray(base)] * 3)
    for card, angle, (x_mm, y_mm) in cards:
        turned = card.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
        mask = Image.new("L", card.size, 255).rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
        at = (round(x_mm / 25.4 * dpi) - turned.width // 2, round(y_mm / 25.4 * dpi) - turned.height // 2)
        scan.paste(turned, at, mask)
    return scan


def save_scan(path: Path, image: Image.Image, dpi: int = DPI) -> Path:
    image.save(path, dpi=(dpi, dpi))
    return path


def card_on_glass(path: Path, angle: float = 17.0, text: str | None = CARD_TEXT) -> Path:
    """The usual fixture: one card front, turned by ``angle``, in the upper half of an A4 scan saved at 300 dpi."""
    return save_scan(path, flatbed([(card_image(text), angle, (80, 90))]))
