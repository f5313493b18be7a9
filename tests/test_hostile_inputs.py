"""Each hostile input issue 18 names is refused as bad input with a sentence, not a traceback, and nothing is written:
hostile images, TIFFs and PDFs, manifests that lie, and PDFs handed to ``sohoa submit``."""

from __future__ import annotations

import json
import os
import shutil
import struct
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from PIL import Image

from app.checks.runner import page_sources
from app.core.errors import BadInputError
from app.core.files import sha256_file
from app.counter.submit import check_pdf
from app.imaging.manifest import Manifest, ManifestPage
from scanner import file_pages
from scanner.errors import BadInput
from scanner.file_pages import (
    NotReadableFile,
    PageTooLarge,
    PageTooSmall,
    TooManyPages,
    UnsupportedFile,
    probe_file,
    probe_path,
)


def _tiff(path: Path, pages: int = 3) -> Path:
    frames = [Image.new("L", (300, 400), 40 * i) for i in range(pages)]
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(300, 300))
    return path


def _last_ifd_link(data: bytes) -> int:
    """Where the last IFD of a little-endian TIFF stores the offset of the next one."""
    offset, link = struct.unpack("<I", data[4:8])[0], 0
    while offset:
        entries = struct.unpack("<H", data[offset:offset + 2])[0]
        link = offset + 2 + 12 * entries
        offset = struct.unpack("<I", data[link:link + 4])[0]
    return link


def _pdf(path: Path, box: tuple[float, float] = (200, 280)) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=box)
    pdf.save(path)
    return path


def test_tiff_whose_next_ifd_points_past_the_end_is_refused(tmp_path: Path) -> None:
    data = bytearray(_tiff(tmp_path / "a.tiff").read_bytes())
    link = _last_ifd_link(bytes(data))
    data[link:link + 4] = struct.pack("<I", len(data) + 1000)
    (tmp_path / "a.tiff").write_bytes(data)
    with pytest.raises(BadInput):
        probe_file(tmp_path / "a.tiff")


def test_tiff_with_a_corrupt_last_page_is_refused_whole(tmp_path: Path) -> None:
    data = _tiff(tmp_path / "a.tiff").read_bytes()
    (tmp_path / "a.tiff").write_bytes(data[:-200])
    with pytest.raises(BadInput):
        probe_file(tmp_path / "a.tiff")


def test_eps_renamed_png_never_reaches_ghostscript(tmp_path: Path) -> None:
    path = tmp_path / "trap.png"
    path.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n{ } loop\nshowpage\n")
    with pytest.raises(BadInput) as info:
        probe_file(path)  # with Ghostscript reached, this would loop for ever
    assert "cannot identify" in info.value.native


def test_one_pixel_image_and_one_point_mediabox_are_too_small(tmp_path: Path) -> None:
    Image.new("RGB", (1, 1)).save(tmp_path / "dot.png")
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].MediaBox = pikepdf.Array([0, 0, 1, 1])
    pdf.save(tmp_path / "dot.pdf")
    for name in ("dot.png", "dot.pdf"):
        with pytest.raises(PageTooSmall):
            probe_file(tmp_path / name)


def test_400_megapixel_image_is_too_large(tmp_path: Path) -> None:
    Image.new("1", (20000, 20000)).save(tmp_path / "bomb.png")
    with pytest.raises(PageTooLarge) as info:
        probe_file(tmp_path / "bomb.png")
    assert "triệu điểm ảnh" in info.value.user_message("vi")
    assert "megapixels" in info.value.user_message("en")


def test_huge_pdf_page_is_too_large_before_rendering(tmp_path: Path) -> None:
    with pytest.raises(PageTooLarge):
        probe_file(_pdf(tmp_path / "wall.pdf", (9000 * 72 / 300, 9000 * 72 / 300)))


def test_too_many_pages_refuses_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_pages, "MAX_PAGES", 2)
    with pytest.raises(TooManyPages):
        probe_file(_tiff(tmp_path / "a.tiff", 3))


def test_owner_password_only_pdf_is_refused(tmp_path: Path) -> None:
    pdf = pikepdf.open(_pdf(tmp_path / "plain.pdf"))
    pdf.save(tmp_path / "owner.pdf", encryption=pikepdf.Encryption(owner="o", user=""))
    with pytest.raises(BadInput) as info:
        probe_file(tmp_path / "owner.pdf")
    assert "mật khẩu" in info.value.message_vi


def test_folder_named_like_a_page_and_dangling_link_are_not_readable_files(tmp_path: Path) -> None:
    (tmp_path / "x.png").mkdir()
    (tmp_path / "gone.png").symlink_to(tmp_path / "nowhere.png")
    for name in ("x.png", "gone.png"):
        with pytest.raises(NotReadableFile):
            probe_path(tmp_path / name)
    with pytest.raises(NotReadableFile):  # inside a folder of pages too
        probe_path(tmp_path)


def test_other_formats_are_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "page.gif").write_bytes(b"GIF89a")
    with pytest.raises(UnsupportedFile):
        probe_file(tmp_path / "page.gif")


def test_multipage_file_is_walked_but_not_kept_decoded(tmp_path: Path) -> None:
    sources = page_sources(_tiff(tmp_path / "a.tiff", 3))
    assert [s.frame for s in sources] == [0, 1, 2] and all(s.image is None for s in sources)
    assert sources[2].load().getpixel((0, 0)) == 80


