"""Page operations at the counter (rotate, delete, move, rescan, insert) kept as an operation log, so the clerk
can undo them one by one. Nothing is destroyed: a rotated or rescanned page is a new image, the old one is kept
on disk with its row marked, and undo puts it back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from PIL import Image

from app.core.errors import BadInputError
from app.core.storage import now_iso
from app.dossiers.model import PageRecord
from app.dossiers.store import DossierStore

ROTATIONS = (90, 180, 270)


class NothingToUndo(BadInputError):
    message_vi = "Không còn thao tác nào để hoàn tác."
    message_en = "Nothing left to undo."


@dataclass
class PageOp:
    id: int
    component_id: int
    op: str
    payload: dict[str, Any]


class PageOps:
    """Every change to a component's pages goes through here and is logged in ``page_ops``."""

    def __init__(self, dossiers: DossierStore) -> None:
        self.dossiers = dossiers
        self.store = dossiers.store

    # -- operations -------------------------------------------------------------------------------------------
    def rotate(self, page_id: int, degrees: int) -> PageRecord:
        """Turn a page clockwise by 90, 180 or 270 degrees (a new image; the old one is kept for undo)."""
        degrees %= 360
        if degrees not in ROTATIONS:
            raise BadInputError(f"rotation {degrees}", message_vi="Chỉ xoay được 90, 180 hoặc 270 độ.",
                                message_en="Pages rotate by 90, 180 or 270 degrees only.")
        old = self.page(page_id)
        with Image.open(self.dossiers.page_path(old)) as img:
            img.load()
            turned = img.rotate(-degrees, expand=True)
        new = self.dossiers.replace_page(page_id, turned, old.dpi)
        self._mark_new(new.id, "rotate", {"action": "rotate", "degrees": degrees, "by": "clerk"})
        self._log(old.component_id, "rotate", {"old": old.id, "new": new.id, "degrees": degrees})
        return self.page(new.id)

    def delete(self, page_id: int, reason: str = "") -> None:
        page = self.page(page_id)
        index = self.index_of(page)
        self.dossiers.remove_page(page_id)
        self._log(page.component_id, "delete", {"page": page_id, "index": index, "reason": reason})

    def move(self, page_id: int, new_index: int) -> None:
        """Put a page at ``new_index`` (0-based) among the kept pages."""
        page = self.page(page_id)
        old_index = self.index_of(page)
        if old_index == new_index:
            return
        self.dossiers.move_page(page_id, new_index)
        self._log(page.component_id, "move", {"page": page_id, "from": old_index, "to": new_index})

    def replace(self, page_id: int, image: Image.Image, dpi: int, source: str = "rescan") -> PageRecord:
        """A rescanned (or imported) image takes one page's place."""
        old = self.page(page_id)
        new = self.dossiers.replace_page(page_id, image, dpi)
        self._mark_new(new.id, source, None)
        self._log(old.component_id, "replace", {"old": old.id, "new": new.id})
        return self.page(new.id)

    def log_added(self, component_id: int, page_ids: list[int], insert_at: int | None = None) -> None:
        """Record pages a scan added (appended, or inserted at ``insert_at``) so the whole batch can be undone."""
        if not page_ids:
            return
        if insert_at is not None:
            for offset, pid in enumerate(page_ids):
                self.dossiers.move_page(pid, insert_at + offset)
        self._log(component_id, "insert" if insert_at is not None else "scan", {"pages": page_ids, "at": insert_at})

    # -- undo -------------------------------------------------------------------------------------------------
    def history(self, component_id: int) -> list[PageOp]:
        rows = self.store.db.table("page_ops").rows_where(
            "component_id = ? and undone_at is null", [component_id], order_by="id")
        return [PageOp(r["id"], r["component_id"], r["op"], json.loads(r["payload"])) for r in rows]

    def can_undo(self, component_id: int) -> bool:
        return bool(self.history(component_id))

    def undo(self, component_id: int) -> PageOp:
        """Reverse the component's latest operation not yet undone."""
        ops = self.history(component_id)
        if not ops:
            raise NothingToUndo()
        op = ops[-1]
        p = op.payload
        with self.store.atomic() as db:
            pages = db.table("pages")
            if op.op in ("rotate", "replace"):
                pages.update(p["new"], {"status": "undone"})
                pages.update(p["old"], {"status": "kept"})
            elif op.op == "delete":
                pages.update(p["page"], {"status": "kept"})
            elif op.op in ("scan", "insert"):
                for pid in p["pages"]:
                    pages.update(pid, {"status": "undone"})
            db.table("page_ops").update(op.id, {"undone_at": now_iso()})
        if op.op == "delete":
            self.dossiers.move_page(p["page"], p["index"])
        elif op.op == "move":
            self.dossiers.move_page(p["page"], p["from"])
        self._renumber(component_id)
        return op

    # -- helpers ----------------------------------------------------------------------------------------------
    def page(self, page_id: int) -> PageRecord:
        return PageRecord.from_row(self.store.db.table("pages").get(page_id))

    def index_of(self, page: PageRecord) -> int:
        ids = [p.id for p in self.dossiers.pages(page.component_id)]
        return ids.index(page.id)

    def _renumber(self, component_id: int) -> None:
        with self.store.atomic() as db:
            for index, page in enumerate(self.dossiers.pages(component_id), start=1):
                db.table("pages").update(page.id, {"position": float(index)})

    def _mark_new(self, page_id: int, source: str, action: dict[str, Any] | None) -> None:
        with self.store.atomic() as db:
            db.table("pages").update(page_id, {"source": source})
        if action is not None:
            self.dossiers.record_action(page_id, action)

    def _log(self, component_id: int, op: str, payload: dict[str, Any]) -> None:
        with self.store.atomic() as db:
            db.table("page_ops").insert({"component_id": component_id, "op": op,
                                         "payload": json.dumps(payload), "created_at": now_iso()})
