"""Dossier codes (mã hồ sơ, TT 03/2025/TT-VPCP Art. 13: ``‹agency code›-YYMMDD-XXXX``) that never collide, even when
several stations of one agency work offline at once; and the code of a result, which is the national result-type code
of the procedure (``MaKetQua``, shaped ``KQ.G15.000034``), never derived from the dossier code.

The day's sequence is split in two (docs/codes.md): the lower half is a pool the agency hands out in blocks to
stations while they are online (:class:`BlockSource`, served by :class:`BlockLedger`); the upper half is cut into
fixed slots, one per station number, used only when no reserved number is left.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Protocol

from app.core import audit
from app.core.codeformat import MAX_STATIONS, CodeFormat, SequenceScheme, station_number
from app.core.config import Settings
from app.core.errors import BadInputError, ExitCode, SohoaError
from app.core.storage import VN_TZ, Store, now_iso

RESULT_CODE_SHAPE = re.compile(r"KQ\.[A-Z0-9]{1,10}\.[0-9]{4,10}")  # the national catalogue's, e.g. KQ.G15.000034


class CodeSpaceExhausted(SohoaError):
    exit_code = ExitCode.BLOCKED
    message_vi = ("Trạm đã dùng hết số hồ sơ được cấp cho ngày hôm nay; kết nối mạng để nhận thêm dải số "
                  "hoặc liên hệ quản trị viên.")
    message_en = "This station has used every dossier number it may use today; go online to reserve more."


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
