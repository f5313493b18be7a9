"""The counter workflow, headless: what the clerk does from the citizen's arrival to the receipt (new dossier, scan
each component, fix pages, resolve findings, build the PDF/A, sign, finish). The GUI and ``sohoa demo`` both drive
this class; it never prompts (the PIN comes from a provider) and reports progress through :mod:`app.core.progress`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from app.capture.checking import CheckedCallback, ComponentChecks
from app.catalog.model import CatalogComponent, Procedure
from app.core import audit
from app.core.config import Settings, load_settings
from app.core.errors import BadInputError
from app.core.files import sha256_file
from app.core.progress import NullProgress, Progress
from app.core.storage import Store, now_iso
from app.counter.identity import IdentityDesk
from app.counter.model import DossierSummary, NotReady, ScanOutcome, counter_end, elapsed_seconds, todays_dossiers
from app.counter.outbox_view import OutboxView
from app.counter.papers import CounterPapers
from app.counter.reuse import ReuseDesk
from app.counter.station import StationSetup, prepare
from app.counter.wiring import Collaborators, SyncHandle
from app.dossiers import lifecycle
from app.dossiers.findings import Findings, FindingView
from app.dossiers.intake import check_applicant, find_procedure, open_dossier
from app.dossiers.lifecycle import ComponentStatus, DossierStatus, Verdict
from app.dossiers.model import Applicant, PageRecord
from app.dossiers.pageops import PageOps
from app.dossiers.store import DossierStore
from app.imaging.pdfa import PdfMetadata
from app.imaging.views import PageViews, ensure_views
from app.results.dossier import DossierResults
from app.results.metadata import read_result_pdf
from app.signing.pin import PinProvider
from app.signing.state import SessionState
from scanner import CancelToken, DeviceError, ScannedPage, ScanOptions, driver_for
from scanner.errors import ScanCancelled

log = logging.getLogger("sohoa.counter")

PageCallback = Callable[[PageRecord, PageViews], None]
__all__ = ["Applicant", "CounterService", "DossierSummary", "NotReady", "ScanOutcome", "elapsed_seconds"]


class CounterService:
    """One station's counter: its verbs; each concern is its own object (the dossier store, page operations, findings,
    checks, the applicant's e-ID, reuse from the data store, the catalog/signer/outbox/receipt collaborators)."""

    def __init__(self, settings: Settings | None = None, store: Store | None = None) -> None:
        self.settings = settings or load_settings()
        self.store = store or Store(self.settings.data_path)
        station = self.settings.station
        self.dossiers = DossierStore(self.store, clerk=station.clerk, station=station.station_id)
        self.pages, self.findings = PageOps(self.dossiers), Findings(self.store)
        self.checks = ComponentChecks(self.settings, self.store)
        self.parts = Collaborators(self.settings, self.store)
        self.identity, self.reuse = IdentityDesk(self.settings, self.store), ReuseDesk(self.settings, self.store)
        self.papers = CounterPapers(self.settings, self.store)  # Mẫu 03 (refusal) and Mẫu 06 (control slip)
        self.results = DossierResults(self.store, self.settings, read_result_pdf, self.parts.sign_result,
                                      self.checks.workers)  # results scanned on the station's page workers
        self.outbox = OutboxView(self.store)

    def start_up(self, *, with_sane: bool = True, start_receiver: bool = True) -> StationSetup:
        """Before the first dossier: adopt pages a crash left behind, then the embedded defaults (scanner list,
        sample catalog, demo certificate, local receiver) and the dossiers left open. Slow (it decodes pages,
        probes scanners): not on the GUI thread."""
        self.dossiers.recover()
        return prepare(self.settings, self.store, with_sane=with_sane, start_receiver=start_receiver)

    def close(self) -> None:
        """Log out of the token, stop the check workers scans left running, then close the database."""
        self.parts.lock_signing()
        self.checks.close()
        self.store.close()

    # -- dossiers ---------------------------------------------------------------------------------------------
    def new_dossier(self, procedure_code: str, applicant: Applicant, components: list[CatalogComponent] | None = None,
                    extra: list[str] | None = None, ticket: str = "") -> int:
        """Receive a dossier: its code, the applicant, and its components (the catalog's unless given, plus papers
        outside the catalog named in ``extra``); ``ticket``: the citizen's queue ticket, if any."""
        check_applicant(applicant)
        return open_dossier(self.store, self.settings, procedure_code, applicant, components,
                            extra=extra or (), ticket=ticket).id

    def add_component(self, dossier_id: int, name: str, *, category: str = "", must_digitize: bool = False,
                      declared_pages: int | None = None, exempt_reason: str | None = None) -> int:
        """A component the catalog does not list (the clerk adds it by hand)."""
        return self.dossiers.add_component(dossier_id, name, category=category, must_digitize=must_digitize,
                                           declared_pages=declared_pages, exempt_reason=exempt_reason)

    def search_procedures(self, text: str, limit: int = 20) -> list[Procedure]:
        return self.parts.search_procedures(text, limit)

    def procedure(self, code: str) -> Procedure:
        return find_procedure(self.store, code)

    def dossier(self, dossier_id: int) -> dict[str, Any]:
        return self.dossiers.get(dossier_id)

    def components(self, dossier_id: int) -> list[dict[str, Any]]:
        return self.dossiers.components(dossier_id)

    def today(self) -> list[DossierSummary]:
        return todays_dossiers(self.store.db)

    def counter_seconds(self, dossier_id: int) -> int:
        return elapsed_seconds((row := self.dossier(dossier_id))["created_at"], counter_end(row))

    # -- what the clerk may do now ----------------------------------------------------------------------------
    def can_scan(self, component_id: int) -> Verdict:
        comp = self.dossiers.component(component_id)
        return lifecycle.can_scan(comp, self.dossiers.get(comp["dossier_id"]))

    def can_sign(self, component_id: int) -> Verdict:
        return lifecycle.can_sign(self.dossiers.component(component_id),
                                  blocking=bool(self.findings.open_blocking(component_id)))

    def can_finish(self, dossier_id: int, paper_only_reason: str = "") -> Verdict:
        """``paper_only_reason``: why components left unscanned are received on paper only (reason "paper_only")."""
        components = self.dossiers.components(dossier_id)
        return lifecycle.can_finish(
            self.dossiers.get(dossier_id), components,
            blocking={c["id"] for c in components if self.findings.open_blocking(c["id"])},
            with_pages={c["id"] for c in components if self.dossiers.pages(c["id"])},
            paper_only_reason=paper_only_reason)

    def can_finish_component(self, component_id: int) -> bool:
        return not self.findings.open_blocking(component_id)

    @staticmethod
    def _refuse(verdict: Verdict, subject: str) -> None:
        if not verdict:
            raise NotReady(subject, message_vi=verdict.message_vi, message_en=verdict.message_en)

    # -- scanning ---------------------------------------------------------------------------------------------
    def set_declared_pages(self, component_id: int, declared: int) -> None:
        if declared < 1:
            raise BadInputError(str(declared), message_vi="Số trang của bản giấy phải lớn hơn 0.",
                                message_en="The paper original's page count must be at least 1.")
        if self.dossiers.component(component_id)["declared_pages"] != declared:
            self.dossiers.update_component(component_id, declared_pages=declared)
            if lifecycle.shows_checks(self.dossiers.component(component_id)):  # checked against the old count
                self._pages_changed(component_id)

    def scan_component(self, component_id: int, device: str, options: ScanOptions, *,
                       declared_pages: int | None = None, cancel: CancelToken | None = None,
                       on_page: PageCallback | None = None, progress: Progress | None = None,
                       insert_at: int | None = None, on_checked: CheckedCallback | None = None,
                       replace: bool = False) -> ScanOutcome:
        """Scan into a component, storing each page as it arrives; a device error ends the batch but keeps the pages
        before it; cancel stops at the next page. ``insert_at``: the new pages go at that 0-based index. With
        ``checks.while_scanning`` each page also goes to a worker as it arrives, and ``on_checked(page, findings)``
        gets its findings (dicts: code, severity, message_vi, message_en) from a pool thread; the set findings come
        with :meth:`run_checks`. ``replace``: the pages there are removed first (each removal can be undone)."""
        self._require_open(component_id)
        for page in self.dossiers.pages(component_id) if replace else ():
            self.delete_page(page.id, "replaced")
        if declared_pages is not None:
            self.set_declared_pages(component_id, declared_pages)
        dossier_id = self.dossiers.component(component_id)["dossier_id"]
        self.dossiers.begin_scan(component_id)
        self.dossiers.set_status(dossier_id, DossierStatus.SCANNING)
        declared = self.dossiers.component(component_id)["declared_pages"]
        progress = progress or NullProgress()
        progress.start(options.max_pages or declared or None, "Quét trang")
        outcome = ScanOutcome()
        first = len(self.dossiers.pages(component_id))
        checking = self.checks.start_scan(appending=insert_at is None)

        def keep(scanned: ScannedPage) -> None:
            store = partial(self.dossiers.add_page, component_id, scanned.image, scanned.dpi,
                            side=scanned.side.value, source=scanned.source_name)
            record = store() if checking is None else self.checks.page_scanned(  # its worker starts first
                checking, scanned.image, scanned.dpi, self.dossiers.page_dir(component_id), store,
                first + len(outcome.pages), on_checked)
            views = ensure_views(self.dossiers.page_path(record), scanned.image)
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
            self.dossiers.set_status(dossier_id, DossierStatus.DRAFT)
            progress.finish()
            self.checks.scan_ended(component_id, checking)
        return outcome

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
        """Pages changed after a check, a build or a signature: all three run again (a signed PDF that no longer
        matches its pages is never queued). A component left with no page is not scanned, one given pages back is."""
        comp = self.dossiers.component(component_id)
        has_pages = bool(self.dossiers.pages(component_id))
        if lifecycle.shows_checks(comp) or has_pages == (comp["status"] == ComponentStatus.EMPTY):
            self.dossiers.update_component(component_id, pdf_path=None, pdf_sha256=None, signed_at=None,
                                           status=ComponentStatus.SCANNED if has_pages else ComponentStatus.EMPTY)

    def _require_open(self, component_id: int) -> None:
        dossier = self.dossiers.get(self.dossiers.component(component_id)["dossier_id"])
        self._refuse(lifecycle.can_change_pages(dossier), dossier["code"])

    def undo(self, component_id: int) -> str:
        self._require_open(component_id)
        op = self.pages.undo(component_id)
        self._pages_changed(component_id)
        if op.op == "delete":
            self.findings.reopen_page(op.payload["page"], "removed")
        elif op.op in ("rotate", "replace"):
            self.findings.reopen_page(op.payload["old"], "rescanned")
        return op.op

    def can_undo(self, component_id: int) -> bool:
        return self.pages.can_undo(component_id)

    def page_list(self, component_id: int) -> list[tuple[PageRecord, PageViews]]:
        return [(p, ensure_views(self.dossiers.page_path(p))) for p in self.dossiers.pages(component_id)]

    # -- findings ---------------------------------------------------------------------------------------------
    def run_checks(self, component_id: int, progress: Progress | None = None,
                   cancel: CancelToken | None = None) -> list[FindingView]:
        """The checks over the component's kept pages, in order, against the declared page count. The pass that
        checks a page also OCRs it and keeps its finished one-page PDF, which the build then reuses; pages already
        checked at the same place with the same content are not processed again (:mod:`app.capture.checking`)."""
        pages = self.dossiers.pages(component_id)
        comp = self.dossiers.component(component_id)
        found = self.checks.check(component_id, pages, comp["declared_pages"], progress, cancel, comp["copies"] or 1)
        items = []
        for item in found:
            number = item.get("page")
            page_id = pages[number - 1].id if isinstance(number, int) and 1 <= number <= len(pages) else None
            items.append({**item, "page_id": page_id})
        result = self.findings.replace_open(component_id, items)
        self.dossiers.update_component(component_id, status=ComponentStatus.CHECKED)
        return result

    def component_findings(self, component_id: int) -> tuple[list[FindingView], dict[int, int]]:
        """The component's findings, and each kept page's number (1-based) by page id."""
        numbers = {p.id: n for n, p in enumerate(self.dossiers.pages(component_id), start=1)}
        return self.findings.for_component(component_id), numbers

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
            if finding.page_id is None or finding.gap_after:  # a missing page names the good page before it
                raise BadInputError(finding.code, message_vi="Lỗi này không chỉ ra trang nào cần bỏ.",
                                    message_en="This finding names no page to remove.")
            self.delete_page(finding.page_id, reason or finding.code)
            return self.findings.get(finding_id)
        raise BadInputError(action)

    def page_pdf_path(self, page: PageRecord) -> Path:
        return self.checks.page_pdf_path(page)

    # -- PDF/A, signature, finish -----------------------------------------------------------------------------
    def build_pdf(self, component_id: int, progress: Progress | None = None,
                  cancel: CancelToken | None = None) -> Path:
        self.findings.require_none_blocking(component_id)
        comp = self.dossiers.component(component_id)
        if comp["status"] == ComponentStatus.BUILT and comp["pdf_path"] and self.store.path(comp["pdf_path"]).is_file():
            return self.store.path(comp["pdf_path"])  # e.g. a second try after a wrong PIN: no second OCR
        self._refuse(lifecycle.can_sign(comp, blocking=False), comp["name"])
        dossier = self.dossiers.get(comp["dossier_id"])
        pages = self.dossiers.pages(component_id)
        if not pages:
            raise NotReady(comp["name"], message_vi="Thành phần chưa có trang nào được quét.",
                           message_en="No page has been scanned for this component.")
        out = self.store.path(f"dossiers/{dossier['id']}/{component_id}/{dossier['code']}-{comp['position']}.pdf")
        meta = PdfMetadata(title=comp["name"], subject=f"{dossier['code']} · {dossier['procedure_name']}",
                           author=self.settings.station.agency_name, keywords=dossier["procedure_code"] or "")
        self.checks.build_pdfa(pages, out, meta, progress, cancel)
        self.dossiers.update_component(component_id, status=ComponentStatus.BUILT,
                                       pdf_path=str(out.relative_to(self.store.data_dir)), pdf_sha256=sha256_file(out))
        return out

    def sign_component(self, component_id: int, pin_provider: PinProvider) -> Path:
        """Sign the component's PDF/A (PAdES). A wrong PIN raises the signer's typed error; it is never retried."""
        self.findings.require_none_blocking(component_id)
        comp = self.dossiers.component(component_id)
        if not comp["pdf_path"] or comp["status"] != ComponentStatus.BUILT:
            raise NotReady(comp["name"], message_vi="Chưa tạo tệp PDF/A cho thành phần này.",
                           message_en="The PDF/A of this component has not been built yet.")
        source = self.store.path(comp["pdf_path"])
        out = source.with_name(source.stem + "-signed.pdf")
        self.parts.sign(source, out, pin_provider, component_id)
        sha256 = sha256_file(out)
        with self.store.atomic():  # the signed state and its audit entry together
            self.dossiers.update_component(component_id, status=ComponentStatus.SIGNED, signed_at=now_iso(),
                                           pdf_path=str(out.relative_to(self.store.data_dir)), pdf_sha256=sha256)
            self.parts.audit("signed", self._code_of_component(component_id), component_id=component_id,
                             sha256=sha256)
        return out

    def sign_dossier(self, dossier_id: int, pin_provider: PinProvider, progress: Progress | None = None,
                     cancel: CancelToken | None = None) -> dict[int, Path]:
        """Every component ready to sign, built then signed in one step: the PIN is asked once, after the OCR."""
        ready = [c["id"] for c in self.dossiers.components(dossier_id) if self.can_sign(c["id"])]
        for component_id in ready:
            self.build_pdf(component_id, progress, cancel)
        return {component_id: self.sign_component(component_id, pin_provider) for component_id in ready}

    def lock_signing(self) -> None:
        """The clerk locks the station: the token is logged out, the next signature asks the PIN."""
        self.parts.lock_signing()

    def signing_token_open(self) -> bool:
        """Whether a token's signing session is open (the window asks on its own thread: no lock, no PKCS#11)."""
        return self.parts.signing_token_open()

    def signing_watch(self, *, ask_token: bool = True) -> SessionState:
        """Polled by the window: the day's signing session; a token removed from its reader closes it at once."""
        return self.parts.signing_watch(ask_token=ask_token)

    def finish(self, dossier_id: int, paper_only_reason: str = "") -> Path:
        """Close the dossier: its state, its outbox entries and, when papers were received unscanned, the clerk's
        reason in the audit trail, in one transaction; then the receipt (a PDF, listing those papers as on paper)."""
        dossier, reason = self.dossiers.get(dossier_id), paper_only_reason.strip()
        self._refuse(self.can_finish(dossier_id, reason), dossier["code"])
        components = self.dossiers.components(dossier_id)
        on_paper = lifecycle.paper_only(components, {c["id"] for c in components if self.dossiers.pages(c["id"])})
        files = [(c, self.store.path(c["pdf_path"])) for c in components if c["status"] == ComponentStatus.SIGNED]
        with self.store.atomic():
            self.dossiers.set_status(dossier_id, DossierStatus.QUEUED, finished_at=now_iso(),
                                     paper_only_reason=reason if on_paper else None)
            if on_paper:
                self.parts.audit("paper_only", dossier["code"], reason=reason,
                                 components=[c["name"] for c in on_paper])
            if files:  # a dossier received wholly on paper has nothing to send
                self.parts.enqueue(dossier, files)
        return self.receipt(dossier_id)

    def receipt(self, dossier_id: int) -> Path:
        """The receipt and appointment slip (Mẫu 01) as a PDF; issuing it stops the counter timer."""
        code = self.dossiers.get(dossier_id)["code"]
        return self.parts.receipt(dossier_id, self.store.path(f"dossiers/{dossier_id}/giay-tiep-nhan-{code}.pdf"))

    def receipt_printed(self, dossier_id: int, copies: int = 1) -> int:
        """A print (or reprint) of the receipt, recorded for the report; stops the timer if issuing did not."""
        dossier = self.dossiers.get(dossier_id)
        with self.store.atomic():
            if not dossier["receipt_printed_at"]:
                self.dossiers.set_status(dossier_id, DossierStatus(dossier["status"]), receipt_printed_at=now_iso())
            self.parts.audit(audit.Action.RECEIPT_PRINTED, dossier["code"], copies=max(1, copies))
        return self.counter_seconds(dossier_id)

    # -- the outbox's sync (its entries: self.outbox) ----------------------------------------------------------
    def start_sync(self, on_status: Callable[[dict[str, Any]], None], server: str | None = None) -> SyncHandle:
        return self.parts.start_sync(on_status, server)

    def _code_of_component(self, component_id: int) -> str:
        return str(self.dossiers.get(self.dossiers.component(component_id)["dossier_id"])["code"])
