"""The figures a province is scored on (Decision 766/QĐ-TTg index, as the provincial system computes them), read in
one place: which table and column holds each figure's numbers. The features that fill them (reuse and identity at
intake, results) add their columns in their own schema modules; until a column exists here its figure keeps its
neutral value (nothing reused, no result issued, no lookup) over the right total, never a guess."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # today's figures show with today's list, before sqlite-utils (and NumPy) has loaded
    from sqlite_utils import Database

# DiemTyLeTaiSuDung: a component reused instead of collected again is in this state (ComponentStatus.REUSED, in
# app.dossiers.lifecycle, a layer above the reports), its reference in component_reuse; over the components not exempt.
REUSED_STATUS = "reused"
# DiemTyLeCapKQDienTu: one row a result digitized for a dossier (app.results); it is issued electronically once it is
# released into the citizen's data store, which returning the result does (``released_at``).
RESULTS_TABLE = "results"
RESULTS_ELECTRONIC = "released_at"
# TruyVanCSDLDanCu: each lookup of the population database / VNeID is an audit-trail entry with this action,
# written by the identity feature (who looked up what is logged there anyway, Law 91/2025).
IDENTITY_LOOKUP_ACTION = "identity_lookup"


def _has_column(db: Database, table: str, column: str) -> bool:
    return db.table(table).exists() and column in db.table(table).columns_dict


def reused_sql(alias: str = "c") -> str:
    """A SQL expression over a components row: 1 when the component was reused, else 0."""
    return f"({alias}.status = '{REUSED_STATUS}')"


@dataclass(frozen=True)
class Issued:
    results: int  # results issued for the dossier
    electronic: int  # of which electronically


def results_by_dossier(db: Database, dossier_ids: Iterable[int]) -> dict[int, Issued]:
    """Results issued per dossier; empty while the station holds no results table."""
    ids = list(dossier_ids)
    if not ids or not _has_column(db, RESULTS_TABLE, RESULTS_ELECTRONIC) \
            or not _has_column(db, RESULTS_TABLE, "dossier_id"):
        return {}
    rows = db.execute(f"select dossier_id, count(*), sum({RESULTS_ELECTRONIC} is not null) from {RESULTS_TABLE} "
                      f"where dossier_id in ({','.join('?' * len(ids))}) group by dossier_id", ids).fetchall()
    return {int(d): Issued(int(n), int(e or 0)) for d, n, e in rows}


def identity_lookups(db: Database, in_period: Callable[[str], bool]) -> int:
    """Population-database lookups recorded in the audit trail within the period (0 before any was made)."""
    if not db.table("audit_log").exists():
        return 0
    return sum(1 for (at,) in db.execute("select at from audit_log where action = ?", [IDENTITY_LOOKUP_ACTION])
               if in_period(at))


def share(part: int, total: int) -> float | None:
    return round(part / total, 4) if total else None


def ratio_text(part: int, total: int, decimal: str = ",") -> str:
    """Both numbers and the share, as the index shows them: "12/40 (30 %)"; "0/0 (—)" when there is nothing."""
    value = share(part, total)
    if value is None:
        return f"{part}/{total} (—)"
    percent = f"{value * 100:.1f}".removesuffix(".0").replace(".", decimal)
    return f"{part}/{total} ({percent} %)"
