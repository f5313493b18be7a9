"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 dropped one reference to ``True``/``False`` on
each bool a signal carried and to ``None`` on calls such as ``setEnabled``, so a day at the counter (or a long test
run) ended in "Fatal Python error: bool_dealloc". Run in a child process: a broken binding aborts it."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton

app = QApplication([])


class Source(QObject):
    flag = Signal(bool)
    anything = Signal(object)


source, button, box = Source(), QPushButton(), QCheckBox()
source.flag.connect(lambda value: None)
source.anything.connect(lambda value: None)
button.clicked.connect(lambda checked: None)
box.toggled.connect(lambda checked: None)
before = sys.getrefcount(True) + sys.getrefcount(False), sys.getrefcount(None)
for n in range(20000):
    value = n % 2 == 0
    source.flag.emit(value)
    source.anything.emit(value)
    button.click()
    box.setChecked(value)
    button.setEnabled(True)
after = sys.getrefcount(True) + sys.getrefcount(False), sys.getrefcount(None)
print(after[0] - before[0], after[1] - before[1])
"""


def test_signals_and_calls_leave_the_reference_counts_of_true_false_and_none_alone() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    bools, none = (int(x) for x in result.stdout.split())
    assert abs(bools) < 100 and abs(none) < 100, f"reference counts drifted: bools {bools}, None {none}"
