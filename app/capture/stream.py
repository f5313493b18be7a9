"""Scan, process and assemble in one streaming run: each page goes to a worker as soon as it leaves the feeder, so
when the last sheet is out only that page's OCR, the assembly and the signature remain.

The timeline (arrival and completion of every page, last page out, PDF ready, signed) is what the counter's
15-minute target is measured against.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.capture.pipeline import PagePipeline
from app.checks import CheckReport, Profile
from app.core.files import write_page_image
from app.core.progress import NullProgress, Progress
from app.core.storage import now_iso
from app.imaging.manifest import Manifest, ManifestPage
from app.imaging.pageproc import PageOptions, ProcessedPage
from app.imaging.pdfa import PdfBuildError, PdfMetadata, build_pdfa, pdfa_problem, pdfa_problem_in
from app.imaging.workers import WorkerPool
from scanner import CancelToken, ScanDriver, ScannedPage, ScanOptions, scan_all
from scanner.errors import DeviceError

log = logging.getLogger("sohoa.capture")


@dataclass
class CaptureEvent:
    t: float  # seconds since the run started
    kind: str  # "page_in", "page_done", "last_page_out", "pdf_ready", "signed", "error"
    page: int | None = None
    detail: str = ""


@dataclass
class CaptureResult:
    pdf: Path | None
    pages: int
    error: DeviceError | None
    events: list[CaptureEvent] = field(default_factory=list)
    processed: list[ProcessedPage] = field(default_factory=list)
    report: CheckReport | None = None  # the checks of every page and of the set, when a profile was given

    def moment(self, kind: str) -> float | None:
        return next((e.t for e in reversed(self.events) if e.kind == kind), None)

    def timeline(self) -> dict[str, Any]:
        arrivals = {e.page: e.t for e in self.events if e.kind == "page_in"}
        done = {e.page: e.t for e in self.events if e.kind == "page_done"}
        last_out, pdf_ready, signed = self.moment("last_page_out"), self.moment("pdf_ready"), self.moment("signed")
        end = signed if signed is not None else pdf_ready
        return {
            "pages": [{"page": p, "arrived_s": round(t, 3), "done_s": round(done.get(p, -1), 3)}
                      for p, t in sorted(arrivals.items())],
            "last_page_out_s": last_out,
            "pdf_ready_s": pdf_ready,
            "signed_s": signed,
            "tail_latency_s": round(end - last_out, 3) if end is not None and last_out is not None else None,
            "error": None if self.error is None else {"code": self.error.code, "message": self.error.user_message()},
            "checks": None if self.report is None else self.report.to_dict(),
            "events": [asdict(e) for e in self.events],
        }


Finisher = Callable[[Path], Path]


class StreamingCapture:
    """One component from the feeder to a (signed) PDF/A, pages processed while the feeder runs."""

    def __init__(self, workdir: Path, out: Path, *, languages: str = "vie+eng", workers: int | None = None,
                 page_options: PageOptions | None = None, meta: PdfMetadata | None = None,
                 finisher: Finisher | None = None, profile: Profile | None = None,
                 declared_pages: int | None = None, pool: WorkerPool | None = None) -> None:
        self.workdir = workdir
        self.out = out
        self.languages = languages
        self.workers = workers
        self.page_options = page_options or PageOptions()
        self.meta = meta or PdfMetadata()
        self.finisher = finisher
        self.profile = profile
        self.declared_pages = declared_pages
        self.pool = pool  # the station's workers when given; else workers of this run's own
        self._events: list[CaptureEvent] = []
        self._lock = threading.Lock()
        self._t0 = 0.0

    def _event(self, kind: str, page: int | None = None, detail: str = "") -> None:
        with self._lock:
            self._events.append(CaptureEvent(round(time.monotonic() - self._t0, 4), kind, page, detail))

    def run(self, driver: ScanDriver, device: str, options: ScanOptions, cancel: CancelToken,
            progress: Progress | None = None, on_page_done: Callable[[ProcessedPage], None] | None = None,
            ) -> CaptureResult:
        progress = progress or NullProgress()
        self.workdir.mkdir(parents=True, exist_ok=True)
        manifest = Manifest(device=device, source=options.source.value, dpi=options.dpi, mode=options.mode.value,
                            started_at=now_iso())
        with PagePipeline(self.languages, workers=self.workers, options=self.page_options,
                          profile=self.profile, pool=self.pool) as pipeline:
            pipeline.pool.warm_up(wait=False)  # the workers start while the feeder warms up
            self._t0 = time.monotonic()
            progress.start(options.max_pages, "Quét và xử lý")

            def done(page: ProcessedPage) -> None:
                self._event("page_done", page.index + 1)
                if on_page_done is not None:
                    on_page_done(page)

            def arrived(page: ScannedPage) -> None:
                name = f"page-{page.sequence:04d}.png"

                def keep_master() -> Path:
                    sha, _ = write_page_image(self.workdir / name, page.image, page.dpi)
                    manifest.pages.append(ManifestPage(page.sequence, name, page.dpi, sha, page.image.width,
                                                       page.image.height, page.image.mode, page.side.value))
                    manifest.save(self.workdir)
                    return self.workdir / name

                self._event("page_in", page.sequence)
                pipeline.submit_scanned(page.image, page.dpi, self.workdir, keep_master, done)  # worker first
                progress.advance(1, name)

            count, error = scan_all(driver, device, options, cancel, arrived)
            self._event("last_page_out", count or None)
            manifest.finished_at = now_iso()
            if error is not None:
                manifest.error = {"code": error.code, "native": error.native}
            manifest.save(self.workdir)
            if error is not None or count == 0:
                self._event("error", None, error.code if error else "no_pages")
                return CaptureResult(None, count, error, list(self._events))
            processed = pipeline.results(cancel)
            final, report = self._finish(processed, pipeline.pool)  # before its own workers stop: file first
        progress.finish(str(final))
        return CaptureResult(final, count, None, list(self._events), processed, report=report)

    def _finish(self, processed: list[ProcessedPage], pool: WorkerPool) -> tuple[Path, CheckReport | None]:
        """The set's checks, the PDF/A, and its signature when nothing blocks it. A worker validates the PDF/A while
        it is signed; a file that fails is removed, signed or not."""
        report = None
        if self.profile is not None:
            report = CheckReport.of([p.checks for p in processed], self.declared_pages, self.profile)
            self._event("checked", None, "ok" if report.ok else "blocked")
        build_pdfa(processed, self.out, self.meta, validate=False)
        validation = pool.submit(pdfa_problem_in, str(self.out))  # on an idle worker, while this process signs
        self._event("pdf_ready")
        final = self.out
        try:
            if self.finisher is not None and (report is None or report.ok):
                final = self.finisher(self.out)
        finally:
            try:
                problem = validation.result()
            except Exception:  # the worker is gone: validated here instead
                log.exception("the PDF/A was validated here: its worker failed")
                problem = pdfa_problem(self.out.read_bytes())
            if problem is not None:
                for path in {final, self.out}:
                    path.unlink(missing_ok=True)
        if problem is not None:
            raise PdfBuildError(problem)
        if final != self.out:
            self._event("signed")
        return final, report
