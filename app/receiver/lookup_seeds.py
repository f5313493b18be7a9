"""The citizen's data store and the identity source as the emulated gateway answers them, from seed files:

- ``--kho-seed``: ``{"<SoDinhDanh>": [{"MaKetQua", "TenGiayTo", "SoKyHieu", "CoQuanChuQuan", "NgayBanHanh",
  "HieuLucDen" (date or null), "file": "<path to a PDF, relative to the seed file>"}]}``, answering
  ``GetKetQuaGiayTo`` (every paper of the owner, or those named in ``DanhSachDanhMucKetQua``) and
  ``GetGiayToByUrl`` (the file, base64 in ``result.NoiDung``);
- ``--identity-seed``: ``{"<SoDinhDanh>": {"HoVaTen", "NgayThangNamSinh", "vneid": true|false, "IAL": 1|2}}``,
  answering ``TraCuuCongDan`` with whether the person is found, whether the name and date of birth match, and
  the e-ID account."""

from __future__ import annotations

import base64
import json
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.core.errors import BadInputError

KHO_URL_PREFIX = "kho://"


def _load(path: Path, what: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BadInputError(str(path), message_vi=f"Không đọc được tệp dữ liệu mẫu {what}.",
                            message_en=f"Cannot read the {what} seed file.") from exc
    if not isinstance(data, dict):
        raise BadInputError(str(path), message_vi=f"Tệp dữ liệu mẫu {what} phải là một đối tượng JSON.",
                            message_en=f"The {what} seed file must be a JSON object.")
    return data


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def _day(text: Any) -> str:
    digits = "".join(c for c in str(text or "") if c.isdigit())
    if len(digits) != 8:
        return ""
    # YYYYMMDD, or DDMMYYYY as the ID card writes it
    return digits if int(digits[:4]) > 1800 else digits[4:] + digits[2:4] + digits[:2]


def answer(code: int | str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error_code": code, "message": message, **extra}


class KhoSeed:
    def __init__(self, path: Path) -> None:
        self.folder = path.parent
        self.papers: dict[str, list[dict[str, Any]]] = {}
        for owner, items in _load(path, "kho").items():
            if not isinstance(items, list) or not all(isinstance(i, dict) and i.get("MaKetQua") for i in items):
                raise BadInputError(owner, message_vi="Mỗi giấy tờ trong tệp kho phải có MaKetQua.",
                                    message_en="Every paper of the kho seed needs MaKetQua.")
            self.papers[str(owner)] = items

    def _url(self, owner: str, index: int) -> str:
        return f"{KHO_URL_PREFIX}{owner}/{index}"

    def lookup(self, body: Mapping[str, Any]) -> dict[str, Any]:
        owner = str(body.get("SoDinhDanhChuSoHuu") or "")
        if not owner:
            return answer(1, "Thiếu SoDinhDanhChuSoHuu / SoDinhDanhChuSoHuu is missing")
        wanted = [w for w in body.get("DanhSachDanhMucKetQua") or [] if isinstance(w, dict)]
        found = []
        for index, item in enumerate(self.papers.get(owner, [])):
            if wanted and not any((not w.get("MaKetQua") or w["MaKetQua"] == item["MaKetQua"])
                                  and (not w.get("SoKyHieu") or str(w["SoKyHieu"]).casefold()
                                       == str(item.get("SoKyHieu") or "").casefold()) for w in wanted):
                continue
            files = [{"TenTep": Path(str(item["file"])).name, "DuongDan": self._url(owner, index)}] \
                if item.get("file") else []
            found.append({k: item.get(k) for k in ("MaKetQua", "TenGiayTo", "SoKyHieu", "CoQuanChuQuan",
                                                     "NgayBanHanh", "HieuLucDen")} | {"DanhSachTepDinhKem": files})
        return answer(0, "OK", signature="", result={"DanhSachGiayToKetQua": found})

    def file(self, body: Mapping[str, Any]) -> dict[str, Any]:
        url = str(body.get("DuongDan") or "")
        owner, _, index = url.removeprefix(KHO_URL_PREFIX).rpartition("/")
        items = self.papers.get(owner, [])
        if not url.startswith(KHO_URL_PREFIX) or not index.isdigit() or int(index) >= len(items) \
                or not items[int(index)].get("file"):
            return answer(404, "Không có tệp / no such file")
        path = self.folder / str(items[int(index)]["file"])
        try:
            data = path.read_bytes()
        except OSError:
            return answer(404, "Không có tệp / no such file")
        return answer(0, "OK", result={"TenTep": path.name, "NoiDung": base64.b64encode(data).decode("ascii")})


class IdentitySeed:
    def __init__(self, path: Path) -> None:
        self.people = {str(k): v for k, v in _load(path, "identity").items() if isinstance(v, dict)}

    def lookup(self, body: Mapping[str, Any]) -> dict[str, Any]:
        number = str(body.get("SoDinhDanh") or "")
        person = self.people.get(number)
        if person is None:
            return answer(0, "OK", result={"TimThay": False, "KhopThongTin": False, "TaiKhoanVNeID": False,
                                            "IAL": None})
        same = (_folded(str(body.get("HoVaTen") or "")) == _folded(str(person.get("HoVaTen") or ""))
                and _day(body.get("NgayThangNam")) == _day(person.get("NgayThangNamSinh")))
        vneid = bool(person.get("vneid")) and same
        return answer(0, "OK", result={"TimThay": True, "KhopThongTin": same, "TaiKhoanVNeID": vneid,
                                        "IAL": person.get("IAL") if vneid else None})
