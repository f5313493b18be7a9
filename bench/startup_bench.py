"""Cold start of the counter window against a bare PySide6 QLabel window started the same way (a new Python process
each run, same interpreter, same Qt platform): time to the first paint, to today's list filled, and to the station
ready (the counter service loaded). Median of three runs each, on a station with today's dossiers.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/startup_bench.py [--runs 3]   (or under xvfb-run -a)
Prints the figures and the machine (cores, load average); docs/performance.md keeps the last ones recorded."""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE = """
import json, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
label = QLabel("SoHoa bare")
label.setWindowTitle("SoHoa bare")
marks = {}
class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "paint" not in marks:
            marks["paint"] = time.time()
            QTimer.singleShot(0, app.quit)
        return False
probe = Probe()
app.installEventFilter(probe)
label.resize(1366, 700)
label.show()
app.exec()
open(sys.argv[1], "w").write(json.dumps(marks))
"""


def seed_station(folder: Path, dossiers: int) -> dict[str, str]:
    """A data folder with ``dossiers`` received today, and the environment that points the window at it."""
    env = dict(os.environ, SOHOA_DATA_DIR=str(folder / "data"), SOHOA_CONFIG=str(folder / "settings.toml"),
               SANE_CONFIG_DIR=str(folder / "sane"), PYTHONPATH=os.pathsep.join(filter(None, [
                   str(ROOT), os.environ.get("PYTHONPATH", "")])))
    (folder / "sane").mkdir(parents=True, exist_ok=True)
    (folder / "sane" / "dll.conf").write_text("test\n")
    code = f"""
from app.core.config import load_settings
from app.counter.service import CounterService
from app.counter.station import load_sample_catalog
from app.dossiers.model import Applicant
service = CounterService(load_settings())
load_sample_catalog(service.store)
for n in range({dossiers}):
    service.new_dossier("1.008001", Applicant(f"Nguyễn Văn {{n}}", "001090012345", "0912345678", "Hà Nội"), [])
service.close()
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, timeout=300)
    return env


def one_run(command: list[str], env: dict[str, str], out: Path) -> dict[str, float]:
    out.unlink(missing_ok=True)
    started = time.time()
    subprocess.run(command, env={**env, "SOHOA_STARTUP_PROBE": str(out)}, check=True, capture_output=True,
                   timeout=300)
    marks: dict[str, float] = json.loads(out.read_text())
    return {name: at - started for name, at in marks.items()}


def median_of(runs: list[dict[str, float]], name: str) -> float | None:
    values = [r[name] for r in runs if name in r]
    return round(statistics.median(values), 2) if values else None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dossiers", type=int, default=12)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
    with tempfile.TemporaryDirectory(prefix="sohoa-startup-") as tmp:
        folder = Path(tmp)
        env = seed_station(folder, args.dossiers)
        (folder / "bare.py").write_text(BARE)
        bare, window = [], []
        for _ in range(args.runs):  # interleaved, so a change in the machine's load hits both alike
            bare.append(one_run([sys.executable, str(folder / "bare.py"), str(folder / "bare.json")], env,
                                folder / "bare.json"))
            window.append(one_run([sys.executable, "-m", "ui.main", "--no-sane"], env, folder / "window.json"))
    figures = {
        "bare_first_paint_s": median_of(bare, "paint"),
        "window_first_paint_s": median_of(window, "paint"),
        "list_filled_s": median_of(window, "list"),
        "station_ready_s": median_of(window, "ready"),
        "runs": args.runs,
        "platform": os.environ["QT_QPA_PLATFORM"],
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_1min": round(os.getloadavg()[0], 2),
        "all_runs": {"bare": bare, "window": window},
    }
    bare_paint, paint = figures["bare_first_paint_s"], figures["window_first_paint_s"]
    if isinstance(bare_paint, float) and isinstance(paint, float) and bare_paint:
        figures["window_vs_bare"] = round(paint / bare_paint, 2)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
