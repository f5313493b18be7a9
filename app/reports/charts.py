"""PNG charts of the report (matplotlib's object API on the Agg canvas: no display, no global pyplot state)."""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from app.core.files import atomic_write_bytes
from app.reports.figures import COUNTER_TARGET_MINUTES, Report


def _save(figure: Figure, path: Path) -> Path:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    atomic_write_bytes(path, buffer.getvalue())
    return path


def _empty(ax: Axes) -> None:
    ax.text(0.5, 0.5, "Không có dữ liệu trong kỳ", ha="center", va="center")
    ax.set_axis_off()


def digitization_chart(report: Report, path: Path) -> Path:
    """Per procedure: components that must be digitized and those that were."""
    codes = list(report.by_procedure)
    figure = Figure(figsize=(8, 1.2 + 0.45 * max(len(codes), 2)))
    ax = figure.subplots()
    if not codes:
        _empty(ax)
    else:
        y = range(len(codes))
        must = [report.by_procedure[c].must_digitize for c in codes]
        done = [report.by_procedure[c].must_digitize_done for c in codes]
        ax.barh([i + 0.2 for i in y], must, height=0.4, label="Phải số hóa", color="#9db4d6")
        ax.barh([i - 0.2 for i in y], done, height=0.4, label="Đã số hóa", color="#2a5caa")
        ax.set_yticks(list(y), codes)
        ax.invert_yaxis()
        ax.set_xlabel("Số thành phần hồ sơ")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(loc="lower right")
    share = report.totals.share_digitized
    figure.suptitle(f"Số hóa thành phần hồ sơ theo thủ tục, kỳ {report.period.label}"
                    + (f" (tỷ lệ chung {share:.1%})" if share is not None else ""))
    return _save(figure, path)


def counter_chart(report: Report, path: Path) -> Path:
    """Per clerk: median and 90th percentile of the time at the counter, against the 15-minute target."""
    clerks = [k for k, f in report.by_clerk.items() if f.counter.count]
    figure = Figure(figsize=(8, 4.5))
    ax = figure.subplots()
    if not clerks:
        _empty(ax)
    else:
        x = range(len(clerks))
        ax.bar([i - 0.2 for i in x], [report.by_clerk[c].counter.median or 0 for c in clerks], width=0.4,
               label="Trung vị", color="#2a5caa")
        ax.bar([i + 0.2 for i in x], [report.by_clerk[c].counter.p90 or 0 for c in clerks], width=0.4,
               label="Phân vị 90", color="#9db4d6")
        ax.axhline(COUNTER_TARGET_MINUTES, color="#c0392b", linestyle="--",
                   label=f"Mục tiêu {COUNTER_TARGET_MINUTES} phút")
        ax.set_xticks(list(x), [c or "(không rõ)" for c in clerks], rotation=20, ha="right")
        ax.set_ylabel("Phút")
        ax.legend()
    figure.suptitle(f"Thời gian tiếp nhận tại quầy theo cán bộ, kỳ {report.period.label}")
    return _save(figure, path)


def render_charts(report: Report, folder: Path, stem: str) -> list[Path]:
    return [digitization_chart(report, folder / f"{stem}-so-hoa-theo-thu-tuc.png"),
            counter_chart(report, folder / f"{stem}-thoi-gian-tai-quay.png")]
