"""The station's day is Vietnam's, whatever the machine's clock zone: from 17:00 UTC it is already tomorrow in
Vietnam. Each test travels to 00:30 Vietnam time (17:30 UTC the day before, the machine's zone here being UTC or
anything else) and checks that what the clerk sees as "today" holds what was just done."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from app.core.storage import VN_TZ
from app.counter.model import todays_dossiers
from app.counter.service import CounterService
from app.dossiers.identity import id_problems
from app.reports import figures
from tests.counter_fixtures import APPLICANT, counter  # noqa: F401  (fixture)

HALF_PAST_MIDNIGHT = datetime(2026, 11, 30, 0, 30, tzinfo=VN_TZ)  # 2026-11-29 17:30 UTC


def travel(moment: datetime) -> time_machine.travel:
    """To ``moment``, the machine's zone set to UTC: time-machine makes a ZoneInfo destination's zone the machine's
    (given in Vietnam's zone, the machine's day and Vietnam's would agree, and nothing would be tested)."""
    return time_machine.travel(moment.astimezone(ZoneInfo("UTC")), tick=True)


@pytest.fixture
def after_vietnam_midnight() -> Iterator[None]:
    with travel(HALF_PAST_MIDNIGHT):
        assert date.today() == date(2026, 11, 29)  # the machine's day is still yesterday
        yield


def test_a_dossier_received_after_midnight_is_in_todays_list_and_figures(
        after_vietnam_midnight: None, counter: CounterService) -> None:  # noqa: F811
    dossier_id = counter.new_dossier("1.008050", APPLICANT, [])
    counter.receipt(dossier_id)
    counter.receipt_printed(dossier_id)
    listed = todays_dossiers(counter.store.db)
    assert [d.id for d in listed] == [dossier_id]
    assert listed[0].receipt_printed_at.startswith("2026-11-30T00:")
    report = figures.today(counter.store.db)
    assert report.totals.dossiers == 1
    assert report.totals.receipts_printed == 1  # issuing is not printing; the print is counted
    assert counter.dossier(dossier_id)["code"].split("-")[-2] == "261130"  # the code carries Vietnam's date


def test_an_id_numbers_birth_year_is_judged_on_vietnams_year() -> None:
    """On 1 January in Vietnam (still 31 December in UTC), a child born that day has a valid number."""
    with travel(datetime(2027, 1, 1, 0, 30, tzinfo=VN_TZ)):
        assert not [p for p in id_problems("001327000001") if p.blocking]
