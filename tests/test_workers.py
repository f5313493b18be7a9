"""The station's page workers: one pool for the session, shared by scans and checks, replaced when a worker dies
without losing its page, and gone (every process) when the service closes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.errors import BadInputError
from app.counter.service import CounterService
from app.imaging.workers import WorkerCrashed, WorkerPool
from scanner import ScanOptions
from tests.counter_fixtures import new_dossier_with_component


def die_once(marker: str, value: int) -> int:
    """A page that kills its worker the first time it is processed (as the OOM killer would), not the second."""
    if not os.path.exists(marker):
        Path(marker).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return value


def die_always(value: int) -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return value


def slow_echo(value: int) -> int:
    time.sleep(0.3)
    return value


def alive(pid: int) -> bool:
    """A process with this id exists and is not a zombie (Linux)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_killed_worker_does_not_lose_its_page_nor_the_others(tmp_path: Path) -> None:
    with WorkerPool(workers=2, ocr=False) as pool:
        pool.warm_up()
        before = pool.pids()
        futures = [pool.submit(slow_echo, n) for n in range(3)]
        futures.append(pool.submit(die_once, str(tmp_path / "died"), 99))
        futures += [pool.submit(slow_echo, n) for n in range(3, 6)]
        assert [f.result(timeout=120) for f in futures] == [0, 1, 2, 99, 3, 4, 5]
        assert pool.renewals == 1 and (tmp_path / "died").exists()
        after = pool.pids()
        assert after and not set(after) & set(before)
        assert not any(alive(pid) for pid in before)
        assert pool.submit(slow_echo, 7).result(timeout=60) == 7


def test_a_page_that_kills_its_worker_twice_ends_in_a_clear_error() -> None:
    with WorkerPool(workers=1, ocr=False) as pool:
        future = pool.submit(die_always, 1)
        with pytest.raises(WorkerCrashed) as err:
            future.result(timeout=120)
        assert "hai lần" in err.value.user_message("vi") and "twice" in err.value.user_message("en")
        assert pool.renewals == 2
        assert pool.submit(slow_echo, 3).result(timeout=60) == 3  # the station carries on


def test_a_worker_killed_while_idle_is_replaced_on_the_next_page() -> None:
    with WorkerPool(workers=1, ocr=False) as pool:
        pool.warm_up()
        (pid,) = pool.pids()
        os.kill(pid, signal.SIGKILL)
        while alive(pid):
            time.sleep(0.05)
        assert pool.submit(slow_echo, 5).result(timeout=60) == 5
        assert pool.pids() and pool.pids() != [pid]


def test_a_cancelled_page_waiting_for_a_worker_never_runs(tmp_path: Path) -> None:
    with WorkerPool(workers=1, ocr=False) as pool:
        # the executor hands a worker's next task over early (its queue holds one more than it has workers), and a
        # task handed over runs: three busy tasks keep the fourth waiting, whichever thread runs first
        busy = [pool.submit(slow_echo, value) for value in (1, 4, 5)]
        waiting = pool.submit(die_once, str(tmp_path / "ran"), 2)
        assert waiting.cancel() and waiting.cancelled()
        assert [task.result(timeout=60) for task in busy] == [1, 4, 5]
        assert pool.submit(slow_echo, 3).result(timeout=60) == 3
        assert not (tmp_path / "ran").exists() and pool.renewals == 0


@pytest.mark.slow
def test_one_pool_serves_the_sessions_scans_and_checks_and_closing_ends_it(
        counter: CounterService, fast_feeder: Path) -> None:
    _, comp = new_dossier_with_component(counter, declared=2)
    counter.scan_component(comp, f"sim:{fast_feeder}", ScanOptions(dpi=100, max_pages=2))
    pool = counter.checks.workers()
    pids = pool.pids()
    assert len(pids) == pool.workers and all(alive(pid) for pid in pids)
    counter.run_checks(comp)  # gathers what the scan checked
    counter.rotate_page(counter.dossiers.pages(comp)[0].id, 180)
    counter.run_checks(comp)  # F6 after a change: the turned page is processed again, on the same workers
    _, second = new_dossier_with_component(counter, declared=2)
    counter.scan_component(second, f"sim:{fast_feeder}", ScanOptions(dpi=100, max_pages=2))  # the next capture
    counter.run_checks(second)
    assert counter.checks.workers() is pool and pool.pids() == pids and pool.renewals == 0

    counter.close()
    assert not any(alive(pid) for pid in pids)
    assert not {p.pid for p in multiprocessing.active_children()} & set(pids)


@pytest.mark.slow
def test_a_worker_killed_between_checks_loses_no_page(counter: CounterService, fast_feeder: Path) -> None:
    counter.settings.checks.while_scanning = False
    _, comp = new_dossier_with_component(counter, declared=4)
    counter.scan_component(comp, f"sim:{fast_feeder}", ScanOptions(dpi=100, max_pages=4))
    pool = counter.checks.workers()
    pool.warm_up()
    os.kill(pool.pids()[0], signal.SIGKILL)
    counter.run_checks(comp)
    pages = counter.dossiers.pages(comp)
    assert all(counter.page_pdf_path(p).is_file() for p in pages)
    assert counter.checks.workers() is pool and pool.renewals == 1


def wait_until(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_idle_workers_rest_and_give_their_memory_back_then_start_again() -> None:
    with WorkerPool(workers=2, ocr=False, idle_seconds=0.5) as pool:
        pool.warm_up()
        first = pool.pids()
        busy = pool.submit(time.sleep, 2.0)
        time.sleep(1.0)  # longer than idle_seconds while a page runs: no rest while there is work
        assert not busy.done() and pool.rests == 0 and pool.pids() == first
        busy.result(timeout=60)
        assert wait_until(lambda: pool.rests == 1)
        assert wait_until(lambda: not any(alive(pid) for pid in first))
        assert pool.pids() == []
        assert pool.submit(slow_echo, 2).result(timeout=60) == 2  # the next page starts them again
        again = pool.pids()
        assert again and not set(again) & set(first)


def test_workers_without_an_idle_limit_stay_for_the_session() -> None:
    with WorkerPool(workers=1, ocr=False) as pool:
        assert pool.submit(slow_echo, 1).result(timeout=60) == 1
        pids = pool.pids()
        time.sleep(1.0)
        assert pool.pids() == pids and pool.rests == 0


def test_the_idle_minutes_setting_is_checked(counter: CounterService) -> None:
    counter.settings.ocr.idle_minutes = -5
    with pytest.raises(BadInputError) as raised:
        counter.checks.workers()
    assert "idle_minutes" in raised.value.message_vi
    counter.settings.ocr.idle_minutes = 0
    assert counter.checks.workers().idle_seconds is None


def test_a_result_scanned_at_the_counter_runs_on_the_sessions_workers(
        counter: CounterService, fast_feeder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.capture.pipeline as pipeline

    pool = counter.checks.workers()
    pool.warm_up()
    pids = pool.pids()
    started: list[object] = []
    monkeypatch.setattr(pipeline, "WorkerPool", lambda *args, **kwargs: started.append(args))  # a pool of its own
    scanned = counter.results.scan(f"sim:{fast_feeder}", ScanOptions(dpi=100, max_pages=2))
    try:
        assert scanned.pages == 2 and scanned.pdf.is_file()
        assert started == []  # no workers of the scan's own: ~1.5 s each to start, and their memory beside these
        assert counter.checks.workers() is pool and pool.pids() == pids
    finally:
        scanned.discard()
