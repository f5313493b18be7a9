"""The digitization report the agency files every quarter: dossiers received, components digitized against those
that must be, pages, time at the counter (the 15-minute target), the citizen's waiting and service time, the Decision
766 index figures (:mod:`app.reports.scores`) and upload delays, per clerk and per procedure. Figures only;
:mod:`app.reports.export` writes them as XLSX, CSV, JSON and PNG charts (definitions: docs/reports.md)."""

from __future__ import annotations

import json
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from app.core.errors import BadInputError
from app.core.storage import VN_TZ, now_iso
from app.reports import scores
from app.reports.backlog import BacklogFigures, backlog_figures

if TYPE_CHECKING:  # today's figures show with today's list, before sqlite-utils (and NumPy) has loaded
    from sqlite_utils import Database

COUNTER_TARGET_MINUTES = 15
WAITING_TARGET_MINUTES = 15  # the plan: a citizen waits at most 15 minutes
SERVICE_TARGET_MINUTES = 30  # processing a dossier at the counter, from the call to the finish


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    @classmethod
    def parse(cls, quarter: str | None = None, year: str | None = None, date_from: str | None = None,
              date_to: str | None = None) -> Period:
        """``2026Q4``, ``2026``, or ``from``/``to`` dates (YYYY-MM-DD, both included)."""
        def bad(what: str) -> BadInputError:
            return BadInputError(what, message_vi="Kỳ báo cáo không hợp lệ (ví dụ 2026Q4, 2026, hoặc từ ngày "
                                 "2026-10-01 đến ngày 2026-12-31).", message_en="Invalid report period.")

        if quarter:
            match = re.fullmatch(r"(\d{4})-?[Qq]([1-4])", quarter.strip())
            if not match:
                raise bad(quarter)
            y, q = int(match.group(1)), int(match.group(2))
            end = date(y, 3 * q, 1) + timedelta(days=31)
            return cls(date(y, 3 * q - 2, 1), end.replace(day=1) - timedelta(days=1), f"{y}Q{q}")
        if year:
            if not re.fullmatch(r"\d{4}", year.strip()):
                raise bad(year)
            return cls(date(int(year), 1, 1), date(int(year), 12, 31), year.strip())
        if date_from and date_to:
            try:
                start, end = date.fromisoformat(date_from), date.fromisoformat(date_to)
            except ValueError as exc:
                raise bad(f"{date_from} {date_to}") from exc
            if end < start:
                raise bad(f"{date_from} > {date_to}")
            return cls(start, end, f"{start.isoformat()}_{end.isoformat()}")
        raise bad("no period")

    def contains(self, stamp: str | None) -> bool:
        return stamp is not None and stamp != "" and self.start <= _local(stamp).date() <= self.end


def _local(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return (moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)).astimezone(VN_TZ)


