"""The backlog of results still in force, digitized in batches: one long feeder run split by separator sheets, each
document built as PDF/A (its pages checked) with its record pre-read by OCR. Headless, and it survives a crash: every
step leaves a file that says it is done, written atomically, and a run on the same folder goes on from there.

The batch folder::

    pages/manifest.json, pages/page-NNNN.png   the run as scanned (the manifest is rewritten after every page)
    looks.jsonl                                what each page is (separator, blank, page), one line a page
    documents/NNN.pdf, documents/NNN.json      each document's PDF/A, then its record (the record marks it done)
    batch.json                                 the device, the settings, and "done" once every document is built

A scan stopped by a jam or a crash keeps its pages; the next run scans again and appends (a file: device is read
from where it stopped). The separator sheets never end up in a document (see :mod:`app.results.split`)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.capture.pipeline import PagePipeline
from app.checks.profiles import STANDARD, Profile
from app.core.errors import BadInputError, CancelledError
from app.core.files import atomic_write_bytes, write_page_image
from app.core.progress import NullProgress, Progress
from app.core.storage import now_iso
from app.imaging.manifest import MANIFEST, Manifest, ManifestPage
from app.imaging.pdfa import PdfMetadata, build_pdfa
from app.imaging.pool import PageInput, load_page_image
from app.results.detect import Found
from app.results.metadata import MetadataReader
from app.results.review import BATCH
from app.results.separator import Separator
from app.results.split import Document, PageLook, boundaries, look
from scanner import CancelToken, ScannedPage, ScanOptions, driver_for, scan_all
from scanner.errors import BadInput, DeviceError

LOOKS = "looks.jsonl"


@dataclass
class BacklogReport:
    folder: Path
    pages: int
    documents: list[dict[str, Any]] = field(default_factory=list)
    resumed: int = 0  # documents already built by an earlier run
    scan_error: dict[str, str] | None = None

    def as_json(self) -> dict[str, Any]:
        return {"folder": str(self.folder), "pages": self.pages, "documents": self.documents,
                "resumed": self.resumed, "scan_error": self.scan_error, "done": self.scan_error is None}


def _write_json(path: Path, data: Any) -> None:
    atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


class Backlog:
    def __init__(self, folder: Path, device: str, *, options: ScanOptions, profile: Profile = STANDARD,
                 languages: str = "vie+eng", workers: int = 1) -> None:
        if folder.exists() and not folder.is_dir():
            raise BadInputError(str(folder), message_vi="--out phải là một thư mục.",
                                message_en="--out must be a folder.")
        self.folder = folder
        self.device = device
        self.options = options
        self.profile = profile
        self.languages = languages
        self.workers = workers
        self.pages_dir = folder / "pages"
        self.docs_dir = folder / "documents"

    # -- 1. the run, scanned ------------------------------------------------------------------------------------
    def _manifest(self) -> Manifest:
        if (self.pages_dir / MANIFEST).is_file():
            return Manifest.load(self.pages_dir, verify=False)
        return Manifest(self.device, self.options.source.value, self.options.dpi, self.options.mode.value, now_iso())

    def scan(self, cancel: CancelToken) -> tuple[Manifest, DeviceError | None]:
        manifest = self._manifest()
        if manifest.finished_at:
            return manifest, None
        kept = len(manifest.pages)
        skip = kept if self.device.startswith("file:") else 0  # a file is read again from its start

        def keep(page: ScannedPage) -> None:
            if page.sequence <= skip:
                return
            number = len(manifest.pages) + 1
            name = f"page-{number:04d}.png"
            self.pages_dir.mkdir(parents=True, exist_ok=True)  # nothing is written before a page is in hand
            sha, _ = write_page_image(self.pages_dir / name, page.image, page.dpi)
            manifest.pages.append(ManifestPage(number, name, page.dpi, sha, page.image.width, page.image.height,
                                               page.image.mode, page.side.value))
            manifest.save(self.pages_dir)

        _, error = scan_all(driver_for(self.device), self.device, self.options, cancel, keep)
        if isinstance(error, BadInput) and not manifest.pages:
            raise error  # a refused file leaves no trace
        self.pages_dir.mkdir(parents=True, exist_ok=True)
        if error is None:
            manifest.finished_at = now_iso()
        else:
            manifest.error = {"code": error.code, "native": error.native}
        manifest.save(self.pages_dir)
        return manifest, error

    # -- 2. what each page is -----------------------------------------------------------------------------------
    def _known_looks(self) -> list[PageLook]:
        path = self.folder / LOOKS
        looks: list[PageLook] = []
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    raw = json.loads(line)
                except ValueError:
                    break  # the line being written when the run stopped
                sep = raw.get("separator")
                found = Found(Separator(sep.get("result_type") or "", sep.get("dossier") or ""),
                              int(sep.get("rotated", 0))) if isinstance(sep, dict) else None
                looks.append(PageLook(int(raw["position"]), found, bool(raw.get("blank"))))
        return looks

    def look_all(self, pages: list[PageInput], cancel: CancelToken) -> list[PageLook]:
        looks = self._known_looks()[:len(pages)]
        with (self.folder / LOOKS).open("w", encoding="utf-8") as out:  # rewritten: a torn last line goes
            for known in looks:
                out.write(_look_line(known))
            for position in range(len(looks) + 1, len(pages) + 1):
                if cancel.cancelled:
                    raise CancelledError("backlog")
                page = pages[position - 1]
                found = look(load_page_image(str(page.path), page.frame), page.dpi, position, self.profile)
                looks.append(found)
                out.write(_look_line(found))
                out.flush()
                os.fsync(out.fileno())
        return looks

    # -- 3. each document ---------------------------------------------------------------------------------------
    def build(self, n: int, document: Document, pages: list[PageInput], reader: MetadataReader) -> dict[str, Any]:
        record_path = self.docs_dir / f"{n:03d}.json"
        if record_path.is_file():
            record: dict[str, Any] = json.loads(record_path.read_text(encoding="utf-8"))
            if record.get("pages") == document.pages:
                record["resumed"] = True
                return record
        inputs = [pages[p - 1] for p in document.pages]
        with PagePipeline(self.languages, workers=self.workers, profile=self.profile) as pipeline:
            for page in inputs:
                pipeline.submit(page)
            processed = pipeline.results()
        pdf = self.docs_dir / f"{n:03d}.pdf"
        build_pdfa(processed, pdf, PdfMetadata(title=f"Kết quả {n:03d}"))
        first = load_page_image(str(inputs[0].path), inputs[0].frame)
        last = load_page_image(str(inputs[-1].path), inputs[-1].frame) if len(inputs) > 1 else None
        meta = reader.page(first, inputs[0].dpi, last)
        record = {**document.as_json(), "metadata": meta.as_dict(), "pdf": pdf.name,
                  "findings": [f.to_dict() for p in processed if p.checks is not None for f in p.checks.findings],
                  "state": "to_review", "built_at": now_iso()}
        _write_json(record_path, record)  # last: a record on disk means its PDF is whole
        return record

    def _write_batch(self, state: dict[str, Any]) -> None:
        """``batch.json``: the settings and ``state``; the batch's id, once the review gave it one, stays."""
        path = self.folder / BATCH
        known = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        kept = {"batch_id": known["batch_id"]} if known.get("batch_id") else {}
        _write_json(path, {**kept, "device": self.device, "dpi": self.options.dpi, "profile": self.profile.name,
                           **state})

    def run(self, cancel: CancelToken | None = None, progress: Progress | None = None) -> BacklogReport:
        cancel = cancel or CancelToken()
        progress = progress or NullProgress()
        manifest, error = self.scan(cancel)
        self._write_batch({"status": "running", "at": now_iso()})
        pages = [PageInput(p, dpi) for p, dpi in manifest.page_paths(self.pages_dir)]
        report = BacklogReport(self.folder, len(pages))
        if error is not None:
            report.scan_error = {"code": error.code, "message_vi": error.user_message("vi"),
                                 "message_en": error.user_message("en")}
            return report  # the pages kept wait for the rest of the run: load the sheets left and run again
        looks = self.look_all(pages, cancel)
        documents = boundaries(looks, blank_separates=self.profile.blank_separates)
        self.docs_dir.mkdir(parents=True, exist_ok=True)
        progress.start(len(documents), "Tạo PDF/A và đọc thông tin kết quả")
        reader = MetadataReader(self.languages)
        try:
            for n, document in enumerate(documents, start=1):
                if cancel.cancelled:
                    raise CancelledError("backlog")
                record = self.build(n, document, pages, reader)
                report.resumed += bool(record.pop("resumed", False))
                report.documents.append(record)
                progress.advance(1, f"{n:03d}")
        finally:
            reader.close()
        progress.finish(str(self.folder))
        self._write_batch({"status": "done", "at": now_iso(), "documents": len(documents)})
        return report


def _look_line(page: PageLook) -> str:
    separator = None
    if page.separator is not None:
        separator = {**page.separator.separator.as_dict(), "rotated": page.separator.rotated}
    return json.dumps({"position": page.position, "separator": separator, "blank": page.blank},
                      ensure_ascii=False) + "\n"
