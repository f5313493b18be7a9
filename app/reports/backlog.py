"""The backlog of results still in force in the report: documents digitized (confirmed by a clerk in a batch review,
``backlog_records``) per month of the period and by result type, the progress toward the target of 100 % (the count
the agency set in ``[results]``, against every record confirmed up to the period's end), and which metadata fields
clerks corrected after OCR pre-read them — in the batch reviews and in the results added to dossiers
(``results.corrected``) — with how many records each total is over."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from app.core.storage import VN_TZ
from app.reports import scores

if TYPE_CHECKING:
    from sqlite_utils import Database

FIELDS = ("so_ky_hieu", "ngay_ban_hanh", "co_quan", "nguoi_ky", "trich_yeu")  # as app.results.model names them
FIELD_LABELS = {"so_ky_hieu": "Số ký hiệu", "ngay_ban_hanh": "Ngày ban hành", "co_quan": "Cơ quan ban hành",
                "nguoi_ky": "Người ký", "trich_yeu": "Trích yếu"}


@dataclass
class TypeProgress:
    in_period: int = 0
    digitized: int = 0  # confirmed up to the period's end
    target: int = 0  # 0: not counted
    share: float | None = None  # digitized / target


@dataclass
class BacklogFigures:
    available: bool = False  # the station has the backlog's table
    target: int = 0  # results still in force to digitize (every type); 0: not counted
    digitized: int = 0  # confirmed up to the period's end (the progress toward the target)
    share_of_target: float | None = None
    in_period: int = 0  # confirmed in the period
    pages_in_period: int = 0
    queued_in_period: int = 0  # of those, queued for the citizen's data store
    by_month: dict[str, int] = field(default_factory=dict)  # YYYY-MM of the period -> documents
    by_result_type: dict[str, TypeProgress] = field(default_factory=dict)
    reviewed: int = 0  # records whose OCR reading a clerk confirmed in the period (batch reviews)
    results_reviewed: int = 0  # dossier results added in the period with fields pre-read by OCR
    corrected: dict[str, int] = field(default_factory=dict)  # field -> times a clerk corrected it (both kinds)
    corrected_backlog: dict[str, int] = field(default_factory=dict)
    corrected_results: dict[str, int] = field(default_factory=dict)


def _local_date(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return (moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)).astimezone(VN_TZ)


def _months(start: date, end: date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _count(value: Any) -> int:
    return value if isinstance(value, int) and value > 0 else 0


def backlog_figures(db: Database, contains: Callable[[str], bool], start: date, end: date,
                    target: int = 0, by_type_target: Mapping[str, int] | None = None) -> BacklogFigures:
    """``contains(stamp)`` says whether a timestamp is in the period, which runs from ``start`` to ``end`` (both
    included, in Vietnam's time)."""
    figures = BacklogFigures(target=_count(target), by_month=dict.fromkeys(_months(start, end), 0))
    types: dict[str, TypeProgress] = {code: TypeProgress(target=_count(n)) for code, n in
                                      sorted((by_type_target or {}).items())}
    backlog: Counter[str] = Counter()
    if db.table("backlog_records").exists():
        figures.available = True
        for row in db.query("select result_type, confirmed_at, queued_at, pages, corrected from backlog_records"):
            moment = _local_date(row["confirmed_at"])
            if moment.date() > end:
                continue
            kind = types.setdefault(row["result_type"] or "", TypeProgress())
            figures.digitized += 1
            kind.digitized += 1
            if not contains(row["confirmed_at"]):
                continue
            figures.in_period += 1
            kind.in_period += 1
            figures.pages_in_period += row["pages"] or 0
            figures.queued_in_period += bool(row["queued_at"])
            figures.by_month[moment.strftime("%Y-%m")] = figures.by_month.get(moment.strftime("%Y-%m"), 0) + 1
            figures.reviewed += 1
            backlog.update(f for f in json.loads(row["corrected"] or "[]") if f in FIELDS)
    results: Counter[str] = Counter()
    if db.table("results").exists():
        for row in db.query("select created_at, ocr_fields, corrected from results"):
            read = json.loads(row["ocr_fields"] or "{}")
            if not contains(row["created_at"]) or not any(read.get(f) for f in FIELDS):
                continue
            figures.results_reviewed += 1
            results.update(f for f in json.loads(row["corrected"] or "[]") if f in FIELDS)
    for kind in types.values():
        kind.share = scores.share(kind.digitized, kind.target) if kind.target else None
    figures.by_result_type = types
    figures.share_of_target = scores.share(figures.digitized, figures.target) if figures.target else None
    figures.corrected_backlog = {f: backlog[f] for f in FIELDS}
    figures.corrected_results = {f: results[f] for f in FIELDS}
    figures.corrected = {f: backlog[f] + results[f] for f in FIELDS}
    return figures


BACKLOG_METRICS: tuple[tuple[str, str], ...] = (
    ("backlog_target", "Kết quả còn hiệu lực cần số hóa (chỉ tiêu 100 %)"),
    ("backlog_digitized", "Kết quả còn hiệu lực đã số hóa (lũy kế đến cuối kỳ)"),
    ("backlog_share", "Tỷ lệ đã số hóa so với chỉ tiêu"),
    ("backlog_in_period", "Kết quả còn hiệu lực số hóa trong kỳ"),
    ("backlog_pages", "Số trang kết quả còn hiệu lực trong kỳ"),
    ("backlog_queued", "Đã đưa vào hàng đợi gửi kho dữ liệu (trong kỳ)"),
    *((f"corrected_{f}", f"Cán bộ sửa trường {label.lower()}") for f, label in FIELD_LABELS.items()),
)


def backlog_metrics(b: BacklogFigures) -> dict[str, Any]:
    return {"backlog_target": b.target or None, "backlog_digitized": b.digitized, "backlog_share": b.share_of_target,
            "backlog_in_period": b.in_period, "backlog_pages": b.pages_in_period,
            "backlog_queued": b.queued_in_period, **{f"corrected_{f}": b.corrected.get(f, 0) for f in FIELDS}}


def shown(b: BacklogFigures) -> bool:
    """The backlog's rows and sheet appear once there is something to show (a target, a record, a correction)."""
    return b.available and bool(b.target or b.digitized or b.reviewed or b.results_reviewed)


def backlog_rows(b: BacklogFigures) -> list[dict[str, Any]]:
    """The CSV's rows: one per month of the period, then one per result type."""
    if not shown(b):
        return []
    out: list[dict[str, Any]] = [{"section": "backlog_month", "key": month, "name": "", "backlog_in_period": n}
                                 for month, n in b.by_month.items()]
    out += [{"section": "backlog_type", "key": code, "name": "", "backlog_target": t.target or None,
             "backlog_digitized": t.digitized, "backlog_share": t.share, "backlog_in_period": t.in_period}
            for code, t in b.by_result_type.items()]
    return out


def backlog_lines(b: BacklogFigures) -> list[str]:
    """What ``sohoa report`` prints of the backlog."""
    if not b.available:
        return []
    share = f" = {b.share_of_target:.1%} chỉ tiêu {b.target}" if b.share_of_target is not None else \
        " (chưa đặt chỉ tiêu: [results] backlog_total)"
    months = ", ".join(f"{m}: {n}" for m, n in b.by_month.items())
    fixed = ", ".join(f"{FIELD_LABELS[f].lower()} {n}" for f, n in b.corrected.items() if n) or "không"
    return [f"Kết quả còn hiệu lực: {b.in_period} tài liệu số hóa trong kỳ ({months}); lũy kế {b.digitized}{share}.",
            f"Trường cán bộ đã sửa sau khi đọc tự động ({b.reviewed + b.results_reviewed} bản ghi): {fixed}."]
