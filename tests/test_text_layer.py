"""The invisible text layer: OCRmyPDF's renderer with NotoSans cut to what Tesseract's vie+eng models write."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont

from app.imaging.ocr import HOCR_HEAD, OcrResult, Word
from app.imaging.pageproc import TEXT_LAYER_RANGES, _font_manager, text_layer_fonts, text_layer_pdf

WORDS = ["CỘNG", "HÒA", "XÃ", "HỘI", "Độc", "lập", "—", "50.000₫", "Ω", "Жук"]


def _hocr(words: list[str]) -> str:
    spans, left = [], 100
    for n, text in enumerate(words, start=1):
        right = left + 60 * len(text)
        spans.append(f"<span class='ocrx_word' id='word_1_{n}' title='bbox {left} 100 {right} 160; x_wconf 95'>"
                     f"{text}</span> ")
        left = right + 40
    return (HOCR_HEAD + "<div class='ocr_page' id='page_1' title='bbox 0 0 2480 3508'>"
            "<div class='ocr_carea' id='block_1_1' title='bbox 100 100 2400 160'>"
            "<p class='ocr_par' id='par_1_1' lang='vie' title='bbox 100 100 2400 160'>"
            "<span class='ocr_line' id='line_1_1' title='bbox 100 100 2400 160; baseline 0 -10; x_size 60; "
            f"x_descenders 12; x_ascenders 15'>{''.join(spans)}</span></p></div></div></body></html>")


def test_every_word_reads_back_and_the_embedded_font_is_the_cut_one(tmp_path: Path) -> None:
    ocr = OcrResult(" ".join(WORDS), _hocr(WORDS), [Word(w, 95.0, (0, 0, 1, 1)) for w in WORDS])
    data = text_layer_pdf(ocr, 300)
    out = tmp_path / "layer.pdf"
    out.write_bytes(data)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert text.split() == WORDS  # Vietnamese diacritics, symbols, and a character outside the cut font
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = [f for f in pdf.objects if isinstance(f, pikepdf.Dictionary) and f.get("/Type") == "/FontDescriptor"]
        programs = [TTFont(io.BytesIO(bytes(f.FontFile2.read_bytes()))) for f in fonts if "/FontFile2" in f]
    assert programs
    covered = {c for low, high in TEXT_LAYER_RANGES for c in range(low, high + 1)}
    assert {ord(c) for w in WORDS[:-1] for c in w} <= covered  # all but the Cyrillic word come from the cut NotoSans
    noto = next(font for font in programs if len(font.getGlyphOrder()) > 20)  # fpdf2's subset of the cut NotoSans
    assert all(noto["glyf"][name].numberOfContours == 0 for name in noto.getGlyphOrder())  # never drawn: no outlines
    assert noto["hmtx"]["H"][0] == TTFont(str(drawn_with_original()))["hmtx"]["H"][0]  # but NotoSans's own widths
    drawn_with = _font_manager().font_provider.get_font("NotoSans-Regular").font_path
    assert drawn_with.parent == text_layer_fonts() and len(TTFont(str(drawn_with)).getGlyphOrder()) < 2000


def drawn_with_original() -> Path:
    import ocrmypdf

    return Path(ocrmypdf.__file__).parent / "data" / "NotoSans-Regular.ttf"


def test_the_cut_font_is_made_once_in_the_cache_and_reused(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = text_layer_fonts()
    assert folder.parent.parent == tmp_path / "sohoa"
    cut = folder / "NotoSans-Regular.ttf"
    made = cut.stat().st_mtime_ns
    glyphs = len(TTFont(str(cut)).getGlyphOrder())
    assert 1000 < glyphs < 2000 and (folder / "Occulta.ttf").is_file()  # the cut, not OCRmyPDF's 4,688 glyphs
    assert text_layer_fonts() == folder and cut.stat().st_mtime_ns == made  # the next worker reuses it
    assert not list(folder.glob(".*.part"))
