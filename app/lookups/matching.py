"""Which paper of the citizen's data store can stand for which component of the dossier.

The rule (docs/counter.md): a paper matches a component when its result code (``MaKetQua``) is the component's
catalog code, or when their names agree once folded (no accents, lower case, punctuation dropped): equal, or one
holding the other as whole words ("Giấy khai sinh" matches "Bản sao Giấy khai sinh"). Only papers still valid
today are offered; an expired one is listed as such and cannot be reused."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.core.storage import VN_TZ
from app.core.vietnamese import fold_key
from app.lookups.model import KhoPaper


def _words_within(short: str, long: str) -> bool:
    return f" {short} " in f" {long} "


def matches(component: Mapping[str, Any], paper: KhoPaper) -> bool:
    code = str(component.get("code") or "").strip()
    if code and code == paper.result_code:
        return True
    mine, theirs = fold_key(str(component.get("name") or "")), fold_key(paper.name)
    if not mine or not theirs:
        return False
    return mine == theirs or _words_within(mine, theirs) or _words_within(theirs, mine)


@dataclass(frozen=True)
class ComponentPapers:
    """For one component: the valid papers that can replace it, and those found but expired."""

    code: str
    name: str
    component_id: int | None = None
    papers: tuple[KhoPaper, ...] = ()
    expired: tuple[KhoPaper, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {"component_id": self.component_id, "code": self.code, "name": self.name,
                "papers": [p.as_dict() for p in self.papers], "expired": [p.as_dict() for p in self.expired]}


def per_component(components: Sequence[Mapping[str, Any]], papers: Sequence[KhoPaper],
                  today: date | None = None) -> list[ComponentPapers]:
    """Each component (a mapping with ``code``, ``name`` and maybe ``id``) with the papers that match it."""
    day = today or datetime.now(VN_TZ).date()  # the station's day, whatever the machine's zone
    found = []
    for comp in components:
        mine = [p for p in papers if matches(comp, p)]
        found.append(ComponentPapers(str(comp.get("code") or ""), str(comp.get("name") or ""), comp.get("id"),
                                     tuple(p for p in mine if p.valid_on(day)),
                                     tuple(p for p in mine if not p.valid_on(day))))
    return found
