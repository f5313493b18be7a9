"""The dossier code's format and how a day's sequence is shared between stations (docs/codes.md): what the station
issues codes with (:mod:`app.dossiers.codes`) and what a receiver checks a code's owner with."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date

from app.core.errors import BadInputError

MAX_STATIONS = 25
DATE_FIELDS = {"yymmdd": r"\d{6}", "yyyymmdd": r"\d{8}", "yyyy": r"\d{4}", "yy": r"\d{2}", "mm": r"\d{2}",
               "dd": r"\d{2}"}
FIELDS = {"agency", "station", "seq", *DATE_FIELDS}


@dataclass(frozen=True)
class CodeFormat:
    """A validated template such as ``{agency}-{yymmdd}-{seq:04d}`` (TT 03/2025 may change it: it is a setting)."""

    template: str
    width: int

    @classmethod
    def parse(cls, template: str) -> CodeFormat:
        def bad(why: str) -> BadInputError:
            return BadInputError(f"{template!r}: {why}", message_vi=f"Mẫu mã hồ sơ không hợp lệ: {why}.",
                                 message_en="Invalid dossier code format.")

        try:
            parts = [(name, spec) for _, name, spec, _ in string.Formatter().parse(template) if name is not None]
        except ValueError as exc:
            raise bad(str(exc)) from exc
        names = [name for name, _ in parts]
        unknown = sorted(set(names) - FIELDS)
        if unknown:
            raise bad(f"trường không hỗ trợ {', '.join(unknown)} (dùng {', '.join(sorted(FIELDS))})")
        if "agency" not in names or names.count("seq") != 1:
            raise bad("cần đúng một {seq} và có {agency}")
        if not ({"yymmdd", "yyyymmdd"} & set(names) or ({"yy", "yyyy"} & set(names) and {"mm", "dd"} <= set(names))):
            raise bad("cần ngày tiếp nhận ({yymmdd}, {yyyymmdd} hoặc năm, {mm} và {dd})")
        spec = dict(parts)["seq"] or ""
        match = re.fullmatch(r"0?(\d*)d?", spec)
        if not match:
            raise bad(f"định dạng số thứ tự '{spec}' không hỗ trợ (ví dụ 04d)")
        width = int(match.group(1) or 4)
        if not 2 <= width <= 9:
            raise bad("số thứ tự phải có từ 2 đến 9 chữ số")
        return cls(template, width)

    def format(self, agency: str, day: date, seq: int, station: str = "") -> str:
        return self.template.format(agency=agency, station=station, seq=seq, yymmdd=day.strftime("%y%m%d"),
                                    yyyymmdd=day.strftime("%Y%m%d"), yyyy=day.strftime("%Y"),
                                    yy=day.strftime("%y"), mm=day.strftime("%m"), dd=day.strftime("%d"))

    def pattern(self) -> re.Pattern[str]:
        """A regex whose named groups give a code's parts back (``seq``, ``agency``, the date fields)."""
        out, seen = [], set()
        for literal, name, spec, _ in string.Formatter().parse(self.template):
            out.append(re.escape(literal))
            if name is None:
                continue
            if name in seen:
                out.append(f"(?P={name})")
                continue
            seen.add(name)
            body = {"agency": r".+?", "station": r".*?",
                    "seq": rf"\d{{{self.width}}}" if spec and spec.startswith("0") else r"\d+"}.get(name)
            out.append(f"(?P<{name}>{body or DATE_FIELDS[name]})")
        return re.compile("".join(out))


@dataclass(frozen=True)
class SequenceScheme:
    """How one day's numbers 1..capacity are shared: a pool for online blocks, then one offline slot a station."""

    capacity: int
    max_stations: int = MAX_STATIONS

    @property
    def offline_first(self) -> int:
        return (self.capacity + 1) // 2

    @property
    def slot_size(self) -> int:
        return (self.capacity + 1 - self.offline_first) // self.max_stations

    @property
    def pool(self) -> range:
        return range(1, self.offline_first)

    def offline_range(self, station_number: int) -> range:
        if not 1 <= station_number <= self.max_stations or self.slot_size < 1:
            raise ValueError(station_number)
        first = self.offline_first + (station_number - 1) * self.slot_size
        return range(first, first + self.slot_size)


def station_number(station_id: str, max_stations: int = MAX_STATIONS) -> int:
    """The number that picks a station's offline slot: the digits its id ends with ("ST07" -> 7)."""
    match = re.search(r"(\d+)$", station_id)
    number = int(match.group(1)) if match else 0
    if not 1 <= number <= max_stations:
        raise BadInputError(
            station_id,
            message_vi=(f"Mã trạm '{station_id}' phải kết thúc bằng số thứ tự trạm từ 1 đến {max_stations} "
                        "(ví dụ ST01), không trùng với trạm khác của cơ quan, để cấp mã hồ sơ khi mất kết nối."),
            message_en=f"The station id must end with a station number 1-{max_stations}, unique in the agency.")
    return number
