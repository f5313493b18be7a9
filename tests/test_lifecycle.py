"""The lifecycle of dossiers and components: moves the store refuses, and the core's answers to "can I scan, sign,
finish now" that the window shows (it holds no state names of its own)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.core.storage import Store
from app.counter.service import CounterService, NotReady
from app.dossiers import lifecycle
from app.dossiers.lifecycle import ComponentStatus, DossierStatus, LifecycleError
from app.dossiers.model import NewDossier
from app.dossiers.store import DossierStore
from app.outbox.model import State
from tests.counter_fixtures import APPLICANT, PROCEDURE

ROOT = Path(__file__).resolve().parent.parent
OPEN = {"code": "C-1", "status": DossierStatus.DRAFT, "finished_at": None}


def comp(status: ComponentStatus, *, must: bool = True, exempt: str | None = None, id: int = 1) -> dict[str, object]:
    return {"id": id, "name": f"Thành phần {id}", "status": status, "must_digitize": must, "exempt_reason": exempt}


def test_the_store_refuses_a_move_the_lifecycle_does_not_allow(isolated_station: Path) -> None:
    dossiers = DossierStore(Store(isolated_station))
    dossier = dossiers.create("C-1", NewDossier(PROCEDURE, "Nguyễn Văn A"))
    component = dossiers.add_component(dossier, "Tờ khai", must_digitize=True)
    with pytest.raises(LifecycleError):
        dossiers.update_component(component, status=ComponentStatus.SIGNED)  # never scanned, checked or built
    assert dossiers.component(component)["status"] == ComponentStatus.EMPTY
    dossiers.begin_scan(component)
    dossiers.end_scan(component)
    assert dossiers.component(component)["status"] == ComponentStatus.EMPTY  # a scan that kept no page
    dossiers.set_status(dossier, DossierStatus.QUEUED, finished_at="2026-11-29T10:00:00+07:00")
    with pytest.raises(LifecycleError):
        dossiers.set_status(dossier, DossierStatus.DRAFT)  # a finished dossier does not reopen
    exempt = dossiers.add_component(dossier, "Bản chính hộ chiếu", exempt_reason="show_only")
    with pytest.raises(LifecycleError):
        dossiers.update_component(exempt, status=ComponentStatus.SCANNING)


def test_every_state_has_its_moves_listed() -> None:
    assert set(lifecycle.COMPONENT_TRANSITIONS) == set(ComponentStatus)
    assert set(lifecycle.DOSSIER_TRANSITIONS) == set(DossierStatus)
    assert lifecycle.component_move(ComponentStatus.SIGNED, ComponentStatus.SCANNED) is ComponentStatus.SCANNED


def test_sign_answers_say_why_not() -> None:
    assert lifecycle.can_sign(comp(ComponentStatus.CHECKED), blocking=False)
    assert lifecycle.can_sign(comp(ComponentStatus.BUILT), blocking=False)  # after a wrong PIN
    assert lifecycle.can_sign(comp(ComponentStatus.CHECKED), blocking=True).reason == "blocking"
    assert lifecycle.can_sign(comp(ComponentStatus.SCANNED), blocking=False).reason == "not_checked"
    assert lifecycle.can_sign(comp(ComponentStatus.EXEMPT, exempt="secret"), blocking=False).reason == "exempt"
    no = lifecycle.can_sign(comp(ComponentStatus.SIGNED), blocking=False)
    assert not no and no.message("vi") and no.message("en") and no.message("vi") != no.message("en")


def test_finish_answers() -> None:
    signed, optional = comp(ComponentStatus.SIGNED, id=1), comp(ComponentStatus.EMPTY, must=False, id=2)
    assert lifecycle.can_finish(OPEN, [signed])
    assert lifecycle.can_finish(OPEN, [signed, optional]).needs_reason  # submitted, never scanned: F10 asks why
    assert lifecycle.can_finish(OPEN, [signed, optional], paper_only_reason="máy quét hỏng")
    assert lifecycle.can_finish(OPEN, [optional]).reason == "paper_only"  # nothing scanned: never finished silently
    assert lifecycle.can_finish(OPEN, [comp(ComponentStatus.EMPTY, id=1)]).reason == "not_signed"
    assert not lifecycle.can_finish(OPEN, [comp(ComponentStatus.EMPTY, id=1)]).needs_reason  # a reason cannot help
    assert lifecycle.can_finish(OPEN, [signed, optional], with_pages={2}).reason == "not_signed"  # scanned, unsigned
    assert lifecycle.can_finish(OPEN, [signed], blocking={1}).reason == "blocking"
    assert lifecycle.can_finish(OPEN, [signed], scanning=True).reason == "scanning"
    done = {**OPEN, "status": DossierStatus.QUEUED, "finished_at": "2026-11-29T10:00:00+07:00"}
    assert lifecycle.can_finish(done, [signed]).reason == "finished"
    assert lifecycle.can_scan(comp(ComponentStatus.SCANNED), done).reason == "finished"
    assert lifecycle.can_scan(comp(ComponentStatus.SCANNED), OPEN, scanning=True).reason == "scanning"


def test_the_service_refuses_to_finish_with_the_cores_reason(counter: CounterService) -> None:
    dossier = counter.new_dossier(PROCEDURE, APPLICANT, [])
    component = counter.add_component(dossier, "Tờ khai", must_digitize=True, declared_pages=1)
    verdict = counter.can_finish(dossier)
    assert verdict.reason == "not_signed" and not counter.can_sign(component)
    with pytest.raises(NotReady) as refused:
        counter.finish(dossier)
    assert refused.value.user_message("vi").startswith(verdict.message_vi)
    assert counter.dossier(dossier)["status"] == DossierStatus.DRAFT


def test_ui_holds_no_lifecycle_state_names() -> None:
    """The window shows the core's answers and labels the core's enums: no dossier, component or outbox state
    string appears in ui/."""
    names = {s.value for s in [*ComponentStatus, *DossierStatus, *State]}
    found = [f"{file.name}:{node.lineno} {node.value!r}" for file in sorted((ROOT / "ui").rglob("*.py"))
             for node in ast.walk(ast.parse(file.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and node.value in names]
    assert found == []
    assert "signed" in names and "needs_attention" in names  # the walker looks for the right words


def test_a_refused_dossier_takes_no_result_and_says_it_was_refused() -> None:
    refused = {**OPEN, "status": DossierStatus.REFUSED}
    assert lifecycle.can_add_result(refused).reason == "refused"
    assert "từ chối" in lifecycle.can_add_result(refused).message_vi
    assert lifecycle.can_add_result(OPEN).reason == "not_received"  # still at the counter
    assert lifecycle.can_add_result({**OPEN, "status": DossierStatus.QUEUED})
