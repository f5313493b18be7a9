"""The catalog from a province's DVCQG gateway: ``LayDanhSachTTHC`` for the list, ``LayThuTuc`` for each procedure
(components THANHPHANHOSO/GIAYTO, results KETQUATHUCHIEN, time and fees CACHTHUCTHUCHIEN), as a
:class:`app.catalog.model.CatalogSource`. Any failure fails the whole fetch: nothing is half-imported."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from app.catalog.model import CatalogComponent, Procedure, ProcedureResult
from app.core.errors import ExitCode, SohoaError
from app.outbox.adapters.dvcqg import DvcqgGateway, success
from app.outbox.model import SendFailure, TransientFailure


class CatalogFetchError(SohoaError):
    exit_code = ExitCode.NETWORK
    message_vi = "Không lấy được danh mục thủ tục từ cổng DVCQG; danh mục của trạm giữ nguyên."
    message_en = "Could not fetch the procedure catalog from the DVCQG gateway; the station's catalog is unchanged."


def _items(body: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = body.get("result", body.get("data"))
    if isinstance(found, dict):
        return [found]
    return [i for i in found if isinstance(i, dict)] if isinstance(found, list) else []


def _int(value: Any) -> int:
    """A whole number as the gateway writes it: 5, "5", "200.000" (thousands separated)."""
    if isinstance(value, bool) or value is None:
        return 0
    if isinstance(value, int | float):
        return int(value)
    return int(re.sub(r"\D", "", str(value)) or 0)


def procedure_from_dvcqg(data: Mapping[str, Any]) -> Procedure:
    papers = [g for part in data.get("THANHPHANHOSO") or [] for g in (part.get("GIAYTO") or [])]
    ways = list(data.get("CACHTHUCTHUCHIEN") or [])
    way = next((w for w in ways if str(w.get("KENH", "1")) == "1"), ways[0] if ways else {})
    fees = list(way.get("PHILEPHI") or [])
    return Procedure(
        code=str(data.get("MATTHC") or ""), name=str(data.get("TENTTHC") or ""), field=str(data.get("LINHVUC") or ""),
        processing_days=_int(way.get("THOIGIAN")), fee=sum(_int(f.get("SOTIEN")) for f in fees),
        fee_note="; ".join(str(f.get("MOTA")) for f in fees if f.get("MOTA")),
        components=tuple(CatalogComponent(str(g.get("MAGIAYTO") or ""), str(g.get("TENGIAYTO") or ""),
                                          max(1, _int(g.get("SOBANCHINH") or 1))) for g in papers),
        results=tuple(ProcedureResult(str(r.get("MAKETQUA") or ""), str(r.get("TENKETQUA") or ""))
                      for r in data.get("KETQUATHUCHIEN") or []))


class DvcqgCatalog:
    name = "dvcqg"

    def __init__(self, gateway: DvcqgGateway, procedure_param: str = "maTTHC") -> None:
        self.gateway = gateway
        self.procedure_param = procedure_param

    def _call(self, service: str, **fields: Any) -> list[dict[str, Any]]:
        try:
            body = self.gateway.service(service, **fields)
        except SendFailure as exc:
            error = CatalogFetchError(exc.detail or exc.reason)
            if not isinstance(exc, TransientFailure):
                error.exit_code = ExitCode.BAD_INPUT
            raise error from exc
        if not success(body):
            raise CatalogFetchError(f"{service}: {str(body)[:300]}", message_vi=(
                f"Cổng DVCQG từ chối {service}: {body.get('message') or ''}"), message_en=(
                f"The DVCQG gateway refused {service}: {body.get('message') or ''}"))
        return _items(body)

    def fetch_procedures(self) -> list[Procedure]:
        config = self.gateway.config
        codes = [str(i.get("MATTHC") or i.get("MaTTHC") or "") for i in self._call(config.list_service)]
        procedures = []
        for code in codes:
            found = self._call(config.procedure_service, **{self.procedure_param: code})
            if not found:
                raise CatalogFetchError(code, message_vi=f"Cổng DVCQG không trả về thủ tục {code}.",
                                        message_en=f"The DVCQG gateway did not return procedure {code}.")
            procedures.append(procedure_from_dvcqg(found[0]))
        return procedures
