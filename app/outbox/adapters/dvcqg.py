"""A provincial gateway speaking the DVCQG calls (../shared/INTEGRATION.md, docs/sync.md): log in for a session,
upload each file to the province's file store (the portal downloads files by URL), then post ``DongBoHoSoMC`` with
the record of :mod:`dvcqg_record`. Sync by ``MaHoSo`` is an upsert on the gateway, so sending again after a failure,
a crash or a restart never keeps the dossier twice; a gateway that already holds it is answered with an update."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from app.core.config import DvcqgSettings
from app.core.storage import now_iso
from app.outbox.adapters.base import LocalFile, SendContext
from app.outbox.adapters.dvcqg_kho import build_kho_record
from app.outbox.adapters.dvcqg_record import RESULT_FILE_PREFIX, Defaults, Uploaded, build_record
from app.outbox.adapters.http import RETRYABLE_4XX, error_body, status_failure, transport_failure
from app.outbox.model import Entry, PermanentFailure, Receipt, TransientFailure
from app.outbox.records import is_record

SUCCESS = {"0", "00"}
EXISTS_CODE = "409"  # DongBoHoSoMC without isUpdating for a MaHoSo the gateway holds with other data


def success(body: Mapping[str, Any]) -> bool:
    return str(body.get("error_code", "")).strip() in SUCCESS


def refused(body: Mapping[str, Any], detail: str) -> PermanentFailure:
    """The gateway's refusal, with its own message: a person must act (never retried by itself)."""
    message = str(body.get("message") or body.get("error_message") or "")[:500]
    return PermanentFailure("dvcqg_refused", f"Cổng DVCQG từ chối hồ sơ: {message or 'không rõ lý do'}",
                            f"The DVCQG gateway refused the dossier: {message or 'no reason given'}",
                            f"{detail}: {str(dict(body))[:500]}")


class SessionExpired(Exception):
    """The gateway no longer knows the session: log in again and repeat the call once."""


