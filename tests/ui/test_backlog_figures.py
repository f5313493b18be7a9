"""Today's figures above the list show the backlog of results still in force: the documents confirmed today and the
progress of all confirmed so far toward the agency's count (``[results] backlog_total``), read off the GUI thread."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from app.core.storage import VN_TZ
from app.reports import figures

pytestmark = pytest.mark.gui

LINE = "Kết quả còn hiệu lực"


def confirmed(db, n: int, at: datetime) -> None:  # type: ignore[no-untyped-def]
    db["backlog_records"].insert({
        "batch_id": "lo-1", "document": n, "record_key": f"lo-1-{n:03d}", "result_type": "KQ.G15.000034",
        "pages": 2, "pdf_path": f"backlog/lo-1/{n:03d}.pdf", "pdf_sha256": f"{n:064d}",
        "confirmed_at": at.isoformat(timespec="seconds"), "queued_at": at.isoformat(timespec="seconds")})


def shown(window, qtbot) -> str:  # type: ignore[no-untyped-def]
    page = window.list_page
    page.figures.clear()
    window.show_list()
    qtbot.waitUntil(lambda: bool(page.figures.text()), timeout=10000)
    return str(page.figures.text())


def test_todays_figures_show_the_backlog_and_its_progress(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads: list[bool] = []
    today = figures.today

    def read(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread() is threading.main_thread())
        return today(*args, **kwargs)

    monkeypatch.setattr(figures, "today", read)
    assert LINE not in shown(window, qtbot)  # no target, nothing confirmed: no line
    assert threads and not any(threads)  # the count is read in a worker, never on the GUI thread

    now = datetime.now(VN_TZ)
    db = window.ctx.store.db
    confirmed(db, 1, now - timedelta(days=3))  # an earlier day: counted toward the target, not today
    confirmed(db, 2, now)
    confirmed(db, 3, now)
    window.ctx.settings.results.backlog_total = 10
    text = shown(window, qtbot)
    assert "Kết quả còn hiệu lực: hôm nay số hóa 2 tài liệu · tiến độ so với chỉ tiêu 3/10 (30 %)" in text

    window.ctx.settings.results.backlog_total = 0  # not counted yet: the documents so far, no share
    assert "Kết quả còn hiệu lực: hôm nay số hóa 2 tài liệu · lũy kế 3 (chưa đặt chỉ tiêu)" in shown(window, qtbot)
