"""File import and the simulated feeder: good files become pages; bad ones are refused whole."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from scanner import CancelToken, ScanOptions, Source, scan_all, simulated
from scanner.errors import BadInput, PaperJam, ScanCancelled
from scanner.file_import import FileImportDriver, load_file
from scanner.model import ColorMode, FaultInjection, Side
from scanner.simulated import SimulatedFeeder


def _png(path: Path, size: tuple[int, int] = (400, 300), dpi: int = 200) -> Path:
    Image.new("RGB", size, "white").save(path, dpi=(dpi, dpi))
    return path


def test_multipage_tiff_gives_every_frame(tmp_path: Path) -> None:
    frames = [Image.new("L", (300, 400), v) for v in (10, 120, 250)]
    path = tmp_path / "stack.tiff"
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(300, 300))
    loaded = load_file(path)
    assert len(loaded) == 3 and all(dpi == 300 for _, dpi in loaded)


def test_pdf_pages_render_at_their_own_dpi(tmp_path: Path) -> None:
    img = Image.new("RGB", (int(8.27 * 150), int(11.69 * 150)), "white")
    path = tmp_path / "scan.pdf"
    img.save(path, resolution=150)
    (page_img, dpi), = load_file(path)
    assert dpi == 150
    assert abs(page_img.width - img.width) <= 2


def test_truncated_png_is_refused(tmp_path: Path) -> None:
    good = _png(tmp_path / "good.png", (800, 800))
    data = good.read_bytes()
    bad = tmp_path / "bad.png"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(BadInput):
        load_file(bad)


def test_decompression_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    Image.new("1", (20000, 20000)).save(path)  # 400 MP of one bit compresses to almost nothing
    assert path.stat().st_size < 2_000_000
    with pytest.raises(BadInput):
        load_file(path)


def test_not_an_image_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("this is not a picture")
    with pytest.raises(BadInput):
        load_file(path)


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    path = tmp_path / "secret.pdf"
    pdf.save(path, encryption=pikepdf.Encryption(owner="o", user="u"))
    with pytest.raises(BadInput) as info:
        load_file(path)
    assert "mật khẩu" in info.value.message_vi


def test_broken_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ngarbage")
    with pytest.raises(BadInput):
        load_file(path)


def test_folder_with_one_bad_file_delivers_nothing(tmp_path: Path) -> None:
    _png(tmp_path / "a.png")
    (tmp_path / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    delivered: list[object] = []
    count, error = scan_all(FileImportDriver(), f"file:{tmp_path}", ScanOptions(), CancelToken(), delivered.append)
    assert count == 0 and delivered == [] and isinstance(error, BadInput)


def test_file_import_converts_mode(tmp_path: Path) -> None:
    _png(tmp_path / "a.png")
    pages: list[object] = []
    scan_all(FileImportDriver(), f"file:{tmp_path / 'a.png'}", ScanOptions(mode=ColorMode.BW), CancelToken(),
             pages.append)
    assert pages[0].image.mode == "1"  # type: ignore[attr-defined]


def _folder(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "feeder"
    folder.mkdir()
    for i in range(n):
        _png(folder / f"{i:02d}.png", (200 + i, 300), dpi=200)
    return folder


def test_simulated_feeder_in_name_order_with_duplex_sides(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 4)
    pages: list[object] = []
    scan_all(SimulatedFeeder(), f"sim:{folder}", ScanOptions(source=Source.ADF_DUPLEX, dpi=200), CancelToken(),
             pages.append)
    assert [p.image.width for p in pages] == [200, 201, 202, 203]  # type: ignore[attr-defined]
    assert [p.side for p in pages] == [Side.FRONT, Side.BACK, Side.FRONT, Side.BACK]  # type: ignore[attr-defined]


def test_simulated_feeder_rescales_to_requested_dpi(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 1)
    pages: list[object] = []
    scan_all(SimulatedFeeder(), f"sim:{folder}", ScanOptions(dpi=100), CancelToken(), pages.append)
    assert pages[0].image.size == (100, 150) and pages[0].dpi == 100  # type: ignore[attr-defined]


def test_simulated_fault_keeps_earlier_pages(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 5)
    pages: list[object] = []
    count, error = scan_all(SimulatedFeeder(), f"sim:{folder}?fault=3:paper_jam", ScanOptions(dpi=200),
                            CancelToken(), pages.append)
    assert count == 2 and isinstance(error, PaperJam)
    count, error = scan_all(SimulatedFeeder(fault=FaultInjection(2, "paper_jam")), f"sim:{folder}",
                            ScanOptions(dpi=200), CancelToken(), lambda p: None)
    assert count == 1 and isinstance(error, PaperJam)


def test_simulated_feeder_paces_and_cancels(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 5)
    cancel = CancelToken()
    seen: list[object] = []

    def on_page(page: object) -> None:
        seen.append(page)
        cancel.cancel()

    count, error = scan_all(SimulatedFeeder(), f"sim:{folder}?ppm=120", ScanOptions(dpi=200), cancel, on_page)
    assert count == 1 and isinstance(error, ScanCancelled)


def test_simulated_feeder_hands_each_page_over_when_due(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 60 ppm page N leaves the feeder N seconds after the start, however long its file takes to read: the
    simulation reads it while the page is still on its way (a clock of the test's own; nothing sleeps)."""
    folder = _folder(tmp_path, 3)
    clock = [100.0]
    real_load = simulated.load_page

    def slow_load(path: Path, frame: int) -> tuple[Image.Image, int]:
        clock[0] += 0.4  # reading the file takes 0.4 s of the 1-s interval
        return real_load(path, frame)

    def wait(_token: CancelToken, seconds: float) -> bool:
        clock[0] += seconds
        return False

    monkeypatch.setattr(simulated.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(simulated, "load_page", slow_load)
    monkeypatch.setattr(CancelToken, "wait", wait)
    handed: list[float] = []
    scan_all(SimulatedFeeder(), f"sim:{folder}?ppm=60", ScanOptions(dpi=200), CancelToken(),
             lambda _page: handed.append(clock[0]))
    assert handed == pytest.approx([101.0, 102.0, 103.0])


def test_pdf_with_bad_bytes_in_memory_is_not_half_read(tmp_path: Path) -> None:
    good = io.BytesIO()
    Image.new("RGB", (100, 100), "white").save(good, format="PDF")
    path = tmp_path / "cut.pdf"
    path.write_bytes(good.getvalue()[:-200])
    try:
        pages = load_file(path)
    except BadInput:
        return
    assert len(pages) == 1  # qpdf may repair a lost trailer; then the one page must be whole
    assert pages[0][0].size[0] > 0
