"""A component reused instead of scanned: the reference of the electronic paper that replaces it, stored with
the component's move to ``reused`` in one transaction. A reference from the data store is verified; one the
citizen shows (offline, or the store had nothing) is unverified until the store confirms it (``settle``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any

from app.core import audit
from app.core.errors import BadInputError
from app.core.storage import now_iso
from app.dossiers.lifecycle import ComponentStatus, LifecycleError, can_reuse
from app.dossiers.store import DossierStore
from app.lookups.model import KhoPaper


class Verification(StrEnum):
    VERIFIED = "verified"  # the data store holds this paper, valid
    UNVERIFIED = "unverified"  # shown by the citizen; the store was not asked yet (offline)
    NOT_FOUND = "not_found"  # the store was asked and does not hold it: a clerk must look


class ReuseSource(StrEnum):
    KHO = "kho"  # chosen from the data store's answer
    CITIZEN = "citizen"  # a reference the citizen showed


@dataclass(frozen=True)
class ReuseRef:
    result_code: str  # MaKetQua, sent as MaKetQuaThayThe
    so_ky_hieu: str
    name: str = ""
    agency: str = ""
    issued: str = ""
    valid_until: str | None = None
    source: str = ReuseSource.KHO
    verification: str = Verification.VERIFIED
    file_name: str = ""
    file_url: str = ""

    @classmethod
    def from_paper(cls, paper: KhoPaper) -> ReuseRef:
        first = paper.files[0] if paper.files else None
        return cls(paper.result_code, paper.so_ky_hieu, paper.name, paper.agency, paper.issued, paper.valid_until,
                   file_name=first.name if first else "", file_url=first.url if first else "")

    @classmethod
    def shown(cls, result_code: str, so_ky_hieu: str, name: str = "") -> ReuseRef:
        """What the citizen shows: unverified until the data store confirms it."""
        if not (result_code.strip() or so_ky_hieu.strip()):
            raise BadInputError("reuse", message_vi="Cần mã kết quả hoặc số ký hiệu của giấy tờ tái sử dụng.",
                                message_en="A reused paper needs its result code or its number (số ký hiệu).")
        return cls(result_code.strip(), so_ky_hieu.strip(), name.strip(), source=ReuseSource.CITIZEN,
                   verification=Verification.UNVERIFIED)

    @property
    def from_data_store(self) -> bool:
        return self.verification == Verification.VERIFIED

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_reference(text: str) -> tuple[str, str]:
    """``"RESULT_CODE:SO_KY_HIEU"`` (either part may be empty, not both) to (result code, số ký hiệu)."""
    code, _, number = text.partition(":")
    if not (code.strip() or number.strip()):
        raise BadInputError(text, message_vi="Giấy tờ tái sử dụng phải có dạng \"MÃ_KẾT_QUẢ:SỐ_KÝ_HIỆU\".",
                            message_en='A reused paper must look like "RESULT_CODE:SO_KY_HIEU".')
    return code.strip(), number.strip()


_COLUMNS = ("result_code", "so_ky_hieu", "name", "agency", "issued", "valid_until", "source", "verification",
            "file_name", "file_url")


def _ref(row: dict[str, Any]) -> ReuseRef:
    return ReuseRef(**{k: row[k] or "" for k in _COLUMNS if k != "valid_until"}, valid_until=row["valid_until"])


class ReuseStore:
    def __init__(self, dossiers: DossierStore) -> None:
        self.dossiers = dossiers
        self.store = dossiers.store

    def mark(self, component_id: int, ref: ReuseRef) -> None:
        """The component is reused (nothing scanned for it): the move, the reference and the audit entry."""
        with self.store.atomic() as db:
            comp = self.dossiers.component(component_id)
            dossier = self.dossiers.get(comp["dossier_id"])
            verdict = can_reuse(comp, dossier)
            if not verdict:
                raise LifecycleError(verdict.reason, message_vi=verdict.message_vi, message_en=verdict.message_en)
            self.dossiers.update_component(component_id, status=ComponentStatus.REUSED)
            db.table("component_reuse").insert({"component_id": component_id, **{k: getattr(ref, k) for k in _COLUMNS},
                                                "created_at": now_iso(), "clerk": self.dossiers.clerk}, replace=True)
            self._audit(audit.Action.COMPONENT_REUSED, dossier["code"], component_id, ref)

    def undo(self, component_id: int) -> None:
        with self.store.atomic() as db:
            comp = self.dossiers.component(component_id)
            dossier = self.dossiers.get(comp["dossier_id"])
            if not can_reuse({**comp, "status": ComponentStatus.EMPTY}, dossier):
                raise LifecycleError("reuse undo", message_vi="Hồ sơ đã hoàn tất; không đổi được nữa.",
                                     message_en="The dossier is finished; this cannot change now.")
            self.dossiers.update_component(component_id, status=ComponentStatus.EMPTY)
            db.execute("delete from component_reuse where component_id = ?", [component_id])
            self._audit(audit.Action.REUSE_UNDONE, dossier["code"], component_id, None)

    def of(self, component_id: int) -> ReuseRef | None:
        rows = list(self.store.db.table("component_reuse").rows_where("component_id = ?", [component_id]))
        return _ref(rows[0]) if rows else None

    def of_dossier(self, dossier_id: int) -> dict[int, ReuseRef]:
        rows = self.store.db.query("select r.* from component_reuse r join components c on c.id = r.component_id "
                                   "where c.dossier_id = ?", [dossier_id])
        return {int(r["component_id"]): _ref(r) for r in rows}

    def pending(self) -> list[dict[str, Any]]:
        """Unverified references, with what the data store is asked with: the applicant and the procedure."""
        rows = self.store.db.query(
            "select r.component_id, c.dossier_id, d.code, d.applicant_id, d.applicant_name, d.procedure_code "
            "from component_reuse r join components c on c.id = r.component_id join dossiers d on d.id = "
            "c.dossier_id where r.verification = ? order by r.component_id", [Verification.UNVERIFIED.value])
        return [{**row, "ref": self.of(int(row["component_id"]))} for row in rows]

    def settle(self, component_id: int, found: KhoPaper | None) -> ReuseRef:
        """The data store's answer for an unverified reference: verified (its details completed from the store's
        paper) or not found. In the caller's transaction when there is one."""
        ref = self.of(component_id)
        if ref is None:
            raise BadInputError(f"component {component_id} is not reused")
        if found is not None:
            settled = replace(ReuseRef.from_paper(found), source=ref.source)
        else:
            settled = replace(ref, verification=Verification.NOT_FOUND)
        with self.store.atomic() as db:
            db.table("component_reuse").update(component_id, {**{k: getattr(settled, k) for k in _COLUMNS},
                                                              "checked_at": now_iso()})
            code = db.execute("select d.code from components c join dossiers d on d.id = c.dossier_id where "
                              "c.id = ?", [component_id]).fetchone()[0]
            self._audit(audit.Action.REUSE_VERIFIED, code, component_id, settled)
        return settled

    def _audit(self, action: audit.Action, code: str, component_id: int, ref: ReuseRef | None) -> None:
        audit.record(self.store, action, clerk=self.dossiers.clerk, station=self.dossiers.station, dossier_code=code,
                     details={"component_id": component_id, **({"reference": ref.as_dict()} if ref else {})})
