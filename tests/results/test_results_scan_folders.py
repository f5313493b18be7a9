"""Scan folders a crash left under ``results-scans/`` go at the next scan and at the counter's start-up; the folder
of a process still running — this one, or another station process scanning now — is never removed, and a process
id used again by a later process does not keep a dead scan's folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.config import load_settings
from app.core.processes import process_start, running, this_process
from app.core.storage import Store
from app.counter.service import CounterService
from app.results.scan import SCANS, clean_scan_folders, scan_folder, scan_result
from scanner import ScanOptions
from scanner.errors import DeviceError
from tests.conftest import ROOT

HOLDER = ("import sys\n"
          "from app.core.config import load_settings\n"
          "from app.core.storage import Store\n"
          "from app.results.scan import scan_folder\n"
          "folder = scan_folder(Store(load_settings().data_path))\n"
          "(folder / 'page-0001.png').write_bytes(b'page')\n"
          "print(folder, flush=True)\n"
          "sys.stdin.read()\n")


def holder() -> tuple[subprocess.Popen[str], Path]:
    """Another station process in the middle of a result's scan: its folder made, waiting on its stdin."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    assert line, "the holder made no folder"
    return process, Path(line)


def test_process_identity() -> None:
    pid, start = this_process()
    assert running(pid, start) and process_start(pid) is not None
    if start:  # where the start can be read, the same id with another start is another process
        assert not running(pid, start + 1)


def test_folders_of_stopped_processes_go_and_those_in_use_stay(isolated_station: Path, tmp_path: Path) -> None:
    store = Store(load_settings().data_path)
    mine = scan_folder(store)  # this process, scanning now
    (mine / "page-0001.png").write_bytes(b"page")
    parent = store.path(SCANS)
    pid, start = this_process()
    older = parent / "20260101T000000-k2j4h1"  # named by an older station: nobody owns it
    older.mkdir()
    live, live_folder = holder()
    killed, killed_folder = holder()
    try:
        killed.kill()  # a crash in the middle of the scan
        killed.wait()
        assert killed_folder.is_dir()
        removed = clean_scan_folders(store)
        assert sorted(removed) == sorted([older, killed_folder])
        assert mine.is_dir() and (live_folder / "page-0001.png").is_file()  # in use: kept, whole
        assert clean_scan_folders(store) == []
        if start:
            reused = parent / f"20260101T000001-p{pid}s{start + 1}-x1"  # this id, but an earlier process
            reused.mkdir()
            assert clean_scan_folders(store) == [reused]
    finally:
        assert live.stdin is not None
        live.stdin.close()
        live.wait()
    # the holder has stopped: the next scan removes its folder before making its own (nothing else is kept)
    (tmp_path / "empty").mkdir()
    with pytest.raises(DeviceError):
        scan_result(store, load_settings(), f"sim:{tmp_path / 'empty'}", ScanOptions(dpi=100))
    assert sorted(parent.iterdir()) == [mine]
    store.close()


@pytest.mark.slow
def test_the_counter_start_up_removes_what_a_crash_left(isolated_station: Path) -> None:
    settings = load_settings()
    service = CounterService(settings)
    try:
        mine = scan_folder(service.store)
        stale = service.store.path(SCANS) / "20250505T101010-p999999999s1-abc"  # no such process
        stale.mkdir()
        (stale / "ket-qua.pdf").write_bytes(b"%PDF-1.7")
        service.start_up(with_sane=False, start_receiver=False)
        assert not stale.exists() and mine.is_dir()
    finally:
        service.close()
