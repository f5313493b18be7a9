"""The checks' findings as the counter keeps them: stored per component, blocking ones first, each resolved by the
clerk (rescanned, accepted with a reason, blank removed). A component with an open blocking finding cannot be
built, signed or finished."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.checks.findings import MISSING_PAGE
from app.core.errors import ExitCode, SohoaError
from app.core.storage import Store, now_iso

BLOCK = "block"
WARN = "warn"
RESOLUTIONS = ("accepted", "rescanned", "removed", "fixed")
MIN_REASON = 5


class BlockingFindingsOpen(SohoaError):
    exit_code = ExitCode.BLOCKED
    message_vi = ("Còn lỗi nghiêm trọng chưa xử lý: quét lại, xóa trang trắng hoặc chấp nhận có lý do "
                  "trước khi tiếp tục.")
    message_en = "Blocking findings are still open: rescan, remove the blank or accept with a reason first."


class ReasonRequired(SohoaError):
    exit_code = ExitCode.BAD_INPUT
    message_vi = "Cần ghi lý do chấp nhận (ít nhất 5 ký tự)."
    message_en = "A reason for accepting is required (at least 5 characters)."


@dataclass
class FindingView:
    id: int
    component_id: int
    page_id: int | None
    code: str
    severity: str
    value: str
    message_vi: str
    message_en: str
    resolution: str
    reason: str

    @property
    def blocking(self) -> bool:
        return self.severity == BLOCK

    @property
    def open(self) -> bool:
        return self.resolution == "open"

    @property
    def gap_after(self) -> bool:
        """A page is missing after the page this finding names, a good page: the way out is to insert the missing
        sheet after it (scanned or from a file), never to remove or rescan the page."""
        return self.code == MISSING_PAGE

    def message(self, lang: str = "vi") -> str:
        return self.message_vi if lang == "vi" or not self.message_en else self.message_en

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> FindingView:
        return cls(row["id"], row["component_id"], row["page_id"], row["code"], row["severity"],
                   row["value"] or "", row["message_vi"] or "", row["message_en"] or "",
                   row["resolution"] or "open", row["reason"] or "")


class Findings:
    def __init__(self, store: Store) -> None:
        self.store = store

    def replace_open(self, component_id: int, found: Iterable[Mapping[str, Any]]) -> list[FindingView]:
        """Store a new run's findings: open ones from earlier runs go; a finding the clerk already accepted on the
        same page with the same code stays accepted. Each item: code, severity, page_id, value, message_vi/en."""
        with self.store.atomic() as db:
            table = db.table("findings")
            accepted = {(r["code"], r["page_id"]) for r in table.rows_where(
                "component_id = ? and resolution = 'accepted'", [component_id])}
            db.execute("delete from findings where component_id = ? and resolution = 'open'", [component_id])
            for item in found:
                if (item["code"], item.get("page_id")) in accepted:
                    continue
                table.insert({
                    "component_id": component_id, "page_id": item.get("page_id"), "code": item["code"],
                    "severity": item.get("severity", WARN), "value": str(item.get("value", "") or ""),
                    "message_vi": item.get("message_vi", ""), "message_en": item.get("message_en", ""),
                    "resolution": "open", "reason": "", "created_at": now_iso(),
                })
        return self.for_component(component_id)

    def for_component(self, component_id: int, *, open_only: bool = False) -> list[FindingView]:
        """Blocking first, then warnings; open before resolved; then in page order."""
        extra = " and f.resolution = 'open'" if open_only else ""
        rows = self.store.db.query(
            "select f.* from findings f left join pages p on p.id = f.page_id "
            f"where f.component_id = ?{extra} "
            "order by f.severity != 'block', f.resolution != 'open', coalesce(p.position, 0), f.id",
            [component_id])
        return [FindingView.from_row(row) for row in rows]

    def get(self, finding_id: int) -> FindingView:
        return FindingView.from_row(self.store.db.table("findings").get(finding_id))

    def open_blocking(self, component_id: int) -> list[FindingView]:
        return [f for f in self.for_component(component_id, open_only=True) if f.blocking]

    def require_none_blocking(self, component_id: int) -> None:
        still = self.open_blocking(component_id)
        if still:
            raise BlockingFindingsOpen(", ".join(sorted({f.code for f in still})))

    def resolve(self, finding_id: int, resolution: str, reason: str = "") -> FindingView:
        if resolution not in RESOLUTIONS:
            raise ValueError(resolution)
        if resolution == "accepted" and len(reason.strip()) < MIN_REASON:
            raise ReasonRequired()
        with self.store.atomic() as db:
            db.table("findings").update(finding_id, {"resolution": resolution, "reason": reason.strip()})
        return self.get(finding_id)

    def resolve_page(self, page_id: int, resolution: str) -> None:
        """A page was rescanned or removed: its open findings are settled by that."""
        with self.store.atomic() as db:
            db.execute("update findings set resolution = ? where page_id = ? and resolution = 'open'",
                       [resolution, page_id])

    def reopen_page(self, page_id: int, resolution: str) -> None:
        """Undo of a page operation: findings it had settled are open again."""
        with self.store.atomic() as db:
            db.execute("update findings set resolution = 'open' where page_id = ? and resolution = ?",
                       [page_id, resolution])
