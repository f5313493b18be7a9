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
from app.reports.backlog import BACKLOG_METRICS, backlog_metrics, backlog_rows
from app.reports.charts import render_charts
from app.reports.figures import Report
from app.reports.metrics import (
    INDEX_METRICS,
    METRICS,
    OUTBOX_METRICS,
    QUEUE_METRICS,
    TOTAL_METRICS,
    metrics,
    outbox_metrics,
    total_metrics,
)
from app.reports.xlsx import workbook_bytes

SECTIONS = {"total": "Tổng hợp", "clerk": "Theo cán bộ", "procedure": "Theo thủ tục"}


def rows(report: Report) -> list[dict[str, Any]]:
    """One row for the total, then one per clerk, one per procedure, and the backlog's months and result types."""
    out = [{"section": "total", "key": report.period.label, "name": report.agency_name,
            **metrics(report.totals), **outbox_metrics(report),
            **total_metrics(report), **backlog_metrics(report.backlog)}]
    out += [{"section": "clerk", "key": k, "name": k, **metrics(f)} for k, f in report.by_clerk.items()]
    out += [{"section": "procedure", "key": k, "name": report.procedure_names.get(k, ""), **metrics(f)}
            for k, f in report.by_procedure.items()]
    return out + backlog_rows(report.backlog)


def write_json(report: Report, path: Path) -> Path:
    atomic_write_bytes(path, (json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def write_csv(report: Report, path: Path) -> Path:
    # the columns added later come last, so a reader of the older columns by position still finds them
    header = ["section", "key", "name", *(k for k, _ in (*METRICS, *OUTBOX_METRICS, *INDEX_METRICS, *QUEUE_METRICS,
                                                          *TOTAL_METRICS, *BACKLOG_METRICS))]
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, header, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows(report))
    atomic_write_bytes(path, out.getvalue().encode("utf-8-sig"))
    return path


def write_xlsx(report: Report, path: Path) -> Path:
    atomic_write_bytes(path, workbook_bytes(report))
    return path


def write_charts(report: Report, folder: Path, stem: str = "bao-cao") -> list[Path]:
    return render_charts(report, folder, stem)


WRITERS: dict[str, Callable[[Report, Path], Path]] = {"json": write_json, "csv": write_csv, "xlsx": write_xlsx}


def write(report: Report, path: Path, fmt: str) -> Path:
    writer = WRITERS.get(fmt)
    if writer is None:
        raise BadInputError(fmt, message_vi="Định dạng báo cáo phải là xlsx, csv hoặc json.",
                            message_en="Report format must be xlsx, csv or json.")
    return writer(report, path)
