"""The commands as the issue states them, run as separate processes; and kill -9 of a syncing station at random
moments: nothing lost, nothing duplicated, no half-written file on either side."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest

from app.core.storage import Store
from tests.conftest import ROOT
from tests.outbox.support import assert_exactly_once, kill_syncs_mid_send, make_pdf, remote_dossiers, submit_many

FAST = ["--backoff-base", "0.02", "--backoff-max", "0.2", "--poll", "0.2"]


@pytest.mark.slow
def test_submit_list_sync_retry_cancel(cli, tmp_path: Path, receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver()
    to_khai = make_pdf(tmp_path / "to-khai.pdf", 2000, 1)
    cccd = make_pdf(tmp_path / "cccd.pdf", 1500, 2)
    result = cli("submit", "--procedure", "1.000948", "--applicant-id", "001090000001", "--applicant-name",
                 "Trần Thị Bình", "--component", f"Tờ khai={to_khai}", "--component", f"Căn cước={cccd}")
    assert result.returncode == 0, result.stderr
    code = result.stdout.strip()
    assert re.fullmatch(r"000\.00\.01\.H22-\d{6}-\d{4}", code)
    second = cli("submit", "--procedure", "2.001218", "--applicant-id", "2", "--applicant-name", "Lê Văn C",
                 "--component", f"Đơn={to_khai}").stdout.strip()
    assert second[:-4] == code[:-4] and int(second[-4:]) == int(code[-4:]) + 1  # the next number of the day

    listed = json.loads(cli("outbox", "list", "--json").stdout)
    assert [(e["code"], e["state"]) for e in listed] == [(code, "queued"), (second, "queued")]
    assert listed[0]["files"][0]["sha256"] == hashlib.sha256(to_khai.read_bytes()).hexdigest()

    assert cli("outbox", "cancel", second).returncode == 0
    synced = cli("outbox", "sync", "--once", *FAST, env={"SOHOA_SERVER": url})
    assert synced.returncode == 0, synced.stderr + synced.stdout
    remote = remote_dossiers(url)
    assert [d["code"] for d in remote] == [code] and remote[0]["procedure"] == "1.000948"
    assert {f["name"] for f in remote[0]["files"]} == {"to-khai.pdf", "cccd.pdf"}

    refused = cli("outbox", "retry", code)
    assert refused.returncode == 2 and "đã gửi" in refused.stderr
    assert cli("outbox", "retry", second).returncode == 0
    assert cli("outbox", "sync", "--once", "--server", url, *FAST).returncode == 0
    states = {e["code"]: e for e in json.loads(cli("outbox", "list", "--json").stdout)}
    assert states[second]["state"] == "sent" and states[second]["remote_id"]
    assert sorted(d["code"] for d in remote_dossiers(url)) == sorted([code, second])


def test_submit_refuses_what_is_not_a_pdf(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "note.pdf"
    text.write_text("not a pdf")
    result = cli("submit", "--procedure", "1", "--applicant-id", "1", "--applicant-name", "A",
                 "--component", f"X={text}")
    assert result.returncode == 2 and "không phải PDF" in result.stderr
    assert json.loads(cli("outbox", "list", "--json").stdout) == []


def test_sync_without_a_server_says_so(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("outbox", "sync", "--once", env={"SOHOA_SERVER": ""})
    assert result.returncode != 0 and "Chưa cấu hình máy chủ" in result.stderr


@pytest.mark.slow
def test_kill_9_while_syncing_loses_and_duplicates_nothing(isolated_station: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           receiver, cli) -> None:
    url = receiver(delay_ms=(2, 30), reset_rate=0.05, seed=11)
    store = Store(isolated_station)
    codes = submit_many(store, tmp_path, 6, files=2, size=6000)
    store.close()
    kills = kill_syncs_mid_send(isolated_station, ROOT, ["--server", url, "--chunk-size", "1024", *FAST],
                                len(codes))
    assert kills >= 2, "at least two syncing processes were killed in the middle of a send"
    final = cli("outbox", "sync", "--once", "--server", url, *FAST)
    assert final.returncode == 0, final.stdout + final.stderr

    store = Store(isolated_station)
    assert_exactly_once(store, url, codes)
    assert {e["state"] for e in json.loads(cli("outbox", "list", "--json").stdout)} == {"sent"}
    assert not list(isolated_station.rglob("*.part"))
    assert sqlite3.connect(isolated_station / "sohoa.db").execute("pragma integrity_check").fetchone()[0] == "ok"
    receiver_files = tmp_path / "receiver-0" / "files"
    remote = {d["code"]: d for d in remote_dossiers(url)}
    stored = [p for p in receiver_files.rglob("*") if p.is_file()]
    assert not [p for p in stored if p.name.endswith(".part")], "no half-written file at the receiver"
    expected = {f["sha256"] for d in remote.values() for f in d["files"]}
    assert {hashlib.sha256(p.read_bytes()).hexdigest() for p in stored} == expected
    assert len(stored) == sum(len(d["files"]) for d in remote.values())
