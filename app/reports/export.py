"""The quarterly report as files: JSON (everything), CSV (one row per total, clerk and procedure), XLSX (sheets in
Vietnamese with native charts) and PNG charts (matplotlib, no display needed) for the GUI and for print."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.errors import BadInputError
from app.core.files import atomic_write_bytes
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
    ("counter_count", "Hồ sơ đã in giấy tiếp nhận"),
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
SECTIONS = {"total": "Tổng hợp", "clerk": "Theo cán bộ", "procedure": "Theo thủ tục"}


def metrics(f: Figures) -> dict[str, Any]:
    return {"dossiers": f.dossiers, "components": f.components, "exempt": f.exempt,
            "must_digitize": f.must_digitize, "must_digitize_done": f.must_digitize_done, "digitized": f.digitized,
            "share_digitized": f.share_digitized, "pages": f.pages, "counter_count": f.counter.count,
            "counter_median": f.counter.median, "counter_p90": f.counter.p90,
            "counter_over_target": f.counter.over_target, "counter_share_over_target": f.counter.share_over_target}


def outbox_metrics(report: Report) -> dict[str, Any]:
    o = report.outbox
    if not o.available:
        return {key: None for key, _ in OUTBOX_METRICS}
    return {"outbox_entries": o.entries, "outbox_sent": o.sent, "outbox_pending": o.pending,
            "outbox_delay_median": o.delay.median, "outbox_delay_p90": o.delay.p90, "outbox_delay_max": o.delay.maximum}


def rows(report: Report) -> list[dict[str, Any]]:
    """One row for the total, then one per clerk, then one per procedure."""
    out = [{"section": "total", "key": report.period.label, "name": report.agency_name,
            **metrics(report.totals), **outbox_metrics(report)}]
    out += [{"section": "clerk", "key": k, "name": k, **metrics(f)} for k, f in report.by_clerk.items()]
    out += [{"section": "procedure", "key": k, "name": report.procedure_names.get(k, ""), **metrics(f)}
            for k, f in report.by_procedure.items()]
    return out


def write_json(report: Report, path: Path) -> Path:
    atomic_write_bytes(path, (json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def write_csv(report: Report, path: Path) -> Path:
    header = ["section", "key", "name", *(k for k, _ in METRICS), *(k for k, _ in OUTBOX_METRICS)]
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, header, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows(report))
    atomic_write_bytes(path, out.getvalue().encode("utf-8-sig"))
    return path


def write_xlsx(report: Report, path: Path) -> Path:
    from app.reports.xlsx import workbook_bytes

    atomic_write_bytes(path, workbook_bytes(report))
    return path


def write_charts(report: Report, folder: Path, stem: str = "bao-cao") -> list[Path]:
    from app.reports.charts import render_charts

    return render_charts(report, folder, stem)


WRITERS: dict[str, Callable[[Report, Path], Path]] = {"json": write_json, "csv": write_csv, "xlsx": write_xlsx}


def write(report: Report, path: Path, fmt: str) -> Path:
    writer = WRITERS.get(fmt)
    if writer is None:
        raise BadInputError(fmt, message_vi="Định dạng báo cáo phải là xlsx, csv hoặc json.",
                            message_en="Report format must be xlsx, csv or json.")
    return writer(report, path)