def test_zero_byte_png_exits_2_and_writes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty.png").write_bytes(b"")
    out = tmp_path / "out"
    result = cli("scan", "--device", f"file:{tmp_path / 'empty.png'}", "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert "empty.png" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_folder_named_png_is_not_a_scanner_fault(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "x.png").mkdir()
    result = cli("scan", "--device", f"file:{tmp_path / 'x.png'}", "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "Không phải tệp đọc được" in result.stderr and "máy quét" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_non_utf8_path_scans_and_its_manifest_reads_back(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/t\xff\xfe"))
    folder.mkdir()
    Image.new("RGB", (400, 300), "white").save(folder / "a.png")
    out = tmp_path / "out"
    result = cli("scan", "--device", f"file:{folder}", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert len(Manifest.load(out).pages) == 1


@pytest.fixture
def good_manifest(tmp_path: Path) -> Path:
    folder = tmp_path / "scan"
    folder.mkdir()
    Image.new("RGB", (400, 300), "white").save(folder / "page-0001.png", dpi=(300, 300))
    page = ManifestPage(1, "page-0001.png", 300, sha256_file(folder / "page-0001.png"), 400, 300, "RGB")
    Manifest("file:x", "adf", 300, "color", "2026-01-01T00:00:00", [page]).save(folder)
    return folder


@pytest.mark.parametrize(("key", "value"), [
    ("dpi", 0), ("dpi", -300), ("dpi", 10**9), ("dpi", "abc"), ("dpi", None), ("file", None),
    ("file", "/etc/passwd"), ("file", "../outside.png"), ("file", "..\\outside.png"), ("file", "C:/x.png"),
    ("order", "1"), ("sha256", 5),
])
def test_manifest_that_lies_is_refused(good_manifest: Path, key: str, value: Any) -> None:
    Manifest.load(good_manifest)
    raw = json.loads((good_manifest / "manifest.json").read_text())
    raw["pages"][0][key] = value
    (good_manifest / "manifest.json").write_text(json.dumps(raw))
    with pytest.raises(BadInputError):
        Manifest.load(good_manifest)


@pytest.mark.parametrize("text", ["[]", "null", '{"pages": 3}', "\xff", '{"pages": [1]}'])
def test_manifest_that_is_not_a_manifest_is_refused(good_manifest: Path, text: str) -> None:
    (good_manifest / "manifest.json").write_text(text, encoding="latin-1")
    with pytest.raises(BadInputError):
        Manifest.load(good_manifest)


def test_manifest_pages_pass_the_import_checks(good_manifest: Path, tmp_path: Path) -> None:
    Image.new("RGB", (1, 1)).save(good_manifest / "page-0001.png")
    raw = json.loads((good_manifest / "manifest.json").read_text())
    raw["pages"][0]["sha256"] = sha256_file(good_manifest / "page-0001.png")
    (good_manifest / "manifest.json").write_text(json.dumps(raw))
    with pytest.raises(BadInputError):
        Manifest.load(good_manifest)
    outside = tmp_path / "outside.png"
    shutil.move(good_manifest / "page-0001.png", outside)
    (good_manifest / "page-0001.png").symlink_to(outside)
    with pytest.raises(BadInputError):
        Manifest.load(good_manifest)


def _with(tmp_path: Path, name: str, change: Any) -> Path:
    pdf = pikepdf.open(_pdf(tmp_path / "plain.pdf"))
    change(pdf)
    pdf.save(tmp_path / name)
    return tmp_path / name


def test_submit_refuses_active_content(tmp_path: Path) -> None:
    check_pdf(_pdf(tmp_path / "plain.pdf"))
    js = _with(tmp_path, "js.pdf", lambda p: setattr(p.Root, "OpenAction", pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))))
    launch = _with(tmp_path, "launch.pdf", lambda p: setattr(p.Root, "OpenAction", pikepdf.Dictionary(
        S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))))
    embedded = _with(tmp_path, "embedded.pdf", lambda p: p.attachments.__setitem__(
        "x.exe", pikepdf.AttachedFileSpec(p, b"MZ", filename="x.exe")))
    for path in (js, launch, embedded):
        with pytest.raises(BadInputError) as info:
            check_pdf(path)
        assert "nội dung chủ động" in info.value.user_message("vi")


def test_submit_refuses_encrypted_and_cut_pdfs(tmp_path: Path) -> None:
    plain = _pdf(tmp_path / "plain.pdf")
    for name, owner, user in (("user.pdf", "o", "u"), ("owner.pdf", "o", "")):
        pikepdf.open(plain).save(tmp_path / name, encryption=pikepdf.Encryption(owner=owner, user=user))
        with pytest.raises(BadInputError, match="encrypted"):
            check_pdf(tmp_path / name)
    data = plain.read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 10])
    with pytest.raises(BadInputError):
        check_pdf(tmp_path / "cut.pdf")


def test_oversized_manifest_is_refused_unread(good_manifest: Path) -> None:
    (good_manifest / "manifest.json").write_bytes(b" " * (5 << 20) + b"{}")
    with pytest.raises(BadInputError, match="MiB"):
        Manifest.load(good_manifest)
