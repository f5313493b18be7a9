"""The procedure catalog (danh mục thủ tục hành chính): procedures with their components, validated on the way in and
validated the same way whether they come from a file (:mod:`app.catalog.files`) or from the destination system
(:mod:`app.catalog.store`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from enum import IntEnum
from typing import Any, Protocol

from app.core.errors import BadInputError

NATIONAL_CODE = re.compile(r"\d\.\d{6}")
LOCAL_CODE = re.compile(r"\d\.\d{6}\.000\.00\.00\.H\d{2}")
COMPONENT_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._/-]{0,49}")
# Why a component is not scanned (Decree 45/2020 and TT 01/2023): the catalog marks it, the counter records it.
EXEMPT_REASONS = {
    "online": ("Hồ sơ đã nộp trực tuyến", "Submitted online"),
    "show_only": ("Giấy tờ chỉ xuất trình", "Paper only shown"),
    "verification": ("Kết quả xác minh, ý kiến của cơ quan khác", "Verification or opinion of another agency"),
    "secret": ("Tài liệu mật", "Secret document"),
}
EXEMPT_FLAGS: tuple[str, ...] = tuple(EXEMPT_REASONS)
# A verification or opinion of another agency (a class-2 paper) that arrives on paper is digitized unless its
# procedure keeps the TT 03/2025 exemption (``Procedure.scan_verification``): a per-procedure setting, never a rule
# that blocks scanning (../shared/REGULATIONS.md). The other exemptions always block.
LIFTABLE_EXEMPTION = "verification"
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
    id_card: bool = False  # the copy of the applicant's ID card: "Quét CCCD" fills it with the card cut from the glass
    scan_verification: bool = True  # its procedure's setting (Procedure.scan_verification), copied in by it

    @property
    def blocking_exempt(self) -> tuple[str, ...]:
        """The exemptions that keep this paper from being scanned (``exempt`` is what the catalog marks)."""
        return tuple(f for f in self.exempt if not (f == LIFTABLE_EXEMPTION and self.scan_verification))

    @property
    def must_digitize(self) -> bool:
        """Exempt papers are never scanned, whatever their class."""
        return self.digitize_class is not None and not self.blocking_exempt

    @property
    def exempt_reason(self) -> str | None:
        return self.blocking_exempt[0] if self.blocking_exempt else None

    @property
    def category(self) -> str:
        """The must-digitize class as stored on a dossier's component ("1", "2", "3" or "")."""
        return str(int(self.digitize_class)) if self.digitize_class else ""


@dataclass(frozen=True)
class ProcedureResult:
    """A result type of the procedure in the national catalogue (KETQUATHUCHIEN): its code (``MaKetQua``, shaped
    like ``KQ.G15.000034``) and name."""

    code: str
    name: str


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    field: str
    processing_days: int
    fee: int = 0
    fee_note: str = ""
    components: tuple[CatalogComponent, ...] = ()
    results: tuple[ProcedureResult, ...] = ()
    scan_verification: bool = True  # a verification/opinion paper that arrives on paper is digitized (False: exempt)

    def __post_init__(self) -> None:
        if any(c.scan_verification != self.scan_verification for c in self.components):
            object.__setattr__(self, "components", tuple(replace(c, scan_verification=self.scan_verification)
                                                         for c in self.components))

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
            {**{k: v for k, v in asdict(c).items() if k != "scan_verification"},
             "digitize_class": int(c.digitize_class) if c.digitize_class else None,
             "exempt": list(c.exempt)} for c in self.components
        ]
        data["results"] = [asdict(r) for r in self.results]
        return data


class CatalogSource(Protocol):
    """Where a fresher catalog comes from (the destination system's adapter, built with the outbox)."""

    name: str

    def fetch_procedures(self) -> Sequence[Procedure]:
        """The agency's whole catalog; raise a :class:`app.core.errors.SohoaError` when it cannot be fetched."""
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
        results = [r.code for r in proc.results]
        for dup in sorted({c for c in results if results.count(c) > 1}):
            problems.append(f"thủ tục {proc.code}: mã kết quả {dup} xuất hiện nhiều lần")
