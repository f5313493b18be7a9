"""The ticket machine's export, imported so a dossier's ticket number gives the citizen's arrival: a CSV with a
header row, one ticket a line, its number and the time it was issued (the accepted columns: docs/reports.md). The
whole file is checked before anything is written; a bad file is refused with the line at fault."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.core.errors import BadInputError
from app.core.storage import Store, now_iso
from app.core.vietnamese import fold_key
from app.dossiers.queue import local, stamp, ticket_number

MAX_BYTES = 20 * 1024 * 1024
NUMBER_COLUMNS = ("ticket number", "ticket", "number", "so phieu", "so thu tu", "stt", "so")
TIME_COLUMNS = ("issued at", "issued", "time", "thoi gian lay so", "gio lay so", "thoi gian", "ngay gio")
TIME_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Ticket:
    number: str
    issued_at: str  # Vietnam time, ISO 8601 with offset

    @property
    def day(self) -> str:
        return self.issued_at[:10]


@dataclass(frozen=True)
class TicketImport:
    tickets: int
    new: int
    dossiers: int  # dossiers whose arrival the import filled


def _bad(where: str, vi: str, en: str) -> BadInputError:
    return BadInputError(where, message_vi=f"Tệp số thứ tự không hợp lệ: {vi}", message_en=f"Invalid ticket file: {en}")


def _issued(text: str, line: int) -> str:
    value = text.strip()
    try:
        return stamp(local(value.replace(" ", "T", 1) if "-" in value[:10] else value))
    except ValueError:
        pass
    for fmt in TIME_FORMATS:
        try:
            return stamp(datetime.strptime(value, fmt))
        except ValueError:
            continue
    raise _bad(f"dòng {line}: {value!r}", f"dòng {line} có giờ lấy số không đọc được ({value!r}; ví dụ "
               "2026-11-29 08:15 hoặc 29/11/2026 08:15).", f"line {line} has an unreadable issue time ({value!r}).")


def read_tickets(path: Path) -> list[Ticket]:
    """Every ticket of the file, or :class:`BadInputError` naming the first problem."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _bad(str(path), "tệp quá lớn.", "the file is too large.")
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad(str(path), "không đọc được tệp (cần CSV mã hóa UTF-8).", "cannot read it (UTF-8 CSV expected).") \
            from exc
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [fold_key(h) for h in next(reader, [])]
    number_col = next((header.index(c) for c in NUMBER_COLUMNS if c in header), None)
    time_col = next((header.index(c) for c in TIME_COLUMNS if c in header), None)
    if number_col is None or time_col is None:
        raise _bad(str(path), "dòng đầu phải có cột số phiếu (ticket_number, so_phieu, stt…) và cột giờ lấy số "
                   "(issued_at, thoi_gian_lay_so…).", "the header needs a ticket number column (ticket_number, "
                   "so_phieu, stt…) and an issue time column (issued_at, thoi_gian_lay_so…).")
    found: dict[tuple[str, str], Ticket] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if max(number_col, time_col) >= len(row):
            raise _bad(f"dòng {line}", f"dòng {line} thiếu cột.", f"line {line} lacks columns.")
        try:
            number = ticket_number(row[number_col])
        except BadInputError as exc:
            raise _bad(f"dòng {line}: {row[number_col]!r}", f"dòng {line} có số phiếu không hợp lệ.",
                       f"line {line} has an invalid ticket number.") from exc
        ticket = Ticket(number, _issued(row[time_col], line))
        earlier = found.setdefault((ticket.day, number), ticket)
        if earlier.issued_at != ticket.issued_at:
            raise _bad(f"dòng {line}: {number}", f"số {number} xuất hiện hai lần trong ngày {ticket.day} với giờ "
                       "khác nhau.", f"ticket {number} appears twice on {ticket.day} with different times.")
    if not found:
        raise _bad(str(path), "không có số phiếu nào.", "it holds no ticket.")
    return list(found.values())


def import_tickets(store: Store, path: Path) -> TicketImport:
    """The file's tickets in one transaction (importing it again changes nothing); dossiers that hold one of these
    tickets but no arrival yet take its issue time."""
    tickets = read_tickets(path)
    at = now_iso()
    with store.atomic() as db:
        ids = {f"{t.day}/{t.number}": t for t in tickets}
        known = {str(i) for (i,) in db.execute("select id from queue_tickets").fetchall()}
        db.table("queue_tickets").upsert_all(
            [{"id": key, "day": t.day, "number": t.number, "issued_at": t.issued_at, "imported_at": at}
             for key, t in ids.items()], pk="id")
        filled = 0
        for dossier_id, created, number in db.execute(
                "select id, created_at, ticket_number from dossiers where ticket_number is not null and "
                "arrived_at is null").fetchall():
            ticket = ids.get(f"{local(created).date().isoformat()}/{number}")
            if ticket is not None:
                db.execute("update dossiers set arrived_at = ? where id = ?", [ticket.issued_at, dossier_id])
                filled += 1
    return TicketImport(len(ids), len(set(ids) - known), filled)
