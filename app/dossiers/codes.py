"""Dossier codes (mã hồ sơ, TT 01/2018 Art. 19: ``‹agency code›-YYMMDD-XXXX``) that never collide, even when
several stations of one agency work offline at once; and the code of a result, which is the national result-type code
of the procedure (``MaKetQua``, shaped ``KQ.G15.000034``), never derived from the dossier code.

The day's sequence is split in two (docs/codes.md): the lower half is a pool the agency hands out in blocks to
stations while they are online (:class:`BlockSource`, served by :class:`BlockLedger`); the upper half is cut into
fixed slots, one per station number, used only when no reserved number is left.
"""

from __future__ import annotations

import re
import string
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from app.core import audit
from app.core.config import Settings
from app.core.errors import BadInputError, ExitCode, SohoaError
from app.core.storage import VN_TZ, Store, now_iso

MAX_STATIONS = 25
RESULT_CODE_SHAPE = re.compile(r"KQ\.[A-Z0-9]{1,10}\.[0-9]{4,10}")  # the national catalogue's, e.g. KQ.G15.000034
DATE_FIELDS = {"yymmdd": r"\d{6}", "yyyymmdd": r"\d{8}", "yyyy": r"\d{4}", "yy": r"\d{2}", "mm": r"\d{2}",
               "dd": r"\d{2}"}
FIELDS = {"agency", "station", "seq", *DATE_FIELDS}


class CodeSpaceExhausted(SohoaError):
    exit_code = ExitCode.BLOCKED
    message_vi = ("Trạm đã dùng hết số hồ sơ được cấp cho ngày hôm nay; kết nối mạng để nhận thêm dải số "
                  "hoặc liên hệ quản trị viên.")
    message_en = "This station has used every dossier number it may use today; go online to reserve more."


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


class BlockSource(Protocol):
    """The agency side, reached while online: hands this station a block of the day's pool (inclusive bounds)."""

    def reserve_block(self, agency: str, day: date, station: str, size: int) -> tuple[int, int]: ...


class BlockLedger:
    """A reference :class:`BlockSource` (the reference server and the tests): disjoint blocks per agency and day."""

    def __init__(self, scheme: SequenceScheme) -> None:
        self.scheme = scheme
        self.next: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def reserve_block(self, agency: str, day: date, station: str, size: int) -> tuple[int, int]:
        with self._lock:
            key = (agency, day.isoformat())
            first = self.next.get(key, self.scheme.pool.start)
            if first >= self.scheme.pool.stop or size < 1:
                raise CodeSpaceExhausted(f"{agency} {day}")
            last = min(first + size, self.scheme.pool.stop) - 1
            self.next[key] = last + 1
            return first, last


