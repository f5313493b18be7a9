"""The counter workflow, headless: what the clerk does from the citizen's arrival to the receipt (new dossier, scan
each component, fix pages, resolve findings, build the PDF/A, sign, finish). The GUI and ``sohoa demo`` both drive
this class; it never prompts (the PIN comes from a provider) and reports progress through :mod:`app.core.progress`."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.config import Settings, load_settings
from app.core.errors import BadInputError, CancelledError, ExitCode, SohoaError
from app.core.files import atomic_write_bytes
from app.core.progress import NullProgress, Progress
from app.core.storage import VN_TZ, Store, now_iso
from app.counter import wiring as collaborators
from app.dossiers.findings import Findings, FindingView
from app.dossiers.pageops import PageOps
from app.dossiers.store import DossierStore, NewDossier, PageRecord
from app.imaging.views import PageViews, ensure_views
from scanner import CancelToken, DeviceError, ScannedPage, ScanOptions, driver_for
from scanner.errors import ScanCancelled

log = logging.getLogger("sohoa.counter")

PageCallback = Callable[[PageRecord, PageViews], None]
CheckedCallback = Callable[[PageRecord, list[dict[str, Any]]], None]
PERSONAL_ID = re.compile(r"^\d{12}$")
PHONE = re.compile(r"^\+?[0-9 .-]{8,15}$")


class NotReady(SohoaError):
    exit_code = ExitCode.BLOCKED
    message_vi = "Hồ sơ chưa đủ điều kiện để hoàn tất."
    message_en = "The dossier is not ready to be finished."


@dataclass
class Applicant:
    name: str
    personal_id: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""

    def problems(self) -> list[tuple[str, str, str]]:
        """(field, message_vi, message_en) for each invalid field; empty when the applicant can be saved."""
        found = []
        if len(self.name.strip()) < 2:
            found.append(("name", "Nhập họ và tên người nộp.", "Enter the applicant's full name."))
        if not PERSONAL_ID.match(self.personal_id.strip()):
            found.append(("personal_id", "Số định danh cá nhân phải gồm đúng 12 chữ số.",
                          "The personal ID number must be exactly 12 digits."))
        if self.phone.strip() and not PHONE.match(self.phone.strip()):
            found.append(("phone", "Số điện thoại không hợp lệ.", "Invalid phone number."))
        return found


@dataclass
class ScanOutcome:
    pages: list[PageRecord] = field(default_factory=list)
    error: DeviceError | None = None

    @property
    def cancelled(self) -> bool:
        return isinstance(self.error, ScanCancelled)


@dataclass
class DossierSummary:
    id: int
    code: str
    applicant: str
    procedure_code: str
    procedure_name: str
    status: str
    created_at: str
    receipt_printed_at: str
    seconds: int


def elapsed_seconds(created_at: str, ended_at: str = "", now: datetime | None = None) -> int:
    """Counter time: from the dossier's creation to its receipt (or to now while the citizen is still there)."""
    start = datetime.fromisoformat(created_at)
    end = datetime.fromisoformat(ended_at) if ended_at else (now or datetime.now(VN_TZ))
    return max(0, int((end - start).total_seconds()))


