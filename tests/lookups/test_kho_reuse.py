"""Reuse before scanning against the emulated gateway's data store (``--kho-seed``): the lookup and its matching,
a component reused and nothing scanned for it, the reuse fields the gateway receives, references the citizen
shows verified once the store can be reached, and every lookup in the audit trail."""

from __future__ import annotations

import json
import random
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.core.config import KhoSettings, Settings
from app.core.errors import BadInputError
from app.core.storage import Store, now_iso
from app.counter.followups import station_followups
from app.counter.reuse import ReuseDesk
from app.counter.submit import ComponentFile, ReusedComponent, parse_reuse, submit_dossier
from app.dossiers import lifecycle
from app.dossiers.intake import open_dossier
from app.dossiers.lifecycle import ComponentStatus, LifecycleError
from app.dossiers.model import Applicant
from app.dossiers.reuse import Verification
from app.lookups.gateway import kho_source
from app.lookups.model import LookupUnavailable
from app.outbox import RetryPolicy, State, SyncWorker, counts
from app.outbox.adapters import destinations_from_settings
from app.outbox.adapters.auth import store_secret
from app.papers.receipts import render_receipt
from app.receiver.lookup_seeds import KhoSeed
from app.reports.figures import Period, build_report
from tests.lookups.conftest import DECISION, NOBODY, OWNER, PASSWORD, Gateway, gateway_settings
from tests.outbox.support import make_pdf

PROCEDURE = "1.008001"  # TP02: "Quyết định cử hoặc cho phép đi công tác nước ngoài của cấp có thẩm quyền"


def hoso(url: str) -> list[dict[str, Any]]:
    response = httpx.get(f"{url}/emulator/dvcqg/hoso", timeout=10)
    response.raise_for_status()
    result: list[dict[str, Any]] = response.json()
    return result


