"""A scanned page's lossless master, and the uncompressed copy its worker reads instead of decoding the master."""

from __future__ import annotations

import io
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image

from app.capture import pipeline as pipeline_module
from app.capture.pipeline import PagePipeline
from app.core.files import (
    WORK_COPY_SUFFIX,
    clean_partial_files,
    encode_page_png,
    read_work_copy,
    write_page_image,
    write_work_copy,
)
from app.imaging.pool import load_page_image, load_page_pixels
from app.imaging.samples import PageSpec, degrade, render_page


def _scanned(dpi: int = 150) -> Image.Image:
    page, _ = render_page(PageSpec(seed=3, dpi=dpi, seal=True))
    return degrade(page, 3, skew_deg=1.0).convert("RGB")


@pytest.mark.parametrize("mode", ["RGB", "L", "1", "RGBA"])
def test_the_master_is_lossless_and_keeps_its_dpi(mode: str) -> None:
    image = _scanned().convert(mode)
    data = encode_page_png(image, 150)
    with Image.open(io.BytesIO(data)) as back:
        back.load()
        assert back.format == "PNG" and back.mode == mode
        assert np.array_equal(np.asarray(back), np.asarray(image))
        assert round(back.info["dpi"][0]) == 150 and round(back.info["dpi"][1]) == 150
    if mode in ("RGB", "L"):  # written by SoHoa itself: libpng, which checks every chunk's CRC, reads it the same
        decoded = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
        assert np.array_equal(decoded if mode == "L" else cv2.cvtColor(decoded, cv2.COLOR_BGR2RGB), np.asarray(image))


def test_the_master_is_no_bigger_than_pillows_own_png() -> None:
    """The faster encoder (one filter for every row) must not trade the disk for the time on a scanned page."""
    image = _scanned()
    pillow = io.BytesIO()
    image.save(pillow, format="PNG", compress_level=1)
    assert len(encode_page_png(image, 150)) <= len(pillow.getvalue()) * 1.05


class _Pool:
    """Records what a page worker would be handed, and when; the test finishes each page by hand."""

    workers = 1

    def __init__(self, master: Path) -> None:
        self.master = master
        self.handed: list[tuple[Path, bool, bool]] = []  # (path, it existed, the master existed)
        self.futures: list[Future[Any]] = []

    def submit(self, _fn: Any, path: str, *_args: Any) -> Future[Any]:
        self.handed.append((Path(path), Path(path).is_file(), self.master.is_file()))
        self.futures.append(Future())
        return self.futures[-1]


def test_a_scanned_page_reaches_its_worker_before_its_master_is_written(tmp_path: Path) -> None:
    image = _scanned()
    master = tmp_path / "page-0001.png"
    pool = _Pool(master)
    pipeline = PagePipeline(pool=pool)  # type: ignore[arg-type]
    future = pipeline.submit_scanned(image, 150, tmp_path, lambda: write_page_image(master, image, 150) and master)

    (copy, existed, master_then), = pool.handed
    assert existed and not master_then and master.is_file()  # the worker could start while the master was written
    assert copy.name.startswith(".") and copy.name.endswith(WORK_COPY_SUFFIX) and copy.parent == tmp_path
    assert np.array_equal(np.asarray(load_page_image(str(copy), 0)), np.asarray(image))  # what the worker reads
    assert future is pool.futures[0]
    future.set_result(None)
    assert not copy.exists()  # removed once the page is done


def test_without_room_for_the_copy_the_master_is_written_first(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline_module, "write_work_copy", lambda *_args: None)
    image = _scanned()
    master = tmp_path / "page-0001.png"
    pool = _Pool(master)
    PagePipeline(pool=pool).submit_scanned(  # type: ignore[arg-type]
        image, 150, tmp_path, lambda: write_page_image(master, image, 150) and master)
    assert pool.handed == [(master, True, True)]


@pytest.mark.parametrize("mode", ["RGB", "L", "1", "I;16"])
def test_the_work_copy_reads_back_as_scanned(tmp_path: Path, mode: str) -> None:
    image = _scanned().convert(mode) if mode != "I;16" else Image.fromarray(
        np.asarray(_scanned().convert("L"), dtype=np.uint16) * 257)
    copy = write_work_copy(tmp_path, image, 150)
    assert copy is not None
    back, dpi = read_work_copy(copy)
    assert back.mode == image.mode and back.size == image.size and dpi == 150
    assert np.array_equal(np.asarray(back), np.asarray(image))
    assert np.array_equal(np.asarray(load_page_image(str(copy), 0)), np.asarray(image))  # as a worker reads it
    pixels = load_page_pixels(str(copy), 0)  # as the page pass reads it: grey and colour as bare pixels
    assert isinstance(pixels, np.ndarray) == (mode in ("RGB", "L"))
    assert np.array_equal(np.asarray(pixels), np.asarray(image))


def test_a_work_copy_cut_short_or_foreign_is_refused(tmp_path: Path) -> None:
    copy = write_work_copy(tmp_path, _scanned(), 150)
    assert copy is not None
    copy.write_bytes(copy.read_bytes()[:-1])
    with pytest.raises(ValueError, match="cut short"):
        read_work_copy(copy)
    copy.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with pytest.raises(ValueError, match="not a work copy"):
        read_work_copy(copy)
    assert write_work_copy(tmp_path, _scanned().convert("P"), 150) is None  # the master is written first instead


def test_work_copies_left_by_a_crash_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "dossiers" / "1" / "2" / "pages"
    folder.mkdir(parents=True)
    (folder / f".tmpab12{WORK_COPY_SUFFIX}").write_bytes(b"pixels")
    (folder / "0001.png").write_bytes(b"master")
    assert clean_partial_files(tmp_path / "dossiers") == 1
    assert [p.name for p in folder.iterdir()] == ["0001.png"]


def test_a_page_whose_master_cannot_be_written_is_taken_back(tmp_path: Path) -> None:
    master = tmp_path / "page-0001.png"
    pool = _Pool(master)
    pipeline = PagePipeline(pool=pool)  # type: ignore[arg-type]

    def full_disk() -> Path:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        pipeline.submit_scanned(_scanned(), 150, tmp_path, full_disk)
    (copy, _, _), = pool.handed
    assert pool.futures[0].cancelled() and not copy.exists()  # not processed for nothing, no copy left
    assert pipeline.results() == []  # and not waited for with the pages that were kept
