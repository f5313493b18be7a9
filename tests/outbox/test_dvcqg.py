"""Contract tests of the ``dvcqg`` destination against the reference receiver's DVCQG emulator on 127.0.0.1: every
field of the DongBoHoSoMC record, the files behind their URLs, a session that expires mid-sync, faults, and a schema
refusal that needs a person instead of retrying for ever."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.catalog.store import Catalog
from app.core.config import DvcqgSettings, Settings, SyncSettings
from app.core.storage import Store
from app.counter.submit import ComponentFile, ExemptComponent, submit_dossier
from app.dossiers.model import Applicant
from app.outbox import OutboxFile, RetryPolicy, State, SyncWorker, counts, enqueue_dossier, list_entries, make_due_now
from app.outbox.adapters import destinations_from_settings, http_client
from app.outbox.adapters.auth import store_secret
from app.outbox.adapters.dvcqg import DvcqgGateway
from app.outbox.adapters.dvcqg_record import RECORD, vn_datetime
from app.receiver import DvcqgOptions
from app.receiver.dvcqg_api import add_dvcqg_routes
from app.receiver.dvcqg_store import DvcqgEmulator
from tests.conftest import ROOT
from tests.outbox.support import local_checksums, make_pdf, remote_dossiers

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "catalog" / "sample-catalog.json"
USER, PASSWORD = "canbo.h22", "mật-khẩu-thử"
DATE = re.compile(r"^\d{14}$")


def dvcqg_settings(url: str, **extra: Any) -> Settings:
    return Settings(sync=SyncSettings(destinations=["dvcqg"], dvcqg=DvcqgSettings(
        url=url, username=USER, madonvi="000.00.01.H22", dstcode="H22", file_store_url=url, **extra)))


def start(receiver: Callable[..., str], **faults: Any) -> str:
    return receiver(dvcqg=DvcqgOptions(USER, PASSWORD), **faults)


def worker_for(store: Store, destination: Any) -> SyncWorker:
    return SyncWorker(store, {"dvcqg": destination}, policy=RetryPolicy(base=0.02, cap=0.2, rng=random.Random(1)))


def submit(store: Store, settings: Settings, tmp_path: Path, n: int = 0) -> str:
    pdf = make_pdf(tmp_path / f"quyet-dinh-{n}.pdf", 4000 + n, n)
    _, code = submit_dossier(store, settings, "1.008001", Applicant("Nguyễn Thị Hoa", f"0010900000{n:02d}"),
                             [ComponentFile("Quyết định cử đi công tác", pdf, "TP02")], settings.sync.targets,
                             exempt=[ExemptComponent("Thẻ căn cước", "show_only", "TP05")])
    return code


def sent_dossier(station: Store, receiver: Callable[..., str], tmp_path: Path) -> tuple[str, Settings, str, SyncWorker]:
    """A dossier of the sample catalog received and sent to the emulator: its url, the settings, the code and the
    worker that sent it."""
    url = start(receiver)
    settings = dvcqg_settings(url)
    Catalog(station).import_file(SAMPLE)
    store_secret("dvcqg_password", url, PASSWORD)
    code = submit(station, settings, tmp_path)
    worker = worker_for(station, destinations_from_settings(settings)["dvcqg"])
    assert worker.drain(30).sent == 1
    return url, settings, code, worker


def hoso(url: str) -> list[dict[str, Any]]:
    response = httpx.get(f"{url}/emulator/dvcqg/hoso", timeout=10)
    response.raise_for_status()
    result: list[dict[str, Any]] = response.json()
    return result


def test_every_field_and_the_files_behind_their_urls(station: Store, receiver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, _settings, code, _worker = sent_dossier(station, receiver, tmp_path)
    [record] = hoso(url)
    dossier = station.db.execute("select * from dossiers where code = ?", [code]).fetchone()
    assert {name for name, _ in RECORD} | {"TaiLieuNop"} == set(record)
    assert record["MaHoSo"] == code and record["MaTTHC"] == "1.008001"
    assert record["TenTTHC"] == "Cấp hộ chiếu ngoại giao, hộ chiếu công vụ tại Sở Ngoại vụ"
    assert record["ChuHoSo"] == "Nguyễn Thị Hoa" and record["LoaiDoiTuong"] == 1
    assert record["DinhDanhCHS"] == [{"LoaiDinhDanh": 1, "SoDinhDanh": "001090000000"}]
    assert DATE.match(record["NgayTiepNhan"]) and DATE.match(record["NgayHenTra"])
    assert record["NgayHenTra"] > record["NgayTiepNhan"]  # five working days later
    assert record["TrangThaiHoSo"] == 1 and record["TaiKhoanDuocXacThucVoiVNeID"] == 0
    assert record["HoSoCoThanhPhanSoHoa"] == 1
    digitized, exempt = record["TaiLieuNop"]
    assert digitized["MaThanhPhanHoSo"] == "TP02" and digitized["DuocSoHoa"] == 1
    assert digitized["TenTepDinhKem"] == "quyet-dinh-0.pdf" and digitized["DuongDanTaiTepTin"].startswith(url)
    assert exempt == {"TepDinhKemId": "", "TenTepDinhKem": "", "DuongDanTaiTepTin": "", "MaThanhPhanHoSo": "TP05",
                      "DuocSoHoa": 0, "DuocTaiSuDung": 0, "DuocLayTuKhoDMQG": 0, "MaKetQuaThayThe": ""}
    for doc in (digitized, exempt):
        assert doc["DuocTaiSuDung"] == 0 and doc["DuocLayTuKhoDMQG"] == 0 and doc["MaKetQuaThayThe"] == ""
    [(_, sha, size)] = local_checksums(station, [code])[code]
    served = httpx.get(digitized["DuongDanTaiTepTin"], timeout=10)
    assert served.status_code == 200 and hashlib.sha256(served.content).hexdigest() == sha
    assert len(served.content) == size
    assert dossier is not None
    [entry] = list_entries(station.db)
    assert entry.state is State.SENT and entry.remote_id == code


class ExpiringGateway(DvcqgGateway):
    """Ends every session on the gateway right after the first file is stored, as when it restarts mid-sync."""

    logins = 0
    expired = False

    def login(self) -> str:
        if self._session is None:
            self.logins += 1
        return super().login()

    def _upload(self, local: Any) -> tuple[str, str]:
        stored = super()._upload(local)
        if not self.expired:
            self.expired = True
            httpx.post(f"{self.base_url}/emulator/dvcqg/expire-sessions", timeout=10).raise_for_status()
        return stored


def test_a_session_that_expires_mid_sync_logs_in_again(station: Store, receiver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = start(receiver)
    settings = dvcqg_settings(url)
    codes = [submit(station, settings, tmp_path, n) for n in range(2)]
    gateway = ExpiringGateway(settings.sync.dvcqg, PASSWORD, http_client(settings, 10))
    assert worker_for(station, gateway).drain(30).sent == 2
    assert gateway.expired and gateway.logins == 2
    assert sorted(r["MaHoSo"] for r in hoso(url)) == sorted(codes)


def test_faults_still_land_each_dossier_exactly_once(station: Store, receiver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = start(receiver, fail_rate=0.2, reset_rate=0.2, seed=7)
    settings = dvcqg_settings(url)
    codes = [submit(station, settings, tmp_path, n) for n in range(6)]
    gateway = DvcqgGateway(settings.sync.dvcqg, PASSWORD, http_client(settings, 5))
    worker_for(station, gateway).drain(90)
    assert counts(station.db)[State.SENT] == 6
    records = hoso(url)
    assert sorted(r["MaHoSo"] for r in records) == sorted(codes), "every dossier arrives exactly once"
    local = local_checksums(station, codes)
    for record in records:
        [doc, _] = record["TaiLieuNop"]
        served = httpx.get(doc["DuongDanTaiTepTin"], timeout=10)
        assert hashlib.sha256(served.content).hexdigest() == local[record["MaHoSo"]][0][1]


def test_a_schema_refusal_needs_attention_with_the_receivers_message(station: Store, receiver,  # type: ignore[no-untyped-def]
                                                                     tmp_path: Path) -> None:
    url = start(receiver)
    # a gateway that spells MaTTHC differently is configuration; here the emulator expects MaTTHC and refuses
    settings = dvcqg_settings(url, field_names={"MaTTHC": "MaThuTuc"})
    submit(station, settings, tmp_path)
    gateway = DvcqgGateway(settings.sync.dvcqg, PASSWORD, http_client(settings, 10))
    worker = worker_for(station, gateway)
    worker.drain(5)
    worker.drain(1)
    [entry] = list_entries(station.db)
    assert entry.state is State.NEEDS_ATTENTION and entry.attempts == 1
    assert entry.reason_code == "dvcqg_refused"
    assert "MaTTHC" in (entry.reason_vi or "") and "MaTTHC" in (entry.reason_en or "")
    assert entry.reason_vi and entry.reason_vi.startswith("Cổng DVCQG từ chối hồ sơ")
    assert hoso(url) == []


def test_bad_types_and_dates_are_refused_by_the_emulator(receiver) -> None:  # type: ignore[no-untyped-def]
    url = start(receiver)
    session = httpx.post(f"{url}/dvcqg/login", json={"username": USER, "password": PASSWORD},
                         headers={"dstcode": "H22"}).json()["session"]
    item = {"MaHoSo": "X-1", "MaTTHC": "1.008001", "TenTTHC": "", "ChuHoSo": "A", "LoaiDoiTuong": "1",
            "DinhDanhCHS": [], "NgayTiepNhan": "20260230080000", "NgayHenTra": "20260301080000",
            "TrangThaiHoSo": 1, "TaiKhoanDuocXacThucVoiVNeID": 0, "HoSoCoThanhPhanSoHoa": 0, "TaiLieuNop": []}

    def sync(data: dict[str, Any]) -> dict[str, Any]:
        body = {"session": session, "madonvi": "000.00.01.H22", "service": "DongBoHoSoMC", "isUpdating": False,
                "data": [data]}
        answer: dict[str, Any] = httpx.post(f"{url}/dvcqg/service", json=body).json()
        return answer

    wrong_type = sync(item)
    assert wrong_type["error_code"] != 0 and "LoaiDoiTuong" in wrong_type["message"]
    bad_date = sync({**item, "LoaiDoiTuong": 1})
    assert bad_date["error_code"] != 0 and "NgayTiepNhan" in bad_date["message"]
    missing = sync({k: v for k, v in item.items() if k != "ChuHoSo"} | {"LoaiDoiTuong": 1,
                                                                         "NgayTiepNhan": "20260227080000"})
    assert missing["error_code"] != 0 and "ChuHoSo" in missing["message"]
    good = sync({**item, "LoaiDoiTuong": 1, "NgayTiepNhan": "20260227080000"})
    assert good["error_code"] == 0
    assert sync({**item, "LoaiDoiTuong": 1, "NgayTiepNhan": "20260227080000", "ChuHoSo": "B"})[
        "error_code"] != 0, "a different record under a known MaHoSo needs isUpdating"
    assert hoso(url)[0]["ChuHoSo"] == "A"


@pytest.mark.slow
def test_done_when_submit_then_sync_lands_the_record(cli, isolated_station: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The issue's "Done when", as an admin types it: the emulator started by ``sohoa receiver``, the settings
    pointing at it, the password stored from stdin, ``sohoa submit`` then ``sohoa outbox sync --once``."""
    secret = tmp_path / "dvcqg-password.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "cli", "receiver", "--data", str(tmp_path / "rx"), "--port", "0", "--dvcqg-user",
         USER, "--dvcqg-password-file", str(secret), "--catalog", str(SAMPLE)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    try:
        assert server.stdout is not None
        url = re.search(r"http://\S+", server.stdout.readline()).group(0)  # type: ignore[union-attr]
        Path(os.environ["SOHOA_CONFIG"]).write_text(
            f'[sync]\ndestinations = ["dvcqg"]\n[sync.dvcqg]\nurl = "{url}"\nusername = "{USER}"\n'
            f'madonvi = "000.00.01.H22"\ndstcode = "H22"\nfile_store_url = "{url}"\n', encoding="utf-8")
        stored = cli("outbox", "secret", "dvcqg-password", input=PASSWORD + "\n")
        assert stored.returncode == 0, stored.stderr
        pdf = make_pdf(tmp_path / "to-khai.pdf", 3000, 3)
        submitted = cli("submit", "--procedure", "1.008001", "--applicant-id", "001090000001", "--applicant-name",
                        "Trần Thị Bình", "--component", f"TP02:Quyết định cử={pdf}", "--exempt",
                        "TP05:Thẻ căn cước=show_only")
        assert submitted.returncode == 0, submitted.stderr
        code = submitted.stdout.strip()
        synced = cli("outbox", "sync", "--once", "--backoff-base", "0.02", "--backoff-max", "0.2")
        assert synced.returncode == 0, synced.stderr + synced.stdout
        [record] = hoso(url)
        assert (record["MaHoSo"], record["MaTTHC"], record["ChuHoSo"]) == (code, "1.008001", "Trần Thị Bình")
        assert [d["MaThanhPhanHoSo"] for d in record["TaiLieuNop"]] == ["TP02", "TP05"]
        served = httpx.get(record["TaiLieuNop"][0]["DuongDanTaiTepTin"], timeout=10).content
        assert hashlib.sha256(served).hexdigest() == hashlib.sha256(pdf.read_bytes()).hexdigest()
        unconfigured = cli("outbox", "secret", "dvcqg-password", input="x\n",
                           env={"SOHOA_CONFIG": str(tmp_path / "none.toml")})
        assert unconfigured.returncode == 2 and "sync.dvcqg" in unconfigured.stderr
    finally:
        server.terminate()
        server.wait(10)