class DvcqgGateway:
    name = "dvcqg"

    def __init__(self, config: DvcqgSettings, password: str, client: httpx.Client) -> None:
        self.config = config
        self.password = password
        self.client = client
        self.base_url = config.url.rstrip("/")
        self.file_store = (config.file_store_url or config.url).rstrip("/")
        self._session: str | None = None
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    # -- transport ------------------------------------------------------------------------------------------
    def _post(self, url: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self.client.post(url, **kwargs)
        except httpx.TransportError as exc:
            raise transport_failure(exc) from exc
        body = error_body(response)
        if response.status_code == 401 or str(body.get("error_code", "")) in self.config.session_expired_codes:
            raise SessionExpired()
        if response.status_code != 200:
            if 400 <= response.status_code < 500 and response.status_code not in RETRYABLE_4XX and "error_code" in body:
                raise refused(body, f"HTTP {response.status_code} {url}")
            raise status_failure(response)
        return body

    def login(self) -> str:
        with self._lock:
            if self._session is None:
                if not self.password:
                    raise PermanentFailure("auth", "Chưa lưu mật khẩu cổng DVCQG (sohoa outbox secret "
                                           "dvcqg-password).", "The DVCQG gateway password is not stored (sohoa "
                                           "outbox secret dvcqg-password).", self.config.url)
                try:
                    body = self._post(self.base_url + self.config.auth_endpoint,
                                      json={"username": self.config.username, "password": self.password},
                                      headers={"dstcode": self.config.dstcode})
                except SessionExpired:
                    body = {"error_code": "401"}
                if not success(body) or not body.get("session"):
                    raise PermanentFailure("auth", "Cổng DVCQG từ chối đăng nhập; liên hệ quản trị viên kiểm tra "
                                           "tài khoản.", "The DVCQG gateway refused the login; ask the "
                                           "administrator to check the account.", str(body)[:300])
                self._session = str(body["session"])
            return self._session

    def _with_session(self, call: Any) -> dict[str, Any]:
        """Run ``call(session)``; a session that expired meanwhile is replaced once by a fresh login."""
        for attempt in (1, 2):
            session = self.login()
            try:
                result: dict[str, Any] = call(session)
                return result
            except SessionExpired:
                with self._lock:
                    if self._session == session:
                        self._session = None
                if attempt == 2:
                    raise TransientFailure("session", "Cổng DVCQG liên tục hủy phiên đăng nhập; sẽ thử lại.",
                                           "The DVCQG gateway keeps dropping the session; will try again.") from None
        raise AssertionError("unreachable")

    def service(self, service: str, **fields: Any) -> dict[str, Any]:
        """A DVCQG call: ``{session, madonvi, service, …}``; answers with error code 0 or "00"."""
        def call(session: str) -> dict[str, Any]:
            return self._post(self.base_url + self.config.service_endpoint,
                              json={"session": session, "madonvi": self.config.madonvi, "service": service,
                                    **fields})
        return self._with_session(call)

    # -- Destination ----------------------------------------------------------------------------------------
    def probe(self) -> None:
        self.login()

    def send(self, entry: Entry, files: Sequence[LocalFile], context: SendContext) -> Receipt:
        if is_record(entry.payload):
            return self._send_record(entry, files, context)
        results = [f for f in files if f.component.startswith(RESULT_FILE_PREFIX)]
        result_urls = {}
        for local in results:
            result_urls[local.component.removeprefix(RESULT_FILE_PREFIX)] = self._upload(local)[1]
            context.progressed()
        uploaded = self._upload_all(entry, [f for f in files if f not in results], context)
        record = build_record(entry.payload, uploaded, Defaults(self.config.status, self.config.applicant_kind),
                              self.config.field_names, result_urls)
        updating = bool(entry.payload.get("is_update"))
        body = self.service(self.config.sync_service, isUpdating=updating, data=[record])
        if not success(body) and str(body.get("error_code")) == EXISTS_CODE and not updating:
            # a resend after the answer was lost, or the dossier reached the portal another way: replace it
            body = self.service(self.config.sync_service, isUpdating=True, data=[record])
        if not success(body):
            raise refused(body, f"{self.config.sync_service} {entry.dossier_code}")
        context.progressed()
        remote = str(body.get("id") or record.get(self.config.field_names.get("MaHoSo", "MaHoSo")) or "")
        context.remote_id(remote)
        received = str(body.get("received_at") or now_iso())
        return Receipt(remote, received, {**body, "isUpdating": updating})

    def _send_record(self, entry: Entry, files: Sequence[LocalFile], context: SendContext) -> Receipt:
        """A standalone result record into the citizen's data store: its file, then the record (an upsert on its
        key ``Ma`` at the gateway, so a resend after a lost answer keeps one record)."""
        [local] = files
        url = self._upload(local)[1]
        context.progressed()
        record = build_kho_record(entry.payload.get("record") or {}, url, self.config.field_names)
        body = self.service(self.config.record_service, data=[record])
        if not success(body):
            raise refused(body, f"{self.config.record_service} {entry.dossier_code}")
        context.progressed()
        remote = str(body.get("id") or entry.dossier_code)
        context.remote_id(remote)
        return Receipt(remote, str(body.get("received_at") or now_iso()), dict(body))

    def _upload_all(self, entry: Entry, files: Sequence[LocalFile], context: SendContext) -> list[Uploaded]:
        """Every file into the file store (content-addressed there: a repeat stores nothing new), then the list of
        components in the dossier's order, those without a file (exempt, not digitized) included."""
        stored: dict[int, tuple[str, str]] = {}
        for index, local in enumerate(files):
            stored[index] = self._upload(local)
            context.progressed()
            context.heartbeat()
        components: list[Mapping[str, Any]] = list(entry.payload.get("dossier_components") or [])
        result: list[Uploaded] = []
        used: set[int] = set()
        for component in components:
            keys = {str(component.get("code") or ""), str(component.get("name") or "")} - {""}
            mine = [i for i, f in enumerate(files) if f.component in keys and i not in used]
            used.update(mine)
            result += [Uploaded(component, stored[i][0], files[i].name, stored[i][1]) for i in mine] or [
                Uploaded(component)]
        result += [Uploaded({"name": files[i].component}, stored[i][0], files[i].name, stored[i][1])
                   for i in range(len(files)) if i not in used]
        return result

    def _upload(self, local: LocalFile) -> tuple[str, str]:
        def call(session: str) -> dict[str, Any]:
            return self._post(f"{self.file_store}{self.config.upload_endpoint}?name={quote(local.name)}",
                              content=_chunks(local.path),
                              headers={"session": session, "Content-Type": local.media_type,
                                       "Content-Length": str(local.size), "X-Content-SHA256": local.sha256})
        body = self._with_session(call)
        if not success(body) or not body.get("url"):
            if str(body.get("error_code")) == "checksum_mismatch":
                raise PermanentFailure("checksum_mismatch", "Kho tệp của tỉnh báo mã kiểm tra SHA-256 không khớp.",
                                       "The province's file store says the SHA-256 does not match.", local.name)
            raise refused(body, f"upload {local.name}")
        return str(body.get("id") or local.sha256), str(body["url"])


def _chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    """The file in 1 MiB pieces: memory stays flat whatever its size."""
    with path.open("rb") as handle:
        while chunk := handle.read(size):
            yield chunk