def audit_lines(run: Callable[..., int], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert run(["audit", "list", "--json", "--limit", "200"]) == 0
    result: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return result


def test_the_store_answers_each_owner_and_serves_the_file(gateway: Gateway) -> None:
    source = kho_source(gateway.settings)
    try:
        papers = source.find(OWNER, "Nguyễn Thị Hoa", PROCEDURE)
        assert [p.result_code for p in papers] == ["KQ.G15.000034", "KQ.G15.000099", "KQ.G01.000001"]
        decision = papers[0]
        assert (decision.so_ky_hieu, decision.agency, decision.valid_until) == ("123/QĐ-UBND", "UBND tỉnh Hà Nam",
                                                                                None)
        name, data = source.fetch(decision.agency, decision.files[0].url)
        assert name == "quyet-dinh.pdf" and data == gateway.stored_pdf.read_bytes()
        assert source.find(NOBODY, "", PROCEDURE) == []
        asked = source.find(OWNER, "", PROCEDURE, [("KQ.G15.000034", "123/qđ-ubnd")])
        assert [p.so_ky_hieu for p in asked] == ["123/QĐ-UBND"]
    finally:
        source.close()


def test_reuse_find_lists_papers_per_component_and_the_lookup_is_audited(
        gateway: Gateway, run: Callable[..., int], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["reuse", "find", "--applicant-id", OWNER, "--procedure", PROCEDURE, "--json"]) == 0
    found = {c["code"]: c for c in json.loads(capsys.readouterr().out)}
    assert [p["so_ky_hieu"] for p in found["TP02"]["papers"]] == ["123/QĐ-UBND"]  # matched by name
    assert found["TP03"]["papers"] == [] and [p["so_ky_hieu"] for p in found["TP03"]["expired"]] == ["A-1"]
    assert all(not c["papers"] for code, c in found.items() if code != "TP02")  # the driving licence fits nothing
    [entry] = [e for e in audit_lines(run, capsys) if e["action"] == "kho_lookup"]
    assert entry["details"]["personal_id"] == OWNER and entry["details"]["answer"]["found"] == 3
    assert entry["clerk"] and entry["at"]
    assert run(["reuse", "find", "--applicant-id", "12", "--procedure", PROCEDURE]) == 2  # bad input: nothing asked
    assert len([e for e in audit_lines(run, capsys) if e["action"] == "kho_lookup"]) == 1


def test_a_component_found_in_the_store_is_reused_and_sent_with_its_reference(
        gateway: Gateway, station: Store, tmp_path: Path, run: Callable[..., int],
        capsys: pytest.CaptureFixture[str]) -> None:
    """``sohoa submit --reuse`` then ``sohoa outbox sync --once``: the reference is verified against the store
    before the dossier leaves, and the gateway's record carries DuocTaiSuDung, DuocLayTuKhoDMQG, MaKetQuaThayThe."""
    form = make_pdf(tmp_path / "to-khai.pdf", 2500, 3)
    assert run(["submit", "--procedure", PROCEDURE, "--applicant-id", OWNER, "--applicant-name", "Nguyễn Thị Hoa",
                "--component", f"TP01:Tờ khai={form}", "--reuse", "TP02=KQ.G15.000034:123/QĐ-UBND"]) == 0
    code = capsys.readouterr().out.strip()
    reused = station.db.execute("select c.id, c.status from components c join dossiers d on d.id = c.dossier_id "
                                "where d.code = ? and c.code = 'TP02'", [code]).fetchone()
    assert reused[1] == ComponentStatus.REUSED
    assert not station.db.execute("select count(*) from pages where component_id = ?", [reused[0]]).fetchone()[0]
    assert ReuseDesk(gateway.settings, station).reuse.of(reused[0]).verification == Verification.UNVERIFIED  # type: ignore[union-attr]

    assert run(["outbox", "sync", "--once", "--backoff-base", "0.02", "--backoff-max", "0.2"]) == 0
    [record] = hoso(gateway.url)
    form_doc, decision = record["TaiLieuNop"]
    assert form_doc["MaThanhPhanHoSo"] == "TP01" and form_doc["DuocSoHoa"] == 1 and form_doc["DuocTaiSuDung"] == 0
    assert decision == {"TepDinhKemId": "", "TenTepDinhKem": "", "DuongDanTaiTepTin": "", "MaThanhPhanHoSo": "TP02",
                        "DuocSoHoa": 0, "DuocTaiSuDung": 1, "DuocLayTuKhoDMQG": 1,
                        "MaKetQuaThayThe": "KQ.G15.000034"}
    ref = ReuseDesk(gateway.settings, station).reuse.of(reused[0])
    assert ref is not None and ref.verification == Verification.VERIFIED and ref.agency == "UBND tỉnh Hà Nam"
    actions = [e["action"] for e in audit_lines(run, capsys) if e["dossier_code"] == code]
    assert "component_reused" in actions and "kho_lookup" in actions and "reuse_verified" in actions
    today = now_iso()[:10]
    totals = build_report(station.db, Period.parse(date_from=today, date_to=today)).totals
    assert (totals.components, totals.components_reused, totals.share_reused) == (2, 1, 0.5)  # 766/QĐ-TTg


def test_a_reference_the_store_does_not_hold_is_sent_as_reused_but_not_from_the_store(
        gateway: Gateway, station: Store, tmp_path: Path, run: Callable[..., int],
        capsys: pytest.CaptureFixture[str]) -> None:
    form = make_pdf(tmp_path / "to-khai.pdf", 2500, 4)
    assert run(["submit", "--procedure", PROCEDURE, "--applicant-id", OWNER, "--applicant-name", "Nguyễn Thị Hoa",
                "--component", f"TP01:Tờ khai={form}", "--reuse", "TP02=KQ.G15.000034:999/QĐ-GIẢ"]) == 0
    capsys.readouterr()
    assert run(["outbox", "sync", "--once", "--backoff-base", "0.02", "--backoff-max", "0.2"]) == 0
    decision = hoso(gateway.url)[0]["TaiLieuNop"][1]
    assert (decision["DuocTaiSuDung"], decision["DuocLayTuKhoDMQG"]) == (1, 0)
    assert station.db.execute("select verification from component_reuse").fetchone()[0] == Verification.NOT_FOUND


def test_offline_a_shown_reference_waits_unverified_and_is_verified_when_the_store_answers(
        gateway: Gateway, station: Store) -> None:
    offline = gateway_settings("http://127.0.0.1:9")  # nothing listens on the discard port
    store_secret("dvcqg_password", offline.sync.dvcqg.url, PASSWORD)
    opened = open_dossier(station, offline, PROCEDURE, Applicant("Nguyễn Thị Hoa", OWNER))
    desk = ReuseDesk(offline, station)
    with pytest.raises(LookupUnavailable):
        desk.find_for_dossier(opened.id)
    tp02 = opened.components[1]
    desk.mark_shown(tp02, "KQ.G15.000034", "123/QĐ-UBND")
    assert desk.unverified(opened.id)
    assert desk.verify_pending() == 0 and desk.unverified(opened.id)  # still offline: nothing settled
    online = ReuseDesk(gateway.settings, station)
    assert online.verify_pending() == 1
    ref = online.references(opened.id)[tp02]
    assert ref.verification == Verification.VERIFIED and ref.source == "citizen" and ref.name == DECISION["TenGiayTo"]
    assert not online.unverified(opened.id)
    lookups = station.db.execute("select details from audit_log where action = 'kho_lookup' order by id").fetchall()
    assert [json.loads(d[0])["answer"].get("error") for d in lookups] == ["unavailable", "unavailable", None]


def test_reused_needs_no_scan_counts_as_ready_and_the_receipt_says_so(gateway: Gateway, station: Store,
                                                                        tmp_path: Path) -> None:
    settings = gateway.settings
    opened = open_dossier(station, settings, PROCEDURE, Applicant("Nguyễn Thị Hoa", OWNER))
    desk = ReuseDesk(settings, station)
    found = {c.component_id: c for c in desk.find_for_dossier(opened.id)}
    tp02 = opened.components[1]
    assert [p.so_ky_hieu for p in found[tp02].papers] == ["123/QĐ-UBND"]
    dossier = desk.dossiers.get(opened.id)
    before = desk.dossiers.component(tp02)
    assert lifecycle.can_reuse(before, dossier) and not lifecycle.component_ready(before)
    desk.mark(tp02, found[tp02].papers[0])
    after = desk.dossiers.component(tp02)
    assert after["status"] == ComponentStatus.REUSED and lifecycle.component_ready(after)
    assert lifecycle.can_scan(after, dossier).reason == "reused"
    assert lifecycle.can_sign(after, blocking=False).reason == "reused"
    assert after not in lifecycle.paper_only(desk.dossiers.components(opened.id))
    with pytest.raises(LifecycleError):
        desk.mark(tp02, found[tp02].papers[0])  # once is enough
    fetched = desk.fetch(opened.id, found[tp02].papers[0])
    assert fetched.read_bytes() == gateway.stored_pdf.read_bytes()
    receipt = render_receipt(station, opened.id, tmp_path / "receipt.pdf", settings=settings)
    text = pdf_text(receipt)
    assert "tái sử dụng (123/QĐ-UBND)" in text
    desk.undo(tp02)
    assert desk.dossiers.component(tp02)["status"] == ComponentStatus.EMPTY and not desk.references(opened.id)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_reuse_argument_is_checked() -> None:
    item = parse_reuse("TP02:Quyết định=KQ.G15.000034:123/QĐ-UBND")
    assert (item.code, item.name, item.result_code, item.so_ky_hieu) == ("TP02", "Quyết định", "KQ.G15.000034",
                                                                         "123/QĐ-UBND")
    for bad in ("TP02", "TP02=", "=KQ:1", "TP02=:"):
        with pytest.raises(BadInputError):
            parse_reuse(bad)


def test_submit_with_reuse_refuses_a_bad_reference_and_writes_nothing(station: Store, tmp_path: Path) -> None:
    form = make_pdf(tmp_path / "f.pdf", 2000, 1)
    with pytest.raises(BadInputError):  # refused after the dossier was opened: the whole transaction goes
        submit_dossier(station, Settings(), PROCEDURE, Applicant("A B", OWNER), [ComponentFile("Tờ khai", form)],
                       "sohoa", reuse=[ReusedComponent("Quyết định", "", " ", "TP02")])
    assert station.db.execute("select count(*) from dossiers").fetchone()[0] == 0


def test_the_sync_holds_a_dossier_while_its_shown_reference_cannot_be_verified(gateway: Gateway, station: Store,
                                                                               tmp_path: Path) -> None:
    """The gateway is reachable but the data store is not: the dossier waits rather than leave unverified."""
    form = make_pdf(tmp_path / "to-khai.pdf", 2500, 8)
    submit_dossier(station, gateway.settings, PROCEDURE, Applicant("Nguyễn Thị Hoa", OWNER),
                   [ComponentFile("Tờ khai", form, "TP01")], ["dvcqg"],
                   reuse=[parse_reuse("TP02=KQ.G15.000034:123/QĐ-UBND")])
    no_store = replace(gateway.settings, kho=KhoSettings(url="http://127.0.0.1:9"))
    store_secret("dvcqg_password", "http://127.0.0.1:9", PASSWORD)
    policy = RetryPolicy(base=0.02, cap=0.2, rng=random.Random(1))
    held = SyncWorker(station, destinations_from_settings(no_store), policy=policy,
                      followups=station_followups(station, no_store))
    held.run_once()
    assert counts(station.db)[State.QUEUED] == 1 and hoso(gateway.url) == []
    worker = SyncWorker(station, destinations_from_settings(gateway.settings), policy=policy,
                        followups=station_followups(station, gateway.settings))
    assert worker.drain(30).sent == 1
    assert hoso(gateway.url)[0]["TaiLieuNop"][1]["DuocLayTuKhoDMQG"] == 1


def test_the_receiver_refuses_seeds_it_cannot_use(tmp_path: Path, run: Callable[..., int],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "receiver")
    assert run(["receiver", "--data", data, "--kho-seed", str(tmp_path / "kho.json")]) == 2  # no gateway account
    assert "--dvcqg-user" in capsys.readouterr().err
    assert run(["receiver", "--data", data, "--dvcqg-user", "u", "--dvcqg-password", "p", "--identity-seed",
                str(tmp_path / "missing.json")]) == 2
    broken = tmp_path / "kho.json"
    broken.write_text(json.dumps({OWNER: [{"TenGiayTo": "no result code"}]}), encoding="utf-8")
    with pytest.raises(BadInputError):
        KhoSeed(broken)
