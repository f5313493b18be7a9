"""The procedure catalog (danh mục thủ tục hành chính): procedures with their components, validated on the way in and
kept in the station's database so the counter works offline. Files are read by :mod:`app.catalog_io`; the
destination system feeds :meth:`Catalog.refresh` through a :class:`CatalogSource` adapter."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any, Protocol

from app import audit
from app.dossiers import EXEMPT_REASONS
from app.errors import BadInputError, NotFoundError
from app.storage import Store, now_iso
from app.vietnamese import fold, fold_key

NATIONAL_CODE = re.compile(r"\d\.\d{6}")
LOCAL_CODE = re.compile(r"\d\.\d{6}\.000\.00\.00\.H\d{2}")
COMPONENT_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._/-]{0,49}")
EXEMPT_FLAGS: tuple[str, ...] = tuple(EXEMPT_REASONS)
MAX_PROBLEMS_SHOWN = 25


class DigitizeClass(IntEnum):
    """Why a component must be digitized (TT 01/2023): the three classes the station reports on."""

    EARLIER_RESULT = 1  # kết quả giải quyết thủ tục hành chính trước đó
    AGENCY_RESULT = 2  # kết quả xử lý của các cơ quan liên quan
    FINAL_RESULT = 3  # kết quả giải quyết thủ tục hành chính


DIGITIZE_CLASS_VI = {
    DigitizeClass.EARLIER_RESULT: "Kết quả giải quyết thủ tục hành chính trước đó",
    DigitizeClass.AGENCY_RESULT: "Kết quả xử lý của cơ quan liên quan",
    DigitizeClass.FINAL_RESULT: "Kết quả giải quyết thủ tục hành chính",
}


class CatalogError(BadInputError):
    message_vi = "Tệp danh mục thủ tục không hợp lệ; chưa nhập thủ tục nào."
    message_en = "The procedure catalog is invalid; nothing was imported."

    def __init__(self, problems: Sequence[str], source: str = "") -> None:
        self.problems = list(problems)
        super().__init__(f"{source}: {len(self.problems)} lỗi" if source else f"{len(self.problems)} lỗi")

    def user_message(self, lang: str = "vi") -> str:
        lines = [super().user_message(lang)]
        lines += [f"  - {p}" for p in self.problems[:MAX_PROBLEMS_SHOWN]]
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"  … và {len(self.problems) - MAX_PROBLEMS_SHOWN} lỗi khác")
        return "\n".join(lines)


def procedure_code_problem(code: str) -> str | None:
    """Why ``code`` is not a procedure code (national ``N.NNNNNN`` or local ``N.NNNNNN.000.00.00.Hxx``), or None."""
    if NATIONAL_CODE.fullmatch(code) or LOCAL_CODE.fullmatch(code):
        return None
    return (f"mã thủ tục '{code}' không đúng dạng N.NNNNNN (mã quốc gia, ví dụ 1.000948) "
            f"hoặc N.NNNNNN.000.00.00.Hxx (mã địa phương, ví dụ 1.000948.000.00.00.H22)")


def check_procedure_code(code: str) -> str:
    code = code.strip()
    problem = procedure_code_problem(code)
    if problem:
        raise BadInputError(code, message_vi=f"Mã thủ tục không hợp lệ: {problem}.",
                            message_en="Invalid procedure code (expected N.NNNNNN or N.NNNNNN.000.00.00.Hxx).")
    return code


@dataclass(frozen=True)
class CatalogComponent:
    code: str
    name: str
    copies: int = 1
    digitize_class: DigitizeClass | None = None
    exempt: tuple[str, ...] = ()
    expected_pages: int | None = None

    @property
    def must_digitize(self) -> bool:
        """Exempt papers are never scanned, whatever their class."""
        return self.digitize_class is not None and not self.exempt

    @property
    def exempt_reason(self) -> str | None:
        return self.exempt[0] if self.exempt else None

    @property
    def category(self) -> str:
        """The must-digitize class as stored on a dossier's component ("1", "2", "3" or "")."""
        return str(int(self.digitize_class)) if self.digitize_class else ""


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    field: str
    processing_days: int
    fee: int = 0
    fee_note: str = ""
    components: tuple[CatalogComponent, ...] = ()

    @property
    def national_code(self) -> str:
        return self.code[:8]

    @property
    def is_local(self) -> bool:
        return self.code != self.national_code

    def component(self, code: str) -> CatalogComponent | None:
        return next((c for c in self.components if c.code == code), None)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["components"] = [
            {**asdict(c), "digitize_class": int(c.digitize_class) if c.digitize_class else None,
             "exempt": list(c.exempt)} for c in self.components
        ]
        return data