def _minutes(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    value = (_local(end) - _local(start)).total_seconds() / 60
    return value if value >= 0 else None


def nearest_rank(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``share`` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


@dataclass
class Durations:
    """Minutes: how many, median, 90th percentile (nearest rank), and how many and what share exceed a target (and
    the share within it)."""

    count: int = 0
    median: float | None = None
    p90: float | None = None
    maximum: float | None = None
    over_target: int = 0
    share_over_target: float | None = None
    share_within_target: float | None = None

    @classmethod
    def of(cls, values: Sequence[float], target: float | None = COUNTER_TARGET_MINUTES) -> Durations:
        if not values:
            return cls()
        over = sum(v > target for v in values) if target is not None else 0
        return cls(len(values), round(statistics.median(values), 2), round(nearest_rank(values, 0.9), 2),
                   round(max(values), 2), over, round(over / len(values), 4) if target is not None else None,
                   round(1 - over / len(values), 4) if target is not None else None)


@dataclass
class Figures:
    dossiers: int = 0
    components: int = 0
    exempt: int = 0
    must_digitize: int = 0
    must_digitize_done: int = 0
    digitized: int = 0
    pages: int = 0
    share_digitized: float | None = None  # of the components that must be digitized
    counter: Durations = field(default_factory=Durations)
    receipts_printed: int = 0  # copies sent to the printer, first prints and reprints
    # Decision 766 index: each a count over the period's total (app/reports/scores.py says where each comes from)
    dossiers_digitized: int = 0  # dossiers with at least one digitized component (HoSoCoThanhPhanSoHoa)
    share_dossiers_digitized: float | None = None
    components_reused: int = 0  # of the components not exempt (the papers the counter would collect)
    share_reused: float | None = None
    results_issued: int = 0  # dossiers with a result issued
    results_electronic: int = 0  # of those, with a result issued electronically
    share_results_electronic: float | None = None
    # the citizen's time: waiting (ticket issued -> called) and service (called -> dossier finished)
    waiting: Durations = field(default_factory=Durations)
    without_ticket: int = 0  # waiting unknown (no ticket, so no arrival): never counted as zero
    service: Durations = field(default_factory=Durations)

    @property
    def to_collect(self) -> int:
        """The components the counter would collect on paper (exempt ones left out): the reuse share's total."""
        return self.components - self.exempt


@dataclass
class OutboxFigures:
    available: bool = False
    entries: int = 0
    sent: int = 0
    pending: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    delay: Durations = field(default_factory=Durations)


@dataclass
class Report:
    period: Period
    agency_code: str
    agency_name: str
    generated_at: str
    totals: Figures
    by_clerk: dict[str, Figures]
    by_procedure: dict[str, Figures]
    procedure_names: dict[str, str]
    outbox: OutboxFigures
    identity_lookups: int = 0  # TruyVanCSDLDanCu: population-database lookups in the period
    backlog: BacklogFigures = field(default_factory=BacklogFigures)  # results still in force (app/reports/backlog.py)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["period"] = {"label": self.period.label, "from": self.period.start.isoformat(),
                          "to": self.period.end.isoformat()}
        return data


def _figures(dossiers: Iterable[dict[str, Any]]) -> Figures:
    f = Figures()
    minutes: list[float] = []
    waiting: list[float] = []
    service: list[float] = []
    for d in dossiers:
        f.dossiers += 1
        digitized = f.digitized
        for c in d["components"]:
            f.components += 1
            f.components_reused += bool(c["reused"])
            if c["exempt_reason"]:
                f.exempt += 1
                continue
            done = c["pages"] > 0 or bool(c["pdf_path"]) or bool(c["reused"])  # reused: electronic already
            f.digitized += done
            f.pages += c["pages"]
            if c["must_digitize"]:
                f.must_digitize += 1
                f.must_digitize_done += done
        f.dossiers_digitized += f.digitized > digitized
        issued: scores.Issued = d["results"]
        f.results_issued += issued.results > 0
        f.results_electronic += issued.electronic > 0
        f.receipts_printed += d.get("prints", 0)
        value = _minutes(d["created_at"], d["receipt_printed_at"])
        if value is not None:
            minutes.append(value)
        _queue_times(d, waiting, service)
    f.share_digitized = round(f.must_digitize_done / f.must_digitize, 4) if f.must_digitize else None
    f.share_dossiers_digitized = scores.share(f.dossiers_digitized, f.dossiers)
    f.share_reused = scores.share(f.components_reused, f.to_collect)
    f.share_results_electronic = scores.share(f.results_electronic, f.results_issued)
    f.counter = Durations.of(minutes)
    f.waiting = Durations.of(waiting, WAITING_TARGET_MINUTES)
    f.without_ticket = f.dossiers - len(waiting)
    f.service = Durations.of(service, SERVICE_TARGET_MINUTES)
    return f


def _queue_times(d: dict[str, Any], waiting: list[float], service: list[float]) -> None:
    """The citizen is called when the clerk pressed "call next number", or at the latest when the dossier was
    opened; waiting runs from the ticket's issue (unknown without a ticket), service until the dossier is finished."""
    called = d["called_at"] or d["created_at"]
    wait = _minutes(d["arrived_at"], called)
    if wait is not None:
        waiting.append(wait)
    done = _minutes(called, d["finished_at"] or d["receipt_printed_at"])
    if done is not None:
        service.append(done)


def _dossiers(db: Database, period: Period) -> list[dict[str, Any]]:
    wide = [(period.start - timedelta(days=1)).isoformat(), (period.end + timedelta(days=2)).isoformat()]
    queue = ", ".join(f"{c} as {c}" if c in db.table("dossiers").columns_dict else f"null as {c}"
                      for c in ("arrived_at", "called_at"))  # sohoa.queue's columns; a bare copy may lack them
    rows = [r for r in db.query("select id, code, procedure_code, procedure_name, clerk, created_at, finished_at, "
                                f"receipt_printed_at, {queue} from dossiers where created_at >= ? and "
                                "created_at < ? order by created_at", wide) if period.contains(r["created_at"])]
    by_id = {r["id"]: {**r, "components": []} for r in rows}
    if by_id:
        ids = list(by_id)
        for c in db.query(
                "select c.dossier_id, c.must_digitize, c.exempt_reason, c.pdf_path, (select count(*) from pages p "
                f"where p.component_id = c.id and p.status = 'kept') as pages, {scores.reused_sql()} as reused "
                f"from components c where c.dossier_id in ({','.join('?' * len(ids))})", ids):
            by_id[c["dossier_id"]]["components"].append(c)
    results = scores.results_by_dossier(db, by_id)
    for dossier_id, d in by_id.items():
        d["results"] = results.get(dossier_id, scores.Issued(0, 0))
    _count_prints(db, by_id.values())
    return list(by_id.values())


def _count_prints(db: Database, dossiers: Iterable[dict[str, Any]]) -> None:
    """Each dossier's printed receipts, from the audit trail (a print is recorded there, a reprint too)."""
    by_code = {d["code"]: d for d in dossiers}
    for d in by_code.values():
        d["prints"] = 0
    if not by_code or not db.table("audit_log").exists():
        return
    for code, details in db.execute("select dossier_code, details from audit_log where action = 'receipt_printed'"):
        if code in by_code:
            by_code[code]["prints"] += int(json.loads(details or "{}").get("copies", 1))


def _outbox(db: Database, period: Period) -> OutboxFigures:
    """Entries queued in the period: how many were sent and how long after queuing (app/core/schema/outbox.py); not
    available on a database without the outbox (a copy of the dossier tables alone)."""
    if not db.table("outbox_entries").exists():
        return OutboxFigures()
    figures = OutboxFigures(available=True)
    delays: list[float] = []
    by_state: dict[str, int] = defaultdict(int)
    for row in db.query("select created_at, sent_at, remote_received_at, state from outbox_entries"):
        if not period.contains(row["created_at"]):
            continue
        figures.entries += 1
        finished = row["sent_at"] or row["remote_received_at"]
        delay = _minutes(row["created_at"], finished)
        if finished and delay is not None:
            figures.sent += 1
            delays.append(delay)
        else:
            figures.pending += 1
        by_state[str(row["state"])] += 1
    figures.by_state = dict(sorted(by_state.items()))
    figures.delay = Durations.of(delays, target=None)
    return figures


def build_report(db: Database, period: Period, *, agency_code: str = "", agency_name: str = "",
                 backlog_target: int = 0, backlog_by_type: dict[str, int] | None = None) -> Report:
    """``backlog_target`` / ``backlog_by_type``: the results still in force the agency counted ([results])."""
    dossiers = _dossiers(db, period)
    by_clerk: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_procedure: dict[str, list[dict[str, Any]]] = defaultdict(list)
    names: dict[str, str] = {}
    for d in dossiers:
        by_clerk[d["clerk"] or ""].append(d)
        by_procedure[d["procedure_code"] or ""].append(d)
        names.setdefault(d["procedure_code"] or "", d["procedure_name"] or "")
    if db.table("procedures").exists():
        for code, name in db.execute("select code, name from procedures").fetchall():
            if code in names and not names[code]:
                names[code] = name
    return Report(period, agency_code, agency_name, now_iso(), _figures(dossiers),
                  {k: _figures(v) for k, v in sorted(by_clerk.items())},
                  {k: _figures(v) for k, v in sorted(by_procedure.items())}, names, _outbox(db, period),
                  scores.identity_lookups(db, period.contains),
                  backlog_figures(db, period.contains, period.start, period.end, backlog_target, backlog_by_type))


def today(db: Database, now: datetime | None = None, *, backlog_target: int = 0,
          backlog_by_type: dict[str, int] | None = None) -> Report:
    """Today's figures, as the window shows them next to today's list (the backlog's progress against the target
    the agency counted, ``[results]``)."""
    day = (now or datetime.now(VN_TZ)).astimezone(VN_TZ).date()
    return build_report(db, Period(day, day, day.isoformat()), backlog_target=backlog_target,
                        backlog_by_type=backlog_by_type)