@dataclass
class _ScanChecks:
    """Pages of one scan batch being processed and checked while the feeder runs: (position, sha256, future)."""

    pipeline: Any  # app.capture.pipeline.PagePipeline
    profile: str  # the checks profile the pages are checked with
    pending: list[tuple[int, str, Future[Any]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class CounterService:
    """One station's counter: dossiers, components, pages, findings, PDF/A, signature and hand-off to the outbox."""

    def __init__(self, settings: Settings | None = None, store: Store | None = None) -> None:
        self.settings = settings or load_settings()
        self.store = store or Store(self.settings.data_path)
        station = self.settings.station
        self.dossiers = DossierStore(self.store, clerk=station.clerk, station=station.station_id)
        self.pages = PageOps(self.dossiers)
        self.findings = Findings(self.store)
        self.parts = collaborators.Collaborators(self.settings, self.store)
        self._scan_checks: dict[int, list[_ScanChecks]] = {}
        self._page_checks: dict[int, dict[tuple[str, str, int], Any]] = {}  # component → (profile, sha, index) → check

    def close(self) -> None:
        """Stop the check workers scans left running, then close the database."""
        for runs in self._scan_checks.values():
            for checking in runs:
                checking.pipeline.close(cancel_pending=True)
        self._scan_checks.clear()
        self.store.close()

    # -- dossiers ---------------------------------------------------------------------------------------------
    def new_dossier(self, procedure_code: str, applicant: Applicant,
                    components: list[collaborators.ComponentSpec] | None = None) -> int:
        """Receive a dossier: its code, the applicant, and its components (the catalog's unless given)."""
        problems = applicant.problems()
        if problems:
            field_name, vi, en = problems[0]
            raise BadInputError(field_name, message_vi=vi, message_en=en)
        procedure = self.parts.procedure(procedure_code)
        code = self.parts.next_dossier_code()
        dossier_id = self.dossiers.create(code, NewDossier(
            procedure_code=procedure.code, procedure_name=procedure.name, applicant_name=applicant.name.strip(),
            applicant_id=applicant.personal_id.strip(), applicant_phone=applicant.phone.strip(),
            applicant_address=applicant.address.strip(), applicant_email=applicant.email.strip(),
        ))
        for spec in procedure.components if components is None else components:
            self.dossiers.add_component(
                dossier_id, spec.name, code=spec.code, category=spec.category, declared_pages=spec.expected_pages,
                must_digitize=spec.must_digitize, exempt_reason=spec.exempt_reason)
        return dossier_id

    def add_component(self, dossier_id: int, name: str, *, category: str = "", must_digitize: bool = False,
                      declared_pages: int | None = None, exempt_reason: str | None = None) -> int:
        """A component the catalog does not list (the clerk adds it by hand)."""
        return self.dossiers.add_component(dossier_id, name, category=category, must_digitize=must_digitize,
                                           declared_pages=declared_pages, exempt_reason=exempt_reason)

    def search_procedures(self, text: str, limit: int = 20) -> list[collaborators.Procedure]:
        return self.parts.search_procedures(text, limit)

    def procedure(self, code: str) -> collaborators.Procedure:
        return self.parts.procedure(code)

    def dossier(self, dossier_id: int) -> dict[str, Any]:
        return self.dossiers.get(dossier_id)

    def components(self, dossier_id: int) -> list[dict[str, Any]]:
        return self.dossiers.components(dossier_id)

    def today(self) -> list[DossierSummary]:
        day = datetime.now(VN_TZ).date().isoformat()
        rows = self.store.db.table("dossiers").rows_where("created_at >= ?", [day], order_by="created_at desc")
        sending = self.parts.outbox_states()
        return [DossierSummary(r["id"], r["code"], r["applicant_name"] or "", r["procedure_code"] or "",
                               r["procedure_name"] or "", sending.get(r["code"], r["status"]) if r["status"] == "queued"
                               else r["status"], r["created_at"], r["receipt_printed_at"] or "",
                               elapsed_seconds(r["created_at"], r["receipt_printed_at"] or ""))
                for r in rows]

    def counter_seconds(self, dossier_id: int) -> int:
        row = self.dossier(dossier_id)
        return elapsed_seconds(row["created_at"], row["receipt_printed_at"] or "")

    # -- scanning ---------------------------------------------------------------------------------------------
    def set_declared_pages(self, component_id: int, declared: int) -> None:
        if declared < 1:
            raise BadInputError(str(declared), message_vi="Số trang của bản giấy phải lớn hơn 0.",
                                message_en="The paper original's page count must be at least 1.")
        self.dossiers.update_component(component_id, declared_pages=declared)

    def scan_component(self, component_id: int, device: str, options: ScanOptions, *,
                       declared_pages: int | None = None, cancel: CancelToken | None = None,
                       on_page: PageCallback | None = None, progress: Progress | None = None,
                       insert_at: int | None = None, on_checked: CheckedCallback | None = None) -> ScanOutcome:
        """Scan into a component, storing each page as it arrives. A device error ends the batch but keeps the
        pages before it; cancel stops at the next page. ``insert_at`` puts the new pages at that 0-based index.
        With ``checks.while_scanning`` each stored page is also checked at once, and ``on_checked(page, findings)``
        receives its page findings (dicts with code, severity, message_vi, message_en) from a worker-pool thread,
        seconds after the sheet left the feeder; the set findings come with :meth:`run_checks`."""
        self._require_open(component_id)
        if declared_pages is not None:
            self.set_declared_pages(component_id, declared_pages)
        self.dossiers.begin_scan(component_id)
        self.dossiers.set_status(self.dossiers.component(component_id)["dossier_id"], "scanning")
        declared = self.dossiers.component(component_id)["declared_pages"]
        progress = progress or NullProgress()
        progress.start(options.max_pages or declared or None, "Quét trang")
        outcome = ScanOutcome()
        first = len(self.dossiers.pages(component_id))
        checking = (_ScanChecks(self.parts.check_pipeline(), self.settings.checks.profile)
                    if insert_at is None and self.settings.checks.while_scanning else None)

        def keep(scanned: ScannedPage) -> None:
            record = self.dossiers.add_page(component_id, scanned.image, scanned.dpi, side=scanned.side.value,
                                            source=scanned.source_name)
            views = ensure_views(self.dossiers.page_path(record), scanned.image)
            if checking is not None:
                self._check_while_scanning(checking, record, first + len(outcome.pages), on_checked)
            outcome.pages.append(record)
            progress.advance(1, f"trang {len(outcome.pages)}")
            if on_page is not None:
                on_page(record, views)

        try:
            for scanned in driver_for(device).scan(device, options, cancel or CancelToken()):
                keep(scanned)
        except DeviceError as err:
            outcome.error = err
        finally:
            self.pages.log_added(component_id, [p.id for p in outcome.pages], insert_at)
            self.dossiers.end_scan(component_id)
            progress.finish()
            if checking is not None and checking.pending:
                self._scan_checks.setdefault(component_id, []).append(checking)
            elif checking is not None:
                checking.pipeline.close(cancel_pending=True)
        return outcome

    def _check_while_scanning(self, checking: _ScanChecks, page: PageRecord, position: int,
                              on_checked: CheckedCallback | None) -> None:
        """Send a page just stored to the check workers; its finished one-page PDF is written as soon as it is
        done (kept only in memory until then), and its check waits for :meth:`run_checks`."""
        from app.capture.pipeline import PageInput

        def written(future: Future[Any]) -> None:
            if future.cancelled() or future.exception() is not None:
                return
            processed = future.result()
            try:
                self._keep_page_pdf(checking, page, processed)
                if on_checked is not None and processed.checks is not None:
                    on_checked(page, [f.to_dict() for f in processed.checks.findings])
            except Exception:  # a callback thread of the pool: the check after the scan will report it
                log.exception("keeping the check of page %s", page.id)

        future = checking.pipeline.submit(PageInput(self.dossiers.page_path(page), page.dpi), index=position)
        future.add_done_callback(written)
        checking.pending.append((position, page.sha256, future))

    def _keep_page_pdf(self, checking: _ScanChecks, page: PageRecord, processed: Any) -> None:
        with checking.lock:
            if processed.pdf is not None:
                atomic_write_bytes(self.page_pdf_path(page), processed.pdf)
                processed.pdf, processed.image_bytes, processed.ocr = None, b"", None  # only the check is kept

    def _checked_while_scanning(self, component_id: int, pages: list[PageRecord],
                                cancel: CancelToken | None) -> dict[int, Any]:
        """The checks the scans of this component made, for the pages still at the place and with the content they
        were checked with (index → PageCheck); a page moved, turned or replaced since is checked again."""
        from app.capture.pipeline import wait_for

        runs = self._scan_checks.pop(component_id, [])
        by_page = {(p.sha256, n): p for n, p in enumerate(pages)}
        ready: dict[int, Any] = {}
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
                    except Exception as exc:  # checked again by run_checks, where the error reaches the clerk
                        log.warning("check while scanning of page %s failed: %s", page.id, exc)
                        continue
                    if processed.checks is not None:
                        self._keep_page_pdf(checking, page, processed)
                        ready[position] = processed.checks
        finally:
            for checking in runs:
                checking.pipeline.close(cancel_pending=True)
            known = self._page_checks.setdefault(component_id, {})  # kept even when the clerk cancels the check
            profile = self.settings.checks.profile
            known.update({(profile, pages[n].sha256, n): check for n, check in ready.items()})
        return ready

    def rescan_page(self, page_id: int, device: str, options: ScanOptions,
                    cancel: CancelToken | None = None) -> PageRecord:
        """Scan one sheet (or take one image from a file) in place of a page; its open findings are settled."""
        self._require_open(self.pages.page(page_id).component_id)
        one = ScanOptions(source=options.source, dpi=options.dpi, mode=options.mode, max_pages=1,
                          page_width_mm=options.page_width_mm, page_height_mm=options.page_height_mm)
        for scanned in driver_for(device).scan(device, one, cancel or CancelToken()):
            new = self.pages.replace(page_id, scanned.image, scanned.dpi, source="rescan")
            ensure_views(self.dossiers.page_path(new), scanned.image)
            self.findings.resolve_page(page_id, "rescanned")
            self._pages_changed(new.component_id)
            return new
        raise ScanCancelled("no page", device=device)

    def rotate_page(self, page_id: int, degrees: int) -> PageRecord:
        self._require_open(self.pages.page(page_id).component_id)
        new = self.pages.rotate(page_id, degrees)
        ensure_views(self.dossiers.page_path(new))
        self._pages_changed(new.component_id)
        return new

    def delete_page(self, page_id: int, reason: str = "") -> None:
        self._require_open(self.pages.page(page_id).component_id)
        self.pages.delete(page_id, reason)
        self.findings.resolve_page(page_id, "removed")
        self._pages_changed(self.pages.page(page_id).component_id)

    def move_page(self, page_id: int, new_index: int) -> None:
        self._require_open(self.pages.page(page_id).component_id)
        self.pages.move(page_id, new_index)
        self._pages_changed(self.pages.page(page_id).component_id)

    def _pages_changed(self, component_id: int) -> None:
        """Pages changed after a check, a build or a signature: all three must run again (a signed PDF that no
        longer matches the pages is never queued)."""
        if self.dossiers.component(component_id)["status"] in ("checked", "built", "signed"):
            self.dossiers.update_component(component_id, status="scanned", pdf_path=None, pdf_sha256=None,
                                           signed_at=None)

    def _require_open(self, component_id: int) -> None:
        """Pages of a finished dossier (queued for sending, receipt issued) are what was signed and sent: frozen."""
        dossier = self.dossiers.get(self.dossiers.component(component_id)["dossier_id"])
        if dossier["finished_at"]:
            raise NotReady(dossier["code"], message_vi=f"Hồ sơ {dossier['code']} đã hoàn tất và chuyển gửi; không "
                           "thay đổi trang được nữa.",
                           message_en=f"Dossier {dossier['code']} is finished and queued; its pages cannot change.")

    def undo(self, component_id: int) -> str:
        self._require_open(component_id)
        op = self.pages.undo(component_id)
        self._pages_changed(component_id)
        if op.op == "delete":
            self.findings.reopen_page(op.payload["page"], "removed")
        elif op.op in ("rotate", "replace"):
            self.findings.reopen_page(op.payload["old"], "rescanned")
        return op.op

    def page_list(self, component_id: int) -> list[tuple[PageRecord, PageViews]]:
        return [(p, ensure_views(self.dossiers.page_path(p))) for p in self.dossiers.pages(component_id)]

    # -- findings ---------------------------------------------------------------------------------------------
    def run_checks(self, component_id: int, progress: Progress | None = None,
                   cancel: CancelToken | None = None) -> list[FindingView]:
        """The checks over the component's kept pages, in order, against the declared page count. The pass that
        checks a page also OCRs it and keeps its finished one-page PDF, which the build then reuses. A page already
        checked at the same place with the same content (while scanning, or by an earlier check) is not processed
        again: after a blank page is removed or a page rescanned, only the pages that moved or changed are."""
        pages = self.dossiers.pages(component_id)
        declared = self.dossiers.component(component_id)["declared_pages"]

        def keep(index: int, pdf: bytes) -> None:
            atomic_write_bytes(self.page_pdf_path(pages[index]), pdf)

        known, profile = self._page_checks.get(component_id, {}), self.settings.checks.profile
        ready = {n: known[(profile, p.sha256, n)] for n, p in enumerate(pages)
                 if (profile, p.sha256, n) in known and self.page_pdf_path(p).is_file()}
        ready.update(self._checked_while_scanning(component_id, pages, cancel))
        found = self.parts.check_pages([(self.dossiers.page_path(p), p.dpi) for p in pages], declared,
                                       progress or NullProgress(), cancel, keep, ready)
        self._page_checks[component_id] = {(profile, p.sha256, n): ready[n] for n, p in enumerate(pages) if n in ready}
        items = []
        for item in found:
            number = item.get("page")
            page_id = pages[number - 1].id if isinstance(number, int) and 1 <= number <= len(pages) else None
            items.append({**item, "page_id": page_id})
        result = self.findings.replace_open(component_id, items)
        self.dossiers.update_component(component_id, status="checked")
        return result

    def resolve_finding(self, finding_id: int, action: str, reason: str = "") -> FindingView:
        """``accept`` (with a reason) or ``remove`` (the page, e.g. a blank); rescan goes through rescan_page."""
        finding = self.findings.get(finding_id)
        if action == "accept":
            with self.store.atomic():  # the acceptance and its audit entry together
                resolved = self.findings.resolve(finding_id, "accepted", reason)
                self.parts.audit("finding_accepted", self._code_of_component(finding.component_id),
                                 finding_id=finding_id, finding=finding.code, page_id=finding.page_id, reason=reason)
            return resolved
        if action == "remove":
            if finding.page_id is None:
                raise BadInputError(finding.code, message_vi="Lỗi này không gắn với một trang cụ thể.",
                                    message_en="This finding is not about one page.")
            self.delete_page(finding.page_id, reason or finding.code)
            return self.findings.get(finding_id)
        raise BadInputError(action)

    def page_pdf_path(self, page: PageRecord) -> Path:
        """Where the checks keep a page's finished one-page PDF (image + text layer), named by the page's content
        hash so a changed page can never reuse it; deleted with the dossier's folder when it is purged."""
        master = self.dossiers.page_path(page)
        return master.parent.parent / "page-pdf" / f"{master.stem}-{page.sha256[:16]}.pdf"

    def can_finish_component(self, component_id: int) -> bool:
        return not self.findings.open_blocking(component_id)

    # -- PDF/A, signature, finish -----------------------------------------------------------------------------
    def build_pdf(self, component_id: int, progress: Progress | None = None,
                  cancel: CancelToken | None = None) -> Path:
        from app.capture.pipeline import PageInput, build_component
        from app.imaging.pdfa import PdfBuildError, PdfMetadata, assemble_pdfa

        self.findings.require_none_blocking(component_id)
        comp = self.dossiers.component(component_id)
        if comp["status"] == "built" and comp["pdf_path"] and self.store.path(comp["pdf_path"]).is_file():
            return self.store.path(comp["pdf_path"])  # e.g. a second try after a wrong PIN: no second OCR
        if comp["status"] != "checked":
            raise NotReady(comp["name"], message_vi="Các trang chưa được kiểm tra sau lần thay đổi cuối; hãy kiểm tra "
                           "(F6) trước khi tạo PDF/A và ký.",
                           message_en="The pages were not checked since they last changed; check them (F6) first.")
        dossier = self.dossiers.get(comp["dossier_id"])
        pages = self.dossiers.pages(component_id)
        if not pages:
            raise NotReady(comp["name"], message_vi="Thành phần chưa có trang nào được quét.",
                           message_en="No page has been scanned for this component.")
        out = self.store.path(f"dossiers/{dossier['id']}/{component_id}/{dossier['code']}-{comp['position']}.pdf")
        meta = PdfMetadata(title=comp["name"], subject=f"{dossier['code']} · {dossier['procedure_name']}",
                           author=self.settings.station.agency_name, keywords=dossier["procedure_code"] or "")
        kept = [self.page_pdf_path(p) for p in pages]
        assembled = False
        if all(path.is_file() for path in kept):  # the checks' pass made every page: assemble, no second OCR
            progress = progress or NullProgress()
            progress.start(len(kept), "Ghép PDF/A")
            try:
                assemble_pdfa([path.read_bytes() for path in kept], out, meta)
                assembled = True
            except PdfBuildError:
                log.warning("the pages kept by the checks of %s do not assemble; building again", comp["name"])
            progress.finish()
        if not assembled:
            ocr = self.settings.ocr
            build_component([PageInput(self.dossiers.page_path(p), p.dpi) for p in pages], out,
                            languages=ocr.languages, tessdata=ocr.tessdata, workers=ocr.workers or None, meta=meta,
                            progress=progress, cancel=cancel)
        from app.core.files import sha256_file

        self.dossiers.update_component(component_id, status="built", pdf_path=str(out.relative_to(self.store.data_dir)),
                                       pdf_sha256=sha256_file(out))
        return out

    def sign_component(self, component_id: int, pin_provider: collaborators.PinProvider) -> Path:
        """Sign the component's PDF/A (PAdES). A wrong PIN raises the signer's typed error; it is never retried."""
        self.findings.require_none_blocking(component_id)
        comp = self.dossiers.component(component_id)
        if not comp["pdf_path"]:
            raise NotReady(comp["name"], message_vi="Chưa tạo tệp PDF/A cho thành phần này.",
                           message_en="The PDF/A of this component has not been built yet.")
        source = self.store.path(comp["pdf_path"])
        out = source.with_name(source.stem + "-signed.pdf")
        self.parts.sign(source, out, pin_provider, component_id)
        from app.core.files import sha256_file

        sha256 = sha256_file(out)
        with self.store.atomic():  # the signed state and its audit entry together
            self.dossiers.update_component(component_id, status="signed", signed_at=now_iso(),
                                           pdf_path=str(out.relative_to(self.store.data_dir)), pdf_sha256=sha256)
            self.parts.audit("signed", self._code_of_component(component_id), component_id=component_id,
                             sha256=sha256)
        return out

    def finish(self, dossier_id: int) -> Path:
        """Close the dossier: its state and its outbox entries in one transaction, then the receipt (a PDF)."""
        dossier = self.dossiers.get(dossier_id)
        ready: list[dict[str, Any]] = []
        for comp in self.dossiers.components(dossier_id):
            if comp["exempt_reason"]:
                continue
            self.findings.require_none_blocking(comp["id"])
            if comp["status"] == "signed":
                ready.append(comp)
            elif comp["must_digitize"] or self.dossiers.pages(comp["id"]):
                raise NotReady(comp["name"], message_vi=f"Thành phần «{comp['name']}» chưa được số hóa và ký.",
                               message_en=f"Component “{comp['name']}” is not digitized and signed yet.")
        files = [(comp, self.store.path(comp["pdf_path"])) for comp in ready]
        with self.store.atomic():
            self.dossiers.set_status(dossier_id, "queued", finished_at=now_iso())
            self.parts.enqueue(dossier, files)
        return self.receipt(dossier_id)

    def receipt(self, dossier_id: int) -> Path:
        """The receipt and appointment slip (Mẫu 01) as a PDF; issuing it stops the counter timer."""
        code = self.dossiers.get(dossier_id)["code"]
        return self.parts.receipt(dossier_id, self.store.path(f"dossiers/{dossier_id}/giay-tiep-nhan-{code}.pdf"))

    def receipt_printed(self, dossier_id: int) -> int:
        """The receipt went to the printer; the timer stopped when it was issued (or stops now if it was not)."""
        if not self.dossiers.get(dossier_id)["receipt_printed_at"]:
            self.dossiers.set_status(dossier_id, self.dossiers.get(dossier_id)["status"], receipt_printed_at=now_iso())
        return self.counter_seconds(dossier_id)

    def _code_of_component(self, component_id: int) -> str:
        return str(self.dossiers.get(self.dossiers.component(component_id)["dossier_id"])["code"])
