"""Reviewing a backlog batch: a record is confirmed as read or with the clerk's corrections, which are counted by
field; bad input is refused with nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.errors import BadInputError
from app.results.review import ReviewQueue

READ = {"so_ky_hieu": "603/QĐ-SXD", "ngay_ban_hanh": "2018-10-24", "co_quan": "SỞ XÂY DỰNG",
        "nguoi_ky": "Vo Quốc Lan", "trich_yeu": "Về việc thành lập hội đồng", "hieu_luc_den": "", "vinh_vien": False}


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    docs = tmp_path / "batch" / "documents"
    docs.mkdir(parents=True)
    for n in (1, 2):
        record = {"pages": [n], "separator": {"result_type": "KQ.G15.000034"} if n == 2 else None,
                  "metadata": READ, "pdf": f"{n:03d}.pdf", "state": "to_review"}
        (docs / f"{n:03d}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return tmp_path / "batch"


def test_confirm_as_read_or_corrected_and_count_the_corrections(batch: Path) -> None:
    queue = ReviewQueue(batch)
    assert [n for n, _ in queue.pending()] == [1, 2]
    first = queue.confirm(1, {"nguoi_ky": "Võ Quốc Lan", "ngay_ban_hanh": "24/10/2018"}, vinh_vien=True)
    assert first["metadata"]["nguoi_ky"] == "Võ Quốc Lan" and first["metadata"]["vinh_vien"] is True
    assert first["corrected"] == ["nguoi_ky"] and first["ocr"]["nguoi_ky"] == "Vo Quốc Lan"
    second = queue.confirm(2, {})
    assert second["corrected"] == [] and second["result_type"] == "KQ.G15.000034"
    assert queue.pending() == []
    summary = queue.summary()
    assert summary["confirmed"] == 2 and summary["corrected"]["nguoi_ky"] == 1 and summary["corrected"]["co_quan"] == 0


def test_bad_input_changes_nothing(batch: Path, tmp_path: Path) -> None:
    queue = ReviewQueue(batch)
    before = (batch / "documents" / "001.json").read_bytes()
    with pytest.raises(BadInputError):
        queue.confirm(1, {"ngay_ban_hanh": "31/02/2018"})
    with pytest.raises(BadInputError):
        queue.confirm(1, {}, result_type="KQ 1")
    with pytest.raises(BadInputError):
        queue.confirm(7, {})
    assert (batch / "documents" / "001.json").read_bytes() == before
    with pytest.raises(BadInputError):
        ReviewQueue(tmp_path / "nothing")
