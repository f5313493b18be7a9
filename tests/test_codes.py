"""Dossier codes: the TT 01/2018 format, configurable; never a collision across stations working offline at the same
time (property-tested across simulated stations, online periods and days); result codes."""

from __future__ import annotations

import tempfile
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.codeformat import CodeFormat, SequenceScheme, station_number
from app.core.config import Settings, StationSettings
from app.core.errors import BadInputError, SohoaError
from app.core.storage import VN_TZ, Store
from app.dossiers.codes import BlockLedger, CodeSpaceExhausted, DossierCodes, result_code

MORNING = datetime(2026, 11, 24, 9, 0, tzinfo=VN_TZ)


def station_settings(station_id: str = "ST01", fmt: str = "{agency}-{yymmdd}-{seq:04d}") -> Settings:
    return Settings(station=StationSettings(agency_code="000.00.01.H22", station_id=station_id,
                                            dossier_code_format=fmt))


def test_default_format_follows_tt01_2018_with_the_vietnam_day(isolated_station: Path) -> None:
    codes = DossierCodes(Store(isolated_station), station_settings())
    late_utc = datetime(2026, 11, 24, 18, 30, tzinfo=UTC)  # already 25 Nov 01:30 in Vietnam
    code = codes.next_code(late_utc)
    assert code == "000.00.01.H22-261125-5000"
    parts = codes.format.pattern().fullmatch(code)
    assert parts is not None and parts["agency"] == "000.00.01.H22" and parts["seq"] == "5000"
    assert codes.next_code(late_utc) == "000.00.01.H22-261125-5001"
    assert codes.next_code(late_utc + timedelta(days=1)) == "000.00.01.H22-261126-5000"


def test_reserved_blocks_are_used_before_the_offline_slot(isolated_station: Path) -> None:
    codes = DossierCodes(Store(isolated_station), station_settings("ST03"))
    ledger = BlockLedger(codes.scheme)
    assert codes.reserve(ledger, now=MORNING, days_ahead=1, minimum=3, size=2) == 4  # 2 blocks today, 2 tomorrow
    issued = [codes.next_code(MORNING) for _ in range(6)]
    assert [c[-4:] for c in issued] == ["0001", "0002", "0003", "0004", "5400", "5401"]
    tomorrow = MORNING + timedelta(days=1)
    assert codes.remaining(tomorrow) == 4 and codes.next_code(tomorrow).endswith("-261125-0001")


def test_custom_format_is_validated_and_parsed(isolated_station: Path) -> None:
    fmt = "{agency}/{yyyy}{mm}{dd}/{station}-{seq:05d}"
    codes = DossierCodes(Store(isolated_station), station_settings("ST02", fmt))
    code = codes.next_code(MORNING)
    assert code == "000.00.01.H22/20261124/ST02-52000"
    assert codes.scheme.pool == range(1, 50000) and codes.scheme.offline_range(2) == range(52000, 54000)
    assert codes.format.pattern().fullmatch(code)["seq"] == "52000"


@pytest.mark.parametrize(("fmt", "why"), [
    ("{agency}-{yymmdd}", "cần đúng một {seq}"),
    ("{yymmdd}-{seq:04d}", "cần đúng một {seq} và có {agency}"),
    ("{agency}-{seq:04d}", "cần ngày tiếp nhận"),
    ("{agency}-{yymmdd}-{seq:04d}-{clerk}", "trường không hỗ trợ clerk"),
    ("{agency}-{yymmdd}-{seq:x}", "định dạng số thứ tự 'x' không hỗ trợ"),
    ("{agency}-{yymmdd}-{seq:01d}", "từ 2 đến 9 chữ số"),
    ("{agency}-{yymmdd}-{seq", "Mẫu mã hồ sơ không hợp lệ"),
])
def test_bad_formats_are_refused(fmt: str, why: str) -> None:
    with pytest.raises(BadInputError) as info:
        CodeFormat.parse(fmt)
    assert why in info.value.user_message()


def test_offline_slot_needs_a_station_number(isolated_station: Path) -> None:
    assert station_number("ST07") == 7 and station_number("quay-12") == 12
    for bad in ("QUAY", "ST00", "ST26"):
        with pytest.raises(BadInputError):
            station_number(bad)
    codes = DossierCodes(Store(isolated_station), station_settings("QUAY"))
    with pytest.raises(BadInputError) as info:
        codes.next_code(MORNING)
    assert "phải kết thúc bằng số thứ tự trạm" in info.value.user_message()
    codes.reserve(BlockLedger(codes.scheme), now=MORNING, days_ahead=0, minimum=1, size=1)
    assert codes.next_code(MORNING).endswith("-0001")  # online blocks still work


def test_a_station_that_used_its_numbers_is_told_to_go_online(isolated_station: Path) -> None:
    codes = DossierCodes(Store(isolated_station), station_settings("ST25", "{agency}-{yymmdd}-{seq:02d}"))
    assert codes.scheme.offline_range(25) == range(98, 100)
    assert [codes.next_code(MORNING)[-2:] for _ in range(2)] == ["98", "99"]
    with pytest.raises(CodeSpaceExhausted) as info:
        codes.next_code(MORNING)
    assert "kết nối mạng để nhận thêm dải số" in info.value.user_message()


