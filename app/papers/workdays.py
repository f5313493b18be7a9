"""The counter's working calendar, for the appointment date on the receipt (Mẫu 01): Monday to Friday, minus
Vietnam's public holidays, minus the days off a province adds by its own decision, plus the weekend days it makes
working days in exchange ("làm bù").

The public holidays come from the ``holidays`` package, which keeps Bộ luật Lao động 2019 Art. 112 with the lunar
dates (Tết Nguyên đán, Giỗ Tổ Hùng Vương) and the substitute days off for each year; the station's settings add what
the yearly decisions of the Government and the province change (``station.days_off``,
``station.working_weekend_days``, ISO dates).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.core.config import Settings
from app.core.errors import BadInputError


@dataclass(frozen=True)
class WorkCalendar:
    days_off: frozenset[date] = frozenset()
    working_weekend_days: frozenset[date] = frozenset()

    def is_working(self, day: date) -> bool:
        if day in self.working_weekend_days:
            return True
        return day.weekday() < 5 and day not in self.days_off


def public_holidays(country: str, years: Iterable[int]) -> set[date]:
    """The public holidays (and substitute days off) of ``country`` (ISO code, "VN") in ``years``."""
    import holidays

    try:
        found = holidays.country_holidays(country, years=list(years))
    except NotImplementedError as exc:
        raise BadInputError(country, message_vi=f"Không có lịch nghỉ lễ cho mã quốc gia {country!r} "
                            "(station.public_holidays; dùng \"VN\").",
                            message_en=f"No public-holiday calendar for country code {country!r}.") from exc
    return set(found)


def _dates(values: Iterable[str], setting: str) -> frozenset[date]:
    days = set()
    for value in values:
        try:
            days.add(date.fromisoformat(str(value)))
        except ValueError as exc:
            raise BadInputError(f"{setting} = {value!r}", message_vi=f"Ngày không hợp lệ trong {setting}: "
                                f"{value!r} (viết dạng 2027-02-11).",
                                message_en=f"Not a date in {setting}: {value!r} (write 2027-02-11).") from exc
    return frozenset(days)


def station_calendar(settings: Settings, around: date) -> WorkCalendar:
    """The calendar the station counts appointments with, from the year of ``around`` to two years after it (an
    appointment may fall in the next year; a long procedure, the year after)."""
    station = settings.station
    years = range(around.year, around.year + 3)
    off = set(public_holidays(station.public_holidays, years)) if station.public_holidays else set()
    off |= _dates(station.days_off, "station.days_off")
    return WorkCalendar(frozenset(off), _dates(station.working_weekend_days, "station.working_weekend_days"))


OPENING = time(8, 0)
CLOSING = time(17, 0)


def add_working_days(start: datetime, days: int, holidays: Collection[date] | WorkCalendar = ()) -> datetime:
    """``days`` working days after ``start`` (weekends and ``holidays`` skipped, or as a :class:`WorkCalendar`
    says), same time of day. A dossier received on a day off or after closing counts from the next working day's
    opening; one received before opening, from the opening."""
    calendar = holidays if isinstance(holidays, WorkCalendar) else WorkCalendar(frozenset(holidays))
    working = calendar.is_working

    day, moment = start.date(), start.time()
    if not working(day) or moment > CLOSING:
        day += timedelta(days=1)
        while not working(day):
            day += timedelta(days=1)
        moment = OPENING
    moment = max(moment, OPENING)
    left = days
    while left > 0:
        day += timedelta(days=1)
        left -= working(day)
    return datetime.combine(day, moment, tzinfo=start.tzinfo)
