"""A station that is killed (a crash, the task manager, a power button held down on a frozen desktop) takes its child
processes with it: the page workers (hundreds of MiB each, with their Tesseract engines) and the reference receiver
the demo starts, with the fork server that forked it. Without that they outlive it, held by init, until logout."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.core.processes import process_start

ROOT = Path(__file__).resolve().parent.parent

OWNER = """
import json, multiprocessing, sys, time
import multiprocessing.forkserver as forkserver
from pathlib import Path
from app.imaging.workers import WorkerPool
from app.receiver.server import start_receiver_process

if __name__ == "__main__":
    pool = WorkerPool(workers=2, ocr=False)
    pool.warm_up()
    url, stop = start_receiver_process(Path(sys.argv[1]))
    children = [p.pid for p in multiprocessing.active_children()]
    print(json.dumps({"workers": pool.pids(), "children": children,
                      "forkserver": forkserver._forkserver._forkserver_pid}), flush=True)
    time.sleep(300)
"""


def test_a_killed_station_leaves_no_worker_receiver_or_fork_server_behind(tmp_path: Path) -> None:
    script = tmp_path / "owner.py"
    script.write_text(OWNER, encoding="utf-8")
    owner = subprocess.Popen([sys.executable, str(script), str(tmp_path / "receiver")], cwd=ROOT,
                             env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, stdout=subprocess.PIPE, text=True)
    try:
        assert owner.stdout is not None
        started = json.loads(owner.stdout.readline())
        pids = set(started["workers"]) | set(started["children"]) | {started["forkserver"]}
        assert len(started["workers"]) == 2 and len(pids) == 4  # two workers, the receiver, its fork server
        assert all(process_start(pid) is not None for pid in pids)
    finally:
        owner.kill()  # SIGKILL: nothing of the owner's own runs on the way out
        owner.wait(10)

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(process_start(pid) is not None for pid in pids):
        time.sleep(0.2)
    left = [pid for pid in pids if process_start(pid) is not None]
    for pid in left:  # not to leave them to the rest of the run
        os.kill(pid, signal.SIGKILL)
    assert left == []