def test_each_dossier_goes_to_each_destination_once(station: Store, receiver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = start(receiver, reset_rate=0.15, seed=3)
    settings = dvcqg_settings(url)
    settings.sync.destinations = ["sohoa", "dvcqg", "sohoa"]
    settings.sync.server = url
    settings.sync.auth = "none"
    store_secret("dvcqg_password", url, PASSWORD)
    codes = [submit(station, settings, tmp_path, n) for n in range(3)]
    entries = list_entries(station.db)
    assert sorted((e.dossier_code, e.destination) for e in entries) == sorted(
        (code, name) for code in codes for name in ("sohoa", "dvcqg"))
    assert len({e.idempotency_key for e in entries}) == 6
    destinations = destinations_from_settings(settings, timeout=5, chunk_size=1024)
    worker = SyncWorker(station, destinations, policy=RetryPolicy(base=0.02, cap=0.2, rng=random.Random(1)))
    worker.drain(60)
    assert counts(station.db)[State.SENT] == 6
    assert sorted(d["code"] for d in remote_dossiers(url)) == sorted(codes)
    assert sorted(r["MaHoSo"] for r in hoso(url)) == sorted(codes)


def test_a_later_change_goes_as_an_update_after_what_it_updates(station: Store, receiver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = start(receiver)
    settings = dvcqg_settings(url)
    code = submit(station, settings, tmp_path)
    dossier_id, first = station.db.execute("select id, appointment_at from dossiers where code = ?", [code]).fetchone()
    with station.atomic() as db:  # a new appointment (form 04) before the first send went out
        db.execute("update dossiers set appointment_at = ? where id = ?", ["2027-01-04T16:30:00+07:00", dossier_id])
        files = [OutboxFile(f.name, Path(f.path), f.sha256, f.size, f.component)
                 for f in list_entries(station.db)[0].files]
        enqueue_dossier(db, dossier_id, files, "dvcqg", update=True)
    with station.atomic() as db:
        db.execute("update outbox_entries set next_attempt_at = 9e12 where revision = 0")
    gateway = DvcqgGateway(settings.sync.dvcqg, PASSWORD, http_client(settings, 10))
    worker = worker_for(station, gateway)
    worker.run_once()
    assert hoso(url) == [], "the update waits for the first send"
    make_due_now(station.db)
    worker.drain(30)
    assert counts(station.db)[State.SENT] == 2
    [record] = hoso(url)
    assert record["NgayHenTra"] == "20270104163000" != vn_datetime(first)
    receipts = [json.loads(r[0]) for r in station.db.execute("select receipt from outbox_entries order by revision")]
    assert [r["isUpdating"] for r in receipts] == [False, True]


def test_receiver_refuses_bad_gateway_options(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = str(tmp_path / "rx")
    exposed = cli("receiver", "--data", data, "--host", "0.0.0.0", "--dvcqg-user", USER, "--dvcqg-password", "x")
    assert exposed.returncode == 2 and "--dvcqg-password-file" in exposed.stderr
    assert cli("receiver", "--data", data, "--dvcqg-user", USER).returncode == 2
    assert cli("receiver", "--data", data, "--catalog", str(SAMPLE)).returncode == 2
    assert cli("receiver", "--data", data, "--dvcqg-user", USER, "--dvcqg-password", "x", "--catalog",
               str(tmp_path / "none.json")).returncode == 2


def test_off_loopback_the_listing_and_files_need_a_session(tmp_path: Path) -> None:
    app = FastAPI()
    emulator = DvcqgEmulator(tmp_path, USER, PASSWORD)
    add_dvcqg_routes(app, emulator, open_reads=False)

    async def run() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.example") as client:
            login = await client.post("/dvcqg/login", json={"username": USER, "password": PASSWORD},
                                      headers={"dstcode": "H22"})
            session = login.json()["session"]
            stored = await client.post("/dvcqg/files?name=a.pdf", content=b"%PDF-1.4 x", headers={"session": session})
            path = stored.json()["url"].split("gateway.example", 1)[1]
            assert (await client.get(path)).status_code == 401
            assert (await client.get("/emulator/dvcqg/hoso")).status_code == 401
            assert (await client.get(path, headers={"session": session})).content == b"%PDF-1.4 x"
            assert (await client.get("/emulator/dvcqg/hoso", headers={"session": session})).json() == []
            assert (await client.post("/emulator/dvcqg/expire-sessions")).status_code in (404, 405)

    asyncio.run(run())
    emulator.close()