class DossierCodes:
    """Issues this station's dossier codes. ``next_code`` is one short transaction and never needs the network."""

    def __init__(self, store: Store, settings: Settings, *, max_stations: int = MAX_STATIONS) -> None:
        self.store = store
        self.settings = settings
        self.format = CodeFormat.parse(settings.station.dossier_code_format)
        self.scheme = SequenceScheme(10 ** self.format.width - 1, max_stations)
        self.agency = settings.station.agency_code
        self.station = settings.station.station_id

    def _day(self, now: datetime | None) -> date:
        return (now or datetime.now(VN_TZ)).astimezone(VN_TZ).date()

    def next_code(self, now: datetime | None = None) -> str:
        day = self._day(now)
        try:
            number = station_number(self.station, self.scheme.max_stations)
        except BadInputError as err:
            number, station_error = 0, err
        with self.store.atomic() as db:
            if number:
                slot = self.scheme.offline_range(number)
                db.execute("insert or ignore into code_blocks (agency, day, kind, first, last, next, station, "
                           "created_at) values (?, ?, 'offline', ?, ?, ?, ?, ?)",
                           [self.agency, day.isoformat(), slot.start, slot.stop - 1, slot.start, self.station,
                            now_iso()])
            row = db.execute(
                "update code_blocks set next = next + 1 where id = (select id from code_blocks where agency = ? "
                "and day = ? and next <= last order by kind = 'offline', first limit 1) returning next - 1",
                [self.agency, day.isoformat()]).fetchone()
        if row is None:
            if not number:
                raise station_error
            raise CodeSpaceExhausted(f"{self.agency} {day.isoformat()} {self.station}")
        return self.format.format(self.agency, day, int(row[0]), self.station)

    def remaining(self, now: datetime | None = None, kind: str = "reserved") -> int:
        """Numbers left today in reserved blocks (``kind="offline"``: in the station's own slot, once opened)."""
        return self._remaining(self._day(now), kind)

    def _remaining(self, day: date, kind: str) -> int:
        row = self.store.db.execute(
            "select coalesce(sum(last - next + 1), 0) from code_blocks where agency = ? and day = ? and kind = ?",
            [self.agency, day.isoformat(), kind]).fetchone()
        return int(row[0])

    def reserve(self, source: BlockSource, *, now: datetime | None = None, days_ahead: int = 1,
                minimum: int = 20, size: int = 50) -> int:
        """While online: make sure today and the next ``days_ahead`` days hold ``minimum`` reserved numbers.
        Returns how many blocks were reserved."""
        reserved = 0
        today = self._day(now)
        for offset in range(days_ahead + 1):
            day = today + timedelta(days=offset)
            while self._remaining(day, "reserved") < minimum:
                first, last = source.reserve_block(self.agency, day, self.station, size)
                self._store_block(day, first, last)
                reserved += 1
        return reserved

    def _store_block(self, day: date, first: int, last: int) -> None:
        pool = self.scheme.pool
        if not (pool.start <= first <= last < pool.stop):
            raise SohoaError(f"block {first}-{last} outside {pool.start}-{pool.stop - 1}",
                             message_vi="Máy chủ cấp dải số hồ sơ không hợp lệ.",
                             message_en="The server returned an invalid block of dossier numbers.")
        with self.store.atomic() as db:
            table = db.table("code_blocks")
            table.insert({"agency": self.agency, "day": day.isoformat(), "kind": "reserved", "first": first,
                          "last": last, "next": first, "station": self.station, "created_at": now_iso()})
            overlap = db.execute("select count(*) from code_blocks where agency = ? and day = ? and kind = "
                                 "'reserved' and id != ? and not (last < ? or first > ?)",
                                 [self.agency, day.isoformat(), table.last_pk, first, last]).fetchone()[0]
            if overlap:
                raise SohoaError(f"block {first}-{last} overlaps", message_vi="Máy chủ cấp trùng dải số hồ sơ.",
                                 message_en="The server returned an overlapping block of dossier numbers.")
            audit.record(db, audit.Action.CODE_BLOCK_RESERVED, clerk=self.settings.station.clerk,
                         station=self.station, details={"day": day.isoformat(), "first": first, "last": last})


def next_dossier_code(store: Store, settings: Settings, now: datetime | None = None) -> str:
    return DossierCodes(store, settings).next_code(now)


def result_code(result_types: Sequence[str], wanted: str = "") -> str:
    """The code of a result (``MaKetQua`` / ``MaGiayToKetQua``): the result type of the procedure it answers, from
    the catalog's ``result_types``. ``wanted`` picks one (it must be one of them); with none given, a procedure with a
    single result type gives that one. A procedure outside the catalog takes ``wanted`` if it has the national
    shape (``KQ.G15.000034``)."""
    wanted = wanted.strip()
    known = ", ".join(result_types)
    if wanted and result_types and wanted not in result_types:
        raise BadInputError(wanted, message_vi=f"Mã kết quả {wanted} không thuộc thủ tục này (mã của thủ tục: "
                            f"{known}).", message_en=f"Result code {wanted} is not one of the procedure's ({known}).")
    if wanted and not result_types and not RESULT_CODE_SHAPE.fullmatch(wanted):
        raise BadInputError(wanted, message_vi=f"Mã kết quả {wanted} không đúng dạng mã danh mục quốc gia "
                            "(ví dụ KQ.G15.000034).", message_en=f"Result code {wanted} is not shaped like a national "
                            "result-type code (e.g. KQ.G15.000034).")
    if wanted:
        return wanted
    if len(result_types) == 1:
        return result_types[0]
    if not result_types:
        raise BadInputError("no result type", message_vi="Thủ tục chưa có mã kết quả trong danh mục; hãy ghi mã "
                            "kết quả (ví dụ KQ.G15.000034).", message_en="The procedure has no result type in the "
                            "catalog; give the result code (e.g. KQ.G15.000034).")
    raise BadInputError("several result types", message_vi=f"Thủ tục có nhiều loại kết quả; chọn một: {known}.",
                        message_en=f"The procedure has several result types; choose one: {known}.")
