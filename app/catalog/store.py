"""The catalog in the station's database, so the counter works offline: imports are one transaction each, from a
file (:mod:`app.catalog.files`) or from the destination system through a :class:`CatalogSource` adapter."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.catalog.files import read_catalog
from app.catalog.model import (
    EXEMPT_FLAGS,
    CatalogComponent,
    CatalogError,
    CatalogSource,
    DigitizeClass,
    ImportSummary,
    Procedure,
    ProcedureResult,
    validate_catalog,
)
from app.core import audit
from app.core.errors import BadInputError, NotFoundError
from app.core.storage import Store, now_iso
from app.core.vietnamese import fold, fold_key

_ROW_FIELDS = ("code", "name", "field", "processing_days", "fee", "fee_note", "scan_verification")


class Catalog:
    """The catalog in the station's database. Every import is one transaction: all of a file or nothing."""

    def __init__(self, store: Store, *, clerk: str = "", station: str = "") -> None:
        self.store = store
        self.clerk = clerk
        self.station = station

    def import_procedures(self, procedures: Sequence[Procedure], *, source: str, mode: str = "merge",
                          sha256: str = "") -> ImportSummary:
        """``merge`` replaces the given procedures and keeps the others; ``replace`` makes them the whole catalog."""
        if mode not in ("merge", "replace"):
            raise BadInputError(f"mode {mode!r}")
        problems: list[str] = []
        validate_catalog(procedures, problems)
        if problems:
            raise CatalogError(problems, source)
        at = now_iso()
        with self.store.atomic() as db:
            if mode == "replace":
                db.execute("delete from procedure_components")
                db.execute("delete from procedure_results")
                db.execute("delete from procedures")
            else:
                for proc in procedures:
                    db.execute("delete from procedure_components where procedure_code = ?", [proc.code])
                    db.execute("delete from procedure_results where procedure_code = ?", [proc.code])
                    db.execute("delete from procedures where code = ?", [proc.code])
            db.table("procedures").insert_all(
                {**{f: getattr(p, f) for f in _ROW_FIELDS}, "national_code": p.national_code,
                 "name_folded": fold(p.name), "source": source, "imported_at": at} for p in procedures)
            db.table("procedure_components").insert_all(
                {"procedure_code": p.code, "position": i, "code": c.code, "name": c.name, "copies": c.copies,
                 "digitize_class": int(c.digitize_class) if c.digitize_class else None,
                 "expected_pages": c.expected_pages, "id_card": int(c.id_card),
                 **{f"exempt_{f}": int(f in c.exempt) for f in EXEMPT_FLAGS}}
                for p in procedures for i, c in enumerate(p.components, start=1))
            db.table("procedure_results").insert_all(
                {"procedure_code": p.code, "position": i, "code": r.code, "name": r.name}
                for p in procedures for i, r in enumerate(p.results, start=1))
            summary = ImportSummary(len(procedures), sum(len(p.components) for p in procedures), mode, source)
            db.table("catalog_imports").insert({"at": at, "source": source, "sha256": sha256, "mode": mode,
                                                "procedures": summary.procedures, "components": summary.components})
            audit.record(db, audit.Action.CATALOG_IMPORTED, clerk=self.clerk, station=self.station,
                         details={"source": source, "sha256": sha256, "mode": mode,
                                  "procedures": summary.procedures, "components": summary.components})
        return summary

    def import_file(self, path: Path, *, mode: str = "merge") -> ImportSummary:
        procedures, sha256 = read_catalog(path)
        return self.import_procedures(procedures, source=path.name, mode=mode, sha256=sha256)

    def refresh(self, source: CatalogSource) -> ImportSummary:
        """Take the destination's catalog as the whole local catalog (validated like a file)."""
        return self.import_procedures(list(source.fetch_procedures()), source=source.name, mode="replace")

    # -- reading ------------------------------------------------------------------------------------------------
    def _load(self, rows: list[dict[str, Any]]) -> list[Procedure]:
        if not rows:
            return []
        codes = [r["code"] for r in rows]
        marks = ",".join("?" * len(codes))
        comps: dict[str, list[CatalogComponent]] = {c: [] for c in codes}
        for c in self.store.db.query(f"select * from procedure_components where procedure_code in ({marks}) "
                                     "order by procedure_code, position", codes):
            comps[c["procedure_code"]].append(CatalogComponent(
                code=c["code"], name=c["name"], copies=c["copies"],
                digitize_class=DigitizeClass(c["digitize_class"]) if c["digitize_class"] else None,
                exempt=tuple(f for f in EXEMPT_FLAGS if c[f"exempt_{f}"]), expected_pages=c["expected_pages"],
                id_card=bool(c["id_card"])))
        results: dict[str, list[ProcedureResult]] = {c: [] for c in codes}
        for r in self.store.db.query(f"select * from procedure_results where procedure_code in ({marks}) "
                                     "order by procedure_code, position", codes):
            results[r["procedure_code"]].append(ProcedureResult(r["code"], r["name"]))
        return [Procedure(code=r["code"], name=r["name"], field=r["field"] or "",
                          processing_days=r["processing_days"], fee=r["fee"], fee_note=r["fee_note"] or "",
                          components=tuple(comps[r["code"]]), results=tuple(results[r["code"]]),
                          scan_verification=bool(r.get("scan_verification", 1))) for r in rows]

    def procedures(self) -> list[Procedure]:
        return self._load(list(self.store.db.query("select * from procedures order by code")))

    def count(self) -> int:
        return int(self.store.db.execute("select count(*) from procedures").fetchone()[0])

    def find(self, code: str) -> Procedure | None:
        found = self._load(list(self.store.db.query("select * from procedures where code = ?", [code.strip()])))
        return found[0] if found else None

    def get(self, code: str) -> Procedure:
        proc = self.find(code)
        if proc is None:
            raise NotFoundError(code, message_vi=f"Không có thủ tục {code} trong danh mục của trạm.",
                                message_en=f"Procedure {code} is not in the station's catalog.")
        return proc

    def search(self, query: str, limit: int = 20) -> list[Procedure]:
        """Type-ahead by code or name, accent-insensitive ("ho chieu" finds "hộ chiếu"); best matches first."""
        folded = fold(query)
        tokens = fold_key(query).split()
        if not folded:
            return []
        ranked: list[tuple[int, str, int, str, str]] = []
        for row in self.store.db.query("select code, name, name_folded from procedures"):
            name, code = row["name_folded"], row["code"].lower()
            words = name.split()
            if code.startswith(folded):
                rank = 0
            elif folded in code:
                rank = 1
            elif name.startswith(folded):
                rank = 2
            elif tokens and all(any(w.startswith(t) for w in words) for t in tokens):
                rank = 3
            elif tokens and all(t in name for t in tokens):
                rank = 4
            else:
                continue
            ranked.append((rank, row["code"] if rank < 2 else "", name.find(tokens[0]) if tokens else 0, name,
                           row["code"]))
        ranked.sort()
        codes = [r[-1] for r in ranked[:limit]]
        found = {p.code: p for p in self._load(
            list(self.store.db.query(f"select * from procedures where code in ({','.join('?' * len(codes))})",
                                     codes)))} if codes else {}
        return [found[c] for c in codes]


def search(store: Store, text: str, limit: int = 20) -> list[Procedure]:
    """Type-ahead for the GUI (see :meth:`Catalog.search`)."""
    return Catalog(store).search(text, limit)


def get(store: Store, code: str) -> Procedure | None:
    return Catalog(store).find(code)