def test_blocks_from_a_misbehaving_server_are_refused(isolated_station: Path) -> None:
    codes = DossierCodes(Store(isolated_station), station_settings())

    class Bad:
        def __init__(self, block: tuple[int, int]) -> None:
            self.block = block

        def reserve_block(self, agency: str, day: date, station: str, size: int) -> tuple[int, int]:
            return self.block

    with pytest.raises(SohoaError, match="invalid block"):
        codes.reserve(Bad((4990, 5010)), now=MORNING, days_ahead=0)
    codes.reserve(Bad((1, 30)), now=MORNING, days_ahead=0)
    with pytest.raises(SohoaError, match="overlapping"):
        codes.reserve(Bad((20, 60)), now=MORNING, days_ahead=0, minimum=40)
    assert codes.remaining(MORNING) == 30


def test_threads_of_one_station_never_share_a_number(isolated_station: Path) -> None:
    store = Store(isolated_station)
    codes = DossierCodes(store, station_settings())
    issued: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        mine = [codes.next_code(MORNING) for _ in range(15)]
        with lock:
            issued.extend(mine)
        store.close()

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(issued)) == 45


def test_a_result_code_is_the_procedures_national_result_type() -> None:
    assert result_code(["KQ.G15.000101"]) == "KQ.G15.000101"  # the only one: no need to name it
    assert result_code(["KQ.G15.000101", "KQ.G15.000102"], "KQ.G15.000102") == "KQ.G15.000102"
    assert result_code([], "KQ.G15.000034") == "KQ.G15.000034"  # a procedure outside the catalog: the shape
    with pytest.raises(BadInputError, match=r"KQ\.G15\.000999") as refused:
        result_code(["KQ.G15.000101"], "KQ.G15.000999")
    assert "KQ.G15.000101" in refused.value.message_vi
    with pytest.raises(BadInputError) as several:
        result_code(["KQ.G15.000101", "KQ.G15.000102"])
    assert "KQ.G15.000102" in several.value.message_vi
    for bad in ("000.00.01.H22-261124-0001-KQ1", "KQ1", "", "kq.g15.000034"):
        with pytest.raises(BadInputError):
            result_code([], bad)


def test_scheme_partitions_the_day() -> None:
    scheme = SequenceScheme(9999)
    slots = [scheme.offline_range(n) for n in range(1, 26)]
    numbers = [n for s in slots for n in s]
    assert len(numbers) == len(set(numbers)) == 5000 and min(numbers) == 5000 and max(numbers) == 9999
    assert not set(numbers) & set(scheme.pool) and scheme.pool == range(1, 5000)


# -- property: stations of one agency, online now and then, offline the rest, over several days -----------------
OPS = st.sampled_from(["issue", "issue", "issue", "issue", "reserve", "next_day"])


@st.composite
def scenarios(draw: st.DrawFn) -> dict:
    numbers = draw(st.lists(st.integers(1, 25), min_size=2, max_size=4, unique=True))
    return {
        "numbers": numbers,
        "width": draw(st.sampled_from([2, 3, 4])),
        "ops": draw(st.lists(st.tuples(st.integers(0, len(numbers) - 1), OPS), min_size=1, max_size=50)),
        "size": draw(st.integers(1, 8)),
        "minimum": draw(st.integers(1, 8)),
        "days_ahead": draw(st.integers(0, 2)),
    }


@pytest.fixture(scope="module")
def station_stores() -> list[Store]:
    folder = tempfile.TemporaryDirectory(prefix="sohoa-codes-")
    stores = [Store(Path(folder.name) / f"station-{i}") for i in range(4)]
    yield stores
    for store in stores:
        store.close()
    folder.cleanup()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios())
def test_codes_never_collide_across_offline_stations(station_stores: list[Store], scenario: dict) -> None:
    fmt = f"{{agency}}-{{yymmdd}}-{{seq:0{scenario['width']}d}}"
    stations = []
    for store, number in zip(station_stores, scenario["numbers"], strict=False):
        for table in ("code_blocks", "audit_log", "audit_head"):
            store.db.execute(f"delete from {table}")
        stations.append(DossierCodes(store, station_settings(f"ST{number:02d}", fmt)))
    ledger = BlockLedger(stations[0].scheme)  # the agency's side, reached only while a station is online
    day = 0
    issued: dict[str, tuple[int, int]] = {}
    for index, op in scenario["ops"]:
        station = stations[index]
        now = MORNING + timedelta(days=day)
        if op == "next_day":
            day += 1
        elif op == "reserve":
            try:
                station.reserve(ledger, now=now, days_ahead=scenario["days_ahead"], minimum=scenario["minimum"],
                                size=scenario["size"])
            except CodeSpaceExhausted:
                pass
        else:
            try:
                code = station.next_code(now)
            except CodeSpaceExhausted:
                continue
            assert code not in issued, f"{code} issued twice"
            issued[code] = (index, day)
    pattern = stations[0].format.pattern()
    for code, (index, day) in issued.items():
        parts = pattern.fullmatch(code)
        assert parts is not None and parts["agency"] == "000.00.01.H22"
        assert parts["yymmdd"] == (MORNING + timedelta(days=day)).strftime("%y%m%d")
        seq = int(parts["seq"])
        station = stations[index]
        own_slot = station.scheme.offline_range(scenario["numbers"][index])
        blocks = station.store.db.execute("select first, last from code_blocks where kind = 'reserved' and day = ?",
                                          [(MORNING + timedelta(days=day)).date().isoformat()]).fetchall()
        assert seq in own_slot or any(first <= seq <= last for first, last in blocks)


def test_the_one_rule_admins_must_keep_station_numbers_unique(tmp_path: Path) -> None:
    """Two stations configured with the same number share an offline slot: the only way to collide (docs/codes.md)."""
    first = DossierCodes(Store(tmp_path / "a"), station_settings("ST04"))
    second = DossierCodes(Store(tmp_path / "b"), station_settings("QUAY-4"))
    assert first.next_code(MORNING) == second.next_code(MORNING)
