"""Checking pages on disk: a folder of page images (name order), a scan manifest, or a PDF. With OCR, each page goes
through the same orientation, deskew and OCR as the build (:func:`app.imaging.pageproc.process_page`), once, in worker
processes; the checks then judge the page as it will be kept."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from app.checks.numbers import read_margin_numbers
from app.checks.page import PageCheck, PageLook, check_page, look_at_page
from app.checks.profiles import Profile
from app.checks.report import CheckReport
from app.core.errors import BadInputError
from app.core.progress import NullProgress, Progress
from app.imaging import measure as imaging
from app.imaging.manifest import MANIFEST, Manifest
from app.imaging.ocr import OcrEngine, Orientation, Word
from app.imaging.pageproc import PageOptions, ProcessedPage, process_page
from app.imaging.pool import load_page_image, worker_engine, worker_pool
from scanner.errors import DeviceError
from scanner.file_pages import NoPages, probe_path


class NothingToCheck(BadInputError):
    message_vi = "Không có trang ảnh nào để kiểm tra."
    message_en = "No page images to check."


@dataclass
class PageSource:
    """A page to check: page ``frame`` of a file, decoded only when it is checked (in the worker that checks it)."""

    path: Path
    dpi: int
    frame: int = 0
    image: Image.Image | None = None

    def load(self) -> Image.Image:
        return self.image if self.image is not None else load_page_image(str(self.path), self.frame)


def page_sources(path: Path) -> list[PageSource]:
    """Pages in order from a manifest, a folder (name order) or one image/PDF file, every file validated whole first
    (structure, sizes, each page decodable), none kept decoded."""
    if path.name == MANIFEST or (path.is_dir() and (path / MANIFEST).is_file()):
        folder = path if path.is_dir() else path.parent
        return [PageSource(p, dpi) for p, dpi in Manifest.load(path).page_paths(folder)]
    if not path.exists():
        raise BadInputError(str(path), message_vi="Không tìm thấy tệp hoặc thư mục.",
                            message_en="No such file or folder.")
    try:
        probed = probe_path(path)
    except NoPages as exc:
        raise NothingToCheck(str(path)) from exc
    except DeviceError as exc:  # the import driver's refusal is bad input here, not a device fault
        raise BadInputError(exc.native or path.name, message_vi=exc.message_vi, message_en=exc.message_en) from exc
    return [PageSource(page.path, page.dpi, page.frame) for page in probed]


def check_image(engine: OcrEngine | None, image: Image.Image, dpi: int, page_no: int, profile: Profile) -> PageCheck:
    """One page: the automatic fixes and OCR when an engine is given, then every page check on the result."""
    if engine is None:
        return check_page(image, dpi, page_no, profile)
    return process_and_check(engine, image, dpi, page_no, profile)[1]


def process_and_check(engine: OcrEngine | None, image: imaging.PageImage, dpi: int, page_no: int, profile: Profile,
                      options: PageOptions | None = None) -> tuple[ProcessedPage, PageCheck]:
    """The page as it goes into the PDF/A and its checks, from one OCR pass (the streaming pipeline's task). The
    profile decides the automatic fixes and may set the page encoding; ``options`` the rest (JPEG quality, the
    smallest skew worth fixing); a page the profile calls blank gets no OSD or OCR."""
    options = options or PageOptions()
    options = replace(options, deskew=profile.auto_deskew, rotate=profile.auto_rotate,
                      max_skew_deg=profile.deskew_limit_deg, min_osd_confidence=profile.min_osd_confidence,
                      encoding=profile.page_encoding or options.encoding,
                      blank_max_ink_ratio=profile.blank_max_ink_ratio, blank_contrast=profile.blank_contrast,
                      upright_margin=profile.min_orientation_margin if profile.auto_rotate else None)
    seen: list[tuple[imaging.PageImage, Orientation | None, PageLook]] = []

    def look(done: ProcessedPage) -> None:  # while Tesseract reads the page
        kept = done.archived()  # the checks judge the image as it is archived
        done.kept = None  # the page crosses back to the parent without it
        sure = options.rotate and done.orientation_confidence >= options.min_osd_confidence
        osd = Orientation(0, done.orientation_confidence) if sure else None  # what OSD was sure of is done
        seen.append((kept, osd, look_at_page(kept, dpi, page_no, profile, osd=osd, processed=True)))

    done = process_page(engine, image, dpi, page_no - 1, options, meanwhile=look)
    (kept, osd, image_look), = seen
    margin: list[Word] = []
    if engine is not None and profile.printed_numbers and done.ocr is not None:
        margin = read_margin_numbers(engine, Image.fromarray(imaging.grey_pixels(kept)), dpi, done.ocr.words)
    result = check_page(kept, dpi, page_no, profile, done.ocr, osd=osd, processed=True, margin_words=margin,
                        look=image_look)
    result.actions[:0] = done.actions
    return done, result


def check_source(source: PageSource, page_no: int, profile: Profile) -> PageCheck:
    """The task a worker of :func:`app.imaging.pool.worker_pool` runs for one page (with that worker's engine)."""
    engine = worker_engine()
    return check_image(engine if isinstance(engine, OcrEngine) else None, source.load(), source.dpi, page_no, profile)


def check_pages(pages: list[PageSource], profile: Profile, *, ocr: bool = True, languages: str = "vie+eng",
                tessdata: str = "", workers: int | None = None, progress: Progress | None = None,
                on_page: Callable[[PageCheck], None] | None = None) -> list[PageCheck]:
    """Every page check, in scan order. Several pages with OCR run in worker processes, one engine each."""
    progress = progress or NullProgress()
    progress.start(len(pages), "Kiểm tra trang")
    results: list[PageCheck] = []

    def done(check: PageCheck) -> None:
        results.append(check)
        progress.advance(1, f"trang {check.page}")
        if on_page is not None:
            on_page(check)

    if ocr and len(pages) > 1 and (workers is None or workers > 1):
        with worker_pool(languages, tessdata, workers, ocr=True) as pool:
            futures: list[Future[PageCheck]] = [
                pool.submit(check_source, p, n, profile)
                for n, p in enumerate(pages, start=1)]
            for future in futures:
                done(future.result())
    else:
        engine = OcrEngine(languages, tessdata) if ocr else None
        try:
            for n, p in enumerate(pages, start=1):
                done(check_image(engine, p.load(), p.dpi, n, profile))
        finally:
            if engine is not None:
                engine.close()
    progress.finish()
    return results


def check_path(path: Path, declared_pages: int | None, profile: Profile, ocr: bool = True,
               progress: Progress | None = None, *, languages: str = "vie+eng", tessdata: str = "",
               workers: int | None = None) -> CheckReport:
    """Check a folder of page images, a scan manifest or a PDF against the declared number of paper pages."""
    if declared_pages is not None and declared_pages < 0:
        raise BadInputError(str(declared_pages), message_vi="Số trang khai báo không hợp lệ.",
                            message_en="The declared number of pages is invalid.")
    pages = page_sources(path)
    checks = check_pages(pages, profile, ocr=ocr, languages=languages, tessdata=tessdata, workers=workers,
                         progress=progress)
    return CheckReport.of(checks, declared_pages, profile)
