"""The report's figures as named metrics with their Vietnamese labels, in the order the CSV and XLSX exports list
them; below both writers, which share the table."""

from __future__ import annotations

from typing import Any

from app.reports.figures import (
    COUNTER_TARGET_MINUTES,
    SERVICE_TARGET_MINUTES,
    WAITING_TARGET_MINUTES,
    Figures,
    Report,
)
from app.reports.scores import ratio_text

METRICS: tuple[tuple[str, str], ...] = (
    ("dossiers", "Hồ sơ tiếp nhận"),
    ("components", "Thành phần hồ sơ"),
    ("exempt", "Thành phần miễn số hóa"),
    ("must_digitize", "Thành phần phải số hóa"),
    ("must_digitize_done", "Đã số hóa (trong số phải số hóa)"),
    ("digitized", "Thành phần đã số hóa"),
    ("share_digitized", "Tỷ lệ số hóa"),
    ("pages", "Số trang đã số hóa"),
    ("counter_count", "Hồ sơ đã cấp giấy tiếp nhận"),
    ("receipts_printed", "Số bản giấy tiếp nhận đã in"),
    ("counter_median", "Thời gian tại quầy, trung vị (phút)"),
    ("counter_p90", "Thời gian tại quầy, phân vị 90 (phút)"),
    ("counter_over_target", f"Số hồ sơ quá {COUNTER_TARGET_MINUTES} phút"),
    ("counter_share_over_target", f"Tỷ lệ quá {COUNTER_TARGET_MINUTES} phút"),
)
# the Decision 766 index (its own names in brackets) and the citizen's time, after the columns above in every file
INDEX_METRICS: tuple[tuple[str, str], ...] = (
    ("dossiers_digitized", "Hồ sơ có thành phần được số hóa"),
    ("share_dossiers_digitized", "Tỷ lệ hồ sơ có thành phần số hóa (DiemTyLeSoHoaHoSo)"),
    ("components_reused", "Thành phần được tái sử dụng"),
    ("share_reused", "Tỷ lệ thành phần tái sử dụng (DiemTyLeTaiSuDung)"),
    ("results_issued", "Hồ sơ đã có kết quả"),
    ("results_electronic", "Hồ sơ có kết quả điện tử"),
    ("share_results_electronic", "Tỷ lệ cấp kết quả điện tử (DiemTyLeCapKQDienTu)"),
)
QUEUE_METRICS: tuple[tuple[str, str], ...] = (
    ("waiting_count", "Hồ sơ biết thời gian chờ"),
    ("without_ticket", "Hồ sơ không có số thứ tự (chưa biết thời gian chờ)"),
    ("waiting_median", "Thời gian chờ, trung vị (phút)"),
    ("waiting_p90", "Thời gian chờ, phân vị 90 (phút)"),
    ("waiting_share_within_target", f"Tỷ lệ chờ không quá {WAITING_TARGET_MINUTES} phút"),
    ("service_count", "Hồ sơ biết thời gian giải quyết tại quầy"),
    ("service_median", "Thời gian giải quyết tại quầy, trung vị (phút)"),
    ("service_p90", "Thời gian giải quyết tại quầy, phân vị 90 (phút)"),
    ("service_share_within_target", f"Tỷ lệ giải quyết tại quầy không quá {SERVICE_TARGET_MINUTES} phút"),
)
TABLE_METRICS = (*METRICS, *INDEX_METRICS, *QUEUE_METRICS)  # the columns of a row per total, clerk or procedure
TOTAL_METRICS: tuple[tuple[str, str], ...] = (
    ("identity_lookups", "Lượt tra cứu CSDL quốc gia về dân cư (TruyVanCSDLDanCu)"),
)
SHARES = frozenset({"share_digitized", "counter_share_over_target", "share_dossiers_digitized", "share_reused",
                    "share_results_electronic", "waiting_share_within_target", "service_share_within_target"})
