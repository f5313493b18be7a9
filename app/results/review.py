"""The review of a backlog batch: each document's record, pre-read by OCR, is confirmed or corrected by the clerk.
A confirmed record keeps what OCR read beside what the clerk set, and which fields were corrected (for the report);
it is then ready for the citizen's data store. Headless: the CLI (and later the window) drive it."""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.core.errors import BadInputError
from app.core.files import atomic_write_bytes
from app.core.storage import now_iso
from app.dossiers.codes import RESULT_CODE_SHAPE
from app.results.model import FIELDS, ResultMeta, corrected, meta_from_input

TO_REVIEW, CONFIRMED = "to_review", "confirmed"
BATCH = "batch.json"  # the batch's settings and state (app.results.backlog writes it too)
OWNER_ID = re.compile(r"\d{12}|\d{9}")  # a 12-digit personal ID, or a 9-digit old one


class ReviewQueue:
    def __init__(self, folder: Path) -> None:
        self.docs = folder / "documents"
        if not self.docs.is_dir():
            raise BadInputError(str(folder), message_vi=f"{folder} không phải thư mục của một lô số hóa kết quả.",
                                message_en=f"{folder} is not a results batch folder.")

    def records(self) -> list[tuple[int, dict[str, Any]]]:
        return [(int(p.stem), json.loads(p.read_text(encoding="utf-8")))
                for p in sorted(self.docs.glob("[0-9][0-9][0-9].json"))]

    def pending(self) -> list[tuple[int, dict[str, Any]]]:
        return [(n, r) for n, r in self.records() if r.get("state") != CONFIRMED]

    def _path(self, n: int) -> Path:
        path = self.docs / f"{n:03d}.json"
        if not path.is_file():
            raise BadInputError(str(n), message_vi=f"Lô không có tài liệu số {n}.",
                                message_en=f"The batch has no document {n}.")
        return path

    def batch_id(self) -> str:
        """The batch's own id (in ``batch.json``), made once: it names its records wherever the folder moves."""
        path = self.docs.parent / BATCH
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        if not data.get("batch_id"):
            data["batch_id"] = uuid.uuid4().hex[:12]
            atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
        return str(data["batch_id"])

    def prepare(self, n: int, changes: dict[str, str | None], *, result_type: str = "", vinh_vien: bool = False,
                owner_id: str | None = None) -> dict[str, Any]:
        """Document ``n``'s record as confirming it with the clerk's ``changes`` (field -> text; None keeps what
        was read) would write it; nothing is written."""
        record: dict[str, Any] = json.loads(self._path(n).read_text(encoding="utf-8"))
        read_raw = record.get("ocr") or record.get("metadata") or {}
        text = {k: str(read_raw.get(k) or "") for k in FIELDS}
        read = ResultMeta(text["so_ky_hieu"], text["ngay_ban_hanh"], text["co_quan"], text["nguoi_ky"],
                          text["trich_yeu"])
        typed = meta_from_input(so_ky_hieu=changes.get("so_ky_hieu"), ngay=changes.get("ngay_ban_hanh"),
                                co_quan=changes.get("co_quan"), nguoi_ky=changes.get("nguoi_ky"),
                                trich_yeu=changes.get("trich_yeu"), hieu_luc_den=changes.get("hieu_luc_den"),
                                vinh_vien=vinh_vien)
        final = replace(typed.merged(read), hieu_luc_den=typed.hieu_luc_den, vinh_vien=vinh_vien)
        kind = result_type.strip() or str((record.get("separator") or {}).get("result_type") or "")
        if kind and not RESULT_CODE_SHAPE.fullmatch(kind):
            raise BadInputError(kind, message_vi=f"Mã kết quả {kind} không đúng dạng (ví dụ KQ.G15.000034).",
                                message_en=f"Result code {kind} is not shaped like KQ.G15.000034.")
        owner = (record.get("owner_id") or "") if owner_id is None else owner_id.strip()
        if owner and not OWNER_ID.fullmatch(owner):
            raise BadInputError(owner, message_vi=f"Số định danh chủ sở hữu {owner} phải có 12 (hoặc 9) chữ số.",
                                message_en=f"The owner's ID number {owner} must have 12 (or 9) digits.")
        dossier = str((record.get("separator") or {}).get("dossier") or "")
        record.update({"ocr": read.as_dict(), "metadata": final.as_dict(), "result_type": kind or None,
                       "owner_id": owner, "dossier_code": dossier, "corrected": corrected(read, final),
                       "state": CONFIRMED, "confirmed_at": now_iso()})
        return record

    def write(self, n: int, record: dict[str, Any]) -> None:
        atomic_write_bytes(self._path(n), json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))

    def confirm(self, n: int, changes: dict[str, str | None], *, result_type: str = "",
                vinh_vien: bool = False, owner_id: str | None = None) -> dict[str, Any]:
        """Confirm document ``n`` with the clerk's ``changes`` (field -> text; None keeps what was read)."""
        record = self.prepare(n, changes, result_type=result_type, vinh_vien=vinh_vien, owner_id=owner_id)
        self.write(n, record)
        return record

    def summary(self) -> dict[str, Any]:
        """How far the review is, and which fields clerks corrected (of the confirmed records)."""
        records = [r for _, r in self.records()]
        done = [r for r in records if r.get("state") == CONFIRMED]
        fixed: Counter[str] = Counter(f for r in done for f in r.get("corrected") or [])
        return {"documents": len(records), "confirmed": len(done), "to_review": len(records) - len(done),
                "corrected": {f: fixed[f] for f in FIELDS}, "fields_confirmed": len(done) * len(FIELDS)}
