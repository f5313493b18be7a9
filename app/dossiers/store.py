"""Dossiers (hồ sơ), their components (thành phần hồ sơ) and pages, as stored at the station.

Every state change is one transaction; a page's image file is written durably before its row, so a crash never
leaves a row without its file, and :meth:`DossierStore.recover` adopts files whose row was not yet written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image

from app.catalog.model import EXEMPT_REASONS
from app.core import audit
from app.core.errors import BadInputError, NotFoundError
from app.core.files import clean_partial_files, sha256_file, write_page_image
from app.core.storage import Store, now_iso
from app.dossiers.lifecycle import ComponentStatus, DossierStatus, component_move, dossier_move
from app.dossiers.model import NewDossier, PageRecord

if TYPE_CHECKING:  # the window's panels import this module before the first paint; sqlite-utils loads NumPy
    from sqlite_utils import Database


class ExemptComponentError(BadInputError):
    message_vi = "Thành phần này thuộc diện không số hóa (miễn quét); không thể quét."
    message_en = "This component is exempt from digitization and cannot be scanned."


class DossierStore:
    def __init__(self, store: Store, clerk: str = "", station: str = "") -> None:
        self.store = store
        self.clerk = clerk
        self.station = station

    # -- dossiers -------------------------------------------------------------------------------------------
    def create(self, code: str, new: NewDossier) -> int:
        with self.store.atomic() as db:
            table = db.table("dossiers")
            table.insert({
                "code": code, "procedure_code": new.procedure_code, "procedure_name": new.procedure_name,
                "applicant_name": new.applicant_name, "applicant_id": new.applicant_id,
                "applicant_phone": new.applicant_phone, "applicant_address": new.applicant_address,
                "applicant_email": new.applicant_email, "appointment_at": new.appointment_at,
                "applicant_dob": new.applicant_dob, "applicant_sex": new.applicant_sex,
                "status": DossierStatus.DRAFT, "clerk": self.clerk, "station": self.station, "created_at": now_iso(),
            })
            dossier_id = int(table.last_pk)  # type: ignore[arg-type]
            self._audit(db, audit.Action.DOSSIER_CREATED, code,
                        {"dossier_id": dossier_id, "procedure_code": new.procedure_code})
            return dossier_id

    def _audit(self, db: Database, action: audit.Action, dossier_code: str | None, details: dict[str, Any]) -> None:
        audit.record(db, action, clerk=self.clerk, station=self.station, dossier_code=dossier_code, details=details)

    def _page_audit(self, db: Database, action: audit.Action, page_id: int, **details: Any) -> None:
        row = db.execute("select p.component_id, p.seq, p.sha256, d.code from pages p join components c on "
                         "c.id = p.component_id join dossiers d on d.id = c.dossier_id where p.id = ?",
                         [page_id]).fetchone()
        self._audit(db, action, row[3], {"page_id": page_id, "component_id": row[0], "seq": row[1],
                                         "sha256": row[2], **details})

    def get(self, dossier_id: int) -> dict[str, Any]:
        rows = list(self.store.db.table("dossiers").rows_where("id = ?", [dossier_id]))
        if not rows:
            raise NotFoundError(f"dossier {dossier_id}")
        return rows[0]

    def by_code(self, code: str) -> dict[str, Any]:
        rows = list(self.store.db.table("dossiers").rows_where("code = ?", [code]))
        if not rows:
            raise NotFoundError(code, message_vi=f"Không tìm thấy hồ sơ {code}.", message_en=f"No dossier {code}.")
        return rows[0]

    def set_status(self, dossier_id: int, status: DossierStatus, **extra: Any) -> None:
        """Move the dossier to ``status`` (refused when the lifecycle does not allow it) with ``extra`` columns."""
        with self.store.atomic() as db:
            current = db.table("dossiers").get(dossier_id)["status"]
            db.table("dossiers").update(dossier_id, {"status": dossier_move(current, status), **extra})

    # -- components -----------------------------------------------------------------------------------------
    def add_component(self, dossier_id: int, name: str, *, code: str = "", category: str = "",
                      declared_pages: int | None = None, must_digitize: bool = False,
                      exempt_reason: str | None = None, copies: int = 1) -> int:
        if exempt_reason is not None and exempt_reason not in EXEMPT_REASONS:
            raise BadInputError(f"exempt reason {exempt_reason!r}")
        with self.store.atomic() as db:
            position = db.execute(
                "select coalesce(max(position), 0) + 1 from components where dossier_id = ?", [dossier_id]
            ).fetchone()[0]
            table = db.table("components")
            table.insert({
                "dossier_id": dossier_id, "position": position, "code": code, "name": name, "category": category,
                "declared_pages": declared_pages, "must_digitize": int(must_digitize),
                "exempt_reason": exempt_reason, "copies": max(1, copies),
                "status": ComponentStatus.EXEMPT if exempt_reason else ComponentStatus.EMPTY,
                "created_at": now_iso(),
            })
            return int(table.last_pk)  # type: ignore[arg-type]

    def component(self, component_id: int) -> dict[str, Any]:
        rows = list(self.store.db.table("components").rows_where("id = ?", [component_id]))
        if not rows:
            raise NotFoundError(f"component {component_id}")
        return rows[0]

    def components(self, dossier_id: int) -> list[dict[str, Any]]:
        return list(self.store.db.table("components").rows_where("dossier_id = ?", [dossier_id], order_by="position"))

    def update_component(self, component_id: int, **values: Any) -> None:
        """Change a component's columns; a new ``status`` must be a move its lifecycle allows."""
        with self.store.atomic() as db:
            if "status" in values:
                current = db.table("components").get(component_id)["status"]
                values["status"] = component_move(current, ComponentStatus(values["status"]))
            db.table("components").update(component_id, values)

    def page_dir(self, component_id: int) -> Path:
        comp = self.component(component_id)
        return self.store.path(f"dossiers/{comp['dossier_id']}/{component_id}/pages")

    def begin_scan(self, component_id: int) -> None:
        comp = self.component(component_id)
        if comp["exempt_reason"]:
            raise ExemptComponentError(comp["name"])
        self.update_component(component_id, status=ComponentStatus.SCANNING)

    def end_scan(self, component_id: int) -> None:
        has_pages = bool(self.pages(component_id))
        self.update_component(component_id, status=ComponentStatus.SCANNED if has_pages else ComponentStatus.EMPTY)

    # -- pages ----------------------------------------------------------------------------------------------
    def add_page(self, component_id: int, image: Image.Image, dpi: int, *, side: str = "front",
                 source: str = "") -> PageRecord:
        """Store one scanned page: the file durably first, then its row, in one transaction."""
        folder = self.page_dir(component_id)
        seq = self._next_seq(component_id)
        relative = f"dossiers/{folder.parent.parent.name}/{component_id}/pages/{seq:04d}.png"
        sha, size = write_page_image(self.store.path(relative), image, dpi)
        return self._insert_page(component_id, seq, relative, sha, size, dpi, image.size, image.mode, side, source)

    def _next_seq(self, component_id: int) -> int:
        row = self.store.db.execute("select coalesce(max(seq), 0) from pages where component_id = ?",
                                    [component_id]).fetchone()
        folder = self.page_dir(component_id)
        on_disk = max((int(p.stem) for p in folder.glob("[0-9]*.png") if p.stem.isdigit()), default=0)
        return max(int(row[0]), on_disk) + 1

    def _insert_page(self, component_id: int, seq: int, relative: str, sha: str, size: int, dpi: int,
                     dims: tuple[int, int], mode: str, side: str, source: str) -> PageRecord:
        with self.store.atomic() as db:
            position = db.execute(
                "select coalesce(max(position), 0) + 1 from pages where component_id = ? and status = 'kept'",
                [component_id],
            ).fetchone()[0]
            table = db.table("pages")
            table.insert({
                "component_id": component_id, "position": position, "seq": seq, "file": relative, "sha256": sha,
                "size": size, "dpi": dpi, "width": dims[0], "height": dims[1], "mode": mode, "side": side,
                "source": source, "status": "kept", "actions": "[]", "created_at": now_iso(),
            })
            row = next(db.table("pages").rows_where("id = ?", [table.last_pk]))
            self._page_audit(db, audit.Action.PAGE_SCANNED, row["id"], source=source)
        return PageRecord.from_row(row)

    def pages(self, component_id: int, include_removed: bool = False) -> list[PageRecord]:
        where = "component_id = ?" + ("" if include_removed else " and status = 'kept'")
        return [PageRecord.from_row(r) for r in
                self.store.db.table("pages").rows_where(where, [component_id], order_by="position")]

    def page_path(self, page: PageRecord) -> Path:
        return self.store.path(page.file)

    def remove_page(self, page_id: int) -> None:
        with self.store.atomic() as db:
            db.table("pages").update(page_id, {"status": "removed"})
            self._page_audit(db, audit.Action.PAGE_REMOVED, page_id)

    def restore_page(self, page_id: int) -> None:
        with self.store.atomic() as db:
            db.table("pages").update(page_id, {"status": "kept"})
            self._page_audit(db, audit.Action.PAGE_RESTORED, page_id)

    def move_page(self, page_id: int, new_index: int) -> None:
        """Put a page at ``new_index`` (0-based) among its component's kept pages."""
        with self.store.atomic() as db:
            comp_id = db.table("pages").get(page_id)["component_id"]
            ids = [r["id"] for r in db.table("pages").rows_where(
                "component_id = ? and status = 'kept'", [comp_id], order_by="position")]
            ids.remove(page_id)
            ids.insert(max(0, min(new_index, len(ids))), page_id)
            for index, pid in enumerate(ids, start=1):
                db.table("pages").update(pid, {"position": float(index)})

    def replace_page(self, page_id: int, image: Image.Image, dpi: int) -> PageRecord:
        """Rescan of one page: the new image takes the old one's place; the old stays on disk as removed."""
        old = PageRecord.from_row(self.store.db.table("pages").get(page_id))
        new = self.add_page(old.component_id, image, dpi, side=old.side, source="rescan")
        with self.store.atomic() as db:
            db.table("pages").update(new.id, {"position": old.position})
            db.table("pages").update(page_id, {"status": "replaced"})
            self._page_audit(db, audit.Action.PAGE_REPLACED, page_id, new_page_id=new.id, new_sha256=new.sha256)
        return PageRecord.from_row(self.store.db.table("pages").get(new.id))

    def record_action(self, page_id: int, action: dict[str, Any]) -> None:
        with self.store.atomic() as db:
            row = db.table("pages").get(page_id)
            actions = [*json.loads(row["actions"] or "[]"), action]
            db.table("pages").update(page_id, {"actions": json.dumps(actions, ensure_ascii=False)})

    # -- recovery -------------------------------------------------------------------------------------------
    def recover(self) -> list[dict[str, Any]]:
        """After a crash: drop half-written temp files, adopt complete page files that have no row, and mark
        interrupted scans. Returns the components that were interrupted, with their page counts."""
        clean_partial_files(self.store.path("dossiers"))
        interrupted = []
        for comp in self.store.db.table("components").rows_where("status = ?", [ComponentStatus.SCANNING]):
            known = {r["file"] for r in self.store.db.table("pages").rows_where("component_id = ?", [comp["id"]])}
            folder = self.page_dir(comp["id"])
            for file in sorted(folder.glob("[0-9]*.png")):
                relative = file.relative_to(self.store.data_dir).as_posix()
                if relative in known:
                    continue
                try:
                    with Image.open(file) as img:
                        img.load()
                        dpi = round(float(img.info.get("dpi", (300, 300))[0]))
                        dims, mode = img.size, img.mode
                except OSError:
                    file.unlink(missing_ok=True)  # cannot happen with atomic writes; never keep a broken page
                    continue
                self._insert_page(comp["id"], int(file.stem), relative, sha256_file(file), file.stat().st_size,
                                  dpi, dims, mode, "front", "recovered")
            self.update_component(comp["id"], status=ComponentStatus.INTERRUPTED)
            interrupted.append({**comp, "status": ComponentStatus.INTERRUPTED, "pages": len(self.pages(comp["id"]))})
        with self.store.atomic() as db:  # no scan survives a restart
            db.execute("update dossiers set status = ? where status = ?", [DossierStatus.DRAFT, DossierStatus.SCANNING])
        return interrupted
