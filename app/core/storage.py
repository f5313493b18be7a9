"""The station's SQLite database through sqlite-utils: WAL, foreign keys, one connection per thread, and every
schema step recorded by ``Migrations`` sets found in :mod:`app.core.schema` (one module a feature)."""

from __future__ import annotations

import importlib
import logging
import os
import pkgutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import app.core.schema
from app.core.files import PRIVATE_FILE, make_private, private_dir
from app.core.winacl import restrict

if TYPE_CHECKING:  # sqlite-utils imports NumPy: it loads when the database is first opened, not with this module
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
log = logging.getLogger(__name__)


def now_iso() -> str:
    """Now in Vietnam time, ISO 8601 with offset (how every timestamp is stored)."""
    return datetime.now(VN_TZ).isoformat(timespec="seconds")


def migration_sets() -> list[Migrations]:
    """All migration sets, core first, then by module name."""
    names = sorted(m.name for m in pkgutil.iter_modules(app.core.schema.__path__))
    names.sort(key=lambda n: (n != "core", n))
    sets = []
    for name in names:
        module = importlib.import_module(f"app.core.schema.{name}")
        sets.append(module.migrations)
    return sets


def open_database(path: Path) -> Database:
    from sqlite_utils import Database  # late: see the imports above (the window paints before this loads)

    private_dir(path.parent)
    if not path.exists():  # SQLite gives its -wal and -shm files the database file's mode
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    db = Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 30000")
    db.enable_wal()
    db.execute("PRAGMA synchronous = FULL")
    for migrations in migration_sets():
        migrations.apply(db)
    return db


_AFTER_COMMIT = "_sohoa_after_commit"


def after_commit(db: Database, action: Callable[[Database], None]) -> None:
    """Run ``action(db)`` once the outermost :func:`write_transaction` on ``db`` commits (dropped if it rolls back);
    at once when no transaction is open. Each action is registered once per transaction and reads the committed
    state itself, so one registered inside a savepoint that rolled back does no harm."""
    if not db.conn.in_transaction:
        action(db)
        return
    pending: list[Callable[[Database], None]] = db.__dict__.setdefault(_AFTER_COMMIT, [])
    if action not in pending:
        pending.append(action)


def _run_after_commit(db: Database) -> None:
    for action in db.__dict__.pop(_AFTER_COMMIT, []):
        try:
            action(db)
        except Exception:  # the transaction is committed: a follow-up's failure is logged, not raised into it
            log.exception("after-commit action %r failed", action)


@contextmanager
def immediate_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE, then COMMIT, or ROLLBACK when the body raises (nothing half-written), on a connection in
    autocommit mode (``isolation_level=None``) with no transaction open. IMMEDIATE takes the write lock at the start,
    so several processes or threads reading then writing wait their turn on busy_timeout; a deferred BEGIN would
    fail at once with "database is locked" when another writer committed after its first read."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (a full disk, an I/O error)
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One :func:`immediate_transaction` on the store's database, running the :func:`after_commit` actions once it
    committed. Nested: a savepoint, as sqlite-utils does."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        with immediate_transaction(db.conn):
            yield db
    except BaseException:
        db.__dict__.pop(_AFTER_COMMIT, None)
        raise
    _run_after_commit(db)


class Store:
    """The data folder and the database, with one connection per thread (SQLite connections are per thread)."""

    def __init__(self, data_dir: Path, *, open_now: bool = True) -> None:
        """``open_now``: open the database (and apply its migrations) here; the window passes False, so that its
        first paint does not wait for sqlite-utils and NumPy to load: the first use opens it, in a worker."""
        self.data_dir = data_dir
        self.db_path = data_dir / "sohoa.db"
        self._local = threading.local()
        self._lock = threading.Lock()
        private_dir(data_dir)
        restrict(data_dir)  # Windows: the folder's ACL (POSIX: the modes below)
        for existing in (data_dir, self.db_path, *(data_dir / f"sohoa.db{s}" for s in ("-wal", "-shm"))):
            make_private(existing)  # a data folder from before is tightened too
        if open_now:
            self.db  # noqa: B018 - open once now so migrations run before any worker starts

    @property
    def db(self) -> Database:
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            with self._lock:  # one thread at a time opens: the first to open applies the migrations
                db = open_database(self.db_path)
            self._local.db = db
        return db

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction for one state change."""
        db = self.db
        with write_transaction(db):
            yield db

    def close(self) -> None:
        db: Database | None = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def path(self, relative: str) -> Path:
        return self.data_dir / relative
