"""A result scanned at the counter from the station's scanner: each page is kept as it leaves the feeder and checked at
once in the worker pool (the same checks as a component's pages: blank, cut off, skew…, then the set: count against
the paper, order), the PDF/A is assembled from the checked pages, and the record is pre-read from the first page (and
the last, for a signer on a later page). The PDF/A is then added like a chosen file (:meth:`DossierResults.add`
keeps a PDF/A as it is). Cancel stops at the next page and leaves nothing behind.

Each scan has its own folder under ``results-scans/``, named for the process that made it (its id and the moment it
started, :mod:`app.core.processes`), so a folder a crash left behind is told from one in use without guessing: the
next scan, and the counter's start-up, remove the folders of processes that no longer run."""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.capture.pipeline import PagePipeline
from app.checks import CheckReport, load_profile
from app.checks.findings import BLOCK
from app.core.config import Settings
from app.core.errors import BadInputError, CancelledError
from app.core.files import write_page_image
from app.core.processes import running, this_process
from app.core.progress import NullProgress, Progress
from app.core.storage import Store, now_iso
from app.imaging.pdfa import PdfMetadata, build_pdfa
from app.imaging.pool import PageInput, load_page_image
from app.imaging.workers import WorkerPool
from app.results.metadata import MetadataReader
from app.results.model import ResultMeta
from scanner import CancelToken, ScannedPage, ScanOptions, driver_for, scan_all

SCANS = "results-scans"  # under the data folder: a scan's pages and PDF/A until the result is added
OWNER = re.compile(r"-p(\d+)s(\d+)-")  # in a scan folder's name: the process that made it, and when it started
log = logging.getLogger("sohoa.results")


@dataclass
class ScannedResult:
    pdf: Path
    pages: int
    meta: ResultMeta
    findings: list[dict[str, Any]] = field(default_factory=list)  # page and set findings, as dicts
    error: dict[str, str] | None = None  # the device error that stopped the feeder (the pages before it are kept)

    @property
    def ok(self) -> bool:
        """Nothing blocks and the feeder ran to its end: the result may be added as scanned (otherwise the clerk
        scans it again; a jam may have left sheets in the feeder even when no count was given)."""
        return self.error is None and not self.blocking

    @property
    def blocking(self) -> list[dict[str, Any]]:
        """The findings that keep the scan from becoming the result."""
        return [f for f in self.findings if f.get("severity") == BLOCK]

    def discard(self) -> None:
        """The scan's folder, once its PDF/A was added (the dossier keeps a copy) or the clerk scans again."""
        shutil.rmtree(self.pdf.parent, ignore_errors=True)


def scan_folder(store: Store) -> Path:
    """A fresh folder for one scan (two scans in the same second never share one), named for this process."""
    parent = store.path(SCANS)
    parent.mkdir(parents=True, exist_ok=True)
    pid, start = this_process()
    stamp = now_iso().replace(":", "").replace("-", "")[:15]
    return Path(tempfile.mkdtemp(prefix=f"{stamp}-p{pid}s{start}-", dir=parent))


def in_use(folder: Path) -> bool:
    """The folder belongs to a process that still runs (a folder named otherwise was left by an older station)."""
    owner = OWNER.search(folder.name)
    return owner is not None and running(int(owner[1]), int(owner[2]))


def clean_scan_folders(store: Store) -> list[Path]:
    """Remove the scan folders a crash left behind (their process no longer runs); those in use stay."""
    parent = store.path(SCANS)
    removed: list[Path] = []
    for folder in sorted(parent.iterdir()) if parent.is_dir() else []:
        if folder.is_dir() and not folder.is_symlink() and not in_use(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    if removed:
        log.info("removed %d scan folders left by a stopped station: %s", len(removed),
                 ", ".join(f.name for f in removed))
    return removed


def scan_result(store: Store, settings: Settings, device: str, options: ScanOptions, *,
                declared: int | None = None, cancel: CancelToken | None = None, progress: Progress | None = None,
                on_page: Callable[[int], None] | None = None, pool: WorkerPool | None = None) -> ScannedResult:
    """Scan a result from ``device``, check its pages (against ``declared`` pages when given), make it PDF/A and
    pre-read its record. ``on_page(n)`` is told of each page kept, from the scanning thread. ``pool``: the
    station's page workers (warmed while the feeder starts); none: workers of the scan's own."""
    cancel = cancel or CancelToken()
    progress = progress or NullProgress()
    clean_scan_folders(store)  # what a crash left, before this scan makes its own
    folder = scan_folder(store)
    profile = load_profile(settings.checks.profile)
    inputs: list[PageInput] = []
    try:
        progress.start(options.max_pages or declared or None, "Quét kết quả")
        with PagePipeline(settings.ocr.languages, settings.ocr.tessdata, settings.ocr.workers or None,
                          profile=profile, pool=pool) as pipeline:
            pipeline.pool.warm_up(wait=False)  # the workers start (or are there) while the feeder warms up

            def keep(page: ScannedPage) -> None:
                path = folder / f"page-{len(inputs) + 1:04d}.png"

                def keep_master() -> Path:
                    write_page_image(path, page.image, page.dpi)
                    inputs.append(PageInput(path, page.dpi))
                    return path

                pipeline.submit_scanned(page.image, page.dpi, folder, keep_master)  # checked while the feeder runs
                progress.advance(1, f"trang {len(inputs)}")
                if on_page is not None:
                    on_page(len(inputs))

            _, error = scan_all(driver_for(device), device, options, cancel, keep)
            if cancel.cancelled:
                raise CancelledError("scan")
            if not inputs:
                if error is not None:
                    raise error
                raise BadInputError(device, message_vi="Máy quét không đưa ra trang nào: đặt kết quả vào khay rồi "
                                    "quét lại.", message_en="The scanner gave no page: load the result and scan again.")
            progress.start(len(inputs), "Kiểm tra trang")
            processed = pipeline.results(cancel, progress)
        report = CheckReport.of([p.checks for p in processed], declared, profile)
        out = folder / "ket-qua.pdf"
        build_pdfa(processed, out, PdfMetadata(title="Kết quả giải quyết"))
        progress.start(1, "Đọc thông tin kết quả")
        reader = MetadataReader(settings.ocr.languages)
        try:
            first = load_page_image(str(inputs[0].path), 0)
            last = load_page_image(str(inputs[-1].path), 0) if len(inputs) > 1 else None
            meta = reader.page(first, inputs[0].dpi, last)
        finally:
            reader.close()
        progress.finish()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    stopped = None if error is None else {"code": error.code, "message_vi": error.user_message("vi"),
                                          "message_en": error.user_message("en")}
    return ScannedResult(out, len(inputs), meta, [f.to_dict() for f in report.findings], stopped)
