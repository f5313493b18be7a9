"""A dossier code in a station's offline slot can be claimed only by that station's identity (its OAuth2 client, or
the static token bound to it in the receiver's token file): another client, or the shared token, trying first is
refused (403), so the real station's dossier is not refused later as ``code_taken``."""

from __future__ import annotations

import hashlib
import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from app.core.errors import BadInputError
from app.core.storage import Store
from app.outbox import State, list_entries, retry
from app.outbox.adapters.auth import store_secret
from app.receiver.ownership import CodeOwnership
from cli.receiver import read_token_file
from tests.outbox.support import assert_exactly_once, make_worker, remote_dossiers, submit_many

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
    shared = {"Authorization": "Bearer shared-static-token"}
    assert create(url, DAY + "5399", shared).json()["error"] == "code_not_yours", "station 2 has its own client"
    assert create(url, DAY + "5400", shared).status_code == 201, "station 3 has no identity of its own"


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


TOKEN_ST01, TOKEN_ST02, SHARED = "token-of-station-01", "token-of-station-02", "shared-token-of-the-office"
BOUND = {TOKEN_ST01: "ST01", TOKEN_ST02: "ST02"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def head(url: str, station: str, token: str) -> httpx.Response:
    body = {"station": station, "audit_head": {"last_id": 3, "entries": 3, "last_hash": "cd" * 32}}
    return httpx.post(f"{url}/api/v1/audit-heads", json=body, headers=bearer(token), timeout=10)


def test_a_token_bound_to_a_station_owns_its_codes_and_heads(receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver(tokens=BOUND, token=SHARED)
    for thief in (TOKEN_ST02, SHARED):
        stolen = create(url, DAY + "5000", bearer(thief))
        assert stolen.status_code == 403 and stolen.json()["error"] == "code_not_yours"
        assert "chỉ trạm đó" in stolen.json()["message_vi"]
        assert head(url, "ST01", thief).json()["error"] == "station_not_yours"
    assert create(url, DAY + "5000", bearer(TOKEN_ST01)).status_code == 201
    assert head(url, "ST01", TOKEN_ST01).status_code == 201
    assert create(url, DAY + "5400", bearer(SHARED)).status_code == 201, "station 3 is bound to no token"
    assert head(url, "ST03", SHARED).status_code == 201
    assert create(url, DAY + "0042", bearer(TOKEN_ST02)).status_code == 201, "pool numbers are not checked here"
    assert create(url, DAY + "5001", bearer("not-a-token-at-all")).status_code == 401
    posing = {"code": DAY + "5002", "station": "ST02",
              "audit_head": {"last_id": 9, "entries": 9, "last_hash": "ef" * 32},
              "files": [{"name": "a.pdf", "sha256": "0" * 64, "size": 1}]}
    answer = httpx.post(f"{url}/api/v1/submissions", json=posing, timeout=10,
                        headers={**bearer(TOKEN_ST01), "Idempotency-Key": str(uuid.uuid4())})
    assert answer.status_code == 201, "a dossier is never refused for its head"
    kept = httpx.get(f"{url}/api/v1/audit-heads", headers=bearer(SHARED), timeout=10).json()
    assert [(h["station"], h["entries"]) for h in kept] == [("ST01", 3), ("ST03", 3)], "ST02's head not taken from ST01"


def test_the_race_for_a_code_is_always_won_by_its_station(receiver) -> None:  # type: ignore[no-untyped-def]
    """Claims of the same codes fired at once by the owning station, another station and the shared token, in a
    shuffled order: whoever gets there first, each code is the owner's, once."""
    url = receiver(tokens=BOUND, token=SHARED)
    codes = [f"{DAY}{5000 + n}" for n in range(12)]
    claims = [(code, token) for code in codes for token in (TOKEN_ST01, TOKEN_ST02, SHARED)]
    random.Random(18).shuffle(claims)
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda claim: (claim[1], create(url, claim[0], bearer(claim[1]))), claims))
    assert {a.status_code for token, a in answers if token == TOKEN_ST01} == {201}
    assert {(a.status_code, a.json()["error"]) for token, a in answers if token != TOKEN_ST01} == {
        (403, "code_not_yours")}
    assert sorted(d["code"] for d in remote_dossiers(url, token=TOKEN_ST01)) == codes


def test_the_station_sends_its_dossiers_though_another_claimed_their_codes_first(  # type: ignore[no-untyped-def]
        station: Store, tmp_path: Path, receiver) -> None:
    url = receiver(tokens=BOUND, token=SHARED)
    codes = submit_many(station, tmp_path, 2, files=1)
    assert all(CodeOwnership().slot_owner(code) == 1 for code in codes), "ST01 numbers from its offline slot"
    for code in codes:  # a rogue client gets there first, with another station's token or the office's shared one
        assert create(url, code, bearer(TOKEN_ST02)).status_code == 403
        assert create(url, code, bearer(SHARED)).status_code == 403

    store_secret("token", url, TOKEN_ST02)  # the station set up with another station's token: told, not lost
    worker = make_worker(station, url)
    try:
        worker.drain(30)
        held = list_entries(station.db, [State.NEEDS_ATTENTION])
        assert [e.reason_code for e in held] == ["code_not_yours"] * 2
        assert "dải số của trạm khác" in str(held[0].reason_vi)
    finally:
        for destination in worker.destinations.values():
            destination.close()

    store_secret("token", url, TOKEN_ST01)
    for code in codes:
        retry(station.db, code)
    worker = make_worker(station, url)
    try:
        assert worker.drain(30).sent == 2
    finally:
        for destination in worker.destinations.values():
            destination.close()
    assert_exactly_once(station, url, codes, token=TOKEN_ST01)


def test_the_token_file_binds_tokens_to_stations(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    path.write_text(f"# the office's shared token, then one per station\n{SHARED}\n\nST01 {TOKEN_ST01}\n"
                    f"  ST02\t{TOKEN_ST02}  \n", encoding="utf-8")
    assert read_token_file(path) == (SHARED, BOUND)
    path.write_text(f"{SHARED}\n", encoding="utf-8")
    assert read_token_file(path) == (SHARED, {})
    for bad in (f"ST01 {TOKEN_ST01}\nST02 {TOKEN_ST01}\n", f"ST01 {TOKEN_ST01}\nST01 {TOKEN_ST02}\n",
                f"{SHARED}\n{TOKEN_ST01}\n", "ST01 short\n", f"counter {TOKEN_ST01}\n", f"ST01 {TOKEN_ST01} x\n",
                "# nothing\n"):
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(BadInputError):
            read_token_file(path)


def test_a_bad_token_file_is_refused_before_the_receiver_starts(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "tokens").write_text(f"ST01 {TOKEN_ST01}\nST02 {TOKEN_ST01}\n", encoding="utf-8")
    result = cli("receiver", "--data", str(tmp_path / "rx"), "--port", "0", "--token-file", str(tmp_path / "tokens"))
    assert result.returncode == 2 and "dùng lại một mã truy cập" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "rx").exists()
