"""The applicant's identity against the emulated identity source (``--identity-seed``): the command's answer and
exit codes, the answer kept on the dossier and sent as TaiKhoanDuocXacThucVoiVNeID, the clerk's reading of the
citizen's app when offline, every lookup in ``sohoa audit``, and the registration guide with its QR code."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import zxingcpp
from PIL import Image

from app.core.storage import Store
from app.counter.identity import CITIZEN_APP, IdentityDesk
from app.counter.submit import ComponentFile, submit_dossier
from app.dossiers.model import Applicant
from app.lookups.model import LookupUnavailable
from app.outbox.adapters.auth import store_secret
from app.papers.vneid_guide import render_vneid_guide
from tests.lookups.conftest import OWNER, PASSWORD, Gateway, gateway_settings
from tests.outbox.support import make_pdf


def check(run: Callable[..., int], capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    capsys.readouterr()
    code = run(["identity", "check", *args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def test_identity_check_answers_and_exit_codes(gateway: Gateway, run: Callable[..., int],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, answer = check(run, capsys, "--id", OWNER, "--name", "nguyễn thị  HOA", "--dob", "1990-05-17")
    assert code == 0 and answer == {"known": True, "vneid": True, "ial": 2, "source": "lookup", "verified": True}
    code, answer = check(run, capsys, "--id", "001090000002", "--name", "Trần Văn Bình", "--dob", "1985-01-02")
    assert code == 1 and answer["known"] is True and answer["vneid"] is False  # known, no account
    code, answer = check(run, capsys, "--id", OWNER, "--name", "Nguyễn Thị Hoa", "--dob", "1990-05-18")
    assert code == 1 and answer["known"] is False  # the date of birth does not match
    code, answer = check(run, capsys, "--id", "001090000777", "--name", "Ai Đó", "--dob", "2000-01-01")
    assert code == 1 and answer == {"known": False, "vneid": False, "ial": None, "source": "lookup",
                                    "verified": False}
    for bad in (["--id", "12345", "--name", "A B", "--dob", "2000-01-01"],
                ["--id", OWNER, "--name", "A B", "--dob", "17/05/1990"]):
        assert check(run, capsys, *bad)[0] == 2  # nothing asked

    capsys.readouterr()
    assert run(["audit", "list", "--limit", "20"]) == 0
    listed = [line for line in capsys.readouterr().out.splitlines() if "Tra cứu định danh" in line]
    assert len(listed) == 4 and f"ID {OWNER}: known=True, vneid=True, ial=2, source=lookup" in listed[-1]


def test_the_answer_is_kept_on_the_dossier_and_sent_to_the_gateway(gateway: Gateway, station: Store,
                                                                   tmp_path: Path, run: Callable[..., int]) -> None:
    pdf = make_pdf(tmp_path / "to-khai.pdf", 2000, 5)
    dossier_id, code = submit_dossier(station, gateway.settings, "1.008001", Applicant("Nguyễn Thị Hoa", OWNER),
                                      [ComponentFile("Tờ khai", pdf, "TP01")], gateway.settings.sync.targets)
    desk = IdentityDesk(gateway.settings, station)
    desk.check(OWNER, "Nguyễn Thị Hoa", "1990-05-17", dossier_id=dossier_id)
    kept = desk.of_dossier(dossier_id)
    assert kept is not None and (kept.verified, kept.ial, kept.source) == (True, 2, "lookup")
    assert run(["outbox", "sync", "--once", "--backoff-base", "0.02", "--backoff-max", "0.2"]) == 0
    [record] = httpx.get(f"{gateway.url}/emulator/dvcqg/hoso", timeout=10).json()
    assert record["MaHoSo"] == code and record["TaiKhoanDuocXacThucVoiVNeID"] == 1
    assert record["DinhDanhCHS"] == [{"LoaiDinhDanh": 1, "SoDinhDanh": OWNER}]
    row = station.db.execute("select dossier_code, details from audit_log where action = 'identity_lookup'").fetchone()
    assert row[0] == code and json.loads(row[1])["personal_id"] == OWNER


def test_offline_the_clerk_records_what_the_citizens_app_shows(station: Store, tmp_path: Path) -> None:
    settings = gateway_settings("http://127.0.0.1:9")  # nothing listens there
    store_secret("dvcqg_password", settings.sync.dvcqg.url, PASSWORD)
    pdf = make_pdf(tmp_path / "to-khai.pdf", 2000, 6)
    dossier_id, _ = submit_dossier(station, settings, "1.008001", Applicant("Nguyễn Thị Hoa", OWNER),
                                   [ComponentFile("Tờ khai", pdf, "TP01")], ["dvcqg"])
    desk = IdentityDesk(settings, station)
    with pytest.raises(LookupUnavailable) as caught:
        desk.check(OWNER, "Nguyễn Thị Hoa", "1990-05-17", dossier_id=dossier_id)
    assert caught.value.exit_code == 6 and desk.of_dossier(dossier_id) is None
    shown = desk.record_app(dossier_id, vneid=True, ial=2)
    assert shown.source == CITIZEN_APP and desk.of_dossier(dossier_id) == shown
    payload = json.loads(station.db.execute("select payload from outbox_entries").fetchone()[0])
    assert payload["vneid_verified"] is True
    answers = [json.loads(r[0])["answer"] for r in station.db.execute(
        "select details from audit_log where action = 'identity_lookup' order by id")]
    assert answers[0]["error"] == "unavailable" and answers[1]["source"] == CITIZEN_APP


def test_the_registration_guide_is_one_page_with_a_qr_to_the_portal(tmp_path: Path) -> None:
    out = render_vneid_guide(tmp_path / "huong-dan.pdf", agency="UBND tỉnh (mẫu)", unit="Bộ phận Một cửa",
                             portal_url="https://vneid.gov.vn", applicant_name="Trần Văn Bình")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "ĐĂNG KÝ TÀI KHOẢN ĐỊNH DANH ĐIỆN TỬ" in text and "Trần Văn Bình" in text
    assert "\f" not in text.rstrip("\f")  # one page
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(out), str(tmp_path / "page")], check=True)
    found = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"), formats=zxingcpp.BarcodeFormat.QRCode)
    assert found and {f.text for f in found} == {"https://vneid.gov.vn"}
