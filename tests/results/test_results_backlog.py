"""The headless backlog batch: a run killed with SIGKILL mid-way resumes from what it left (documents already built
are not built again) and ends with the same documents as an uninterrupted run; the separators are in none."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.results.separator import Separator
from tests.conftest import ROOT
from tests.results.stack import write_stack


@pytest.mark.slow
def test_a_killed_batch_resumes(tmp_path: Path) -> None:
    stack = write_stack(tmp_path / "run", [1, Separator(), "blank", 2, ("rot180", Separator("KQ.G15.000034")), 1],
                        seed=5)
    out = tmp_path / "batch"
    command = [sys.executable, "-m", "cli", "results", "backlog", "--device", f"file:{stack.folder}", "--out",
               str(out), "--dpi", "150", "--json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while not (out / "documents" / "001.json").exists() and first.poll() is None:
            assert time.monotonic() < deadline, "the batch built nothing"
            time.sleep(0.2)
        first.send_signal(signal.SIGKILL)
    finally:
        first.wait(30)
    built = (out / "documents" / "001.pdf").stat().st_mtime_ns
    assert first.returncode == -signal.SIGKILL
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["done"] and report["resumed"] >= 1
    assert [d["pages"] for d in report["documents"]] == [[1], [4, 5], [7]]
    assert report["documents"][2]["separator"]["result_type"] == "KQ.G15.000034"
    assert (out / "documents" / "001.pdf").stat().st_mtime_ns == built  # not built again
    assert [d["metadata"]["so_ky_hieu"] for d in report["documents"]] == [d.so_ky_hieu for d in stack.decisions]
    assert json.loads((out / "batch.json").read_text())["status"] == "done"
    again = json.loads(subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                                      timeout=300).stdout)
    assert again["resumed"] == 3 and again["pages"] == 7  # a finished batch scans nothing twice
    review = subprocess.run([sys.executable, "-m", "cli", "results", "review", str(out), "--confirm", "3", "--nguoi-ky",
                             "Nguyễn Văn Hưng", "--vinh-vien", "--json"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert review.returncode == 0, review.stderr
    confirmed = json.loads(review.stdout)
    assert confirmed["state"] == "confirmed" and confirmed["metadata"]["nguoi_ky"] == "Nguyễn Văn Hưng"
    assert confirmed["result_type"] == "KQ.G15.000034"  # from its separator sheet