class CatalogSource(Protocol):
    """Where a fresher catalog comes from (the destination system's adapter, built with the outbox)."""

    name: str

    def fetch_procedures(self) -> Sequence[Procedure]:
        """The agency's whole catalog; raise a :class:`app.errors.SohoaError` when it cannot be fetched."""
        ...


@dataclass(frozen=True)
class ImportSummary:
    procedures: int
    components: int
    mode: str
    source: str


def validate_catalog(procedures: Sequence[Procedure], problems: list[str]) -> None:
    """Checks across procedures: a non-empty catalog, codes unique, component codes unique within a procedure."""
    if not procedures and not problems:
        problems.append("tệp không có thủ tục nào")
    seen: set[str] = set()
    for proc in procedures:
        if proc.code in seen:
            problems.append(f"mã thủ tục {proc.code} xuất hiện nhiều lần")
        seen.add(proc.code)
        codes = [c.code for c in proc.components]
        for dup in sorted({c for c in codes if codes.count(c) > 1}):
            problems.append(f"thủ tục {proc.code}: mã thành phần {dup} xuất hiện nhiều lần")


_ROW_FIELDS = ("code", "name", "field", "processing_days", "fee", "fee_note")


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
                db.execute("delete from procedures")
            else:
                for proc in procedures:
                    db.execute("delete from procedure_components where procedure_code = ?", [proc.code])
                    db.execute("delete from procedures where code = ?", [proc.code])
            db.table("procedures").insert_all(
                {**{f: getattr(p, f) for f in _ROW_FIELDS}, "national_code": p.national_code,
                 "name_folded": fold(p.name), "source": source, "imported_at": at} for p in procedures)
            db.table("procedure_components").insert_all(
                {"procedure_code": p.code, "position": i, "code": c.code, "name": c.name, "copies": c.copies,
                 "digitize_class": int(c.digitize_class) if c.digitize_class else None,
                 "expected_pages": c.expected_pages, **{f"exempt_{f}": int(f in c.exempt) for f in EXEMPT_FLAGS}}
                for p in procedures for i, c in enumerate(p.components, start=1))
            summary = ImportSummary(len(procedures), sum(len(p.components) for p in procedures), mode, source)
            db.table("catalog_imports").insert({"at": at, "source": source, "sha256": sha256, "mode": mode,
                                                "procedures": summary.procedures, "components": summary.components})
            audit.record(db, audit.Action.CATALOG_IMPORTED, clerk=self.clerk, station=self.station,
                         details={"source": source, "sha256": sha256, "mode": mode,
                                  "procedures": summary.procedures, "components": summary.components})
        return summary

    def import_file(self, path: Path, *, mode: str = "merge") -> ImportSummary:
        from app.catalog_io import read_catalog

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
                exempt=tuple(f for f in EXEMPT_FLAGS if c[f"exempt_{f}"]), expected_pages=c["expected_pages"]))
        return [Procedure(code=r["code"], name=r["name"], field=r["field"] or "",
                          processing_days=r["processing_days"], fee=r["fee"], fee_note=r["fee_note"] or "",
                          components=tuple(comps[r["code"]])) for r in rows]

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
