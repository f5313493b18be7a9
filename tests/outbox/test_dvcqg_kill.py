"""kill -9 of a station syncing to the DVCQG gateway at random moments: every dossier lands once in the gateway,
every file in its store is whole and is one the station queued."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from app.core.storage import Store
from app.outbox.adapters.auth import store_secret
from tests.conftest import ROOT
from tests.outbox.support import kill_syncs_mid_send, local_checksums
from tests.outbox.test_dvcqg import PASSWORD, USER, dvcqg_settings, hoso, start, submit

FAST = ["--backoff-base", "0.02", "--backoff-max", "0.2", "--poll", "0.2", "--request-timeout", "5"]


@pytest.mark.slow
def test_kill_9_while_syncing_to_the_gateway(isolated_station: Path, tmp_path: Path, receiver, cli) -> None:  # type: ignore[no-untyped-def]
    url = start(receiver, delay_ms=(2, 30), reset_rate=0.05, seed=11)
    Path(os.environ["SOHOA_CONFIG"]).write_text(
        f'[sync]\ndestinations = ["dvcqg"]\n[sync.dvcqg]\nurl = "{url}"\nusername = "{USER}"\n'
        'madonvi = "000.00.01.H22"\ndstcode = "H22"\n', encoding="utf-8")
    store_secret("dvcqg_password", url, PASSWORD)
    store = Store(isolated_station)
    codes = [submit(store, dvcqg_settings(url), tmp_path, n) for n in range(6)]
    store.close()
    kills = kill_syncs_mid_send(isolated_station, ROOT, FAST, len(codes), pause=0.2)
    assert kills >= 2, "at least two syncing processes were killed in the middle of a send"
    final = cli("outbox", "sync", "--once", *FAST)
    assert final.returncode == 0, final.stdout + final.stderr

    store = Store(isolated_station)
    records = hoso(url)
    assert sorted(r["MaHoSo"] for r in records) == sorted(codes), "every dossier lands exactly once"
    local = local_checksums(store, codes)
    for record in records:
        assert record["TaiLieuNop"][0]["TepDinhKemId"] == local[record["MaHoSo"]][0][1]
    stored = [p for p in (tmp_path / "receiver-0" / "dvcqg-files").iterdir() if p.is_file()]
    assert {p.name for p in stored} == {sha for files in local.values() for _, sha, _ in files}, \
        "no half-written upload left in the file store"
    assert all(hashlib.sha256(p.read_bytes()).hexdigest() == p.name for p in stored)
