"""Where the counter meets the other parts of the station: the procedure catalog, dossier codes, the checks, the
signer, the outbox, receipts and the audit trail. Each is imported when first used, so the counter states in one
place what it needs of them; a part that is not installed raises :class:`FeatureMissing` with the clerk's sentence."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from app.config import Settings
from app.errors import MissingDependencyError, NotFoundError
from app.progress import Progress
from app.storage import Store

log = logging.getLogger("sohoa.counter")

PinProvider = Callable[..., Any]


class FeatureMissing(MissingDependencyError):
    message_vi = "Chức năng này chưa được cài đặt trên máy trạm."
    message_en = "This function is not installed on this workstation."


@dataclass
class ComponentSpec:
    name: str
    code: str = ""
    category: str = ""
    must_digitize: bool = False
    exempt_reason: str | None = None
    expected_pages: int | None = None
    copies: int = 1


@dataclass
class Procedure:
    code: str
    name: str
    domain: str = ""
    processing_days: int = 0
    components: list[ComponentSpec] = field(default_factory=list)

    def appointment(self, received: datetime) -> str:
        if not self.processing_days:
            return ""
        day, left = received, self.processing_days
        while left:
            day += timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day.replace(hour=14, minute=0, second=0, microsecond=0).isoformat(timespec="seconds")


def _optional(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None


def _required(name: str, what_vi: str, what_en: str) -> ModuleType:
    module = _optional(name)
    if module is None:
        raise FeatureMissing(name, message_vi=f"Chưa có chức năng {what_vi} trên máy trạm.",
                             message_en=f"{what_en} is not installed on this workstation.")
    return module


class Collaborators:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store

    # -- catalog and codes ------------------------------------------------------------------------------------
    def search_procedures(self, text: str, limit: int = 20) -> list[Procedure]:
        catalog = _optional("app.catalog")
        if catalog is None:
            return []
        return [self._procedure(p) for p in catalog.search(self.store, text, limit=limit)]

    def procedure(self, code: str) -> Procedure:
        catalog = _optional("app.catalog")
        if catalog is None:
            return Procedure(code=code, name="")
        found = catalog.get(self.store, code)
        if found is None:
            raise NotFoundError(code, message_vi=f"Không có thủ tục {code} trong danh mục.",
                                message_en=f"Procedure {code} is not in the catalog.")
        return self._procedure(found)

    @staticmethod
    def _procedure(p: Any) -> Procedure:
        comps = [ComponentSpec(name=c.name, code=c.code, category=getattr(c, "category", ""),
                               must_digitize=bool(c.must_digitize), exempt_reason=c.exempt_reason or None,
                               expected_pages=getattr(c, "expected_pages", None), copies=getattr(c, "copies", 1))
                 for c in p.components]
        return Procedure(code=p.code, name=p.name, domain=getattr(p, "field", ""),
                         processing_days=getattr(p, "processing_days", 0) or 0, components=comps)

    def next_dossier_code(self) -> str:
        codes = _optional("app.codes")
        if codes is not None:
            code: str = codes.next_dossier_code(self.store, self.settings)
            return code
        return self._local_code()

    def _local_code(self) -> str:
        """Until app.codes is installed: the configured format with this station's sequence of the day."""
        from app.storage import VN_TZ

        now = datetime.now(VN_TZ)
        station = self.settings.station
        prefix = station.dossier_code_format.format(agency=station.agency_code, yymmdd=now.strftime("%y%m%d"), seq=0)
        stem = prefix[:-4]
        row = self.store.db.execute("select count(*) from dossiers where code like ?", [stem + "%"]).fetchone()
        return station.dossier_code_format.format(agency=station.agency_code, yymmdd=now.strftime("%y%m%d"),
                                                  seq=int(row[0]) + 1)

    # -- checks, signing, outbox, receipts, audit -------------------------------------------------------------
    def check_pages(self, pages: Sequence[tuple[Path, int]], declared: int | None,
                    progress: Progress) -> list[Mapping[str, Any]]:
        checks = _required("app.checks", "kiểm tra trang", "Page checking")
        report = checks.check_files([p for p, _ in pages], declared_pages=declared,
                                    profile=self.settings.checks.profile, progress=progress)
        return [f if isinstance(f, Mapping) else vars(f) for f in report.findings]

    def sign(self, source: Path, out: Path, pin_provider: PinProvider) -> None:
        signing = _required("app.signing", "ký số", "Digital signing")
        signing.sign_pdf(source, out, settings=self.settings, pin_provider=pin_provider)

    def enqueue(self, dossier: Mapping[str, Any], files: Sequence[tuple[Mapping[str, Any], Path]]) -> None:
        outbox = _required("app.outbox", "hàng đợi gửi", "The outbox")
        outbox.enqueue(self.store.db, dossier, files)

    def receipt(self, dossier_id: int, out: Path) -> Path:
        receipts = _required("app.receipts", "in giấy tiếp nhận", "Receipt printing")
        path: Path = receipts.render_receipt(self.store, dossier_id, out, settings=self.settings)
        return path

    def audit(self, action: str, **details: Any) -> None:
        audit = _optional("app.audit")
        if audit is None:
            log.info("audit %s %s", action, details)
            return
        audit.record(self.store, action, clerk=self.settings.station.clerk,
                     station=self.settings.station.station_id, **details)

    # -- outbox view ------------------------------------------------------------------------------------------
    def outbox_entries(self) -> list[Mapping[str, Any]]:
        outbox = _required("app.outbox", "hàng đợi gửi", "The outbox")
        return [e if isinstance(e, Mapping) else vars(e) for e in outbox.list_entries(self.store.db)]

    def outbox_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in self.outbox_entries():
            state = str(entry.get("state", ""))
            counts[state] = counts.get(state, 0) + 1
        return counts

    def outbox_retry(self, entry_id: int) -> None:
        _required("app.outbox", "hàng đợi gửi", "The outbox").retry(self.store.db, entry_id)

    def outbox_cancel(self, entry_id: int) -> None:
        _required("app.outbox", "hàng đợi gửi", "The outbox").cancel(self.store.db, entry_id)

    def start_sync(self, on_status: Callable[[dict[str, Any]], None]) -> Any:
        """The outbox's sync worker (its own thread); ``on_status`` gets {online, queued, sent, needs_attention}."""
        outbox = _required("app.outbox", "hàng đợi gửi", "The outbox")
        worker = outbox.SyncWorker(self.settings, self.store, on_status=on_status)
        worker.start()
        return worker
