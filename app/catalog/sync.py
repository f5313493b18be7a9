"""Taking the catalog from the destination system (``sohoa catalog sync``): fetch it whole, keep what only the
station knows (which papers must be digitized, exemptions, expected pages), replace the local catalog in one
transaction, and say what changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.catalog.model import CatalogSource, ImportSummary, Procedure
from app.catalog.store import Catalog

COMPARED = ("name", "field", "processing_days", "fee", "fee_note")


@dataclass(frozen=True)
class CatalogChanges:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[tuple[str, tuple[str, ...]], ...]  # (procedure code, what changed)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def lines(self) -> list[str]:
        return ([f"+ {code}" for code in self.added] + [f"- {code}" for code in self.removed]
                + [f"~ {code}: {'; '.join(what)}" for code, what in self.changed])


def keep_station_settings(fetched: Sequence[Procedure], local: Sequence[Procedure]) -> list[Procedure]:
    """The national catalogue says nothing of digitization classes, exemptions or which paper is the ID card's copy:
    a component the station already knows (same procedure, same code) keeps them."""
    known = {(p.code, c.code): c for p in local for c in p.components}
    settings = {p.code: p.scan_verification for p in local}
    merged = []
    for proc in fetched:
        components = tuple(
            replace(c, digitize_class=old.digitize_class, exempt=old.exempt, expected_pages=old.expected_pages,
                    id_card=old.id_card)
            if (old := known.get((proc.code, c.code))) is not None else c for c in proc.components)
        merged.append(replace(proc, components=components,
                              scan_verification=settings.get(proc.code, proc.scan_verification)))
    return merged


def diff(old: Sequence[Procedure], new: Sequence[Procedure]) -> CatalogChanges:
    before, after = {p.code: p for p in old}, {p.code: p for p in new}
    changed = []
    for code in sorted(before.keys() & after.keys()):
        a, b = before[code], after[code]
        what = [f"{f}: {getattr(a, f)!r} → {getattr(b, f)!r}" for f in COMPARED if getattr(a, f) != getattr(b, f)]
        what += _codes("thành phần/components", {c.code: c.name for c in a.components},
                       {c.code: c.name for c in b.components})
        what += _codes("kết quả/results", {r.code: r.name for r in a.results}, {r.code: r.name for r in b.results})
        if what:
            changed.append((code, tuple(what)))
    return CatalogChanges(tuple(sorted(after.keys() - before.keys())), tuple(sorted(before.keys() - after.keys())),
                          tuple(changed))


def _codes(label: str, a: dict[str, str], b: dict[str, str]) -> list[str]:
    parts = [f"+{c}" for c in sorted(b.keys() - a.keys())] + [f"-{c}" for c in sorted(a.keys() - b.keys())]
    parts += [f"~{c}" for c in sorted(a.keys() & b.keys()) if a[c] != b[c]]
    return [f"{label} {' '.join(parts)}"] if parts else []


def sync_catalog(catalog: Catalog, source: CatalogSource, *, dry_run: bool = False,
                 ) -> tuple[CatalogChanges, ImportSummary | None]:
    """All or nothing: the whole catalog is fetched before anything changes, then imported in one transaction."""
    local = catalog.procedures()
    fetched = keep_station_settings(list(source.fetch_procedures()), local)
    changes = diff(local, fetched)
    if dry_run:
        return changes, None
    return changes, catalog.import_procedures(fetched, source=source.name, mode="replace")
