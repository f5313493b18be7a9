"""The queue before the counter: "call next number", the ticket typed in the form, the ticket machine's export
imported (good and bad files), and what each leaves on the dossier (ticket, arrival, call)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.core.config import load_settings
from app.core.errors import BadInputError
from app.core.storage import VN_TZ, Store
from app.counter.service import CounterService
from app.dossiers.queue import call_next, parse_ticket, ticket_number
from app.dossiers.tickets import import_tickets, read_tickets
from cli import main
from tests.counter_fixtures import APPLICANT, PROCEDURE

MORNING = datetime(2026, 11, 30, 9, 0, tzinfo=VN_TZ)


def dossier(counter: CounterService, dossier_id: int) -> dict[str, str | None]:
    row = counter.dossier(dossier_id)
    return {k: row[k] for k in ("ticket_number", "arrived_at", "called_at")}


def test_ticket_spellings() -> None:
    assert [ticket_number(t) for t in ("42", "0042", "A042", "a-42", " A 042 ")] == ["42", "42", "A42", "A42", "A42"]
    assert parse_ticket("A042 08:15", MORNING) == ("A42", "2026-11-30T08:15:00+07:00")
    assert parse_ticket("7|8:05:30", MORNING) == ("7", "2026-11-30T08:05:30+07:00")
    assert parse_ticket("  ", MORNING) == ("", None)
    for bad in ("ABCD1", "12a", "42 25:00", "số 4"):
        with pytest.raises(BadInputError):
            parse_ticket(bad, MORNING)


def test_a_call_goes_to_the_next_dossier_only(counter: CounterService) -> None:
    station, clerk = counter.settings.station.station_id, counter.settings.station.clerk
    call = call_next(counter.store, station=station, clerk=clerk)
    assert call.ticket_number == ""
    first = counter.new_dossier(PROCEDURE, APPLICANT, ticket="A042 00:00")
    second = counter.new_dossier(PROCEDURE, APPLICANT)
    today = datetime.now(VN_TZ).date().isoformat()
    assert dossier(counter, first) == {"ticket_number": "A42", "arrived_at": f"{today}T00:00:00+07:00",
                                       "called_at": call.called_at}
    assert dossier(counter, second) == {"ticket_number": None, "arrived_at": None, "called_at": None}
    other = call_next(counter.store, station="OTHER", clerk="b")  # another station's call is not this one's
    third = counter.new_dossier(PROCEDURE, APPLICANT)
    assert dossier(counter, third)["called_at"] is None and other.id > call.id


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_import_gives_arrivals_and_the_next_number_to_call(counter: CounterService, tmp_path: Path) -> None:
    now = datetime.now(VN_TZ)
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    served = counter.new_dossier(PROCEDURE, APPLICANT, ticket="0001")  # typed before the export was imported
    assert dossier(counter, served)["arrived_at"] is None
    lines = [f"{n};{(start + timedelta(seconds=n)).strftime('%d/%m/%Y %H:%M:%S')};Quầy 1" for n in (1, 2, 3)]
    export = write(tmp_path / "tickets.csv", "\ufeffSố phiếu;Thời gian lấy số;Quầy\r\n" + "\r\n".join(lines))
    result = import_tickets(counter.store, export)
    assert (result.tickets, result.new, result.dossiers) == (3, 3, 1)
    assert dossier(counter, served)["arrived_at"] == (start + timedelta(seconds=1)).isoformat()
    assert import_tickets(counter.store, export).new == 0  # importing it again adds nothing
    station, clerk = counter.settings.station.station_id, counter.settings.station.clerk
    call = call_next(counter.store, station=station, clerk=clerk)
    assert call.ticket_number == "2"  # 1 was served already
    called = counter.new_dossier(PROCEDURE, APPLICANT)  # the form left empty: the called ticket is the citizen's
    assert dossier(counter, called) == {"ticket_number": "2", "arrived_at": (start + timedelta(seconds=2)).isoformat(),
                                        "called_at": call.called_at}
    assert call_next(counter.store, station=station, clerk=clerk).ticket_number == "3"


@pytest.mark.parametrize(("content", "encoding"), [
    ("", "utf-8"),
    ("ticket_number,issued_at\r\n", "utf-8"),
    ("counter,when\r\n1,2026-11-30 08:00\r\n", "utf-8"),
    ("ticket_number,issued_at\r\n1,2026-11-30 08:00\r\nx?,2026-11-30 08:01\r\n", "utf-8"),
    ("ticket_number,issued_at\r\n1,2026-11-30 08:00\r\n2,hôm qua\r\n", "utf-8"),
    ("ticket_number,issued_at\r\n1,2026-11-30 08:00\r\n1,2026-11-30 09:00\r\n", "utf-8"),
    ("ticket_number,issued_at\r\n1\r\n", "utf-8"),
    ("số phiếu,giờ lấy số\r\n1,2026-11-30 08:00\r\n", "utf-16"),
])
def test_bad_exports_are_refused_whole(counter: CounterService, tmp_path: Path, content: str, encoding: str) -> None:
    path = write(tmp_path / "bad.csv", content, encoding)
    with pytest.raises(BadInputError) as caught:
        import_tickets(counter.store, path)
    assert caught.value.message_vi.startswith("Tệp số thứ tự không hợp lệ")
    assert counter.store.db.table("queue_tickets").count == 0


def test_accepted_columns_and_times(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "STT,Khu vực,issued_at\r\nB7,1,2026-11-30T08:00:00+07:00\r\n"
                 "8,1,2026-11-30 01:30:00+00:00\r\n9,1,2026-11-30 08:45\r\n\r\n")
    assert [(t.number, t.issued_at) for t in read_tickets(path)] == [
        ("B7", "2026-11-30T08:00:00+07:00"), ("8", "2026-11-30T08:30:00+07:00"), ("9", "2026-11-30T08:45:00+07:00")]


def test_cli_tickets_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "good.csv", "ticket_number,issued_at\r\nA1,2026-11-30 07:30\r\nA2,2026-11-30 07:31\r\n")
    assert main(["tickets", "import", str(good)]) == 0
    assert "Đã nhập 2 số thứ tự (2 số mới)" in capsys.readouterr().out
    bad = write(tmp_path / "bad.csv", "ticket_number,issued_at\r\nA3,2026-11-30 07:32\r\nA4,sáng nay\r\n")
    assert main(["tickets", "import", str(bad)]) == 2
    assert "dòng 3" in capsys.readouterr().err
    assert main(["tickets", "import", str(tmp_path / "missing.csv")]) == 2
    rows = Store(load_settings().data_path).db.execute("select number from queue_tickets order by id").fetchall()
    assert rows == [("A1",), ("A2",)]  # nothing of the bad file was written


def test_headless_call_then_intake_with_a_ticket(counter: CounterService, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tickets", "call"]) == 0
    assert "Đã gọi công dân tiếp theo lúc" in capsys.readouterr().out
    assert main(["intake", "--procedure", PROCEDURE, "--name", APPLICANT.name, "--id", APPLICANT.personal_id,
                 "--ticket", "B7 00:00"]) == 0
    code = capsys.readouterr().out.strip()
    row = counter.store.db.execute("select ticket_number, arrived_at, called_at from dossiers where code = ?",
                                   [code]).fetchone()
    assert row[0] == "B7" and row[1].endswith("T00:00:00+07:00") and row[2] is not None
    assert main(["intake", "--procedure", PROCEDURE, "--name", APPLICANT.name, "--ticket", "B7 24:61"]) == 2
    assert counter.store.db.table("dossiers").count == 1  # the refused one left nothing behind