OUTBOX_METRICS: tuple[tuple[str, str], ...] = (
    ("outbox_entries", "Hồ sơ đưa vào hàng đợi gửi"),
    ("outbox_sent", "Đã gửi thành công"),
    ("outbox_pending", "Chưa gửi xong"),
    ("outbox_delay_median", "Thời gian chờ gửi, trung vị (phút)"),
    ("outbox_delay_p90", "Thời gian chờ gửi, phân vị 90 (phút)"),
    ("outbox_delay_max", "Thời gian chờ gửi, lâu nhất (phút)"),
)

def metrics(f: Figures) -> dict[str, Any]:
    return {"dossiers": f.dossiers, "components": f.components, "exempt": f.exempt,
            "must_digitize": f.must_digitize, "must_digitize_done": f.must_digitize_done, "digitized": f.digitized,
            "share_digitized": f.share_digitized, "pages": f.pages,
            "counter_count": f.counter.count,
            "receipts_printed": f.receipts_printed,
            "counter_median": f.counter.median, "counter_p90": f.counter.p90,
            "counter_over_target": f.counter.over_target, "counter_share_over_target": f.counter.share_over_target,
            "dossiers_digitized": f.dossiers_digitized, "share_dossiers_digitized": f.share_dossiers_digitized,
            "components_reused": f.components_reused, "share_reused": f.share_reused,
            "results_issued": f.results_issued, "results_electronic": f.results_electronic,
            "share_results_electronic": f.share_results_electronic,
            "waiting_count": f.waiting.count, "without_ticket": f.without_ticket, "waiting_median": f.waiting.median,
            "waiting_p90": f.waiting.p90, "waiting_share_within_target": f.waiting.share_within_target,
            "service_count": f.service.count, "service_median": f.service.median, "service_p90": f.service.p90,
            "service_share_within_target": f.service.share_within_target}


def total_metrics(report: Report) -> dict[str, Any]:
    return {"identity_lookups": report.identity_lookups}


def _minutes(value: float | None) -> str:
    return "—" if value is None else f"{value:g}".replace(".", ",")


def _within(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}".removesuffix(".0").replace(".", ",") + " %"


def queue_lines(report: Report) -> list[str]:
    """The citizen's time over the period, in the clerk's language: waiting (unknown ones counted apart), service."""
    t = report.totals
    return [f"Thời gian chờ: {t.waiting.count} hồ sơ, trung vị {_minutes(t.waiting.median)} phút, phân vị 90 "
            f"{_minutes(t.waiting.p90)} phút, {_within(t.waiting.share_within_target)} không quá "
            f"{WAITING_TARGET_MINUTES} phút; {t.without_ticket} hồ sơ không có số thứ tự (chưa biết thời gian chờ).",
            f"Thời gian giải quyết tại quầy: {t.service.count} hồ sơ, trung vị {_minutes(t.service.median)} phút, "
            f"phân vị 90 {_minutes(t.service.p90)} phút, {_within(t.service.share_within_target)} không quá "
            f"{SERVICE_TARGET_MINUTES} phút."]


def index_lines(report: Report) -> list[tuple[str, str]]:
    """The Decision 766 figures of the whole period as the index shows them, both numbers and the share."""
    t = report.totals
    return [("Hồ sơ có thành phần số hóa (DiemTyLeSoHoaHoSo)", ratio_text(t.dossiers_digitized, t.dossiers)),
            ("Thành phần tái sử dụng (DiemTyLeTaiSuDung)", ratio_text(t.components_reused, t.to_collect)),
            ("Kết quả cấp điện tử (DiemTyLeCapKQDienTu)", ratio_text(t.results_electronic, t.results_issued)),
            ("Tra cứu CSDL quốc gia về dân cư (TruyVanCSDLDanCu)", str(report.identity_lookups))]


def outbox_metrics(report: Report) -> dict[str, Any]:
    o = report.outbox
    if not o.available:
        return {key: None for key, _ in OUTBOX_METRICS}
    return {"outbox_entries": o.entries, "outbox_sent": o.sent, "outbox_pending": o.pending,
            "outbox_delay_median": o.delay.median, "outbox_delay_p90": o.delay.p90, "outbox_delay_max": o.delay.maximum}
