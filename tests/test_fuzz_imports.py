"""Fuzzed imports (issue 18): 150 mutated images, TIFFs, PDFs and manifests through ``sohoa scan`` and ``sohoa check``,
in a child process whose address space is capped at 1.5 GB. Every input is either taken (exit 0/1) or refused with a
sentence (exit 2) leaving nothing behind; none raises a traceback, hangs, or reaches the memory cap."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

MEMORY_CAP = 1536 * 1024 * 1024
COUNT = 150
SEED = 18


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def test_fuzzed_imports_are_taken_or_refused_cleanly(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "fuzz_imports.py"), str(tmp_path), str(COUNT),
                           str(SEED)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=600,
                          preexec_fn=_cap_memory)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["count"] == COUNT
    assert report["failures"] == [], json.dumps(report["failures"][:5], ensure_ascii=False, indent=1)
    assert report["codes"].get("2", 0) >= COUNT // 3, report["codes"]  # the mutator does break most inputs
