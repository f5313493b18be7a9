"""The report's figures as named metrics with their Vietnamese labels, in the order the CSV and XLSX exports list
them; below both writers, which share the table."""

from __future__ import annotations

from typing import Any

from app.reports.figures import COUNTER_TARGET_MINUTES, Figures, Report

METRICS: tuple[tuple[str, str], ...] = (
    ("dossiers", "Hồ sơ tiếp nhận"),
    ("components", "Thành phần hồ sơ"),
    ("exempt", "Thành phần miễn số hóa"),
    ("must_digitize", "Thành phần phải số hóa"),
    ("must_digitize_done", "Đã số hóa (trong số phải số hóa)"),
    ("digitized", "Thành phần đã số hóa"),
    ("share_digitized", "Tỷ lệ số hóa"),
    ("pages", "Số trang đã số hóa"),
    ("reused", "Thành phần tái sử dụng từ kho dữ liệu"),
    ("share_reused", "Tỷ lệ tái sử dụng"),
    ("counter_count", "Hồ sơ đã cấp giấy tiếp nhận"),
    ("receipts_printed", "Số bản giấy tiếp nhận đã in"),
    ("counter_median", "Thời gian tại quầy, trung vị (phút)"),
    ("counter_p90", "Thời gian tại quầy, phân vị 90 (phút)"),
    ("counter_over_target", f"Số hồ sơ quá {COUNTER_TARGET_MINUTES} phút"),
    ("counter_share_over_target", f"Tỷ lệ quá {COUNTER_TARGET_MINUTES} phút"),
)
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
            "share_digitized": f.share_digitized, "pages": f.pages, "reused": f.reused, "share_reused": f.share_reused,
            "counter_count": f.counter.count,
            "receipts_printed": f.receipts_printed,
            "counter_median": f.counter.median, "counter_p90": f.counter.p90,
            "counter_over_target": f.counter.over_target, "counter_share_over_target": f.counter.share_over_target}


def outbox_metrics(report: Report) -> dict[str, Any]:
    o = report.outbox
    if not o.available:
        return {key: None for key, _ in OUTBOX_METRICS}
    return {"outbox_entries": o.entries, "outbox_sent": o.sent, "outbox_pending": o.pending,
            "outbox_delay_median": o.delay.median, "outbox_delay_p90": o.delay.p90, "outbox_delay_max": o.delay.maximum}
