"""The reference receiver is safe to put on a network (issue 18): bounded bodies, declared sizes and counts, numbers in
range, malformed credentials refused as 401, codes and names that cannot name a path, and no open listener off
loopback. Each against a real receiver on 127.0.0.1."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.receiver.api import MAX_DOSSIER_SIZE, MAX_FILE_SIZE, MAX_FILES
from tests.conftest import ROOT

API = "/api/v1"
TOKEN = "a-long-enough-test-token-18"


def _body(**changes: Any) -> dict[str, Any]:
    data = b"%PDF-1.7 limits"
    body: dict[str, Any] = {"code": "000.00.01.H22-261124-0001", "procedure": "1.000948", "applicant_name": "Võ Văn E",
                            "files": [{"name": "to-khai.pdf", "sha256": hashlib.sha256(data).hexdigest(),
                                       "size": len(data)}]}
    body.update(changes)
    return body


def _file(**changes: Any) -> dict[str, Any]:
    return {**_body()["files"][0], **changes}


def _post(url: str, body: Any, **headers: Any) -> httpx.Response:
    return httpx.post(f"{url}{API}/submissions", json=body,
                      headers={"Idempotency-Key": str(uuid.uuid4()), **headers}, timeout=30)


@pytest.mark.parametrize("body", [
    _body(files=[_file(size=2**63)]),
    _body(files=[_file(size=MAX_FILE_SIZE + 1)]),
    _body(files=[_file(size=-1)]),
    _body(files=[_file(name=f"{n}.pdf", size=MAX_FILE_SIZE) for n in range(MAX_DOSSIER_SIZE // MAX_FILE_SIZE + 1)]),
    _body(files=[_file(name=f"{n}.pdf") for n in range(MAX_FILES + 1)]),
    _body(code="../../etc"), _body(code="a\x00b"), _body(code="a\nb"), _body(code=".hidden"),
    _body(files=[_file(name="../x.pdf")]), _body(files=[_file(name="a\\b.pdf")]),
    _body(files=[_file(name="x\x00.pdf")]),
    _body(applicant_name="Võ Văn E\nforged log line"), _body(station="s\x00"),
    _body(applicant_name="x" * 5000),
], ids=["size-2^63", "size-over-cap", "size-negative", "dossier-total", "file-count", "code-dotdot", "code-nul",
        "code-newline", "code-dot", "name-dotdot", "name-backslash", "name-nul", "applicant-newline", "station-nul",
        "long-text"])
def test_out_of_range_or_unsafe_submissions_are_4xx(receiver, body: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    answer = _post(receiver(), body)
    assert answer.status_code == 422, answer.text


def test_json_body_over_a_mebibyte_is_413(receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver()
    big = _body(procedure_name="x" * (2 << 20))
    assert _post(url, big).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams in
        yield b'{"code": "x", "procedure_name": "'
        for _ in range(40):
            yield b"y" * 65536
        yield b'"}'

    streamed = httpx.post(f"{url}{API}/submissions", content=chunks(), timeout=30,
                          headers={"Idempotency-Key": str(uuid.uuid4()), "Content-Type": "application/json"})
    assert streamed.status_code == 413
    assert httpx.get(f"{url}{API}/health").status_code == 200


def test_upload_numbers_are_range_checked(receiver) -> None:  # type: ignore[no-untyped-def]
    url = receiver()
    sub = _post(url, _body()).json()["id"]
    base = f"{url}{API}/submissions/{sub}/files"
    assert httpx.put(f"{base}/0", content=b"x", headers={"Upload-Offset": str(2**63)}).status_code == 422
    assert httpx.put(f"{base}/{10**20}", content=b"x", headers={"Upload-Offset": "0"}).status_code == 422
    assert httpx.put(f"{url}{API}/submissions/..%2F..%2Fx/files/0", content=b"x",
                     headers={"Upload-Offset": "0"}).status_code in (404, 422)


@pytest.mark.parametrize("header", [b"Bearer t\xf6ken", b"Bearer", b"Basic \xff\xfe", b"Bearer " + b"a" * 4000])
def test_malformed_authorization_is_401(receiver, header: bytes) -> None:  # type: ignore[no-untyped-def]
    url = receiver(token=TOKEN)
    assert httpx.get(f"{url}{API}/dossiers", headers={"Authorization": header}).status_code == 401
    assert httpx.get(f"{url}{API}/dossiers", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


@pytest.mark.parametrize("header", [b"Basic !!!not-base64", b"Basic " + b"\xff\xfe", b"Basic /w=="])
def test_malformed_client_credentials_are_401(receiver, header: bytes) -> None:  # type: ignore[no-untyped-def]
    url = receiver(clients={"station": "secret-of-the-station"})
    answer = httpx.post(f"{url}/oauth/token", content=b"grant_type=client_credentials",
                        headers={"Authorization": header, "Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 401


def test_no_open_receiver_off_loopback(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    refused = cli("receiver", "--host", "0.0.0.0", "--port", "0", "--data", str(tmp_path / "r"), timeout=60,
                  env={"SOHOA_RECEIVER_TOKEN": ""})
    assert refused.returncode == 2 and "127.0.0.1" in refused.stderr and "Traceback" not in refused.stderr
    in_ps = cli("receiver", "--host", "0.0.0.0", "--port", "0", "--token", TOKEN, "--data", str(tmp_path / "r"),
                timeout=60)
    assert in_ps.returncode == 2 and "--token-file" in in_ps.stderr


def test_token_from_a_file(tmp_path: Path) -> None:
    (tmp_path / "token").write_text(TOKEN + "\n")
    process = subprocess.Popen([sys.executable, "-m", "cli", "receiver", "--port", "0", "--data", str(tmp_path / "r"),
                                "--token-file", str(tmp_path / "token")], stdout=subprocess.PIPE, text=True,
                               cwd=ROOT, env={**_env(), "SOHOA_RECEIVER_TOKEN": ""})
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = line.split()[2]
        assert httpx.get(f"{url}{API}/dossiers").status_code == 401
        assert httpx.get(f"{url}{API}/dossiers", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    finally:
        process.terminate()
        process.wait(10)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}
