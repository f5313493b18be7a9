"""The emulator's catalog: a SoHoa catalog file (``sohoa.catalog/1``, the sample catalog by default) answered in the
shapes of the DVCQG calls: ``LayDanhSachTTHC`` (the list) and ``LayThuTuc`` (one procedure with THANHPHANHOSO,
KETQUATHUCHIEN and CACHTHUCTHUCHIEN)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SAMPLE_CATALOG = Path(__file__).resolve().parents[2] / "resources" / "catalog" / "sample-catalog.json"


class CatalogFile:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or SAMPLE_CATALOG
        document = json.loads(self.path.read_text(encoding="utf-8"))
        self.agency = dict(document.get("agency") or {})
        self.procedures: list[dict[str, Any]] = list(document.get("procedures") or [])

    def listing(self) -> list[dict[str, Any]]:
        return [{"MATTHC": p["code"], "TENTTHC": p["name"], "LINHVUC": p.get("field") or ""}
                for p in self.procedures]

    def procedure(self, code: str) -> dict[str, Any] | None:
        found = next((p for p in self.procedures if p["code"] == code), None)
        return None if found is None else self.shape(found)

    def shape(self, p: dict[str, Any]) -> dict[str, Any]:
        return {
            "MATTHC": p["code"], "TENTTHC": p["name"], "LINHVUC": p.get("field") or "",
            "COQUANTHUCHIEN": self.agency.get("name") or "",
            "THANHPHANHOSO": [{"GIAYTO": [
                {"MAGIAYTO": c["code"], "TENGIAYTO": c["name"], "SOBANCHINH": int(c.get("copies") or 1), "URL": ""}
                for c in p.get("components") or []]}],
            "KETQUATHUCHIEN": [{"MAKETQUA": r["code"], "TENKETQUA": r["name"]} for r in p.get("results") or []],
            "CACHTHUCTHUCHIEN": [{"KENH": 1, "THOIGIAN": int(p.get("processing_days") or 0),
                                  "DONVITINH": "Ngày làm việc",
                                  "PHILEPHI": [{"MAPHILEPHI": "LP", "SOTIEN": int(p.get("fee") or 0),
                                                "MOTA": p.get("fee_note") or ""}]}],
        }
