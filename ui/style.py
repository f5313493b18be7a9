"""The station's look: a sober office palette (navy header, white work areas, red only for what blocks)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy

NAVY = "#0d3b66"
NAVY_DARK = "#082a4a"
RED = "#b3261e"
AMBER = "#a15c00"
GREEN = "#1b6e3a"
GREY_BG = "#f3f5f8"
BORDER = "#c9d2de"

STYLESHEET = f"""
QMainWindow, QDialog {{ background: {GREY_BG}; }}
QWidget {{ font-size: 10pt; }}
#Banner {{ background: {NAVY}; }}
#Banner QLabel {{ color: white; }}
#BannerTitle {{ font-size: 13pt; font-weight: 600; }}
#BannerSub {{ color: #d6e2f0; font-size: 9pt; }}
#Emblem {{ background: {RED}; color: #ffd54a; border-radius: 18px; font-weight: 700; font-size: 14pt; }}
#PageTitle {{ font-size: 13pt; font-weight: 600; color: {NAVY_DARK}; }}
#Hint {{ color: #5a6675; }}
#Timer {{ font-size: 12pt; font-weight: 600; color: {NAVY}; padding: 2px 10px; border: 1px solid {BORDER};
          border-radius: 4px; background: white; }}
#Timer[over="true"] {{ color: {RED}; border-color: {RED}; }}
QGroupBox {{ background: white; border: 1px solid {BORDER}; border-radius: 6px; margin-top: 14px; padding: 8px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: {NAVY_DARK}; font-weight: 600; }}
QPushButton {{ background: white; border: 1px solid {BORDER}; border-radius: 4px; padding: 5px 12px; }}
QPushButton:hover {{ border-color: {NAVY}; }}
QPushButton:focus {{ border: 2px solid {NAVY}; }}
QPushButton:disabled {{ color: #9aa5b1; background: #eef1f5; }}
QPushButton#Primary {{ background: {NAVY}; color: white; border-color: {NAVY_DARK}; font-weight: 600; }}
QPushButton#Primary:hover {{ background: {NAVY_DARK}; }}
QPushButton#Primary:disabled {{ background: #d3dae3; color: #7d8896; border-color: {BORDER}; }}
QPushButton#Danger {{ color: {RED}; }}
QPushButton#Danger:disabled {{ color: #9aa5b1; }}
QTableView, QListWidget, QTreeWidget {{ background: white; border: 1px solid {BORDER}; border-radius: 4px;
    selection-background-color: #d5e3f3; selection-color: black; alternate-background-color: #f7f9fc; }}
QHeaderView::section {{ background: #e6ecf3; border: none; border-right: 1px solid {BORDER};
    padding: 5px; font-weight: 600; color: {NAVY_DARK}; }}
QLineEdit, QComboBox, QSpinBox, QPlainTextEdit {{ background: white; border: 1px solid {BORDER}; border-radius: 4px;
    padding: 4px; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus {{ border: 2px solid {NAVY}; }}
QLineEdit[invalid="true"] {{ border: 2px solid {RED}; }}
QProgressBar {{ border: 1px solid {BORDER}; border-radius: 4px; background: white; text-align: center; height: 16px;
    color: {NAVY_DARK}; }}
QProgressBar::chunk {{ background: #a9c4e4; }}  /* light: the count drawn over it stays readable */
QStatusBar {{ background: #e6ecf3; border-top: 1px solid {BORDER}; }}
QStatusBar QLabel {{ padding: 0 8px; }}
#Chip {{ border-radius: 9px; padding: 1px 9px; color: white; font-weight: 600; }}
#Chip[state="online"] {{ background: {GREEN}; }}
#Chip[state="offline"] {{ background: {RED}; }}
#Chip[state="unknown"] {{ background: #6b7785; }}
QToolBar {{ background: white; border-bottom: 1px solid {BORDER}; spacing: 4px; padding: 3px; }}
QToolButton {{ padding: 4px 8px; border-radius: 4px; }}
QToolButton:hover {{ background: #e6ecf3; }}
QTabWidget::pane {{ border: 1px solid {BORDER}; background: white; }}
"""


def hint_label(name: str = "Hint") -> QLabel:
    """A line of guidance that wraps rather than widening its window: a long sentence (a component's full name, a
    procedure's) in a label that does not wrap made the window wider than a 1366-pixel screen."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class StatusLine(QLabel):
    """The status line: a long message is cut at the window's edge rather than widening the window past the screen,
    and its tooltip holds it whole."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)
