"""The working calendar behind the appointment date: Vietnam's public holidays with the lunar Tết (from the
``holidays`` package), the days off and the worked Saturdays a province decides for the year (settings)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.core.config import Settings, StationSettings
from app.core.errors import BadInputError
from app.core.storage import VN_TZ, Store
from app.papers.receipts import issue_receipt
from app.papers.workdays import WorkCalendar, add_working_days, station_calendar

BEFORE_TET_2027 = datetime(2027, 2, 3, 10, 0, tzinfo=VN_TZ)  # Wednesday; Tết Đinh Mùi is 6 February 2027


def calendar(**station: object) -> WorkCalendar:
    return station_calendar(Settings(station=StationSettings(**station)), BEFORE_TET_2027.date())  # type: ignore[arg-type]


def test_tet_and_the_fixed_holidays_are_days_off() -> None:
    vn = calendar()
    for day in (date(2027, 1, 1), date(2027, 2, 5), date(2027, 2, 8), date(2027, 2, 10), date(2027, 4, 16),
                date(2027, 4, 30), date(2027, 9, 2)):
        assert not vn.is_working(day), day
    assert vn.is_working(date(2027, 2, 11)) and not vn.is_working(date(2027, 2, 13))


def test_an_appointment_skips_tet() -> None:
    assert add_working_days(BEFORE_TET_2027, 3, calendar()) == datetime(2027, 2, 15, 10, 0, tzinfo=VN_TZ)
    assert add_working_days(BEFORE_TET_2027, 3) == datetime(2027, 2, 8, 10, 0, tzinfo=VN_TZ)  # weekends only


def test_the_provinces_own_days_off_and_worked_saturdays() -> None:
    extra = calendar(days_off=["2027-02-11"])
    assert add_working_days(BEFORE_TET_2027, 3, extra) == datetime(2027, 2, 16, 10, 0, tzinfo=VN_TZ)
    swapped = calendar(working_weekend_days=["2027-02-13"])
    assert add_working_days(BEFORE_TET_2027, 3, swapped) == datetime(2027, 2, 13, 10, 0, tzinfo=VN_TZ)
    none = calendar(public_holidays="")
    assert add_working_days(BEFORE_TET_2027, 3, none) == datetime(2027, 2, 8, 10, 0, tzinfo=VN_TZ)


@pytest.mark.parametrize(("station", "named"), [({"days_off": ["11/02/2027"]}, "station.days_off: '11/02/2027'"),
                                               ({"working_weekend_days": ["thứ bảy"]}, "station.working_weekend_days"),
                                               ({"public_holidays": "XX"}, "'XX'")])
def test_a_bad_calendar_setting_is_named(station: dict[str, object], named: str) -> None:
    with pytest.raises(BadInputError) as raised:
        calendar(**station)
    assert named in raised.value.message_vi


def test_the_receipt_uses_the_station_calendar(isolated_station) -> None:  # type: ignore[no-untyped-def]
    from app.catalog.files import SAMPLE_CATALOG
    from app.catalog.store import Catalog
    from app.dossiers.intake import open_dossier
    from app.dossiers.model import Applicant

    store, settings = Store(isolated_station), Settings()
    Catalog(store).import_file(SAMPLE_CATALOG)
    opened = open_dossier(store, settings, "1.008050", Applicant("Lê Văn Tám", "001090012345", "0912345678", "Huế"))
    store.db.execute("update dossiers set created_at = ? where code = ?", [BEFORE_TET_2027.isoformat(), opened.code])
    receipt = issue_receipt(store, settings, opened.code, now=BEFORE_TET_2027)
    # 1.008050 takes 10 working days; 4–10 Feb are Tết: 11, 12, 15–19, 22, 23, 24 Feb
    assert receipt.appointment_at == datetime(2027, 2, 24, 10, 0, tzinfo=VN_TZ)
    store.close()
