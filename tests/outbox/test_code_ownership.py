"""A dossier code in a station's offline slot can be claimed only by that station's client: another client trying
first is refused (403), so the real station's dossier is not refused later as ``code_taken``."""

from __future__ import annotations

import hashlib
import uuid

import httpx
import pytest

from app.receiver.ownership import CodeOwnership

DAY = "000.00.01.H22-261124-"


def token(url: str, client_id: str, secret: str) -> dict[str, str]:
    answer = httpx.post(f"{url}/oauth/token", data={"grant_type": "client_credentials", "client_id": client_id,
                                                    "client_secret": secret}, timeout=10)
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def create(url: str, code: str, headers: dict[str, str]) -> httpx.Response:
    data = code.encode()
    body = {"code": code, "files": [{"name": "a.pdf", "sha256": hashlib.sha256(data).hexdigest(), "size": 1}]}
    return httpx.post(f"{url}/api/v1/submissions", json=body,
                      headers={**headers, "Idempotency-Key": str(uuid.uuid4())}, timeout=10)


def test_only_the_slots_station_claims_its_codes(receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver(clients={"ST01": "secret-of-st01", "ST02": "secret-of-st02"}, token="shared-static-token")
    st01, st02 = token(url, "ST01", "secret-of-st01"), token(url, "ST02", "secret-of-st02")
    stolen = create(url, DAY + "5000", st02)
    assert stolen.status_code == 403 and stolen.json()["error"] == "code_not_yours"
    assert stolen.json()["owner_station"] == 1 and "trạm số 1" in stolen.json()["message_vi"]
    assert create(url, DAY + "5000", st01).status_code == 201, "the real station's dossier is not code_taken"
    assert create(url, DAY + "5200", st02).status_code == 201
    assert create(url, DAY + "0042", st02).status_code == 201, "pool numbers are not checked here"
    assert create(url, DAY + "5399", {"Authorization": "Bearer shared-static-token"}).status_code == 201


@pytest.mark.parametrize(("code", "owner"), [
    (DAY + "0001", None), (DAY + "4999", None), (DAY + "5000", 1), (DAY + "5199", 1), (DAY + "5200", 2),
    (DAY + "9799", 24), (DAY + "9800", 25), (DAY + "9999", 25), ("KHAC-1", None),
])
def test_which_station_a_code_belongs_to(code: str, owner: int | None) -> None:
    assert CodeOwnership().slot_owner(code) == owner


def test_client_ids_without_a_station_number_own_no_slot() -> None:
    ownership = CodeOwnership()
    assert ownership.refuses(DAY + "5000", "province-portal") == 1
    assert ownership.refuses(DAY + "5000", None) is None
    assert CodeOwnership("{agency}/{yyyymmdd}/{seq:05d}").refuses("H22/20261124/50000", "ST02") == 1


def test_a_bad_code_format_is_refused_before_the_receiver_starts(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = cli("receiver", "--data", str(tmp_path / "rx"), "--port", "0", "--code-format", "{seq}")
    assert result.returncode == 2 and "Mẫu mã hồ sơ không hợp lệ" in result.stderr and not (tmp_path / "rx").exists()
