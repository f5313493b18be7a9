"""Personal-data hygiene: local copies of citizens' papers (page images, PDFs under the data folder) are deleted a
set number of days after every destination acknowledged the dossier — or the standalone result record, which
belongs to no dossier (app/outbox/records.py). Rows, checksums and receipts stay."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from app.core.audit import Action
from app.core.storage import Store, now_iso
from app.outbox.queue import _event, audit_entry

log = logging.getLogger("sohoa.outbox")
DAY = 86400.0


@dataclass
class PurgeReport:
    dossiers: list[str] = field(default_factory=list)
    files: int = 0
    bytes: int = 0


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def purge_candidates(store: Store, days: int, now: float) -> list[tuple[int, str]]:
    """Dossiers acknowledged by every destination they were queued for (cancelled ones aside), the last
    acknowledgement older than ``days``, not yet purged."""
    if days < 0:
        return []
    rows = store.db.execute(
        "select dossier_id, min(dossier_code) from outbox_entries where dossier_id is not null group by dossier_id "
        "having sum(state = 'sent') > 0 and sum(state not in ('sent', 'cancelled')) = 0 "
        "and max(acked_ts) <= ? and sum(state = 'sent' and purged_at is null) > 0", [now - days * DAY])
    return [(int(r[0]), str(r[1])) for r in rows]


def purge_acknowledged(store: Store, days: int, now: float, dry_run: bool = False) -> PurgeReport:
    """Delete the local papers of acknowledged dossiers; ``days < 0`` disables purging."""
    report = PurgeReport()
    root = store.data_dir
    for dossier_id, code in purge_candidates(store, days, now):
        targets: list[Path] = [root / "dossiers" / str(dossier_id)]
        for (path,) in store.db.execute(
                "select f.path from outbox_files f join outbox_entries e on e.id = f.entry_id "
                "where e.dossier_id = ?", [dossier_id]):
            targets.append(Path(path) if Path(path).is_absolute() else root / path)
        files = 0
        for target in targets:
            if not target.exists() or not _inside(target, root):
                continue  # never delete outside the data folder (e.g. a PDF picked from the clerk's documents)
            count, size = _size(target) if target.is_dir() else (1, target.stat().st_size)
            files += count
            report.files += count
            report.bytes += size
            if not dry_run:
                shutil.rmtree(target) if target.is_dir() else target.unlink()
        report.dossiers.append(code)
        if dry_run:
            continue
        with store.atomic() as db:
            stamp = now_iso()
            for (entry_id,) in list(db.execute("select id from outbox_entries where dossier_id = ? and state = 'sent'",
                                               [dossier_id])):
                db.execute("update outbox_entries set purged_at = ? where id = ?", [stamp, entry_id])
                db.execute("update outbox_files set purged_at = ? where entry_id = ?", [stamp, entry_id])
                _event(db, entry_id, "purged", f"{files} files")
                audit_entry(db, Action.PURGED, entry_id, {"files": files}, clerk="sync")
        log.info("purged local papers of %s", code)
    _purge_records(store, days, now, dry_run, report)
    return report


def _purge_records(store: Store, days: int, now: float, dry_run: bool, report: PurgeReport) -> None:
    """A standalone result record's file, once acknowledged ``days`` ago (its key stands for it in the report)."""
    if days < 0:
        return
    root = store.data_dir
    for entry_id, key in list(store.db.execute(
            "select id, dossier_code from outbox_entries where dossier_id is null and state = 'sent' "
            "and purged_at is null and acked_ts <= ? and not exists (select 1 from outbox_entries later where "
            "later.dossier_id is null and later.dossier_code = outbox_entries.dossier_code and later.state in "
            "('queued', 'sending', 'needs_attention'))",  # a correction still to send needs the same file
            [now - days * DAY])):
        paths = [Path(p) if Path(p).is_absolute() else root / p for (p,) in
                 store.db.execute("select path from outbox_files where entry_id = ?", [entry_id])]
        files = [p for p in paths if p.is_file() and _inside(p, root)]
        report.files += len(files)
        report.bytes += sum(p.stat().st_size for p in files)
        report.dossiers.append(str(key))
        if dry_run:
            continue
        for path in files:
            path.unlink()
        with store.atomic() as db:
            stamp = now_iso()
            db.execute("update outbox_entries set purged_at = ? where id = ?", [stamp, entry_id])
            db.execute("update outbox_files set purged_at = ? where entry_id = ?", [stamp, entry_id])
            _event(db, entry_id, "purged", f"{len(files)} files")
            audit_entry(db, Action.PURGED, entry_id, {"files": len(files)}, clerk="sync")
        log.info("purged the local file of %s", key)
