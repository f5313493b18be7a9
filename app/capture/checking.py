"""The checks of a component's pages as the counter runs them: each page checked (and OCR'd) in a worker while the
feeder runs, then the set checked against the paper. A page already checked at the same place with the same content
is not processed again, and each checked page's finished one-page PDF is kept, so the PDF/A build after the checks
needs no second OCR. This module owns that cache, its locks and futures, and where the page PDFs are kept."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from app.capture.pipeline import PageInput, PagePipeline, build_component
from app.checks import CheckReport, load_profile
from app.checks.page import PageCheck
from app.core.config import OcrSettings, Settings
from app.core.errors import BadInputError, CancelledError
from app.core.files import atomic_write_bytes
from app.core.progress import NullProgress, Progress
from app.core.storage import Store
from app.dossiers.model import PageRecord
from app.imaging.pageproc import ProcessedPage
from app.imaging.pdfa import PdfBuildError, PdfMetadata, assemble_pdfa
from app.imaging.pool import wait_for
from app.imaging.workers import WorkerPool
from scanner import CancelToken

log = logging.getLogger("sohoa.capture")


def _plain(value: Any) -> Any:
    """JSON for the numbers NumPy and OpenCV hand back (a measure is a numpy float, not a float)."""
    return value.item() if hasattr(value, "item") else str(value)

CheckedCallback = Callable[[PageRecord, list[dict[str, Any]]], None]
CacheKey = tuple[str, str, int]  # (checks profile, page sha256, 0-based place in the component)


@dataclass
class ScanChecks:
    """Pages of one scan batch being processed and checked while the feeder runs: (position, sha256, future)."""

    pipeline: PagePipeline
    profile: str  # the checks profile the pages are checked with
    pending: list[tuple[int, str, Future[ProcessedPage]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def idle_seconds(ocr: OcrSettings) -> float | None:
    """``[ocr] idle_minutes`` in seconds (None: the workers stay for the whole session)."""
    minutes = ocr.idle_minutes
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise BadInputError(f"ocr.idle_minutes = {minutes!r}",
                            message_vi="Cấu hình [ocr] idle_minutes phải là số phút (số nguyên, 0 để không bao giờ "
                                       "dừng).",
                            message_en="[ocr] idle_minutes must be a whole number of minutes (0: never stop).")
    return minutes * 60.0 or None


class ComponentChecks:
    """The station's checks of components' pages, with what each scan and each check has already established."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self._scans: dict[int, list[ScanChecks]] = {}
        self._known: dict[int, dict[CacheKey, PageCheck]] = {}
        self._pool: WorkerPool | None = None
        self._pool_lock = threading.Lock()

    def close(self) -> None:
        """Drop the pages scans left waiting, then stop the station's workers (every worker process ends)."""
        for runs in self._scans.values():
            for checking in runs:
                checking.pipeline.close(cancel_pending=True)
        self._scans.clear()
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close(cancel_pending=True, wait=True)

    def workers(self) -> WorkerPool:
        """The station's page workers, started on first use and kept for the session: every scan, check and build
        runs on them (a new set of processes costs ~1.5 s). Changed OCR settings get a new set; the old one ends
        once the pages it holds are done. After ``[ocr] idle_minutes`` without a page they stop and give their
        memory back; the next scan starts them again while its feeder warms up."""
        ocr = self.settings.ocr
        wanted = WorkerPool(ocr.languages, ocr.tessdata, ocr.workers or None, idle_seconds=idle_seconds(ocr))
        with self._pool_lock:
            old, pool = self._pool, self._pool
            if pool is None or pool.key != wanted.key:
                pool = self._pool = wanted
        if old is not None and old is not pool:
            old.close(cancel_pending=False, wait=False)
        return pool

    def warm_up(self) -> None:
        """Start the workers now without waiting for them (e.g. while the feeder warms up)."""
        self.workers().warm_up(wait=False)

    def pipeline(self) -> PagePipeline:
        """Pages turned upright, levelled, OCR'd and checked in one pass on the station's workers, with the
        station's profile."""
        return PagePipeline(profile=load_profile(self.settings.checks.profile), pool=self.workers())

    def page_path(self, page: PageRecord) -> Path:
        return self.store.path(page.file)

    def page_pdf_path(self, page: PageRecord) -> Path:
        """Where a page's finished one-page PDF (image + text layer) is kept, named by the page's content hash so a
        changed page can never reuse it; deleted with the dossier's folder when it is purged."""
        master = self.page_path(page)
        return master.parent.parent / "page-pdf" / f"{master.stem}-{page.sha256[:16]}.pdf"

    def _check_path(self, page: PageRecord) -> Path:
        pdf = self.page_pdf_path(page)
        return pdf.with_name(f"{pdf.stem}.{self.settings.checks.profile}.check.json")

    def _remember(self, page: PageRecord, position: int, check: PageCheck) -> None:
        """Keep a page's check beside its one-page PDF, so a restart (a crash, the window closed mid-scan) does
        not check the page again."""
        record = {"position": position, "check": check.to_record()}
        atomic_write_bytes(self._check_path(page), json.dumps(record, ensure_ascii=False, default=_plain).encode())

    def _recall(self, page: PageRecord, position: int) -> PageCheck | None:
        """A page's kept check, when it was made at this place with this profile and its PDF is still there."""
        path = self._check_path(page)
        if not (path.is_file() and self.page_pdf_path(page).is_file()):
            return None
        try:
            record = json.loads(path.read_bytes())
            return PageCheck.from_record(record["check"]) if record["position"] == position else None
        except (ValueError, KeyError, TypeError) as exc:  # an unreadable record is only a check to make again
            log.warning("kept check %s unreadable: %s", path.name, exc)
            return None

    def kept_page_pdfs(self, pages: list[PageRecord]) -> list[Path] | None:
        """Every page's kept one-page PDF, in order, or None when one is missing."""
        paths = [self.page_pdf_path(p) for p in pages]
        return paths if all(path.is_file() for path in paths) else None

    # -- while the feeder runs --------------------------------------------------------------------------------
    def start_scan(self, appending: bool) -> ScanChecks | None:
        """Checks for a scan batch, when the station checks while scanning and the pages go at the end (pages
        inserted in the middle move the others: those are checked after the scan)."""
        if not (appending and self.settings.checks.while_scanning):
            return None
        self.warm_up()  # the first sheet is still in the feeder
        return ScanChecks(self.pipeline(), self.settings.checks.profile)

    def page_scanned(self, checking: ScanChecks, image: Image.Image, dpi: int, folder: Path,
                     keep: Callable[[], PageRecord], position: int, on_checked: CheckedCallback | None) -> PageRecord:
        """A page just scanned goes to the check workers at once (on an uncompressed copy in ``folder``) while
        ``keep`` stores it; its finished one-page PDF is written as soon as it is done (kept only in memory until
        then), and its check waits for :meth:`check`. Returns what ``keep`` stored."""
        stored: list[PageRecord] = []

        def keep_master() -> Path:
            stored.append(keep())
            return self.page_path(stored[0])

        future = checking.pipeline.submit_scanned(image, dpi, folder, keep_master, index=position)
        page = stored[0]

        def written(future: Future[ProcessedPage]) -> None:
            if future.cancelled() or future.exception() is not None:
                return
            processed = future.result()
            try:
                self._keep_page_pdf(checking, page, processed)
                if processed.checks is not None and checking.profile == self.settings.checks.profile:
                    self._remember(page, position, processed.checks)
                if on_checked is not None and processed.checks is not None:
                    on_checked(page, [f.to_dict() for f in processed.checks.findings])
            except Exception:  # a callback thread of the pool: the check after the scan will report it
                log.exception("keeping the check of page %s", page.id)

        future.add_done_callback(written)  # runs at once if the page is already done
        checking.pending.append((position, page.sha256, future))
        return page

    def scan_ended(self, component_id: int, checking: ScanChecks | None) -> None:
        if checking is None:
            return
        if checking.pending:
            self._scans.setdefault(component_id, []).append(checking)
        else:
            checking.pipeline.close(cancel_pending=True)

    def _keep_page_pdf(self, checking: ScanChecks, page: PageRecord, processed: ProcessedPage) -> None:
        with checking.lock:
            if processed.pdf is not None:
                atomic_write_bytes(self.page_pdf_path(page), processed.pdf)
                processed.pdf, processed.image_bytes, processed.ocr = None, b"", None  # only the check is kept
                processed.mrc = None

    def _checked_while_scanning(self, component_id: int, pages: list[PageRecord],
                                cancel: CancelToken | None) -> dict[int, PageCheck]:
        """The checks the scans of this component made, for the pages still at the place and with the content they
        were checked with (index → PageCheck); a page moved, turned or replaced since is checked again."""
        runs = self._scans.pop(component_id, [])
        by_page = {(p.sha256, n): p for n, p in enumerate(pages)}
        ready: dict[int, PageCheck] = {}
        try:
            for checking in runs:
                if checking.profile != self.settings.checks.profile:
                    continue  # the profile changed since the scan: check again with the new one
                for position, sha, future in checking.pending:
                    page = by_page.get((sha, position))
                    if page is None:
                        continue
                    try:
                        processed = wait_for(future, cancel)
                    except CancelledError:
                        raise
                    except Exception as exc:  # checked again by check(), where the error reaches the clerk
                        log.warning("check while scanning of page %s failed: %s", page.id, exc)
                        continue
                    if processed.checks is not None:
                        self._keep_page_pdf(checking, page, processed)
                        # here too, not only in the future's callback: that may still be running when the wait
                        # returns, and a restart right after would find no kept check and check the page again
                        self._remember(page, position, processed.checks)
                        ready[position] = processed.checks
        finally:
            for checking in runs:
                checking.pipeline.close(cancel_pending=True)
            known = self._known.setdefault(component_id, {})  # kept even when the clerk cancels the check
            profile = self.settings.checks.profile
            known.update({(profile, pages[n].sha256, n): check for n, check in ready.items()})
        return ready

    # -- the check of the set ---------------------------------------------------------------------------------
    def check(self, component_id: int, pages: list[PageRecord], declared: int | None,
              progress: Progress | None = None, cancel: CancelToken | None = None,
              copies: int = 1) -> list[Mapping[str, Any]]:
        """Every page check then the set checks, over the kept pages in their current order, against the declared
        page count: findings as dicts (code, severity, page, messages). Pages checked before at the same place
        with the same content are not processed again."""
        progress = progress or NullProgress()
        profile_name = self.settings.checks.profile
        known = self._known.get(component_id, {})
        done = {n: known[(profile_name, p.sha256, n)] for n, p in enumerate(pages)
                if (profile_name, p.sha256, n) in known and self.page_pdf_path(p).is_file()}
        done.update(self._checked_while_scanning(component_id, pages, cancel))
        for n, page in enumerate(pages):
            recalled = None if n in done else self._recall(page, n)
            if recalled is not None:
                done[n] = recalled
        progress.start(len(pages), "Kiểm tra trang")
        if done:
            progress.advance(len(done), "đã kiểm tra khi quét")
        todo = [(n, p) for n, p in enumerate(pages) if n not in done]
        if todo:
            with self.pipeline() as pipeline:
                for n, page in todo:
                    pipeline.submit(PageInput(self.page_path(page), page.dpi), index=n)
                processed = pipeline.results(cancel, progress)
            for result in processed:
                if result.pdf is not None:
                    atomic_write_bytes(self.page_pdf_path(pages[result.index]), result.pdf)
                if result.checks is not None:
                    done[result.index] = result.checks
                    if result.pdf is not None:
                        self._remember(pages[result.index], result.index, result.checks)
        progress.finish()
        self._known[component_id] = {(profile_name, p.sha256, n): done[n] for n, p in enumerate(pages) if n in done}
        report = CheckReport.of([done[n] for n in range(len(pages))], declared, load_profile(profile_name), copies)
        return [f.to_dict() for f in report.findings]

    # -- the PDF/A of the checked pages -----------------------------------------------------------------------
    def build_pdfa(self, pages: list[PageRecord], out: Path, meta: PdfMetadata, progress: Progress | None = None,
                   cancel: CancelToken | None = None) -> None:
        """The component's PDF/A: assembled from the one-page PDFs the checks kept (no second OCR), or built
        again from the page masters when one is missing or they do not assemble."""
        progress = progress or NullProgress()
        kept = self.kept_page_pdfs(pages)
        if kept is not None:
            progress.start(len(kept), "Ghép PDF/A")
            try:
                assemble_pdfa([path.read_bytes() for path in kept], out, meta)
                progress.finish()
                return
            except PdfBuildError:
                log.warning("the pages kept by the checks do not assemble into %s; building again", out.name)
            progress.finish()
        build_component([PageInput(self.page_path(p), p.dpi) for p in pages], out, meta=meta, progress=progress,
                        cancel=cancel, pool=self.workers())
