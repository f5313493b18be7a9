"""The SoHoa intake API (docs/api/openapi.yaml): create a submission under the idempotency key, upload each file
in resumable chunks (the receiver verifies SHA-256), then commit and keep the receipt."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from app.outbox.adapters.auth import Auth, NoAuth
from app.outbox.adapters.base import LocalFile, SendContext
from app.outbox.adapters.http import error_body, status_failure, transport_failure
from app.outbox.model import Entry, PermanentFailure, Receipt, TransientFailure

API = "/api/v1"
MAX_OFFSET_RESYNCS = 5


class SohoaIntake:
    name = "sohoa"

    def __init__(self, base_url: str, client: httpx.Client, auth: Auth | None = None,
                 chunk_size: int = 1 << 20) -> None:
        self.base_url = base_url.rstrip("/")
        self.client = client
        self.auth = auth or NoAuth()
        self.chunk_size = chunk_size

    def close(self) -> None:
        self.client.close()

    def _request(self, method: str, path: str, expected: Sequence[int] = (200,), **kwargs: Any) -> httpx.Response:
        for attempt in (1, 2):
            headers = {**kwargs.pop("headers", {}), **self.auth.headers()}
            try:
                response = self.client.request(method, self.base_url + path, headers=headers, **kwargs)
            except httpx.TransportError as exc:
                raise transport_failure(exc) from exc
            if response.status_code == 401 and attempt == 1:
                self.auth.invalidate()
                kwargs["headers"] = {k: v for k, v in headers.items() if k.lower() != "authorization"}
                continue
            if response.status_code in expected:
                return response
            raise status_failure(response)
        raise AssertionError("unreachable")

    def probe(self) -> None:
        self._request("GET", f"{API}/health")

    def send_audit_head(self, station: str, head: dict[str, Any]) -> None:
        self._request("POST", f"{API}/audit-heads", expected=(200, 201), json={"station": station, "audit_head": head})

    def send(self, entry: Entry, files: Sequence[LocalFile], context: SendContext) -> Receipt:
        submission = self._create(entry, files)
        sub_id = str(submission["id"])
        context.remote_id(sub_id)
        context.heartbeat()
        status = submission if submission.get("fresh") else self._status(sub_id)
        if status.get("committed"):
            return self._receipt(status)
        for index, (local, remote) in enumerate(zip(files, status["files"], strict=True)):
            if not remote.get("complete"):
                self._upload(sub_id, index, local, int(remote.get("received", 0)), context)
        return self._commit(sub_id)

    def _create(self, entry: Entry, files: Sequence[LocalFile]) -> dict[str, Any]:
        p = entry.payload
        body = {
            "code": entry.dossier_code, "procedure": p.get("procedure_code") or "",
            "procedure_name": p.get("procedure_name") or "", "applicant_id": p.get("applicant_id") or "",
            "applicant_name": p.get("applicant_name") or "", "station": p.get("station") or "",
            "received_at_counter": p.get("finished_at") or p.get("created_at") or "",
            "files": [{"name": f.name, "component": f.component, "sha256": f.sha256, "size": f.size,
                       "media_type": f.media_type} for f in files],
        }
        if isinstance(p.get("audit_head"), dict):
            body["audit_head"] = p["audit_head"]
        response = self._request("POST", f"{API}/submissions", expected=(200, 201, 403, 409), json=body,
                                 headers={"Idempotency-Key": entry.idempotency_key})
        data = error_body(response)
        if response.status_code == 403:
            raise status_failure_409(response, data)
        if response.status_code == 409:
            if data.get("error") != "duplicate_key" or not data.get("id"):
                raise status_failure_409(response, data)
            return {"id": data["id"]}
        return {**data, "fresh": response.status_code == 201 and response.headers.get("idempotent-replayed") is None}

    def _status(self, sub_id: str) -> dict[str, Any]:
        response = self._request("GET", f"{API}/submissions/{sub_id}", expected=(200, 404))
        if response.status_code == 404:
            raise remote_lost(sub_id)
        return error_body(response)

    def _upload(self, sub_id: str, index: int, local: LocalFile, offset: int, context: SendContext) -> None:
        resyncs = 0
        with local.path.open("rb") as handle:
            while True:
                handle.seek(offset)
                chunk = handle.read(self.chunk_size)
                response = self._request(
                    "PUT", f"{API}/submissions/{sub_id}/files/{index}", expected=(200, 404, 409, 422), content=chunk,
                    headers={"Upload-Offset": str(offset), "Content-Type": "application/octet-stream"})
                if response.status_code == 404:
                    raise remote_lost(sub_id)
                data = error_body(response)
                if response.status_code == 422:
                    raise PermanentFailure(str(data.get("error") or "refused"),
                                           str(data.get("message_vi") or "Máy chủ từ chối tệp."),
                                           str(data.get("message_en") or "The server refused the file."),
                                           f"{local.name}: {data}")
                if response.status_code == 409:
                    resyncs += 1
                    if data.get("error") != "offset_mismatch" or resyncs > MAX_OFFSET_RESYNCS:
                        raise status_failure(response)
                else:
                    context.progressed()
                offset = int(data.get("received", 0))
                context.heartbeat()
                if data.get("complete"):
                    return

    def _commit(self, sub_id: str) -> Receipt:
        response = self._request("POST", f"{API}/submissions/{sub_id}/commit", expected=(200, 404, 409))
        if response.status_code == 404:
            raise remote_lost(sub_id)
        data = error_body(response)
        if response.status_code == 409 and data.get("error") != "already_committed":
            raise status_failure(response)
        return self._receipt(data)

    @staticmethod
    def _receipt(data: dict[str, Any]) -> Receipt:
        if not data.get("committed") or not data.get("id") or not data.get("received_at"):
            raise TransientFailure("bad_receipt", "Máy chủ chưa xác nhận đã nhận hồ sơ; sẽ thử lại.",
                                   "The server has not acknowledged the dossier; will try again.", str(data)[:300])
        return Receipt(str(data["id"]), str(data["received_at"]), data)


def remote_lost(sub_id: str) -> TransientFailure:
    """The server dropped an unfinished upload (e.g. abandoned too long): the next attempt creates it anew."""
    return TransientFailure("remote_lost", "Máy chủ không còn phiên gửi dở dang; sẽ gửi lại từ đầu.",
                            "The server dropped the unfinished upload; it will start again.", sub_id)


def status_failure_409(response: httpx.Response, data: dict[str, Any]) -> PermanentFailure | TransientFailure:
    """A refused code: taken by another dossier (409), or in another station's numbers (403); else as any status."""
    if data.get("error") == "code_not_yours":
        return PermanentFailure("code_not_yours", "Máy chủ cho biết mã hồ sơ này thuộc dải số của trạm khác; cần "
                                "kiểm tra mã trạm (station_id) và mã truy cập của trạm.",
                                "The server says this code is in another station's numbers; check the station id "
                                "and this station's credentials.", str(data)[:300])
    if data.get("error") == "code_taken":
        return PermanentFailure("code_taken", "Máy chủ đã có một hồ sơ khác cùng mã; cần kiểm tra mã hồ sơ.",
                                "The server already holds another dossier with this code; check the code.",
                                str(data)[:300])
    return status_failure(response)
