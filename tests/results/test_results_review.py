"""Reviewing a backlog batch: a record is confirmed as read or with the clerk's corrections, which are counted by
field; bad input is refused with nothing changed; through the CLI a confirmed record is queued for the data store
once, and a bad owner or a missing result type exits 2 with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.errors import BadInputError
from app.core.storage import Store
from app.results.review import ReviewQueue
from tests.outbox.test_dvcqg_backlog import write_batch

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


@pytest.mark.slow
def test_the_cli_confirms_and_queues_once_and_refuses_bad_input(tmp_path: Path, isolated_station: Path,
                                                                 cli) -> None:  # type: ignore[no-untyped-def]
    batch = write_batch(tmp_path / "batch", [3])
    before = (batch / "documents" / "001.json").read_bytes()
    done = cli("results", "review", str(batch), "--confirm", "1", "--type", "KQ.G15.000034", "--chu-so-huu", "12a")
    assert done.returncode == 2 and "12 (hoặc 9) chữ số" in done.stderr
    done = cli("results", "review", str(batch), "--confirm", "1")
    assert done.returncode == 2 and "--type" in done.stderr
    assert (batch / "documents" / "001.json").read_bytes() == before
    settings = '[sync]\ndestinations = ["dvcqg"]\n[sync.dvcqg]\nurl = "http://127.0.0.1:9"\nusername = "u"\n'
    (isolated_station.parent / "settings.toml").write_text(settings, encoding="utf-8")
    answers = []
    for _ in range(2):  # confirmed twice: queued once
        done = cli("results", "review", str(batch), "--confirm", "1", "--type", "KQ.G15.000034", "--chu-so-huu",
                   "001090000001", "--nguoi-ky", "Trần Văn An", "--json")
        assert done.returncode == 0, done.stderr
        answers.append(json.loads(done.stdout))
    assert answers[0]["state"] == "confirmed" and answers[0]["corrected"] == ["nguoi_ky"]
    assert [q["how"] for q in answers[0]["queued"]] == ["record"] and answers[1]["queued"] == []
    db = Store(isolated_station).db
    assert db.execute("select count(*) from outbox_entries where destination = 'dvcqg'").fetchone()[0] == 1
    listing = json.loads(cli("results", "review", str(batch), "--json").stdout)
    assert listing["summary"]["confirmed"] == 1 and listing["queued"] == []
